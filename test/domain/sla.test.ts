import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { PRIORITY_IDS, SLA_TARGETS } from '../../src/domain/priorities.ts';
import {
  type BusinessCalendar,
  buildSlaHealthReport,
  classifySlaBreach,
  computeSlaDeadline,
  elapsedSlaMinutes,
  nextWeeklyReviewAt,
  recordSlaEvent,
  SLA_EVENTS,
  type SlaEventLogRecord,
  type SlaHealthTicket,
  type SlaTargets,
  slaThresholds,
  slaVerdictFor,
  weeklyReviewWindow,
} from '../../src/domain/sla.ts';

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

/** Epoch ms of a local Riyadh time like '2026-09-17T16:00'. */
const riyadh = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Riyadh' }).toMillis();
const MIN = 60_000;

/** Saudi working week Sun–Thu, 09:00–17:00 Riyadh. */
const SAUDI_WEEK: BusinessCalendar = {
  timeZone: 'Asia/Riyadh',
  days: [7, 1, 2, 3, 4],
  start: '09:00',
  end: '17:00',
};

describe('SLA events', () => {
  it('has exactly the four SPEC events', () => {
    expect([...SLA_EVENTS]).toEqual(['opened', 'first_response', 'resolved', 'escalated']);
  });

  it('records every known event and returns the record', () => {
    for (const event of SLA_EVENTS) {
      const rec = recordSlaEvent({ ticketId: 'T-1', priority: 'P1', event, atMs: 1000 });
      expect(rec).toEqual({ ticketId: 'T-1', priority: 'P1', event, atMs: 1000 });
    }
  });

  it('leaves atMs out when not given and trims the ticket id', () => {
    expect(recordSlaEvent({ ticketId: ' T-2 ', priority: 'P0', event: 'opened' })).toEqual({
      ticketId: 'T-2',
      priority: 'P0',
      event: 'opened',
    });
  });

  it('appends to the log when given, in order', () => {
    const log: SlaEventLogRecord[] = [];
    recordSlaEvent({ ticketId: 'T-3', priority: 'P2', event: 'opened', atMs: 1, log });
    const second = recordSlaEvent({
      ticketId: 'T-3',
      priority: 'P2',
      event: 'first_response',
      atMs: 2,
      log,
    });
    expect(log).toHaveLength(2);
    expect(log[0]?.event).toBe('opened');
    expect(log[1]).toBe(second);
  });

  it('rejects an unknown event without touching the log', () => {
    const log: SlaEventLogRecord[] = [];
    const err = expectDomainError(
      () => recordSlaEvent({ ticketId: 'T-4', priority: 'P1', event: 'closed', log }),
      'unknown_sla_event',
      'event',
    );
    expect(err.message).toContain('closed');
    expect(log).toHaveLength(0);
    expectDomainError(
      () => recordSlaEvent({ ticketId: 'T-4', priority: 'P1', event: 'OPENED' }),
      'unknown_sla_event',
    );
  });

  it('rejects an unknown priority, an empty ticket id, a bad time and a non-array log', () => {
    expectDomainError(
      () => recordSlaEvent({ ticketId: 'T', priority: 'P4', event: 'opened' }),
      'unknown_priority',
      'priority',
    );
    expectDomainError(
      () => recordSlaEvent({ ticketId: '', priority: 'P1', event: 'opened' }),
      'invalid_input',
      'ticketId',
    );
    expectDomainError(
      () => recordSlaEvent({ ticketId: '   ', priority: 'P1', event: 'opened' }),
      'invalid_input',
      'ticketId',
    );
    expectDomainError(
      () => recordSlaEvent({ ticketId: 'T', priority: 'P1', event: 'opened', atMs: Number.NaN }),
      'invalid_input',
      'atMs',
    );
    expectDomainError(
      () =>
        recordSlaEvent({
          ticketId: 'T',
          priority: 'P1',
          event: 'opened',
          log: {} as unknown as SlaEventLogRecord[],
        }),
      'invalid_input',
      'log',
    );
  });
});

