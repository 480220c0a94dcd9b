/**
 * Pure view builders for incidents (SPEC §1.3, §3 Incidents): data in, Block Kit out. No I/O,
 * no clock: callers pass `nowMs`. Every piece of user text is escaped before it reaches mrkdwn,
 * times are Slack date tokens (each reader sees their own time zone), and Slack's limits hold
 * (50 blocks a message, 100 a modal, 3000 chars a section, 24-char modal titles).
 */
import type {
  ActionsBlockElement,
  Checkboxes,
  KnownBlock,
  Option,
  PlainTextOption,
  View,
} from '@slack/types';
import {
  type DraftViolationSummary,
  getIncidentSeverity,
  INCIDENT_DESCRIPTION_MAX,
  INCIDENT_TITLE_MAX,
  type IncidentTimelineEntry,
  PDPL_NOTIFICATION_HOURS,
  type PdplByHandRecipient,
  type PostMortemDraft,
  SEVERITY_IDS,
  type SeverityId,
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
import {
  INCIDENT_ACTION,
  INCIDENT_BLOCK,
  INCIDENT_CALLBACK,
  INCIDENT_FLAG,
  idSuffix,
  withSuffix,
} from './incidentIds.ts';
import { MESSAGE_BLOCKS_MAX, SECTION_TEXT_MAX, timeLeftText } from './ticketViews.ts';

// ─── Shared helpers (also used by customerOpsViews) ─────────────────────────────────────

export const MODAL_TITLE_MAX = 24;
export const BUTTON_TEXT_MAX = 75;
export const OPTION_TEXT_MAX = 75;
export const HEADER_TEXT_MAX = 150;
export const FIELD_TEXT_MAX = 2000;
export const SELECT_OPTIONS_MAX = 100;
export const CHECKBOX_OPTIONS_MAX = 10;

export const SEVERITY_EMOJI: Readonly<Record<SeverityId, string>> = Object.freeze({
  SEV1: '🔴',
  SEV2: '🟠',
  SEV3: '🟡',
});

/** "🔴 SEV1 · Critical" */
export function severityLabel(severity: SeverityId, lang: Lang): string {
  const s = getIncidentSeverity(severity);
  return `${SEVERITY_EMOJI[severity]} ${severity} · ${pick(lang, s.labelAr, s.labelEn)}`;
}

export function plain(text: string, max: number = BUTTON_TEXT_MAX) {
  return { type: 'plain_text' as const, text: truncate(text, max), emoji: true };
}

export function modalTitle(text: string) {
  return { type: 'plain_text' as const, text: truncate(text, MODAL_TITLE_MAX) };
}

export function mrkdwnSection(text: string, blockId?: string): KnownBlock {
  return {
    type: 'section',
    ...(blockId ? { block_id: blockId } : {}),
    text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX) },
  };
}

export function contextBlock(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] };
}

/**
 * Joins lines into as few mrkdwn section texts as possible, each ≤ `max` characters; a line
 * longer than `max` is cut. Date tokens are long, so callers cut user text, not the lines.
 */
