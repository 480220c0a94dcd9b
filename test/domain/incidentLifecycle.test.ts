import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/config/index.ts';
import {
  type Actor,
  addIncidentTimelineMessage,
  approveIncidentPdplNotice,
  approveIncidentStatusDraft,
  changeIncidentSeverity,
  DEFAULT_INCIDENT_CADENCE,
  editIncidentPdplNotice,
  editIncidentStatusDraft,
  type Incident,
  IncidentRefusal,
  incidentApprovalsFor,
  incidentApprovalsWaiting,
  internalIdViolations,
  liftIncidentFreeze,
  openIncident,
  pdplNoticeChangedSince,
  pdplReminderSchedule,
  postMortemForIncident,
  recordIncidentFreeze,
  recordPdplNoticeSentByHand,
  resolveIncident,
  setIncidentPlanSteps,
  snoozeIncidentStatusDraft,
  startIncidentStatusDraft,
  statusDraftChangedSince,
  statusDraftText,
  statusDraftTexts,
  triageIncident,
} from '../../src/domain/index.ts';
import { planIncidentTimers } from '../../src/jobs/incidentJobs.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 22, 7, 0);
const founder: Actor = { userId: 'UFOUNDER', isFounder: true, isApprover: true };
const approver: Actor = { userId: 'UAPPROVER', isFounder: false, isApprover: true };
const operator: Actor = { userId: 'UOPS', isFounder: false, isApprover: false };

function declare(
  flags: { hasDataLeak?: boolean; hasUnauthorizedSend?: boolean; affectedCustomers?: number } = {},
): Incident {
  return openIncident({
    id: 'INC-20261122-001',
    triage: triageIncident({ title: 'Export link leaked', ...flags }),
    declaredBy: 'UDECL',
    atMs: T0,
    language: 'en',
    affectedCustomerIds: ['acme', 'nakheel'],
    affectedCustomerNames: { acme: 'Acme', nakheel: 'Nakheel' },
    pdplNotice: flags.hasDataLeak ? { en: 'Dear customer, …' } : undefined,
  }).incident;
}

