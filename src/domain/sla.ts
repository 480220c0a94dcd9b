/**
 * SPEC §1.2 — SLA events, breach classification, the SLA health report, and the pure SLA
 * clock math the job layer schedules reminders with (pauses, business-hours calendars,
 * weekly review windows). Nothing here reads the clock: "now" is always an argument.
 */
import { DateTime, IANAZone } from 'luxon';
import { DomainError } from './errors.ts';
import {
  assertPriority,
  PRIORITY_IDS,
  type PriorityId,
  SLA_TARGETS,
  type SlaTarget,
} from './priorities.ts';

// ─── Events ───────────────────────────────────────────────────────────────────────────

/** SPEC §1.2 — the only SLA event names; anything else is an error. */
export const SLA_EVENTS = Object.freeze([
  'opened',
  'first_response',
  'resolved',
  'escalated',
] as const);
export type SlaEventType = (typeof SLA_EVENTS)[number];

export interface SlaEventLogRecord {
  ticketId: string;
  priority: PriorityId;
  event: SlaEventType;
  atMs?: number;
}

export interface RecordSlaEventInput {
  ticketId: string;
  priority: PriorityId | string;
  event: SlaEventType | string;
  /** When the event happened (epoch ms). Optional: the domain never reads the clock. */
  atMs?: number;
  /** When given, the record is appended to it (an append-only event log). */
  log?: SlaEventLogRecord[];
}

export function isSlaEvent(value: unknown): value is SlaEventType {
  return typeof value === 'string' && (SLA_EVENTS as readonly string[]).includes(value);
}

export function assertSlaEvent(value: unknown, field = 'event'): SlaEventType {
  if (!isSlaEvent(value)) {
    throw new DomainError(
      'unknown_sla_event',
      `Unknown SLA event ${JSON.stringify(value)}: expected one of ${SLA_EVENTS.join(', ')}`,
      field,
    );
  }
  return value;
}

/**
 * Validates and records one SLA event. Returns the record; when `log` is given the record is
 * also appended to it. Throws on an unknown event or priority, an empty ticket id or a bad time.
 */
export function recordSlaEvent(input: RecordSlaEventInput): SlaEventLogRecord {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'recordSlaEvent expects an object', 'input');
  }
  const { ticketId, atMs, log } = input;
  if (typeof ticketId !== 'string' || ticketId.trim() === '') {
    throw new DomainError('invalid_input', 'ticketId must be a non-empty string', 'ticketId');
  }
  const priority = assertPriority(input.priority);
  const event = assertSlaEvent(input.event);
  if (atMs !== undefined) assertEpochMs(atMs, 'atMs');
  if (log !== undefined && !Array.isArray(log)) {
    throw new DomainError('invalid_input', 'log must be an array when given', 'log');
  }
  const record: SlaEventLogRecord = { ticketId: ticketId.trim(), priority, event };
  if (atMs !== undefined) record.atMs = atMs;
  log?.push(record);
  return record;
}

// ─── Targets ──────────────────────────────────────────────────────────────────────────

/** Per-priority SLA targets (the policy may override the SPEC §1.1 defaults; fractions allowed). */
export type SlaTargets = Readonly<Record<PriorityId, SlaTarget>>;

/** Validates a targets override; `undefined` gives the SPEC defaults. */
export function resolveSlaTargets(targets?: SlaTargets | null, field = 'targets'): SlaTargets {
  if (targets === undefined || targets === null) return SLA_TARGETS;
  if (typeof targets !== 'object') {
    throw new DomainError('invalid_input', `${field} must be an object keyed by priority`, field);
  }
  for (const p of PRIORITY_IDS) {
    const t = (targets as Record<string, unknown>)[p] as Partial<SlaTarget> | undefined;
    if (t === null || typeof t !== 'object') {
      throw new DomainError('invalid_input', `${field}.${p} is missing`, `${field}.${p}`);
    }
    for (const key of ['firstResponseMinutes', 'resolutionTargetHours'] as const) {
      const v = t[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
        throw new DomainError(
          'invalid_input',
          `${field}.${p}.${key} must be a positive number, got ${JSON.stringify(v)}`,
          `${field}.${p}.${key}`,
        );
      }
    }
  }
  return targets;
}

// ─── Breach ───────────────────────────────────────────────────────────────────────────

export type SlaBreachKind = 'first_response' | 'resolution';

