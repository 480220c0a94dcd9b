import { describe, expect, it } from 'vitest';
import { createTicketClassifier } from '../../src/domain/classifier.ts';
import { checkDraft } from '../../src/domain/draftGuard.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { customerTextViolations } from '../../src/domain/incidents.ts';
import { PRIORITY_IDS, type PriorityId, SLA_TARGETS } from '../../src/domain/priorities.ts';
import {
  type Actor,
  approveDraft,
  type CustomerAnswer,
  customerAnsweredResolution,
  customerDeclinedResolution,
  draftWrittenForLowerPriority,
  editDraft,
  isTicketCustomer,
  openTicket,
  raisePriority,
  recordDraftSent,
  recordReplyWithheld,
  rejectDraft,
  requestResolution,
  type Ticket,
  TicketRefusal,
} from '../../src/domain/ticketLifecycle.ts';
import {
  buildFirstResponseTemplate,
  MAX_TICKET_TEXT_LENGTH,
  routeTicket,
} from '../../src/domain/tickets.ts';

function expectDomainError(fn: () => unknown, code: string, field?: string): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  const err = caught as DomainError;
  expect(err.code).toBe(code);
  if (field !== undefined) expect(err.field).toBe(field);
  return err;
}

/** What each first reply promises, in both languages (SPEC §1.1 targets). */
const PROMISES: Record<PriorityId, { ar: [string, string]; en: [string, string] }> = {
  P0: { ar: ['30 دقيقة', '4 ساعات'], en: ['30 minutes', '4 hours'] },
  P1: { ar: ['ساعتين', '24 ساعة'], en: ['2 hours', '24 hours'] },
  P2: { ar: ['8 ساعات', '72 ساعة'], en: ['8 hours', '72 hours'] },
  P3: { ar: ['24 ساعة', '7 أيام'], en: ['24 hours', '7 days'] },
};

const TICKET_ID_LIKE = /\b(?:TKT|TICKET|T)[-_ ]?\d+\b|#\d+/i;

describe('buildFirstResponseTemplate', () => {
  it.each(PRIORITY_IDS.map((p) => [p]))('%s is a draft that names its SLA commitments', (p) => {
    const t = buildFirstResponseTemplate(p);
    expect(t).toMatchObject({ priority: p, approvalRequired: true, liveSendAllowed: false });
    const [firstAr, resolveAr] = PROMISES[p].ar;
    const [firstEn, resolveEn] = PROMISES[p].en;
    expect(t.bodyAr).toContain(`خلال ${firstAr}`);
    expect(t.bodyAr).toContain(`خلال ${resolveAr}`);
    expect(t.bodyEn).toContain(`within ${firstEn}`);
    expect(t.bodyEn).toContain(`within ${resolveEn}`);
    expect(t.bodyAr).toMatch(/[\u0600-\u06FF]/);
    expect(t.bodyAr).toContain('السلام عليكم');
  });

  it.each(PRIORITY_IDS.map((p) => [p]))(
    '%s passes the prohibited-claims check in both languages',
    (p) => {
      const t = buildFirstResponseTemplate(p);
      expect(checkDraft(t.bodyAr)).toEqual({ ok: true, violations: [] });
      expect(checkDraft(t.bodyEn)).toEqual({ ok: true, violations: [] });
    },
  );

  it('never contains anything that looks like a ticket id', () => {
    for (const p of PRIORITY_IDS) {
      const t = buildFirstResponseTemplate(p);
      expect(t.bodyAr).not.toMatch(TICKET_ID_LIKE);
      expect(t.bodyEn).not.toMatch(TICKET_ID_LIKE);
    }
  });

  it('tells P0 customers the founder has it and asks them to report unapproved sends', () => {
    const t = buildFirstResponseTemplate('P0');
    expect(t.bodyAr).toContain('المؤسس');
    expect(t.bodyAr).toContain('إرسال غير معتمد');
    expect(t.bodyEn).toContain('founder');
  });

  it('follows the SLA targets of the policy', () => {
    const t = buildFirstResponseTemplate('P1', {
      slaTargets: { P1: { firstResponseMinutes: 90, resolutionTargetHours: 12 } },
    });
    expect(t.bodyAr).toContain('خلال 90 دقيقة');
    expect(t.bodyAr).toContain('خلال 12 ساعة');
    expect(t.bodyEn).toContain('within 90 minutes');
    expect(t.bodyEn).toContain('within 12 hours');
    expect(checkDraft(t.bodyAr).ok).toBe(true);
    const one = buildFirstResponseTemplate('P3', {
      slaTargets: { P3: { firstResponseMinutes: 60, resolutionTargetHours: 48 } },
    });
    expect(one.bodyAr).toContain('خلال ساعة واحدة');
    expect(one.bodyEn).toContain('within 1 hour;');
    expect(one.bodyEn).toContain('within 48 hours');
  });

  it('refuses an unknown priority or a bad SLA target', () => {
    expectDomainError(
      () => buildFirstResponseTemplate('P4' as PriorityId),
      'unknown_priority',
      'priority',
    );
    expectDomainError(
      () =>
        buildFirstResponseTemplate('P0', {
          slaTargets: { P0: { firstResponseMinutes: 0, resolutionTargetHours: 4 } },
        }),
      'invalid_input',
      'slaTargets',
    );
  });
});