export function chunkLines(lines: readonly string[], max: number = SECTION_TEXT_MAX): string[] {
  const out: string[] = [];
  let cur = '';
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (cur === '') cur = line;
    else if (cur.length + 1 + line.length <= max) cur = `${cur}\n${line}`;
    else {
      out.push(cur);
      cur = line;
    }
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** "▓▓▓░░░░░ 37.5%": a text progress bar of `width` cells. */
export function progressBar(pct: number, width = 8): string {
  const p = Number.isFinite(pct) ? Math.min(100, Math.max(0, pct)) : 0;
  const filled = Math.round((p / 100) * width);
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)} ${p}%`;
}

function violationsBlock(violations: readonly DraftViolationSummary[], lang: Lang): KnownBlock {
  const lines = violations
    .slice(0, 10)
    .map((v) => `• ${pick(lang, v.labelAr, v.labelEn)}: «${safeText(v.phrase, 100)}»`);
  if (violations.length > 10) {
    lines.push(
      pick(lang, `و${violations.length - 10} أخرى`, `…and ${violations.length - 10} more`),
    );
  }
  return mrkdwnSection(
    `${pick(lang, '⛔ *ادعاءات محظورة — لا يمكن الموافقة قبل التعديل:*', '⛔ *Prohibited claims — cannot be approved until edited:*')}\n${lines.join('\n')}`,
  );
}

// ─── The incident as views see it ───────────────────────────────────────────────────────

export type IncidentStatus = 'active' | 'resolved';

/** The incident as the Slack layer stores it: a plain, JSON-serialisable object. */
export interface IncidentView {
  id: string;
  /** The incident channel (absent until Slack has created it). */
  channelId?: string;
  title: string;
  description: string;
  severity: SeverityId;
  status: IncidentStatus;
  commanderId?: string;
  declaredBy: string;
  declaredAtMs: number;
  affectedCustomerIds: string[];
  /** Display names by customer id, when known. */
  affectedCustomerNames?: Record<string, string>;
  affectedCount: number;
  hasDataLeak: boolean;
  hasUnauthorizedSend: boolean;
  /** When the next status update is due (active incidents). */
  nextUpdateDueMs?: number;
  firstActionDueMs: number;
  firstActionAtMs?: number;
  /** The 72-hour PDPL notification deadline (data leaks). */
  pdplDeadlineMs?: number;
  pdplNoticeSentAtMs?: number;
  resolvedAtMs?: number;
  resolvedBy?: string;
  /** Number of status updates posted so far. */
  updateCount?: number;
  lastUpdateAtMs?: number;
  /** SEV1: live actions are frozen for the affected customers until a founder lifts it. */
  liveActionsFrozen?: boolean;
  reasonAr?: string;
  reasonEn?: string;
  /** The post-mortem draft's message, once posted. */
  postMortemTs?: string;
}

export interface CustomerChoice {
  id: string;
  name: string;
}

// ─── /incident: the declare modal ───────────────────────────────────────────────────────

export function buildDeclareIncidentModal(input: {
  lang: Lang;
  initialTitle?: string;
  customers: readonly CustomerChoice[];
  /** Carried to the view_submission (e.g. the channel `/incident` was run in). */
  privateMetadata?: string;
}): View {
  const { lang } = input;
  const blocks: KnownBlock[] = [
    contextBlock(
      pick(
        lang,
        '🧭 تُحدَّد الخطورة تلقائياً: *SEV1* لتسريب بيانات أو إرسال بدون موافقة، *SEV2* لخمسة عملاء متأثرين أو أكثر، وإلا *SEV3*.',
        '🧭 Severity is set by triage: *SEV1* for a data leak or an unapproved send, *SEV2* for 5 or more affected customers, else *SEV3*.',
      ),
    ),
  ];
  const initialTitle = input.initialTitle?.trim() ?? '';
  blocks.push({
    type: 'input',
    block_id: INCIDENT_BLOCK.title,
    label: plain(pick(lang, 'عنوان الحادثة', 'Incident title'), 2000),
    element: {
      type: 'plain_text_input',
      action_id: INCIDENT_ACTION.title,
      max_length: INCIDENT_TITLE_MAX,
      ...(initialTitle ? { initial_value: truncate(initialTitle, INCIDENT_TITLE_MAX) } : {}),
      placeholder: plain(pick(lang, 'ماذا حدث؟', 'What happened?'), 150),
    },
  });
  blocks.push({
    type: 'input',
    block_id: INCIDENT_BLOCK.description,
    optional: true,
    label: plain(pick(lang, 'الوصف', 'Description'), 2000),
    element: {
      type: 'plain_text_input',
      action_id: INCIDENT_ACTION.description,
      multiline: true,
      max_length: INCIDENT_DESCRIPTION_MAX,
    },
  });
  blocks.push({
    type: 'input',
    block_id: INCIDENT_BLOCK.affectedCount,
    optional: true,
    label: plain(pick(lang, 'عدد العملاء المتأثرين', 'Number of affected customers'), 2000),
    hint: plain(
      pick(
        lang,
        'اتركه فارغاً إن كان عميلاً واحداً. خمسة أو أكثر = SEV2.',
        'Leave empty for one customer. 5 or more = SEV2.',
      ),
      2000,
    ),
    element: {
      type: 'number_input',
      action_id: INCIDENT_ACTION.affectedCount,
      is_decimal_allowed: false,
      min_value: '0',
    },
  });
  const seen = new Set<string>();
  const options: PlainTextOption[] = [];
  for (const c of input.customers) {
    if (!c.id || c.id.length > 150 || seen.has(c.id)) continue;
    seen.add(c.id);
    options.push({ value: c.id, text: plain(c.name || c.id, OPTION_TEXT_MAX) });
  }
  if (options.length > 0) {
    const shown = options.slice(0, SELECT_OPTIONS_MAX);
    blocks.push({
      type: 'input',
      block_id: INCIDENT_BLOCK.affectedCustomers,
      optional: true,
      label: plain(pick(lang, 'العملاء المتأثرون', 'Which customers'), 2000),
      ...(options.length > shown.length
        ? {
            hint: plain(
              pick(
                lang,
                `تظهر أول ${shown.length} من ${options.length} عميلاً؛ اذكر الباقين في الوصف.`,
                `The first ${shown.length} of ${options.length} customers are listed; name the rest in the description.`,
              ),
              2000,
            ),
          }
        : {}),
      element: {
        type: 'multi_static_select',
        action_id: INCIDENT_ACTION.affectedCustomers,
        placeholder: plain(pick(lang, 'اختر العملاء', 'Choose customers'), 150),
        options: shown,
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: INCIDENT_BLOCK.flags,
    optional: true,
    label: plain(pick(lang, 'ماذا حدث بالضبط؟', 'What exactly happened?'), 2000),
    element: {
      type: 'checkboxes',
      action_id: INCIDENT_ACTION.flags,
      options: [
        {
          value: INCIDENT_FLAG.dataLeak,
          text: plain(pick(lang, 'تسرّبت بيانات', 'Data leaked'), OPTION_TEXT_MAX),
          description: plain(
            pick(lang, 'يبدأ مهلة إبلاغ PDPL (72 ساعة)', 'Starts the 72-hour PDPL notice clock'),
            OPTION_TEXT_MAX,
          ),
        },
        {
          value: INCIDENT_FLAG.unauthorizedSend,
          text: plain(
            pick(lang, 'أُرسل شيء بدون موافقة', 'Something was sent without approval'),
            OPTION_TEXT_MAX,
          ),
        },
      ],
    },
  });
  return {
    type: 'modal',
    callback_id: INCIDENT_CALLBACK.declareModal,
    private_metadata: truncate(input.privateMetadata ?? '', 3000),
    title: modalTitle(pick(lang, 'إعلان حادثة', 'Declare incident')),
    submit: modalTitle(pick(lang, 'إعلان', 'Declare')),
    close: modalTitle(pick(lang, 'إلغاء', 'Cancel')),
    blocks,
  };
}

// ─── The pinned summary ────────────────────────────────────────────────────────────────

function affectedText(incident: IncidentView, lang: Lang): string {
  const names = incident.affectedCustomerIds.map(
    (id) => incident.affectedCustomerNames?.[id] ?? id,
  );
  const shown = names.slice(0, 8).map((n) => safeText(n, 80));
  const more = names.length - shown.length;
  const list =
    shown.length > 0
      ? `\n${shown.join(pick(lang, '، ', ', '))}${more > 0 ? pick(lang, ` و${more} آخرون`, ` +${more} more`) : ''}`
      : '';
  return `${incident.affectedCount}${list}`;
}

/** The pinned incident summary, re-rendered (chat.update) whenever the incident changes. */
export function buildIncidentSummary(input: {
  incident: IncidentView;
  lang: Lang;
  nowMs: number;
}): { text: string; blocks: KnownBlock[] } {
  const { incident: inc, lang, nowMs } = input;
  const active = inc.status === 'active';
  const yes = pick(lang, 'نعم', 'yes');
  const no = pick(lang, 'لا', 'no');

  const fields: string[] = [
    `*${pick(lang, 'الخطورة', 'Severity')}*\n${severityLabel(inc.severity, lang)}`,
    `*${pick(lang, 'الحالة', 'Status')}*\n${
      active
        ? pick(lang, '🔥 نشطة', '🔥 Active')
        : `${pick(lang, '✅ محلولة', '✅ Resolved')}${inc.resolvedAtMs !== undefined ? ` ${slackDate(inc.resolvedAtMs)}` : ''}`
    }`,
    `*${pick(lang, 'قائد الحادثة', 'Commander')}*\n${
      inc.commanderId ? mention(inc.commanderId) : pick(lang, '⚠️ لم يُعيَّن بعد', '⚠️ Not set yet')
    }`,
    `*${pick(lang, 'أُعلنت', 'Declared')}*\n${slackDate(inc.declaredAtMs)} · ${mention(inc.declaredBy)}`,
  ];
  let nextUpdate = '—';
  if (active && inc.nextUpdateDueMs !== undefined) {
    nextUpdate = `${slackDate(inc.nextUpdateDueMs)} · ${timeLeftText(inc.nextUpdateDueMs, nowMs, lang)}`;
  } else if (!active) {
    nextUpdate = pick(lang, '— (انتهت التحديثات)', '— (updates stopped)');
  }
  fields.push(
    `*${pick(lang, 'تحديث الحالة القادم', 'Next status update')}*\n${nextUpdate}${
      inc.updateCount
        ? pick(lang, ` · ${inc.updateCount} منشورة`, ` · ${inc.updateCount} posted`)
        : ''
    }`,
  );
  const firstAction =
    inc.firstActionAtMs !== undefined
      ? pick(
          lang,
          `✅ اتُّخذ ${slackDate(inc.firstActionAtMs)} (بعد ${formatDuration(inc.firstActionAtMs - inc.declaredAtMs, lang)})`,
          `✅ Taken ${slackDate(inc.firstActionAtMs)} (${formatDuration(inc.firstActionAtMs - inc.declaredAtMs, lang)} in)`,
        )
      : `${slackDate(inc.firstActionDueMs)}${active ? ` · ${timeLeftText(inc.firstActionDueMs, nowMs, lang)}` : ''}`;
  fields.push(`*${pick(lang, 'موعد أول إجراء', 'First action due')}*\n${firstAction}`);
  fields.push(
    `*${pick(lang, 'العملاء المتأثرون', 'Affected customers')}*\n${affectedText(inc, lang)}`,
  );
  fields.push(
    `*${pick(lang, 'تسريب بيانات / إرسال بدون موافقة', 'Data leak / unapproved send')}*\n${inc.hasDataLeak ? yes : no} / ${inc.hasUnauthorizedSend ? yes : no}`,
  );
  if (inc.hasDataLeak && inc.pdplDeadlineMs !== undefined) {
    const pdpl =
      inc.pdplNoticeSentAtMs !== undefined
        ? pick(
            lang,
            `✅ أُرسل الإشعار ${slackDate(inc.pdplNoticeSentAtMs)}`,
            `✅ Notice sent ${slackDate(inc.pdplNoticeSentAtMs)}`,
          )
        : `${slackDate(inc.pdplDeadlineMs)} · ${timeLeftText(inc.pdplDeadlineMs, nowMs, lang)}`;
    fields.push(
      `*${pick(lang, `مهلة إبلاغ PDPL (${PDPL_NOTIFICATION_HOURS} ساعة)`, `PDPL notice deadline (${PDPL_NOTIFICATION_HOURS} h)`)}*\n${pdpl}`,
    );
  }

  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: plain(
        `${active ? SEVERITY_EMOJI[inc.severity] : '✅'} ${inc.severity} — ${inc.title}`,
        HEADER_TEXT_MAX,
      ),
    },
    {
      type: 'section',
      fields: fields
        .slice(0, 10)
        .map((t) => ({ type: 'mrkdwn', text: truncate(t, FIELD_TEXT_MAX) })),
    },
  ];
  if (inc.description.trim() !== '') {
    blocks.push(
      mrkdwnSection(
        `*${pick(lang, 'الوصف', 'Description')}*\n${quoteText(inc.description, SECTION_TEXT_MAX - 100)}`,
      ),
    );
  }
  const notes: string[] = [];
  const reason = pick(lang, inc.reasonAr ?? '', inc.reasonEn ?? '');
  if (reason) notes.push(`🧭 ${pick(lang, 'سبب الخطورة', 'Why')}: ${escapeText(reason)}`);
  if (inc.liveActionsFrozen) {
    notes.push(
      pick(
        lang,
        '🧊 الإجراءات الحية مجمّدة للعملاء المتأثرين حتى يرفعها المؤسس.',
        '🧊 Live actions are frozen for the affected customers until a founder lifts it.',
      ),
    );
  }
  if (!active && inc.resolvedAtMs !== undefined) {
    const by = inc.resolvedBy
      ? pick(lang, ` بواسطة ${mention(inc.resolvedBy)}`, ` by ${mention(inc.resolvedBy)}`)
      : '';
    notes.push(
      pick(
        lang,
        `🏁 حُلّت${by} بعد ${formatDuration(inc.resolvedAtMs - inc.declaredAtMs, lang)}`,
        `🏁 Resolved${by} after ${formatDuration(inc.resolvedAtMs - inc.declaredAtMs, lang)}`,
      ),
    );
  }
  if (!active && inc.postMortemTs) {
    notes.push(
      pick(
        lang,
        '📝 نُشرت مسودة مراجعة ما بعد الحادثة في هذه القناة.',
        '📝 The post-mortem draft is posted in this channel.',
      ),
    );
  }
  if (notes.length > 0) {
    blocks.push({
      type: 'context',
      elements: notes.map((t) => ({ type: 'mrkdwn', text: truncate(t, 3000) })),
    });
  }
  if (active) {
    const severityOptions: PlainTextOption[] = SEVERITY_IDS.map((s) => ({
      value: `${inc.id}|${s}`,
      text: plain(severityLabel(s, lang), OPTION_TEXT_MAX),
    }));
    const current = severityOptions.find((o) => o.value === `${inc.id}|${inc.severity}`);
    blocks.push({
      type: 'actions',
      block_id: withSuffix(INCIDENT_BLOCK.summaryActions, inc.id),
      elements: [
        {
          type: 'users_select',
          action_id: INCIDENT_ACTION.setCommander,
          placeholder: plain(pick(lang, '👤 تعيين القائد', '👤 Set commander'), 150),
          ...(inc.commanderId ? { initial_user: inc.commanderId } : {}),
        },
        {
          type: 'static_select',
          action_id: INCIDENT_ACTION.changeSeverity,
          placeholder: plain(pick(lang, 'تغيير الخطورة', 'Change severity'), 150),
          options: severityOptions,
          ...(current ? { initial_option: current } : {}),
        },
        {
          type: 'button',
          action_id: INCIDENT_ACTION.postUpdate,
          value: inc.id,
          text: plain(pick(lang, '📝 نشر تحديث', '📝 Post update')),
        },
        {
          type: 'button',
          action_id: INCIDENT_ACTION.resolve,
          style: 'danger',
          value: inc.id,
          text: plain(pick(lang, '🏁 حل الحادثة', '🏁 Resolve')),
        },
      ],
    });
  }
  if (inc.liveActionsFrozen) {
    blocks.push({
      type: 'actions',
      block_id: withSuffix(INCIDENT_BLOCK.freezeActions, inc.id),
      elements: [
        {
          type: 'button',
          action_id: INCIDENT_ACTION.liftFreeze,
          value: inc.id,
          text: plain(pick(lang, '🔓 رفع التجميد (للمؤسس)', '🔓 Lift freeze (founder)')),
          confirm: {
            title: plain(pick(lang, 'رفع التجميد؟', 'Lift the freeze?'), 100),
            text: plain(
              pick(
                lang,
                'ستعود الموافقة على الردود لهؤلاء العملاء ممكنة.',
                'Replies to these customers can be approved again.',
              ),
              300,
            ),
            confirm: plain(pick(lang, 'رفع', 'Lift'), 30),
            deny: plain(pick(lang, 'إلغاء', 'Cancel'), 30),
          },
        },
      ],
    });
  }
  return {
    text: escapeText(truncate(`${inc.severity} ${inc.title}`, 300)),
    blocks,
  };
}

/** Reads `{ incidentId }` from a summary/first-action actions block_id (for users_select). */
export function incidentIdFromBlockId(blockId: string): string | null {
  return idSuffix(blockId);
}

// ─── Response plan checklist ───────────────────────────────────────────────────────────

export interface ResponsePlanStepView {
  id: string;
  textAr: string;
  textEn: string;
  done: boolean;
  doneBy?: string;
  doneAtMs?: number;
}

/** block_id of the checklist chunk: `incident_plan_checklist:<chunk>:<incidentId>`. */
export function parsePlanBlockId(blockId: string): { chunk: number; incidentId: string } | null {
  const rest = idSuffix(blockId);
  if (rest === null || !blockId.startsWith(`${INCIDENT_BLOCK.planChecklist}:`)) return null;
  const i = rest.indexOf(':');
  if (i < 0) return null;
  const chunk = Number(rest.slice(0, i));
  const incidentId = rest.slice(i + 1);
  return Number.isInteger(chunk) && incidentId ? { chunk, incidentId } : null;
}

function stepOption(n: number, text: string): Option {
  const full = `${n}. ${text}`;
  if (full.length <= OPTION_TEXT_MAX) return { value: '', text: plain(full, OPTION_TEXT_MAX) };
  // Too long for one option line: cut at a word boundary, the rest goes in the description.
  const room = OPTION_TEXT_MAX - 1;
  let cut = full.lastIndexOf(' ', room);
  if (cut < room / 2) cut = room;
  const code = full.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // never split a surrogate pair
  return {
    value: '',
    text: plain(`${full.slice(0, cut).trimEnd()}…`, OPTION_TEXT_MAX),
    description: plain(`…${full.slice(cut).trimStart()}`, OPTION_TEXT_MAX),
  };
}

/**
 * The response plan as a message the team ticks off: checkboxes (10 per actions block), done
 * steps pre-ticked, and who ticked what when. Option values are the step ids; the block_id
 * carries the incident id (see parsePlanBlockId), so even un-ticking the last box is routable.
 */
export function buildResponsePlanChecklist(input: {
  incidentId: string;
  steps: readonly ResponsePlanStepView[];
  lang: Lang;
  severity?: SeverityId;
}): { text: string; blocks: KnownBlock[] } {
  const { lang, steps, incidentId } = input;
  const done = steps.filter((s) => s.done).length;
  const pct = steps.length === 0 ? 0 : Math.round((done / steps.length) * 1000) / 10;
  const sev = input.severity ? ` · ${severityLabel(input.severity, lang)}` : '';
  const blocks: KnownBlock[] = [
    mrkdwnSection(
      `*${pick(lang, '📋 خطة الاستجابة', '📋 Response plan')}*${sev}\n${pick(lang, `${done} من ${steps.length} منجزة`, `${done} of ${steps.length} done`)} ${progressBar(pct, 8)}`,
    ),
  ];
  if (steps.length === 0) {
    blocks.push(contextBlock(pick(lang, 'لا توجد خطوات.', 'No steps.')));
  }
  // At most 40 chunks would already be 400 steps; keep the message well inside 50 blocks.
  const maxChunks = MESSAGE_BLOCKS_MAX - 5;
  const seen = new Set<string>();
  const unique = steps.filter((s) => s.id && !seen.has(s.id) && seen.add(s.id));
  for (let c = 0; c * CHECKBOX_OPTIONS_MAX < unique.length && c < maxChunks; c++) {
    const chunk = unique.slice(c * CHECKBOX_OPTIONS_MAX, (c + 1) * CHECKBOX_OPTIONS_MAX);
    const options: Option[] = chunk.map((s, i) => {
      const o = stepOption(c * CHECKBOX_OPTIONS_MAX + i + 1, pick(lang, s.textAr, s.textEn));
      o.value = truncate(s.id, 150);
      return o;
    });
    const initial = options.filter((_, i) => chunk[i]?.done);
    const element: Checkboxes = {
      type: 'checkboxes',
      action_id:
        c === 0 ? INCIDENT_ACTION.planSteps : withSuffix(INCIDENT_ACTION.planSteps, String(c)),
      options,
      ...(initial.length > 0 ? { initial_options: initial } : {}),
    };
    blocks.push({
      type: 'actions',
      block_id: withSuffix(INCIDENT_BLOCK.planChecklist, `${c}:${incidentId}`),
      elements: [element],
    });
  }
  const log = unique
    .map((s, i) => ({ s, n: i + 1 }))
    .filter(({ s }) => s.done && (s.doneBy || s.doneAtMs !== undefined))
    .map(({ s, n }) => {
      const who = s.doneBy ? ` ${mention(s.doneBy)}` : '';
      const when = s.doneAtMs !== undefined ? ` · ${slackDate(s.doneAtMs)}` : '';
      return `✅ ${n}.${who}${when}`;
    });
  const logChunks = chunkLines(log, 3000).slice(0, 2);
  for (const t of logChunks) blocks.push(contextBlock(t));
  blocks.push(
    contextBlock(
      pick(
        lang,
        'ضع علامة على الخطوة عند إنجازها؛ تُضاف إلى الخط الزمني للحادثة.',
        'Tick a step when it is done; it joins the incident timeline.',
      ),
    ),
  );
  return {
    text: pick(
      lang,
      `خطة الاستجابة: ${done}/${steps.length} منجزة`,
      `Response plan: ${done}/${steps.length} done`,
    ),
    blocks,
  };
}

// ─── Status updates ────────────────────────────────────────────────────────────────────

/** Value carried by the status-update buttons (and the edit form's private_metadata). */
export interface StatusUpdateRef {
  incidentId: string;
  seq: number;
  /**
   * The version of the draft's text the message showed. Absent on buttons from before
   * versions: an approval from them is refused as changed (nobody can tell what was seen).
   */
  rev?: number;
  /** Snooze only. */
  minutes?: number;
}

export function parseStatusUpdateValue(value: string): StatusUpdateRef | null {
  try {
    const v = JSON.parse(value) as Partial<StatusUpdateRef>;
    if (typeof v.incidentId !== 'string' || typeof v.seq !== 'number') return null;
    return {
      incidentId: v.incidentId,
      seq: v.seq,
      ...(typeof v.rev === 'number' ? { rev: v.rev } : {}),
      ...(typeof v.minutes === 'number' ? { minutes: v.minutes } : {}),
    };
  } catch {
    return null;
  }
}

/**
 * A drafted status update posted in the incident channel for approval. Approve & post is
 * offered only when the draft has no prohibited claims; nothing is posted before approval.
 */
export function buildStatusUpdateDraft(input: {
  incidentId: string;
  updateSeq: number;
  /** The version of the text shown (carried by the buttons: see StatusUpdateRef.rev). */
  updateRev: number;
  text: string;
  /** The update per language its readers need (shown instead of `text` when more than one). */
  texts?: ReadonlyArray<{ lang: Lang; text: string }>;
  lang: Lang;
  dueAtMs: number;
  violations?: readonly DraftViolationSummary[];
  nowMs?: number;
  /** Where an approved update goes (stakeholder + affected customers' channels). */
  destinationChannelIds?: readonly string[];
  snoozeMinutes?: number;
  editedBy?: string;
  /** Once decided, the buttons give way to what happened. */
  outcome?: StatusUpdateOutcome;
}): { text: string; blocks: KnownBlock[] } {
  const { lang, incidentId, updateSeq, updateRev } = input;
  const violations = input.violations ?? [];
  const snooze = input.snoozeMinutes ?? 15;
  const ref = (extra: Partial<StatusUpdateRef> = {}) =>
    JSON.stringify({ incidentId, seq: updateSeq, rev: updateRev, ...extra });
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: plain(
        pick(
          lang,
          `📝 تحديث الحالة رقم ${updateSeq} — مسودة`,
          `📝 Status update #${updateSeq} — draft`,
        ),
        HEADER_TEXT_MAX,
      ),
    },
  ];
  const versions =
    input.texts && input.texts.length > 1
      ? input.texts
      : [{ lang: null as Lang | null, text: input.text }];
  const perText = Math.floor((SECTION_TEXT_MAX - 200) / versions.length);
  versions.forEach((v, i) => {
    const which =
      v.lang === null
        ? ''
        : `*${v.lang === 'ar' ? pick(lang, 'بالعربية', 'Arabic') : pick(lang, 'بالإنجليزية', 'English')}*\n`;
    blocks.push(
      mrkdwnSection(
        `${which}${
          v.text.trim() === ''
            ? pick(lang, '_(مسودة فارغة — عدّلها)_', '_(empty draft — edit it)_')
            : quoteText(v.text, perText - 40)
        }`,
        i === 0 ? INCIDENT_BLOCK.updateDraft : withSuffix(INCIDENT_BLOCK.updateDraft, v.lang ?? i),
      ),
    );
  });
  const empty = versions.some((v) => v.text.trim() === '');
  if (violations.length > 0) blocks.push(violationsBlock(violations, lang));
  const due = `${pick(lang, '⏰ موعد التحديث', '⏰ Update due')}: ${slackDate(input.dueAtMs)}${
    input.nowMs !== undefined ? ` · ${timeLeftText(input.dueAtMs, input.nowMs, lang)}` : ''
  }`;
  const dest =
    input.destinationChannelIds && input.destinationChannelIds.length > 0
      ? pick(
          lang,
          `بعد الموافقة يُنشر في: ${input.destinationChannelIds
            .slice(0, 10)
            .map((c) => `<#${c}>`)
            .join(' ')}`,
          `Once approved it goes to: ${input.destinationChannelIds
            .slice(0, 10)
            .map((c) => `<#${c}>`)
            .join(' ')}`,
        )
      : pick(
          lang,
          'بعد الموافقة يُنشر في قناة أصحاب المصلحة (وقنوات العملاء المتأثرين).',
          "Once approved it goes to the stakeholder channel (and the affected customers' channels).",
        );
  const ctx = [
    due,
    `${dest} ${pick(lang, 'لا يُنشر شيء قبل الموافقة.', 'Nothing is posted before approval.')}`,
  ];
  if (input.editedBy) {
    ctx.push(pick(lang, `عدّله ${mention(input.editedBy)}`, `Edited by ${mention(input.editedBy)}`));
  }
  blocks.push({
    type: 'context',
    elements: ctx.map((t) => ({ type: 'mrkdwn', text: truncate(t, 3000) })),
  });
  if (input.outcome) {
    blocks.push(contextBlock(statusOutcomeText(input.outcome, lang)));
    return { text: statusOutcomeText(input.outcome, lang), blocks };
  }
  const elements: ActionsBlockElement[] = [];
  if (violations.length === 0 && !empty) {
    elements.push({
      type: 'button',
      action_id: INCIDENT_ACTION.approveUpdate,
      style: 'primary',
      value: ref(),
      text: plain(pick(lang, '✅ موافقة ونشر', '✅ Approve & post')),
    });
  }
  elements.push(
    {
      type: 'button',
      action_id: INCIDENT_ACTION.editUpdate,
      value: ref(),
      text: plain(pick(lang, '✏️ تعديل', '✏️ Edit')),
    },
    {
      type: 'button',
      action_id: INCIDENT_ACTION.snoozeUpdate,
      value: ref({ minutes: snooze }),
      text: plain(pick(lang, `💤 تأجيل ${snooze} د`, `💤 Snooze ${snooze} min`)),
    },
  );
  blocks.push({ type: 'actions', block_id: INCIDENT_BLOCK.updateActions, elements });
  return {
    text: pick(
      lang,
      `مسودة تحديث الحالة رقم ${updateSeq} بانتظار الموافقة`,
      `Status update #${updateSeq} draft waiting for approval`,
    ),
    blocks,
  };
}

