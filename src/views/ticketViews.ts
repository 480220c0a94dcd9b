/**
 * Pure view builders for tickets: data in, Block Kit out. They respect Slack's limits
 * (50 blocks a message, 100 a modal, 3000 chars a section, 24-char modal titles).
 */
import type { ActionsBlockElement, KnownBlock, View } from '@slack/types';
import {
  draftWrittenForLowerPriority,
  getPriority,
  higherPriorities,
  isPaused,
  type PriorityId,
  type Ticket,
  type TicketDueTimes,
} from '../domain/index.ts';
import {
  escapeText,
  formatDuration,
  type Lang,
  mention,
  mentions,
  pick,
  quoteText,
  safeText,
  slackDate,
  truncate,
} from './format.ts';
import { ACTION, BLOCK, CALLBACK, draftButtonValue } from './ids.ts';

const PRIORITY_EMOJI: Record<PriorityId, string> = {
  P0: '🔴',
  P1: '🟠',
  P2: '🟡',
  P3: '🔵',
};

export const SECTION_TEXT_MAX = 3000;
export const MESSAGE_BLOCKS_MAX = 50;
export const MODAL_BLOCKS_MAX = 100;

export interface TicketCardInput {
  ticket: Ticket;
  due: TicketDueTimes;
  /** The people the priority's owner role resolves to (founders, on-call…). */
  ownerUserIds: readonly string[];
  customerLabel?: string;
  sourceLink?: string;
  nowMs: number;
  lang: Lang;
}

function priorityLabel(priority: PriorityId, lang: Lang): string {
  const p = getPriority(priority);
  return `${PRIORITY_EMOJI[priority]} ${priority} · ${pick(lang, p.labelAr, p.labelEn)}`;
}

function ownerLabel(ticket: Ticket, ownerUserIds: readonly string[], lang: Lang): string {
  const role = {
    founder: pick(lang, 'المؤسس', 'Founder'),
    operator_oncall: pick(lang, 'المشغّل المناوب', 'On-call operator'),
    operator_team: pick(lang, 'فريق التشغيل', 'Operator team'),
  }[ticket.owner];
  return ownerUserIds.length > 0 ? `${role}: ${mentions(ownerUserIds)}` : role;
}

function statusLabel(ticket: Ticket, lang: Lang): string {
  if (ticket.status === 'resolved') return pick(lang, '✅ محلولة', '✅ Resolved');
  if (isPaused(ticket))
    return pick(
      lang,
      '⏸ بانتظار العميل (الساعة متوقفة)',
      '⏸ Waiting on the customer (clock paused)',
    );
  if (ticket.status === 'awaiting_confirmation')
    return pick(lang, '⏳ بانتظار تأكيد العميل', '⏳ Waiting for customer confirmation');
  // Until someone drafts the next reply, the customer's answer is what the team must see.
  if (ticket.resolutionDeclined && ticket.draft.status === 'sent')
    return pick(lang, '❗ العميل يقول إن المشكلة لم تُحل', '❗ Customer says it is not resolved');
  switch (ticket.draft.status) {
    case 'pending':
      return ticket.draft.slackRefusal
        ? pick(lang, '⚠️ رفضت Slack إرسال الرد', '⚠️ Slack refused the reply')
        : pick(lang, '📝 رد بانتظار الموافقة', '📝 Reply waiting for approval');
    case 'approved':
      return pick(lang, '📤 معتمد، جارٍ الإرسال', '📤 Approved, sending');
    case 'ready_to_send':
      return pick(
        lang,
        '📋 معتمد، أرسله خارج Slack ثم اضغط «تم الإرسال»',
        '📋 Approved — send it outside Slack, then Mark as sent',
      );
    case 'rejected':
      return pick(lang, '✋ الرد مرفوض، عدّله', '✋ Reply rejected — edit it');
    case 'sent':
      return pick(lang, '💬 تم الرد', '💬 Answered');
  }
}

/**
 * Why Slack refused an approved reply and what fixes it: "Slack refused the reply:
 * `not_in_channel` — invite @Sanad to #ext-acme and approve again".
 */
