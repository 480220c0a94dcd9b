/**
 * Customer-ops use cases (SPEC §1.4–§1.6, §3 Customer ops): customers, the onboarding
 * checklist, connector statuses with founder-approved live mode, customer-success metrics,
 * the success plan and the customer-success drafts. Same shape as the ticket service: load →
 * pure domain transition → one atomic compare-and-set with its ledger entries → enqueue the
 * slow Slack work (posting requests and drafts, updating them, refreshing App Homes).
 *
 * Approval-first: every customer-success draft is internal. "Approved" means a human may now
 * send it; nothing here or in the jobs ever reaches a customer.
 */
import { DateTime } from 'luxon';
import {
  type AtRiskAlert,
  allowedConnectorMoves,
  approvalBlockers,
  assertOnboardingStepId,
  buildAtRiskAlert,
  buildConnectorSetupSummary,
  buildCustomerSuccessPlan,
  buildInitialConnectorStatuses,
  buildOnboardingChecklist,
  buildWeeklyCheckIn,
  CONNECTOR_NOTES_MAX,
  type ConnectorKey,
  type ConnectorSetupSummary,
  type ConnectorState,
  type CustomerMetricsValues,
  customerTextViolations,
  formatSar,
  getConnector,
  isConnectorKey,
  isConnectorMoveAllowed,
  isConnectorState,
  type LedgerEntry,
  type OnboardingStepState,
  READINESS_GATED_STEP_ID,
  requiresFounderApproval,
  type SuccessMilestone,
  stepOrderRefusal,
  TicketRefusal,
  updateConnectorStatus,
  updateOnboardingStep,
} from '../domain/index.ts';
import type {
  ApprovalRequest,
  ConnectorsDoc,
  CsDraft,
  CustomerOpsStore,
  IndexOp,
  MetricsDoc,
  OnboardingDoc,
  SuccessPlanDoc,
} from '../store/customerOpsStore.ts';
import type { Customer } from '../store/redisStore.ts';
import {
  BUNDLE_LABELS,
  CONNECTOR_STATE_LABELS,
  CUSTOMER_NAME_MAX,
  connectorNotesDigest,
  isBundleId,
  parseContacts,
} from '../views/customerOpsViews.ts';
import type { Lang } from '../views/format.ts';
import { actorFor, approverAndFounderIds, type ServiceContext } from './context.ts';

/** The slow Slack work the service hands to the customer-success queue. */
export interface CsJobsPort {
  postRequest(requestId: string): Promise<void>;
  syncRequest(request: ApprovalRequest): Promise<void>;
  postDraft(draftId: string): Promise<void>;
  syncDraft(draft: CsDraft): Promise<void>;
  schedulePlan(plan: SuccessPlanDoc): Promise<void>;
  requestRun(kind: 'weekly-check-ins' | 'at-risk-scan', requestedBy: string): Promise<void>;
  refreshHomes(userIds: readonly string[]): Promise<void>;
}

/** What a customer-success run did (weekly check-ins or the at-risk scan). */
export interface CsRunSummary {
  kind: 'weekly-check-ins' | 'at-risk-scan';
  /** Drafts made by this run. */
  created: number;
  /** Customers whose draft for today existed already (an earlier run today). */
  alreadyDrafted: number;
  /** At-risk scan: customers scored low (no alert, by SPEC §1.6). */
  skippedLow: number;
  /** Customers skipped because no metrics are recorded for them yet. */
  withoutMetrics: Array<{ id: string; name: string }>;
}

export interface Bilingual {
  ar: string;
  en: string;
}

/** Bad input from a form, by field: the listener shows each on its input block. */
export class FieldErrors extends Error {
  override readonly name = 'FieldErrors';
  constructor(readonly fields: Record<string, Bilingual>) {
    super(
      `invalid input: ${Object.entries(fields)
        .map(([k, v]) => `${k}: ${v.en}`)
        .join('; ')}`,
    );
  }
}

export interface CustomerInput {
  /** Absent when adding a customer. */
  customerId?: string;
  name: string;
  bundleId: string;
  channelIds: string[];
  contactsText: string;
  language: string;
}

/** A connector change from the connector modal; `ref` / `notesRef` name the input blocks. */
export interface ConnectorChange {
  connectorKey: string;
  ref: string;
  notesRef: string;
  to?: string;
  notes?: string;
  /**
   * connectorNotesDigest of the notes the modal showed. Slack submits every notes input, so
   * only notes that differ from these were edited. Absent (a modal from before digests): the
   * notes count as edited when they differ from the stored ones.
   */
  shownNotesDigest?: string;
}

export type MetricsInput = Partial<Record<keyof CustomerMetricsValues, string | null>>;

const METRIC_NUMBER_FIELDS = [
  'draftsApproved',
  'replies',
  'meetings',
  'risksBlocked',
  'pipelineSar',
  'draftsPending',
] as const;
const METRIC_DATE_FIELDS = ['lastActivityDate', 'lastProofPackDate'] as const;

export interface OnboardingState {
  customer: Customer;
  doc: OnboardingDoc;
  plan: SuccessPlanDoc | null;
}

export interface ConnectorsState {
  customer: Customer;
  doc: ConnectorsDoc;
  summary: ConnectorSetupSummary;
  pendingLive: Partial<Record<ConnectorKey, { requestedBy: string; requestedAtMs: number }>>;
}

export interface StepResult extends OnboardingState {
  changed: boolean;
  notice: Bilingual;
}

export function notFound(what: Bilingual): TicketRefusal {
  return new TicketRefusal('ticket_resolved', what.ar, what.en);
}

/** Refuses the gated step while the customer is not ready for the first service. */
function notReadyRefusal(
  step: OnboardingStepState,
  readiness: ConnectorSetupSummary,
  approving: boolean,
): TicketRefusal {
  return new TicketRefusal(
    'not_ready_for_first_service',
    `لا يمكن ${approving ? 'اعتماد' : 'إنجاز'} «${step.labelAr}» بعد. ${readiness.readinessAr}؛ أكمل ذلك من «الموصلات» أولاً.`,
    `"${step.labelEn}" can't be ${approving ? 'approved' : 'completed'} yet. ${readiness.readinessEn}; set that up under Connectors first.`,
  );
}

function stateLabel(state: ConnectorState): Bilingual {
  const l = CONNECTOR_STATE_LABELS[state];
  return { ar: `«${l.ar}»`, en: `"${l.en}"` };
}

export class CustomerOpsService {
  constructor(
    private readonly ctx: ServiceContext,
    readonly ops: CustomerOpsStore,
    private readonly jobs: CsJobsPort,
  ) {}

