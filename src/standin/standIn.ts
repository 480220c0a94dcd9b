/**
 * SlackStandIn — a local fake Slack workspace that an unmodified Bolt app (HTTP receiver,
 * `clientOptions: { slackApiUrl: standIn.apiUrl }`) and a plain WebClient can talk to.
 *
 * - It answers the Web API at `POST /api/<method>` and response_urls at `POST /response/<id>`.
 * - It sends real signed requests to the app (slash commands, shortcuts, block actions, view
 *   submissions, events) and applies the app's HTTP answers the way Slack does.
 * - Every API call is recorded and every state change emitted, so tests synchronise on events
 *   (`waitFor…`) and a web page can follow the workspace live.
 */
import { createHmac } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  type ClientRequest,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatProblems, validateBlocks, validateView } from './blockKit.ts';
import type {
  AppRequest,
  AppRequestKind,
  ChannelSeed,
  Fault,
  RecordedCall,
  ResponseUrlPost,
  SendResult,
  SignOptions,
  SlackMessage,
  SlackStandInOptions,
  SlackView,
  StandInChange,
  StandInChannel,
  StandInEphemeral,
  StandInEvents,
  StandInUser,
  UserSeed,
  ViewStateValue,
  ViewStateValues,
  ViewSubmissionResult,
  WaitOptions,
} from './types.ts';
import { handleWebRequest } from './web/server.ts';
import { JSON_FIELDS, WebApi } from './webApi.ts';
import {
  blockElements,
  buildStateValues,
  clone,
  isObj,
  MODAL_STACK_LIMIT,
  RESPONSE_URL_MAX_USES,
  RESPONSE_URL_TTL_MS,
  type ViewLocation,
  Workspace,
  type WorkspaceState,
} from './workspace.ts';

type Obj = Record<string, unknown>;

/** Thrown by the stand-in's own helpers when a test asks for something Slack would not allow. */
export class StandInError extends Error {
  override readonly name = 'StandInError';
}

export interface SlashCommandOptions extends SignOptions {
  command: string;
  text?: string;
  userId: string;
  channelId: string;
}

export interface MessageShortcutOptions extends SignOptions {
  callbackId: string;
  channelId: string;
  messageTs: string;
  userId: string;
}

export interface GlobalShortcutOptions extends SignOptions {
  callbackId: string;
  userId: string;
}

export interface ClickOptions extends SignOptions {
  userId: string;
  /** A message (or one of the user's ephemerals) in this channel… */
  channelId?: string;
  messageTs?: string;
  /** …or a view (modal on top of the user's stack, or the user's App Home). */
  viewId?: string;
  actionId: string;
  blockId?: string;
  /** Buttons: pick the button whose value is this (to tell apart same-action_id buttons). */
  value?: string;
  /** static_select / overflow / radio_buttons / external_select: the chosen option's value. */
  selectedOption?: string;
  /** multi_static_select / checkboxes: the chosen options' values. */
  selectedOptions?: string[];
  selectedUser?: string;
  selectedUsers?: string[];
  selectedConversation?: string;
  selectedConversations?: string[];
  selectedChannel?: string;
  selectedDate?: string;
  selectedTime?: string;
}

export interface SelectOptionOptions extends SignOptions {
  userId: string;
  channelId?: string;
  messageTs?: string;
  viewId?: string;
  actionId: string;
  blockId?: string;
  /** The option value to choose. */
  value: string;
}

/**
 * Values as a user would enter them, by block_id then action_id:
 * text inputs and number_input → string; static_select / radio_buttons → option value;
 * multi_static_select / checkboxes → option values; users_select → user id;
 * multi_users_select → user ids; conversations_select → channel id; datepicker → 'YYYY-MM-DD'.
 */
export type ViewInputValues = Record<string, Record<string, unknown>>;

export interface SubmitViewOptions extends SignOptions {
  viewId: string;
  userId?: string;
  values?: ViewInputValues;
  /** Skip the checks Slack's client makes before it lets a user submit (required fields etc.). */
  skipClientValidation?: boolean;
}

export interface CloseViewOptions extends SignOptions {
  viewId: string;
  userId?: string;
}

export interface SendEventOptions extends SignOptions {
  eventId?: string;
}

interface Waiter {
  check: () => boolean;
  fail: (e: Error) => void;
}

interface FaultEntry {
  fault: Fault;
  remaining: number;
  /** Only calls whose arguments match are faulted (e.g. one channel, one thread). */
  when?: (args: Record<string, unknown>) => boolean;
}

const JSON_CT = 'application/json; charset=utf-8';

