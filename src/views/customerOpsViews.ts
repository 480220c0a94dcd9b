/**
 * Pure view builders for customer ops (SPEC §1.4–§1.6, §3 Customer ops, App Home): the
 * customer, onboarding, connector and metrics modals, the customer-success drafts, the
 * connector live-mode approval request and the App Home. Data in, Block Kit out: no I/O, no
 * clock (callers pass `nowMs`), user text escaped, Slack's limits respected.
 */
import { createHash } from 'node:crypto';
import type {
  ActionsBlockElement,
  Button,
  KnownBlock,
  PlainTextOption,
  SectionBlock,
  View,
} from '@slack/types';
import {
  type AtRiskAlert,
  type AtRiskSeverity,
  CONNECTOR_NOTES_MAX,
  type ConnectorKey,
  type ConnectorMode,
  type ConnectorSetupSummary,
  type ConnectorState,
  type CustomerMetricsValues,
  type DraftViolationSummary,
  getConnector,
  getPriority,
  isConnectorKey,
  ONBOARDING_NOTES_MAX,
  type OnboardingChecklist,
  PRIORITY_IDS,
  type PriorityId,
  READINESS_GATED_STEP_ID,
  type SeverityId,
  type SlaHealthReport,
  type SuccessMilestone,
  type WeeklyCheckIn,
} from '../domain/index.ts';
import { OPS_ACTION, OPS_BLOCK, OPS_CALLBACK, OPS_MENU } from './customerOpsIds.ts';
import {
  escapeText,
  type Lang,
  mention,
  pick,
  quoteText,
  safeText,
  slackDate,
  truncate,
} from './format.ts';
import { idSuffix, withSuffix } from './incidentIds.ts';
import {
  chunkLines,
  contextBlock,
  FIELD_TEXT_MAX,
  HEADER_TEXT_MAX,
  type IncidentStatus,
  modalTitle,
  mrkdwnSection,
  OPTION_TEXT_MAX,
  plain,
  progressBar,
  SEVERITY_EMOJI,
} from './incidentViews.ts';
import { MODAL_BLOCKS_MAX, SECTION_TEXT_MAX, timeLeftText } from './ticketViews.ts';

const PRIORITY_EMOJI: Readonly<Record<PriorityId, string>> = Object.freeze({
  P0: '🔴',
  P1: '🟠',
  P2: '🟡',
  P3: '🔵',
});

// ─── Customer modal ────────────────────────────────────────────────────────────────────

export const BUNDLE_IDS = Object.freeze([
  'growth_starter',
  'executive_growth_os',
  'partnership_growth',
] as const);
export type BundleId = (typeof BUNDLE_IDS)[number];

export const BUNDLE_LABELS: Readonly<Record<BundleId, { ar: string; en: string }>> = Object.freeze({
  growth_starter: { ar: 'Growth Starter — بداية النمو', en: 'Growth Starter' },
  executive_growth_os: {
    ar: 'Executive Growth OS — نظام النمو التنفيذي',
    en: 'Executive Growth OS',
  },
  partnership_growth: { ar: 'Partnership Growth — النمو بالشراكات', en: 'Partnership Growth' },
});

export interface CustomerContact {
  name?: string;
  email?: string;
  slackUserId?: string;
}

/** The customer as the modal edits it (same shape as the store's Customer). */
export interface CustomerFormValue {
  id: string;
  name: string;
  bundleId?: string;
  channelIds: string[];
  contacts: CustomerContact[];
  language?: Lang;
}

export const CUSTOMER_NAME_MAX = 120;
export const CONTACTS_TEXT_MAX = 3000;

