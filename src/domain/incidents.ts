/**
 * SPEC §1.3 — incident triage (SEV1–SEV3), the response plan, and the pure helpers the Slack
 * and job layers need: the incident channel name, the PDPL 72-hour clock, first-action and
 * status-update due times, the post-mortem draft, and the incident lifecycle (declare, commander,
 * severity, plan ticks, status updates, freeze, PDPL notice, timeline, resolve) as pure
 * transitions that return the next incident and its ledger entries. Nothing here reads the clock.
 */
import { DateTime, IANAZone } from 'luxon';
import { checkDraft } from './draftGuard.ts';
import { DomainError } from './errors.ts';
import type { Actor, DraftViolationSummary, LedgerEntry } from './ticketLifecycle.ts';

export const SEVERITY_IDS = Object.freeze(['SEV1', 'SEV2', 'SEV3'] as const);
export type SeverityId = (typeof SEVERITY_IDS)[number];

export interface IncidentPlanStep {
  id: string;
  textAr: string;
  textEn: string;
}

export interface IncidentSeverity {
  id: SeverityId;
  labelAr: string;
  labelEn: string;
  whenAr: string;
  whenEn: string;
  /** Minutes from declaration to the first action. */
  firstActionMinutes: number;
  /** Status-update cadence in minutes. */
  statusUpdateMinutes: number;
  /** Hours after resolution the post-mortem is due; null = optional. */
  postMortemDueHours: number | null;
  postMortemRequired: boolean;
  extraSteps: readonly IncidentPlanStep[];
  extraStepsAr: readonly string[];
  extraStepsEn: readonly string[];
}

/** Affected customers at or above which an incident is SEV2 (SPEC §1.3). */
export const SEV2_AFFECTED_CUSTOMERS = 5;
export const INCIDENT_TITLE_MAX = 120;
export const INCIDENT_DESCRIPTION_MAX = 500;
/** PDPL: affected customers are notified within 72 hours of a data leak. */
export const PDPL_NOTIFICATION_HOURS = 72;
/** Hours after the leak was detected at which the PDPL reminders fire (the last is the deadline). */
export const PDPL_REMINDER_HOURS: readonly number[] = Object.freeze([24, 48, 60, 70, 72]);

function severity(
  s: Omit<IncidentSeverity, 'extraStepsAr' | 'extraStepsEn' | 'postMortemRequired'>,
): IncidentSeverity {
  return Object.freeze({
    ...s,
    postMortemRequired: s.postMortemDueHours !== null,
    extraSteps: Object.freeze(s.extraSteps.map((x) => Object.freeze({ ...x }))),
    extraStepsAr: Object.freeze(s.extraSteps.map((x) => x.textAr)),
    extraStepsEn: Object.freeze(s.extraSteps.map((x) => x.textEn)),
  });
}

/** SPEC §1.3 — the three severities, most severe first. */
export const INCIDENT_SEVERITIES: readonly IncidentSeverity[] = Object.freeze([
  severity({
    id: 'SEV1',
    labelAr: 'حرج',
    labelEn: 'Critical',
    whenAr: 'تسريب بيانات أو إرسال بدون موافقة (مهما كان عدد العملاء المتأثرين)',
    whenEn: 'Data leak or unapproved send (whatever the number of affected customers)',
    firstActionMinutes: 15,
    statusUpdateMinutes: 30,
    postMortemDueHours: 24,
    extraSteps: [
      {
        id: 'founder_direct_line',
        textAr: 'خط مباشر مع المؤسس + تشكيل خلية أزمة',
        textEn: 'Open a direct line to the founder and form a crisis cell',
      },
      {
        id: 'legal_review',
        textAr: 'مراجعة قانونية إذا لزم الأمر',
        textEn: 'Legal review if needed',
      },
    ],
  }),
  severity({
    id: 'SEV2',
    labelAr: 'مرتفع',
    labelEn: 'Major',
    whenAr: `${SEV2_AFFECTED_CUSTOMERS} عملاء متأثرون أو أكثر`,
    whenEn: `${SEV2_AFFECTED_CUSTOMERS} or more affected customers`,
    firstActionMinutes: 30,
    statusUpdateMinutes: 60,
    postMortemDueHours: 48,
    extraSteps: [
      {
        id: 'update_customers_hourly',
        textAr: 'تحديث العملاء المتأثرين كل 60 دقيقة',
        textEn: 'Update the affected customers every 60 minutes',
      },
    ],
  }),
  severity({
    id: 'SEV3',
    labelAr: 'محدود',
    labelEn: 'Minor',
    whenAr: 'أي حادثة أخرى',
    whenEn: 'Anything else',
    firstActionMinutes: 120,
    statusUpdateMinutes: 240,
    postMortemDueHours: null,
    extraSteps: [
      {
        id: 'update_customer_each_step',
        textAr: 'تحديث العميل المتأثر عند كل خطوة',
        textEn: 'Update the affected customer at each step',
      },
    ],
  }),
]);

export function isSeverityId(value: unknown): value is SeverityId {
  return typeof value === 'string' && (SEVERITY_IDS as readonly string[]).includes(value);
}

/** Accepts 'SEV1'…'SEV3' (case and surrounding spaces ignored); anything else throws 'unknown_severity'. */
export function assertSeverity(value: unknown, field = 'severity'): SeverityId {
  const v = typeof value === 'string' ? value.trim().toUpperCase() : value;
  if (!isSeverityId(v)) {
    throw new DomainError(
      'unknown_severity',
      `Unknown severity ${JSON.stringify(value)}: expected one of ${SEVERITY_IDS.join(', ')}`,
      field,
    );
  }
  return v;
}

export function getIncidentSeverity(id: SeverityId | string): IncidentSeverity {
  const sev = assertSeverity(id);
  return INCIDENT_SEVERITIES.find((s) => s.id === sev)!;
}

// ─── Triage ───────────────────────────────────────────────────────────────────────────

export interface TriageIncidentInput {
  title: string;
  description?: string;
  /** Non-negative integer; defaults to 1 (the reporting customer). */
  affectedCustomers?: number;
  hasDataLeak?: boolean;
  hasUnauthorizedSend?: boolean;
}

export interface IncidentTriage {
  severity: SeverityId;
  reasonAr: string;
  reasonEn: string;
  severityDetails: IncidentSeverity;
  title: string;
  description: string;
  affectedCustomers: number;
  hasDataLeak: boolean;
  hasUnauthorizedSend: boolean;
  /** A data leak starts the 72-hour PDPL notification clock. */
  pdplNotificationRequired: boolean;
  firstActionMinutes: number;
  statusUpdateMinutes: number;
  approvalRequired: true;
  liveSendAllowed: false;
}

/**
 * SEV1 on a data leak or an unapproved send whatever the count; SEV2 on 5 or more affected
 * customers; else SEV3. Title required (trimmed, ≤ 120 characters), description ≤ 500.
 */
export function triageIncident(input: TriageIncidentInput): IncidentTriage {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'triageIncident expects an object', 'input');
  }
  const title = requiredText(input.title, 'title', INCIDENT_TITLE_MAX);
  const description = optionalText(input.description, 'description', INCIDENT_DESCRIPTION_MAX);
  let affectedCustomers = 1;
  if (input.affectedCustomers !== undefined && input.affectedCustomers !== null) {
    const n = input.affectedCustomers;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw new DomainError(
        'invalid_input',
        `affectedCustomers must be a non-negative whole number, got ${JSON.stringify(n)}`,
        'affectedCustomers',
      );
    }
    affectedCustomers = n;
  }
  const hasDataLeak = optionalBool(input.hasDataLeak, 'hasDataLeak');
  const hasUnauthorizedSend = optionalBool(input.hasUnauthorizedSend, 'hasUnauthorizedSend');

  let sev: SeverityId;
  let reasonAr: string;
  let reasonEn: string;
  if (hasDataLeak || hasUnauthorizedSend) {
    sev = 'SEV1';
    const ar: string[] = [];
    const en: string[] = [];
    if (hasDataLeak) {
      ar.push('تسريب بيانات');
      en.push('a data leak');
    }
    if (hasUnauthorizedSend) {
      ar.push('إرسال بدون موافقة');
      en.push('an unapproved send');
    }
    reasonAr = `${ar.join(' و')} — حادثة SEV1 مهما كان عدد العملاء المتأثرين`;
    reasonEn = `${capitalize(en.join(' and '))} — SEV1 whatever the number of affected customers`;
  } else if (affectedCustomers >= SEV2_AFFECTED_CUSTOMERS) {
    sev = 'SEV2';
    reasonAr = `عدد العملاء المتأثرين ${affectedCustomers} (${SEV2_AFFECTED_CUSTOMERS} أو أكثر) — SEV2`;
    reasonEn = `${affectedCustomers} affected customers (${SEV2_AFFECTED_CUSTOMERS} or more) — SEV2`;
  } else {
    sev = 'SEV3';
    reasonAr = `لا تسريب بيانات ولا إرسال بدون موافقة، وعدد العملاء المتأثرين ${affectedCustomers} (أقل من ${SEV2_AFFECTED_CUSTOMERS}) — SEV3`;
    reasonEn = `No data leak or unapproved send, and ${affectedCustomers} affected customer${affectedCustomers === 1 ? '' : 's'} (fewer than ${SEV2_AFFECTED_CUSTOMERS}) — SEV3`;
  }
  const details = getIncidentSeverity(sev);
  return {
    severity: sev,
    reasonAr,
    reasonEn,
    severityDetails: details,
    title,
    description,
    affectedCustomers,
    hasDataLeak,
    hasUnauthorizedSend,
    pdplNotificationRequired: hasDataLeak,
    firstActionMinutes: details.firstActionMinutes,
    statusUpdateMinutes: details.statusUpdateMinutes,
    approvalRequired: true,
    liveSendAllowed: false,
  };
}

