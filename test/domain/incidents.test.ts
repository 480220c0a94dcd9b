import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import {
  buildIncidentChannelName,
  buildIncidentResponsePlan,
  buildPdplClock,
  buildPostMortemDraft,
  CANONICAL_INCIDENT_STEPS,
  firstActionDueAtMs,
  getIncidentSeverity,
  INCIDENT_SEVERITIES,
  nextStatusUpdateDueAtMs,
  PDPL_NOTIFICATION_HOURS,
  PDPL_REMINDER_HOURS,
  postMortemDueAtMs,
  triageIncident,
} from '../../src/domain/incidents.ts';

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
  expect(err.message.length).toBeGreaterThan(10);
  return err;
}

const MIN = 60_000;
const HOUR = 3_600_000;

describe('INCIDENT_SEVERITIES', () => {
  it('holds the SPEC §1.3 table exactly', () => {
    expect(
      INCIDENT_SEVERITIES.map((s) => [
        s.id,
        s.firstActionMinutes,
        s.statusUpdateMinutes,
        s.postMortemDueHours,
      ]),
    ).toEqual([
      ['SEV1', 15, 30, 24],
      ['SEV2', 30, 60, 48],
      ['SEV3', 120, 240, null],
    ]);
    expect(INCIDENT_SEVERITIES.map((s) => s.postMortemRequired)).toEqual([true, true, false]);
  });

  it('has bilingual labels, conditions and extra steps', () => {
    for (const s of INCIDENT_SEVERITIES) {
      expect(s.labelAr).toMatch(/\p{Script=Arabic}/u);
      expect(s.labelEn).toMatch(/[A-Za-z]/);
      expect(s.whenAr).toMatch(/\p{Script=Arabic}/u);
      expect(s.whenEn.length).toBeGreaterThan(3);
      expect(s.extraStepsAr.length).toBe(s.extraStepsEn.length);
      expect(s.extraStepsAr.length).toBeGreaterThan(0);
    }
    expect(getIncidentSeverity('SEV1').extraStepsEn.join(' ')).toMatch(/founder.*crisis cell/i);
    expect(getIncidentSeverity('SEV1').extraStepsEn.join(' ')).toMatch(/legal review/i);
    expect(getIncidentSeverity('SEV2').extraStepsEn.join(' ')).toMatch(/every 60 minutes/);
    expect(getIncidentSeverity('SEV3').extraStepsEn.join(' ')).toMatch(/each step/);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(INCIDENT_SEVERITIES)).toBe(true);
    expect(Object.isFrozen(INCIDENT_SEVERITIES[0])).toBe(true);
  });
});