function hmac(secret: string, base: string): string {
  return createHmac('sha256', secret).update(base).digest('hex');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function describeValue(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 160 ? `${s.slice(0, 157)}...` : s;
}

function plainText(text: string): { type: 'plain_text'; text: string; emoji: boolean } {
  return { type: 'plain_text', text, emoji: true };
}

function optionsOf(el: Obj): Obj[] {
  const out: Obj[] = [];
  if (Array.isArray(el['options'])) for (const o of el['options']) if (isObj(o)) out.push(o);
  if (Array.isArray(el['option_groups'])) {
    for (const g of el['option_groups']) {
      if (isObj(g) && Array.isArray(g['options']))
        for (const o of g['options']) if (isObj(o)) out.push(o);
    }
  }
  return out;
}

function isEmptyState(v: ViewStateValue | undefined): boolean {
  if (!v) return true;
  for (const [k, x] of Object.entries(v)) {
    if (k === 'type') continue;
    if (x === null || x === undefined || x === '') return true;
    if (Array.isArray(x) && x.length === 0) return true;
    return false;
  }
  return true;
}

export class SlackStandIn extends EventEmitter<StandInEvents> {
  /** Every Web API call, in arrival order. */
  readonly calls: RecordedCall[] = [];
  /** Every request sent to the app, in order. */
  readonly appRequests: AppRequest[] = [];

  private readonly ws: Workspace;
  private readonly api: WebApi;
  private readonly signingSecret: string;
  private readonly botToken: string;
  private readonly verificationToken: string;
  private readonly scopes: string[];
  private readonly clock: () => number;
  private readonly signingClock: () => number;
  private readonly appTimeoutMs: number;
  private appUrl: string | undefined;
  private rateLimit: { postsPerSecondPerChannel: number } | false;
  private triggerTtlMs: number;
  private server: Server | undefined;
  private baseUrl: string | undefined;
  private readonly faults = new Map<string, FaultEntry[]>();
  private readonly waiters = new Set<Waiter>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly outgoing = new Set<ClientRequest>();
  private readonly messageState = new Map<string, ViewStateValues>();

  constructor(options: SlackStandInOptions) {
    super();
    this.setMaxListeners(0);
    this.signingSecret = options.signingSecret;
    this.botToken = options.botToken;
    this.verificationToken = options.verificationToken ?? 'standin-verification-token';
    this.scopes = options.scopes ?? [
      'app_mentions:read',
      'channels:history',
      'channels:join',
      'channels:manage',
      'channels:read',
      'chat:write',
      'commands',
      'groups:history',
      'groups:read',
      'groups:write',
      'im:history',
      'im:write',
      'pins:read',
      'pins:write',
      'reactions:read',
      'reactions:write',
      'users:read',
    ];
    this.clock = options.now ?? Date.now;
    this.signingClock = options.signingClock ?? this.clock;
    this.appTimeoutMs = options.appTimeoutMs ?? 3000;
    this.appUrl = options.appUrl;
    this.rateLimit = options.rateLimit ?? { postsPerSecondPerChannel: 1 };
    this.triggerTtlMs = options.triggerTtlMs ?? 3000;
    const team = {
      id: options.team?.id ?? 'T0SANAD',
      name: options.team?.name ?? 'Sanad',
      domain: options.team?.domain ?? 'sanad-standin',
    };
    const bot = {
      userId: options.bot?.userId ?? 'U0SANADBOT',
      botId: options.bot?.botId ?? 'B0SANADBOT',
      appId: options.bot?.appId ?? 'A0SANAD',
      name: options.bot?.name ?? 'sanad',
    };
    this.ws = new Workspace(
      () => this.clock(),
      (c) => this.changed(c),
      team,
      bot,
    );
    this.api = new WebApi({
      ws: this.ws,
      rateLimit: () => this.rateLimit,
      triggerTtlMs: () => this.triggerTtlMs,
      chatWritePublic: options.chatWritePublic ?? false,
    });
    for (const u of options.users ?? []) this.ws.addUser(u);
    for (const c of options.channels ?? []) this.ws.addChannel(c);
  }

  // ================================================================ lifecycle

  async start(port = 0): Promise<void> {
    if (this.server) throw new StandInError('stand-in already started');
    const server = createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`stand-in error: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port: actual } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${actual}`;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    for (const req of this.outgoing) req.destroy();
    this.outgoing.clear();
    for (const w of [...this.waiters]) w.fail(new StandInError('stand-in stopped while waiting'));
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Base URL of the stand-in, e.g. `http://127.0.0.1:54321`. */
  get url(): string {
    if (!this.baseUrl) throw new StandInError('stand-in not started (await start())');
    return this.baseUrl;
  }

  /** What to pass as `slackApiUrl` (ends with `/api/`). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  setAppUrl(url: string): void {
    this.appUrl = url;
  }

  setRateLimit(limit: { postsPerSecondPerChannel: number } | false): void {
    this.rateLimit = limit;
    this.api.resetRateLimits();
  }

  setTriggerTtlMs(ms: number): void {
    this.triggerTtlMs = ms;
  }

  /** The stand-in's clock (the injected `now`). */
  now(): number {
    return this.clock();
  }

  // ================================================================ seeding

  get team(): { id: string; name: string; domain: string } {
    return { ...this.ws.team };
  }

  get bot(): { userId: string; botId: string; appId: string; name: string } {
    return { ...this.ws.bot };
  }

  addUser(seed: UserSeed): StandInUser {
    return this.ws.addUser(seed);
  }

  addChannel(seed: ChannelSeed): StandInChannel {
    return this.ws.addChannel(seed);
  }

  /** Adds users to a channel (no event is sent). */
  joinChannel(channelId: string, ...userIds: string[]): void {
    for (const u of userIds) if (!this.ws.users.has(u)) throw new StandInError(`unknown user ${u}`);
    this.ws.addMembers(channelId, userIds);
  }

  /**
   * A human posts a message (no event is sent to the app; call `sendMessageEvent` for that).
   * The user must be a member of the channel.
   */
  postAsUser(
    channelId: string,
    userId: string,
    text: string,
    opts: { threadTs?: string; blocks?: unknown[] } = {},
  ): SlackMessage {
    const ch = this.requireChannel(channelId);
    this.requireUser(userId);
    if (!ch.members.includes(userId)) {
      throw new StandInError(
        `user ${userId} is not a member of ${channelId} (#${ch.name}); joinChannel first`,
      );
    }
    if (opts.threadTs && !this.ws.findMessage(channelId, opts.threadTs)) {
      throw new StandInError(`no message ${opts.threadTs} in ${channelId} to reply to`);
    }
    return clone(
      this.ws.postMessage(channelId, {
        text,
        user: userId,
        ...(opts.blocks ? { blocks: opts.blocks } : {}),
        ...(opts.threadTs ? { threadTs: opts.threadTs } : {}),
      }),
    );
  }

  /** The id of the bot's DM channel with a user (created on first use), e.g. for slash commands in a DM. */
  imChannel(userId: string): string {
    this.requireUser(userId);
    return this.ws.openIm(userId).id;
  }

  /** A fresh trigger_id for a user (as if they had just interacted), for calling views.open directly. */
  issueTrigger(userId: string): string {
    this.requireUser(userId);
    return this.ws.issueTrigger(userId).id;
  }

  // ================================================================ queries

  user(id: string): StandInUser | undefined {
    const u = this.ws.users.get(id);
    return u ? clone(u) : undefined;
  }

  users(): StandInUser[] {
    return clone([...this.ws.users.values()]);
  }

  channel(id: string): StandInChannel | undefined {
    const c = this.ws.channels.get(id);
    return c ? clone(c) : undefined;
  }

  channels(): StandInChannel[] {
    return clone([...this.ws.channels.values()]);
  }

  channelByName(name: string): StandInChannel | undefined {
    const c = this.ws.channelByName(name);
    return c ? clone(c) : undefined;
  }

  /** Top-level messages of a channel (and thread broadcasts), oldest first. */
  messages(channelId: string): SlackMessage[] {
    return clone(this.ws.topLevel(channelId));
  }

  /** Every message of a channel, thread replies included, oldest first. */
  allMessages(channelId: string): SlackMessage[] {
    return clone(this.ws.allMessages(channelId));
  }

  /** A thread: its parent first, then the replies. */
  thread(channelId: string, ts: string): SlackMessage[] {
    return clone(this.ws.thread(channelId, ts));
  }

  message(channelId: string, ts: string): SlackMessage | undefined {
    const m = this.ws.findMessage(channelId, ts);
    return m ? clone(m) : undefined;
  }

  pins(channelId: string): SlackMessage[] {
    const ch = this.requireChannel(channelId);
    return ch.pins.flatMap((p) => {
      const m = this.ws.findMessage(channelId, p.ts);
      return m ? [clone(m)] : [];
    });
  }

  /** The user's open modal stack, bottom first. */
  openViews(userId: string): SlackView[] {
    return clone(this.ws.modalStacks.get(userId) ?? []);
  }

  homeView(userId: string): SlackView | undefined {
    const v = this.ws.homeViews.get(userId);
    return v ? clone(v) : undefined;
  }

  /** Any open view (modal or home) or a closed one, by id. */
  view(viewId: string): SlackView | undefined {
    const loc = this.ws.findView(viewId);
    if (loc) return clone(loc.view);
    const closed = [...this.ws.closedViews].reverse().find((v) => v.id === viewId);
    return closed ? clone(closed) : undefined;
  }

  isViewOpen(viewId: string): boolean {
    return this.ws.findView(viewId) !== undefined;
  }

  /** The field errors the app last answered with (response_action: 'errors') for an open view. */
  viewErrors(viewId: string): Record<string, string> | undefined {
    const e = this.ws.viewErrors.get(viewId);
    return e ? { ...e } : undefined;
  }

  ephemerals(userId?: string): StandInEphemeral[] {
    return clone(this.ws.ephemerals.filter((e) => userId === undefined || e.userId === userId));
  }

  get responseUrlPosts(): ResponseUrlPost[] {
    return clone(this.ws.responseUrlPosts);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  permalink(channelId: string, ts: string): string {
    return this.ws.permalink(channelId, ts);
  }

  /** A JSON-serialisable copy of the whole workspace. */
  snapshot(): Record<string, unknown> {
    return this.ws.snapshot();
  }

  /** Channels, messages and counters, to be kept between offline runs (`stateFile.ts`). */
  exportState(): WorkspaceState {
    return this.ws.exportState();
  }

  /** Brings back channels and messages saved by `exportState` (throws on a bad state). */
  importState(state: WorkspaceState): void {
    this.ws.importState(state);
  }

  // ================================================================ waiting

  /**
   * Resolves with the first value `probe` returns that is not undefined/null/false, checking now
   * and again after every call, state change and app request. Rejects after `timeoutMs`.
   */
  waitUntil<T>(
    probe: () => T | undefined | null | false,
    opts: WaitOptions & { context?: () => string } = {},
  ): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanup = (): void => {
        this.waiters.delete(waiter);
        this.off('call', onEvent);
        this.off('change', onEvent);
        this.off('appRequest', onEvent);
        if (timer) {
          clearTimeout(timer);
          this.timers.delete(timer);
        }
      };
      const check = (): boolean => {
        let v: T | undefined | null | false;
        try {
          v = probe();
        } catch (e) {
          cleanup();
          reject(e);
          return true;
        }
        if (v === undefined || v === null || v === false) return false;
        cleanup();
        resolve(v);
        return true;
      };
      const onEvent = (): void => {
        check();
      };
      const waiter: Waiter = {
        check,
        fail: (e) => {
          cleanup();
          reject(e);
        },
      };
      if (check()) return;
      this.waiters.add(waiter);
      this.on('call', onEvent);
      this.on('change', onEvent);
      this.on('appRequest', onEvent);
      timer = setTimeout(() => {
        cleanup();
        const what = opts.description ?? 'condition';
        const extra = opts.context ? `\n${opts.context()}` : '';
        reject(
          new StandInError(
            `timed out after ${timeoutMs} ms waiting for ${what}${extra}\n${this.recentCalls()}`,
          ),
        );
      }, timeoutMs);
      this.timers.add(timer);
    });
  }

  /** Resolves with the first recorded Web API call (past or future) matching `predicate`. */
  waitFor(
    predicate: (call: RecordedCall) => boolean,
    opts: WaitOptions = {},
  ): Promise<RecordedCall> {
    return this.waitUntil(() => this.calls.find(predicate), {
      ...opts,
      description:
        opts.description ?? `a Web API call matching ${predicate.toString().slice(0, 200)}`,
    });
  }

  /** Resolves with the first call to `method` (matching `predicate`, when given). */
  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    opts: WaitOptions = {},
  ): Promise<RecordedCall> {
    return this.waitUntil(() => this.calls.find((c) => c.method === method && predicate(c)), {
      ...opts,
      description: opts.description ?? `a call to ${method}`,
    });
  }

  /** Resolves with the first message of a channel (thread replies included) matching `predicate`. */
  waitForMessage(
    channelId: string,
    predicate: (message: SlackMessage) => boolean = () => true,
    opts: WaitOptions = {},
  ): Promise<SlackMessage> {
    return this.waitUntil(
      () => {
        const m = this.ws.allMessages(channelId).find(predicate);
        return m ? clone(m) : undefined;
      },
      {
        ...opts,
        description:
          opts.description ??
          `a message in ${channelId} matching ${predicate.toString().slice(0, 200)}`,
        context: () => {
          const msgs = this.ws.allMessages(channelId).slice(-8);
          return `messages in ${channelId} (last ${msgs.length}):\n${msgs
            .map((m) => `  ${m.ts} ${m.user ?? '?'}: ${describeValue(m.text)}`)
            .join('\n')}`;
        },
      },
    );
  }

  /** Resolves with the first ephemeral for a user matching `predicate`. */
  waitForEphemeral(
    userId: string,
    predicate: (e: StandInEphemeral) => boolean = () => true,
    opts: WaitOptions = {},
  ): Promise<StandInEphemeral> {
    return this.waitUntil(
      () => {
        const e = this.ws.ephemerals.find((x) => x.userId === userId && predicate(x));
        return e ? clone(e) : undefined;
      },
      { ...opts, description: opts.description ?? `an ephemeral message for ${userId}` },
    );
  }

  /** Resolves with the user's top modal once one matching `predicate` is open. */
  waitForView(
    userId: string,
    predicate: (v: SlackView) => boolean = () => true,
    opts: WaitOptions = {},
  ): Promise<SlackView> {
    return this.waitUntil(
      () => {
        const top = this.ws.modalStacks.get(userId)?.at(-1);
        return top && predicate(top) ? clone(top) : undefined;
      },
      { ...opts, description: opts.description ?? `an open modal for ${userId}` },
    );
  }

  private recentCalls(): string {
    const last = this.calls.slice(-10);
    if (last.length === 0) return 'no Web API calls were recorded';
    return `last ${last.length} Web API calls:\n${last
      .map((c) => {
        const r = c.response;
        const outcome =
          r === undefined ? `status ${c.status}` : r['ok'] ? 'ok' : `error ${String(r['error'])}`;
        return `  ${c.method} → ${outcome}`;
      })
      .join('\n')}`;
  }

  private changed(change: StandInChange): void {
    this.emit('change', change);
  }

  // ================================================================ faults

  /**
   * Makes the next `count` calls to `method` fail with `fault`. Use the method name
   * `'response_url'` to fault response_url posts.
   */
  failNext(
    method: string,
    fault: Fault,
    count = 1,
    when?: (args: Record<string, unknown>) => boolean,
  ): void {
    const list = this.faults.get(method) ?? [];
    list.push({ fault, remaining: count, when });
    this.faults.set(method, list);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  private takeFault(method: string, args: Record<string, unknown> = {}): Fault | undefined {
    const list = this.faults.get(method);
    if (!list) return undefined;
    const index = list.findIndex((entry) => !entry.when || entry.when(args));
    const entry = list[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) list.splice(index, 1);
    if (list.length === 0) this.faults.delete(method);
    return entry.fault;
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  /** Applies a fault; returns true when it answered (or swallowed) the request. */
  private async applyFault(
    fault: Fault,
    res: ServerResponse,
    record: (status: number, response: Obj | undefined) => void,
  ): Promise<boolean> {
    if ('dropResponse' in fault) {
      record(0, undefined);
      res.destroy();
      return true;
    }
    if ('hang' in fault) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      record(0, undefined);
      return true;
    }
    if ('delayMs' in fault) {
      await this.delay(fault.delayMs);
      return res.destroyed;
    }
    if ('status' in fault) {
      if (fault.status === 429) {
        const body = { ok: false, error: 'ratelimited' };
        res.writeHead(429, { 'content-type': JSON_CT, 'retry-after': String(fault.retryAfter) });
        res.end(JSON.stringify(body));
        record(429, body);
        return true;
      }
      res.writeHead(fault.status, { 'content-type': 'text/plain' });
      res.end(`stand-in injected HTTP ${fault.status}`);
      record(fault.status, undefined);
      return true;
    }
    const body: Obj = { ok: false, error: fault.error };
    if (fault.error === 'missing_scope') {
      body['needed'] = fault.needed ?? 'unknown';
      body['provided'] = this.scopes.join(',');
    } else if (fault.needed !== undefined) body['needed'] = fault.needed;
    this.sendJson(res, 200, body);
    record(200, body);
    return true;
  }

  // ================================================================ HTTP server

  private sendJson(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': JSON_CT, ...headers });
    res.end(JSON.stringify(body));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      await this.onApi(req, res, url);
      return;
    }
    const m = /^\/response\/([0-9a-f]+)$/.exec(url.pathname);
    if (m?.[1] && req.method === 'POST') {
      await this.onResponseUrl(req, res, m[1]);
      return;
    }
    if (url.pathname === '/_standin/state' && req.method === 'GET') {
      this.sendJson(res, 200, this.snapshot());
      return;
    }
    // The web page, its files, the event stream and the UI endpoints (src/standin/web/).
    if (await handleWebRequest(this, req, res, url)) return;
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  private parseArgs(
    raw: string,
    contentType: string,
    query: URLSearchParams,
  ): { args: Obj; bodyToken?: string } | { error: string } {
    const args: Obj = Object.fromEntries(query);
    let bodyToken: string | undefined;
    const ct = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (ct === 'application/json') {
      if (raw.trim() !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          return { error: 'invalid_json' };
        }
        if (!isObj(parsed)) return { error: 'invalid_json' };
        // Slack ignores a token inside a JSON body: it must come in the Authorization header.
        const { token: _ignored, ...rest } = parsed;
        Object.assign(args, rest);
      }
    } else if (ct === 'multipart/form-data') {
      return { error: 'invalid_form_data' };
    } else {
      for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
    }
    if (typeof args['token'] === 'string') bodyToken = args['token'];
    delete args['token'];
    for (const k of JSON_FIELDS) {
      const v = args[k];
      if (typeof v === 'string' && v !== '') {
        try {
          args[k] = JSON.parse(v);
        } catch {
          // keep the string: the method reports the format error (e.g. invalid_blocks_format)
        }
      }
    }
    return bodyToken !== undefined ? { args, bodyToken } : { args };
  }

  private async onApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const atMs = this.clock();
    const raw = req.method === 'POST' ? await readBody(req) : '';
    const parsed = this.parseArgs(raw, req.headers['content-type'] ?? '', url.searchParams);
    const args = 'args' in parsed ? parsed.args : {};
    const record = (status: number, response: Obj | undefined): void => {
      const call: RecordedCall = { method, args, atMs, response, status };
      this.calls.push(call);
      this.emit('call', call);
    };
    const fault = this.takeFault(method, args);
    const dropResponse = fault !== undefined && 'dropResponse' in fault;
    if (fault && !dropResponse && (await this.applyFault(fault, res, record))) return;
    if (res.destroyed) return;

    const respond = (status: number, body: Obj, headers: Record<string, string> = {}): void => {
      if (dropResponse) {
        record(0, body);
        res.destroy();
        return;
      }
      this.sendJson(res, status, body, { 'x-oauth-scopes': this.scopes.join(','), ...headers });
      record(status, body);
    };
    if (!this.api.has(method)) return respond(200, { ok: false, error: 'unknown_method' });
    if ('error' in parsed) return respond(200, { ok: false, error: parsed.error });
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ')
      ? auth.slice('Bearer '.length).trim()
      : parsed.bodyToken;
    if (!token) return respond(200, { ok: false, error: 'not_authed' });
    if (token !== this.botToken) return respond(200, { ok: false, error: 'invalid_auth' });
    const result = this.api.handle(method, args);
    respond(result.status, result.body, result.headers);
  }

  // ================================================================ response_url

  private async onResponseUrl(
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
  ): Promise<void> {
    const raw = await readBody(req);
    const info = this.ws.responseUrls.get(id);
    const atMs = this.clock();
    let body: Obj = {};
    try {
      const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
      const parsed: unknown =
        ct === 'application/x-www-form-urlencoded'
          ? JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}')
          : JSON.parse(raw || '{}');
      if (isObj(parsed)) body = parsed;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('invalid_payload');
      return;
    }
    if (!info) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no_such_url');
      return;
    }
    const post: ResponseUrlPost = {
      id,
      url: info.url,
      atMs,
      body: clone(body),
      origin: clone(info.origin),
      outcome: 'rejected',
      status: 200,
    };
    const finish = (
      status: number,
      outcome: ResponseUrlPost['outcome'],
      error?: string,
      ts?: string,
    ): void => {
      post.status = status;
      post.outcome = outcome;
      if (error) post.error = error;
      if (ts) post.ts = ts;
      this.ws.responseUrlPosts.push(post);
      this.changed({ kind: 'response_url_post', id, outcome });
      if (!res.headersSent && !res.destroyed) {
        if (status === 0) return;
        this.sendJson(res, status, error ? { ok: false, error } : { ok: true });
      }
    };
    const fault = this.takeFault('response_url');
    if (fault) {
      const handled = await this.applyFault(fault, res, (status) => finish(status, 'fault'));
      if (handled) return;
    }
    if (atMs - info.createdAtMs > RESPONSE_URL_TTL_MS)
      return finish(404, 'rejected', 'expired_url');
    if (info.uses >= RESPONSE_URL_MAX_USES) return finish(404, 'rejected', 'used_url');
    info.uses += 1;
    const origin = info.origin;
    const text = typeof body['text'] === 'string' ? body['text'] : undefined;
    const blocks = Array.isArray(body['blocks']) ? (body['blocks'] as unknown[]) : undefined;

    if (body['delete_original'] === true || body['delete_original'] === 'true') {
      if (!origin.messageTs || !origin.channelId)
        return finish(404, 'rejected', 'message_not_found');
      if (origin.isEphemeral) {
        const e = this.ws.findEphemeral(origin.userId, origin.messageTs);
        if (!e) return finish(404, 'rejected', 'message_not_found');
        this.ws.changeEphemeral(e, { deleted: true });
      } else {
        if (!this.ws.findMessage(origin.channelId, origin.messageTs)) {
          return finish(404, 'rejected', 'message_not_found');
        }
        this.ws.deleteMessage(origin.channelId, origin.messageTs);
      }
      return finish(200, 'deleted', undefined, origin.messageTs);
    }

    if ((text === undefined || text === '') && (!blocks || blocks.length === 0)) {
      return finish(400, 'rejected', 'no_text');
    }
    if (text !== undefined && text.length > 40_000) return finish(400, 'rejected', 'msg_too_long');
    if (body['blocks'] !== undefined && !Array.isArray(body['blocks'])) {
      return finish(400, 'rejected', 'invalid_blocks_format');
    }
    if (blocks) {
      const problems = validateBlocks(blocks, { surface: 'message' });
      if (problems.length > 0) return finish(400, 'rejected', 'invalid_blocks');
    }

    const replace = body['replace_original'] === true || body['replace_original'] === 'true';
    if (replace && origin.messageTs && origin.channelId) {
      if (origin.isEphemeral) {
        const e = this.ws.findEphemeral(origin.userId, origin.messageTs);
        if (!e) return finish(404, 'rejected', 'message_not_found');
        this.ws.changeEphemeral(e, {
          ...(text !== undefined ? { text } : {}),
          blocks: blocks ?? [],
        });
        return finish(200, 'replaced', undefined, e.ts);
      }
      const msg = this.ws.findMessage(origin.channelId, origin.messageTs);
      if (!msg) return finish(404, 'rejected', 'message_not_found');
      this.ws.updateMessage(
        origin.channelId,
        origin.messageTs,
        { ...(text !== undefined ? { text } : {}), blocks: blocks ?? [] },
        this.ws.bot.userId,
      );
      return finish(200, 'replaced', undefined, msg.ts);
    }

    const channelId = origin.channelId;
    if (!channelId) return finish(404, 'rejected', 'channel_not_found');
    const threadTs = typeof body['thread_ts'] === 'string' ? body['thread_ts'] : undefined;
    if (body['response_type'] === 'in_channel') {
      const msg = this.ws.postMessage(channelId, {
        text: text ?? '',
        user: this.ws.bot.userId,
        asBot: true,
        ...(blocks ? { blocks } : {}),
        ...(threadTs && this.ws.findMessage(channelId, threadTs) ? { threadTs } : {}),
      });
      return finish(200, 'in_channel', undefined, msg.ts);
    }
    const e = this.ws.addEphemeral({
      channelId,
      userId: origin.userId,
      text: text ?? '',
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      source: 'response_url',
    });
    return finish(200, 'ephemeral', undefined, e.ts);
  }

  // ================================================================ sending to the app

  private requireUser(id: string): StandInUser {
    const u = this.ws.users.get(id);
    if (!u) throw new StandInError(`unknown user ${id}`);
    return u;
  }

  private requireChannel(id: string): StandInChannel {
    const c = this.ws.channels.get(id);
    if (!c) throw new StandInError(`unknown channel ${id}`);
    return c;
  }

  private teamObj(): Obj {
    return { id: this.ws.team.id, domain: this.ws.team.domain };
  }

  private userObj(u: StandInUser): Obj {
    return { id: u.id, username: u.name, name: u.name, team_id: u.teamId };
  }

  private channelName(ch: StandInChannel): string {
    return ch.isIm ? 'directmessage' : ch.name;
  }

  private actionTs(): string {
    return this.ws.nextTs();
  }

  /** Signs and sends a raw body to the app; the low-level primitive all senders use. */
  async sendSigned(
    rawBody: string,
    contentType: 'application/json' | 'application/x-www-form-urlencoded',
    opts: SignOptions & { kind?: AppRequestKind; type?: string; parsedBody?: Obj } = {},
  ): Promise<SendResult> {
    const target = this.appUrl;
    if (!target)
      throw new StandInError('no appUrl: pass appUrl to the constructor or call setAppUrl()');
    const ts = opts.timestampOverride ?? Math.floor(this.signingClock() / 1000);
    const signature =
      opts.signatureOverride ?? `v0=${hmac(this.signingSecret, `v0:${ts}:${rawBody}`)}`;
    let sent = rawBody;
    if (opts.tamperBody === true) sent = `${rawBody} `;
    else if (typeof opts.tamperBody === 'function') sent = opts.tamperBody(rawBody);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'content-length': String(Buffer.byteLength(sent)),
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signature,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      connection: 'close',
    };
    if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
    if (opts.retryReason !== undefined) headers['x-slack-retry-reason'] = opts.retryReason;
    const atMs = this.clock();
    const started = performance.now();
    const { status, text, resContentType, timedOut } = await new Promise<{
      status: number;
      text: string;
      resContentType: string;
      timedOut: boolean;
    }>((resolve) => {
      const req = httpRequest(target, { method: 'POST', headers, agent: false });
      this.outgoing.add(req);
      let done = false;
      const finish = (v: {
        status: number;
        text: string;
        resContentType: string;
        timedOut: boolean;
      }): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.timers.delete(timer);
        this.outgoing.delete(req);
        resolve(v);
      };
      const timer = setTimeout(() => {
        finish({ status: 0, text: '', resContentType: '', timedOut: true });
        req.destroy();
      }, this.appTimeoutMs);
      this.timers.add(timer);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          finish({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            resContentType: String(res.headers['content-type'] ?? ''),
            timedOut: false,
          }),
        );
        res.on('error', () =>
          finish({ status: res.statusCode ?? 0, text: '', resContentType: '', timedOut: false }),
        );
      });
      req.on('error', () => finish({ status: 0, text: '', resContentType: '', timedOut: false }));
      req.end(sent);
    });
    const ms = performance.now() - started;
    let body: unknown = text;
    if (text !== '' && (resContentType.includes('json') || /^\s*[{[]/.test(text))) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const parsedBody =
      opts.parsedBody ?? (contentType === 'application/json' ? safeJson(rawBody) : {});
    const appRequest: AppRequest = {
      kind: opts.kind ?? 'event',
      type: opts.type ?? 'raw',
      atMs,
      body: parsedBody,
      status,
      response: body,
      ms,
      timedOut,
    };
    this.appRequests.push(appRequest);
    this.emit('appRequest', appRequest);
    this.changed({
      kind: 'app_request',
      requestKind: appRequest.kind,
      type: appRequest.type,
      status,
    });
    return { status, body, ms, timedOut };
  }

  private sendPayload(payload: Obj, type: string, opts: SignOptions): Promise<SendResult> {
    const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.sendSigned(raw, 'application/x-www-form-urlencoded', {
      ...opts,
      kind: 'interaction',
      type,
      parsedBody: payload,
    });
  }

  /** Sends a slash command like Slack does and applies the app's immediate answer. */
  async sendSlashCommand(opts: SlashCommandOptions): Promise<SendResult & { problems: string[] }> {
    const user = this.requireUser(opts.userId);
    const ch = this.requireChannel(opts.channelId);
    if (!opts.command.startsWith('/'))
      throw new StandInError(`a slash command starts with '/': ${opts.command}`);
    const trigger = this.ws.issueTrigger(user.id);
    const responseUrl = this.ws.issueResponseUrl(this.url, {
      kind: 'command',
      userId: user.id,
      channelId: ch.id,
    });
    const fields: [string, string][] = [
      ['token', this.verificationToken],
      ['team_id', this.ws.team.id],
      ['team_domain', this.ws.team.domain],
      ['channel_id', ch.id],
      // Slack still says 'privategroup' for private channels in slash commands.
      ['channel_name', ch.isPrivate && !ch.isIm ? 'privategroup' : this.channelName(ch)],
      ['user_id', user.id],
      ['user_name', user.name],
      ['command', opts.command],
      ['text', opts.text ?? ''],
      ['api_app_id', this.ws.bot.appId],
      ['is_enterprise_install', 'false'],
      ['response_url', responseUrl.url],
      ['trigger_id', trigger.id],
    ];
    const raw = new URLSearchParams(fields).toString();
    const result = await this.sendSigned(raw, 'application/x-www-form-urlencoded', {
      ...opts,
      kind: 'command',
      type: opts.command,
      parsedBody: Object.fromEntries(fields),
    });
    const problems =
      result.status === 200 ? this.applyImmediateMessage(result.body, user.id, ch.id) : [];
    return { ...result, triggerId: trigger.id, responseUrl: responseUrl.url, problems };
  }

  /** A slash command's HTTP answer is a message: ephemeral by default, or in_channel. */
  private applyImmediateMessage(body: unknown, userId: string, channelId: string): string[] {
    if (body === '' || body === undefined || body === null) return [];
    const msg: Obj = typeof body === 'string' ? { text: body } : isObj(body) ? body : {};
    const text = typeof msg['text'] === 'string' ? msg['text'] : undefined;
    const blocks = Array.isArray(msg['blocks']) ? (msg['blocks'] as unknown[]) : undefined;
    if ((text === undefined || text === '') && !blocks?.length)
      return ['the answer has neither text nor blocks'];
    if (blocks) {
      const problems = validateBlocks(blocks, { surface: 'message' });
      if (problems.length > 0) return formatProblems(problems);
    }
    if (msg['response_type'] === 'in_channel') {
      this.ws.postMessage(channelId, {
        text: text ?? '',
        user: this.ws.bot.userId,
        asBot: true,
        ...(blocks ? { blocks } : {}),
      });
    } else {
      this.ws.addEphemeral({
        channelId,
        userId,
        text: text ?? '',
        ...(blocks ? { blocks } : {}),
        source: 'ack',
      });
    }
    return [];
  }

  async sendMessageShortcut(opts: MessageShortcutOptions): Promise<SendResult> {
    const user = this.requireUser(opts.userId);
    const ch = this.requireChannel(opts.channelId);
    const msg = this.ws.findMessage(ch.id, opts.messageTs);
    if (!msg) throw new StandInError(`no message ${opts.messageTs} in ${ch.id}`);
    const trigger = this.ws.issueTrigger(user.id);
    const responseUrl = this.ws.issueResponseUrl(this.url, {
      kind: 'message_action',
      userId: user.id,
      channelId: ch.id,
    });
    const message = clone(msg) as unknown as Obj;
    delete message['metadata'];
    delete message['unfurl_links'];
    delete message['unfurl_media'];
    const payload: Obj = {
      type: 'message_action',
      token: this.verificationToken,
      action_ts: this.actionTs(),
      team: this.teamObj(),
      user: { id: user.id, name: user.name, username: user.name, team_id: user.teamId },
      channel: { id: ch.id, name: this.channelName(ch) },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: opts.callbackId,
      trigger_id: trigger.id,
      response_url: responseUrl.url,
      message_ts: msg.ts,
      message,
    };
    const result = await this.sendPayload(payload, 'message_action', opts);
    return { ...result, triggerId: trigger.id, responseUrl: responseUrl.url };
  }

  async sendGlobalShortcut(opts: GlobalShortcutOptions): Promise<SendResult> {
    const user = this.requireUser(opts.userId);
    const trigger = this.ws.issueTrigger(user.id);
    const payload: Obj = {
      type: 'shortcut',
      token: this.verificationToken,
      action_ts: this.actionTs(),
      team: this.teamObj(),
      user: { id: user.id, username: user.name, team_id: user.teamId },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: opts.callbackId,
      trigger_id: trigger.id,
    };
    const result = await this.sendPayload(payload, 'shortcut', opts);
    return { ...result, triggerId: trigger.id };
  }

  // ---------------------------------------------------------------- block actions

  private messageStateKey(channelId: string, ts: string, userId: string): string {
    return `${channelId}\u0000${ts}\u0000${userId}`;
  }

  /** Finds the element to act on; throws when it is not shown (tests cannot click hidden buttons). */
  private findElement(
    blocks: unknown[],
    where: string,
    opts: { actionId: string; blockId?: string; value?: string; allowInputs: boolean },
  ): { block: Obj; element: Obj } {
    const matches: { block: Obj; element: Obj }[] = [];
    const available: string[] = [];
    for (const b of blocks) {
      if (!isObj(b)) continue;
      for (const el of blockElements(b)) {
        available.push(
          `${String(el['action_id'])} (${String(el['type'])}, block ${String(b['block_id'])})`,
        );
        if (el['action_id'] !== opts.actionId) continue;
        if (opts.blockId !== undefined && b['block_id'] !== opts.blockId) continue;
        if (opts.value !== undefined && el['type'] === 'button' && el['value'] !== opts.value)
          continue;
        matches.push({ block: b, element: el });
      }
    }
    const desc = `action_id '${opts.actionId}'${opts.blockId ? ` in block '${opts.blockId}'` : ''}${
      opts.value !== undefined ? ` with value '${opts.value}'` : ''
    }`;
    const first = matches[0];
    if (!first) {
      throw new StandInError(
        `no element with ${desc} in ${where}; elements shown: ${available.length ? available.join(', ') : 'none'}`,
      );
    }
    if (matches.length > 1) {
      throw new StandInError(
        `${matches.length} elements match ${desc} in ${where} (blocks ${matches
          .map((m) => String(m.block['block_id']))
          .join(', ')}); pass blockId or value to pick one`,
      );
    }
    if (first.block['type'] === 'input' && !opts.allowInputs) {
      throw new StandInError(
        `element ${desc} in ${where} sits in an input block without dispatch_action; Slack sends no block_actions for it (use fillView/submitView)`,
      );
    }
    return first;
  }

  private stateFor(el: Obj, sel: ClickOptions, where: string): Obj {
    const type = String(el['type']);
    const need = <T>(v: T | undefined, name: string): T => {
      if (v === undefined)
        throw new StandInError(`${type} '${String(el['action_id'])}' in ${where} needs ${name}`);
      return v;
    };
    switch (type) {
      case 'button':
        return {};
      case 'static_select':
      case 'external_select':
      case 'overflow':
      case 'radio_buttons': {
        const value = need(sel.selectedOption ?? sel.value, 'selectedOption');
        return { selected_option: this.pickOption(el, value, where) };
      }
      case 'multi_static_select':
      case 'checkboxes': {
        const values = need(sel.selectedOptions, 'selectedOptions');
        return { selected_options: values.map((v) => this.pickOption(el, v, where)) };
      }
      case 'users_select': {
        const u = need(sel.selectedUser ?? sel.value, 'selectedUser');
        this.requireUser(u);
        return { selected_user: u };
      }
      case 'multi_users_select': {
        const us = need(sel.selectedUsers, 'selectedUsers');
        for (const u of us) this.requireUser(u);
        return { selected_users: us };
      }
      case 'conversations_select': {
        const c = need(sel.selectedConversation ?? sel.value, 'selectedConversation');
        this.requireChannel(c);
        return { selected_conversation: c };
      }
      case 'multi_conversations_select': {
        const cs = need(sel.selectedConversations, 'selectedConversations');
        for (const c of cs) this.requireChannel(c);
        return { selected_conversations: cs };
      }
      case 'channels_select': {
        const c = need(sel.selectedChannel ?? sel.value, 'selectedChannel');
        this.requireChannel(c);
        return { selected_channel: c };
      }
      case 'datepicker': {
        const d = need(sel.selectedDate ?? sel.value, 'selectedDate');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(d))
          throw new StandInError(`selectedDate must be YYYY-MM-DD, got ${d}`);
        return { selected_date: d };
      }
      case 'timepicker': {
        const t = need(sel.selectedTime ?? sel.value, 'selectedTime');
        return { selected_time: t };
      }
      default:
        throw new StandInError(`clicking a ${type} element is not emulated`);
    }
  }

  private pickOption(el: Obj, value: string, where: string): Obj {
    if (el['type'] === 'external_select') return { text: plainText(value), value };
    const opt = optionsOf(el).find((o) => o['value'] === value);
    if (!opt) {
      throw new StandInError(
        `option '${value}' is not offered by '${String(el['action_id'])}' in ${where}; options: ${optionsOf(
          el,
        )
          .map((o) => String(o['value']))
          .join(', ')}`,
      );
    }
    const out: Obj = { text: clone(opt['text']), value: opt['value'] };
    if (opt['description'] !== undefined) out['description'] = clone(opt['description']);
    return out;
  }

  /**
   * A user clicks a button (or picks from a select, overflow, date picker…) in a message, an
   * ephemeral or a view. The payload is built from what is actually stored, and the call throws
   * when the element is not there.
   */
  async clickButton(opts: ClickOptions): Promise<SendResult> {
    const user = this.requireUser(opts.userId);
    const trigger = (): string => this.ws.issueTrigger(user.id).id;
    if (opts.viewId) {
      const loc = this.ws.findView(opts.viewId);
      if (!loc) throw new StandInError(`view ${opts.viewId} is not open`);
      this.checkViewAccess(loc, user.id);
      const where = `view ${loc.view.id}`;
      const { block, element } = this.findElement(loc.view.blocks, where, {
        ...opts,
        allowInputs: true,
      });
      if (block['type'] === 'input' && block['dispatch_action'] !== true) {
        throw new StandInError(
          `element '${opts.actionId}' in ${where} sits in an input block without dispatch_action; Slack sends no block_actions for it (use fillView/submitView)`,
        );
      }
      const sel = this.stateFor(element, opts, where);
      const action = this.actionFor(block, element, sel);
      if (Object.keys(sel).length > 0) {
        this.ws.setViewState(loc, {
          [String(block['block_id'])]: {
            [String(element['action_id'])]: { type: String(element['type']), ...sel },
          },
        });
      }
      const trig = trigger();
      const view = clone(loc.view) as unknown as Obj;
      view['state'] = { values: buildStateValues(loc.view.blocks, loc.view.state.values) };
      const payload: Obj = {
        type: 'block_actions',
        user: this.userObj(user),
        api_app_id: this.ws.bot.appId,
        token: this.verificationToken,
        container: { type: 'view', view_id: loc.view.id },
        trigger_id: trig,
        team: this.teamObj(),
        enterprise: null,
        is_enterprise_install: false,
        view,
        actions: [action],
      };
      const result = await this.sendPayload(payload, 'block_actions', opts);
      return { ...result, triggerId: trig };
    }

    if (!opts.channelId || !opts.messageTs) {
      throw new StandInError('clickButton needs viewId, or channelId and messageTs');
    }
    const ch = this.requireChannel(opts.channelId);
    if (ch.isPrivate && !ch.isIm && !ch.members.includes(user.id)) {
      throw new StandInError(`user ${user.id} cannot see private channel ${ch.id}`);
    }
    const msg = this.ws.findMessage(ch.id, opts.messageTs);
    const eph = msg ? undefined : this.ws.findEphemeral(user.id, opts.messageTs);
    if (!msg && (!eph || eph.channelId !== ch.id)) {
      throw new StandInError(
        `no message or ephemeral ${opts.messageTs} for ${user.id} in ${ch.id}`,
      );
    }
    const blocks = msg?.blocks ?? eph?.blocks ?? [];
    const where = `${msg ? 'message' : 'ephemeral'} ${opts.messageTs} in ${ch.id}`;
    const { block, element } = this.findElement(blocks, where, { ...opts, allowInputs: false });
    const sel = this.stateFor(element, opts, where);
    const action = this.actionFor(block, element, sel);
    const key = this.messageStateKey(ch.id, opts.messageTs, user.id);
    const entered = this.messageState.get(key) ?? {};
    if (Object.keys(sel).length > 0) {
      const bid = String(block['block_id']);
      entered[bid] = {
        ...(entered[bid] ?? {}),
        [String(element['action_id'])]: { type: String(element['type']), ...sel },
      };
      this.messageState.set(key, entered);
    }
    const trig = trigger();
    const responseUrl = this.ws.issueResponseUrl(this.url, {
      kind: 'block_actions',
      userId: user.id,
      channelId: ch.id,
      messageTs: opts.messageTs,
      isEphemeral: !msg,
    });
    const threadTs = msg?.thread_ts ?? eph?.threadTs;
    const payload: Obj = {
      type: 'block_actions',
      user: this.userObj(user),
      api_app_id: this.ws.bot.appId,
      token: this.verificationToken,
      container: {
        type: 'message',
        message_ts: opts.messageTs,
        channel_id: ch.id,
        is_ephemeral: !msg,
        ...(threadTs && threadTs !== opts.messageTs ? { thread_ts: threadTs } : {}),
      },
      trigger_id: trig,
      team: this.teamObj(),
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: ch.id, name: this.channelName(ch) },
      ...(msg ? { message: this.wireMessage(msg) } : {}),
      state: { values: buildStateValues(blocks, entered) },
      response_url: responseUrl.url,
      actions: [action],
    };
    const result = await this.sendPayload(payload, 'block_actions', opts);
    return { ...result, triggerId: trig, responseUrl: responseUrl.url };
  }

  /** Picks an option in a static_select / overflow / radio_buttons (sends block_actions). */
  selectOption(opts: SelectOptionOptions): Promise<SendResult> {
    const { value, ...rest } = opts;
    return this.clickButton({ ...rest, selectedOption: value });
  }

  private actionFor(block: Obj, el: Obj, sel: Obj): Obj {
    const type = String(el['type']);
    const action: Obj = {
      type,
      block_id: block['block_id'],
      action_id: el['action_id'],
      action_ts: this.actionTs(),
    };
    if (type === 'button') {
      action['text'] = clone(el['text']);
      if (el['value'] !== undefined) action['value'] = el['value'];
      if (el['style'] !== undefined) action['style'] = el['style'];
      if (el['url'] !== undefined) action['url'] = el['url'];
    }
    if (el['placeholder'] !== undefined) action['placeholder'] = clone(el['placeholder']);
    return { ...action, ...sel };
  }

  private wireMessage(msg: SlackMessage): Obj {
    const out = clone(msg) as unknown as Obj;
    delete out['unfurl_links'];
    delete out['unfurl_media'];
    return out;
  }

  // ---------------------------------------------------------------- views

  private checkViewAccess(loc: ViewLocation, userId: string): void {
    if (loc.userId !== userId) {
      throw new StandInError(`view ${loc.view.id} belongs to ${loc.userId}, not ${userId}`);
    }
    if (loc.kind === 'modal') {
      const stack = this.ws.modalStacks.get(loc.userId) ?? [];
      if (stack.at(-1)?.id !== loc.view.id) {
        throw new StandInError(`view ${loc.view.id} is not the top of ${userId}'s modal stack`);
      }
    }
  }

  private toStateValues(loc: ViewLocation, values: ViewInputValues): ViewStateValues {
    const out: ViewStateValues = {};
    const where = `view ${loc.view.id}`;
    for (const [blockId, actions] of Object.entries(values)) {
      const block = loc.view.blocks.find((b) => isObj(b) && b['block_id'] === blockId);
      if (!isObj(block)) {
        const ids = loc.view.blocks.map((b) => (isObj(b) ? String(b['block_id']) : '?'));
        throw new StandInError(`no block '${blockId}' in ${where}; blocks: ${ids.join(', ')}`);
      }
      for (const [actionId, value] of Object.entries(actions)) {
        const el = blockElements(block).find((e) => e['action_id'] === actionId);
        if (!el) {
          const ids = blockElements(block).map((e) => String(e['action_id']));
          throw new StandInError(
            `no action '${actionId}' in block '${blockId}' of ${where}; actions: ${ids.join(', ')}`,
          );
        }
        out[blockId] ??= {};
        out[blockId][actionId] = this.entryFor(el, value, `${where} ${blockId}/${actionId}`);
      }
    }
    return out;
  }

  private entryFor(el: Obj, value: unknown, where: string): ViewStateValue {
    const type = String(el['type']);
    const asString = (): string | null => {
      if (value === null || value === undefined) return null;
      if (typeof value === 'string' || typeof value === 'number') return String(value);
      throw new StandInError(`${where} (${type}) takes a string, got ${describeValue(value)}`);
    };
    const asList = (): string[] => {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        throw new StandInError(
          `${where} (${type}) takes a list of strings, got ${describeValue(value)}`,
        );
      }
      return value as string[];
    };
    const option = (v: string | null): Obj | null =>
      v === null ? null : this.pickOption(el, v, where);
    switch (type) {
      case 'plain_text_input':
      case 'email_text_input':
      case 'url_text_input':
      case 'number_input':
        return { type, value: asString() };
      case 'static_select':
      case 'external_select':
      case 'radio_buttons':
        return { type, selected_option: option(asString()) };
      case 'multi_static_select':
      case 'multi_external_select':
      case 'checkboxes':
        return { type, selected_options: asList().map((v) => this.pickOption(el, v, where)) };
      case 'users_select': {
        const u = asString();
        if (u !== null) this.requireUser(u);
        return { type, selected_user: u };
      }
      case 'multi_users_select': {
        const us = asList();
        for (const u of us) this.requireUser(u);
        return { type, selected_users: us };
      }
      case 'conversations_select': {
        const c = asString();
        if (c !== null) this.requireChannel(c);
        return { type, selected_conversation: c };
      }
      case 'multi_conversations_select': {
        const cs = asList();
        for (const c of cs) this.requireChannel(c);
        return { type, selected_conversations: cs };
      }
      case 'channels_select': {
        const c = asString();
        if (c !== null) this.requireChannel(c);
        return { type, selected_channel: c };
      }
      case 'multi_channels_select': {
        const cs = asList();
        for (const c of cs) this.requireChannel(c);
        return { type, selected_channels: cs };
      }
      case 'datepicker': {
        const d = asString();
        if (d !== null && !/^\d{4}-\d{2}-\d{2}$/.test(d)) {
          throw new StandInError(`${where} (datepicker) takes YYYY-MM-DD, got ${d}`);
        }
        return { type, selected_date: d };
      }
      case 'timepicker':
        return { type, selected_time: asString() };
      case 'datetimepicker':
        return { type, selected_date_time: typeof value === 'number' ? value : null };
      case 'rich_text_input': {
        const s = asString();
        return {
          type,
          rich_text_value:
            s === null
              ? null
              : {
                  type: 'rich_text',
                  elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: s }] }],
                },
        };
      }
      default:
        throw new StandInError(`${where}: ${type} holds no value`);
    }
  }

  /** A user types into / picks in a view's inputs (no request is sent, like Slack). */
  fillView(viewId: string, values: ViewInputValues, userId?: string): void {
    const loc = this.ws.findView(viewId);
    if (!loc) throw new StandInError(`view ${viewId} is not open`);
    this.checkViewAccess(loc, userId ?? loc.userId);
    this.ws.setViewState(loc, this.toStateValues(loc, values));
  }

  /** Checks Slack's client makes before it lets a user submit. */
  private clientProblems(view: SlackView, state: ViewStateValues): string[] {
    const problems: string[] = [];
    for (const b of view.blocks) {
      if (!isObj(b) || b['type'] !== 'input' || !isObj(b['element'])) continue;
      const el = b['element'];
      const blockId = String(b['block_id']);
      const v = state[blockId]?.[String(el['action_id'])];
      const label = isObj(b['label']) ? String(b['label']['text']) : blockId;
      if (isEmptyState(v)) {
        if (b['optional'] !== true)
          problems.push(`required input '${blockId}' (${label}) is empty`);
        continue;
      }
      const value = v?.['value'];
      if (el['type'] === 'plain_text_input' && typeof value === 'string') {
        const min = typeof el['min_length'] === 'number' ? el['min_length'] : 0;
        const max = typeof el['max_length'] === 'number' ? el['max_length'] : 3000;
        if (value.length < min)
          problems.push(`'${blockId}' (${label}) needs at least ${min} characters`);
        if (value.length > max)
          problems.push(`'${blockId}' (${label}) allows at most ${max} characters`);
      }
      if (el['type'] === 'number_input' && typeof value === 'string') {
        const n = Number(value);
        if (value.trim() === '' || Number.isNaN(n))
          problems.push(`'${blockId}' (${label}) is not a number`);
        else {
          if (el['is_decimal_allowed'] !== true && !Number.isInteger(n)) {
            problems.push(`'${blockId}' (${label}) must be a whole number`);
          }
          if (typeof el['min_value'] === 'string' && n < Number(el['min_value'])) {
            problems.push(`'${blockId}' (${label}) is below ${el['min_value']}`);
          }
          if (typeof el['max_value'] === 'string' && n > Number(el['max_value'])) {
            problems.push(`'${blockId}' (${label}) is above ${el['max_value']}`);
          }
        }
      }
      if (
        el['type'] === 'email_text_input' &&
        typeof value === 'string' &&
        !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)
      ) {
        problems.push(`'${blockId}' (${label}) is not an email address`);
      }
    }
    return problems;
  }

  /**
   * A user submits the top modal of their stack. Values are entered first (see ViewInputValues);
   * then the view_submission is sent and the app's answer applied like Slack does.
   */
  async submitView(opts: SubmitViewOptions): Promise<ViewSubmissionResult> {
    const loc = this.ws.findView(opts.viewId);
    if (loc?.kind !== 'modal') throw new StandInError(`modal ${opts.viewId} is not open`);
    const userId = opts.userId ?? loc.userId;
    const user = this.requireUser(userId);
    this.checkViewAccess(loc, user.id);
    if (loc.view.submit === null || loc.view.submit === undefined) {
      throw new StandInError(`view ${loc.view.id} has no submit button`);
    }
    if (opts.values) this.ws.setViewState(loc, this.toStateValues(loc, opts.values));
    const state = buildStateValues(loc.view.blocks, loc.view.state.values);
    if (!opts.skipClientValidation) {
      const problems = this.clientProblems(loc.view, state);
      if (problems.length > 0) {
        throw new StandInError(
          `Slack would not let ${user.id} submit view ${loc.view.id}: ${problems.join('; ')}`,
        );
      }
    }
    this.ws.viewErrors.delete(loc.view.id);
    const trigger = this.ws.issueTrigger(user.id);
    const responseUrls: Obj[] = [];
    for (const b of loc.view.blocks) {
      if (!isObj(b) || b['type'] !== 'input' || !isObj(b['element'])) continue;
      const el = b['element'];
      if (el['response_url_enabled'] !== true) continue;
      const v = state[String(b['block_id'])]?.[String(el['action_id'])];
      const channelId = (v?.['selected_conversation'] ?? v?.['selected_channel']) as
        | string
        | null
        | undefined;
      if (!channelId) continue;
      const info = this.ws.issueResponseUrl(this.url, {
        kind: 'view_submission',
        userId: user.id,
        channelId,
      });
      responseUrls.push({
        block_id: b['block_id'],
        action_id: el['action_id'],
        channel_id: channelId,
        response_url: info.url,
      });
    }
    const view = clone(loc.view) as unknown as Obj;
    view['state'] = { values: state };
    const payload: Obj = {
      type: 'view_submission',
      team: this.teamObj(),
      user: this.userObj(user),
      api_app_id: this.ws.bot.appId,
      token: this.verificationToken,
      trigger_id: trigger.id,
      view,
      response_urls: responseUrls,
      is_enterprise_install: false,
      enterprise: null,
    };
    const result = await this.sendPayload(payload, 'view_submission', opts);
    return {
      ...result,
      triggerId: trigger.id,
      ...this.applyViewResponse(loc.view.id, user.id, result),
    };
  }

  private applyViewResponse(
    viewId: string,
    userId: string,
    result: SendResult,
  ): { outcome: ViewSubmissionResult['outcome']; problems: string[] } {
    const failed = (problem: string): { outcome: 'failed'; problems: string[] } => ({
      outcome: 'failed',
      problems: [problem],
    });
    if (result.timedOut) return failed('the app did not answer within 3 seconds');
    if (result.status !== 200) return failed(`the app answered HTTP ${result.status}`);
    const loc = this.ws.findView(viewId);
    if (!loc) return failed(`view ${viewId} was closed while the submission was in flight`);
    const body = result.body;
    if (body === '' || body === undefined || body === null) {
      this.ws.closeModals(userId, false);
      return { outcome: 'closed', problems: [] };
    }
    if (!isObj(body)) return failed(`the app answered a non-JSON body: ${describeValue(body)}`);
    const action = body['response_action'];
    if (action === undefined && Object.keys(body).length === 0) {
      this.ws.closeModals(userId, false);
      return { outcome: 'closed', problems: [] };
    }
    switch (action) {
      case 'errors': {
        const errors = body['errors'];
        if (!isObj(errors) || Object.keys(errors).length === 0)
          return failed('response_action errors without errors');
        const inputIds = new Set(
          loc.view.blocks
            .filter((b) => isObj(b) && b['type'] === 'input')
            .map((b) => String((b as Obj)['block_id'])),
        );
        const problems = Object.keys(errors)
          .filter((k) => !inputIds.has(k))
          .map((k) => `error key '${k}' is not the block_id of an input block in view ${viewId}`);
        const clean: Record<string, string> = {};
        for (const [k, v] of Object.entries(errors)) clean[k] = String(v);
        this.ws.setViewErrors(viewId, userId, clean);
        return { outcome: 'errors', problems };
      }
      case 'update':
      case 'push': {
        const problems = formatProblems(validateView(body['view'], { types: ['modal'] }));
        if (problems.length > 0) return { outcome: 'failed', problems };
        const next = body['view'] as Obj;
        if (action === 'update') {
          this.ws.replaceView(loc, next);
          return { outcome: 'updated', problems: [] };
        }
        const stack = this.ws.modalStacks.get(userId) ?? [];
        if (stack.length >= MODAL_STACK_LIMIT)
          return failed('push_limit_reached: a modal stack holds 3 views');
        this.ws.pushModal(userId, next);
        return { outcome: 'pushed', problems: [] };
      }
      case 'clear':
        this.ws.closeModals(userId, true);
        return { outcome: 'cleared', problems: [] };
      default:
        return failed(`unknown response_action ${describeValue(action)}`);
    }
  }

  /** A user closes the top modal (Cancel / ✕). Sends view_closed when the view asked for it. */
  async closeView(opts: CloseViewOptions): Promise<SendResult | undefined> {
    const loc = this.ws.findView(opts.viewId);
    if (loc?.kind !== 'modal') throw new StandInError(`modal ${opts.viewId} is not open`);
    const user = this.requireUser(opts.userId ?? loc.userId);
    this.checkViewAccess(loc, user.id);
    const view = clone(loc.view) as unknown as Obj;
    view['state'] = { values: buildStateValues(loc.view.blocks, loc.view.state.values) };
    const cleared = loc.view.clear_on_close;
    const notify = loc.view.notify_on_close;
    this.ws.closeModals(user.id, cleared);
    if (!notify) return undefined;
    const payload: Obj = {
      type: 'view_closed',
      team: this.teamObj(),
      user: this.userObj(user),
      view,
      api_app_id: this.ws.bot.appId,
      token: this.verificationToken,
      is_cleared: cleared,
      is_enterprise_install: false,
      enterprise: null,
    };
    return this.sendPayload(payload, 'view_closed', opts);
  }

  // ---------------------------------------------------------------- events

  /** Sends an Events API callback wrapping `event`. */
  sendEvent(event: Record<string, unknown>, opts: SendEventOptions = {}): Promise<SendResult> {
    const type = typeof event['type'] === 'string' ? event['type'] : 'unknown';
    const envelope: Obj = {
      token: this.verificationToken,
      team_id: this.ws.team.id,
      context_team_id: this.ws.team.id,
      context_enterprise_id: null,
      api_app_id: this.ws.bot.appId,
      event: { ...event, event_ts: event['event_ts'] ?? this.ws.nextTs() },
      type: 'event_callback',
      event_id: opts.eventId ?? this.ws.newId('Ev'),
      event_time: Math.floor(this.clock() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: this.ws.team.id,
          user_id: this.ws.bot.userId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
    };
    return this.sendSigned(JSON.stringify(envelope), 'application/json', {
      ...opts,
      kind: 'event',
      type,
      parsedBody: envelope,
    });
  }

  /** Sends Slack's url_verification challenge; the app must echo it. */
  sendUrlVerification(
    challenge = 'standin-challenge',
    opts: SignOptions = {},
  ): Promise<SendResult> {
    const body = { token: this.verificationToken, challenge, type: 'url_verification' };
    return this.sendSigned(JSON.stringify(body), 'application/json', {
      ...opts,
      kind: 'url_verification',
      type: 'url_verification',
      parsedBody: body,
    });
  }

  openAppHome(userId: string, opts: SendEventOptions = {}): Promise<SendResult> {
    this.requireUser(userId);
    const im = this.ws.openIm(userId);
    const home = this.ws.homeViews.get(userId);
    return this.sendEvent(
      {
        type: 'app_home_opened',
        user: userId,
        channel: im.id,
        tab: 'home',
        ...(home ? { view: clone(home) } : {}),
      },
      opts,
    );
  }

  /** A user reacts to a message: stored, then reaction_added is sent. */
  addReaction(
    userId: string,
    channelId: string,
    ts: string,
    name: string,
    opts: SendEventOptions = {},
  ): Promise<SendResult> {
    this.requireUser(userId);
    this.requireChannel(channelId);
    const msg = this.ws.findMessage(channelId, ts);
    if (!msg) throw new StandInError(`no message ${ts} in ${channelId}`);
    const err = this.ws.addReaction(channelId, ts, name, userId);
    if (err) throw new StandInError(`cannot add reaction :${name}: — ${err}`);
    return this.sendEvent(
      {
        type: 'reaction_added',
        user: userId,
        reaction: name,
        item_user: msg.user,
        item: { type: 'message', channel: channelId, ts },
      },
      opts,
    );
  }

  /** A user pins a message: stored, then pin_added is sent with the message. */
  pinMessage(
    userId: string,
    channelId: string,
    ts: string,
    opts: SendEventOptions = {},
  ): Promise<SendResult> {
    this.requireUser(userId);
    const ch = this.requireChannel(channelId);
    const err = this.ws.addPin(channelId, ts, userId);
    if (err) throw new StandInError(`cannot pin ${ts} in ${channelId} — ${err}`);
    const msg = this.ws.findMessage(channelId, ts);
    const pin = ch.pins.find((p) => p.ts === ts);
    return this.sendEvent(
      {
        type: 'pin_added',
        user: userId,
        channel_id: channelId,
        item: {
          type: 'message',
          created: pin?.created,
          created_by: userId,
          channel: channelId,
          message: {
            ...(msg ? this.wireMessage(msg) : {}),
            permalink: this.ws.permalink(channelId, ts),
            pinned_to: [channelId],
          },
        },
        item_user: msg?.user,
        pin_count: ch.pins.length,
        pinned_info: { channel: channelId, pinned_by: userId, pinned_ts: pin?.created },
      },
      opts,
    );
  }

  /** Sends the `message` event for a stored message (e.g. one made with postAsUser). */
  sendMessageEvent(
    channelId: string,
    ts: string,
    opts: SendEventOptions = {},
  ): Promise<SendResult> {
    const ch = this.requireChannel(channelId);
    const msg = this.ws.findMessage(channelId, ts);
    if (!msg) throw new StandInError(`no message ${ts} in ${channelId}`);
    const event: Obj = {
      ...this.wireMessage(msg),
      channel: channelId,
      channel_type: ch.isIm ? 'im' : ch.isPrivate ? 'group' : 'channel',
      event_ts: msg.ts,
    };
    delete event['reactions'];
    return this.sendEvent(event, opts);
  }
}

function safeJson(raw: string): Obj {
  try {
    const v: unknown = JSON.parse(raw);
    return isObj(v) ? v : {};
  } catch {
    return {};
  }
}
