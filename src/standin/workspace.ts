/**
 * The stand-in's workspace state: team, users, channels, messages, ephemerals, views, triggers
 * and response_urls. Every mutation reports a change through `emit`, so a web page (or a test
 * waiting on something) can follow along.
 */
import { randomBytes } from 'node:crypto';
import { STATEFUL_ELEMENT_TYPES } from './blockKit.ts';
import type {
  ChannelSeed,
  EphemeralSource,
  MessageMetadata,
  ResponseUrlOrigin,
  ResponseUrlPost,
  SlackMessage,
  SlackView,
  StandInChange,
  StandInChannel,
  StandInEphemeral,
  StandInUser,
  UserSeed,
  ViewStateValue,
  ViewStateValues,
} from './types.ts';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Trigger {
  id: string;
  userId: string;
  createdAtMs: number;
  used: boolean;
}

export interface ResponseUrlInfo {
  id: string;
  url: string;
  origin: ResponseUrlOrigin;
  createdAtMs: number;
  uses: number;
}

export interface TeamInfo {
  id: string;
  name: string;
  domain: string;
}

export interface BotInfo {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export interface ViewLocation {
  view: SlackView;
  userId: string;
  kind: 'modal' | 'home';
  /** Index in the user's modal stack (modals only). */
  index: number;
}

/** Slack allows 3 views in a modal stack. */
export const MODAL_STACK_LIMIT = 3;
/** A response_url may be used 5 times within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

function tzOffsetSeconds(tz: string, atMs: number): number {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
      .formatToParts(new Date(atMs))
      .find((p) => p.type === 'timeZoneName')?.value;
    const m = parts ? /GMT([+-])(\d{2}):(\d{2})/.exec(parts) : null;
    if (!m) return 0;
    const sign = m[1] === '-' ? -1 : 1;
    return sign * (Number(m[2]) * 3600 + Number(m[3]) * 60);
  } catch {
    return 0;
  }
}

/**
 * A deep copy. What the stand-in copies is JSON data (request arguments, stored messages), and
 * copying that field by field costs a fraction of `structuredClone`, which is most of a
 * `chat.postMessage`'s time here; anything else (a Map, a Date) still goes to structuredClone.
 */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone) as T;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v)) out[key] = clone((v as Record<string, unknown>)[key]);
  return out as T;
}

/**
 * What an offline run keeps between restarts (`src/standin/stateFile.ts`): the channels with
 * their messages, threads, reactions and pins, and the id and ts counters, so the app's stored
 * cards and incident messages are still there and new ids never repeat. Users are seeds, and
 * open modals and ephemerals do not outlive a restart in Slack either.
 */
export interface WorkspaceState {
  version: 1;
  channels: Array<StandInChannel & { messages: SlackMessage[] }>;
  counters: Record<string, number>;
  lastTsMicros: number;
}

export class Workspace {
  readonly team: TeamInfo;
  readonly bot: BotInfo;
  readonly users = new Map<string, StandInUser>();
  readonly channels = new Map<string, StandInChannel>();
  readonly ephemerals: StandInEphemeral[] = [];
  readonly modalStacks = new Map<string, SlackView[]>();
  readonly homeViews = new Map<string, SlackView>();
  readonly closedViews: SlackView[] = [];
  readonly viewErrors = new Map<string, Record<string, string>>();
  readonly triggers = new Map<string, Trigger>();
  readonly responseUrls = new Map<string, ResponseUrlInfo>();
  readonly responseUrlPosts: ResponseUrlPost[] = [];
  private readonly messages = new Map<string, SlackMessage[]>();
  /** Each channel's messages by ts: a busy channel holds thousands, and most calls name one. */
  private readonly messagesByTs = new Map<string, Map<string, SlackMessage>>();
  private readonly counters = new Map<string, number>();
  private lastTsMicros = 0;

  constructor(
    readonly now: () => number,
    private readonly emit: (change: StandInChange) => void,
    team: TeamInfo,
    bot: BotInfo,
  ) {
    this.team = team;
    this.bot = bot;
    this.users.set(bot.userId, {
      id: bot.userId,
      name: bot.name,
      realName: bot.name,
      locale: 'en-US',
      tz: 'Asia/Riyadh',
      isBot: true,
      isAdmin: false,
      teamId: team.id,
      botId: bot.botId,
    });
  }

  // ---------------------------------------------------------------- ids and timestamps

