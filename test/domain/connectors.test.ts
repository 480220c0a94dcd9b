import { describe, expect, it } from 'vitest';
import {
  allowedConnectorMoves,
  buildConnectorSetupSummary,
  buildInitialConnectorStatuses,
  CONNECTOR_KEYS,
  CONNECTOR_STATES,
  CONNECTOR_TRANSITIONS,
  type ConnectorState,
  type ConnectorStatuses,
  isConnectorMoveAllowed,
  requiresFounderApproval,
  SUPPORTED_CONNECTORS,
  updateConnectorStatus,
} from '../../src/domain/connectors.ts';
import { DomainError } from '../../src/domain/errors.ts';

function expectDomainError(fn: () => unknown, code: string, field?: string): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  const err = caught as DomainError;
  expect(err.code).toBe(code);
  if (field !== undefined) expect(err.field).toBe(field);
  expect(err.message.length).toBeGreaterThan(10);
  return err;
}

describe('SUPPORTED_CONNECTORS', () => {
  it('holds the SPEC §1.5 table exactly', () => {
    expect(
      SUPPORTED_CONNECTORS.map((c) => [c.key, c.defaultMode, c.phase, c.blocksFirstService]),
    ).toEqual([
      ['gmail', 'draft_only', 1, false],
      ['google_calendar', 'draft_only', 1, false],
      ['google_sheets', 'approved_execute', 1, false],
      ['moyasar', 'manual', 1, false],
      ['whatsapp_cloud', 'draft_only', 1, true],
      ['website_forms', 'approved_execute', 1, false],
      ['linkedin_lead_forms', 'ingest_only', 2, false],
      ['google_business_profile', 'draft_only', 2, false],
      ['crm_generic', 'draft_only', 2, false],
      ['google_meet', 'ingest_only', 2, false],
      ['instagram_graph', 'ingest_only', 3, false],
    ]);
    expect(SUPPORTED_CONNECTORS).toHaveLength(11);
    for (const c of SUPPORTED_CONNECTORS) {
      expect(c.labelAr.length).toBeGreaterThan(0);
      expect(c.labelEn.length).toBeGreaterThan(0);
    }
  });

  it('has the six states', () => {
    expect([...CONNECTOR_STATES]).toEqual([
      'not_started',
      'configuring',
      'connected_draft_only',
      'connected_approved_execute',
      'failed',
      'skipped',
    ]);
  });
});

describe('connector transitions', () => {
  it('contains the runbook flow', () => {
    expect(isConnectorMoveAllowed('not_started', 'configuring')).toBe(true);
    expect(isConnectorMoveAllowed('configuring', 'connected_draft_only')).toBe(true);
    expect(isConnectorMoveAllowed('configuring', 'connected_approved_execute')).toBe(true);
    expect(isConnectorMoveAllowed('configuring', 'failed')).toBe(true);
    expect(isConnectorMoveAllowed('configuring', 'skipped')).toBe(true);
    expect(isConnectorMoveAllowed('failed', 'configuring')).toBe(true); // retry
  });

  it('lets ops record a connection straight from not_started', () => {
    expect(allowedConnectorMoves('not_started')).toEqual(
      expect.arrayContaining(['connected_draft_only', 'connected_approved_execute']),
    );
  });

  it('always allows the downgrade from approved-execute to draft-only', () => {
    expect(isConnectorMoveAllowed('connected_approved_execute', 'connected_draft_only')).toBe(true);
  });

  it('does not allow jumping from failed or skipped into live mode, or failing before starting', () => {
    expect(isConnectorMoveAllowed('failed', 'connected_approved_execute')).toBe(false);
    expect(isConnectorMoveAllowed('skipped', 'connected_approved_execute')).toBe(false);
    expect(isConnectorMoveAllowed('not_started', 'failed')).toBe(false);
    expect(isConnectorMoveAllowed('skipped', 'connected_draft_only')).toBe(false);
  });

  it('every listed move is between real states and never to itself; staying put is allowed', () => {
    for (const from of CONNECTOR_STATES) {
      expect(isConnectorMoveAllowed(from, from)).toBe(true);
      for (const to of CONNECTOR_TRANSITIONS[from]) {
        expect(CONNECTOR_STATES).toContain(to);
        expect(to).not.toBe(from);
      }
      expect(allowedConnectorMoves(from)).toEqual([...CONNECTOR_TRANSITIONS[from]]);
    }
  });

  it('needs a founder only when moving INTO connected_approved_execute', () => {
    for (const from of CONNECTOR_STATES) {
      for (const to of CONNECTOR_STATES) {
        expect(requiresFounderApproval(from, to)).toBe(
          to === 'connected_approved_execute' && from !== to,
        );
      }
    }
  });

  it('rejects unknown states', () => {
    expectDomainError(() => allowedConnectorMoves('live'), 'unknown_connector_state');
    expectDomainError(
      () => requiresFounderApproval('not_started', 'live'),
      'unknown_connector_state',
      'to',
    );
  });
});