export type StatusUpdateOutcome =
  | { kind: 'approved'; by: string; atMs: number; destinationChannelIds?: readonly string[] }
  | { kind: 'snoozed'; by: string; untilMs: number }
  | { kind: 'closed' };

function statusOutcomeText(o: StatusUpdateOutcome, lang: Lang): string {
  if (o.kind === 'approved') {
    const where =
      o.destinationChannelIds && o.destinationChannelIds.length > 0
        ? ` → ${o.destinationChannelIds
            .slice(0, 10)
            .map((c) => `<#${c}>`)
            .join(' ')}`
        : '';
    return pick(
      lang,
      `✅ وافق عليه ${mention(o.by)} ${slackDate(o.atMs)} ونُشر${where}`,
      `✅ Approved by ${mention(o.by)} ${slackDate(o.atMs)} and posted${where}`,
    );
  }
  if (o.kind === 'snoozed') {
    return pick(
      lang,
      `💤 أجّله ${mention(o.by)}؛ المسودة التالية ${slackDate(o.untilMs)}`,
      `💤 Snoozed by ${mention(o.by)}; next draft ${slackDate(o.untilMs)}`,
    );
  }
  return pick(
    lang,
    '🏁 أُغلقت المسودة: حُلّت الحادثة.',
    '🏁 Draft closed: the incident was resolved.',
  );
}

/** Edit a drafted status update; private_metadata is the StatusUpdateRef JSON. */
export function buildStatusUpdateModal(input: {
  incidentId: string;
  updateSeq: number;
  /** The version of the text the form opens with: saving over a later edit is refused. */
  updateRev: number;
  text: string;
  lang: Lang;
  incidentTitle?: string;
  /** One input per language the readers need (block_id suffixed `:ar` / `:en`). */
  texts?: Partial<Record<Lang, string>>;
}): View {
  const { lang } = input;
  const blocks: KnownBlock[] = [];
  const langs = input.texts ? (Object.keys(input.texts) as Lang[]) : [];
  blocks.push(
    contextBlock(
      `${input.incidentTitle ? `*${safeText(input.incidentTitle, 200)}* — ` : ''}${pick(
        lang,
        'يُفحص التحديث بحثاً عن الادعاءات المحظورة، ولا يُنشر قبل الموافقة.',
        'The update is checked for prohibited claims and is not posted before approval.',
      )}`,
    ),
  );
  if (langs.length > 0) {
    for (const l of langs) {
      const text = input.texts?.[l] ?? '';
      blocks.push({
        type: 'input',
        block_id: withSuffix(INCIDENT_BLOCK.updateText, l),
        label: plain(
          l === 'ar'
            ? pick(
                lang,
                `نص التحديث رقم ${input.updateSeq} بالعربية`,
                `Update #${input.updateSeq} in Arabic`,
              )
            : pick(
                lang,
                `نص التحديث رقم ${input.updateSeq} بالإنجليزية`,
                `Update #${input.updateSeq} in English`,
              ),
          2000,
        ),
        element: {
          type: 'plain_text_input',
          action_id: INCIDENT_ACTION.updateText,
          multiline: true,
          max_length: 3000,
          ...(text ? { initial_value: truncate(text, 3000) } : {}),
        },
      });
    }
  } else {
    blocks.push({
      type: 'input',
      block_id: INCIDENT_BLOCK.updateText,
      label: plain(
        pick(lang, `نص التحديث رقم ${input.updateSeq}`, `Update #${input.updateSeq} text`),
        2000,
      ),
      element: {
        type: 'plain_text_input',
        action_id: INCIDENT_ACTION.updateText,
        multiline: true,
        max_length: 3000,
        ...(input.text ? { initial_value: truncate(input.text, 3000) } : {}),
      },
    });
  }
  return {
    type: 'modal',
    callback_id: INCIDENT_CALLBACK.statusUpdateModal,
    private_metadata: JSON.stringify({
      incidentId: input.incidentId,
      seq: input.updateSeq,
      rev: input.updateRev,
    }),
    title: modalTitle(pick(lang, 'تعديل التحديث', 'Edit status update')),
    submit: modalTitle(pick(lang, 'حفظ', 'Save')),
    close: modalTitle(pick(lang, 'إلغاء', 'Cancel')),
    blocks,
  };
}