export interface SlaBreachDetail {
  kind: SlaBreachKind;
  actual: number;
  target: number;
  unit: 'minutes' | 'hours';
  /** How far past the target (same unit), rounded to 2 decimals. */
  overBy: number;
  textAr: string;
  textEn: string;
}

export interface ClassifySlaBreachInput {
  priority: PriorityId | string;
  minutesToFirstResponse?: number | null;
  hoursToResolve?: number | null;
  targets?: SlaTargets;
}

export interface SlaBreachResult {
  priority: PriorityId;
  breached: boolean;
  /** Each exceeded target: 'first_response' and/or 'resolution'. */
  breaches: SlaBreachKind[];
  /** The same breaches with numbers and a sentence in Arabic and English. */
  breachDetails: SlaBreachDetail[];
  targets: SlaTarget;
}

/**
 * A ticket breaches when the time to first response is **greater than** its target or the
 * time to resolve is **greater than** its target; exactly at the target is not a breach.
 * Missing (undefined/null) measurements are not judged.
 */
export function classifySlaBreach(input: ClassifySlaBreachInput): SlaBreachResult {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'classifySlaBreach expects an object', 'input');
  }
  const priority = assertPriority(input.priority);
  const target = resolveSlaTargets(input.targets)[priority];
  const fr = optionalNonNegative(input.minutesToFirstResponse, 'minutesToFirstResponse');
  const rh = optionalNonNegative(input.hoursToResolve, 'hoursToResolve');
  const breaches: SlaBreachKind[] = [];
  const breachDetails: SlaBreachDetail[] = [];
  if (fr !== undefined && fr > target.firstResponseMinutes) {
    breaches.push('first_response');
    breachDetails.push({
      kind: 'first_response',
      actual: fr,
      target: target.firstResponseMinutes,
      unit: 'minutes',
      overBy: roundTo(fr - target.firstResponseMinutes, 2),
      textAr: `تجاوز هدف الرد الأول: ${fmt(fr)} دقيقة والهدف ${fmt(target.firstResponseMinutes)} دقيقة`,
      textEn: `First-response target exceeded: ${fmt(fr)} min against a ${fmt(target.firstResponseMinutes)} min target`,
    });
  }
  if (rh !== undefined && rh > target.resolutionTargetHours) {
    breaches.push('resolution');
    breachDetails.push({
      kind: 'resolution',
      actual: rh,
      target: target.resolutionTargetHours,
      unit: 'hours',
      overBy: roundTo(rh - target.resolutionTargetHours, 2),
      textAr: `تجاوز هدف الحل: ${fmt(rh)} ساعة والهدف ${fmt(target.resolutionTargetHours)} ساعة`,
      textEn: `Resolution target exceeded: ${fmt(rh)} h against a ${fmt(target.resolutionTargetHours)} h target`,
    });
  }
  return {
    priority,
    breached: breaches.length > 0,
    breaches,
    breachDetails,
    targets: {
      firstResponseMinutes: target.firstResponseMinutes,
      resolutionTargetHours: target.resolutionTargetHours,
    },
  };
}

// ─── Health report ────────────────────────────────────────────────────────────────────

export type SlaVerdict = 'healthy' | 'watch' | 'critical';

/** Verdict thresholds on the breach rate: healthy below 0.10, watch below 0.25, else critical. */
export const SLA_VERDICT_THRESHOLDS = Object.freeze({ watch: 0.1, critical: 0.25 });

const VERDICT_TEXT: Readonly<Record<SlaVerdict, { ar: string; en: string }>> = Object.freeze({
  healthy: { ar: 'سليم', en: 'Healthy' },
  watch: { ar: 'تحت المراقبة', en: 'Watch' },
  critical: { ar: 'حرج', en: 'Critical' },
});

export interface SlaHealthTicket {
  priority: PriorityId | string;
  firstResponseMin?: number | null;
  resolutionHours?: number | null;
  /** Optional, carried into `breachedTickets` so the weekly review can list them. */
  ticketId?: string;
  /** Optional, collected into `affectedCustomerIds` for customer success. */
  customerId?: string;
}

export interface SlaPriorityStats {
  count: number;
  /** Tickets of this priority that breached (at least one target). */
  breaches: number;
  firstResponseBreaches: number;
  resolutionBreaches: number;
  /** Average minutes to first response, 1 decimal; null when no ticket has one. */
  avgFirstResponseMin: number | null;
  /** Average hours to resolve, 2 decimals; null when no ticket has one. */
  avgResolutionHours: number | null;
}

