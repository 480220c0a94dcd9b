import { describe, expect, it } from 'vitest';
import { openTicket, type Ticket } from '../../src/domain/index.ts';
import { formatProblems, validateMessage } from '../../src/standin/blockKit.ts';
import { ACTION, draftButtonValue, parseDraftButtonValue } from '../../src/views/ids.ts';
import { buildSlaReminder } from '../../src/views/slaViews.ts';
import { buildTicketCard } from '../../src/views/ticketViews.ts';

function ticketWithDraft(text: string, seq: number): Ticket {
  const t = openTicket({
    id: 'SND-0042',
    text: 'Where is the CSV export?',
    language: 'en',
    classification: { priority: 'P3', matchedRule: 'default', reasonAr: 'س', reasonEn: 'r' },
    firstResponseText: text,
    violations: [],
    source: { kind: 'slash_command', userId: 'UONCALL' },
    replyTarget: { kind: 'slack', channelId: 'CCUST' },
    customerRef: 'ref-42',
    atMs: 1_000,
  }).ticket;
  return { ...t, draft: { ...t.draft, seq } };
}

function buttons(blocks: unknown[]): Array<{ action_id: string; value?: string }> {
  return (
    blocks.flatMap((b) => (b as { elements?: [] }).elements ?? []) as Array<{
      action_id?: string;
      value?: string;
    }>
  ).filter((e): e is { action_id: string; value?: string } => e.action_id !== undefined);
}

function reminder(ticket: Ticket) {
  return buildSlaReminder({
    ticket,
    phase: 'first_response',
    pct: 50,
    dueMs: 10_000,
    nowMs: 5_000,
    ownerUserIds: ['UONCALL'],
    lang: 'en',
  });
}

describe('draft buttons', () => {
  it('carry the ticket and the draft version shown, on the card and on reminders', () => {
    const ticket = ticketWithDraft('Thanks — we are on it.', 3);
    const card = buildTicketCard({
      ticket,
      due: { firstResponseDueMs: 10_000, resolutionDueMs: 20_000, paused: false },
      ownerUserIds: [],
      nowMs: 5_000,
      lang: 'en',
    });
    const onCard = buttons(card.blocks).filter((b) =>
      [ACTION.approve, ACTION.edit, ACTION.reject].includes(b.action_id as never),
    );
    expect(onCard.map((b) => b.value)).toEqual(['SND-0042|3', 'SND-0042|3', 'SND-0042|3']);
    const onReminder = buttons(reminder(ticket).blocks);
    expect(onReminder.map((b) => [b.action_id, b.value])).toEqual([
      [ACTION.approve, 'SND-0042|3'],
      [ACTION.edit, 'SND-0042|3'],
    ]);
  });

  it('parse back, and a value of only the ticket id has no version', () => {
    expect(parseDraftButtonValue(draftButtonValue('SND-0042', 7))).toEqual({
      ticketId: 'SND-0042',
      seq: 7,
    });
    expect(parseDraftButtonValue('SND-0042')).toEqual({ ticketId: 'SND-0042', seq: undefined });
  });

  it('offers Approve on a reminder only when it shows the whole draft', () => {
    const long = ticketWithDraft(`${'We looked into it. '.repeat(100)}Final line.`, 2);
    const message = reminder(long);
    expect(formatProblems(validateMessage({ blocks: message.blocks }))).toEqual([]);
    expect(buttons(message.blocks).map((b) => b.action_id)).toEqual([ACTION.edit]);
    expect(JSON.stringify(message.blocks)).toContain('read it all on the card');
  });
});
