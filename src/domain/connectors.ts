/**
 * SPEC §1.5 — the 11 connectors, their setup states, the moves allowed between states, and
 * the setup summary with the "ready for first service" gate.
 *
 * Allowed moves (CONNECTOR_TRANSITIONS). SPEC/runbook flow: not_started → configuring →
 * connected_draft_only | connected_approved_execute; configuring → failed (retry) | skipped;
 * connected straight from not_started (ops record reality). Added so real life fits:
 *
 * | from                        | to                                                                      |
 * |-----------------------------|-------------------------------------------------------------------------|
 * | not_started                 | configuring, connected_draft_only, connected_approved_execute, skipped |
 * | configuring                 | connected_draft_only, connected_approved_execute, failed, skipped      |
 * | connected_draft_only        | connected_approved_execute, configuring, failed                        |
 * | connected_approved_execute  | connected_draft_only, configuring, failed                              |
 * | failed                      | configuring, connected_draft_only, skipped                             |
 * | skipped                     | configuring, not_started                                               |
 *
 * - failed → configuring is the retry; failed → connected_draft_only is the runbook's
 *   "fallback to draft-only"; failed → skipped is giving up.
 * - A connected connector can be re-configured (scopes) or break (token revoked → failed).
 * - Downgrading connected_approved_execute → connected_draft_only is always allowed (safe).
 * - Every move INTO connected_approved_execute is a live-mode switch and needs a founder's
 *   approval (`approvedBy`). failed/skipped cannot jump straight to live mode.
 * - "Updating" to the same state is not a move: it only changes notes and is always allowed.
 */
import { DomainError } from './errors.ts';
import { assertOptionalEpochMs, nonEmpty, optionalNotes } from './validate.ts';

export const CONNECTOR_KEYS = Object.freeze([
  'gmail',
  'google_calendar',
  'google_sheets',
  'moyasar',
  'whatsapp_cloud',
  'website_forms',
  'linkedin_lead_forms',
  'google_business_profile',
  'crm_generic',
  'google_meet',
  'instagram_graph',
] as const);
export type ConnectorKey = (typeof CONNECTOR_KEYS)[number];

export type ConnectorMode = 'draft_only' | 'approved_execute' | 'manual' | 'ingest_only';

export interface SupportedConnector {
  key: ConnectorKey;
  labelAr: string;
  labelEn: string;
  defaultMode: ConnectorMode;
  phase: 1 | 2 | 3;
  blocksFirstService: boolean;
}

/** SPEC §1.5 — the 11 connectors. */
export const SUPPORTED_CONNECTORS: readonly SupportedConnector[] = Object.freeze(
  (
    [
      {
        key: 'gmail',
        labelAr: 'بريد Gmail',
        labelEn: 'Gmail',
        defaultMode: 'draft_only',
        phase: 1,
        blocksFirstService: false,
      },
      {
        key: 'google_calendar',
        labelAr: 'تقويم Google',
        labelEn: 'Google Calendar',
        defaultMode: 'draft_only',
        phase: 1,
        blocksFirstService: false,
      },
      {
        key: 'google_sheets',
        labelAr: 'جداول Google',
        labelEn: 'Google Sheets',
        defaultMode: 'approved_execute',
        phase: 1,
        blocksFirstService: false,
      },
      {
        key: 'moyasar',
        labelAr: 'ميسّر (Moyasar)',
        labelEn: 'Moyasar',
        defaultMode: 'manual',
        phase: 1,
        blocksFirstService: false,
      },
      {
        key: 'whatsapp_cloud',
        labelAr: 'واتساب للأعمال (Cloud API)',
        labelEn: 'WhatsApp Cloud',
        defaultMode: 'draft_only',
        phase: 1,
        blocksFirstService: true,
      },
      {
        key: 'website_forms',
        labelAr: 'نماذج الموقع',
        labelEn: 'Website forms',
        defaultMode: 'approved_execute',
        phase: 1,
        blocksFirstService: false,
      },
      {
        key: 'linkedin_lead_forms',
        labelAr: 'نماذج LinkedIn للعملاء المحتملين',
        labelEn: 'LinkedIn Lead Gen Forms',
        defaultMode: 'ingest_only',
        phase: 2,
        blocksFirstService: false,
      },
      {
        key: 'google_business_profile',
        labelAr: 'ملف Google التجاري',
        labelEn: 'Google Business Profile',
        defaultMode: 'draft_only',
        phase: 2,
        blocksFirstService: false,
      },
      {
        key: 'crm_generic',
        labelAr: 'نظام CRM',
        labelEn: 'CRM (generic)',
        defaultMode: 'draft_only',
        phase: 2,
        blocksFirstService: false,
      },
      {
        key: 'google_meet',
        labelAr: 'Google Meet',
        labelEn: 'Google Meet',
        defaultMode: 'ingest_only',
        phase: 2,
        blocksFirstService: false,
      },
      {
        key: 'instagram_graph',
        labelAr: 'إنستغرام (Graph API)',
        labelEn: 'Instagram Graph',
        defaultMode: 'ingest_only',
        phase: 3,
        blocksFirstService: false,
      },
    ] satisfies SupportedConnector[]
  ).map((c) => Object.freeze(c)),
);

