/**
 * Reminders survive their workers and their Redis: a worker killed with SIGKILL mid-post,
 * a redis-server restart with reminders pending, and an outage longer than the workers'
 * drain delay. The app runs without in-process workers here; workers are separate
 * processes started with `npm run worker`'s entry point, as an operator would run them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEnv } from '../../src/demoWorkspace.ts';
import type { SlackMessage } from '../../src/standin/index.ts';
import {
  BOT_TOKEN,
  eventually,
  type Harness,
  messageText,
  SIGNING_SECRET,
  startHarness,
} from '../support/sanadHarness.ts';

const POLICY = {
  language: 'en',
  sla: {
    P0: { firstResponseMinutes: 0.05, resolutionTargetHours: 0.002 },
    P1: { firstResponseMinutes: 0.03, resolutionTargetHours: 0.002 }, // 1.8 s / 7.2 s
    P2: { firstResponseMinutes: 0.05, resolutionTargetHours: 0.002 },
    P3: { firstResponseMinutes: 0.05, resolutionTargetHours: 0.002 },
  },
};

let h: Harness;
let policyPath: string;
const workers = new Set<ChildProcess>();

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    env: {
      PATH: process.env.PATH,
      ...demoEnv({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: h.standIn.apiUrl,
        REDIS_URL: h.redis.url,
        SANAD_CONFIG: policyPath,
        PORT: '0',
        LOG_LEVEL: 'warn',
        SLACK_CHANNEL_POSTS_PER_SECOND: '1000',
        // Notice a dead worker's job quickly.
        SANAD_STALLED_INTERVAL_MS: '500',
        SANAD_LOCK_DURATION_MS: '1000',
        SANAD_DRAIN_DELAY_SECONDS: '1',
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.add(child);
  child.on('exit', () => workers.delete(child));
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

async function ready(child: ChildProcess): Promise<void> {
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('Sanad worker running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-policy-'));
  policyPath = join(dir, 'policy.json');
  writeFileSync(policyPath, JSON.stringify(POLICY));
  h = await startHarness({ policy: POLICY, env: { SANAD_WORKER: 'off' } });
});

afterAll(async () => {
  for (const child of workers) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  await h?.stop();
});

let n = 0;
async function newTicket(text: string) {
  await h.standIn.sendSlashCommand({
    command: '/ticket',
    text,
    userId: h.users.oncall.id,
    channelId: h.channels.triage.id,
  });
  n += 1;
  const id = `SND-${String(n).padStart(4, '0')}`;
  const card = await h.standIn.waitForMessage(
    h.channels.triage.id,
    (m) => new RegExp(`${id}(?!\\d)`).test(messageText(m)),
    { timeoutMs: 15_000 },
  );
  const ticket = await eventually(h.standIn, () => h.sanad.store.getTicket(id));
  return { id, card, ticket };
}

function reminders(cardTs: string): SlackMessage[] {
  return h.standIn.thread(h.channels.triage.id, cardTs).filter((m) => m.ts !== cardTs);
}

/** Waits until all three first-response reminders (50 %, 80 %, breach) are in the thread. */
async function allFirstResponseReminders(cardTs: string) {
  const labels = (m: SlackMessage) => messageText(m).match(/(50%|80%|breached)/)?.[1];
  await h.standIn.waitUntil(
    () => {
      const found = new Set(
        reminders(cardTs)
          .filter((m) => /first response/i.test(messageText(m)))
          .map(labels),
      );
      return found.size >= 3 ? true : undefined;
    },
    { timeoutMs: 20_000 },
  );
  return reminders(cardTs).filter((m) => /first response/i.test(messageText(m)));
}

describe('workers', () => {
  it('posts a reminder exactly once when its worker is killed with SIGKILL mid-post', async () => {
    const first = startWorker();
    await ready(first);
    const { card } = await newTicket('Pilot stopped for the whole team');
    // The next post in this card's thread never gets an answer: the worker is mid-post.
    h.standIn.failNext('chat.postMessage', { hang: true }, 1, (args) => args.thread_ts === card.ts);
    await h.standIn.waitFor(
      (c) => c.method === 'chat.postMessage' && c.status === 0 && c.args.thread_ts === card.ts,
      { timeoutMs: 10_000 },
    );
    first.kill('SIGKILL');
    await once(first, 'exit');
    const second = startWorker();
    await ready(second);
    await allFirstResponseReminders(card.ts);
    // A later reminder proves the retried jobs are done; a duplicate would be in by now.
    await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.thread_ts === card.ts && /50% of the resolution/.test(messageText(m)),
      { timeoutMs: 20_000 },
    );
    const posted = reminders(card.ts).filter((m) => /first response/i.test(messageText(m)));
    const labels = posted.map((m) => messageText(m).match(/(50%|80%|breached)/)?.[1]);
    expect(labels.sort()).toEqual(['50%', '80%', 'breached']);
    second.kill('SIGTERM');
    await once(second, 'exit');
  });

  it('fires every pending reminder once after a redis-server restart (AOF), with two workers running', async () => {
    const pair = [startWorker(), startWorker()];
    await Promise.all(pair.map(ready));
    const { card } = await newTicket('Service down since the deploy');
    await h.redis.restart();
    const posted = await allFirstResponseReminders(card.ts);
    expect(posted).toHaveLength(3);
    for (const worker of pair) {
      worker.kill('SIGTERM');
      await once(worker, 'exit');
    }
  });

  it('resumes by itself after a Redis outage longer than its drain delay', async () => {
    const worker = startWorker();
    await ready(worker);
    await h.redis.stop();
    // The outage itself: longer than the worker's 1 s drain delay (and its blocking timeout).
    await delay(3_000);
    await h.redis.start();
    const { card } = await newTicket('Service failed again after the outage');
    const posted = await allFirstResponseReminders(card.ts);
    expect(posted).toHaveLength(3);
    worker.kill('SIGTERM');
    await once(worker, 'exit');
  });
});