describe('classifySlaBreach', () => {
  it.each(PRIORITY_IDS)('%s: first response exactly at target is no breach, just above is', (p) => {
    const target = SLA_TARGETS[p].firstResponseMinutes;
    expect(classifySlaBreach({ priority: p, minutesToFirstResponse: target - 1 }).breached).toBe(
      false,
    );
    expect(classifySlaBreach({ priority: p, minutesToFirstResponse: target })).toMatchObject({
      priority: p,
      breached: false,
      breaches: [],
    });
    const above = classifySlaBreach({ priority: p, minutesToFirstResponse: target + 0.5 });
    expect(above.breached).toBe(true);
    expect(above.breaches).toEqual(['first_response']);
    expect(above.breachDetails[0]).toMatchObject({ kind: 'first_response', target, overBy: 0.5 });
  });

  it.each(PRIORITY_IDS)('%s: resolution exactly at target is no breach, just above is', (p) => {
    const target = SLA_TARGETS[p].resolutionTargetHours;
    expect(classifySlaBreach({ priority: p, hoursToResolve: target - 0.01 }).breached).toBe(false);
    expect(classifySlaBreach({ priority: p, hoursToResolve: target }).breached).toBe(false);
    const above = classifySlaBreach({ priority: p, hoursToResolve: target + 0.01 });
    expect(above.breaches).toEqual(['resolution']);
  });

  it('uses the SPEC targets: P0 30 min / 4 h … P3 1440 min / 168 h', () => {
    expect(classifySlaBreach({ priority: 'P0', minutesToFirstResponse: 31 }).breached).toBe(true);
    expect(classifySlaBreach({ priority: 'P1', minutesToFirstResponse: 121 }).breached).toBe(true);
    expect(classifySlaBreach({ priority: 'P2', minutesToFirstResponse: 481 }).breached).toBe(true);
    expect(classifySlaBreach({ priority: 'P3', minutesToFirstResponse: 1441 }).breached).toBe(true);
    expect(classifySlaBreach({ priority: 'P3', hoursToResolve: 168 }).breached).toBe(false);
    expect(classifySlaBreach({ priority: 'P0', hoursToResolve: 4.01 }).breached).toBe(true);
  });

  it('lists each exceeded target, with a sentence in both languages', () => {
    const r = classifySlaBreach({ priority: 'P0', minutesToFirstResponse: 45, hoursToResolve: 5 });
    expect(r.breaches).toEqual(['first_response', 'resolution']);
    expect(r.breachDetails.map((d) => d.kind)).toEqual(['first_response', 'resolution']);
    expect(r.breachDetails[0]?.textEn).toContain('45');
    expect(r.breachDetails[0]?.textEn).toContain('30');
    expect(r.breachDetails[0]?.textAr).toContain('الرد الأول');
    expect(r.breachDetails[1]?.textAr).toContain('الحل');
    expect(r.targets).toEqual({ firstResponseMinutes: 30, resolutionTargetHours: 4 });
  });

  it('does not judge missing measurements', () => {
    expect(classifySlaBreach({ priority: 'P0' })).toMatchObject({ breached: false, breaches: [] });
    expect(
      classifySlaBreach({ priority: 'P0', minutesToFirstResponse: null, hoursToResolve: 100 })
        .breaches,
    ).toEqual(['resolution']);
  });

  it('honours policy targets, fractions included', () => {
    const targets: SlaTargets = {
      ...SLA_TARGETS,
      P1: { firstResponseMinutes: 90.5, resolutionTargetHours: 12.25 },
    };
    expect(
      classifySlaBreach({ priority: 'P1', minutesToFirstResponse: 90.5, targets }).breached,
    ).toBe(false);
    expect(
      classifySlaBreach({ priority: 'P1', minutesToFirstResponse: 90.51, targets }).breached,
    ).toBe(true);
    expect(classifySlaBreach({ priority: 'P1', hoursToResolve: 12.25, targets }).breached).toBe(
      false,
    );
    expect(classifySlaBreach({ priority: 'P1', hoursToResolve: 12.26, targets }).breached).toBe(
      true,
    );
  });

  it('rejects bad input with the field named', () => {
    expectDomainError(() => classifySlaBreach({ priority: 'P9' }), 'unknown_priority', 'priority');
    expectDomainError(
      () => classifySlaBreach({ priority: 'P1', minutesToFirstResponse: -1 }),
      'invalid_input',
      'minutesToFirstResponse',
    );
    expectDomainError(
      () => classifySlaBreach({ priority: 'P1', hoursToResolve: Number.POSITIVE_INFINITY }),
      'invalid_input',
      'hoursToResolve',
    );
    expectDomainError(
      () =>
        classifySlaBreach({
          priority: 'P1',
          minutesToFirstResponse: 1,
          targets: { ...SLA_TARGETS, P2: { firstResponseMinutes: 0, resolutionTargetHours: 1 } },
        }),
      'invalid_input',
      'targets.P2.firstResponseMinutes',
    );
    expectDomainError(
      () =>
        classifySlaBreach({
          priority: 'P1',
          targets: { P0: SLA_TARGETS.P0 } as unknown as SlaTargets,
        }),
      'invalid_input',
      'targets.P1',
    );
  });
});

