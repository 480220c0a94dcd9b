import type { View } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  buildIncidentResponsePlan,
  buildPostMortemDraft,
  type IncidentTimelineEntry,
} from '../../src/domain/index.ts';
import type { Lang } from '../../src/views/format.ts';
import {
  INCIDENT_ACTION,
  INCIDENT_BLOCK,
  INCIDENT_CALLBACK,
  idPattern,
  idSuffix,
  withSuffix,
} from '../../src/views/incidentIds.ts';
import {
  buildDeclareIncidentModal,
  buildFirstActionReminder,
  buildIncidentList,
  buildIncidentSummary,
  buildPdplNoticeModal,
  buildPdplReminder,
  buildPostMortemMessage,
  buildResolveIncidentModal,
  buildResponsePlanChecklist,
  buildStatusUpdateDraft,
  buildStatusUpdateModal,
  chunkLines,
  type IncidentView,
  incidentIdFromBlockId,
  parsePdplNoticeValue,
  parsePlanBlockId,
  parseStatusUpdateValue,
  pdplApprovedText,
  pdplSentByHandText,
  progressBar,
} from '../../src/views/incidentViews.ts';
import {
  collect,
  expectEscaped,
  expectUniqueIds,
  expectValidMessage,
  expectValidModal,
  mrkdwnTexts,
  NASTY,
} from '../support/blockKitAssertions.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 22, 7, 0);
const LANGS: Lang[] = ['ar', 'en'];

function dateTokens(text: string): number[] {
  return [...text.matchAll(/<!date\^(\d+)\^/g)].map((m) => Number(m[1]) * 1000);
}

function incident(overrides: Partial<IncidentView> = {}): IncidentView {
  return {
    id: 'INC-20261122-001',
    channelId: 'C0INC001',
    title: `Leak ${NASTY}`,
    description: `Customer data exposed. ${NASTY}`,
    severity: 'SEV1',
    status: 'active',
    declaredBy: 'U0DECL',
    declaredAtMs: T0,
    affectedCustomerIds: ['cust_1', 'cust_2'],
    affectedCustomerNames: { cust_1: `Acme ${NASTY}`, cust_2: 'شركة النور' },
    affectedCount: 2,
    hasDataLeak: true,
    hasUnauthorizedSend: false,
    nextUpdateDueMs: T0 + 30 * MIN,
    firstActionDueMs: T0 + 15 * MIN,
    pdplDeadlineMs: T0 + 72 * HOUR,
    liveActionsFrozen: true,
    reasonAr: 'تسريب بيانات — SEV1',
    reasonEn: 'A data leak — SEV1',
    ...overrides,
  };
}

describe('ids helpers', () => {
  it('suffixes, reads back and matches', () => {
    const id = withSuffix(INCIDENT_ACTION.planSteps, 2);
    expect(id).toBe('incident_plan_steps:2');
    expect(idSuffix(id)).toBe('2');
    expect(idSuffix(INCIDENT_ACTION.planSteps)).toBeNull();
    expect(idPattern(INCIDENT_ACTION.planSteps).test(id)).toBe(true);
    expect(idPattern(INCIDENT_ACTION.planSteps).test(INCIDENT_ACTION.planSteps)).toBe(true);
    expect(idPattern(INCIDENT_ACTION.planSteps).test('incident_plan_steps_x')).toBe(false);
  });

  it('progress bar and line chunking', () => {
    expect(progressBar(37.5, 8)).toBe('▓▓▓░░░░░ 37.5%');
    expect(progressBar(0, 8)).toBe('░░░░░░░░ 0%');
    expect(progressBar(100, 8)).toBe('▓▓▓▓▓▓▓▓ 100%');
    const chunks = chunkLines(Array.from({ length: 100 }, (_, i) => `${i} ${'x'.repeat(100)}`));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(3000);
    expect(chunks.join('\n').split('\n')).toHaveLength(100);
  });
});