/** One contact per line: `Name <email>`, `Name <@U123>`, or a bare email. */
export function formatContacts(contacts: readonly CustomerContact[]): string {
  return contacts
    .map((c) => {
      const name = (c.name ?? '').trim();
      const addr = c.email ? `<${c.email}>` : c.slackUserId ? `<@${c.slackUserId}>` : '';
      return [name, addr].filter(Boolean).join(' ');
    })
    .filter((l) => l !== '')
    .join('\n');
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Parses the contacts textarea; lines that are neither `name <email>` nor an email are returned. */
export function parseContacts(text: string): {
  contacts: CustomerContact[];
  invalidLines: string[];
} {
  const contacts: CustomerContact[] = [];
  const invalidLines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const angle = /^(.*?)\s*<\s*([^<>]+?)\s*>$/.exec(line);
    if (angle) {
      const name = (angle[1] ?? '').trim().replace(/^["']|["']$/g, '');
      const addr = (angle[2] ?? '').trim();
      const user = /^@([UW][A-Z0-9]+)$/.exec(addr);
      if (user?.[1]) {
        contacts.push({ ...(name ? { name } : {}), slackUserId: user[1] });
        continue;
      }
      if (EMAIL.test(addr)) {
        contacts.push({ ...(name ? { name } : {}), email: addr.toLowerCase() });
        continue;
      }
    } else if (EMAIL.test(line)) {
      contacts.push({ email: line.toLowerCase() });
      continue;
    }
    invalidLines.push(line);
  }
  return { contacts, invalidLines };
}

function bundleOption(id: BundleId, lang: Lang): PlainTextOption {
  return {
    value: id,
    text: plain(pick(lang, BUNDLE_LABELS[id].ar, BUNDLE_LABELS[id].en), OPTION_TEXT_MAX),
  };
}

export function isBundleId(value: unknown): value is BundleId {
  return typeof value === 'string' && (BUNDLE_IDS as readonly string[]).includes(value);
}

/** Add (no `customer`) or edit a customer. private_metadata: `{ customerId }` when editing. */
export function buildCustomerModal(input: { lang: Lang; customer?: CustomerFormValue }): View {
  const { lang, customer } = input;
  const bundles = BUNDLE_IDS.map((b) => bundleOption(b, lang));
  const initialBundle = customer?.bundleId
    ? bundles.find((o) => o.value === customer.bundleId)
    : undefined;
  const languages: PlainTextOption[] = [
    { value: 'ar', text: plain('العربية', OPTION_TEXT_MAX) },
    { value: 'en', text: plain('English', OPTION_TEXT_MAX) },
  ];
  const initialLanguage = languages.find((o) => o.value === (customer?.language ?? 'ar'));
  const contacts = customer ? formatContacts(customer.contacts) : '';
  const channels = [...new Set(customer?.channelIds ?? [])].filter(Boolean);
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: OPS_BLOCK.customerName,
      label: plain(pick(lang, 'اسم العميل', 'Customer name'), 2000),
      element: {
        type: 'plain_text_input',
        action_id: OPS_ACTION.customerName,
        max_length: CUSTOMER_NAME_MAX,
        ...(customer?.name ? { initial_value: truncate(customer.name, CUSTOMER_NAME_MAX) } : {}),
      },
    },
    {
      type: 'input',
      block_id: OPS_BLOCK.customerBundle,
      label: plain(pick(lang, 'الباقة', 'Bundle'), 2000),
      element: {
        type: 'static_select',
        action_id: OPS_ACTION.customerBundle,
        placeholder: plain(pick(lang, 'اختر الباقة', 'Choose a bundle'), 150),
        options: bundles,
        ...(initialBundle ? { initial_option: initialBundle } : {}),
      },
    },
    {
      type: 'input',
      block_id: OPS_BLOCK.customerChannels,
      optional: true,
      label: plain(pick(lang, 'قنوات Slack للعميل', "Customer's Slack channels"), 2000),
      hint: plain(
        pick(
          lang,
          'الرسائل في هذه القنوات تُنسب إلى هذا العميل (ومنها قنوات Slack Connect).',
          'Messages in these channels are mapped to this customer (Slack Connect channels included).',
        ),
        2000,
      ),
      element: {
        type: 'multi_conversations_select',
        action_id: OPS_ACTION.customerChannels,
        placeholder: plain(pick(lang, 'اختر القنوات', 'Choose channels'), 150),
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(channels.length > 0 ? { initial_conversations: channels } : {}),
      },
    },
    {
      type: 'input',
      block_id: OPS_BLOCK.customerContacts,
      optional: true,
      label: plain(pick(lang, 'جهات الاتصال', 'Contacts'), 2000),
      hint: plain(
        pick(
          lang,
          'سطر لكل جهة: الاسم <email@example.com>',
          'One per line: Name <email@example.com>',
        ),
        2000,
      ),
      element: {
        type: 'plain_text_input',
        action_id: OPS_ACTION.customerContacts,
        multiline: true,
        max_length: CONTACTS_TEXT_MAX,
        ...(contacts ? { initial_value: truncate(contacts, CONTACTS_TEXT_MAX) } : {}),
        placeholder: plain('Sara Ahmed <sara@example.com>', 150),
      },
    },
    {
      type: 'input',
      block_id: OPS_BLOCK.customerLanguage,
      label: plain(pick(lang, 'لغة العميل', "Customer's language"), 2000),
      element: {
        type: 'radio_buttons',
        action_id: OPS_ACTION.customerLanguage,
        options: languages,
        ...(initialLanguage ? { initial_option: initialLanguage } : {}),
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: OPS_CALLBACK.customerModal,
    private_metadata: JSON.stringify(customer ? { customerId: customer.id } : {}),
    title: modalTitle(
      customer
        ? pick(lang, 'تعديل العميل', 'Edit customer')
        : pick(lang, 'عميل جديد', 'New customer'),
    ),
    submit: modalTitle(pick(lang, 'حفظ', 'Save')),
    close: modalTitle(pick(lang, 'إلغاء', 'Cancel')),
    blocks,
  };
}

// ─── Onboarding modal ──────────────────────────────────────────────────────────────────

/** Value of the onboarding step buttons. */
export interface OnboardingStepRef {
  customerId: string;
  stepId: string;
}

/**
 * The 8 onboarding steps with a progress bar. Each incomplete step has a button: "Complete",
 * or "Request approval" for steps that need an approver; completed steps that still wait for
 * an approver get "Approve". The optional notes input is read from `view.state` when a step
 * button is pressed (Slack sends the modal's state with block_actions).
 *
 * With `viewer`, the buttons fit the person looking: an approver completes an approval step
 * and approves it in one press ("Complete & approve") and sees "Approve" on steps waiting for
 * one; anyone else requests approval and sees who it waits for. `revision` goes into the notes
 * input's block_id so the input starts empty after each change; `notice` is shown on top (a
 * refusal, or what just happened). With `readiness` not ready, the gated step (the first
 * service run) says why beside it and offers no button: the service would refuse it.
 */
export function buildOnboardingModal(input: {
  lang: Lang;
  customerName: string;
  checklist: OnboardingChecklist;
  viewer?: { canApprove: boolean };
  readiness?: Pick<ConnectorSetupSummary, 'readyForFirstService' | 'readinessAr' | 'readinessEn'>;
  revision?: number;
  notice?: string;
  /** When the success plan started (the checklist is done and approved). */
  planStartedAtMs?: number;
  planCadence?: readonly string[];
}): View {
  const { lang, checklist, viewer } = input;
  const awaiting = new Set<string>(checklist.awaitingApprovalStepIds);
  const remaining = checklist.estimatedMinutesRemaining;
  const current = checklist.steps.find((s) => s.id === checklist.currentStepId);
  const fullyDone = checklist.status === 'done' && awaiting.size === 0;
  const statusLine = fullyDone
    ? pick(
        lang,
        '🎉 اكتمل الإعداد — بدأت خطة النجاح للباقة.',
        "🎉 Onboarding done — the bundle's success plan has started.",
      )
    : checklist.status === 'done'
      ? pick(
          lang,
          `⏳ اكتملت الخطوات — ${awaiting.size} بانتظار موافقة معتمِد قبل بدء خطة النجاح.`,
          `⏳ All steps done — ${awaiting.size} waiting for an approver before the success plan starts.`,
        )
      : `${pick(lang, 'الخطوة الحالية', 'Current step')}: *${current ? pick(lang, current.labelAr, current.labelEn) : '—'}* · ${pick(lang, `المتبقي نحو ${remaining} د`, `about ${remaining} min left`)}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(input.customerName || checklist.customerId, HEADER_TEXT_MAX) },
  ];
  if (input.notice?.trim()) blocks.push(mrkdwnSection(truncate(input.notice, SECTION_TEXT_MAX)));
  blocks.push(
    mrkdwnSection(
      `*${pick(lang, 'التقدم', 'Progress')}*: \`${progressBar(checklist.progressPct, 8)}\` · ${pick(
        lang,
        `${checklist.completedCount} من ${checklist.totalSteps} خطوات`,
        `${checklist.completedCount} of ${checklist.totalSteps} steps`,
      )}\n${statusLine}`,
    ),
  );
  if (fullyDone && input.planStartedAtMs !== undefined) {
    const cadence = (input.planCadence ?? []).map((c) => `• ${safeText(c, 200)}`).join('\n');
    blocks.push(
      contextBlock(
        truncate(
          `${pick(lang, 'بدأت خطة النجاح', 'Success plan started')} ${slackDate(input.planStartedAtMs)}${cadence ? `\n${cadence}` : ''}`,
          SECTION_TEXT_MAX,
        ),
      ),
    );
  }
  blocks.push({ type: 'divider' });
  checklist.steps.forEach((step, i) => {
    const label = pick(lang, step.labelAr, step.labelEn);
    const icon = step.completed
      ? awaiting.has(step.id)
        ? '⏳'
        : '✅'
      : step.id === checklist.currentStepId
        ? '▶️'
        : '⬜';
    const meta = [
      step.minutes > 0
        ? pick(lang, `⏱ ${step.minutes} د`, `⏱ ${step.minutes} min`)
        : pick(lang, '⏱ في الخلفية', '⏱ runs in the background'),
      step.needsApproval ? pick(lang, '🔐 يحتاج موافقة', '🔐 needs approval') : null,
    ].filter((x): x is string => x !== null);
    const lines = [`${icon} *${i + 1}. ${label}*`, meta.join(' · ')];
    if (step.completed) {
      const when = step.completedAtMs !== undefined ? ` ${slackDate(step.completedAtMs)}` : '';
      const by = step.approvedBy
        ? pick(
            lang,
            ` · وافق ${mention(step.approvedBy)}`,
            ` · approved by ${mention(step.approvedBy)}`,
          )
        : '';
      lines.push(`${pick(lang, 'أُنجزت', 'Done')}${when}${by}`);
      if (awaiting.has(step.id)) {
        lines.push(pick(lang, '⏳ بانتظار موافقة معتمِد', '⏳ Waiting for an approver'));
      }
    }
    if (step.notes.trim() !== '')
      lines.push(`📝 ${safeText(step.notes, ONBOARDING_NOTES_MAX + 50)}`);
    const gated =
      step.id === READINESS_GATED_STEP_ID &&
      input.readiness !== undefined &&
      !input.readiness.readyForFirstService &&
      (!step.completed || awaiting.has(step.id));
    if (gated && input.readiness) {
      lines.push(
        `⛔ ${pick(
          lang,
          `${input.readiness.readinessAr} — راجع «الموصلات»`,
          `${input.readiness.readinessEn} — see Connectors`,
        )}`,
      );
    }
    const value = JSON.stringify({ customerId: checklist.customerId, stepId: step.id });
    const primary = { style: 'primary' as const };
    let accessory: Button | undefined;
    if (gated) {
      // No button: completing or approving it is refused until the customer is ready.
    } else if (!step.completed && step.id !== checklist.currentStepId) {
      // No button: steps are done in order (SPEC §1.4); ⬜ shows it is still ahead.
    } else if (!step.completed) {
      if (step.needsApproval && viewer?.canApprove) {
        accessory = {
          type: 'button',
          action_id: withSuffix(OPS_ACTION.onboardingComplete, step.id),
          value,
          text: plain(pick(lang, '✔️ إنجاز واعتماد', '✔️ Complete & approve')),
          ...primary,
        };
      } else if (step.needsApproval) {
        accessory = {
          type: 'button',
          action_id: withSuffix(OPS_ACTION.onboardingRequestApproval, step.id),
          value,
          text: plain(pick(lang, '🔐 طلب موافقة', '🔐 Request approval')),
          ...primary,
        };
      } else {
        accessory = {
          type: 'button',
          action_id: withSuffix(OPS_ACTION.onboardingComplete, step.id),
          value,
          text: plain(pick(lang, '✔️ إنجاز', '✔️ Complete')),
          ...primary,
        };
      }
    } else if (awaiting.has(step.id) && (viewer === undefined || viewer.canApprove)) {
      accessory = {
        type: 'button',
        action_id: withSuffix(OPS_ACTION.onboardingApprove, step.id),
        style: 'primary',
        value,
        text: plain(pick(lang, '✅ موافقة', '✅ Approve')),
      };
    }
    const section: SectionBlock = {
      type: 'section',
      block_id: withSuffix(OPS_BLOCK.onboardingStep, step.id),
      text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SECTION_TEXT_MAX) },
      ...(accessory ? { accessory } : {}),
    };
    blocks.push(section);
  });
  blocks.push({ type: 'divider' });
  if (checklist.status !== 'done') {
    blocks.push({
      type: 'input',
      block_id:
        input.revision === undefined
          ? OPS_BLOCK.onboardingNotes
          : withSuffix(OPS_BLOCK.onboardingNotes, input.revision),
      optional: true,
      label: plain(
        pick(lang, 'ملاحظة للخطوة التي ستنجزها', 'Note for the step you complete'),
        2000,
      ),
      hint: plain(
        pick(
          lang,
          `اكتبها قبل الضغط على زر الخطوة (حتى ${ONBOARDING_NOTES_MAX} حرف).`,
          `Type it before pressing the step's button (up to ${ONBOARDING_NOTES_MAX} characters).`,
        ),
        2000,
      ),
      element: {
        type: 'plain_text_input',
        action_id: OPS_ACTION.onboardingNotes,
        max_length: ONBOARDING_NOTES_MAX,
      },
    });
  }
  blocks.push(
    contextBlock(
      pick(
        lang,
        '▶️ الخطوات تُنجز بالترتيب: الخطوة الحالية فقط. 🔐 الخطوات التي تحتاج موافقة يؤكدها معتمِد. إنجاز الخطوة الأخيرة يبدأ خطة النجاح للباقة.',
        "▶️ Steps are done in order: only the current one can be completed. 🔐 Steps that need approval are confirmed by an approver. Completing the last step starts the bundle's success plan.",
      ),
    ),
  );
  return {
    type: 'modal',
    callback_id: OPS_CALLBACK.onboardingModal,
    private_metadata: JSON.stringify({ customerId: checklist.customerId }),
    title: modalTitle(pick(lang, 'الإعداد الأولي', 'Onboarding')),
    submit: modalTitle(pick(lang, 'تم', 'Done')),
    close: modalTitle(pick(lang, 'إغلاق', 'Close')),
    blocks: blocks.slice(0, MODAL_BLOCKS_MAX),
  };
}

/**
 * Asks an approver to confirm an onboarding step someone completed (posted in the ops
 * channel). The Approve button carries the step reference and the request id.
 */
