/**
 * Every callback_id, action_id and block_id Sanad uses, in one place: listeners match on
 * these and view builders emit them, so the two can never drift apart.
 */
export const CALLBACK = {
  ticketShortcut: 'sanad_create_ticket',
  ticketIntakeModal: 'sanad_ticket_intake',
  ticketShortcutModal: 'sanad_ticket_from_message',
  draftEditModal: 'sanad_draft_edit',
} as const;

export const ACTION = {
  approve: 'ticket_approve',
  edit: 'ticket_edit',
  reject: 'ticket_reject',
  raisePriority: 'ticket_raise_priority',
  assignToMe: 'ticket_assign_me',
  resolve: 'ticket_resolve',
  markSent: 'ticket_mark_sent',
  recordConfirmation: 'ticket_record_confirmation',
  customerConfirm: 'customer_confirm_resolved',
  customerNotResolved: 'customer_not_resolved',
  openSource: 'ticket_open_source',
  pause: 'ticket_pause',
  resume: 'ticket_resume',
  openIncidentFromReview: 'review_open_incident',
  liftFreeze: 'freeze_lift',
  // Modal inputs
  ticketText: 'ticket_text',
  ticketCustomer: 'ticket_customer',
  ticketEmail: 'ticket_contact_email',
  draftText: 'draft_text',
} as const;

export const BLOCK = {
  ticketText: 'ticket_text_block',
  ticketCustomer: 'ticket_customer_block',
  ticketEmail: 'ticket_email_block',
  draftText: 'draft_text_block',
  cardActions: 'ticket_card_actions',
  cardDraft: 'ticket_card_draft',
  confirmActions: 'customer_confirm_actions',
  reviewActions: 'weekly_review_actions',
} as const;

/** Metadata event type on every message Sanad posts, so a retried post can find its twin. */
export const POST_METADATA_EVENT = 'sanad_post';

/**
 * The value of a draft's Approve / Reject / Edit buttons: the ticket and the draft version
 * (`seq`) the message showed, so pressing one acts on the text that was on screen — a
 * reminder in the card's thread is never updated after a colleague's edit.
 */
export function draftButtonValue(ticketId: string, seq: number): string {
  return `${ticketId}|${seq}`;
}

/** A value of only the ticket id (buttons posted before the version was added) has no seq:
 *  the domain refuses it as a changed draft, since what it showed cannot be known. */
export function parseDraftButtonValue(value: string): { ticketId: string; seq?: number } {
  const [ticketId = '', seq] = value.split('|');
  return { ticketId, seq: seq !== undefined && /^\d+$/.test(seq) ? Number(seq) : undefined };
}