/** `total` P3 tickets of which the first `breached` miss the first-response target. */
function tickets(total: number, breached: number): SlaHealthTicket[] {
  return Array.from({ length: total }, (_, i) => ({
    priority: 'P3',
    firstResponseMin: i < breached ? 1441 : 60,
  }));
}

describe('buildSlaHealthReport', () => {
  it('reports an empty set as healthy with a 0 rate and all four priorities', () => {
    const r = buildSlaHealthReport({ tickets: [] });
    expect(r).toMatchObject({
      totalTickets: 0,
      totalBreached: 0,
      breachRate: 0,
      verdict: 'healthy',
      escalateToFounder: false,
      freezeLiveActions: false,
    });
    expect(Object.keys(r.byPriority)).toEqual(['P0', 'P1', 'P2', 'P3']);
    for (const p of PRIORITY_IDS) {
      expect(r.byPriority[p]).toMatchObject({
        count: 0,
        breaches: 0,
        avgFirstResponseMin: null,
        avgResolutionHours: null,
      });
    }
  });

  it('aggregates the reference demo: one breach in four is critical', () => {
    const r = buildSlaHealthReport({
      tickets: [
        { priority: 'P0', firstResponseMin: 12, resolutionHours: 2.5 },
        { priority: 'P1', firstResponseMin: 90, resolutionHours: 18 },
        { priority: 'P2', firstResponseMin: 600, resolutionHours: 70 },
        { priority: 'P3', firstResponseMin: 1200, resolutionHours: 100 },
      ],
    });
    expect(r.totalTickets).toBe(4);
    expect(r.totalBreached).toBe(1);
    expect(r.breachRate).toBe(0.25);
    expect(r.byPriority.P2).toMatchObject({
      count: 1,
      breaches: 1,
      firstResponseBreaches: 1,
      resolutionBreaches: 0,
    });
    expect(r.byPriority.P0).toMatchObject({
      count: 1,
      breaches: 0,
      avgFirstResponseMin: 12,
      avgResolutionHours: 2.5,
    });
    expect(r.verdict).toBe('critical');
    expect(r.verdictEn).toBe('Critical');
    expect(r.verdictAr).toBe('حرج');
    expect(r.escalateToFounder).toBe(true);
    expect(r.freezeLiveActions).toBe(true);
    expect(r.summaryEn).toContain('founder');
  });

  it('averages first response to 1 decimal and resolution to 2 decimals, skipping missing values', () => {
    const r = buildSlaHealthReport({
      tickets: [
        { priority: 'P1', firstResponseMin: 10, resolutionHours: 1 },
        { priority: 'P1', firstResponseMin: 11, resolutionHours: 2 },
        { priority: 'P1', firstResponseMin: 11, resolutionHours: 2 },
        { priority: 'P1' },
        { priority: 'P1', firstResponseMin: null, resolutionHours: null },
      ],
    });
    expect(r.byPriority.P1).toMatchObject({
      count: 5,
      avgFirstResponseMin: 10.7, // 32 / 3 = 10.666…
      avgResolutionHours: 1.67, // 5 / 3 = 1.666…
    });
    expect(r.byPriority.P2.avgFirstResponseMin).toBeNull();
  });

  it('counts a ticket that misses both targets once', () => {
    const r = buildSlaHealthReport({
      tickets: [{ priority: 'P0', firstResponseMin: 31, resolutionHours: 5 }],
    });
    expect(r.totalBreached).toBe(1);
    expect(r.byPriority.P0).toMatchObject({
      breaches: 1,
      firstResponseBreaches: 1,
      resolutionBreaches: 1,
    });
    expect(r.breachedTickets[0]?.breaches).toEqual(['first_response', 'resolution']);
  });

  it('does not count a ticket exactly at target as breached', () => {
    const r = buildSlaHealthReport({
      tickets: [{ priority: 'P0', firstResponseMin: 30, resolutionHours: 4 }],
    });
    expect(r.totalBreached).toBe(0);
  });

  it('rounds the breach rate to 3 decimals', () => {
    expect(buildSlaHealthReport({ tickets: tickets(3, 1) }).breachRate).toBe(0.333);
    expect(buildSlaHealthReport({ tickets: tickets(3, 2) }).breachRate).toBe(0.667);
    expect(buildSlaHealthReport({ tickets: tickets(8, 1) }).breachRate).toBe(0.125);
  });

  it('verdict edges: 0.0999 healthy, 0.1 watch, 0.249 watch, 0.25 critical, 0.251 critical', () => {
    const at = (total: number, breached: number) =>
      buildSlaHealthReport({ tickets: tickets(total, breached) });
    const justBelowWatch = at(10_000, 999);
    expect(justBelowWatch.verdict).toBe('healthy');
    expect(justBelowWatch.breachRateExact).toBe(0.0999);
    expect(justBelowWatch.breachRate).toBe(0.1); // displayed rounded; judged exact
    expect(at(10, 1).verdict).toBe('watch');
    expect(at(100, 9).verdict).toBe('healthy');
    expect(at(100, 11).verdict).toBe('watch');
    expect(at(1000, 249).verdict).toBe('watch');
    const critical = at(4, 1);
    expect(critical.verdict).toBe('critical');
    expect(at(1000, 251).verdict).toBe('critical');
    expect(at(10, 1).escalateToFounder).toBe(false);
    expect(at(10, 1).freezeLiveActions).toBe(false);
    expect(at(1000, 249).freezeLiveActions).toBe(false);
    expect(at(10, 1).verdictEn).toBe('Watch');
    expect(at(10, 0).verdictEn).toBe('Healthy');
  });

  it('slaVerdictFor follows the same edges', () => {
    expect(slaVerdictFor(0)).toBe('healthy');
    expect(slaVerdictFor(0.0999)).toBe('healthy');
    expect(slaVerdictFor(0.1)).toBe('watch');
    expect(slaVerdictFor(0.2499)).toBe('watch');
    expect(slaVerdictFor(0.25)).toBe('critical');
    expect(slaVerdictFor(1)).toBe('critical');
  });

  it('lists breached tickets and the affected customers for customer success', () => {
    const r = buildSlaHealthReport({
      tickets: [
        { priority: 'P1', firstResponseMin: 200, ticketId: 'a', customerId: 'acme' },
        { priority: 'P1', firstResponseMin: 10, ticketId: 'b', customerId: 'beta' },
        { priority: 'P2', resolutionHours: 100, ticketId: 'c', customerId: 'acme' },
        { priority: 'P3', resolutionHours: 200, ticketId: 'd', customerId: 'zeta' },
      ],
    });
    expect(r.breachedTickets.map((t) => t.ticketId)).toEqual(['a', 'c', 'd']);
    expect(r.breachedTickets[1]).toMatchObject({
      index: 2,
      priority: 'P2',
      breaches: ['resolution'],
    });
    expect(r.affectedCustomerIds).toEqual(['acme', 'zeta']);
  });

  it('honours policy targets', () => {
    const targets: SlaTargets = {
      ...SLA_TARGETS,
      P3: { firstResponseMinutes: 30, resolutionTargetHours: 1.5 },
    };
    const r = buildSlaHealthReport({
      tickets: [{ priority: 'P3', firstResponseMin: 31 }],
      targets,
    });
    expect(r.totalBreached).toBe(1);
  });

  it('rejects bad tickets with the index named', () => {
    expectDomainError(
      () => buildSlaHealthReport({ tickets: [{ priority: 'P1' }, { priority: 'PX' }] }),
      'unknown_priority',
      'tickets[1].priority',
    );
    expectDomainError(
      () => buildSlaHealthReport({ tickets: [{ priority: 'P1', firstResponseMin: -5 }] }),
      'invalid_input',
      'tickets[0].firstResponseMin',
    );
    expectDomainError(
      () =>
        buildSlaHealthReport({
          tickets: [{ priority: 'P1', resolutionHours: 'x' as unknown as number }],
        }),
      'invalid_input',
      'tickets[0].resolutionHours',
    );
    expectDomainError(
      () => buildSlaHealthReport({ tickets: null as unknown as SlaHealthTicket[] }),
      'invalid_input',
      'tickets',
    );
  });

  it('handles 100k tickets in well under 2 seconds', () => {
    const many: SlaHealthTicket[] = Array.from({ length: 100_000 }, (_, i) => ({
      priority: PRIORITY_IDS[i % 4]!,
      firstResponseMin: i % 2000,
      resolutionHours: i % 200,
      customerId: `c${i % 50}`,
    }));
    const t0 = performance.now();
    const r = buildSlaHealthReport({ tickets: many });
    const ms = performance.now() - t0;
    expect(r.totalTickets).toBe(100_000);
    expect(r.byPriority.P0.count).toBe(25_000);
    expect(ms).toBeLessThan(2000);
  });
});