export function buildOnboardingApprovalRequest(input: {
  lang: Lang;
  customerId: string;
  customerName: string;
  stepId: string;
  stepLabel: string;
  requestedBy: string;
  requestId: string;
  notes?: string;
  approverIds?: readonly string[];
}): { text: string; blocks: KnownBlock[] } {
  const { lang } = input;
  const ping =
    input.approverIds && input.approverIds.length > 0
      ? `${input.approverIds.slice(0, 10).map(mention).join(' ')} `
      : '';
  const blocks: KnownBlock[] = [
    mrkdwnSection(
      `${ping}${pick(
        lang,
        `🔐 ${mention(input.requestedBy)} أنجز خطوة الإعداد *${safeText(input.stepLabel, 150)}* للعميل *${safeText(input.customerName, 120)}* وهي تحتاج موافقة معتمِد.`,
        `🔐 ${mention(input.requestedBy)} completed the onboarding step *${safeText(input.stepLabel, 150)}* for *${safeText(input.customerName, 120)}*; it needs an approver to confirm it.`,
      )}`,
    ),
  ];
  if (input.notes?.trim()) blocks.push(mrkdwnSection(`📝 ${quoteText(input.notes, 500)}`));
  blocks.push({
    type: 'actions',
    block_id: OPS_BLOCK.onboardingApprovalActions,
    elements: [
      {
        type: 'button',
        action_id: OPS_ACTION.onboardingApprove,
        style: 'primary',
        value: truncate(
          JSON.stringify({
            customerId: input.customerId,
            stepId: input.stepId,
            requestId: input.requestId,
          }),
          2000,
        ),
        text: plain(pick(lang, '✅ موافقة', '✅ Approve')),
      },
    ],
  });
  return {
    text: escapeText(
      pick(
        lang,
        `خطوة إعداد بانتظار الموافقة: ${input.stepLabel} — ${input.customerName}`,
        `Onboarding step waiting for approval: ${input.stepLabel} — ${input.customerName}`,
      ),
    ),
    blocks,
  };
}

/**
 * A decided approval message: its buttons give way to who decided and when (the message
 * stays as the record). Any actions block is dropped; the decision line is appended.
 */
export function closeApprovalBlocks(blocks: readonly KnownBlock[], decision: string): KnownBlock[] {
  return [...blocks.filter((b) => b.type !== 'actions'), contextBlock(decision)];
}

/** The "prohibited claims" notice for a customer-success draft that trips the draft check. */
export function draftViolationsBlock(
  violations: readonly DraftViolationSummary[],
  lang: Lang,
): KnownBlock {
  const lines = violations
    .slice(0, 10)
    .map((v) => `• ${pick(lang, v.labelAr, v.labelEn)}: «${safeText(v.phrase, 100)}»`);
  return mrkdwnSection(
    `${pick(lang, '⛔ *ادعاءات محظورة — لا يمكن الموافقة قبل التعديل:*', '⛔ *Prohibited claims — cannot be approved until edited:*')}\n${lines.join('\n')}`,
  );
}

export function parseOnboardingStepValue(value: string): OnboardingStepRef | null {
  try {
    const v = JSON.parse(value) as Partial<OnboardingStepRef>;
    return typeof v.customerId === 'string' && typeof v.stepId === 'string'
      ? { customerId: v.customerId, stepId: v.stepId }
      : null;
  } catch {
    return null;
  }
}

// ─── Connector modal ───────────────────────────────────────────────────────────────────

export const CONNECTOR_STATE_LABELS: Readonly<
  Record<ConnectorState, { emoji: string; ar: string; en: string }>
> = Object.freeze({
  not_started: { emoji: '⚪', ar: 'لم يبدأ', en: 'Not started' },
  configuring: { emoji: '🔧', ar: 'قيد الإعداد', en: 'Configuring' },
  connected_draft_only: { emoji: '🟢', ar: 'مربوط — مسودات فقط', en: 'Connected — drafts only' },
  connected_approved_execute: {
    emoji: '⚡',
    ar: 'مربوط — تنفيذ بعد الموافقة',
    en: 'Connected — approved execute',
  },
  failed: { emoji: '🔴', ar: 'فشل', en: 'Failed' },
  skipped: { emoji: '⏭️', ar: 'متخطّى', en: 'Skipped' },
});

const MODE_LABELS: Readonly<Record<ConnectorMode, { ar: string; en: string }>> = Object.freeze({
  draft_only: { ar: 'مسودات فقط', en: 'Drafts only' },
  approved_execute: { ar: 'تنفيذ بعد الموافقة', en: 'Approved execute' },
  manual: { ar: 'يدوي', en: 'Manual' },
  ingest_only: { ar: 'استقبال فقط', en: 'Ingest only' },
});

export function connectorStateLabel(state: ConnectorState, lang: Lang): string {
  const l = CONNECTOR_STATE_LABELS[state];
  return `${l.emoji} ${pick(lang, l.ar, l.en)}`;
}

/** A connector's name in the reader's language (an unknown key as it is). */
export function connectorLabel(key: string, lang: Lang): string {
  if (!isConnectorKey(key)) return key;
  const c = getConnector(key);
  return pick(lang, c.labelAr, c.labelEn);
}

/** Option value of a connector move: `<connectorKey>|<state>`. */
export function parseConnectorMoveValue(
  value: string,
): { connectorKey: string; state: string } | null {
  const i = value.indexOf('|');
  if (i <= 0) return null;
  return { connectorKey: value.slice(0, i), state: value.slice(i + 1) };
}

/**
 * A short digest of a connector's notes as the connector modal shows them. The modal keeps
 * one per connector in its private_metadata (eleven notes of up to 200 characters could
 * outgrow Slack's 3000), so a save can tell notes the user edited from the unchanged initial
 * value Slack submits with every input — and notice notes someone else saved meanwhile.
 */
export function connectorNotesDigest(notes: string): string {
  return createHash('sha256').update(notes.trim()).digest('base64url').slice(0, 12);
}

/** A live-mode request waiting for a founder, as the connector modal shows it. */
export interface PendingLiveRequest {
  requestedBy: string;
  requestedAtMs?: number;
}

/** The connector key in a move / notes input block_id (`<base>:<key>:<revision>`). */
export function connectorKeyOfBlock(blockId: string): string | null {
  const suffix = idSuffix(blockId);
  if (suffix === null) return null;
  const i = suffix.indexOf(':');
  return i < 0 ? suffix : suffix.slice(0, i);
}

/**
 * The 11 connectors with their state, default mode, phase, blocking marker and notes. Each
 * has a "Move to…" select offering ONLY its allowed moves (a move into
 * connected_approved_execute is labelled as needing a founder, and is not offered again while
 * a request waits) and its notes, both input blocks: the moves are applied on Save, and a
 * move that is no longer allowed (the state changed meanwhile) comes back as a field error on
 * that connector. Plus the readiness gate and the connected percentage.
 */
export function buildConnectorModal(input: {
  lang: Lang;
  customerName: string;
  summary: ConnectorSetupSummary;
  pendingLive?: Partial<Record<string, PendingLiveRequest>>;
  /** Goes into the input block_ids so the inputs start fresh after each change. */
  revision?: number;
  notice?: string;
  /** A founder's own live-mode switch applies at once (it is a founder's approval). */
  viewerIsFounder?: boolean;
}): View {
  const { lang, summary } = input;
  const rev = input.revision ?? 0;
  const missing = summary.blockingMissing.map((k) => connectorLabel(k, lang));
  const gate = summary.readyForFirstService
    ? pick(lang, '✅ *جاهز لأول خدمة*', '✅ *Ready for the first service*')
    : summary.blockingMissing.length > 0
      ? pick(
          lang,
          `⛔ *غير جاهز لأول خدمة* — ينقص ربط: ${missing.join('، ')}`,
          `⛔ *Not ready for the first service* — still to connect: ${missing.join(', ')}`,
        )
      : pick(
          lang,
          '⛔ *غير جاهز لأول خدمة* — لا يوجد أي موصل مربوط',
          '⛔ *Not ready for the first service* — no connector is connected yet',
        );
  const byState = (Object.keys(CONNECTOR_STATE_LABELS) as ConnectorState[])
    .filter((s) => (summary.byState[s] ?? 0) > 0)
    .map((s) => `${connectorStateLabel(s, lang)}: ${summary.byState[s]}`)
    .join(' · ');
  /** Digests of the notes shown, by connector; a connector left out showed none. */
  const shownNotes: Record<string, string> = {};
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(input.customerName || summary.customerId, HEADER_TEXT_MAX) },
  ];
  if (input.notice?.trim()) blocks.push(mrkdwnSection(truncate(input.notice, SECTION_TEXT_MAX)));
  blocks.push(
    mrkdwnSection(
      `${gate}\n${pick(lang, 'المربوط', 'Connected')}: \`${progressBar(summary.connectedPct, 11)}\` (${summary.connectedCount}/${summary.totalConnectors})`,
    ),
    contextBlock(byState || '—'),
    { type: 'divider' },
  );
  for (const item of summary.items) {
    const label = pick(lang, item.labelAr, item.labelEn);
    const pending = input.pendingLive?.[item.key];
    const lines = [
      `*${label}* — ${connectorStateLabel(item.state, lang)}`,
      [
        `${pick(lang, 'الوضع الافتراضي', 'Default mode')}: ${pick(lang, MODE_LABELS[item.defaultMode].ar, MODE_LABELS[item.defaultMode].en)}`,
        `${pick(lang, 'المرحلة', 'Phase')} ${item.phase}`,
        item.blocksFirstService ? pick(lang, '⛔ شرط لأول خدمة', '⛔ blocks first service') : null,
      ]
        .filter((x): x is string => x !== null)
        .join(' · '),
    ];
    if (item.notes.trim() !== '') lines.push(`📝 ${safeText(item.notes, 250)}`);
    if (pending) {
      lines.push(
        pick(
          lang,
          `⏳ بانتظار موافقة المؤسس على التشغيل الحي (طلبه ${mention(pending.requestedBy)})`,
          `⏳ Waiting for a founder to approve live mode (requested by ${mention(pending.requestedBy)})`,
        ),
      );
    }
    const moves = item.allowedMoves.filter(
      (to) => !(pending && to === 'connected_approved_execute'),
    );
    const options: PlainTextOption[] = moves.map((to) => ({
      value: `${item.key}|${to}`,
      text: plain(
        `${connectorStateLabel(to, lang)}${
          to === 'connected_approved_execute' && !input.viewerIsFounder
            ? pick(lang, ' (بموافقة المؤسس)', ' (founder approval)')
            : ''
        }`,
        OPTION_TEXT_MAX,
      ),
    }));
    blocks.push({
      type: 'section',
      block_id: withSuffix(OPS_BLOCK.connector, item.key),
      text: { type: 'mrkdwn', text: truncate(lines.join('\n'), SECTION_TEXT_MAX) },
    });
    if (options.length > 0) {
      blocks.push({
        type: 'input',
        block_id: withSuffix(OPS_BLOCK.connectorMove, `${item.key}:${rev}`),
        optional: true,
        label: plain(pick(lang, `نقل ${label} إلى`, `Move ${label} to`), 2000),
        element: {
          type: 'static_select',
          action_id: withSuffix(OPS_ACTION.connectorMove, item.key),
          placeholder: plain(pick(lang, 'نقل إلى…', 'Move to…'), 150),
          options: options.slice(0, 100),
        },
      });
    }
    // The digest is of the notes as stored: what a later save compares with the stored ones.
    if (item.notes.trim() !== '') shownNotes[item.key] = connectorNotesDigest(item.notes);
    blocks.push({
      type: 'input',
      block_id: withSuffix(OPS_BLOCK.connectorNotes, `${item.key}:${rev}`),
      optional: true,
      label: plain(pick(lang, `ملاحظات ${label}`, `${label} notes`), 2000),
      element: {
        type: 'plain_text_input',
        action_id: withSuffix(OPS_ACTION.connectorNotes, item.key),
        max_length: CONNECTOR_NOTES_MAX,
        ...(item.notes.trim() !== ''
          ? { initial_value: truncate(item.notes, CONNECTOR_NOTES_MAX) }
          : {}),
      },
    });
  }
  blocks.push({ type: 'divider' });
  blocks.push(
    contextBlock(
      input.viewerIsFounder
        ? pick(
            lang,
            '⚡ الانتقال إلى «تنفيذ بعد الموافقة» تشغيل حيّ؛ بصفتك مؤسساً يُطبّق اختيارك مباشرة ويُسجّل كموافقة.',
            '⚡ Moving to "approved execute" is a live-mode switch; as a founder, your choice applies at once and is recorded as your approval.',
          )
        : pick(
            lang,
            '⚡ الانتقال إلى «تنفيذ بعد الموافقة» تشغيل حيّ: يصبح طلب موافقة يرسل للمؤسس، ويبقى الموصل على حاله حتى يوافق.',
            '⚡ Moving to "approved execute" is a live-mode switch: it becomes an approval request for a founder, and the connector stays as it is until one approves.',
          ),
    ),
  );
  return {
    type: 'modal',
    callback_id: OPS_CALLBACK.connectorModal,
    private_metadata: JSON.stringify({
      customerId: summary.customerId,
      revision: rev,
      notes: shownNotes,
    }),
    title: modalTitle(pick(lang, 'الموصلات', 'Connectors')),
    submit: modalTitle(pick(lang, 'حفظ', 'Save')),
    close: modalTitle(pick(lang, 'إغلاق', 'Close')),
    blocks: blocks.slice(0, MODAL_BLOCKS_MAX),
  };
}

