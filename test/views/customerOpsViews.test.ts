import type { KnownBlock, View } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  buildAtRiskAlert,
  buildConnectorSetupSummary,
  buildCustomerSuccessPlan,
  buildOnboardingChecklist,
  buildWeeklyCheckIn,
  CONNECTOR_KEYS,
  CONNECTOR_TRANSITIONS,
  type ConnectorState,
  updateOnboardingStep,
} from '../../src/domain/index.ts';
import { OPS_ACTION, OPS_CALLBACK } from '../../src/views/customerOpsIds.ts';
import {
  BUNDLE_IDS,
  buildAtRiskAlertDraft,
  buildConnectorApprovalRequest,
  buildConnectorModal,
  buildCsDraftEditModal,
  buildCsRunReport,
  buildCustomerModal,
  buildMetricsModal,
  buildOnboardingApprovalRequest,
  buildOnboardingModal,
  buildSuccessPlanReminder,
  buildWeeklyCheckInDraft,
  closeApprovalBlocks,
  connectorKeyOfBlock,
  connectorNotesDigest,
  formatContacts,
  parseConnectorMoveValue,
  parseContacts,
  parseCsDraftValue,
  parseOnboardingStepValue,
  RUN_REPORT_NAMES_MAX,
} from '../../src/views/customerOpsViews.ts';
import type { Lang } from '../../src/views/format.ts';
import { idPattern, idSuffix } from '../../src/views/incidentIds.ts';
import {
  expectEscaped,
  expectUniqueIds,
  expectValidMessage,
  expectValidModal,
  mrkdwnTexts,
  NASTY,
} from '../support/blockKitAssertions.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 22, 7, 0);
const LANGS: Lang[] = ['ar', 'en'];

function buttons(
  value: unknown,
): Array<{ action_id: string; value?: string; text: { text: string } }> {
  const out: Array<{ action_id: string; value?: string; text: { text: string } }> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o['type'] === 'button') out.push(o as never);
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
  return out;
}

describe('buildCustomerModal', () => {
  it.each(LANGS)('adds a customer (%s)', (lang) => {
    const view = buildCustomerModal({ lang });
    expectValidModal(view);
    expectUniqueIds(view);
    expect(view.callback_id).toBe(OPS_CALLBACK.customerModal);
    const json = JSON.stringify(view);
    for (const b of BUNDLE_IDS) expect(json).toContain(`"${b}"`);
    expect(json).toContain('multi_conversations_select');
    expect(json).toContain('radio_buttons');
  });

  it.each(LANGS)('edits a customer with its current values (%s)', (lang) => {
    const view = buildCustomerModal({
      lang,
      customer: {
        id: 'cust_1',
        name: 'Acme <!channel>',
        bundleId: 'executive_growth_os',
        channelIds: ['C1', 'C2', 'C1'],
        contacts: [
          { name: 'Sara Ahmed', email: 'sara@acme.sa' },
          { email: 'ops@acme.sa' },
          { name: 'Omar', slackUserId: 'U0OMAR' },
        ],
        language: 'en',
      },
    });
    expectValidModal(view);
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ customerId: 'cust_1' });
    const json = JSON.stringify(view);
    expect(json).toContain('"initial_conversations":["C1","C2"]');
    expect(json).toContain('Sara Ahmed <sara@acme.sa>');
    expect(json).toMatch(/"initial_option":\{"value":"executive_growth_os"/);
    expect(json).toMatch(/"initial_option":\{"value":"en"/);
  });

  it('formats and parses contact lines', () => {
    const text = formatContacts([
      { name: 'Sara Ahmed', email: 'sara@acme.sa' },
      { email: 'ops@acme.sa' },
      { name: 'Omar', slackUserId: 'U0OMAR' },
    ]);
    expect(text).toBe('Sara Ahmed <sara@acme.sa>\n<ops@acme.sa>\nOmar <@U0OMAR>');
    const parsed = parseContacts(`${text}\nbob@x.io\n\njust a name\n"Lina" <LINA@X.SA>`);
    expect(parsed.contacts).toEqual([
      { name: 'Sara Ahmed', email: 'sara@acme.sa' },
      { email: 'ops@acme.sa' },
      { name: 'Omar', slackUserId: 'U0OMAR' },
      { email: 'bob@x.io' },
      { name: 'Lina', email: 'lina@x.sa' },
    ]);
    expect(parsed.invalidLines).toEqual(['just a name']);
  });
});

