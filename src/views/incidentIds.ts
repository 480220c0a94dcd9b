/**
 * callback_ids, action_ids and block_ids of the incident surfaces (SPEC §3 Incidents).
 * Kept apart from ids.ts until the owner merges them; every value is prefixed `incident_`.
 *
 * Where one view holds several elements of the same kind (one button per step, one select per
 * connector…), the action_id / block_id is the base id plus `:<suffix>` so ids stay unique per
 * view; listeners match with `idPattern(base)` and read the suffix with `idSuffix(id)`.
 */
export const INCIDENT_CALLBACK = {
  declareModal: 'incident_declare_modal',
  statusUpdateModal: 'incident_status_update_modal',
  resolveModal: 'incident_resolve_modal',
  pdplNoticeModal: 'incident_pdpl_notice_modal',
} as const;

export const INCIDENT_ACTION = {
  // Pinned summary
  setCommander: 'incident_set_commander',
  changeSeverity: 'incident_change_severity',
  postUpdate: 'incident_post_update',
  resolve: 'incident_resolve',
  // Response plan checklist (checkboxes; suffixed `:<chunk>` after the first 10 steps)
  planSteps: 'incident_plan_steps',
  // Status-update draft
  approveUpdate: 'incident_update_approve',
  editUpdate: 'incident_update_edit',
  snoozeUpdate: 'incident_update_snooze',
  // PDPL notice draft
  approvePdplNotice: 'incident_pdpl_approve',
  editPdplNotice: 'incident_pdpl_edit',
  // One per customer outside Slack once the notice is approved (suffixed `:<index>`)
  pdplSentByHand: 'incident_pdpl_sent_by_hand',
  // First-action reminder
  recordFirstAction: 'incident_first_action_taken',
  // SEV1 freeze (summary) and the ops notice when the channel could not be made
  liftFreeze: 'incident_lift_freeze',
  retryChannel: 'incident_retry_channel',
  // Modal inputs
  title: 'incident_title',
  description: 'incident_description',
  affectedCount: 'incident_affected_count',
  affectedCustomers: 'incident_affected_customers',
  flags: 'incident_flags',
  updateText: 'incident_update_text',
  resolveSummary: 'incident_resolve_summary',
  resolveCause: 'incident_resolve_cause',
  resolveActionItems: 'incident_resolve_action_items',
  pdplNoticeText: 'incident_pdpl_notice_text',
} as const;

/** Option values of the declare modal's flags checkboxes. */
export const INCIDENT_FLAG = {
  dataLeak: 'data_leak',
  unauthorizedSend: 'unauthorized_send',
} as const;

export const INCIDENT_BLOCK = {
  // Modal inputs
  title: 'incident_title_block',
  description: 'incident_description_block',
  affectedCount: 'incident_affected_count_block',
  affectedCustomers: 'incident_affected_customers_block',
  flags: 'incident_flags_block',
  updateText: 'incident_update_text_block',
  resolveSummary: 'incident_resolve_summary_block',
  resolveCause: 'incident_resolve_cause_block',
  resolveActionItems: 'incident_resolve_action_items_block',
  pdplNoticeText: 'incident_pdpl_notice_text_block',
  // Messages (suffixed `:<incidentId>` where a select needs to know its incident)
  summaryActions: 'incident_summary_actions',
  planChecklist: 'incident_plan_checklist',
  updateDraft: 'incident_update_draft',
  updateActions: 'incident_update_actions',
  pdplActions: 'incident_pdpl_actions',
  firstActionActions: 'incident_first_action_actions',
  freezeActions: 'incident_freeze_actions',
  channelProblemActions: 'incident_channel_problem_actions',
} as const;

const SEP = ':';

/** `base:suffix` — an id unique per view that still names its family. */
export function withSuffix(base: string, suffix: string | number): string {
  return `${base}${SEP}${suffix}`;
}

/** The part after the first `:` (the incident id, step id, connector key…), or null. */
export function idSuffix(id: string): string | null {
  const i = id.indexOf(SEP);
  return i < 0 ? null : id.slice(i + 1);
}

/** Matches `base` and `base:<anything>` (for Bolt's `app.action(idPattern(...))`). */
export function idPattern(base: string): RegExp {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}(?:${SEP}.+)?$`);
}
