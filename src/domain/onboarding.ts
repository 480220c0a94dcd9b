/**
 * SPEC §1.4 — the 8-step customer onboarding checklist. Checklists are plain values: every
 * update returns a new checklist and never changes the one it was given.
 */
import { DomainError } from './errors.ts';
import { assertOptionalEpochMs, nonEmpty, optionalNotes } from './validate.ts';

export const ONBOARDING_STEP_IDS = Object.freeze([
  'select_goal',
  'select_bundle',
  'company_intake',
  'connect_channels',
  'upload_or_source',
  'risk_review',
  'first_service_run',
  'first_proof_pack',
] as const);
export type OnboardingStepId = (typeof ONBOARDING_STEP_IDS)[number];

export interface OnboardingStepDef {
  id: OnboardingStepId;
  /** What the step collects; null where the reference has none (—). */
  input: string | null;
  /** A note on the input ('drafts only', 'PDPL + channel reputation', 'async'). */
  inputNoteAr: string;
  inputNoteEn: string;
  minutes: number;
  needsApproval: boolean;
  /** Runs in the background (first service run, first Proof Pack). */
  async: boolean;
  labelAr: string;
  labelEn: string;
}

/** SPEC §1.4 — the 8 steps, in order. */
export const ONBOARDING_STEPS: readonly OnboardingStepDef[] = Object.freeze(
  (
    [
      {
        id: 'select_goal',
        input: 'goal',
        inputNoteAr: '',
        inputNoteEn: '',
        minutes: 2,
        needsApproval: false,
        async: false,
        labelAr: 'اختيار الهدف',
        labelEn: 'Select goal',
      },
      {
        id: 'select_bundle',
        input: 'bundle_id',
        inputNoteAr: '',
        inputNoteEn: '',
        minutes: 3,
        needsApproval: true,
        async: false,
        labelAr: 'اختيار الباقة',
        labelEn: 'Select bundle',
      },
      {
        id: 'company_intake',
        input: 'company_profile',
        inputNoteAr: '',
        inputNoteEn: '',
        minutes: 5,
        needsApproval: false,
        async: false,
        labelAr: 'بيانات الشركة',
        labelEn: 'Company intake',
      },
      {
        id: 'connect_channels',
        input: 'channels_oauth',
        inputNoteAr: 'مسودات فقط',
        inputNoteEn: 'drafts only',
        minutes: 8,
        needsApproval: true,
        async: false,
        labelAr: 'ربط القنوات (مسودات فقط)',
        labelEn: 'Connect channels (drafts only)',
      },
      {
        id: 'upload_or_source',
        input: 'list_or_source',
        inputNoteAr: '',
        inputNoteEn: '',
        minutes: 5,
        needsApproval: true,
        async: false,
        labelAr: 'رفع قائمة أو ربط مصدر العملاء المحتملين',
        labelEn: 'Upload a list or connect a lead source',
      },
      {
        id: 'risk_review',
        input: null,
        inputNoteAr: 'PDPL + سمعة القناة',
        inputNoteEn: 'PDPL + channel reputation',
        minutes: 4,
        needsApproval: true,
        async: false,
        labelAr: 'مراجعة المخاطر (PDPL + سمعة القناة)',
        labelEn: 'Risk review (PDPL + channel reputation)',
      },
      {
        id: 'first_service_run',
        input: null,
        inputNoteAr: 'غير متزامن',
        inputNoteEn: 'async',
        minutes: 0,
        needsApproval: true,
        async: true,
        labelAr: 'تشغيل أول خدمة',
        labelEn: 'First service run',
      },
      {
        id: 'first_proof_pack',
        input: null,
        inputNoteAr: 'غير متزامن',
        inputNoteEn: 'async',
        minutes: 0,
        needsApproval: false,
        async: true,
        labelAr: 'استلام أول Proof Pack',
        labelEn: 'First Proof Pack',
      },
    ] satisfies OnboardingStepDef[]
  ).map((s) => Object.freeze(s)),
);

export const ONBOARDING_NOTES_MAX = 200;

/**
 * The step the connector readiness gate holds (SPEC §1.5 "blocks first service"): it may be
 * completed or approved only while the customer is ready for the first service.
 */
export const READINESS_GATED_STEP_ID: OnboardingStepId = 'first_service_run';

export interface OnboardingStepState {
  id: OnboardingStepId;
  labelAr: string;
  labelEn: string;
  minutes: number;
  needsApproval: boolean;
  input: string | null;
  completed: boolean;
  notes: string;
  completedAtMs?: number;
  approvedBy?: string;
}

export type OnboardingStatus = 'in_progress' | 'done';