describe('buildOnboardingModal', () => {
  function checklist() {
    let c = buildOnboardingChecklist({ customerId: 'cust_1', companyName: 'Acme' });
    c = updateOnboardingStep(c, { stepId: 'select_goal', atMs: T0 });
    c = updateOnboardingStep(c, { stepId: 'select_bundle', atMs: T0 + 60_000 }); // awaits approval
    c = updateOnboardingStep(c, {
      stepId: 'company_intake',
      atMs: T0 + 120_000,
      notes: NASTY,
    });
    return c;
  }

  it.each(LANGS)('shows 8 steps, progress and the right buttons (%s)', (lang) => {
    const c = checklist();
    const view = buildOnboardingModal({ lang, customerName: 'Acme', checklist: c });
    expectValidModal(view);
    expectUniqueIds(view);
    expectEscaped(view);
    const text = mrkdwnTexts(view).join('\n');
    expect(text).toContain('▓▓▓░░░░░ 37.5%');
    expect(text).toContain('<!date^');
    const steps = view.blocks.filter((b) => b.block_id?.startsWith('ops_onboarding_step:'));
    expect(steps).toHaveLength(8);
    const bs = buttons(view);
    const byStep = new Map(bs.map((b) => [idSuffix(b.action_id), b]));
    // completed without approval needed: no button
    expect(byStep.has('select_goal')).toBe(false);
    expect(byStep.has('company_intake')).toBe(false);
    // completed, needs approval, no approver yet: Approve
    expect(byStep.get('select_bundle')?.action_id).toMatch(idPattern(OPS_ACTION.onboardingApprove));
    // the current step, needs approval: Request approval
    expect(byStep.get('connect_channels')?.action_id).toMatch(
      idPattern(OPS_ACTION.onboardingRequestApproval),
    );
    expect(parseOnboardingStepValue(byStep.get('connect_channels')?.value ?? '')).toEqual({
      customerId: 'cust_1',
      stepId: 'connect_channels',
    });
    // steps after the current one: no button, in order (SPEC §1.4)
    for (const id of ['upload_or_source', 'risk_review', 'first_service_run', 'first_proof_pack']) {
      expect(byStep.has(id)).toBe(false);
    }
    expect([...byStep.keys()]).toEqual(['select_bundle', 'connect_channels']);
    expect(text).toContain(lang === 'ar' ? 'الخطوات تُنجز بالترتيب' : 'Steps are done in order');
    // minutes and the approval marker
    expect(text).toContain(lang === 'ar' ? '8 د' : '8 min');
    expect(text).toContain('🔐');
  });

  it('a finished checklist shows 100% and no step buttons', () => {
    let c = buildOnboardingChecklist({ customerId: 'cust_2' });
    for (const s of c.steps) {
      c = updateOnboardingStep(c, { stepId: s.id, atMs: T0, approvedBy: 'U0APP' });
    }
    const view = buildOnboardingModal({ lang: 'en', customerName: 'Done Co', checklist: c });
    expectValidModal(view);
    expect(mrkdwnTexts(view).join('\n')).toContain('▓▓▓▓▓▓▓▓ 100%');
    expect(buttons(view)).toHaveLength(0);
    expect(mrkdwnTexts(view).join('\n')).toContain('<@U0APP>');
  });
});

