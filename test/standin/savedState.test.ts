/**
 * The stand-in's saved workspace (what an offline run keeps between restarts): channels,
 * messages and threads come back exactly, and new ids and timestamps never repeat old ones.
 */
import { describe, expect, it } from 'vitest';
import { SlackStandIn, type WorkspaceState } from '../../src/standin/index.ts';

const users = [{ id: 'U0ONE', name: 'one', realName: 'One' }];

function standIn(): SlackStandIn {
  return new SlackStandIn({
    signingSecret: 'secret',
    botToken: 'xoxb-test',
    users,
    channels: [{ id: 'C0GENERAL', name: 'general', members: ['U0ONE'] }],
  });
}

describe('saved workspace', () => {
  it('brings back channels, messages and threads; new ids and timestamps follow the old ones', () => {
    const before = standIn();
    const root = before.postAsUser('C0GENERAL', 'U0ONE', 'root');
    before.postAsUser('C0GENERAL', 'U0ONE', 'reply', { threadTs: root.ts });
    const made = before.addChannel({ name: 'inc-20261122-001', members: ['U0ONE'] });
    before.postAsUser(made.id, 'U0ONE', 'in the incident channel');
    const saved = JSON.parse(JSON.stringify(before.exportState())) as WorkspaceState;

    const after = standIn();
    after.importState(saved);
    expect(after.messages('C0GENERAL')).toEqual(before.messages('C0GENERAL'));
    expect(after.messages('C0GENERAL').find((m) => m.ts === root.ts)?.reply_count).toBe(1);
    expect(after.channel(made.id)?.name).toBe('inc-20261122-001');
    expect(after.messages(made.id).map((m) => m.text)).toEqual(['in the incident channel']);
    const next = after.addChannel({ name: 'another', members: ['U0ONE'] });
    expect(next.id).not.toBe(made.id);
    const later = after.postAsUser('C0GENERAL', 'U0ONE', 'later');
    expect(Number(later.ts)).toBeGreaterThan(Number(root.ts));
  });

  it('refuses what is not a saved workspace, or an incomplete one, keeping the current one', () => {
    const s = standIn();
    const m = s.postAsUser('C0GENERAL', 'U0ONE', 'kept');
    expect(() => s.importState({ version: 2 } as unknown as WorkspaceState)).toThrow(/version 1/);
    const incomplete = {
      version: 1,
      channels: [
        { id: 'C0GENERAL', name: 'general', members: ['U0ONE'], messages: [] },
        { id: 'C0BAD' },
      ],
      counters: {},
      lastTsMicros: 0,
    } as unknown as WorkspaceState;
    expect(() => s.importState(incomplete)).toThrow(/C0BAD is incomplete/);
    expect(s.messages('C0GENERAL').map((x) => x.ts)).toEqual([m.ts]);
  });

  it('keeps a seeded channel the saved state does not have', () => {
    const before = standIn();
    const saved = before.exportState();
    saved.channels = [];
    const after = new SlackStandIn({
      signingSecret: 'secret',
      botToken: 'xoxb-test',
      users,
      channels: [
        { id: 'C0GENERAL', name: 'general', members: ['U0ONE'] },
        { id: 'C0NEW', name: 'new-in-this-version', members: ['U0ONE'] },
      ],
    });
    after.importState(saved);
    expect(after.postAsUser('C0NEW', 'U0ONE', 'still works').text).toBe('still works');
  });
});

describe('copies the stand-in hands out', () => {
  it('are its own: changing a saved state or a read message changes nothing stored', () => {
    const s = standIn();
    s.postAsUser('C0GENERAL', 'U0ONE', 'root', {
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'original' } }],
    });
    const saved = s.exportState();
    const read = s.messages('C0GENERAL')[0]!;
    (saved.channels[0]!.messages[0]!.blocks![0] as { text: { text: string } }).text.text = 'x';
    (read.blocks![0] as { text: { text: string } }).text.text = 'y';
    expect(JSON.stringify(s.messages('C0GENERAL')[0]!.blocks)).toContain('original');
  });
});