export interface OnboardingChecklist {
  customerId: string;
  companyName: string;
  bundleId: string | null;
  totalSteps: 8;
  /** The first incomplete step in order; null when all are done. */
  currentStepId: OnboardingStepId | null;
  status: OnboardingStatus;
  steps: OnboardingStepState[];
  completedCount: number;
  /** completed / 8 × 100, 1 decimal. */
  progressPct: number;
  /** Sum of the minutes of the steps not yet completed. */
  estimatedMinutesRemaining: number;
  /** Completed steps that need approval but carry no `approvedBy` yet. */
  awaitingApprovalStepIds: OnboardingStepId[];
  approvalRequired: true;
  liveSendAllowed: false;
}

export type OnboardingRefusalCode = 'step_out_of_order';

/**
 * A rule of the checklist refuses what was asked (not bad input): the message says why in
 * Arabic and English, naming the step to do first.
 */
export class OnboardingRefusal extends Error {
  override readonly name = 'OnboardingRefusal';
  constructor(
    readonly code: OnboardingRefusalCode,
    readonly messageAr: string,
    readonly messageEn: string,
    /** The step to complete first. */
    readonly currentStepId: OnboardingStepId | null,
  ) {
    super(messageEn);
  }
}

export function isOnboardingStepId(value: unknown): value is OnboardingStepId {
  return typeof value === 'string' && (ONBOARDING_STEP_IDS as readonly string[]).includes(value);
}

export function assertOnboardingStepId(value: unknown, field = 'stepId'): OnboardingStepId {
  if (!isOnboardingStepId(value)) {
    throw new DomainError(
      'unknown_onboarding_step',
      `Unknown onboarding step ${JSON.stringify(value)}: expected one of ${ONBOARDING_STEP_IDS.join(', ')}`,
      field,
    );
  }
  return value;
}

export function buildOnboardingChecklist(input: {
  customerId: string;
  companyName?: string;
  bundleId?: string | null;
}): OnboardingChecklist {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'buildOnboardingChecklist expects an object', 'input');
  }
  const customerId = nonEmpty(input.customerId, 'customerId');
  const companyName = optionalString(input.companyName, 'companyName') ?? '';
  const bundleRaw = optionalString(input.bundleId, 'bundleId');
  const bundleId = bundleRaw === undefined || bundleRaw === '' ? null : bundleRaw;
  const steps = ONBOARDING_STEPS.map(
    (d): OnboardingStepState => ({
      id: d.id,
      labelAr: d.labelAr,
      labelEn: d.labelEn,
      minutes: d.minutes,
      needsApproval: d.needsApproval,
      input: d.input,
      completed: false,
      notes: '',
    }),
  );
  return finish({ customerId, companyName, bundleId }, steps);
}

export interface UpdateOnboardingStepInput {
  stepId: OnboardingStepId | string;
  /** Default true (as in the reference). false re-opens a step. */
  completed?: boolean;
  /** Replaces the step's notes when given; ≤ 200 characters. */
  notes?: string;
  /** When the step was completed (epoch ms); kept as `completedAtMs`. */
  atMs?: number;
  /** Who approved it (for steps that need approval). */
  approvedBy?: string;
}

/**
 * SPEC §1.4 — the steps are done in order: only the current step (the first incomplete one)
 * can be completed. Returns the refusal for completing `stepId` now, or null when it may be
 * completed (it is the current step) or is already completed (re-confirming it, e.g. its
 * approval, changes no order).
 */
export function stepOrderRefusal(
  checklist: OnboardingChecklist,
  stepId: OnboardingStepId,
): OnboardingRefusal | null {
  const steps = readSteps(checklist);
  return orderRefusal(steps, stepId);
}

function orderRefusal(
  steps: readonly OnboardingStepState[],
  stepId: OnboardingStepId,
): OnboardingRefusal | null {
  const step = steps.find((s) => s.id === stepId);
  if (!step || step.completed) return null;
  const currentIndex = steps.findIndex((s) => !s.completed);
  const current = steps[currentIndex];
  if (!current || current.id === stepId) return null;
  const n = currentIndex + 1;
  return new OnboardingRefusal(
    'step_out_of_order',
    `خطوات الإعداد تُنجز بالترتيب: لا يمكن إنجاز «${step.labelAr}» قبل الخطوة الحالية ${n}. «${current.labelAr}»؛ أنجزها أولاً.`,
    `Onboarding steps are done in order: "${step.labelEn}" can't be completed before the current step, ${n}. "${current.labelEn}"; complete that first.`,
    current.id,
  );
}

/**
 * Returns a NEW checklist with one step updated. Progress and the current step are recomputed:
 * the current step is the first incomplete step in order, and completing all 8 makes the
 * checklist `done` (current step null). Only the current step can be completed (SPEC §1.4
 * "in order"); completing a step already completed keeps it so (adding its approver or notes).
 * Re-opening a step clears its completion time and approver. Unknown step →
 * 'unknown_onboarding_step'; notes over 200 characters → 'text_too_long'; completing a later
 * step while an earlier one is open → OnboardingRefusal 'step_out_of_order'.
 */