// ─── Resolve + post-mortem ─────────────────────────────────────────────────────────────

export const RESOLVE_TEXT_MAX = 2000;

export function buildResolveIncidentModal(input: {
  incidentId: string;
  lang: Lang;
  title?: string;
  severity?: SeverityId;
}): View {
  const { lang } = input;
  const s = input.severity ? getIncidentSeverity(input.severity) : null;
  const due =
    s === null
      ? ''
      : s.postMortemDueHours === null
        ? pick(lang, ' مراجعة ما بعد الحادثة اختيارية.', ' The post-mortem is optional.')
        : pick(
            lang,
            ` مراجعة ما بعد الحادثة مطلوبة خلال ${s.postMortemDueHours} ساعة.`,
            ` The post-mortem is due within ${s.postMortemDueHours} h.`,
          );
  const head = input.title
    ? `*${input.severity ? `${SEVERITY_EMOJI[input.severity]} ${input.severity} — ` : ''}${safeText(input.title, 200)}*\n`
    : '';
  return {
    type: 'modal',
    callback_id: INCIDENT_CALLBACK.resolveModal,
    private_metadata: JSON.stringify({ incidentId: input.incidentId }),
    title: modalTitle(pick(lang, 'حل الحادثة', 'Resolve incident')),
    submit: modalTitle(pick(lang, 'حل', 'Resolve')),
    close: modalTitle(pick(lang, 'إلغاء', 'Cancel')),
    blocks: [
      contextBlock(
        `${head}${pick(lang, 'تتوقف التذكيرات بعد الحل، وتُصاغ مسودة مراجعة ما بعد الحادثة.', 'Reminders stop on resolve and a post-mortem is drafted.')}${due}`,
      ),
      {
        type: 'input',
        block_id: INCIDENT_BLOCK.resolveSummary,
        label: plain(pick(lang, 'الملخص', 'Summary'), 2000),
        element: {
          type: 'plain_text_input',
          action_id: INCIDENT_ACTION.resolveSummary,
          multiline: true,
          max_length: RESOLVE_TEXT_MAX,
          placeholder: plain(
            pick(lang, 'ماذا حدث وكيف حُلّ؟', 'What happened and how was it fixed?'),
            150,
          ),
        },
      },
      {
        type: 'input',
        block_id: INCIDENT_BLOCK.resolveCause,
        label: plain(pick(lang, 'السبب', 'Cause'), 2000),
        element: {
          type: 'plain_text_input',
          action_id: INCIDENT_ACTION.resolveCause,
          multiline: true,
          max_length: RESOLVE_TEXT_MAX,
        },
      },
      {
        type: 'input',
        block_id: INCIDENT_BLOCK.resolveActionItems,
        optional: true,
        label: plain(
          pick(lang, 'إجراءات تصحيحية (سطر لكل إجراء)', 'Action items (one per line)'),
          2000,
        ),
        element: {
          type: 'plain_text_input',
          action_id: INCIDENT_ACTION.resolveActionItems,
          multiline: true,
          max_length: RESOLVE_TEXT_MAX,
        },
      },
    ],
  };
}

