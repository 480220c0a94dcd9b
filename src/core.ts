/**
 * What the app and the standalone worker share: Redis, the store, the queues, the services
 * and the metrics. Built once per process by its composition root and passed down.
 */
import type { WebClient } from '@slack/web-api';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createLanguageResolver } from './commands/language.ts';
import { type Config, ConfigError } from './config/index.ts';
import { PRIORITY_IDS } from './domain/index.ts';
import { JobSlackClient } from './infra/jobSlackClient.ts';
import { createLogger } from './infra/logger.ts';
import { createMetrics, type Metrics } from './infra/metrics.ts';
import { bullConnectionOptions, connectRedis } from './infra/redis.ts';
import { createSlackFetch, type SlackFetch } from './infra/slackFetch.ts';
import {
  CS_JOB_OPTIONS,
  CS_QUEUE,
  type CsJobData,
  CsJobs,
  createCsProcessor,
} from './jobs/customerSuccessJobs.ts';
import {
  createIncidentProcessor,
  INCIDENT_QUEUE,
  type IncidentJobData,
  IncidentJobs,
} from './jobs/incidentJobs.ts';
import { createOutboxProcessor, OUTBOX_QUEUE, Outbox, type OutboxJobData } from './jobs/outbox.ts';
import { ChannelPacer, paceChannelPosts } from './jobs/pacing.ts';
import { delayOnRateLimit } from './jobs/slackErrors.ts';
import {
  fireReminder,
  SLA_JOB_OPTIONS,
  SLA_QUEUE,
  type SlaJobData,
  SlaScheduler,
} from './jobs/slaReminders.ts';
import type { Clock, ServiceContext } from './services/context.ts';
import { CustomerOpsService } from './services/customerOpsService.ts';
import { HomeService } from './services/homeService.ts';
import { IncidentService } from './services/incidentService.ts';
import { SlaReviewService } from './services/slaReviewService.ts';
import { TicketService } from './services/ticketService.ts';
import { CustomerOpsStore } from './store/customerOpsStore.ts';
import { IncidentStore } from './store/incidentStore.ts';
import { SanadStore } from './store/redisStore.ts';

export const QUEUE_PREFIX = 'sanad-bull';

export interface CoreOptions {
  config: Config;
  now?: Clock;
  logger?: Logger;
  /** Overrides for the Web API client (tests tune retries and timeouts). */
  slackClientOptions?: ConstructorParameters<typeof WebClient>[1];
}

export interface Core {
  config: Config;
  logger: Logger;
  now: Clock;
  redis: Redis;
  store: SanadStore;
  outboxQueue: Queue<OutboxJobData>;
  /** Queues card updates and approved replies (the outbox jobs). */
  outbox: Outbox;
  slaQueue: Queue<SlaJobData>;
  tickets: TicketService;
  scheduler: SlaScheduler;
  reviews: SlaReviewService;
  metrics: Metrics;
  /** The client the workers post with: no built-in retries, the jobs retry. */
  workerSlack: WebClient;
  /** The pooled HTTP transport every Web API client of this process uses. */
  slackFetch: SlackFetch;
  /** Customer ops (onboarding, connectors, customer success) and the App Home. */
  opsStore: CustomerOpsStore;
  csQueue: Queue<CsJobData>;
  customerOps: CustomerOpsService;
  homes: HomeService;
  /** Incidents (declare, channel, status updates, freeze, PDPL, post-mortem). */
  incidentQueue: Queue<IncidentJobData>;
  incidents: IncidentService;
  close(): Promise<void>;
}

