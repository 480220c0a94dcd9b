/**
 * Public types of the Slack stand-in. Stored objects (messages, views) are kept in Slack's own
 * wire format (snake_case), so they can be returned from the Web API and put into payloads as
 * they are, and so an offline web page can render them like Slack would.
 */

export type Locale = 'ar-SA' | 'en-US';

export interface StandInUser {
  id: string;
  /** Slack handle (`name` in users.info). */
  name: string;
  realName: string;
  locale: Locale;
  /** IANA zone, e.g. `Asia/Riyadh`. */
  tz: string;
  isBot: boolean;
  isAdmin: boolean;
  /** The user's home team; differs from the workspace's for Slack Connect guests. */
  teamId: string;
  email?: string;
  /** For bot users: the bot id (`B…`). */
  botId?: string;
}

export interface UserSeed {
  id?: string;
  name: string;
  realName?: string;
  locale?: Locale;
  tz?: string;
  isBot?: boolean;
  isAdmin?: boolean;
  teamId?: string;
  email?: string;
}

export interface TextValue {
  value: string;
  creator: string;
  last_set: number;
}

export interface StandInPin {
  /** ts of the pinned message. */
  ts: string;
  createdBy: string;
  /** Seconds since the epoch. */
  created: number;
}

export interface StandInChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  /** Slack Connect: shared with an external organisation. */
  isExtShared: boolean;
  isIm: boolean;
  isArchived: boolean;
  /** Member user ids, in join order (the bot is a member when its user id is here). */
  members: string[];
  topic: TextValue;
  purpose: TextValue;
  pins: StandInPin[];
  /** Seconds since the epoch. */
  created: number;
  creator: string;
}

export interface ChannelSeed {
  id?: string;
  name: string;
  isPrivate?: boolean;
  isExtShared?: boolean;
  members?: string[];
  /** Whether the bot is a member (default true). */
  botMember?: boolean;
  topic?: string;
  purpose?: string;
  creator?: string;
}

export interface SlackReaction {
  name: string;
  users: string[];
  count: number;
}

export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A channel message as Slack stores and returns it. */
export interface SlackMessage {
  type: 'message';
  subtype?: string;
  ts: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  metadata?: MessageMetadata;
  reactions?: SlackReaction[];
  edited?: { user: string; ts: string };
  pinned_to?: string[];
  bot_profile?: { id: string; app_id: string; name: string; team_id: string; deleted: boolean };
  /** The unfurl flags the poster asked for (kept so tests can check customer posts). */
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

export type EphemeralSource = 'chat.postEphemeral' | 'response_url' | 'ack';

export interface StandInEphemeral {
  channelId: string;
  userId: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  source: EphemeralSource;
  /** True once replaced/deleted through a response_url (kept for inspection). */
  deleted?: boolean;
}

export type ViewStateValue = Record<string, unknown> & { type: string };
export type ViewStateValues = Record<string, Record<string, ViewStateValue>>;

/** A view as Slack returns it from views.* and puts it into payloads. */
export interface SlackView {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  title?: { type: 'plain_text'; text: string; emoji?: boolean };
  submit?: { type: 'plain_text'; text: string; emoji?: boolean } | null;
  close?: { type: 'plain_text'; text: string; emoji?: boolean } | null;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: ViewStateValues };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  submit_disabled?: boolean;
  root_view_id: string | null;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
}

export interface ResponseUrlOrigin {
  kind: 'command' | 'block_actions' | 'message_action' | 'view_submission';
  userId: string;
  channelId?: string;
  /** The message the interaction came from (block_actions on a message). */
  messageTs?: string;
  isEphemeral?: boolean;
}

export type ResponseUrlOutcome =
  | 'ephemeral'
  | 'in_channel'
  | 'replaced'
  | 'deleted'
  | 'rejected'
  | 'fault';

export interface ResponseUrlPost {
  id: string;
  url: string;
  atMs: number;
  body: Record<string, unknown>;
  origin: ResponseUrlOrigin;
  outcome: ResponseUrlOutcome;
  status: number;
  /** The error when rejected (e.g. `invalid_blocks`, `used_url`, `expired_url`). */
  error?: string;
  /** The message or ephemeral ts the post created or changed. */
  ts?: string;
}

export interface RecordedCall {
  method: string;
  /** The call's arguments after parsing (JSON fields decoded); `token` is never kept. */
  args: Record<string, unknown>;
  atMs: number;
  /** Parsed response body (undefined when the call hung or got a bodiless fault). */
  response: Record<string, unknown> | undefined;
  /** HTTP status sent back (0 when the stand-in never answered). */
  status: number;
}

export type Fault =
  | { status: 500 | 502 | 503 }
  | { status: 429; retryAfter: number }
  | { error: 'missing_scope'; needed?: string }
  | { error: string; needed?: string }
  | { delayMs: number }
  | { hang: true }
  /** The call is carried out, then the connection drops before the answer: a lost response. */
  | { dropResponse: true };