describe('onboarding for a given viewer', () => {
  function checklist() {
    let c = buildOnboardingChecklist({ customerId: 'cust_1', companyName: 'Acme' });
    c = updateOnboardingStep(c, { stepId: 'select_goal', atMs: T0 });
    c = updateOnboardingStep(c, { stepId: 'select_bundle', atMs: T0 }); // awaits approval
    c = updateOnboardingStep(c, { stepId: 'company_intake', atMs: T0 });
    return c; // current step: connect_channels (needs approval)
  }

  it('an approver completes approval steps in one press and sees Approve on waiting steps', () => {
    const view = buildOnboardingModal({
      lang: 'en',
      customerName: 'Acme',
      checklist: checklist(),
      viewer: { canApprove: true },
      revision: 4,
      notice: '✅ done <!channel>',
    });
    expectValidModal(view);
    expectUniqueIds(view);
    const byStep = new Map(buttons(view).map((b) => [idSuffix(b.action_id), b]));
    expect(byStep.get('select_bundle')?.action_id).toMatch(idPattern(OPS_ACTION.onboardingApprove));
    expect(byStep.get('connect_channels')?.action_id).toMatch(
      idPattern(OPS_ACTION.onboardingComplete),
    );
    expect(byStep.get('connect_channels')?.text.text).toContain('Complete & approve');
    // The notes input starts empty after each change: its block_id carries the revision.
    expect(view.blocks.some((b) => b.block_id === 'ops_onboarding_notes_block:4')).toBe(true);
    expect(mrkdwnTexts(view)[0]).toContain('✅ done');
  });

  it('anyone else requests approval and sees who it waits for, without an Approve button', () => {
    const view = buildOnboardingModal({
      lang: 'en',
      customerName: 'Acme',
      checklist: checklist(),
      viewer: { canApprove: false },
    });
    expectValidModal(view);
    const ids = buttons(view).map((b) => b.action_id);
    expect(ids.some((id) => idPattern(OPS_ACTION.onboardingApprove).test(id))).toBe(false);
    expect(ids).toContain(`${OPS_ACTION.onboardingRequestApproval}:connect_channels`);
    expect(mrkdwnTexts(view).join('\n')).toContain('Waiting for an approver');
  });

  it.each(LANGS)(
    'the first service run says why it waits for the readiness gate, with no button (%s)',
    (lang) => {
      let c = buildOnboardingChecklist({ customerId: 'cust_1' });
      for (const s of c.steps.slice(0, 6)) {
        c = updateOnboardingStep(c, { stepId: s.id, atMs: T0, approvedBy: 'U0APP' });
      }
      const notReady = buildConnectorSetupSummary({ customerId: 'cust_1' });
      const view = buildOnboardingModal({
        lang,
        customerName: 'Acme',
        checklist: c,
        viewer: { canApprove: true },
        readiness: notReady,
      });
      expectValidModal(view);
      const step = view.blocks.find((b) => b.block_id === 'ops_onboarding_step:first_service_run');
      expect(JSON.stringify(step)).toContain(
        lang === 'ar' ? notReady.readinessAr : notReady.readinessEn,
      );
      expect(buttons(step)).toHaveLength(0);
      // The step after it waits its turn: no button anywhere; once ready, the gated step
      // (the current one) gets its button back.
      expect(buttons(view)).toHaveLength(0);
      const ready = buildOnboardingModal({
        lang,
        customerName: 'Acme',
        checklist: c,
        viewer: { canApprove: true },
        readiness: buildConnectorSetupSummary({
          customerId: 'cust_1',
          statuses: { whatsapp_cloud: 'connected_draft_only' },
        }),
      });
      expect(buttons(ready).map((b) => idSuffix(b.action_id))).toEqual(['first_service_run']);
      expect(mrkdwnTexts(ready).join('\n')).not.toContain('⛔');
    },
  );

  it('all steps done but one waiting: the plan has not started yet', () => {
    let c = buildOnboardingChecklist({ customerId: 'cust_1' });
    for (const s of c.steps) c = updateOnboardingStep(c, { stepId: s.id, atMs: T0 });
    const view = buildOnboardingModal({ lang: 'en', customerName: 'Acme', checklist: c });
    const text = mrkdwnTexts(view).join('\n');
    expect(text).toContain('before the success plan starts');
    expect(text).not.toContain('success plan has started');
  });

  it.each(LANGS)(
    'onboarding approval request: Approve carries the step and request (%s)',
    (lang) => {
      const msg = buildOnboardingApprovalRequest({
        lang,
        customerId: 'cust_1',
        customerName: `Acme ${NASTY}`,
        stepId: 'risk_review',
        stepLabel: 'Risk review',
        requestedBy: 'U0CSM',
        requestId: 'step-cust_1-risk_review-1',
        notes: NASTY,
        approverIds: ['U0APPROVER'],
      });
      expectValidMessage(msg);
      expectEscaped(msg.blocks);
      const [approve] = buttons(msg.blocks);
      expect(approve?.action_id).toBe(OPS_ACTION.onboardingApprove);
      expect(JSON.parse(approve?.value ?? '')).toEqual({
        customerId: 'cust_1',
        stepId: 'risk_review',
        requestId: 'step-cust_1-risk_review-1',
      });
      const closed = closeApprovalBlocks(msg.blocks, '✅ Approved by <@U0APPROVER>');
      expect(buttons(closed)).toHaveLength(0);
      expect(mrkdwnTexts(closed).at(-1)).toContain('Approved by');
    },
  );
});

