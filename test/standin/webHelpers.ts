/**
 * Helpers for the stand-in page tests: a Server-Sent Events reader over node:http, an
 * EventSource look-alike built on it, and a very small DOM (enough for the page's code, which
 * only uses createElement / createTextNode / attributes / listeners / a few properties). The
 * fake DOM throws on innerHTML, so a test fails if the page ever parses HTML.
 */
import { type ClientRequest, request } from 'node:http';

// ------------------------------------------------------------------ SSE

export interface SseEvent {
  event: string;
  data: string;
}

/** Reads an event stream; `next(pred)` resolves with the first (past or future) matching event. */
export function openSse(url: string): {
  events: SseEvent[];
  opened: Promise<number>;
  next: (pred: (e: SseEvent) => boolean, what?: string) => Promise<SseEvent>;
  close: () => void;
} {
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  let buffer = '';
  let resolveOpen!: (status: number) => void;
  let rejectOpen!: (e: Error) => void;
  const opened = new Promise<number>((res, rej) => {
    resolveOpen = res;
    rejectOpen = rej;
  });
  const req: ClientRequest = request(url, { headers: { accept: 'text/event-stream' } }, (res) => {
    resolveOpen(res.statusCode ?? 0);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const raw = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        let event = 'message';
        const data: string[] = [];
        for (const line of raw.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
        }
        if (data.length === 0) continue;
        const e = { event, data: data.join('\n') };
        events.push(e);
        for (const w of [...waiters]) {
          if (w.pred(e)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(e);
          }
        }
      }
    });
  });
  req.on('error', (e) => rejectOpen(e));
  req.end();
  return {
    events,
    opened,
    next(pred) {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    close: () => req.destroy(),
  };
}

type Listener = (e: { data: string; type: string }) => void;

/** Enough of the browser's EventSource for the page. */
export class NodeEventSource {
  readyState = 0;
  private readonly listeners = new Map<string, Listener[]>();
  private readonly sse: ReturnType<typeof openSse>;
  private seen = 0;

  constructor(url: string | URL) {
    this.sse = openSse(String(url));
    this.sse.opened.then(
      () => {
        this.readyState = 1;
      },
      () => {
        this.readyState = 2;
        this.fire('error', '');
      },
    );
    // openSse keeps every event; hand each on once, in order.
    const pump = (): void => {
      this.sse
        .next((e) => this.sse.events.indexOf(e) >= this.seen)
        .then((e) => {
          this.seen = this.sse.events.indexOf(e) + 1;
          if (this.readyState === 2) return;
          this.fire(e.event, e.data);
          pump();
        });
    };
    pump();
  }

  addEventListener(type: string, fn: Listener): void {
    const list = this.listeners.get(type) ?? [];
    list.push(fn);
    this.listeners.set(type, list);
  }

  close(): void {
    this.readyState = 2;
    this.sse.close();
  }

  private fire(type: string, data: string): void {
    for (const fn of this.listeners.get(type) ?? []) fn({ type, data });
  }
}

// ------------------------------------------------------------------ a small DOM

export interface FakeEvent {
  type: string;
  target: FakeElement;
  key?: string;
  shiftKey?: boolean;
  isComposing?: boolean;
  defaultPrevented: boolean;
  preventDefault: () => void;
}

type FakeListener = (e: FakeEvent) => unknown;

export class FakeText {
  parentNode: FakeElement | null = null;
  constructor(public data: string) {}
  get textContent(): string {
    return this.data;
  }
  remove(): void {
    this.parentNode?.removeChild(this);
  }
}

export type FakeChild = FakeElement | FakeText;

export class FakeElement {
  parentNode: FakeElement | null = null;
  readonly childNodes: FakeChild[] = [];
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, FakeListener[]>();
  readonly style: Record<string, string> = {};
  checked = false;
  disabled = false;
  readOnly = false;
  selected = false;
  hidden = false;
  scrollTop = 0;
  scrollHeight = 0;
  clientHeight = 0;
  private ownValue = '';

  constructor(
    readonly doc: FakeDocument,
    readonly tagName: string,
  ) {}

  get value(): string {
    if (this.tagName === 'SELECT') {
      const opts = this.options();
      return (opts.find((o) => o.selected) ?? opts[0])?.value ?? '';
    }
    return this.ownValue;
  }

  set value(v: string) {
    if (this.tagName === 'SELECT') {
      for (const o of this.options()) o.selected = o.value === String(v);
      return;
    }
    this.ownValue = String(v);
  }

  get selectedOptions(): FakeElement[] {
    return this.options().filter((o) => o.selected);
  }