// ─── Response plan ────────────────────────────────────────────────────────────────────

/** SPEC §1.3 — the five steps every plan starts with. */
export const CANONICAL_INCIDENT_STEPS: readonly IncidentPlanStep[] = Object.freeze(
  [
    {
      id: 'freeze_live_actions',
      textAr: 'إيقاف الإجراءات الحية (live actions) على القناة المعنية',
      textEn: 'Freeze live actions on the channel concerned',
    },
    {
      id: 'notify_founder_oncall',
      textAr: 'إبلاغ المؤسس والمشغّل المناوب',
      textEn: 'Notify the founder and the on-call operator',
    },
    {
      id: 'open_incident_channel',
      textAr: 'فتح قناة للحادثة مع خط زمني للأحداث',
      textEn: 'Open an incident channel with a timeline',
    },
    {
      id: 'review_action_ledger',
      textAr: 'مراجعة سجل الإجراءات (Action Ledger) بحثاً عن الإجراءات المرتبطة',
      textEn: 'Review the action ledger for related actions',
    },
    {
      id: 'pdpl_notification',
      textAr: `إذا تسربت بيانات: إبلاغ العملاء المتأثرين خلال ${PDPL_NOTIFICATION_HOURS} ساعة (نظام حماية البيانات الشخصية PDPL)`,
      textEn: `If data leaked, notify the affected customers within ${PDPL_NOTIFICATION_HOURS} hours (PDPL)`,
    },
  ].map((s) => Object.freeze(s)),
);

export interface IncidentResponsePlan {
  severity: SeverityId;
  planAr: string[];
  planEn: string[];
  steps: IncidentPlanStep[];
  firstActionMinutes: number;
  statusUpdateMinutes: number;
  postMortemDueHours: number | null;
  approvalRequired: true;
  liveSendAllowed: false;
}

function postMortemStep(sev: IncidentSeverity): IncidentPlanStep {
  if (sev.postMortemDueHours === null) {
    return {
      id: 'post_mortem',
      textAr: 'مراجعة ما بعد الحادثة (post-mortem): اختيارية',
      textEn: 'Post-mortem: optional',
    };
  }
  return {
    id: 'post_mortem',
    textAr: `مراجعة ما بعد الحادثة (post-mortem) خلال ${sev.postMortemDueHours} ساعة من الحل`,
    textEn: `Post-mortem within ${sev.postMortemDueHours} hours of resolution`,
  };
}

/** The five canonical steps, then the severity's extra steps, then the post-mortem step. */
export function buildIncidentResponsePlan(input: {
  severity: SeverityId | string;
}): IncidentResponsePlan {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'buildIncidentResponsePlan expects an object', 'input');
  }
  const sev = getIncidentSeverity(input.severity);
  const steps: IncidentPlanStep[] = [
    ...CANONICAL_INCIDENT_STEPS,
    ...sev.extraSteps,
    postMortemStep(sev),
  ].map((s) => ({ id: s.id, textAr: s.textAr, textEn: s.textEn }));
  return {
    severity: sev.id,
    planAr: steps.map((s) => s.textAr),
    planEn: steps.map((s) => s.textEn),
    steps,
    firstActionMinutes: sev.firstActionMinutes,
    statusUpdateMinutes: sev.statusUpdateMinutes,
    postMortemDueHours: sev.postMortemDueHours,
    approvalRequired: true,
    liveSendAllowed: false,
  };
}

// ─── Clocks ───────────────────────────────────────────────────────────────────────────

/** When the first action is due: declaration + the severity's first-action minutes. */
export function firstActionDueAtMs(severity: SeverityId | string, declaredAtMs: number): number {
  const sev = getIncidentSeverity(severity);
  assertEpochMs(declaredAtMs, 'declaredAtMs');
  return declaredAtMs + sev.firstActionMinutes * 60_000;
}

/** When the next status update is due: the last update (or declaration) + the cadence. */
export function nextStatusUpdateDueAtMs(
  severity: SeverityId | string,
  lastUpdateAtMs: number,
): number {
  const sev = getIncidentSeverity(severity);
  assertEpochMs(lastUpdateAtMs, 'lastUpdateAtMs');
  return lastUpdateAtMs + sev.statusUpdateMinutes * 60_000;
}

/** When the post-mortem is due after resolution; null when it is optional (SEV3). */
export function postMortemDueAtMs(
  severity: SeverityId | string,
  resolvedAtMs: number,
): number | null {
  const sev = getIncidentSeverity(severity);
  assertEpochMs(resolvedAtMs, 'resolvedAtMs');
  return sev.postMortemDueHours === null ? null : resolvedAtMs + sev.postMortemDueHours * 3_600_000;
}

export interface PdplClock {
  detectedAtMs: number;
  deadlineAtMs: number;
  reminders: Array<{ hoursAfter: number; hoursLeft: number; atMs: number; isDeadline: boolean }>;
}

/** The 72-hour PDPL notification clock from when the leak was detected, with its reminders. */
export function buildPdplClock(input: { detectedAtMs: number }): PdplClock {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'buildPdplClock expects an object', 'input');
  }
  assertEpochMs(input.detectedAtMs, 'detectedAtMs');
  const at = input.detectedAtMs;
  return {
    detectedAtMs: at,
    deadlineAtMs: at + PDPL_NOTIFICATION_HOURS * 3_600_000,
    reminders: PDPL_REMINDER_HOURS.map((h) => ({
      hoursAfter: h,
      hoursLeft: PDPL_NOTIFICATION_HOURS - h,
      atMs: at + h * 3_600_000,
      isDeadline: h === PDPL_NOTIFICATION_HOURS,
    })),
  };
}

// ─── Channel name ─────────────────────────────────────────────────────────────────────

export const SLACK_CHANNEL_NAME_MAX = 80;

/**
 * `inc-YYYYMMDD-NNN-<ascii-slug>`: only [a-z0-9_-], at most 80 characters. The slug keeps the
 * ASCII letters and digits of the title (accents folded), lower-cased, joined by hyphens; an
 * all-Arabic title gives no slug (`inc-20261122-001`). A suffix (for `name_taken`) is appended
 * as `-<suffix>` and always fits: the slug is shortened for it.
 */
export function buildIncidentChannelName(input: {
  dateYmd: string;
  sequence: number;
  title?: string;
  suffix?: number | string;
}): string {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'buildIncidentChannelName expects an object', 'input');
  }
  const { dateYmd, sequence } = input;
  if (
    typeof dateYmd !== 'string' ||
    !/^\d{8}$/.test(dateYmd) ||
    !DateTime.fromFormat(dateYmd, 'yyyyLLdd', { zone: 'UTC' }).isValid
  ) {
    throw new DomainError(
      'invalid_input',
      `dateYmd must be a real date as YYYYMMDD, got ${JSON.stringify(dateYmd)}`,
      'dateYmd',
    );
  }
  if (
    typeof sequence !== 'number' ||
    !Number.isInteger(sequence) ||
    sequence < 1 ||
    sequence > 99_999
  ) {
    throw new DomainError(
      'invalid_input',
      `sequence must be a whole number from 1 to 99999, got ${JSON.stringify(sequence)}`,
      'sequence',
    );
  }
  const title = input.title ?? '';
  if (typeof title !== 'string') {
    throw new DomainError('invalid_input', 'title must be a string', 'title');
  }
  let suffix = '';
  if (input.suffix !== undefined && input.suffix !== null && input.suffix !== '') {
    const raw = String(input.suffix).toLowerCase();
    const okNumber =
      typeof input.suffix === 'number' && Number.isInteger(input.suffix) && input.suffix > 0;
    const okString = typeof input.suffix === 'string' && /^[a-z0-9_]{1,10}$/.test(raw);
    if (!okNumber && !okString) {
      throw new DomainError(
        'invalid_input',
        `suffix must be a positive whole number or up to 10 characters of [a-z0-9_], got ${JSON.stringify(input.suffix)}`,
        'suffix',
      );
    }
    suffix = `-${raw}`;
  }
  const base = `inc-${dateYmd}-${String(sequence).padStart(3, '0')}`;
  const room = SLACK_CHANNEL_NAME_MAX - base.length - suffix.length - 1; // 1 for the hyphen
  let slug = slugify(title);
  if (slug.length > room) slug = slug.slice(0, Math.max(0, room)).replace(/-+$/, '');
  return `${base}${slug ? `-${slug}` : ''}${suffix}`;
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// ─── Post-mortem ──────────────────────────────────────────────────────────────────────

export interface IncidentTimelineEntry {
  atMs: number;
  /** e.g. 'declared', 'severity', 'plan_step', 'update', 'pinned', 'resolved'. */
  kind: string;
  text: string;
}

export interface PostMortemIncidentFacts {
  severity: SeverityId | string;
  title: string;
  affectedCustomers?: number;
  hasDataLeak?: boolean;
  hasUnauthorizedSend?: boolean;
}

export interface BuildPostMortemInput {
  /** The incident's facts (a triage result fits). */
  incident: PostMortemIncidentFacts;
  timeline: readonly IncidentTimelineEntry[];
  declaredAtMs: number;
  firstActionAtMs?: number | null;
  resolvedAtMs: number;
  summary: string;
  cause: string;
  /** Action items the team already knows of, as typed. */
  actionItems?: readonly string[];
  /** Zone the timeline's times are written in; default Asia/Riyadh. */
  timeZone?: string;
}

export interface PostMortemSection {
  id: 'summary' | 'impact' | 'timeline' | 'cause' | 'response' | 'action_items';
  headingAr: string;
  headingEn: string;
  bodyAr: string;
  bodyEn: string;
}