/** Value of the Approve / Decline buttons of a live-mode request. */
export interface ConnectorApprovalRef {
  connectorKey: string;
  customerId?: string;
  requestedBy: string;
  requestId?: string;
}

/** A founder approval request for switching a connector to connected_approved_execute. */
export function buildConnectorApprovalRequest(input: {
  customerName: string;
  connectorKey: ConnectorKey | string;
  requestedBy: string;
  lang: Lang;
  customerId?: string;
  requestId?: string;
  fromState?: ConnectorState;
  notes?: string;
  /** Founders to ping. */
  founderIds?: readonly string[];
}): { text: string; blocks: KnownBlock[] } {
  const { lang } = input;
  const connector = safeText(connectorLabel(input.connectorKey, lang), 100);
  const customer = safeText(input.customerName, 120);
  const ref: ConnectorApprovalRef = {
    connectorKey: input.connectorKey,
    requestedBy: input.requestedBy,
    ...(input.customerId ? { customerId: input.customerId } : {}),
    ...(input.requestId ? { requestId: input.requestId } : {}),
  };
  const value = truncate(JSON.stringify(ref), 2000);
  const from = input.fromState
    ? pick(
        lang,
        ` (من «${connectorStateLabel(input.fromState, lang)}»)`,
        ` (from "${connectorStateLabel(input.fromState, lang)}")`,
      )
    : '';
  const ping =
    input.founderIds && input.founderIds.length > 0
      ? `${input.founderIds.slice(0, 10).map(mention).join(' ')} `
      : '';
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: plain(
        pick(lang, '🔐 طلب تشغيل حيّ — موافقة المؤسس', '🔐 Live-mode switch — founder approval'),
        HEADER_TEXT_MAX,
      ),
    },
    mrkdwnSection(
      `${ping}${pick(
        lang,
        `${mention(input.requestedBy)} يطلب نقل *${connector}* للعميل *${customer}* إلى «${connectorStateLabel('connected_approved_execute', lang)}»${from}.`,
        `${mention(input.requestedBy)} asks to move *${connector}* for *${customer}* to "${connectorStateLabel('connected_approved_execute', lang)}"${from}.`,
      )}`,
    ),
  ];
  if (input.notes?.trim()) {
    blocks.push(mrkdwnSection(`📝 ${quoteText(input.notes, 500)}`));
  }
  blocks.push(
    contextBlock(
      pick(
        lang,
        'التشغيل الحي يسمح للموصل بتنفيذ الإجراءات المعتمدة. لا يتغير شيء قبل موافقة المؤسس.',
        'Live mode lets the connector execute approved actions. Nothing changes until a founder approves.',
      ),
    ),
  );
  blocks.push({
    type: 'actions',
    block_id: OPS_BLOCK.connectorApprovalActions,
    elements: [
      {
        type: 'button',
        action_id: OPS_ACTION.connectorApprove,
        style: 'primary',
        value,
        text: plain(pick(lang, '✅ موافقة', '✅ Approve')),
        confirm: {
          title: plain(pick(lang, 'تفعيل التشغيل الحي؟', 'Switch to live mode?'), 100),
          text: plain(
            pick(
              lang,
              `سينتقل ${connectorLabel(input.connectorKey, lang)} إلى التنفيذ بعد الموافقة.`,
              `${connectorLabel(input.connectorKey, lang)} will move to approved execute.`,
            ),
            300,
          ),
          confirm: plain(pick(lang, 'موافقة', 'Approve'), 30),
          deny: plain(pick(lang, 'إلغاء', 'Cancel'), 30),
        },
      },
      {
        type: 'button',
        action_id: OPS_ACTION.connectorDecline,
        style: 'danger',
        value,
        text: plain(pick(lang, 'رفض', 'Decline')),
      },
    ],
  });
  return {
    text: escapeText(
      pick(
        lang,
        `طلب تشغيل حيّ لـ ${connectorLabel(input.connectorKey, lang)} — ${input.customerName}`,
        `Live-mode request: ${connectorLabel(input.connectorKey, lang)} — ${input.customerName}`,
      ),
    ),
    blocks,
  };
}

// ─── Metrics modal ─────────────────────────────────────────────────────────────────────

function validDate(s: string | undefined): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function numberInput(
  lang: Lang,
  blockId: string,
  actionId: string,
  labelAr: string,
  labelEn: string,
  initial: number | undefined,
  decimals: boolean,
): KnownBlock {
  const ok =
    typeof initial === 'number' &&
    Number.isFinite(initial) &&
    initial >= 0 &&
    (decimals || Number.isInteger(initial));
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(pick(lang, labelAr, labelEn), 2000),
    element: {
      type: 'number_input',
      action_id: actionId,
      is_decimal_allowed: decimals,
      min_value: '0',
      ...(ok ? { initial_value: String(initial) } : {}),
    },
  };
}

function dateInput(
  lang: Lang,
  blockId: string,
  actionId: string,
  labelAr: string,
  labelEn: string,
  initial: string | undefined,
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(pick(lang, labelAr, labelEn), 2000),
    element: {
      type: 'datepicker',
      action_id: actionId,
      placeholder: plain(pick(lang, 'اختر التاريخ', 'Pick a date'), 150),
      ...(validDate(initial) ? { initial_date: initial } : {}),
    },
  };
}

/** The customer's success metrics: weekly numbers (non-negative) and the two activity dates. */
export function buildMetricsModal(input: {
  lang: Lang;
  customerName: string;
  customerId?: string;
  metrics?: CustomerMetricsValues;
}): View {
  const { lang } = input;
  const m = input.metrics ?? {};
  const A = OPS_ACTION;
  const B = OPS_BLOCK;
  return {
    type: 'modal',
    callback_id: OPS_CALLBACK.metricsModal,
    private_metadata: JSON.stringify(input.customerId ? { customerId: input.customerId } : {}),
    title: modalTitle(pick(lang, 'مؤشرات العميل', 'Customer metrics')),
    submit: modalTitle(pick(lang, 'حفظ', 'Save')),
    close: modalTitle(pick(lang, 'إلغاء', 'Cancel')),
    blocks: [
      {
        type: 'header',
        text: plain(input.customerName || input.customerId || '—', HEADER_TEXT_MAX),
      },
      contextBlock(
        pick(
          lang,
          'أرقام هذا الأسبوع تغذي المتابعة الأسبوعية، والتواريخ تغذي تقييم المخاطر.',
          "This week's numbers feed the weekly check-in; the dates feed the at-risk score.",
        ),
      ),
      numberInput(
        lang,
        B.metricDraftsApproved,
        A.metricDraftsApproved,
        'المسودات المعتمدة',
        'Drafts approved',
        m.draftsApproved,
        false,
      ),
      numberInput(lang, B.metricReplies, A.metricReplies, 'الردود', 'Replies', m.replies, false),
      numberInput(
        lang,
        B.metricMeetings,
        A.metricMeetings,
        'الاجتماعات',
        'Meetings',
        m.meetings,
        false,
      ),
      numberInput(
        lang,
        B.metricRisksBlocked,
        A.metricRisksBlocked,
        'المخاطر الممنوعة',
        'Risks blocked',
        m.risksBlocked,
        false,
      ),
      numberInput(
        lang,
        B.metricPipelineSar,
        A.metricPipelineSar,
        'قيمة الـ Pipeline (ريال)',
        'Pipeline (SAR)',
        m.pipelineSar,
        true,
      ),
      dateInput(
        lang,
        B.metricLastActivity,
        A.metricLastActivity,
        'تاريخ آخر نشاط',
        'Last activity date',
        m.lastActivityDate,
      ),
      numberInput(
        lang,
        B.metricDraftsPending,
        A.metricDraftsPending,
        'المسودات بانتظار الاعتماد',
        'Drafts pending',
        m.draftsPending,
        false,
      ),
      dateInput(
        lang,
        B.metricLastProofPack,
        A.metricLastProofPack,
        'تاريخ آخر Proof Pack',
        'Last Proof Pack date',
        m.lastProofPackDate,
      ),
    ],
  };
}