describe('SLA clock: around the clock', () => {
  const start = riyadh('2026-11-22T10:00');

  it('adds the target when nothing pauses it', () => {
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 30 })).toBe(start + 30 * MIN);
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 0.5 })).toBe(start + 30_000);
    expect(elapsedSlaMinutes({ startMs: start, nowMs: start + 45 * MIN })).toBe(45);
  });

  it('does not count a pause', () => {
    const pauses = [{ fromMs: start + 10 * MIN, toMs: start + 40 * MIN }];
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 30, pauses })).toBe(
      start + 60 * MIN,
    );
    expect(elapsedSlaMinutes({ startMs: start, nowMs: start + 60 * MIN, pauses })).toBe(30);
    expect(elapsedSlaMinutes({ startMs: start, nowMs: start + 25 * MIN, pauses })).toBe(10);
  });

  it('a deadline that falls exactly at a pause start is that instant', () => {
    const pauses = [{ fromMs: start + 30 * MIN, toMs: start + 90 * MIN }];
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 30, pauses })).toBe(
      start + 30 * MIN,
    );
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 31, pauses })).toBe(
      start + 91 * MIN,
    );
  });

  it('only counts the part of a pause after the start, and merges overlapping pauses', () => {
    expect(
      computeSlaDeadline({
        startMs: start,
        targetMinutes: 30,
        pauses: [{ fromMs: start - 10 * MIN, toMs: start + 20 * MIN }],
      }),
    ).toBe(start + 50 * MIN);
    expect(
      computeSlaDeadline({
        startMs: start,
        targetMinutes: 30,
        pauses: [
          { fromMs: start + 20 * MIN, toMs: start + 40 * MIN },
          { fromMs: start + 10 * MIN, toMs: start + 30 * MIN },
        ],
      }),
    ).toBe(start + 60 * MIN);
  });

  it('an open pause stops the clock: no deadline, elapsed stops growing', () => {
    const pauses = [{ fromMs: start + 10 * MIN }];
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 30, pauses })).toBeNull();
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 10, pauses })).toBe(
      start + 10 * MIN,
    );
    expect(elapsedSlaMinutes({ startMs: start, nowMs: start + 999 * MIN, pauses })).toBe(10);
  });

  it('elapsed is 0 at or before the start', () => {
    expect(elapsedSlaMinutes({ startMs: start, nowMs: start })).toBe(0);
    expect(elapsedSlaMinutes({ startMs: start, nowMs: start - MIN })).toBe(0);
  });

  it('rejects bad clock input', () => {
    expectDomainError(
      () => computeSlaDeadline({ startMs: start, targetMinutes: 0 }),
      'invalid_input',
      'targetMinutes',
    );
    expectDomainError(
      () => computeSlaDeadline({ startMs: start, targetMinutes: -5 }),
      'invalid_input',
      'targetMinutes',
    );
    expectDomainError(
      () => computeSlaDeadline({ startMs: Number.NaN, targetMinutes: 5 }),
      'invalid_input',
      'startMs',
    );
    expectDomainError(
      () =>
        computeSlaDeadline({
          startMs: start,
          targetMinutes: 5,
          pauses: [{ fromMs: start, toMs: start - 1 }],
        }),
      'invalid_input',
      'pauses[0].toMs',
    );
    expectDomainError(
      () => elapsedSlaMinutes({ startMs: start, nowMs: 'now' as unknown as number }),
      'invalid_input',
      'nowMs',
    );
  });
});

