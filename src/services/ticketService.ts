/**
 * Ticket use cases: each one loads state, calls the pure domain, persists atomically
 * (with the ledger entry) and enqueues the slow Slack work (card sync, reply post).
 */
import { randomUUID } from 'node:crypto';
import {
  type Actor,
  approveDraft,
  assignTicket,
  confirmResolution,
  createTicketClassifier,
  customerAnsweredResolution,
  customerTextViolations,
  type DraftViolationSummary,
  detectLanguage,
  editDraft,
  openTicket,
  type PriorityId,
  pauseTicket,
  type ReplyTarget,
  raisePriority,
  recordDraftSent,
  recordEscalation,
  recordReplyRefused,
  recordReplyWithheld,
  rejectDraft,
  replyAwaitingApproval,
  requestResolution,
  resumeTicket,
  routeTicket,
  type Ticket,
  TicketRefusal,
  type TicketSource,
  type Transition,
} from '../domain/index.ts';
import type { Customer } from '../store/redisStore.ts';
import type { Lang } from '../views/format.ts';
import { confirmationQuestion } from '../views/ticketViews.ts';
import {
  actorFor,
  type HomeRefresher,
  isTeamMember,
  NO_HOME_REFRESH,
  refreshApproverHomes,
  type ServiceContext,
} from './context.ts';
import { dueTimesFor } from './ticketPresenter.ts';

export interface OutboxPort {
  syncCard(ticket: Ticket): Promise<void>;
  postReply(ticket: Ticket): Promise<void>;
  /** Tells the ticket's people, in the card's thread, that the customer says it is not resolved. */
  noteDeclined(ticket: Ticket): Promise<void>;
  /** A note in the card's thread that Slack refused the ticket's approved reply. */
  noteReplyRefused(ticket: Ticket): Promise<void>;
}

/** Keeps a ticket's SLA reminders in step with its state. */
export interface SlaPort {
  sync(ticket: Ticket): Promise<void>;
}

export interface CreateTicketInput {
  text: string;
  userId: string;
  source: TicketSource;
  customer?: Customer | null;
  contactEmail?: string;
  /** Where the approved reply goes: the source thread for a shortcut. */
  replyTarget?: ReplyTarget;
}

export type CreateResult = { created: true; ticket: Ticket } | { created: false; ticket: Ticket };

