/**
 * ack: signed `/ticket <text>` commands at 100/s for 30 s through the real app (src/app.ts in
 * its own process: Bolt's HTTPReceiver, Redis, the in-process BullMQ workers, Slack = the
 * stand-in in another process), timed from send to Slack's ack response. Baseline: a bare
 * Bolt app whose /ticket listener only acks, measured the same way in the same run.
 *
 * The app does its usual after-ack work meanwhile (ticket stored, classified, card posted by
 * the outbox, SLA reminders scheduled); the stand-in's rate limit is off and the bot's channel
 * pacing is high so that work keeps up with 100 tickets/s into one triage channel.
 */
import { setPriority } from 'node:os';
import { DEMO_CHANNELS, DEMO_USERS, demoEnv } from '../../src/demoWorkspace.ts';
import { type LoadResult, runLoad } from '../ack/client.ts';
import { log, type PartOutcome } from '../lib/part.ts';
import { sleep, spawnNode, startRedis } from '../lib/proc.ts';
import { BOT_TOKEN, SIGNING_SECRET, type StandInHandle, startStandIn } from '../lib/standin.ts';
import { percentile, round } from '../lib/stats.ts';
import { generateCorpus } from '../triage/corpus.ts';

export interface AckResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  baselineP99Ms: number;
  ratioP99: number;
}

const RATE = 100;
const WARMUP_MS = 3_000;
/**
 * Measured time per side, in alternating slices: bare Bolt, Sanad, bare Bolt, … 30 s gives
 * 3,000 acks a side, so the p99 is the 30th slowest, not the 10th (BENCH_ACK_SECONDS).
 */
const MEASURE_MS = Number(process.env.BENCH_ACK_SECONDS ?? 30) * 1000;
const SLICE_MS = 1_000;
/** The stand-in's CPU priority during the run (BENCH_ACK_STANDIN_NICE; 0: as the apps'). */
const STAND_IN_NICE = Number(process.env.BENCH_ACK_STANDIN_NICE ?? 10);
const USER = DEMO_USERS.oncall;
const CHANNEL = DEMO_CHANNELS.triage.id;

interface Side {
  url: string;
  latencies: number[];
  sent: number;
  ok: number;
  errors: number;
  ms: number;
  maxSendLagMs: number;
}

async function load(
  standIn: StandInHandle,
  url: string,
  texts: string[],
  from: number,
  durationMs: number,
): Promise<LoadResult> {
  const count = Math.round((RATE * durationMs) / 1000);
  const creds = await standIn.issueCommands(count, USER.id, CHANNEL);
  return runLoad({
    url,
    signingSecret: SIGNING_SECRET,
    rate: RATE,
    durationMs,
    commands: creds.map((c, i) => ({ ...c, text: texts[(from + i) % texts.length]! })),
    channelId: CHANNEL,
    userId: USER.id,
    userName: USER.name,
  });
}

function add(side: Side, r: LoadResult): void {
  side.latencies.push(...r.latencies);
  side.sent += r.sent;
  side.ok += r.ok;
  side.errors += r.errors;
  side.ms += r.elapsedMs;
  side.maxSendLagMs = Math.max(side.maxSendLagMs, r.maxSendLagMs);
}

function summary(r: Side) {
  return {
    rps: r.ok / (r.ms / 1000),
    p50: percentile(r.latencies, 50),
    p99: percentile(r.latencies, 99),
    max: percentile(r.latencies, 100),
  };
}

