/**
 * The one module that reads the environment. Everything else receives a `Config`.
 *
 * Secrets and deployment settings come from environment variables; team and policy come
 * from a validated file named by SANAD_CONFIG (JSON or YAML) whose defaults equal SPEC §1.
 * A missing or bad setting throws ConfigError naming it, and start-up stops there.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { getNextMillis } from 'bullmq';
import { pino } from 'pino';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  assertBusinessCalendar,
  DEFAULT_INCIDENT_CADENCE,
  DomainError,
  PRIORITY_IDS,
  type PriorityId,
  type SeverityId,
  SLA_TARGETS,
  type SlaTarget,
} from '../domain/index.ts';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** The setting at fault: an environment variable or a dotted policy-file path. */
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

const slackIdList = z
  .array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected Slack user ids like U012ABC'))
  .default([]);
const channelId = z
  .string()
  .regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel id like C012ABC');
const slaTarget = z.object({
  firstResponseMinutes: z.number().positive(),
  resolutionTargetHours: z.number().positive(),
});
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const CALENDAR = 'calendar';
const businessCalendar = z
  .object({
    timeZone: z.string().min(1),
    days: z.array(z.number().int().min(1).max(7)).min(1),
    start: hhmm,
    // The day may end at midnight: the SLA clock accepts 24:00.
    end: z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:MM (or 24:00)'),
    holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')).default([]),
  })
  // The SLA clock's own check (time zone, end after start, real holiday dates): what it would
  // refuse on every ticket later stops start-up now, at the key at fault.
  .superRefine((calendar, ctx) => {
    try {
      assertBusinessCalendar(calendar, CALENDAR);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = (error.field ?? CALENDAR).slice(CALENDAR.length + 1);
      const message = error.message
        .replace(new RegExp(`^${CALENDAR}\\.${field} `), '')
        .replaceAll(`${CALENDAR}.`, '');
      ctx.addIssue({ code: 'custom', message, path: field ? field.split('.') : [] });
    }
  });

/** A pattern BullMQ's scheduler can use: it parses, and it names a time that comes. */
function isUsableCron(pattern: string): boolean {
  try {
    return getNextMillis(Date.now(), { pattern }) !== undefined;
  } catch {
    return false;
  }
}

const cronPattern = z
  .string()
  .regex(/^\S+( \S+){4,5}$/, 'expected a cron pattern like "0 10 * * 0"')
  .refine(isUsableCron, 'is not a valid cron pattern (minute hour day-of-month month weekday)');

const severityMinutes = z
  .object({
    SEV1: z.number().positive(),
    SEV2: z.number().positive(),
    SEV3: z.number().positive(),
  })
  .partial()
  .strict()
  .default({});

const defaultSla = Object.fromEntries(
  PRIORITY_IDS.map((p) => [p, { ...SLA_TARGETS[p] }]),
) as Record<PriorityId, SlaTarget>;

