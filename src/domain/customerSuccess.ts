/**
 * SPEC §1.6 — customer-success cadences: the weekly check-in, the at-risk alert and the
 * 30-day success plans by bundle. Everything built here is a draft for human approval.
 */
import { DomainError } from './errors.ts';

export const CADENCE_TYPES = Object.freeze([
  'weekly_check_in',
  'monthly_proof_review',
  'quarterly_business_review',
  'at_risk_alert',
  'renewal_30_day',
  'renewal_7_day',
] as const);
export type CadenceType = (typeof CADENCE_TYPES)[number];

export const CADENCE_LABELS: Readonly<Record<CadenceType, { labelAr: string; labelEn: string }>> =
  Object.freeze({
    weekly_check_in: { labelAr: 'متابعة أسبوعية', labelEn: 'Weekly check-in' },
    monthly_proof_review: { labelAr: 'مراجعة Proof شهرية', labelEn: 'Monthly proof review' },
    quarterly_business_review: {
      labelAr: 'مراجعة أعمال ربع سنوية (QBR)',
      labelEn: 'Quarterly business review (QBR)',
    },
    at_risk_alert: { labelAr: 'تنبيه عميل معرّض للخطر', labelEn: 'At-risk alert' },
    renewal_30_day: { labelAr: 'تذكير التجديد قبل 30 يوماً', labelEn: 'Renewal — 30 days out' },
    renewal_7_day: { labelAr: 'تذكير التجديد قبل 7 أيام', labelEn: 'Renewal — 7 days out' },
  });

export function isCadenceType(value: unknown): value is CadenceType {
  return typeof value === 'string' && (CADENCE_TYPES as readonly string[]).includes(value);
}

export function assertCadenceType(value: unknown, field = 'type'): CadenceType {
  if (!isCadenceType(value)) {
    throw new DomainError(
      'unknown_cadence',
      `Unknown cadence ${JSON.stringify(value)}: expected one of ${CADENCE_TYPES.join(', ')}`,
      field,
    );
  }
  return value;
}

// ─── Weekly check-in ──────────────────────────────────────────────────────────────────

export const WEEKLY_CHECK_IN_MINUTES = 25;

export interface WeeklyAgendaItem {
  id:
    | 'last_proof_pack'
    | 'top_pipeline_opportunity'
    | 'top_channel_risk'
    | 'next_week_plan'
    | 'help_needed';
  minutes: 5;
  textAr: string;
  textEn: string;
}

/** The five 5-minute items of the weekly check-in, in order. */
export const WEEKLY_CHECK_IN_AGENDA: readonly WeeklyAgendaItem[] = Object.freeze(
  (
    [
      { id: 'last_proof_pack', minutes: 5, textAr: 'آخر Proof Pack', textEn: 'Last Proof Pack' },
      {
        id: 'top_pipeline_opportunity',
        minutes: 5,
        textAr: 'أهم فرصة في الـ Pipeline',
        textEn: 'Top pipeline opportunity',
      },
      {
        id: 'top_channel_risk',
        minutes: 5,
        textAr: 'أهم خطر على القنوات',
        textEn: 'Top channel risk',
      },
      {
        id: 'next_week_plan',
        minutes: 5,
        textAr: 'خطة الأسبوع القادم',
        textEn: "Next week's plan",
      },
      { id: 'help_needed', minutes: 5, textAr: 'هل تحتاجون أي مساعدة؟', textEn: 'Any help needed' },
    ] satisfies WeeklyAgendaItem[]
  ).map((i) => Object.freeze(i)),
);

/** A customer's success metrics as last entered (Metrics modal); any may be missing. */
export interface CustomerMetricsValues {
  draftsApproved?: number;
  replies?: number;
  meetings?: number;
  risksBlocked?: number;
  pipelineSar?: number;
  /** YYYY-MM-DD */
  lastActivityDate?: string;
  draftsPending?: number;
  /** YYYY-MM-DD */
  lastProofPackDate?: string;
}