function refusal(fn: () => unknown): IncidentRefusal {
  try {
    fn();
  } catch (error) {
    if (error instanceof IncidentRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('openIncident', () => {
  it('sets the plan, the clocks by severity and the PDPL deadline, and records who declared it', () => {
    const t = openIncident({
      id: 'INC-20261122-001',
      triage: triageIncident({ title: 'Leak', hasDataLeak: true }),
      declaredBy: 'UDECL',
      atMs: T0,
      language: 'en',
      affectedCustomerIds: ['acme', 'acme', 'nakheel'],
    });
    const inc = t.incident;
    expect(inc.severity).toBe('SEV1');
    expect(inc.affectedCustomerIds).toEqual(['acme', 'nakheel']);
    expect(inc.affectedCount).toBe(2);
    expect(inc.steps.map((s) => s.id)).toEqual([
      'freeze_live_actions',
      'notify_founder_oncall',
      'open_incident_channel',
      'review_action_ledger',
      'pdpl_notification',
      'founder_direct_line',
      'legal_review',
      'post_mortem',
    ]);
    expect(inc.firstActionDueMs).toBe(T0 + 15 * MIN);
    expect(inc.nextUpdateDueMs).toBe(T0 + 30 * MIN);
    expect(inc.pdplDeadlineMs).toBe(T0 + 72 * HOUR);
    expect(inc.timeline.map((e) => e.kind)).toEqual(['declared']);
    expect(t.ledger).toEqual([
      expect.objectContaining({
        action: 'incident.declared',
        actor: 'UDECL',
        atMs: T0,
        details: expect.objectContaining({ incidentId: inc.id, severity: 'SEV1' }),
      }),
    ]);
  });

  it('follows a shortened policy cadence', () => {
    const cadence = {
      ...DEFAULT_INCIDENT_CADENCE,
      statusUpdateMinutes: { SEV1: 0.5, SEV2: 1, SEV3: 2 },
      firstActionMinutes: { SEV1: 0.25, SEV2: 1, SEV3: 2 },
    };
    const inc = openIncident({
      id: 'INC-20261122-002',
      triage: triageIncident({ title: 'x', hasUnauthorizedSend: true }),
      declaredBy: 'U1',
      atMs: T0,
      language: 'ar',
      cadence,
    }).incident;
    expect(inc.firstActionDueMs).toBe(T0 + 15_000);
    expect(inc.nextUpdateDueMs).toBe(T0 + 30_000);
    expect(inc.pdplDeadlineMs).toBeUndefined();
  });
});

describe('severity', () => {
  it('raises with the new extra steps (ticks kept) and never goes below triage', () => {
    let inc = declare();
    expect(inc.severity).toBe('SEV3');
    inc = setIncidentPlanSteps(
      inc,
      ['freeze_live_actions'],
      ['freeze_live_actions'],
      'U1',
      T0 + MIN,
    )!.incident;
    const raised = changeIncidentSeverity(inc, 'SEV1', 'U1', T0 + 2 * MIN)!;
    expect(raised.incident.steps.map((s) => s.id)).toContain('founder_direct_line');
    expect(raised.incident.steps.find((s) => s.id === 'freeze_live_actions')?.done).toBe(true);
    expect(raised.ledger[0]).toMatchObject({
      action: 'incident.severity',
      details: { from: 'SEV3', to: 'SEV1' },
    });
    // Back to the triaged severity is fine; below it is not.
    expect(changeIncidentSeverity(raised.incident, 'SEV3', 'U1', T0)?.incident.severity).toBe(
      'SEV3',
    );
    const leak = declare({ hasDataLeak: true });
    expect(refusal(() => changeIncidentSeverity(leak, 'SEV2', 'U1', T0)).code).toBe(
      'severity_below_triage',
    );
    expect(changeIncidentSeverity(leak, 'sev1', 'U1', T0)).toBeNull();
  });
});

describe('plan steps', () => {
  it('records each change; the first tick is the first action; nothing changed is a no-op', () => {
    const inc = declare();
    const ids = inc.steps.slice(0, 10).map((s) => s.id);
    const t = setIncidentPlanSteps(inc, ids, ['notify_founder_oncall'], 'U1', T0 + 5 * MIN)!;
    expect(t.incident.firstActionAtMs).toBe(T0 + 5 * MIN);
    expect(t.ledger.map((e) => e.action)).toEqual(['incident.plan_step', 'incident.first_action']);
    expect(setIncidentPlanSteps(t.incident, ids, ['notify_founder_oncall'], 'U1', T0)).toBeNull();
    const un = setIncidentPlanSteps(t.incident, ids, [], 'U2', T0 + 6 * MIN)!;
    expect(un.incident.steps.every((s) => !s.done)).toBe(true);
    expect(un.incident.firstActionAtMs).toBe(T0 + 5 * MIN);
    expect(un.incident.timeline.at(-1)?.text).toContain('unticked');
  });
});

describe('status updates', () => {
  function withDraft(inc: Incident, violations = false) {
    return startIncidentStatusDraft(inc, {
      text: 'We are working on it.',
      violations: violations ? internalIdViolations('see INC-20261122-001') : [],
      dueAtMs: inc.nextUpdateDueMs!,
      by: 'sanad',
      atMs: T0 + 30 * MIN,
    })!.incident;
  }

  it('needs a founder for SEV1 and an approver otherwise; then the cadence restarts', () => {
    const sev1 = withDraft(declare({ hasDataLeak: true }));
    expect(refusal(() => approveIncidentStatusDraft(sev1, 1, 0, approver, T0)).code).toBe(
      'founder_only',
    );
    const ok = approveIncidentStatusDraft(sev1, 1, 0, founder, T0 + 40 * MIN);
    expect(ok.incident.updateCount).toBe(1);
    expect(ok.incident.nextUpdateDueMs).toBe(T0 + 40 * MIN + 30 * MIN);
    expect(ok.incident.timeline.at(-1)?.kind).toBe('update');
    expect(refusal(() => approveIncidentStatusDraft(ok.incident, 1, 0, founder, T0)).code).toBe(
      'draft_not_pending',
    );
    const sev3 = withDraft(declare());
    expect(refusal(() => approveIncidentStatusDraft(sev3, 1, 0, operator, T0)).code).toBe(
      'approver_only',
    );
    expect(approveIncidentStatusDraft(sev3, 1, 0, approver, T0).incident.draft?.status).toBe(
      'approved',
    );
  });

  it('refuses a flagged draft and a stale one; one pending draft at a time', () => {
    const flagged = withDraft(declare(), true);
    expect(refusal(() => approveIncidentStatusDraft(flagged, 1, 0, approver, T0)).code).toBe(
      'draft_flagged',
    );
    expect(refusal(() => approveIncidentStatusDraft(flagged, 2, 0, approver, T0)).code).toBe(
      'no_draft',
    );
    expect(
      startIncidentStatusDraft(flagged, {
        text: 'x',
        violations: [],
        dueAtMs: 0,
        by: 's',
        atMs: T0,
      }),
    ).toBeNull();
  });

  it('keeps a text per reader language; a draft stored with one text has it for every language', () => {
    const stored = withDraft(declare());
    expect(stored.draft?.texts).toBeUndefined();
    expect(statusDraftTexts(stored.draft!, ['ar', 'en'])).toEqual({
      ar: 'We are working on it.',
      en: 'We are working on it.',
    });
    const inc = startIncidentStatusDraft(declare(), {
      text: 'We are working on it.',
      texts: { ar: 'نعمل على حل المشكلة.' },
      violations: [],
      dueAtMs: T0 + HOUR,
      by: 'sanad',
      atMs: T0,
    })!.incident;
    // Only the edited language changes; the incident's own text follows its language.
    const edited = editIncidentStatusDraft(
      inc,
      1,
      0,
      { en: 'Fixed for most.' },
      [],
      'U1',
      T0,
    ).incident;
    expect(statusDraftText(edited.draft!, 'ar')).toBe('نعمل على حل المشكلة.');
    expect(statusDraftText(edited.draft!, 'en')).toBe('Fixed for most.');
    expect(edited.draft?.text).toBe('Fixed for most.');
    expect(refusal(() => editIncidentStatusDraft(inc, 1, 0, { ar: ' ' }, [], 'U1', T0)).code).toBe(
      'empty_draft',
    );
    const approved = approveIncidentStatusDraft(edited, 1, 1, approver, T0 + MIN).incident;
    expect(approved.timeline.at(-1)?.text).toBe('#1: Fixed for most.');
  });

  it('approves only the text the approver saw: each edit is a new version (rule 1)', () => {
    const drafted = withDraft(declare());
    expect(drafted.draft?.rev).toBeUndefined(); // as stored before versions: version 0
    const edited = editIncidentStatusDraft(
      drafted,
      1,
      0,
      { en: 'Exports are back for most customers.' },
      [],
      'UOPS',
      T0 + 31 * MIN,
    );
    expect(edited.incident.draft).toMatchObject({ seq: 1, rev: 1, editedBy: 'UOPS' });
    expect(edited.ledger[0]?.details).toMatchObject({ seq: 1, rev: 1 });
    // The Approve button of the message showing the text before the edit (version 0).
    const stale = refusal(() =>
      approveIncidentStatusDraft(edited.incident, 1, 0, approver, T0 + 32 * MIN),
    );
    expect(stale.code).toBe('draft_changed');
    expect(stale.messageEn).toBe(
      'The update changed since this message — review the latest and use its buttons. Nothing was posted.',
    );
    expect(stale.messageAr).toContain('لم يُنشر شيء');
    // A button from before versions says nothing about what was seen: refused too.
    expect(
      refusal(() =>
        approveIncidentStatusDraft(edited.incident, 1, undefined, approver, T0 + 32 * MIN),
      ).code,
    ).toBe('draft_changed');
    // An edit form opened on version 0 cannot overwrite version 1.
    const overwrite = refusal(() =>
      editIncidentStatusDraft(edited.incident, 1, 0, { en: 'Mine.' }, [], 'UAPPROVER', T0),
    );
    expect(overwrite.code).toBe('draft_changed');
    expect(overwrite.messageEn).toContain('changed since you opened this form');
    // The message showing the edit approves exactly the edit.
    const approved = approveIncidentStatusDraft(edited.incident, 1, 1, approver, T0 + 33 * MIN);
    expect(approved.incident.draft?.text).toBe('Exports are back for most customers.');
    expect(approved.ledger[0]?.details).toMatchObject({
      seq: 1,
      rev: 1,
      text: 'Exports are back for most customers.',
    });
    // Already approved: the reason given is that, not a change.
    expect(
      refusal(() => approveIncidentStatusDraft(approved.incident, 1, 0, approver, T0)).code,
    ).toBe('draft_not_pending');
    expect(statusDraftChangedSince(approved.incident, 1, 0, 'approve')).toBeNull();
  });

  it('snooze sets the next draft time', () => {
    const inc = withDraft(declare());
    const s = snoozeIncidentStatusDraft(inc, 1, 15, 'U1', T0 + HOUR).incident;
    expect(s.draft?.status).toBe('snoozed');
    expect(s.nextUpdateDueMs).toBe(T0 + HOUR + 15 * MIN);
  });
});

describe('internal ids', () => {
  it('flags incident and ticket ids, whatever the case', () => {
    expect(
      internalIdViolations('about inc-20261122-004 and SND-0042').map((v) => v.phrase),
    ).toEqual(['inc-20261122-004', 'SND-0042']);
    expect(internalIdViolations('Incident update for your account')).toEqual([]);
  });
});

describe('freeze', () => {
  it('records the scopes once; only a founder lifts it', () => {
    const inc = declare({ hasDataLeak: true });
    const frozen = recordIncidentFreeze(inc, ['acme', 'nakheel'], 'U1', T0)!.incident;
    expect(frozen.liveActionsFrozen).toBe(true);
    expect(recordIncidentFreeze(frozen, ['acme'], 'U1', T0)).toBeNull();
    expect(refusal(() => liftIncidentFreeze(frozen, approver, T0)).code).toBe('founder_only');
    const lifted = liftIncidentFreeze(frozen, founder, T0 + MIN);
    expect(lifted.incident.liveActionsFrozen).toBe(false);
    expect(lifted.incident.freezeLiftedBy).toBe(founder.userId);
    expect(refusal(() => liftIncidentFreeze(lifted.incident, founder, T0)).code).toBe('not_frozen');
  });
});

describe('timeline, resolve and post-mortem', () => {
  it('adds a captured message once, at its own time, and the post-mortem keeps it there', () => {
    const inc = declare({ hasDataLeak: true });
    const ts = `${(T0 + 20 * MIN) / 1000}.000200`;
    const t = addIncidentTimelineMessage(
      inc,
      { ts, text: 'CDN link disabled', by: 'U2', authorName: 'Layla' },
      T0 + 50 * MIN,
    )!;
    expect(t.incident.timeline.at(-1)).toMatchObject({
      atMs: T0 + 20 * MIN,
      kind: 'pinned',
      text: 'Layla: CDN link disabled',
      sourceTs: ts,
    });
    expect(addIncidentTimelineMessage(t.incident, { ts, text: 'again', by: 'U3' }, T0)).toBeNull();
    expect(
      refusal(() => resolveIncident(t.incident, { summary: ' ', cause: 'x' }, 'U1', T0)).code,
    ).toBe('missing_field');
    const resolved = resolveIncident(
      t.incident,
      { summary: 'Fixed', cause: 'Public links', actionItems: ['Private by default', ' '] },
      'U1',
      T0 + 2 * HOUR,
    ).incident;
    expect(resolved.status).toBe('resolved');
    expect(resolved.nextUpdateDueMs).toBeUndefined();
    const pm = postMortemForIncident(resolved, 'Asia/Riyadh');
    expect(pm.timeline.map((e) => e.kind)).toEqual(['declared', 'pinned', 'resolved']);
    expect(pm.timeline[1]?.atMs).toBe(T0 + 20 * MIN);
    expect(pm.actionItems).toEqual(['Private by default']);
    expect(pm.dueAtMs).toBe(T0 + 2 * HOUR + 24 * HOUR);
    expect(pm.timeToResolveMinutes).toBe(120);
  });
});

describe('a post-mortem after the longest update', () => {
  it('shortens a timeline entry past 3000 characters instead of refusing the post-mortem', () => {
    // As long as the update editor allows: its timeline entry (`#1: …`) is 3004 characters.
    const text = `${'Investigating. '.repeat(200)}`.slice(0, 3000);
    const drafted = startIncidentStatusDraft(declare(), {
      text,
      violations: [],
      dueAtMs: T0 + HOUR,
      by: 'sanad',
      atMs: T0,
    })!.incident;
    const approved = approveIncidentStatusDraft(drafted, 1, 0, approver, T0 + MIN).incident;
    const resolved = resolveIncident(
      approved,
      { summary: 'Fixed', cause: 'A bad deploy' },
      'U1',
      T0 + HOUR,
    ).incident;
    const pm = postMortemForIncident(resolved, 'Asia/Riyadh');
    const entry = pm.timeline.find((e) => e.kind === 'update')!;
    expect([...entry.text]).toHaveLength(3000);
    expect(entry.text.startsWith(`#1: ${text.slice(0, 100)}`)).toBe(true);
    expect(entry.text.endsWith('…')).toBe(true);
  });
});

describe('PDPL clock and timers', () => {
  it('reminds at 24, 48, 60, 70 hours and the deadline by default; fractions for trials', () => {
    expect(pdplReminderSchedule(T0).map((r) => [r.hours, r.isDeadline])).toEqual([
      [24, false],
      [48, false],
      [60, false],
      [70, false],
      [72, true],
    ]);
    const short = pdplReminderSchedule(T0, {
      ...DEFAULT_INCIDENT_CADENCE,
      pdplReminderHours: [0.5, 0.25, 5],
      pdplDeadlineHours: 1,
    });
    expect(short.map((r) => [r.hours, r.atMs, r.isDeadline])).toEqual([
      [0.25, T0 + 15 * MIN, false],
      [0.5, T0 + 30 * MIN, false],
      [1, T0 + HOUR, true],
    ]);
  });

  it('stops the cadence and first action on resolve, but the legal clock only once the notice is sent', () => {
    const policy = parsePolicy({});
    const inc = declare({ hasDataLeak: true });
    const kinds = (i: Incident) => planIncidentTimers(policy, i).map((p) => p.data.kind);
    expect(kinds(inc)).toEqual([
      'first-action',
      'status-draft',
      'pdpl-reminder',
      'pdpl-reminder',
      'pdpl-reminder',
      'pdpl-reminder',
      'pdpl-reminder',
    ]);
    const resolved = resolveIncident(inc, { summary: 's', cause: 'c' }, 'U1', T0 + HOUR).incident;
    expect(kinds(resolved).every((k) => k === 'pdpl-reminder')).toBe(true);
    expect(kinds(resolved)).toHaveLength(5);
    const sent = approveIncidentPdplNotice(resolved, 0, founder, T0 + 2 * HOUR).incident;
    expect(kinds(sent)).toEqual([]);
    expect(refusal(() => approveIncidentPdplNotice(resolved, 0, approver, T0)).code).toBe(
      'founder_only',
    );
  });
});

describe('PDPL notice outside Slack', () => {
  const wadi = {
    customerId: 'wadi',
    name: 'Wadi Clinics',
    email: 'reem@wadi.example',
    lang: 'ar' as const,
  };

  it('sends only the notice the founder saw: each edit is a new version (rule 1)', () => {
    const leak = declare({ hasDataLeak: true });
    expect(leak.pdplNotice?.rev).toBeUndefined(); // as stored before versions: version 0
    const edited = editIncidentPdplNotice(
      leak,
      0,
      { en: 'Dear customer, we are writing about your data.' },
      [],
      'UOPS',
      T0 + HOUR,
    );
    expect(edited.incident.pdplNotice).toMatchObject({ rev: 1, editedBy: 'UOPS' });
    const stale = refusal(() => approveIncidentPdplNotice(edited.incident, 0, founder, T0));
    expect(stale.code).toBe('draft_changed');
    expect(stale.messageEn).toBe(
      'The notice changed since this message — review the latest and use its buttons. Nothing was sent.',
    );
    expect(stale.messageAr).toContain('لم يُرسل شيء');
    expect(
      refusal(() => approveIncidentPdplNotice(edited.incident, undefined, founder, T0)).code,
    ).toBe('draft_changed');
    expect(
      refusal(() => editIncidentPdplNotice(edited.incident, 0, { en: 'Mine.' }, [], 'U2', T0)).code,
    ).toBe('draft_changed');
    const sent = approveIncidentPdplNotice(edited.incident, 1, founder, T0 + 2 * HOUR);
    expect(sent.incident.pdplNotice?.texts.en).toBe(
      'Dear customer, we are writing about your data.',
    );
    expect(sent.ledger[0]?.details).toMatchObject({ rev: 1 });
    expect(pdplNoticeChangedSince(sent.incident, 0, 'approve')).toBeNull();
    expect(refusal(() => approveIncidentPdplNotice(sent.incident, 1, founder, T0)).code).toBe(
      'notice_already_sent',
    );
  });

  it('lists the customers outside Slack at approval, in the ledger too', () => {
    const t = approveIncidentPdplNotice(declare({ hasDataLeak: true }), 0, founder, T0 + HOUR, [
      wadi,
    ]);
    expect(t.incident.pdplByHand).toEqual([wadi]);
    expect(t.incident.timeline.at(-1)?.text).toContain('1 to be told by hand');
    expect(t.ledger.map((e) => [e.action, e.details?.customerId])).toEqual([
      ['incident.pdpl_notice_approved', undefined],
      ['incident.pdpl_notice_by_hand', 'wadi'],
    ]);
  });

  it('records a send by hand once, by an approver, for a listed customer of a sent notice', () => {
    const leak = declare({ hasDataLeak: true });
    expect(refusal(() => recordPdplNoticeSentByHand(leak, 'wadi', approver, T0)).code).toBe(
      'not_found',
    );
    const sent = approveIncidentPdplNotice(leak, 0, founder, T0 + HOUR, [wadi]).incident;
    expect(refusal(() => recordPdplNoticeSentByHand(sent, 'acme', approver, T0)).code).toBe(
      'not_found',
    );
    expect(refusal(() => recordPdplNoticeSentByHand(sent, 'wadi', operator, T0)).code).toBe(
      'approver_only',
    );
    const t = recordPdplNoticeSentByHand(sent, 'wadi', approver, T0 + 80 * HOUR)!;
    expect(t.incident.pdplByHand?.[0]).toMatchObject({
      notifiedBy: 'UAPPROVER',
      notifiedAtMs: T0 + 80 * HOUR,
    });
    expect(t.incident.timeline.at(-1)?.text).toContain('Wadi Clinics');
    // After the 72 h deadline: the ledger says so.
    expect(t.ledger[0]?.details).toMatchObject({ customerId: 'wadi', withinDeadline: false });
    // Until recorded, the send waits for approvers (the App Home), with who is left.
    expect(incidentApprovalsFor(sent, approver)).toEqual([
      expect.objectContaining({ kind: 'pdpl_by_hand', customerNames: ['Wadi Clinics'] }),
    ]);
    expect(incidentApprovalsFor(sent, operator)).toEqual([]);
    expect(incidentApprovalsWaiting(t.incident)).toEqual([]);
    expect(recordPdplNoticeSentByHand(t.incident, 'wadi', founder, T0 + 81 * HOUR)).toBeNull();
  });
});

describe('approvals waiting (the App Home)', () => {
  const draftOf = (inc: Incident) =>
    startIncidentStatusDraft(inc, {
      text: 'We are working on it.',
      violations: [],
      dueAtMs: inc.nextUpdateDueMs!,
      by: 'sanad',
      atMs: T0 + 30 * MIN,
    })!.incident;
  const kinds = (inc: Incident, actor: Actor) =>
    incidentApprovalsFor(inc, actor).map((a) => a.kind);

  it('lists a SEV1 update and the PDPL notice for founders only; a SEV3 update for approvers', () => {
    const leak = draftOf(declare({ hasDataLeak: true }));
    expect(kinds(leak, founder)).toEqual(['incident_update', 'pdpl_notice']);
    expect(kinds(leak, approver)).toEqual([]);
    expect(kinds(leak, operator)).toEqual([]);
    const [update, notice] = incidentApprovalsWaiting(leak);
    expect(update).toMatchObject({ seq: 1, dueMs: leak.nextUpdateDueMs, severity: 'SEV1' });
    expect(notice?.dueMs).toBe(T0 + 72 * HOUR);
    const minor = draftOf(declare());
    expect(kinds(minor, approver)).toEqual(['incident_update']);
    expect(kinds(minor, operator)).toEqual([]);
  });

  it('links to the message with the buttons: the draft, the newest PDPL message', () => {
    const posted: Incident = {
      ...draftOf(declare({ hasDataLeak: true })),
      channelId: 'C1',
      pdplReminders: [
        { hours: 24, channelId: 'C1', ts: '2.0', isDeadline: false },
        { hours: 0, channelId: 'C1', ts: '1.0', isDeadline: false },
      ],
    };
    posted.draft = { ...posted.draft!, ts: '1.5' };
    expect(incidentApprovalsWaiting(posted).map((a) => a.message)).toEqual([
      { channelId: 'C1', ts: '1.5' },
      { channelId: 'C1', ts: '2.0' },
    ]);
    // Not posted yet: no link.
    expect(incidentApprovalsWaiting(draftOf(declare({ hasDataLeak: true })))[0]?.message).toBe(
      undefined,
    );
  });

  it('drops an approved update and a sent notice; the notice outlives resolve until sent', () => {
    const leak = draftOf(declare({ hasDataLeak: true }));
    const approved = approveIncidentStatusDraft(leak, 1, 0, founder, T0 + HOUR).incident;
    expect(kinds(approved, founder)).toEqual(['pdpl_notice']);
    const resolved = resolveIncident(leak, { summary: 's', cause: 'c' }, 'U1', T0 + HOUR).incident;
    expect(kinds(resolved, founder)).toEqual(['pdpl_notice']);
    const sent = approveIncidentPdplNotice(resolved, 0, founder, T0 + 2 * HOUR).incident;
    expect(incidentApprovalsWaiting(sent)).toEqual([]);
  });
});

describe('policy', () => {
  it('defaults incident clocks to SPEC §1.3 and accepts shorter ones, fractions included', () => {
    const d = parsePolicy({});
    expect(d.incidents.statusUpdateMinutes).toEqual({ SEV1: 30, SEV2: 60, SEV3: 240 });
    expect(d.incidents.firstActionMinutes).toEqual({ SEV1: 15, SEV2: 30, SEV3: 120 });
    expect(d.incidents.pdplReminderHours).toEqual([24, 48, 60, 70, 72]);
    expect(d.incidents.pdplDeadlineHours).toBe(72);
    const short = parsePolicy({
      incidents: { statusUpdateMinutes: { SEV1: 0.5 }, pdplReminderHours: [0.01] },
    });
    expect(short.incidents.statusUpdateMinutes).toEqual({ SEV1: 0.5, SEV2: 60, SEV3: 240 });
    expect(short.incidents.pdplReminderHours).toEqual([0.01]);
    expect(() => parsePolicy({ incidents: { firstActionMinutes: { SEV1: -1 } } })).toThrow(
      'incidents.firstActionMinutes.SEV1',
    );
    expect(() => parsePolicy({ incidents: { statusUpdateMinutes: { SEV4: 1 } } })).toThrow(
      'incidents.statusUpdateMinutes',
    );
  });
});