export function replyRefusedText(input: { code: string; channelId?: string; lang: Lang }): string {
  const { lang } = input;
  const code = `\`${safeText(input.code, 80)}\``;
  const channel = input.channelId
    ? `<#${input.channelId}>`
    : pick(lang, 'قناة العميل', "the customer's channel");
  let fix: string;
  switch (input.code) {
    case 'not_in_channel':
      fix = pick(
        lang,
        `ادعُ @Sanad إلى ${channel} ثم وافق مرة أخرى`,
        `invite @Sanad to ${channel} and approve again`,
      );
      break;
    case 'channel_not_found':
      fix = pick(
        lang,
        `لا يرى سند ${channel}: ادعُ @Sanad إليها أو صحّح قناة العميل، ثم وافق مرة أخرى`,
        `Sanad cannot see ${channel}: invite @Sanad to it or correct the customer's channel, then approve again`,
      );
      break;
    case 'is_archived':
      fix = pick(
        lang,
        `${channel} مؤرشفة: أعِد فتحها ثم وافق مرة أخرى، أو عدّل الرد وأرسله بطريقة أخرى`,
        `${channel} is archived: unarchive it and approve again, or edit the reply and send it another way`,
      );
      break;
    default:
      fix = pick(
        lang,
        'عالج السبب ثم وافق مرة أخرى، أو عدّل الرد',
        'fix the cause and approve again, or edit the reply',
      );
  }
  return pick(
    lang,
    `⚠️ رفضت Slack إرسال الرد: ${code} — ${fix}. لم يصل شيء إلى العميل.`,
    `⚠️ Slack refused the reply: ${code} — ${fix}. Nothing reached the customer.`,
  );
}

/** In the card's thread when Slack refused an approved reply: tells the approver. */
export function buildReplyRefusedNote(input: {
  code: string;
  channelId?: string;
  approvedBy?: string;
  lang: Lang;
}): { text: string; blocks: KnownBlock[] } {
  const who = input.approvedBy ? `${mention(input.approvedBy)} ` : '';
  const text = `${who}${replyRefusedText(input)}`;
  return {
    text,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX) } }],
  };
}

/** "within SLA" / "12 min over SLA" for a response that happened at `atMs`. */
export function slaVerdictText(atMs: number, dueMs: number, lang: Lang): string {
  if (atMs <= dueMs) return pick(lang, 'ضمن الاتفاقية', 'within SLA');
  const over = formatDuration(atMs - dueMs, lang);
  return pick(lang, `متأخر ${over} عن الاتفاقية`, `${over} over SLA`);
}

export function timeLeftText(dueMs: number, nowMs: number, lang: Lang): string {
  if (nowMs <= dueMs) {
    return pick(
      lang,
      `متبقٍ ${formatDuration(dueMs - nowMs, lang)}`,
      `${formatDuration(dueMs - nowMs, lang)} left`,
    );
  }
  return pick(
    lang,
    `⚠️ متأخر ${formatDuration(nowMs - dueMs, lang)}`,
    `⚠️ overdue by ${formatDuration(nowMs - dueMs, lang)}`,
  );
}

function draftSection(ticket: Ticket, lang: Lang): KnownBlock[] {
  const d = ticket.draft;
  const kindLabel = {
    first_response: pick(lang, 'الرد الأول المقترح', 'Drafted first response'),
    reply: pick(lang, 'رد المتابعة المقترح', 'Drafted follow-up reply'),
    confirmation_request: pick(
      lang,
      'سؤال تأكيد الحل للعميل',
      'Resolution question for the customer',
    ),
  }[d.kind];
  const header = `*${kindLabel}* (${d.language === 'ar' ? 'العربية' : 'English'})`;
  const body = quoteText(d.text, SECTION_TEXT_MAX - header.length - 20);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: BLOCK.cardDraft,
      text: { type: 'mrkdwn', text: `${header}\n${body}` },
    },
  ];
  if (d.violations.length > 0) {
    const lines = d.violations
      .slice(0, 10)
      .map((v) => `• ${pick(lang, v.labelAr, v.labelEn)}: «${safeText(v.phrase, 100)}»`)
      .join('\n');
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `${pick(lang, '⛔ *ادعاءات محظورة — لا يمكن الموافقة قبل التعديل:*', '⛔ *Prohibited claims — cannot be approved until edited:*')}\n${lines}`,
          SECTION_TEXT_MAX,
        ),
      },
    });
  }
  const writtenFor = draftWrittenForLowerPriority(ticket);
  if (writtenFor) {
    const editable = d.status === 'pending' || d.status === 'rejected';
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: pick(
            lang,
            `⚠️ كُتب هذا الرد حين كانت التذكرة ${writtenFor}، وقد يَعِد بأوقات رد وحل ${writtenFor}. التذكرة الآن ${ticket.priority}: راجع الأوقات في الرد${editable ? ' (تعديل)' : ''} قبل إرساله.`,
            `⚠️ This reply was written when the ticket was ${writtenFor} and may promise ${writtenFor}'s response and resolution times. The ticket is now ${ticket.priority}: check the times in the reply${editable ? ' (Edit)' : ''} before it goes out.`,
          ),
        },
      ],
    });
  }
  if (d.status === 'pending' && d.slackRefusal) {
    const target = ticket.replyTarget;
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: replyRefusedText({
            code: d.slackRefusal.code,
            channelId: target.kind === 'slack' ? target.channelId : undefined,
            lang,
          }),
        },
      ],
    });
  }
  if (d.status === 'ready_to_send') {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: pick(
            lang,
            `العميل ليس على Slack${ticket.contactEmail ? ` (${safeText(ticket.contactEmail, 200)})` : ''}: انسخ النص وأرسله، ثم اضغط «تم الإرسال».`,
            `The customer is not on Slack${ticket.contactEmail ? ` (${safeText(ticket.contactEmail, 200)})` : ''}: copy the text, send it, then press Mark as sent.`,
          ),
        },
      ],
    });
  }
  return blocks;
}

