/**
 * The outbox: every Slack write that must not be lost (the ticket card, the approved reply)
 * is a BullMQ job with a deterministic id, so a double click or a retry enqueues it once.
 * A 429 moves the job back to delayed for Retry-After without spending an attempt; 5xx and
 * network errors retry with backoff. Before re-posting after an interrupted attempt, the
 * worker looks for its own earlier post (tagged in message metadata), so a post that
 * reached Slack is never made twice.
 */
import type { WebClient } from '@slack/web-api';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { Policy } from '../config/index.ts';
import { internalIdViolations, type Ticket } from '../domain/index.ts';
import { ownerUserIds, renderTicketCard } from '../services/ticketPresenter.ts';
import type { OutboxPort, TicketService } from '../services/ticketService.ts';
import type { SanadStore } from '../store/redisStore.ts';
import { POST_METADATA_EVENT } from '../views/ids.ts';
import {
  buildCustomerReply,
  buildDeclinedNote,
  buildReplyRefusedNote,
} from '../views/ticketViews.ts';
import {
  classifySlackError,
  delayOnRateLimit,
  LockBusyError,
  SLACK_JOB_RETRIES,
} from './slackErrors.ts';

export const OUTBOX_QUEUE = 'sanad-outbox';

export type OutboxJobData =
  | { kind: 'sync-card'; ticketId: string }
  | { kind: 'post-reply'; ticketId: string; seq: number }
  | { kind: 'note-declined'; ticketId: string; version: number }
  | {
      kind: 'reply-refused-note';
      ticketId: string;
      seq: number;
      count: number;
      code: string;
      approvedBy?: string;
    };

export const OUTBOX_JOB_OPTIONS = {
  ...SLACK_JOB_RETRIES,
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: false,
} as const;

export class Outbox implements OutboxPort {
  constructor(private readonly queue: Queue<OutboxJobData>) {}

  async syncCard(ticket: Ticket): Promise<void> {
    await this.queue.add(
      'sync-card',
      { kind: 'sync-card', ticketId: ticket.id },
      { ...OUTBOX_JOB_OPTIONS, jobId: `card-${ticket.id}-v${ticket.version}` },
    );
  }

  async postReply(ticket: Ticket): Promise<void> {
    // A reply Slack refused keeps its failed job (and that job id); approving it again after
    // the fix is a new attempt. Its post key stays the same, so it still goes out once.
    const refused = ticket.draft.slackRefusal?.count;
    await this.queue.add(
      'post-reply',
      { kind: 'post-reply', ticketId: ticket.id, seq: ticket.draft.seq },
      {
        ...OUTBOX_JOB_OPTIONS,
        jobId: `reply-${ticket.id}-${ticket.draft.seq}${refused ? `-r${refused}` : ''}`,
      },
    );
  }

  async noteReplyRefused(ticket: Ticket): Promise<void> {
    const refusal = ticket.draft.slackRefusal;
    if (!refusal) return;
    await this.queue.add(
      'reply-refused-note',
      {
        kind: 'reply-refused-note',
        ticketId: ticket.id,
        seq: ticket.draft.seq,
        count: refusal.count,
        code: refusal.code,
        approvedBy: refusal.approvedBy,
      },
      {
        ...OUTBOX_JOB_OPTIONS,
        jobId: `refused-${ticket.id}-${ticket.draft.seq}-${refusal.count}`,
      },
    );
  }

  async noteDeclined(ticket: Ticket): Promise<void> {
    await this.queue.add(
      'note-declined',
      { kind: 'note-declined', ticketId: ticket.id, version: ticket.version },
      { ...OUTBOX_JOB_OPTIONS, jobId: `declined-${ticket.id}-v${ticket.version}` },
    );
  }
}

export interface OutboxWorkerDeps {
  store: SanadStore;
  slack: WebClient;
  policy: Policy;
  tickets: TicketService;
  now: () => number;
  logger: Logger;
  lockTtlMs?: number;
}