  private actor(userId: string) {
    return actorFor(this.ctx.policy, userId);
  }

  private get dayMs(): number {
    return this.ctx.policy.customerSuccess.dayMs;
  }

  /** Who sees ticket-independent approvals on their Home. */
  approverIds(): string[] {
    return approverAndFounderIds(this.ctx.policy);
  }

  canApprove(userId: string): boolean {
    return this.actor(userId).isApprover;
  }

  isFounder(userId: string): boolean {
    return this.actor(userId).isFounder;
  }

  /** Today's date (YYYY-MM-DD) in the policy's time zone. */
  localDate(nowMs = this.ctx.now()): string {
    return DateTime.fromMillis(nowMs, { zone: this.ctx.policy.timezone }).toISODate() ?? '';
  }

  private async requireCustomer(customerId: string): Promise<Customer> {
    const customer = await this.ctx.store.getCustomer(customerId);
    if (!customer) throw notFound({ ar: 'العميل غير موجود.', en: 'Customer not found.' });
    return customer;
  }

  private requireApprover(userId: string, what: Bilingual): void {
    if (!this.actor(userId).isApprover) throw new TicketRefusal('not_approver', what.ar, what.en);
  }

  /** Why the customer's live actions are frozen (a SEV1 incident, a critical SLA review), as
   *  a sentence naming what was refused; null when they are not. */
  private async frozenBecause(customerId: string, refused: Bilingual): Promise<Bilingual | null> {
    const freeze = await this.ctx.store.freezeFor(customerId);
    if (!freeze) return null;
    return {
      ar: `الإجراءات الحية مجمّدة لهذا العميل: ${freeze.reasonAr}. ${refused.ar} حتى يرفع مؤسس التجميد.`,
      en: `Live actions are frozen for this customer: ${freeze.reasonEn}. ${refused.en} until a founder lifts the freeze.`,
    };
  }

  // Customers ---------------------------------------------------------------------------

  /**
   * Adding or editing a customer is for approvers (and founders): its Slack contacts decide
   * whose answer confirms a ticket resolved (rule 4), its channels where replies go.
   */
  requireCustomerEditor(userId: string): void {
    this.requireApprover(userId, {
      ar: 'إضافة العملاء وتعديلهم (جهات الاتصال والقنوات) للمعتمدين والمؤسسين فقط.',
      en: 'Only approvers and founders can add or edit customers (their contacts and channels).',
    });
  }

  async getCustomer(customerId: string): Promise<Customer | null> {
    return this.ctx.store.getCustomer(customerId);
  }

  async listCustomers(): Promise<Customer[]> {
    return this.ctx.store.listCustomers();
  }

  /**
   * Adds or edits a customer (and its channel mapping). `idempotencyKey` (the modal's view id)
   * makes a repeated submission of the same "add" modal save the same customer, not a second.
   */
  async saveCustomer(
    input: CustomerInput,
    userId: string,
    options: { idempotencyKey?: string } = {},
  ): Promise<{ customer: Customer; created: boolean }> {
    this.requireCustomerEditor(userId);
    const { store, now } = this.ctx;
    const errors: Record<string, Bilingual> = {};
    const name = input.name.trim();
    if (name === '') errors.name = { ar: 'اكتب اسم العميل.', en: "Write the customer's name." };
    else if ([...name].length > CUSTOMER_NAME_MAX) {
      errors.name = {
        ar: `الاسم أطول من ${CUSTOMER_NAME_MAX} حرفاً.`,
        en: `The name is longer than ${CUSTOMER_NAME_MAX} characters.`,
      };
    }
    if (!isBundleId(input.bundleId)) errors.bundle = { ar: 'اختر الباقة.', en: 'Choose a bundle.' };
    if (input.language !== 'ar' && input.language !== 'en') {
      errors.language = { ar: 'اختر لغة العميل.', en: "Choose the customer's language." };
    }
    const { contacts, invalidLines } = parseContacts(input.contactsText);
    if (invalidLines.length > 0) {
      const lines = invalidLines.slice(0, 3).join(' · ');
      errors.contacts = {
        ar: `سطر غير مفهوم: ${lines}. اكتب كل جهة في سطر: الاسم <email@example.com>`,
        en: `Can't read: ${lines}. One contact per line: Name <email@example.com>`,
      };
    }
    const existing = input.customerId ? await store.getCustomer(input.customerId) : null;
    if (input.customerId && !existing) {
      throw notFound({ ar: 'العميل غير موجود.', en: 'Customer not found.' });
    }
    const channelIds = [...new Set(input.channelIds)];
    for (const channelId of channelIds) {
      const owner = await store.customerForChannel(channelId);
      if (owner && owner.id !== input.customerId) {
        // Field errors are plain text: the channel id, not a <#C…> link.
        errors.channels = {
          ar: `القناة ${channelId} مرتبطة بالعميل ${owner.name}؛ لكل قناة عميل واحد.`,
          en: `Channel ${channelId} already belongs to ${owner.name}; a channel maps to one customer.`,
        };
        break;
      }
    }
    if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
    let id = existing?.id;
    if (!id) {
      const claim = options.idempotencyKey ? `customer-create:${options.idempotencyKey}` : null;
      const earlier = claim ? await store.claimedValue(claim) : null;
      id = earlier ?? (await this.newCustomerId(name));
      if (claim && !earlier) await store.setClaimedValue(claim, id);
    }
    const customer: Customer = {
      id,
      name,
      bundleId: input.bundleId,
      channelIds,
      contacts,
      language: input.language as 'ar' | 'en',
    };
    await store.saveCustomer(customer);
    const contactKey = (c: Customer['contacts'][number]) =>
      c.slackUserId ? `<@${c.slackUserId}>` : (c.email ?? c.name);
    const before = new Set((existing?.contacts ?? []).map(contactKey));
    const after = new Set(contacts.map(contactKey));
    const contactsAdded = [...after].filter((k) => !before.has(k));
    const contactsRemoved = [...before].filter((k) => !after.has(k));
    const oldChannels = new Set(existing?.channelIds ?? []);
    const channelsAdded = channelIds.filter((c) => !oldChannels.has(c));
    const channelsRemoved = [...oldChannels].filter((c) => !channelIds.includes(c));
    // Who may confirm a ticket resolved, and where replies go: each change is on record.
    const changes: LedgerEntry[] = [];
    if (contactsAdded.length > 0 || contactsRemoved.length > 0) {
      changes.push({
        action: 'customer.contacts_changed',
        actor: userId,
        atMs: now(),
        details: { customerId: id, added: contactsAdded, removed: contactsRemoved },
      });
    }
    if (channelsAdded.length > 0 || channelsRemoved.length > 0) {
      changes.push({
        action: 'customer.channels_changed',
        actor: userId,
        atMs: now(),
        details: { customerId: id, added: channelsAdded, removed: channelsRemoved },
      });
    }
    await store.appendLedger([
      ...changes,
      {
        action: existing ? 'customer.updated' : 'customer.created',
        actor: userId,
        atMs: now(),
        details: {
          customerId: id,
          bundleId: customer.bundleId,
          channelIds,
          contacts: contacts.length,
          language: customer.language,
        },
      },
    ]);
    return { customer, created: !existing };
  }

