/**
 * `npm run worker`: the BullMQ workers alone (several may run at once), with the ops
 * endpoints on PORT. SIGTERM/SIGINT close gracefully: running jobs finish first.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfigFromProcess } from './config/index.ts';
import { createCore, startWorkers } from './core.ts';
import { RedisUnavailableError } from './infra/redis.ts';
import { createOpsHandlers, routeOps } from './ops.ts';

export async function runWorker(): Promise<void> {
  try {
    const config = loadConfigFromProcess();
    const core = await createCore({ config });
    const workers = await startWorkers(core, config.workers);
    const ops = createOpsHandlers(core, config.queueDashboardSecret);
    const server = createServer((req, res) => {
      if (!routeOps(ops, req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(config.port, resolve));
    process.stdout.write(
      `Sanad worker running (pid ${process.pid}); ops endpoints on port ${(server.address() as AddressInfo).port}\n`,
    );
    let stopping = false;
    const shutdown = async () => {
      if (stopping) return;
      stopping = true;
      server.close();
      await workers.close();
      await core.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    if (error instanceof RedisUnavailableError || error instanceof ConfigError) {
      process.stderr.write(`Sanad worker cannot start: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runWorker();
}
