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

  it('refuses what is not a saved workspace, keeping the current one', () => {
    const s = standIn();
    const m = s.postAsUser('C0GENERAL', 'U0ONE', 'kept');
    expect(() => s.importState({ version: 2 } as unknown as WorkspaceState)).toThrow(/version 1/);
    expect(s.messages('C0GENERAL').map((x) => x.ts)).toEqual([m.ts]);
  });
});
