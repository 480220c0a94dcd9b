/**
 * Paces the bot's posts per channel (Slack allows about one message per second per
 * channel, with short bursts). Every worker process shares the schedule through Redis: a post
 * reserves the channel's next free slot and waits for it when that is close; when the channel
 * is booked further ahead, the job is told to come back later (a rate-limit error with the
 * exact wait), which the job layer turns into a delay that spends no attempt. A 429 that slips
 * through is still handled the same way.
 *
 * The schedule is a sliding window, as the limit itself is: at most N posts in any window of
 * N / rate seconds (N = the whole posts per second, at least 1). So at 20 posts a second a burst
 * of 20 goes at once and the next 20 a window later — not one post every 50 ms, which takes
 * longer for the same limit. At 1 post a second it is one post a second, as before.
 */
import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';

export class PacedError extends Error {
  override readonly name = 'PacedError';
  readonly code = 'sanad_paced';
  constructor(readonly retryAfterMs: number) {
    super(`channel busy; retry in ${retryAfterMs} ms`);
  }
}

// KEYS[1]: the channel's last N reserved slots (ms), oldest first. A slot is never before the
// last one reserved (so the list stays in order) nor within a window of the Nth-last. Returns
// the reserved slot, or minus the next free slot when it is more than maxWait ahead. The list
// outlives its last slot by a minute, though a window would do: room for slow callers.
const RESERVE_SLOT_LUA = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local perWindow = tonumber(ARGV[3])
local maxWait = tonumber(ARGV[4])
local at = now
local booked = redis.call('LLEN', KEYS[1])
if booked > 0 then
  at = math.max(at, tonumber(redis.call('LINDEX', KEYS[1], -1)))
  if booked >= perWindow then
    at = math.max(at, tonumber(redis.call('LINDEX', KEYS[1], -perWindow)) + window)
  end
end
if at - now > maxWait then return -at end
redis.call('RPUSH', KEYS[1], at)
redis.call('LTRIM', KEYS[1], -perWindow, -1)
redis.call('PEXPIRE', KEYS[1], math.floor(at - now + window + 60000))
return at
`;

export interface PacingOptions {
  postsPerSecondPerChannel: number;
  /** The longest a post waits in-process for its slot before handing the worker back. */
  maxInlineWaitMs?: number;
  /** The clock slots are reserved by (ms since the epoch; tests fix it). */
  now?: () => number;
}

/** The pacer's allowance at `postsPerSecond`: at most `perWindow` posts (the whole posts a
 *  second) in any `windowMs`. */
export function pacingWindow(postsPerSecond: number): { perWindow: number; windowMs: number } {
  const perWindow = Math.max(1, Math.floor(postsPerSecond));
  // A 5 % margin absorbs network jitter, so posts sent on schedule also arrive within it.
  return { perWindow, windowMs: Math.ceil(((1000 * perWindow) / postsPerSecond) * 1.05) };
}

export class ChannelPacer {
  /** Posts per window, and the window (ms). */
  readonly perWindow: number;
  readonly windowMs: number;
  private readonly maxInlineWaitMs: number;
  private readonly now: () => number;

  constructor(
    private readonly redis: Redis,
    options: PacingOptions,
  ) {
    ({ perWindow: this.perWindow, windowMs: this.windowMs } = pacingWindow(
      options.postsPerSecondPerChannel,
    ));
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? Math.max(500, this.windowMs);
    this.now = options.now ?? Date.now;
  }

  /** Waits for this channel's next slot, or throws PacedError when it is too far off. */
  async acquire(channel: string): Promise<void> {
    const now = this.now();
    const at = Number(
      await this.redis.eval(
        RESERVE_SLOT_LUA,
        1,
        `sanad:pace:window:${channel}`,
        String(now),
        String(this.windowMs),
        String(this.perWindow),
        String(this.maxInlineWaitMs),
      ),
    );
    if (at < 0) throw new PacedError(Math.max(1, -at - now));
    const wait = at - this.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Makes `client.chat.postMessage` wait for the channel's pace. */
export function paceChannelPosts(client: WebClient, pacer: ChannelPacer): WebClient {
  const postMessage = client.chat.postMessage.bind(client.chat);
  client.chat.postMessage = (async (args: Parameters<typeof postMessage>[0]) => {
    await pacer.acquire(String(args.channel));
    return postMessage(args);
  }) as typeof client.chat.postMessage;
  return client;
}