const TIMELINE_KIND_LABELS: Readonly<Record<string, { ar: string; en: string }>> = Object.freeze({
  declared: { ar: 'إعلان', en: 'Declared' },
  severity: { ar: 'الخطورة', en: 'Severity' },
  commander: { ar: 'القائد', en: 'Commander' },
  plan_step: { ar: 'خطوة الخطة', en: 'Plan step' },
  update: { ar: 'تحديث', en: 'Update' },
  pinned: { ar: 'مثبّت', en: 'Pinned' },
  first_action: { ar: 'أول إجراء', en: 'First action' },
  pdpl_notice: { ar: 'إشعار PDPL', en: 'PDPL notice' },
  resolved: { ar: 'الحل', en: 'Resolved' },
  freeze: { ar: 'التجميد', en: 'Freeze' },
});

function kindLabel(kind: string, lang: Lang): string {
  const l = TIMELINE_KIND_LABELS[kind];
  return l ? pick(lang, l.ar, l.en) : safeText(kind, 40);
}

function timelineLine(e: IncidentTimelineEntry, lang: Lang): string {
  const text = e.text.replace(/\s+/g, ' ').trim();
  return `• ${slackDate(e.atMs)} — *${kindLabel(e.kind, lang)}*${text ? `: ${safeText(text, 280)}` : ''}`;
}

/** Entries shown at most; beyond it the middle is summarised (first and last kept). */
export const POST_MORTEM_TIMELINE_MAX = 40;

/**
 * The post-mortem draft as a message: chronological timeline with a date token per entry
 * (the middle summarised when there are more than POST_MORTEM_TIMELINE_MAX), time to first
 * action and to resolve, action items and the due date by severity.
 */
export function buildPostMortemMessage(input: { postMortem: PostMortemDraft; lang: Lang }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { postMortem: pm, lang } = input;
  const sev = getIncidentSeverity(pm.severity);
  const section = (id: string) => pm.sections.find((s) => s.id === id);
  const body = (id: string) => {
    const s = section(id);
    return s ? pick(lang, s.bodyAr, s.bodyEn) : '';
  };
  const tfa =
    pm.timeToFirstActionMinutes === null
      ? pick(lang, 'غير مسجل', 'not recorded')
      : `${formatDuration(pm.timeToFirstActionMinutes * 60_000, lang)} (${pick(lang, `الهدف ${sev.firstActionMinutes} د`, `target ${sev.firstActionMinutes} min`)}) ${
          pm.firstActionWithinTarget ? '✅' : '⚠️'
        }`;
  const due =
    pm.dueAtMs === null
      ? pick(lang, 'اختيارية (SEV3)', 'Optional (SEV3)')
      : `${slackDate(pm.dueAtMs)} (${pick(lang, `خلال ${sev.postMortemDueHours} ساعة`, `within ${sev.postMortemDueHours} h`)})`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(pick(lang, pm.titleAr, pm.titleEn), HEADER_TEXT_MAX) },
    contextBlock(
      pick(
        lang,
        '📝 مسودة — راجعها وعدّلها قبل مشاركتها. لا يصل شيء إلى العملاء دون موافقة.',
        '📝 Draft — review and edit before sharing. Nothing reaches customers without approval.',
      ),
    ),
    {
      type: 'section',
      fields: [
        `*${pick(lang, 'الخطورة', 'Severity')}*\n${severityLabel(pm.severity, lang)}`,
        `*${pick(lang, 'موعد المراجعة', 'Post-mortem due')}*\n${due}`,
        `*${pick(lang, 'أُعلنت', 'Declared')}*\n${slackDate(pm.declaredAtMs)}`,
        `*${pick(lang, 'حُلّت', 'Resolved')}*\n${slackDate(pm.resolvedAtMs)}`,
        `*${pick(lang, 'الوقت حتى أول إجراء', 'Time to first action')}*\n${tfa}`,
        `*${pick(lang, 'الوقت حتى الحل', 'Time to resolve')}*\n${formatDuration(pm.timeToResolveMinutes * 60_000, lang)}`,
      ].map((t) => ({ type: 'mrkdwn' as const, text: truncate(t, FIELD_TEXT_MAX) })),
    },
    mrkdwnSection(
      `*${pick(lang, 'الملخص', 'Summary')}*\n${safeText(body('summary'), SECTION_TEXT_MAX - 100)}`,
    ),
    mrkdwnSection(
      `*${pick(lang, 'الأثر', 'Impact')}*\n${safeText(body('impact'), SECTION_TEXT_MAX - 100)}`,
    ),
    mrkdwnSection(
      `*${pick(lang, 'السبب', 'Cause')}*\n${safeText(body('cause'), SECTION_TEXT_MAX - 100)}`,
    ),
  ];

  // Timeline: chronological (sorted again defensively), first and last entries kept.
  const timeline = pm.timeline
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].atMs - b[0].atMs || a[1] - b[1])
    .map(([e]) => e);
  const lines: string[] = [];
  if (timeline.length <= POST_MORTEM_TIMELINE_MAX) {
    for (const e of timeline) lines.push(timelineLine(e, lang));
  } else {
    const headN = Math.ceil(POST_MORTEM_TIMELINE_MAX * 0.6);
    const tailN = POST_MORTEM_TIMELINE_MAX - headN;
    const hidden = timeline.slice(headN, timeline.length - tailN);
    for (const e of timeline.slice(0, headN)) lines.push(timelineLine(e, lang));
    const counts = new Map<string, number>();
    for (const e of hidden) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
    const byKind = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, n]) => `${kindLabel(k, lang)} ×${n}`)
      .join(', ');
    const first = hidden[0];
    const last = hidden[hidden.length - 1];
    if (first && last) {
      lines.push(
        pick(
          lang,
          `⋯ _و${hidden.length} حدثاً آخر بين ${slackDate(first.atMs)} و${slackDate(last.atMs)} (${byKind})_`,
          `⋯ _${hidden.length} more events between ${slackDate(first.atMs)} and ${slackDate(last.atMs)} (${byKind})_`,
        ),
      );
    }
    for (const e of timeline.slice(timeline.length - tailN)) lines.push(timelineLine(e, lang));
  }
  blocks.push(
    mrkdwnSection(
      `*${pick(lang, 'الخط الزمني', 'Timeline')}* (${timeline.length})${
        timeline.length === 0 ? `\n${pick(lang, 'لا أحداث مسجلة.', 'No events recorded.')}` : ''
      }`,
    ),
  );
  for (const chunk of chunkLines(lines).slice(0, 20)) blocks.push(mrkdwnSection(chunk));

  const items = [
    ...pm.actionItems,
    ...(lang === 'ar' ? pm.suggestedActionItemsAr : pm.suggestedActionItemsEn),
  ];
  const itemLines = items.slice(0, 30).map((a) => `• ${safeText(a, 300)}`);
  if (items.length > 30) {
    itemLines.push(pick(lang, `و${items.length - 30} أخرى`, `…and ${items.length - 30} more`));
  }
  const itemChunks = chunkLines(
    [`*${pick(lang, 'الإجراءات التصحيحية', 'Action items')}*`, ...itemLines],
    SECTION_TEXT_MAX,
  );
  for (const chunk of itemChunks.slice(0, 3)) blocks.push(mrkdwnSection(chunk));
  return {
    text: escapeText(truncate(pick(lang, pm.titleAr, pm.titleEn), 300)),
    blocks: blocks.slice(0, MESSAGE_BLOCKS_MAX),
  };
}

// ─── PDPL and first-action reminders ───────────────────────────────────────────────────

/**
 * A PDPL reminder with the drafted customer notice: Approve & send notice / Edit. The notice
 * reaches customers only after approval.
 */