describe('routeTicket', () => {
  it('routes a P0 to the founder with its SLA, reason and drafted reply', () => {
    const r = routeTicket({ text: 'انرسلت رساله للعميل بدون موافقتنا', customerId: 'acme' });
    expect(r).toMatchObject({
      priority: 'P0',
      owner: 'founder',
      sla: { firstResponseMinutes: 30, resolutionTargetHours: 4 },
      approvalRequired: true,
      liveSendAllowed: false,
      customerId: 'acme',
    });
    expect(r.classification.matchedRule).toBe('context:sent_without_approval');
    expect(r.classification.reasonAr).toContain('بدون');
    expect(r.firstResponseTemplate).toEqual(buildFirstResponseTemplate('P0'));
  });

  it.each([
    ['service down since 9', 'P1', 'operator_oncall', 120, 24],
    ['Gmail connector keeps disconnecting', 'P2', 'operator_oncall', 480, 72],
    ['ممكن تضيفون تقرير شهري؟', 'P3', 'operator_team', 1440, 168],
  ] as const)('"%s" → %s for %s', (text, priority, owner, minutes, hours) => {
    const r = routeTicket({ text });
    expect(r.priority).toBe(priority);
    expect(r.owner).toBe(owner);
    expect(r.sla).toEqual({ firstResponseMinutes: minutes, resolutionTargetHours: hours });
    expect(r.firstResponseTemplate.priority).toBe(priority);
  });

  it('uses the policy classifier and SLA targets when given', () => {
    const classifier = createTicketClassifier({ extraKeywords: { P1: ['تأخير الرد'] } });
    const slaTargets = {
      ...SLA_TARGETS,
      P1: { firstResponseMinutes: 60, resolutionTargetHours: 8 },
    };
    const r = routeTicket({ text: 'عندنا تاخير الرد' }, { classifier, slaTargets });
    expect(r.priority).toBe('P1');
    expect(r.classification.matchedRule).toBe('policy_keyword');
    expect(r.sla).toEqual({ firstResponseMinutes: 60, resolutionTargetHours: 8 });
    expect(r.firstResponseTemplate.bodyEn).toContain('within 1 hour');
  });

  it('keeps the customer id and contact e-mail out of the customer-facing reply', () => {
    const r = routeTicket({
      text: 'data leak',
      customerId: 'CUST-1234',
      contactEmail: 'sara@acme.sa',
    });
    expect(r.contactEmail).toBe('sara@acme.sa');
    for (const body of [r.firstResponseTemplate.bodyAr, r.firstResponseTemplate.bodyEn]) {
      expect(body).not.toContain('CUST-1234');
      expect(body).not.toContain('sara@acme.sa');
      expect(body).not.toMatch(TICKET_ID_LIKE);
    }
  });

  it('accepts text up to 4000 characters and routes empty text as P3', () => {
    expect(routeTicket({ text: 'a'.repeat(MAX_TICKET_TEXT_LENGTH) }).priority).toBe('P3');
    const r = routeTicket({ text: '' });
    expect(r.priority).toBe('P3');
    expect(r.classification.matchedRule).toBe('empty');
  });

  it('refuses text that is too long or not text', () => {
    const err = expectDomainError(
      () => routeTicket({ text: 'a'.repeat(MAX_TICKET_TEXT_LENGTH + 1) }),
      'text_too_long',
      'text',
    );
    expect(err.message).toContain('4000');
    expectDomainError(() => routeTicket({ text: 7 as unknown as string }), 'invalid_input', 'text');
    expectDomainError(() => routeTicket(null as never), 'invalid_input', 'text');
  });

  it('checks the contact e-mail when there is one', () => {
    expectDomainError(
      () => routeTicket({ text: 'hello', contactEmail: 'not-an-email' }),
      'invalid_input',
      'contactEmail',
    );
    expectDomainError(
      () => routeTicket({ text: 'hello', contactEmail: 'a@b' }),
      'invalid_input',
      'contactEmail',
    );
    expect(routeTicket({ text: 'hello', contactEmail: '  ' })).not.toHaveProperty('contactEmail');
    expect(routeTicket({ text: 'hello' })).not.toHaveProperty('customerId');
    expect(routeTicket({ text: 'hello', contactEmail: 'ops@company.com.sa' }).contactEmail).toBe(
      'ops@company.com.sa',
    );
  });
});