describe('updateConnectorStatus', () => {
  it('starts with all 11 not started', () => {
    const s = buildInitialConnectorStatuses();
    expect(Object.keys(s)).toEqual([...CONNECTOR_KEYS]);
    for (const key of CONNECTOR_KEYS) expect(s[key]).toEqual({ state: 'not_started', notes: '' });
  });

  it('moves one connector and returns a new full map without changing the input', () => {
    const before = buildInitialConnectorStatuses();
    const snapshot = structuredClone(before);
    const after = updateConnectorStatus(before, {
      connectorKey: 'gmail',
      state: 'configuring',
      notes: ' OAuth started ',
      atMs: 5,
    });
    expect(before).toEqual(snapshot);
    expect(after.gmail).toEqual({ state: 'configuring', notes: 'OAuth started', updatedAtMs: 5 });
    expect(after.google_calendar.state).toBe('not_started');
    expect(Object.keys(after)).toHaveLength(11);
  });

  it('accepts a partial map, entries given as bare states, or nothing', () => {
    const fromPartial = updateConnectorStatus(
      { gmail: 'configuring' },
      { connectorKey: 'gmail', state: 'connected_draft_only' },
    );
    expect(fromPartial.gmail.state).toBe('connected_draft_only');
    expect(fromPartial.whatsapp_cloud.state).toBe('not_started');
    const fromNothing = updateConnectorStatus(undefined, {
      connectorKey: 'moyasar',
      state: 'skipped',
    });
    expect(fromNothing.moyasar.state).toBe('skipped');
  });

  it('walks the runbook flow including a failed retry', () => {
    let s: ConnectorStatuses = buildInitialConnectorStatuses();
    const steps: ConnectorState[] = [
      'configuring',
      'failed',
      'configuring',
      'connected_draft_only',
    ];
    for (const state of steps)
      s = updateConnectorStatus(s, { connectorKey: 'whatsapp_cloud', state });
    expect(s.whatsapp_cloud.state).toBe('connected_draft_only');
  });

  it('rejects a move that is not allowed, naming both states', () => {
    const s = updateConnectorStatus(buildInitialConnectorStatuses(), {
      connectorKey: 'gmail',
      state: 'skipped',
    });
    const err = expectDomainError(
      () => updateConnectorStatus(s, { connectorKey: 'gmail', state: 'failed' }),
      'disallowed_connector_move',
      'state',
    );
    expect(err.message).toContain('skipped');
    expect(err.message).toContain('failed');
  });

  it('refuses live mode without a founder approval, and records the approver with one', () => {
    const err = expectDomainError(
      () =>
        updateConnectorStatus(undefined, {
          connectorKey: 'google_sheets',
          state: 'connected_approved_execute',
        }),
      'invalid_input',
      'approvedBy',
    );
    expect(err.message).toMatch(/founder's approval/);
    const s = updateConnectorStatus(undefined, {
      connectorKey: 'google_sheets',
      state: 'connected_approved_execute',
      approvedBy: 'UFOUNDER',
    });
    expect(s.google_sheets).toMatchObject({
      state: 'connected_approved_execute',
      approvedBy: 'UFOUNDER',
    });
    // Notes-only update while in live mode keeps the approver and needs no new approval.
    const noted = updateConnectorStatus(s, {
      connectorKey: 'google_sheets',
      state: 'connected_approved_execute',
      notes: 'ok',
    });
    expect(noted.google_sheets).toMatchObject({ notes: 'ok', approvedBy: 'UFOUNDER' });
    // Downgrade needs no approval and drops the live-mode approver.
    const down = updateConnectorStatus(s, {
      connectorKey: 'google_sheets',
      state: 'connected_draft_only',
    });
    expect(down.google_sheets.state).toBe('connected_draft_only');
    expect(down.google_sheets.approvedBy).toBeUndefined();
  });

  it('accepts notes of 200 characters and rejects 201', () => {
    const ok = updateConnectorStatus(undefined, {
      connectorKey: 'gmail',
      state: 'configuring',
      notes: 'ن'.repeat(200),
    });
    expect(ok.gmail.notes).toHaveLength(200);
    expect(
      updateConnectorStatus(undefined, {
        connectorKey: 'gmail',
        state: 'configuring',
        notes: 'x'.repeat(199),
      }).gmail.notes,
    ).toHaveLength(199);
    expectDomainError(
      () =>
        updateConnectorStatus(undefined, {
          connectorKey: 'gmail',
          state: 'configuring',
          notes: 'x'.repeat(201),
        }),
      'text_too_long',
      'notes',
    );
  });

  it('rejects an unknown connector or state, in the update or in the map', () => {
    expectDomainError(
      () => updateConnectorStatus(undefined, { connectorKey: 'slack', state: 'configuring' }),
      'unknown_connector',
      'connectorKey',
    );
    expectDomainError(
      () => updateConnectorStatus(undefined, { connectorKey: 'gmail', state: 'connected' }),
      'unknown_connector_state',
      'state',
    );
    expectDomainError(
      () =>
        updateConnectorStatus(
          { telegram: 'configuring' },
          { connectorKey: 'gmail', state: 'configuring' },
        ),
      'unknown_connector',
      'statuses.telegram',
    );
    expectDomainError(
      () =>
        updateConnectorStatus(
          { gmail: { state: 'on' } },
          { connectorKey: 'gmail', state: 'configuring' },
        ),
      'unknown_connector_state',
      'statuses.gmail.state',
    );
    expectDomainError(
      () =>
        updateConnectorStatus(undefined, {
          connectorKey: 'gmail',
          state: 'configuring',
          approvedBy: '',
        }),
      'invalid_input',
      'approvedBy',
    );
  });
});

describe('buildConnectorSetupSummary', () => {
  it('with nothing connected: 0 %, WhatsApp missing, not ready', () => {
    const s = buildConnectorSetupSummary({
      customerId: 'c1',
      statuses: buildInitialConnectorStatuses(),
    });
    expect(s).toMatchObject({
      customerId: 'c1',
      totalConnectors: 11,
      connectedCount: 0,
      connectedPct: 0,
      blockingMissing: ['whatsapp_cloud'],
      readyForFirstService: false,
      approvalRequired: true,
      liveSendAllowed: false,
    });
    expect(s.byState).toEqual({
      not_started: 11,
      configuring: 0,
      connected_draft_only: 0,
      connected_approved_execute: 0,
      failed: 0,
      skipped: 0,
    });
    expect(s.items).toHaveLength(11);
    expect(s.readinessEn).toMatch(/WhatsApp/);
  });

  it('the reference demo: Gmail and Calendar connected, WhatsApp not started → not ready', () => {
    const s = buildConnectorSetupSummary({
      customerId: 'demo',
      statuses: {
        gmail: { state: 'connected_draft_only' },
        google_calendar: { state: 'connected_draft_only' },
        moyasar: { state: 'configuring' },
        whatsapp_cloud: { state: 'not_started' },
      },
    });
    expect(s.connectedCount).toBe(2);
    expect(s.connectedPct).toBe(18.2);
    expect(s.blockingMissing).toEqual(['whatsapp_cloud']);
    expect(s.byState.configuring).toBe(1);
    expect(s.byState.not_started).toBe(8);
    expect(s.readyForFirstService).toBe(false);
  });

  it('ready needs the blocking connector AND at least one connected — WhatsApp alone is enough', () => {
    const onlyWhatsapp = buildConnectorSetupSummary({
      customerId: 'c',
      statuses: { whatsapp_cloud: 'connected_draft_only' },
    });
    expect(onlyWhatsapp.blockingMissing).toEqual([]);
    expect(onlyWhatsapp.readyForFirstService).toBe(true);
    expect(onlyWhatsapp.readinessEn).toMatch(/^Ready/);
    const live = buildConnectorSetupSummary({
      customerId: 'c',
      statuses: { whatsapp_cloud: { state: 'connected_approved_execute', approvedBy: 'UF' } },
    });
    expect(live.readyForFirstService).toBe(true);
  });

  it('a skipped or failed blocking connector is still missing', () => {
    for (const state of ['skipped', 'failed', 'configuring', 'not_started']) {
      const s = buildConnectorSetupSummary({
        customerId: 'c',
        statuses: { gmail: 'connected_draft_only', whatsapp_cloud: state },
      });
      expect(s.blockingMissing).toEqual(['whatsapp_cloud']);
      expect(s.readyForFirstService).toBe(false);
    }
  });

  it('rounds the connected percentage to 1 decimal', () => {
    const pct = (n: number) => {
      const statuses = Object.fromEntries(
        CONNECTOR_KEYS.slice(0, n).map((k) => [k, 'connected_draft_only']),
      );
      return buildConnectorSetupSummary({ customerId: 'c', statuses }).connectedPct;
    };
    expect(pct(1)).toBe(9.1); // 9.0909…
    expect(pct(2)).toBe(18.2); // 18.1818…
    expect(pct(5)).toBe(45.5); // 45.4545…
    expect(pct(6)).toBe(54.5); // 54.5454…
    expect(pct(10)).toBe(90.9);
    expect(pct(11)).toBe(100);
  });

  it('items carry the catalogue facts, state, notes and the moves the modal may offer', () => {
    const statuses = updateConnectorStatus(undefined, {
      connectorKey: 'gmail',
      state: 'configuring',
      notes: 'scopes',
    });
    const s = buildConnectorSetupSummary({ customerId: 'c', statuses });
    const gmail = s.items[0]!;
    expect(gmail).toMatchObject({
      key: 'gmail',
      state: 'configuring',
      defaultMode: 'draft_only',
      phase: 1,
      blocksFirstService: false,
      notes: 'scopes',
      connected: false,
    });
    expect(gmail.allowedMoves).toEqual([...CONNECTOR_TRANSITIONS.configuring]);
  });

  it('requires a customer id and valid statuses', () => {
    expectDomainError(
      () => buildConnectorSetupSummary({ customerId: '' }),
      'invalid_input',
      'customerId',
    );
    expectDomainError(
      () => buildConnectorSetupSummary({ customerId: 'c', statuses: { gmail: 'bogus' } }),
      'unknown_connector_state',
      'statuses.gmail',
    );
    expectDomainError(
      () =>
        buildConnectorSetupSummary({
          customerId: 'c',
          statuses: [] as unknown as ConnectorStatuses,
        }),
      'invalid_input',
      'statuses',
    );
  });
});
