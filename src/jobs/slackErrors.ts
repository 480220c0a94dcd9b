import { DelayedError, type Job } from 'bullmq';
import type { Logger } from 'pino';

/**
 * Classifies Slack Web API failures for the job layer: a 429 says how long to wait, 5xx and
 * network errors are transient (retry with backoff), and some platform errors are final.
 */
/** How a job that writes to Slack retries: a Slack outage of several minutes only delays it
 *  (the job layer also waits out a 429's Retry-After without spending an attempt). */
export const SLACK_JOB_RETRIES = {
  attempts: 25,
  backoff: { type: 'exponential', delay: 500 },
} as const;

export interface SlackFailure {
  kind: 'rate_limited' | 'transient' | 'permanent';
  retryAfterMs?: number;
  code: string;
}

/**
 * Another worker holds the lock (or claim) this job needs: it is busy with the same thing now.
 * The job waits a moment and tries again without spending an attempt; an exponential backoff
 * would leave a card showing an old state for seconds after the holder is done.
 */
export class LockBusyError extends Error {
  override readonly name = 'LockBusyError';
  readonly code = 'sanad_busy';
  constructor(
    what: string,
    readonly retryAfterMs = 200,
  ) {
    super(`${what} is busy; will retry in ${retryAfterMs} ms`);
  }
}

export function classifySlackError(error: unknown): SlackFailure {
  const e = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    message?: string;
  };
  if (e?.code === 'sanad_paced' || e?.code === 'sanad_busy') {
    return {
      kind: 'rate_limited',
      retryAfterMs: (error as { retryAfterMs: number }).retryAfterMs,
      code: e.code === 'sanad_paced' ? 'paced' : 'busy',
    };
  }
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return {
      kind: 'rate_limited',
      retryAfterMs: Math.max(1, e.retryAfter ?? 1) * 1000,
      code: 'ratelimited',
    };
  }
  if (e?.code === 'slack_webapi_platform_error') {
    const code = e.data?.error ?? 'unknown';
    const transient = [
      'internal_error',
      'fatal_error',
      'service_unavailable',
      'request_timeout',
      'ratelimited',
    ];
    return { kind: transient.includes(code) ? 'transient' : 'permanent', code };
  }
  // HTTP 5xx, timeouts and connection errors: Slack may be back in a moment.
  return { kind: 'transient', code: e?.code ?? e?.message ?? 'unknown' };
}

/**
 * Sends a running job back to the delayed set for `ms` without spending an attempt
 * (BullMQ's manual delay: move, then throw DelayedError so the worker leaves it alone).
 */
export async function delayJob(job: Job, token: string | undefined, ms: number): Promise<never> {
  if (!token) throw new Error('cannot delay a job without its token');
  await job.moveToDelayed(Date.now() + ms, token);
  throw new DelayedError();
}

/**
 * A Slack rate limit (a 429, or our own pacing) or a busy lock delays the job without spending
 * an attempt; any other error is rethrown.
 */
export async function delayOnRateLimit(
  job: Job,
  token: string | undefined,
  error: unknown,
  logger: Logger,
): Promise<never> {
  const failure = classifySlackError(error);
  if (failure.kind === 'rate_limited' && token) {
    // A busy lock is ordinary contention between workers, not worth a warning.
    const level = failure.code === 'busy' ? 'debug' : 'warn';
    logger[level](
      { jobId: job.id, retryAfterMs: failure.retryAfterMs, reason: failure.code },
      'waiting before retrying the job',
    );
    return delayJob(job, token, failure.retryAfterMs ?? 1000);
  }
  throw error;
}
