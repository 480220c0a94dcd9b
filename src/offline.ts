/**
 * Offline mode (no Slack tokens): a local redis-server when REDIS_URL is unset, the local
 * Slack stand-in seeded with the demo workspace and served as a web page, and the real app
 * (Bolt over HTTP, BullMQ workers) wired to both.
 *
 * `npm start` calls `runOffline(config)`: it prints the page's URL and stops everything on
 * Ctrl-C. The browser tests call it with ports 0, a temporary data dir and no signal handling,
 * and get the handles back.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createSanad, type Sanad } from './app.ts';
import { type Config, ConfigError } from './config/index.ts';
import type { WorkerOptions } from './core.ts';
import {
  DEMO_CHANNEL_TOPICS,
  DEMO_CHANNELS,
  DEMO_CUSTOMERS,
  DEMO_MESSAGES,
  DEMO_USERS,
} from './demoWorkspace.ts';
import { LocalRedisServer } from './infra/redisServer.ts';
import { SlackStandIn, StandInStateFile } from './standin/index.ts';

export interface OfflineOptions {
  /** Port of the stand-in's page and Web API (0: any free port). Default: STANDIN_PORT. */
  standInPort?: number;
  /** Port of the app's HTTP server (0: any free port). Default: PORT. */
  port?: number;
  /** Where the local redis-server keeps its AOF (`<dataDir>/redis`). Default: SANAD_DATA_DIR. */
  dataDir?: string;
  logger?: Logger;
  workerOptions?: WorkerOptions;
  /** Where the start-up banner goes; false for none. Default: stdout. */
  banner?: ((text: string) => void) | false;
  /** Stop everything on SIGINT / SIGTERM and exit (what `npm start` wants). Default: true. */
  handleSignals?: boolean;
}

export interface OfflineStack {
  /** The page to open, e.g. `http://127.0.0.1:3100`. */
  standInUrl: string;
  /** The app's base URL (Slack requests at `/slack/events`, `/healthz`, `/metrics`). */
  appUrl: string;
  redisUrl: string;
  /** The local redis-server, when offline mode started one. */
  localRedis?: LocalRedisServer;
  standIn: SlackStandIn;
  sanad: Sanad;
  /** Stops the app (running jobs finish), the stand-in, then redis-server (AOF flushed). */
  stop(): Promise<void>;
}

/** Throws a ConfigError naming the setting when `port` cannot be bound (checked before anything starts). */
async function assertPortFree(port: number, setting: string, host?: string): Promise<void> {
  if (port === 0) return;
  const server = createServer();
  const problem = await new Promise<NodeJS.ErrnoException | null>((done) => {
    server.once('error', (error: NodeJS.ErrnoException) => done(error));
    server.listen({ port, host, exclusive: true }, () => done(null));
  });
  if (!problem) {
    await new Promise<void>((done) => server.close(() => done()));
    return;
  }
  if (problem.code === 'EADDRINUSE') {
    throw new ConfigError(
      setting,
      `port ${port} is already in use — is Sanad (or something else) already running? ` +
        `Stop it, or pick another port, e.g. ${setting}=${port + 10} npm start`,
    );
  }
  if (problem.code === 'EACCES') {
    throw new ConfigError(setting, `port ${port} needs privileges; pick a port above 1024`);
  }
  throw new ConfigError(setting, `cannot listen on port ${port}: ${problem.message}`);
}

/** The live redis-server a pid file names, with the command line of its parent (Linux). */
function redisFromPidFile(pidFile: string): { pid: number; parentCmd?: string } | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  try {
    // Pids are reused: only a redis-server counts.
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server')) return undefined;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const parentCmd = readFileSync(`/proc/${ppid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    return { pid, parentCmd };
  } catch {
    return { pid };
  }
}

/**
 * A run killed outright (kill -9) leaves its redis-server running on the data dir: stop it
 * before a new one opens the same AOF. One still owned by a running Sanad is left alone.
 */