interface PostedMessage {
  ts: string;
}

/** Finds a message this app already posted under `key` (top level or in a thread). */
async function findOwnPost(
  slack: WebClient,
  channel: string,
  key: string,
  threadTs?: string,
): Promise<PostedMessage | null> {
  const response = threadTs
    ? await slack.conversations.replies({
        channel,
        ts: threadTs,
        include_all_metadata: true,
        limit: 200,
      })
    : await slack.conversations.history({ channel, include_all_metadata: true, limit: 100 });
  const messages = (response.messages ?? []) as Array<{
    ts?: string;
    metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  }>;
  const hit = messages.find(
    (m) => m.metadata?.event_type === POST_METADATA_EVENT && m.metadata.event_payload?.key === key,
  );
  return hit?.ts ? { ts: hit.ts } : null;
}

/**
 * Posts once: after an interrupted attempt, reuses the post that already went through.
 * `lookFirst` asks for that check on a first attempt too, when an earlier job made the post.
 */
export async function postOnce(
  slack: WebClient,
  job: Pick<Job, 'attemptsStarted' | 'attemptsMade'>,
  args: { channel: string; text: string; blocks?: unknown[]; thread_ts?: string; key: string },
  { lookFirst = false }: { lookFirst?: boolean } = {},
): Promise<string> {
  const retried = (job.attemptsStarted ?? 0) > 1 || (job.attemptsMade ?? 0) > 0;
  if (retried || lookFirst) {
    const existing = await findOwnPost(slack, args.channel, args.key, args.thread_ts);
    if (existing) return existing.ts;
  }
  const response = await slack.chat.postMessage({
    channel: args.channel,
    text: args.text,
    // biome-ignore lint/suspicious/noExplicitAny: Block Kit blocks built by our view builders
    blocks: args.blocks as any,
    ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}),
    unfurl_links: false,
    unfurl_media: false,
    metadata: { event_type: POST_METADATA_EVENT, event_payload: { key: args.key } },
  });
  if (!response.ts) throw new Error('chat.postMessage returned no ts');
  return response.ts;
}

/**
 * `postOnce`, and the post's ledger entry (rule 6) with where it went — once per post key,
 * so the retry that finds the post records it no second time.
 */
export async function postOnceRecorded(
  deps: { slack: WebClient; store: SanadStore },
  job: Pick<Job, 'attemptsStarted' | 'attemptsMade'>,
  args: { channel: string; text: string; blocks?: unknown[]; thread_ts?: string; key: string },
  entry: { action: string; atMs: number; ticketId?: string; details?: Record<string, unknown> },
): Promise<string> {
  const ts = await postOnce(deps.slack, job, args);
  await deps.store.appendLedgerOnce(args.key, [
    {
      actor: 'sanad',
      ...entry,
      details: {
        ...entry.details,
        channelId: args.channel,
        ...(args.thread_ts ? { threadTs: args.thread_ts } : {}),
        ts,
      },
    },
  ]);
  return ts;
}

const LOCK_TTL_MS = 30_000;

/**
 * A short Redis lock so two workers never post the same thing at once. Its TTL bounds how
 * long a crashed holder blocks the retry; keep it near the jobs' own lock duration.
 */
export async function withLock<T>(
  store: SanadStore,
  name: string,
  fn: () => Promise<T>,
  ttlMs = LOCK_TTL_MS,
): Promise<T> {
  const key = `sanad:lock:${name}`;
  const token = `${process.pid}-${Math.random()}`;
  const ok = await store.redis.set(key, token, 'PX', ttlMs, 'NX');
  if (ok !== 'OK') throw new LockBusyError(name);
  try {
    return await fn();
  } finally {
    // Release only our own lock.
    await store.redis.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
      1,
      key,
      token,
    );
  }
}

