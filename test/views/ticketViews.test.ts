import { describe, expect, it } from 'vitest';
import type { Draft, Ticket } from '../../src/domain/index.ts';
import { type Lang, quoteText, safeText } from '../../src/views/format.ts';
import { ACTION } from '../../src/views/ids.ts';
import {
  buildAnsweredQuestion,
  buildCustomerReply,
  buildTicketCard,
} from '../../src/views/ticketViews.ts';
import {
  expectEscaped,
  expectValidMessage,
  mrkdwnTexts,
  NASTY,
} from '../support/blockKitAssertions.ts';

const NOW = Date.UTC(2026, 10, 22, 7, 0);
const LANGS: Lang[] = ['ar', 'en'];

/** A pasted log: 100 short lines, 2,999 characters — what the 3,000-character form allows. */
const PASTED_LOG = Array.from(
  { length: 100 },
  (_, i) => `line ${String(i).padStart(3, '0')} of the pasted log...`,
).join('\n');
/** Every character grows when escaped (`&` → `&amp;`). */
const ENTITIES = '&<>'.repeat(1000).slice(0, 2999);

function ticket(text: string, draft: Partial<Draft> = {}): Ticket {
  return {
    id: 'SND-0001',
    text,
    language: 'en',
    priority: 'P3',
    classifiedPriority: 'P3',
    classification: { priority: 'P3', matchedRule: 'default', reasonAr: 'س', reasonEn: 'r' },
    owner: 'operator_team',
    status: 'open',
    createdAtMs: NOW,
    createdBy: 'U0OPS',
    source: { kind: 'intake_modal', userId: 'U0OPS' },
    replyTarget: { kind: 'outside_slack' },
    draft: {
      seq: 1,
      kind: 'first_response',
      text: 'Thanks, we are on it.',
      language: 'en',
      status: 'pending',
      violations: [],
      createdAtMs: NOW,
      ...draft,
    },
    customerRef: 'ref-1',
    slaEvents: [],
    version: 1,
  };
}

function card(t: Ticket, lang: Lang) {
  return buildTicketCard({
    ticket: t,
    due: {
      firstResponseDueMs: NOW + 60 * 60_000,
      resolutionDueMs: NOW + 86_400_000,
      paused: false,
    },
    ownerUserIds: ['U0OPS'],
    nowMs: NOW,
    lang,
  });
}

describe('ticket card within Slack limits', () => {
  for (const lang of LANGS) {
    for (const [name, text] of [
      ['100 short lines', PASTED_LOG],
      ['& < > throughout', ENTITIES],
      [
        'lines of entities',
        Array.from({ length: 600 }, () => '&<')
          .join('\n')
          .slice(0, 2999),
      ],
    ] as const) {
      it(`keeps every section ≤ 3000 characters for a customer message and a draft of ${name} (${lang})`, () => {
        expect(text.length).toBeLessThanOrEqual(3000);
        const built = card(ticket(text, { text }), lang);
        // The stand-in's Block Kit validator: Slack's own limits, 3000 a section among them.
        expectValidMessage(built);
        for (const t of mrkdwnTexts(built.blocks)) expect(t.length).toBeLessThanOrEqual(3000);
      });
    }
  }

  it('shows a long pasted log quoted, from its first line, with the cut marked', () => {
    const built = card(ticket(PASTED_LOG, { text: PASTED_LOG }), 'en');
    const texts = mrkdwnTexts(built.blocks);
    const message = texts.find((t) => t.startsWith('*Customer message*'))!;
    expect(message).toContain('\n>line 000 of the pasted log...\n>line 001');
    expect(message.endsWith('…')).toBe(true);
    const draft = texts.find((t) => t.startsWith('*Drafted first response*'))!;
    expect(draft).toContain('>line 050 of the pasted log...');
  });

  it('still escapes user text in the customer message and the draft', () => {
    expectEscaped(card(ticket(NASTY, { text: NASTY }), 'en').blocks);
  });
});