function cardActions(ticket: Ticket, lang: Lang): KnownBlock | null {
  if (ticket.status === 'resolved') return null;
  const value = ticket.id;
  const elements: ActionsBlockElement[] = [];
  const d = ticket.draft;
  const draftValue = draftButtonValue(ticket.id, d.seq);
  if (d.status === 'pending') {
    elements.push({
      type: 'button',
      action_id: ACTION.approve,
      style: 'primary',
      value: draftValue,
      text: { type: 'plain_text', text: pick(lang, '✅ موافقة وإرسال', '✅ Approve & send') },
    });
  }
  if (d.status === 'ready_to_send') {
    elements.push({
      type: 'button',
      action_id: ACTION.markSent,
      style: 'primary',
      value,
      text: { type: 'plain_text', text: pick(lang, '📨 تم الإرسال', '📨 Mark as sent') },
    });
  }
  if (d.status !== 'approved' && d.status !== 'ready_to_send') {
    elements.push({
      type: 'button',
      action_id: ACTION.edit,
      value: draftValue,
      text: { type: 'plain_text', text: pick(lang, '✏️ تعديل', '✏️ Edit') },
    });
  }
  if (d.status === 'pending') {
    elements.push({
      type: 'button',
      action_id: ACTION.reject,
      style: 'danger',
      value: draftValue,
      text: { type: 'plain_text', text: pick(lang, 'رفض', 'Reject') },
    });
  }
  const higher = higherPriorities(ticket.priority);
  if (higher.length > 0) {
    elements.push({
      type: 'static_select',
      action_id: ACTION.raisePriority,
      placeholder: { type: 'plain_text', text: pick(lang, '⬆️ رفع الأولوية', '⬆️ Raise priority') },
      options: higher.map((p) => ({
        value: `${ticket.id}|${p}`,
        text: { type: 'plain_text', text: priorityLabel(p, lang) },
      })),
    });
  }
  elements.push(
    isPaused(ticket)
      ? {
          type: 'button',
          action_id: ACTION.resume,
          value,
          text: { type: 'plain_text', text: pick(lang, '▶️ استئناف الساعة', '▶️ Resume SLA clock') },
        }
      : {
          type: 'button',
          action_id: ACTION.pause,
          value,
          text: {
            type: 'plain_text',
            text: pick(lang, '⏸ بانتظار العميل', '⏸ Waiting on customer'),
          },
        },
  );
  elements.push({
    type: 'button',
    action_id: ACTION.assignToMe,
    value,
    text: { type: 'plain_text', text: pick(lang, '🙋 تعيين لي', '🙋 Assign to me') },
  });
  if (ticket.status === 'awaiting_confirmation') {
    elements.push({
      type: 'button',
      action_id: ACTION.recordConfirmation,
      value,
      text: {
        type: 'plain_text',
        text: pick(lang, '☑️ تسجيل تأكيد العميل', '☑️ Record customer confirmation'),
      },
    });
  } else if (d.kind !== 'confirmation_request' || d.status === 'rejected' || d.status === 'sent') {
    // A question already sent while the ticket is open was declined: it can be asked again.
    elements.push({
      type: 'button',
      action_id: ACTION.resolve,
      value,
      text: { type: 'plain_text', text: pick(lang, '🏁 حل', '🏁 Resolve') },
    });
  }
  return { type: 'actions', block_id: BLOCK.cardActions, elements };
}

