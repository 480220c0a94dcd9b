/**
 * The customer-success queue ('sanad-cs'): posting approval requests (connector live mode,
 * onboarding steps) and customer-success drafts, keeping those messages up to date, the
 * success-plan reminders (delayed jobs, one per plan day), the weekly check-ins and the daily
 * at-risk scan (job schedulers in the policy's time zone), and App Home refreshes.
 *
 * Same guarantees as the outbox: deterministic job ids (a double click or a retry enqueues
 * once), posts tagged with a metadata key (a retried post never duplicates), the message
 * reference stored once, and a job that fires late re-checks what it is about.
 */

import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { LanguageResolver } from '../commands/language.ts';
import type { Policy } from '../config/index.ts';
import { getConnector, ONBOARDING_STEPS } from '../domain/index.ts';
import type {
  CsJobsPort,
  CsRunSummary,
  CustomerOpsService,
} from '../services/customerOpsService.ts';
import type { HomeService } from '../services/homeService.ts';
import type {
  ApprovalRequest,
  CsDraft,
  CustomerOpsStore,
  SuccessPlanDoc,
} from '../store/customerOpsStore.ts';
import type { SanadStore } from '../store/redisStore.ts';
import {
  buildAtRiskAlertDraft,
  buildConnectorApprovalRequest,
  buildCsRunReport,
  buildOnboardingApprovalRequest,
  buildSuccessPlanReminder,
  buildWeeklyCheckInDraft,
  closeApprovalBlocks,
  draftViolationsBlock,
} from '../views/customerOpsViews.ts';
import { type Lang, mention, pick, slackDate } from '../views/format.ts';
import { contextBlock } from '../views/incidentViews.ts';
import { postOnceRecorded, withLock } from './outbox.ts';
import { classifySlackError, SLACK_JOB_RETRIES } from './slackErrors.ts';

export const CS_QUEUE = 'sanad-cs';

export type CsJobData =
  | { kind: 'post-request'; requestId: string }
  | { kind: 'sync-request'; requestId: string; version: number }
  | { kind: 'post-draft'; draftId: string }
  | { kind: 'sync-draft'; draftId: string; version: number }
  | { kind: 'plan-reminder'; customerId: string; startMs: number; day: number }
  | { kind: 'weekly-check-ins'; requestedBy?: string }
  | { kind: 'at-risk-scan'; requestedBy?: string }
  | { kind: 'refresh-home'; userId: string };

export const CS_JOB_OPTIONS = {
  ...SLACK_JOB_RETRIES,
  removeOnComplete: { age: 24 * 3600, count: 5000 },
  removeOnFail: false,
} as const;

/** Home refreshes for one user within this window collapse into one job. */
const HOME_DEBOUNCE_MS = 1500;

export class CsJobs implements CsJobsPort {
  /** The debounce window `queuedUsers` belongs to, and whose Home refresh it has queued. */
  private queuedBucket = -1;
  private readonly queuedUsers = new Set<string>();

  constructor(
    private readonly queue: Queue<CsJobData>,
    private readonly now: () => number,
  ) {}

  async postRequest(requestId: string): Promise<void> {
    await this.queue.add(
      'post-request',
      { kind: 'post-request', requestId },
      { ...CS_JOB_OPTIONS, jobId: `req-post-${requestId}` },
    );
  }

  async syncRequest(request: ApprovalRequest): Promise<void> {
    await this.queue.add(
      'sync-request',
      { kind: 'sync-request', requestId: request.id, version: request.version },
      { ...CS_JOB_OPTIONS, jobId: `req-sync-${request.id}-v${request.version}` },
    );
  }

  async postDraft(draftId: string): Promise<void> {
    await this.queue.add(
      'post-draft',
      { kind: 'post-draft', draftId },
      { ...CS_JOB_OPTIONS, jobId: `draft-post-${draftId}` },
    );
  }

  async syncDraft(draft: CsDraft): Promise<void> {
    await this.queue.add(
      'sync-draft',
      { kind: 'sync-draft', draftId: draft.id, version: draft.version },
      { ...CS_JOB_OPTIONS, jobId: `draft-sync-${draft.id}-v${draft.version}` },
    );
  }

  /** One delayed job per plan day (day 1 is due at once). */
  async schedulePlan(plan: SuccessPlanDoc): Promise<void> {
    for (const m of plan.milestones) {
      await this.queue.add(
        'plan-reminder',
        { kind: 'plan-reminder', customerId: plan.customerId, startMs: plan.startMs, day: m.day },
        {
          ...CS_JOB_OPTIONS,
          removeOnComplete: { age: 60 * 24 * 3600, count: 10_000 },
          jobId: `plan-${plan.customerId}-${plan.startMs}-d${m.day}`,
          delay: Math.max(0, m.dueAtMs - this.now()),
        },
      );
    }
  }