  newId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${n.toString(36).toUpperCase().padStart(10, '0')}`;
  }

  /** A unique, increasing message ts derived from the clock ('1732262400.000100'). */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.now()) * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const sec = Math.floor(micros / 1_000_000);
    const frac = String(micros % 1_000_000).padStart(6, '0');
    return `${sec}.${frac}`;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  newHash(): string {
    return `${this.nowSeconds()}.${randomBytes(4).toString('hex')}`;
  }

  permalink(channelId: string, ts: string): string {
    const base = `https://${this.team.domain}.slack.com/archives/${channelId}/p${ts.replace('.', '')}`;
    const msg = this.findMessage(channelId, ts);
    if (msg?.thread_ts && msg.thread_ts !== msg.ts) {
      return `${base}?thread_ts=${msg.thread_ts}&cid=${channelId}`;
    }
    return base;
  }

  // ---------------------------------------------------------------- users and channels

  addUser(seed: UserSeed): StandInUser {
    const id = seed.id ?? this.newId('U');
    if (this.users.has(id)) throw new Error(`stand-in: user ${id} already exists`);
    const user: StandInUser = {
      id,
      name: seed.name,
      realName: seed.realName ?? seed.name,
      locale: seed.locale ?? 'ar-SA',
      tz: seed.tz ?? 'Asia/Riyadh',
      isBot: seed.isBot ?? false,
      isAdmin: seed.isAdmin ?? false,
      teamId: seed.teamId ?? this.team.id,
      ...(seed.email !== undefined ? { email: seed.email } : {}),
    };
    this.users.set(id, user);
    this.emit({ kind: 'user_added', userId: id });
    return user;
  }

  addChannel(seed: ChannelSeed): StandInChannel {
    const id = seed.id ?? this.newId('C');
    if (this.channels.has(id)) throw new Error(`stand-in: channel ${id} already exists`);
    if (this.channelByName(seed.name))
      throw new Error(`stand-in: channel #${seed.name} already exists`);
    const members = [...(seed.members ?? [])];
    for (const m of members) {
      if (!this.users.has(m)) throw new Error(`stand-in: channel member ${m} is not a known user`);
    }
    if ((seed.botMember ?? true) && !members.includes(this.bot.userId))
      members.push(this.bot.userId);
    const creator = seed.creator ?? members[0] ?? this.bot.userId;
    const created = this.nowSeconds();
    const channel: StandInChannel = {
      id,
      name: seed.name,
      isPrivate: seed.isPrivate ?? false,
      isExtShared: seed.isExtShared ?? false,
      isIm: false,
      isArchived: false,
      members,
      topic: {
        value: seed.topic ?? '',
        creator: seed.topic ? creator : '',
        last_set: seed.topic ? created : 0,
      },
      purpose: {
        value: seed.purpose ?? '',
        creator: seed.purpose ? creator : '',
        last_set: seed.purpose ? created : 0,
      },
      pins: [],
      created,
      creator,
    };
    this.channels.set(id, channel);
    this.messages.set(id, []);
    this.messagesByTs.set(id, new Map());
    this.emit({ kind: 'channel_created', channelId: id });
    return channel;
  }

  /** The bot's direct-message channel with a user (created on first use). */
  openIm(userId: string): StandInChannel {
    for (const ch of this.channels.values()) {
      if (ch.isIm && ch.members.includes(userId)) return ch;
    }
    const id = this.newId('D');
    const channel: StandInChannel = {
      id,
      name: userId,
      isPrivate: true,
      isExtShared: false,
      isIm: true,
      isArchived: false,
      members: [userId, this.bot.userId],
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      pins: [],
      created: this.nowSeconds(),
      creator: this.bot.userId,
    };
    this.channels.set(id, channel);
    this.messages.set(id, []);
    this.messagesByTs.set(id, new Map());
    this.emit({ kind: 'channel_created', channelId: id });
    return channel;
  }

  channelByName(name: string): StandInChannel | undefined {
    const n = name.replace(/^#/, '');
    for (const ch of this.channels.values()) if (!ch.isIm && ch.name === n) return ch;
    return undefined;
  }

  /** Resolves a channel reference the way chat.postMessage does: id, `#name`/name, or a user id (DM). */
  resolveChannel(ref: string): StandInChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    if (/^[UW]/.test(ref) && this.users.has(ref)) return this.openIm(ref);
    return this.channelByName(ref);
  }

  isMember(channelId: string, userId: string): boolean {
    return this.channels.get(channelId)?.members.includes(userId) ?? false;
  }

  addMembers(channelId: string, userIds: string[]): void {
    const ch = this.channels.get(channelId);
    if (!ch) throw new Error(`stand-in: unknown channel ${channelId}`);
    const added = userIds.filter((u) => !ch.members.includes(u));
    if (added.length === 0) return;
    ch.members.push(...added);
    this.emit({ kind: 'members_changed', channelId, added });
  }

  setTopicOrPurpose(
    channelId: string,
    field: 'topic' | 'purpose',
    value: string,
    userId: string,
  ): void {
    const ch = this.channels.get(channelId);
    if (!ch) throw new Error(`stand-in: unknown channel ${channelId}`);
    ch[field] = { value, creator: userId, last_set: this.nowSeconds() };
    this.emit({ kind: 'channel_updated', channelId, field });
  }

  channelInfo(ch: StandInChannel, opts: { numMembers?: boolean } = {}): Obj {
    if (ch.isIm) {
      return {
        id: ch.id,
        created: ch.created,
        is_im: true,
        is_org_shared: false,
        user: ch.members.find((m) => m !== this.bot.userId) ?? ch.members[0],
        is_user_deleted: false,
        priority: 0,
      };
    }
    return {
      id: ch.id,
      name: ch.name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: ch.isPrivate,
      created: ch.created,
      is_archived: ch.isArchived,
      is_general: false,
      unlinked: 0,
      name_normalized: ch.name,
      is_shared: ch.isExtShared,
      is_org_shared: false,
      is_ext_shared: ch.isExtShared,
      is_pending_ext_shared: false,
      pending_shared: [],
      context_team_id: this.team.id,
      creator: ch.creator,
      is_member: ch.members.includes(this.bot.userId),
      topic: { ...ch.topic },
      purpose: { ...ch.purpose },
      previous_names: [],
      ...(opts.numMembers ? { num_members: ch.members.length } : {}),
    };
  }

  userInfo(u: StandInUser, opts: { locale?: boolean } = {}): Obj {
    const offset = tzOffsetSeconds(u.tz, this.now());
    return {
      id: u.id,
      team_id: u.teamId,
      name: u.name,
      deleted: false,
      color: '9f69e7',
      real_name: u.realName,
      tz: u.tz,
      tz_label: u.tz,
      tz_offset: offset,
      profile: {
        real_name: u.realName,
        real_name_normalized: u.realName,
        display_name: u.name,
        display_name_normalized: u.name,
        team: u.teamId,
        ...(u.email ? { email: u.email } : {}),
        ...(u.botId ? { bot_id: u.botId, api_app_id: this.bot.appId, always_active: true } : {}),
      },
      is_admin: u.isAdmin,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: u.teamId !== this.team.id,
      is_ultra_restricted: false,
      is_bot: u.isBot,
      is_app_user: false,
      is_stranger: u.teamId !== this.team.id,
      updated: this.nowSeconds(),
      ...(opts.locale ? { locale: u.locale } : {}),
    };
  }

  // ---------------------------------------------------------------- messages

  /** All messages of a channel, replies included, oldest first (the live array). */
  allMessages(channelId: string): SlackMessage[] {
    return this.messages.get(channelId) ?? [];
  }

  /** Top-level messages (and thread broadcasts), oldest first. */
  topLevel(channelId: string): SlackMessage[] {
    return this.allMessages(channelId).filter(
      (m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === 'thread_broadcast',
    );
  }

  /** A thread: parent first, then replies (broadcasts included), oldest first. */
  thread(channelId: string, ts: string): SlackMessage[] {
    const msg = this.findMessage(channelId, ts);
    if (!msg) return [];
    const root = msg.thread_ts ?? msg.ts;
    return this.allMessages(channelId).filter((m) => m.ts === root || m.thread_ts === root);
  }

  findMessage(channelId: string, ts: string): SlackMessage | undefined {
    return this.messagesByTs.get(channelId)?.get(ts);
  }

  /** Stores a message. `threadTs` may name any message of a thread; it is normalised to the root. */
  postMessage(
    channelId: string,
    input: {
      text: string;
      user: string;
      asBot?: boolean;
      blocks?: unknown[];
      attachments?: unknown[];
      metadata?: MessageMetadata;
      threadTs?: string;
      broadcast?: boolean;
      unfurlLinks?: boolean;
      unfurlMedia?: boolean;
    },
  ): SlackMessage {
    const list = this.messages.get(channelId);
    if (!list) throw new Error(`stand-in: unknown channel ${channelId}`);
    const ts = this.nextTs();
    const u = this.users.get(input.user);
    const msg: SlackMessage = {
      type: 'message',
      ts,
      user: input.user,
      text: input.text,
      team: u?.teamId ?? this.team.id,
    };
    if (input.asBot) {
      msg.bot_id = this.bot.botId;
      msg.app_id = this.bot.appId;
      msg.bot_profile = {
        id: this.bot.botId,
        app_id: this.bot.appId,
        name: this.bot.name,
        team_id: this.team.id,
        deleted: false,
      };
    }
    if (input.blocks) msg.blocks = withGeneratedIds(clone(input.blocks));
    if (input.attachments) msg.attachments = clone(input.attachments);
    if (input.metadata) msg.metadata = clone(input.metadata);
    if (input.unfurlLinks !== undefined) msg.unfurl_links = input.unfurlLinks;
    if (input.unfurlMedia !== undefined) msg.unfurl_media = input.unfurlMedia;
    if (input.threadTs) {
      const parent = this.findMessage(channelId, input.threadTs);
      if (!parent) throw new Error(`stand-in: no message ${input.threadTs} in ${channelId}`);
      const root = parent.thread_ts ?? parent.ts;
      const rootMsg = this.findMessage(channelId, root) ?? parent;
      msg.thread_ts = root;
      msg.parent_user_id = rootMsg.user ?? '';
      if (input.broadcast) msg.subtype = 'thread_broadcast';
      rootMsg.thread_ts = root;
      rootMsg.reply_count = (rootMsg.reply_count ?? 0) + 1;
      const users = new Set(rootMsg.reply_users ?? []);
      users.add(input.user);
      rootMsg.reply_users = [...users];
      rootMsg.reply_users_count = users.size;
      rootMsg.latest_reply = ts;
    }
    list.push(msg);
    this.messagesByTs.get(channelId)?.set(ts, msg);
    this.emit({
      kind: 'message_posted',
      channelId,
      ts,
      ...(msg.thread_ts ? { threadTs: msg.thread_ts } : {}),
    });
    return msg;
  }

  updateMessage(
    channelId: string,
    ts: string,
    patch: {
      text?: string;
      blocks?: unknown[];
      attachments?: unknown[];
      metadata?: MessageMetadata;
    },
    editor: string,
  ): SlackMessage {
    const msg = this.findMessage(channelId, ts);
    if (!msg) throw new Error(`stand-in: no message ${ts} in ${channelId}`);
    if (patch.text !== undefined) msg.text = patch.text;
    if (patch.blocks !== undefined) {
      if (patch.blocks.length === 0) delete msg.blocks;
      else msg.blocks = withGeneratedIds(clone(patch.blocks));
    }
    if (patch.attachments !== undefined) msg.attachments = clone(patch.attachments);
    if (patch.metadata !== undefined) msg.metadata = clone(patch.metadata);
    msg.edited = { user: editor, ts: this.nextTs() };
    this.emit({ kind: 'message_updated', channelId, ts });
    return msg;
  }

  deleteMessage(channelId: string, ts: string): void {
    const list = this.allMessages(channelId);
    const idx = list.findIndex((m) => m.ts === ts);
    const msg = list[idx];
    if (!msg) return;
    const isRoot =
      (msg.reply_count ?? 0) > 0 && (msg.thread_ts === undefined || msg.thread_ts === msg.ts);
    if (isRoot) {
      // Slack keeps a tombstone so the thread's replies stay reachable.
      const tomb: SlackMessage = {
        type: 'message',
        subtype: 'tombstone',
        ts: msg.ts,
        text: 'This message was deleted.',
        thread_ts: msg.ts,
        user: 'USLACKBOT',
      };
      for (const k of [
        'reply_count',
        'reply_users',
        'reply_users_count',
        'latest_reply',
      ] as const) {
        if (msg[k] !== undefined) (tomb as unknown as Obj)[k] = msg[k];
      }
      list[idx] = tomb;
      this.messagesByTs.get(channelId)?.set(ts, tomb);
    } else {
      list.splice(idx, 1);
      this.messagesByTs.get(channelId)?.delete(ts);
      if (msg.thread_ts && msg.thread_ts !== msg.ts) {
        const root = this.findMessage(channelId, msg.thread_ts);
        if (root?.reply_count) {
          root.reply_count -= 1;
          const replies = list.filter((m) => m.thread_ts === root.ts && m.ts !== root.ts);
          root.latest_reply = replies.at(-1)?.ts ?? root.ts;
          root.reply_users = [...new Set(replies.map((r) => r.user ?? ''))];
          root.reply_users_count = root.reply_users.length;
          if (root.reply_count === 0) {
            delete root.reply_count;
            delete root.reply_users;
            delete root.reply_users_count;
            delete root.latest_reply;
            delete root.thread_ts;
          }
        }
      }
    }
    const ch = this.channels.get(channelId);
    if (ch) ch.pins = ch.pins.filter((p) => p.ts !== ts);
    this.emit({ kind: 'message_deleted', channelId, ts });
  }

  /** Adds a reaction; returns a Slack error code when it cannot. */
  addReaction(channelId: string, ts: string, name: string, userId: string): string | undefined {
    const msg = this.findMessage(channelId, ts);
    if (!msg) return 'message_not_found';
    const reactions = msg.reactions ?? [];
    let r = reactions.find((x) => x.name === name);
    if (r?.users.includes(userId)) return 'already_reacted';
    if (!r) {
      if (reactions.length >= 23) return 'too_many_reactions';
      r = { name, users: [], count: 0 };
      reactions.push(r);
    }
    r.users.push(userId);
    r.count = r.users.length;
    msg.reactions = reactions;
    this.emit({ kind: 'reaction_added', channelId, ts, name, userId });
    return undefined;
  }

  addPin(channelId: string, ts: string, userId: string): string | undefined {
    const ch = this.channels.get(channelId);
    if (!ch) return 'channel_not_found';
    const msg = this.findMessage(channelId, ts);
    if (!msg) return 'message_not_found';
    if (ch.pins.some((p) => p.ts === ts)) return 'already_pinned';
    if (ch.pins.length >= 100) return 'too_many_pins';
    ch.pins.unshift({ ts, createdBy: userId, created: this.nowSeconds() });
    msg.pinned_to = [channelId];
    this.emit({ kind: 'pin_added', channelId, ts });
    return undefined;
  }

  removePin(channelId: string, ts: string): string | undefined {
    const ch = this.channels.get(channelId);
    if (!ch) return 'channel_not_found';
    const before = ch.pins.length;
    ch.pins = ch.pins.filter((p) => p.ts !== ts);
    if (ch.pins.length === before) return 'no_pin';
    const msg = this.findMessage(channelId, ts);
    if (msg) delete msg.pinned_to;
    this.emit({ kind: 'pin_removed', channelId, ts });
    return undefined;
  }

  addEphemeral(input: {
    channelId: string;
    userId: string;
    text: string;
    blocks?: unknown[];
    threadTs?: string;
    source: EphemeralSource;
  }): StandInEphemeral {
    const e: StandInEphemeral = {
      channelId: input.channelId,
      userId: input.userId,
      ts: this.nextTs(),
      text: input.text,
      source: input.source,
      ...(input.blocks ? { blocks: withGeneratedIds(clone(input.blocks)) } : {}),
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
    };
    this.ephemerals.push(e);
    this.emit({ kind: 'ephemeral_posted', channelId: e.channelId, userId: e.userId, ts: e.ts });
    return e;
  }

  findEphemeral(userId: string, ts: string): StandInEphemeral | undefined {
    return this.ephemerals.find((e) => e.userId === userId && e.ts === ts && !e.deleted);
  }

  changeEphemeral(
    e: StandInEphemeral,
    patch: { text?: string; blocks?: unknown[]; deleted?: boolean },
  ): void {
    if (patch.text !== undefined) e.text = patch.text;
    if (patch.blocks !== undefined) e.blocks = withGeneratedIds(clone(patch.blocks));
    if (patch.deleted) e.deleted = true;
    this.emit({ kind: 'ephemeral_changed', channelId: e.channelId, userId: e.userId, ts: e.ts });
  }

  // ---------------------------------------------------------------- triggers and response_urls

  issueTrigger(userId: string): Trigger {
    const id = `${this.nowSeconds()}.${this.team.id.replace(/\D/g, '') || '0'}${this.counterNext('trigger')}.${randomBytes(16).toString('hex')}`;
    const t: Trigger = { id, userId, createdAtMs: this.now(), used: false };
    this.triggers.set(id, t);
    return t;
  }

  private counterNext(name: string): number {
    const n = (this.counters.get(name) ?? 0) + 1;
    this.counters.set(name, n);
    return n;
  }

  issueResponseUrl(baseUrl: string, origin: ResponseUrlOrigin): ResponseUrlInfo {
    const id = randomBytes(12).toString('hex');
    const info: ResponseUrlInfo = {
      id,
      url: `${baseUrl}/response/${id}`,
      origin,
      createdAtMs: this.now(),
      uses: 0,
    };
    this.responseUrls.set(id, info);
    return info;
  }

  // ---------------------------------------------------------------- views

  findView(viewId: string): ViewLocation | undefined {
    for (const [userId, stack] of this.modalStacks) {
      const index = stack.findIndex((v) => v.id === viewId);
      const view = stack[index];
      if (view) return { view, userId, kind: 'modal', index };
    }
    for (const [userId, view] of this.homeViews) {
      if (view.id === viewId) return { view, userId, kind: 'home', index: 0 };
    }
    return undefined;
  }

  findViewByExternalId(externalId: string): ViewLocation | undefined {
    for (const [userId, stack] of this.modalStacks) {
      const index = stack.findIndex((v) => v.external_id === externalId);
      const view = stack[index];
      if (view) return { view, userId, kind: 'modal', index };
    }
    for (const [userId, view] of this.homeViews) {
      if (view.external_id === externalId) return { view, userId, kind: 'home', index: 0 };
    }
    return undefined;
  }

  /** Builds a stored view from a view definition (already validated). */
  makeView(
    input: Obj,
    opts: { id?: string; rootViewId?: string | null; previousViewId?: string | null },
  ): SlackView {
    const id = opts.id ?? this.newId('V');
    const type = input['type'] === 'home' ? 'home' : 'modal';
    const view: SlackView = {
      id,
      team_id: this.team.id,
      type,
      blocks: withGeneratedIds(clone((input['blocks'] as unknown[] | undefined) ?? [])),
      private_metadata:
        typeof input['private_metadata'] === 'string' ? input['private_metadata'] : '',
      callback_id: typeof input['callback_id'] === 'string' ? input['callback_id'] : '',
      external_id: typeof input['external_id'] === 'string' ? input['external_id'] : '',
      state: { values: {} },
      hash: this.newHash(),
      clear_on_close: input['clear_on_close'] === true,
      notify_on_close: input['notify_on_close'] === true,
      root_view_id:
        opts.rootViewId === undefined ? (type === 'modal' ? id : null) : opts.rootViewId,
      previous_view_id: opts.previousViewId ?? null,
      app_id: this.bot.appId,
      app_installed_team_id: this.team.id,
      bot_id: this.bot.botId,
    };
    if (type === 'modal') {
      view.title = clone(input['title']) as SlackView['title'];
      view.submit = (clone(input['submit']) as SlackView['submit']) ?? null;
      view.close = (clone(input['close']) as SlackView['close']) ?? null;
      if (input['submit_disabled'] !== undefined)
        view.submit_disabled = input['submit_disabled'] === true;
    }
    return view;
  }

  openModal(userId: string, input: Obj): SlackView {
    const old = this.modalStacks.get(userId) ?? [];
    for (const v of old) this.closedViews.push(v);
    const view = this.makeView(input, {});
    this.modalStacks.set(userId, [view]);
    this.emit({ kind: 'view_opened', viewId: view.id, userId });
    return view;
  }

  pushModal(userId: string, input: Obj): SlackView {
    const stack = this.modalStacks.get(userId) ?? [];
    const root = stack[0];
    const top = stack.at(-1);
    const view = this.makeView(input, {
      rootViewId: root?.id ?? null,
      previousViewId: top?.id ?? null,
    });
    if (!root) view.root_view_id = view.id;
    stack.push(view);
    this.modalStacks.set(userId, stack);
    this.emit({ kind: 'view_pushed', viewId: view.id, userId });
    return view;
  }

  /** Replaces a view's definition, keeping its id, root/previous ids and matching state. */
  replaceView(loc: ViewLocation, input: Obj): SlackView {
    const old = loc.view;
    const next = this.makeView(input, {
      id: old.id,
      rootViewId: old.root_view_id,
      previousViewId: old.previous_view_id,
    });
    if (!next.external_id && old.external_id && input['external_id'] === undefined) {
      next.external_id = old.external_id;
    }
    // Slack keeps what the user typed for inputs whose block_id/action_id survive the update.
    const keep: ViewStateValues = {};
    const ids = stateSlots(next.blocks);
    for (const [blockId, actions] of Object.entries(old.state.values)) {
      for (const [actionId, value] of Object.entries(actions)) {
        if (ids.has(`${blockId}\u0000${actionId}`)) {
          keep[blockId] ??= {};
          keep[blockId][actionId] = value;
        }
      }
    }
    next.state = { values: keep };
    if (loc.kind === 'home') this.homeViews.set(loc.userId, next);
    else {
      const stack = this.modalStacks.get(loc.userId);
      if (stack) stack[loc.index] = next;
    }
    this.viewErrors.delete(old.id);
    this.emit({ kind: 'view_updated', viewId: next.id, userId: loc.userId });
    return next;
  }

  /** Closes the top modal of a user's stack (or the whole stack). */
  closeModals(userId: string, all: boolean): SlackView[] {
    const stack = this.modalStacks.get(userId) ?? [];
    const closed = all ? stack.splice(0) : stack.splice(-1);
    for (const v of closed) {
      this.closedViews.push(v);
      this.viewErrors.delete(v.id);
      this.emit({ kind: 'view_closed', viewId: v.id, userId });
    }
    if (stack.length === 0) this.modalStacks.delete(userId);
    return closed;
  }

  publishHome(userId: string, input: Obj): SlackView {
    const existing = this.homeViews.get(userId);
    const view = this.makeView(input, { id: existing?.id ?? this.newId('V'), rootViewId: null });
    this.homeViews.set(userId, view);
    this.emit({ kind: 'home_published', viewId: view.id, userId });
    return view;
  }

  setViewErrors(viewId: string, userId: string, errors: Record<string, string>): void {
    this.viewErrors.set(viewId, { ...errors });
    this.emit({ kind: 'view_errors', viewId, userId, errors: { ...errors } });
  }

  setViewState(loc: ViewLocation, values: ViewStateValues): void {
    for (const [blockId, actions] of Object.entries(values)) {
      loc.view.state.values[blockId] ??= {};
      Object.assign(loc.view.state.values[blockId], actions);
    }
    this.emit({ kind: 'view_state_changed', viewId: loc.view.id, userId: loc.userId });
  }

  // ---------------------------------------------------------------- saved state

  /** Each channel with its messages (thread replies included), for the saved state and the snapshot. */
  private channelsWithMessages(): Array<StandInChannel & { messages: SlackMessage[] }> {
    return [...this.channels.values()].map((ch) => ({ ...ch, messages: this.allMessages(ch.id) }));
  }

  exportState(): WorkspaceState {
    return clone({
      version: 1 as const,
      channels: this.channelsWithMessages(),
      counters: Object.fromEntries(this.counters),
      lastTsMicros: this.lastTsMicros,
    });
  }

  /**
   * Brings back a saved state: its channels and messages replace those of the same id, seeded
   * channels it does not have stay (empty), users stay as seeded. Checked whole before anything
   * changes, so a bad state throws and leaves the workspace as it was.
   */
  importState(state: WorkspaceState): void {
    if (state?.version !== 1 || !Array.isArray(state.channels)) {
      throw new Error('stand-in: not a saved workspace (version 1)');
    }
    const restored = clone(state.channels).map(({ messages, ...channel }) => {
      if (
        typeof channel.id !== 'string' ||
        typeof channel.name !== 'string' ||
        !Array.isArray(channel.members) ||
        !Array.isArray(messages) ||
        messages.some((m) => typeof m?.ts !== 'string')
      ) {
        throw new Error(`stand-in: saved channel ${String(channel.id)} is incomplete`);
      }
      channel.members = channel.members.filter((m) => this.users.has(m));
      return { channel, messages };
    });
    for (const { channel, messages } of restored) {
      this.channels.set(channel.id, channel);
      this.messages.set(channel.id, messages);
      this.messagesByTs.set(channel.id, new Map(messages.map((m) => [m.ts, m])));
    }
    for (const [prefix, n] of Object.entries(state.counters ?? {})) {
      if (typeof n === 'number')
        this.counters.set(prefix, Math.max(n, this.counters.get(prefix) ?? 0));
    }
    this.lastTsMicros = Math.max(this.lastTsMicros, state.lastTsMicros ?? 0);
    for (const { channel } of restored) {
      this.emit({ kind: 'channel_created', channelId: channel.id });
    }
  }

  // ---------------------------------------------------------------- snapshot

  /** A JSON-serialisable copy of the whole workspace (for a web page or a debugging dump). */
  snapshot(): Obj {
    return clone({
      team: this.team,
      bot: this.bot,
      users: [...this.users.values()],
      channels: this.channelsWithMessages(),
      ephemerals: this.ephemerals,
      modals: Object.fromEntries(this.modalStacks),
      homeViews: Object.fromEntries(this.homeViews),
      viewErrors: Object.fromEntries(this.viewErrors),
      responseUrlPosts: this.responseUrlPosts,
    });
  }
}