describe('buildDeclareIncidentModal', () => {
  it.each(LANGS)('is a valid modal with every field (%s)', (lang) => {
    const view = buildDeclareIncidentModal({
      lang,
      initialTitle: 'x'.repeat(300),
      customers: [
        { id: 'c1', name: 'Acme' },
        { id: 'c2', name: 'شركة النور' },
        { id: 'c1', name: 'dup' },
      ],
    });
    expectValidModal(view);
    expectUniqueIds(view);
    expect(view.callback_id).toBe(INCIDENT_CALLBACK.declareModal);
    const json = JSON.stringify(view);
    for (const id of [
      INCIDENT_ACTION.title,
      INCIDENT_ACTION.description,
      INCIDENT_ACTION.affectedCount,
      INCIDENT_ACTION.affectedCustomers,
      INCIDENT_ACTION.flags,
    ]) {
      expect(json).toContain(`"${id}"`);
    }
    const inputs = view.blocks.filter((b) => b.type === 'input');
    const title = inputs[0] as { element: { max_length: number; initial_value: string } };
    expect(title.element.max_length).toBe(120);
    expect(title.element.initial_value.length).toBeLessThanOrEqual(120);
    const desc = inputs[1] as {
      optional: boolean;
      element: { max_length: number; multiline: boolean };
    };
    expect(desc.optional).toBe(true);
    expect(desc.element).toMatchObject({ max_length: 500, multiline: true });
    const count = inputs[2] as unknown as { element: Record<string, unknown> };
    expect(count.element).toMatchObject({
      type: 'number_input',
      is_decimal_allowed: false,
      min_value: '0',
    });
    const which = inputs[3] as { element: { type: string; options: unknown[] } };
    expect(which.element.type).toBe('multi_static_select');
    expect(which.element.options).toHaveLength(2);
  });

  it('leaves out the customer picker without customers and caps it at 100 options', () => {
    const none = buildDeclareIncidentModal({ lang: 'en', customers: [] });
    expectValidModal(none);
    expect(JSON.stringify(none)).not.toContain(INCIDENT_ACTION.affectedCustomers);
    const many = buildDeclareIncidentModal({
      lang: 'ar',
      customers: Array.from({ length: 150 }, (_, i) => ({
        id: `c${i}`,
        name: `Customer ${i} ${'long name '.repeat(10)}`,
      })),
    });
    expectValidModal(many);
    const select = collect(many, 'type');
    expect(select).toContain('multi_static_select');
  });
});

