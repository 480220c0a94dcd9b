/**
 * Child processes for the benchmark: the app, workers, a bare Bolt app, the report. Each runs
 * TypeScript through tsx, as `npm start` / `npm run worker` do, and is stopped by its pid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { connectRedis } from '../../src/infra/redis.ts';
import { LocalRedisServer } from '../../src/infra/redisServer.ts';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface NodeChild {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first stdout match of `pattern` (or rejects when the child exits). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/** Runs `node --import tsx <script>` from the repository root with exactly `env` (+ PATH). */
export function spawnNode(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  scriptArgs: string[] = [],
): NodeChild {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...scriptArgs], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = once(child, 'exit');
  return {
    child,
    output: () => out,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolveMatch, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) {
            done();
            resolveMatch(m);
          }
        };
        const onExit = (code: number | null) => {
          done();
          reject(new Error(`${script} exited (${code}) before ${pattern}:\n${out.slice(-3000)}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(
            new Error(`${script}: no ${pattern} within ${timeoutMs} ms:\n${out.slice(-3000)}`),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop(signal = 'SIGTERM', graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A fresh redis-server (AOF, noeviction) in a temporary directory, removed on stop. */
/** A numeric field of an INFO reply (0 when absent). */
function infoNumber(info: string, field: string): number {
  return Number(new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
}

export async function startRedis(): Promise<{
  url: string;
  /** CPU seconds the server has used (INFO cpu). */
  cpuSeconds(): Promise<number>;
  /** Rewrites the append-only file now and waits for it; returns its size after (bytes). */
  compactAof(): Promise<number>;
  /** The append-only file's size, how many rewrites the server has done, and whether one is
   *  running or scheduled now. */
  aofState(): Promise<{ bytes: number; rewrites: number; busy: boolean }>;
  stop(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-bench-redis-'));
  const server = new LocalRedisServer({ dataDir: dir });
  await server.start();
  // Each question gets its own short connection: the part's own clients stay undisturbed.
  const withClient = async <T>(fn: (client: Redis) => Promise<T>): Promise<T> => {
    const client = await connectRedis(server.url);
    try {
      return await fn(client);
    } finally {
      client.disconnect();
    }
  };
  const aofState = () =>
    withClient(async (client) => {
      const info = await client.info('persistence');
      return {
        bytes: infoNumber(info, 'aof_current_size'),
        rewrites: infoNumber(info, 'aof_rewrites'),
        busy:
          infoNumber(info, 'aof_rewrite_in_progress') + infoNumber(info, 'aof_rewrite_scheduled') >
          0,
      };
    });
  if (process.env.BENCH_REDIS_HZ) {
    const hz = process.env.BENCH_REDIS_HZ;
    await withClient((client) => client.config('SET', 'hz', hz));
  }
  return {
    url: server.url,
    cpuSeconds: () =>
      withClient(async (client) => {
        const info = await client.info('cpu');
        return infoNumber(info, 'used_cpu_sys') + infoNumber(info, 'used_cpu_user');
      }),
    async compactAof() {
      await withClient((client) => client.bgrewriteaof());
      for (;;) {
        const state = await aofState();
        if (!state.busy) return state.bytes;
        await sleep(100);
      }
    },
    aofState,
    async stop() {
      if (process.env.BENCH_REDIS_STATS) {
        // Where the server's time went, by command (usec per call), for investigating.
        const [commandstats, persistence] = await withClient((client) =>
          Promise.all([client.info('commandstats'), client.info('persistence')]),
        );
        const stats = commandstats
          .split('\n')
          .filter((l) => l.startsWith('cmdstat_'))
          .map((l) => {
            const [name, rest] = l.split(':');
            const f = Object.fromEntries(rest!.split(',').map((kv) => kv.trim().split('=')));
            return { name: name!.slice(8), calls: Number(f.calls), usec: Number(f.usec) };
          })
          .sort((a, b) => b.usec - a.usec)
          .slice(0, 25);
        process.stderr.write(
          `redis ${persistence
            .split('\n')
            .filter((l) =>
              /^aof_(rewrites|current_size|base_size)|^aof_last_rewrite_time_sec/.test(l),
            )
            .join(' ')}\n`,
        );
        for (const s of stats) {
          process.stderr.write(
            `redis ${s.name.padEnd(24)} ${String(s.calls).padStart(8)} calls ${(s.usec / 1000).toFixed(0).padStart(7)} ms ${(s.usec / s.calls).toFixed(1)} µs/call\n`,
          );
        }
      }
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A temporary directory removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a live process has used so far (Linux /proc; 0 elsewhere). */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