describe('triageIncident', () => {
  it('is SEV1 on a data leak whatever the count', () => {
    for (const affectedCustomers of [0, 1, 4, 5, 100]) {
      const t = triageIncident({ title: 'Leak', hasDataLeak: true, affectedCustomers });
      expect(t.severity).toBe('SEV1');
      expect(t.pdplNotificationRequired).toBe(true);
    }
  });

  it('is SEV1 on an unapproved send whatever the count, without PDPL when no data leaked', () => {
    for (const affectedCustomers of [0, 1, 4, 5, 100]) {
      const t = triageIncident({
        title: 'Sent without approval',
        hasUnauthorizedSend: true,
        affectedCustomers,
      });
      expect(t.severity).toBe('SEV1');
      expect(t.pdplNotificationRequired).toBe(false);
    }
  });

  it('gives SEV1 reasons that name what happened', () => {
    const both = triageIncident({ title: 'x', hasDataLeak: true, hasUnauthorizedSend: true });
    expect(both.reasonEn).toMatch(/data leak/i);
    expect(both.reasonEn).toMatch(/unapproved send/i);
    expect(both.reasonAr).toContain('تسريب بيانات');
    expect(both.reasonAr).toContain('إرسال بدون موافقة');
  });

  it('is SEV2 at 5 affected customers and above, SEV3 at 4 and below', () => {
    expect(triageIncident({ title: 't', affectedCustomers: 4 }).severity).toBe('SEV3');
    const five = triageIncident({ title: 't', affectedCustomers: 5 });
    expect(five.severity).toBe('SEV2');
    expect(five.reasonEn).toContain('5');
    expect(triageIncident({ title: 't', affectedCustomers: 6 }).severity).toBe('SEV2');
    expect(triageIncident({ title: 't', affectedCustomers: 0 }).severity).toBe('SEV3');
  });

  it('defaults to one affected customer and no leak/unapproved send (SEV3)', () => {
    const t = triageIncident({ title: '  Slow dashboard  ' });
    expect(t).toMatchObject({
      severity: 'SEV3',
      title: 'Slow dashboard',
      description: '',
      affectedCustomers: 1,
      hasDataLeak: false,
      hasUnauthorizedSend: false,
      pdplNotificationRequired: false,
      approvalRequired: true,
      liveSendAllowed: false,
      firstActionMinutes: 120,
      statusUpdateMinutes: 240,
    });
    expect(t.severityDetails.id).toBe('SEV3');
    expect(t.reasonAr).toMatch(/\p{Script=Arabic}/u);
  });

  it('always requires approval and never allows a live send', () => {
    const t = triageIncident({ title: 'x', hasDataLeak: true });
    expect(t.approvalRequired).toBe(true);
    expect(t.liveSendAllowed).toBe(false);
    expect(t.severityDetails.firstActionMinutes).toBe(15);
  });

  it('caps the title at 120 characters (after trimming)', () => {
    expect(triageIncident({ title: 'a'.repeat(120) }).title).toHaveLength(120);
    expect(triageIncident({ title: `  ${'a'.repeat(120)}  ` }).title).toHaveLength(120);
    expect(triageIncident({ title: 'ت'.repeat(120) }).title).toHaveLength(120);
    expectDomainError(() => triageIncident({ title: 'a'.repeat(121) }), 'text_too_long', 'title');
    expectDomainError(() => triageIncident({ title: 'ت'.repeat(121) }), 'text_too_long', 'title');
  });

  it('requires a title', () => {
    expectDomainError(() => triageIncident({ title: '' }), 'invalid_input', 'title');
    expectDomainError(() => triageIncident({ title: '   ' }), 'invalid_input', 'title');
    expectDomainError(
      () => triageIncident({ title: undefined as unknown as string }),
      'invalid_input',
      'title',
    );
  });

  it('caps the description at 500 characters', () => {
    expect(triageIncident({ title: 't', description: 'd'.repeat(500) }).description).toHaveLength(
      500,
    );
    expectDomainError(
      () => triageIncident({ title: 't', description: 'd'.repeat(501) }),
      'text_too_long',
      'description',
    );
    expectDomainError(
      () => triageIncident({ title: 't', description: 5 as unknown as string }),
      'invalid_input',
      'description',
    );
  });

  it('requires affectedCustomers to be a non-negative whole number', () => {
    for (const bad of [-1, 2.5, Number.NaN, '5']) {
      expectDomainError(
        () => triageIncident({ title: 't', affectedCustomers: bad as number }),
        'invalid_input',
        'affectedCustomers',
      );
    }
  });

  it('requires booleans for the flags', () => {
    expectDomainError(
      () => triageIncident({ title: 't', hasDataLeak: 'yes' as unknown as boolean }),
      'invalid_input',
      'hasDataLeak',
    );
    expectDomainError(
      () => triageIncident({ title: 't', hasUnauthorizedSend: 1 as unknown as boolean }),
      'invalid_input',
      'hasUnauthorizedSend',
    );
  });
});