  private async newCustomerId(name: string): Promise<string> {
    const base =
      name
        .normalize('NFKD')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40) || 'customer';
    for (let n = 1; n < 1000; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      // Reserved atomically, so two people adding "Acme" at once get two ids.
      if (await this.ctx.store.getCustomer(id)) continue;
      if (await this.ctx.store.claimOnce(`customer-id:${id}`, 365 * 86_400)) return id;
    }
    return `${base}-${Date.now().toString(36)}`;
  }

  // Onboarding ----------------------------------------------------------------------------

  private freshOnboarding(customer: Customer): OnboardingDoc {
    return {
      customerId: customer.id,
      checklist: buildOnboardingChecklist({
        customerId: customer.id,
        companyName: customer.name,
        bundleId: customer.bundleId ?? null,
      }),
      version: 0,
    };
  }

  async onboarding(customerId: string): Promise<OnboardingState> {
    const customer = await this.requireCustomer(customerId);
    const [doc, plan] = await Promise.all([
      this.ops.getOnboarding(customerId),
      this.ops.getPlan(customerId),
    ]);
    return { customer, doc: doc ?? this.freshOnboarding(customer), plan };
  }

  /**
   * Completes a step. A step that needs approval is approved at once when an approver
   * completes it; anyone else's completion waits for an approver (an approval request goes
   * to the ops channel). The success plan starts once all 8 are done and approved. The first
   * service run waits for the readiness gate: refused while the customer is not ready.
   * Steps go in order: only the current step can be completed (OnboardingRefusal otherwise).
   */
  async completeStep(
    customerId: string,
    stepIdRaw: string,
    userId: string,
    notesRaw?: string,
  ): Promise<StepResult> {
    const stepId = assertOnboardingStepId(stepIdRaw);
    const customer = await this.requireCustomer(customerId);
    const actor = this.actor(userId);
    const notes = notesRaw?.trim() ? notesRaw.trim() : undefined;
    const readiness =
      stepId === READINESS_GATED_STEP_ID ? await this.firstServiceReadiness(customerId) : null;
    let request: ApprovalRequest | undefined;
    const result = await this.ops.update<OnboardingDoc>(
      this.ops.k.onboarding(customerId),
      (cur) => {
        request = undefined;
        const doc = cur ?? this.freshOnboarding(customer);
        const step = doc.checklist.steps.find((s) => s.id === stepId);
        if (!step || step.completed) return null;
        // In order (SPEC §1.4): a later step from a stale modal names the step to do first.
        const outOfOrder = stepOrderRefusal(doc.checklist, stepId);
        if (outOfOrder) throw outOfOrder;
        if (readiness && !readiness.readyForFirstService) {
          throw notReadyRefusal(step, readiness, false);
        }
        const atMs = this.ctx.now();
        const approved = step.needsApproval && actor.isApprover;
        const checklist = updateOnboardingStep(doc.checklist, {
          stepId,
          completed: true,
          notes,
          atMs,
          ...(approved ? { approvedBy: userId } : {}),
        });
        const ledger: LedgerEntry[] = [
          {
            action: 'onboarding.step_completed',
            actor: userId,
            atMs,
            details: {
              customerId,
              stepId,
              approved,
              awaitingApproval: step.needsApproval && !approved,
              progressPct: checklist.progressPct,
            },
          },
        ];
        const index: IndexOp[] = [];
        if (step.needsApproval && !approved) {
          request = {
            id: `step-${customerId}-${stepId}-${atMs}`,
            kind: 'onboarding_step',
            customerId,
            customerName: customer.name,
            stepId,
            ...(notes ? { notes } : {}),
            requestedBy: userId,
            requestedAtMs: atMs,
            status: 'pending',
            version: 1,
          };
          index.push(...this.ops.newRequestWrites(request));
          ledger.push({
            action: 'onboarding.approval_requested',
            actor: userId,
            atMs,
            details: { customerId, stepId, requestId: request.id },
          });
        }
        return { doc: { ...doc, checklist, version: doc.version + 1 }, ledger, index };
      },
    );
    const doc = result.doc ?? this.freshOnboarding(customer);
    const step = doc.checklist.steps.find((s) => s.id === stepId)!;
    // "Complete & approve" on a step someone else completed: it is the approval it waits for.
    if (
      !result.changed &&
      actor.isApprover &&
      doc.checklist.awaitingApprovalStepIds.includes(stepId)
    ) {
      return this.approveStep(customerId, stepId, userId);
    }
    if (request) {
      await this.jobs.postRequest(request.id);
      await this.jobs.refreshHomes(this.approverIds());
    }
    const plan = await this.maybeStartPlan(customer, doc, userId);
    let notice: Bilingual;
    if (!result.changed) {
      notice = {
        ar: `ℹ️ «${step.labelAr}» منجزة بالفعل.`,
        en: `ℹ️ "${step.labelEn}" is already done.`,
      };
    } else if (request) {
      notice = {
        ar: `⏳ أُنجزت «${step.labelAr}» وهي بانتظار موافقة معتمِد؛ أُرسل طلب الموافقة إلى قناة العمليات.`,
        en: `⏳ "${step.labelEn}" is done and waits for an approver; the approval request went to the ops channel.`,
      };
    } else {
      notice = { ar: `✅ أُنجزت «${step.labelAr}».`, en: `✅ "${step.labelEn}" is done.` };
    }
    return { customer, doc, plan, changed: result.changed, notice };
  }

  /** An approver confirms a completed step that waits for approval (the gate holds here too). */
  async approveStep(customerId: string, stepIdRaw: string, userId: string): Promise<StepResult> {
    const stepId = assertOnboardingStepId(stepIdRaw);
    this.requireApprover(userId, {
      ar: 'تأكيد خطوات الإعداد للمعتمدين فقط.',
      en: 'Only approvers can confirm onboarding steps.',
    });
    const customer = await this.requireCustomer(customerId);
    const pending = (await this.ops.pendingRequests()).filter(
      (r) => r.kind === 'onboarding_step' && r.customerId === customerId && r.stepId === stepId,
    );
    const readiness =
      stepId === READINESS_GATED_STEP_ID ? await this.firstServiceReadiness(customerId) : null;
    const decided: ApprovalRequest[] = [];
    const result = await this.ops.update<OnboardingDoc>(
      this.ops.k.onboarding(customerId),
      (cur) => {
        decided.length = 0;
        const doc = cur ?? this.freshOnboarding(customer);
        if (!doc.checklist.awaitingApprovalStepIds.includes(stepId)) return null;
        if (readiness && !readiness.readyForFirstService) {
          const step = doc.checklist.steps.find((s) => s.id === stepId)!;
          throw notReadyRefusal(step, readiness, true);
        }
        const atMs = this.ctx.now();
        const checklist = updateOnboardingStep(doc.checklist, {
          stepId,
          completed: true,
          approvedBy: userId,
        });
        const index: IndexOp[] = [];
        for (const r of pending) {
          const next: ApprovalRequest = {
            ...r,
            status: 'approved',
            decidedBy: userId,
            decidedAtMs: atMs,
            version: r.version + 1,
          };
          decided.push(next);
          index.push(
            { op: 'set', key: this.ops.k.request(r.id), value: JSON.stringify(next) },
            { op: 'zrem', key: this.ops.k.requestsPending, member: r.id },
          );
        }
        return {
          doc: { ...doc, checklist, version: doc.version + 1 },
          ledger: [
            {
              action: 'onboarding.step_approved',
              actor: userId,
              atMs,
              details: { customerId, stepId, requestIds: pending.map((r) => r.id) },
            },
          ],
          index,
        };
      },
    );
    for (const r of decided) await this.jobs.syncRequest(r);
    const doc = result.doc ?? this.freshOnboarding(customer);
    const step = doc.checklist.steps.find((s) => s.id === stepId)!;
    const plan = await this.maybeStartPlan(customer, doc, userId);
    if (result.changed) await this.jobs.refreshHomes(this.approverIds());
    const notice: Bilingual = result.changed
      ? { ar: `✅ اعتُمدت «${step.labelAr}».`, en: `✅ "${step.labelEn}" is approved.` }
      : step.completed
        ? {
            ar: `ℹ️ «${step.labelAr}» معتمدة بالفعل.`,
            en: `ℹ️ "${step.labelEn}" is already approved.`,
          }
        : {
            ar: `ℹ️ «${step.labelAr}» لم تُنجز بعد.`,
            en: `ℹ️ "${step.labelEn}" is not completed yet.`,
          };
    return { customer, doc, plan, changed: result.changed, notice };
  }

  /** Starts the bundle's 30-day plan once onboarding is done and every step approved. */
  private async maybeStartPlan(
    customer: Customer,
    doc: OnboardingDoc,
    userId: string,
  ): Promise<SuccessPlanDoc | null> {
    const { checklist } = doc;
    if (checklist.status !== 'done' || checklist.awaitingApprovalStepIds.length > 0) {
      return this.ops.getPlan(customer.id);
    }
    const startMs = this.ctx.now();
    const dayMs = this.dayMs;
    const result = await this.ops.update<SuccessPlanDoc>(this.ops.k.plan(customer.id), (cur) => {
      if (cur) return null;
      const plan = buildCustomerSuccessPlan({
        customerId: customer.id,
        bundleId: customer.bundleId,
      });
      const doc: SuccessPlanDoc = {
        customerId: customer.id,
        bundleId: plan.bundleId,
        startMs,
        dayMs,
        startedBy: userId,
        milestones: plan.milestones.map((m) => ({ ...m, dueAtMs: startMs + (m.day - 1) * dayMs })),
        version: 1,
      };
      return {
        doc,
        ledger: [
          {
            action: 'success_plan.started',
            actor: userId,
            atMs: startMs,
            details: {
              customerId: customer.id,
              bundleId: plan.bundleId,
              usedFallbackBundle: plan.usedFallbackBundle,
              days: plan.milestones.map((m) => m.day),
              dayMs,
            },
          },
        ],
      };
    });
    if (result.changed && result.doc) await this.jobs.schedulePlan(result.doc);
    return result.doc;
  }

  // Connectors ----------------------------------------------------------------------------

  private freshConnectors(customerId: string): ConnectorsDoc {
    return { customerId, statuses: buildInitialConnectorStatuses(), pendingLive: {}, version: 0 };
  }

  /** The connector summary with the readiness gate (SPEC §1.5) the onboarding step waits for. */
  async firstServiceReadiness(customerId: string): Promise<ConnectorSetupSummary> {
    const doc = (await this.ops.getConnectors(customerId)) ?? this.freshConnectors(customerId);
    return buildConnectorSetupSummary({ customerId, statuses: doc.statuses });
  }

  async connectors(customerId: string): Promise<ConnectorsState> {
    const customer = await this.requireCustomer(customerId);
    const doc = (await this.ops.getConnectors(customerId)) ?? this.freshConnectors(customerId);
    const summary = buildConnectorSetupSummary({ customerId, statuses: doc.statuses });
    const pendingLive: ConnectorsState['pendingLive'] = {};
    for (const [key, id] of Object.entries(doc.pendingLive)) {
      const request = id ? await this.ops.getRequest(id) : null;
      if (request?.status === 'pending') {
        pendingLive[key as ConnectorKey] = {
          requestedBy: request.requestedBy,
          requestedAtMs: request.requestedAtMs,
        };
      }
    }
    return { customer, doc, summary, pendingLive };
  }

  /**
   * Applies the connector modal's changes together, or none of them: every move is checked
   * against the stored state (the modal may be stale), and a move that is not allowed comes
   * back as a field error on its input. A move into connected_approved_execute becomes a
   * founder approval request (the connector stays where it is); a founder's own applies.
   */
  async applyConnectorChanges(
    customerId: string,
    changes: readonly ConnectorChange[],
    userId: string,
  ): Promise<{ state: ConnectorsState; moved: number; requested: ApprovalRequest[] }> {
    const customer = await this.requireCustomer(customerId);
    const actor = this.actor(userId);
    // (read once: a freeze set while the modal is saved applies to the next save)
    const frozen = await this.frozenBecause(customerId, {
      ar: 'لا انتقال إلى التشغيل الحي',
      en: 'No switch to live mode',
    });
    let requested: ApprovalRequest[] = [];
    let moved = 0;
    await this.ops.update<ConnectorsDoc>(this.ops.k.connectors(customerId), (cur) => {
      requested = [];
      moved = 0;
      const doc = cur ?? this.freshConnectors(customerId);
      const atMs = this.ctx.now();
      const errors: Record<string, Bilingual> = {};
      const ledger: LedgerEntry[] = [];
      const index: IndexOp[] = [];
      let statuses = doc.statuses;
      const pendingLive = { ...doc.pendingLive };
      for (const c of changes) {
        if (!isConnectorKey(c.connectorKey)) {
          errors[c.ref] = {
            ar: `موصل غير معروف: ${c.connectorKey}`,
            en: `Unknown connector: ${c.connectorKey}`,
          };
          continue;
        }
        const key = c.connectorKey;
        const connector = getConnector(key);
        const label = { ar: connector.labelAr, en: connector.labelEn };
        const from = statuses[key].state;
        let notes = c.notes === undefined ? undefined : c.notes.trim();
        const stored = statuses[key].notes;
        const shown = c.shownNotesDigest;
        if (
          notes !== undefined &&
          (notes === stored || (shown !== undefined && connectorNotesDigest(notes) === shown))
        ) {
          notes = undefined;
        }
        // Edited notes over notes someone saved since the modal opened: keep theirs, say so.
        if (notes !== undefined && shown !== undefined && connectorNotesDigest(stored) !== shown) {
          errors[c.notesRef] = {
            ar: `تغيّرت ملاحظات ${label.ar} في الأثناء — أعد فتح النافذة لترى أحدثها.`,
            en: `${label.en} notes changed meanwhile — reopen to see the latest.`,
          };
          continue;
        }
        if (notes !== undefined && [...notes].length > CONNECTOR_NOTES_MAX) {
          errors[c.notesRef] = {
            ar: `الملاحظات أطول من ${CONNECTOR_NOTES_MAX} حرف.`,
            en: `Notes are longer than ${CONNECTOR_NOTES_MAX} characters.`,
          };
          continue;
        }
        const to = c.to;
        if (to === undefined || to === from) {
          if (notes !== undefined) {
            statuses = updateConnectorStatus(statuses, { connectorKey: key, state: from, notes });
            ledger.push({
              action: 'connector.notes',
              actor: userId,
              atMs,
              details: { customerId, connectorKey: key, state: from },
            });
          }
          continue;
        }
        if (!isConnectorState(to)) {
          errors[c.ref] = { ar: `حالة غير معروفة: ${to}`, en: `Unknown state: ${to}` };
          continue;
        }
        if (!isConnectorMoveAllowed(from, to)) {
          const allowed = allowedConnectorMoves(from).map(stateLabel);
          errors[c.ref] = {
            ar: `لا يمكن نقل ${label.ar} من ${stateLabel(from).ar} إلى ${stateLabel(to).ar} (تغيّرت حالته). المسموح: ${allowed.map((a) => a.ar).join('، ')}.`,
            en: `${label.en} can't move from ${stateLabel(from).en} to ${stateLabel(to).en} (its state changed). Allowed: ${allowed.map((a) => a.en).join(', ')}.`,
          };
          continue;
        }
        if (requiresFounderApproval(from, to) && frozen) {
          errors[c.ref] = frozen;
          continue;
        }
        if (requiresFounderApproval(from, to) && !actor.isFounder) {
          if (pendingLive[key]) {
            errors[c.ref] = {
              ar: `طلب التشغيل الحي لـ ${label.ar} بانتظار المؤسس بالفعل.`,
              en: `A live-mode request for ${label.en} is already waiting for a founder.`,
            };
            continue;
          }
          const request: ApprovalRequest = {
            id: `live-${customerId}-${key}-${atMs}`,
            kind: 'connector_live',
            customerId,
            customerName: customer.name,
            connectorKey: key,
            fromState: from,
            ...(notes ? { notes } : {}),
            requestedBy: userId,
            requestedAtMs: atMs,
            status: 'pending',
            version: 1,
          };
          requested.push(request);
          pendingLive[key] = request.id;
          if (notes !== undefined) {
            statuses = updateConnectorStatus(statuses, { connectorKey: key, state: from, notes });
          }
          index.push(...this.ops.newRequestWrites(request));
          ledger.push({
            action: 'connector.live_requested',
            actor: userId,
            atMs,
            details: { customerId, connectorKey: key, from, requestId: request.id },
          });
          continue;
        }
        statuses = updateConnectorStatus(statuses, {
          connectorKey: key,
          state: to,
          notes,
          atMs,
          ...(requiresFounderApproval(from, to) ? { approvedBy: userId } : {}),
        });
        moved++;
        ledger.push({
          action: 'connector.moved',
          actor: userId,
          atMs,
          details: {
            customerId,
            connectorKey: key,
            from,
            to,
            ...(requiresFounderApproval(from, to) ? { liveApprovedBy: userId } : {}),
          },
        });
      }
      if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
      if (ledger.length === 0) return null;
      return {
        doc: { ...doc, statuses, pendingLive, version: doc.version + 1 },
        ledger,
        index,
      };
    });
    for (const r of requested) await this.jobs.postRequest(r.id);
    if (requested.length > 0) {
      await this.jobs.refreshHomes(this.ctx.policy.people.founders);
    }
    return { state: await this.connectors(customerId), moved, requested };
  }

  /** A founder approves (or declines) a live-mode switch; anyone else is refused. */
  async decideLiveRequest(
    requestId: string,
    userId: string,
    approve: boolean,
  ): Promise<{ request: ApprovalRequest; changed: boolean }> {
    if (!this.actor(userId).isFounder) {
      throw new TicketRefusal(
        'founder_required',
        'التشغيل الحي للموصل يحتاج موافقة المؤسس؛ لا يتغير شيء قبلها.',
        'Only a founder can approve or decline a live-mode switch; nothing changes until one does.',
      );
    }
    const request = await this.ops.getRequest(requestId);
    if (request?.kind !== 'connector_live' || !request.connectorKey) {
      throw notFound({ ar: 'الطلب غير موجود.', en: 'Request not found.' });
    }
    const key = request.connectorKey;
    if (approve) {
      const frozen = await this.frozenBecause(request.customerId, {
        ar: 'لا يُعتمد التشغيل الحي (يبقى الطلب قائماً)',
        en: 'The live-mode switch cannot be approved (the request stays open)',
      });
      if (frozen) throw new TicketRefusal('live_actions_frozen', frozen.ar, frozen.en);
    }
    let decided: ApprovalRequest | undefined;
    await this.ops.update<ConnectorsDoc>(this.ops.k.connectors(request.customerId), (cur) => {
      decided = undefined;
      const doc = cur ?? this.freshConnectors(request.customerId);
      if (doc.pendingLive[key] !== request.id) return null;
      const atMs = this.ctx.now();
      const from = doc.statuses[key].state;
      const stillAllowed = isConnectorMoveAllowed(from, 'connected_approved_execute');
      const status = !approve ? 'declined' : stillAllowed ? 'approved' : 'stale';
      let statuses = doc.statuses;
      if (status === 'approved' && from !== 'connected_approved_execute') {
        statuses = updateConnectorStatus(statuses, {
          connectorKey: key,
          state: 'connected_approved_execute',
          atMs,
          approvedBy: userId,
        });
      }
      const pendingLive = { ...doc.pendingLive };
      delete pendingLive[key];
      decided = {
        ...request,
        status,
        decidedBy: userId,
        decidedAtMs: atMs,
        version: request.version + 1,
      };
      return {
        doc: { ...doc, statuses, pendingLive, version: doc.version + 1 },
        ledger: [
          {
            action: `connector.live_${status}`,
            actor: userId,
            atMs,
            details: {
              customerId: request.customerId,
              connectorKey: key,
              from,
              requestId: request.id,
              requestedBy: request.requestedBy,
            },
          },
        ],
        index: [
          { op: 'set', key: this.ops.k.request(request.id), value: JSON.stringify(decided) },
          { op: 'zrem', key: this.ops.k.requestsPending, member: request.id },
        ],
      };
    });
    if (!decided) {
      return { request: (await this.ops.getRequest(requestId)) ?? request, changed: false };
    }
    await this.jobs.syncRequest(decided);
    await this.jobs.refreshHomes([...this.ctx.policy.people.founders, request.requestedBy]);
    if (decided.status === 'stale') {
      throw new TicketRefusal(
        'draft_not_pending',
        'تغيّرت حالة الموصل منذ الطلب ولم يعد الانتقال إلى التشغيل الحي مسموحاً؛ أُغلق الطلب دون تغيير.',
        'The connector changed since the request and can no longer move to live mode; the request was closed without a change.',
      );
    }
    return { request: decided, changed: true };
  }

  // Metrics -------------------------------------------------------------------------------

  async metrics(customerId: string): Promise<{ customer: Customer; metrics: MetricsDoc | null }> {
    const customer = await this.requireCustomer(customerId);
    return { customer, metrics: await this.ops.getMetrics(customerId) };
  }

  async saveMetrics(customerId: string, input: MetricsInput, userId: string): Promise<MetricsDoc> {
    await this.requireCustomer(customerId);
    const errors: Record<string, Bilingual> = {};
    const values: CustomerMetricsValues = {};
    for (const field of METRIC_NUMBER_FIELDS) {
      const raw = input[field]?.trim();
      if (!raw) continue;
      const n = Number(raw);
      const whole = field !== 'pipelineSar';
      if (!Number.isFinite(n) || n < 0 || (whole && !Number.isInteger(n))) {
        errors[field] = whole
          ? { ar: 'أدخل عدداً صحيحاً غير سالب.', en: 'Enter a whole number, 0 or more.' }
          : { ar: 'أدخل مبلغاً غير سالب.', en: 'Enter an amount, 0 or more.' };
        continue;
      }
      values[field] = n;
    }
    const today = this.localDate();
    for (const field of METRIC_DATE_FIELDS) {
      const raw = input[field]?.trim();
      if (!raw) continue;
      const d = DateTime.fromISO(raw, { zone: this.ctx.policy.timezone });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || !d.isValid) {
        errors[field] = { ar: 'تاريخ غير صالح.', en: 'Not a valid date.' };
        continue;
      }
      if (raw > today) {
        errors[field] = { ar: 'التاريخ في المستقبل.', en: 'The date is in the future.' };
        continue;
      }
      values[field] = raw;
    }
    if (Object.keys(errors).length > 0) throw new FieldErrors(errors);
    const result = await this.ops.update<MetricsDoc>(this.ops.k.metrics(customerId), (cur) => {
      const atMs = this.ctx.now();
      return {
        doc: {
          ...values,
          customerId,
          updatedAtMs: atMs,
          updatedBy: userId,
          version: (cur?.version ?? 0) + 1,
        },
        ledger: [
          {
            action: 'cs.metrics_saved',
            actor: userId,
            atMs,
            details: { customerId, ...values },
          },
        ],
      };
    });
    return result.doc!;
  }

  /** The at-risk alert for a customer's metrics today (days counted in the policy's time zone). */
  atRiskFor(
    customerId: string,
    metrics: CustomerMetricsValues,
    nowMs = this.ctx.now(),
  ): AtRiskAlert {
    const zone = this.ctx.policy.timezone;
    const today = DateTime.fromMillis(nowMs, { zone }).startOf('day');
    const daysSince = (date: string | undefined): number => {
      if (!date) return 0;
      const d = DateTime.fromISO(date, { zone }).startOf('day');
      if (!d.isValid) return 0;
      return Math.max(0, Math.round(today.diff(d, 'days').days));
    };
    return buildAtRiskAlert({
      customerId,
      daysInactive: daysSince(metrics.lastActivityDate),
      draftsPending: metrics.draftsPending ?? 0,
      lastProofPackDaysAgo: daysSince(metrics.lastProofPackDate),
    });
  }

  // Customer-success drafts ----------------------------------------------------------------

  /** Stores a draft once (its id is deterministic) and has it posted for approval. */
  private async createDraft(
    draft: Omit<CsDraft, 'version' | 'status' | 'violations' | 'createdAtMs'>,
  ): Promise<boolean> {
    const atMs = this.ctx.now();
    const full: CsDraft = {
      ...draft,
      violations: customerTextViolations(draft.text),
      status: 'pending',
      createdAtMs: atMs,
      version: 1,
    };
    const result = await this.ops.update<CsDraft>(this.ops.k.draft(draft.id), (cur) =>
      cur
        ? null
        : {
            doc: full,
            ledger: [
              {
                action: 'cs_draft.created',
                actor: draft.createdBy,
                atMs,
                details: { draftId: draft.id, kind: draft.kind, customerId: draft.customerId },
              },
            ],
            index: [{ op: 'zadd', key: this.ops.k.draftsPending, score: atMs, member: draft.id }],
          },
    );
    // Also after a retry that found the draft stored: the post job is idempotent by id.
    const stored = result.doc;
    if (stored && !(await this.ops.posted(stored.id))) await this.jobs.postDraft(stored.id);
    return result.changed;
  }

  async getDraft(draftId: string): Promise<CsDraft | null> {
    return this.ops.getDraft(draftId);
  }

  /** An approver approves a draft: a human may now send it. Nothing is sent by Sanad. */
  async approveDraft(
    draftId: string,
    userId: string,
  ): Promise<{ draft: CsDraft; changed: boolean }> {
    this.requireApprover(userId, {
      ar: 'اعتماد مسودات نجاح العملاء للمعتمدين فقط.',
      en: 'Only approvers can approve customer-success drafts.',
    });
    const stored = await this.ops.getDraft(draftId);
    // Approving a draft clears it to be sent to the customer: refused while they are frozen.
    const frozen =
      stored?.status === 'pending'
        ? await this.frozenBecause(stored.customerId, {
            ar: 'لا تُعتمد رسائلهم',
            en: 'Messages to them cannot be approved',
          })
        : null;
    if (frozen) throw new TicketRefusal('live_actions_frozen', frozen.ar, frozen.en);
    const result = await this.ops.update<CsDraft>(this.ops.k.draft(draftId), (cur) => {
      if (!cur) throw notFound({ ar: 'المسودة غير موجودة.', en: 'Draft not found.' });
      if (cur.status !== 'pending') return null;
      const blocking = approvalBlockers(cur.violations, cur.text);
      if (blocking.length > 0) {
        const ar = blocking.map((v) => `«${v.phrase}»`).join('، ');
        const en = blocking.map((v) => `"${v.phrase}"`).join(', ');
        throw new TicketRefusal(
          'draft_has_violations',
          `المسودة تحتوي على ادعاءات محظورة أو معرّفات داخلية (${ar}) ولا يمكن اعتمادها حتى تُعدّل.`,
          `The draft contains prohibited claims or internal ids (${en}); it cannot be approved until edited.`,
        );
      }
      const atMs = this.ctx.now();
      return {
        doc: {
          ...cur,
          status: 'approved',
          approvedBy: userId,
          approvedAtMs: atMs,
          version: cur.version + 1,
        },
        ledger: [
          {
            action: 'cs_draft.approved',
            actor: userId,
            atMs,
            details: { draftId, kind: cur.kind, customerId: cur.customerId },
          },
        ],
        index: [{ op: 'zrem', key: this.ops.k.draftsPending, member: draftId }],
      };
    });
    const draft = result.doc!;
    if (result.changed) {
      await this.jobs.syncDraft(draft);
      await this.jobs.refreshHomes(this.approverIds());
    }
    return { draft, changed: result.changed };
  }

  /** Edits the drafted message; an approved draft goes back to waiting for approval. */
  async editDraft(draftId: string, text: string, userId: string): Promise<CsDraft> {
    const body = text.trim();
    if (body === '')
      throw new FieldErrors({ text: { ar: 'النص فارغ.', en: 'The text is empty.' } });
    const violations = customerTextViolations(body);
    const result = await this.ops.update<CsDraft>(this.ops.k.draft(draftId), (cur) => {
      if (!cur) throw notFound({ ar: 'المسودة غير موجودة.', en: 'Draft not found.' });
      if (cur.text === body) return null;
      const atMs = this.ctx.now();
      const { approvedBy: _a, approvedAtMs: _b, ...rest } = cur;
      return {
        doc: {
          ...rest,
          text: body,
          violations,
          status: 'pending',
          editedBy: userId,
          version: cur.version + 1,
        },
        ledger: [
          {
            action: 'cs_draft.edited',
            actor: userId,
            atMs,
            details: {
              draftId,
              kind: cur.kind,
              customerId: cur.customerId,
              violations: violations.length,
            },
          },
        ],
        index: [
          { op: 'zadd', key: this.ops.k.draftsPending, score: cur.createdAtMs, member: draftId },
        ],
      };
    });
    if (result.changed) await this.jobs.syncDraft(result.doc!);
    return result.doc!;
  }

  // Runs (jobs) ---------------------------------------------------------------------------

  /** Approvers ask for a run now (App Home buttons); the worker does it. */
  async requestRun(kind: 'weekly-check-ins' | 'at-risk-scan', userId: string): Promise<void> {
    this.requireApprover(userId, {
      ar: 'تشغيل مهام نجاح العملاء للمعتمدين فقط.',
      en: 'Only approvers can run the customer-success jobs.',
    });
    await this.ctx.store.appendLedger([
      { action: `cs.run_requested`, actor: userId, atMs: this.ctx.now(), details: { kind } },
    ]);
    await this.jobs.requestRun(kind, userId);
  }

  /** Customers with a metrics record, and those without one (nothing to draft from yet). */
  private async customersByMetrics(): Promise<{
    withMetrics: Array<{ customer: Customer; metrics: MetricsDoc }>;
    withoutMetrics: Customer[];
  }> {
    const customers = await this.ctx.store.listCustomers();
    const docs = await this.ops.customerDocs(customers.map((c) => c.id));
    const withMetrics: Array<{ customer: Customer; metrics: MetricsDoc }> = [];
    const withoutMetrics: Customer[] = [];
    for (const customer of customers) {
      const metrics = docs.get(customer.id)?.metrics;
      if (metrics) withMetrics.push({ customer, metrics });
      else withoutMetrics.push(customer);
    }
    return { withMetrics, withoutMetrics };
  }

  private langOf(customer: Customer): Lang {
    return customer.language ?? this.ctx.policy.language;
  }

  /**
   * Sunday 10:00 (policy time zone): a check-in draft for each customer with metrics. The
   * summary says what happened, for the person who asked for the run: new drafts, drafts
   * already made today, and the customers skipped because they have no metrics yet.
   */
  async runWeeklyCheckIns(requestedBy = 'sanad'): Promise<CsRunSummary> {
    const date = this.localDate();
    const { withMetrics, withoutMetrics } = await this.customersByMetrics();
    let created = 0;
    let alreadyDrafted = 0;
    for (const { customer, metrics } of withMetrics) {
      const checkIn = buildWeeklyCheckIn({
        customerId: customer.id,
        companyName: customer.name,
        metrics: {
          draftsApproved: metrics.draftsApproved ?? 0,
          replies: metrics.replies ?? 0,
          meetings: metrics.meetings ?? 0,
          risksBlocked: metrics.risksBlocked ?? 0,
          pipelineSar: metrics.pipelineSar ?? 0,
        },
      });
      const ok = await this.createDraft({
        id: `weekly-${customer.id}-${date}`,
        kind: 'weekly_check_in',
        customerId: customer.id,
        customerName: customer.name,
        language: this.langOf(customer),
        text: weeklyCheckInMessage(
          this.langOf(customer),
          customer.name,
          checkIn.metrics.pipelineSar,
        ),
        checkIn,
        createdBy: requestedBy,
      });
      if (ok) created++;
      else alreadyDrafted++;
    }
    return {
      kind: 'weekly-check-ins',
      created,
      alreadyDrafted,
      skippedLow: 0,
      withoutMetrics: withoutMetrics.map((c) => ({ id: c.id, name: c.name })),
    };
  }

  /**
   * Daily: medium and high at-risk alerts (never low), once per customer per day. A customer
   * without metrics is not scored (nothing says how long they have been inactive): the
   * summary lists them as skipped for lack of metrics.
   */
  async runAtRiskScan(requestedBy = 'sanad'): Promise<CsRunSummary> {
    const date = this.localDate();
    const { withMetrics, withoutMetrics } = await this.customersByMetrics();
    let created = 0;
    let alreadyDrafted = 0;
    let skippedLow = 0;
    for (const { customer, metrics } of withMetrics) {
      const alert = this.atRiskFor(customer.id, metrics);
      if (alert.severity === 'low') {
        skippedLow++;
        continue;
      }
      const ok = await this.createDraft({
        id: `atrisk-${customer.id}-${date}`,
        kind: 'at_risk_alert',
        customerId: customer.id,
        customerName: customer.name,
        language: this.langOf(customer),
        text: atRiskMessage(this.langOf(customer), customer.name, alert, metrics),
        alert,
        createdBy: requestedBy,
      });
      if (ok) created++;
      else alreadyDrafted++;
    }
    return {
      kind: 'at-risk-scan',
      created,
      alreadyDrafted,
      skippedLow,
      withoutMetrics: withoutMetrics.map((c) => ({ id: c.id, name: c.name })),
    };
  }

  /** A success-plan day came: its touchpoint as a draft, if the plan is still the same one. */
  async fireMilestone(customerId: string, startMs: number, day: number): Promise<boolean> {
    const [plan, customer] = await Promise.all([
      this.ops.getPlan(customerId),
      this.ctx.store.getCustomer(customerId),
    ]);
    if (!plan || !customer || plan.startMs !== startMs) return false;
    const milestone = plan.milestones.find((m) => m.day === day);
    if (!milestone) return false;
    return this.createDraft({
      id: `plan-${customerId}-${startMs}-d${day}`,
      kind: 'success_plan',
      customerId,
      customerName: customer.name,
      language: this.langOf(customer),
      text: milestoneMessage(this.langOf(customer), customer.name, milestone),
      milestone,
      bundleId: plan.bundleId,
      createdBy: 'sanad',
    });
  }

  bundleLabel(bundleId: string | undefined, lang: Lang): string {
    if (!bundleId || !isBundleId(bundleId)) return '—';
    return lang === 'ar' ? BUNDLE_LABELS[bundleId].ar : BUNDLE_LABELS[bundleId].en;
  }
}