async function stopLeftoverRedis(pidFile: string, log: (text: string) => void): Promise<void> {
  const found = redisFromPidFile(pidFile);
  if (!found) return;
  const { pid, parentCmd } = found;
  if (parentCmd && /\bnode\b/.test(parentCmd)) {
    throw new ConfigError(
      'SANAD_DATA_DIR',
      `${dirname(pidFile)} is in use by another running Sanad (its redis-server is pid ${pid}); ` +
        'stop that one first, or give this one its own SANAD_DATA_DIR',
    );
  }
  log(
    `Stopping a redis-server left running by an earlier run (pid ${pid}) before reusing its data.`,
  );
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new ConfigError(
    'SANAD_DATA_DIR',
    `redis-server pid ${pid} (an earlier run) still uses the data dir; stop it with: kill ${pid}`,
  );
}

/**
 * BullMQ's close() leaves a connection it was given (the app hands each queue and worker a
 * `redis.duplicate()`) open, reconnecting forever once redis-server stops: end them.
 */
function endGivenConnections(sanad: Sanad): void {
  const holders: unknown[] = [...Object.values(sanad), ...Object.values(sanad.workers ?? {})];
  for (const holder of holders) {
    const connection = (holder as { opts?: { connection?: unknown } } | null)?.opts?.connection;
    if (connection instanceof Redis && connection.status !== 'end') connection.disconnect();
  }
}

/** The demo workspace's policy defaults, under whatever the environment or SANAD_CONFIG set. */
function offlinePolicy(base: Config): Config['policy'] {
  const policy = structuredClone(base.policy);
  policy.channels.triage ??= DEMO_CHANNELS.triage.id;
  policy.channels.ops ??= DEMO_CHANNELS.ops.id;
  policy.channels.customerSuccess ??= DEMO_CHANNELS.customerSuccess.id;
  if (policy.people.founders.length === 0) policy.people.founders = [DEMO_USERS.founder.id];
  if (policy.people.approvers.length === 0) policy.people.approvers = [DEMO_USERS.approver.id];
  if (policy.people.oncall.length === 0) policy.people.oncall = [DEMO_USERS.oncall.id];
  return policy;
}