  async requestRun(kind: 'weekly-check-ins' | 'at-risk-scan', requestedBy: string): Promise<void> {
    await this.queue.add(kind, { kind, requestedBy }, { ...CS_JOB_OPTIONS });
  }

  /**
   * Re-publishes these users' Homes once per debounce window: the job runs after its window
   * ends, so it sees every change made within it (later ones get the next window's job).
   */
  async refreshHomes(userIds: readonly string[]): Promise<void> {
    const nowMs = this.now();
    const bucket = Math.floor(nowMs / HOME_DEBOUNCE_MS);
    const delay = (bucket + 1) * HOME_DEBOUNCE_MS - nowMs + 50;
    if (bucket !== this.queuedBucket) {
      this.queuedBucket = bucket;
      this.queuedUsers.clear();
    }
    for (const userId of new Set(userIds)) {
      // Already queued for this window by this process: the job id would dedupe it anyway,
      // this saves the Redis round trip (a busy ticket stream changes approvals many times).
      if (this.queuedUsers.has(userId)) continue;
      await this.queue.add(
        'refresh-home',
        { kind: 'refresh-home', userId },
        {
          attempts: 3,
          backoff: { type: 'exponential', delay: 500 },
          removeOnComplete: { age: 60, count: 1000 },
          removeOnFail: { age: 3600 },
          jobId: `home-${userId}-${bucket}`,
          delay,
        },
      );
      this.queuedUsers.add(userId);
    }
  }
}

export interface CsWorkerDeps {
  service: CustomerOpsService;
  ops: CustomerOpsStore;
  store: SanadStore;
  slack: WebClient;
  policy: Policy;
  homes: HomeService;
  languageOf: LanguageResolver;
  now: () => number;
  logger: Logger;
  lockTtlMs?: number;
}

// Rendering ------------------------------------------------------------------------------

function decisionText(request: ApprovalRequest, lang: Lang): string {
  const by = request.decidedBy ? mention(request.decidedBy) : '—';
  const at = request.decidedAtMs !== undefined ? ` ${slackDate(request.decidedAtMs)}` : '';
  if (request.kind === 'connector_live') {
    const c = request.connectorKey ? getConnector(request.connectorKey) : null;
    const name = c ? pick(lang, c.labelAr, c.labelEn) : '';
    switch (request.status) {
      case 'approved':
        return pick(
          lang,
          `✅ وافق ${by}${at} — ${name} الآن في وضع «تنفيذ بعد الموافقة».`,
          `✅ Approved by ${by}${at} — ${name} is now in approved-execute (live) mode.`,
        );
      case 'declined':
        return pick(
          lang,
          `✖️ رفض ${by}${at} — بقي الموصل على حاله.`,
          `✖️ Declined by ${by}${at} — the connector stays as it was.`,
        );
      default:
        return pick(
          lang,
          `⚠️ أُغلق الطلب دون تغيير (${by}${at}): تغيّرت حالة الموصل منذ الطلب.`,
          `⚠️ Closed without a change (${by}${at}): the connector's state changed since the request.`,
        );
    }
  }
  return pick(lang, `✅ اعتمدها ${by}${at}.`, `✅ Approved by ${by}${at}.`);
}

export function renderRequest(
  request: ApprovalRequest,
  policy: Policy,
): { text: string; blocks: KnownBlock[] } {
  const lang = policy.language;
  let message: { text: string; blocks: KnownBlock[] };
  if (request.kind === 'connector_live') {
    message = buildConnectorApprovalRequest({
      customerName: request.customerName,
      connectorKey: request.connectorKey ?? '',
      requestedBy: request.requestedBy,
      lang,
      customerId: request.customerId,
      requestId: request.id,
      fromState: request.fromState,
      notes: request.notes,
      founderIds: policy.people.founders,
    });
  } else {
    const step = ONBOARDING_STEPS.find((s) => s.id === request.stepId);
    message = buildOnboardingApprovalRequest({
      lang,
      customerId: request.customerId,
      customerName: request.customerName,
      stepId: request.stepId ?? '',
      stepLabel: step ? pick(lang, step.labelAr, step.labelEn) : (request.stepId ?? ''),
      requestedBy: request.requestedBy,
      requestId: request.id,
      notes: request.notes,
      approverIds: policy.people.approvers,
    });
  }
  if (request.status === 'pending') return message;
  return {
    text: message.text,
    blocks: closeApprovalBlocks(message.blocks, decisionText(request, lang)),
  };
}