export async function benchAck(): Promise<PartOutcome<AckResult>> {
  const texts = generateCorpus(5000, 8080);
  const redis = await startRedis();
  const standIn = await startStandIn(false);
  // Slack's servers are not on our machine; here the stand-in playing Slack shares the two
  // cores with the apps being measured. It is not on an ack's path (the ack answers before any
  // Slack call), so it takes the CPU time the apps leave rather than competing for it.
  if (standIn.pid > 0) setPriority(standIn.pid, STAND_IN_NICE); // (pid 0 would be this process)
  const notes: string[] = [];
  try {
    // Both apps run side by side; the load alternates between them in one-second slices, so
    // whatever else the machine does falls on both alike. After each Sanad slice the bench
    // waits for its after-ack work (one card per ticket) before the next bare Bolt slice.
    const bare = spawnNode('bench/ack/bareBolt.ts', {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      PORT: '0',
    });
    const appEnv = demoEnv({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      REDIS_URL: redis.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SLACK_CHANNEL_POSTS_PER_SECOND: '1000',
    });
    // BENCH_ACK_WORKER=separate: the workers in their own process (SANAD_WORKER=off), for
    // comparison; the default is the app's default, workers inside the app.
    const separate = process.env.BENCH_ACK_WORKER === 'separate';
    const app = spawnNode(
      'src/app.ts',
      separate ? { ...appEnv, SANAD_WORKER: 'off' } : appEnv,
      process.env.BENCH_APP_NODE_ARGS ? process.env.BENCH_APP_NODE_ARGS.split(' ') : [],
    );
    const worker = separate ? spawnNode('src/worker.ts', appEnv) : undefined;
    if (worker) {
      await worker.waitFor(/Sanad worker running/);
      notes.push('workers in their own process (BENCH_ACK_WORKER=separate)');
    }
    const baseline: Side = {
      url: '',
      latencies: [],
      sent: 0,
      ok: 0,
      errors: 0,
      ms: 0,
      maxSendLagMs: 0,
    };
    const ours: Side = { ...baseline, latencies: [] };
    let cards = 0;
    let tickets = 0;
    let settleMs = 0;
    const cardsPosted = async () => {
      const posts = await standIn.posts(CHANNEL);
      return new Set(posts.filter((p) => p.key?.startsWith('card-')).map((p) => p.key)).size;
    };
    const settle = async (maxMs: number) => {
      const t0 = Date.now();
      for (;;) {
        cards = await cardsPosted();
        if (cards >= tickets || Date.now() - t0 > maxMs) break;
        await sleep(50);
      }
      settleMs = Math.max(settleMs, Date.now() - t0);
    };
    try {
      const [, bareUrl] = await bare.waitFor(/listening on (http:\/\/\S+)/);
      const [, port] = await app.waitFor(/listening on http:\/\/0\.0\.0\.0:(\d+)\/slack\/events/);
      baseline.url = bareUrl!;
      ours.url = `http://127.0.0.1:${port}/slack/events`;
      log('ack', `warm-up: ${WARMUP_MS / 1000} s each at ${RATE} commands/s`);
      let from = 0;
      await load(standIn, baseline.url, texts, from, WARMUP_MS);
      await load(standIn, ours.url, texts, from, WARMUP_MS);
      tickets += Math.round((RATE * WARMUP_MS) / 1000);
      from += 1000;
      await settle(30_000);
      log('ack', `measuring: ${MEASURE_MS / 1000} s each, alternating ${SLICE_MS} ms slices`);
      for (let t = 0; t < MEASURE_MS; t += SLICE_MS) {
        add(baseline, await load(standIn, baseline.url, texts, from, SLICE_MS));
        add(ours, await load(standIn, ours.url, texts, from, SLICE_MS));
        tickets += Math.round((RATE * SLICE_MS) / 1000);
        from += 200;
        await settle(5_000);
      }
      await settle(60_000);
      const errorLines = app
        .output()
        .split('\n')
        .filter((l) => /"level":(50|60)/.test(l));
      if (errorLines.length > 0) {
        notes.push(`app logged ${errorLines.length} errors, e.g. ${errorLines[0]!.slice(0, 300)}`);
      }
    } finally {
      await app.stop();
      await bare.stop();
      await worker?.stop();
      if (process.env.BENCH_APP_NODE_ARGS) log('ack', `app output:\n${app.output().slice(-2000)}`);
    }

    const b = summary(baseline);
    const o = summary(ours);
    const result: AckResult = {
      rps: round(o.rps, 1),
      p50Ms: round(o.p50, 2),
      p99Ms: round(o.p99, 2),
      baselineP99Ms: round(b.p99, 2),
      ratioP99: round(o.p99 / b.p99, 2),
    };
    const tail = (xs: number[]) =>
      [90, 95, 98, 99, 99.5].map((q) => `p${q} ${round(percentile(xs, q), 2)}`).join(', ');
    notes.push(
      `tails (ms): bare Bolt ${tail(baseline.latencies)}; Sanad ${tail(ours.latencies)}`,
      `baseline (bare Bolt): p50 ${round(b.p50, 2)} ms, p99 ${round(b.p99, 2)} ms, max ${round(b.max, 1)} ms, ${round(b.rps, 1)} rps, ${baseline.errors} errors`,
      `Sanad: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${round(o.max, 1)} ms, ${ours.ok}/${ours.sent} acked (${ours.errors} errors); sender lag max ${round(Math.max(baseline.maxSendLagMs, ours.maxSendLagMs), 1)} ms`,
      `after-ack work: ${cards}/${tickets} ticket cards posted to the triage channel (longest wait for a slice's cards: ${settleMs} ms)`,
      `the stand-in (Slack) ran at nice ${STAND_IN_NICE}, the apps and Redis at 0`,
    );
    const pass =
      ours.errors === 0 &&
      ours.ok === ours.sent &&
      result.p99Ms <= 25 &&
      result.p99Ms <= 1.5 * result.baselineP99Ms;
    return {
      result,
      figures: `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms (bare Bolt ${result.baselineP99Ms} ms, ×${result.ratioP99}), ${result.rps} rps`,
      target: 'p99 ≤ 25 ms and ≤ 1.5× bare Bolt p99',
      pass,
      notes,
    };
  } finally {
    await standIn.stop();
    await redis.stop();
  }
}
