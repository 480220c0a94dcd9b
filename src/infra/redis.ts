/**
 * Redis connections. We pin RESP2 (`protocol: 2`): ioredis 6 speaks RESP3 by default, and
 * BullMQ's Lua scripts and reply parsing were written against RESP2 reply shapes, so one
 * protocol everywhere keeps the store and the queues on the same, proven wire format.
 */
import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

export function redactRedisUrl(url: string): string {
  return url.replace(/(rediss?:\/\/[^:@/]*:)[^@]+@/, '$1***@');
}

export function redisOptions(extra: RedisOptions = {}): RedisOptions {
  return {
    protocol: 2,
    // BullMQ requires null on connections used by workers (blocking commands); it also makes
    // the store wait through a Redis restart instead of failing commands after N retries.
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2000),
    ...extra,
  } as RedisOptions;
}

/**
 * Connects and checks the server answers, failing fast with a clear message when Redis
 * is unreachable at start-up (instead of retrying silently forever).
 */
export async function connectRedis(url: string, timeoutMs = 3000): Promise<Redis> {
  // Auto-pipelining sends the commands issued in one tick in one write: concurrent jobs each
  // issue a few small commands, and a socket write per command cost more CPU than Redis's work.
  const client = new Redis(url, redisOptions({ lazyConnect: true, enableAutoPipelining: true }));
  client.on('error', () => {
    // Reconnection is handled by retryStrategy; errors are surfaced by callers' commands.
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return client;
  } catch (error) {
    client.disconnect();
    throw new RedisUnavailableError(
      `Cannot reach Redis at ${redactRedisUrl(url)} (REDIS_URL): ${(error as Error).message}`,
    );
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * Connection options for BullMQ queues and workers. Passing options (not a client) lets
 * BullMQ own its connections and close them on `close()`; a client handed in is treated as
 * shared and left open, which leaks a connection per queue and worker.
 */
export function bullConnectionOptions(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return redisOptions({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  }) as ConnectionOptions;
}
