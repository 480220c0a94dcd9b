/**
 * The Web API client the job workers post with. It is a `WebClient` (same typed methods,
 * same error classes, so `classifySlackError` and every call site are unchanged) whose
 * `apiCall` makes exactly one attempt: the jobs retry with backoff and honour Retry-After
 * themselves, so the client's own retry queue has nothing to do here.
 *
 * Why not the stock `apiCall`: on every call, at any log level, it builds three debug lines
 * (`JSON.stringify` of a recursively redacted copy of the request body, the headers and the
 * result). For a ticket card that is about 0.2 ms of CPU per call, and the SLA reminder
 * benchmark (1,000 reminders a second) spends more on it than on the post itself.
 * File uploads still take the stock path.
 */
import { stringify } from 'node:querystring';
import {
  type WebAPICallResult,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  WebClient,
} from '@slack/web-api';
import type { SlackFetchFunction } from './slackFetch.ts';

export interface JobSlackClientOptions {
  slackApiUrl: string;
  fetch: SlackFetchFunction;
  /** Per request; a hung Slack call must give the worker slot back. */
  timeoutMs: number;
}

/**
 * The methods sent as JSON: Slack accepts `application/json` for its chat write methods, and
 * JSON costs a fraction of percent-encoding a message's blocks (Arabic text grows six-fold).
 * Everything else is form-encoded like the stock client, which every method accepts.
 */
function sendsJson(method: string): boolean {
  return method.startsWith('chat.');
}

/** The arguments a request carries: the token goes in the header, empty values are left out. */
function sentFields(options: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && value !== null && key !== 'token') fields[key] = value;
  }
  return fields;
}

function jsonBody(options: Record<string, unknown>): string {
  return JSON.stringify(sentFields(options));
}

/** Form-encodes arguments the way the Web API client does: objects as JSON. */
function formBody(options: Record<string, unknown>): string {
  const fields: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(sentFields(options))) {
    fields[key] =
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
        ? value
        : JSON.stringify(value);
  }
  return stringify(fields);
}

export class JobSlackClient extends WebClient {
  private readonly transport: SlackFetchFunction;
  private readonly apiUrl: string;
  private readonly timeoutMs: number;

  constructor(token: string | undefined, options: JobSlackClientOptions) {
    super(token, {
      slackApiUrl: options.slackApiUrl,
      fetch: options.fetch,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs,
    });
    this.transport = options.fetch;
    this.apiUrl = options.slackApiUrl.endsWith('/')
      ? options.slackApiUrl
      : `${options.slackApiUrl}/`;
    this.timeoutMs = options.timeoutMs;
  }

  override async apiCall(
    method: string,
    options: Record<string, unknown> = {},
  ): Promise<WebAPICallResult> {
    if (method.startsWith('files.')) return super.apiCall(method, options);
    const token = typeof options.token === 'string' ? options.token : this.token;
    let response: Awaited<ReturnType<SlackFetchFunction>>;
    let text: string;
    const json = sendsJson(method);
    try {
      response = await this.transport(`${this.apiUrl}${method}`, {
        method: 'POST',
        headers: {
          'Content-Type': json
            ? 'application/json; charset=utf-8'
            : 'application/x-www-form-urlencoded',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: json ? jsonBody(options) : formBody(options),
        redirect: 'error',
        timeoutMs: this.timeoutMs,
      });
      text = await response.text();
    } catch (error) {
      throw new WebAPIRequestError(error instanceof Error ? error : new Error(String(error)));
    }
    if (response.status === 429) {
      const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10);
      if (!Number.isNaN(retryAfter)) throw new WebAPIRateLimitedError(retryAfter);
    }
    if (response.status !== 200) {
      throw new WebAPIHTTPError(
        response.status,
        response.statusText,
        Object.fromEntries(response.headers.entries()),
        text,
      );
    }
    let result: WebAPICallResult & { error?: string };
    try {
      result = JSON.parse(text) as WebAPICallResult;
    } catch {
      result = { ok: false, error: text };
    }
    if (!result.ok) throw new WebAPIPlatformError({ ...result, error: result.error ?? 'unknown' });
    return result;
  }
}