export function updateOnboardingStep(
  checklist: OnboardingChecklist,
  update: UpdateOnboardingStepInput,
): OnboardingChecklist {
  const steps = readSteps(checklist);
  if (update === null || typeof update !== 'object') {
    throw new DomainError(
      'invalid_input',
      'updateOnboardingStep expects an update object',
      'update',
    );
  }
  const stepId = assertOnboardingStepId(update.stepId);
  const completed = update.completed ?? true;
  if (typeof completed !== 'boolean') {
    throw new DomainError('invalid_input', 'completed must be true or false', 'completed');
  }
  const notes = optionalNotes(update.notes, ONBOARDING_NOTES_MAX);
  assertOptionalEpochMs(update.atMs);
  let approvedBy: string | undefined;
  if (update.approvedBy !== undefined && update.approvedBy !== null) {
    approvedBy = nonEmpty(update.approvedBy, 'approvedBy');
  }
  if (completed) {
    const refusal = orderRefusal(steps, stepId);
    if (refusal) throw refusal;
  }

  const next = steps.map((s): OnboardingStepState => {
    if (s.id !== stepId) return s;
    const { completedAtMs, approvedBy: previousApprover, ...rest } = s;
    const out: OnboardingStepState = { ...rest, completed };
    if (notes !== undefined) out.notes = notes;
    if (completed) {
      const at = update.atMs ?? completedAtMs;
      if (at !== undefined) out.completedAtMs = at;
      const by = approvedBy ?? previousApprover;
      if (by !== undefined) out.approvedBy = by;
    }
    return out;
  });
  return finish(
    {
      customerId: checklist.customerId,
      companyName: checklist.companyName,
      bundleId: checklist.bundleId,
    },
    next,
  );
}

function readSteps(checklist: OnboardingChecklist): OnboardingStepState[] {
  if (checklist === null || typeof checklist !== 'object' || !Array.isArray(checklist.steps)) {
    throw new DomainError(
      'invalid_input',
      'checklist must be a checklist built by buildOnboardingChecklist',
      'checklist',
    );
  }
  nonEmpty(checklist.customerId, 'checklist.customerId');
  const byId = new Map<string, OnboardingStepState>();
  for (const s of checklist.steps) {
    if (s === null || typeof s !== 'object') {
      throw new DomainError(
        'invalid_input',
        'checklist.steps holds a non-object',
        'checklist.steps',
      );
    }
    assertOnboardingStepId(s.id, 'checklist.steps.id');
    byId.set(s.id, s);
  }
  // Rebuild in canonical order from the definitions, keeping the per-step state: a checklist
  // that went through storage (JSON) comes back with the same 8 steps in the same order.
  return ONBOARDING_STEPS.map((d): OnboardingStepState => {
    const s = byId.get(d.id);
    if (!s) {
      throw new DomainError(
        'invalid_input',
        `checklist.steps is missing step ${d.id}`,
        'checklist.steps',
      );
    }
    const out: OnboardingStepState = {
      id: d.id,
      labelAr: d.labelAr,
      labelEn: d.labelEn,
      minutes: d.minutes,
      needsApproval: d.needsApproval,
      input: d.input,
      completed: s.completed === true,
      notes: typeof s.notes === 'string' ? s.notes : '',
    };
    if (typeof s.completedAtMs === 'number') out.completedAtMs = s.completedAtMs;
    if (typeof s.approvedBy === 'string' && s.approvedBy !== '') out.approvedBy = s.approvedBy;
    return out;
  });
}

function finish(
  head: { customerId: string; companyName: string; bundleId: string | null },
  steps: OnboardingStepState[],
): OnboardingChecklist {
  const completedCount = steps.filter((s) => s.completed).length;
  const current = steps.find((s) => !s.completed);
  return {
    customerId: head.customerId,
    companyName: head.companyName,
    bundleId: head.bundleId,
    totalSteps: 8,
    currentStepId: current ? current.id : null,
    status: current ? 'in_progress' : 'done',
    steps,
    completedCount,
    progressPct: Math.round((completedCount / ONBOARDING_STEPS.length) * 1000) / 10,
    estimatedMinutesRemaining: steps.reduce((sum, s) => (s.completed ? sum : sum + s.minutes), 0),
    awaitingApprovalStepIds: steps
      .filter((s) => s.completed && s.needsApproval && s.approvedBy === undefined)
      .map((s) => s.id),
    approvalRequired: true,
    liveSendAllowed: false,
  };
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new DomainError('invalid_input', `${field} must be text`, field);
  }
  return value.trim();
}