export interface WeeklyCheckInMetrics {
  draftsApproved: number;
  replies: number;
  meetings: number;
  risksBlocked: number;
  pipelineSar: number;
}

export interface WeeklyCheckIn {
  type: 'weekly_check_in';
  customerId: string;
  companyName: string;
  durationMinutes: 25;
  agenda: WeeklyAgendaItem[];
  agendaAr: string[];
  agendaEn: string[];
  metrics: WeeklyCheckInMetrics;
  talkingPointsAr: string[];
  talkingPointsEn: string[];
  approvalRequired: true;
  liveSendAllowed: false;
}

const METRIC_KEYS = [
  'draftsApproved',
  'replies',
  'meetings',
  'risksBlocked',
  'pipelineSar',
] as const;

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Formats a SAR amount with Western digits and thousands separators (150000 → "150,000"). */
export function formatSar(amount: number): string {
  return numberFormat.format(amount);
}

/**
 * The 25-minute weekly check-in: five 5-minute agenda items and talking points from the
 * week's metrics (missing metrics count as 0; each must be a non-negative number).
 */
export function buildWeeklyCheckIn(input: {
  customerId: string;
  companyName?: string;
  metrics?: Partial<WeeklyCheckInMetrics>;
}): WeeklyCheckIn {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'buildWeeklyCheckIn expects an object', 'input');
  }
  const customerId = nonEmpty(input.customerId, 'customerId');
  const companyName = optionalString(input.companyName, 'companyName');
  const raw = input.metrics ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DomainError('invalid_input', 'metrics must be an object', 'metrics');
  }
  const metrics = {} as WeeklyCheckInMetrics;
  for (const key of METRIC_KEYS) {
    const v = (raw as Record<string, unknown>)[key];
    metrics[key] = v === undefined || v === null ? 0 : nonNegative(v, `metrics.${key}`);
  }
  const sar = formatSar(metrics.pipelineSar);
  const agenda = WEEKLY_CHECK_IN_AGENDA.map((i) => ({ ...i }));
  return {
    type: 'weekly_check_in',
    customerId,
    companyName,
    durationMinutes: WEEKLY_CHECK_IN_MINUTES,
    agenda,
    agendaAr: agenda.map((i) => `${i.textAr} (${i.minutes} دقائق)`),
    agendaEn: agenda.map((i) => `${i.textEn} (${i.minutes} min)`),
    metrics,
    talkingPointsAr: [
      `المسودات المعتمدة هذا الأسبوع: ${metrics.draftsApproved}`,
      `الردود المستلمة: ${metrics.replies}`,
      `الاجتماعات المحجوزة: ${metrics.meetings}`,
      `المخاطر التي تم منعها قبل الإرسال: ${metrics.risksBlocked}`,
      `قيمة الـ Pipeline: ${sar} ريال (SAR)`,
    ],
    talkingPointsEn: [
      `Drafts approved this week: ${metrics.draftsApproved}`,
      `Replies received: ${metrics.replies}`,
      `Meetings booked: ${metrics.meetings}`,
      `Risks blocked before sending: ${metrics.risksBlocked}`,
      `Pipeline: ${sar} SAR`,
    ],
    approvalRequired: true,
    liveSendAllowed: false,
  };
}

// ─── At-risk alert ────────────────────────────────────────────────────────────────────

/** SPEC §1.6 — the at-risk scoring rules. */
export const AT_RISK_RULES = Object.freeze({
  inactiveHighDays: 14,
  inactiveHighPoints: 40,
  inactiveLowDays: 7,
  inactiveLowPoints: 20,
  draftsHigh: 10,
  draftsHighPoints: 25,
  draftsLow: 5,
  draftsLowPoints: 10,
  proofPackDays: 14,
  proofPackPoints: 30,
  highAt: 60,
  mediumAt: 30,
});