describe('buildIncidentResponsePlan', () => {
  const canonicalEn = [
    'Freeze live actions on the channel concerned',
    'Notify the founder and the on-call operator',
    'Open an incident channel with a timeline',
    'Review the action ledger for related actions',
    'If data leaked, notify the affected customers within 72 hours (PDPL)',
  ];

  it.each(['SEV1', 'SEV2', 'SEV3'])('%s starts with the five canonical steps', (severity) => {
    const plan = buildIncidentResponsePlan({ severity });
    expect(plan.planEn.slice(0, 5)).toEqual(canonicalEn);
    expect(plan.steps.slice(0, 5).map((s) => s.id)).toEqual(
      CANONICAL_INCIDENT_STEPS.map((s) => s.id),
    );
    expect(plan.planAr).toHaveLength(plan.planEn.length);
    expect(plan.planAr[4]).toContain('72');
    expect(plan.planAr[4]).toContain('PDPL');
    expect(plan.steps.at(-1)?.id).toBe('post_mortem');
    expect(plan.approvalRequired).toBe(true);
    expect(plan.liveSendAllowed).toBe(false);
  });

  it('SEV1 adds the founder line + crisis cell, legal review, and a post-mortem within 24 h', () => {
    const plan = buildIncidentResponsePlan({ severity: 'SEV1' });
    expect(plan.steps.map((s) => s.id)).toEqual([
      ...CANONICAL_INCIDENT_STEPS.map((s) => s.id),
      'founder_direct_line',
      'legal_review',
      'post_mortem',
    ]);
    expect(plan.planEn[7]).toBe('Post-mortem within 24 hours of resolution');
    expect(plan.planAr[7]).toContain('24');
    expect(plan.firstActionMinutes).toBe(15);
    expect(plan.statusUpdateMinutes).toBe(30);
  });

  it('SEV2 adds hourly customer updates and a post-mortem within 48 h', () => {
    const plan = buildIncidentResponsePlan({ severity: 'SEV2' });
    expect(plan.steps.map((s) => s.id).slice(5)).toEqual([
      'update_customers_hourly',
      'post_mortem',
    ]);
    expect(plan.planEn[6]).toContain('48 hours');
  });

  it('SEV3 adds an update at each step and an optional post-mortem', () => {
    const plan = buildIncidentResponsePlan({ severity: 'SEV3' });
    expect(plan.steps.map((s) => s.id).slice(5)).toEqual([
      'update_customer_each_step',
      'post_mortem',
    ]);
    expect(plan.planEn[6]).toMatch(/optional/i);
    expect(plan.postMortemDueHours).toBeNull();
  });

  it('accepts lower case and rejects unknown severities', () => {
    expect(buildIncidentResponsePlan({ severity: ' sev2 ' }).severity).toBe('SEV2');
    expectDomainError(
      () => buildIncidentResponsePlan({ severity: 'SEV4' }),
      'unknown_severity',
      'severity',
    );
    expectDomainError(
      () => buildIncidentResponsePlan({ severity: '' }),
      'unknown_severity',
      'severity',
    );
  });
});