export interface SlaBreachedTicket {
  index: number;
  ticketId?: string;
  customerId?: string;
  priority: PriorityId;
  breaches: SlaBreachKind[];
}

export interface SlaHealthReport {
  totalTickets: number;
  totalBreached: number;
  /** breached / total, 3 decimals; 0 for no tickets. */
  breachRate: number;
  /** The unrounded rate the verdict is judged on. */
  breachRateExact: number;
  byPriority: Record<PriorityId, SlaPriorityStats>;
  verdict: SlaVerdict;
  verdictAr: string;
  verdictEn: string;
  summaryAr: string;
  summaryEn: string;
  /** True on a critical verdict: the founder is told. */
  escalateToFounder: boolean;
  /** True on a critical verdict: live actions stay frozen until reviewed. */
  freezeLiveActions: boolean;
  breachedTickets: SlaBreachedTicket[];
  /** Distinct customer ids among breached tickets (sorted), for customer success. */
  affectedCustomerIds: string[];
}

export function slaVerdictFor(breachRate: number): SlaVerdict {
  if (breachRate < SLA_VERDICT_THRESHOLDS.watch) return 'healthy';
  if (breachRate < SLA_VERDICT_THRESHOLDS.critical) return 'watch';
  return 'critical';
}

/**
 * One pass over the tickets: per-priority counts, breaches and averages, the overall breach
 * rate and the verdict. The verdict is judged on the exact rate (0.0999 is healthy even though
 * it displays as 0.1). Handles 100k tickets in a few milliseconds.
 */
export function buildSlaHealthReport(input: {
  tickets: readonly SlaHealthTicket[];
  targets?: SlaTargets;
}): SlaHealthReport {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'buildSlaHealthReport expects an object', 'input');
  }
  const { tickets } = input;
  if (!Array.isArray(tickets)) {
    throw new DomainError('invalid_input', 'tickets must be an array', 'tickets');
  }
  const targets = resolveSlaTargets(input.targets);
  const acc = {} as Record<
    PriorityId,
    {
      count: number;
      breaches: number;
      fr: number;
      res: number;
      frSum: number;
      frN: number;
      resSum: number;
      resN: number;
    }
  >;
  for (const p of PRIORITY_IDS) {
    acc[p] = { count: 0, breaches: 0, fr: 0, res: 0, frSum: 0, frN: 0, resSum: 0, resN: 0 };
  }
  const breachedTickets: SlaBreachedTicket[] = [];
  const customers = new Set<string>();
  let totalBreached = 0;
  const n = tickets.length;
  for (let i = 0; i < n; i++) {
    const t = tickets[i];
    if (t === null || typeof t !== 'object') {
      throw new DomainError('invalid_input', `tickets[${i}] must be an object`, `tickets[${i}]`);
    }
    const priority = assertPriority(t.priority, `tickets[${i}].priority`);
    const a = acc[priority];
    const target = targets[priority];
    a.count++;
    let frBreach = false;
    let resBreach = false;
    const fr = t.firstResponseMin;
    if (fr !== undefined && fr !== null) {
      if (typeof fr !== 'number' || !Number.isFinite(fr) || fr < 0) {
        throw badNumber(`tickets[${i}].firstResponseMin`, fr);
      }
      a.frSum += fr;
      a.frN++;
      if (fr > target.firstResponseMinutes) {
        frBreach = true;
        a.fr++;
      }
    }
    const rh = t.resolutionHours;
    if (rh !== undefined && rh !== null) {
      if (typeof rh !== 'number' || !Number.isFinite(rh) || rh < 0) {
        throw badNumber(`tickets[${i}].resolutionHours`, rh);
      }
      a.resSum += rh;
      a.resN++;
      if (rh > target.resolutionTargetHours) {
        resBreach = true;
        a.res++;
      }
    }
    if (frBreach || resBreach) {
      a.breaches++;
      totalBreached++;
      const entry: SlaBreachedTicket = {
        index: i,
        priority,
        breaches:
          frBreach && resBreach
            ? ['first_response', 'resolution']
            : frBreach
              ? ['first_response']
              : ['resolution'],
      };
      if (typeof t.ticketId === 'string') entry.ticketId = t.ticketId;
      if (typeof t.customerId === 'string' && t.customerId !== '') {
        entry.customerId = t.customerId;
        customers.add(t.customerId);
      }
      breachedTickets.push(entry);
    }
  }
  const byPriority = {} as Record<PriorityId, SlaPriorityStats>;
  for (const p of PRIORITY_IDS) {
    const a = acc[p];
    byPriority[p] = {
      count: a.count,
      breaches: a.breaches,
      firstResponseBreaches: a.fr,
      resolutionBreaches: a.res,
      avgFirstResponseMin: a.frN === 0 ? null : roundTo(a.frSum / a.frN, 1),
      avgResolutionHours: a.resN === 0 ? null : roundTo(a.resSum / a.resN, 2),
    };
  }
  const exact = n === 0 ? 0 : totalBreached / n;
  const verdict = slaVerdictFor(exact);
  const critical = verdict === 'critical';
  const pct = fmt(roundTo(exact * 100, 1));
  return {
    totalTickets: n,
    totalBreached,
    breachRate: roundTo(exact, 3),
    breachRateExact: exact,
    byPriority,
    verdict,
    verdictAr: VERDICT_TEXT[verdict].ar,
    verdictEn: VERDICT_TEXT[verdict].en,
    summaryAr:
      `${totalBreached} من ${n} تذكرة تجاوزت الـ SLA (${pct}%) — ${VERDICT_TEXT[verdict].ar}` +
      (critical ? '. تصعيد للمؤسس وإيقاف الإجراءات الحية حتى المراجعة.' : ''),
    summaryEn:
      `${totalBreached} of ${n} tickets breached SLA (${pct}%) — ${VERDICT_TEXT[verdict].en}` +
      (critical ? '. Escalated to the founder; live actions frozen until reviewed.' : ''),
    escalateToFounder: critical,
    freezeLiveActions: critical,
    breachedTickets,
    affectedCustomerIds: [...customers].sort(),
  };
}