describe('SLA clock: Saudi business calendar (Asia/Riyadh)', () => {
  it('skips the Friday–Saturday weekend', () => {
    // Thursday 16:00 + 120 business minutes: 60 on Thursday, 60 on Sunday.
    const start = riyadh('2026-09-17T16:00');
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 120, calendar: SAUDI_WEEK })).toBe(
      riyadh('2026-09-20T10:00'),
    );
    expect(
      elapsedSlaMinutes({
        startMs: start,
        nowMs: riyadh('2026-09-20T10:00'),
        calendar: SAUDI_WEEK,
      }),
    ).toBe(120);
    expect(
      elapsedSlaMinutes({
        startMs: start,
        nowMs: riyadh('2026-09-19T12:00'),
        calendar: SAUDI_WEEK,
      }),
    ).toBe(60);
  });

  it('a deadline that uses up the day ends at closing time, not the next morning', () => {
    const start = riyadh('2026-09-17T16:00');
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 60, calendar: SAUDI_WEEK })).toBe(
      riyadh('2026-09-17T17:00'),
    );
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 61, calendar: SAUDI_WEEK })).toBe(
      riyadh('2026-09-20T09:01'),
    );
  });

  it('skips a holiday (Saudi National Day, Wednesday 2026-09-23)', () => {
    const start = riyadh('2026-09-22T16:30');
    const withHoliday: BusinessCalendar = { ...SAUDI_WEEK, holidays: ['2026-09-23'] };
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 120, calendar: SAUDI_WEEK })).toBe(
      riyadh('2026-09-23T10:30'),
    );
    expect(computeSlaDeadline({ startMs: start, targetMinutes: 120, calendar: withHoliday })).toBe(
      riyadh('2026-09-24T10:30'),
    );
    expect(
      elapsedSlaMinutes({
        startMs: start,
        nowMs: riyadh('2026-09-24T09:00'),
        calendar: withHoliday,
      }),
    ).toBe(30);
  });

  it('starts counting at opening time when opened before hours or on a weekend', () => {
    expect(
      computeSlaDeadline({
        startMs: riyadh('2026-09-20T07:00'),
        targetMinutes: 30,
        calendar: SAUDI_WEEK,
      }),
    ).toBe(riyadh('2026-09-20T09:30'));
    expect(
      computeSlaDeadline({
        startMs: riyadh('2026-09-18T11:00'),
        targetMinutes: 30,
        calendar: SAUDI_WEEK,
      }),
    ).toBe(riyadh('2026-09-20T09:30'));
    expect(
      computeSlaDeadline({
        startMs: riyadh('2026-09-17T18:00'),
        targetMinutes: 30,
        calendar: SAUDI_WEEK,
      }),
    ).toBe(riyadh('2026-09-20T09:30'));
  });

  it('spans several business days for long targets (P3 first response 1440 min = 3 days of 8 h)', () => {
    expect(
      computeSlaDeadline({
        startMs: riyadh('2026-09-20T09:00'),
        targetMinutes: 1440,
        calendar: SAUDI_WEEK,
      }),
    ).toBe(riyadh('2026-09-22T17:00'));
  });

  it('combines a pause with the weekend', () => {
    // Thursday 16:00; customer asked to wait from 16:30 until Sunday 09:30.
    const start = riyadh('2026-09-17T16:00');
    const pauses = [{ fromMs: riyadh('2026-09-17T16:30'), toMs: riyadh('2026-09-20T09:30') }];
    expect(
      computeSlaDeadline({ startMs: start, targetMinutes: 120, pauses, calendar: SAUDI_WEEK }),
    ).toBe(riyadh('2026-09-20T11:00'));
    expect(
      elapsedSlaMinutes({
        startMs: start,
        nowMs: riyadh('2026-09-20T10:00'),
        pauses,
        calendar: SAUDI_WEEK,
      }),
    ).toBe(60);
  });

  it('supports a day that ends at 24:00 and other time zones', () => {
    const allDay: BusinessCalendar = {
      timeZone: 'UTC',
      days: [1, 2, 3, 4, 5],
      start: '00:00',
      end: '24:00',
    };
    const fri = DateTime.fromISO('2026-11-27T23:00', { zone: 'UTC' }).toMillis();
    expect(computeSlaDeadline({ startMs: fri, targetMinutes: 120, calendar: allDay })).toBe(
      DateTime.fromISO('2026-11-30T01:00', { zone: 'UTC' }).toMillis(),
    );
  });

  it('elapsed and deadline agree', () => {
    const start = riyadh('2026-09-16T12:34');
    const cal: BusinessCalendar = { ...SAUDI_WEEK, holidays: ['2026-09-23'] };
    for (const target of [1, 59, 270, 481, 1440, 4000]) {
      const deadline = computeSlaDeadline({ startMs: start, targetMinutes: target, calendar: cal });
      expect(deadline).not.toBeNull();
      expect(elapsedSlaMinutes({ startMs: start, nowMs: deadline!, calendar: cal })).toBeCloseTo(
        target,
        6,
      );
    }
  });

  it('validates the calendar and names the field', () => {
    const start = riyadh('2026-09-17T16:00');
    const bad = (calendar: unknown, field: string) =>
      expectDomainError(
        () =>
          computeSlaDeadline({
            startMs: start,
            targetMinutes: 5,
            calendar: calendar as BusinessCalendar,
          }),
        'invalid_input',
        field,
      );
    bad({ ...SAUDI_WEEK, timeZone: 'Mars/Olympus' }, 'calendar.timeZone');
    bad({ ...SAUDI_WEEK, days: [] }, 'calendar.days');
    bad({ ...SAUDI_WEEK, days: [0, 1] }, 'calendar.days');
    bad({ ...SAUDI_WEEK, days: [8] }, 'calendar.days');
    bad({ ...SAUDI_WEEK, start: '9:00' }, 'calendar.start');
    bad({ ...SAUDI_WEEK, start: '24:00' }, 'calendar.start');
    bad({ ...SAUDI_WEEK, end: '17:60' }, 'calendar.end');
    bad({ ...SAUDI_WEEK, start: '17:00', end: '09:00' }, 'calendar.end');
    bad({ ...SAUDI_WEEK, start: '09:00', end: '09:00' }, 'calendar.end');
    bad({ ...SAUDI_WEEK, holidays: ['2026-02-30'] }, 'calendar.holidays');
    bad({ ...SAUDI_WEEK, holidays: ['23/09/2026'] }, 'calendar.holidays');
    bad({ ...SAUDI_WEEK, holidays: '2026-09-23' }, 'calendar.holidays');
    bad(null, 'calendar');
  });
});