export function buildPdplReminder(input: {
  incidentId: string;
  /** The version of the notice shown (carried by its buttons: see PdplNoticeRef.rev). */
  noticeRev: number;
  hoursElapsed: number;
  deadlineMs: number;
  noticeText: string;
  lang: Lang;
  nowMs?: number;
  violations?: readonly DraftViolationSummary[];
  /** How many customers the notice goes to, when known. */
  recipientCount?: number;
  /** The notice per language the recipients need (shown instead of `noticeText`). */
  notices?: ReadonlyArray<{ lang: Lang; text: string }>;
  /** Hours left to the deadline when the clock is not the SPEC's 72 hours (trials). */
  hoursLeft?: number;
  isDeadline?: boolean;
  /** Once approved and sent, the buttons give way to who sent it when. */
  sent?: { by?: string; atMs: number };
  /** Once sent: the customers outside Slack, each with a button to record the send by hand. */
  byHand?: readonly PdplByHandRecipient[];
  /** People to ping (founders, commander). */
  notifyUserIds?: readonly string[];
}): { text: string; blocks: KnownBlock[] } {
  const { lang } = input;
  const elapsed = Math.max(0, Math.floor(input.hoursElapsed));
  // The clock's first message, posted when the leak is declared.
  const justDeclared = input.hoursElapsed === 0;
  const left = input.isDeadline
    ? 0
    : Math.max(
        0,
        input.hoursLeft !== undefined
          ? Math.round(input.hoursLeft * 10) / 10
          : PDPL_NOTIFICATION_HOURS - elapsed,
      );
  const violations = input.violations ?? [];
  const reached = input.isDeadline ?? left === 0;
  const headline = reached
    ? pick(lang, '⛔ انتهت مهلة إبلاغ PDPL', '⛔ PDPL notice deadline reached')
    : pick(
        lang,
        `⏰ PDPL: متبقٍ ${left} ساعة لإبلاغ العملاء`,
        `⏰ PDPL: ${left} h left to notify customers`,
      );
  const timeLeft =
    input.nowMs !== undefined ? ` · ${timeLeftText(input.deadlineMs, input.nowMs, lang)}` : '';
  const recipients =
    input.recipientCount !== undefined
      ? pick(
          lang,
          ` المستلمون: ${input.recipientCount} عميل.`,
          ` Recipients: ${input.recipientCount} customers.`,
        )
      : '';
  const ref = JSON.stringify({
    incidentId: input.incidentId,
    rev: input.noticeRev,
  } satisfies PdplNoticeRef);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(headline, HEADER_TEXT_MAX) },
    mrkdwnSection(
      pick(
        lang,
        `${justDeclared ? 'أُعلن تسريب بيانات للتو.' : `مضى ${elapsed} ساعة على تسريب البيانات.`} يجب إبلاغ العملاء المتأثرين خلال ${PDPL_NOTIFICATION_HOURS} ساعة (نظام حماية البيانات الشخصية).\n*الموعد النهائي:* ${slackDate(input.deadlineMs)}${timeLeft}${recipients}`,
        `${justDeclared ? 'A data leak was just declared.' : `${elapsed} h since the data leak.`} Affected customers must be notified within ${PDPL_NOTIFICATION_HOURS} hours (PDPL).\n*Deadline:* ${slackDate(input.deadlineMs)}${timeLeft}${recipients}`,
      ),
    ),
  ];
  if (input.notifyUserIds && input.notifyUserIds.length > 0) {
    blocks.splice(1, 0, contextBlock(mentions(input.notifyUserIds.slice(0, 20))));
  }
  const notices =
    input.notices && input.notices.length > 0
      ? input.notices
      : [{ lang: null as Lang | null, text: input.noticeText }];
  const perNotice = Math.floor((SECTION_TEXT_MAX - 100) / notices.length) - 60;
  for (const n of notices) {
    const which =
      n.lang === null
        ? ''
        : ` (${n.lang === 'ar' ? pick(lang, 'بالعربية', 'Arabic') : pick(lang, 'بالإنجليزية', 'English')})`;
    blocks.push(
      mrkdwnSection(
        `*${pick(lang, 'مسودة الإشعار', 'Drafted notice')}${which}*\n${
          n.text.trim() === ''
            ? pick(lang, '_(فارغة — عدّلها)_', '_(empty — edit it)_')
            : quoteText(n.text, perNotice)
        }`,
      ),
    );
  }
  const noticeEmpty = notices.every((n) => n.text.trim() === '');
  if (input.sent) {
    blocks.push(
      contextBlock(
        pick(
          lang,
          `✅ اعتُمد الإشعار${input.sent.by ? ` من ${mention(input.sent.by)}` : ''} وأُرسل ${slackDate(input.sent.atMs)}. توقفت تذكيرات PDPL.`,
          `✅ Notice approved${input.sent.by ? ` by ${mention(input.sent.by)}` : ''} and sent ${slackDate(input.sent.atMs)}. PDPL reminders stopped.`,
        ),
      ),
    );
    if (input.byHand && input.byHand.length > 0) {
      blocks.push(
        ...byHandBlocks(input.incidentId, input.byHand, lang, MESSAGE_BLOCKS_MAX - blocks.length),
      );
    }
    return { text: headline, blocks };
  }
  if (violations.length > 0) blocks.push(violationsBlock(violations, lang));
  blocks.push(
    contextBlock(
      pick(
        lang,
        'لا يُرسل الإشعار قبل الموافقة عليه.',
        'The notice is not sent until it is approved.',
      ),
    ),
  );
  const elements: ActionsBlockElement[] = [];
  if (violations.length === 0 && !noticeEmpty) {
    elements.push({
      type: 'button',
      action_id: INCIDENT_ACTION.approvePdplNotice,
      style: 'primary',
      value: ref,
      text: plain(pick(lang, '✅ موافقة وإرسال الإشعار', '✅ Approve & send notice')),
      confirm: {
        title: plain(pick(lang, 'إرسال إشعار PDPL؟', 'Send the PDPL notice?'), 100),
        text: plain(
          pick(
            lang,
            'سيُرسل الإشعار إلى العملاء المتأثرين كما هو.',
            'The notice goes to the affected customers as written.',
          ),
          300,
        ),
        confirm: plain(pick(lang, 'إرسال', 'Send'), 30),
        deny: plain(pick(lang, 'إلغاء', 'Cancel'), 30),
      },
    });
  }
  elements.push({
    type: 'button',
    action_id: INCIDENT_ACTION.editPdplNotice,
    value: ref,
    text: plain(pick(lang, '✏️ تعديل', '✏️ Edit')),
  });
  blocks.push({ type: 'actions', block_id: INCIDENT_BLOCK.pdplActions, elements });
  return { text: headline, blocks };
}

/**
 * The customers outside Slack who get the approved notice by hand: one row each, with a
 * button to record the send, within `room` blocks (the rest are named in one line).
 */
function byHandBlocks(
  incidentId: string,
  recipients: readonly PdplByHandRecipient[],
  lang: Lang,
  room: number,
): KnownBlock[] {
  const blocks: KnownBlock[] = [
    mrkdwnSection(
      pick(
        lang,
        `📮 *عملاء ليسوا على Slack (${recipients.length}):* أرسل لهم الإشعار المعتمد بنفسك، ثم سجّل الإرسال.`,
        `📮 *Customers not on Slack (${recipients.length}):* send them the approved notice yourself, then record it.`,
      ),
    ),
  ];
  // One block is kept for the line naming those beyond the room.
  const shown = recipients.length <= room - 1 ? recipients.length : Math.max(0, room - 2);
  recipients.slice(0, shown).forEach((r, i) => {
    const language =
      r.lang === 'ar'
        ? pick(lang, 'بالعربية', 'in Arabic')
        : pick(lang, 'بالإنجليزية', 'in English');
    const who = `*${safeText(r.name, 150)}*${r.email ? ` · ${safeText(r.email, 200)}` : ''} · ${language}`;
    if (r.notifiedAtMs !== undefined) {
      blocks.push(
        mrkdwnSection(
          `${who}\n${pick(
            lang,
            `✅ أُرسل يدوياً${r.notifiedBy ? ` (${mention(r.notifiedBy)})` : ''} ${slackDate(r.notifiedAtMs)}`,
            `✅ Sent by hand${r.notifiedBy ? ` (${mention(r.notifiedBy)})` : ''} ${slackDate(r.notifiedAtMs)}`,
          )}`,
        ),
      );
      return;
    }
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(who, SECTION_TEXT_MAX) },
      accessory: {
        type: 'button',
        action_id: withSuffix(INCIDENT_ACTION.pdplSentByHand, i),
        value: JSON.stringify({ incidentId, customerId: r.customerId }),
        text: plain(pick(lang, '✉️ تم الإرسال', '✉️ Mark as sent')),
      },
    });
  });
  const rest = recipients.slice(shown);
  if (rest.length > 0) {
    blocks.push(
      contextBlock(
        `${pick(lang, 'وأيضاً', 'Also')}: ${rest.map((r) => safeText(r.name, 80)).join(' · ')}`,
      ),
    );
  }
  return blocks;
}