// ─── SLA clock ────────────────────────────────────────────────────────────────────────

/**
 * When SLA time counts. Without a calendar the clock runs around the clock.
 * `days` are ISO weekdays (1 = Monday … 7 = Sunday); the Saudi week Sun–Thu is [7, 1, 2, 3, 4].
 * `start`/`end` are 'HH:MM' local times in `timeZone` (end may be '24:00'); holidays are
 * 'YYYY-MM-DD' dates in that zone.
 */
export interface BusinessCalendar {
  timeZone: string;
  days: readonly number[];
  start: string;
  end: string;
  holidays?: readonly string[];
}

/** A stretch during which the SLA clock is stopped (e.g. waiting on the customer). Open when `toMs` is absent. */
export interface SlaPause {
  fromMs: number;
  toMs?: number | null;
}

interface NormalizedCalendar {
  zone: string;
  days: Set<number>;
  startMin: number;
  endMin: number;
  holidays: Set<string>;
}

/** The longest stretch of calendar days the clock will walk before giving up. */
const MAX_CALENDAR_DAYS = 3700;

/** Validates a business calendar; throws DomainError('invalid_input') naming the bad field. */
export function assertBusinessCalendar(
  calendar: unknown,
  field = 'calendar',
): asserts calendar is BusinessCalendar {
  normalizeCalendar(calendar as BusinessCalendar, field);
}

function normalizeCalendar(cal: BusinessCalendar, field: string): NormalizedCalendar {
  if (cal === null || typeof cal !== 'object') {
    throw new DomainError('invalid_input', `${field} must be an object`, field);
  }
  const zone = assertTimeZone(cal.timeZone, `${field}.timeZone`);
  if (!Array.isArray(cal.days) || cal.days.length === 0) {
    throw new DomainError(
      'invalid_input',
      `${field}.days must be a non-empty list of ISO weekdays (1 = Monday … 7 = Sunday)`,
      `${field}.days`,
    );
  }
  const days = new Set<number>();
  for (const d of cal.days) {
    if (!Number.isInteger(d) || d < 1 || d > 7) {
      throw new DomainError(
        'invalid_input',
        `${field}.days has ${JSON.stringify(d)}: weekdays are integers 1 (Monday) to 7 (Sunday)`,
        `${field}.days`,
      );
    }
    days.add(d);
  }
  const startMin = parseHhmm(cal.start, `${field}.start`, false);
  const endMin = parseHhmm(cal.end, `${field}.end`, true);
  if (endMin <= startMin) {
    throw new DomainError(
      'invalid_input',
      `${field}.end (${cal.end}) must be later than ${field}.start (${cal.start})`,
      `${field}.end`,
    );
  }
  const holidays = new Set<string>();
  if (cal.holidays !== undefined) {
    if (!Array.isArray(cal.holidays)) {
      throw new DomainError(
        'invalid_input',
        `${field}.holidays must be a list`,
        `${field}.holidays`,
      );
    }
    for (const h of cal.holidays) {
      if (
        typeof h !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}$/.test(h) ||
        !DateTime.fromISO(h, { zone }).isValid
      ) {
        throw new DomainError(
          'invalid_input',
          `${field}.holidays has ${JSON.stringify(h)}: expected a real date as YYYY-MM-DD`,
          `${field}.holidays`,
        );
      }
      holidays.add(h);
    }
  }
  return { zone, days, startMin, endMin, holidays };
}