export interface PostMortemDraft {
  severity: SeverityId;
  title: string;
  titleAr: string;
  titleEn: string;
  sections: PostMortemSection[];
  /** The timeline sorted by its own timestamps (ties keep their order). */
  timeline: IncidentTimelineEntry[];
  declaredAtMs: number;
  firstActionAtMs: number | null;
  resolvedAtMs: number;
  /** Minutes from declaration to the first action, 1 decimal; null when none was recorded. */
  timeToFirstActionMinutes: number | null;
  /** Whether the first action met the severity's target; null when none was recorded. */
  firstActionWithinTarget: boolean | null;
  /** Minutes from declaration to resolution, 1 decimal. */
  timeToResolveMinutes: number;
  postMortemRequired: boolean;
  /** When the post-mortem is due; null when optional (SEV3). */
  dueAtMs: number | null;
  /** The action items passed in (trimmed, empty ones dropped). */
  actionItems: string[];
  /** Action items the facts suggest, in each language. */
  suggestedActionItemsAr: string[];
  suggestedActionItemsEn: string[];
  approvalRequired: true;
  liveSendAllowed: false;
}

const POST_MORTEM_TEXT_MAX = 2000;
const TIMELINE_TEXT_MAX = 3000;

/** Drafts the post-mortem: timeline, time to first action and to resolve, action items, due date. */
export function buildPostMortemDraft(input: BuildPostMortemInput): PostMortemDraft {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'buildPostMortemDraft expects an object', 'input');
  }
  const facts = input.incident;
  if (facts === null || typeof facts !== 'object') {
    throw new DomainError(
      'invalid_input',
      'incident must be an object with the incident facts',
      'incident',
    );
  }
  const sev = getIncidentSeverity(assertSeverity(facts.severity, 'incident.severity'));
  const title = requiredText(facts.title, 'incident.title', INCIDENT_TITLE_MAX);
  const hasDataLeak = optionalBool(facts.hasDataLeak, 'incident.hasDataLeak');
  const hasUnauthorizedSend = optionalBool(
    facts.hasUnauthorizedSend,
    'incident.hasUnauthorizedSend',
  );
  const affected = facts.affectedCustomers;
  if (
    affected !== undefined &&
    (typeof affected !== 'number' || !Number.isInteger(affected) || affected < 0)
  ) {
    throw new DomainError(
      'invalid_input',
      `incident.affectedCustomers must be a non-negative whole number, got ${JSON.stringify(affected)}`,
      'incident.affectedCustomers',
    );
  }
  const zone = input.timeZone ?? 'Asia/Riyadh';
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    throw new DomainError(
      'invalid_input',
      `timeZone ${JSON.stringify(zone)} is not an IANA time zone`,
      'timeZone',
    );
  }
  assertEpochMs(input.declaredAtMs, 'declaredAtMs');
  assertEpochMs(input.resolvedAtMs, 'resolvedAtMs');
  const { declaredAtMs, resolvedAtMs } = input;
  if (resolvedAtMs < declaredAtMs) {
    throw new DomainError('invalid_input', 'resolvedAtMs is before declaredAtMs', 'resolvedAtMs');
  }
  let firstActionAtMs: number | null = null;
  if (input.firstActionAtMs !== undefined && input.firstActionAtMs !== null) {
    assertEpochMs(input.firstActionAtMs, 'firstActionAtMs');
    if (input.firstActionAtMs < declaredAtMs) {
      throw new DomainError(
        'invalid_input',
        'firstActionAtMs is before declaredAtMs',
        'firstActionAtMs',
      );
    }
    firstActionAtMs = input.firstActionAtMs;
  }
  const summary = requiredText(input.summary, 'summary', POST_MORTEM_TEXT_MAX);
  const cause = requiredText(input.cause, 'cause', POST_MORTEM_TEXT_MAX);

  if (!Array.isArray(input.timeline)) {
    throw new DomainError(
      'invalid_input',
      'timeline must be a list of { atMs, kind, text }',
      'timeline',
    );
  }
  const timeline = input.timeline
    .map((e: IncidentTimelineEntry, i): [IncidentTimelineEntry, number] => {
      if (e === null || typeof e !== 'object') {
        throw new DomainError(
          'invalid_input',
          `timeline[${i}] must be an object`,
          `timeline[${i}]`,
        );
      }
      assertEpochMs(e.atMs, `timeline[${i}].atMs`);
      if (typeof e.kind !== 'string' || e.kind.trim() === '') {
        throw new DomainError(
          'invalid_input',
          `timeline[${i}].kind must be a non-empty string`,
          `timeline[${i}].kind`,
        );
      }
      if (typeof e.text !== 'string') {
        throw new DomainError(
          'invalid_input',
          `timeline[${i}].text must be a string`,
          `timeline[${i}].text`,
        );
      }
      // An entry is the record of something that happened (an approved update is as long as
      // its editor allows, plus `#<seq>: `): a long one is shortened, never a reason to
      // withhold the post-mortem.
      return [{ atMs: e.atMs, kind: e.kind.trim(), text: shortenTo(e.text, TIMELINE_TEXT_MAX) }, i];
    })
    .sort((a, b) => a[0].atMs - b[0].atMs || a[1] - b[1])
    .map(([e]) => e);

  let actionItems: string[] = [];
  if (input.actionItems !== undefined) {
    if (!Array.isArray(input.actionItems)) {
      throw new DomainError(
        'invalid_input',
        'actionItems must be a list of strings',
        'actionItems',
      );
    }
    actionItems = input.actionItems.map((a: unknown, i) => {
      if (typeof a !== 'string') {
        throw new DomainError(
          'invalid_input',
          `actionItems[${i}] must be a string`,
          `actionItems[${i}]`,
        );
      }
      return a.trim();
    });
    actionItems = actionItems.filter((a) => a !== '');
  }

  const timeToFirstActionMinutes =
    firstActionAtMs === null ? null : round1((firstActionAtMs - declaredAtMs) / 60_000);
  const firstActionWithinTarget =
    timeToFirstActionMinutes === null ? null : timeToFirstActionMinutes <= sev.firstActionMinutes;
  const timeToResolveMinutes = round1((resolvedAtMs - declaredAtMs) / 60_000);
  const dueAtMs = postMortemDueAtMs(sev.id, resolvedAtMs);

  const suggestedAr: string[] = [];
  const suggestedEn: string[] = [];
  if (firstActionAtMs === null) {
    suggestedAr.push('تسجيل وقت أول إجراء في الحوادث القادمة');
    suggestedEn.push('Record the time of the first action in future incidents');
  } else if (!firstActionWithinTarget) {
    suggestedAr.push(
      `مراجعة التنبيه والمناوبة: أول إجراء تجاوز هدف ${sev.firstActionMinutes} دقيقة`,
    );
    suggestedEn.push(
      `Review alerting and on-call: the first action missed the ${sev.firstActionMinutes}-minute target`,
    );
  }
  if (hasDataLeak) {
    suggestedAr.push(
      `التأكد من إبلاغ العملاء المتأثرين خلال ${PDPL_NOTIFICATION_HOURS} ساعة (PDPL) وتوثيقه`,
    );
    suggestedEn.push(
      `Confirm and document that affected customers were notified within ${PDPL_NOTIFICATION_HOURS} hours (PDPL)`,
    );
  }
  if (hasUnauthorizedSend) {
    suggestedAr.push('مراجعة بوابات الاعتماد التي سمحت بالإرسال بدون موافقة');
    suggestedEn.push('Review the approval gates that let a send through without approval');
  }
  suggestedAr.push('مراجعة سجل الإجراءات (Action Ledger) وإضافة اختبار يمنع تكرار السبب');
  suggestedEn.push(
    'Review the action ledger and add a check that prevents the cause from recurring',
  );

  const fmtTime = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm');
  const timelineAr = timeline.length
    ? timeline.map((e) => `${fmtTime(e.atMs)} — ${e.kind}: ${e.text}`).join('\n')
    : 'لا أحداث مسجلة.';
  const timelineEn = timeline.length
    ? timeline.map((e) => `${fmtTime(e.atMs)} — ${e.kind}: ${e.text}`).join('\n')
    : 'No events recorded.';
  const impactAr = [
    `الخطورة: ${sev.id} (${sev.labelAr})`,
    affected !== undefined ? `العملاء المتأثرون: ${affected}` : null,
    hasDataLeak ? 'تسريب بيانات: نعم' : null,
    hasUnauthorizedSend ? 'إرسال بدون موافقة: نعم' : null,
  ].filter((x): x is string => x !== null);
  const impactEn = [
    `Severity: ${sev.id} (${sev.labelEn})`,
    affected !== undefined ? `Affected customers: ${affected}` : null,
    hasDataLeak ? 'Data leak: yes' : null,
    hasUnauthorizedSend ? 'Unapproved send: yes' : null,
  ].filter((x): x is string => x !== null);
  const responseAr = [
    timeToFirstActionMinutes === null
      ? 'الوقت حتى أول إجراء: غير مسجل'
      : `الوقت حتى أول إجراء: ${timeToFirstActionMinutes} دقيقة (الهدف ${sev.firstActionMinutes}) — ${firstActionWithinTarget ? 'ضمن الهدف' : 'تجاوز الهدف'}`,
    `الوقت حتى الحل: ${timeToResolveMinutes} دقيقة`,
  ];
  const responseEn = [
    timeToFirstActionMinutes === null
      ? 'Time to first action: not recorded'
      : `Time to first action: ${timeToFirstActionMinutes} min (target ${sev.firstActionMinutes}) — ${firstActionWithinTarget ? 'within target' : 'missed target'}`,
    `Time to resolve: ${timeToResolveMinutes} min`,
  ];
  const itemsAr = [...actionItems, ...suggestedAr].map((a) => `• ${a}`).join('\n');
  const itemsEn = [...actionItems, ...suggestedEn].map((a) => `• ${a}`).join('\n');

  const sections: PostMortemSection[] = [
    { id: 'summary', headingAr: 'الملخص', headingEn: 'Summary', bodyAr: summary, bodyEn: summary },
    {
      id: 'impact',
      headingAr: 'الأثر',
      headingEn: 'Impact',
      bodyAr: impactAr.join('\n'),
      bodyEn: impactEn.join('\n'),
    },
    {
      id: 'timeline',
      headingAr: 'الخط الزمني',
      headingEn: 'Timeline',
      bodyAr: timelineAr,
      bodyEn: timelineEn,
    },
    { id: 'cause', headingAr: 'السبب', headingEn: 'Cause', bodyAr: cause, bodyEn: cause },
    {
      id: 'response',
      headingAr: 'الاستجابة',
      headingEn: 'Response',
      bodyAr: responseAr.join('\n'),
      bodyEn: responseEn.join('\n'),
    },
    {
      id: 'action_items',
      headingAr: 'الإجراءات التصحيحية',
      headingEn: 'Action items',
      bodyAr: itemsAr,
      bodyEn: itemsEn,
    },
  ];

  return {
    severity: sev.id,
    title,
    titleAr: `مراجعة ما بعد الحادثة: ${title}`,
    titleEn: `Post-mortem: ${title}`,
    sections,
    timeline,
    declaredAtMs,
    firstActionAtMs,
    resolvedAtMs,
    timeToFirstActionMinutes,
    firstActionWithinTarget,
    timeToResolveMinutes,
    postMortemRequired: sev.postMortemRequired,
    dueAtMs,
    actionItems,
    suggestedActionItemsAr: suggestedAr,
    suggestedActionItemsEn: suggestedEn,
    approvalRequired: true,
    liveSendAllowed: false,
  };
}