describe('buildIncidentSummary', () => {
  it.each(LANGS)('renders an active SEV1 with every field and the actions (%s)', (lang) => {
    const nowMs = T0 + 5 * MIN;
    const msg = buildIncidentSummary({ incident: incident(), lang, nowMs });
    expectValidMessage(msg);
    expectUniqueIds(msg.blocks);
    expectEscaped(msg.blocks);
    const fields = msg.blocks.find((b) => b.type === 'section' && 'fields' in b) as {
      fields: Array<{ text: string }>;
    };
    expect(fields.fields.length).toBeGreaterThanOrEqual(8);
    expect(fields.fields.length).toBeLessThanOrEqual(10);
    const all = mrkdwnTexts(msg.blocks).join('\n');
    const tokens = dateTokens(all);
    for (const due of [T0, T0 + 30 * MIN, T0 + 15 * MIN, T0 + 72 * HOUR]) {
      expect(tokens).toContain(due);
    }
    expect(all).toContain('SEV1');
    expect(all).toContain('🔴');
    const actions = msg.blocks.find((b) => b.type === 'actions') as {
      block_id: string;
      elements: Array<{ type: string; action_id: string; options?: unknown[] }>;
    };
    expect(incidentIdFromBlockId(actions.block_id)).toBe('INC-20261122-001');
    expect(actions.elements.map((e) => e.action_id)).toEqual([
      INCIDENT_ACTION.setCommander,
      INCIDENT_ACTION.changeSeverity,
      INCIDENT_ACTION.postUpdate,
      INCIDENT_ACTION.resolve,
    ]);
    expect(actions.elements[0]?.type).toBe('users_select');
    expect(actions.elements[1]?.options).toHaveLength(3);
  });

  it('shows the commander, overdue times, and no actions once resolved', () => {
    const overdue = buildIncidentSummary({
      incident: incident({ commanderId: 'U0CMD', hasDataLeak: false, pdplDeadlineMs: undefined }),
      lang: 'en',
      nowMs: T0 + 40 * MIN,
    });
    expectValidMessage(overdue);
    const text = mrkdwnTexts(overdue.blocks).join('\n');
    expect(text).toContain('<@U0CMD>');
    expect(text).toContain('overdue');
    expect(text).not.toContain('PDPL');
    const resolved = buildIncidentSummary({
      incident: incident({
        status: 'resolved',
        resolvedAtMs: T0 + 3 * HOUR,
        resolvedBy: 'U0RES',
        firstActionAtMs: T0 + 10 * MIN,
      }),
      lang: 'ar',
      nowMs: T0 + 4 * HOUR,
    });
    expectValidMessage(resolved);
    // Resolving does not lift a SEV1 freeze: only the founder's lift button remains.
    const actions = resolved.blocks.filter((b) => b.type === 'actions');
    expect(JSON.stringify(actions)).toContain(INCIDENT_ACTION.liftFreeze);
    expect(JSON.stringify(actions)).not.toContain(INCIDENT_ACTION.resolve);
    const unfrozen = buildIncidentSummary({
      incident: incident({
        status: 'resolved',
        resolvedAtMs: T0 + 3 * HOUR,
        liveActionsFrozen: false,
      }),
      lang: 'en',
      nowMs: T0 + 4 * HOUR,
    });
    expect(unfrozen.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(dateTokens(mrkdwnTexts(resolved.blocks).join('\n'))).toContain(T0 + 3 * HOUR);
  });

  it('keeps a 120-character title and a 500-character description within limits', () => {
    const msg = buildIncidentSummary({
      incident: incident({
        title: '<'.repeat(120),
        description: '&'.repeat(500),
        affectedCustomerIds: Array.from({ length: 60 }, (_, i) => `c${i}`),
        affectedCount: 60,
      }),
      lang: 'en',
      nowMs: T0,
    });
    expectValidMessage(msg);
    expect(mrkdwnTexts(msg.blocks).join('\n')).toContain('+52 more');
  });
});

describe('buildResponsePlanChecklist', () => {
  it.each(LANGS)('ticks the done steps and logs who did them (%s)', (lang) => {
    const plan = buildIncidentResponsePlan({ severity: 'SEV1' });
    const steps = plan.steps.map((s, i) => ({
      ...s,
      done: i < 2,
      ...(i < 2 ? { doneBy: `U${i}`, doneAtMs: T0 + i * MIN } : {}),
    }));
    const msg = buildResponsePlanChecklist({
      incidentId: 'INC-1',
      steps,
      lang,
      severity: 'SEV1',
    });
    expectValidMessage(msg);
    expectUniqueIds(msg.blocks);
    const actions = msg.blocks.filter((b) => b.type === 'actions') as Array<{
      block_id: string;
      elements: Array<{
        action_id: string;
        options: Array<{ value: string; text: { text: string } }>;
        initial_options?: Array<{ value: string }>;
      }>;
    }>;
    expect(actions).toHaveLength(1);
    const box = actions[0]?.elements[0];
    expect(box?.action_id).toBe(INCIDENT_ACTION.planSteps);
    expect(box?.options.map((o) => o.value)).toEqual(plan.steps.map((s) => s.id));
    expect(box?.initial_options?.map((o) => o.value)).toEqual(
      plan.steps.slice(0, 2).map((s) => s.id),
    );
    for (const o of box?.options ?? []) expect(o.text.text.length).toBeLessThanOrEqual(75);
    expect(parsePlanBlockId(actions[0]?.block_id ?? '')).toEqual({ chunk: 0, incidentId: 'INC-1' });
    const text = mrkdwnTexts(msg.blocks).join('\n');
    expect(text).toContain('<@U0>');
    expect(dateTokens(text)).toContain(T0 + MIN);
    expect(text).toContain(`2/${plan.steps.length}`.replace('/', lang === 'ar' ? ' من ' : ' of '));
  });

  it('splits more than 10 steps into several checkbox groups with distinct ids', () => {
    const steps = Array.from({ length: 23 }, (_, i) => ({
      id: `s${i}`,
      textAr: `خطوة ${i}`,
      textEn: `Step ${i}`,
      done: i % 3 === 0,
    }));
    const msg = buildResponsePlanChecklist({ incidentId: 'INC-2', steps, lang: 'en' });
    expectValidMessage(msg);
    expectUniqueIds(msg.blocks);
    const actions = msg.blocks.filter((b) => b.type === 'actions') as Array<{
      block_id: string;
      elements: Array<{ action_id: string }>;
    }>;
    expect(actions).toHaveLength(3);
    expect(actions.map((a) => parsePlanBlockId(a.block_id)?.chunk)).toEqual([0, 1, 2]);
    for (const a of actions) {
      expect(idPattern(INCIDENT_ACTION.planSteps).test(a.elements[0]?.action_id ?? '')).toBe(true);
    }
  });

  it('handles an empty plan', () => {
    expectValidMessage(buildResponsePlanChecklist({ incidentId: 'I', steps: [], lang: 'ar' }));
  });
});

describe('status updates', () => {
  it.each(LANGS)('drafts an update with Approve & post / Edit / Snooze (%s)', (lang) => {
    const msg = buildStatusUpdateDraft({
      incidentId: 'INC-1',
      updateSeq: 3,
      updateRev: 4,
      text: `We are investigating. ${NASTY}`,
      lang,
      dueAtMs: T0 + HOUR,
      nowMs: T0 + 50 * MIN,
      destinationChannelIds: ['C0STAKE', 'C0CUST'],
    });
    expectValidMessage(msg);
    expectEscaped(msg.blocks);
    const text = mrkdwnTexts(msg.blocks).join('\n');
    expect(dateTokens(text)).toContain(T0 + HOUR);
    expect(text).toContain('<#C0STAKE>');
    const actions = msg.blocks.find((b) => b.type === 'actions') as {
      elements: Array<{ action_id: string; value: string }>;
    };
    expect(actions.elements.map((e) => e.action_id)).toEqual([
      INCIDENT_ACTION.approveUpdate,
      INCIDENT_ACTION.editUpdate,
      INCIDENT_ACTION.snoozeUpdate,
    ]);
    // Each button says which text it was shown with (seq 3 as edited four times).
    for (const e of actions.elements) {
      expect(parseStatusUpdateValue(e.value)).toMatchObject({
        incidentId: 'INC-1',
        seq: 3,
        rev: 4,
      });
    }
    expect(parseStatusUpdateValue(actions.elements[2]?.value ?? '')?.minutes).toBe(15);
  });

  it('offers no approval while the draft has prohibited claims', () => {
    const msg = buildStatusUpdateDraft({
      incidentId: 'INC-1',
      updateSeq: 1,
      updateRev: 0,
      text: 'We guarantee 100% it is fixed',
      lang: 'en',
      dueAtMs: T0,
      violations: [
        {
          category: 'guarantee',
          phrase: 'guarantee',
          labelAr: 'ضمان نتائج',
          labelEn: 'Guaranteed results',
        },
      ],
    });
    expectValidMessage(msg);
    expect(JSON.stringify(msg)).not.toContain(INCIDENT_ACTION.approveUpdate);
    expect(mrkdwnTexts(msg.blocks).join('\n')).toContain('Guaranteed results');
  });

  it.each(LANGS)('edit modal carries the update reference (%s)', (lang) => {
    const view = buildStatusUpdateModal({
      incidentId: 'INC-1',
      updateSeq: 2,
      updateRev: 1,
      text: 'x'.repeat(4000),
      lang,
      incidentTitle: NASTY,
    });
    expectValidModal(view);
    expectEscaped(view);
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({
      incidentId: 'INC-1',
      seq: 2,
      rev: 1,
    });
  });
});

describe('status updates in several languages', () => {
  it.each(LANGS)('edits and shows the update in each reader language (%s)', (lang) => {
    const texts = { ar: `تحديث ${NASTY}`.repeat(200), en: `Update ${NASTY}`.repeat(200) };
    const view = buildStatusUpdateModal({
      incidentId: 'INC-1',
      updateSeq: 2,
      updateRev: 1,
      text: '',
      texts,
      lang,
    });
    expectValidModal(view);
    const inputs = view.blocks.filter((b) => b.type === 'input') as Array<{
      block_id: string;
      element: { initial_value?: string };
    }>;
    expect(inputs.map((b) => b.block_id)).toEqual([
      `${INCIDENT_BLOCK.updateText}:ar`,
      `${INCIDENT_BLOCK.updateText}:en`,
    ]);
    expect(inputs[0]?.element.initial_value).toMatch(/^تحديث/);
    const msg = buildStatusUpdateDraft({
      incidentId: 'INC-1',
      updateSeq: 2,
      updateRev: 1,
      text: texts.ar,
      texts: [
        { lang: 'ar', text: texts.ar },
        { lang: 'en', text: texts.en },
      ],
      lang,
      dueAtMs: T0,
    });
    expectValidMessage(msg);
    expectEscaped(msg.blocks);
    const shown = mrkdwnTexts(msg.blocks).join('\n');
    expect(shown).toContain('تحديث');
    expect(shown).toContain('Update');
    expect(JSON.stringify(msg)).toContain(INCIDENT_ACTION.approveUpdate);
  });
});

describe('resolve and post-mortem', () => {
  it.each(LANGS)('resolve modal asks for summary and cause, both required (%s)', (lang) => {
    const view = buildResolveIncidentModal({
      incidentId: 'INC-1',
      lang,
      title: NASTY,
      severity: 'SEV2',
    });
    expectValidModal(view);
    expectEscaped(view);
    expect(view.callback_id).toBe(INCIDENT_CALLBACK.resolveModal);
    const inputs = view.blocks.filter((b) => b.type === 'input') as Array<{
      optional?: boolean;
      element: { action_id: string };
    }>;
    const required = inputs.filter((i) => !i.optional).map((i) => i.element.action_id);
    expect(required).toEqual([INCIDENT_ACTION.resolveSummary, INCIDENT_ACTION.resolveCause]);
  });

  function postMortem(entries: number) {
    const timeline: IncidentTimelineEntry[] = Array.from({ length: entries }, (_, i) => ({
      atMs: T0 + ((i * 7919) % entries) * MIN,
      kind: i % 2 ? 'update' : 'pinned',
      text: `event ${(i * 7919) % entries} ${NASTY}`,
    }));
    return buildPostMortemDraft({
      incident: { severity: 'SEV1', title: 'Drafts sent', hasUnauthorizedSend: true },
      timeline,
      declaredAtMs: T0,
      firstActionAtMs: T0 + 12 * MIN,
      resolvedAtMs: T0 + 150 * MIN,
      summary: `Summary ${NASTY}`,
      cause: `Cause ${NASTY}`,
      actionItems: ['Add a test', `Check ${NASTY}`],
    });
  }

  it.each(LANGS)('renders the timeline in order with times and due date (%s)', (lang) => {
    const pm = postMortem(12);
    const msg = buildPostMortemMessage({ postMortem: pm, lang });
    expectValidMessage(msg);
    expectEscaped(msg.blocks);
    const text = mrkdwnTexts(msg.blocks).join('\n');
    const timelineText = text.slice(text.indexOf('(12)'));
    const times = dateTokens(timelineText).slice(0, 12);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times).toHaveLength(12);
    expect(dateTokens(text)).toContain(pm.dueAtMs);
    expect(text).toContain(lang === 'ar' ? '12 د' : '12 min');
    expect(text).toContain(lang === 'ar' ? '2 س 30 د' : '2 h 30 min');
    expect(text).toContain('Add a test');
  });

  it.each(LANGS)('shortens entries longer than a section allows (%s)', (lang) => {
    const long = `#1: ${NASTY} ${'x'.repeat(6000)}`;
    const pm = buildPostMortemDraft({
      incident: { severity: 'SEV2', title: 'Slow' },
      timeline: Array.from({ length: 12 }, (_, i) => ({
        atMs: T0 + i * MIN,
        kind: 'update',
        text: long,
      })),
      declaredAtMs: T0,
      resolvedAtMs: T0 + HOUR,
      summary: 's',
      cause: 'c',
    });
    expect(pm.timeline.every((e) => e.text.endsWith('…'))).toBe(true);
    const msg = buildPostMortemMessage({ postMortem: pm, lang });
    expectValidMessage(msg);
    expectEscaped(msg.blocks);
  });

  it('summarises a long timeline and stays within 50 blocks', () => {
    const pm = postMortem(500);
    const msg = buildPostMortemMessage({ postMortem: pm, lang: 'en' });
    expectValidMessage(msg);
    const text = mrkdwnTexts(msg.blocks).join('\n');
    expect(text).toMatch(/\d+ more events between/);
    const tokens = dateTokens(text);
    expect(tokens).toContain(T0); // first entry
    expect(tokens).toContain(T0 + 499 * MIN); // last entry
  });

  it('shows "optional" for a SEV3 post-mortem', () => {
    const pm = buildPostMortemDraft({
      incident: { severity: 'SEV3', title: 'Small' },
      timeline: [],
      declaredAtMs: T0,
      resolvedAtMs: T0 + HOUR,
      summary: 's',
      cause: 'c',
    });
    const msg = buildPostMortemMessage({ postMortem: pm, lang: 'en' });
    expectValidMessage(msg);
    expect(mrkdwnTexts(msg.blocks).join('\n')).toContain('Optional');
  });
});