export type AtRiskSeverity = 'high' | 'medium' | 'low';

export interface AtRiskAlert {
  type: 'at_risk_alert';
  customerId: string;
  daysInactive: number;
  draftsPending: number;
  lastProofPackDaysAgo: number;
  /** 0..100, capped. */
  riskScore: number;
  severity: AtRiskSeverity;
  reasonsAr: string[];
  reasonsEn: string[];
  recommendedActionAr: string;
  recommendedActionEn: string;
  approvalRequired: true;
  liveSendAllowed: false;
}

const RECOMMENDED: Readonly<Record<AtRiskSeverity, { ar: string; en: string }>> = Object.freeze({
  high: {
    ar: 'إيميل شخصي من المؤسس + حجز QBR هذا الأسبوع',
    en: 'A personal email from the founder + book a QBR this week',
  },
  medium: {
    ar: 'إرسال ملخص Proof Pack + اقتراح عرض تجريبي لخدمة جديدة',
    en: 'Send a Proof Pack summary + propose a demo of a new service',
  },
  low: {
    ar: 'متابعة أسبوعية اعتيادية',
    en: 'Regular weekly check-in',
  },
});

/**
 * Risk score (capped at 100): inactive ≥ 14 days +40 (else ≥ 7 days +20); drafts pending
 * ≥ 10 +25 (else ≥ 5 +10); last Proof Pack ≥ 14 days ago +30. High ≥ 60, medium ≥ 30, else low.
 */
export function buildAtRiskAlert(input: {
  customerId: string;
  daysInactive: number;
  draftsPending: number;
  lastProofPackDaysAgo: number;
}): AtRiskAlert {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'buildAtRiskAlert expects an object', 'input');
  }
  const customerId = nonEmpty(input.customerId, 'customerId');
  const daysInactive = nonNegative(input.daysInactive, 'daysInactive');
  const draftsPending = nonNegative(input.draftsPending, 'draftsPending');
  const lastProofPackDaysAgo = nonNegative(input.lastProofPackDaysAgo, 'lastProofPackDaysAgo');
  const r = AT_RISK_RULES;
  let score = 0;
  const reasonsAr: string[] = [];
  const reasonsEn: string[] = [];
  if (daysInactive >= r.inactiveHighDays) {
    score += r.inactiveHighPoints;
    reasonsAr.push(
      `غير نشط منذ ${daysInactive} يوماً (${r.inactiveHighDays} أو أكثر) +${r.inactiveHighPoints}`,
    );
    reasonsEn.push(
      `Inactive for ${daysInactive} days (${r.inactiveHighDays} or more) +${r.inactiveHighPoints}`,
    );
  } else if (daysInactive >= r.inactiveLowDays) {
    score += r.inactiveLowPoints;
    reasonsAr.push(
      `غير نشط منذ ${daysInactive} أيام (${r.inactiveLowDays} أو أكثر) +${r.inactiveLowPoints}`,
    );
    reasonsEn.push(
      `Inactive for ${daysInactive} days (${r.inactiveLowDays} or more) +${r.inactiveLowPoints}`,
    );
  }
  if (draftsPending >= r.draftsHigh) {
    score += r.draftsHighPoints;
    reasonsAr.push(
      `${draftsPending} مسودة بانتظار الاعتماد (${r.draftsHigh} أو أكثر) +${r.draftsHighPoints}`,
    );
    reasonsEn.push(
      `${draftsPending} drafts waiting for approval (${r.draftsHigh} or more) +${r.draftsHighPoints}`,
    );
  } else if (draftsPending >= r.draftsLow) {
    score += r.draftsLowPoints;
    reasonsAr.push(
      `${draftsPending} مسودات بانتظار الاعتماد (${r.draftsLow} أو أكثر) +${r.draftsLowPoints}`,
    );
    reasonsEn.push(
      `${draftsPending} drafts waiting for approval (${r.draftsLow} or more) +${r.draftsLowPoints}`,
    );
  }
  if (lastProofPackDaysAgo >= r.proofPackDays) {
    score += r.proofPackPoints;
    reasonsAr.push(
      `آخر Proof Pack قبل ${lastProofPackDaysAgo} يوماً (${r.proofPackDays} أو أكثر) +${r.proofPackPoints}`,
    );
    reasonsEn.push(
      `Last Proof Pack ${lastProofPackDaysAgo} days ago (${r.proofPackDays} or more) +${r.proofPackPoints}`,
    );
  }
  const riskScore = Math.min(100, score);
  const severity: AtRiskSeverity =
    riskScore >= r.highAt ? 'high' : riskScore >= r.mediumAt ? 'medium' : 'low';
  return {
    type: 'at_risk_alert',
    customerId,
    daysInactive,
    draftsPending,
    lastProofPackDaysAgo,
    riskScore,
    severity,
    reasonsAr,
    reasonsEn,
    recommendedActionAr: RECOMMENDED[severity].ar,
    recommendedActionEn: RECOMMENDED[severity].en,
    approvalRequired: true,
    liveSendAllowed: false,
  };
}