  options(): FakeElement[] {
    return findAll(this, (e) => e.tagName === 'OPTION');
  }

  get children(): FakeElement[] {
    return this.childNodes.filter((c): c is FakeElement => c instanceof FakeElement);
  }

  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }

  set textContent(v: string) {
    this.replaceChildren(new FakeText(String(v)));
  }

  get innerHTML(): string {
    throw new Error('the page must not use innerHTML');
  }

  set innerHTML(_v: string) {
    throw new Error('the page must not use innerHTML');
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  hasAttribute(name: string): boolean {
    return this.attributes.has(name);
  }

  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }

  appendChild<T extends FakeChild>(c: T): T {
    if (!(c instanceof FakeElement) && !(c instanceof FakeText)) {
      throw new Error(`appendChild of a non-node: ${String(c)}`);
    }
    c.parentNode?.removeChild(c);
    c.parentNode = this;
    this.childNodes.push(c);
    return c;
  }

  append(...nodes: (FakeChild | string)[]): void {
    for (const n of nodes) this.appendChild(typeof n === 'string' ? new FakeText(n) : n);
  }

  removeChild(c: FakeChild): void {
    const i = this.childNodes.indexOf(c);
    if (i >= 0) this.childNodes.splice(i, 1);
    c.parentNode = null;
  }

  replaceChildren(...nodes: (FakeChild | string)[]): void {
    for (const c of [...this.childNodes]) this.removeChild(c);
    this.append(...nodes);
  }

  remove(): void {
    this.parentNode?.removeChild(this);
  }

  focus(): void {
    this.doc.activeElement = this;
  }

  addEventListener(type: string, fn: FakeListener): void {
    const list = this.listeners.get(type) ?? [];
    list.push(fn);
    this.listeners.set(type, list);
  }

  removeEventListener(type: string, fn: FakeListener): void {
    const list = this.listeners.get(type) ?? [];
    this.listeners.set(
      type,
      list.filter((f) => f !== fn),
    );
  }

  /** Fires `type` on this element (no bubbling); returns what the listeners returned. */
  dispatch(type: string, init: Partial<FakeEvent> = {}): unknown[] {
    const e: FakeEvent = {
      type,
      target: this,
      defaultPrevented: false,
      preventDefault() {
        e.defaultPrevented = true;
      },
      ...init,
    };
    return (this.listeners.get(type) ?? []).map((fn) => fn(e));
  }

  /** A click: disabled elements ignore it, like in a browser. */
  click(): unknown[] {
    if (this.disabled) throw new Error(`clicked a disabled ${this.tagName}`);
    return this.dispatch('click');
  }

  attr(name: string): string | null {
    return this.getAttribute(name);
  }
}

export class FakeDocument {
  activeElement: FakeElement | null = null;
  readonly body: FakeElement;
  readonly listeners = new Map<string, FakeListener[]>();

  constructor() {
    this.body = new FakeElement(this, 'BODY');
  }

  createElement(tag: string): FakeElement {
    return new FakeElement(this, tag.toUpperCase());
  }

  createTextNode(text: string): FakeText {
    return new FakeText(text);
  }

  getElementById(id: string): FakeElement | null {
    return findAll(this.body, (e) => e.getAttribute('id') === id)[0] ?? null;
  }

  addEventListener(type: string, fn: FakeListener): void {
    const list = this.listeners.get(type) ?? [];
    list.push(fn);
    this.listeners.set(type, list);
  }
}

export function findAll(root: FakeElement, pred: (e: FakeElement) => boolean): FakeElement[] {
  const out: FakeElement[] = [];
  const walk = (e: FakeElement): void => {
    for (const c of e.children) {
      if (pred(c)) out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** Elements with this data-testid (and these other attributes). */
export function byTestId(
  root: FakeElement,
  testId: string,
  attrs: Record<string, string> = {},
): FakeElement[] {
  return findAll(
    root,
    (e) =>
      e.getAttribute('data-testid') === testId &&
      Object.entries(attrs).every(([k, v]) => e.getAttribute(k) === v),
  );
}

export function oneByTestId(
  root: FakeElement,
  testId: string,
  attrs: Record<string, string> = {},
): FakeElement {
  const found = byTestId(root, testId, attrs);
  if (found.length !== 1) {
    throw new Error(
      `expected one [data-testid=${testId}] ${JSON.stringify(attrs)}, found ${found.length}`,
    );
  }
  return found[0]!;
}

/** Every element, with the value of an attribute, for elements that have it. */
export function allWithAttr(root: FakeElement, name: string): FakeElement[] {
  return findAll(root, (e) => e.hasAttribute(name));
}
