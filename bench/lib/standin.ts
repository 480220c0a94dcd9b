/** Starts the stand-in process (standinProcess.ts) and talks to it. */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT } from './proc.ts';
import type { PostRecord, StandInRequest } from './standinProcess.ts';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-bench-0000-sanad';

export interface StandInHandle {
  url: string;
  apiUrl: string;
  pid: number;
  setRateLimit(limit: { postsPerSecondPerChannel: number } | false): Promise<void>;
  issueCommands(
    count: number,
    userId: string,
    channelId: string,
  ): Promise<Array<{ triggerId: string; responseUrl: string }>>;
  posts(channelId: string): Promise<PostRecord[]>;
  callStats(): Promise<Record<string, Record<string, number>>>;
  stop(): Promise<void>;
}

export async function startStandIn(
  rateLimit: { postsPerSecondPerChannel: number } | false,
): Promise<StandInHandle> {
  const child: ChildProcess = fork(join(ROOT, 'bench/lib/standinProcess.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_STANDIN_NODE_ARGS?.split(' ') ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  child.on('message', (msg: { id?: number; result?: unknown; error?: string }) => {
    if (msg.id === undefined) return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(`stand-in: ${msg.error}`));
    else p.resolve(msg.result);
  });
  child.on('exit', () => {
    for (const p of pending.values()) p.reject(new Error('stand-in process exited'));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`stand-in process exited (${code})`)));
  });
  const call = <T>(req: StandInRequest): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, req });
    });
  const started = await call<{ url: string; apiUrl: string }>({
    op: 'start',
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    rateLimit,
  });
  return {
    ...started,
    pid: child.pid ?? 0,
    setRateLimit: (limit) => call({ op: 'setRateLimit', rateLimit: limit }),
    issueCommands: (count, userId, channelId) =>
      call({ op: 'issueCommands', count, userId, channelId }),
    posts: (channelId) => call({ op: 'posts', channelId }),
    callStats: () => call({ op: 'callStats' }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      await call({ op: 'stop' }).catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