// ─── helpers ──────────────────────────────────────────────────────────────────────────

/** Length in user-visible code points (an emoji counts once). */
function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** `s` cut to `max` characters (code points), the cut marked with `…`. */
function shortenTo(s: string, max: number): string {
  return charCount(s) > max
    ? `${Array.from(s)
        .slice(0, max - 1)
        .join('')}…`
    : s;
}

function requiredText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DomainError(
      'invalid_input',
      `${field} is required and must be non-empty text`,
      field,
    );
  }
  const t = value.trim();
  const len = charCount(t);
  if (len > max) {
    throw new DomainError(
      'text_too_long',
      `${field} is ${len} characters; the limit is ${max}`,
      field,
    );
  }
  return t;
}

function optionalText(value: unknown, field: string, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') {
    throw new DomainError('invalid_input', `${field} must be text`, field);
  }
  const t = value.trim();
  const len = charCount(t);
  if (len > max) {
    throw new DomainError(
      'text_too_long',
      `${field} is ${len} characters; the limit is ${max}`,
      field,
    );
  }
  return t;
}

function optionalBool(value: unknown, field: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') {
    throw new DomainError(
      'invalid_input',
      `${field} must be true or false, got ${JSON.stringify(value)}`,
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

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ─── Lifecycle ────────────────────────────────────────────────────────────────────────
//
// The incident as Sanad keeps it, and every change to it as a pure transition: the current
// incident plus who/when in, the next incident and the ledger entries that record it out.
// Refusals throw IncidentRefusal with a bilingual reason the Slack layer shows as an ephemeral.

/** Per-severity clocks. The SPEC values are the default; a policy may shorten them (trials, tests). */
export interface IncidentCadence {
  statusUpdateMinutes: Record<SeverityId, number>;
  firstActionMinutes: Record<SeverityId, number>;
  /** Hours after declaration at which PDPL reminders fire. */
  pdplReminderHours: number[];
  /** Hours after declaration by which affected customers must be notified. */
  pdplDeadlineHours: number;
}

export const DEFAULT_INCIDENT_CADENCE: IncidentCadence = Object.freeze({
  statusUpdateMinutes: Object.freeze({ SEV1: 30, SEV2: 60, SEV3: 240 }),
  firstActionMinutes: Object.freeze({ SEV1: 15, SEV2: 30, SEV3: 120 }),
  pdplReminderHours: Object.freeze([...PDPL_REMINDER_HOURS]) as number[],
  pdplDeadlineHours: PDPL_NOTIFICATION_HOURS,
}) as IncidentCadence;

export type IncidentStatus = 'active' | 'resolved';

export interface IncidentStep {
  id: string;
  textAr: string;
  textEn: string;
  done: boolean;
  doneBy?: string;
  doneAtMs?: number;
}

export interface IncidentTimelineItem extends IncidentTimelineEntry {
  by?: string;
  /** For messages captured from the channel (📌 or pin): the message's own ts, once each. */
  sourceTs?: string;
}

export type StatusDraftStatus = 'pending' | 'approved' | 'snoozed' | 'closed';

export interface IncidentStatusDraft {
  seq: number;
  /**
   * Bumped on every edit (absent, in drafts stored before it: 0). The draft's message carries
   * `seq` and `rev` on its buttons, so an approval is of the text its approver saw (rule 1).
   */
  rev?: number;
  /** The update in the incident's own language (its channel, the timeline). */
  text: string;
  /**
   * The update in each language its readers need: the incident's, and each affected
   * customer's. Drafts stored before it have only `text`, which then stands for every language.
   */
  texts?: Partial<Record<'ar' | 'en', string>>;
  violations: DraftViolationSummary[];
  status: StatusDraftStatus;
  createdAtMs: number;
  createdBy: string;
  /** The status-update due time this draft answers. */
  dueAtMs: number;
  editedBy?: string;
  approvedBy?: string;
  approvedAtMs?: number;
  snoozedBy?: string;
  snoozedUntilMs?: number;
  /** The draft's message in the incident channel. */
  ts?: string;
}

export interface PdplNoticeDraft {
  /** The notice in each language the recipients need. */
  texts: Partial<Record<'ar' | 'en', string>>;
  /** Bumped on every edit (absent, in notices stored before it: 0); carried by its buttons. */
  rev?: number;
  violations: DraftViolationSummary[];
  editedBy?: string;
  approvedBy?: string;
  approvedAtMs?: number;
}

/** An affected customer with no Slack channel: the approved notice is sent to them by hand. */
export interface PdplByHandRecipient {
  customerId: string;
  name: string;
  email?: string;
  /** The language of the notice they get. */
  lang: 'ar' | 'en';
  notifiedAtMs?: number;
  notifiedBy?: string;
}

export interface PdplReminderRecord {
  hours: number;
  channelId: string;
  ts: string;
  isDeadline: boolean;
}

export interface IncidentResolution {
  summary: string;
  cause: string;
  actionItems: string[];
}

export interface Incident {
  id: string;
  version: number;
  title: string;
  description: string;
  severity: SeverityId;
  /** What triage gave; people may raise the severity and bring it back, never below this. */
  triagedSeverity: SeverityId;
  status: IncidentStatus;
  /** Language of the incident's own messages. */
  language: 'ar' | 'en';
  declaredBy: string;
  declaredAtMs: number;
  affectedCustomerIds: string[];
  affectedCustomerNames: Record<string, string>;
  affectedCount: number;
  hasDataLeak: boolean;
  hasUnauthorizedSend: boolean;
  reasonAr: string;
  reasonEn: string;
  commanderId?: string;
  channelId?: string;
  channelName?: string;
  summaryTs?: string;
  planTs?: string;
  invitedUserIds: string[];
  steps: IncidentStep[];
  firstActionDueMs: number;
  firstActionAtMs?: number;
  firstActionBy?: string;
  nextUpdateDueMs?: number;
  updateCount: number;
  lastUpdateAtMs?: number;
  draft?: IncidentStatusDraft;
  pdplDeadlineMs?: number;
  pdplNotice?: PdplNoticeDraft;
  pdplNoticeSentAtMs?: number;
  /** Set at approval: the affected customers outside Slack, and whether they were told yet. */
  pdplByHand?: PdplByHandRecipient[];
  pdplReminders: PdplReminderRecord[];
  liveActionsFrozen: boolean;
  frozenScopes: string[];
  /** Set when a founder lifted the SEV1 freeze (a replayed declaration must not freeze again). */
  freezeLiftedAtMs?: number;
  freezeLiftedBy?: string;
  timeline: IncidentTimelineItem[];
  resolvedAtMs?: number;
  resolvedBy?: string;
  resolution?: IncidentResolution;
  postMortemTs?: string;
}

export interface IncidentTransition {
  incident: Incident;
  ledger: LedgerEntry[];
}

export type IncidentRefusalCode =
  | 'incident_resolved'
  | 'not_found'
  | 'founder_only'
  | 'approver_only'
  | 'team_only'
  | 'severity_below_triage'
  | 'no_draft'
  | 'draft_not_pending'
  | 'draft_changed'
  | 'draft_flagged'
  | 'empty_draft'
  | 'not_frozen'
  | 'no_data_leak'
  | 'notice_already_sent'
  | 'missing_field';

export class IncidentRefusal extends Error {
  override readonly name = 'IncidentRefusal';
  constructor(
    readonly code: IncidentRefusalCode,
    readonly messageAr: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

const SEVERITY_RANK: Readonly<Record<SeverityId, number>> = { SEV1: 3, SEV2: 2, SEV3: 1 };

/** True when `a` is more severe than `b`. */
export function isMoreSevere(a: SeverityId, b: SeverityId): boolean {
  return SEVERITY_RANK[a] > SEVERITY_RANK[b];
}

/** Internal ids (incidents, tickets) must never reach a customer (SPEC §1.7 rule 2). */
const INTERNAL_ID = /\b(?:INC-\d{8}-\d{3,5}|SND-\d{3,})\b/gi;

/** Flags internal ids in customer-facing text, in the same shape as the draft guard's violations. */
export function internalIdViolations(text: string): DraftViolationSummary[] {
  const seen = new Set<string>();
  const out: DraftViolationSummary[] = [];
  for (const m of text.matchAll(INTERNAL_ID)) {
    const phrase = m[0];
    if (seen.has(phrase.toUpperCase())) continue;
    seen.add(phrase.toUpperCase());
    out.push({
      category: 'internal_id',
      phrase,
      labelAr: 'معرّف داخلي (لا يظهر للعملاء)',
      labelEn: 'Internal id (never shown to customers)',
    });
  }
  return out;
}

/**
 * What keeps a customer-facing text — a ticket reply, an incident update or notice, a
 * customer-success draft — from being approved: the draft guard's prohibited claims (rule 5)
 * and internal ids, which never reach a customer (rule 2).
 */
export function customerTextViolations(text: string): DraftViolationSummary[] {
  return [...checkDraft(text).violations, ...internalIdViolations(text)];
}

/** What keeps a stored draft from approval: the violations it was saved with, or — for a
 *  draft saved before internal ids were checked — the internal ids in it now. */
export function approvalBlockers(
  saved: readonly DraftViolationSummary[],
  text: string,
): readonly DraftViolationSummary[] {
  return saved.length > 0 ? saved : internalIdViolations(text);
}

function bump(incident: Incident, changes: Partial<Incident>): Incident {
  return { ...incident, ...changes, version: incident.version + 1 };
}

function led(
  action: string,
  actor: string,
  atMs: number,
  incidentId: string,
  details: Record<string, unknown> = {},
): LedgerEntry {
  return { action, actor, atMs, details: { incidentId, ...details } };
}

function say(incident: Incident, ar: string, en: string): string {
  return incident.language === 'ar' ? ar : en;
}

function assertActive(incident: Incident): void {
  if (incident.status !== 'active') {
    throw new IncidentRefusal(
      'incident_resolved',
      'الحادثة محلولة بالفعل.',
      'This incident is already resolved.',
    );
  }
}

function planSteps(severity: SeverityId, previous: readonly IncidentStep[] = []): IncidentStep[] {
  const plan = buildIncidentResponsePlan({ severity });
  return plan.steps.map((s) => {
    const before = previous.find((p) => p.id === s.id);
    return before
      ? { ...s, done: before.done, doneBy: before.doneBy, doneAtMs: before.doneAtMs }
      : { ...s, done: false };
  });
}

function minutes(n: number): number {
  return Math.round(n * 60_000);
}

export interface OpenIncidentInput {
  id: string;
  triage: IncidentTriage;
  declaredBy: string;
  atMs: number;
  language: 'ar' | 'en';
  affectedCustomerIds?: readonly string[];
  affectedCustomerNames?: Readonly<Record<string, string>>;
  cadence?: IncidentCadence;
  /** The drafted PDPL customer notice (data leaks), in the languages the recipients need. */
  pdplNotice?: Partial<Record<'ar' | 'en', string>>;
  pdplNoticeViolations?: DraftViolationSummary[];
}

/** A newly declared incident: plan, clocks, timeline and the `incident.declared` ledger entry. */
export function openIncident(input: OpenIncidentInput): IncidentTransition {
  const { triage, atMs, id } = input;
  assertEpochMs(atMs, 'atMs');
  const cadence = input.cadence ?? DEFAULT_INCIDENT_CADENCE;
  const ids = [...new Set(input.affectedCustomerIds ?? [])];
  const affectedCount = Math.max(triage.affectedCustomers, ids.length);
  const sev = triage.severity;
  const base: Incident = {
    id,
    version: 1,
    title: triage.title,
    description: triage.description,
    severity: sev,
    triagedSeverity: sev,
    status: 'active',
    language: input.language,
    declaredBy: input.declaredBy,
    declaredAtMs: atMs,
    affectedCustomerIds: ids,
    affectedCustomerNames: { ...(input.affectedCustomerNames ?? {}) },
    affectedCount,
    hasDataLeak: triage.hasDataLeak,
    hasUnauthorizedSend: triage.hasUnauthorizedSend,
    reasonAr: triage.reasonAr,
    reasonEn: triage.reasonEn,
    invitedUserIds: [],
    steps: planSteps(sev),
    firstActionDueMs: atMs + minutes(cadence.firstActionMinutes[sev]),
    nextUpdateDueMs: atMs + minutes(cadence.statusUpdateMinutes[sev]),
    updateCount: 0,
    pdplReminders: [],
    liveActionsFrozen: false,
    frozenScopes: [],
    timeline: [],
  };
  if (triage.hasDataLeak) {
    base.pdplDeadlineMs = atMs + Math.round(cadence.pdplDeadlineHours * 3_600_000);
    base.pdplNotice = {
      texts: { ...(input.pdplNotice ?? {}) },
      violations: input.pdplNoticeViolations ?? [],
    };
  }
  base.timeline.push({
    atMs,
    kind: 'declared',
    by: input.declaredBy,
    text: `${sev} — ${triage.title} (${say(base, triage.reasonAr, triage.reasonEn)})`,
  });
  return {
    incident: base,
    ledger: [
      led('incident.declared', input.declaredBy, atMs, id, {
        severity: sev,
        reason: triage.reasonEn,
        title: triage.title,
        affectedCount,
        affectedCustomerIds: ids,
        hasDataLeak: triage.hasDataLeak,
        hasUnauthorizedSend: triage.hasUnauthorizedSend,
      }),
    ],
  };
}

/** Records the incident's channel (created or found again after a lost answer). */
export function recordIncidentChannel(
  incident: Incident,
  channel: { id: string; name: string },
  atMs: number,
): IncidentTransition | null {
  if (incident.channelId) return null;
  return {
    incident: { ...incident, channelId: channel.id, channelName: channel.name },
    ledger: [
      led('incident.channel_created', 'sanad', atMs, incident.id, {
        channelId: channel.id,
        name: channel.name,
      }),
    ],
  };
}

/** SEV1: live actions frozen for the affected customers (scopes are customer ids). */
export function recordIncidentFreeze(
  incident: Incident,
  scopes: readonly string[],
  actor: string,
  atMs: number,
): IncidentTransition | null {
  const fresh = [...new Set(scopes)].filter((s) => !incident.frozenScopes.includes(s));
  if (fresh.length === 0) return null;
  const all = [...incident.frozenScopes, ...fresh];
  return {
    incident: bump(incident, {
      liveActionsFrozen: true,
      frozenScopes: all,
      timeline: [
        ...incident.timeline,
        {
          atMs,
          kind: 'freeze',
          by: actor,
          text: say(
            incident,
            `تجميد الإجراءات الحية للعملاء: ${fresh.join('، ')}`,
            `Live actions frozen for customers: ${fresh.join(', ')}`,
          ),
        },
      ],
    }),
    ledger: [led('incident.freeze', actor, atMs, incident.id, { scopes: fresh })],
  };
}

/** Only a founder lifts the freeze. */
export function liftIncidentFreeze(
  incident: Incident,
  actor: Actor,
  atMs: number,
): IncidentTransition {
  if (!actor.isFounder) {
    throw new IncidentRefusal(
      'founder_only',
      'رفع تجميد الإجراءات الحية للمؤسس فقط.',
      'Only a founder can lift the live-action freeze.',
    );
  }
  if (!incident.liveActionsFrozen) {
    throw new IncidentRefusal(
      'not_frozen',
      'لا يوجد تجميد قائم لهذه الحادثة.',
      'There is no freeze in place for this incident.',
    );
  }
  return {
    incident: bump(incident, {
      liveActionsFrozen: false,
      frozenScopes: [],
      freezeLiftedAtMs: atMs,
      freezeLiftedBy: actor.userId,
      timeline: [
        ...incident.timeline,
        {
          atMs,
          kind: 'freeze',
          by: actor.userId,
          text: say(incident, 'رُفع تجميد الإجراءات الحية', 'Live-action freeze lifted'),
        },
      ],
    }),
    ledger: [
      led('incident.freeze_lifted', actor.userId, atMs, incident.id, {
        scopes: incident.frozenScopes,
      }),
    ],
  };
}

export function setIncidentCommander(
  incident: Incident,
  commanderId: string,
  actor: string,
  atMs: number,
  /** The commander's display name, for the timeline (which never renders mentions). */
  commanderName?: string,
): IncidentTransition | null {
  assertActive(incident);
  if (!/^[UW][A-Z0-9]{2,}$/.test(commanderId)) {
    throw new DomainError('invalid_input', `Not a Slack user id: ${commanderId}`, 'commanderId');
  }
  if (incident.commanderId === commanderId) return null;
  return {
    incident: bump(incident, {
      commanderId,
      timeline: [
        ...incident.timeline,
        {
          atMs,
          kind: 'commander',
          by: actor,
          text: say(
            incident,
            `القائد: ${commanderName ?? commanderId}`,
            `Commander: ${commanderName ?? commanderId}`,
          ),
        },
      ],
    }),
    ledger: [
      led('incident.commander', actor, atMs, incident.id, {
        commanderId,
        previous: incident.commanderId ?? null,
      }),
    ],
  };
}

/**
 * Changes the severity (never below what triage gave): the plan gains or drops the
 * severity's extra steps (ticks kept), and the clocks follow the new cadence.
 */
export function changeIncidentSeverity(
  incident: Incident,
  to: SeverityId | string,
  actor: string,
  atMs: number,
  cadence: IncidentCadence = DEFAULT_INCIDENT_CADENCE,
): IncidentTransition | null {
  assertActive(incident);
  const sev = assertSeverity(to);
  if (sev === incident.severity) return null;
  if (isMoreSevere(incident.triagedSeverity, sev)) {
    throw new IncidentRefusal(
      'severity_below_triage',
      `لا يمكن خفض الخطورة دون ${incident.triagedSeverity} التي حددها الفرز (${incident.reasonAr}).`,
      `The severity cannot go below ${incident.triagedSeverity}, which triage gave (${incident.reasonEn}).`,
    );
  }
  const changes: Partial<Incident> = {
    severity: sev,
    steps: planSteps(sev, incident.steps),
    timeline: [
      ...incident.timeline,
      {
        atMs,
        kind: 'severity',
        by: actor,
        text: `${incident.severity} → ${sev}`,
      },
    ],
  };
  if (incident.firstActionAtMs === undefined) {
    changes.firstActionDueMs = incident.declaredAtMs + minutes(cadence.firstActionMinutes[sev]);
  }
  if (incident.draft?.status !== 'pending' && incident.draft?.status !== 'snoozed') {
    changes.nextUpdateDueMs =
      (incident.lastUpdateAtMs ?? incident.declaredAtMs) +
      minutes(cadence.statusUpdateMinutes[sev]);
  }
  return {
    incident: bump(incident, changes),
    ledger: [
      led('incident.severity', actor, atMs, incident.id, { from: incident.severity, to: sev }),
    ],
  };
}

/**
 * The checklist's state for one chunk of steps (Slack sends the ticked options of that
 * block): each change is a ledger entry and a timeline event; the first tick is the first action.
 */
export function setIncidentPlanSteps(
  incident: Incident,
  stepIdsInChunk: readonly string[],
  tickedIds: readonly string[],
  actor: string,
  atMs: number,
): IncidentTransition | null {
  assertActive(incident);
  const ticked = new Set(tickedIds);
  const ledger: LedgerEntry[] = [];
  const timeline = [...incident.timeline];
  let anyDone = false;
  const steps = incident.steps.map((s, i) => {
    if (!stepIdsInChunk.includes(s.id)) return s;
    const done = ticked.has(s.id);
    if (done === s.done) return s;
    const n = i + 1;
    ledger.push(led('incident.plan_step', actor, atMs, incident.id, { stepId: s.id, done }));
    timeline.push({
      atMs,
      kind: 'plan_step',
      by: actor,
      text: done
        ? `✅ ${n}. ${say(incident, s.textAr, s.textEn)}`
        : `↩️ ${n}. ${say(incident, s.textAr, s.textEn)} (${say(incident, 'أُلغيت العلامة', 'unticked')})`,
    });
    if (done) {
      anyDone = true;
      return { ...s, done: true, doneBy: actor, doneAtMs: atMs };
    }
    return { id: s.id, textAr: s.textAr, textEn: s.textEn, done: false };
  });
  if (ledger.length === 0) return null;
  const changes: Partial<Incident> = { steps, timeline };
  if (anyDone && incident.firstActionAtMs === undefined) {
    changes.firstActionAtMs = atMs;
    changes.firstActionBy = actor;
    ledger.push(led('incident.first_action', actor, atMs, incident.id, { via: 'plan_step' }));
  }
  return { incident: bump(incident, changes), ledger };
}

/** "First action taken" pressed on the reminder. */
export function recordIncidentFirstAction(
  incident: Incident,
  actor: string,
  atMs: number,
): IncidentTransition | null {
  assertActive(incident);
  if (incident.firstActionAtMs !== undefined) return null;
  return {
    incident: bump(incident, {
      firstActionAtMs: atMs,
      firstActionBy: actor,
      timeline: [
        ...incident.timeline,
        {
          atMs,
          kind: 'first_action',
          by: actor,
          text: say(incident, 'سُجّل أول إجراء', 'First action recorded'),
        },
      ],
    }),
    ledger: [led('incident.first_action', actor, atMs, incident.id, { via: 'button' })],
  };
}

/** The draft's text for readers of `lang`; a language it lacks gets the incident's own text. */
export function statusDraftText(draft: IncidentStatusDraft, lang: 'ar' | 'en'): string {
  return draft.texts?.[lang] ?? draft.text;
}

/** The draft's text in each of `langs` (the languages its readers need now). */
export function statusDraftTexts(
  draft: IncidentStatusDraft,
  langs: readonly ('ar' | 'en')[],
): Partial<Record<'ar' | 'en', string>> {
  return Object.fromEntries(langs.map((l) => [l, statusDraftText(draft, l)]));
}

/** A new status-update draft (by the cadence job or on request). Null while one is pending. */
export function startIncidentStatusDraft(
  incident: Incident,
  input: {
    text: string;
    /** The update in every language its readers need (`text` is the incident's own). */
    texts?: Partial<Record<'ar' | 'en', string>>;
    violations: DraftViolationSummary[];
    dueAtMs: number;
    by: string;
    atMs: number;
  },
): IncidentTransition | null {
  if (incident.status !== 'active') return null;
  if (incident.draft?.status === 'pending') return null;
  const seq = (incident.draft?.seq ?? 0) + 1;
  return {
    incident: bump(incident, {
      draft: {
        seq,
        text: input.text,
        ...(input.texts ? { texts: { ...input.texts, [incident.language]: input.text } } : {}),
        violations: input.violations,
        status: 'pending',
        createdAtMs: input.atMs,
        createdBy: input.by,
        dueAtMs: input.dueAtMs,
      },
    }),
    ledger: [
      led('incident.update_drafted', input.by, input.atMs, incident.id, {
        seq,
        dueAtMs: input.dueAtMs,
        flagged: input.violations.length > 0,
      }),
    ],
  };
}

function requirePendingDraft(incident: Incident, seq: number): IncidentStatusDraft {
  const d = incident.draft;
  if (!d || d.seq !== seq) {
    throw new IncidentRefusal(
      'no_draft',
      'هذه المسودة لم تعد الحالية.',
      'This draft is no longer the current one.',
    );
  }
  if (d.status !== 'pending') {
    const by = d.approvedBy ? ` <@${d.approvedBy}>` : '';
    throw new IncidentRefusal(
      'draft_not_pending',
      d.status === 'approved'
        ? `وافق على هذا التحديث${by} بالفعل.`
        : 'هذه المسودة لم تعد بانتظار الموافقة.',
      d.status === 'approved'
        ? `This update was already approved${by}.`
        : 'This draft is no longer waiting for approval.',
    );
  }
  return d;
}

/** The status-update draft's version: 0 as drafted, one more after each edit. */
export function statusDraftRev(draft: IncidentStatusDraft): number {
  return draft.rev ?? 0;
}

/** The PDPL notice's version: 0 as drafted, one more after each edit. */
export function pdplNoticeRev(notice: PdplNoticeDraft): number {
  return notice.rev ?? 0;
}

export type IncidentDraftAction = 'approve' | 'edit';

function changedRefusal(what: 'update' | 'notice', action: IncidentDraftAction): IncidentRefusal {
  const [ar, en] = what === 'update' ? ['التحديث', 'update'] : ['الإشعار', 'notice'];
  if (action === 'edit') {
    return new IncidentRefusal(
      'draft_changed',
      `تغيّر ${ar} منذ فتحت هذا النموذج (عدّله شخص آخر). لم يُحفظ نصك: انسخه، وأغلق النموذج، ثم اضغط «تعديل» من جديد.`,
      `The ${en} changed since you opened this form (someone else edited it). Your text was not saved: copy it, close this form and press Edit again.`,
    );
  }
  return new IncidentRefusal(
    'draft_changed',
    what === 'update'
      ? 'تغيّر التحديث منذ هذه الرسالة؛ راجع أحدث نسخة واستخدم أزرارها. لم يُنشر شيء.'
      : 'تغيّر الإشعار منذ هذه الرسالة؛ راجع أحدث نسخة واستخدم أزرارها. لم يُرسل شيء.',
    what === 'update'
      ? 'The update changed since this message — review the latest and use its buttons. Nothing was posted.'
      : 'The notice changed since this message — review the latest and use its buttons. Nothing was sent.',
  );
}

/**
 * Why acting on status update `seq` at version `rev` is refused when the draft is no longer
 * that text: an approval must publish the text its approver saw (rule 1), never a later edit
 * made by someone else; an edit must start from the text its author saw. `rev` is undefined
 * when the message or form did not say which version it showed (from before drafts were
 * versioned on them): treated as changed, since nobody can tell what was seen. Null: the same
 * text. (A draft that is no longer pending is refused by the action itself, with its reason.)
 */
export function statusDraftChangedSince(
  incident: Incident,
  seq: number,
  rev: number | undefined,
  action: IncidentDraftAction,
): IncidentRefusal | null {
  const d = incident.draft;
  if (!d || d.seq !== seq || d.status !== 'pending') return null;
  return rev === statusDraftRev(d) ? null : changedRefusal('update', action);
}

/** The same for the PDPL notice: `rev` is the version its message or edit form showed. */
export function pdplNoticeChangedSince(
  incident: Incident,
  rev: number | undefined,
  action: IncidentDraftAction,
): IncidentRefusal | null {
  const n = incident.pdplNotice;
  if (!n || incident.pdplNoticeSentAtMs !== undefined) return null;
  return rev === pdplNoticeRev(n) ? null : changedRefusal('notice', action);
}

/**
 * Edits the draft's text in the languages given (the others are kept): a new version (`rev`),
 * so Approve buttons showing the text before it are refused. `violations` are those of every
 * language's text after the edit. `rev` is the version the editor started from.
 */
export function editIncidentStatusDraft(
  incident: Incident,
  seq: number,
  rev: number | undefined,
  texts: Partial<Record<'ar' | 'en', string>>,
  violations: DraftViolationSummary[],
  actor: string,
  atMs: number,
): IncidentTransition {
  assertActive(incident);
  const d = requirePendingDraft(incident, seq);
  const changed = statusDraftChangedSince(incident, seq, rev, 'edit');
  if (changed) throw changed;
  const edited = Object.values(texts);
  if (edited.length === 0 || edited.some((t) => !t || t.trim() === '')) {
    throw new IncidentRefusal('empty_draft', 'التحديث فارغ.', 'The update is empty.');
  }
  // A draft stored with one text had it for every language: only the edited ones change.
  const merged = { ...(d.texts ?? {}), ...texts };
  const text = merged[incident.language] ?? d.text;
  const nextRev = statusDraftRev(d) + 1;
  return {
    incident: bump(incident, {
      draft: { ...d, rev: nextRev, text, texts: merged, violations, editedBy: actor },
    }),
    ledger: [
      led('incident.update_edited', actor, atMs, incident.id, {
        seq,
        rev: nextRev,
        flagged: violations.length > 0,
      }),
    ],
  };
}

/**
 * Rule 1 and 5: a human approves the update; SEV1 updates need a founder, others an approver;
 * a draft with prohibited claims or internal ids cannot be approved until edited. `seq` and
 * `rev` are the draft the approve button was shown with: a later edit is refused, not published.
 */
export function approveIncidentStatusDraft(
  incident: Incident,
  seq: number,
  rev: number | undefined,
  actor: Actor,
  atMs: number,
  cadence: IncidentCadence = DEFAULT_INCIDENT_CADENCE,
): IncidentTransition {
  assertActive(incident);
  const d = requirePendingDraft(incident, seq);
  const changed = statusDraftChangedSince(incident, seq, rev, 'approve');
  if (changed) throw changed;
  if (incident.severity === 'SEV1' && !actor.isFounder) {
    throw new IncidentRefusal(
      'founder_only',
      'تحديثات حوادث SEV1 يعتمدها المؤسس.',
      'SEV1 status updates must be approved by a founder.',
    );
  }
  if (!actor.isApprover) {
    throw new IncidentRefusal(
      'approver_only',
      'اعتماد التحديثات للمعتمدين فقط.',
      'Only approvers can approve status updates.',
    );
  }
  if (d.violations.length > 0) {
    throw new IncidentRefusal(
      'draft_flagged',
      'التحديث يحتوي على ادعاءات محظورة أو معرّفات داخلية؛ عدّله قبل الموافقة.',
      'The update contains prohibited claims or internal ids. Edit it before approving.',
    );
  }
  if ([d.text, ...Object.values(d.texts ?? {})].some((t) => !t || t.trim() === '')) {
    throw new IncidentRefusal('empty_draft', 'التحديث فارغ.', 'The update is empty.');
  }
  return {
    incident: bump(incident, {
      draft: { ...d, status: 'approved', approvedBy: actor.userId, approvedAtMs: atMs },
      updateCount: incident.updateCount + 1,
      lastUpdateAtMs: atMs,
      nextUpdateDueMs: atMs + minutes(cadence.statusUpdateMinutes[incident.severity]),
      timeline: [
        ...incident.timeline,
        { atMs, kind: 'update', by: actor.userId, text: `#${seq}: ${d.text}` },
      ],
    }),
    ledger: [
      led('incident.update_approved', actor.userId, atMs, incident.id, {
        seq,
        rev: statusDraftRev(d),
        text: d.text,
        ...(d.texts ? { texts: d.texts } : {}),
      }),
    ],
  };
}

/** Snooze: the draft is set aside and the next one is drafted `minutesLater`. */
export function snoozeIncidentStatusDraft(
  incident: Incident,
  seq: number,
  minutesLater: number,
  actor: string,
  atMs: number,
): IncidentTransition {
  assertActive(incident);
  const d = requirePendingDraft(incident, seq);
  if (!(minutesLater > 0) || !Number.isFinite(minutesLater)) {
    throw new DomainError('invalid_input', 'Snooze minutes must be positive', 'minutes');
  }
  const until = atMs + minutes(minutesLater);
  return {
    incident: bump(incident, {
      draft: { ...d, status: 'snoozed', snoozedBy: actor, snoozedUntilMs: until },
      nextUpdateDueMs: until,
    }),
    ledger: [led('incident.update_snoozed', actor, atMs, incident.id, { seq, untilMs: until })],
  };
}

/**
 * Edits the PDPL notice (the languages given; the others are kept): a new version (`rev`), so
 * Approve buttons showing the notice before it are refused. `rev` is the version the editor
 * started from.
 */
export function editIncidentPdplNotice(
  incident: Incident,
  rev: number | undefined,
  texts: Partial<Record<'ar' | 'en', string>>,
  violations: DraftViolationSummary[],
  actor: string,
  atMs: number,
): IncidentTransition {
  const notice = requireOpenNotice(incident);
  const changed = pdplNoticeChangedSince(incident, rev, 'edit');
  if (changed) throw changed;
  const nextRev = pdplNoticeRev(notice) + 1;
  return {
    incident: bump(incident, {
      pdplNotice: {
        ...notice,
        rev: nextRev,
        texts: { ...notice.texts, ...texts },
        violations,
        editedBy: actor,
      },
    }),
    ledger: [
      led('incident.pdpl_notice_edited', actor, atMs, incident.id, {
        rev: nextRev,
        flagged: violations.length > 0,
      }),
    ],
  };
}

function requireOpenNotice(incident: Incident): PdplNoticeDraft {
  if (!incident.hasDataLeak || !incident.pdplNotice) {
    throw new IncidentRefusal(
      'no_data_leak',
      'لا يوجد إشعار PDPL لهذه الحادثة.',
      'This incident has no PDPL notice.',
    );
  }
  if (incident.pdplNoticeSentAtMs !== undefined) {
    throw new IncidentRefusal(
      'notice_already_sent',
      'أُرسل إشعار PDPL بالفعل.',
      'The PDPL notice was already sent.',
    );
  }
  return incident.pdplNotice;
}

/**
 * A founder approves the PDPL notice: it goes to the affected customers in Slack; those
 * outside Slack (`byHand`) are listed to be told by hand. The reminders stop. `rev` is the
 * version the approve button was shown with: a later edit is refused, not sent (rule 1).
 */
export function approveIncidentPdplNotice(
  incident: Incident,
  rev: number | undefined,
  actor: Actor,
  atMs: number,
  byHand: readonly Omit<PdplByHandRecipient, 'notifiedAtMs' | 'notifiedBy'>[] = [],
): IncidentTransition {
  const notice = requireOpenNotice(incident);
  const changed = pdplNoticeChangedSince(incident, rev, 'approve');
  if (changed) throw changed;
  if (!actor.isFounder) {
    throw new IncidentRefusal(
      'founder_only',
      'إشعار PDPL يعتمده المؤسس.',
      'The PDPL notice must be approved by a founder.',
    );
  }
  if (notice.violations.length > 0) {
    throw new IncidentRefusal(
      'draft_flagged',
      'الإشعار يحتوي على ادعاءات محظورة أو معرّفات داخلية؛ عدّله قبل الموافقة.',
      'The notice contains prohibited claims or internal ids. Edit it before approving.',
    );
  }
  const texts = Object.values(notice.texts).filter((t) => t && t.trim() !== '');
  if (texts.length === 0) {
    throw new IncidentRefusal('empty_draft', 'الإشعار فارغ.', 'The notice is empty.');
  }
  return {
    incident: bump(incident, {
      pdplNotice: { ...notice, approvedBy: actor.userId, approvedAtMs: atMs },
      pdplNoticeSentAtMs: atMs,
      ...(byHand.length > 0 ? { pdplByHand: byHand.map((r) => ({ ...r })) } : {}),
      timeline: [
        ...incident.timeline,
        {
          atMs,
          kind: 'pdpl_notice',
          by: actor.userId,
          text:
            byHand.length === 0
              ? say(
                  incident,
                  'اعتُمد إشعار PDPL وأُرسل للعملاء المتأثرين',
                  'PDPL notice approved and sent to the affected customers',
                )
              : say(
                  incident,
                  `اعتُمد إشعار PDPL وأُرسل للعملاء على Slack؛ ${byHand.length} عميل يُبلَّغون يدوياً`,
                  `PDPL notice approved and sent to the affected customers on Slack; ${byHand.length} to be told by hand`,
                ),
        },
      ],
    }),
    ledger: [
      led('incident.pdpl_notice_approved', actor.userId, atMs, incident.id, {
        rev: pdplNoticeRev(notice),
        deadlineMs: incident.pdplDeadlineMs,
        withinDeadline:
          incident.pdplDeadlineMs === undefined ? null : atMs <= incident.pdplDeadlineMs,
      }),
      ...byHand.map((r) =>
        led('incident.pdpl_notice_by_hand', actor.userId, atMs, incident.id, {
          customerId: r.customerId,
          reason: 'customer not on Slack',
        }),
      ),
    ],
  };
}

/**
 * Someone sent the approved PDPL notice to a customer outside Slack and records it (once: a
 * second click changes nothing). Approvers only, as for a ticket reply sent by hand.
 */
export function recordPdplNoticeSentByHand(
  incident: Incident,
  customerId: string,
  actor: Actor,
  atMs: number,
): IncidentTransition | null {
  const recipient = incident.pdplByHand?.find((r) => r.customerId === customerId);
  if (incident.pdplNoticeSentAtMs === undefined || !recipient) {
    throw new IncidentRefusal(
      'not_found',
      'لا يوجد إشعار PDPL معتمد بانتظار الإرسال اليدوي لهذا العميل.',
      'There is no approved PDPL notice waiting to be sent by hand to this customer.',
    );
  }
  if (!actor.isApprover) {
    throw new IncidentRefusal(
      'approver_only',
      'تسجيل الإرسال اليدوي للمعتمدين فقط.',
      'Only approvers can record a notice sent by hand.',
    );
  }
  if (recipient.notifiedAtMs !== undefined) return null;
  return {
    incident: bump(incident, {
      pdplByHand: incident.pdplByHand!.map((r) =>
        r.customerId === customerId ? { ...r, notifiedAtMs: atMs, notifiedBy: actor.userId } : r,
      ),
      timeline: [
        ...incident.timeline,
        {
          atMs,
          kind: 'pdpl_notice',
          by: actor.userId,
          text: say(
            incident,
            `أُرسل إشعار PDPL يدوياً إلى ${recipient.name}`,
            `PDPL notice sent by hand to ${recipient.name}`,
          ),
        },
      ],
    }),
    ledger: [
      led('incident.pdpl_notice_sent_by_hand', actor.userId, atMs, incident.id, {
        customerId,
        deadlineMs: incident.pdplDeadlineMs,
        withinDeadline:
          incident.pdplDeadlineMs === undefined ? null : atMs <= incident.pdplDeadlineMs,
      }),
    ],
  };
}

/** Something in an incident that waits for a person's approval, or — once the PDPL notice is
 *  approved — for someone to send it by hand (the App Home lists them). */
export interface IncidentApprovalWaiting {
  kind: 'incident_update' | 'pdpl_notice' | 'pdpl_by_hand';
  incidentId: string;
  title: string;
  severity: SeverityId;
  /** The status update's number (`incident_update`). */
  seq?: number;
  /** The customers outside Slack still to be sent the approved notice (`pdpl_by_hand`). */
  customerNames?: string[];
  /** What it answers: the status update's due time, or the PDPL deadline. */
  dueMs?: number;
  /** The message with its Approve button, once posted (the newest PDPL reminder). */
  message?: { channelId: string; ts: string };
  /** Who may approve it: the same checks as `approveIncidentStatusDraft` and
   *  `approveIncidentPdplNotice`. */
  needsFounder: boolean;
  needsApprover: boolean;
}

/**
 * What waits for approval in this incident: a pending status-update draft while it is active,
 * and the PDPL notice until it is sent (the legal clock runs on after resolve); then, until
 * each is recorded, its sends by hand to customers outside Slack. A flagged draft is listed
 * too: it waits for an edit, then an approval.
 */
export function incidentApprovalsWaiting(incident: Incident): IncidentApprovalWaiting[] {
  const out: IncidentApprovalWaiting[] = [];
  const base = { incidentId: incident.id, title: incident.title, severity: incident.severity };
  const d = incident.draft;
  if (incident.status === 'active' && d?.status === 'pending') {
    out.push({
      ...base,
      kind: 'incident_update',
      seq: d.seq,
      dueMs: d.dueAtMs,
      ...(incident.channelId && d.ts
        ? { message: { channelId: incident.channelId, ts: d.ts } }
        : {}),
      needsFounder: incident.severity === 'SEV1',
      needsApprover: true,
    });
  }
  if (incident.hasDataLeak && incident.pdplNotice && incident.pdplNoticeSentAtMs === undefined) {
    const newest = newestPdplMessage(incident);
    out.push({
      ...base,
      kind: 'pdpl_notice',
      ...(incident.pdplDeadlineMs !== undefined ? { dueMs: incident.pdplDeadlineMs } : {}),
      ...(newest ? { message: { channelId: newest.channelId, ts: newest.ts } } : {}),
      needsFounder: true,
      needsApprover: false,
    });
  }
  const unsent = (incident.pdplByHand ?? []).filter((r) => r.notifiedAtMs === undefined);
  if (incident.pdplNoticeSentAtMs !== undefined && unsent.length > 0) {
    const newest = newestPdplMessage(incident);
    out.push({
      ...base,
      kind: 'pdpl_by_hand',
      customerNames: unsent.map((r) => r.name),
      ...(incident.pdplDeadlineMs !== undefined ? { dueMs: incident.pdplDeadlineMs } : {}),
      ...(newest ? { message: { channelId: newest.channelId, ts: newest.ts } } : {}),
      needsFounder: false,
      needsApprover: true,
    });
  }
  return out;
}

/** The newest PDPL message (its reminders and the notice posted at the declaration). */
export function newestPdplMessage(incident: Incident): PdplReminderRecord | undefined {
  let newest: PdplReminderRecord | undefined;
  for (const r of incident.pdplReminders) if (!newest || r.hours > newest.hours) newest = r;
  return newest;
}

/** The approvals in `incident` this actor may give. */
export function incidentApprovalsFor(incident: Incident, actor: Actor): IncidentApprovalWaiting[] {
  return incidentApprovalsWaiting(incident).filter(
    (a) => (!a.needsFounder || actor.isFounder) && (!a.needsApprover || actor.isApprover),
  );
}

/** A 📌 or a pin in the incident channel: the message joins the timeline once, at its own time. */
export function addIncidentTimelineMessage(
  incident: Incident,
  message: { ts: string; text: string; by: string; authorId?: string; authorName?: string },
  atMs: number,
): IncidentTransition | null {
  if (incident.timeline.some((e) => e.sourceTs === message.ts)) return null;
  const msgMs = Math.round(Number(message.ts) * 1000);
  if (!Number.isFinite(msgMs) || msgMs <= 0) {
    throw new DomainError('invalid_input', `Not a Slack message ts: ${message.ts}`, 'ts');
  }
  const body = message.text.replace(/\s+/g, ' ').trim();
  const cut = shortenTo(body, 500);
  const text = message.authorName ? `${message.authorName}: ${cut}` : cut;
  return {
    incident: bump(incident, {
      timeline: [
        ...incident.timeline,
        { atMs: msgMs, kind: 'pinned', by: message.by, text, sourceTs: message.ts },
      ],
    }),
    ledger: [
      led('incident.timeline_pinned', message.by, atMs, incident.id, {
        messageTs: message.ts,
        authorId: message.authorId ?? null,
      }),
    ],
  };
}

/** Resolve: summary and cause required; the cadence stops and a pending draft is closed. */
export function resolveIncident(
  incident: Incident,
  input: { summary: string; cause: string; actionItems?: readonly string[] },
  actor: string,
  atMs: number,
): IncidentTransition {
  assertActive(incident);
  const summary = input.summary?.trim() ?? '';
  const cause = input.cause?.trim() ?? '';
  if (summary === '' || cause === '') {
    throw new IncidentRefusal(
      'missing_field',
      'الملخص والسبب مطلوبان لحل الحادثة.',
      'A summary and a cause are required to resolve the incident.',
    );
  }
  if (charCount(summary) > 2000 || charCount(cause) > 2000) {
    throw new DomainError('text_too_long', 'Summary and cause are limited to 2000 characters');
  }
  const actionItems = (input.actionItems ?? []).map((a) => a.trim()).filter((a) => a !== '');
  const draft =
    incident.draft && (incident.draft.status === 'pending' || incident.draft.status === 'snoozed')
      ? { ...incident.draft, status: 'closed' as const }
      : incident.draft;
  return {
    incident: bump(incident, {
      status: 'resolved',
      resolvedAtMs: atMs,
      resolvedBy: actor,
      resolution: { summary, cause, actionItems },
      nextUpdateDueMs: undefined,
      draft,
      timeline: [...incident.timeline, { atMs, kind: 'resolved', by: actor, text: summary }],
    }),
    ledger: [
      led('incident.resolved', actor, atMs, incident.id, {
        summary,
        cause,
        actionItems,
        minutesToResolve: round1((atMs - incident.declaredAtMs) / 60_000),
      }),
    ],
  };
}

/** The post-mortem draft for a resolved incident, from its own record. */
export function postMortemForIncident(incident: Incident, timeZone?: string): PostMortemDraft {
  if (incident.status !== 'resolved' || !incident.resolution || !incident.resolvedAtMs) {
    throw new DomainError('invalid_input', 'The incident is not resolved yet', 'incident');
  }
  return buildPostMortemDraft({
    incident: {
      severity: incident.severity,
      title: incident.title,
      affectedCustomers: incident.affectedCount,
      hasDataLeak: incident.hasDataLeak,
      hasUnauthorizedSend: incident.hasUnauthorizedSend,
    },
    timeline: incident.timeline.map((e) => ({ atMs: e.atMs, kind: e.kind, text: e.text })),
    declaredAtMs: incident.declaredAtMs,
    firstActionAtMs: incident.firstActionAtMs ?? null,
    resolvedAtMs: incident.resolvedAtMs,
    summary: incident.resolution.summary,
    cause: incident.resolution.cause,
    actionItems: incident.resolution.actionItems,
    timeZone,
  });
}

/** The PDPL reminders of an incident under a cadence (the deadline always included). */
export function pdplReminderSchedule(
  declaredAtMs: number,
  cadence: IncidentCadence = DEFAULT_INCIDENT_CADENCE,
): Array<{ hours: number; atMs: number; isDeadline: boolean }> {
  const deadline = cadence.pdplDeadlineHours;
  const hours = [...new Set([...cadence.pdplReminderHours.filter((h) => h < deadline), deadline])]
    .filter((h) => h > 0)
    .sort((a, b) => a - b);
  return hours.map((h) => ({
    hours: h,
    atMs: declaredAtMs + Math.round(h * 3_600_000),
    isDeadline: h === deadline,
  }));
}
