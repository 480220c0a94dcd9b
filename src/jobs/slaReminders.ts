/**
 * SLA reminder jobs. For each open ticket: 50 %, 80 % and 100 % (breach) of the
 * first-response target, then the same for resolution, as delayed BullMQ jobs.
 *
 * `sync(ticket)` is idempotent: it computes the reminders the ticket should have now (from
 * the time already used, pauses and business hours), removes the ones it no longer needs and
 * adds the missing ones. At fire time each job re-checks the ticket, so a job that outlived a
 * change (answered, raised, paused) does nothing. A reminder posts at most once per ticket,
 * phase and threshold, ever: a claim key guards it, and the post carries a metadata key so
 * a worker killed mid-post is not followed by a second post.
 */
import type { WebClient } from '@slack/web-api';
import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Policy } from '../config/index.ts';
import { isPaused, slaThresholds, type Ticket } from '../domain/index.ts';
import type { Metrics } from '../infra/metrics.ts';
import { dueTimesFor, ownerUserIds } from '../services/ticketPresenter.ts';
import type { OutboxPort, TicketService } from '../services/ticketService.ts';
import type { SanadStore } from '../store/redisStore.ts';
import { buildSlaReminder, type SlaPhase } from '../views/slaViews.ts';
import { postOnceRecorded, updateCardNow } from './outbox.ts';
import { LockBusyError, SLACK_JOB_RETRIES } from './slackErrors.ts';

export const SLA_QUEUE = 'sanad-sla';

export type ReminderJobData = {
  kind: 'ticket-reminder';
  ticketId: string;
  phase: SlaPhase;
  pct: 50 | 80 | 100;
  atMs: number;
};

export type SlaJobData = ReminderJobData | { kind: 'weekly-review'; requestedBy?: string };

/** Every SLA job, the scheduled weekly review included: retried with backoff, kept if it fails. */
export const SLA_JOB_OPTIONS = {
  ...SLACK_JOB_RETRIES,
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: false,
} as const;

export interface ReminderPlan {
  jobId: string;
  data: ReminderJobData;
  /** The instant is already behind us. */
  passed: boolean;
}

/**
 * Every reminder instant of the ticket's current SLA clocks (phases still running), each
 * marked passed or not at `nowMs`.
 */
export function planReminders(policy: Policy, ticket: Ticket, nowMs: number): ReminderPlan[] {
  if (ticket.status === 'resolved' || isPaused(ticket)) return [];
  const target = policy.sla[ticket.priority];
  const phases: Array<[SlaPhase, number]> = [];
  if (ticket.firstResponseAtMs === undefined)
    phases.push(['first_response', target.firstResponseMinutes]);
  phases.push(['resolution', target.resolutionTargetHours * 60]);
  const plans: ReminderPlan[] = [];
  for (const [phase, targetMinutes] of phases) {
    const { thresholds } = slaThresholds({
      startMs: ticket.createdAtMs,
      targetMinutes,
      pauses: ticket.pauses ?? [],
      calendar: policy.businessHours[ticket.priority],
      nowMs,
    });
    for (const th of thresholds) {
      if (th.atMs === null) continue;
      plans.push({
        jobId: `rem-${ticket.id}-${phase}-${th.pct}-${th.atMs}`,
        data: { kind: 'ticket-reminder', ticketId: ticket.id, phase, pct: th.pct, atMs: th.atMs },
        passed: th.passed === true,
      });
    }
  }
  return plans;
}

export class SlaScheduler {
  constructor(
    private readonly queue: Queue<SlaJobData>,
    private readonly store: SanadStore,
    private readonly policy: Policy,
    private readonly now: () => number,
  ) {}

  private key(ticketId: string): string {
    return `sanad:reminder-jobs:${ticketId}`;
  }

  async sync(ticket: Ticket): Promise<void> {
    const plans = planReminders(this.policy, ticket, this.now());
    // A job for a current instant stays even if its time has passed: it may be waiting
    // out a Slack rate limit. Jobs for instants that no longer exist go.
    const wanted = new Set(plans.map((p) => p.jobId));
    const existing = await this.store.redis.smembers(this.key(ticket.id));
    for (const jobId of existing) {
      if (wanted.has(jobId)) continue;
      const job = await this.queue.getJob(jobId);
      // An active job may be mid-run; it re-checks the ticket and does nothing if stale.
      await job?.remove().catch(() => undefined);
      await this.store.redis.srem(this.key(ticket.id), jobId);
    }
    // Passed warnings (after a raise or a restart) are stale news; a passed breach still
    // has to escalate.
    const toAdd = plans.filter(
      (plan) => !existing.includes(plan.jobId) && (!plan.passed || plan.data.pct === 100),
    );
    if (toAdd.length === 0) return;
    // Record first, then add: a crash in between leaves an id to clean up, never a job
    // that sync() cannot see. One round trip each, whatever the number of reminders.
    await this.store.redis.sadd(this.key(ticket.id), ...toAdd.map((p) => p.jobId));
    const nowMs = this.now();
    await this.queue.addBulk(
      toAdd.map((plan) => ({
        name: 'ticket-reminder',
        data: plan.data,
        opts: { ...SLA_JOB_OPTIONS, jobId: plan.jobId, delay: Math.max(0, plan.data.atMs - nowMs) },
      })),
    );
  }

