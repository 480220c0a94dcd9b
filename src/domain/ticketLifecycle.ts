/**
 * The support ticket as a state machine (SPEC §1.1, §1.2, §1.7, §3 Tickets). Pure: every
 * transition takes the current ticket plus who/when and returns the next ticket and the
 * ledger entries that record it. Refusals throw TicketRefusal with a bilingual reason the
 * Slack layer shows as an ephemeral message.
 */

import { approvalBlockers, customerTextViolations } from './incidents.ts';
import {
  type EscalationOwner,
  getPriority,
  higherPriorities,
  isHigherPriority,
  type PriorityId,
  type SlaTarget,
} from './priorities.ts';
import { type BusinessCalendar, computeSlaDeadline, type SlaPause } from './sla.ts';
import { buildFirstResponseTemplate, type TemplateOptions } from './tickets.ts';

export type Language = 'ar' | 'en';
export type TicketStatus = 'open' | 'awaiting_confirmation' | 'resolved';
export type DraftKind = 'first_response' | 'reply' | 'confirmation_request';
export type DraftStatus = 'pending' | 'approved' | 'ready_to_send' | 'sent' | 'rejected';

export interface DraftViolationSummary {
  category: string;
  phrase: string;
  labelAr: string;
  labelEn: string;
}

export interface Draft {
  seq: number;
  kind: DraftKind;
  text: string;
  language: Language;
  status: DraftStatus;
  violations: DraftViolationSummary[];
  createdAtMs: number;
  /** The ticket's priority when this draft was written: the template's priority for Sanad's
   *  own first response, else the one on the card when a person wrote it. A draft written for
   *  a lower priority than the ticket's may promise that priority's times. Missing on drafts
   *  stored before it was recorded. */
  writtenFor?: PriorityId;
  /** Set when a person wrote or changed the text; absent on a draft Sanad drafted itself. */
  editedBy?: string;
  approvedBy?: string;
  approvedAtMs?: number;
  sentAtMs?: number;
  sentBy?: string;
  rejectedBy?: string;
  messageTs?: string;
  /** Slack refused to post this approved reply for good (e.g. `not_in_channel`); `count`
   *  says how many times, so each new approval is a new send attempt. */
  slackRefusal?: { code: string; atMs: number; approvedBy?: string; count: number };
}

export type ReplyTarget =
  | { kind: 'slack'; channelId: string; threadTs?: string }
  | { kind: 'outside_slack' };

export interface TicketSource {
  kind: 'slash_command' | 'intake_modal' | 'message_shortcut';
  /** Who created the ticket (a team member, usually). */
  userId: string;
  /** Who wrote the source message (message shortcut): the customer who raised the problem. */
  authorId?: string;
  channelId?: string;
  messageTs?: string;
  threadTs?: string;
  permalink?: string;
}

export interface Classification {
  priority: PriorityId;
  matchedRule: string;
  matchedKeyword?: string;
  reasonAr: string;
  reasonEn: string;
}

export interface SlaEventRecord {
  event: 'opened' | 'first_response' | 'resolved' | 'escalated';
  atMs: number;
  by?: string;
  /** For `escalated`: the clock that breached (`first_response`, `resolution`). */
  phase?: string;
}

export interface Ticket {
  id: string;
  text: string;
  language: Language;
  customerId?: string;
  customerName?: string;
  contactEmail?: string;
  priority: PriorityId;
  classifiedPriority: PriorityId;
  classification: Classification;
  owner: EscalationOwner;
  assigneeId?: string;
  status: TicketStatus;
  createdAtMs: number;
  createdBy: string;
  source: TicketSource;
  replyTarget: ReplyTarget;
  draft: Draft;
  firstResponseAtMs?: number;
  resolvedAtMs?: number;
  confirmation?: { by: 'customer' | 'operator'; userId: string; atMs: number };
  /** The customer answered the resolution question "still a problem"; cleared when they are
   *  asked again. */
  resolutionDeclined?: { userId: string; atMs: number };
  card?: { channelId: string; ts: string };
  /** Opaque reference used in customer-facing payloads instead of the internal id (rule 2). */
  customerRef: string;
  slaEvents: SlaEventRecord[];
  /** Stretches when the SLA clock stopped, waiting on the customer. */
  pauses?: SlaPause[];
  version: number;
}

export interface LedgerEntry {
  action: string;
  actor: string;
  atMs: number;
  ticketId?: string;
  details?: Record<string, unknown>;
}

export interface Transition {
  ticket: Ticket;
  ledger: LedgerEntry[];
}