export type AppRequestKind = 'command' | 'interaction' | 'event' | 'url_verification';

export interface AppRequest {
  kind: AppRequestKind;
  /** slash command name, payload type or event type */
  type: string;
  atMs: number;
  body: Record<string, unknown>;
  status: number;
  response: unknown;
  ms: number;
  timedOut: boolean;
}

/** What a signed request to the app came back with. */
export interface SendResult {
  status: number;
  /** Parsed JSON when the response was JSON, text otherwise ('' for an empty body). */
  body: unknown;
  ms: number;
  /** True when the app did not answer within `appTimeoutMs` (Slack's 3 seconds). */
  timedOut: boolean;
  /** The trigger_id sent with the request, when there was one. */
  triggerId?: string;
  /** The response_url sent with the request, when there was one. */
  responseUrl?: string;
}

export type ViewSubmissionOutcome =
  | 'closed'
  | 'errors'
  | 'updated'
  | 'pushed'
  | 'cleared'
  | 'failed';

export interface ViewSubmissionResult extends SendResult {
  outcome: ViewSubmissionOutcome;
  /** Problems found in what the app answered (bad response_action, invalid view, unknown error keys). */
  problems: string[];
}

export interface SignOptions {
  /** Send this X-Slack-Signature instead of the correct one. */
  signatureOverride?: string;
  /** Send this X-Slack-Request-Timestamp (seconds) and sign with it. */
  timestampOverride?: number;
  /** Change the body after signing (true appends a space). */
  tamperBody?: boolean | ((rawBody: string) => string);
  /** Emulate a Slack retry: adds X-Slack-Retry-Num / X-Slack-Retry-Reason. */
  retryNum?: number;
  retryReason?: string;
}

export type StandInChange =
  | { kind: 'user_added'; userId: string }
  | { kind: 'channel_created'; channelId: string }
  | { kind: 'channel_updated'; channelId: string; field: 'topic' | 'purpose' | 'name' }
  | { kind: 'members_changed'; channelId: string; added: string[] }
  | { kind: 'message_posted'; channelId: string; ts: string; threadTs?: string }
  | { kind: 'message_updated'; channelId: string; ts: string }
  | { kind: 'message_deleted'; channelId: string; ts: string }
  | { kind: 'ephemeral_posted'; channelId: string; userId: string; ts: string }
  | { kind: 'ephemeral_changed'; channelId: string; userId: string; ts: string }
  | { kind: 'pin_added'; channelId: string; ts: string }
  | { kind: 'pin_removed'; channelId: string; ts: string }
  | { kind: 'reaction_added'; channelId: string; ts: string; name: string; userId: string }
  | { kind: 'view_opened'; viewId: string; userId: string }
  | { kind: 'view_pushed'; viewId: string; userId: string }
  | { kind: 'view_updated'; viewId: string; userId: string }
  | { kind: 'view_closed'; viewId: string; userId: string }
  | { kind: 'view_errors'; viewId: string; userId: string; errors: Record<string, string> }
  | { kind: 'view_state_changed'; viewId: string; userId: string }
  | { kind: 'home_published'; viewId: string; userId: string }
  | { kind: 'response_url_post'; id: string; outcome: ResponseUrlOutcome }
  | { kind: 'app_request'; requestKind: AppRequestKind; type: string; status: number };

export interface StandInEvents {
  call: [RecordedCall];
  change: [StandInChange];
  appRequest: [AppRequest];
}

export interface SlackStandInOptions {
  signingSecret: string;
  botToken: string;
  /** Where requests to the app go, e.g. `http://127.0.0.1:3000/slack/events`. */
  appUrl?: string;
  /** Per-channel limit for chat.postMessage / chat.postEphemeral (default 1/s); false disables. */
  rateLimit?: { postsPerSecondPerChannel: number } | false;
  /** How long a trigger_id stays usable (default 3000 ms, like Slack). */
  triggerTtlMs?: number;
  /** Injectable clock (ms since the epoch). Default Date.now. */
  now?: () => number;
  /**
   * Clock for X-Slack-Request-Timestamp (default: `now`). Bolt checks the timestamp against its
   * own Date.now() (±5 minutes), so give Date.now here when `now` is a fixed fake time.
   */
  signingClock?: () => number;
  users?: UserSeed[];
  channels?: ChannelSeed[];
  team?: { id?: string; name?: string; domain?: string };
  bot?: { userId?: string; botId?: string; appId?: string; name?: string };
  /** Scopes reported by auth.test headers and missing_scope errors. */
  scopes?: string[];
  /** Verification token put into payloads (`token` field; Bolt ignores it). */
  verificationToken?: string;
  /** Bot may post to public channels it is not in (the chat:write.public scope). Default false. */
  chatWritePublic?: boolean;
  /** How long the stand-in waits for the app to answer a request (default 3000 ms, like Slack). */
  appTimeoutMs?: number;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Shown in the timeout error. */
  description?: string;
}