const approver: Actor = { userId: 'UAPPROVER', isFounder: false, isApprover: true };
const colleague: Actor = { userId: 'UONCALL', isFounder: false, isApprover: false };

function openedTicket() {
  return openTicket({
    id: 'SND-0001',
    text: 'How do I export invoices?',
    language: 'en',
    classification: { priority: 'P3', matchedRule: 'default', reasonAr: 'س', reasonEn: 'r' },
    firstResponseText: 'Thanks — we are on it.',
    violations: [],
    source: { kind: 'slash_command', userId: 'UONCALL' },
    replyTarget: { kind: 'slack', channelId: 'CCUST' },
    customerRef: 'ref-1',
    atMs: 1_000,
  }).ticket;
}

function refusalOf(fn: () => unknown): TicketRefusal {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TicketRefusal);
    return error as TicketRefusal;
  }
  throw new Error('expected a refusal');
}

describe('acting on the draft that was shown', () => {
  it('approves the draft the approver saw, and refuses one edited since, in both languages', () => {
    const shown = openedTicket();
    const edited = editDraft(shown, shown.draft.seq, 'Edited text', [], colleague, 2_000).ticket;
    const refusal = refusalOf(() => approveDraft(edited, shown.draft.seq, approver, 3_000));
    expect(refusal.code).toBe('draft_changed');
    expect(refusal.messageEn).toContain('The draft changed since this message');
    expect(refusal.messageEn).toContain('Nothing was sent');
    expect(refusal.messageAr).toContain('تغيّر الرد');
    const approved = approveDraft(edited, edited.draft.seq, approver, 3_000).ticket;
    expect(approved.draft).toMatchObject({ text: 'Edited text', status: 'approved' });
  });

  it('refuses a button that does not say which draft it showed (posted before versions)', () => {
    const t = openedTicket();
    expect(refusalOf(() => approveDraft(t, undefined, approver, 2_000)).code).toBe('draft_changed');
    expect(refusalOf(() => rejectDraft(t, undefined, approver, 2_000)).code).toBe('draft_changed');
  });

  it('refuses a rejection or an edit of a draft that changed meanwhile', () => {
    const shown = openedTicket();
    const edited = editDraft(shown, 1, 'Edited text', [], colleague, 2_000).ticket;
    expect(refusalOf(() => rejectDraft(edited, 1, approver, 3_000)).messageEn).toContain(
      'Nothing was rejected',
    );
    const lateEdit = refusalOf(() => editDraft(edited, 1, 'Mine', [], approver, 3_000));
    expect(lateEdit.messageEn).toContain('Your text was not saved');
    expect(rejectDraft(edited, 2, approver, 3_000).ticket.draft.status).toBe('rejected');
  });
});