// ------------------------------------------------------------------ block helpers

/** Slack gives every block a block_id and every interactive element an action_id. */
export function withGeneratedIds(blocks: unknown[]): unknown[] {
  const used = new Set<string>();
  for (const b of blocks)
    if (isObj(b) && typeof b['block_id'] === 'string') used.add(b['block_id']);
  // Slack's generated ids are short random strings; they need to be unique, not secret.
  const gen = (): string => {
    let id: string;
    do
      id = Math.floor(Math.random() * 0x1000000)
        .toString(36)
        .padStart(5, '0');
    while (used.has(id));
    used.add(id);
    return id;
  };
  for (const b of blocks) {
    if (!isObj(b)) continue;
    if (typeof b['block_id'] !== 'string') b['block_id'] = gen();
    for (const el of blockElements(b)) {
      if (el['type'] !== 'image' && typeof el['action_id'] !== 'string' && isInteractive(el)) {
        el['action_id'] = gen();
      }
    }
  }
  return blocks;
}

function isInteractive(el: Obj): boolean {
  return (
    typeof el['type'] === 'string' &&
    el['type'] !== 'image' &&
    !['plain_text', 'mrkdwn'].includes(el['type'])
  );
}

/** The interactive elements of a block (actions elements, section accessory, input element). */
export function blockElements(block: Obj): Obj[] {
  const out: Obj[] = [];
  if (block['type'] === 'actions' && Array.isArray(block['elements'])) {
    for (const e of block['elements']) if (isObj(e)) out.push(e);
  }
  if (block['type'] === 'section' && isObj(block['accessory'])) out.push(block['accessory']);
  if (block['type'] === 'input' && isObj(block['element'])) out.push(block['element']);
  return out;
}

