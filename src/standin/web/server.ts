/**
 * The stand-in's web page and the endpoints it calls, served by the stand-in's own HTTP server
 * (loopback only). No build step: the page is plain HTML, CSS and vanilla ES modules kept as
 * files next to this one and sent as they are.
 *
 *   GET  /                              the page
 *   GET  /_standin/web/<file>           its modules and style sheet
 *   GET  /_standin/ui/state             the workspace snapshot plus the stand-in's clock (`now`)
 *   GET  /_standin/events               Server-Sent Events: `hello` once, then `change` per state change
 *   POST /_standin/ui/<endpoint>        what a person does in the page (JSON body, JSON answer)
 *
 * UI endpoints answer `{ ok: true, … }` or `{ ok: false, error }` (HTTP 400 for bad input or
 * something Slack would not allow, 502 when the app failed to answer, 500 for a stand-in bug).
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClickOptions, SlackStandIn, SubmitViewOptions, ViewInputValues } from '../standIn.ts';
import type { SendResult, StandInChange } from '../types.ts';

type Obj = Record<string, unknown>;

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/_standin/web/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/_standin/web/blocks.js': { file: 'blocks.js', type: 'text/javascript; charset=utf-8' },
  '/_standin/web/mrkdwn.js': { file: 'mrkdwn.js', type: 'text/javascript; charset=utf-8' },
  '/_standin/web/main.js': { file: 'main.js', type: 'text/javascript; charset=utf-8' },
  '/_standin/web/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** The files the page is made of (served from this folder). */
export const WEB_ASSET_FILES: readonly string[] = [
  ...new Set(Object.values(ASSETS).map((a) => a.file)),
];

const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  'img-src https: http: data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const JSON_CT = 'application/json; charset=utf-8';
const MAX_BODY = 1_000_000;
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