  async requestWeeklyReview(requestedBy: string): Promise<void> {
    await this.queue.add(
      'weekly-review',
      { kind: 'weekly-review', requestedBy },
      { ...SLA_JOB_OPTIONS },
    );
  }
}

export interface ReminderWorkerDeps {
  store: SanadStore;
  slack: WebClient;
  policy: Policy;
  tickets: TicketService;
  /** Takes over a card update the reminder job could not make itself. */
  outbox: OutboxPort;
  now: () => number;
  logger: Logger;
  metrics: Metrics;
  lockTtlMs?: number;
}

export async function fireReminder(
  deps: ReminderWorkerDeps,
  job: Pick<Job, 'attemptsStarted' | 'attemptsMade'>,
  data: ReminderJobData,
): Promise<'posted' | 'skipped'> {
  const { store, slack, policy, now } = deps;
  const ticket = await store.getTicket(data.ticketId);
  if (!ticket) return 'skipped';
  // Still relevant? The ticket may have been answered, raised, paused or resolved since.
  const current = planReminders(policy, ticket, data.atMs - 1).find(
    (p) => p.data.phase === data.phase && p.data.pct === data.pct,
  );
  if (!current || current.data.atMs !== data.atMs) return 'skipped';
  if (!ticket.card) throw new Error(`ticket ${ticket.id} has no card yet; retrying`);
  // One claim both guards against a concurrent twin and records that it was posted.
  const claim = `reminder:${ticket.id}:${data.phase}:${data.pct}`;
  const state = await store.claimForAction(claim, deps.lockTtlMs ?? 30_000);
  if (state === 'done') {
    // Posted already. If the worker died before the escalation that follows a breach, this
    // run records it (once: a recorded escalation is not recorded again).
    if (data.pct === 100) await escalate(deps, job, ticket, data.phase);
    return 'skipped';
  }
  // Another worker is posting it, or died doing so (the claim then lapses with its TTL).
  if (state === 'busy') throw new LockBusyError(claim, 1000);
  let ts: string;
  const nowMs = now();
  try {
    const due = dueTimesFor(policy, ticket, nowMs);
    const message = buildSlaReminder({
      ticket,
      phase: data.phase,
      pct: data.pct,
      dueMs: data.phase === 'first_response' ? due.firstResponseDueMs : due.resolutionDueMs,
      nowMs,
      ownerUserIds: ownerUserIds(policy, ticket.owner),
      lang: policy.language,
    });
    ts = await postOnceRecorded(
      { slack, store },
      job,
      {
        channel: ticket.card.channelId,
        thread_ts: ticket.card.ts,
        text: message.text,
        blocks: message.blocks,
        key: `sla-${ticket.id}-${data.phase}-${data.pct}`,
      },
      {
        action: 'sla.reminder_posted',
        atMs: nowMs,
        ticketId: ticket.id,
        details: { phase: data.phase, pct: data.pct },
      },
    );
  } catch (error) {
    // The retry looks for this post first, so giving the claim back cannot double it.
    await store.releaseClaim(claim);
    throw error;
  }
  await store.completeClaim(claim, ts);
  deps.metrics.reminderLateness.observe(Math.max(0, nowMs - data.atMs) / 1000);
  deps.metrics.remindersPosted.inc({ phase: data.phase, threshold: String(data.pct) });
  if (data.pct === 100) {
    deps.metrics.breaches.inc({ priority: ticket.priority, phase: data.phase });
    await escalate(deps, job, ticket, data.phase);
  }
  return 'posted';
}

/** The breach's `escalated` event, and the card updated by this job (see `updateCardNow`). */
function escalate(
  deps: ReminderWorkerDeps,
  job: Pick<Job, 'attemptsStarted' | 'attemptsMade'>,
  ticket: Ticket,
  phase: SlaPhase,
): Promise<void> {
  return deps.tickets.recordEscalation(ticket.id, phase, (escalated) =>
    updateCardNow(deps, job, escalated),
  );
}
