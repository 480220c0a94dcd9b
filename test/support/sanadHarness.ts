/**
 * Runs the real Sanad app (Bolt over real HTTP, real Redis, real BullMQ worker) against the
 * local Slack stand-in. The only stand-in is Slack itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Queue, QueueEvents } from 'bullmq';
import { createSanad, type Sanad } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config/index.ts';
import { QUEUE_PREFIX } from '../../src/core.ts';
import { DEMO_CHANNELS, DEMO_CUSTOMERS, DEMO_USERS, demoEnv } from '../../src/demoWorkspace.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { bullConnectionOptions } from '../../src/infra/redis.ts';
import { SlackStandIn, type SlackView } from '../../src/standin/index.ts';
import { startTestRedis } from './redis.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-0000-sanad';

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Policy file content (SANAD_CONFIG), e.g. short SLA targets for a trial cycle. */
  policy?: Record<string, unknown>;
  workerOptions?: Parameters<typeof createSanad>[0]['workerOptions'];
  rateLimit?: { postsPerSecondPerChannel: number } | false;
  now?: () => number;
  slackClientOptions?: Parameters<typeof createSanad>[0]['slackClientOptions'];
}

export interface Harness {
  standIn: SlackStandIn;
  sanad: Sanad;
  config: Config;
  redis: Awaited<ReturnType<typeof startTestRedis>>;
  logs: string[];
  /** Base URL of the app's HTTP server (Slack requests and ops endpoints). */
  appUrl: string;
  users: typeof DEMO_USERS;
  channels: typeof DEMO_CHANNELS;
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const redis = await startTestRedis();
  const standIn = new SlackStandIn({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    rateLimit: options.rateLimit ?? false,
    users: Object.values(DEMO_USERS),
    channels: Object.values(DEMO_CHANNELS),
  });
  await standIn.start();
  const policyEnv: Record<string, string> = {};
  if (options.policy) {
    const dir = mkdtempSync(join(tmpdir(), 'sanad-policy-'));
    const path = join(dir, 'policy.json');
    writeFileSync(path, JSON.stringify(options.policy));
    policyEnv.SANAD_CONFIG = path;
  }
  const config = loadConfig(
    demoEnv({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      REDIS_URL: redis.url,
      PORT: '0',
      LOG_LEVEL: 'info',
      // Tests that check Slack's rate limit turn the stand-in's on; pacing stays out of the way.
      SLACK_CHANNEL_POSTS_PER_SECOND: '1000',
      ...policyEnv,
      ...options.env,
    }),
  );
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [SIGNING_SECRET, BOT_TOKEN],
    destination: new Writable({
      write(chunk, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  });
  const sanad = await createSanad({
    config,
    logger,
    now: options.now,
    slackClientOptions: options.slackClientOptions,
    workerOptions: options.workerOptions,
  });
  for (const customer of DEMO_CUSTOMERS) await sanad.store.saveCustomer(customer);
  const port = await sanad.start();
  standIn.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
  return {
    standIn,
    sanad,
    config,
    redis,
    logs,
    appUrl: `http://127.0.0.1:${port}`,
    users: DEMO_USERS,
    channels: DEMO_CHANNELS,
    async stop() {
      await sanad.stop();
      await standIn.stop();
      await redis.cleanup();
    },
  };
}

/**
 * Waits for stored state that a job writes after its last Slack call (which `eventually`
 * cannot see): checked now, and again each time a job on `queue` completes.
 */
export async function afterJobs<T>(
  h: Harness,
  queue: Queue,
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
): Promise<T> {
  const events = new QueueEvents(queue.name, {
    connection: bullConnectionOptions(h.sanad.config.redisUrl!),
    prefix: QUEUE_PREFIX,
  });
  await events.waitUntilReady();
  try {
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`condition not met within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = async () => {
        const value = await probe();
        if (value !== undefined && value !== null && value !== false) {
          clearTimeout(timer);
          resolve(value);
        }
      };
      events.on('completed', () => void check().catch(reject));
      void check().catch(reject);
    });
  } finally {
    await events.close();
  }
}

/** How many times the app has published this user's App Home. */
export function homePublishes(h: Harness, userId: string): number {
  return h.standIn.callsTo('views.publish').filter((c) => c.args.user_id === userId).length;
}

/** Opens the user's App Home and returns the view the app published for it. */
export async function openHome(h: Harness, userId: string): Promise<SlackView> {
  const before = homePublishes(h, userId);
  await h.standIn.openAppHome(userId);
  await h.standIn.waitUntil(() => homePublishes(h, userId) > before, {
    description: 'a Home publish',
  });
  return h.standIn.homeView(userId)!;
}

/** Presses a button on the user's Home and returns the Home published after it. */
export async function pressOnHome(
  h: Harness,
  userId: string,
  view: SlackView,
  actionId: string,
): Promise<SlackView> {
  const before = homePublishes(h, userId);
  await h.standIn.clickButton({ userId, viewId: view.id, actionId });
  await h.standIn.waitUntil(() => homePublishes(h, userId) > before, {
    description: 'a Home publish',
  });
  return h.standIn.homeView(userId)!;
}

/** The Home row (a section block) whose text contains `marker`, with its Open link if any. */
export function homeRow(
  view: SlackView,
  marker: string,
): { text: string; url: string | undefined } | undefined {
  for (const b of view.blocks as Array<{
    type: string;
    text?: { text?: string };
    accessory?: { type?: string; url?: string };
  }>) {
    if (b.type !== 'section' || !b.text?.text?.includes(marker)) continue;
    return { text: b.text.text, url: b.accessory?.type === 'button' ? b.accessory.url : undefined };
  }
  return undefined;
}

/** The blocks of a message flattened to searchable text (mrkdwn, plain_text, fields). */
export function messageText(message: { text?: string; blocks?: unknown[] }): string {
  const parts: string[] = [message.text ?? ''];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (typeof obj.text === 'string') parts.push(obj.text);
      for (const value of Object.values(obj)) if (typeof value === 'object') walk(value);
    }
  };
  walk(message.blocks ?? []);
  return parts.join('\n');
}

/**
 * Waits for an async condition (usually stored state), re-checking whenever the stand-in
 * records a call or a change. Every state change in Sanad is followed by a Slack call (a
 * card update, a post), so this wakes on the event that follows the change — no polling.
 */
export function eventually<T>(
  standIn: SlackStandIn,
  probe: () => Promise<T | undefined | null | false>,
  { timeoutMs = 10_000 }: { timeoutMs?: number } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let running = false;
    let again = false;
    const finish = (error: Error | null, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      standIn.off('call', check);
      standIn.off('change', check);
      if (error) reject(error);
      else resolve(value as T);
    };
    const check = () => {
      if (settled) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      probe()
        .then((value) => {
          running = false;
          if (value !== undefined && value !== null && value !== false) finish(null, value);
          else if (again) {
            again = false;
            check();
          }
        })
        .catch((error: Error) => finish(error));
    };
    const timer = setTimeout(
      () => finish(new Error(`condition not met within ${timeoutMs} ms`)),
      timeoutMs,
    );
    standIn.on('call', check);
    standIn.on('change', check);
    check();
  });
}