// ─── 30-day success plans ─────────────────────────────────────────────────────────────

export const SUCCESS_PLAN_BUNDLES = Object.freeze([
  'growth_starter',
  'executive_growth_os',
  'partnership_growth',
] as const);
export type SuccessPlanBundle = (typeof SUCCESS_PLAN_BUNDLES)[number];
export const DEFAULT_SUCCESS_PLAN_BUNDLE: SuccessPlanBundle = 'growth_starter';

export interface SuccessMilestoneDef {
  day: number;
  textAr: string;
  textEn: string;
}

/** SPEC §1.6 — the day plans per bundle. */
export const SUCCESS_PLANS: Readonly<Record<SuccessPlanBundle, readonly SuccessMilestoneDef[]>> =
  Object.freeze({
    growth_starter: Object.freeze([
      {
        day: 1,
        textAr: 'مكالمة انطلاق + تعبئة بيانات الشركة (intake)',
        textEn: 'Kick-off call + intake',
      },
      {
        day: 3,
        textAr: 'مراجعة أول 3 فرص + المسودات',
        textEn: 'Review first 3 opportunities + drafts',
      },
      { day: 7, textAr: 'تسليم Proof Pack v1', textEn: 'Deliver Proof Pack v1' },
      { day: 14, textAr: 'متابعة أسبوعية + عرض ترقية', textEn: 'Weekly check-in + upsell offer' },
      {
        day: 30,
        textAr: 'مراجعة Proof شهرية + قرار التجديد/الترقية',
        textEn: 'Monthly proof review + renewal/upgrade decision',
      },
    ]),
    executive_growth_os: Object.freeze([
      { day: 1, textAr: 'Onboarding + ربط القنوات', textEn: 'Onboarding + connect channels' },
      { day: 7, textAr: 'أول Proof Pack أسبوعي', textEn: 'First weekly Proof Pack' },
      {
        day: 14,
        textAr: 'متابعة أسبوعية + Founder Shadow Board v1',
        textEn: 'Weekly check-in + Founder Shadow Board v1',
      },
      { day: 21, textAr: 'مراجعة Proof شهرية', textEn: 'Monthly proof review' },
      {
        day: 30,
        textAr: 'QBR + نقاش الترقية السنوية',
        textEn: 'QBR + annual upgrade conversation',
      },
    ]),
    partnership_growth: Object.freeze([
      { day: 1, textAr: 'تعبئة ICP الشركاء (intake)', textEn: 'Partner ICP intake' },
      {
        day: 5,
        textAr: 'قائمة 20 شريكاً + 10 مسودات تواصل',
        textEn: '20 partners list + 10 outreach drafts',
      },
      { day: 10, textAr: 'حجز 5 اجتماعات مع شركاء', textEn: '5 partner meetings booked' },
      { day: 14, textAr: 'متابعة أسبوعية', textEn: 'Weekly check-in' },
      {
        day: 30,
        textAr: 'بطاقة أداء الشركاء + إعداد مشاركة الإيرادات',
        textEn: 'Partner scorecard + revenue share setup',
      },
    ]),
  });