describe('slaThresholds', () => {
  it('gives the 50 %, 80 % and 100 % instants around the clock', () => {
    const start = riyadh('2026-11-22T10:00');
    const r = slaThresholds({ startMs: start, targetMinutes: 120 });
    expect(r.thresholds.map((t) => [t.kind, t.pct, t.minutes, t.atMs])).toEqual([
      ['half', 50, 60, start + 60 * MIN],
      ['warning', 80, 96, start + 96 * MIN],
      ['breach', 100, 120, start + 120 * MIN],
    ]);
    expect(r.breachAtMs).toBe(start + 120 * MIN);
  });

  it('follows the business calendar', () => {
    const start = riyadh('2026-09-17T16:00');
    const r = slaThresholds({ startMs: start, targetMinutes: 120, calendar: SAUDI_WEEK });
    expect(r.thresholds.map((t) => t.atMs)).toEqual([
      riyadh('2026-09-17T17:00'),
      riyadh('2026-09-20T09:36'),
      riyadh('2026-09-20T10:00'),
    ]);
  });

  it('marks thresholds passed at, not before, their instant', () => {
    const start = riyadh('2026-11-22T10:00');
    const at = slaThresholds({ startMs: start, targetMinutes: 100, nowMs: start + 50 * MIN });
    expect(at.thresholds.map((t) => t.passed)).toEqual([true, false, false]);
    const before = slaThresholds({
      startMs: start,
      targetMinutes: 100,
      nowMs: start + 50 * MIN - 1,
    });
    expect(before.thresholds.map((t) => t.passed)).toEqual([false, false, false]);
    const after = slaThresholds({ startMs: start, targetMinutes: 100, nowMs: start + 100 * MIN });
    expect(after.thresholds.map((t) => t.passed)).toEqual([true, true, true]);
  });

  it('raising priority keeps the time already used (same start, new target)', () => {
    const start = riyadh('2026-11-22T10:00');
    const now = start + 100 * MIN;
    const used = elapsedSlaMinutes({ startMs: start, nowMs: now });
    const asP1 = slaThresholds({
      startMs: start,
      targetMinutes: SLA_TARGETS.P1.firstResponseMinutes,
      nowMs: now,
    });
    expect(used).toBe(100);
    expect(asP1.breachAtMs).toBe(now + 20 * MIN);
    expect(asP1.thresholds.map((t) => t.passed)).toEqual([true, true, false]);
  });

  it('has null instants when an open pause stops the clock first', () => {
    const start = riyadh('2026-11-22T10:00');
    const r = slaThresholds({
      startMs: start,
      targetMinutes: 100,
      pauses: [{ fromMs: start + 60 * MIN }],
    });
    expect(r.thresholds.map((t) => t.atMs)).toEqual([start + 50 * MIN, null, null]);
    expect(r.breachAtMs).toBeNull();
  });

  it('rejects a bad target', () => {
    expectDomainError(
      () => slaThresholds({ startMs: 0, targetMinutes: 0 }),
      'invalid_input',
      'targetMinutes',
    );
  });
});