describe('internal ids in a ticket reply (rule 2)', () => {
  it('flags ticket and incident ids like the guard flags claims, and passes the templates', () => {
    expect(customerTextViolations('Your reference is SND-0042.').map((v) => v.category)).toEqual([
      'internal_id',
    ]);
    expect(customerTextViolations('مرجعكم INC-20260101-001').map((v) => v.phrase)).toEqual([
      'INC-20260101-001',
    ]);
    expect(customerTextViolations('We guarantee results for SND-0001').length).toBeGreaterThan(1);
    for (const p of PRIORITY_IDS) {
      const t = buildFirstResponseTemplate(p);
      expect(customerTextViolations(t.bodyAr)).toEqual([]);
      expect(customerTextViolations(t.bodyEn)).toEqual([]);
    }
  });

  it('refuses to approve a reply naming an internal id even when it was stored unflagged', () => {
    const t = openedTicket();
    const edited = editDraft(t, 1, `See ${t.id} for details.`, [], colleague, 2_000).ticket;
    const refusal = refusalOf(() => approveDraft(edited, 2, approver, 3_000));
    expect(refusal.code).toBe('draft_has_violations');
    expect(refusal.messageEn).toContain(t.id);
    expect(refusal.messageAr).toContain(t.id);
  });

  it('hands an approved reply back, flagged, when the last check withholds it', () => {
    const approved = approveDraft(openedTicket(), 1, approver, 2_000).ticket;
    const found = customerTextViolations('SND-0001');
    const back = recordReplyWithheld(approved, 1, found, 3_000);
    expect(back?.ticket.draft).toMatchObject({ status: 'pending', seq: 1 });
    expect(back?.ticket.draft.approvedBy).toBeUndefined();
    expect(back?.ticket.draft.violations.map((v) => v.category)).toContain('internal_id');
    expect(back?.ledger.map((e) => e.action)).toEqual(['reply.withheld']);
    expect(recordReplyWithheld(approved, 2, found, 3_000)).toBeNull();
    expect(recordReplyWithheld(openedTicket(), 1, found, 3_000)).toBeNull();
  });
});

describe('resolving', () => {
  it('refuses while a reply waits for approval, in both languages, and keeps the reply', () => {
    const edited = editDraft(openedTicket(), 1, 'Our fix is live.', [], colleague, 2_000).ticket;
    const refusal = refusalOf(() => requestResolution(edited, 'Resolved?', approver, 3_000));
    expect(refusal.code).toBe('reply_waiting');
    expect(refusal.messageEn).toContain('approve or reject it first');
    expect(refusal.messageAr).toContain('وافق عليه أو ارفضه');
    // Rejected, the reply may give way to the question; so may a question not yet approved.
    const rejected = rejectDraft(edited, 2, approver, 3_000).ticket;
    const asked = requestResolution(rejected, 'Resolved?', approver, 4_000).ticket;
    expect(asked.draft).toMatchObject({ kind: 'confirmation_request', status: 'pending' });
    expect(requestResolution(asked, 'Resolved now?', approver, 5_000).ticket.draft.text).toBe(
      'Resolved now?',
    );
  });

  it('records a customer\'s "still a problem" until they are asked again', () => {
    const sent = recordDraftSent(
      approveDraft(openedTicket(), 1, approver, 2_000).ticket,
      'sanad',
      2_500,
    ).ticket;
    const asked = requestResolution(sent, 'Resolved?', approver, 3_000).ticket;
    const questioned = recordDraftSent(
      approveDraft(asked, 2, approver, 3_500).ticket,
      'sanad',
      3_600,
    ).ticket;
    const declined = customerDeclinedResolution(questioned, 'UCUSTOMER', 4_000).ticket;
    expect(declined.status).toBe('open');
    expect(declined.resolutionDeclined).toEqual({ userId: 'UCUSTOMER', atMs: 4_000 });
    const again = requestResolution(declined, 'Resolved now?', approver, 5_000).ticket;
    expect(again.resolutionDeclined).toBeUndefined();
  });

  it('asks once the reply was sent', () => {
    const t = openedTicket();
    const sent = recordDraftSent(approveDraft(t, 1, approver, 2_000).ticket, 'sanad', 2_500).ticket;
    expect(requestResolution(sent, 'Resolved?', approver, 3_000).ticket.draft.kind).toBe(
      'confirmation_request',
    );
  });
});