function historyContext(ticket: Ticket, due: TicketDueTimes, lang: Lang): string[] {
  const lines: string[] = [];
  if (ticket.firstResponseAtMs !== undefined) {
    const took = formatDuration(ticket.firstResponseAtMs - ticket.createdAtMs, lang);
    const approver = ticket.slaEvents.find((e) => e.event === 'first_response')?.by;
    const verdict = slaVerdictText(ticket.firstResponseAtMs, due.firstResponseDueMs, lang);
    lines.push(
      pick(
        lang,
        `✅ أول رد أُرسل ${slackDate(ticket.firstResponseAtMs, '{time}')} بعد ${took} — ${verdict}`,
        `✅ First response sent ${slackDate(ticket.firstResponseAtMs, '{time}')}, ${took} — ${verdict}`,
      ),
    );
    void approver;
  }
  const d = ticket.draft;
  if (d.approvedBy && d.approvedAtMs !== undefined) {
    const sent =
      d.sentAtMs !== undefined
        ? pick(
            lang,
            `، أُرسل ${slackDate(d.sentAtMs, '{time}')}`,
            `, sent ${slackDate(d.sentAtMs, '{time}')}`,
          )
        : '';
    const took =
      d.sentAtMs !== undefined ? `, ${formatDuration(d.sentAtMs - ticket.createdAtMs, lang)}` : '';
    const verdict =
      d.sentAtMs !== undefined && d.kind === 'first_response'
        ? ` — ${slaVerdictText(d.sentAtMs, due.firstResponseDueMs, lang)}`
        : '';
    lines.push(
      pick(
        lang,
        `وافق عليه ${mention(d.approvedBy)}${sent}${took}${verdict}`,
        `Approved by ${mention(d.approvedBy)}${sent}${took}${verdict}`,
      ),
    );
  }
  if (ticket.resolutionDeclined && ticket.status !== 'resolved') {
    lines.push(
      pick(
        lang,
        `❗ قال العميل إن المشكلة لم تُحل ${slackDate(ticket.resolutionDeclined.atMs)}`,
        `❗ The customer said it is not resolved ${slackDate(ticket.resolutionDeclined.atMs)}`,
      ),
    );
  }
  if (ticket.status === 'resolved' && ticket.resolvedAtMs !== undefined && ticket.confirmation) {
    const by =
      ticket.confirmation.by === 'customer'
        ? pick(lang, 'أكّده العميل', 'confirmed by the customer')
        : pick(
            lang,
            `سجّل التأكيد ${mention(ticket.confirmation.userId)}`,
            `confirmation recorded by ${mention(ticket.confirmation.userId)}`,
          );
    lines.push(
      pick(
        lang,
        `🏁 حُلّت ${slackDate(ticket.resolvedAtMs)} (${by}) — ${slaVerdictText(ticket.resolvedAtMs, due.resolutionDueMs, lang)}`,
        `🏁 Resolved ${slackDate(ticket.resolvedAtMs)} (${by}) — ${slaVerdictText(ticket.resolvedAtMs, due.resolutionDueMs, lang)}`,
      ),
    );
  }
  return lines;
}

