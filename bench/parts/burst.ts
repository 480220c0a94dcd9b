/**
 * burst: 500 ticket cards into one channel through the stand-in, whose per-channel limit is
 * set to 20 posts/s. The 500 tickets are created through the real TicketService (so the cards
 * go out through the outbox, paced per channel in Redis); one worker process (`src/worker.ts`,
 * SLACK_CHANNEL_POSTS_PER_SECOND=20) posts them.
 *
 * The floor: the stand-in admits at most 20 posts in any sliding second, so the first 20
 * (its burst allowance) can go at once and each further 20 need another second:
 * minimumSeconds = (posts − 20) / 20 = 24 s for 500 posts.
 * seconds = from the first enqueue (just before the first ticket is created) to the last card
 * delivered (its ts at the stand-in).
 */
import { loadConfig } from '../../src/config/index.ts';
import { createCore } from '../../src/core.ts';
import { DEMO_CHANNELS, DEMO_USERS, demoEnv } from '../../src/demoWorkspace.ts';
import { pacingWindow } from '../../src/jobs/pacing.ts';
import { log, type PartOutcome } from '../lib/part.ts';
import { sleep, spawnNode, startRedis } from '../lib/proc.ts';
import { BOT_TOKEN, SIGNING_SECRET, startStandIn } from '../lib/standin.ts';
import { round } from '../lib/stats.ts';
import { SILENT_LOGGER } from '../lib/tickets.ts';
import { generateCorpus } from '../triage/corpus.ts';

export interface BurstResult {
  posts: number;
  delivered: number;
  duplicates: number;
  seconds: number;
  minimumSeconds: number;
}

const POSTS = 500;
const LIMIT = 20;
const TRIAGE = DEMO_CHANNELS.triage.id;

export async function benchBurst(): Promise<PartOutcome<BurstResult>> {
  const notes: string[] = [];
  const redis = await startRedis();
  const standIn = await startStandIn({ postsPerSecondPerChannel: LIMIT });
  const env = demoEnv({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    REDIS_URL: redis.url,
    PORT: '0',
    LOG_LEVEL: 'warn',
    SLACK_CHANNEL_POSTS_PER_SECOND: String(LIMIT),
  });
  const worker = spawnNode('src/worker.ts', env);
  try {
    await worker.waitFor(/Sanad worker running/, 60_000);
    const core = await createCore({ config: loadConfig(env), logger: SILENT_LOGGER });
    const texts = generateCorpus(POSTS, 5005);
    const user = DEMO_USERS.oncall.id;

    const start = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < POSTS) {
          const text = texts[next++]!;
          await core.tickets.create({
            text,
            userId: user,
            source: { kind: 'slash_command', userId: user, channelId: TRIAGE },
          });
        }
      }),
    );
    const created = Date.now();
    await core.close();
    log('burst', `${POSTS} tickets created in ${round((created - start) / 1000, 1)} s`);

    const deadline = start + 120_000;
    let posts = await standIn.posts(TRIAGE);
    for (;;) {
      const keys = new Set(posts.filter((p) => p.key?.startsWith('card-')).map((p) => p.key));
      if (keys.size >= POSTS || Date.now() > deadline) break;
      await sleep(250);
      posts = await standIn.posts(TRIAGE);
    }
    await sleep(3000); // a duplicate would arrive within a pacing window or two
    posts = (await standIn.posts(TRIAGE)).filter((p) => p.key?.startsWith('card-'));

    const firstByKey = new Map<string, number>();
    for (const p of posts) {
      const at = firstByKey.get(p.key!);
      if (at === undefined || p.atMs < at) firstByKey.set(p.key!, p.atMs);
    }
    const lastDelivered = Math.max(...firstByKey.values());
    const stats = await standIn.callStats();
    const postCalls = stats['chat.postMessage'] ?? {};
    const result: BurstResult = {
      posts: POSTS,
      delivered: firstByKey.size,
      duplicates: posts.length - firstByKey.size,
      seconds: round((lastDelivered - start) / 1000, 2),
      minimumSeconds: (POSTS - LIMIT) / LIMIT,
    };
    const pacing = pacingWindow(LIMIT);
    const times = [...firstByKey.values()].sort((a, b) => a - b);
    // The most cards the stand-in took in any one second (its limit: LIMIT).
    let busiestSecond = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      busiestSecond = Math.max(busiestSecond, i - j + 1);
    }
    notes.push(
      `floor: minimumSeconds = (posts − burst allowance) / limit = (${POSTS} − ${LIMIT}) / ${LIMIT} = ${result.minimumSeconds} s (the stand-in admits ${LIMIT} posts in any sliding second)`,
      `first card ${round((times[0]! - start) / 1000, 2)} s after the first enqueue; at most ${busiestSecond} cards in any one second (the pacer's window: ${pacing.perWindow} posts per ${round(pacing.windowMs / 1000, 3)} s); chat.postMessage answers ${JSON.stringify(postCalls)}`,
      `${round(result.seconds / result.minimumSeconds, 3)}× the floor`,
    );
    return {
      result,
      figures: `${result.delivered}/${POSTS} delivered, ${result.duplicates} duplicates, ${result.seconds} s (floor ${result.minimumSeconds} s, ×${round(result.seconds / result.minimumSeconds, 2)})`,
      target: 'every post delivered once, within 10 % of the minimum time',
      pass:
        result.delivered === POSTS &&
        result.duplicates === 0 &&
        result.seconds <= result.minimumSeconds * 1.1,
      notes,
    };
  } finally {
    await worker.stop();
    await standIn.stop();
    await redis.stop();
  }
}