describe('weekly review', () => {
  it('covers last week Monday 00:00 → Monday 00:00 in Riyadh', () => {
    const w = weeklyReviewWindow(riyadh('2026-11-25T12:00'));
    expect(w.fromMs).toBe(riyadh('2026-11-16T00:00'));
    expect(w.toMs).toBe(riyadh('2026-11-23T00:00'));
    expect(w.toMs - w.fromMs).toBe(7 * 24 * 60 * MIN);
    expect(w.timeZone).toBe('Asia/Riyadh');
    expect(w.fromIso).toContain('2026-11-16T00:00:00.000+03:00');
  });

  it('at Monday 00:00 exactly, last week is the one that just ended; one ms earlier it is the week before', () => {
    const monday = riyadh('2026-11-23T00:00');
    expect(weeklyReviewWindow(monday)).toMatchObject({
      fromMs: riyadh('2026-11-16T00:00'),
      toMs: monday,
    });
    expect(weeklyReviewWindow(monday - 1)).toMatchObject({
      fromMs: riyadh('2026-11-09T00:00'),
      toMs: riyadh('2026-11-16T00:00'),
    });
  });

  it('uses the given zone', () => {
    // Sunday 22:00 UTC is already Monday 01:00 in Riyadh.
    const now = DateTime.fromISO('2026-11-22T22:00', { zone: 'UTC' }).toMillis();
    expect(weeklyReviewWindow(now, 'UTC').toMs).toBe(
      DateTime.fromISO('2026-11-16T00:00', { zone: 'UTC' }).toMillis(),
    );
    expect(weeklyReviewWindow(now).toMs).toBe(riyadh('2026-11-23T00:00'));
  });

  it('schedules the next review on Monday 09:00 Riyadh, strictly after now', () => {
    expect(nextWeeklyReviewAt(riyadh('2026-11-23T08:59'))).toBe(riyadh('2026-11-23T09:00'));
    expect(nextWeeklyReviewAt(riyadh('2026-11-23T09:00'))).toBe(riyadh('2026-11-30T09:00'));
    expect(nextWeeklyReviewAt(riyadh('2026-11-23T09:01'))).toBe(riyadh('2026-11-30T09:00'));
    expect(nextWeeklyReviewAt(riyadh('2026-11-22T23:00'))).toBe(riyadh('2026-11-23T09:00'));
    expect(nextWeeklyReviewAt(riyadh('2026-11-25T12:00'), 'Asia/Riyadh')).toBe(
      riyadh('2026-11-30T09:00'),
    );
    // 09:00 Riyadh is 06:00 UTC.
    expect(new Date(nextWeeklyReviewAt(riyadh('2026-11-25T12:00'))).toISOString()).toBe(
      '2026-11-30T06:00:00.000Z',
    );
  });

  it('rejects a bad zone or time', () => {
    expectDomainError(() => weeklyReviewWindow(0, 'Nowhere/City'), 'invalid_input', 'timeZone');
    expectDomainError(() => nextWeeklyReviewAt(Number.NaN), 'invalid_input', 'nowMs');
    expectDomainError(() => nextWeeklyReviewAt(0, 'Asia/Riyadh', '9am'), 'invalid_input', 'at');
  });
});