function parseHhmm(value: unknown, field: string, allow24: boolean): number {
  const m = typeof value === 'string' ? /^(\d{2}):(\d{2})$/.exec(value) : null;
  const h = m ? Number(m[1]) : Number.NaN;
  const min = m ? Number(m[2]) : Number.NaN;
  const ok = m !== null && ((h <= 23 && min <= 59) || (allow24 && h === 24 && min === 0));
  if (!ok) {
    throw new DomainError(
      'invalid_input',
      `${field} must be a time as HH:MM (00:00–23:59${allow24 ? ' or 24:00' : ''}), got ${JSON.stringify(value)}`,
      field,
    );
  }
  return h * 60 + min;
}

function normalizePauses(pauses: readonly SlaPause[] | undefined): Array<[number, number]> {
  if (pauses === undefined) return [];
  if (!Array.isArray(pauses)) {
    throw new DomainError('invalid_input', 'pauses must be a list of { fromMs, toMs? }', 'pauses');
  }
  const list: Array<[number, number]> = [];
  pauses.forEach((p: SlaPause, i) => {
    if (p === null || typeof p !== 'object') {
      throw new DomainError('invalid_input', `pauses[${i}] must be an object`, `pauses[${i}]`);
    }
    assertEpochMs(p.fromMs, `pauses[${i}].fromMs`);
    let to = Number.POSITIVE_INFINITY;
    if (p.toMs !== undefined && p.toMs !== null) {
      assertEpochMs(p.toMs, `pauses[${i}].toMs`);
      if (p.toMs < p.fromMs) {
        throw new DomainError(
          'invalid_input',
          `pauses[${i}] ends (toMs) before it starts (fromMs)`,
          `pauses[${i}].toMs`,
        );
      }
      to = p.toMs;
    }
    if (to > p.fromMs) list.push([p.fromMs, to]);
  });
  list.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const cur of list) {
    const last = merged[merged.length - 1];
    if (last && cur[0] <= last[1]) last[1] = Math.max(last[1], cur[1]);
    else merged.push([cur[0], cur[1]]);
  }
  return merged;
}