export const policySchema = z
  .object({
    language: z.enum(['ar', 'en']).default('ar'),
    timezone: z
      .string()
      .default('Asia/Riyadh')
      .refine((tz) => isValidTimeZone(tz), 'unknown IANA time zone'),
    channels: z
      .object({
        triage: channelId.optional(),
        ops: channelId.optional(),
        customerSuccess: channelId.optional(),
        stakeholders: channelId.optional(),
      })
      .strict()
      .default({}),
    people: z
      .object({ founders: slackIdList, approvers: slackIdList, oncall: slackIdList })
      .strict()
      .default({ founders: [], approvers: [], oncall: [] }),
    sla: z
      .object({ P0: slaTarget, P1: slaTarget, P2: slaTarget, P3: slaTarget })
      .partial()
      .strict()
      .default({})
      .transform((partial) => ({ ...defaultSla, ...partial }) as Record<PriorityId, SlaTarget>),
    keywords: z
      .object({
        P0: z.array(z.string().min(1)).default([]),
        P1: z.array(z.string().min(1)).default([]),
        P2: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ P0: [], P1: [], P2: [] }),
    /** Incident clocks (SPEC §1.3); a policy may shorten them for trials. Fractions allowed. */
    incidents: z
      .object({
        statusUpdateMinutes: severityMinutes,
        firstActionMinutes: severityMinutes,
        pdplReminderHours: z.array(z.number().positive()).min(1).optional(),
        pdplDeadlineHours: z.number().positive().optional(),
        /** How often a channel that Slack refused to create (e.g. missing_scope) is retried. */
        channelRetryMinutes: z.number().positive().optional(),
      })
      .strict()
      .default({ statusUpdateMinutes: {}, firstActionMinutes: {} })
      .transform((i) => ({
        statusUpdateMinutes: {
          ...DEFAULT_INCIDENT_CADENCE.statusUpdateMinutes,
          ...i.statusUpdateMinutes,
        } as Record<SeverityId, number>,
        firstActionMinutes: {
          ...DEFAULT_INCIDENT_CADENCE.firstActionMinutes,
          ...i.firstActionMinutes,
        } as Record<SeverityId, number>,
        pdplReminderHours: i.pdplReminderHours ?? [...DEFAULT_INCIDENT_CADENCE.pdplReminderHours],
        pdplDeadlineHours: i.pdplDeadlineHours ?? DEFAULT_INCIDENT_CADENCE.pdplDeadlineHours,
        channelRetryMinutes: i.channelRetryMinutes ?? 1,
      })),
    businessHours: z
      .object({
        P0: businessCalendar,
        P1: businessCalendar,
        P2: businessCalendar,
        P3: businessCalendar,
      })
      .partial()
      .strict()
      .default({}),
    /** Customer-success cadences: the length of a success-plan "day" (shorter for trials). */
    customerSuccess: z
      .object({
        dayMs: z.number().int().positive().default(86_400_000),
        weeklyCheckIn: cronPattern.default('0 10 * * 0'),
        atRiskScan: cronPattern.default('0 9 * * *'),
      })
      .strict()
      .default({ dayMs: 86_400_000, weeklyCheckIn: '0 10 * * 0', atRiskScan: '0 9 * * *' }),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

export interface Config {
  mode: 'http' | 'socket' | 'offline';
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
  };
  port: number;
  redisUrl?: string;
  policy: Policy;
  /** Run BullMQ workers inside the app process (default) or leave them to `npm run worker`. */
  runWorkerInProcess: boolean;
  logLevel: string;
  dataDir: string;
  /** Password for the queue dashboard (HTTP Basic auth); the dashboard is off without it. */
  queueDashboardSecret?: string;
  workers: { stalledIntervalMs: number; lockDurationMs: number; drainDelaySeconds: number };
  /** Offline mode: the port of the local Slack stand-in's web page. */
  standInPort: number;
  /** The bot's posts per second into one channel (Slack allows about 1). */
  channelPostsPerSecond: number;
}

export type Env = Record<string, string | undefined>;

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * The Redis clients parse REDIS_URL with `new URL()`; a URL it refuses (typically a password
 * with `#`, `/` or `?` not percent-encoded) would throw later, outside start-up's error
 * handling, and print the URL — password included. The message never repeats the value.
 */
function validateRedisUrl(url: string): void {
  if (!/^rediss?:\/\//.test(url)) {
    throw new ConfigError('REDIS_URL', 'must start with redis:// or rediss://');
  }
  const invalid = new ConfigError(
    'REDIS_URL',
    'is not a valid URL (percent-encode special characters in the user name or password, e.g. # as %23, / as %2F, ? as %3F)',
  );
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid;
  }
  // A `#` parses, but cuts the URL short: `redis://user#x:pw@host` names host "user".
  if (parsed.hash) throw invalid;
  if (!parsed.hostname) throw new ConfigError('REDIS_URL', 'names no host');
  if (parsed.pathname.length > 1 && !/^\/\d+$/.test(parsed.pathname)) {
    throw new ConfigError('REDIS_URL', 'path must be a database number, e.g. redis://host:6379/0');
  }
}