/** A P3 ticket from a customer's message, written in `language`, with Sanad's own template. */
function templatedTicket(language: 'ar' | 'en' = 'en'): Ticket {
  const template = buildFirstResponseTemplate('P3');
  return openTicket({
    id: 'SND-0002',
    text: language === 'ar' ? 'كيف اصدر الفواتير؟' : 'How do I export invoices?',
    language,
    classification: { priority: 'P3', matchedRule: 'default', reasonAr: 'س', reasonEn: 'r' },
    firstResponseText: language === 'ar' ? template.bodyAr : template.bodyEn,
    violations: [],
    source: { kind: 'message_shortcut', userId: 'UAPPROVER', authorId: 'UCUSTOMER' },
    replyTarget: { kind: 'slack', channelId: 'CCUST', threadTs: '1.1' },
    customerId: 'acme',
    customerRef: 'ref-2',
    atMs: 1_000,
  }).ticket;
}

describe('raising the priority', () => {
  it.each([
    ['en', 'P0'],
    ['ar', 'P0'],
    ['en', 'P2'],
  ] as const)(
    "re-drafts Sanad's untouched %s template for %s as a new version, with the new times",
    (language, to) => {
      const t = templatedTicket(language);
      const raised = raisePriority(t, to, approver, 2_000);
      const [first, resolve] = PROMISES[to][language];
      const [oldFirst, oldResolve] = PROMISES.P3[language];
      const within = language === 'ar' ? 'خلال' : 'within';
      expect(raised.ticket.priority).toBe(to);
      expect(raised.ticket.draft).toMatchObject({
        seq: 2,
        kind: 'first_response',
        status: 'pending',
        language,
        writtenFor: to,
      });
      expect(raised.ticket.draft.text).toContain(`${within} ${first}`);
      expect(raised.ticket.draft.text).toContain(`${within} ${resolve}`);
      expect(raised.ticket.draft.text).not.toContain(`${within} ${oldFirst}`);
      expect(raised.ticket.draft.text).not.toContain(`${within} ${oldResolve}`);
      expect(raised.ledger.map((e) => e.action)).toEqual([
        'ticket.priority_raised',
        'draft.redrafted',
      ]);
      expect(draftWrittenForLowerPriority(raised.ticket)).toBeNull();
      // The approve button that showed the P3 text is refused: nothing the approver did not see is sent.
      const founder: Actor = { userId: 'UFOUNDER', isFounder: true, isApprover: true };
      expect(refusalOf(() => approveDraft(raised.ticket, 1, founder, 3_000)).code).toBe(
        'draft_changed',
      );
      expect(approveDraft(raised.ticket, 2, founder, 3_000).ticket.draft.status).toBe('approved');
    },
  );

  it("follows the policy's SLA targets", () => {
    const raised = raisePriority(templatedTicket(), 'P1', approver, 2_000, {
      slaTargets: { P1: { firstResponseMinutes: 90, resolutionTargetHours: 12 } },
    }).ticket;
    expect(raised.draft.text).toContain('within 90 minutes');
    expect(raised.draft.text).toContain('within 12 hours');
  });

  it('keeps a reply a person edited, and says it may promise the old times', () => {
    const t = templatedTicket();
    const edited = editDraft(
      t,
      1,
      `${t.draft.text}\nWe will also check your export settings.`,
      [],
      colleague,
      1_500,
    ).ticket;
    const raised = raisePriority(edited, 'P0', approver, 2_000);
    expect(raised.ticket.draft).toEqual(edited.draft);
    expect(raised.ledger.map((e) => e.action)).toEqual(['ticket.priority_raised']);
    expect(draftWrittenForLowerPriority(raised.ticket)).toBe('P3');
    // Edited after the raise, the reply is written for the new priority.
    const rewritten = editDraft(raised.ticket, 2, 'Fixed within 30 minutes.', [], approver, 2_500);
    expect(draftWrittenForLowerPriority(rewritten.ticket)).toBeNull();
  });

  it('keeps a reply that is no longer pending (rejected, approved, sent)', () => {
    const t = templatedTicket();
    const rejected = rejectDraft(t, 1, approver, 1_500).ticket;
    const raisedRejected = raisePriority(rejected, 'P1', approver, 2_000).ticket;
    expect(raisedRejected.draft).toEqual(rejected.draft);
    expect(draftWrittenForLowerPriority(raisedRejected)).toBe('P3');

    const approved = approveDraft(t, 1, approver, 1_500).ticket;
    expect(raisePriority(approved, 'P1', approver, 2_000).ticket.draft).toEqual(approved.draft);

    // Already sent: nothing left to warn about on the card.
    const sent = recordDraftSent(approved, 'sanad', 1_600).ticket;
    const raisedSent = raisePriority(sent, 'P1', approver, 2_000).ticket;
    expect(raisedSent.draft).toEqual(sent.draft);
    expect(draftWrittenForLowerPriority(raisedSent)).toBeNull();
  });
});