class UiError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly extra: Obj = {},
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': JSON_CT, 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new UiError('request body too large (limit 1 MB)', 413));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// ------------------------------------------------------------------ input checks

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(body: Obj, key: string, hint: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v.trim() === '') {
    throw new UiError(
      v === undefined
        ? `${key} is required (${hint})`
        : `${key} must be a non-empty string (${hint}), got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function optStr(body: Obj, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new UiError(`${key} must be a string, got ${JSON.stringify(v)}`);
  return v;
}

function optList(body: Obj, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    throw new UiError(`${key} must be a list of strings, got ${JSON.stringify(v)}`);
  }
  return v as string[];
}

function optValues(body: Obj, key: string): ViewInputValues | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!isObj(v) || Object.values(v).some((x) => !isObj(x))) {
    throw new UiError(
      `${key} must be an object of block_id → { action_id → value }, got ${JSON.stringify(v)}`,
    );
  }
  return v as ViewInputValues;
}

/** `undefined` when the app answered in time with HTTP 200, else what went wrong. */
function appProblem(r: SendResult): string | undefined {
  if (r.timedOut) return 'the app did not answer within 3 seconds (operation_timeout)';
  if (r.status === 0) return 'could not reach the app (is it running?)';
  if (r.status !== 200) return `the app answered HTTP ${r.status}`;
  return undefined;
}

function outcome(r: SendResult, what: string, extra: Obj = {}): Obj {
  const problem = appProblem(r);
  const base = { status: r.status, ms: Math.round(r.ms), ...extra };
  if (problem) throw new UiError(`${what} failed: ${problem}`, 502, base);
  return { ok: true, ...base };
}

// ------------------------------------------------------------------ the endpoints

type Endpoint = (standIn: SlackStandIn, body: Obj) => Promise<Obj>;

const USER_HINT = 'a user id such as U0FOUNDER';
const CHANNEL_HINT = 'a channel id such as C0TRIAGE';
const TS_HINT = "a message ts such as '1732262400.000100'";

const ENDPOINTS: Record<string, Endpoint> = {
  /** `{ userId, channelId, text: '/ticket leak' }` (or `command` + `text`): a signed slash command. */
  async command(standIn, body) {
    const userId = str(body, 'userId', USER_HINT);
    const channelId = str(body, 'channelId', CHANNEL_HINT);
    let command = optStr(body, 'command');
    let text = optStr(body, 'text') ?? '';
    if (command === undefined) {
      const m = /^\s*(\/\S+)(?:\s+([\s\S]*))?$/.exec(text);
      if (!m?.[1]) {
        throw new UiError(
          `a slash command starts with '/', e.g. '/ticket …'; got ${JSON.stringify(text)}`,
        );
      }
      command = m[1];
      text = (m[2] ?? '').trim();
    }
    const r = await standIn.sendSlashCommand({ command, text, userId, channelId });
    const res = outcome(r, command, { problems: r.problems });
    if (r.problems.length > 0) {
      throw new UiError(
        `${command}: the app's answer was rejected: ${r.problems.join('; ')}`,
        502,
        res,
      );
    }
    return res;
  },

  /** `{ userId, channelId, text, threadTs? }`: the user posts; the app gets a `message` event. */
  async message(standIn, body) {
    const userId = str(body, 'userId', USER_HINT);
    const channelId = str(body, 'channelId', CHANNEL_HINT);
    const text = str(body, 'text', 'the message text');
    const threadTs = optStr(body, 'threadTs');
    const msg = standIn.postAsUser(channelId, userId, text, threadTs ? { threadTs } : {});
    const ch = standIn.channel(channelId);
    // Slack only tells the app about messages in conversations its bot is in.
    if (!ch?.members.includes(standIn.bot.userId)) return { ok: true, ts: msg.ts, event: null };
    try {
      const r = await standIn.sendMessageEvent(channelId, msg.ts);
      const problem = appProblem(r);
      return {
        ok: true,
        ts: msg.ts,
        event: { status: r.status },
        ...(problem ? { warning: `message event: ${problem}` } : {}),
      };
    } catch (e) {
      // No app to send to (the stand-in runs alone): the message is still posted.
      return {
        ok: true,
        ts: msg.ts,
        event: null,
        note: e instanceof Error ? e.message : String(e),
      };
    }
  },

  /** `{ userId, channelId, messageTs, callbackId }`: a message shortcut. */
  async shortcut(standIn, body) {
    const userId = str(body, 'userId', USER_HINT);
    const channelId = str(body, 'channelId', CHANNEL_HINT);
    const messageTs = str(body, 'messageTs', TS_HINT);
    const callbackId = str(
      body,
      'callbackId',
      'the shortcut callback_id, e.g. sanad_create_ticket',
    );
    const r = await standIn.sendMessageShortcut({ userId, channelId, messageTs, callbackId });
    return outcome(r, `shortcut ${callbackId}`);
  },

  /** A click or pick in a message, an ephemeral, a modal or the App Home (block_actions). */
  async action(standIn, body) {
    const userId = str(body, 'userId', USER_HINT);
    const actionId = str(body, 'actionId', 'the element action_id');
    const viewId = optStr(body, 'viewId');
    const channelId = optStr(body, 'channelId');
    const messageTs = optStr(body, 'messageTs');
    if (!viewId && !(channelId && messageTs)) {
      throw new UiError('action needs viewId, or channelId and messageTs');
    }
    const values = optValues(body, 'values');
    // What the user typed into the view's inputs so far goes into the payload's view.state.
    if (viewId && values) standIn.fillView(viewId, values, userId);
    const opts: ClickOptions = { userId, actionId };
    if (viewId) opts.viewId = viewId;
    if (channelId) opts.channelId = channelId;
    if (messageTs) opts.messageTs = messageTs;
    for (const key of [
      'blockId',
      'value',
      'selectedOption',
      'selectedUser',
      'selectedConversation',
      'selectedChannel',
      'selectedDate',
      'selectedTime',
    ] as const) {
      const v = optStr(body, key);
      if (v !== undefined) opts[key] = v;
    }
    for (const key of ['selectedOptions', 'selectedUsers', 'selectedConversations'] as const) {
      const v = optList(body, key);
      if (v !== undefined) opts[key] = v;
    }
    const r = await standIn.clickButton(opts);
    return outcome(r, `action ${actionId}`);
  },

  /** `{ userId, viewId, values }`: Submit on the top modal. */
  async submit(standIn, body) {
    const userId = str(body, 'userId', USER_HINT);
    const viewId = str(body, 'viewId', 'the id of the modal on top of the user’s stack');
    const values = optValues(body, 'values');
    const opts: SubmitViewOptions = { userId, viewId };
    if (values) opts.values = values;
    const r = await standIn.submitView(opts);
    const extra = { outcome: r.outcome, problems: r.problems };
    if (r.outcome === 'failed') {
      throw new UiError(`submit failed: ${r.problems.join('; ')}`, 502, {
        status: r.status,
        ...extra,
      });
    }
    return outcome(r, 'submit', extra);
  },

  /** `{ userId, viewId }`: Cancel / ✕ on the top modal. */
  async close(standIn, body) {
    const userId = str(body, 'userId', USER_HINT);
    const viewId = str(body, 'viewId', 'the id of the modal on top of the user’s stack');
    const r = await standIn.closeView({ viewId, userId });
    // Slack shows nothing when view_closed fails; tell the page anyway.
    if (!r) return { ok: true, notified: false };
    const problem = appProblem(r);
    return { ok: true, notified: true, status: r.status, ...(problem ? { warning: problem } : {}) };
  },

  /** `{ userId }`: the user opens the App Home tab (app_home_opened). */
  async home(standIn, body) {
    const userId = str(body, 'userId', USER_HINT);
    const r = await standIn.openAppHome(userId);
    return outcome(r, 'app_home_opened');
  },

  /** `{ userId, channelId, messageTs }`: the user pins a message (pin_added). */
  async pin(standIn, body) {
    const userId = str(body, 'userId', USER_HINT);
    const channelId = str(body, 'channelId', CHANNEL_HINT);
    const messageTs = str(body, 'messageTs', TS_HINT);
    const r = await standIn.pinMessage(userId, channelId, messageTs);
    return outcome(r, 'pin_added');
  },

  /** `{ userId, channelId, messageTs, name }`: the user reacts (reaction_added). */
  async react(standIn, body) {
    const userId = str(body, 'userId', USER_HINT);
    const channelId = str(body, 'channelId', CHANNEL_HINT);
    const messageTs = str(body, 'messageTs', TS_HINT);
    const name = str(body, 'name', 'an emoji name such as pushpin').replace(/^:|:$/g, '');
    const r = await standIn.addReaction(userId, channelId, messageTs, name);
    return outcome(r, 'reaction_added');
  },

  /** `{ userId, channelId }`: the user joins a channel (no event is sent). */
  async join(standIn, body) {
    const userId = str(body, 'userId', USER_HINT);
    const channelId = str(body, 'channelId', CHANNEL_HINT);
    if (!standIn.channel(channelId)) throw new UiError(`unknown channel ${channelId}`);
    standIn.joinChannel(channelId, userId);
    return { ok: true };
  },
};