export class TicketService {
  private readonly classifier;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly outbox: OutboxPort,
    private readonly sla: SlaPort = { sync: async () => undefined },
    private readonly homes: HomeRefresher = NO_HOME_REFRESH,
  ) {
    this.classifier = createTicketClassifier({ extraKeywords: ctx.policy.keywords });
  }

  dueTimes(ticket: Ticket) {
    return dueTimesFor(this.ctx.policy, ticket, this.ctx.now());
  }

  /** The sorted-set score that orders open tickets: their next SLA deadline. */
  openScore = (ticket: Ticket): number | null => {
    if (ticket.status === 'resolved') return null;
    const due = this.dueTimes(ticket);
    const next =
      ticket.firstResponseAtMs === undefined ? due.firstResponseDueMs : due.resolutionDueMs;
    // Redis scores must be finite; a stopped clock sorts last.
    return Number.isFinite(next) ? next : Number.MAX_SAFE_INTEGER;
  };

  private actor(userId: string): Actor {
    return actorFor(this.ctx.policy, userId);
  }

  async create(input: CreateTicketInput): Promise<CreateResult> {
    const { store, now } = this.ctx;
    const routed = routeTicket(
      { text: input.text, customerId: input.customer?.id, contactEmail: input.contactEmail },
      { classifier: this.classifier, slaTargets: this.ctx.policy.sla },
    );
    const language =
      input.customer?.language ?? detectLanguage(input.text, this.ctx.policy.language);
    const firstResponseText =
      language === 'ar' ? routed.firstResponseTemplate.bodyAr : routed.firstResponseTemplate.bodyEn;
    const replyTarget: ReplyTarget =
      input.replyTarget ??
      (input.customer?.channelIds[0]
        ? { kind: 'slack', channelId: input.customer.channelIds[0] }
        : { kind: 'outside_slack' });
    const c = routed.classification;
    const transition = openTicket({
      id: await store.nextTicketId(),
      text: input.text,
      language,
      classification: {
        priority: routed.priority,
        matchedRule: c.matchedRule,
        matchedKeyword: c.matchedKeyword,
        reasonAr: c.reasonAr,
        reasonEn: c.reasonEn,
      },
      firstResponseText,
      violations: customerTextViolations(firstResponseText),
      source: input.source,
      replyTarget,
      customerId: input.customer?.id,
      customerName: input.customer?.name,
      contactEmail: input.contactEmail,
      customerRef: randomUUID(),
      atMs: now(),
    });
    const sourceKey =
      input.source.kind === 'message_shortcut' && input.source.channelId && input.source.messageTs
        ? { channelId: input.source.channelId, ts: input.source.messageTs }
        : undefined;
    const result = await store.createTicket(
      transition,
      this.openScore(transition.ticket) ?? 0,
      sourceKey,
    );
    if (!result.created) {
      const existing = await store.getTicket(result.existingId);
      if (!existing) throw new Error(`ticket ${result.existingId} vanished`);
      return { created: false, ticket: existing };
    }
    await this.outbox.syncCard(result.ticket);
    await this.sla.sync(result.ticket);
    if (replyAwaitingApproval(result.ticket) !== null)
      await refreshApproverHomes(this.ctx, this.homes);
    return { created: true, ticket: result.ticket };
  }

  async get(ticketId: string): Promise<Ticket | null> {
    return this.ctx.store.getTicket(ticketId);
  }

  private async apply(
    ticketId: string,
    change: (ticket: Ticket) => Transition | null,
    {
      // Transitions that move no deadline (an escalation) leave the reminders as they are.
      movesDeadlines = true,
      updateCard = (ticket: Ticket) => this.outbox.syncCard(ticket),
    }: { movesDeadlines?: boolean; updateCard?: (ticket: Ticket) => Promise<void> } = {},
  ): Promise<{ ticket: Ticket; changed: boolean; previous: Ticket }> {
    const result = await this.ctx.store.updateTicket(ticketId, change, this.openScore);
    if (result.changed) {
      await updateCard(result.ticket);
      if (movesDeadlines) await this.sla.sync(result.ticket);
      // A reply started or stopped waiting, or moved between founders and approvers (P0).
      if (replyAwaitingApproval(result.previous) !== replyAwaitingApproval(result.ticket)) {
        await refreshApproverHomes(this.ctx, this.homes);
      }
    }
    return result;
  }

  /** Approves draft `seq` — the one the approver was shown — and queues its post. */
  async approve(ticketId: string, seq: number | undefined, userId: string): Promise<Ticket> {
    const current = await this.requireTicket(ticketId);
    const freeze = await this.ctx.store.freezeFor(current.customerId);
    const { ticket } = await this.refreshCardWhenStale(current, () =>
      this.apply(ticketId, (t) =>
        approveDraft(t, seq, this.actor(userId), this.ctx.now(), {
          frozenReasonAr: freeze?.reasonAr,
          frozenReasonEn: freeze?.reasonEn,
        }),
      ),
    );
    if (ticket.draft.status === 'approved') await this.outbox.postReply(ticket);
    return ticket;
  }

  /** Replaces draft `seq` (the one the editor opened) with `text`. */
  async edit(
    ticketId: string,
    seq: number | undefined,
    text: string,
    userId: string,
  ): Promise<Ticket> {
    const violations = customerTextViolations(text);
    const { ticket } = await this.apply(ticketId, (t) =>
      editDraft(t, seq, text, violations, this.actor(userId), this.ctx.now()),
    );
    return ticket;
  }

  async reject(ticketId: string, seq: number | undefined, userId: string): Promise<Ticket> {
    this.requireApprover(userId);
    const current = await this.requireTicket(ticketId);
    return (
      await this.refreshCardWhenStale(current, () =>
        this.apply(ticketId, (t) => rejectDraft(t, seq, this.actor(userId), this.ctx.now())),
      )
    ).ticket;
  }

  /**
   * A button pressed on a message showing another draft than the ticket's is refused. When
   * that message is the card itself (its update failed, or it predates versioned buttons),
   * the refusal alone would repeat on every press: bring the card up to date as well.
   */
  private async refreshCardWhenStale<T>(ticket: Ticket, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof TicketRefusal && error.code === 'draft_changed') {
        await this.outbox.syncCard(ticket);
      }
      throw error;
    }
  }

  /** Raises the priority; Sanad's untouched first-response draft is re-drafted for the new
   *  priority's targets (the policy's), in the ticket's language. */
  async raise(ticketId: string, to: PriorityId, userId: string): Promise<Ticket> {
    return (
      await this.apply(ticketId, (t) =>
        raisePriority(t, to, this.actor(userId), this.ctx.now(), {
          slaTargets: this.ctx.policy.sla,
        }),
      )
    ).ticket;
  }

  async assignToMe(ticketId: string, userId: string): Promise<Ticket> {
    return (await this.apply(ticketId, (t) => assignTicket(t, this.actor(userId), this.ctx.now())))
      .ticket;
  }

  async requestResolution(ticketId: string, userId: string): Promise<Ticket> {
    return (
      await this.apply(ticketId, (t) =>
        requestResolution(
          t,
          confirmationQuestion(t.language as Lang),
          this.actor(userId),
          this.ctx.now(),
        ),
      )
    ).ticket;
  }

  /** For customers outside Slack: an operator records that the approved text was sent. */
  async markSent(ticketId: string, userId: string): Promise<Ticket> {
    return (
      await this.apply(ticketId, (t) => {
        if (t.draft.status !== 'ready_to_send') {
          throw new TicketRefusal(
            'draft_not_ready',
            'لا يوجد رد معتمد بانتظار الإرسال اليدوي.',
            'There is no approved reply waiting to be sent by hand.',
          );
        }
        return recordDraftSent(t, userId, this.ctx.now());
      })
    ).ticket;
  }

  /** The bot posted the approved reply (called by the outbox worker). */
  async recordPosted(ticketId: string, seq: number, messageTs: string): Promise<Ticket | null> {
    const result = await this.apply(ticketId, (t) => {
      if (t.draft.seq !== seq || t.draft.status !== 'approved') return null;
      return recordDraftSent(t, t.draft.approvedBy ?? 'sanad', this.ctx.now(), messageTs);
    });
    return result.changed ? result.ticket : null;
  }

  /**
   * Slack refused the approved reply for good (called by the outbox worker): the draft waits
   * for approval again, the card says why, and the approver is told in the card's thread.
   */
  async recordReplyRefused(ticketId: string, seq: number, code: string): Promise<Ticket | null> {
    const result = await this.apply(ticketId, (t) =>
      recordReplyRefused(t, seq, code, this.ctx.now()),
    );
    if (!result.changed) return null;
    await this.outbox.noteReplyRefused(result.ticket);
    return result.ticket;
  }

  /**
   * The outbox's last check found an internal id in the approved reply (rule 2): nothing was
   * posted; the draft waits again, flagged, for an edit.
   */
  async recordReplyWithheld(
    ticketId: string,
    seq: number,
    found: DraftViolationSummary[],
  ): Promise<Ticket | null> {
    const result = await this.apply(ticketId, (t) =>
      recordReplyWithheld(t, seq, found, this.ctx.now()),
    );
    return result.changed ? result.ticket : null;
  }

  async recordOperatorConfirmation(ticketId: string, userId: string): Promise<Ticket> {
    this.requireApprover(userId);
    return (
      await this.apply(ticketId, (t) =>
        confirmResolution(t, { kind: 'operator', userId }, this.ctx.now()),
      )
    ).ticket;
  }

  /**
   * The customer's ✅ Yes under the resolution question: resolves the ticket — when the one
   * who pressed is the customer (see isTicketCustomer); anyone else is refused.
   */
  async customerConfirmed(ticket: Ticket, userId: string): Promise<Ticket> {
    return (await this.customerAnswered(ticket, userId, true)).ticket;
  }

  async pause(ticketId: string, userId: string): Promise<Ticket> {
    return (await this.apply(ticketId, (t) => pauseTicket(t, this.actor(userId), this.ctx.now())))
      .ticket;
  }

  async resume(ticketId: string, userId: string): Promise<Ticket> {
    return (await this.apply(ticketId, (t) => resumeTicket(t, this.actor(userId), this.ctx.now())))
      .ticket;
  }

  /**
   * A breach reminder fired: the `escalated` SLA event goes on the ticket and the ledger. The
   * card shows it through the outbox, or through `updateCard` when the caller updates it
   * itself (the reminder job that has just escalated).
   */
  async recordEscalation(
    ticketId: string,
    phase: string,
    updateCard?: (ticket: Ticket) => Promise<void>,
  ): Promise<void> {
    await this.apply(
      ticketId,
      (t) => (t.status === 'resolved' ? null : recordEscalation(t, phase, this.ctx.now())),
      // With no updateCard, apply keeps its default: the outbox.
      { movesDeadlines: false, updateCard },
    );
  }

  /** The customer's "No, still a problem": reopens the ticket and tells its people. */
  async customerDeclined(ticket: Ticket, userId: string): Promise<Ticket> {
    const { ticket: declined, changed } = await this.customerAnswered(ticket, userId, false);
    if (changed) await this.outbox.noteDeclined(declined);
    return declined;
  }

  /**
   * Who is the customer is decided from what Sanad knows, read at the press: the policy's
   * team (never the customer), the Slack contacts of the ticket's customer, and the author of
   * the message the ticket was made from (domain: isTicketCustomer).
   */
  private async customerAnswered(ticket: Ticket, userId: string, resolved: boolean) {
    const customer = ticket.customerId ? await this.ctx.store.getCustomer(ticket.customerId) : null;
    const customerContactIds = (customer?.contacts ?? []).flatMap((c) =>
      c.slackUserId ? [c.slackUserId] : [],
    );
    const answer = {
      userId,
      resolved,
      isTeamMember: isTeamMember(this.ctx.policy, userId),
      customerContactIds,
    };
    return this.apply(ticket.id, (t) => customerAnsweredResolution(t, answer, this.ctx.now()));
  }

  async openTickets(limit = 200): Promise<{ tickets: Ticket[]; total: number }> {
    const [tickets, total] = await Promise.all([
      this.ctx.store.openTickets(limit),
      this.ctx.store.openTicketCount(),
    ]);
    return { tickets, total };
  }

  private requireApprover(userId: string): void {
    if (!this.actor(userId).isApprover) {
      throw new TicketRefusal(
        'not_approver',
        'هذا الإجراء للمعتمدين فقط.',
        'Only approvers can do this.',
      );
    }
  }

  private async requireTicket(ticketId: string): Promise<Ticket> {
    const ticket = await this.ctx.store.getTicket(ticketId);
    if (!ticket) {
      throw new TicketRefusal('ticket_resolved', 'التذكرة غير موجودة.', 'Ticket not found.');
    }
    return ticket;
  }
}