describe('buildConnectorModal', () => {
  const statuses: Record<string, ConnectorState | { state: ConnectorState; notes: string }> = {
    gmail: 'connected_draft_only',
    google_calendar: 'configuring',
    google_sheets: { state: 'failed', notes: `token revoked ${NASTY}` },
    moyasar: 'skipped',
    whatsapp_cloud: 'not_started',
    website_forms: 'connected_approved_execute',
  };

  it.each(LANGS)('offers only the allowed moves for each connector (%s)', (lang) => {
    const summary = buildConnectorSetupSummary({ customerId: 'cust_1', statuses });
    const view = buildConnectorModal({ lang, customerName: 'Acme', summary, revision: 3 });
    expectValidModal(view);
    expectUniqueIds(view);
    expectEscaped(view);
    const sections = view.blocks.filter((b) => b.block_id?.startsWith('ops_connector:'));
    expect(sections.map((s) => idSuffix(s.block_id ?? ''))).toEqual([...CONNECTOR_KEYS]);
    const moves = view.blocks.filter((b) =>
      b.block_id?.startsWith('ops_connector_move_block:'),
    ) as Array<{
      block_id: string;
      type: string;
      element: { action_id: string; options: Array<{ value: string }> };
    }>;
    // Every connector here has moves; each select is an input block (its errors show on it).
    expect(moves.map((m) => connectorKeyOfBlock(m.block_id))).toEqual([...CONNECTOR_KEYS]);
    for (const m of moves) {
      expect(m.type).toBe('input');
      expect(m.block_id.endsWith(':3')).toBe(true);
      const key = connectorKeyOfBlock(m.block_id) ?? '';
      const item = summary.items.find((i) => i.key === key);
      const offered = m.element.options.map((o) => parseConnectorMoveValue(o.value));
      expect(offered.every((o) => o?.connectorKey === key)).toBe(true);
      expect(offered.map((o) => o?.state)).toEqual(item?.allowedMoves);
      expect(offered.map((o) => o?.state)).toEqual([
        ...CONNECTOR_TRANSITIONS[item?.state ?? 'not_started'],
      ]);
      expect(idSuffix(m.element.action_id)).toBe(key);
    }
    const moyasar = moves.find((m) => connectorKeyOfBlock(m.block_id) === 'moyasar');
    expect(moyasar?.element.options.map((o) => o.value)).toEqual([
      'moyasar|configuring',
      'moyasar|not_started',
    ]);
    const notes = view.blocks.filter((b) => b.block_id?.startsWith('ops_connector_notes_block:'));
    expect(notes).toHaveLength(11);
    expect(JSON.stringify(notes)).toContain('"initial_value":"token revoked');
    const text = mrkdwnTexts(view).join('\n');
    expect(text).toContain(lang === 'ar' ? 'غير جاهز' : 'Not ready');
    expect(text).toContain(lang === 'ar' ? 'واتساب' : 'WhatsApp');
    expect(text).toContain('18.2%');
    expect(text).toContain('⛔');
  });

  it('does not offer live mode again while a founder is asked, and says so', () => {
    const summary = buildConnectorSetupSummary({ customerId: 'cust_1', statuses });
    const view = buildConnectorModal({
      lang: 'en',
      customerName: 'Acme',
      summary,
      pendingLive: { gmail: { requestedBy: 'U0OPS' } },
    });
    expectValidModal(view);
    const gmail = view.blocks.find((b) => b.block_id?.startsWith('ops_connector_move_block:gmail'));
    expect(JSON.stringify(gmail)).not.toContain('connected_approved_execute');
    expect(mrkdwnTexts(view).join('\n')).toContain('Waiting for a founder to approve live mode');
  });

  it("remembers the notes it shows as short digests, within Slack's private_metadata limit", () => {
    const full = Object.fromEntries(
      CONNECTOR_KEYS.map((k) => [k, { state: 'configuring' as const, notes: 'ن'.repeat(200) }]),
    );
    const summary = buildConnectorSetupSummary({ customerId: 'cust_1', statuses: full });
    const view = buildConnectorModal({ lang: 'ar', customerName: 'Acme', summary });
    expectValidModal(view);
    const meta = JSON.parse(view.private_metadata ?? '{}');
    expect(view.private_metadata?.length).toBeLessThan(3000);
    expect(Object.keys(meta.notes)).toEqual([...CONNECTOR_KEYS]);
    expect(meta.notes.gmail).toBe(connectorNotesDigest('ن'.repeat(200)));
    // Connectors without notes are left out: they showed none.
    const some = buildConnectorModal({
      lang: 'en',
      customerName: 'Acme',
      summary: buildConnectorSetupSummary({ customerId: 'cust_1', statuses }),
    });
    expect(Object.keys(JSON.parse(some.private_metadata ?? '{}').notes)).toEqual(['google_sheets']);
  });

  it('says ready when WhatsApp is connected', () => {
    const summary = buildConnectorSetupSummary({
      customerId: 'cust_1',
      statuses: { ...statuses, whatsapp_cloud: 'connected_draft_only' },
    });
    const view = buildConnectorModal({ lang: 'en', customerName: 'Acme', summary });
    expectValidModal(view);
    expect(mrkdwnTexts(view).join('\n')).toContain('Ready for the first service');
  });

  it.each(LANGS)('approval request for live mode: Approve / Decline (%s)', (lang) => {
    const msg = buildConnectorApprovalRequest({
      customerName: `Acme ${NASTY}`,
      connectorKey: 'gmail',
      requestedBy: 'U0OPS',
      lang,
      customerId: 'cust_1',
      fromState: 'connected_draft_only',
      notes: NASTY,
      founderIds: ['U0FOUNDER'],
    });
    expectValidMessage(msg);
    expectEscaped(msg.blocks);
    const bs = buttons(msg.blocks);
    expect(bs.map((b) => b.action_id)).toEqual([
      OPS_ACTION.connectorApprove,
      OPS_ACTION.connectorDecline,
    ]);
    expect(JSON.parse(bs[0]?.value ?? '')).toEqual({
      connectorKey: 'gmail',
      requestedBy: 'U0OPS',
      customerId: 'cust_1',
    });
    const text = mrkdwnTexts(msg.blocks).join('\n');
    expect(text).toContain('<@U0OPS>');
    expect(text).toContain('<@U0FOUNDER>');
  });
});