/** The approver's answer once the PDPL notice is approved. */
export function pdplApprovedText(input: { inSlack: number; byHand: number; lang: Lang }): string {
  const { inSlack, byHand, lang } = input;
  const sent =
    inSlack > 0
      ? pick(
          lang,
          `✅ اعتُمد إشعار PDPL ويُرسل إلى ${inSlack} عميل على Slack. توقفت التذكيرات.`,
          `✅ PDPL notice approved; it is going to ${inSlack} customers on Slack. The reminders stop.`,
        )
      : pick(
          lang,
          '✅ اعتُمد إشعار PDPL. توقفت التذكيرات.',
          '✅ PDPL notice approved. The reminders stop.',
        );
  if (byHand === 0) return sent;
  return `${sent} ${pick(
    lang,
    `${byHand} عميل ليسوا على Slack: أرسل لهم الإشعار بنفسك، ثم سجّل ذلك من رسالة الإشعار في القناة.`,
    `${byHand} customers are not on Slack: send them the notice yourself, then record it on the notice's message in the channel.`,
  )}`;
}

/** The answer to Mark as sent for a customer outside Slack (their name escaped). */
export function pdplSentByHandText(customerName: string, lang: Lang): string {
  return pick(
    lang,
    `✅ سُجّل إرسال إشعار PDPL يدوياً إلى ${escapeText(customerName)}.`,
    `✅ Recorded: the PDPL notice was sent by hand to ${escapeText(customerName)}.`,
  );
}

/**
 * Value carried by the PDPL notice's Approve and Edit buttons (and its edit form's
 * private_metadata). `rev` is the version of the notice shown; absent on buttons from before
 * versions, whose approval is refused as changed.
 */
export interface PdplNoticeRef {
  incidentId: string;
  rev?: number;
}

export function parsePdplNoticeValue(value: string): PdplNoticeRef | null {
  try {
    const v = JSON.parse(value) as Partial<PdplNoticeRef>;
    if (typeof v.incidentId !== 'string') return null;
    return { incidentId: v.incidentId, ...(typeof v.rev === 'number' ? { rev: v.rev } : {}) };
  } catch {
    return null;
  }
}

/** Edit the drafted PDPL notice. */
export function buildPdplNoticeModal(input: {
  incidentId: string;
  /** The version of the notice the form opens with: saving over a later edit is refused. */
  rev: number;
  text: string;
  lang: Lang;
  /** One input per language the recipients need (block_id suffixed `:ar` / `:en`). */
  texts?: Partial<Record<Lang, string>>;
}): View {
  const { lang } = input;
  const langs = input.texts ? (Object.keys(input.texts) as Lang[]) : [];
  const inputs: KnownBlock[] =
    langs.length > 0
      ? langs.map((l) => ({
          type: 'input',
          block_id: withSuffix(INCIDENT_BLOCK.pdplNoticeText, l),
          label: plain(
            l === 'ar'
              ? pick(lang, 'نص الإشعار بالعربية', 'Notice in Arabic')
              : pick(lang, 'نص الإشعار بالإنجليزية', 'Notice in English'),
            2000,
          ),
          element: {
            type: 'plain_text_input',
            action_id: INCIDENT_ACTION.pdplNoticeText,
            multiline: true,
            max_length: 3000,
            ...(input.texts?.[l] ? { initial_value: truncate(input.texts[l] ?? '', 3000) } : {}),
          },
        }))
      : [
          {
            type: 'input',
            block_id: INCIDENT_BLOCK.pdplNoticeText,
            label: plain(pick(lang, 'نص الإشعار للعملاء', 'Notice to customers'), 2000),
            element: {
              type: 'plain_text_input',
              action_id: INCIDENT_ACTION.pdplNoticeText,
              multiline: true,
              max_length: 3000,
              ...(input.text ? { initial_value: truncate(input.text, 3000) } : {}),
            },
          },
        ];
  return {
    type: 'modal',
    callback_id: INCIDENT_CALLBACK.pdplNoticeModal,
    private_metadata: JSON.stringify({
      incidentId: input.incidentId,
      rev: input.rev,
    } satisfies PdplNoticeRef),
    title: modalTitle(pick(lang, 'إشعار PDPL', 'PDPL notice')),
    submit: modalTitle(pick(lang, 'حفظ', 'Save')),
    close: modalTitle(pick(lang, 'إلغاء', 'Cancel')),
    blocks: [
      contextBlock(
        pick(
          lang,
          'يُفحص الإشعار بحثاً عن الادعاءات المحظورة، ولا يُرسل قبل الموافقة.',
          'The notice is checked for prohibited claims and is not sent before approval.',
        ),
      ),
      ...inputs,
    ],
  };
}

/** The first action is due (or overdue): nudge, record it, or set a commander. */
export function buildFirstActionReminder(input: {
  incidentId: string;
  title: string;
  severity: SeverityId;
  firstActionDueMs: number;
  nowMs: number;
  lang: Lang;
  commanderId?: string;
  /** People to ping (commander, on-call, founder for SEV1). */
  notifyUserIds?: readonly string[];
}): { text: string; blocks: KnownBlock[] } {
  const { lang, nowMs } = input;
  const sev = getIncidentSeverity(input.severity);
  const overdue = nowMs > input.firstActionDueMs;
  const who =
    input.notifyUserIds && input.notifyUserIds.length > 0
      ? `${mentions(input.notifyUserIds.slice(0, 20))} `
      : '';
  const blocks: KnownBlock[] = [
    mrkdwnSection(
      `${who}${overdue ? '⚠️' : '⏱️'} ${pick(lang, 'أول إجراء للحادثة', 'First action for')} *${SEVERITY_EMOJI[input.severity]} ${input.severity} — ${safeText(input.title, 200)}*\n${pick(lang, 'الموعد', 'Due')}: ${slackDate(input.firstActionDueMs)} · ${timeLeftText(input.firstActionDueMs, nowMs, lang)}`,
    ),
    contextBlock(
      `${pick(lang, `الهدف لـ ${sev.id}: أول إجراء خلال ${sev.firstActionMinutes} دقيقة من الإعلان.`, `${sev.id} target: first action within ${sev.firstActionMinutes} min of declaration.`)}${
        input.commanderId
          ? pick(
              lang,
              ` القائد: ${mention(input.commanderId)}`,
              ` Commander: ${mention(input.commanderId)}`,
            )
          : pick(lang, ' لم يُعيَّن قائد بعد.', ' No commander yet.')
      }`,
    ),
  ];
  const elements: ActionsBlockElement[] = [
    {
      type: 'button',
      action_id: INCIDENT_ACTION.recordFirstAction,
      style: 'primary',
      value: input.incidentId,
      text: plain(pick(lang, '✅ اتُّخذ أول إجراء', '✅ First action taken')),
    },
  ];
  if (!input.commanderId) {
    elements.push({
      type: 'users_select',
      action_id: INCIDENT_ACTION.setCommander,
      placeholder: plain(pick(lang, '👤 تعيين القائد', '👤 Set commander'), 150),
    });
  }
  blocks.push({
    type: 'actions',
    block_id: withSuffix(INCIDENT_BLOCK.firstActionActions, input.incidentId),
    elements,
  });
  return {
    text: pick(
      lang,
      `أول إجراء لـ ${input.severity} مستحق ${overdue ? '(متأخر)' : ''}`.trim(),
      `First action for ${input.severity} is due${overdue ? ' (overdue)' : ''}`,
    ),
    blocks,
  };
}

// ─── Drafted texts ─────────────────────────────────────────────────────────────────────

/**
 * The text of a drafted status update. It goes to customers once approved, so it names no
 * internal id and makes no promise (the draft guard checks it like any other draft).
 */
export function draftStatusUpdateText(input: {
  lang: Lang;
  stepsDone: number;
  stepsTotal: number;
}): string {
  const { lang, stepsDone, stepsTotal } = input;
  return pick(
    lang,
    `تحديث الحالة: يعمل فريقنا على التحقق من المشكلة ومعالجتها. التقدم حتى الآن: أُنجزت ${stepsDone} من ${stepsTotal} من خطوات الاستجابة. سنشارككم تحديثاً آخر عند توفر معلومات جديدة.`,
    `Status update: our team is investigating the issue and working on a fix. Progress so far: ${stepsDone} of ${stepsTotal} response steps are complete. We will share another update when we have new information.`,
  );
}

/** The drafted PDPL notice to an affected customer, in the customer's language. */
export function draftPdplNoticeText(input: {
  lang: Lang;
  detectedAtMs: number;
  timeZone: string;
}): string {
  const date = new Intl.DateTimeFormat(input.lang === 'ar' ? 'ar-SA-u-nu-latn' : 'en-GB', {
    timeZone: input.timeZone,
    dateStyle: 'long',
  }).format(new Date(input.detectedAtMs));
  return pick(
    input.lang,
    `عميلنا العزيز، نود إبلاغكم بأننا رصدنا بتاريخ ${date} حادثة أمنية قد تكون أثّرت على بعض بياناتكم. اتخذنا إجراءات لاحتوائها ونواصل التحقيق، وسنشارككم التفاصيل والخطوات الموصى بها. لأي استفسار يسعدنا تواصلكم معنا. (إشعار وفق نظام حماية البيانات الشخصية)`,
    `Dear customer, we are writing to let you know that on ${date} we detected a security incident that may have affected some of your data. We have taken steps to contain it, our investigation continues, and we will share the details and any recommended steps with you. Please contact us with any questions. (Notice under the Saudi Personal Data Protection Law)`,
  );
}

// ─── Messages outside the incident channel ─────────────────────────────────────────────

/**
 * To the ops channel when Sanad could not create (or set up) the incident channel: why, and
 * that it keeps retrying; a Retry now button. Once the channel exists it says so instead.
 */
export function buildChannelProblemNotice(input: {
  incidentId: string;
  title: string;
  severity: SeverityId;
  lang: Lang;
  /** Slack's error code, e.g. `missing_scope`. */
  code: string;
  /** The scope Slack said is missing, when it did. */
  needed?: string;
  retryMinutes: number;
  /** Set once the channel exists. */
  channelId?: string;
}): { text: string; blocks: KnownBlock[] } {
  const { lang } = input;
  const head = `*${SEVERITY_EMOJI[input.severity]} ${input.severity} ${input.incidentId} — ${safeText(input.title, 200)}*`;
  if (input.channelId) {
    const text = pick(
      lang,
      `✅ أُنشئت قناة الحادثة ${input.incidentId}: <#${input.channelId}>`,
      `✅ Incident ${input.incidentId} channel created: <#${input.channelId}>`,
    );
    return {
      text,
      blocks: [
        mrkdwnSection(`${head}\n${text}`),
        contextBlock(
          pick(
            lang,
            `كان الخطأ السابق: \`${safeText(input.code, 80)}\``,
            `Earlier error: \`${safeText(input.code, 80)}\``,
          ),
        ),
      ],
    };
  }
  const scope = input.needed
    ? pick(
        lang,
        ` (الصلاحية الناقصة: \`${safeText(input.needed, 80)}\`)`,
        ` (missing scope: \`${safeText(input.needed, 80)}\`)`,
      )
    : '';
  const every = formatDuration(input.retryMinutes * 60_000, lang);
  const fix =
    input.code === 'missing_scope'
      ? pick(
          lang,
          'أضف الصلاحية إلى التطبيق وأعد تثبيته، ثم اضغط «أعد المحاولة الآن».',
          'Add the scope to the app and reinstall it, then press Retry now.',
        )
      : pick(lang, 'قد تكون Slack متعطلة مؤقتاً.', 'Slack may be having trouble; nothing is lost.');
  const text = pick(
    lang,
    `⚠️ سُجّلت الحادثة ${input.incidentId} لكن تعذّر إنشاء قناتها في Slack: \`${safeText(input.code, 80)}\`${scope}.`,
    `⚠️ Incident ${input.incidentId} is recorded, but its Slack channel could not be created: \`${safeText(input.code, 80)}\`${scope}.`,
  );
  return {
    text,
    blocks: [
      mrkdwnSection(`${head}\n${text}`),
      contextBlock(
        `${fix} ${pick(lang, `يعيد سند المحاولة كل ${every}.`, `Sanad retries every ${every}.`)}`,
      ),
      {
        type: 'actions',
        block_id: withSuffix(INCIDENT_BLOCK.channelProblemActions, input.incidentId),
        elements: [
          {
            type: 'button',
            action_id: INCIDENT_ACTION.retryChannel,
            value: input.incidentId,
            text: plain(pick(lang, '🔁 أعد المحاولة الآن', '🔁 Retry now')),
          },
        ],
      },
    ],
  };
}

