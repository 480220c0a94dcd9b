/**
 * Classifies Slack Web API failures for the job layer: a 429 says how long to wait, 5xx and
 * network errors are transient (retry with backoff), and some platform errors are final.
 */
export interface SlackFailure {
  kind: 'rate_limited' | 'transient' | 'permanent';
  retryAfterMs?: number;
  code: string;
}

export function classifySlackError(error: unknown): SlackFailure {
  const e = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    message?: string;
  };
  if (e?.code === 'sanad_paced') {
    return {
      kind: 'rate_limited',
      retryAfterMs: (error as { retryAfterMs: number }).retryAfterMs,
      code: 'paced',
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