function readPolicyFile(path: string): unknown {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError('SANAD_CONFIG', `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return extname(path) === '.json' ? JSON.parse(raw) : parseYaml(raw);
  } catch (error) {
    throw new ConfigError(
      'SANAD_CONFIG',
      `${path} is not valid JSON/YAML: ${(error as Error).message}`,
    );
  }
}

export function parsePolicy(input: unknown, source = 'SANAD_CONFIG'): Policy {
  const result = policySchema.safeParse(input ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.join('.') || '(root)';
    throw new ConfigError(`${source} ${path}`, issue.message);
  }
  return result.data;
}

function idListFromEnv(env: Env, name: string): string[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of ids) {
    if (!/^[UW][A-Z0-9]{2,}$/.test(id)) {
      throw new ConfigError(name, `"${id}" is not a Slack user id (expected e.g. U012ABC)`);
    }
  }
  return ids;
}

function channelFromEnv(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[CGD][A-Z0-9]{2,}$/.test(raw)) {
    throw new ConfigError(name, `"${raw}" is not a Slack channel id (expected e.g. C012ABC)`);
  }
  return raw;
}

function portFromEnv(env: Env, name = 'PORT', fallback = 3000): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(name, `"${raw}" is not a TCP port number`);
  }
  return port;
}

function positiveFromEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(name, `"${raw}" is not a positive number`);
  }
  return value;
}

/**
 * Builds the configuration from an environment (defaults to nothing: callers pass
 * `process.env` through `loadConfigFromProcess`). Offline mode — no Slack tokens — is for
 * the local stand-in; it needs no secrets and channel ids are filled in by the stand-in.
 */
export function loadConfig(env: Env): Config {
  const botToken = env.SLACK_BOT_TOKEN?.trim() || undefined;
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim() || undefined;
  const appToken = env.SLACK_APP_TOKEN?.trim() || undefined;
  const apiUrl = env.SLACK_API_URL?.trim() || undefined;

  let mode: Config['mode'];
  if (!botToken && !signingSecret && !appToken) {
    mode = 'offline';
  } else {
    if (!botToken) throw new ConfigError('SLACK_BOT_TOKEN', 'is required (xoxb-…)');
    if (appToken) {
      if (!appToken.startsWith('xapp-'))
        throw new ConfigError('SLACK_APP_TOKEN', 'must be an app-level token (xapp-…)');
      mode = 'socket';
    } else {
      if (!signingSecret)
        throw new ConfigError(
          'SLACK_SIGNING_SECRET',
          'is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
        );
      mode = 'http';
    }
  }
  if (apiUrl) {
    try {
      new URL(apiUrl);
    } catch {
      throw new ConfigError('SLACK_API_URL', `"${apiUrl}" is not a URL`);
    }
  }

  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl) validateRedisUrl(redisUrl);

  const policyPath = env.SANAD_CONFIG?.trim();
  const policy = parsePolicy(policyPath ? readPolicyFile(policyPath) : {});

  policy.channels.triage = channelFromEnv(env, 'TRIAGE_CHANNEL_ID') ?? policy.channels.triage;
  policy.channels.ops = channelFromEnv(env, 'OPS_CHANNEL_ID') ?? policy.channels.ops;
  policy.channels.customerSuccess =
    channelFromEnv(env, 'CS_CHANNEL_ID') ?? policy.channels.customerSuccess;
  policy.people.founders = idListFromEnv(env, 'FOUNDER_USER_IDS') ?? policy.people.founders;
  policy.people.approvers = idListFromEnv(env, 'APPROVER_USER_IDS') ?? policy.people.approvers;
  policy.people.oncall = idListFromEnv(env, 'ONCALL_USER_IDS') ?? policy.people.oncall;

  if (mode !== 'offline') {
    if (!policy.channels.triage)
      throw new ConfigError(
        'TRIAGE_CHANNEL_ID',
        'is required (or channels.triage in SANAD_CONFIG)',
      );
    if (!policy.channels.ops)
      throw new ConfigError('OPS_CHANNEL_ID', 'is required (or channels.ops in SANAD_CONFIG)');
    if (policy.people.founders.length === 0)
      throw new ConfigError(
        'FOUNDER_USER_IDS',
        'needs at least one founder (or people.founders in SANAD_CONFIG)',
      );
  }

  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  // pino throws on an unknown level, later and outside start-up's error handling.
  const logLevels = [...Object.keys(pino.levels.values), 'silent'];
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not one of ${logLevels.join(', ')}`);
  }

  const workerFlag = env.SANAD_WORKER?.trim() ?? 'inline';
  if (!['inline', 'off'].includes(workerFlag)) {
    throw new ConfigError('SANAD_WORKER', 'must be "inline" (default) or "off"');
  }

  return {
    mode,
    slack: { botToken, signingSecret, appToken, apiUrl },
    port: portFromEnv(env),
    redisUrl,
    policy,
    runWorkerInProcess: workerFlag === 'inline',
    logLevel,
    dataDir: env.SANAD_DATA_DIR?.trim() || '.data',
    queueDashboardSecret: env.QUEUE_DASHBOARD_SECRET?.trim() || undefined,
    workers: {
      stalledIntervalMs: positiveFromEnv(env, 'SANAD_STALLED_INTERVAL_MS', 30_000),
      lockDurationMs: positiveFromEnv(env, 'SANAD_LOCK_DURATION_MS', 30_000),
      drainDelaySeconds: positiveFromEnv(env, 'SANAD_DRAIN_DELAY_SECONDS', 5),
    },
    standInPort: portFromEnv(env, 'STANDIN_PORT', 3100),
    channelPostsPerSecond: positiveFromEnv(env, 'SLACK_CHANNEL_POSTS_PER_SECOND', 1),
  };
}

export function loadConfigFromProcess(): Config {
  return loadConfig(process.env);
}
