/**
 * Composition root of the Slack app: the shared core, Bolt (HTTP or Socket Mode), the
 * listeners, the ops endpoints, and — by default — the BullMQ workers in the same process.
 * `npm start` runs `main()`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { registerCustomerOpsListeners } from './commands/customerOpsListeners.ts';
import { registerHomeListeners } from './commands/homeListeners.ts';
import { registerIncidentListeners } from './commands/incidentListeners.ts';
import { createLanguageResolver } from './commands/language.ts';
import { registerReviewListeners } from './commands/reviewListeners.ts';
import { ListenerRouter } from './commands/router.ts';
import { registerTicketListeners } from './commands/ticketListeners.ts';
import { type Config, ConfigError, loadConfigFromProcess } from './config/index.ts';
import {
  type Core,
  type CoreOptions,
  createCore,
  startWorkers,
  type WorkerOptions,
  type Workers,
} from './core.ts';
import { boltLogger } from './infra/boltLogger.ts';
import { RedisUnavailableError } from './infra/redis.ts';
import { createOpsHandlers, routeOps } from './ops.ts';

export interface SanadOptions extends CoreOptions {
  workerOptions?: WorkerOptions;
}

export interface Sanad extends Core {
  app: App;
  workers: Workers | null;
  /** Starts serving; resolves with the bound HTTP port. */
  start(): Promise<number>;
  stop(): Promise<void>;
}

export async function createSanad(options: SanadOptions): Promise<Sanad> {
  const core = await createCore(options);
  const { config, logger } = core;
  const receiver =
    config.mode === 'socket'
      ? undefined
      : new HTTPReceiver({
          signingSecret: config.slack.signingSecret ?? '',
          logger: boltLogger(logger),
        });
  const app = new App({
    token: config.slack.botToken,
    ...(receiver ? { receiver } : { appToken: config.slack.appToken, socketMode: true }),
    logger: boltLogger(logger),
    logLevel: LogLevel.WARN,
    // Sanad keeps its state in Redis; Bolt's in-memory conversation store would only add
    // work to every request.
    convoStore: false,
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      fetch: core.slackFetch.fetch,
      // Listener calls (ephemerals, modals) are interactive: a short retry, then a clear error.
      retryConfig: { retries: 2, factor: 1.5, minTimeout: 200, maxTimeout: 1000 },
      ...options.slackClientOptions,
    },
  });
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled Bolt error');
  });

  const languageOf = createLanguageResolver(core.store, config.policy.language);
  const listenerDeps = {
    tickets: core.tickets,
    store: core.store,
    policy: config.policy,
    now: core.now,
    logger,
    languageOf,
    scheduler: core.scheduler,
    reviews: core.reviews,
  };
  const router = new ListenerRouter();
  registerTicketListeners(router, listenerDeps);
  registerReviewListeners(router, listenerDeps);
  registerIncidentListeners(router, { ...listenerDeps, incidents: core.incidents });
  const opsDeps = {
    ...listenerDeps,
    customerOps: core.customerOps,
    homes: core.homes,
    opsStore: core.opsStore,
  };
  registerCustomerOpsListeners(router, opsDeps);
  registerHomeListeners(router, opsDeps);
  router.mount(app);

  const workers = config.runWorkerInProcess
    ? await startWorkers(core, options.workerOptions)
    : null;
  const ops = createOpsHandlers(core, config.queueDashboardSecret);
  let server: Server | undefined;

  return {
    ...core,
    app,
    workers,
    async start() {
      // One HTTP server: the ops endpoints, then Slack's requests (HTTP mode).
      server = createServer((req, res) => {
        if (routeOps(ops, req, res)) return;
        if (receiver) receiver.requestListener(req, res);
        else {
          res.writeHead(404);
          res.end();
        }
      });
      await new Promise<void>((resolve) => server!.listen(config.port, resolve));
      if (config.mode === 'socket') await app.start();
      return (server.address() as AddressInfo).port;
    },
    async stop() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
      if (config.mode === 'socket') await app.stop().catch(() => undefined);
      await workers?.close();
      await core.close();
    },
  };
}

export async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfigFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Sanad cannot start: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  try {
    if (config.mode === 'offline') {
      const { runOffline } = await import('./offline.ts');
      await runOffline(config);
      return;
    }
    const sanad = await createSanad({ config });
    const port = await sanad.start();
    process.stdout.write(
      config.mode === 'socket'
        ? `Sanad is running in Socket Mode (ops endpoints on port ${port}).\n`
        : `Sanad is listening on http://0.0.0.0:${port}/slack/events\n`,
    );
    const shutdown = async () => {
      await sanad.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    if (error instanceof RedisUnavailableError || error instanceof ConfigError) {
      process.stderr.write(`Sanad cannot start: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
