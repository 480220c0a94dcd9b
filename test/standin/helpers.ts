import type { AddressInfo } from 'node:net';
import { App, type Logger, LogLevel } from '@slack/bolt';
import type { SlackStandIn } from '../../src/standin/index.ts';

/** A logger that keeps what it is told, so tests stay quiet and can still look. */
export function quietLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (...msg: unknown[]) => {
      lines.push(`${level} ${msg.map(String).join(' ')}`);
    };
  return {
    lines,
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

/**
 * Starts a real Bolt 5 App (default HTTPReceiver) on a free port, pointed at the stand-in, and
 * points the stand-in at it. The stand-in must be started first: Bolt calls auth.test from its
 * constructor.
 */
export async function startBoltApp(
  standIn: SlackStandIn,
  opts: { signingSecret: string; token: string; register: (app: App) => void },
): Promise<{ app: App; stop: () => Promise<void>; logger: ReturnType<typeof quietLogger> }> {
  const logger = quietLogger();
  const app = new App({
    signingSecret: opts.signingSecret,
    token: opts.token,
    logger,
    clientOptions: { slackApiUrl: standIn.apiUrl },
  });
  opts.register(app);
  const server = await app.start(0);
  const { port } = server.address() as AddressInfo;
  standIn.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
  return { app, logger, stop: () => app.stop().then(() => undefined) };
}

/** A promise with its resolve function, to let a handler signal the test (no sleeps). */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
