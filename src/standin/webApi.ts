/**
 * The Web API methods the stand-in answers, with Slack's argument handling and error codes.
 * Handlers are synchronous and pure over the workspace; HTTP, auth, faults and recording live in
 * the SlackStandIn class.
 */
import { formatProblems, validateBlocks, validateView } from './blockKit.ts';
import type { MessageMetadata, SlackMessage, SlackView, StandInChannel } from './types.ts';
import { clone, isObj, MODAL_STACK_LIMIT, type Workspace } from './workspace.ts';

type Args = Record<string, unknown>;
type Obj = Record<string, unknown>;

export interface ApiResult {
  status: number;
  body: Obj;
  headers?: Record<string, string>;
}

export interface ApiEnv {
  ws: Workspace;
  rateLimit: () => { postsPerSecondPerChannel: number } | false;
  triggerTtlMs: () => number;
  chatWritePublic: boolean;
}

/** Fields Slack takes as JSON (in form bodies they arrive as JSON strings). */
export const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'] as const;

const ok = (body: Obj = {}): ApiResult => ({ status: 200, body: { ok: true, ...body } });
const fail = (error: string, extra: Obj = {}): ApiResult => ({
  status: 200,
  body: { ok: false, error, ...extra },
});
const invalidArgs = (messages: string[]): ApiResult =>
  fail('invalid_arguments', { response_metadata: { messages } });

function str(a: Args, k: string): string | undefined {
  const v = a[k];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}
