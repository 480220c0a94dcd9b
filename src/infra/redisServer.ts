/**
 * Starts a local redis-server (Debian's package) with AOF persistence,
 * `maxmemory-policy noeviction` (BullMQ requires it) and `hz 100` (reminder precision). Used by offline mode when
 * REDIS_URL is unset, and by the integration tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface LocalRedisOptions {
  dataDir: string;
  port?: number;
  binary?: string;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

export class LocalRedisServer {
  private child: ChildProcess | undefined;
  readonly dataDir: string;
  port = 0;
  private readonly binary: string;

  constructor(options: LocalRedisOptions) {
    this.dataDir = resolve(options.dataDir);
    this.port = options.port ?? 0;
    this.binary = options.binary ?? 'redis-server';
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    if (!this.port) this.port = await freePort();
    const child = spawn(
      this.binary,
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dataDir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--maxmemory-policy',
        'noeviction',
        // Blocked clients (BullMQ workers waiting for the next delayed job) are woken on
        // the server's timer: at the default 10 Hz a reminder can be up to 100 ms late.
        '--hz',
        '100',
        '--save',
        '',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let output = '';
    await new Promise<void>((resolveReady, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          child.stdout?.off('data', onData);
          resolveReady();
        }
      };
      child.stdout?.on('data', onData);
      child.once('error', (error) =>
        reject(
          new Error(
            `cannot start ${this.binary}: ${error.message} (install it with: apt-get install redis-server)`,
          ),
        ),
      );
      child.once('exit', (code) =>
        reject(new Error(`redis-server exited with code ${code} before it was ready:\n${output}`)),
      );
    });
    child.stdout?.resume();
    child.stderr?.resume();
  }

  /** Graceful stop: SHUTDOWN flushes the AOF, as a normal restart of the service would. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
    this.child = undefined;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}
