/**
 * Offline mode (no Slack tokens): a local redis-server when REDIS_URL is unset, the local
 * Slack stand-in seeded with the demo workspace, and the real app wired to both.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createSanad } from './app.ts';
import { type Config, loadConfig } from './config/index.ts';
import { DEMO_CHANNELS, DEMO_CUSTOMERS, DEMO_USERS, demoEnv } from './demoWorkspace.ts';
import { LocalRedisServer } from './infra/redisServer.ts';
import { SlackStandIn } from './standin/index.ts';

export async function runOffline(
  base: Config,
  env: Record<string, string | undefined> = {},
): Promise<void> {
  let redisUrl = base.redisUrl;
  let localRedis: LocalRedisServer | undefined;
  if (!redisUrl) {
    localRedis = new LocalRedisServer({ dataDir: join(base.dataDir, 'redis') });
    await localRedis.start();
    redisUrl = localRedis.url;
  }
  // Fresh per run: the stand-in and the app share them only through this process.
  const signingSecret = randomBytes(16).toString('hex');
  const botToken = `xoxb-offline-${randomBytes(8).toString('hex')}`;
  const standIn = new SlackStandIn({
    signingSecret,
    botToken,
    users: Object.values(DEMO_USERS),
    channels: Object.values(DEMO_CHANNELS),
  });
  await standIn.start(base.standInPort);
  const config = loadConfig(
    demoEnv({
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: standIn.apiUrl,
      REDIS_URL: redisUrl,
      PORT: String(base.port),
      LOG_LEVEL: base.logLevel,
    }),
  );
  const sanad = await createSanad({ config });
  for (const customer of DEMO_CUSTOMERS) {
    if (!(await sanad.store.getCustomer(customer.id))) await sanad.store.saveCustomer(customer);
  }
  const port = await sanad.start();
  standIn.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
  process.stdout.write(
    [
      'Sanad is running offline.',
      `  Slack stand-in: ${standIn.url}`,
      `  App:            http://127.0.0.1:${port}/slack/events`,
      `  Redis:          ${localRedis ? `local redis-server on ${redisUrl} (data in ${localRedis.dataDir})` : 'REDIS_URL'}`,
      '',
    ].join('\n'),
  );
  const shutdown = async () => {
    await sanad.stop();
    await standIn.stop();
    await localRedis?.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