/** The names of the POST endpoints under `/_standin/ui/`. */
export const UI_ENDPOINTS: readonly string[] = Object.keys(ENDPOINTS);

// ------------------------------------------------------------------ request handling

function hostAllowed(req: IncomingMessage): boolean {
  return LOOPBACK_HOST.test(req.headers.host ?? '');
}

/** Browsers send Origin on POST; a page from elsewhere must not drive the stand-in. */
function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://${req.headers.host ?? ''}`;
}

async function serveAsset(res: ServerResponse, asset: { file: string; type: string }) {
  const body = await readFile(new URL(`./${asset.file}`, import.meta.url));
  res.writeHead(200, {
    'content-type': asset.type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(asset.type.startsWith('text/html') ? { 'content-security-policy': CSP } : {}),
  });
  res.end(body);
}

function serveEvents(standIn: SlackStandIn, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.socket?.setNoDelay(true);
  const write = (event: string, data: unknown): void => {
    if (res.writableEnded || res.destroyed) return;
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  res.write('retry: 1000\n\n');
  write('hello', { now: standIn.now() });
  const onChange = (change: StandInChange): void => write('change', change);
  standIn.on('change', onChange);
  const done = (): void => {
    standIn.off('change', onChange);
  };
  req.on('close', done);
  res.on('close', done);
}

async function serveUi(
  standIn: SlackStandIn,
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
): Promise<void> {
  const endpoint = Object.hasOwn(ENDPOINTS, name) ? ENDPOINTS[name] : undefined;
  try {
    if (!endpoint) {
      throw new UiError(`no UI endpoint '${name}'; endpoints: ${UI_ENDPOINTS.join(', ')}`, 404);
    }
    if (req.method !== 'POST') throw new UiError(`use POST for /_standin/ui/${name}`, 405);
    if (!originAllowed(req)) throw new UiError('cross-origin requests are not allowed', 403);
    const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (ct !== 'application/json') {
      throw new UiError(
        `send a JSON body (content-type: application/json), got ${ct || 'none'}`,
        415,
      );
    }
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = raw.trim() === '' ? {} : JSON.parse(raw);
    } catch {
      throw new UiError('the body is not valid JSON');
    }
    if (!isObj(body)) throw new UiError('the body must be a JSON object');
    sendJson(res, 200, await endpoint(standIn, body));
  } catch (e) {
    if (e instanceof UiError) {
      sendJson(res, e.status, { ok: false, error: e.message, ...e.extra });
    } else if (e instanceof Error && e.name === 'StandInError') {
      const error = e.message.startsWith('no appUrl')
        ? `no app is connected to the stand-in yet (${e.message})`
        : e.message;
      sendJson(res, 400, { ok: false, error });
    } else {
      const message = e instanceof Error ? e.message : String(e);
      sendJson(res, 500, { ok: false, error: `stand-in error: ${message}` });
    }
  }
}