function bool(a: Args, k: string): boolean {
  const v = a[k];
  return v === true || v === 'true' || v === '1' || v === 1;
}
function int(a: Args, k: string): number | undefined {
  const v = a[k];
  const n =
    typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** '1732262400.000100' → 1732262400000100 (fits a double exactly). */
export function tsToMicros(ts: string): number {
  const [sec = '0', frac = '0'] = ts.split('.');
  return Number(sec) * 1_000_000 + Number(frac.padEnd(6, '0').slice(0, 6));
}

/**
 * A message as the API returns it: a snapshot. The workspace replaces a message's blocks,
 * metadata and thread fields whole when they change and only edits reactions in place, so a
 * copy of the top level and of the reactions is enough (a deep copy of every answer was the
 * stand-in's largest cost under the reminder benchmark).
 */
function toWire(msg: SlackMessage, opts: { metadata?: boolean } = {}): Obj {
  const out = { ...msg } as unknown as Obj;
  if (msg.reactions) out['reactions'] = clone(msg.reactions);
  delete out['unfurl_links'];
  delete out['unfurl_media'];
  if (opts.metadata === false) delete out['metadata'];
  return out;
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}
function decodeCursor(cursor: string): number | undefined {
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

function page<T>(
  items: T[],
  a: Args,
  defaultLimit = 100,
): { items: T[]; hasMore: boolean; nextCursor: string } | { error: string } {
  const cursor = str(a, 'cursor');
  let offset = 0;
  if (cursor) {
    const o = decodeCursor(cursor);
    if (o === undefined) return { error: 'invalid_cursor' };
    offset = o;
  }
  let limit = int(a, 'limit') ?? defaultLimit;
  if (limit <= 0) limit = defaultLimit;
  limit = Math.min(limit, 1000);
  const slice = items.slice(offset, offset + limit);
  const hasMore = offset + limit < items.length;
  return { items: slice, hasMore, nextCursor: hasMore ? encodeCursor(offset + limit) : '' };
}

const RESERVED_NAMES = new Set([
  'archive',
  'archived',
  'archives',
  'channel',
  'channels',
  'everyone',
  'group',
  'groups',
  'here',
  'im',
  'ims',
  'mpim',
  'mpims',
  'private',
  'slackbot',
  'team',
  'you',
]);

/** Slack's channel-name rules (conversations.create); returns an error code or undefined. */
export function channelNameError(name: string | undefined): string | undefined {
  if (name === undefined || name === '') return 'invalid_name_required';
  if (name.length > 80) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  if (/^[_-]+$/.test(name)) return 'invalid_name_punctuation';
  if (RESERVED_NAMES.has(name)) return 'invalid_name';
  return undefined;
}

export const API_METHODS = [
  'api.test',
  'auth.test',
  'chat.postMessage',
  'chat.update',
  'chat.delete',
  'chat.postEphemeral',
  'chat.getPermalink',
  'conversations.create',
  'conversations.invite',
  'conversations.join',
  'conversations.info',
  'conversations.members',
  'conversations.history',
  'conversations.replies',
  'conversations.setTopic',
  'conversations.setPurpose',
  'conversations.open',
  'conversations.list',
  'pins.add',
  'pins.remove',
  'pins.list',
  'reactions.add',
  'reactions.get',
  'users.info',
  'users.list',
  'views.open',
  'views.push',
  'views.update',
  'views.publish',
] as const;

export class WebApi {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly env: ApiEnv) {}

  private get ws(): Workspace {
    return this.env.ws;
  }

  has(method: string): boolean {
    return (API_METHODS as readonly string[]).includes(method);
  }

  handle(method: string, a: Args): ApiResult {
    switch (method) {
      case 'api.test':
        return ok({ args: a });
      case 'auth.test':
        return this.authTest();
      case 'chat.postMessage':
        return this.postMessage(a);
      case 'chat.update':
        return this.update(a);
      case 'chat.delete':
        return this.delete(a);
      case 'chat.postEphemeral':
        return this.postEphemeral(a);
      case 'chat.getPermalink':
        return this.getPermalink(a);
      case 'conversations.create':
        return this.create(a);
      case 'conversations.invite':
        return this.invite(a);
      case 'conversations.join':
        return this.join(a);
      case 'conversations.info':
        return this.info(a);
      case 'conversations.members':
        return this.members(a);
      case 'conversations.history':
        return this.history(a);
      case 'conversations.replies':
        return this.replies(a);
      case 'conversations.setTopic':
        return this.setTopicOrPurpose(a, 'topic');
      case 'conversations.setPurpose':
        return this.setTopicOrPurpose(a, 'purpose');
      case 'conversations.open':
        return this.open(a);
      case 'conversations.list':
        return this.list(a);
      case 'pins.add':
        return this.pinsAdd(a);
      case 'pins.remove':
        return this.pinsRemove(a);
      case 'pins.list':
        return this.pinsList(a);
      case 'reactions.add':
        return this.reactionsAdd(a);
      case 'reactions.get':
        return this.reactionsGet(a);
      case 'users.info':
        return this.usersInfo(a);
      case 'users.list':
        return this.usersList(a);
      case 'views.open':
        return this.viewsOpen(a);
      case 'views.push':
        return this.viewsPush(a);
      case 'views.update':
        return this.viewsUpdate(a);
      case 'views.publish':
        return this.viewsPublish(a);
      default:
        return fail('unknown_method');
    }
  }

  // ------------------------------------------------------------------ helpers

  /** Can the bot see (and, unless `read`, write to) this channel? */
  private access(
    ref: string | undefined,
    mode: 'post' | 'member' | 'read',
  ): { ch: StandInChannel } | { error: ApiResult } {
    if (!ref) return { error: fail('channel_not_found') };
    const ch = mode === 'post' ? this.ws.resolveChannel(ref) : this.ws.channels.get(ref);
    if (!ch) return { error: fail('channel_not_found') };
    const member = ch.members.includes(this.ws.bot.userId);
    if (ch.isPrivate && !member) return { error: fail('channel_not_found') };
    if (mode === 'read') return { ch };
    if (ch.isArchived) return { error: fail('is_archived') };
    if (!member && !(mode === 'post' && this.env.chatWritePublic))
      return { error: fail('not_in_channel') };
    return { ch };
  }

  private content(
    a: Args,
    requireContent: boolean,
  ): { text?: string; blocks?: unknown[]; attachments?: unknown[] } | { error: ApiResult } {
    const out: { text?: string; blocks?: unknown[]; attachments?: unknown[] } = {};
    const text = str(a, 'text');
    if (text !== undefined) out.text = text;
    if (a['blocks'] !== undefined && a['blocks'] !== '') {
      if (!Array.isArray(a['blocks'])) return { error: fail('invalid_blocks_format') };
      out.blocks = a['blocks'];
    }
    if (a['attachments'] !== undefined && a['attachments'] !== '') {
      if (!Array.isArray(a['attachments'])) return { error: fail('invalid_attachments') };
      if (a['attachments'].length > 100) return { error: fail('too_many_attachments') };
      out.attachments = a['attachments'];
    }
    const hasContent =
      (out.text !== undefined && out.text !== '') ||
      (out.blocks?.length ?? 0) > 0 ||
      (out.attachments?.length ?? 0) > 0;
    if (requireContent && !hasContent) return { error: fail('no_text') };
    if (out.text !== undefined && out.text.length > 40_000) return { error: fail('msg_too_long') };
    if (out.blocks) {
      const problems = validateBlocks(out.blocks, { surface: 'message' });
      if (problems.length > 0) {
        return {
          error: fail('invalid_blocks', {
            errors: problems.map((p) => `${p.message} [json-pointer:${p.path}]`),
            response_metadata: { messages: formatProblems(problems) },
          }),
        };
      }
    }
    return out;
  }

  private metadata(a: Args): { value?: MessageMetadata } | { error: ApiResult } {
    const m = a['metadata'];
    if (m === undefined || m === '') return {};
    if (!isObj(m) || typeof m['event_type'] !== 'string' || m['event_type'] === '') {
      return { error: fail('invalid_metadata_format') };
    }
    if (m['event_payload'] !== undefined && !isObj(m['event_payload'])) {
      return { error: fail('invalid_metadata_format') };
    }
    return {
      value: { event_type: m['event_type'], event_payload: (m['event_payload'] as Obj) ?? {} },
    };
  }

  /** Sliding one-second window per key; returns seconds to wait when over the limit. */
  private rateLimited(key: string): number | undefined {
    const limit = this.env.rateLimit();
    if (limit === false) return undefined;
    const now = this.ws.now();
    const hits = (this.hits.get(key) ?? []).filter((t) => now - t < 1000);
    this.hits.set(key, hits);
    if (hits.length < limit.postsPerSecondPerChannel) return undefined;
    const oldest = hits[0] ?? now;
    return Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
  }

  private hit(key: string): void {
    const hits = this.hits.get(key) ?? [];
    hits.push(this.ws.now());
    this.hits.set(key, hits);
  }

  /** Forget rate-limit history (after the limit changes). */
  resetRateLimits(): void {
    this.hits.clear();
  }

  private ratelimitedResult(retryAfter: number): ApiResult {
    return {
      status: 429,
      body: { ok: false, error: 'ratelimited' },
      headers: { 'Retry-After': String(retryAfter) },
    };
  }

  private checkTrigger(
    id: string | undefined,
  ): { userId: string; use: () => void } | { error: ApiResult } {
    if (!id) return { error: invalidArgs(['[ERROR] missing required field: trigger_id']) };
    const t = this.ws.triggers.get(id);
    if (!t) return { error: fail('invalid_trigger_id') };
    if (t.used) return { error: fail('exchanged_trigger_id') };
    if (this.ws.now() - t.createdAtMs > this.env.triggerTtlMs())
      return { error: fail('expired_trigger_id') };
    return {
      userId: t.userId,
      use: () => {
        t.used = true;
      },
    };
  }

  private viewArg(
    a: Args,
    types: ('modal' | 'home')[],
    selfViewId?: string,
  ): { view: Obj } | { error: ApiResult } {
    const v = a['view'];
    if (v === undefined) return { error: invalidArgs(['[ERROR] missing required field: view']) };
    if (!isObj(v))
      return { error: invalidArgs(['[ERROR] must provide an object [json-pointer:/view]']) };
    const problems = validateView(v, { types });
    if (problems.length > 0) return { error: invalidArgs(formatProblems(problems)) };
    const ext = v['external_id'];
    if (typeof ext === 'string' && ext !== '') {
      const owner = this.ws.findViewByExternalId(ext);
      if (owner && owner.view.id !== selfViewId) return { error: fail('duplicate_external_id') };
    }
    return { view: v };
  }

  private wireView(view: SlackView): Obj {
    return clone(view) as unknown as Obj;
  }

  // ------------------------------------------------------------------ auth

  private authTest(): ApiResult {
    const { team, bot } = this.ws;
    return ok({
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: bot.name,
      team_id: team.id,
      user_id: bot.userId,
      bot_id: bot.botId,
      is_enterprise_install: false,
    });
  }

  // ------------------------------------------------------------------ chat.*

  private postMessage(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'post');
    if ('error' in acc) return acc.error;
    const { ch } = acc;
    const c = this.content(a, true);
    if ('error' in c) return c.error;
    const md = this.metadata(a);
    if ('error' in md) return md.error;
    const threadTs = str(a, 'thread_ts');
    if (threadTs && !this.ws.findMessage(ch.id, threadTs)) return fail('thread_not_found');
    const wait = this.rateLimited(`chat.postMessage:${ch.id}`);
    if (wait !== undefined) return this.ratelimitedResult(wait);
    this.hit(`chat.postMessage:${ch.id}`);
    const msg = this.ws.postMessage(ch.id, {
      text: c.text ?? '',
      user: this.ws.bot.userId,
      asBot: true,
      ...(c.blocks ? { blocks: c.blocks } : {}),
      ...(c.attachments ? { attachments: c.attachments } : {}),
      ...(md.value ? { metadata: md.value } : {}),
      ...(threadTs ? { threadTs, broadcast: bool(a, 'reply_broadcast') } : {}),
      ...(a['unfurl_links'] !== undefined ? { unfurlLinks: bool(a, 'unfurl_links') } : {}),
      ...(a['unfurl_media'] !== undefined ? { unfurlMedia: bool(a, 'unfurl_media') } : {}),
    });
    return ok({ channel: ch.id, ts: msg.ts, message: toWire(msg) });
  }

  private update(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'read');
    if ('error' in acc) return acc.error;
    const ts = str(a, 'ts');
    const msg = ts ? this.ws.findMessage(acc.ch.id, ts) : undefined;
    if (!ts || !msg) return fail('message_not_found');
    if (msg.bot_id !== this.ws.bot.botId) return fail('cant_update_message');
    const c = this.content(a, true);
    if ('error' in c) return c.error;
    const md = this.metadata(a);
    if ('error' in md) return md.error;
    const updated = this.ws.updateMessage(
      acc.ch.id,
      ts,
      {
        ...(c.text !== undefined ? { text: c.text } : {}),
        ...(c.blocks !== undefined ? { blocks: c.blocks } : {}),
        ...(c.attachments !== undefined ? { attachments: c.attachments } : {}),
        ...(md.value ? { metadata: md.value } : {}),
      },
      this.ws.bot.userId,
    );
    return ok({ channel: acc.ch.id, ts, text: updated.text, message: toWire(updated) });
  }

  private delete(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'read');
    if ('error' in acc) return acc.error;
    const ts = str(a, 'ts');
    const msg = ts ? this.ws.findMessage(acc.ch.id, ts) : undefined;
    if (!ts || !msg || msg.subtype === 'tombstone') return fail('message_not_found');
    if (msg.bot_id !== this.ws.bot.botId) return fail('cant_delete_message');
    this.ws.deleteMessage(acc.ch.id, ts);
    return ok({ channel: acc.ch.id, ts });
  }

  private postEphemeral(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'post');
    if ('error' in acc) return acc.error;
    const { ch } = acc;
    const userId = str(a, 'user');
    if (!userId || !this.ws.users.has(userId)) return fail('user_not_found');
    if (!ch.members.includes(userId)) return fail('user_not_in_channel');
    const c = this.content(a, true);
    if ('error' in c) return c.error;
    const wait = this.rateLimited(`chat.postEphemeral:${ch.id}`);
    if (wait !== undefined) return this.ratelimitedResult(wait);
    this.hit(`chat.postEphemeral:${ch.id}`);
    const threadTs = str(a, 'thread_ts');
    const e = this.ws.addEphemeral({
      channelId: ch.id,
      userId,
      text: c.text ?? '',
      ...(c.blocks ? { blocks: c.blocks } : {}),
      ...(threadTs ? { threadTs } : {}),
      source: 'chat.postEphemeral',
    });
    return ok({ message_ts: e.ts });
  }

  private getPermalink(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'read');
    if ('error' in acc) return acc.error;
    const ts = str(a, 'message_ts');
    if (!ts || !this.ws.findMessage(acc.ch.id, ts)) return fail('message_not_found');
    return ok({ channel: acc.ch.id, permalink: this.ws.permalink(acc.ch.id, ts) });
  }

  // ------------------------------------------------------------------ conversations.*

  private create(a: Args): ApiResult {
    const name = str(a, 'name');
    const err = channelNameError(name);
    if (err || name === undefined) return fail(err ?? 'invalid_name_required');
    if (this.ws.channelByName(name)) return fail('name_taken');
    const ch = this.ws.addChannel({
      name,
      isPrivate: bool(a, 'is_private'),
      members: [],
      botMember: true,
      creator: this.ws.bot.userId,
    });
    return ok({ channel: this.ws.channelInfo(ch) });
  }

  private invite(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'member');
    if ('error' in acc) return acc.error;
    const { ch } = acc;
    if (ch.isIm) return fail('method_not_supported_for_channel_type');
    const raw = str(a, 'users') ?? '';
    const ids = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (ids.length === 0) return fail('no_user');
    if (ids.length > 1000) return fail('too_many_users');
    const errors: Obj[] = [];
    for (const id of ids) {
      if (id === this.ws.bot.userId)
        errors.push({ user: id, ok: false, error: 'cant_invite_self' });
      else if (!this.ws.users.has(id))
        errors.push({ user: id, ok: false, error: 'user_not_found' });
    }
    const first = errors[0];
    if (first && !bool(a, 'force')) return fail(String(first['error']), { errors });
    const fresh = ids.filter(
      (id) => this.ws.users.has(id) && id !== this.ws.bot.userId && !ch.members.includes(id),
    );
    if (fresh.length === 0) {
      return fail('already_in_channel', {
        errors: ids.map((user) => ({ user, ok: false, error: 'already_in_channel' })),
      });
    }
    this.ws.addMembers(ch.id, [...new Set(fresh)]);
    return ok({ channel: this.ws.channelInfo(ch), ...(errors.length ? { errors } : {}) });
  }

  private join(a: Args): ApiResult {
    const ref = str(a, 'channel');
    const ch = ref ? this.ws.channels.get(ref) : undefined;
    if (!ch || (ch.isPrivate && !ch.members.includes(this.ws.bot.userId)))
      return fail('channel_not_found');
    if (ch.isIm || ch.isPrivate) return fail('method_not_supported_for_channel_type');
    if (ch.isArchived) return fail('is_archived');
    if (ch.members.includes(this.ws.bot.userId)) {
      return ok({
        channel: this.ws.channelInfo(ch),
        warning: 'already_in_channel',
        response_metadata: { warnings: ['already_in_channel'] },
      });
    }
    this.ws.addMembers(ch.id, [this.ws.bot.userId]);
    return ok({ channel: this.ws.channelInfo(ch) });
  }

  private info(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'read');
    if ('error' in acc) return acc.error;
    return ok({
      channel: this.ws.channelInfo(acc.ch, { numMembers: bool(a, 'include_num_members') }),
    });
  }

  private members(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'read');
    if ('error' in acc) return acc.error;
    const p = page(acc.ch.members, a);
    if ('error' in p) return fail(p.error);
    return ok({ members: p.items, response_metadata: { next_cursor: p.nextCursor } });
  }

  private window(a: Args, messages: SlackMessage[]): SlackMessage[] {
    const inclusive = bool(a, 'inclusive');
    const oldest = str(a, 'oldest');
    const latest = str(a, 'latest');
    const lo = oldest ? tsToMicros(oldest) : undefined;
    const hi = latest ? tsToMicros(latest) : undefined;
    return messages.filter((m) => {
      const t = tsToMicros(m.ts);
      if (lo !== undefined && (inclusive ? t < lo : t <= lo)) return false;
      if (hi !== undefined && (inclusive ? t > hi : t >= hi)) return false;
      return true;
    });
  }

  private history(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'member');
    if ('error' in acc) return acc.error;
    const all = this.window(a, this.ws.topLevel(acc.ch.id)).reverse();
    const p = page(all, a);
    if ('error' in p) return fail(p.error);
    const metadata = bool(a, 'include_all_metadata');
    return ok({
      messages: p.items.map((m) => toWire(m, { metadata })),
      has_more: p.hasMore,
      pin_count: acc.ch.pins.length,
      channel_actions_ts: null,
      channel_actions_count: 0,
      ...(p.hasMore ? { response_metadata: { next_cursor: p.nextCursor } } : {}),
    });
  }

  private replies(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'member');
    if ('error' in acc) return acc.error;
    const ts = str(a, 'ts');
    if (!ts || !this.ws.findMessage(acc.ch.id, ts)) return fail('thread_not_found');
    const thread = this.ws.thread(acc.ch.id, ts);
    const p = page(this.window(a, thread), a, 1000);
    if ('error' in p) return fail(p.error);
    const metadata = bool(a, 'include_all_metadata');
    return ok({
      messages: p.items.map((m) => toWire(m, { metadata })),
      has_more: p.hasMore,
      ...(p.hasMore ? { response_metadata: { next_cursor: p.nextCursor } } : {}),
    });
  }

  private setTopicOrPurpose(a: Args, field: 'topic' | 'purpose'): ApiResult {
    const acc = this.access(str(a, 'channel'), 'member');
    if ('error' in acc) return acc.error;
    if (acc.ch.isIm) return fail('method_not_supported_for_channel_type');
    const value = str(a, field) ?? '';
    if (value.length > 250) return fail('too_long');
    this.ws.setTopicOrPurpose(acc.ch.id, field, value, this.ws.bot.userId);
    return ok({ channel: this.ws.channelInfo(acc.ch) });
  }

  private open(a: Args): ApiResult {
    const users = (str(a, 'users') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const channelRef = str(a, 'channel');
    if (channelRef) {
      const ch = this.ws.channels.get(channelRef);
      if (!ch?.isIm) return fail('channel_not_found');
      return ok({ no_op: true, already_open: true, channel: { id: ch.id } });
    }
    if (users.length === 0) return fail('users_list_not_supplied');
    if (users.length > 1) return fail('not_enough_users', { detail: 'group DMs are not emulated' });
    const userId = users[0] ?? '';
    if (!this.ws.users.has(userId)) return fail('user_not_found');
    const ch = this.ws.openIm(userId);
    return ok({
      channel: bool(a, 'return_im') ? this.ws.channelInfo(ch) : { id: ch.id },
    });
  }

  private list(a: Args): ApiResult {
    const types = (str(a, 'types') ?? 'public_channel').split(',').map((s) => s.trim());
    const excludeArchived = bool(a, 'exclude_archived');
    const bot = this.ws.bot.userId;
    const all = [...this.ws.channels.values()].filter((ch) => {
      if (excludeArchived && ch.isArchived) return false;
      if (ch.isIm) return types.includes('im') && ch.members.includes(bot);
      if (ch.isPrivate) return types.includes('private_channel') && ch.members.includes(bot);
      return types.includes('public_channel');
    });
    const p = page(all, a);
    if ('error' in p) return fail(p.error);
    return ok({
      channels: p.items.map((ch) => this.ws.channelInfo(ch, { numMembers: true })),
      response_metadata: { next_cursor: p.nextCursor },
    });
  }

  // ------------------------------------------------------------------ pins / reactions

  private pinsAdd(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'member');
    if ('error' in acc) return acc.error;
    const ts = str(a, 'timestamp');
    if (!ts) return fail('no_item_specified');
    const err = this.ws.addPin(acc.ch.id, ts, this.ws.bot.userId);
    return err ? fail(err) : ok();
  }

  private pinsRemove(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'member');
    if ('error' in acc) return acc.error;
    const ts = str(a, 'timestamp');
    if (!ts) return fail('no_item_specified');
    const err = this.ws.removePin(acc.ch.id, ts);
    return err ? fail(err) : ok();
  }

  private pinsList(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'read');
    if ('error' in acc) return acc.error;
    const { ch } = acc;
    const items = ch.pins.flatMap((p) => {
      const msg = this.ws.findMessage(ch.id, p.ts);
      if (!msg) return [];
      return [
        {
          type: 'message',
          created: p.created,
          created_by: p.createdBy,
          channel: ch.id,
          message: {
            ...toWire(msg),
            permalink: this.ws.permalink(ch.id, msg.ts),
            pinned_to: [ch.id],
          },
        },
      ];
    });
    return ok({ items });
  }

  private reactionsAdd(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'read');
    if ('error' in acc) return acc.error;
    const ts = str(a, 'timestamp');
    if (!ts) return fail('no_item_specified');
    const name = (str(a, 'name') ?? '').replace(/^:|:$/g, '');
    if (!/^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/.test(name)) return fail('invalid_name');
    const err = this.ws.addReaction(acc.ch.id, ts, name, this.ws.bot.userId);
    return err ? fail(err) : ok();
  }

  private reactionsGet(a: Args): ApiResult {
    const acc = this.access(str(a, 'channel'), 'read');
    if ('error' in acc) return acc.error;
    const ts = str(a, 'timestamp');
    if (!ts) return fail('no_item_specified');
    const msg = this.ws.findMessage(acc.ch.id, ts);
    if (!msg) return fail('message_not_found');
    return ok({
      type: 'message',
      channel: acc.ch.id,
      message: { ...toWire(msg), permalink: this.ws.permalink(acc.ch.id, ts) },
    });
  }

  // ------------------------------------------------------------------ users

  private usersInfo(a: Args): ApiResult {
    const id = str(a, 'user');
    const u = id ? this.ws.users.get(id) : undefined;
    if (!u) return fail('user_not_found');
    return ok({ user: this.ws.userInfo(u, { locale: bool(a, 'include_locale') }) });
  }

  private usersList(a: Args): ApiResult {
    const p = page([...this.ws.users.values()], a, 200);
    if ('error' in p) return fail(p.error);
    const locale = bool(a, 'include_locale');
    return ok({
      members: p.items.map((u) => this.ws.userInfo(u, { locale })),
      cache_ts: this.ws.nowSeconds(),
      response_metadata: { next_cursor: p.nextCursor },
    });
  }

  // ------------------------------------------------------------------ views

  private viewsOpen(a: Args): ApiResult {
    const t = this.checkTrigger(str(a, 'trigger_id') ?? str(a, 'interactivity_pointer'));
    if ('error' in t) return t.error;
    const v = this.viewArg(a, ['modal']);
    if ('error' in v) return v.error;
    t.use();
    return ok({ view: this.wireView(this.ws.openModal(t.userId, v.view)) });
  }

  private viewsPush(a: Args): ApiResult {
    const t = this.checkTrigger(str(a, 'trigger_id') ?? str(a, 'interactivity_pointer'));
    if ('error' in t) return t.error;
    const v = this.viewArg(a, ['modal']);
    if ('error' in v) return v.error;
    const stack = this.ws.modalStacks.get(t.userId) ?? [];
    if (stack.length === 0)
      return fail('not_found', { detail: 'the user has no open modal to push onto' });
    if (stack.length >= MODAL_STACK_LIMIT) return fail('push_limit_reached');
    t.use();
    return ok({ view: this.wireView(this.ws.pushModal(t.userId, v.view)) });
  }

  private viewsUpdate(a: Args): ApiResult {
    const viewId = str(a, 'view_id');
    const externalId = str(a, 'external_id');
    if (!viewId && !externalId) {
      return invalidArgs(['[ERROR] must provide either view_id or external_id']);
    }
    const loc = viewId ? this.ws.findView(viewId) : this.ws.findViewByExternalId(externalId ?? '');
    if (!loc) return fail('not_found');
    const hash = str(a, 'hash');
    if (hash && hash !== loc.view.hash) return fail('hash_conflict');
    const v = this.viewArg(a, [loc.kind], loc.view.id);
    if ('error' in v) return v.error;
    return ok({ view: this.wireView(this.ws.replaceView(loc, v.view)) });
  }

  private viewsPublish(a: Args): ApiResult {
    const userId = str(a, 'user_id');
    if (!userId || !this.ws.users.has(userId)) return fail('user_not_found');
    const existing = this.ws.homeViews.get(userId);
    const hash = str(a, 'hash');
    if (hash && existing && hash !== existing.hash) return fail('hash_conflict');
    const v = this.viewArg(a, ['home'], existing?.id);
    if ('error' in v) return v.error;
    return ok({ view: this.wireView(this.ws.publishHome(userId, v.view)) });
  }
}