export const CONNECTOR_STATES = Object.freeze([
  'not_started',
  'configuring',
  'connected_draft_only',
  'connected_approved_execute',
  'failed',
  'skipped',
] as const);
export type ConnectorState = (typeof CONNECTOR_STATES)[number];

/** The states that count as connected. */
export const CONNECTED_STATES: readonly ConnectorState[] = Object.freeze([
  'connected_draft_only',
  'connected_approved_execute',
]);

/** Allowed moves between different states (see the table at the top of this file). */
export const CONNECTOR_TRANSITIONS: Readonly<Record<ConnectorState, readonly ConnectorState[]>> =
  Object.freeze({
    not_started: Object.freeze([
      'configuring',
      'connected_draft_only',
      'connected_approved_execute',
      'skipped',
    ] as const),
    configuring: Object.freeze([
      'connected_draft_only',
      'connected_approved_execute',
      'failed',
      'skipped',
    ] as const),
    connected_draft_only: Object.freeze([
      'connected_approved_execute',
      'configuring',
      'failed',
    ] as const),
    connected_approved_execute: Object.freeze([
      'connected_draft_only',
      'configuring',
      'failed',
    ] as const),
    failed: Object.freeze(['configuring', 'connected_draft_only', 'skipped'] as const),
    skipped: Object.freeze(['configuring', 'not_started'] as const),
  });

export const CONNECTOR_NOTES_MAX = 200;

export interface ConnectorStatus {
  state: ConnectorState;
  notes: string;
  updatedAtMs?: number;
  /** Who approved the latest change (required for a move into connected_approved_execute). */
  approvedBy?: string;
}

export type ConnectorStatuses = Record<ConnectorKey, ConnectorStatus>;

/** What callers may pass as statuses: a full or partial map; an entry may be just a state. */
export type ConnectorStatusesInput = Partial<
  Record<
    string,
    | ConnectorState
    | string
    | { state: ConnectorState | string; notes?: string; updatedAtMs?: number; approvedBy?: string }
  >
>;

export function isConnectorKey(value: unknown): value is ConnectorKey {
  return typeof value === 'string' && (CONNECTOR_KEYS as readonly string[]).includes(value);
}

export function assertConnectorKey(value: unknown, field = 'connectorKey'): ConnectorKey {
  if (!isConnectorKey(value)) {
    throw new DomainError(
      'unknown_connector',
      `Unknown connector ${JSON.stringify(value)}: expected one of ${CONNECTOR_KEYS.join(', ')}`,
      field,
    );
  }
  return value;
}

export function isConnectorState(value: unknown): value is ConnectorState {
  return typeof value === 'string' && (CONNECTOR_STATES as readonly string[]).includes(value);
}

export function assertConnectorState(value: unknown, field = 'state'): ConnectorState {
  if (!isConnectorState(value)) {
    throw new DomainError(
      'unknown_connector_state',
      `Unknown connector state ${JSON.stringify(value)}: expected one of ${CONNECTOR_STATES.join(', ')}`,
      field,
    );
  }
  return value;
}

export function getConnector(key: ConnectorKey | string): SupportedConnector {
  const k = assertConnectorKey(key);
  return SUPPORTED_CONNECTORS.find((c) => c.key === k)!;
}

export function isConnectedState(state: ConnectorState): boolean {
  return state === 'connected_draft_only' || state === 'connected_approved_execute';
}

/** The states a connector in `state` may move to (not including staying put). */
export function allowedConnectorMoves(state: ConnectorState | string): ConnectorState[] {
  return [...CONNECTOR_TRANSITIONS[assertConnectorState(state)]];
}