/**
 * Serves the page, its files, the event stream and the UI endpoints. Returns false when the
 * request is for something else (the Web API, response_urls…).
 */
export async function handleWebRequest(
  standIn: SlackStandIn,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const path = url.pathname;
  const asset = Object.hasOwn(ASSETS, path) ? ASSETS[path] : undefined;
  const ours =
    asset !== undefined ||
    path === '/_standin/events' ||
    path.startsWith('/_standin/ui/') ||
    path.startsWith('/_standin/web/');
  if (!ours) return false;
  // A name that resolves to 127.0.0.1 from elsewhere (DNS rebinding) must not reach the page.
  if (!hostAllowed(req)) {
    sendJson(res, 403, { ok: false, error: 'the stand-in page is served on loopback hosts only' });
    return true;
  }
  if (asset && req.method === 'GET') {
    await serveAsset(res, asset);
    return true;
  }
  if (path === '/_standin/events' && req.method === 'GET') {
    serveEvents(standIn, req, res);
    return true;
  }
  if (path === '/_standin/ui/state') {
    if (req.method !== 'GET') sendJson(res, 405, { ok: false, error: 'use GET for state' });
    else sendJson(res, 200, { ...standIn.snapshot(), now: standIn.now() });
    return true;
  }
  if (path.startsWith('/_standin/ui/')) {
    await serveUi(standIn, req, res, path.slice('/_standin/ui/'.length));
    return true;
  }
  sendJson(res, 404, { ok: false, error: `not found: ${path}` });
  return true;
}