/** Business windows [start, end) from `fromMs` onward (one open window without a calendar). */
function* businessWindows(
  fromMs: number,
  cal: NormalizedCalendar | undefined,
): Generator<[number, number]> {
  if (!cal) {
    yield [fromMs, Number.POSITIVE_INFINITY];
    return;
  }
  let day = DateTime.fromMillis(fromMs, { zone: cal.zone }).startOf('day');
  for (let i = 0; i < MAX_CALENDAR_DAYS; i++) {
    if (cal.days.has(day.weekday) && !cal.holidays.has(day.toISODate() ?? '')) {
      const ws = day.set({ hour: Math.floor(cal.startMin / 60), minute: cal.startMin % 60 });
      const we =
        cal.endMin === 24 * 60
          ? day.plus({ days: 1 }).startOf('day')
          : day.set({ hour: Math.floor(cal.endMin / 60), minute: cal.endMin % 60 });
      const s = Math.max(ws.toMillis(), fromMs);
      const e = we.toMillis();
      if (e > s) yield [s, e];
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  throw new DomainError(
    'invalid_input',
    `The SLA clock ran past ${MAX_CALENDAR_DAYS} calendar days (about 10 years): the target or time span is too long for this calendar`,
    'calendar',
  );
}

/** Stretches [start, end) during which SLA time counts: business time minus pauses. */
function* countingSegments(
  fromMs: number,
  pauses: Array<[number, number]>,
  cal: NormalizedCalendar | undefined,
): Generator<[number, number]> {
  let pi = 0;
  for (const [ws, we] of businessWindows(fromMs, cal)) {
    let s = ws;
    while (s < we) {
      while (pi < pauses.length && pauses[pi]![1] <= s) pi++;
      const p = pauses[pi];
      if (!p || p[0] >= we) {
        yield [s, we];
        break;
      }
      if (p[0] > s) yield [s, p[0]];
      if (p[1] === Number.POSITIVE_INFINITY) return; // clock stopped for good
      s = Math.max(s, p[1]);
    }
  }
}

export interface SlaClockInput {
  startMs: number;
  pauses?: readonly SlaPause[];
  calendar?: BusinessCalendar;
}

/**
 * The instant `targetMinutes` of SLA time have been used, counting from `startMs`: paused
 * stretches don't count and, with a calendar, only business time counts. When the target is
 * used up exactly at the end of a business day, the deadline is that end. Returns `null` when
 * an open pause (no `toMs`) stops the clock before the target is used up.
 */
export function computeSlaDeadline(
  input: SlaClockInput & { targetMinutes: number },
): number | null {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'computeSlaDeadline expects an object', 'input');
  }
  assertEpochMs(input.startMs, 'startMs');
  const target = input.targetMinutes;
  if (typeof target !== 'number' || !Number.isFinite(target) || target <= 0) {
    throw new DomainError(
      'invalid_input',
      `targetMinutes must be a positive number, got ${JSON.stringify(target)}`,
      'targetMinutes',
    );
  }
  const cal =
    input.calendar === undefined ? undefined : normalizeCalendar(input.calendar, 'calendar');
  const pauses = normalizePauses(input.pauses);
  return deadlineFrom(input.startMs, Math.round(target * 60_000), pauses, cal);
}

function deadlineFrom(
  startMs: number,
  remainingMs: number,
  pauses: Array<[number, number]>,
  cal: NormalizedCalendar | undefined,
): number | null {
  let remaining = remainingMs;
  for (const [s, e] of countingSegments(startMs, pauses, cal)) {
    if (e - s >= remaining) return s + remaining;
    remaining -= e - s;
  }
  return null;
}

/**
 * SLA minutes already used between `startMs` and `nowMs` (fractional), with pauses and the
 * calendar applied. 0 when `nowMs` is not after `startMs`.
 */
export function elapsedSlaMinutes(input: SlaClockInput & { nowMs: number }): number {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'elapsedSlaMinutes expects an object', 'input');
  }
  assertEpochMs(input.startMs, 'startMs');
  assertEpochMs(input.nowMs, 'nowMs');
  const cal =
    input.calendar === undefined ? undefined : normalizeCalendar(input.calendar, 'calendar');
  const pauses = normalizePauses(input.pauses);
  const { startMs, nowMs } = input;
  if (nowMs <= startMs) return 0;
  let used = 0;
  for (const [s, e] of countingSegments(startMs, pauses, cal)) {
    if (s >= nowMs) break;
    used += Math.min(e, nowMs) - s;
    if (e >= nowMs) break;
  }
  return used / 60_000;
}

export type SlaThresholdKind = 'half' | 'warning' | 'breach';

export interface SlaThreshold {
  kind: SlaThresholdKind;
  /** 50, 80 or 100 (% of the target). */
  pct: 50 | 80 | 100;
  /** SLA minutes used when this threshold is reached. */
  minutes: number;
  /** When it is reached (epoch ms); null when an open pause stops the clock first. */
  atMs: number | null;
  /** Only when `nowMs` was given: whether the instant is at or before now. */
  passed?: boolean;
}

export interface SlaThresholdsResult {
  targetMinutes: number;
  thresholds: SlaThreshold[];
  /** Same as the 100 % threshold's instant. */
  breachAtMs: number | null;
}

/**
 * The 50 %, 80 % and 100 % (breach) instants of a target, on the same clock as
 * `computeSlaDeadline`. Raising a ticket's priority mid-way is just a call with the same
 * `startMs` and the new target: the time already used carries over. With `nowMs`, each
 * threshold says whether it has already passed (the job layer skips those).
 */
