/**
 * SPEC §1.3 — incident triage (SEV1–SEV3), the response plan, and the pure helpers the Slack
 * and job layers need: the incident channel name, the PDPL 72-hour clock, first-action and
 * status-update due times, and the post-mortem draft. Nothing here reads the clock.
 */
import { DateTime, IANAZone } from 'luxon';
import { DomainError } from './errors.ts';

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
      if (charCount(e.text) > TIMELINE_TEXT_MAX) {
        throw new DomainError(
          'text_too_long',
          `timeline[${i}].text is longer than ${TIMELINE_TEXT_MAX} characters`,
          `timeline[${i}].text`,
        );
      }
      return [{ atMs: e.atMs, kind: e.kind.trim(), text: e.text }, i];
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
