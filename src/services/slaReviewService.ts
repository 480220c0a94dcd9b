/**
 * The weekly SLA review (Monday 09:00 in the policy's time zone, and `/ticket report` on
 * demand): last week's tickets → health report → breaches listed → affected customers
 * flagged for customer success → on a critical verdict the founder is mentioned, live
 * actions are frozen until a founder lifts the freeze, and an incident is proposed.
 */
import type { WebClient } from '@slack/web-api';
import type { Job } from 'bullmq';
import type { Policy } from '../config/index.ts';
import {
  buildSlaHealthReport,
  elapsedSlaMinutes,
  type SlaHealthReport,
  type SlaHealthTicket,
  TicketRefusal,
  type TicketSlaFacts,
  weeklyReviewWindow,
} from '../domain/index.ts';
import { postOnce } from '../jobs/outbox.ts';
import { buildAffectedCustomersNotice, buildWeeklyReview } from '../views/slaViews.ts';
import { actorFor, type ServiceContext } from './context.ts';

/** Whose freeze a critical weekly review sets (see RedisStore.setFreeze). */
export const WEEKLY_REVIEW_FREEZE_SOURCE = 'weekly-sla-review';

const DAY_MS = 24 * 3600_000;

/**
 * SLA time used by a ticket, as the health report wants it: the weekly review and the App
 * Home's 7-day health both go through here. An unanswered or unresolved ticket already past
 * its target counts as a breach now.
 */
export function slaHealthTicket(
  policy: Policy,
  ticket: TicketSlaFacts,
  nowMs: number,
): SlaHealthTicket {
  const clock = {
    startMs: ticket.createdAtMs,
    pauses: ticket.pauses ?? [],
    calendar: policy.businessHours[ticket.priority],
  };
  const target = policy.sla[ticket.priority];
  // SLA time used until now: needed at most once (for whichever clock is still running).
  let usedNow: number | undefined;
  const usedUntilNow = () => {
    usedNow ??= elapsedSlaMinutes({ ...clock, nowMs });
    return usedNow;
  };
  const firstAt = ticket.firstResponseAtMs;
  let firstResponseMin: number | null = null;
  if (firstAt !== undefined) firstResponseMin = elapsedSlaMinutes({ ...clock, nowMs: firstAt });
  else {
    const used = usedUntilNow();
    if (used > target.firstResponseMinutes) firstResponseMin = used;
  }
  let resolutionHours: number | null = null;
  if (ticket.resolvedAtMs !== undefined)
    resolutionHours = elapsedSlaMinutes({ ...clock, nowMs: ticket.resolvedAtMs }) / 60;
  else {
    const usedHours = usedUntilNow() / 60;
    if (usedHours > target.resolutionTargetHours) resolutionHours = usedHours;
  }
  return {
    priority: ticket.priority,
    firstResponseMin,
    resolutionHours,
    ticketId: ticket.id,
    customerId: ticket.customerId,
  };
}

/** The health report over the tickets opened in the last `days` days (App Home: 7). */
export async function recentSlaHealth(
  ctx: Pick<ServiceContext, 'store' | 'policy'>,
  nowMs: number,
  days = 7,
): Promise<SlaHealthReport> {
  const tickets: SlaHealthTicket[] = [];
  await ctx.store.forEachSlaFactsCreatedBetween(nowMs - days * DAY_MS, nowMs + 1, (t) => {
    tickets.push(slaHealthTicket(ctx.policy, t, nowMs));
  });
  return buildSlaHealthReport({ tickets, targets: ctx.policy.sla });
}

export class SlaReviewService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly slack: WebClient,
  ) {}

  async run(job: Pick<Job, 'id' | 'attemptsStarted' | 'attemptsMade'>, requestedBy?: string) {
    const { store, policy, now } = this.ctx;
    const nowMs = now();
    // The Monday review covers last week; an on-demand report the last 7 days.
    const window = requestedBy
      ? { fromMs: nowMs - 7 * DAY_MS, toMs: nowMs }
      : weeklyReviewWindow(nowMs, policy.timezone);
    const healthTickets: SlaHealthTicket[] = [];
    const customerNames = new Map<string, string>();
    await store.forEachSlaFactsCreatedBetween(window.fromMs, window.toMs, (t) => {
      healthTickets.push(slaHealthTicket(policy, t, nowMs));
      if (t.customerId && t.customerName) customerNames.set(t.customerId, t.customerName);
    });
    const report = buildSlaHealthReport({ tickets: healthTickets, targets: policy.sla });
    const affected = report.affectedCustomerIds.map((id) => customerNames.get(id) ?? id);
    const message = buildWeeklyReview({
      report,
      fromMs: window.fromMs,
      toMs: window.toMs,
      founders: policy.people.founders,
      breaches: report.breachedTickets.map((b) => ({
        ticketId: b.ticketId ?? '?',
        priority: b.priority,
        breaches: b.breaches,
        customerName: b.customerId ? customerNames.get(b.customerId) : undefined,
      })),
      affectedCustomers: affected,
      frozen: report.freezeLiveActions,
      lang: policy.language,
      onDemandBy: requestedBy,
    });
    const channel = policy.channels.ops;
    if (!channel) throw new Error('No ops channel configured');
    await postOnce(this.slack, job, {
      channel,
      text: message.text,
      blocks: message.blocks,
      key: `review-${job.id}`,
    });
    // Frozen only once the review — the one message with the Lift button — is in the ops
    // channel: a post that never goes through must not leave a freeze nobody can lift.
    if (report.freezeLiveActions) {
      await store.setFreeze('*', {
        reasonAr: 'حكم المراجعة الأسبوعية للاتفاقية حرج',
        reasonEn: 'the weekly SLA review verdict is critical',
        since: nowMs,
        by: 'sanad',
        source: WEEKLY_REVIEW_FREEZE_SOURCE,
      });
      await store.appendLedger([
        {
          action: 'sla.freeze',
          actor: 'sanad',
          atMs: nowMs,
          details: { breachRate: report.breachRate, verdict: report.verdict },
        },
      ]);
    }
    if (affected.length > 0 && policy.channels.customerSuccess) {
      await postOnce(this.slack, job, {
        channel: policy.channels.customerSuccess,
        text: buildAffectedCustomersNotice({ customerNames: affected, lang: policy.language }).text,
        key: `review-cs-${job.id}`,
      });
    }
    await store.appendLedger([
      {
        action: 'sla.weekly_review',
        actor: requestedBy ?? 'sanad',
        atMs: nowMs,
        details: {
          verdict: report.verdict,
          total: report.totalTickets,
          breached: report.totalBreached,
        },
      },
    ]);
    return report.verdict;
  }

  /** Only a founder lifts the review's live-action freeze (a SEV1 incident's freeze of the same
   *  scope is lifted from the incident). */
  async liftFreeze(scope: string, userId: string): Promise<boolean> {
    if (!actorFor(this.ctx.policy, userId).isFounder) {
      throw new TicketRefusal(
        'founder_required',
        'رفع التجميد للمؤسس فقط.',
        'Only a founder can lift the freeze.',
      );
    }
    const lifted = await this.ctx.store.liftFreeze(scope, WEEKLY_REVIEW_FREEZE_SOURCE);
    if (lifted) {
      await this.ctx.store.appendLedger([
        { action: 'freeze.lifted', actor: userId, atMs: this.ctx.now(), details: { scope } },
      ]);
    }
    return lifted;
  }
}