describe('incident clocks', () => {
  const t0 = Date.UTC(2026, 10, 22, 7, 0);

  it('first action and status-update due times follow the severity', () => {
    expect(firstActionDueAtMs('SEV1', t0)).toBe(t0 + 15 * MIN);
    expect(firstActionDueAtMs('SEV2', t0)).toBe(t0 + 30 * MIN);
    expect(firstActionDueAtMs('SEV3', t0)).toBe(t0 + 120 * MIN);
    expect(nextStatusUpdateDueAtMs('SEV1', t0)).toBe(t0 + 30 * MIN);
    expect(nextStatusUpdateDueAtMs('SEV2', t0)).toBe(t0 + 60 * MIN);
    expect(nextStatusUpdateDueAtMs('SEV3', t0)).toBe(t0 + 240 * MIN);
  });

  it('post-mortem is due 24 h (SEV1) / 48 h (SEV2) after resolution, optional for SEV3', () => {
    expect(postMortemDueAtMs('SEV1', t0)).toBe(t0 + 24 * HOUR);
    expect(postMortemDueAtMs('SEV2', t0)).toBe(t0 + 48 * HOUR);
    expect(postMortemDueAtMs('SEV3', t0)).toBeNull();
    expectDomainError(() => postMortemDueAtMs('SEV0', t0), 'unknown_severity');
    expectDomainError(() => postMortemDueAtMs('SEV1', Number.NaN), 'invalid_input', 'resolvedAtMs');
  });

  it('PDPL: 72 hours with reminders at 24, 48, 60, 70 and 72 hours', () => {
    expect(PDPL_NOTIFICATION_HOURS).toBe(72);
    expect([...PDPL_REMINDER_HOURS]).toEqual([24, 48, 60, 70, 72]);
    const clock = buildPdplClock({ detectedAtMs: t0 });
    expect(clock.deadlineAtMs).toBe(t0 + 72 * HOUR);
    expect(clock.reminders.map((r) => [r.hoursAfter, r.hoursLeft, r.atMs - t0])).toEqual([
      [24, 48, 24 * HOUR],
      [48, 24, 48 * HOUR],
      [60, 12, 60 * HOUR],
      [70, 2, 70 * HOUR],
      [72, 0, 72 * HOUR],
    ]);
    expect(clock.reminders.filter((r) => r.isDeadline)).toHaveLength(1);
    expectDomainError(
      () => buildPdplClock({ detectedAtMs: Number.NaN }),
      'invalid_input',
      'detectedAtMs',
    );
  });
});

describe('buildIncidentChannelName', () => {
  it('builds inc-YYYYMMDD-NNN-<slug>', () => {
    expect(
      buildIncidentChannelName({
        dateYmd: '20261122',
        sequence: 1,
        title: 'WhatsApp send failed!',
      }),
    ).toBe('inc-20261122-001-whatsapp-send-failed');
    expect(buildIncidentChannelName({ dateYmd: '20261122', sequence: 42, title: 'Gmail' })).toBe(
      'inc-20261122-042-gmail',
    );
    expect(buildIncidentChannelName({ dateYmd: '20261122', sequence: 1000, title: 'x' })).toBe(
      'inc-20261122-1000-x',
    );
  });

  it('gives no slug for an all-Arabic title', () => {
    expect(
      buildIncidentChannelName({ dateYmd: '20261122', sequence: 1, title: 'تسريب بيانات العملاء' }),
    ).toBe('inc-20261122-001');
    expect(buildIncidentChannelName({ dateYmd: '20261122', sequence: 1, title: '٣ عملاء ⚠️' })).toBe(
      'inc-20261122-001',
    );
    expect(buildIncidentChannelName({ dateYmd: '20261122', sequence: 1 })).toBe('inc-20261122-001');
  });

  it('keeps only ASCII letters and digits of a mixed title, accents folded', () => {
    const name = buildIncidentChannelName({
      dateYmd: '20261122',
      sequence: 3,
      title: 'تعطل WhatsApp عند Café_Riyadh (2)',
    });
    expect(name).toBe('inc-20261122-003-whatsapp-cafe-riyadh-2');
    expect(name).toMatch(/^[a-z0-9_-]+$/);
  });

  it('stays within 80 characters, with or without a suffix', () => {
    const title = 'Customer data exposed through a misconfigured shared Google Sheet link '.repeat(
      3,
    );
    const name = buildIncidentChannelName({ dateYmd: '20261122', sequence: 7, title });
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name.startsWith('inc-20261122-007-customer-data-exposed')).toBe(true);
    expect(name.endsWith('-')).toBe(false);
    const withSuffix = buildIncidentChannelName({
      dateYmd: '20261122',
      sequence: 7,
      title,
      suffix: 2,
    });
    expect(withSuffix.length).toBeLessThanOrEqual(80);
    expect(withSuffix.endsWith('-2')).toBe(true);
    expect(withSuffix).toMatch(/^[a-z0-9_-]+$/);
    expect(
      buildIncidentChannelName({ dateYmd: '20261122', sequence: 1, title: 'تسريب', suffix: 2 }),
    ).toBe('inc-20261122-001-2');
  });

  it('is exactly 80 characters when the slug fills the room', () => {
    const name = buildIncidentChannelName({
      dateYmd: '20261122',
      sequence: 1,
      title: 'a'.repeat(100),
    });
    expect(name).toHaveLength(80);
    const suffixed = buildIncidentChannelName({
      dateYmd: '20261122',
      sequence: 1,
      title: 'a'.repeat(100),
      suffix: 12,
    });
    expect(suffixed).toHaveLength(80);
    expect(suffixed.endsWith('a-12')).toBe(true);
  });

  it('rejects a bad date, sequence or suffix', () => {
    expectDomainError(
      () => buildIncidentChannelName({ dateYmd: '2026-11-22', sequence: 1 }),
      'invalid_input',
      'dateYmd',
    );
    expectDomainError(
      () => buildIncidentChannelName({ dateYmd: '20261332', sequence: 1 }),
      'invalid_input',
      'dateYmd',
    );
    expectDomainError(
      () => buildIncidentChannelName({ dateYmd: '20261122', sequence: 0 }),
      'invalid_input',
      'sequence',
    );
    expectDomainError(
      () => buildIncidentChannelName({ dateYmd: '20261122', sequence: 1.5 }),
      'invalid_input',
      'sequence',
    );
    expectDomainError(
      () => buildIncidentChannelName({ dateYmd: '20261122', sequence: 1, suffix: 'a b' }),
      'invalid_input',
      'suffix',
    );
    expectDomainError(
      () => buildIncidentChannelName({ dateYmd: '20261122', sequence: 1, suffix: -1 }),
      'invalid_input',
      'suffix',
    );
  });
});

