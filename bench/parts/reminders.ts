/**
 * reminders: 10k SLA reminders due within one 10-second window, fired by two workers
 * (`src/worker.ts` processes) and posted in the card threads of the stand-in (its own
 * process, rate limit off; the bot's channel pacing high).
 *
 * 3,334 open tickets are written straight to the store, each with its card already in the
 * triage channel, then scheduled with the real SlaScheduler.sync. The policy gives every
 * priority a 10-second first-response target, and the tickets' creation instants are spread
 * evenly over 5 seconds, so each ticket's 50 %, 80 % and 100 % reminders (at +5, +8, +10 s)
 * all fall in the window [W, W + 10 s]. At 100 % the ticket also escalates (card update).
 *
 * Lateness = the post's time at the stand-in (its message ts) − the threshold instant.
 * Duplicates = posts beyond one per ticket, phase and threshold; missing = never posted.
 *
 * Warm-up: as for any JIT-compiled runtime, the workers are warmed before the window:
 * 1,000 other tickets have their 3,000 reminders in the 7 s before it (about 430 a second),
 * not counted. Fresh workers need about 2 s of traffic before V8 has compiled the hot path;
 * a deployed worker has long done so. BENCH_REMINDER_WARMUP=0 measures cold workers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { loadConfig } from '../../src/config/index.ts';
import { createCore } from '../../src/core.ts';
import { DEMO_CHANNELS, demoEnv } from '../../src/demoWorkspace.ts';
import { planReminders } from '../../src/jobs/slaReminders.ts';
import { renderTicketCard } from '../../src/services/ticketPresenter.ts';
import { POST_METADATA_EVENT } from '../../src/views/ids.ts';
import { log, type PartOutcome } from '../lib/part.ts';
import { cpuSeconds, sleep, spawnNode, startRedis, tempDir } from '../lib/proc.ts';
import { BOT_TOKEN, SIGNING_SECRET, startStandIn } from '../lib/standin.ts';
import { percentile, round } from '../lib/stats.ts';
import { benchCustomers, SILENT_LOGGER, TicketFactory } from '../lib/tickets.ts';
import { generateCorpus, prng } from '../triage/corpus.ts';

export interface RemindersResult {
  count: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  duplicates: number;
  missing: number;
}

/** × 3 thresholds = 10,002 reminders (BENCH_REMINDER_TICKETS overrides it, for experiments). */
const TICKETS = Number(process.env.BENCH_REMINDER_TICKETS ?? 3_334);
const WARMUP_TICKETS = Number(process.env.BENCH_REMINDER_WARMUP ?? 1_000);
const TARGET_MS = 10_000;
const SPREAD_MS = 5_000;
/** Warm-up tickets are created over 2 s, 15 s before the window: reminders at −10 s … −3 s. */
const WARMUP_SPREAD_MS = 2_000;
const WARMUP_LEAD_MS = 15_000;
/** Time from the start of the part to the window: setup (tickets, cards, scheduling) fits in it. */
const LEAD_MS = 45_000;
const TRIAGE = DEMO_CHANNELS.triage.id;

async function inParallel<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

