/**
 * Paces the bot's posts per channel (Slack allows about one message per second per
 * channel). Every worker process shares the schedule through Redis: a post reserves the
 * channel's next free slot and waits for it when that is close; when the channel is booked
 * further ahead, the job is told to come back later (a rate-limit error with the exact
 * wait), which the job layer turns into a delay that spends no attempt. A 429 that slips
 * through is still handled the same way.
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

// Returns the reserved slot (ms), or minus the next free slot when it is too far ahead.
const RESERVE_SLOT_LUA = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, nextFree)
if at - now > maxWait then return -at end
redis.call('SET', KEYS[1], at + interval, 'PX', math.floor(interval * 4 + 1000))
return at
`;

export interface PacingOptions {
  postsPerSecondPerChannel: number;
  /** The longest a post waits in-process for its slot before handing the worker back. */
  maxInlineWaitMs?: number;
}

export class ChannelPacer {
  private readonly intervalMs: number;
  private readonly maxInlineWaitMs: number;

  constructor(
    private readonly redis: Redis,
    options: PacingOptions,
  ) {
    // A 5 % margin absorbs network jitter, so posts sent at the pace also arrive at it.
    this.intervalMs = (1000 / options.postsPerSecondPerChannel) * 1.05;
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? Math.max(500, this.intervalMs);
  }

  /** Waits for this channel's next slot, or throws PacedError when it is too far off. */
  async acquire(channel: string): Promise<void> {
    const now = Date.now();
    const at = Number(
      await this.redis.eval(
        RESERVE_SLOT_LUA,
        1,
        `sanad:pace:${channel}`,
        String(now),
        String(this.intervalMs),
        String(this.maxInlineWaitMs),
      ),
    );
    if (at < 0) throw new PacedError(Math.max(1, -at - now));
    const wait = at - Date.now();
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