// Drafted messages (customer-facing, for a human to approve and send) ----------------------

export function weeklyCheckInMessage(lang: Lang, name: string, pipelineSar: number): string {
  const sar = formatSar(pipelineSar);
  return lang === 'ar'
    ? `السلام عليكم فريق ${name}،\n\nنقترح موعد المتابعة الأسبوعية (25 دقيقة) لنراجع معاً آخر Proof Pack، وأهم فرصة في الـ Pipeline (قيمته الحالية ${sar} ريال)، وأهم خطر على القنوات، وخطة الأسبوع القادم، وأي مساعدة تحتاجونها. هل يناسبكم موعد هذا الأسبوع؟\n\nمع خالص التقدير،\nفريق سند`
    : `Hello ${name} team,\n\nWe would like to book this week's 25-minute check-in to go over the last Proof Pack, the top pipeline opportunity (Pipeline currently ${sar} SAR), the top channel risk, next week's plan, and any help you need. Does a time this week suit you?\n\nKind regards,\nThe Sanad team`;
}

export function atRiskMessage(
  lang: Lang,
  name: string,
  alert: AtRiskAlert,
  metrics: CustomerMetricsValues,
): string {
  if (alert.severity === 'high') {
    return lang === 'ar'
      ? `السلام عليكم فريق ${name}،\n\nأكتب إليكم شخصياً للاطمئنان على تجربتكم مع سند. أودّ أن نحجز مراجعة أعمال قصيرة (QBR) هذا الأسبوع لنراجع نتائجكم وما يمكننا تحسينه لكم. أي وقت يناسبكم؟\n\nمع خالص التقدير،\nالمؤسس — سند`
      : `Hello ${name} team,\n\nI am writing personally to check in on how things are going with Sanad. I would like to book a short business review (QBR) with you this week to go through your results and what we can do better for you. Which time suits you?\n\nBest regards,\nFounder, Sanad`;
  }
  const approved = metrics.draftsApproved ?? 0;
  const meetings = metrics.meetings ?? 0;
  return lang === 'ar'
    ? `السلام عليكم فريق ${name}،\n\nإليكم ملخصاً قصيراً لآخر Proof Pack: ${approved} مسودة معتمدة و${meetings} اجتماعات حتى الآن. ويسعدنا أن نعرض عليكم عرضاً تجريبياً قصيراً لخدمة جديدة قد تفيد فريقكم. هل ترغبون في تحديد موعد؟\n\nمع خالص التقدير،\nفريق سند`
    : `Hello ${name} team,\n\nHere is a short summary of your latest Proof Pack: ${approved} drafts approved and ${meetings} meetings so far. We would also be glad to show you a short demo of a new service that could help your team. Would you like to set a time?\n\nKind regards,\nThe Sanad team`;
}

export function milestoneMessage(lang: Lang, name: string, milestone: SuccessMilestone): string {
  return lang === 'ar'
    ? `السلام عليكم فريق ${name}،\n\nضمن خطة الثلاثين يوماً، خطوة اليوم ${milestone.day}: ${milestone.textAr}. سنتواصل معكم لترتيبها، ويسعدنا الرد على أي سؤال.\n\nمع خالص التقدير،\nفريق سند`
    : `Hello ${name} team,\n\nAs part of your 30-day plan, day ${milestone.day} is: ${milestone.textEn}. We will be in touch to arrange it, and we are happy to answer any questions.\n\nKind regards,\nThe Sanad team`;
}
