/**
 * report: the weekly SLA health review over 100k stored tickets, in a fresh process (so the
 * peak RSS is the review's own): the review job exactly as a worker runs it — stream last
 * week's tickets from Redis, SLA time per ticket, the health report, the post in the ops
 * channel (the stand-in, in its own process).
 *
 * The tickets are real documents: opened by the real TicketService (classification, routing,
 * first-response draft), answered, sometimes paused, mostly resolved, through the real
 * lifecycle functions, at times spread over last week; first responses and resolutions take
 * a spread of the SLA targets, so about one in ten breaches. They are written to Redis in
 * pipelines, with the sorted sets the store keeps.
 */
import { once } from 'node:events';
import { loadConfig, type Policy } from '../../src/config/index.ts';
import { demoEnv } from '../../src/demoWorkspace.ts';
import { ticketSlaFacts, weeklyReviewWindow } from '../../src/domain/index.ts';
import { connectRedis } from '../../src/infra/redis.ts';
import { log, type PartOutcome } from '../lib/part.ts';
import { sleep, spawnNode, startRedis } from '../lib/proc.ts';
import { BOT_TOKEN, SIGNING_SECRET, startStandIn } from '../lib/standin.ts';
import { round } from '../lib/stats.ts';
import { benchCustomers, TicketFactory } from '../lib/tickets.ts';
import { generateCorpus, prng } from '../triage/corpus.ts';

export interface ReportResult {
  tickets: number;
  ms: number;
  peakRssMb: number;
}

const TICKETS = 100_000;
const BATCH = 1_000;
const HOUR = 3_600_000;

/**
 * Writes `count` realistic tickets created during last week (the weekly review's window) to
 * the Redis at `url`, as the store keeps them: the JSON document, its SLA facts, the
 * all-tickets sorted set by creation time, the open-tickets sorted set by next SLA deadline.
 */
export async function seedTickets(
  url: string,
  policy: Policy,
  count: number,
): Promise<{ bytes: number; open: number }> {
  const nowMs = Date.now();
  const window = weeklyReviewWindow(nowMs, policy.timezone);
  const factory = new TicketFactory(policy);
  const customers = benchCustomers(300);
  const texts = generateCorpus(20_000, 5150);
  const r = prng(2024);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

  const client = await connectRedis(url);
  let bytes = 0;
  let open = 0;
  for (let start = 0; start < count; start += BATCH) {
    const pipe = client.pipeline();
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const createdAtMs = Math.floor(window.fromMs + r() * (window.toMs - window.fromMs));
      const customer = r() < 0.9 ? customers[Math.floor(r() * customers.length)]! : null;
      let t = await factory.open(
        `SND-${String(i + 1).padStart(6, '0')}`,
        texts[i % texts.length]!,
        createdAtMs,
        customer,
      );
      const target = policy.sla[t.priority];
      t.card = { channelId: 'C0TRIAGE', ts: `${Math.floor(createdAtMs / 1000) + 2}.000200` };
      // First response: most well within the target, about one in ten past it, a few never.
      if (r() < 0.98) {
        const firstMs = target.firstResponseMinutes * 60_000 * Math.exp(-1.2 + 0.7 * normal());
        const answeredAt = Math.min(nowMs - 60_000, createdAtMs + Math.max(30_000, firstMs));
        t = factory.answer(t, answeredAt);
        if (r() < 0.1) {
          const pauseAt = answeredAt + r() * 2 * HOUR;
          if (pauseAt + HOUR < nowMs) t = factory.pause(t, pauseAt, pauseAt + (1 + 5 * r()) * HOUR);
        }
        if (r() < 0.92) {
          const resolveMs = target.resolutionTargetHours * HOUR * Math.exp(-1.1 + 0.7 * normal());
          const resolvedAt = Math.max(t.firstResponseAtMs! + 2 * HOUR, createdAtMs + resolveMs);
          if (resolvedAt < nowMs) t = factory.resolve(t, resolvedAt);
        }
      }
      const json = JSON.stringify(t);
      bytes += json.length;
      pipe.set(`sanad:ticket:${t.id}`, json);
      pipe.hset('sanad:ticket-sla', t.id, JSON.stringify(ticketSlaFacts(t)));
      pipe.zadd('sanad:tickets:all', String(createdAtMs), t.id);
      const score = factory.openScore(t);
      if (score !== null) {
        open++;
        pipe.zadd('sanad:tickets:open', String(Number.isFinite(score) ? score : 9e15), t.id);
      }
    }
    await pipe.exec();
  }
  client.disconnect();
  return { bytes, open };
}

export async function benchReport(): Promise<PartOutcome<ReportResult>> {
  const notes: string[] = [];
  const redis = await startRedis();
  const standIn = await startStandIn(false);
  try {
    const env = demoEnv({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      REDIS_URL: redis.url,
      PORT: '0',
      LOG_LEVEL: 'warn',
      SLACK_CHANNEL_POSTS_PER_SECOND: '1000',
    });
    const policy = loadConfig(env).policy;
    const t0 = Date.now();
    const { bytes, open } = await seedTickets(redis.url, policy, TICKETS);
    const seeded = Date.now();
    log(
      'report',
      `seeded ${TICKETS} tickets (${round(bytes / TICKETS, 0)} bytes of JSON each, ${open} open) in ${round((seeded - t0) / 1000, 1)} s`,
    );

    const child = spawnNode(
      'bench/report/child.ts',
      env,
      process.env.BENCH_REPORT_NODE_ARGS?.split(' ') ?? [],
    );
    const [line] = await child.waitFor(/\{"ms".*\}/, 120_000);
    await Promise.race([once(child.child, 'exit'), sleep(10_000)]);
    await child.stop();
    const out = JSON.parse(line!) as {
      ms: number;
      peakRssMb: number;
      rssBeforeMb: number;
      seen: number;
      verdict: string;
      streamMs: number;
    };
    const result: ReportResult = {
      tickets: out.seen,
      ms: Math.round(out.ms),
      peakRssMb: Math.round(out.peakRssMb),
    };
    notes.push(
      `${TICKETS} ticket documents of ${round(bytes / TICKETS / 1024, 1)} KB on average (${round(bytes / 1e6, 0)} MB of JSON) in last week's window; the review saw ${out.seen}, verdict ${out.verdict}`,
      `of the ${result.ms} ms, ${Math.round(out.streamMs)} ms streaming the tickets' SLA facts from Redis into SLA figures (fetch, JSON.parse, SLA time per ticket), ${Math.round(out.ms - out.streamMs)} ms the report, the post and the ledger`,
      `the review process's RSS was ${Math.round(out.rssBeforeMb)} MB before the review (Node, tsx, the app's modules, Redis connections)`,
    );
    return {
      result,
      figures: `${result.tickets.toLocaleString('en')} tickets in ${result.ms} ms, peak RSS ${result.peakRssMb} MB`,
      target: '100k tickets in ≤ 2 s, peak RSS ≤ 300 MB',
      pass: result.tickets >= TICKETS && result.ms <= 2000 && result.peakRssMb <= 300,
      notes,
    };
  } finally {
    await standIn.stop();
    await redis.stop();
  }
}