export function slaThresholds(
  input: SlaClockInput & { targetMinutes: number; nowMs?: number },
): SlaThresholdsResult {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'slaThresholds expects an object', 'input');
  }
  assertEpochMs(input.startMs, 'startMs');
  const target = input.targetMinutes;
  if (typeof target !== 'number' || !Number.isFinite(target) || target <= 0) {
    throw new DomainError(
      'invalid_input',
      `targetMinutes must be a positive number, got ${JSON.stringify(target)}`,
      'targetMinutes',
    );
  }
  if (input.nowMs !== undefined) assertEpochMs(input.nowMs, 'nowMs');
  const cal =
    input.calendar === undefined ? undefined : normalizeCalendar(input.calendar, 'calendar');
  const pauses = normalizePauses(input.pauses);
  const levels: Array<[SlaThresholdKind, 50 | 80 | 100]> = [
    ['half', 50],
    ['warning', 80],
    ['breach', 100],
  ];
  const thresholds = levels.map(([kind, pct]): SlaThreshold => {
    const minutes = (target * pct) / 100;
    const atMs = deadlineFrom(input.startMs, Math.round(minutes * 60_000), pauses, cal);
    const th: SlaThreshold = { kind, pct, minutes, atMs };
    if (input.nowMs !== undefined) th.passed = atMs !== null && atMs <= input.nowMs;
    return th;
  });
  return { targetMinutes: target, thresholds, breachAtMs: thresholds[2]?.atMs ?? null };
}

// ─── Weekly review ────────────────────────────────────────────────────────────────────

export interface WeeklyReviewWindow {
  /** Monday 00:00 of last week in the zone (inclusive). */
  fromMs: number;
  /** Monday 00:00 of this week in the zone (exclusive). */
  toMs: number;
  fromIso: string;
  toIso: string;
  timeZone: string;
}

/** Last full week (Monday 00:00 → Monday 00:00 in `timeZone`) as seen at `nowMs`. */
export function weeklyReviewWindow(nowMs: number, timeZone = 'Asia/Riyadh'): WeeklyReviewWindow {
  assertEpochMs(nowMs, 'nowMs');
  const zone = assertTimeZone(timeZone, 'timeZone');
  const thisMonday = DateTime.fromMillis(nowMs, { zone })
    .startOf('day')
    .minus({
      days: DateTime.fromMillis(nowMs, { zone }).weekday - 1,
    });
  const lastMonday = thisMonday.minus({ weeks: 1 }).startOf('day');
  return {
    fromMs: lastMonday.toMillis(),
    toMs: thisMonday.toMillis(),
    fromIso: lastMonday.toISO() ?? '',
    toIso: thisMonday.toISO() ?? '',
    timeZone: zone,
  };
}

/**
 * The next weekly SLA review: the first Monday `at` ('HH:MM', default 09:00) in `timeZone`
 * strictly after `nowMs`.
 */
export function nextWeeklyReviewAt(nowMs: number, timeZone = 'Asia/Riyadh', at = '09:00'): number {
  assertEpochMs(nowMs, 'nowMs');
  const zone = assertTimeZone(timeZone, 'timeZone');
  const minutes = parseHhmm(at, 'at', false);
  const now = DateTime.fromMillis(nowMs, { zone });
  let candidate = now
    .startOf('day')
    .minus({ days: now.weekday - 1 })
    .set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
  while (candidate.toMillis() <= nowMs) {
    candidate = candidate.plus({ weeks: 1 });
  }
  return candidate.toMillis();
}

// ─── helpers ──────────────────────────────────────────────────────────────────────────

function assertTimeZone(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || !IANAZone.isValidZone(value)) {
    throw new DomainError(
      'invalid_input',
      `${field} must be an IANA time zone such as Asia/Riyadh, got ${JSON.stringify(value)}`,
      field,
    );
  }
  return value;
}

function assertEpochMs(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError(
      'invalid_input',
      `${field} must be a finite epoch-milliseconds number, got ${JSON.stringify(value)}`,
      field,
    );
  }
}

function optionalNonNegative(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw badNumber(field, value);
  return value;
}

function badNumber(field: string, value: unknown): DomainError {
  return new DomainError(
    'invalid_input',
    `${field} must be a non-negative number, got ${JSON.stringify(value)}`,
    field,
  );
}

/** Half-up decimal rounding that survives binary floating point (1.005 → 1.01). */
function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  if (String(value).includes('e')) return Math.round(value * factor) / factor;
  const r = Math.round(Number(`${value}e${decimals}`));
  return String(r).includes('e') ? r / factor : Number(`${r}e-${decimals}`);
}

function fmt(n: number): string {
  return String(roundTo(n, 2));
}