describe('/incident list', () => {
  it.each(LANGS)(
    'lists active incidents, most severe and oldest first, with what is due (%s)',
    (lang) => {
      const msg = buildIncidentList({
        incidents: [
          incident({
            id: 'INC-20261122-003',
            severity: 'SEV3',
            hasDataLeak: false,
            commanderId: 'U0CMD',
          }),
          incident({ id: 'INC-20261122-002', declaredAtMs: T0 + HOUR }),
          incident({ id: 'INC-20261122-001' }),
          incident({ id: 'INC-20261121-009', status: 'resolved' }),
          incident({ id: 'INC-20261122-004', channelId: undefined, severity: 'SEV2' }),
        ],
        nowMs: T0 + 10 * MIN,
        lang,
      });
      expectValidMessage(msg);
      expectEscaped(msg.blocks);
      const text = mrkdwnTexts(msg.blocks).join('\n');
      const order = [
        'INC-20261122-001',
        'INC-20261122-002',
        'INC-20261122-004',
        'INC-20261122-003',
      ];
      expect(order.map((id) => text.indexOf(id))).toEqual(
        [...order.map((id) => text.indexOf(id))].sort((a, b) => a - b),
      );
      expect(text).not.toContain('INC-20261121-009');
      expect(text).toContain('<#C0INC001>');
      expect(text).toContain('<@U0CMD>');
      expect(dateTokens(text)).toEqual(expect.arrayContaining([T0 + 30 * MIN, T0 + 72 * HOUR]));
    },
  );

  it('stays within 50 blocks with 100 active incidents, and says none when there are none', () => {
    const many = buildIncidentList({
      incidents: Array.from({ length: 100 }, (_, i) => incident({ id: `INC-20261122-${i}` })),
      nowMs: T0,
      lang: 'en',
    });
    expectValidMessage(many);
    expect(many.blocks.length).toBeLessThanOrEqual(50);
    expect(mrkdwnTexts(many.blocks).join('\n')).toContain('…and 60 more');
    const none = buildIncidentList({ incidents: [], nowMs: T0, lang: 'en' });
    expect(mrkdwnTexts(none.blocks).join('\n')).toContain('No active incidents');
  });
});