async function syncCard(
  deps: OutboxWorkerDeps,
  job: Pick<Job, 'attemptsStarted' | 'attemptsMade'>,
  ticketId: string,
) {
  const { store, slack, policy, now } = deps;
  const channel = policy.channels.triage;
  if (!channel) throw new UnrecoverableError('No triage channel configured');
  await withLock(
    store,
    `card:${ticketId}`,
    async () => {
      const ticket = await store.getTicket(ticketId);
      if (!ticket) return;
      if (!ticket.card) {
        const card = renderTicketCard(policy, ticket, now());
        const ts = await postOnce(slack, job, {
          channel,
          text: card.text,
          blocks: card.blocks,
          key: `card-${ticket.id}`,
        });
        // The post's ledger entry goes in with its ts, once: a retry that finds the card
        // already stored (or its earlier post, through postOnce) records nothing more.
        const saved = await store.updateTicket(
          ticketId,
          (t) =>
            t.card
              ? null
              : {
                  ticket: { ...t, card: { channelId: channel, ts } },
                  ledger: [
                    {
                      action: 'ticket.card_posted',
                      actor: 'sanad',
                      atMs: now(),
                      ticketId,
                      details: { channelId: channel, ts },
                    },
                  ],
                },
          deps.tickets.openScore,
        );
        if (saved.ticket.version !== ticket.version) {
          const latest = renderTicketCard(policy, saved.ticket, now());
          // biome-ignore lint/suspicious/noExplicitAny: Block Kit blocks
          await slack.chat.update({ channel, ts, text: latest.text, blocks: latest.blocks as any });
        }
        return;
      }
      const card = renderTicketCard(policy, ticket, now());
      await slack.chat.update({
        channel: ticket.card.channelId,
        ts: ticket.card.ts,
        text: card.text,
        // biome-ignore lint/suspicious/noExplicitAny: Block Kit blocks
        blocks: card.blocks as any,
      });
    },
    deps.lockTtlMs,
  );
}

/**
 * Brings a ticket's card up to date from a job that is already running (a reminder that has
 * just escalated), instead of queueing a card job: at a thousand reminders a second, a job
 * per breach costs the workers and Redis more than the update itself. If the update cannot
 * be made now (Slack busy or down, the card being updated elsewhere), the outbox takes it
 * over with its retries, so it is delayed, never lost.
 */
export async function updateCardNow(
  deps: OutboxWorkerDeps & { outbox: OutboxPort },
  job: Pick<Job, 'attemptsStarted' | 'attemptsMade'>,
  ticket: Ticket,
): Promise<void> {
  try {
    await syncCard(deps, job, ticket.id);
  } catch (error) {
    deps.logger.warn(
      { ticketId: ticket.id, code: classifySlackError(error).code },
      'card update deferred to the outbox',
    );
    await deps.outbox.syncCard(ticket);
  }
}

async function postReply(
  deps: OutboxWorkerDeps,
  job: Job<OutboxJobData>,
  ticketId: string,
  seq: number,
) {
  const { store, slack } = deps;
  const ticket = await store.getTicket(ticketId);
  if (!ticket || ticket.draft.seq !== seq || ticket.draft.status !== 'approved') return;
  if (ticket.replyTarget.kind !== 'slack') return;
  // Rule 2, last step: a reply naming an internal id (SND-…, INC-…) is never posted, whoever
  // approved it. It goes back to the team, flagged, and the ledger records why.
  const found = internalIdViolations(ticket.draft.text);
  if (found.length > 0) {
    deps.logger.error({ ticketId, seq }, 'approved reply names an internal id; not posted');
    await deps.tickets.recordReplyWithheld(ticketId, seq, found);
    return;
  }
  const message = buildCustomerReply({ ticket });
  const ts = await postOnce(
    slack,
    job,
    {
      channel: ticket.replyTarget.channelId,
      thread_ts: ticket.replyTarget.threadTs,
      text: message.text,
      blocks: message.blocks,
      key: `reply-${ticket.customerRef}-${seq}`,
    },
    // Approved again after Slack refused it: an earlier job may have posted it after all
    // (its answer lost, then a refusal on the retry), so look before posting.
    { lookFirst: ticket.draft.slackRefusal !== undefined },
  );
  await deps.tickets.recordPosted(ticketId, seq, ts);
}