/** An approved status update as the stakeholders (ops) see it: internal, with the incident id. */
export function buildStakeholderUpdate(input: {
  incidentId: string;
  title: string;
  severity: SeverityId;
  seq: number;
  text: string;
  approvedBy: string;
  channelId?: string;
  lang: Lang;
}): { text: string; blocks: KnownBlock[] } {
  const { lang } = input;
  const head = `📣 *${SEVERITY_EMOJI[input.severity]} ${input.severity} ${input.incidentId} — ${safeText(input.title, 200)}* · ${pick(lang, `تحديث رقم ${input.seq}`, `update #${input.seq}`)}`;
  return {
    text: `${input.incidentId} ${pick(lang, 'تحديث الحالة', 'status update')} #${input.seq}`,
    blocks: [
      mrkdwnSection(`${head}\n${quoteText(input.text, SECTION_TEXT_MAX - 400)}`),
      contextBlock(
        `${pick(lang, `اعتمده ${mention(input.approvedBy)}`, `Approved by ${mention(input.approvedBy)}`)}${
          input.channelId ? ` · <#${input.channelId}>` : ''
        }`,
      ),
    ],
  };
}

/** An approved status update in an affected customer's channel: the approved text, no ids. */
export function buildCustomerIncidentUpdate(input: { text: string; lang: Lang }): {
  text: string;
  blocks: KnownBlock[];
} {
  const heading = pick(input.lang, '📢 *تحديث عن الخدمة*', '📢 *Service update*');
  return {
    text: safeText(input.text, 300),
    blocks: [mrkdwnSection(`${heading}\n${safeText(input.text, SECTION_TEXT_MAX - 100)}`)],
  };
}

/** The approved PDPL notice in an affected customer's channel: the approved text, no ids. */
export function buildCustomerPdplNotice(input: { text: string; lang: Lang }): {
  text: string;
  blocks: KnownBlock[];
} {
  const heading = pick(input.lang, '🔒 *إشعار بشأن بياناتكم*', '🔒 *Notice about your data*');
  return {
    text: safeText(input.text, 300),
    blocks: [mrkdwnSection(`${heading}\n${safeText(input.text, SECTION_TEXT_MAX - 100)}`)],
  };
}

/** `/incident help`. */
/** How many incidents `/incident list` shows (one section each, well inside 50 blocks). */
const INCIDENT_LIST_MAX = 40;

/**
 * `/incident list`: the active incidents, most severe first and then the oldest, each with
 * its channel, commander, next status update and, for a data leak, the PDPL deadline.
 */
export function buildIncidentList(input: {
  incidents: readonly IncidentView[];
  nowMs: number;
  lang: Lang;
}): { text: string; blocks: KnownBlock[] } {
  const { lang, nowMs } = input;
  const active = input.incidents
    .filter((i) => i.status === 'active')
    .sort(
      (a, b) =>
        SEVERITY_IDS.indexOf(a.severity) - SEVERITY_IDS.indexOf(b.severity) ||
        a.declaredAtMs - b.declaredAtMs,
    );
  const title = pick(
    lang,
    `الحوادث النشطة (${active.length})`,
    `Active incidents (${active.length})`,
  );
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(title, HEADER_TEXT_MAX) }];
  if (active.length === 0) {
    blocks.push(mrkdwnSection(pick(lang, 'لا توجد حوادث نشطة 🎉', 'No active incidents 🎉')));
  }
  for (const inc of active.slice(0, INCIDENT_LIST_MAX)) {
    const where = inc.channelId
      ? `<#${inc.channelId}>`
      : pick(lang, '_(القناة قيد الإنشاء)_', '_(channel being created)_');
    const details = [
      inc.commanderId
        ? pick(lang, `القائد ${mention(inc.commanderId)}`, `commander ${mention(inc.commanderId)}`)
        : pick(lang, '⚠️ بلا قائد', '⚠️ no commander'),
    ];
    if (inc.nextUpdateDueMs !== undefined) {
      details.push(
        `${pick(lang, 'التحديث القادم', 'next update')} ${slackDate(inc.nextUpdateDueMs)} (${timeLeftText(inc.nextUpdateDueMs, nowMs, lang)})`,
      );
    }
    if (
      inc.hasDataLeak &&
      inc.pdplDeadlineMs !== undefined &&
      inc.pdplNoticeSentAtMs === undefined
    ) {
      details.push(
        `PDPL ${slackDate(inc.pdplDeadlineMs)} (${timeLeftText(inc.pdplDeadlineMs, nowMs, lang)})`,
      );
    }
    blocks.push(
      mrkdwnSection(
        `${SEVERITY_EMOJI[inc.severity]} *${inc.severity}* · ${inc.id} — ${safeText(inc.title, 150)} · ${where}\n${details.join(' · ')}`,
      ),
    );
  }
  const hidden = active.length - Math.min(active.length, INCIDENT_LIST_MAX);
  if (hidden > 0) {
    blocks.push(
      contextBlock(
        pick(
          lang,
          `و${hidden} حادثة أخرى — انظر الصفحة الرئيسية للتطبيق.`,
          `…and ${hidden} more — see the app's Home tab.`,
        ),
      ),
    );
  }
  return { text: title, blocks };
}

export function buildIncidentHelp(lang: Lang): string {
  return pick(
    lang,
    [
      '*أوامر /incident*',
      '• `/incident [العنوان]` — إعلان حادثة (نموذج الفرز)',
      '• `/incident list` — الحوادث النشطة وقنواتها',
      'داخل قناة حادثة (لفريق سند):',
      '• `/incident commander @شخص` — تعيين القائد',
      '• `/incident severity SEV1|SEV2|SEV3` — تغيير الخطورة (لا تنزل دون نتيجة الفرز)',
      '• `/incident update` — صياغة تحديث حالة الآن وتعديله',
      '• `/incident resolve` — حل الحادثة (الملخص والسبب) ومسودة المراجعة',
      '• `/incident unfreeze` — رفع تجميد الإجراءات الحية (للمؤسس)',
      'ضع 📌 على رسالة (أو ثبّتها) لإضافتها إلى الخط الزمني بوقتها. لا يصل شيء للعملاء دون موافقة.',
    ].join('\n'),
    [
      '*/incident commands*',
      '• `/incident [title]` — declare an incident (triage form)',
      '• `/incident list` — the active incidents and their channels',
      'In an incident channel (the Sanad team):',
      '• `/incident commander @someone` — set the commander',
      '• `/incident severity SEV1|SEV2|SEV3` — change the severity (never below triage)',
      '• `/incident update` — draft a status update now and edit it',
      '• `/incident resolve` — resolve (summary and cause) and draft the post-mortem',
      '• `/incident unfreeze` — lift the live-action freeze (founders)',
      'React with 📌 (or pin a message) to add it to the timeline at its own time. Nothing reaches customers without approval.',
    ].join('\n'),
  );
}