export type RefusalCode =
  | 'not_approver'
  | 'founder_required'
  | 'draft_has_violations'
  | 'draft_not_pending'
  | 'draft_changed'
  | 'reply_waiting'
  | 'draft_not_ready'
  | 'live_actions_frozen'
  | 'priority_not_higher'
  | 'ticket_resolved'
  | 'confirmation_not_requested'
  | 'not_the_customer'
  | 'empty_draft'
  | 'already_paused'
  | 'not_paused'
  | 'not_ready_for_first_service';

export class TicketRefusal extends Error {
  override readonly name = 'TicketRefusal';
  constructor(
    readonly code: RefusalCode,
    readonly messageAr: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

/** Whoever acts, with the roles the policy gives them. */
export interface Actor {
  userId: string;
  isFounder: boolean;
  isApprover: boolean;
}

const ARABIC_LETTER = /[\u0600-\u06FF]/g;
const LATIN_LETTER = /[A-Za-z]/g;

/** The language a customer wrote in: Arabic when Arabic letters outnumber Latin ones. */
export function detectLanguage(text: string, fallback: Language = 'ar'): Language {
  const arabic = text.match(ARABIC_LETTER)?.length ?? 0;
  const latin = text.match(LATIN_LETTER)?.length ?? 0;
  if (arabic === 0 && latin === 0) return fallback;
  return arabic >= latin ? 'ar' : 'en';
}

export interface OpenTicketInput {
  id: string;
  text: string;
  language: Language;
  classification: Classification;
  firstResponseText: string;
  violations: DraftViolationSummary[];
  source: TicketSource;
  replyTarget: ReplyTarget;
  customerId?: string;
  customerName?: string;
  contactEmail?: string;
  customerRef: string;
  atMs: number;
}

export function openTicket(input: OpenTicketInput): Transition {
  const priority = input.classification.priority;
  const ticket: Ticket = {
    id: input.id,
    text: input.text,
    language: input.language,
    customerId: input.customerId,
    customerName: input.customerName,
    contactEmail: input.contactEmail,
    priority,
    classifiedPriority: priority,
    classification: input.classification,
    owner: getPriority(priority).escalationOwner,
    status: 'open',
    createdAtMs: input.atMs,
    createdBy: input.source.userId,
    source: input.source,
    replyTarget: input.replyTarget,
    customerRef: input.customerRef,
    draft: {
      seq: 1,
      kind: 'first_response',
      text: input.firstResponseText,
      language: input.language,
      status: 'pending',
      violations: input.violations,
      createdAtMs: input.atMs,
      writtenFor: priority,
    },
    slaEvents: [{ event: 'opened', atMs: input.atMs, by: input.source.userId }],
    version: 1,
  };
  return {
    ticket,
    ledger: [
      {
        action: 'ticket.classified',
        actor: 'sanad',
        atMs: input.atMs,
        ticketId: ticket.id,
        details: {
          priority,
          rule: input.classification.matchedRule,
          keyword: input.classification.matchedKeyword ?? null,
        },
      },
      {
        action: 'ticket.opened',
        actor: input.source.userId,
        atMs: input.atMs,
        ticketId: ticket.id,
        details: { source: input.source.kind, customerId: input.customerId ?? null },
      },
    ],
  };
}

function bump(ticket: Ticket, changes: Partial<Ticket>): Ticket {
  return { ...ticket, ...changes, version: ticket.version + 1 };
}

function assertNotResolved(ticket: Ticket): void {
  if (ticket.status === 'resolved') {
    throw new TicketRefusal(
      'ticket_resolved',
      'هذه التذكرة مغلقة.',
      'This ticket is already resolved.',
    );
  }
}

export type DraftAction = 'approve' | 'reject' | 'edit';

/**
 * Why acting on draft `seq` is refused when the ticket's draft is no longer that one: an
 * approval must send the text the approver saw (rule 1), never a later edit made by someone
 * else; a rejection or an edit must be about the text its author saw too. `seq` is undefined
 * when the message did not say which draft it showed (buttons from before drafts were
 * versioned on them): treated as changed, since nobody can tell what was seen. Null: same draft.
 */
export function draftChangedSince(
  ticket: Ticket,
  seq: number | undefined,
  action: DraftAction,
): TicketRefusal | null {
  if (seq === ticket.draft.seq) return null;
  const [ar, en] =
    action === 'edit'
      ? [
          'تغيّر الرد منذ فتحت هذا النموذج (عدّله أو استبدله شخص آخر). لم يُحفظ نصك: انسخه، وأغلق النموذج، ثم اضغط «تعديل» على البطاقة من جديد.',
          'The draft changed since you opened this form (someone else changed it). Your text was not saved: copy it, close this form and press Edit on the card again.',
        ]
      : [
          `تغيّر الرد منذ هذه الرسالة؛ راجع أحدث نسخة على بطاقة التذكرة واستخدم أزرارها. ${action === 'approve' ? 'لم يُرسل شيء.' : 'لم يُرفض شيء.'}`,
          `The draft changed since this message — review the latest draft on the ticket card and use its buttons. ${action === 'approve' ? 'Nothing was sent.' : 'Nothing was rejected.'}`,
        ];
  return new TicketRefusal('draft_changed', ar, en);
}

function assertDraftUnchanged(ticket: Ticket, seq: number | undefined, action: DraftAction): void {
  const refusal = draftChangedSince(ticket, seq, action);
  if (refusal) throw refusal;
}

export interface RaiseOptions extends TemplateOptions {}

/**
 * Sanad's own first-response draft, never touched by a person and still waiting for approval:
 * the text is the template of the priority it was written for, so it can be re-drafted.
 */
function isUntouchedTemplate(draft: Draft): boolean {
  return draft.kind === 'first_response' && draft.status === 'pending' && !draft.editedBy;
}

/**
 * Rule 3: people may only raise a ticket's priority, never set it below the classified one.
 * The first-response template promises its priority's times, so a pending template nobody
 * edited is re-drafted from the new priority's template (in the ticket's language, with the
 * policy's SLA targets) as a new draft version: Approve buttons showing the old text are
 * refused. A draft a person wrote, or one no longer pending, is kept as it is; the card warns
 * that it may mention the old priority's times (see draftWrittenForLowerPriority).
 */
export function raisePriority(
  ticket: Ticket,
  to: PriorityId,
  actor: Actor,
  atMs: number,
  options: RaiseOptions = {},
): Transition {
  assertNotResolved(ticket);
  if (!isHigherPriority(to, ticket.priority)) {
    throw new TicketRefusal(
      'priority_not_higher',
      `لا يمكن خفض الأولوية أو إبقاؤها: التذكرة ${ticket.priority} ويمكن رفعها فقط إلى ${higherPriorities(ticket.priority).join('، ') || '—'}.`,
      `Priority can only be raised: this ticket is ${ticket.priority}; allowed: ${higherPriorities(ticket.priority).join(', ') || 'none'}.`,
    );
  }
  const owner = getPriority(to).escalationOwner;
  const redraft = isUntouchedTemplate(ticket.draft);
  const ledger: LedgerEntry[] = [
    {
      action: 'ticket.priority_raised',
      actor: actor.userId,
      atMs,
      ticketId: ticket.id,
      details: { from: ticket.priority, to, owner, redrafted: redraft },
    },
  ];
  if (!redraft) return { ticket: bump(ticket, { priority: to, owner }), ledger };
  const template = buildFirstResponseTemplate(to, { slaTargets: options.slaTargets });
  const text = ticket.language === 'ar' ? template.bodyAr : template.bodyEn;
  const draft: Draft = {
    seq: ticket.draft.seq + 1,
    kind: 'first_response',
    text,
    language: ticket.language,
    status: 'pending',
    violations: customerTextViolations(text),
    createdAtMs: atMs,
    writtenFor: to,
  };
  ledger.push({
    action: 'draft.redrafted',
    actor: 'sanad',
    atMs,
    ticketId: ticket.id,
    details: { seq: draft.seq, replacedSeq: ticket.draft.seq, priority: to },
  });
  return { ticket: bump(ticket, { priority: to, owner, draft }), ledger };
}

/**
 * The lower priority the ticket's unsent reply was written for, when the ticket has been
 * raised since: that reply may promise the old priority's response and resolution times.
 * Null when it was written for the current priority, was sent already, or is the resolution
 * question (which promises no times). A draft stored before `writtenFor` was recorded counts
 * as written for the classified priority when it is the first response.
 */
export function draftWrittenForLowerPriority(ticket: Ticket): PriorityId | null {
  const d = ticket.draft;
  if (ticket.status === 'resolved' || d.status === 'sent' || d.kind === 'confirmation_request')
    return null;
  const writtenFor =
    d.writtenFor ?? (d.kind === 'first_response' ? ticket.classifiedPriority : undefined);
  return writtenFor !== undefined && isHigherPriority(ticket.priority, writtenFor)
    ? writtenFor
    : null;
}

export function assignTicket(ticket: Ticket, actor: Actor, atMs: number): Transition {
  assertNotResolved(ticket);
  return {
    ticket: bump(ticket, { assigneeId: actor.userId }),
    ledger: [
      {
        action: 'ticket.assigned',
        actor: actor.userId,
        atMs,
        ticketId: ticket.id,
        details: { from: ticket.assigneeId ?? null, to: actor.userId },
      },
    ],
  };
}

/** Saving an edit never loses the text: a draft that trips the guard is kept, flagged, and unapprovable. */
export function editDraft(
  ticket: Ticket,
  seq: number | undefined,
  text: string,
  violations: DraftViolationSummary[],
  actor: Actor,
  atMs: number,
): Transition {
  assertNotResolved(ticket);
  // An edit replaces the draft its author opened; overwriting a colleague's later edit would
  // lose it without anyone having read it.
  assertDraftUnchanged(ticket, seq, 'edit');
  if (text.trim() === '') {
    throw new TicketRefusal('empty_draft', 'الرد فارغ.', 'The reply is empty.');
  }
  if (ticket.draft.status === 'approved' || ticket.draft.status === 'ready_to_send') {
    throw new TicketRefusal(
      'draft_not_pending',
      'تمت الموافقة على هذا الرد ولا يمكن تعديله الآن.',
      'This reply is already approved and can no longer be edited.',
    );
  }
  // After a reply went out, an edit starts a follow-up reply; otherwise it replaces the draft.
  const next: Draft = {
    seq: ticket.draft.seq + 1,
    kind: ticket.draft.status === 'sent' ? 'reply' : ticket.draft.kind,
    text,
    language: ticket.draft.language,
    status: 'pending',
    violations,
    createdAtMs: atMs,
    writtenFor: ticket.priority,
    editedBy: actor.userId,
  };
  return {
    ticket: bump(ticket, { draft: next }),
    ledger: [
      {
        action: 'draft.edited',
        actor: actor.userId,
        atMs,
        ticketId: ticket.id,
        details: { seq: next.seq, violations: violations.map((v) => v.category) },
      },
    ],
  };
}

export interface ApprovalContext {
  /** A live-action freeze on this customer (SEV1 or a critical SLA review). */
  frozenReasonAr?: string;
  frozenReasonEn?: string;
}

/**
 * Rule 1: nothing reaches a customer without a human approving it — the very text they saw,
 * so `seq` is the draft the approve button was shown with. P0 replies need a founder;
 * others any approver. A flagged draft or a frozen customer cannot be approved.
 */
export function approveDraft(
  ticket: Ticket,
  seq: number | undefined,
  actor: Actor,
  atMs: number,
  context: ApprovalContext = {},
): Transition {
  assertNotResolved(ticket);
  assertDraftUnchanged(ticket, seq, 'approve');
  const draft = ticket.draft;
  if (draft.status !== 'pending') {
    const who = draft.approvedBy ? `<@${draft.approvedBy}>` : '';
    throw new TicketRefusal(
      'draft_not_pending',
      draft.status === 'rejected'
        ? 'هذا الرد مرفوض؛ عدّله أولاً.'
        : `تمت الموافقة على هذا الرد مسبقاً ${who}`.trim(),
      draft.status === 'rejected'
        ? 'This reply was rejected; edit it first.'
        : `This reply was already approved ${who ? `by ${who}` : ''}`.trim(),
    );
  }
  if (!actor.isApprover && !actor.isFounder) {
    throw new TicketRefusal(
      'not_approver',
      'لست ضمن المعتمدين؛ لا يمكنك الموافقة على الردود.',
      'You are not an approver, so you cannot approve replies.',
    );
  }
  if (ticket.priority === 'P0' && !actor.isFounder) {
    throw new TicketRefusal(
      'founder_required',
      'ردود P0 يعتمدها المؤسس فقط. لم يُرسل شيء.',
      'P0 replies must be approved by a founder. Nothing was sent.',
    );
  }
  const blocking = approvalBlockers(draft.violations, draft.text);
  if (blocking.length > 0) {
    const list = blocking.map((v) => `«${v.phrase}»`).join('، ');
    throw new TicketRefusal(
      'draft_has_violations',
      `الرد يحتوي على ادعاءات محظورة (${list}). عدّله قبل الموافقة.`,
      `The reply contains prohibited claims (${blocking.map((v) => `"${v.phrase}"`).join(', ')}). Edit it before approving.`,
    );
  }
  if (context.frozenReasonEn) {
    throw new TicketRefusal(
      'live_actions_frozen',
      `الإجراءات الحية مجمّدة لهذا العميل: ${context.frozenReasonAr ?? ''}. لم يُرسل شيء.`,
      `Live actions are frozen for this customer: ${context.frozenReasonEn}. Nothing was sent.`,
    );
  }
  const status: DraftStatus = ticket.replyTarget.kind === 'slack' ? 'approved' : 'ready_to_send';
  return {
    ticket: bump(ticket, {
      draft: { ...draft, status, approvedBy: actor.userId, approvedAtMs: atMs },
    }),
    ledger: [
      {
        action: 'draft.approved',
        actor: actor.userId,
        atMs,
        ticketId: ticket.id,
        details: { seq: draft.seq, kind: draft.kind, priority: ticket.priority },
      },
    ],
  };
}

/** The priority of the reply that waits for approval in this ticket (it decides who approves
 *  it: P0 a founder), or null when none waits. */
export function replyAwaitingApproval(ticket: Ticket): PriorityId | null {
  return ticket.status !== 'resolved' && ticket.draft.status === 'pending' ? ticket.priority : null;
}

export function rejectDraft(
  ticket: Ticket,
  seq: number | undefined,
  actor: Actor,
  atMs: number,
): Transition {
  assertNotResolved(ticket);
  assertDraftUnchanged(ticket, seq, 'reject');
  if (ticket.draft.status !== 'pending') {
    throw new TicketRefusal(
      'draft_not_pending',
      'لا يوجد رد بانتظار الموافقة.',
      'There is no reply waiting for approval.',
    );
  }
  return {
    ticket: bump(ticket, {
      draft: { ...ticket.draft, status: 'rejected', rejectedBy: actor.userId },
    }),
    ledger: [
      {
        action: 'draft.rejected',
        actor: actor.userId,
        atMs,
        ticketId: ticket.id,
        details: { seq: ticket.draft.seq },
      },
    ],
  };
}

/**
 * The approved reply reached the customer (posted by the bot, or marked as sent by an
 * operator for customers outside Slack). SPEC §1.2: this instant is the first response.
 */
export function recordDraftSent(
  ticket: Ticket,
  by: string,
  atMs: number,
  messageTs?: string,
): Transition {
  const draft = ticket.draft;
  if (draft.status !== 'approved' && draft.status !== 'ready_to_send') {
    throw new TicketRefusal(
      'draft_not_ready',
      'لا يوجد رد معتمد بانتظار الإرسال.',
      'There is no approved reply waiting to be sent.',
    );
  }
  const ledger: LedgerEntry[] = [
    {
      action: 'reply.sent',
      actor: by,
      atMs,
      ticketId: ticket.id,
      details: { seq: draft.seq, kind: draft.kind, messageTs: messageTs ?? null },
    },
  ];
  const slaEvents = [...ticket.slaEvents];
  let firstResponseAtMs = ticket.firstResponseAtMs;
  if (firstResponseAtMs === undefined) {
    firstResponseAtMs = atMs;
    slaEvents.push({ event: 'first_response', atMs, by });
    ledger.push({ action: 'sla.first_response', actor: by, atMs, ticketId: ticket.id });
  }
  const status: TicketStatus =
    draft.kind === 'confirmation_request' ? 'awaiting_confirmation' : ticket.status;
  return {
    ticket: bump(ticket, {
      draft: { ...draft, status: 'sent', sentAtMs: atMs, sentBy: by, messageTs },
      firstResponseAtMs,
      slaEvents,
      status,
    }),
    ledger,
  };
}

/** An approved draft that never reached the customer, waiting for approval again. */
function backToPending(draft: Draft, changes: Partial<Draft>): Draft {
  const { approvedBy: _approvedBy, approvedAtMs: _approvedAtMs, ...rest } = draft;
  return { ...rest, ...changes, status: 'pending' };
}

/**
 * Slack refused the approved reply for good (the bot is not in the channel, the channel is
 * archived or gone): nothing reached the customer, so the draft waits for approval again —
 * the team can fix the cause and approve, edit it, or move on — instead of sitting in
 * "approved, sending" forever. Null when that draft is no longer the one being sent.
 */
export function recordReplyRefused(
  ticket: Ticket,
  seq: number,
  code: string,
  atMs: number,
): Transition | null {
  const draft = ticket.draft;
  if (draft.seq !== seq || draft.status !== 'approved') return null;
  const approvedBy = draft.approvedBy;
  const slackRefusal = { code, atMs, approvedBy, count: (draft.slackRefusal?.count ?? 0) + 1 };
  return {
    ticket: bump(ticket, { draft: backToPending(draft, { slackRefusal }) }),
    ledger: [
      {
        action: 'reply.refused',
        actor: 'sanad',
        atMs,
        ticketId: ticket.id,
        details: { seq, error: code, approvedBy: approvedBy ?? null },
      },
    ],
  };
}

/**
 * The last check before posting found what must never reach a customer (an internal id) in
 * an approved reply: nothing was posted. The draft goes back to the team, flagged with what
 * was found, so it cannot be approved again until edited. Null when that draft is no longer
 * the one being sent.
 */
export function recordReplyWithheld(
  ticket: Ticket,
  seq: number,
  found: DraftViolationSummary[],
  atMs: number,
): Transition | null {
  const draft = ticket.draft;
  if (draft.seq !== seq || draft.status !== 'approved') return null;
  const approvedBy = draft.approvedBy;
  const known = new Set(draft.violations.map((v) => `${v.category}|${v.phrase}`));
  const violations = [
    ...draft.violations,
    ...found.filter((v) => !known.has(`${v.category}|${v.phrase}`)),
  ];
  return {
    ticket: bump(ticket, { draft: backToPending(draft, { violations }) }),
    ledger: [
      {
        action: 'reply.withheld',
        actor: 'sanad',
        atMs,
        ticketId: ticket.id,
        details: {
          seq,
          approvedBy: approvedBy ?? null,
          violations: found.map((v) => v.category),
        },
      },
    ],
  };
}

/** Rule 4: resolving starts with a drafted question to the customer, approved like any reply. */
export function requestResolution(
  ticket: Ticket,
  questionText: string,
  actor: Actor,
  atMs: number,
): Transition {
  assertNotResolved(ticket);
  if (ticket.draft.status === 'approved' || ticket.draft.status === 'ready_to_send') {
    throw new TicketRefusal(
      'draft_not_pending',
      'هناك رد معتمد لم يُرسل بعد؛ انتظر إرساله أولاً.',
      'An approved reply is still being sent; wait for it first.',
    );
  }
  // The question replaces the draft: a reply still waiting for approval (an edit someone
  // made, a reply never sent) would vanish unread. Only a pending question may be replaced.
  if (ticket.draft.status === 'pending' && ticket.draft.kind !== 'confirmation_request') {
    throw new TicketRefusal(
      'reply_waiting',
      'هناك رد بانتظار الموافقة؛ وافق عليه أو ارفضه أولاً، ثم اضغط «حل».',
      'A reply is waiting for approval; approve or reject it first, then Resolve.',
    );
  }
  const draft: Draft = {
    seq: ticket.draft.seq + 1,
    kind: 'confirmation_request',
    text: questionText,
    language: ticket.language,
    status: 'pending',
    violations: [],
    createdAtMs: atMs,
    writtenFor: ticket.priority,
    editedBy: actor.userId,
  };
  return {
    // Asking again answers the customer's earlier "still a problem".
    ticket: bump(ticket, { draft, resolutionDeclined: undefined }),
    ledger: [
      {
        action: 'ticket.resolution_requested',
        actor: actor.userId,
        atMs,
        ticketId: ticket.id,
      },
    ],
  };
}

/** The customer confirmed (their button) or an operator recorded their confirmation. */
export function confirmResolution(
  ticket: Ticket,
  by: { kind: 'customer' | 'operator'; userId: string },
  atMs: number,
): Transition {
  assertNotResolved(ticket);
  if (ticket.status !== 'awaiting_confirmation') {
    throw new TicketRefusal(
      'confirmation_not_requested',
      'لم يُطلب من العميل تأكيد الحل بعد. اضغط «حل» أولاً.',
      'The customer has not been asked to confirm yet. Use Resolve first.',
    );
  }
  return {
    ticket: bump(ticket, {
      status: 'resolved',
      resolvedAtMs: atMs,
      confirmation: { by: by.kind, userId: by.userId, atMs },
      slaEvents: [...ticket.slaEvents, { event: 'resolved', atMs, by: by.userId }],
    }),
    ledger: [
      {
        action: 'ticket.resolved',
        actor: by.userId,
        atMs,
        ticketId: ticket.id,
        details: { confirmedBy: by.kind },
      },
    ],
  };
}

/** The customer says the problem remains: the ticket goes back to open work, marked so the
 *  team sees it (card status, a note to its people) and can resolve it again later. */
export function customerDeclinedResolution(
  ticket: Ticket,
  userId: string,
  atMs: number,
): Transition {
  assertNotResolved(ticket);
  if (ticket.status !== 'awaiting_confirmation') {
    throw new TicketRefusal(
      'confirmation_not_requested',
      'لم يُطلب تأكيد الحل لهذه التذكرة.',
      'This ticket is not waiting for a resolution confirmation.',
    );
  }
  return {
    ticket: bump(ticket, { status: 'open', resolutionDeclined: { userId, atMs } }),
    ledger: [{ action: 'ticket.customer_not_resolved', actor: userId, atMs, ticketId: ticket.id }],
  };
}

/** What the app knows about whoever pressed the customer's Yes / No buttons. */
export interface CustomerAnswer {
  userId: string;
  /** The answer: ✅ Yes, it is resolved (true) or No, still a problem (false). */
  resolved: boolean;
  /** One of the Sanad team in the policy (founders, approvers, on-call). */
  isTeamMember: boolean;
  /** The Slack users listed as contacts of the ticket's customer. */
  customerContactIds: readonly string[];
}

/**
 * Rule 4 — who is the customer, for the buttons under the resolution question in the
 * customer's channel: the author of the message the ticket was made from, or a Slack user
 * listed as a contact of the ticket's customer — and never one of the Sanad team (founders,
 * approvers, on-call), even if listed as a contact by mistake. Everyone else in the shared
 * channel (the team, colleagues not in the policy) is not the customer. The question and
 * its buttons sit in a channel the team can read, so whoever can click is no proof.
 */
export function isTicketCustomer(
  ticket: Ticket,
  answer: Pick<CustomerAnswer, 'userId' | 'isTeamMember' | 'customerContactIds'>,
): boolean {
  if (answer.isTeamMember) return false;
  return (
    answer.userId === ticket.source.authorId || answer.customerContactIds.includes(answer.userId)
  );
}

/**
 * The customer answered the resolution question with its buttons: Yes resolves the ticket,
 * No reopens it. Refused (nothing changes) when the one who pressed is not the customer: a
 * team member is pointed to the card's "Record customer confirmation", which an approver
 * uses when the customer confirmed in another way.
 */
export function customerAnsweredResolution(
  ticket: Ticket,
  answer: CustomerAnswer,
  atMs: number,
): Transition {
  assertNotResolved(ticket);
  if (!isTicketCustomer(ticket, answer)) {
    throw answer.isTeamMember
      ? new TicketRefusal(
          'not_the_customer',
          'هذا السؤال يجيب عليه العميل فقط؛ لم يُسجَّل ضغطك وما زالت التذكرة بانتظار تأكيده. إذا أكّد العميل بطريقة أخرى (مكالمة أو بريد)، فيمكن لأحد المعتمدين الضغط على «☑️ تسجيل تأكيد العميل» في بطاقة التذكرة في قناة الفرز.',
          'Only the customer can answer this question: your press was not recorded and the ticket still waits for their confirmation. If the customer confirmed another way (a call, an e-mail), an approver can press "☑️ Record customer confirmation" on the ticket card in the triage channel.',
        )
      : new TicketRefusal(
          'not_the_customer',
          'هذا السؤال موجّه إلى جهة الاتصال لدى العميل التي طلبت المساعدة، لذلك لم تُسجَّل إجابتك. إن كنت من طرف العميل فاكتب ردك في هذه المحادثة وسيسجّله فريقنا. (لفريق سند: يسجّل أحد المعتمدين تأكيد العميل من بطاقة التذكرة.)',
          "This question is for the customer's contact who asked for help, so your answer was not recorded. If you are with the customer, please write your answer in this thread and our team will record it. (Sanad team: an approver records the customer's confirmation from the ticket card.)",
        );
  }
  return answer.resolved
    ? confirmResolution(ticket, { kind: 'customer', userId: answer.userId }, atMs)
    : customerDeclinedResolution(ticket, answer.userId, atMs);
}

/**
 * A clock's breach escalates to the ticket's owner, once: a breach reminder run again (its
 * worker died after posting it) finds the escalation already recorded and changes nothing.
 */
export function recordEscalation(ticket: Ticket, kind: string, atMs: number): Transition | null {
  if (ticket.slaEvents.some((e) => e.event === 'escalated' && e.phase === kind)) return null;
  return {
    ticket: bump(ticket, {
      slaEvents: [...ticket.slaEvents, { event: 'escalated', atMs, by: 'sanad', phase: kind }],
    }),
    ledger: [
      {
        action: 'sla.escalated',
        actor: 'sanad',
        atMs,
        ticketId: ticket.id,
        details: { kind, owner: ticket.owner },
      },
    ],
  };
}

/** What SLA reporting needs of a ticket: kept beside it so reports need not load it whole. */
export type TicketSlaFacts = Pick<
  Ticket,
  | 'id'
  | 'priority'
  | 'createdAtMs'
  | 'firstResponseAtMs'
  | 'resolvedAtMs'
  | 'pauses'
  | 'customerId'
  | 'customerName'
>;

export function ticketSlaFacts(ticket: Ticket): TicketSlaFacts {
  return {
    id: ticket.id,
    priority: ticket.priority,
    createdAtMs: ticket.createdAtMs,
    firstResponseAtMs: ticket.firstResponseAtMs,
    resolvedAtMs: ticket.resolvedAtMs,
    pauses: ticket.pauses,
    customerId: ticket.customerId,
    customerName: ticket.customerName,
  };
}

export interface TicketDueTimes {
  firstResponseDueMs: number;
  resolutionDueMs: number;
  /** The SLA clock is stopped (waiting on the customer); due times assume it restarts now. */
  paused: boolean;
}

export interface DueTimeOptions {
  /** Business-hours calendar per priority; none means around the clock. */
  calendars?: Partial<Record<PriorityId, BusinessCalendar>>;
  /** Needed to project deadlines while a pause is still open. */
  nowMs?: number;
}

/**
 * Deadlines count SLA time from the ticket's opening, so raising the priority keeps the
 * time already used (SPEC §3 Jobs); paused stretches and, with a calendar, non-business
 * time don't count.
 */
export function ticketDueTimes(
  ticket: Pick<Ticket, 'createdAtMs' | 'priority'> & { pauses?: SlaPause[] },
  targets: Record<PriorityId, SlaTarget>,
  options: DueTimeOptions = {},
): TicketDueTimes {
  const target = targets[ticket.priority];
  const pauses = ticket.pauses ?? [];
  const open = pauses.at(-1);
  const paused = open !== undefined && (open.toMs === undefined || open.toMs === null);
  const projected =
    paused && options.nowMs !== undefined
      ? [
          ...pauses.slice(0, -1),
          { fromMs: open.fromMs, toMs: Math.max(open.fromMs, options.nowMs) },
        ]
      : pauses;
  const clock = {
    startMs: ticket.createdAtMs,
    pauses: projected,
    calendar: options.calendars?.[ticket.priority],
  };
  const firstResponseDueMs =
    computeSlaDeadline({ ...clock, targetMinutes: target.firstResponseMinutes }) ??
    Number.POSITIVE_INFINITY;
  const resolutionDueMs =
    computeSlaDeadline({ ...clock, targetMinutes: target.resolutionTargetHours * 60 }) ??
    Number.POSITIVE_INFINITY;
  return { firstResponseDueMs, resolutionDueMs, paused };
}

/** Waiting on the customer: the SLA clock stops until the ticket is resumed. */
export function pauseTicket(ticket: Ticket, actor: Actor, atMs: number): Transition {
  assertNotResolved(ticket);
  const pauses = ticket.pauses ?? [];
  const last = pauses.at(-1);
  if (last && (last.toMs === undefined || last.toMs === null)) {
    throw new TicketRefusal(
      'already_paused',
      'ساعة الاتفاقية متوقفة بالفعل بانتظار العميل.',
      'The SLA clock is already paused, waiting on the customer.',
    );
  }
  return {
    ticket: bump(ticket, { pauses: [...pauses, { fromMs: atMs }] }),
    ledger: [{ action: 'sla.paused', actor: actor.userId, atMs, ticketId: ticket.id }],
  };
}

export function resumeTicket(ticket: Ticket, actor: Actor, atMs: number): Transition {
  const pauses = ticket.pauses ?? [];
  const last = pauses.at(-1);
  if (!last || (last.toMs !== undefined && last.toMs !== null)) {
    throw new TicketRefusal(
      'not_paused',
      'ساعة الاتفاقية ليست متوقفة.',
      'The SLA clock is not paused.',
    );
  }
  return {
    ticket: bump(ticket, {
      pauses: [...pauses.slice(0, -1), { fromMs: last.fromMs, toMs: Math.max(atMs, last.fromMs) }],
    }),
    ledger: [
      {
        action: 'sla.resumed',
        actor: actor.userId,
        atMs,
        ticketId: ticket.id,
        details: { pausedMinutes: Math.round((atMs - last.fromMs) / 600) / 100 },
      },
    ],
  };
}

export function isPaused(ticket: Pick<Ticket, 'pauses'>): boolean {
  const last = ticket.pauses?.at(-1);
  return last !== undefined && (last.toMs === undefined || last.toMs === null);
}