export function renderDraft(
  draft: CsDraft,
  policy: Policy,
  nowMs: number,
): { text: string; blocks: KnownBlock[] } {
  const lang = policy.language;
  let message: { text: string; blocks: KnownBlock[] };
  if (draft.kind === 'weekly_check_in' && draft.checkIn) {
    message = buildWeeklyCheckInDraft({
      checkIn: draft.checkIn,
      lang,
      customerName: draft.customerName,
      draftId: draft.id,
      messageText: draft.text,
    });
  } else if (draft.kind === 'at_risk_alert' && draft.alert) {
    message = buildAtRiskAlertDraft({
      alert: draft.alert,
      customerName: draft.customerName,
      lang,
      draftId: draft.id,
      messageText: draft.text,
    });
  } else if (draft.milestone) {
    message = buildSuccessPlanReminder({
      milestone: draft.milestone,
      customerName: draft.customerName,
      lang,
      customerId: draft.customerId,
      bundleId: draft.bundleId,
      nowMs,
      draftId: draft.id,
      messageText: draft.text,
    });
  } else {
    throw new UnrecoverableError(`draft ${draft.id} has nothing to render`);
  }
  let blocks = message.blocks;
  const extra: KnownBlock[] = [];
  if (draft.violations.length > 0) extra.push(draftViolationsBlock(draft.violations, lang));
  if (draft.editedBy) {
    extra.push(
      contextBlock(
        pick(lang, `✏️ عدّلها ${mention(draft.editedBy)}`, `✏️ Edited by ${mention(draft.editedBy)}`),
      ),
    );
  }
  if (extra.length > 0) {
    const at = blocks.findIndex((b) => b.type === 'actions');
    blocks =
      at < 0 ? [...blocks, ...extra] : [...blocks.slice(0, at), ...extra, ...blocks.slice(at)];
  }
  if (draft.status === 'approved') {
    blocks = closeApprovalBlocks(
      blocks,
      pick(
        lang,
        `✅ اعتمدها ${mention(draft.approvedBy ?? '')} ${slackDate(draft.approvedAtMs ?? nowMs)} — يمكن لأحد الفريق إرسالها الآن؛ سند لا يرسل شيئاً بنفسه.`,
        `✅ Approved by ${mention(draft.approvedBy ?? '')} ${slackDate(draft.approvedAtMs ?? nowMs)} — a person may now send it; Sanad sends nothing by itself.`,
      ),
    );
  }
  return { text: message.text, blocks };
}

// Processor ------------------------------------------------------------------------------

function requestChannel(policy: Policy): string {
  const channel = policy.channels.ops ?? policy.channels.customerSuccess;
  if (!channel) throw new UnrecoverableError('No ops channel configured');
  return channel;
}

function draftChannel(policy: Policy): string {
  const channel = policy.channels.customerSuccess ?? policy.channels.ops;
  if (!channel) throw new UnrecoverableError('No customer-success channel configured');
  return channel;
}

async function postOrSync(
  deps: CsWorkerDeps,
  job: Job<CsJobData>,
  id: string,
  channel: string,
  load: () => Promise<{
    version: number;
    render: () => { text: string; blocks: KnownBlock[] };
    /** The post's ledger entry: its action and what it posted. */
    posted: { action: string; details: Record<string, unknown> };
  } | null>,
): Promise<void> {
  const { ops, slack, store } = deps;
  await withLock(
    store,
    `cs-post-${id}`,
    async () => {
      const current = await load();
      if (!current) return;
      let posted = await ops.posted(id);
      if (!posted) {
        const message = current.render();
        const ts = await postOnceRecorded(
          { slack, store },
          job,
          { channel, text: message.text, blocks: message.blocks, key: `cs-${id}` },
          { ...current.posted, atMs: deps.now() },
        );
        await ops.setPosted(id, { channelId: channel, ts });
        posted = { channelId: channel, ts };
        // Decided or edited while the post was in flight: bring the message up to date.
        const latest = await load();
        if (!latest || latest.version === current.version) return;
        const fresh = latest.render();
        await slack.chat.update({
          channel: posted.channelId,
          ts: posted.ts,
          text: fresh.text,
          // biome-ignore lint/suspicious/noExplicitAny: Block Kit blocks from our view builders
          blocks: fresh.blocks as any,
        });
        return;
      }
      const message = current.render();
      await slack.chat.update({
        channel: posted.channelId,
        ts: posted.ts,
        text: message.text,
        // biome-ignore lint/suspicious/noExplicitAny: Block Kit blocks from our view builders
        blocks: message.blocks as any,
      });
    },
    deps.lockTtlMs,
  );
}