describe('buildMetricsModal', () => {
  it.each(LANGS)('has non-negative number inputs and two date pickers (%s)', (lang) => {
    const view = buildMetricsModal({
      lang,
      customerName: 'Acme',
      customerId: 'cust_1',
      metrics: {
        draftsApproved: 12,
        replies: -3,
        meetings: 2.5,
        risksBlocked: 1,
        pipelineSar: 150000.5,
        lastActivityDate: '2026-11-20',
        draftsPending: 4,
        lastProofPackDate: '2026-02-30',
      },
    });
    expectValidModal(view);
    expectUniqueIds(view);
    const inputs = view.blocks.filter((b) => b.type === 'input') as unknown as Array<{
      element: Record<string, unknown>;
    }>;
    const numbers = inputs.filter((i) => i.element['type'] === 'number_input');
    const dates = inputs.filter((i) => i.element['type'] === 'datepicker');
    expect(numbers).toHaveLength(6);
    expect(dates).toHaveLength(2);
    for (const n of numbers) expect(n.element['min_value']).toBe('0');
    const byId = new Map(inputs.map((i) => [i.element['action_id'], i.element]));
    expect(byId.get(OPS_ACTION.metricDraftsApproved)?.['initial_value']).toBe('12');
    expect(byId.get(OPS_ACTION.metricReplies)?.['initial_value']).toBeUndefined();
    expect(byId.get(OPS_ACTION.metricMeetings)?.['initial_value']).toBeUndefined();
    expect(byId.get(OPS_ACTION.metricPipelineSar)?.['is_decimal_allowed']).toBe(true);
    expect(byId.get(OPS_ACTION.metricPipelineSar)?.['initial_value']).toBe('150000.5');
    expect(byId.get(OPS_ACTION.metricDraftsPending)?.['is_decimal_allowed']).toBe(false);
    expect(byId.get(OPS_ACTION.metricLastActivity)?.['initial_date']).toBe('2026-11-20');
    expect(byId.get(OPS_ACTION.metricLastProofPack)?.['initial_date']).toBeUndefined();
  });

  it('works without metrics', () => {
    expectValidModal(buildMetricsModal({ lang: 'ar', customerName: 'Acme' }));
  });
});

