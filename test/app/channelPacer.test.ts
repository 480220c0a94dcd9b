/**
 * The per-channel pacer's schedule, on a real Redis with a fixed clock: at most N posts in any
 * window (N = the posts per second), so a burst up to the limit goes at once and the rest wait
 * a window each — and a post booked too far ahead is told exactly when to come back.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectRedis } from '../../src/infra/redis.ts';
import { ChannelPacer, PacedError, pacingWindow } from '../../src/jobs/pacing.ts';
import { startTestRedis } from '../support/redis.ts';

let redisServer: Awaited<ReturnType<typeof startTestRedis>>;
let redis: Redis;

beforeAll(async () => {
  redisServer = await startTestRedis();
  redis = await connectRedis(redisServer.url);
});
afterAll(async () => {
  redis?.disconnect();
  await redisServer?.cleanup();
});

/** Reserves one slot at the fixed time `now`: 'now' when it may go at once, else the ms until
 *  the pacer says to come back. */
async function reserve(pacer: ChannelPacer, channel: string): Promise<'now' | number> {
  try {
    await pacer.acquire(channel);
    return 'now';
  } catch (err) {
    if (err instanceof PacedError) return err.retryAfterMs;
    throw err;
  }
}

it('lets a burst up to the limit go at once, then books each further post a window after the one N before it', async () => {
  let now = 1_000_000;
  const pacer = new ChannelPacer(redis, {
    postsPerSecondPerChannel: 4,
    maxInlineWaitMs: 0,
    now: () => now,
  });
  expect(pacer.perWindow).toBe(4);
  expect(pacer.windowMs).toBe(1050); // one second and a 5 % margin

  const first = [];
  for (let i = 0; i < 4; i++) first.push(await reserve(pacer, 'CBURST'));
  expect(first).toEqual(['now', 'now', 'now', 'now']);
  // The fifth post would be the fifth within a second: it comes back when the first's window ends.
  expect(await reserve(pacer, 'CBURST')).toBe(1050);
  // Other channels have their own allowance.
  expect(await reserve(pacer, 'COTHER')).toBe('now');

  // Half a window on, still full; a window on, room for four again.
  now += 525;
  expect(await reserve(pacer, 'CBURST')).toBe(525);
  now += 525;
  const second = [];
  for (let i = 0; i < 4; i++) second.push(await reserve(pacer, 'CBURST'));
  expect(second).toEqual(['now', 'now', 'now', 'now']);
  expect(await reserve(pacer, 'CBURST')).toBe(1050);
});

it('below two posts a second, spaces single posts by the whole window (Slack’s real limit is 1 a second)', async () => {
  let now = 2_000_000;
  const pacer = new ChannelPacer(redis, {
    postsPerSecondPerChannel: 1.5,
    maxInlineWaitMs: 0,
    now: () => now,
  });
  // 1 post per 1/1.5 s, plus the margin: 700 ms.
  expect(pacingWindow(1.5)).toEqual({ perWindow: 1, windowMs: 700 });
  expect(pacer.windowMs).toBe(700);
  expect(await reserve(pacer, 'CSLOW')).toBe('now');
  expect(await reserve(pacer, 'CSLOW')).toBe(700);
  // (a post told to come back books nothing) a window on, the next goes, and the one after waits
  now += 699;
  expect(await reserve(pacer, 'CSLOW')).toBe(1);
  now += 1;
  expect(await reserve(pacer, 'CSLOW')).toBe('now');
  expect(await reserve(pacer, 'CSLOW')).toBe(700);
});