function bannerText(stack: OfflineStack, dataDir: string | undefined): string {
  const where = dataDir ? relative(process.cwd(), dataDir) || dataDir : undefined;
  const u = DEMO_USERS;
  return [
    '',
    'Sanad is running offline, against a local Slack stand-in.',
    '',
    `  Open ${stack.standInUrl} in your browser`,
    '',
    `  App:    ${stack.appUrl}/slack/events  (health: ${stack.appUrl}/healthz)`,
    `  Redis:  ${stack.localRedis ? `local redis-server on ${stack.redisUrl}, data in ${where} (kept between runs, with the page's channels and messages)` : 'REDIS_URL'}`,
    '',
    `  Try it: in #${DEMO_CHANNELS.acme.name}, "⋯" on Faisal's message → Create ticket → Create;`,
    `  the card lands in #${DEMO_CHANNELS.triage.name}. Switch "Viewing as" to ${u.founder.realName}`,
    `  and press ✅ موافقة وإرسال (Approve & send: cards follow the policy language, ar by default).`,
    `  Also: /ticket …, /incident, the App Home.`,
    '',
    '  Ctrl-C stops the app and redis-server.',
    '',
  ].join('\n');
}

export async function runOffline(
  base: Config,
  options: OfflineOptions = {},
): Promise<OfflineStack> {
  const standInPort = options.standInPort ?? base.standInPort;
  const port = options.port ?? base.port;
  const dataDir = resolve(options.dataDir ?? base.dataDir);
  const print =
    options.banner === false
      ? () => {}
      : (options.banner ?? ((t: string) => process.stdout.write(`${t}\n`)));

  // Refuse before anything starts, so a second `npm start` never opens the same AOF twice.
  await assertPortFree(standInPort, 'STANDIN_PORT', '127.0.0.1');
  await assertPortFree(port, 'PORT');

  const started: Array<() => Promise<void>> = [];
  const stopStarted = async () => {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    started.length = 0;
  };

  try {
    let redisUrl = base.redisUrl;
    let localRedis: LocalRedisServer | undefined;
    const pidFile = join(dataDir, 'redis.pid');
    if (!redisUrl) {
      mkdirSync(dataDir, { recursive: true });
      await stopLeftoverRedis(pidFile, print);
      localRedis = new LocalRedisServer({ dataDir: join(dataDir, 'redis') });
      await localRedis.start();
      const redis = localRedis;
      started.push(async () => {
        await redis.stop();
        rmSync(pidFile, { force: true });
      });
      redisUrl = localRedis.url;
    }

    // Fresh per run: the stand-in and the app share them only through this process.
    const signingSecret = randomBytes(16).toString('hex');
    const botToken = `xoxb-offline-${randomBytes(8).toString('hex')}`;
    const standIn = new SlackStandIn({
      signingSecret,
      botToken,
      users: Object.values(DEMO_USERS),
      channels: Object.entries(DEMO_CHANNELS).map(([key, channel]) => ({
        ...channel,
        topic: DEMO_CHANNEL_TOPICS[key as keyof typeof DEMO_CHANNELS],
      })),
    });
    try {
      await standIn.start(standInPort);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        await assertPortFree(standInPort, 'STANDIN_PORT', '127.0.0.1');
      }
      throw error;
    }
    started.push(() => standIn.stop());
    // With its own redis-server, the run keeps the stand-in's workspace beside Redis's data:
    // the cards and incident channels the app stored are still there after a restart.
    const stateFile = localRedis
      ? new StandInStateFile(standIn, join(dataDir, 'standin.json'), print)
      : undefined;
    const restored = stateFile?.load() ?? false;
    if (stateFile) {
      stateFile.watch();
      // Registered before the app: stopped after it, so the app's last posts are saved.
      started.push(async () => stateFile.stop());
    }

    const config: Config = {
      ...base,
      // An HTTP-mode app whose "Slack" is the stand-in.
      mode: 'http',
      slack: { botToken, signingSecret, apiUrl: standIn.apiUrl },
      redisUrl,
      port,
      policy: offlinePolicy(base),
    };
    const sanad = await createSanad({
      config,
      logger: options.logger,
      workerOptions: options.workerOptions ?? {
        lockDurationMs: base.workers.lockDurationMs,
        stalledIntervalMs: base.workers.stalledIntervalMs,
        drainDelaySeconds: base.workers.drainDelaySeconds,
      },
    });
    started.push(async () => {
      await sanad.stop();
      endGivenConnections(sanad);
    });
    if (localRedis) {
      // Remember the server's pid: a run killed outright (kill -9) leaves it behind.
      const info = await sanad.redis.info('server');
      const pid = /process_id:(\d+)/.exec(info)?.[1];
      if (pid) writeFileSync(pidFile, `${pid}\n`);
    }

    // The demo workspace: customers and their channels in Redis (kept when already there),
    // and a few customer messages waiting in the customer channels.
    for (const customer of DEMO_CUSTOMERS) {
      if (!(await sanad.store.getCustomer(customer.id))) await sanad.store.saveCustomer(customer);
    }
    if (!restored) {
      for (const m of DEMO_MESSAGES) standIn.postAsUser(m.channelId, m.userId, m.text);
    }

    const appPort = await sanad.start();
    const appUrl = `http://127.0.0.1:${appPort}`;
    standIn.setAppUrl(`${appUrl}/slack/events`);

    let stopping: Promise<void> | undefined;
    const stack: OfflineStack = {
      standInUrl: standIn.url,
      appUrl,
      redisUrl,
      localRedis,
      standIn,
      sanad,
      stop() {
        stopping ??= stopStarted();
        return stopping;
      },
    };
    print(bannerText(stack, localRedis ? dataDir : undefined));
    if (options.handleSignals !== false) stopOnSignals(stack, print);
    return stack;
  } catch (error) {
    await stopStarted();
    throw error;
  }
}

/**
 * Ctrl-C reaches the whole foreground process group: npm (which forwards it to the app once
 * more), the app, and redis-server (which shuts down on its own, flushing the AOF). The first
 * signal starts a graceful stop; repeats are ignored, and a stop that hangs is cut short.
 */
function stopOnSignals(stack: OfflineStack, print: (text: string) => void): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    print(`\n${signal}: stopping Sanad…`);
    const force = setTimeout(() => {
      print('Sanad did not stop within 15 s; exiting.');
      void stack.localRedis?.stop('SIGKILL').finally(() => process.exit(1));
    }, 15_000);
    force.unref();
    stack.stop().then(
      () => {
        print(
          stack.localRedis
            ? `Stopped. Data kept in ${relative(process.cwd(), dirname(stack.localRedis.dataDir)) || dirname(stack.localRedis.dataDir)}.`
            : 'Stopped.',
        );
        process.exit(0);
      },
      (error: unknown) => {
        print(`Stopped with an error: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
