/**
 * Turns a stored ticket into its Slack card, resolving the policy's people for the owner
 * role. Shared by the listeners and the outbox worker.
 */
import type { Policy } from '../config/index.ts';
import { type EscalationOwner, type Ticket, ticketDueTimes } from '../domain/index.ts';
import { buildTicketCard } from '../views/ticketViews.ts';

export function ownerUserIds(policy: Policy, owner: EscalationOwner): string[] {
  switch (owner) {
    case 'founder':
      return policy.people.founders;
    case 'operator_oncall':
      return policy.people.oncall;
    case 'operator_team':
      return policy.people.approvers;
  }
}

/** A ticket's SLA due times under the policy's targets and business-hours calendars. */
export function dueTimesFor(policy: Policy, ticket: Ticket, nowMs: number) {
  return ticketDueTimes(ticket, policy.sla, { calendars: policy.businessHours, nowMs });
}

export function renderTicketCard(policy: Policy, ticket: Ticket, nowMs: number) {
  return buildTicketCard({
    ticket,
    due: dueTimesFor(policy, ticket, nowMs),
    ownerUserIds: ownerUserIds(policy, ticket.owner),
    customerLabel: ticket.customerName,
    sourceLink: ticket.source.permalink,
    nowMs,
    lang: policy.language,
  });
}