describe('customer-success drafts', () => {
  function expectDraft(msg: { text: string; blocks: KnownBlock[] }, kind: string, lang: Lang) {
    expectValidMessage(msg);
    expectUniqueIds(msg.blocks);
    const bs = buttons(msg.blocks);
    expect(bs.map((b) => b.action_id)).toEqual([OPS_ACTION.csDraftApprove, OPS_ACTION.csDraftEdit]);
    expect(parseCsDraftValue(bs[0]?.value ?? '')?.kind).toBe(kind);
    const all = `${msg.text}\n${mrkdwnTexts(msg.blocks).join('\n')}`;
    expect(all).toContain(lang === 'ar' ? 'مسودة' : 'Draft');
    // Approval-first: a draft never claims to have been sent.
    expect(all).not.toMatch(/\b(was|were) sent\b|\bsent to\b/i);
    expect(all).not.toMatch(/تم الإرسال|أُرسلت? إلى/);
  }

  it.each(LANGS)('weekly check-in draft (%s)', (lang) => {
    const checkIn = buildWeeklyCheckIn({
      customerId: 'cust_1',
      companyName: 'Acme',
      metrics: {
        draftsApproved: 14,
        replies: 5,
        meetings: 2,
        risksBlocked: 3,
        pipelineSar: 150000,
      },
    });
    const msg = buildWeeklyCheckInDraft({
      checkIn,
      lang,
      messageText: `Agenda for this week ${NASTY}`,
      scheduledForMs: T0,
    });
    expectDraft(msg, 'weekly_check_in', lang);
    expectEscaped(msg.blocks);
    const text = mrkdwnTexts(msg.blocks).join('\n');
    expect(text).toContain('150,000');
    expect(text).toContain('25');
    expect(text).toContain('<!date^');
  });

  it.each(LANGS)('at-risk alert draft (%s)', (lang) => {
    const alert = buildAtRiskAlert({
      customerId: 'cust_1',
      daysInactive: 15,
      draftsPending: 12,
      lastProofPackDaysAgo: 20,
    });
    const msg = buildAtRiskAlertDraft({
      alert,
      customerName: `Acme ${NASTY}`,
      lang,
      messageText: NASTY,
    });
    expectDraft(msg, 'at_risk_alert', lang);
    expectEscaped(msg.blocks);
    expect(mrkdwnTexts(msg.blocks).join('\n')).toContain('95/100');
    // The notification names the severity in the reader's language, not by its key.
    expect(msg.text).toContain(lang === 'ar' ? '(🔴 مرتفع)' : '(🔴 High)');
    expect(msg.text).not.toContain('(high)');
  });

  it.each(LANGS)('success-plan reminder (%s)', (lang) => {
    const plan = buildCustomerSuccessPlan({
      customerId: 'cust_1',
      bundleId: 'partnership_growth',
      startMs: T0,
    });
    const milestone = plan.milestones[1];
    if (!milestone) throw new Error('no milestone');
    const msg = buildSuccessPlanReminder({
      milestone,
      customerName: `Acme ${NASTY}`,
      lang,
      customerId: 'cust_1',
      bundleId: 'partnership_growth',
      nowMs: T0,
    });
    expectDraft(msg, 'success_plan', lang);
    expectEscaped(msg.blocks);
    const text = mrkdwnTexts(msg.blocks).join('\n');
    expect(text).toContain(`<!date^${Math.floor((T0 + 4 * DAY) / 1000)}^`);
    expect(parseCsDraftValue(buttons(msg.blocks)[0]?.value ?? '')).toEqual({
      kind: 'success_plan',
      customerId: 'cust_1',
      day: 5,
    });
  });

  it.each(LANGS)('draft edit modal (%s)', (lang) => {
    const view = buildCsDraftEditModal({
      lang,
      ref: { kind: 'at_risk_alert', customerId: 'cust_1' },
      text: 'x'.repeat(5000),
    });
    expectValidModal(view);
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({
      kind: 'at_risk_alert',
      customerId: 'cust_1',
    });
  });
});

describe('Arabic modal titles', () => {
  it('all fit in 24 characters', () => {
    const summary = buildConnectorSetupSummary({ customerId: 'c' });
    const views: View[] = [
      buildCustomerModal({ lang: 'ar' }),
      buildCustomerModal({
        lang: 'ar',
        customer: { id: 'c', name: 'n', channelIds: [], contacts: [] },
      }),
      buildOnboardingModal({
        lang: 'ar',
        customerName: 'شركة',
        checklist: buildOnboardingChecklist({ customerId: 'c' }),
      }),
      buildConnectorModal({ lang: 'ar', customerName: 'شركة', summary }),
      buildMetricsModal({ lang: 'ar', customerName: 'شركة' }),
      buildCsDraftEditModal({
        lang: 'ar',
        ref: { kind: 'weekly_check_in', customerId: 'c' },
        text: '',
      }),
    ];
    for (const v of views) {
      expectValidModal(v);
      if (v.type === 'modal') {
        expect(v.title.text.length).toBeLessThanOrEqual(24);
        expect(v.title.text).toMatch(/[\u0600-\u06FF]/);
      }
    }
  });
});

