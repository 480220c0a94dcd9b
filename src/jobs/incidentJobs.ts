/**
 * Incident jobs, on their own BullMQ queue. Every Slack write an incident needs goes through
 * here, so a Slack error delays the work and never drops it:
 *
 * - `setup`: create the incident channel (`inc-YYYYMMDD-NNN-<slug>`; `name_taken` → -2, -3…).
 *   The names tried are recorded before each conversations.create, so after a lost answer the
 *   channel is found again by name instead of made twice. If Slack refuses (missing scope,
 *   Slack down) the incident stays recorded, the ops channel is told why once (with a Retry
 *   now button), and the job retries: every `channelRetryMinutes` for permanent errors, with a
 *   growing backoff up to that for transient ones. Then invites, summary (pinned), plan.
 * - `sync` (one per incident version): brings the summary, plan checklist, status-update
 *   draft and PDPL reminders up to date (chat.update only when the rendering changed).
 * - Timers with deterministic ids, kept in step by `schedule()` like the SLA reminders:
 *   `first-action`, `status-draft`, `pdpl-reminder`; each re-checks the incident when it fires
 *   and posts at most once (claim key + post metadata key).
 * - `publish-update` / `pdpl-notice` (one per destination channel) and `post-mortem`.
 *
 * Customer-facing posts carry only an opaque metadata key, never the incident id (rule 2).
 */
