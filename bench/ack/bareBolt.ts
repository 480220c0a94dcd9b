/**
 * The ack baseline: a bare Bolt 5 app over HTTP whose /ticket listener only acknowledges.
 * Same signing secret, token and Web API (the stand-in) as the real app.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.WARN,
});
app.command('/ticket', async ({ ack }) => {
  await ack();
});
const server = (await app.start(Number(process.env.PORT ?? 0))) as {
  address(): AddressInfo | string | null;
};
const address = server.address() as AddressInfo;
process.stdout.write(`bare Bolt listening on http://127.0.0.1:${address.port}/slack/events\n`);
process.once('SIGTERM', () => {
  void app.stop().finally(() => process.exit(0));
});