function stateSlots(blocks: unknown[]): Set<string> {
  const out = new Set<string>();
  for (const b of blocks) {
    if (!isObj(b) || typeof b['block_id'] !== 'string') continue;
    for (const el of blockElements(b)) {
      if (typeof el['action_id'] === 'string' && STATEFUL_ELEMENT_TYPES.has(String(el['type']))) {
        out.add(`${b['block_id']}\u0000${el['action_id']}`);
      }
    }
  }
  return out;
}

/** The value an element reports in `state.values` before the user touches it. */
export function initialStateValue(el: Obj): ViewStateValue {
  const type = String(el['type']);
  const init = (k: string, empty: unknown = null): unknown =>
    el[k] === undefined ? empty : clone(el[k]);
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type, value: init('initial_value') };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: init('initial_option') };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: init('initial_options', []) };
    case 'users_select':
      return { type, selected_user: init('initial_user') };
    case 'multi_users_select':
      return { type, selected_users: init('initial_users', []) };
    case 'conversations_select':
      return { type, selected_conversation: init('initial_conversation') };
    case 'multi_conversations_select':
      return { type, selected_conversations: init('initial_conversations', []) };
    case 'channels_select':
      return { type, selected_channel: init('initial_channel') };
    case 'multi_channels_select':
      return { type, selected_channels: init('initial_channels', []) };
    case 'datepicker':
      return { type, selected_date: init('initial_date') };
    case 'timepicker':
      return { type, selected_time: init('initial_time') };
    case 'datetimepicker':
      return { type, selected_date_time: init('initial_date_time') };
    case 'rich_text_input':
      return { type, rich_text_value: init('initial_value') };
    default:
      return { type };
  }
}

/** Full `state.values` for blocks: initial values overlaid with what the user entered. */
export function buildStateValues(blocks: unknown[], entered: ViewStateValues): ViewStateValues {
  const values: ViewStateValues = {};
  for (const b of blocks) {
    if (!isObj(b) || typeof b['block_id'] !== 'string') continue;
    const blockId = b['block_id'];
    for (const el of blockElements(b)) {
      const actionId = el['action_id'];
      if (typeof actionId !== 'string' || !STATEFUL_ELEMENT_TYPES.has(String(el['type']))) continue;
      values[blockId] ??= {};
      values[blockId][actionId] = clone(entered[blockId]?.[actionId] ?? initialStateValue(el));
    }
  }
  return values;
}