export function isConnectorMoveAllowed(
  from: ConnectorState | string,
  to: ConnectorState | string,
): boolean {
  const f = assertConnectorState(from, 'from');
  const t = assertConnectorState(to, 'to');
  return f === t || CONNECTOR_TRANSITIONS[f].includes(t);
}

/** True for a move INTO connected_approved_execute (a live-mode switch). */
export function requiresFounderApproval(
  from: ConnectorState | string,
  to: ConnectorState | string,
): boolean {
  const f = assertConnectorState(from, 'from');
  const t = assertConnectorState(to, 'to');
  return t === 'connected_approved_execute' && f !== t;
}

/** All 11 connectors, not started. */
export function buildInitialConnectorStatuses(): ConnectorStatuses {
  const out = {} as ConnectorStatuses;
  for (const key of CONNECTOR_KEYS) out[key] = { state: 'not_started', notes: '' };
  return out;
}

/** Validates a (possibly partial) statuses map and returns a full, fresh one (missing = not_started). */
export function normalizeConnectorStatuses(
  statuses?: ConnectorStatusesInput | ConnectorStatuses | null,
  field = 'statuses',
): ConnectorStatuses {
  const out = buildInitialConnectorStatuses();
  if (statuses === undefined || statuses === null) return out;
  if (typeof statuses !== 'object' || Array.isArray(statuses)) {
    throw new DomainError('invalid_input', `${field} must be an object keyed by connector`, field);
  }
  for (const [key, raw] of Object.entries(statuses)) {
    if (raw === undefined) continue;
    const k = assertConnectorKey(key, `${field}.${key}`);
    if (typeof raw === 'string') {
      out[k] = { state: assertConnectorState(raw, `${field}.${key}`), notes: '' };
      continue;
    }
    if (raw === null || typeof raw !== 'object') {
      throw new DomainError(
        'invalid_input',
        `${field}.${key} must be a state or { state, notes? }`,
        `${field}.${key}`,
      );
    }
    const entry: ConnectorStatus = {
      state: assertConnectorState(raw.state, `${field}.${key}.state`),
      notes: typeof raw.notes === 'string' ? raw.notes : '',
    };
    if (typeof raw.updatedAtMs === 'number' && Number.isFinite(raw.updatedAtMs))
      entry.updatedAtMs = raw.updatedAtMs;
    if (typeof raw.approvedBy === 'string' && raw.approvedBy.trim() !== '')
      entry.approvedBy = raw.approvedBy.trim();
    out[k] = entry;
  }
  return out;
}

export interface UpdateConnectorStatusInput {
  connectorKey: ConnectorKey | string;
  state: ConnectorState | string;
  /** Replaces the notes when given; ≤ 200 characters. */
  notes?: string;
  atMs?: number;
  /** The founder who approved the change; required for a move into connected_approved_execute. */
  approvedBy?: string;
}

/**
 * Returns a NEW full statuses map with one connector moved (the input is not changed).
 * Unknown key → 'unknown_connector'; bad state → 'unknown_connector_state'; a move not in
 * CONNECTOR_TRANSITIONS → 'disallowed_connector_move'; notes over 200 → 'text_too_long';
 * a move into connected_approved_execute without `approvedBy` → 'invalid_input' (it needs a
 * founder's approval; the Slack layer turns that into an approval request).
 */
export function updateConnectorStatus(
  statuses: ConnectorStatusesInput | ConnectorStatuses | null | undefined,
  update: UpdateConnectorStatusInput,
): ConnectorStatuses {
  if (update === null || typeof update !== 'object') {
    throw new DomainError(
      'invalid_input',
      'updateConnectorStatus expects an update object',
      'update',
    );
  }
  const key = assertConnectorKey(update.connectorKey);
  const to = assertConnectorState(update.state);
  const current = normalizeConnectorStatuses(statuses);
  const prev = current[key];
  const notes = optionalNotes(update.notes, CONNECTOR_NOTES_MAX) ?? prev.notes;
  assertOptionalEpochMs(update.atMs);
  const approvedBy =
    update.approvedBy === undefined || update.approvedBy === null
      ? undefined
      : nonEmpty(update.approvedBy, 'approvedBy');
  const from = prev.state;
  if (from !== to && !CONNECTOR_TRANSITIONS[from].includes(to)) {
    const allowed = CONNECTOR_TRANSITIONS[from];
    throw new DomainError(
      'disallowed_connector_move',
      `${key} cannot move from ${from} to ${to}; allowed: ${allowed.join(', ')}`,
      'state',
    );
  }
  if (requiresFounderApproval(from, to) && approvedBy === undefined) {
    throw new DomainError(
      'invalid_input',
      `Moving ${key} into connected_approved_execute switches it to live mode and needs a founder's approval (approvedBy)`,
      'approvedBy',
    );
  }
  const entry: ConnectorStatus = { state: to, notes };
  const at = update.atMs ?? (from === to ? prev.updatedAtMs : undefined);
  if (at !== undefined) entry.updatedAtMs = at;
  const by = approvedBy ?? (from === to ? prev.approvedBy : undefined);
  if (by !== undefined) entry.approvedBy = by;
  return { ...current, [key]: entry };
}