export interface SuccessMilestone {
  day: number;
  textAr: string;
  textEn: string;
  /** startMs + (day − 1) days, when `startMs` was given (day 1 is the start day). */
  dueAtMs?: number;
}

export interface CustomerSuccessPlan {
  customerId: string;
  /** The bundle the plan follows (an unknown or missing bundle falls back to growth_starter). */
  bundleId: SuccessPlanBundle;
  requestedBundleId: string | null;
  usedFallbackBundle: boolean;
  durationDays: 30;
  cadenceAr: string[];
  cadenceEn: string[];
  milestones: SuccessMilestone[];
  startMs?: number;
  approvalRequired: true;
  liveSendAllowed: false;
}

const DAY_MS = 86_400_000;

export function isSuccessPlanBundle(value: unknown): value is SuccessPlanBundle {
  return typeof value === 'string' && (SUCCESS_PLAN_BUNDLES as readonly string[]).includes(value);
}

/** The 30-day plan of the bundle (unknown bundle → growth_starter); due times when `startMs` is given. */
export function buildCustomerSuccessPlan(input: {
  customerId: string;
  bundleId?: string | null;
  startMs?: number;
}): CustomerSuccessPlan {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'buildCustomerSuccessPlan expects an object', 'input');
  }
  const customerId = nonEmpty(input.customerId, 'customerId');
  const requested = input.bundleId;
  if (requested !== undefined && requested !== null && typeof requested !== 'string') {
    throw new DomainError('invalid_input', 'bundleId must be text', 'bundleId');
  }
  const trimmed = typeof requested === 'string' ? requested.trim() : '';
  const bundleId: SuccessPlanBundle = isSuccessPlanBundle(trimmed)
    ? trimmed
    : DEFAULT_SUCCESS_PLAN_BUNDLE;
  const { startMs } = input;
  if (startMs !== undefined && (typeof startMs !== 'number' || !Number.isFinite(startMs))) {
    throw new DomainError(
      'invalid_input',
      'startMs must be a finite epoch-milliseconds number',
      'startMs',
    );
  }
  const milestones = SUCCESS_PLANS[bundleId].map((m): SuccessMilestone => {
    const out: SuccessMilestone = { day: m.day, textAr: m.textAr, textEn: m.textEn };
    if (startMs !== undefined) out.dueAtMs = startMs + (m.day - 1) * DAY_MS;
    return out;
  });
  const plan: CustomerSuccessPlan = {
    customerId,
    bundleId,
    requestedBundleId: trimmed === '' ? null : trimmed,
    usedFallbackBundle: bundleId !== trimmed,
    durationDays: 30,
    cadenceAr: milestones.map((m) => `اليوم ${m.day}: ${m.textAr}`),
    cadenceEn: milestones.map((m) => `Day ${m.day}: ${m.textEn}`),
    milestones,
    approvalRequired: true,
    liveSendAllowed: false,
  };
  if (startMs !== undefined) plan.startMs = startMs;
  return plan;
}

// ─── helpers ──────────────────────────────────────────────────────────────────────────

function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DomainError('invalid_input', `${field} must be a non-empty string`, field);
  }
  return value.trim();
}

function optionalString(value: unknown, field: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string')
    throw new DomainError('invalid_input', `${field} must be text`, field);
  return value.trim();
}

function nonNegative(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new DomainError(
      'invalid_input',
      `${field} must be a non-negative number, got ${JSON.stringify(value)}`,
      field,
    );
  }
  return value;
}
