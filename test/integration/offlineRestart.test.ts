/**
 * An offline run restarted on the same data dir (`npm start`, Ctrl-C, `npm start`): Redis keeps
 * the tickets and the stand-in keeps its workspace beside it, so the cards of the first run are
 * still there and still work. Real redis-server, app and stand-in, as `npm start` runs them.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { DEMO_CHANNELS, DEMO_MESSAGES, DEMO_USERS } from '../../src/demoWorkspace.ts';
import { type OfflineStack, runOffline } from '../../src/offline.ts';
import { ACTION } from '../../src/views/ids.ts';
import { messageText } from '../support/sanadHarness.ts';

let dataDir: string;
const stacks: OfflineStack[] = [];

async function start(dir: string, banner: (text: string) => void = () => {}) {
  const stack = await runOffline(loadConfig({ LOG_LEVEL: 'silent' }), {
    standInPort: 0,
    port: 0,
    dataDir: dir,
    banner,
    handleSignals: false,
    workerOptions: { drainDelaySeconds: 1 },
  });
  stacks.push(stack);
  return stack;
}

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sanad-restart-'));
});
afterAll(async () => {
  for (const s of stacks) await s.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const triage = DEMO_CHANNELS.triage.id;
const firstDemoMessage = DEMO_MESSAGES[0]!;

describe('offline restart', () => {
  it('keeps the cards of the first run, and they still work', async () => {
    const first = await start(dataDir);
    await first.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'Calendar connector stopped syncing since this morning',
      userId: DEMO_USERS.oncall.id,
      channelId: triage,
    });
    const card = await first.standIn.waitForMessage(triage, (m) =>
      JSON.stringify(m.blocks ?? []).includes(ACTION.assignToMe),
    );
    await first.stop();

    const second = await start(dataDir);
    // The card is back, as it was; the demo messages are not posted twice.
    const back = second.standIn.messages(triage).find((m) => m.ts === card.ts);
    expect(back?.blocks).toEqual(card.blocks);
    expect(
      second.standIn
        .messages(firstDemoMessage.channelId)
        .filter((m) => m.text === firstDemoMessage.text),
    ).toHaveLength(1);
    // A button on the old card reaches the ticket in Redis and updates the card in place.
    await second.standIn.clickButton({
      userId: DEMO_USERS.approver.id,
      channelId: triage,
      messageTs: card.ts,
      actionId: ACTION.assignToMe,
    });
    const updated = await second.standIn.waitForMessage(
      triage,
      (m) => m.ts === card.ts && messageText(m).includes(`<@${DEMO_USERS.approver.id}>`),
    );
    expect(updated.ts).toBe(card.ts);
    // New posts get new timestamps, after the old ones.
    const posted = second.standIn.postAsUser(triage, DEMO_USERS.oncall.id, 'after the restart');
    expect(Number(posted.ts)).toBeGreaterThan(Number(card.ts));
    await second.stop();
  });

  it('starts fresh, and says so, when the saved workspace cannot be read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanad-restart-bad-'));
    try {
      writeFileSync(join(dir, 'standin.json'), '{"version": 1, "channels": [');
      const said: string[] = [];
      const stack = await start(dir, (t) => said.push(t));
      expect(said.join('\n')).toMatch(/could not be read .* moved to .*standin\.json\.bad-/);
      expect(readdirSync(dir).some((f) => f.startsWith('standin.json.bad-'))).toBe(true);
      expect(
        stack.standIn
          .messages(firstDemoMessage.channelId)
          .some((m) => m.text === firstDemoMessage.text),
      ).toBe(true);
      await stack.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
