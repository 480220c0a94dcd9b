import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRedisServer } from '../../src/infra/redisServer.ts';

/** A real redis-server on a free port with its own AOF data dir, for one test file. */
export async function startTestRedis(): Promise<LocalRedisServer & { cleanup(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-redis-'));
  const server = new LocalRedisServer({ dataDir: dir });
  await server.start();
  return Object.assign(server, {
    async cleanup() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}
