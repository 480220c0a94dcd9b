import { DomainError } from './errors.ts';

export const PRIORITY_IDS = ['P0', 'P1', 'P2', 'P3'] as const;
export type PriorityId = (typeof PRIORITY_IDS)[number];

export type EscalationOwner = 'founder' | 'operator_oncall' | 'operator_team';

export interface SupportPriority {
  id: PriorityId;
  labelAr: string;
  labelEn: string;
  descriptionAr: string;
  descriptionEn: string;
  firstResponseMinutes: number;
  resolutionTargetHours: number;
  escalationOwner: EscalationOwner;
}

/** SPEC §1.1 — the four support priorities, highest first. */
export const SUPPORT_PRIORITIES: readonly SupportPriority[] = Object.freeze([
  {
    id: 'P0',
    labelAr: 'حرج',
    labelEn: 'Critical',
    descriptionAr: 'أمان، تسريب بيانات، إرسال خاطئ أو بدون موافقة، توقف كامل، خصم غير مصرح',
    descriptionEn: 'Security, data leak, wrong or unapproved send, full outage, unapproved charge',
    firstResponseMinutes: 30,
    resolutionTargetHours: 4,
    escalationOwner: 'founder',
  },
  {
    id: 'P1',
    labelAr: 'عالي',
    labelEn: 'High',
    descriptionAr: 'خدمة مهمة معطلة أو فشلت، توقف الـ Pilot، Proof Pack مفقود',
    descriptionEn: 'An important service is down or failed, pilot stopped, Proof Pack missing',
    firstResponseMinutes: 120,
    resolutionTargetHours: 24,
    escalationOwner: 'operator_oncall',
  },
  {
    id: 'P2',
    labelAr: 'متوسط',
    labelEn: 'Medium',
    descriptionAr: 'مشكلة إعداد موصل أو قناة، تأخر Proof Pack، مسار الفواتير',
    descriptionEn: 'Connector or channel setup problem, Proof Pack late, invoice flow',
    firstResponseMinutes: 480,
    resolutionTargetHours: 72,
    escalationOwner: 'operator_oncall',
  },
  {
    id: 'P3',
    labelAr: 'عادي',
    labelEn: 'Normal',
    descriptionAr: 'سؤال عام أو اقتراح تحسين',
    descriptionEn: 'General question or improvement',
    firstResponseMinutes: 1440,
    resolutionTargetHours: 168,
    escalationOwner: 'operator_team',
  },
] satisfies SupportPriority[]);

export interface SlaTarget {
  firstResponseMinutes: number;
  resolutionTargetHours: number;
}

/** SPEC §1.1 — SLA targets keyed by priority (the defaults; the policy file may override). */
export const SLA_TARGETS: Readonly<Record<PriorityId, SlaTarget>> = Object.freeze(
  Object.fromEntries(
    SUPPORT_PRIORITIES.map((p) => [
      p.id,
      Object.freeze({
        firstResponseMinutes: p.firstResponseMinutes,
        resolutionTargetHours: p.resolutionTargetHours,
      }),
    ]),
  ) as Record<PriorityId, SlaTarget>,
);

export function isPriorityId(value: unknown): value is PriorityId {
  return typeof value === 'string' && (PRIORITY_IDS as readonly string[]).includes(value);
}

export function assertPriority(value: unknown, field = 'priority'): PriorityId {
  if (!isPriorityId(value)) {
    throw new DomainError(
      'unknown_priority',
      `Unknown priority ${JSON.stringify(value)}: expected one of ${PRIORITY_IDS.join(', ')}`,
      field,
    );
  }
  return value;
}

export function getPriority(id: PriorityId): SupportPriority {
  return SUPPORT_PRIORITIES.find((p) => p.id === id)!;
}

/** Lower rank = more urgent. P0 → 0 … P3 → 3. */
export function priorityRank(id: PriorityId): number {
  return PRIORITY_IDS.indexOf(id);
}

/** True when `candidate` is strictly more urgent than `current`. */
export function isHigherPriority(candidate: PriorityId, current: PriorityId): boolean {
  return priorityRank(candidate) < priorityRank(current);
}

/** The priorities a person may raise `current` to (rule 3: people only raise). */
export function higherPriorities(current: PriorityId): PriorityId[] {
  return PRIORITY_IDS.filter((id) => isHigherPriority(id, current));
}
