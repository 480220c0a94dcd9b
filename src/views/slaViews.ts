/**
 * SLA reminders (posted in the ticket card's thread) and the weekly SLA review message.
 */
import type { ActionsBlockElement, KnownBlock } from '@slack/types';
import type { PriorityId, SlaHealthReport, Ticket } from '../domain/index.ts';
import {
  escapeText,
  formatDuration,
  type Lang,
  mentions,
  pick,
  safeText,
  slackDate,
  truncate,
} from './format.ts';
import { ACTION, BLOCK, draftButtonValue } from './ids.ts';
import { SECTION_TEXT_MAX } from './ticketViews.ts';

export type SlaPhase = 'first_response' | 'resolution';

export interface SlaReminderInput {
  ticket: Ticket;
  phase: SlaPhase;
  pct: 50 | 80 | 100;
  dueMs: number;
  nowMs: number;
  ownerUserIds: readonly string[];
  lang: Lang;
}

function phaseLabel(phase: SlaPhase, lang: Lang): string {
  return phase === 'first_response'
    ? pick(lang, 'أول رد', 'first response')
    : pick(lang, 'الحل', 'resolution');
}

/** Enough for any first-response template (P0 English is ~450) and most edited replies. */
const REMINDER_DRAFT_MAX = 1500;

/** A reminder in the card's thread, with the draft's approval buttons so people act from there. */
export function buildSlaReminder(input: SlaReminderInput): { text: string; blocks: KnownBlock[] } {
  const { ticket, phase, pct, dueMs, nowMs, lang } = input;
  const what = phaseLabel(phase, lang);
  const left = dueMs - nowMs;
  const headline =
    pct === 100
      ? pick(
          lang,
          `🚨 *تجاوز اتفاقية ${what}* للتذكرة ${ticket.id} (${ticket.priority}). تصعيد إلى ${mentions(input.ownerUserIds) || 'المسؤول'}.`,
          `🚨 *${what[0]!.toUpperCase()}${what.slice(1)} SLA breached* on ${ticket.id} (${ticket.priority}). Escalating to ${mentions(input.ownerUserIds) || 'the owner'}.`,
        )
      : pick(
          lang,
          `${pct === 80 ? '⚠️' : '⏰'} استُهلك ${pct}% من وقت ${what} للتذكرة ${ticket.id} (${ticket.priority}) — الموعد ${slackDate(dueMs)} (متبقٍ ${formatDuration(left, lang)}).`,
          `${pct === 80 ? '⚠️' : '⏰'} ${pct}% of the ${what} time used on ${ticket.id} (${ticket.priority}) — due ${slackDate(dueMs)} (${formatDuration(left, lang)} left).`,
        );
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(headline, 3000) } },
  ];
  const draft = ticket.draft;
  if (phase === 'first_response' && draft.status === 'pending') {
    const shown = safeText(draft.text, REMINDER_DRAFT_MAX);
    // Approving sends the whole draft, so only a reminder that shows all of it offers Approve.
    const whole = shown === escapeText(draft.text);
    const cut = whole
      ? ''
      : pick(
          lang,
          ' _(مختصر — اقرأه كاملاً على البطاقة)_',
          ' _(shortened — read it all on the card)_',
        );
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `${pick(lang, 'الرد المقترح بانتظار الموافقة', 'Drafted reply waiting for approval')}: ${shown}${cut}`,
            2000,
          ),
        },
      ],
    });
    const elements: ActionsBlockElement[] = [];
    if (whole) {
      elements.push({
        type: 'button',
        action_id: ACTION.approve,
        style: 'primary',
        value: draftButtonValue(ticket.id, draft.seq),
        text: { type: 'plain_text', text: pick(lang, '✅ موافقة وإرسال', '✅ Approve & send') },
      });
    }
    elements.push({
      type: 'button',
      action_id: ACTION.edit,
      value: draftButtonValue(ticket.id, draft.seq),
      text: { type: 'plain_text', text: pick(lang, '✏️ تعديل', '✏️ Edit') },
    });
    blocks.push({ type: 'actions', block_id: `${BLOCK.cardActions}_reminder`, elements });
  }
  const plain = `${ticket.id} ${ticket.priority}: ${pct}% ${phase}`;
  return { text: escapeText(plain), blocks };
}

const PRIORITIES: PriorityId[] = ['P0', 'P1', 'P2', 'P3'];

export interface WeeklyReviewInput {
  report: SlaHealthReport;
  fromMs: number;
  toMs: number;
  founders: readonly string[];
  /** Breached tickets, most urgent first; only ids, priorities and what was exceeded. */
  breaches: ReadonlyArray<{
    ticketId: string;
    priority: PriorityId;
    breaches: string[];
    customerName?: string;
  }>;
  affectedCustomers: readonly string[];
  frozen: boolean;
  lang: Lang;
  onDemandBy?: string;
}

function fmt(n: number | null | undefined, digits: number): string {
  return n === null || n === undefined ? '—' : n.toFixed(digits);
}