// ─── Customer-success drafts ───────────────────────────────────────────────────────────

export type CsDraftKind = 'weekly_check_in' | 'at_risk_alert' | 'success_plan';

/** Value of the Approve / Edit buttons on customer-success drafts. */
export interface CsDraftRef {
  kind: CsDraftKind;
  customerId: string;
  draftId?: string;
  /** Success-plan milestone day. */
  day?: number;
}

export function parseCsDraftValue(value: string): CsDraftRef | null {
  try {
    const v = JSON.parse(value) as Partial<CsDraftRef>;
    if (typeof v.kind !== 'string' || typeof v.customerId !== 'string') return null;
    return v as CsDraftRef;
  } catch {
    return null;
  }
}

function draftActions(ref: CsDraftRef, lang: Lang, canApprove = true): KnownBlock {
  const value = truncate(JSON.stringify(ref), 2000);
  const elements: ActionsBlockElement[] = [];
  if (canApprove) {
    elements.push({
      type: 'button',
      action_id: OPS_ACTION.csDraftApprove,
      style: 'primary',
      value,
      text: plain(pick(lang, '✅ موافقة', '✅ Approve')),
    });
  }
  elements.push({
    type: 'button',
    action_id: OPS_ACTION.csDraftEdit,
    value,
    text: plain(pick(lang, '✏️ تعديل', '✏️ Edit')),
  });
  return { type: 'actions', block_id: OPS_BLOCK.csDraftActions, elements };
}

function draftNotice(lang: Lang): KnownBlock {
  return contextBlock(
    pick(
      lang,
      '📝 مسودة بانتظار الموافقة — لم يُرسل شيء، ولن يُرسل قبل موافقة إنسان.',
      '📝 Draft waiting for approval — nothing has been sent, and nothing will be before a human approves.',
    ),
  );
}

function draftBody(text: string | undefined, lang: Lang): KnownBlock[] {
  if (!text?.trim()) return [];
  return [
    mrkdwnSection(
      `*${pick(lang, 'الرسالة المقترحة', 'Drafted message')}*\n${quoteText(text, SECTION_TEXT_MAX - 100)}`,
      OPS_BLOCK.csDraft,
    ),
  ];
}

/** The weekly check-in (25 min: five 5-minute items) with talking points, as a draft. */
export function buildWeeklyCheckInDraft(input: {
  checkIn: WeeklyCheckIn;
  lang: Lang;
  customerName?: string;
  draftId?: string;
  /** An optional drafted message to the customer. */
  messageText?: string;
  scheduledForMs?: number;
}): { text: string; blocks: KnownBlock[] } {
  const { checkIn, lang } = input;
  const name = input.customerName || checkIn.companyName || checkIn.customerId;
  const agenda = lang === 'ar' ? checkIn.agendaAr : checkIn.agendaEn;
  const points = lang === 'ar' ? checkIn.talkingPointsAr : checkIn.talkingPointsEn;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: plain(
        pick(lang, `📝 مسودة متابعة أسبوعية — ${name}`, `📝 Draft weekly check-in — ${name}`),
        HEADER_TEXT_MAX,
      ),
    },
    mrkdwnSection(
      `*${pick(lang, `جدول الأعمال (${checkIn.durationMinutes} دقيقة)`, `Agenda (${checkIn.durationMinutes} min)`)}*${
        input.scheduledForMs !== undefined ? ` · ${slackDate(input.scheduledForMs)}` : ''
      }\n${agenda.map((a, i) => `${i + 1}. ${safeText(a, 200)}`).join('\n')}`,
    ),
    mrkdwnSection(
      `*${pick(lang, 'نقاط الحديث', 'Talking points')}*\n${points.map((p) => `• ${safeText(p, 300)}`).join('\n')}`,
    ),
    ...draftBody(input.messageText, lang),
    draftNotice(lang),
    draftActions(
      {
        kind: 'weekly_check_in',
        customerId: checkIn.customerId,
        ...(input.draftId ? { draftId: input.draftId } : {}),
      },
      lang,
    ),
  ];
  return {
    text: escapeText(
      pick(lang, `مسودة متابعة أسبوعية — ${name}`, `Draft weekly check-in — ${name}`),
    ),
    blocks,
  };
}

const AT_RISK_EMOJI: Readonly<Record<AtRiskSeverity, string>> = Object.freeze({
  high: '🔴',
  medium: '🟠',
  low: '🟢',
});

export function atRiskSeverityLabel(s: AtRiskSeverity, lang: Lang): string {
  const l = { high: ['مرتفع', 'High'], medium: ['متوسط', 'Medium'], low: ['منخفض', 'Low'] }[s];
  return `${AT_RISK_EMOJI[s]} ${pick(lang, l[0] ?? s, l[1] ?? s)}`;
}

/** An at-risk alert with its reasons and recommended action, as a draft for approval. */
export function buildAtRiskAlertDraft(input: {
  alert: AtRiskAlert;
  customerName: string;
  lang: Lang;
  draftId?: string;
  messageText?: string;
}): { text: string; blocks: KnownBlock[] } {
  const { alert, lang } = input;
  const reasons = lang === 'ar' ? alert.reasonsAr : alert.reasonsEn;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: plain(
        pick(
          lang,
          `${AT_RISK_EMOJI[alert.severity]} عميل معرّض للخطر — ${input.customerName}`,
          `${AT_RISK_EMOJI[alert.severity]} At-risk customer — ${input.customerName}`,
        ),
        HEADER_TEXT_MAX,
      ),
    },
    {
      type: 'section',
      fields: [
        `*${pick(lang, 'الخطورة', 'Severity')}*\n${atRiskSeverityLabel(alert.severity, lang)}`,
        `*${pick(lang, 'درجة الخطر', 'Risk score')}*\n${alert.riskScore}/100`,
      ].map((t) => ({ type: 'mrkdwn' as const, text: truncate(t, FIELD_TEXT_MAX) })),
    },
    mrkdwnSection(
      `*${pick(lang, 'الأسباب', 'Reasons')}*\n${
        reasons.length > 0
          ? reasons.map((r) => `• ${safeText(r, 300)}`).join('\n')
          : pick(lang, '—', '—')
      }`,
    ),
    mrkdwnSection(
      `*${pick(lang, 'الإجراء المقترح', 'Recommended action')}*\n${safeText(pick(lang, alert.recommendedActionAr, alert.recommendedActionEn), 1000)}`,
    ),
    ...draftBody(input.messageText, lang),
    draftNotice(lang),
    draftActions(
      {
        kind: 'at_risk_alert',
        customerId: alert.customerId,
        ...(input.draftId ? { draftId: input.draftId } : {}),
      },
      lang,
    ),
  ];
  return {
    text: escapeText(
      pick(
        lang,
        `تنبيه عميل معرّض للخطر (${atRiskSeverityLabel(alert.severity, lang)}) — ${input.customerName}`,
        `At-risk alert (${atRiskSeverityLabel(alert.severity, lang)}) — ${input.customerName}`,
      ),
    ),
    blocks,
  };
}

/** A success-plan milestone reminder with the drafted touchpoint, for approval. */
export function buildSuccessPlanReminder(input: {
  milestone: SuccessMilestone;
  customerName: string;
  lang: Lang;
  customerId?: string;
  bundleId?: string;
  nowMs?: number;
  draftId?: string;
  messageText?: string;
}): { text: string; blocks: KnownBlock[] } {
  const { milestone: m, lang } = input;
  const bundle =
    input.bundleId && isBundleId(input.bundleId) ? BUNDLE_LABELS[input.bundleId] : null;
  const due =
    m.dueAtMs !== undefined
      ? `\n${pick(lang, 'الموعد', 'Due')}: ${slackDate(m.dueAtMs)}${
          input.nowMs !== undefined ? ` · ${timeLeftText(m.dueAtMs, input.nowMs, lang)}` : ''
        }`
      : '';
  const blocks: KnownBlock[] = [
    mrkdwnSection(
      `📅 *${safeText(input.customerName, 120)}* — ${pick(lang, `اليوم ${m.day}`, `Day ${m.day}`)}${
        bundle ? ` · ${pick(lang, bundle.ar, bundle.en)}` : ''
      }\n${safeText(pick(lang, m.textAr, m.textEn), 500)}${due}`,
    ),
    ...draftBody(input.messageText, lang),
    draftNotice(lang),
    draftActions(
      {
        kind: 'success_plan',
        customerId: input.customerId ?? '',
        day: m.day,
        ...(input.draftId ? { draftId: input.draftId } : {}),
      },
      lang,
    ),
  ];
  return {
    text: escapeText(
      pick(
        lang,
        `خطة النجاح — اليوم ${m.day}: ${input.customerName}`,
        `Success plan — day ${m.day}: ${input.customerName}`,
      ),
    ),
    blocks,
  };
}

/** What a customer-success run did, as the run's report to the person who asked for it. */
export interface CsRunReportInput {
  kind: 'weekly-check-ins' | 'at-risk-scan';
  created: number;
  alreadyDrafted: number;
  skippedLow: number;
  withoutMetrics: ReadonlyArray<{ id: string; name: string }>;
}

/** Customers named in a run report; the rest are counted. */
export const RUN_REPORT_NAMES_MAX = 10;

/**
 * The private answer after "📝 Weekly check-in drafts" or "⚠️ Run at-risk scan": how many
 * drafts went to `channelId`, how many existed already today, how many customers were low
 * risk, and which customers have no metrics yet (so nothing could be drafted for them) —
 * also when nothing was drafted at all. Customer names are escaped.
 */