import { createHash } from 'node:crypto';
import type { WebClient } from '@slack/web-api';
import { DelayedError, type Job, type Queue, UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { Policy } from '../config/index.ts';
import {
  buildIncidentChannelName,
  DomainError,
  type Incident,
  type IncidentTransition,
  internalIdViolations,
  type LedgerEntry,
  newestPdplMessage,
  type PdplReminderRecord,
  pdplNoticeRev,
  pdplReminderSchedule,
  postMortemForIncident,
  recordIncidentChannel,
  statusDraftRev,
} from '../domain/index.ts';
import type {
  IncidentJobsPort,
  IncidentService,
  PublishTarget,
} from '../services/incidentService.ts';
import { IncidentStore } from '../store/incidentStore.ts';
import type { SanadStore } from '../store/redisStore.ts';
import type { Lang } from '../views/format.ts';
import {
  buildChannelProblemNotice,
  buildCustomerIncidentUpdate,
  buildCustomerPdplNotice,
  buildFirstActionReminder,
  buildIncidentSummary,
  buildPdplReminder,
  buildPostMortemMessage,
  buildResponsePlanChecklist,
  buildStakeholderUpdate,
  buildStatusUpdateDraft,
  type StatusUpdateOutcome,
} from '../views/incidentViews.ts';
import { postOnce } from './outbox.ts';
import { classifySlackError, delayJob, LockBusyError, SLACK_JOB_RETRIES } from './slackErrors.ts';

export const INCIDENT_QUEUE = 'sanad-incidents';

export type IncidentJobData =
  | { kind: 'setup'; incidentId: string; failures?: number }
  | { kind: 'sync'; incidentId: string; version: number }
  | { kind: 'first-action'; incidentId: string; atMs: number }
  | { kind: 'status-draft'; incidentId: string; atMs: number }
  | { kind: 'pdpl-reminder'; incidentId: string; hours: number; atMs: number; isDeadline: boolean }
  | {
      kind: 'publish-update';
      incidentId: string;
      seq: number;
      text: string;
      target: PublishTarget;
    }
  | { kind: 'pdpl-notice'; incidentId: string; text: string; target: PublishTarget }
  | { kind: 'post-mortem'; incidentId: string };

const JOB_OPTIONS = {
  ...SLACK_JOB_RETRIES,
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: false,
} as const;

const LOCK_TTL_MS = 120_000;
const BUSY_RETRY_MS = 200;
/** Transient channel failures are reported to ops after this many tries. */
const REPORT_AFTER_FAILURES = 3;
const CHANNEL_NAME_TRIES = 25;

/** Opaque per-incident reference for customer-facing metadata keys (never the incident id). */
export function opaqueRef(incidentId: string): string {
  return createHash('sha256').update(`sanad-incident:${incidentId}`).digest('hex').slice(0, 16);
}

// ─── Timers ──────────────────────────────────────────────────────────────────────────

export interface TimerPlan {
  jobId: string;
  name: string;
  data: IncidentJobData;
  atMs: number;
}

/** The timers an incident should have pending now. */
export function planIncidentTimers(policy: Policy, incident: Incident): TimerPlan[] {
  const id = incident.id;
  const plans: TimerPlan[] = [];
  if (incident.status === 'active' && incident.firstActionAtMs === undefined) {
    const atMs = incident.firstActionDueMs;
    plans.push({
      jobId: `inc-${id}-first-action-${atMs}`,
      name: 'first-action',
      data: { kind: 'first-action', incidentId: id, atMs },
      atMs,
    });
  }
  if (incident.status === 'active' && incident.nextUpdateDueMs !== undefined) {
    const atMs = incident.nextUpdateDueMs;
    plans.push({
      jobId: `inc-${id}-draft-${atMs}`,
      name: 'status-draft',
      data: { kind: 'status-draft', incidentId: id, atMs },
      atMs,
    });
  }
  // The legal clock keeps running after resolve, until the notice is sent.
  if (incident.hasDataLeak && incident.pdplNoticeSentAtMs === undefined) {
    for (const r of pdplReminderSchedule(incident.declaredAtMs, policy.incidents)) {
      plans.push({
        jobId: `inc-${id}-pdpl-${String(r.hours).replace('.', '_')}`,
        name: 'pdpl-reminder',
        data: {
          kind: 'pdpl-reminder',
          incidentId: id,
          hours: r.hours,
          atMs: r.atMs,
          isDeadline: r.isDeadline,
        },
        atMs: r.atMs,
      });
    }
  }
  return plans;
}

/** Enqueues incident work. Deterministic job ids: a repeat enqueues nothing new. */
export class IncidentJobs implements IncidentJobsPort {
  constructor(
    private readonly queue: Queue<IncidentJobData>,
    private readonly store: IncidentStore,
    private readonly policy: Policy,
    private readonly now: () => number,
  ) {}

  async setup(incident: Incident): Promise<void> {
    if (incident.channelId) return this.sync(incident);
    await this.queue.add(
      'setup',
      { kind: 'setup', incidentId: incident.id },
      { ...JOB_OPTIONS, jobId: `inc-${incident.id}-setup` },
    );
  }

  async sync(incident: Incident, again?: 'stale_press'): Promise<void> {
    // A stale press asks once per version: its job renders what the messages lack.
    const suffix = again ? `-${again}` : '';
    await this.queue.add(
      'sync',
      { kind: 'sync', incidentId: incident.id, version: incident.version },
      { ...JOB_OPTIONS, jobId: `inc-${incident.id}-sync-v${incident.version}${suffix}` },
    );
  }

  async schedule(incident: Incident): Promise<void> {
    const plans = planIncidentTimers(this.policy, incident);
    const wanted = new Set(plans.map((p) => p.jobId));
    const existing = await this.store.scheduledJobIds(incident.id);
    for (const jobId of existing) {
      if (wanted.has(jobId)) continue;
      const job = await this.queue.getJob(jobId);
      // An active job may be mid-run; it re-checks the incident and does nothing if stale.
      if (job && !(await job.isActive())) await job.remove().catch(() => undefined);
      await this.store.removeScheduledJobId(incident.id, jobId);
    }
    for (const plan of plans) {
      if (existing.includes(plan.jobId)) continue;
      await this.store.addScheduledJobId(incident.id, plan.jobId);
      await this.queue.add(plan.name, plan.data, {
        ...JOB_OPTIONS,
        jobId: plan.jobId,
        delay: Math.max(0, plan.atMs - this.now()),
      });
    }
  }

  async publishUpdate(
    incident: Incident,
    seq: number,
    targets: Array<PublishTarget & { text: string }>,
  ): Promise<void> {
    for (const { text, ...target } of targets) {
      await this.queue.add(
        'publish-update',
        { kind: 'publish-update', incidentId: incident.id, seq, text, target },
        { ...JOB_OPTIONS, jobId: `inc-${incident.id}-update-${seq}-${target.channelId}` },
      );
    }
  }

  async sendPdplNotice(
    incident: Incident,
    targets: Array<PublishTarget & { text: string }>,
  ): Promise<void> {
    for (const { text, ...target } of targets) {
      await this.queue.add(
        'pdpl-notice',
        { kind: 'pdpl-notice', incidentId: incident.id, text, target },
        { ...JOB_OPTIONS, jobId: `inc-${incident.id}-pdpl-notice-${target.channelId}` },
      );
    }
  }

  async postMortem(incident: Incident): Promise<void> {
    await this.queue.add(
      'post-mortem',
      { kind: 'post-mortem', incidentId: incident.id },
      { ...JOB_OPTIONS, jobId: `inc-${incident.id}-post-mortem` },
    );
  }

  /** "Retry now": the waiting channel job runs at once. */
  async retryChannel(incidentId: string): Promise<void> {
    const job = await this.queue.getJob(`inc-${incidentId}-setup`);
    if (!job) {
      const incident = await this.store.getIncident(incidentId);
      if (incident) await this.setup(incident);
      return;
    }
    const state = await job.getState();
    if (state === 'delayed') await job.promote();
    else if (state === 'failed') await job.retry();
  }
}

// ─── Worker ──────────────────────────────────────────────────────────────────────────

export interface IncidentWorkerDeps {
  store: SanadStore;
  incidents: IncidentStore;
  service: IncidentService;
  slack: WebClient;
  policy: Policy;
  now: () => number;
  logger: Logger;
}

type JobLike = Pick<Job, 'attemptsStarted' | 'attemptsMade'>;
/** First posts always look for an earlier copy first (another job may have posted it). */
const LOOK_FIRST: JobLike = { attemptsStarted: 2, attemptsMade: 1 };

class ChannelCreateError extends Error {
  override readonly name = 'ChannelCreateError';
  constructor(override readonly cause: unknown) {
    super(`could not create the incident channel: ${(cause as Error)?.message ?? cause}`);
  }
}

async function withIncidentLock<T>(
  deps: IncidentWorkerDeps,
  incidentId: string,
  fn: () => Promise<T>,
): Promise<T> {
  const name = `incident:${incidentId}`;
  const token = await deps.incidents.tryLock(name, LOCK_TTL_MS);
  if (!token) throw new LockBusyError(name, BUSY_RETRY_MS);
  try {
    return await fn();
  } finally {
    await deps.incidents.unlock(name, token);
  }
}

function platformCode(error: unknown): string | undefined {
  const e = error as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}

function neededScope(error: unknown): string | undefined {
  return (error as { data?: { needed?: string } })?.data?.needed;
}

function ledger(
  deps: IncidentWorkerDeps,
  incidentId: string,
  action: string,
  details: Record<string, unknown> = {},
) {
  return deps.incidents.appendLedger([
    { action, actor: 'sanad', atMs: deps.now(), details: { incidentId, ...details } },
  ]);
}

/**
 * The ledger entry of a post whose ts the incident stores: written in the same update, so
 * once, whoever finds the post again (postOnce) after a lost answer.
 */
function posted(
  deps: IncidentWorkerDeps,
  action: string,
  details: { incidentId: string; channelId: string; ts: string } & Record<string, unknown>,
): LedgerEntry {
  return { action, actor: 'sanad', atMs: deps.now(), details };
}

async function update(
  deps: IncidentWorkerDeps,
  id: string,
  change: (i: Incident) => IncidentTransition | null,
): Promise<Incident> {
  return (await deps.incidents.updateIncident(id, change)).incident;
}

function opsChannel(policy: Policy): string | undefined {
  return policy.channels.ops;
}

function notifyUsers(policy: Policy, incident: Incident): string[] {
  const ids = incident.commanderId ? [incident.commanderId] : [...policy.people.oncall];
  if (incident.severity === 'SEV1') ids.push(...policy.people.founders);
  return [...new Set(ids)];
}

/** Who belongs in the incident channel: the declarer, the commander, on-call, founders (SEV1). */
export function wantedMembers(policy: Policy, incident: Incident): string[] {
  const ids = [incident.declaredBy, ...policy.people.oncall];
  if (incident.commanderId) ids.push(incident.commanderId);
  if (incident.severity === 'SEV1') ids.push(...policy.people.founders);
  return [...new Set(ids)].filter((u) => /^[UW][A-Z0-9]{2,}$/.test(u));
}

let cachedBotUserId: { client: WebClient; id: Promise<string> } | undefined;
function botUserId(slack: WebClient): Promise<string> {
  if (cachedBotUserId?.client !== slack) {
    const id = slack.auth.test().then((r) => r.user_id ?? '');
    id.catch(() => {
      cachedBotUserId = undefined;
    });
    cachedBotUserId = { client: slack, id };
  }
  return cachedBotUserId.id;
}

// Channel creation ----------------------------------------------------------------------

/** A channel this app created earlier under one of `names` (its answer may have been lost). */
async function findOwnChannel(
  deps: IncidentWorkerDeps,
  names: readonly string[],
): Promise<{ id: string; name: string } | null> {
  const me = await botUserId(deps.slack);
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const res = await deps.slack.conversations.list({
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 1000,
      ...(cursor ? { cursor } : {}),
    });
    for (const c of res.channels ?? []) {
      if (c.id && c.name && names.includes(c.name) && c.creator === me) {
        return { id: c.id, name: c.name };
      }
    }
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return null;
}

async function findOrCreateChannel(
  deps: IncidentWorkerDeps,
  incident: Incident,
): Promise<{ id: string; name: string }> {
  const tried = await deps.incidents.channelAttempts(incident.id);
  if (tried.length > 0) {
    const found = await findOwnChannel(deps, tried);
    if (found) {
      deps.logger.info({ incidentId: incident.id, channel: found }, 'found the incident channel');
      return found;
    }
  }
  const m = /^INC-(\d{8})-(\d+)$/.exec(incident.id);
  if (!m) throw new UnrecoverableError(`unexpected incident id ${incident.id}`);
  const dateYmd = m[1]!;
  const sequence = Number(m[2]);
  for (let k = 1; k <= CHANNEL_NAME_TRIES; k++) {
    const name = buildIncidentChannelName({
      dateYmd,
      sequence,
      title: incident.title,
      ...(k > 1 ? { suffix: k } : {}),
    });
    await deps.incidents.noteChannelAttempt(incident.id, name);
    try {
      const res = await deps.slack.conversations.create({ name, is_private: false });
      if (!res.channel?.id) throw new Error('conversations.create returned no channel');
      return { id: res.channel.id, name: res.channel.name ?? name };
    } catch (error) {
      if (platformCode(error) === 'name_taken') continue;
      throw new ChannelCreateError(error);
    }
  }
  throw new ChannelCreateError(
    Object.assign(new Error('no free channel name'), {
      code: 'slack_webapi_platform_error',
      data: { error: 'name_taken' },
    }),
  );
}

function problemClaim(id: string) {
  return `incident-channel-problem:${id}`;
}

/** Tells the ops channel, once per incident, why the channel could not be made. */
async function reportChannelProblem(
  deps: IncidentWorkerDeps,
  incident: Incident,
  code: string,
  needed: string | undefined,
): Promise<void> {
  const claim = problemClaim(incident.id);
  if (await deps.store.claimedValue(claim)) return;
  const ops = opsChannel(deps.policy);
  await ledger(deps, incident.id, 'incident.channel_failed', { code, needed: needed ?? null });
  if (!ops) {
    await deps.store.setClaimedValue(claim, JSON.stringify({ code, needed }), 30 * 24 * 3600);
    return;
  }
  const msg = buildChannelProblemNotice({
    incidentId: incident.id,
    title: incident.title,
    severity: incident.severity,
    lang: deps.policy.language,
    code,
    needed,
    retryMinutes: deps.policy.incidents.channelRetryMinutes,
  });
  try {
    const ts = await postOnce(deps.slack, LOOK_FIRST, {
      channel: ops,
      text: msg.text,
      blocks: msg.blocks,
      key: `inc-${incident.id}-channel-problem`,
    });
    await deps.store.setClaimedValue(
      claim,
      JSON.stringify({ code, needed, channel: ops, ts }),
      30 * 24 * 3600,
    );
  } catch (error) {
    // Slack may be down for ops too: the next retry tries again.
    deps.logger.warn(
      { err: error, incidentId: incident.id },
      'could not tell ops about the channel',
    );
  }
}

/** Once the channel exists, the ops notice says so. */
async function resolveChannelProblem(deps: IncidentWorkerDeps, incident: Incident) {
  const raw = await deps.store.claimedValue(problemClaim(incident.id));
  if (!raw || !incident.channelId) return;
  try {
    const p = JSON.parse(raw) as { code: string; needed?: string; channel?: string; ts?: string };
    if (!p.channel || !p.ts) return;
    const msg = buildChannelProblemNotice({
      incidentId: incident.id,
      title: incident.title,
      severity: incident.severity,
      lang: deps.policy.language,
      code: p.code,
      needed: p.needed,
      retryMinutes: deps.policy.incidents.channelRetryMinutes,
      channelId: incident.channelId,
    });
    await deps.slack.chat.update({
      channel: p.channel,
      ts: p.ts,
      text: msg.text,
      // biome-ignore lint/suspicious/noExplicitAny: Block Kit blocks built by our view builders
      blocks: msg.blocks as any,
    });
  } catch (error) {
    deps.logger.warn({ err: error, incidentId: incident.id }, 'could not update the ops notice');
  }
}

async function runSetup(deps: IncidentWorkerDeps, id: string) {
  await withIncidentLock(deps, id, async () => {
    let incident = await deps.incidents.getIncident(id);
    if (!incident) return;
    if (!incident.channelId) {
      const channel = await findOrCreateChannel(deps, incident);
      incident = await update(deps, id, (i) => recordIncidentChannel(i, channel, deps.now()));
      await resolveChannelProblem(deps, incident);
    }
    await syncMessages(deps, id);
  });
}

// Rendering -----------------------------------------------------------------------------

async function draftMessage(deps: IncidentWorkerDeps, incident: Incident) {
  const d = incident.draft!;
  const destinations = (await deps.service.destinations(incident)).map((t) => t.channelId);
  let outcome: StatusUpdateOutcome | undefined;
  if (d.status === 'approved') {
    outcome = {
      kind: 'approved',
      by: d.approvedBy ?? '',
      atMs: d.approvedAtMs ?? deps.now(),
      destinationChannelIds: destinations,
    };
  } else if (d.status === 'snoozed') {
    outcome = { kind: 'snoozed', by: d.snoozedBy ?? '', untilMs: d.snoozedUntilMs ?? deps.now() };
  } else if (d.status === 'closed') {
    outcome = { kind: 'closed' };
  }
  const texts = await deps.service.updateTexts(incident);
  return buildStatusUpdateDraft({
    incidentId: incident.id,
    updateSeq: d.seq,
    updateRev: statusDraftRev(d),
    text: d.text,
    // Approvers see each language's text: each one goes to its readers as written.
    texts: Object.entries(texts).map(([lang, text]) => ({ lang: lang as Lang, text: text ?? '' })),
    lang: incident.language,
    dueAtMs: d.dueAtMs,
    violations: d.violations,
    nowMs: deps.now(),
    destinationChannelIds: destinations,
    snoozeMinutes: deps.service.snoozeMinutes(incident),
    editedBy: d.editedBy,
    outcome,
  });
}

function pdplMessage(
  deps: IncidentWorkerDeps,
  incident: Incident,
  r: Omit<PdplReminderRecord, 'ts' | 'channelId'>,
) {
  const notice = incident.pdplNotice;
  const nowMs = deps.now();
  const deadline = incident.pdplDeadlineMs ?? nowMs;
  return buildPdplReminder({
    incidentId: incident.id,
    noticeRev: notice ? pdplNoticeRev(notice) : 0,
    hoursElapsed: r.hours,
    hoursLeft: Math.max(0, (deadline - incident.declaredAtMs) / 3_600_000 - r.hours),
    isDeadline: r.isDeadline,
    deadlineMs: deadline,
    noticeText: '',
    notices: Object.entries(notice?.texts ?? {}).map(([lang, text]) => ({
      lang: lang as Lang,
      text: text ?? '',
    })),
    violations: notice?.violations ?? [],
    lang: incident.language,
    nowMs,
    recipientCount: incident.affectedCustomerIds.length,
    notifyUserIds: notifyUsers(deps.policy, incident),
    ...(incident.pdplNoticeSentAtMs !== undefined
      ? { sent: { by: notice?.approvedBy, atMs: incident.pdplNoticeSentAtMs } }
      : {}),
    // The customers to tell by hand: on the newest PDPL message only, so there is one list.
    ...(incident.pdplByHand && newestPdplMessage(incident)?.hours === r.hours
      ? { byHand: incident.pdplByHand }
      : {}),
  });
}

/** chat.update unless this exact rendering is already there. */
async function updateIfChanged(
  deps: IncidentWorkerDeps,
  incidentId: string,
  part: string,
  where: { channel: string; ts: string },
  msg: { text: string; blocks: unknown[] },
): Promise<void> {
  const hash = IncidentStore.hash(msg);
  if ((await deps.incidents.renderedHash(incidentId, part)) === hash) return;
  await deps.slack.chat.update({
    channel: where.channel,
    ts: where.ts,
    text: msg.text,
    // biome-ignore lint/suspicious/noExplicitAny: Block Kit blocks built by our view builders
    blocks: msg.blocks as any,
  });
  await deps.incidents.setRenderedHash(incidentId, part, hash);
}

async function inviteMembers(deps: IncidentWorkerDeps, incident: Incident): Promise<Incident> {
  const channel = incident.channelId!;
  const me = await botUserId(deps.slack);
  const missing = wantedMembers(deps.policy, incident).filter(
    (u) => u !== me && !incident.invitedUserIds.includes(u),
  );
  if (missing.length === 0) return incident;
  try {
    await deps.slack.conversations.invite({ channel, users: missing.join(','), force: true });
  } catch (error) {
    const code = platformCode(error);
    const failure = classifySlackError(error);
    if (failure.kind !== 'permanent') throw error;
    // already_in_channel is success; other refusals (a deactivated user…) must not block.
    if (code !== 'already_in_channel') {
      deps.logger.warn({ incidentId: incident.id, code, users: missing }, 'invite refused');
    }
  }
  return update(deps, incident.id, (i) => ({
    incident: { ...i, invitedUserIds: [...new Set([...i.invitedUserIds, ...missing])] },
    ledger: [
      {
        action: 'incident.invited',
        actor: 'sanad',
        atMs: deps.now(),
        details: { incidentId: i.id, users: missing, channelId: channel },
      },
    ],
  }));
}

/** Posts or updates everything the incident channel shows. Call with the incident lock held. */
async function syncMessages(deps: IncidentWorkerDeps, id: string): Promise<void> {
  let incident = await deps.incidents.getIncident(id);
  if (!incident?.channelId) return;
  const channel = incident.channelId;
  const lang = incident.language;
  incident = await inviteMembers(deps, incident);

  const summary = buildIncidentSummary({ incident, lang, nowMs: deps.now() });
  if (!incident.summaryTs) {
    const ts = await postOnce(deps.slack, LOOK_FIRST, {
      channel,
      text: summary.text,
      blocks: summary.blocks,
      key: `inc-${id}-summary`,
    });
    try {
      await deps.slack.pins.add({ channel, timestamp: ts });
    } catch (error) {
      if (classifySlackError(error).kind !== 'permanent') throw error;
      if (platformCode(error) !== 'already_pinned') {
        deps.logger.warn({ err: error, incidentId: id }, 'could not pin the summary');
      }
    }
    incident = await update(deps, id, (i) =>
      i.summaryTs
        ? null
        : {
            incident: { ...i, summaryTs: ts },
            ledger: [
              posted(deps, 'incident.summary_posted', { incidentId: id, channelId: channel, ts }),
            ],
          },
    );
    await deps.incidents.setRenderedHash(id, 'summary', IncidentStore.hash(summary));
  } else {
    await updateIfChanged(deps, id, 'summary', { channel, ts: incident.summaryTs }, summary);
  }

  const plan = buildResponsePlanChecklist({
    incidentId: id,
    steps: incident.steps,
    lang,
    severity: incident.severity,
  });
  if (!incident.planTs) {
    const ts = await postOnce(deps.slack, LOOK_FIRST, {
      channel,
      text: plan.text,
      blocks: plan.blocks,
      key: `inc-${id}-plan`,
    });
    incident = await update(deps, id, (i) =>
      i.planTs
        ? null
        : {
            incident: { ...i, planTs: ts },
            ledger: [
              posted(deps, 'incident.plan_posted', { incidentId: id, channelId: channel, ts }),
            ],
          },
    );
    await deps.incidents.setRenderedHash(id, 'plan', IncidentStore.hash(plan));
  } else {
    await updateIfChanged(deps, id, 'plan', { channel, ts: incident.planTs }, plan);
  }

  const draft = incident.draft;
  if (draft) {
    const msg = await draftMessage(deps, incident);
    const part = `draft-${draft.seq}`;
    if (!draft.ts) {
      if (draft.status === 'pending') {
        const ts = await postOnce(deps.slack, LOOK_FIRST, {
          channel,
          text: msg.text,
          blocks: msg.blocks,
          key: `inc-${id}-draft-${draft.seq}`,
        });
        incident = await update(deps, id, (i) =>
          i.draft && i.draft.seq === draft.seq && !i.draft.ts
            ? {
                incident: { ...i, draft: { ...i.draft, ts } },
                ledger: [
                  posted(deps, 'incident.status_draft_posted', {
                    incidentId: id,
                    seq: draft.seq,
                    channelId: channel,
                    ts,
                  }),
                ],
              }
            : null,
        );
        await deps.incidents.setRenderedHash(id, part, IncidentStore.hash(msg));
        // The draft may have changed while it was being posted.
        if (incident.draft?.seq === draft.seq && incident.draft.ts) {
          await updateIfChanged(
            deps,
            id,
            part,
            { channel, ts: incident.draft.ts },
            await draftMessage(deps, incident),
          );
        }
      }
    } else {
      await updateIfChanged(deps, id, part, { channel, ts: draft.ts }, msg);
    }
  }

  // A data leak: the drafted PDPL notice goes up at once, with its buttons, as the clock's
  // hour-0 message, so a founder can approve it before the first reminder (24 h by default).
  if (
    incident.hasDataLeak &&
    incident.pdplNotice &&
    incident.pdplNoticeSentAtMs === undefined &&
    !incident.pdplReminders.some((r) => r.hours === 0)
  ) {
    const first = { hours: 0, isDeadline: false };
    const msg = pdplMessage(deps, incident, first);
    const ts = await postOnce(deps.slack, LOOK_FIRST, {
      channel,
      text: msg.text,
      blocks: msg.blocks,
      key: `inc-${id}-pdpl-0`,
    });
    incident = await update(deps, id, (i) =>
      i.pdplReminders.some((r) => r.hours === 0)
        ? null
        : {
            incident: {
              ...i,
              pdplReminders: [...i.pdplReminders, { ...first, channelId: channel, ts }],
            },
            ledger: [
              {
                action: 'incident.pdpl_notice_drafted',
                actor: 'sanad',
                atMs: deps.now(),
                details: { incidentId: id, deadlineMs: i.pdplDeadlineMs, channelId: channel, ts },
              },
            ],
          },
    );
    await deps.incidents.setRenderedHash(id, 'pdpl-0', IncidentStore.hash(msg));
  }

  for (const r of incident.pdplReminders) {
    await updateIfChanged(
      deps,
      id,
      `pdpl-${r.hours}`,
      { channel: r.channelId, ts: r.ts },
      pdplMessage(deps, incident, r),
    );
  }
}

// Timers --------------------------------------------------------------------------------

async function fireFirstAction(
  deps: IncidentWorkerDeps,
  job: Job<IncidentJobData>,
  data: { incidentId: string; atMs: number },
): Promise<'posted' | 'skipped'> {
  const incident = await deps.incidents.getIncident(data.incidentId);
  if (
    incident?.status !== 'active' ||
    incident.firstActionAtMs !== undefined ||
    incident.firstActionDueMs !== data.atMs
  ) {
    return 'skipped';
  }
  const claim = `incident-first-action:${incident.id}`;
  if (await deps.store.claimedValue(claim)) return 'skipped';
  const channel = incident.channelId ?? opsChannel(deps.policy);
  if (!channel) return 'skipped';
  const msg = buildFirstActionReminder({
    incidentId: incident.id,
    title: incident.title,
    severity: incident.severity,
    firstActionDueMs: incident.firstActionDueMs,
    nowMs: deps.now(),
    lang: incident.language,
    commanderId: incident.commanderId,
    notifyUserIds: notifyUsers(deps.policy, incident),
  });
  const ts = await postOnce(deps.slack, job, {
    channel,
    text: msg.text,
    blocks: msg.blocks,
    key: `inc-${incident.id}-first-action`,
  });
  await deps.store.setClaimedValue(claim, ts, 365 * 24 * 3600);
  await ledger(deps, incident.id, 'incident.first_action_reminder', { channelId: channel, ts });
  return 'posted';
}

async function firePdplReminder(
  deps: IncidentWorkerDeps,
  job: Job<IncidentJobData>,
  data: { incidentId: string; hours: number; isDeadline: boolean },
): Promise<'posted' | 'skipped'> {
  const id = data.incidentId;
  return withIncidentLock(deps, id, async () => {
    const incident = await deps.incidents.getIncident(id);
    if (!incident?.hasDataLeak || incident.pdplNoticeSentAtMs !== undefined) return 'skipped';
    const claim = `incident-pdpl:${id}:${data.hours}`;
    if (await deps.store.claimedValue(claim)) return 'skipped';
    const channel = incident.channelId ?? opsChannel(deps.policy);
    if (!channel) return 'skipped';
    const msg = pdplMessage(deps, incident, { hours: data.hours, isDeadline: data.isDeadline });
    const ts = await postOnce(deps.slack, job, {
      channel,
      text: msg.text,
      blocks: msg.blocks,
      key: `inc-${id}-pdpl-${data.hours}`,
    });
    await deps.store.setClaimedValue(claim, ts, 365 * 24 * 3600);
    await update(deps, id, (i) => ({
      incident: {
        ...i,
        pdplReminders: [
          ...i.pdplReminders.filter((r) => r.hours !== data.hours),
          { hours: data.hours, channelId: channel, ts, isDeadline: data.isDeadline },
        ],
      },
      ledger: [
        {
          action: 'incident.pdpl_reminder',
          actor: 'sanad',
          atMs: deps.now(),
          details: {
            incidentId: id,
            hours: data.hours,
            isDeadline: data.isDeadline,
            deadlineMs: i.pdplDeadlineMs,
            channelId: channel,
            ts,
          },
        },
      ],
    }));
    await deps.incidents.setRenderedHash(id, `pdpl-${data.hours}`, IncidentStore.hash(msg));
    return 'posted';
  });
}

// Posts to stakeholders and customers -----------------------------------------------------

async function publishUpdate(
  deps: IncidentWorkerDeps,
  job: Job<IncidentJobData>,
  data: Extract<IncidentJobData, { kind: 'publish-update' }>,
) {
  const incident = await deps.incidents.getIncident(data.incidentId);
  if (!incident) return;
  const { target } = data;
  let msg: { text: string; blocks: unknown[] };
  let key: string;
  if (target.audience === 'customer') {
    // Rule 2, checked again at the last step: no internal id ever reaches a customer.
    if (internalIdViolations(data.text).length > 0) {
      throw new UnrecoverableError('customer update contains an internal id');
    }
    msg = buildCustomerIncidentUpdate({ text: data.text, lang: target.lang });
    key = `incu-${opaqueRef(incident.id)}-${data.seq}`;
  } else {
    msg = buildStakeholderUpdate({
      incidentId: incident.id,
      title: incident.title,
      severity: incident.severity,
      seq: data.seq,
      text: data.text,
      approvedBy: incident.draft?.seq === data.seq ? (incident.draft.approvedBy ?? '') : '',
      channelId: incident.channelId,
      lang: target.lang,
    });
    key = `inc-${incident.id}-update-${data.seq}`;
  }
  const ts = await postOnce(deps.slack, job, {
    channel: target.channelId,
    text: msg.text,
    blocks: msg.blocks,
    key,
  });
  await ledger(deps, incident.id, 'incident.update_posted', {
    seq: data.seq,
    channelId: target.channelId,
    audience: target.audience,
    customerId: target.customerId ?? null,
    ts,
  });
}

async function postPdplNotice(
  deps: IncidentWorkerDeps,
  job: Job<IncidentJobData>,
  data: Extract<IncidentJobData, { kind: 'pdpl-notice' }>,
) {
  const incident = await deps.incidents.getIncident(data.incidentId);
  if (!incident) return;
  if (internalIdViolations(data.text).length > 0) {
    throw new UnrecoverableError('PDPL notice contains an internal id');
  }
  const msg = buildCustomerPdplNotice({ text: data.text, lang: data.target.lang });
  const ts = await postOnce(deps.slack, job, {
    channel: data.target.channelId,
    text: msg.text,
    blocks: msg.blocks,
    key: `incn-${opaqueRef(incident.id)}`,
  });
  await ledger(deps, incident.id, 'incident.pdpl_notice_posted', {
    channelId: data.target.channelId,
    customerId: data.target.customerId ?? null,
    ts,
  });
}

async function postPostMortem(deps: IncidentWorkerDeps, job: Job<IncidentJobData>, id: string) {
  await withIncidentLock(deps, id, async () => {
    const incident = await deps.incidents.getIncident(id);
    if (incident?.status !== 'resolved' || incident.postMortemTs) return;
    const channel = incident.channelId ?? opsChannel(deps.policy);
    if (!channel) return;
    const pm = postMortemForIncident(incident, deps.policy.timezone);
    const msg = buildPostMortemMessage({ postMortem: pm, lang: incident.language });
    const ts = await postOnce(deps.slack, job, {
      channel,
      text: msg.text,
      blocks: msg.blocks,
      key: `inc-${id}-post-mortem`,
    });
    const recorded = await update(deps, id, (i) =>
      i.postMortemTs
        ? null
        : {
            incident: { ...i, postMortemTs: ts, version: i.version + 1 },
            ledger: [
              {
                action: 'incident.post_mortem_drafted',
                actor: 'sanad',
                atMs: deps.now(),
                details: {
                  incidentId: id,
                  channelId: channel,
                  ts,
                  dueAtMs: pm.dueAtMs,
                  timeToFirstActionMinutes: pm.timeToFirstActionMinutes,
                  timeToResolveMinutes: pm.timeToResolveMinutes,
                },
              },
            ],
          },
    );
    // The pinned summary points to it.
    await deps.service.resync(recorded);
  });
}

// The processor -------------------------------------------------------------------------

async function onSetupFailure(
  deps: IncidentWorkerDeps,
  job: Job<IncidentJobData>,
  token: string | undefined,
  error: unknown,
): Promise<never> {
  const id = job.data.incidentId;
  const cause = error instanceof ChannelCreateError ? error.cause : error;
  const failure = classifySlackError(cause);
  if (failure.kind === 'rate_limited') return delayJob(job, token, failure.retryAfterMs ?? 1000);
  const failures = ((job.data as { failures?: number }).failures ?? 0) + 1;
  await job.updateData({ ...job.data, failures } as IncidentJobData);
  const longWait = Math.round(deps.policy.incidents.channelRetryMinutes * 60_000);
  const wait = failure.kind === 'permanent' ? longWait : Math.min(longWait, 250 * 2 ** failures);
  if (error instanceof ChannelCreateError) {
    deps.logger.warn(
      { incidentId: id, code: failure.code, failures },
      'incident channel not created; will retry',
    );
    if (failure.kind === 'permanent' || failures >= REPORT_AFTER_FAILURES) {
      const incident = await deps.incidents.getIncident(id);
      if (incident) await reportChannelProblem(deps, incident, failure.code, neededScope(cause));
    }
  } else {
    deps.logger.warn({ incidentId: id, code: failure.code, err: error }, 'incident setup failed');
    if (failure.kind === 'permanent' && failures === 1) {
      await ledger(deps, id, 'incident.setup_failed', { code: failure.code });
    }
  }
  return delayJob(job, token, wait);
}

export function createIncidentProcessor(deps: IncidentWorkerDeps) {
  return async (job: Job<IncidentJobData>, token?: string): Promise<unknown> => {
    const data = job.data;
    try {
      switch (data.kind) {
        case 'setup':
          return await runSetup(deps, data.incidentId);
        case 'sync':
          return await withIncidentLock(deps, data.incidentId, () =>
            syncMessages(deps, data.incidentId),
          );
        case 'first-action':
          return await fireFirstAction(deps, job, data);
        case 'status-draft':
          return await deps.service.createScheduledDraft(data.incidentId, data.atMs);
        case 'pdpl-reminder':
          return await firePdplReminder(deps, job, data);
        case 'publish-update':
          return await publishUpdate(deps, job, data);
        case 'pdpl-notice':
          return await postPdplNotice(deps, job, data);
        case 'post-mortem':
          return await postPostMortem(deps, job, data.incidentId);
      }
    } catch (error) {
      if (error instanceof DelayedError || error instanceof UnrecoverableError) throw error;
      if (error instanceof LockBusyError) return delayJob(job, token, error.retryAfterMs);
      if (error instanceof DomainError) {
        // The stored data breaks a domain rule: every retry would fail the same way, so it is
        // recorded for a person to look at and the job stops instead of retrying 25 times.
        deps.logger.error(
          { jobId: job.id, incidentId: data.incidentId, code: error.code, field: error.field },
          `incident job cannot run on this incident's data: ${error.message}`,
        );
        await ledger(deps, data.incidentId, 'incident.job_failed', {
          job: job.name,
          code: error.code,
          field: error.field ?? null,
          message: error.message,
        });
        throw new UnrecoverableError(`DomainError ${error.code}: ${error.message}`);
      }
      if (data.kind === 'setup') return onSetupFailure(deps, job, token, error);
      const failure = classifySlackError(error);
      if (failure.kind === 'rate_limited')
        return delayJob(job, token, failure.retryAfterMs ?? 1000);
      if (failure.kind === 'permanent' && platformCode(error)) {
        deps.logger.error({ jobId: job.id, code: failure.code }, 'Slack refused an incident post');
        await ledger(deps, data.incidentId, 'incident.post_failed', {
          job: job.name,
          code: failure.code,
        });
        throw new UnrecoverableError(`Slack error ${failure.code}`);
      }
      deps.logger.warn({ jobId: job.id, err: error }, 'incident job failed; will retry');
      throw error;
    }
  };
}
