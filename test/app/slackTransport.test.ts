/**
 * The Web API transport of every process (undici's pooled dispatcher under `WebClient`) and
 * the job workers' one-attempt client: against the stand-in they must post the same
 * messages and fail with the same error classes as the stock client on the global fetch, so
 * the job layer's classification (rate limit, transient, permanent) cannot drift.
 */
import { ErrorCode, type WebAPICallResult, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobSlackClient } from '../../src/infra/jobSlackClient.ts';
import { createSlackFetch, type SlackFetch } from '../../src/infra/slackFetch.ts';
import { classifySlackError } from '../../src/jobs/slackErrors.ts';
import { SlackStandIn } from '../../src/standin/index.ts';
import { quietLogger } from '../standin/helpers.ts';

const botToken = 'xoxb-transport-test';
const TRIAGE = 'C0TRIAGE';

type ClientKind = 'stock WebClient' | 'WebClient on the pooled transport' | 'job client';
const KINDS: ClientKind[] = ['stock WebClient', 'WebClient on the pooled transport', 'job client'];

let standIn: SlackStandIn;
let transport: SlackFetch;

beforeEach(async () => {
  standIn = new SlackStandIn({
    signingSecret: 'transport-signing-secret',
    botToken,
    rateLimit: false,
    users: [{ id: 'U0OPS', name: 'ops', realName: 'Operator' }],
    channels: [{ id: TRIAGE, name: 'triage', members: ['U0OPS'] }],
  });
  await standIn.start();
  transport = createSlackFetch();
});

afterEach(async () => {
  await transport.close();
  await standIn.stop();
});

function clientOf(kind: ClientKind, timeoutMs = 5_000): WebClient {
  const common = {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: quietLogger(),
  };
  if (kind === 'stock WebClient') return new WebClient(botToken, common);
  if (kind === 'WebClient on the pooled transport') {
    return new WebClient(botToken, { ...common, fetch: transport.fetch });
  }
  return new JobSlackClient(botToken, {
    slackApiUrl: standIn.apiUrl,
    fetch: transport.fetch,
    timeoutMs,
  });
}

async function failureOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    const e = error as Error & { code?: string; statusCode?: number; data?: WebAPICallResult };
    return {
      className: e.constructor.name,
      code: e.code,
      statusCode: e.statusCode,
      slackError: (e.data as { error?: string } | undefined)?.error,
      classified: classifySlackError(error),
    };
  }
  throw new Error('expected the call to fail');
}

const ARABIC = 'تذكير: الرد الأول على التذكرة <@U0OPS> & فريق الدعم';
const BLOCKS = [
  { type: 'section', text: { type: 'mrkdwn', text: `*${ARABIC}*` } },
  { type: 'context', elements: [{ type: 'mrkdwn', text: 'SLA 50 % · ١٠ دقائق' }] },
];

describe.each(KINDS)('%s', (kind) => {
  it('posts a thread reply with Arabic text, blocks and metadata exactly as given', async () => {
    const client = clientOf(kind);
    const parent = await client.chat.postMessage({ channel: TRIAGE, text: 'card' });
    const reply = await client.chat.postMessage({
      channel: TRIAGE,
      thread_ts: parent.ts!,
      text: ARABIC,
      blocks: BLOCKS,
      unfurl_links: false,
      metadata: { event_type: 'sanad_post', event_payload: { key: 'sla-SND-1-first_response-50' } },
    });
    expect(reply.ok).toBe(true);
    const stored = standIn.allMessages(TRIAGE).find((m) => m.ts === reply.ts);
    expect(stored).toMatchObject({
      text: ARABIC,
      thread_ts: parent.ts,
      metadata: { event_type: 'sanad_post', event_payload: { key: 'sla-SND-1-first_response-50' } },
    });
    expect(stored?.blocks?.map((b) => ({ ...(b as object), block_id: undefined }))).toEqual(
      BLOCKS.map((b) => ({ ...b, block_id: undefined })),
    );
    // A read method (form-encoded) finds the post by its metadata, as a retried job does.
    const replies = await client.conversations.replies({
      channel: TRIAGE,
      ts: parent.ts!,
      include_all_metadata: true,
    });
    expect(replies.messages?.map((m) => m.text)).toEqual(['card', ARABIC]);
    expect(replies.messages?.[1]?.metadata?.event_payload).toEqual({
      key: 'sla-SND-1-first_response-50',
    });
  });

  it('leaves out empty arguments, as the stock client does', async () => {
    const client = clientOf(kind);
    const posted = await client.chat.postMessage({
      channel: TRIAGE,
      text: 'top level',
      thread_ts: undefined,
      // biome-ignore lint/suspicious/noExplicitAny: a null some callers pass for "none"
      icon_url: null as any,
    });
    const stored = standIn.allMessages(TRIAGE).find((m) => m.ts === posted.ts);
    expect(stored).toMatchObject({ text: 'top level' });
    expect(stored?.thread_ts).toBeUndefined();
  });

  it('updates a message in place', async () => {
    const client = clientOf(kind);
    const posted = await client.chat.postMessage({ channel: TRIAGE, text: 'P2 open' });
    await client.chat.update({
      channel: TRIAGE,
      ts: posted.ts!,
      text: 'P2 escalated',
      blocks: BLOCKS,
    });
    expect(standIn.allMessages(TRIAGE).find((m) => m.ts === posted.ts)?.text).toBe('P2 escalated');
  });

  it('a 429 is a rate limit with Slack’s Retry-After, for the job to wait out', async () => {
    standIn.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const failure = await failureOf(
      clientOf(kind).chat.postMessage({ channel: TRIAGE, text: 'x' }),
    );
    expect(failure.code).toBe(ErrorCode.RateLimitedError);
    expect(failure.classified).toEqual({
      kind: 'rate_limited',
      retryAfterMs: 7000,
      code: 'ratelimited',
    });
    expect(standIn.allMessages(TRIAGE)).toHaveLength(0);
  });

  it('a 503 is an HTTP error the job retries', async () => {
    standIn.failNext('chat.update', { status: 503 });
    const failure = await failureOf(
      clientOf(kind).chat.update({ channel: TRIAGE, ts: '1.000001', text: 'x' }),
    );
    expect(failure).toMatchObject({
      className: 'WebAPIHTTPError',
      code: ErrorCode.HTTPError,
      statusCode: 503,
      classified: { kind: 'transient' },
    });
  });

  it('a platform error (missing_scope) is final, with Slack’s error code', async () => {
    standIn.failNext('conversations.create', { error: 'missing_scope', needed: 'channels:manage' });
    const failure = await failureOf(clientOf(kind).conversations.create({ name: 'inc-test' }));
    expect(failure).toMatchObject({
      className: 'WebAPIPlatformError',
      code: ErrorCode.PlatformError,
      slackError: 'missing_scope',
      classified: { kind: 'permanent', code: 'missing_scope' },
    });
  });

  it('a hung call gives up at the timeout as a request error the job retries', async () => {
    standIn.failNext('chat.postMessage', { hang: true });
    const failure = await failureOf(
      clientOf(kind, 300).chat.postMessage({ channel: TRIAGE, text: 'x' }),
    );
    expect(failure).toMatchObject({
      className: 'WebAPIRequestError',
      code: ErrorCode.RequestError,
      classified: { kind: 'transient' },
    });
  });
});

it('the pooled transport passes response headers through (granted scopes reach the result)', async () => {
  const result = await clientOf('WebClient on the pooled transport').auth.test();
  expect(result.response_metadata?.scopes?.length).toBeGreaterThan(0);
});