export function buildCsRunReport(input: {
  lang: Lang;
  run: CsRunReportInput;
  channelId: string;
}): string {
  const { lang, run } = input;
  const channel = `<#${input.channelId}>`;
  const weekly = run.kind === 'weekly-check-ins';
  const en = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const lines: string[] = [];
  lines.push(
    weekly
      ? pick(
          lang,
          run.created > 0
            ? `📝 *المتابعة الأسبوعية*: مسودات جديدة بانتظار الموافقة في ${channel}: ${run.created}.`
            : '📝 *المتابعة الأسبوعية*: لا مسودات جديدة.',
          run.created > 0
            ? `📝 *Weekly check-ins*: ${en(run.created, 'new draft', 'new drafts')} for approval in ${channel}.`
            : '📝 *Weekly check-ins*: no new drafts.',
        )
      : pick(
          lang,
          run.created > 0
            ? `⚠️ *فحص العملاء المعرّضين للخطر*: تنبيهات جديدة بانتظار الموافقة في ${channel}: ${run.created}.`
            : '⚠️ *فحص العملاء المعرّضين للخطر*: لا تنبيهات جديدة.',
          run.created > 0
            ? `⚠️ *At-risk scan*: ${en(run.created, 'new alert', 'new alerts')} for approval in ${channel}.`
            : '⚠️ *At-risk scan*: no new alerts.',
        ),
  );
  if (run.alreadyDrafted > 0) {
    lines.push(
      pick(
        lang,
        `• أُعدّت اليوم من قبل (في ${channel}): ${run.alreadyDrafted}.`,
        `• ${en(run.alreadyDrafted, 'customer', 'customers')} already had one today (in ${channel}).`,
      ),
    );
  }
  if (!weekly && run.skippedLow > 0) {
    lines.push(
      pick(
        lang,
        `• عملاء خطرهم منخفض (بلا تنبيه؛ تكفيهم المتابعة الأسبوعية): ${run.skippedLow}.`,
        `• ${en(run.skippedLow, 'customer is', 'customers are')} at low risk (no alert; the weekly check-in covers them).`,
      ),
    );
  }
  const missing = run.withoutMetrics;
  if (missing.length > 0) {
    const shown = missing.slice(0, RUN_REPORT_NAMES_MAX).map((c) => safeText(c.name || c.id, 80));
    const more = missing.length - shown.length;
    const names =
      pick(lang, shown.join('، '), shown.join(', ')) +
      (more > 0 ? pick(lang, ` و${more} غيرهم`, ` and ${more} more`) : '');
    lines.push(
      pick(
        lang,
        `• عملاء بلا مؤشرات بعد فلم ${weekly ? 'تُعدّ لهم مسودة' : 'يُفحصوا'}: ${missing.length} (${names}) — افتح «📊 المؤشرات» لكل منهم من قائمة العميل في الصفحة الرئيسية للتطبيق.`,
        `• ${en(missing.length, 'customer has', 'customers have')} no metrics yet, so ${weekly ? 'no draft was made' : 'they were not scored'}: ${names} — open 📊 Metrics for them from the customer's menu on the App Home.`,
      ),
    );
  } else if (run.created === 0 && run.alreadyDrafted === 0 && (weekly || run.skippedLow === 0)) {
    lines.push(pick(lang, '• لا عملاء بعد.', '• There are no customers yet.'));
  }
  return truncate(lines.join('\n'), SECTION_TEXT_MAX);
}

/** Edit a customer-success draft; private_metadata is the CsDraftRef JSON. */
export function buildCsDraftEditModal(input: { lang: Lang; ref: CsDraftRef; text: string }): View {
  const { lang } = input;
  return {
    type: 'modal',
    callback_id: OPS_CALLBACK.draftEditModal,
    private_metadata: truncate(JSON.stringify(input.ref), 3000),
    title: modalTitle(pick(lang, 'تعديل المسودة', 'Edit draft')),
    submit: modalTitle(pick(lang, 'حفظ', 'Save')),
    close: modalTitle(pick(lang, 'إلغاء', 'Cancel')),
    blocks: [
      contextBlock(
        pick(
          lang,
          'تُفحص المسودة بحثاً عن الادعاءات المحظورة، ولا تُرسل قبل الموافقة.',
          'The draft is checked for prohibited claims and is not sent before approval.',
        ),
      ),
      {
        type: 'input',
        block_id: OPS_BLOCK.csDraftText,
        label: plain(pick(lang, 'نص المسودة', 'Draft text'), 2000),
        element: {
          type: 'plain_text_input',
          action_id: OPS_ACTION.csDraftText,
          multiline: true,
          max_length: 3000,
          ...(input.text ? { initial_value: truncate(input.text, 3000) } : {}),
        },
      },
    ],
  };
}

// ─── App Home ──────────────────────────────────────────────────────────────────────────

export const HOME_SECTIONS = Object.freeze([
  'approvals',
  'tickets',
  'incidents',
  'customers',
  'atRisk',
] as const);
export type HomeSection = (typeof HOME_SECTIONS)[number];

export interface HomePendingApproval {
  id: string;
  /** e.g. 'ticket_reply', 'incident_update', 'pdpl_notice', 'pdpl_by_hand', 'connector_live', 'onboarding_step', 'cs_draft'. */
  kind: string;
  title: string;
  customerName?: string;
  priority?: PriorityId;
  severity?: SeverityId;
  dueMs?: number;
  /** When it started waiting (requests and drafts without a deadline): oldest first. */
  sinceMs?: number;
  /** Link to the message holding the approval buttons. */
  permalink?: string;
  channelId?: string;
}

export interface HomeTicket {
  id: string;
  priority: PriorityId;
  text: string;
  firstResponseDueMs: number;
  resolutionDueMs: number;
  /** First response already sent: the resolution clock is the one that matters. */
  answered: boolean;
  customerName?: string;
}

/** Any active incident (an IncidentView fits). */
export interface HomeIncident {
  id: string;
  severity: SeverityId;
  title: string;
  channelId?: string;
  commanderId?: string;
  nextUpdateDueMs?: number;
  declaredAtMs?: number;
  status?: IncidentStatus;
}

export interface HomeCustomer {
  id: string;
  name: string;
  onboardingPct: number;
  readyForFirstService: boolean;
  connectedPct: number;
}

export interface HomeAtRisk {
  customerId: string;
  name: string;
  severity: AtRiskSeverity;
  riskScore: number;
}

export interface HomeViewInput {
  lang: Lang;
  nowMs: number;
  userId: string;
  pendingApprovals: readonly HomePendingApproval[];
  openTickets: readonly HomeTicket[];
  incidents: readonly HomeIncident[];
  /** buildSlaHealthReport over the last 7 days. */
  health: SlaHealthReport;
  customers: readonly HomeCustomer[];
  atRisk: readonly HomeAtRisk[];
  /** Sections the user asked to "show more" of (from the Show more buttons). */
  expanded?: readonly HomeSection[];
  /** Real totals when the lists passed in are already cut (e.g. only the 100 most urgent tickets). */
  totals?: Partial<Record<HomeSection, number>>;
  /** Offer the on-demand customer-success runs (weekly check-ins, at-risk scan). */
  canRunCustomerSuccess?: boolean;
  /** Offer Add customer and Edit customer (approvers and founders: a customer's contacts
   *  decide who may confirm a ticket resolved). */
  canEditCustomers?: boolean;
}

interface HomeCaps {
  approvals: number;
  ticketsPerPriority: number;
  incidents: number;
  customers: number;
  atRisk: number;
}

export const HOME_DEFAULT_CAPS: Readonly<HomeCaps> = Object.freeze({
  approvals: 5,
  ticketsPerPriority: 4,
  incidents: 5,
  customers: 8,
  atRisk: 5,
});

export const HOME_EXPANDED_CAPS: Readonly<HomeCaps> = Object.freeze({
  approvals: 20,
  ticketsPerPriority: 15,
  incidents: 25,
  customers: 40,
  atRisk: 30,
});

const APPROVAL_KIND_LABELS: Readonly<Record<string, { ar: string; en: string }>> = Object.freeze({
  ticket_reply: { ar: 'رد على تذكرة', en: 'Ticket reply' },
  incident_update: { ar: 'تحديث حادثة', en: 'Incident update' },
  pdpl_notice: { ar: 'إشعار PDPL', en: 'PDPL notice' },
  pdpl_by_hand: { ar: 'إرسال إشعار PDPL يدوياً', en: 'PDPL notice to send by hand' },
  connector_live: { ar: 'تشغيل حيّ لموصل', en: 'Connector live mode' },
  onboarding_step: { ar: 'خطوة إعداد', en: 'Onboarding step' },
  cs_draft: { ar: 'مسودة نجاح العملاء', en: 'Customer-success draft' },
});

function homeMoreRow(
  section: HomeSection,
  hidden: number,
  expanded: boolean,
  text: string,
  lang: Lang,
): KnownBlock | null {
  if (hidden <= 0 && !expanded) return null;
  const button: Button | undefined =
    hidden > 0 && !expanded
      ? {
          type: 'button',
          action_id: withSuffix(OPS_ACTION.homeShowMore, section),
          value: section,
          text: plain(pick(lang, 'عرض المزيد', 'Show more')),
        }
      : expanded
        ? {
            type: 'button',
            action_id: withSuffix(OPS_ACTION.homeShowLess, section),
            value: section,
            text: plain(pick(lang, 'عرض أقل', 'Show less')),
          }
        : undefined;
  const t = hidden > 0 ? text : pick(lang, '_كل العناصر معروضة._', '_Everything is shown._');
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(t, SECTION_TEXT_MAX) },
    ...(button ? { accessory: button } : {}),
  };
}

function sectionTitle(text: string): KnownBlock {
  return mrkdwnSection(text);
}

function ticketDue(t: HomeTicket): number {
  return t.answered ? t.resolutionDueMs : t.firstResponseDueMs;
}