describe('buildCsRunReport', () => {
  const run = (over: Partial<Parameters<typeof buildCsRunReport>[0]['run']> = {}) => ({
    kind: 'weekly-check-ins' as const,
    created: 0,
    alreadyDrafted: 0,
    skippedLow: 0,
    withoutMetrics: [],
    ...over,
  });

  it('counts the new drafts and names the customers without metrics, escaped', () => {
    const text = buildCsRunReport({
      lang: 'en',
      channelId: 'C0CS',
      run: run({
        created: 2,
        withoutMetrics: [
          { id: 'a', name: `Acme ${NASTY}` },
          { id: 'b', name: 'Beta' },
          { id: 'c', name: '' },
        ],
      }),
    });
    expect(text).toContain('📝 *Weekly check-ins*: 2 new drafts for approval in <#C0CS>.');
    expect(text).toContain('3 customers have no metrics yet, so no draft was made: Acme ');
    expect(text).toContain(', Beta, c — open 📊 Metrics for them');
    expectEscaped({ type: 'mrkdwn', text });
  });

  it.each(LANGS)('says so when nothing was drafted (%s)', (lang) => {
    const none = buildCsRunReport({
      lang,
      channelId: 'C0CS',
      run: run({ withoutMetrics: [{ id: 'q', name: 'Qimam' }] }),
    });
    expect(none).toContain(
      lang === 'ar' ? 'لا مسودات جديدة.' : '📝 *Weekly check-ins*: no new drafts.',
    );
    expect(none).toContain(
      lang === 'ar'
        ? 'عملاء بلا مؤشرات بعد فلم تُعدّ لهم مسودة: 1 (Qimam)'
        : '1 customer has no metrics yet, so no draft was made: Qimam',
    );
    const empty = buildCsRunReport({ lang, channelId: 'C0CS', run: run() });
    expect(empty).toContain(lang === 'ar' ? 'لا عملاء بعد.' : 'There are no customers yet.');
  });

  it('the at-risk scan reports low-risk customers, alerts already raised today and those not scored', () => {
    const text = buildCsRunReport({
      lang: 'en',
      channelId: 'C0CS',
      run: run({
        kind: 'at-risk-scan',
        created: 1,
        alreadyDrafted: 1,
        skippedLow: 2,
        withoutMetrics: [{ id: 'q', name: 'Qimam' }],
      }),
    });
    expect(text.split('\n')).toEqual([
      '⚠️ *At-risk scan*: 1 new alert for approval in <#C0CS>.',
      '• 1 customer already had one today (in <#C0CS>).',
      '• 2 customers are at low risk (no alert; the weekly check-in covers them).',
      "• 1 customer has no metrics yet, so they were not scored: Qimam — open 📊 Metrics for them from the customer's menu on the App Home.",
    ]);
    const ar = buildCsRunReport({
      lang: 'ar',
      channelId: 'C0CS',
      run: run({ kind: 'at-risk-scan', skippedLow: 3 }),
    });
    expect(ar).toContain('لا تنبيهات جديدة.');
    expect(ar).toContain('عملاء خطرهم منخفض (بلا تنبيه؛ تكفيهم المتابعة الأسبوعية): 3.');
    expect(ar).not.toContain('لا عملاء بعد');
  });

  it(`names at most ${RUN_REPORT_NAMES_MAX} customers and counts the rest`, () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ id: `c${i}`, name: `Customer ${i}` }));
    const text = buildCsRunReport({
      lang: 'en',
      channelId: 'C0CS',
      run: run({ withoutMetrics: many }),
    });
    expect(text).toContain('25 customers have no metrics yet');
    expect(text).toContain(`Customer ${RUN_REPORT_NAMES_MAX - 1} and 15 more`);
    expect(text).not.toContain(`Customer ${RUN_REPORT_NAMES_MAX},`);
  });
});