describe("the customer's answer to the resolution question", () => {
  function awaitingConfirmation(): Ticket {
    const t = templatedTicket();
    const sent = recordDraftSent(approveDraft(t, 1, approver, 2_000).ticket, 'sanad', 2_500).ticket;
    const asked = requestResolution(sent, 'Resolved?', approver, 3_000).ticket;
    const questioned = recordDraftSent(
      approveDraft(asked, 2, approver, 3_500).ticket,
      'sanad',
      3_600,
    ).ticket;
    expect(questioned.status).toBe('awaiting_confirmation');
    return questioned;
  }
  const press = (userId: string, resolved: boolean, more: Partial<CustomerAnswer> = {}) => ({
    userId,
    resolved,
    isTeamMember: false,
    customerContactIds: ['UCONTACT'],
    ...more,
  });

  it.each([true, false])(
    'refuses a team member pressing it (resolved: %s), pointing to the card, in both languages',
    (resolved) => {
      const t = awaitingConfirmation();
      const refusal = refusalOf(() =>
        customerAnsweredResolution(t, press('UAPPROVER', resolved, { isTeamMember: true }), 4_000),
      );
      expect(refusal.code).toBe('not_the_customer');
      expect(refusal.messageEn).toContain('Only the customer can answer this question');
      expect(refusal.messageEn).toContain('Record customer confirmation');
      expect(refusal.messageAr).toContain('تسجيل تأكيد العميل');
    },
  );

  it('refuses someone who is neither the author of the message nor a contact', () => {
    const refusal = refusalOf(() =>
      customerAnsweredResolution(awaitingConfirmation(), press('UCOLLEAGUE', true), 4_000),
    );
    expect(refusal.code).toBe('not_the_customer');
    expect(refusal.messageEn).toContain('your answer was not recorded');
  });

  it('never takes the team for the customer, even listed as a contact or as the author', () => {
    const t = awaitingConfirmation();
    expect(
      isTicketCustomer(t, {
        userId: 'UCONTACT',
        isTeamMember: true,
        customerContactIds: ['UCONTACT'],
      }),
    ).toBe(false);
    expect(
      isTicketCustomer(t, { userId: 'UCUSTOMER', isTeamMember: true, customerContactIds: [] }),
    ).toBe(false);
  });

  it("resolves on the Yes of the message's author or a customer contact", () => {
    for (const userId of ['UCUSTOMER', 'UCONTACT']) {
      const resolved = customerAnsweredResolution(
        awaitingConfirmation(),
        press(userId, true),
        4_000,
      );
      expect(resolved.ticket.status).toBe('resolved');
      expect(resolved.ticket.confirmation).toEqual({ by: 'customer', userId, atMs: 4_000 });
    }
  });

  it('reopens on their No', () => {
    const declined = customerAnsweredResolution(
      awaitingConfirmation(),
      press('UCUSTOMER', false),
      4_000,
    ).ticket;
    expect(declined.status).toBe('open');
    expect(declined.resolutionDeclined).toEqual({ userId: 'UCUSTOMER', atMs: 4_000 });
  });
});