describe('reminders', () => {
  it.each(LANGS)('PDPL reminder with Approve & send notice / Edit (%s)', (lang) => {
    const msg = buildPdplReminder({
      incidentId: 'INC-1',
      noticeRev: 2,
      hoursElapsed: 48,
      deadlineMs: T0 + 72 * HOUR,
      noticeText: `Dear customer, ${NASTY}`,
      lang,
      nowMs: T0 + 48 * HOUR,
      recipientCount: 4,
    });
    expectValidMessage(msg);
    expectEscaped(msg.blocks);
    expect(dateTokens(mrkdwnTexts(msg.blocks).join('\n'))).toContain(T0 + 72 * HOUR);
    const actions = msg.blocks.find((b) => b.type === 'actions') as {
      elements: Array<{ action_id: string; value: string; confirm?: unknown }>;
    };
    expect(actions.elements.map((e) => e.action_id)).toEqual([
      INCIDENT_ACTION.approvePdplNotice,
      INCIDENT_ACTION.editPdplNotice,
    ]);
    expect(actions.elements[0]?.confirm).toBeDefined();
    // Approve and Edit say which version of the notice they were shown with.
    for (const e of actions.elements) {
      expect(parsePdplNoticeValue(e.value)).toEqual({ incidentId: 'INC-1', rev: 2 });
    }
    expect(JSON.stringify(msg.blocks[0])).toContain('24');
  });

  it('PDPL reminder at the deadline says so', () => {
    const msg = buildPdplReminder({
      incidentId: 'INC-1',
      noticeRev: 0,
      hoursElapsed: 72,
      deadlineMs: T0,
      noticeText: 'Notice',
      lang: 'en',
    });
    expectValidMessage(msg);
    expect(msg.text).toContain('deadline reached');
  });

  it.each(LANGS)(
    'the clock’s first message, posted at the declaration, says the leak was just declared (%s)',
    (lang) => {
      const msg = buildPdplReminder({
        incidentId: 'INC-1',
        noticeRev: 0,
        hoursElapsed: 0,
        deadlineMs: T0 + 72 * HOUR,
        noticeText: 'Notice',
        lang,
      });
      expectValidMessage(msg);
      const text = mrkdwnTexts(msg.blocks).join('\n');
      expect(text).toContain(
        lang === 'ar' ? 'أُعلن تسريب بيانات للتو' : 'A data leak was just declared',
      );
      expect(text).not.toMatch(/\b0 h since|مضى 0/);
      expect(JSON.stringify(msg.blocks[0])).toContain('72');
    },
  );

  it.each(LANGS)(
    'a sent notice lists the customers outside Slack, each with a button until recorded (%s)',
    (lang) => {
      const msg = buildPdplReminder({
        incidentId: 'INC-1',
        noticeRev: 0,
        hoursElapsed: 0,
        deadlineMs: T0 + 72 * HOUR,
        noticeText: 'Notice',
        lang,
        sent: { by: 'UFOUNDER', atMs: T0 + HOUR },
        byHand: [
          { customerId: 'wadi', name: `Wadi ${NASTY}`, email: 'reem@wadi.example', lang: 'ar' },
          {
            customerId: 'qimam',
            name: 'Qimam',
            lang: 'en',
            notifiedAtMs: T0 + 2 * HOUR,
            notifiedBy: 'UAPP',
          },
        ],
      });
      expectValidMessage(msg);
      expectEscaped(msg.blocks);
      expectUniqueIds(msg.blocks);
      expect(collect(msg.blocks, 'action_id')).toEqual([`${INCIDENT_ACTION.pdplSentByHand}:0`]);
      expect(collect(msg.blocks, 'value').map((v) => JSON.parse(v))).toEqual([
        { incidentId: 'INC-1', customerId: 'wadi' },
      ]);
      const text = mrkdwnTexts(msg.blocks).join('\n');
      expect(text).toContain('reem@wadi.example');
      expect(text).toContain('<@UAPP>');
    },
  );

  it('keeps a notice with 200 customers outside Slack within 50 blocks, naming the rest', () => {
    const byHand = Array.from({ length: 200 }, (_, i) => ({
      customerId: `c${i}`,
      name: `Customer ${i}`,
      lang: 'en' as const,
    }));
    const msg = buildPdplReminder({
      incidentId: 'INC-1',
      noticeRev: 0,
      hoursElapsed: 24,
      deadlineMs: T0 + 72 * HOUR,
      noticeText: 'Notice',
      lang: 'en',
      sent: { atMs: T0 + HOUR },
      byHand,
    });
    expectValidMessage(msg);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expectUniqueIds(msg.blocks);
    expect(mrkdwnTexts(msg.blocks).join('\n')).toContain('Customer 199');
  });

  it('tells the approver how the notice goes out: Slack, by hand, or both', () => {
    expect(pdplApprovedText({ inSlack: 2, byHand: 0, lang: 'en' })).toBe(
      '✅ PDPL notice approved; it is going to 2 customers on Slack. The reminders stop.',
    );
    const both = pdplApprovedText({ inSlack: 1, byHand: 1, lang: 'en' });
    expect(both).toContain('going to 1 customers on Slack');
    expect(both).toContain('1 customers are not on Slack: send them the notice yourself');
    const none = pdplApprovedText({ inSlack: 0, byHand: 2, lang: 'ar' });
    expect(none).not.toContain('0 عميل');
    expect(none).toContain('2 عميل ليسوا على Slack');
    expect(pdplSentByHandText('<!channel> & Co', 'en')).toContain('&lt;!channel&gt; &amp; Co');
  });

  it.each(LANGS)('PDPL notice edit modal carries the notice version (%s)', (lang) => {
    const view = buildPdplNoticeModal({ incidentId: 'INC-1', rev: 3, text: 'Notice', lang });
    expectValidModal(view);
    expect(parsePdplNoticeValue(view.private_metadata ?? '')).toEqual({
      incidentId: 'INC-1',
      rev: 3,
    });
  });

  it('reads buttons from before versions as having none (an approval from them is refused)', () => {
    expect(parseStatusUpdateValue(JSON.stringify({ incidentId: 'INC-1', seq: 2 }))).toEqual({
      incidentId: 'INC-1',
      seq: 2,
    });
    expect(parsePdplNoticeValue(JSON.stringify({ incidentId: 'INC-1' }))).toEqual({
      incidentId: 'INC-1',
    });
    expect(parsePdplNoticeValue('not json')).toBeNull();
  });

  it.each(LANGS)('first-action reminder: overdue, record it, set a commander (%s)', (lang) => {
    const msg = buildFirstActionReminder({
      incidentId: 'INC-1',
      title: NASTY,
      severity: 'SEV2',
      firstActionDueMs: T0 + 30 * MIN,
      nowMs: T0 + 45 * MIN,
      lang,
      notifyUserIds: ['U0ONCALL'],
    });
    expectValidMessage(msg);
    expectEscaped(msg.blocks);
    const text = mrkdwnTexts(msg.blocks).join('\n');
    expect(dateTokens(text)).toContain(T0 + 30 * MIN);
    expect(text).toContain('<@U0ONCALL>');
    expect(text).toContain('⚠️');
    const json = JSON.stringify(msg);
    expect(json).toContain(INCIDENT_ACTION.recordFirstAction);
    expect(json).toContain(INCIDENT_ACTION.setCommander);
    const withCmd = buildFirstActionReminder({
      incidentId: 'INC-1',
      title: 't',
      severity: 'SEV1',
      firstActionDueMs: T0,
      nowMs: T0 - MIN,
      lang,
      commanderId: 'U0CMD',
    });
    expectValidMessage(withCmd);
    expect(JSON.stringify(withCmd)).not.toContain(INCIDENT_ACTION.setCommander);
  });
});

describe('Arabic modal titles', () => {
  it('all fit in 24 characters', () => {
    const views: View[] = [
      buildDeclareIncidentModal({ lang: 'ar', customers: [] }),
      buildStatusUpdateModal({ incidentId: 'I', updateSeq: 1, updateRev: 0, text: '', lang: 'ar' }),
      buildResolveIncidentModal({ incidentId: 'I', lang: 'ar' }),
      buildPdplNoticeModal({ incidentId: 'I', rev: 0, text: '', lang: 'ar' }),
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