function buildHomeBlocks(input: HomeViewInput, caps: HomeCaps): KnownBlock[] {
  const { lang, nowMs } = input;
  const expanded = new Set(input.expanded ?? []);
  const blocks: KnownBlock[] = [];
  const total = (s: HomeSection, n: number) => Math.max(n, input.totals?.[s] ?? n);

  blocks.push({
    type: 'header',
    text: plain(pick(lang, 'سند — عمليات العملاء', 'Sanad — customer ops'), HEADER_TEXT_MAX),
  });
  blocks.push(
    contextBlock(
      pick(
        lang,
        `أهلاً ${mention(input.userId)} · حُدّثت ${slackDate(nowMs, '{date_short_pretty} {time}')} · لا يصل شيء إلى العميل دون موافقة.`,
        `Hi ${mention(input.userId)} · updated ${slackDate(nowMs, '{date_short_pretty} {time}')} · nothing reaches a customer without approval.`,
      ),
    ),
  );
  blocks.push({
    type: 'actions',
    block_id: OPS_BLOCK.homeTopActions,
    elements: [
      {
        type: 'button',
        action_id: OPS_ACTION.homeNewTicket,
        style: 'primary',
        text: plain(pick(lang, '🎫 تذكرة جديدة', '🎫 New ticket')),
      },
      {
        type: 'button',
        action_id: OPS_ACTION.homeDeclareIncident,
        style: 'danger',
        text: plain(pick(lang, '🚨 إعلان حادثة', '🚨 Declare incident')),
      },
      ...(input.canEditCustomers
        ? [
            {
              type: 'button' as const,
              action_id: OPS_ACTION.homeAddCustomer,
              text: plain(pick(lang, '➕ إضافة عميل', '➕ Add customer')),
            },
          ]
        : []),
      {
        type: 'button',
        action_id: OPS_ACTION.homeRefresh,
        text: plain(pick(lang, '🔄 تحديث', '🔄 Refresh')),
      },
      ...(input.canRunCustomerSuccess
        ? [
            {
              type: 'button' as const,
              action_id: OPS_ACTION.homeRunWeeklyCheckIns,
              text: plain(pick(lang, '📝 مسودات المتابعة الأسبوعية', '📝 Weekly check-in drafts')),
            },
            {
              type: 'button' as const,
              action_id: OPS_ACTION.homeRunAtRiskScan,
              text: plain(pick(lang, '⚠️ فحص العملاء المعرّضين للخطر', '⚠️ Run at-risk scan')),
            },
          ]
        : []),
    ],
  });

  // 1. Waiting for my approval
  // Most urgent first: by deadline, and items without one by how long they have waited.
  const urgency = (a: HomePendingApproval) => a.dueMs ?? a.sinceMs ?? Number.POSITIVE_INFINITY;
  const approvals = [...input.pendingApprovals].sort((a, b) => urgency(a) - urgency(b));
  const approvalsTotal = total('approvals', approvals.length);
  blocks.push({ type: 'divider' });
  blocks.push(
    sectionTitle(
      `*${pick(lang, '✋ بانتظار موافقتك', '✋ Waiting for your approval')}* (${approvalsTotal})`,
    ),
  );
  if (approvals.length === 0) {
    blocks.push(contextBlock(pick(lang, 'لا شيء بانتظارك 🎉', 'Nothing is waiting for you 🎉')));
  }
  const shownApprovals = approvals.slice(0, caps.approvals);
  shownApprovals.forEach((a, i) => {
    const kind = APPROVAL_KIND_LABELS[a.kind];
    const tag = a.priority
      ? `${PRIORITY_EMOJI[a.priority]} ${a.priority} · `
      : a.severity
        ? `${SEVERITY_EMOJI[a.severity]} ${a.severity} · `
        : '';
    const parts = [
      `${tag}*${kind ? pick(lang, kind.ar, kind.en) : safeText(a.kind, 40)}* — ${safeText(a.title, 150)}`,
    ];
    const meta: string[] = [];
    if (a.customerName) meta.push(safeText(a.customerName, 80));
    if (a.channelId) meta.push(`<#${a.channelId}>`);
    if (a.dueMs !== undefined)
      meta.push(`${slackDate(a.dueMs)} · ${timeLeftText(a.dueMs, nowMs, lang)}`);
    else if (a.sinceMs !== undefined)
      meta.push(
        pick(lang, `ينتظر منذ ${slackDate(a.sinceMs)}`, `waiting since ${slackDate(a.sinceMs)}`),
      );
    if (meta.length > 0) parts.push(meta.join(' · '));
    const url =
      a.permalink && /^https:\/\//.test(a.permalink) && a.permalink.length <= 3000
        ? a.permalink
        : undefined;
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(parts.join('\n'), SECTION_TEXT_MAX) },
      ...(url
        ? {
            accessory: {
              type: 'button',
              action_id: withSuffix(OPS_ACTION.homeOpenApproval, i),
              url,
              text: plain(pick(lang, 'فتح', 'Open')),
            },
          }
        : {}),
    });
  });
  const approvalsHidden = approvalsTotal - shownApprovals.length;
  const approvalsMore = homeMoreRow(
    'approvals',
    approvalsHidden,
    expanded.has('approvals'),
    pick(
      lang,
      `…و${approvalsHidden} أخرى بانتظار موافقتك`,
      `…and ${approvalsHidden} more waiting for you`,
    ),
    lang,
  );
  if (approvalsMore) blocks.push(approvalsMore);

  // 2. Open tickets by priority
  const ticketsTotal = total('tickets', input.openTickets.length);
  blocks.push({ type: 'divider' });
  blocks.push(
    sectionTitle(`*${pick(lang, '🎫 التذاكر المفتوحة', '🎫 Open tickets')}* (${ticketsTotal})`),
  );
  let ticketsShown = 0;
  if (input.openTickets.length === 0) {
    blocks.push(contextBlock(pick(lang, 'لا توجد تذاكر مفتوحة 🎉', 'No open tickets 🎉')));
  }
  for (const p of PRIORITY_IDS) {
    const group = input.openTickets
      .filter((t) => t.priority === p)
      .sort((a, b) => ticketDue(a) - ticketDue(b));
    if (group.length === 0) continue;
    const overdue = group.filter((t) => ticketDue(t) < nowMs).length;
    const pr = getPriority(p);
    const head = `*${PRIORITY_EMOJI[p]} ${p} · ${pick(lang, pr.labelAr, pr.labelEn)}* (${group.length}${
      overdue > 0 ? pick(lang, ` · ⚠️ ${overdue} متأخرة`, ` · ⚠️ ${overdue} overdue`) : ''
    })`;
    const shown = group.slice(0, caps.ticketsPerPriority);
    ticketsShown += shown.length;
    const lines = shown.map((t) => {
      const due = ticketDue(t);
      const which = t.answered ? pick(lang, 'الحل', 'resolve') : pick(lang, 'أول رد', 'reply');
      const who = t.customerName ? ` · ${safeText(t.customerName, 40)}` : '';
      const when = Number.isFinite(due)
        ? `${slackDate(due)} · ${timeLeftText(due, nowMs, lang)}`
        : pick(lang, '⏸ الساعة متوقفة', '⏸ clock paused');
      return `• \`${safeText(t.id, 40)}\`${who} — ${safeText(t.text.replace(/\s+/g, ' '), 70)}\n      ${which}: ${when}`;
    });
    const chunks = chunkLines([head, ...lines]);
    for (const c of chunks) blocks.push(mrkdwnSection(c));
  }
  const ticketsHidden = ticketsTotal - ticketsShown;
  const ticketsMore = homeMoreRow(
    'tickets',
    ticketsHidden,
    expanded.has('tickets'),
    pick(
      lang,
      `…و${ticketsHidden} تذكرة أخرى — \`/ticket list\``,
      `…and ${ticketsHidden} more — \`/ticket list\``,
    ),
    lang,
  );
  if (ticketsMore) blocks.push(ticketsMore);

  // 3. Active incidents
  const active = input.incidents
    .filter((i) => i.status !== 'resolved')
    .sort(
      (a, b) =>
        a.severity.localeCompare(b.severity) ||
        (a.nextUpdateDueMs ?? Number.POSITIVE_INFINITY) -
          (b.nextUpdateDueMs ?? Number.POSITIVE_INFINITY),
    );
  const incidentsTotal = total('incidents', active.length);
  blocks.push({ type: 'divider' });
  blocks.push(
    sectionTitle(`*${pick(lang, '🚨 الحوادث النشطة', '🚨 Active incidents')}* (${incidentsTotal})`),
  );
  if (active.length === 0) {
    blocks.push(contextBlock(pick(lang, 'لا حوادث نشطة ✅', 'No active incidents ✅')));
  }
  const shownIncidents = active.slice(0, caps.incidents);
  const incidentLines = shownIncidents.map((i) => {
    const chan = i.channelId ? ` · <#${i.channelId}>` : '';
    const cmd = i.commanderId
      ? `${pick(lang, 'القائد', 'commander')} ${mention(i.commanderId)}`
      : pick(lang, '⚠️ بلا قائد', '⚠️ no commander');
    const next =
      i.nextUpdateDueMs !== undefined
        ? ` · ${pick(lang, 'التحديث القادم', 'next update')} ${slackDate(i.nextUpdateDueMs)} (${timeLeftText(i.nextUpdateDueMs, nowMs, lang)})`
        : '';
    return `${SEVERITY_EMOJI[i.severity]} *${i.severity}* — ${safeText(i.title, 100)}${chan}\n      ${cmd}${next}`;
  });
  for (const c of chunkLines(incidentLines)) blocks.push(mrkdwnSection(c));
  const incidentsHidden = incidentsTotal - shownIncidents.length;
  const incidentsMore = homeMoreRow(
    'incidents',
    incidentsHidden,
    expanded.has('incidents'),
    pick(lang, `…و${incidentsHidden} حادثة أخرى`, `…and ${incidentsHidden} more incidents`),
    lang,
  );
  if (incidentsMore) blocks.push(incidentsMore);

  // 4. SLA health (7 days)
  const h = input.health;
  const verdictEmoji = { healthy: '🟢', watch: '🟡', critical: '🔴' }[h.verdict];
  blocks.push({ type: 'divider' });
  blocks.push(
    sectionTitle(
      `*${pick(lang, '📈 صحة اتفاقية الخدمة — آخر 7 أيام', '📈 SLA health — last 7 days')}*`,
    ),
  );
  const fields = [
    `*${pick(lang, 'الحكم', 'Verdict')}*\n${verdictEmoji} ${pick(lang, h.verdictAr, h.verdictEn)}`,
    `*${pick(lang, 'نسبة الإخلال', 'Breach rate')}*\n${Math.round(h.breachRate * 1000) / 10}% (${h.totalBreached}/${h.totalTickets})`,
    ...PRIORITY_IDS.map((p) => {
      const s = h.byPriority[p];
      const fr =
        s.avgFirstResponseMin === null
          ? '—'
          : pick(lang, `${s.avgFirstResponseMin} د`, `${s.avgFirstResponseMin} min`);
      const res =
        s.avgResolutionHours === null
          ? '—'
          : pick(lang, `${s.avgResolutionHours} س`, `${s.avgResolutionHours} h`);
      return `*${PRIORITY_EMOJI[p]} ${p}*\n${pick(lang, `${s.count} تذكرة · ${s.breaches} إخلال`, `${s.count} tickets · ${s.breaches} breached`)}\n${pick(lang, `أول رد ${fr} · حل ${res}`, `reply ${fr} · resolve ${res}`)}`;
    }),
  ];
  blocks.push({
    type: 'section',
    fields: fields.slice(0, 10).map((t) => ({ type: 'mrkdwn', text: truncate(t, FIELD_TEXT_MAX) })),
  });
  if (h.freezeLiveActions || h.escalateToFounder) {
    blocks.push(
      contextBlock(
        pick(
          lang,
          '🧊 حكم حرج: أُبلغ المؤسس، والإجراءات الحية مجمّدة حتى المراجعة.',
          '🧊 Critical: the founder is told and live actions stay frozen until reviewed.',
        ),
      ),
    );
  }

  // 5. Customers: onboarding + connector readiness
  const customers = [...input.customers].sort(
    (a, b) =>
      Number(a.readyForFirstService) - Number(b.readyForFirstService) ||
      a.onboardingPct - b.onboardingPct ||
      a.name.localeCompare(b.name),
  );
  const customersTotal = total('customers', customers.length);
  blocks.push({ type: 'divider' });
  blocks.push(sectionTitle(`*${pick(lang, '🏢 العملاء', '🏢 Customers')}* (${customersTotal})`));
  if (customers.length === 0) {
    blocks.push(
      contextBlock(pick(lang, 'لا عملاء بعد — أضف عميلاً.', 'No customers yet — add one.')),
    );
  }
  const shownCustomers = customers.slice(0, caps.customers);
  const seenIds = new Set<string>();
  for (const c of shownCustomers) {
    const text = `*${safeText(c.name, 100)}*\n${pick(lang, 'الإعداد', 'Onboarding')} \`${progressBar(c.onboardingPct, 8)}\` · ${pick(lang, 'الموصلات', 'Connectors')} ${c.connectedPct}% · ${
      c.readyForFirstService
        ? pick(lang, '✅ جاهز لأول خدمة', '✅ ready for first service')
        : pick(lang, '⛔ غير جاهز', '⛔ not ready')
    }`;
    const canMenu = c.id.length > 0 && c.id.length <= 130 && !seenIds.has(c.id);
    seenIds.add(c.id);
    const opt = (key: string, ar: string, en: string): PlainTextOption => ({
      value: `${key}|${c.id}`,
      text: plain(pick(lang, ar, en), OPTION_TEXT_MAX),
    });
    blocks.push({
      type: 'section',
      ...(canMenu ? { block_id: withSuffix(OPS_BLOCK.homeCustomer, c.id) } : {}),
      text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX) },
      ...(canMenu
        ? {
            accessory: {
              type: 'overflow',
              action_id: withSuffix(OPS_ACTION.homeCustomerMenu, c.id),
              options: [
                opt(OPS_MENU.onboarding, '📋 الإعداد الأولي', '📋 Onboarding'),
                opt(OPS_MENU.connectors, '🔌 الموصلات', '🔌 Connectors'),
                opt(OPS_MENU.metrics, '📊 المؤشرات', '📊 Metrics'),
                ...(input.canEditCustomers
                  ? [opt(OPS_MENU.edit, '✏️ تعديل العميل', '✏️ Edit customer')]
                  : []),
              ],
            },
          }
        : {}),
    });
  }
  const customersHidden = customersTotal - shownCustomers.length;
  const customersMore = homeMoreRow(
    'customers',
    customersHidden,
    expanded.has('customers'),
    pick(lang, `…و${customersHidden} عميلاً آخر`, `…and ${customersHidden} more customers`),
    lang,
  );
  if (customersMore) blocks.push(customersMore);

  // 6. At-risk customers
  const risky = [...input.atRisk].sort((a, b) => b.riskScore - a.riskScore);
  const riskTotal = total('atRisk', risky.length);
  blocks.push({ type: 'divider' });
  blocks.push(
    sectionTitle(`*${pick(lang, '⚠️ عملاء معرّضون للخطر', '⚠️ At-risk customers')}* (${riskTotal})`),
  );
  if (risky.length === 0) {
    blocks.push(contextBlock(pick(lang, 'لا أحد معرّض للخطر ✅', 'Nobody is at risk ✅')));
  }
  const shownRisk = risky.slice(0, caps.atRisk);
  const riskLines = shownRisk.map(
    (r) =>
      `${atRiskSeverityLabel(r.severity, lang)} — *${safeText(r.name, 100)}* · ${r.riskScore}/100`,
  );
  for (const c of chunkLines(riskLines)) blocks.push(mrkdwnSection(c));
  const riskHidden = riskTotal - shownRisk.length;
  const riskMore = homeMoreRow(
    'atRisk',
    riskHidden,
    expanded.has('atRisk'),
    pick(lang, `…و${riskHidden} آخرون`, `…and ${riskHidden} more`),
    lang,
  );
  if (riskMore) blocks.push(riskMore);
  return blocks;
}