export async function benchReminders(): Promise<PartOutcome<RemindersResult>> {
  const notes: string[] = [];
  const dir = tempDir('sanad-bench-reminders-');
  const redis = await startRedis();
  const standIn = await startStandIn(false);
  const policyPath = join(dir.path, 'policy.json');
  const targetMinutes = TARGET_MS / 60_000;
  const sla = { firstResponseMinutes: targetMinutes, resolutionTargetHours: 1000 };
  writeFileSync(policyPath, JSON.stringify({ sla: { P0: sla, P1: sla, P2: sla, P3: sla } }));
  const env = demoEnv({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    REDIS_URL: redis.url,
    SANAD_CONFIG: policyPath,
    PORT: '0',
    LOG_LEVEL: 'warn',
    SLACK_CHANNEL_POSTS_PER_SECOND: '100000',
  });
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ') ?? [];
  const workers = [
    spawnNode('src/worker.ts', env, nodeArgs),
    spawnNode('src/worker.ts', env, nodeArgs),
  ];
  const t0 = Date.now();
  const windowStart = t0 + LEAD_MS;
  try {
    const config = loadConfig(env);
    const policy = config.policy;
    const core = await createCore({ config, logger: SILENT_LOGGER });
    const factory = new TicketFactory(policy);
    const customers = benchCustomers(40);
    const texts = generateCorpus(TICKETS + WARMUP_TICKETS, 3131);
    const r = prng(77);
    const slack = new WebClient(BOT_TOKEN, {
      slackApiUrl: standIn.apiUrl,
      retryConfig: { retries: 0 },
    });

    // Tickets, created (by their timestamps) 5–10 s before their first threshold, each with its
    // card posted in the triage channel, then stored.
    const tickets = new Array(TICKETS + WARMUP_TICKETS);
    await inParallel(texts, 24, async (text, i) => {
      // The measured tickets first, then the warm-up ones (numbered after them).
      const createdAtMs =
        i < TICKETS
          ? Math.round(windowStart - TARGET_MS / 2 + (i / TICKETS) * SPREAD_MS)
          : Math.round(
              windowStart - WARMUP_LEAD_MS + ((i - TICKETS) / WARMUP_TICKETS) * WARMUP_SPREAD_MS,
            );
      const customer = r() < 0.8 ? customers[i % customers.length]! : null;
      const ticket = await factory.open(
        `SND-${String(i + 1).padStart(5, '0')}`,
        text,
        createdAtMs,
        customer,
      );
      const card = renderTicketCard(policy, ticket, Date.now());
      const posted = await slack.chat.postMessage({
        channel: TRIAGE,
        text: card.text,
        // biome-ignore lint/suspicious/noExplicitAny: Block Kit blocks from our view builders
        blocks: card.blocks as any,
        metadata: { event_type: POST_METADATA_EVENT, event_payload: { key: `card-${ticket.id}` } },
      });
      ticket.card = { channelId: TRIAGE, ts: posted.ts! };
      await core.store.createTicket({ ticket, ledger: [] }, factory.openScore(ticket) ?? 0);
      tickets[i] = ticket;
    });
    const created = Date.now();
    log(
      'reminders',
      `${TICKETS} tickets (+${WARMUP_TICKETS} for the warm-up) and cards in ${round((created - t0) / 1000, 1)} s`,
    );

    // Scheduled the way the app schedules them.
    const expected = new Map<string, number>();
    const warmUp = new Set<string>();
    await inParallel(tickets, 24, async (ticket, i) => {
      await core.scheduler.sync(ticket);
      for (const plan of planReminders(policy, ticket, Date.now())) {
        if (i >= TICKETS) {
          if (plan.data.phase === 'first_response' && !plan.passed)
            warmUp.add(`sla-${ticket.id}-${plan.data.phase}-${plan.data.pct}`);
          continue;
        }
        if (plan.data.phase !== 'first_response' || plan.passed) continue;
        expected.set(`sla-${ticket.id}-first_response-${plan.data.pct}`, plan.data.atMs);
      }
    });
    const scheduled = Date.now();
    await core.close();
    const atMs = [...expected.values()];
    const first = Math.min(...atMs);
    const last = Math.max(...atMs);
    log(
      'reminders',
      `${expected.size} reminders scheduled in ${round((scheduled - created) / 1000, 1)} s; window starts in ${round((first - Date.now()) / 1000, 1)} s and lasts ${round((last - first) / 1000, 1)} s`,
    );
    const warmUpStart = windowStart - WARMUP_LEAD_MS + TARGET_MS / 2;
    if ((WARMUP_TICKETS > 0 ? warmUpStart : first) < scheduled + 500) {
      throw new Error(
        `setup took too long: the first reminder was due ${first - scheduled} ms after scheduling ended`,
      );
    }
    await Promise.all(workers.map((w) => w.waitFor(/Sanad worker running/, 30_000)));
    // The setup wrote tens of megabytes; without this, Redis's automatic rewrite of its
    // append-only file (a fork and a full dump, one core for about two seconds) tends to
    // fall due inside the window. A rewrite the window's own traffic triggers still counts.
    const aofBytes = await redis.compactAof();
    const aofBefore = await redis.aofState();
    const cpu = async () => ({
      workers: workers.reduce((a, w) => a + cpuSeconds(w.child.pid), 0),
      standIn: cpuSeconds(standIn.pid),
      redis: await redis.cpuSeconds(),
    });
    await sleep(Math.max(0, first - 200 - Date.now()));
    const cpuBefore = await cpu();

    // Wait for the window and the posts.
    await sleep(Math.max(0, last - Date.now()));
    const deadline = Date.now() + 60_000;
    let posts = await standIn.posts(TRIAGE);
    for (;;) {
      const keys = new Set(posts.map((p) => p.key));
      let all = true;
      for (const k of expected.keys()) if (!keys.has(k)) all = false;
      if (all || Date.now() > deadline) break;
      await sleep(1000);
      posts = await standIn.posts(TRIAGE);
    }
    const cpuAfter = await cpu();
    const aofAfter = await redis.aofState();
    const lastPost = Math.max(...posts.filter((p) => p.key?.startsWith('sla-')).map((p) => p.atMs));
    await sleep(2000); // late duplicates would show up here
    posts = await standIn.posts(TRIAGE);

    const byKey = new Map<string, number[]>();
    for (const p of posts) {
      if (!p.key?.startsWith('sla-')) continue;
      const list = byKey.get(p.key) ?? [];
      list.push(p.atMs);
      byKey.set(p.key, list);
    }
    const lateness: number[] = [];
    let duplicates = 0;
    let missing = 0;
    let unexpected = 0;
    for (const [key, at] of expected) {
      const list = byKey.get(key);
      if (!list) {
        missing++;
        continue;
      }
      duplicates += list.length - 1;
      lateness.push(Math.min(...list) - at);
    }
    for (const key of byKey.keys()) if (!expected.has(key) && !warmUp.has(key)) unexpected++;
    const warmedUp = [...warmUp].filter((k) => byKey.has(k)).length;
    if (process.env.BENCH_REMINDER_DUMP) {
      // [key, due (ms into the window), lateness (ms)] per reminder, for plotting lateness.
      const rows = [...expected].map(([k, at]) => [k, at - first, (byKey.get(k)?.[0] ?? at) - at]);
      writeFileSync(process.env.BENCH_REMINDER_DUMP, JSON.stringify(rows));
    }
    const result: RemindersResult = {
      count: expected.size,
      latenessP50Ms: round(percentile(lateness, 50), 1),
      latenessP99Ms: round(percentile(lateness, 99), 1),
      duplicates,
      missing,
    };
    const workerErrors = workers
      .flatMap((w) => w.output().split('\n'))
      .filter((l) => /"level":(50|60)/.test(l));
    notes.push(
      `redis append-only file compacted to ${round(aofBytes / 1e6, 0)} MB before the window; grew ${round((aofAfter.bytes - aofBefore.bytes) / 1e6, 0)} MB in it, with ${aofAfter.rewrites - aofBefore.rewrites} rewrites`,
      `${expected.size} reminders for ${TICKETS} tickets in ${round((last - first) / 1000, 1)} s (${round(expected.size / ((last - first) / 1000), 0)}/s), 2 workers; lateness p50 ${result.latenessP50Ms} ms, p90 ${round(percentile(lateness, 90), 1)} ms, p99 ${result.latenessP99Ms} ms, max ${round(percentile(lateness, 100), 1)} ms, min ${round(percentile(lateness, 0), 1)} ms`,
      `warm-up before the window: ${warmedUp} of ${warmUp.size} reminders posted (not counted); posts for reminders not expected: ${unexpected}; worker errors logged: ${workerErrors.length}${workerErrors[0] ? ` (${workerErrors[0].slice(0, 200)})` : ''}`,
      `throughput: the last reminder was posted ${round((lastPost - first) / 1000, 1)} s after the first was due (${round(expected.size / ((lastPost - first) / 1000), 0)} reminders/s); CPU meanwhile: workers ${round(cpuAfter.workers - cpuBefore.workers, 1)} s, stand-in ${round(cpuAfter.standIn - cpuBefore.standIn, 1)} s, redis ${round(cpuAfter.redis - cpuBefore.redis, 1)} s — ${round(((cpuAfter.workers - cpuBefore.workers) * 1000) / expected.size, 2)} ms of worker CPU per reminder (escalations and card updates included)`,
    );
    return {
      result,
      figures: `${result.count} reminders: lateness p50 ${result.latenessP50Ms} ms, p99 ${result.latenessP99Ms} ms; ${duplicates} duplicated, ${missing} missing`,
      target: 'lateness p99 ≤ 200 ms, no duplicates, none missing',
      pass: result.latenessP99Ms <= 200 && duplicates === 0 && missing === 0,
      notes,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    if (process.env.BENCH_WORKER_NODE_ARGS) {
      for (const w of workers) log('reminders', `worker output:\n${w.output().slice(-1500)}`);
    }
    await standIn.stop();
    await redis.stop();
    dir.remove();
  }
}