/** The ticket card in the internal triage channel. */
export function buildTicketCard(input: TicketCardInput): { text: string; blocks: KnownBlock[] } {
  const { ticket, due, lang } = input;
  const p = priorityLabel(ticket.priority, lang);
  const fields = [
    `*${pick(lang, 'الأولوية', 'Priority')}*\n${p}${ticket.priority !== ticket.classifiedPriority ? pick(lang, ` (مصنفة ${ticket.classifiedPriority})`, ` (classified ${ticket.classifiedPriority})`) : ''}`,
    `*${pick(lang, 'المسؤول', 'Owner')}*\n${ownerLabel(ticket, input.ownerUserIds, lang)}`,
    `*${pick(lang, 'العميل', 'Customer')}*\n${input.customerLabel ? safeText(input.customerLabel, 200) : pick(lang, 'غير محدد', 'Not set')}`,
    `*${pick(lang, 'المصدر', 'Source')}*\n${input.sourceLink ? `<${input.sourceLink}|${pick(lang, 'الرسالة الأصلية', 'Original message')}>` : `${pick(lang, 'أنشأها', 'Created by')} ${mention(ticket.createdBy)}`}`,
    `*${pick(lang, 'موعد أول رد', 'First response due')}*\n${slackDate(due.firstResponseDueMs)}${ticket.firstResponseAtMs === undefined && ticket.status !== 'resolved' ? ` · ${timeLeftText(due.firstResponseDueMs, input.nowMs, lang)}` : ''}`,
    `*${pick(lang, 'موعد الحل', 'Resolution due')}*\n${slackDate(due.resolutionDueMs)}`,
    `*${pick(lang, 'الحالة', 'Status')}*\n${statusLabel(ticket, lang)}`,
    `*${pick(lang, 'المكلّف', 'Assignee')}*\n${ticket.assigneeId ? mention(ticket.assigneeId) : '—'}`,
  ];
  const reason = pick(lang, ticket.classification.reasonAr, ticket.classification.reasonEn);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`${p} — ${ticket.id}`, 150) },
    },
    {
      type: 'section',
      fields: fields.map((text) => ({ type: 'mrkdwn', text: truncate(text, 2000) })),
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(`🧭 ${pick(lang, 'سبب التصنيف', 'Why')}: ${escapeText(reason)}`, 2000),
        },
      ],
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${pick(lang, 'رسالة العميل', 'Customer message')}*\n${quoteText(ticket.text, SECTION_TEXT_MAX - 40)}`,
      },
    },
    { type: 'divider' },
    ...draftSection(ticket, lang),
  ];
  const history = historyContext(ticket, due, lang);
  if (history.length > 0) {
    blocks.push({
      type: 'context',
      elements: history
        .slice(0, 10)
        .map((text) => ({ type: 'mrkdwn', text: truncate(text, 2000) })),
    });
  }
  const actions = cardActions(ticket, lang);
  if (actions) blocks.push(actions);
  const text = `${ticket.priority} ${ticket.id}: ${truncate(ticket.text, 200)}`;
  return { text: escapeText(text), blocks };
}

/** The reply as the customer sees it: their language, no internal id, escaped text. */
export function buildCustomerReply(input: { ticket: Ticket }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { ticket } = input;
  const d = ticket.draft;
  const text = truncate(escapeText(d.text), SECTION_TEXT_MAX);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (d.kind === 'confirmation_request') {
    const lang = d.language;
    blocks.push({
      type: 'actions',
      block_id: BLOCK.confirmActions,
      elements: [
        {
          type: 'button',
          action_id: ACTION.customerConfirm,
          style: 'primary',
          value: ticket.customerRef,
          text: {
            type: 'plain_text',
            text: pick(lang, '✅ نعم، تم الحل', '✅ Yes, it is resolved'),
          },
        },
        {
          type: 'button',
          action_id: ACTION.customerNotResolved,
          value: ticket.customerRef,
          text: {
            type: 'plain_text',
            text: pick(lang, 'لا، ما زالت المشكلة', 'No, still a problem'),
          },
        },
      ],
    } as KnownBlock);
  }
  return { text, blocks };
}

/**
 * In the card's thread when the customer answers "still a problem": the ticket's people (its
 * assignee, else the priority's owners) are told, since the card alone changes silently.
 */
export function buildDeclinedNote(input: {
  ticket: Ticket;
  ownerUserIds: readonly string[];
  lang: Lang;
}): { text: string } {
  const { ticket, lang } = input;
  const who = ticket.assigneeId ? mention(ticket.assigneeId) : mentions(input.ownerUserIds);
  return {
    text: pick(
      lang,
      `❗ ${who ? `${who} ` : ''}العميل يقول إن مشكلة ${ticket.id} لم تُحل بعد. التذكرة مفتوحة من جديد: تابع معه، ثم اضغط «حل» حين تُحل.`,
      `❗ ${who ? `${who} ` : ''}The customer says ${ticket.id} is not resolved yet. The ticket is open again: follow up with them, then press Resolve when it is.`,
    ),
  };
}

export function confirmationQuestion(lang: Lang): string {
  return pick(
    lang,
    'نرجو تأكيد أن المشكلة قد حُلّت من جهتكم. إن بقي أي شيء، أخبرونا وسنتابع معكم.',
    'Could you please confirm the issue is resolved on your side? If anything remains, let us know and we will follow up.',
  );
}

/**
 * The resolution question once the customer answered: the message exactly as it was posted
 * (the approved text), without its Yes / No buttons, and a thank-you under it. Built from the
 * posted message, never from the ticket's current draft — that may be a new follow-up nobody
 * has approved yet (rule 1).
 */
export function buildAnsweredQuestion(input: {
  posted: { text?: string; blocks?: unknown[] };
  resolved: boolean;
  lang: Lang;
}): { text: string; blocks: KnownBlock[] } {
  const { posted, resolved, lang } = input;
  const thanks = resolved
    ? pick(
        lang,
        '✅ شكراً لتأكيدكم. سعدنا بخدمتكم.',
        '✅ Thank you for confirming. Glad we could help.',
      )
    : pick(
        lang,
        'شكراً، سنتابع معكم حتى تُحل المشكلة.',
        'Thank you — we will keep working on it with you.',
      );
  const kept = ((posted.blocks ?? []) as KnownBlock[]).filter(
    (b) => b.type !== 'actions' && b.block_id !== BLOCK.confirmActions,
  );
  const blocks: KnownBlock[] = [
    ...kept.slice(0, MESSAGE_BLOCKS_MAX - 1),
    { type: 'context', elements: [{ type: 'mrkdwn', text: thanks }] },
  ];
  const before = posted.text ?? '';
  return { text: before ? `${before}\n\n${thanks}` : thanks, blocks };
}

export interface CustomerOption {
  id: string;
  name: string;
}

/** `/ticket` with no text: the intake modal. */
export function buildIntakeModal(input: {
  lang: Lang;
  customers: readonly CustomerOption[];
  initialText?: string;
  initialCustomerId?: string;
  callbackId?: string;
  privateMetadata?: string;
  title?: string;
}): View {
  const { lang } = input;
  const blocks: KnownBlock[] = [];
  if (input.title) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(input.title, 2000) }],
    });
  }
  blocks.push({
    type: 'input',
    block_id: BLOCK.ticketText,
    label: { type: 'plain_text', text: pick(lang, 'نص التذكرة', 'Ticket text') },
    element: {
      type: 'plain_text_input',
      action_id: ACTION.ticketText,
      multiline: true,
      max_length: 3000,
      ...(input.initialText ? { initial_value: truncate(input.initialText, 3000) } : {}),
      placeholder: {
        type: 'plain_text',
        text: pick(lang, 'ماذا كتب العميل؟', 'What did the customer write?'),
      },
    },
  } as KnownBlock);
  const options = input.customers.slice(0, 100).map((c) => ({
    value: c.id,
    text: { type: 'plain_text' as const, text: truncate(c.name, 75) },
  }));
  if (options.length > 0) {
    const initial = options.find((o) => o.value === input.initialCustomerId);
    blocks.push({
      type: 'input',
      block_id: BLOCK.ticketCustomer,
      optional: true,
      label: { type: 'plain_text', text: pick(lang, 'العميل', 'Customer') },
      element: {
        type: 'static_select',
        action_id: ACTION.ticketCustomer,
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    } as KnownBlock);
  }
  blocks.push({
    type: 'input',
    block_id: BLOCK.ticketEmail,
    optional: true,
    label: {
      type: 'plain_text',
      text: pick(lang, 'بريد العميل (إن لم يكن على Slack)', 'Customer email (if not on Slack)'),
    },
    element: { type: 'email_text_input', action_id: ACTION.ticketEmail },
  } as KnownBlock);
  return {
    type: 'modal',
    callback_id: input.callbackId ?? CALLBACK.ticketIntakeModal,
    private_metadata: input.privateMetadata ?? '',
    title: { type: 'plain_text', text: pick(lang, 'تذكرة جديدة', 'New ticket') },
    submit: { type: 'plain_text', text: pick(lang, 'إنشاء', 'Create') },
    close: { type: 'plain_text', text: pick(lang, 'إلغاء', 'Cancel') },
    blocks,
  };
}

export function buildDraftEditModal(input: { ticket: Ticket; lang: Lang }): View {
  const { ticket, lang } = input;
  return {
    type: 'modal',
    callback_id: CALLBACK.draftEditModal,
    private_metadata: JSON.stringify({ ticketId: ticket.id, seq: ticket.draft.seq }),
    title: { type: 'plain_text', text: pick(lang, 'تعديل الرد', 'Edit reply') },
    submit: { type: 'plain_text', text: pick(lang, 'حفظ', 'Save') },
    close: { type: 'plain_text', text: pick(lang, 'إلغاء', 'Cancel') },
    blocks: [
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: pick(
              lang,
              `${ticket.id} · ${ticket.priority} — يُفحص الرد بحثاً عن الادعاءات المحظورة، ولا يُرسل شيء قبل الموافقة.`,
              `${ticket.id} · ${ticket.priority} — the reply is checked for prohibited claims; nothing is sent before approval.`,
            ),
          },
        ],
      },
      {
        type: 'input',
        block_id: BLOCK.draftText,
        label: { type: 'plain_text', text: pick(lang, 'نص الرد', 'Reply text') },
        element: {
          type: 'plain_text_input',
          action_id: ACTION.draftText,
          multiline: true,
          max_length: 3000,
          initial_value: truncate(ticket.draft.text, 3000),
        },
      } as KnownBlock,
    ],
  };
}

export interface TicketListItem {
  ticket: Ticket;
  due: TicketDueTimes;
}

/** `/ticket list`: open tickets by their next SLA due time, only to the caller. */
export function buildTicketList(input: {
  items: readonly TicketListItem[];
  total: number;
  nowMs: number;
  lang: Lang;
}): { text: string; blocks: KnownBlock[] } {
  const { lang, nowMs } = input;
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: pick(lang, `التذاكر المفتوحة (${input.total})`, `Open tickets (${input.total})`),
      },
    },
  ];
  if (input.items.length === 0) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: pick(lang, 'لا توجد تذاكر مفتوحة 🎉', 'No open tickets 🎉') },
    });
  }
  // One section per ticket; keep well inside the 50-block limit and summarise the rest.
  const shown = input.items.slice(0, 40);
  for (const { ticket, due } of shown) {
    const next =
      ticket.firstResponseAtMs === undefined ? due.firstResponseDueMs : due.resolutionDueMs;
    const which =
      ticket.firstResponseAtMs === undefined
        ? pick(lang, 'أول رد', 'first response')
        : pick(lang, 'الحل', 'resolution');
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `${PRIORITY_EMOJI[ticket.priority]} *${ticket.id}* · ${ticket.priority} — ${safeText(ticket.text, 140)}\n${which}: ${slackDate(next)} · ${timeLeftText(next, nowMs, lang)}${ticket.card ? '' : ''}`,
          SECTION_TEXT_MAX,
        ),
      },
    });
  }
  const hidden = input.total - shown.length;
  if (hidden > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: pick(
            lang,
            `و${hidden} تذكرة أخرى — انظر الصفحة الرئيسية للتطبيق.`,
            `…and ${hidden} more — see the app's Home tab.`,
          ),
        },
      ],
    });
  }
  return { text: pick(lang, 'التذاكر المفتوحة', 'Open tickets'), blocks };
}

export function buildHelpText(lang: Lang): string {
  return pick(
    lang,
    [
      '*سند — التذاكر*',
      '• `/ticket <النص>` — إنشاء تذكرة وتصنيف أولويتها (P0–P3) وصياغة رد أول للموافقة',
      '• `/ticket` — نموذج إدخال تذكرة',
      '• `/ticket list` — التذاكر المفتوحة حسب موعد الاتفاقية (تظهر لك وحدك)',
      '• `/ticket help` — هذه المساعدة',
      '• اختصار الرسالة *Create ticket* — إنشاء تذكرة من رسالة عميل وسلسلتها',
      'لا يصل أي رد إلى العميل قبل موافقة إنسان.',
    ].join('\n'),
    [
      '*Sanad — tickets*',
      '• `/ticket <text>` — create a ticket, classify it P0–P3 and draft a first reply for approval',
      '• `/ticket` — open the ticket intake form',
      '• `/ticket list` — open tickets by SLA due time (only you see it)',
      '• `/ticket help` — this help',
      '• Message shortcut *Create ticket* — make a ticket from a customer message and its thread',
      'Nothing reaches a customer until a human approves it.',
    ].join('\n'),
  );
}