/**
 * The App Home for one user. However much data there is it stays within 100 blocks: each
 * section is capped (bigger caps for the sections in `expanded`), the rest is counted ("and
 * 180 more — /ticket list") with Show more / Show less buttons; if the caps still don't fit,
 * the largest sections shrink until they do.
 */
export function buildHomeView(input: HomeViewInput): View {
  const expanded = new Set(input.expanded ?? []);
  const caps: HomeCaps = {
    approvals: expanded.has('approvals')
      ? HOME_EXPANDED_CAPS.approvals
      : HOME_DEFAULT_CAPS.approvals,
    ticketsPerPriority: expanded.has('tickets')
      ? HOME_EXPANDED_CAPS.ticketsPerPriority
      : HOME_DEFAULT_CAPS.ticketsPerPriority,
    incidents: expanded.has('incidents')
      ? HOME_EXPANDED_CAPS.incidents
      : HOME_DEFAULT_CAPS.incidents,
    customers: expanded.has('customers')
      ? HOME_EXPANDED_CAPS.customers
      : HOME_DEFAULT_CAPS.customers,
    atRisk: expanded.has('atRisk') ? HOME_EXPANDED_CAPS.atRisk : HOME_DEFAULT_CAPS.atRisk,
  };
  let blocks = buildHomeBlocks(input, caps);
  // Shrink the biggest block consumers until the view fits (terminates: caps reach 0).
  for (let guard = 0; blocks.length > MODAL_BLOCKS_MAX && guard < 200; guard++) {
    if (caps.customers > 3) caps.customers = Math.max(3, caps.customers - 5);
    else if (caps.approvals > 3) caps.approvals = Math.max(3, caps.approvals - 5);
    else if (caps.ticketsPerPriority > 2) caps.ticketsPerPriority -= 2;
    else if (caps.incidents > 2) caps.incidents -= 3;
    else if (caps.atRisk > 2) caps.atRisk -= 3;
    else {
      caps.customers = Math.max(0, caps.customers - 1);
      caps.approvals = Math.max(0, caps.approvals - 1);
    }
    blocks = buildHomeBlocks(input, caps);
  }
  return {
    type: 'home',
    callback_id: OPS_CALLBACK.home,
    private_metadata: JSON.stringify({ expanded: [...expanded] }),
    blocks: blocks.slice(0, MODAL_BLOCKS_MAX),
  };
}

/**
 * The Home for someone outside the Sanad team — a customer in a Slack Connect channel, a guest:
 * a short note in both languages, and nothing else. No tickets, incidents, customers, ids or
 * buttons (rule 2: internal ids never reach a customer).
 */
export function buildOutsiderHomeView(lang: Lang): View {
  const first = pick(lang, 'ar', 'en');
  const note = {
    ar: 'مرحباً بكم في سند. للتواصل مع فريقنا اكتبوا في قناتكم المشتركة معنا، وسنرد عليكم هناك.',
    en: 'Welcome to Sanad. To reach our team, write in your shared channel with us and we will answer you there.',
  };
  return {
    type: 'home',
    callback_id: OPS_CALLBACK.home,
    blocks: [
      { type: 'header', text: plain('سند · Sanad', HEADER_TEXT_MAX) },
      mrkdwnSection(first === 'ar' ? note.ar : note.en),
      contextBlock(first === 'ar' ? note.en : note.ar),
    ],
  };
}

/** Reads the overflow option value `<menu>|<customerId>`. */
export function parseCustomerMenuValue(value: string): { menu: string; customerId: string } | null {
  const i = value.indexOf('|');
  if (i <= 0) return null;
  return { menu: value.slice(0, i), customerId: value.slice(i + 1) };
}

/** Reads `{ expanded }` back from the home view's private_metadata. */
export function parseHomeMetadata(privateMetadata: string | undefined): HomeSection[] {
  try {
    const v = JSON.parse(privateMetadata ?? '{}') as { expanded?: unknown };
    return Array.isArray(v.expanded)
      ? v.expanded.filter((s): s is HomeSection =>
          (HOME_SECTIONS as readonly string[]).includes(s as string),
        )
      : [];
  } catch {
    return [];
  }
}
