/**
 * Realistic Ticket documents without going through Slack: the real TicketService opens them
 * (classification, routing, first-response draft, customer ref) against a store that only
 * hands the document back, and the real lifecycle functions move them on (approved, sent,
 * paused, resolved). The benchmark then writes them to Redis itself, in pipelines.
 */
import type { Policy } from '../../src/config/index.ts';
import { DEMO_USERS } from '../../src/demoWorkspace.ts';
import {
  approveDraft,
  confirmResolution,
  pauseTicket,
  recordDraftSent,
  requestResolution,
  resumeTicket,
  type Ticket,
  type Transition,
} from '../../src/domain/index.ts';
import { createLogger } from '../../src/infra/logger.ts';
import { actorFor } from '../../src/services/context.ts';
import { TicketService } from '../../src/services/ticketService.ts';
import type { Customer, SanadStore } from '../../src/store/redisStore.ts';
import { prng } from '../triage/corpus.ts';

export const SILENT_LOGGER = createLogger({ level: 'silent' });

export function benchCustomers(count: number, seed = 11): Customer[] {
  const r = prng(seed);
  const ar = ['مؤسسة', 'شركة', 'مجموعة', 'عيادات', 'متاجر'];
  const names = ['النخبة', 'الريادة', 'الوادي', 'السحاب', 'المدار', 'الأفق', 'رواد', 'نماء'];
  const en = ['Logistics', 'Clinics', 'Retail', 'Foods', 'Realty', 'Labs'];
  return Array.from({ length: count }, (_, i) => {
    const arabic = r() < 0.6;
    const name = arabic
      ? `${ar[i % ar.length]} ${names[Math.floor(r() * names.length)]} ${i + 1}`
      : `${names[Math.floor(r() * names.length)]!.replace('ال', 'Al ')} ${en[i % en.length]} ${i + 1}`;
    return {
      id: `cust-${String(i + 1).padStart(4, '0')}`,
      name,
      channelIds: [`C0CUST${String(i + 1).padStart(4, '0')}`],
      contacts: [{ name: `Contact ${i + 1}`, email: `ops${i + 1}@customer.example` }],
      language: arabic ? 'ar' : 'en',
    } satisfies Customer;
  });
}

export class TicketFactory {
  private nextId = '';
  private nowMs = 0;
  /** Opens run one at a time: the id and clock the service reads are this factory's state. */
  private opening: Promise<unknown> = Promise.resolve();
  private readonly service: TicketService;
  private readonly founder;
  private readonly oncall = DEMO_USERS.oncall.id;

  constructor(policy: Policy) {
    const store = {
      nextTicketId: async () => this.nextId,
      createTicket: async (transition: Transition) => ({
        created: true,
        ticket: transition.ticket,
      }),
    } as unknown as SanadStore;
    this.service = new TicketService(
      { store, policy, now: () => this.nowMs, logger: SILENT_LOGGER },
      {
        syncCard: async () => undefined,
        postReply: async () => undefined,
        noteDeclined: async () => undefined,
        noteReplyRefused: async () => undefined,
      },
    );
    this.founder = actorFor(policy, policy.people.founders[0] ?? DEMO_USERS.founder.id);
  }

  /** The open-ticket sorted-set score the store keeps (next SLA deadline; null when resolved). */
  openScore(ticket: Ticket): number | null {
    return this.service.openScore(ticket);
  }

  /** A ticket opened at `atMs` by a slash command in the customer's channel. */
  open(id: string, text: string, atMs: number, customer: Customer | null): Promise<Ticket> {
    const opened = this.opening.then(() => this.openNow(id, text, atMs, customer));
    this.opening = opened.catch(() => undefined);
    return opened;
  }

  private async openNow(
    id: string,
    text: string,
    atMs: number,
    customer: Customer | null,
  ): Promise<Ticket> {
    this.nextId = id;
    this.nowMs = atMs;
    const result = await this.service.create({
      text,
      userId: this.oncall,
      customer,
      source: {
        kind: 'slash_command',
        userId: this.oncall,
        channelId: customer?.channelIds[0] ?? 'C0TRIAGE',
      },
    });
    return result.ticket;
  }

  /** First response approved by a founder and sent at `atMs`. */
  answer(ticket: Ticket, atMs: number): Ticket {
    const approvedAt = atMs - Math.min(60_000, (atMs - ticket.createdAtMs) / 2);
    const approved = approveDraft(ticket, ticket.draft.seq, this.founder, approvedAt).ticket;
    return recordDraftSent(approved, 'sanad', atMs, `${Math.floor(atMs / 1000)}.000100`).ticket;
  }

  /** The clock paused waiting on the customer from `fromMs` to `toMs`. */
  pause(ticket: Ticket, fromMs: number, toMs: number): Ticket {
    return resumeTicket(pauseTicket(ticket, this.founder, fromMs).ticket, this.founder, toMs)
      .ticket;
  }

  /** Resolution asked, approved, sent, and confirmed by the customer at `atMs`. */
  resolve(ticket: Ticket, atMs: number): Ticket {
    const question =
      ticket.language === 'ar' ? 'هل تم حل المشكلة لديكم؟' : 'Is the issue resolved on your side?';
    let t = requestResolution(ticket, question, this.founder, atMs - 3_600_000).ticket;
    t = approveDraft(t, t.draft.seq, this.founder, atMs - 3_500_000).ticket;
    t = recordDraftSent(t, 'sanad', atMs - 3_400_000).ticket;
    return confirmResolution(t, { kind: 'customer', userId: 'U0CUSTOMER' }, atMs).ticket;
  }
}
