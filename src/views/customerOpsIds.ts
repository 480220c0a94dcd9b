/**
 * callback_ids, action_ids and block_ids of the customer-ops surfaces: customer, onboarding,
 * connector and metrics modals, customer-success drafts and the App Home (SPEC §3).
 * Kept apart from ids.ts until the owner merges them; every value is prefixed `ops_`.
 * Per-item ids are `base:<suffix>` (see withSuffix / idSuffix / idPattern in incidentIds.ts).
 */
export const OPS_CALLBACK = {
  customerModal: 'ops_customer_modal',
  onboardingModal: 'ops_onboarding_modal',
  connectorModal: 'ops_connector_modal',
  metricsModal: 'ops_metrics_modal',
  draftEditModal: 'ops_draft_edit_modal',
  home: 'ops_home',
} as const;

export const OPS_ACTION = {
  // Customer modal inputs
  customerName: 'ops_customer_name',
  customerBundle: 'ops_customer_bundle',
  customerChannels: 'ops_customer_channels',
  customerContacts: 'ops_customer_contacts',
  customerLanguage: 'ops_customer_language',
  // Onboarding modal (suffixed `:<stepId>`; onboardingApprove also on the approval request)
  onboardingComplete: 'ops_onboarding_complete',
  onboardingRequestApproval: 'ops_onboarding_request_approval',
  onboardingApprove: 'ops_onboarding_approve',
  onboardingNotes: 'ops_onboarding_notes',
  // Connector modal inputs (suffixed `:<connectorKey>`)
  connectorMove: 'ops_connector_move',
  connectorNotes: 'ops_connector_notes',
  // Connector live-mode approval request
  connectorApprove: 'ops_connector_live_approve',
  connectorDecline: 'ops_connector_live_decline',
  // Metrics modal inputs
  metricDraftsApproved: 'ops_metric_drafts_approved',
  metricReplies: 'ops_metric_replies',
  metricMeetings: 'ops_metric_meetings',
  metricRisksBlocked: 'ops_metric_risks_blocked',
  metricPipelineSar: 'ops_metric_pipeline_sar',
  metricLastActivity: 'ops_metric_last_activity',
  metricDraftsPending: 'ops_metric_drafts_pending',
  metricLastProofPack: 'ops_metric_last_proof_pack',
  // Customer-success drafts (value says which draft: weekly check-in, at-risk, success plan)
  csDraftApprove: 'ops_cs_draft_approve',
  csDraftEdit: 'ops_cs_draft_edit',
  csDraftText: 'ops_cs_draft_text',
  // App Home
  homeNewTicket: 'ops_home_new_ticket',
  homeDeclareIncident: 'ops_home_declare_incident',
  homeAddCustomer: 'ops_home_add_customer',
  homeRefresh: 'ops_home_refresh',
  /** Customer-success runs on demand (approvers): drafts land in the customer-success channel. */
  homeRunWeeklyCheckIns: 'ops_home_run_weekly_check_ins',
  homeRunAtRiskScan: 'ops_home_run_at_risk_scan',
  /** Suffixed `:<section>`; value is the section. */
  homeShowMore: 'ops_home_show_more',
  /** Suffixed `:<section>`; value is the section. */
  homeShowLess: 'ops_home_show_less',
  /** Overflow per customer, suffixed `:<customerId>`; option values in OPS_MENU. */
  homeCustomerMenu: 'ops_home_customer_menu',
  /** Link button per pending approval, suffixed `:<index>` (Slack still sends an action: ack it). */
  homeOpenApproval: 'ops_home_open_approval',
} as const;

/** Option values of the per-customer overflow menu: `<prefix>|<customerId>`. */
export const OPS_MENU = {
  onboarding: 'onboarding',
  connectors: 'connectors',
  metrics: 'metrics',
  edit: 'edit',
} as const;

export const OPS_BLOCK = {
  customerName: 'ops_customer_name_block',
  customerBundle: 'ops_customer_bundle_block',
  customerChannels: 'ops_customer_channels_block',
  customerContacts: 'ops_customer_contacts_block',
  customerLanguage: 'ops_customer_language_block',
  onboardingNotes: 'ops_onboarding_notes_block',
  /** Suffixed `:<stepId>`. */
  onboardingStep: 'ops_onboarding_step',
  /** Suffixed `:<connectorKey>`. */
  connector: 'ops_connector',
  /** Input blocks, suffixed `:<connectorKey>:<revision>` (a new revision starts them empty). */
  connectorMove: 'ops_connector_move_block',
  connectorNotes: 'ops_connector_notes_block',
  onboardingApprovalActions: 'ops_onboarding_approval_actions',
  connectorApprovalActions: 'ops_connector_approval_actions',
  metricDraftsApproved: 'ops_metric_drafts_approved_block',
  metricReplies: 'ops_metric_replies_block',
  metricMeetings: 'ops_metric_meetings_block',
  metricRisksBlocked: 'ops_metric_risks_blocked_block',
  metricPipelineSar: 'ops_metric_pipeline_sar_block',
  metricLastActivity: 'ops_metric_last_activity_block',
  metricDraftsPending: 'ops_metric_drafts_pending_block',
  metricLastProofPack: 'ops_metric_last_proof_pack_block',
  csDraft: 'ops_cs_draft',
  csDraftActions: 'ops_cs_draft_actions',
  csDraftText: 'ops_cs_draft_text_block',
  homeTopActions: 'ops_home_top_actions',
  /** Suffixed `:<customerId>`. */
  homeCustomer: 'ops_home_customer',
} as const;