/** The weekly SLA health report as a readable message for the ops channel. */
export function buildWeeklyReview(input: WeeklyReviewInput): {
  text: string;
  blocks: KnownBlock[];
} {
  const { report, lang } = input;
  const verdictEmoji = { healthy: '🟢', watch: '🟡', critical: '🔴' }[report.verdict];
  const verdictText = pick(lang, report.verdictAr, report.verdictEn);
  const header = pick(lang, 'مراجعة الاتفاقية الأسبوعية', 'Weekly SLA review');
  const rows = PRIORITIES.map((p) => {
    const s = report.byPriority[p];
    return `${p.padEnd(4)}${String(s.count).padStart(6)}${String(s.breaches).padStart(9)}${fmt(s.avgFirstResponseMin, 1).padStart(12)}${fmt(s.avgResolutionHours, 2).padStart(12)}`;
  });
  const table = [
    `${'   '.padEnd(4)}${pick(lang, 'العدد', 'count').padStart(6)}${pick(lang, 'تجاوزات', 'breaches').padStart(9)}${pick(lang, 'أول رد (د)', '1st (min)').padStart(12)}${pick(lang, 'الحل (س)', 'resolve (h)').padStart(12)}`,
    ...rows,
  ].join('\n');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `${verdictEmoji} ${header}` } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          // (the window ends before toMs: the weekly review's last day is Sunday, not Monday)
          text: `${slackDate(input.fromMs, '{date_short}')} → ${slackDate(input.toMs - 1, '{date_short}')}${input.onDemandBy ? pick(lang, ` · طلبها <@${input.onDemandBy}>`, ` · requested by <@${input.onDemandBy}>`) : ''}`,
        },
      ],
    },
    {
      type: 'section',
      fields: [
        {
          type: 'mrkdwn',
          text: `*${pick(lang, 'الحكم', 'Verdict')}*\n${verdictEmoji} ${verdictText}`,
        },
        {
          type: 'mrkdwn',
          text: `*${pick(lang, 'نسبة التجاوز', 'Breach rate')}*\n${(report.breachRate * 100).toFixed(1)}% (${report.totalBreached}/${report.totalTickets})`,
        },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${table}\`\`\`` } },
  ];
  if (input.breaches.length > 0) {
    const lines = input.breaches
      .slice(0, 30)
      .map(
        (b) =>
          `• *${b.ticketId}* ${b.priority}${b.customerName ? ` · ${safeText(b.customerName, 80)}` : ''} — ${b.breaches.map((k) => (k === 'first_response' ? pick(lang, 'أول رد', 'first response') : pick(lang, 'الحل', 'resolution'))).join('، ')}`,
      );
    const more = input.breaches.length - 30;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${pick(lang, 'التجاوزات', 'Breaches')}*\n${lines.join('\n')}${more > 0 ? pick(lang, `\nو${more} أخرى`, `\n…and ${more} more`) : ''}`,
          3000,
        ),
      },
    });
  } else {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: pick(lang, 'لا تجاوزات هذا الأسبوع 🎉', 'No breaches this week 🎉'),
      },
    });
  }
  if (input.affectedCustomers.length > 0) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            `${pick(lang, '👥 عملاء متأثرون (أُبلغ فريق نجاح العملاء)', '👥 Affected customers (flagged for customer success)')}: ${input.affectedCustomers.map((c) => safeText(c, 80)).join('، ')}`,
            2000,
          ),
        },
      ],
    });
  }
  if (report.verdict === 'critical') {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: pick(
          lang,
          `🔴 *حكم حرج*: ${mentions(input.founders)} — الإجراءات الحية مجمّدة حتى يرفع مؤسس التجميد. يُقترح تحليل لاحق (post-mortem) وفتح حادثة.`,
          `🔴 *Critical verdict*: ${mentions(input.founders)} — live actions are frozen until a founder lifts the freeze. A post-mortem and an incident are proposed.`,
        ),
      },
    });
    const elements: ActionsBlockElement[] = [
      {
        type: 'button',
        action_id: ACTION.openIncidentFromReview,
        style: 'danger',
        value: 'weekly-review',
        text: { type: 'plain_text', text: pick(lang, '🚨 فتح حادثة', '🚨 Open an incident') },
      },
    ];
    if (input.frozen) {
      elements.push({
        type: 'button',
        action_id: ACTION.liftFreeze,
        value: '*',
        text: {
          type: 'plain_text',
          text: pick(lang, '🔓 رفع التجميد (مؤسس)', '🔓 Lift the freeze (founder)'),
        },
      });
    }
    blocks.push({ type: 'actions', block_id: BLOCK.reviewActions, elements });
  }
  return {
    text: `${header}: ${verdictText} (${(report.breachRate * 100).toFixed(1)}%)`,
    blocks,
  };
}

/** The weekly review's note to the customer-success channel: the customers whose tickets
 *  breached, by name (user text: escaped, so a name cannot ping a channel or fake a link). */
export function buildAffectedCustomersNotice(input: {
  customerNames: readonly string[];
  lang: Lang;
}): { text: string } {
  const names = input.customerNames.map((n) => safeText(n, 80));
  return {
    text: truncate(
      pick(
        input.lang,
        `عملاء تأثروا بتجاوزات الاتفاقية الأسبوع الماضي: ${names.join('، ')}`,
        `Customers affected by SLA breaches last week: ${names.join(', ')}`,
      ),
      SECTION_TEXT_MAX,
    ),
  };
}
