/**
 * The bot paces its own posts per channel to Slack's limit, so a burst is delivered in
 * full, once each, without tripping 429s.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, type Harness, messageText, startHarness } from '../support/sanadHarness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    rateLimit: { postsPerSecondPerChannel: 2 },
    env: { SLACK_CHANNEL_POSTS_PER_SECOND: '2' },
  });
});
afterAll(async () => {
  await h?.stop();
});

it('delivers a burst of cards into one channel once each, at the channel pace, with no 429', async () => {
  const count = 8;
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      h.standIn.sendSlashCommand({
        command: '/ticket',
        text: `Question ${i + 1} about exporting reports`,
        userId: h.users.oncall.id,
        channelId: h.channels.triage.id,
      }),
    ),
  );
  const cards = await eventually(
    h.standIn,
    async () => {
      const found = h.standIn
        .messages(h.channels.triage.id)
        .filter((m) => /SND-\d{4}/.test(messageText(m)));
      return found.length >= count ? found : undefined;
    },
    { timeoutMs: 15_000 },
  );
  const ids = cards.map((m) => messageText(m).match(/SND-\d{4}/)?.[0]);
  expect(new Set(ids).size).toBe(count);
  expect(cards).toHaveLength(count);
  const posts = h.standIn
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === h.channels.triage.id);
  expect(posts.filter((c) => c.status === 429)).toHaveLength(0);
});