export interface ConnectorSummaryItem {
  key: ConnectorKey;
  labelAr: string;
  labelEn: string;
  state: ConnectorState;
  defaultMode: ConnectorMode;
  phase: 1 | 2 | 3;
  blocksFirstService: boolean;
  notes: string;
  connected: boolean;
  /** The moves the connector modal may offer. */
  allowedMoves: ConnectorState[];
}

export interface ConnectorSetupSummary {
  customerId: string;
  totalConnectors: 11;
  connectedCount: number;
  /** connected / 11 × 100, 1 decimal. */
  connectedPct: number;
  /** Keys of blocking connectors that are not connected. */
  blockingMissing: ConnectorKey[];
  byState: Record<ConnectorState, number>;
  items: ConnectorSummaryItem[];
  /** No blocking connector missing AND at least one connected. */
  readyForFirstService: boolean;
  readinessAr: string;
  readinessEn: string;
  approvalRequired: true;
  liveSendAllowed: false;
}

export function buildConnectorSetupSummary(input: {
  customerId: string;
  statuses?: ConnectorStatusesInput | ConnectorStatuses | null;
}): ConnectorSetupSummary {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'buildConnectorSetupSummary expects an object', 'input');
  }
  if (typeof input.customerId !== 'string' || input.customerId.trim() === '') {
    throw new DomainError('invalid_input', 'customerId must be a non-empty string', 'customerId');
  }
  const statuses = normalizeConnectorStatuses(input.statuses);
  const byState = Object.fromEntries(CONNECTOR_STATES.map((s) => [s, 0])) as Record<
    ConnectorState,
    number
  >;
  const blockingMissing: ConnectorKey[] = [];
  let connectedCount = 0;
  const items = SUPPORTED_CONNECTORS.map((c): ConnectorSummaryItem => {
    const st = statuses[c.key];
    const connected = isConnectedState(st.state);
    byState[st.state]++;
    if (connected) connectedCount++;
    else if (c.blocksFirstService) blockingMissing.push(c.key);
    return {
      key: c.key,
      labelAr: c.labelAr,
      labelEn: c.labelEn,
      state: st.state,
      defaultMode: c.defaultMode,
      phase: c.phase,
      blocksFirstService: c.blocksFirstService,
      notes: st.notes,
      connected,
      allowedMoves: [...CONNECTOR_TRANSITIONS[st.state]],
    };
  });
  const ready = blockingMissing.length === 0 && connectedCount >= 1;
  const missingLabelsAr = blockingMissing.map((k) => getConnector(k).labelAr).join('، ');
  const missingLabelsEn = blockingMissing.map((k) => getConnector(k).labelEn).join(', ');
  return {
    customerId: input.customerId.trim(),
    totalConnectors: 11,
    connectedCount,
    connectedPct: Math.round((connectedCount / SUPPORTED_CONNECTORS.length) * 1000) / 10,
    blockingMissing,
    byState,
    items,
    readyForFirstService: ready,
    readinessAr: ready
      ? 'جاهز لأول خدمة'
      : blockingMissing.length > 0
        ? `غير جاهز لأول خدمة: ينقص ربط ${missingLabelsAr}`
        : 'غير جاهز لأول خدمة: لا يوجد أي موصل مربوط',
    readinessEn: ready
      ? 'Ready for the first service'
      : blockingMissing.length > 0
        ? `Not ready for the first service: ${missingLabelsEn} still to connect`
        : 'Not ready for the first service: no connector is connected',
    approvalRequired: true,
    liveSendAllowed: false,
  };
}