async function handleRequest(
  deps: CsWorkerDeps,
  job: Job<CsJobData>,
  requestId: string,
  sync: boolean,
) {
  if (sync && !(await deps.ops.posted(requestId))) return; // the post renders the latest
  await postOrSync(deps, job, requestId, requestChannel(deps.policy), async () => {
    const request = await deps.ops.getRequest(requestId);
    return request
      ? {
          version: request.version,
          render: () => renderRequest(request, deps.policy),
          posted: {
            action: 'approval_request.posted',
            details: { requestId, kind: request.kind, customerId: request.customerId },
          },
        }
      : null;
  });
}

async function handleDraft(
  deps: CsWorkerDeps,
  job: Job<CsJobData>,
  draftId: string,
  sync: boolean,
) {
  if (sync && !(await deps.ops.posted(draftId))) return;
  await postOrSync(deps, job, draftId, draftChannel(deps.policy), async () => {
    const draft = await deps.ops.getDraft(draftId);
    return draft
      ? {
          version: draft.version,
          render: () => renderDraft(draft, deps.policy, deps.now()),
          posted: {
            action: 'cs_draft.posted',
            details: { draftId, kind: draft.kind, customerId: draft.customerId },
          },
        }
      : null;
  });
}

async function refreshHome(deps: CsWorkerDeps, userId: string): Promise<void> {
  // Only for people who use the Home tab; the others see it fresh when they open it.
  if (!(await deps.ops.homeUsers()).includes(userId)) return;
  const lang = await deps.languageOf(userId, deps.slack);
  await deps.homes.publish(deps.slack, userId, lang);
}

/**
 * A run someone asked for (the App Home buttons) ends with a private report to them: what was
 * drafted and which customers were skipped for lack of metrics — also when nothing arrives in
 * the channel. Scheduled runs (no person asked) report nothing.
 */
async function reportRun(
  deps: CsWorkerDeps,
  requestedBy: string | undefined,
  running: Promise<CsRunSummary>,
): Promise<CsRunSummary> {
  const summary = await running;
  if (!requestedBy || requestedBy === 'sanad') return summary;
  const lang = await deps.languageOf(requestedBy, deps.slack);
  const text = buildCsRunReport({ lang, run: summary, channelId: draftChannel(deps.policy) });
  await deps.slack.chat.postMessage({ channel: requestedBy, text });
  return summary;
}

/**
 * The queue's processor. A Slack error that will not go away (channel not found, not in
 * channel…) fails the job at once, with a ledger entry; rate limits are left to the caller
 * (they delay the job without spending an attempt); anything else retries with backoff.
 */
export function createCsProcessor(deps: CsWorkerDeps) {
  const run = processJob(deps);
  return async (job: Job<CsJobData>): Promise<unknown> => {
    try {
      return await run(job);
    } catch (error) {
      const failure = classifySlackError(error);
      if (failure.kind !== 'permanent') throw error;
      deps.logger.error({ jobId: job.id, code: failure.code }, 'Slack refused a customer-ops job');
      await deps.store.appendLedger([
        {
          action: 'cs_job.failed',
          actor: 'sanad',
          atMs: deps.now(),
          details: { job: job.name, jobId: job.id, error: failure.code },
        },
      ]);
      throw new UnrecoverableError(`Slack error ${failure.code}`);
    }
  };
}

function processJob(deps: CsWorkerDeps) {
  return async (job: Job<CsJobData>): Promise<unknown> => {
    const data = job.data;
    switch (data.kind) {
      case 'post-request':
        return handleRequest(deps, job, data.requestId, false);
      case 'sync-request':
        return handleRequest(deps, job, data.requestId, true);
      case 'post-draft':
        return handleDraft(deps, job, data.draftId, false);
      case 'sync-draft':
        return handleDraft(deps, job, data.draftId, true);
      case 'plan-reminder':
        return deps.service.fireMilestone(data.customerId, data.startMs, data.day);
      case 'weekly-check-ins':
        return reportRun(deps, data.requestedBy, deps.service.runWeeklyCheckIns(data.requestedBy));
      case 'at-risk-scan':
        return reportRun(deps, data.requestedBy, deps.service.runAtRiskScan(data.requestedBy));
      case 'refresh-home':
        return refreshHome(deps, data.userId);
    }
  };
}