describe('buildPostMortemDraft', () => {
  const declaredAtMs = Date.UTC(2026, 10, 22, 7, 0); // 10:00 Riyadh
  const base = {
    incident: {
      severity: 'SEV1',
      title: 'Drafts sent without approval',
      affectedCustomers: 3,
      hasUnauthorizedSend: true,
    },
    declaredAtMs,
    firstActionAtMs: declaredAtMs + 12 * MIN,
    resolvedAtMs: declaredAtMs + 150 * MIN,
    summary: 'A misconfigured flag sent 3 drafts.',
    cause: 'Feature flag defaulted to live.',
    timeline: [
      { atMs: declaredAtMs + 150 * MIN, kind: 'resolved', text: 'Resolved' },
      { atMs: declaredAtMs, kind: 'declared', text: 'Incident declared' },
      { atMs: declaredAtMs + 12 * MIN, kind: 'plan_step', text: 'Live actions frozen' },
      { atMs: declaredAtMs + 12 * MIN, kind: 'pinned', text: 'Customer screenshot' },
    ],
  };

  it('sorts the timeline by its own timestamps, keeping ties in order', () => {
    const d = buildPostMortemDraft(base);
    expect(d.timeline.map((e) => e.kind)).toEqual(['declared', 'plan_step', 'pinned', 'resolved']);
    const timelineSection = d.sections.find((s) => s.id === 'timeline');
    expect(timelineSection?.bodyEn.split('\n')[0]).toBe(
      '2026-11-22 10:00 — declared: Incident declared',
    );
  });

  it('measures time to first action and to resolve, and the due time', () => {
    const d = buildPostMortemDraft(base);
    expect(d.timeToFirstActionMinutes).toBe(12);
    expect(d.firstActionWithinTarget).toBe(true);
    expect(d.timeToResolveMinutes).toBe(150);
    expect(d.dueAtMs).toBe(base.resolvedAtMs + 24 * HOUR);
    expect(d.postMortemRequired).toBe(true);
    expect(d.titleEn).toBe('Post-mortem: Drafts sent without approval');
    expect(d.titleAr).toContain('Drafts sent without approval');
    expect(d.sections.map((s) => s.id)).toEqual([
      'summary',
      'impact',
      'timeline',
      'cause',
      'response',
      'action_items',
    ]);
    expect(d.approvalRequired).toBe(true);
    expect(d.liveSendAllowed).toBe(false);
  });

  it('judges the first action against the severity target at, below and above the edge', () => {
    const at = buildPostMortemDraft({ ...base, firstActionAtMs: declaredAtMs + 15 * MIN });
    expect(at.firstActionWithinTarget).toBe(true);
    const above = buildPostMortemDraft({ ...base, firstActionAtMs: declaredAtMs + 16 * MIN });
    expect(above.firstActionWithinTarget).toBe(false);
    expect(above.suggestedActionItemsEn.join(' ')).toMatch(/15-minute target/);
    const none = buildPostMortemDraft({ ...base, firstActionAtMs: undefined });
    expect(none.timeToFirstActionMinutes).toBeNull();
    expect(none.firstActionWithinTarget).toBeNull();
  });

  it('uses 48 h for SEV2 and no due time for SEV3', () => {
    expect(
      buildPostMortemDraft({ ...base, incident: { severity: 'SEV2', title: 't' } }).dueAtMs,
    ).toBe(base.resolvedAtMs + 48 * HOUR);
    const sev3 = buildPostMortemDraft({ ...base, incident: { severity: 'SEV3', title: 't' } });
    expect(sev3.dueAtMs).toBeNull();
    expect(sev3.postMortemRequired).toBe(false);
  });

  it('keeps given action items and suggests ones from the facts', () => {
    const d = buildPostMortemDraft({
      ...base,
      incident: { ...base.incident, hasDataLeak: true },
      actionItems: ['  Default all flags to draft-only ', ''],
    });
    expect(d.actionItems).toEqual(['Default all flags to draft-only']);
    expect(d.suggestedActionItemsEn.join(' ')).toMatch(/PDPL/);
    expect(d.suggestedActionItemsEn.join(' ')).toMatch(/approval gates/);
    expect(d.suggestedActionItemsAr).toHaveLength(d.suggestedActionItemsEn.length);
    const items = d.sections.find((s) => s.id === 'action_items');
    expect(items?.bodyEn).toContain('Default all flags to draft-only');
  });

  it('accepts a triage result as the incident facts', () => {
    const triage = triageIncident({
      title: 'Leak via sheet',
      hasDataLeak: true,
      affectedCustomers: 2,
    });
    const d = buildPostMortemDraft({ ...base, incident: triage });
    expect(d.severity).toBe('SEV1');
    expect(d.sections.find((s) => s.id === 'impact')?.bodyEn).toContain('Data leak: yes');
  });

  it('rejects inconsistent or missing facts', () => {
    expectDomainError(
      () => buildPostMortemDraft({ ...base, resolvedAtMs: declaredAtMs - 1 }),
      'invalid_input',
      'resolvedAtMs',
    );
    expectDomainError(
      () => buildPostMortemDraft({ ...base, firstActionAtMs: declaredAtMs - 1 }),
      'invalid_input',
      'firstActionAtMs',
    );
    expectDomainError(
      () => buildPostMortemDraft({ ...base, summary: ' ' }),
      'invalid_input',
      'summary',
    );
    expectDomainError(() => buildPostMortemDraft({ ...base, cause: '' }), 'invalid_input', 'cause');
    expectDomainError(
      () => buildPostMortemDraft({ ...base, incident: { severity: 'SEV9', title: 't' } }),
      'unknown_severity',
      'incident.severity',
    );
    expectDomainError(
      () =>
        buildPostMortemDraft({ ...base, timeline: [{ atMs: Number.NaN, kind: 'x', text: 'y' }] }),
      'invalid_input',
      'timeline[0].atMs',
    );
    expectDomainError(
      () => buildPostMortemDraft({ ...base, timeline: [{ atMs: 1, kind: ' ', text: 'y' }] }),
      'invalid_input',
      'timeline[0].kind',
    );
    expectDomainError(
      () => buildPostMortemDraft({ ...base, timeZone: 'Nope/Zone' }),
      'invalid_input',
      'timeZone',
    );
  });
});