/** The customer's "still a problem", in the card's thread for the ticket's people. */
async function noteDeclined(
  deps: OutboxWorkerDeps,
  job: Job<OutboxJobData>,
  ticketId: string,
  version: number,
) {
  const { store, policy } = deps;
  const ticket = await store.getTicket(ticketId);
  if (!ticket?.resolutionDeclined) return;
  if (!ticket.card) throw new Error(`ticket ${ticketId} has no card yet; retrying`);
  const note = buildDeclinedNote({
    ticket,
    ownerUserIds: ownerUserIds(policy, ticket.owner),
    lang: policy.language,
  });
  await postOnceRecorded(
    deps,
    job,
    {
      channel: ticket.card.channelId,
      thread_ts: ticket.card.ts,
      text: note.text,
      key: `declined-${ticket.id}-v${version}`,
    },
    { action: 'ticket.declined_note_posted', atMs: deps.now(), ticketId, details: { version } },
  );
}

/** Tells the approver, in the card's thread, that Slack refused the reply and what fixes it. */
async function postRefusedNote(
  deps: OutboxWorkerDeps,
  job: Job<OutboxJobData>,
  data: Extract<OutboxJobData, { kind: 'reply-refused-note' }>,
) {
  const ticket = await deps.store.getTicket(data.ticketId);
  // Without a card the refusal has no thread; the card shows it once it is posted.
  if (!ticket?.card) return;
  const target = ticket.replyTarget;
  const note = buildReplyRefusedNote({
    code: data.code,
    channelId: target.kind === 'slack' ? target.channelId : undefined,
    approvedBy: data.approvedBy,
    lang: deps.policy.language,
  });
  await postOnceRecorded(
    deps,
    job,
    {
      channel: ticket.card.channelId,
      thread_ts: ticket.card.ts,
      text: note.text,
      blocks: note.blocks,
      key: `refused-${ticket.id}-${data.seq}-${data.count}`,
    },
    {
      action: 'ticket.refused_note_posted',
      atMs: deps.now(),
      ticketId: ticket.id,
      details: { seq: data.seq, code: data.code },
    },
  );
}

export function createOutboxProcessor(deps: OutboxWorkerDeps) {
  return async (job: Job<OutboxJobData>, token?: string): Promise<void> => {
    try {
      if (job.data.kind === 'sync-card') await syncCard(deps, job, job.data.ticketId);
      else if (job.data.kind === 'post-reply')
        await postReply(deps, job, job.data.ticketId, job.data.seq);
      else if (job.data.kind === 'note-declined')
        await noteDeclined(deps, job, job.data.ticketId, job.data.version);
      else await postRefusedNote(deps, job, job.data);
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.kind === 'rate_limited') await delayOnRateLimit(job, token, error, deps.logger);
      if (failure.kind === 'permanent') {
        deps.logger.error({ jobId: job.id, code: failure.code }, 'Slack refused the post');
        await deps.store.appendLedger([
          {
            action: 'outbox.failed',
            actor: 'sanad',
            atMs: deps.now(),
            ticketId: job.data.ticketId,
            details: { job: job.name, error: failure.code },
          },
        ]);
        // Nothing reached the customer: the reply goes back to the team, with the reason.
        if (job.data.kind === 'post-reply') {
          await deps.tickets.recordReplyRefused(job.data.ticketId, job.data.seq, failure.code);
        }
        throw new UnrecoverableError(`Slack error ${failure.code}`);
      }
      deps.logger.warn({ jobId: job.id, code: failure.code }, 'Slack write failed; will retry');
      throw error;
    }
  };
}