function workerSlackClient(
  config: Config,
  slackFetch: SlackFetch,
  extra: CoreOptions['slackClientOptions'] = {},
): WebClient {
  // One attempt per call: the jobs retry with backoff and honour Retry-After themselves; a
  // client that retried on its own would hold a worker slot for minutes.
  return new JobSlackClient(config.slack.botToken, {
    slackApiUrl: extra.slackApiUrl ?? config.slack.apiUrl ?? 'https://slack.com/api/',
    fetch: slackFetch.fetch,
    timeoutMs: extra.timeout ?? 10_000,
  });
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const { config } = options;
  const logger =
    options.logger ??
    createLogger({
      level: config.logLevel,
      secrets: [
        config.slack.botToken,
        config.slack.signingSecret,
        config.slack.appToken,
        config.queueDashboardSecret,
      ].filter((s): s is string => Boolean(s)),
    });
  const now = options.now ?? Date.now;
  if (!config.redisUrl) throw new ConfigError('REDIS_URL', 'is required');
  const redis = await connectRedis(config.redisUrl);
  const store = new SanadStore(redis);
  const outboxQueue = new Queue<OutboxJobData>(OUTBOX_QUEUE, {
    connection: bullConnectionOptions(config.redisUrl),
    prefix: QUEUE_PREFIX,
  });
  const slaQueue = new Queue<SlaJobData>(SLA_QUEUE, {
    connection: bullConnectionOptions(config.redisUrl),
    prefix: QUEUE_PREFIX,
  });
  const csQueue = new Queue<CsJobData>(CS_QUEUE, {
    connection: bullConnectionOptions(config.redisUrl),
    prefix: QUEUE_PREFIX,
  });
  for (const q of [outboxQueue, slaQueue, csQueue]) {
    q.on('error', (error) => logger.warn({ err: error, queue: q.name }, 'queue connection error'));
  }
  const ctx: ServiceContext = { store, policy: config.policy, now, logger };
  const scheduler = new SlaScheduler(slaQueue, store, config.policy, now);
  // Customer-ops jobs also re-publish approvers' Homes when what waits for them changes.
  const csJobs = new CsJobs(csQueue, now);
  const outbox = new Outbox(outboxQueue);
  const tickets = new TicketService(ctx, outbox, scheduler, csJobs);
  const slackFetch = createSlackFetch();
  const workerSlack = paceChannelPosts(
    workerSlackClient(config, slackFetch, options.slackClientOptions),
    new ChannelPacer(redis, { postsPerSecondPerChannel: config.channelPostsPerSecond }),
  );
  const reviews = new SlaReviewService(ctx, workerSlack);
  const opsStore = new CustomerOpsStore(redis);
  const customerOps = new CustomerOpsService(ctx, opsStore, csJobs);
  const homes = new HomeService(ctx, opsStore, tickets, customerOps);
  const incidentQueue = new Queue<IncidentJobData>(INCIDENT_QUEUE, {
    connection: bullConnectionOptions(config.redisUrl),
    prefix: QUEUE_PREFIX,
  });
  incidentQueue.on('error', (error) =>
    logger.warn({ err: error, queue: INCIDENT_QUEUE }, 'queue connection error'),
  );
  const incidentStore = new IncidentStore(redis);
  await incidentStore.indexAwaitingApprovalOnce();
  const incidents = new IncidentService(
    ctx,
    incidentStore,
    new IncidentJobs(incidentQueue, incidentStore, config.policy, now),
    csJobs,
  );
  // The App Home's active incidents, and the incident approvals waiting for each user.
  homes.setIncidentProvider({
    activeIncidents: () => incidentStore.activeIncidents(),
    pendingApprovals: (userId) => incidents.approvalsFor(userId),
  });
  const metrics = createMetrics();
  metrics.setSources({
    async openTicketsByPriority() {
      const { tickets: open } = await tickets.openTickets(100_000);
      const counts: Record<string, number> = Object.fromEntries(PRIORITY_IDS.map((p) => [p, 0]));
      for (const t of open) counts[t.priority] = (counts[t.priority] ?? 0) + 1;
      return counts;
    },
    async queueDepths() {
      const out: Record<string, Record<string, number>> = {};
      for (const q of [outboxQueue, slaQueue, csQueue, incidentQueue]) {
        out[q.name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
      }
      return out;
    },
  });
  return {
    config,
    logger,
    now,
    redis,
    store,
    outboxQueue,
    outbox,
    slaQueue,
    tickets,
    scheduler,
    reviews,
    metrics,
    workerSlack,
    slackFetch,
    opsStore,
    csQueue,
    customerOps,
    homes,
    incidentQueue,
    incidents,
    async close() {
      await outboxQueue.close();
      await slaQueue.close();
      await csQueue.close();
      await incidentQueue.close();
      await slackFetch.close();
      redis.disconnect();
    },
  };
}

export interface Workers {
  outbox: Worker<OutboxJobData>;
  sla: Worker<SlaJobData>;
  cs: Worker<CsJobData>;
  incidents: Worker<IncidentJobData>;
  /** Graceful: waits for running jobs to finish. */
  close(): Promise<void>;
}

/** Overrides of `config.workers` (each unset one comes from the configuration). */
export interface WorkerOptions {
  /** How often a worker checks for jobs whose worker died (BullMQ stalled-job check). */
  stalledIntervalMs?: number;
  /** How long a job's lock lives without renewal: a killed worker's job is retried after it. */
  lockDurationMs?: number;
  /** Seconds a worker blocks waiting for jobs before checking again (BullMQ drainDelay). */
  drainDelaySeconds?: number;
}

export async function startWorkers(core: Core, overrides: WorkerOptions = {}): Promise<Workers> {
  const { config, logger } = core;
  // The configured SANAD_LOCK_DURATION_MS / SANAD_STALLED_INTERVAL_MS / SANAD_DRAIN_DELAY_SECONDS
  // apply whichever entry point starts the workers; callers only override them (tests).
  const lockDuration = overrides.lockDurationMs ?? config.workers.lockDurationMs;
  const common = {
    prefix: QUEUE_PREFIX,
    stalledInterval: overrides.stalledIntervalMs ?? config.workers.stalledIntervalMs,
    lockDuration,
    // A job whose worker died is retried, not failed, however often that happens.
    maxStalledCount: 10,
    drainDelay: overrides.drainDelaySeconds ?? config.workers.drainDelaySeconds,
  };
  const outbox = new Worker<OutboxJobData>(
    OUTBOX_QUEUE,
    createOutboxProcessor({
      store: core.store,
      slack: core.workerSlack,
      policy: config.policy,
      tickets: core.tickets,
      now: core.now,
      logger,
      lockTtlMs: lockDuration,
    }),
    { ...common, connection: bullConnectionOptions(core.config.redisUrl!), concurrency: 8 },
  );
  const reminderDeps = {
    store: core.store,
    slack: core.workerSlack,
    policy: config.policy,
    tickets: core.tickets,
    outbox: core.outbox,
    now: core.now,
    logger,
    metrics: core.metrics,
    lockTtlMs: lockDuration,
  };
  const csProcessor = createCsProcessor({
    service: core.customerOps,
    ops: core.opsStore,
    store: core.store,
    slack: core.workerSlack,
    policy: config.policy,
    homes: core.homes,
    languageOf: createLanguageResolver(core.store, config.policy.language),
    now: core.now,
    logger,
    lockTtlMs: lockDuration,
  });
  const sla = new Worker<SlaJobData>(
    SLA_QUEUE,
    async (job, token) => {
      try {
        if (job.data.kind === 'ticket-reminder')
          return await fireReminder(reminderDeps, job, job.data);
        return await core.reviews.run(job, job.data.requestedBy);
      } catch (error) {
        return delayOnRateLimit(job, token, error, logger);
      }
    },
    // Reminder jobs wait on Redis and Slack, not on CPU: many in flight let their Redis
    // commands share writes (auto-pipelining) when a window of reminders falls due at once.
    { ...common, connection: bullConnectionOptions(core.config.redisUrl!), concurrency: 64 },
  );
  const cs = new Worker<CsJobData>(
    CS_QUEUE,
    async (job, token) => {
      try {
        return await csProcessor(job);
      } catch (error) {
        return delayOnRateLimit(job, token, error, logger);
      }
    },
    { ...common, connection: bullConnectionOptions(core.config.redisUrl!), concurrency: 8 },
  );
  const incidents = new Worker<IncidentJobData>(
    INCIDENT_QUEUE,
    createIncidentProcessor({
      store: core.store,
      incidents: core.incidents.store,
      service: core.incidents,
      slack: core.workerSlack,
      policy: config.policy,
      now: core.now,
      logger,
    }),
    { ...common, connection: bullConnectionOptions(core.config.redisUrl!), concurrency: 8 },
  );
  for (const w of [outbox, sla, cs, incidents]) {
    w.on('error', (error) => logger.warn({ err: error, queue: w.name }, 'worker connection error'));
    w.on('failed', (job, error) =>
      logger.warn({ jobId: job?.id, queue: w.name, err: error }, 'job attempt failed'),
    );
  }
  // Monday 09:00 in the policy's time zone (Asia/Riyadh by default). Idempotent across workers.
  // The scheduled jobs retry like every other Slack job: without these options BullMQ gives
  // them one attempt, and one Slack 5xx would lose the week's review.
  await core.slaQueue.upsertJobScheduler(
    'weekly-sla-review',
    { pattern: '0 9 * * 1', tz: config.policy.timezone },
    { name: 'weekly-review', data: { kind: 'weekly-review' }, opts: SLA_JOB_OPTIONS },
  );
  // Customer success, in the policy's time zone: weekly check-ins (Sunday 10:00) and the
  // daily at-risk scan.
  const csPolicy = config.policy.customerSuccess;
  await core.csQueue.upsertJobScheduler(
    'cs-weekly-check-ins',
    { pattern: csPolicy.weeklyCheckIn, tz: config.policy.timezone },
    { name: 'weekly-check-ins', data: { kind: 'weekly-check-ins' }, opts: CS_JOB_OPTIONS },
  );
  await core.csQueue.upsertJobScheduler(
    'cs-at-risk-scan',
    { pattern: csPolicy.atRiskScan, tz: config.policy.timezone },
    { name: 'at-risk-scan', data: { kind: 'at-risk-scan' }, opts: CS_JOB_OPTIONS },
  );
  return {
    outbox,
    sla,
    cs,
    incidents,
    async close() {
      await Promise.all([outbox.close(), sla.close(), cs.close(), incidents.close()]);
    },
  };
}
