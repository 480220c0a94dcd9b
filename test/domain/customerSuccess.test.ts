import { describe, expect, it } from 'vitest';
import {
  assertCadenceType,
  buildAtRiskAlert,
  buildCustomerSuccessPlan,
  buildWeeklyCheckIn,
  CADENCE_TYPES,
} from '../../src/domain/customerSuccess.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { customerTextViolations } from '../../src/domain/incidents.ts';

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

const DAY = 86_400_000;

describe('CADENCE_TYPES', () => {
  it('has the six SPEC cadences', () => {
    expect([...CADENCE_TYPES]).toEqual([
      'weekly_check_in',
      'monthly_proof_review',
      'quarterly_business_review',
      'at_risk_alert',
      'renewal_30_day',
      'renewal_7_day',
    ]);
  });

  it('rejects an unknown cadence', () => {
    expect(assertCadenceType('renewal_7_day')).toBe('renewal_7_day');
    expectDomainError(() => assertCadenceType('daily_ping'), 'unknown_cadence', 'type');
  });
});

describe('buildWeeklyCheckIn', () => {
  const metrics = {
    draftsApproved: 12,
    replies: 5,
    meetings: 2,
    risksBlocked: 3,
    pipelineSar: 150_000,
  };

  it('is a 25-minute meeting of five 5-minute items in the SPEC order', () => {
    const w = buildWeeklyCheckIn({ customerId: 'c1', companyName: 'شركة نمو', metrics });
    expect(w).toMatchObject({
      type: 'weekly_check_in',
      customerId: 'c1',
      companyName: 'شركة نمو',
      durationMinutes: 25,
      approvalRequired: true,
      liveSendAllowed: false,
    });
    expect(w.agendaAr).toHaveLength(5);
    expect(w.agendaEn).toHaveLength(5);
    expect(w.agenda.map((i) => i.id)).toEqual([
      'last_proof_pack',
      'top_pipeline_opportunity',
      'top_channel_risk',
      'next_week_plan',
      'help_needed',
    ]);
    expect(w.agenda.reduce((sum, i) => sum + i.minutes, 0)).toBe(25);
    expect(w.agendaEn[0]).toMatch(/Last Proof Pack/);
    expect(w.agendaEn[1]).toMatch(/Top pipeline opportunity/);
    expect(w.agendaEn[2]).toMatch(/Top channel risk/);
    expect(w.agendaEn[3]).toMatch(/Next week's plan/);
    expect(w.agendaEn[4]).toMatch(/Any help needed/);
    for (const item of w.agendaAr) expect(item).toMatch(/\p{Script=Arabic}/u);
  });

  it('builds talking points from the metrics; the pipeline point names Pipeline and the SAR value', () => {
    const w = buildWeeklyCheckIn({ customerId: 'c1', companyName: 'Acme', metrics });
    expect(w.talkingPointsEn).toEqual([
      'Drafts approved this week: 12',
      'Replies received: 5',
      'Meetings booked: 2',
      'Risks blocked before sending: 3',
      'Pipeline: 150,000 SAR',
    ]);
    expect(w.talkingPointsAr).toHaveLength(5);
    expect(w.talkingPointsAr[0]).toContain('12');
    const pipelineAr = w.talkingPointsAr[4]!;
    expect(pipelineAr).toContain('Pipeline');
    expect(pipelineAr).toContain('150,000');
    expect(pipelineAr).toContain('ريال');
  });

  it('treats missing metrics as zero and accepts zeros', () => {
    const w = buildWeeklyCheckIn({
      customerId: 'c1',
      companyName: 'Acme',
      metrics: { pipelineSar: 0 },
    });
    expect(w.metrics).toEqual({
      draftsApproved: 0,
      replies: 0,
      meetings: 0,
      risksBlocked: 0,
      pipelineSar: 0,
    });
    expect(w.talkingPointsEn[4]).toBe('Pipeline: 0 SAR');
    expect(buildWeeklyCheckIn({ customerId: 'c1', companyName: 'Acme' }).metrics.replies).toBe(0);
  });

  it('keeps fractional SAR to two decimals', () => {
    const w = buildWeeklyCheckIn({
      customerId: 'c',
      companyName: 'A',
      metrics: { pipelineSar: 1234567.891 },
    });
    expect(w.talkingPointsEn[4]).toBe('Pipeline: 1,234,567.89 SAR');
  });

  it.each(['draftsApproved', 'replies', 'meetings', 'risksBlocked', 'pipelineSar'])(
    'rejects a negative or non-numeric %s, naming it',
    (key) => {
      expectDomainError(
        () =>
          buildWeeklyCheckIn({
            customerId: 'c',
            companyName: 'A',
            metrics: { ...metrics, [key]: -1 },
          }),
        'invalid_input',
        `metrics.${key}`,
      );
      expectDomainError(
        () =>
          buildWeeklyCheckIn({
            customerId: 'c',
            companyName: 'A',
            metrics: { ...metrics, [key]: '5' } as never,
          }),
        'invalid_input',
        `metrics.${key}`,
      );
      expectDomainError(
        () =>
          buildWeeklyCheckIn({
            customerId: 'c',
            companyName: 'A',
            metrics: { ...metrics, [key]: Number.NaN },
          }),
        'invalid_input',
        `metrics.${key}`,
      );
    },
  );

  it('requires a customer id', () => {
    expectDomainError(
      () => buildWeeklyCheckIn({ customerId: '', companyName: 'A', metrics }),
      'invalid_input',
      'customerId',
    );
  });
});

describe('buildAtRiskAlert', () => {
  const score = (daysInactive: number, draftsPending: number, lastProofPackDaysAgo: number) =>
    buildAtRiskAlert({ customerId: 'c', daysInactive, draftsPending, lastProofPackDaysAgo });

  it('inactivity: 6 days +0, 7 days +20, 13 days +20, 14 days +40', () => {
    expect(score(6, 0, 0).riskScore).toBe(0);
    expect(score(7, 0, 0).riskScore).toBe(20);
    expect(score(13, 0, 0).riskScore).toBe(20);
    expect(score(14, 0, 0).riskScore).toBe(40);
    expect(score(100, 0, 0).riskScore).toBe(40);
  });

  it('pending drafts: 4 +0, 5 +10, 9 +10, 10 +25', () => {
    expect(score(0, 4, 0).riskScore).toBe(0);
    expect(score(0, 5, 0).riskScore).toBe(10);
    expect(score(0, 9, 0).riskScore).toBe(10);
    expect(score(0, 10, 0).riskScore).toBe(25);
  });

  it('last Proof Pack: 13 days +0, 14 days +30', () => {
    expect(score(0, 0, 13).riskScore).toBe(0);
    expect(score(0, 0, 14).riskScore).toBe(30);
  });

  it('adds the parts and stays within 0..100', () => {
    expect(score(14, 10, 14).riskScore).toBe(95);
    expect(score(1000, 1000, 1000).riskScore).toBe(95);
    expect(score(0, 0, 0).riskScore).toBe(0);
  });

  it('severity: 25 low, 30 medium, 55 medium, 60 high', () => {
    expect(score(0, 10, 0)).toMatchObject({ riskScore: 25, severity: 'low' });
    expect(score(0, 0, 14)).toMatchObject({ riskScore: 30, severity: 'medium' });
    expect(score(7, 5, 0)).toMatchObject({ riskScore: 30, severity: 'medium' });
    expect(score(0, 10, 14)).toMatchObject({ riskScore: 55, severity: 'medium' });
    expect(score(7, 5, 14)).toMatchObject({ riskScore: 60, severity: 'high' });
    expect(score(14, 10, 0)).toMatchObject({ riskScore: 65, severity: 'high' });
  });

  it('recommends by severity', () => {
    const high = score(14, 10, 14);
    expect(high.recommendedActionEn).toMatch(/founder/i);
    expect(high.recommendedActionEn).toMatch(/QBR this week/);
    expect(high.recommendedActionAr).toContain('المؤسس');
    const medium = score(0, 0, 14);
    expect(medium.recommendedActionEn).toMatch(/Proof Pack summary/);
    expect(medium.recommendedActionEn).toMatch(/demo of a new service/);
    const low = score(0, 0, 0);
    expect(low.severity).toBe('low');
    expect(low.recommendedActionEn).toMatch(/weekly check-in/i);
  });

  it('lists each reason in both languages', () => {
    const a = score(14, 5, 14);
    expect(a.reasonsEn).toHaveLength(3);
    expect(a.reasonsAr).toHaveLength(3);
    expect(a.reasonsEn[0]).toMatch(/Inactive for 14 days/);
    expect(a.reasonsEn[1]).toMatch(/5 drafts/);
    expect(a.reasonsEn[2]).toMatch(/Proof Pack 14 days/);
    expect(score(0, 0, 0).reasonsEn).toEqual([]);
    expect(a).toMatchObject({
      type: 'at_risk_alert',
      approvalRequired: true,
      liveSendAllowed: false,
    });
  });

  it('rejects negative or non-numeric inputs, naming the field', () => {
    expectDomainError(() => score(-1, 0, 0), 'invalid_input', 'daysInactive');
    expectDomainError(() => score(0, -1, 0), 'invalid_input', 'draftsPending');
    expectDomainError(() => score(0, 0, Number.NaN), 'invalid_input', 'lastProofPackDaysAgo');
    expectDomainError(
      () =>
        buildAtRiskAlert({
          customerId: ' ',
          daysInactive: 0,
          draftsPending: 0,
          lastProofPackDaysAgo: 0,
        }),
      'invalid_input',
      'customerId',
    );
  });
});

describe('buildCustomerSuccessPlan', () => {
  it('growth_starter follows days 1, 3, 7, 14, 30', () => {
    const p = buildCustomerSuccessPlan({ customerId: 'c', bundleId: 'growth_starter' });
    expect(p.bundleId).toBe('growth_starter');
    expect(p.usedFallbackBundle).toBe(false);
    expect(p.milestones.map((m) => [m.day, m.textEn])).toEqual([
      [1, 'Kick-off call + intake'],
      [3, 'Review first 3 opportunities + drafts'],
      [7, 'Deliver Proof Pack v1'],
      [14, 'Weekly check-in + upsell offer'],
      [30, 'Monthly proof review + renewal/upgrade decision'],
    ]);
    expect(p.cadenceEn[0]).toBe('Day 1: Kick-off call + intake');
    expect(p.cadenceAr[0]).toMatch(/^اليوم 1: /);
    expect(p).toMatchObject({ durationDays: 30, approvalRequired: true, liveSendAllowed: false });
  });

  it('executive_growth_os follows days 1, 7, 14, 21, 30 with the Founder Shadow Board', () => {
    const p = buildCustomerSuccessPlan({ customerId: 'c', bundleId: 'executive_growth_os' });
    expect(p.milestones.map((m) => [m.day, m.textEn])).toEqual([
      [1, 'Onboarding + connect channels'],
      [7, 'First weekly Proof Pack'],
      [14, 'Weekly check-in + Founder Shadow Board v1'],
      [21, 'Monthly proof review'],
      [30, 'QBR + annual upgrade conversation'],
    ]);
    expect(p.cadenceAr.join(' ')).toContain('Founder Shadow Board');
  });

  it('partnership_growth follows days 1, 5, 10, 14, 30', () => {
    const p = buildCustomerSuccessPlan({ customerId: 'c', bundleId: 'partnership_growth' });
    expect(p.milestones.map((m) => [m.day, m.textEn])).toEqual([
      [1, 'Partner ICP intake'],
      [5, '20 partners list + 10 outreach drafts'],
      [10, '5 partner meetings booked'],
      [14, 'Weekly check-in'],
      [30, 'Partner scorecard + revenue share setup'],
    ]);
  });

  it('falls back to growth_starter for an unknown or missing bundle', () => {
    const unknown = buildCustomerSuccessPlan({ customerId: 'c', bundleId: 'enterprise_max' });
    expect(unknown.bundleId).toBe('growth_starter');
    expect(unknown.requestedBundleId).toBe('enterprise_max');
    expect(unknown.usedFallbackBundle).toBe(true);
    expect(unknown.milestones[0]?.textEn).toBe('Kick-off call + intake');
    const missing = buildCustomerSuccessPlan({ customerId: 'c' });
    expect(missing.bundleId).toBe('growth_starter');
    expect(missing.requestedBundleId).toBeNull();
  });

  it('dates milestones from the start (day 1 is the start day) when startMs is given', () => {
    const startMs = Date.UTC(2026, 10, 22, 6, 0);
    const p = buildCustomerSuccessPlan({ customerId: 'c', bundleId: 'growth_starter', startMs });
    expect(p.milestones.map((m) => m.dueAtMs)).toEqual([
      startMs,
      startMs + 2 * DAY,
      startMs + 6 * DAY,
      startMs + 13 * DAY,
      startMs + 29 * DAY,
    ]);
    expect(buildCustomerSuccessPlan({ customerId: 'c' }).milestones[0]?.dueAtMs).toBeUndefined();
  });

  it('rejects bad input', () => {
    expectDomainError(
      () => buildCustomerSuccessPlan({ customerId: '' }),
      'invalid_input',
      'customerId',
    );
    expectDomainError(
      () => buildCustomerSuccessPlan({ customerId: 'c', startMs: Number.NaN }),
      'invalid_input',
      'startMs',
    );
    expectDomainError(
      () => buildCustomerSuccessPlan({ customerId: 'c', bundleId: 5 as unknown as string }),
      'invalid_input',
      'bundleId',
    );
  });
});

describe('customerTextViolations', () => {
  it('flags internal ids like prohibited claims (rule 2), once each, whatever the case', () => {
    const found = customerTextViolations(
      'Your request SND-0001 (and snd-0001) is linked to INC-20250101-001; we guarantee results.',
    );
    expect(found.map((v) => [v.category, v.phrase])).toEqual(
      expect.arrayContaining([
        ['internal_id', 'SND-0001'],
        ['internal_id', 'INC-20250101-001'],
      ]),
    );
    expect(found.filter((v) => v.category === 'internal_id')).toHaveLength(2);
    expect(found.some((v) => v.category !== 'internal_id')).toBe(true);
  });

  it('passes a weekly check-in’s talking points, and text that only looks like an id', () => {
    const w = buildWeeklyCheckIn({
      customerId: 'acme',
      companyName: 'Acme',
      metrics: { draftsApproved: 12, pipelineSar: 150_000 },
    });
    expect(customerTextViolations(w.talkingPointsEn.join('\n'))).toEqual([]);
    expect(customerTextViolations(w.talkingPointsAr.join('\n'))).toEqual([]);
    expect(customerTextViolations('Order SND-12 and ticket number 0001 are fine.')).toEqual([]);
  });
});