describe('a reply Slack refused', () => {
  it('shows why on the card, in the reader language, and offers Approve and Edit again', () => {
    const refused = {
      ...ticket('How do I export?', {
        slackRefusal: { code: 'not_in_channel', atMs: NOW, approvedBy: 'U0OPS', count: 1 },
      }),
      replyTarget: { kind: 'slack' as const, channelId: 'C0ACME', threadTs: '1.2' },
    };
    const en = card(refused, 'en');
    expectValidMessage(en);
    const text = mrkdwnTexts(en.blocks).join('\n');
    expect(text).toContain(
      'Slack refused the reply: `not_in_channel` — invite @Sanad to <#C0ACME> and approve again',
    );
    expect(JSON.stringify(en.blocks)).toContain(ACTION.approve);
    expect(JSON.stringify(en.blocks)).toContain(ACTION.edit);
    expect(mrkdwnTexts(card(refused, 'ar').blocks).join('\n')).toContain(
      'رفضت Slack إرسال الرد: `not_in_channel` — ادعُ @Sanad إلى <#C0ACME>',
    );
  });
});

describe('quoteText / safeText', () => {
  it('caps after escaping and quoting, never leaving half an entity', () => {
    expect(quoteText('a\nb', 100)).toBe('>a\n>b');
    expect(quoteText('R&D <urgent>', 100)).toBe('>R&amp;D &lt;urgent&gt;');
    for (let max = 2; max < 30; max++) {
      const q = quoteText('x&y\n&&&&', max);
      expect(q.length).toBeLessThanOrEqual(max);
      expect(q).not.toMatch(/&[a-z]{0,3}(?![a-z;])/);
      const s = safeText('<<<<<<', max);
      expect(s.length).toBeLessThanOrEqual(max);
      expect(s).not.toMatch(/&[a-z]{0,3}(?![a-z;])/);
    }
  });
});

describe('a reply written before the priority was raised', () => {
  it('warns on the card, in the reader language, that it may promise the old times', () => {
    const raised: Ticket = {
      ...ticket('How do I export?', { editedBy: 'U0OPS', writtenFor: 'P3' }),
      priority: 'P0',
      owner: 'founder',
    };
    const en = card(raised, 'en');
    expectValidMessage(en);
    expect(mrkdwnTexts(en.blocks).join('\n')).toContain(
      "⚠️ This reply was written when the ticket was P3 and may promise P3's response and resolution times. The ticket is now P0: check the times in the reply (Edit) before it goes out.",
    );
    expect(mrkdwnTexts(card(raised, 'ar').blocks).join('\n')).toContain(
      'كُتب هذا الرد حين كانت التذكرة P3',
    );
  });

  it('says nothing when the reply was written for the current priority', () => {
    const redrafted: Ticket = {
      ...ticket('How do I export?', { seq: 2, writtenFor: 'P0' }),
      priority: 'P0',
      owner: 'founder',
    };
    expect(mrkdwnTexts(card(redrafted, 'en').blocks).join('\n')).not.toContain('was written when');
    expect(mrkdwnTexts(card(ticket('How?'), 'en').blocks).join('\n')).not.toContain(
      'was written when',
    );
  });
});

describe('the answered resolution question', () => {
  it.each(LANGS)(
    'keeps the posted text and blocks, drops the buttons, thanks the customer (%s)',
    (lang) => {
      const asked = ticket('Where is the report?', {
        kind: 'confirmation_request',
        text: 'Could you please confirm?',
        language: lang,
        status: 'sent',
      });
      const posted = buildCustomerReply({ ticket: asked });
      for (const resolved of [true, false]) {
        const answered = buildAnsweredQuestion({ posted, resolved, lang });
        expectValidMessage(answered);
        expect(JSON.stringify(answered.blocks)).not.toContain(ACTION.customerConfirm);
        expect(JSON.stringify(answered.blocks)).not.toContain(ACTION.customerNotResolved);
        expect(mrkdwnTexts(answered.blocks).join('\n')).toContain('Could you please confirm?');
        expect(answered.text.startsWith(posted.text)).toBe(true);
      }
    },
  );
});
