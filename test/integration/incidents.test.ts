/**
 * Incidents end to end (issue 5): /incident → triage → a recorded incident → its channel
 * (pinned summary, plan checklist, invites) → SEV1 freeze → in-channel controls → 📌 timeline
 * → resolve → post-mortem. Real Bolt over HTTP, real Redis and BullMQ, the Slack stand-in.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/index.ts';
import type { SlackMessage } from '../../src/standin/index.ts';
import { OPS_ACTION } from '../../src/views/customerOpsIds.ts';
import { ACTION } from '../../src/views/ids.ts';
import { INCIDENT_ACTION, INCIDENT_CALLBACK } from '../../src/views/incidentIds.ts';
import {
  afterJobs,
  eventually,
  type Harness,
  homeRow,
  messageText,
  openHome,
  pressOnHome,
  startHarness,
} from '../support/sanadHarness.ts';

let h: Harness;
const seenViews = new Set<string>();

beforeAll(async () => {
  // Default (SPEC) clocks: no reminder fires during these tests.
  h = await startHarness({ policy: { language: 'en' } });
});
afterAll(async () => {
  await h?.stop();
});

interface DeclareOptions {
  title: string;
  userId?: string;
  channelId?: string;
  customers?: string[];
  flags?: Array<'data_leak' | 'unauthorized_send'>;
  count?: number;
  description?: string;
}

function ymdNow(): string {
  return DateTime.now().setZone('Asia/Riyadh').toFormat('yyyyLLdd');
}

async function nextSeq(): Promise<string> {
  const n = Number((await h.sanad.redis.get(`sanad:seq:incident:${ymdNow()}`)) ?? 0) + 1;
  return String(n).padStart(3, '0');
}

async function openDeclareModal(userId: string, title: string, channelId = h.channels.ops.id) {
  await h.standIn.sendSlashCommand({ command: '/incident', text: title, userId, channelId });
  const modal = await h.standIn.waitForView(
    userId,
    (v) => v.callback_id === INCIDENT_CALLBACK.declareModal && !seenViews.has(v.id),
  );
  seenViews.add(modal.id);
  return modal;
}

function declareValues(o: DeclareOptions) {
  return {
    incident_title_block: { incident_title: o.title },
    ...(o.description
      ? { incident_description_block: { incident_description: o.description } }
      : {}),
    ...(o.count !== undefined
      ? { incident_affected_count_block: { incident_affected_count: String(o.count) } }
      : {}),
    ...(o.customers
      ? { incident_affected_customers_block: { incident_affected_customers: o.customers } }
      : {}),
    ...(o.flags ? { incident_flags_block: { incident_flags: o.flags } } : {}),
  };
}

async function incidentTitled(title: string): Promise<Incident | undefined> {
  return (await h.sanad.incidents.store.activeIncidents()).find((i) => i.title === title);
}

/**
 * Waits until the incident's channel shows its plan (the last thing set-up posts). The plan's
 * ts is stored just after the post, so it is read from the channel, not from Redis.
 */
async function readyIncident(title: string): Promise<Incident> {
  const recorded = await eventually(h.standIn, () => incidentTitled(title));
  const planBlock = `incident_plan_checklist:0:${recorded.id}`;
  const plan = await h.standIn.waitUntil(() => {
    for (const c of h.standIn.channels()) {
      const m = h.standIn
        .messages(c.id)
        .find((x) => JSON.stringify(x.blocks ?? []).includes(planBlock));
      if (m) return { channelId: c.id, ts: m.ts };
    }
    return undefined;
  });
  const i = await incident(recorded.id);
  expect(i.channelId).toBe(plan.channelId);
  expect(i.summaryTs).toBeDefined();
  return { ...i, planTs: plan.ts };
}

async function declare(o: DeclareOptions): Promise<Incident> {
  const userId = o.userId ?? h.users.approver.id;
  const modal = await openDeclareModal(userId, o.title, o.channelId);
  const result = await h.standIn.submitView({ viewId: modal.id, userId, values: declareValues(o) });
  expect(result.outcome, JSON.stringify(h.standIn.viewErrors(modal.id))).toBe('closed');
  return readyIncident(o.title);
}

async function summaryOf(incident: Incident, predicate: (text: string) => boolean = () => true) {
  return h.standIn.waitForMessage(
    incident.channelId!,
    (m) => m.ts === incident.summaryTs && predicate(messageText(m)),
  );
}

async function incident(id: string): Promise<Incident> {
  const i = await h.sanad.incidents.get(id);
  if (!i) throw new Error(`no incident ${id}`);
  return i;
}

let leak: Incident;

describe('declaring', () => {
  it('records a SEV1 data leak, opens its channel with a pinned summary and the plan, invites the founder and on-call, and freezes the affected customers', async () => {
    const seq = await nextSeq();
    const title = 'Customer data leak via shared export link';
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: title,
      userId: h.users.approver.id,
      channelId: h.channels.ops.id,
    });
    const modal = await h.standIn.waitForView(
      h.users.approver.id,
      (v) => v.callback_id === INCIDENT_CALLBACK.declareModal,
    );
    seenViews.add(modal.id);
    // The title is prefilled from the command.
    expect(JSON.stringify(modal.blocks)).toContain(title);
    const result = await h.standIn.submitView({
      viewId: modal.id,
      userId: h.users.approver.id,
      values: declareValues({ title, customers: ['acme', 'nakheel'], flags: ['data_leak'] }),
    });
    expect(result.outcome).toBe('closed');
    expect(result.ms).toBeLessThan(3000);
    leak = await readyIncident(title);

    expect(leak.id).toBe(`INC-${ymdNow()}-${seq}`);
    expect(leak.severity).toBe('SEV1');
    expect(leak.pdplDeadlineMs).toBe(leak.declaredAtMs + 72 * 3_600_000);
    const channel = h.standIn.channel(leak.channelId!)!;
    expect(channel.name).toBe(`inc-${ymdNow()}-${seq}-customer-data-leak-via-shared-export-link`);
    expect(channel.members).toEqual(
      expect.arrayContaining([h.users.approver.id, h.users.founder.id, h.users.oncall.id]),
    );
    // The summary is pinned and says what matters.
    const summary = await summaryOf(leak);
    expect(h.standIn.pins(leak.channelId!).map((m) => m.ts)).toContain(leak.summaryTs);
    const text = messageText(summary);
    expect(text).toContain('SEV1');
    expect(text).toContain('Active');
    expect(text).toContain('PDPL');
    expect(text).toContain(`<!date^${Math.floor(leak.firstActionDueMs / 1000)}^`);
    // The plan is a checklist with the five SPEC steps and the SEV1 extras.
    const plan = h.standIn.message(leak.channelId!, leak.planTs!)!;
    expect(JSON.stringify(plan.blocks)).toContain('"type":"checkboxes"');
    expect(messageText(plan)).toContain('Freeze live actions');
    expect(messageText(plan)).toContain('direct line to the founder');
    // SEV1: live actions frozen for each affected customer, by this incident.
    for (const customer of ['acme', 'nakheel']) {
      expect((await h.sanad.store.freezeFor(customer))?.source).toBe(`incident:${leak.id}`);
    }
    expect(await h.sanad.store.freezeFor('wadi')).toBeNull();
    // The declarer hears back (in the internal channel, so the id may appear).
    const told = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      e.text.includes(leak.id),
    );
    expect(told.text).toContain('SEV1');
    const actions = (await h.sanad.incidents.store.readIncidentLedger(leak.id)).map(
      (e) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'incident.declared',
        'incident.freeze',
        'incident.channel_created',
        'incident.invited',
      ]),
    );
    // Recorded before the channel existed.
    expect(actions.indexOf('incident.declared')).toBeLessThan(
      actions.indexOf('incident.channel_created'),
    );
  });

  it('prefills the title as typed: & < > arrive escaped from Slack', async () => {
    const seq = await nextSeq();
    const modal = await openDeclareModal(h.users.approver.id, 'R&amp;D portal down &gt; 10 min');
    const input = (
      modal.blocks as Array<{ block_id?: string; element?: Record<string, unknown> }>
    ).find((b) => b.block_id === 'incident_title_block');
    expect(input?.element?.initial_value).toBe('R&D portal down > 10 min');
    const result = await h.standIn.submitView({
      viewId: modal.id,
      userId: h.users.approver.id,
      values: {},
    });
    expect(result.outcome).toBe('closed');
    const inc = await readyIncident('R&D portal down > 10 min');
    expect(inc.channelName).toBe(`inc-${ymdNow()}-${seq}-r-d-portal-down-10-min`);
  });

  it('adds a suffix when the channel name is taken', async () => {
    const seq = await nextSeq();
    const taken = `inc-${ymdNow()}-${seq}-payment-page-outage`;
    h.standIn.addChannel({ name: taken, members: [h.users.csm.id] });
    const inc = await declare({ title: 'Payment page outage' });
    expect(inc.channelName).toBe(`${taken}-2`);
    expect(h.standIn.channel(inc.channelId!)?.name).toBe(`${taken}-2`);
    expect(h.standIn.channelByName(taken)?.id).not.toBe(inc.channelId);
  });

  it('gives an Arabic title no slug', async () => {
    const seq = await nextSeq();
    const inc = await declare({ title: 'تعطل لوحة التقارير عند بعض العملاء' });
    expect(inc.channelName).toBe(`inc-${ymdNow()}-${seq}`);
    expect(inc.severity).toBe('SEV3');
  });

  it('gives one incident and one channel for a double submit and a retried request', async () => {
    const seq = await nextSeq();
    const title = 'Webhook deliveries delayed';
    const modal = await openDeclareModal(h.users.oncall.id, title);
    const values = declareValues({ title, count: 6 });
    const [a, b] = await Promise.all([
      h.standIn.submitView({ viewId: modal.id, userId: h.users.oncall.id, values }),
      h.standIn.submitView({
        viewId: modal.id,
        userId: h.users.oncall.id,
        values,
        retryNum: 1,
        retryReason: 'http_timeout',
      }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const inc = await readyIncident(title);
    expect(inc.severity).toBe('SEV2');
    expect(inc.id).toBe(`INC-${ymdNow()}-${seq}`);
    const all = (await h.sanad.incidents.store.activeIncidents()).filter((i) => i.title === title);
    expect(all).toHaveLength(1);
    expect(await h.sanad.redis.get(`sanad:seq:incident:${ymdNow()}`)).toBe(String(Number(seq)));
    const channels = h.standIn
      .channels()
      .filter((c) => c.name.startsWith(`inc-${ymdNow()}-${seq}`));
    expect(channels).toHaveLength(1);
    expect(h.standIn.pins(inc.channelId!)).toHaveLength(1);
    const creates = h.standIn
      .callsTo('conversations.create')
      .filter((c) => String(c.args.name).startsWith(`inc-${ymdNow()}-${seq}`));
    expect(creates).toHaveLength(1);
    const declared = (await h.sanad.incidents.store.readIncidentLedger(inc.id)).filter(
      (e) => e.action === 'incident.declared',
    );
    expect(declared).toHaveLength(1);
  });

  it('explains a bad submission in the modal', async () => {
    const modal = await openDeclareModal(h.users.approver.id, '');
    const result = await h.standIn.submitView({
      viewId: modal.id,
      userId: h.users.approver.id,
      values: { incident_title_block: { incident_title: '   ' } },
    });
    expect(result.outcome).toBe('errors');
    expect(JSON.stringify(h.standIn.viewErrors(modal.id))).toContain('Write a title');
    await h.standIn.closeView({ viewId: modal.id, userId: h.users.approver.id });
  });

  it('explains a bad submission within Slack’s 3 s even when Slack is slow to say who the user is', async () => {
    const userId = h.users.oncall.id;
    const modal = await openDeclareModal(userId, '');
    // The cached locale expired while the form was open (a day's TTL), and users.info is slow.
    await h.sanad.redis.del(...(await h.sanad.redis.keys(`*locale:${userId}`)));
    h.standIn.failNext('users.info', { delayMs: 3_500 });
    const result = await h.standIn.submitView({
      viewId: modal.id,
      userId,
      values: { incident_title_block: { incident_title: '   ' } },
    });
    expect(result.timedOut).toBe(false);
    expect(result.outcome).toBe('errors');
    // Not knowing the reader's locale yet, the error is in the policy's language.
    expect(JSON.stringify(h.standIn.viewErrors(modal.id))).toContain('Write a title');
    h.standIn.clearFaults();
    await h.standIn.closeView({ viewId: modal.id, userId });
  });
});

describe('SEV1 freeze', () => {
  async function ticketFromAcme(text: string) {
    const channel = h.channels.acme.id;
    const message = h.standIn.postAsUser(channel, h.users.customerAcme.id, text);
    await h.standIn.sendMessageShortcut({
      callbackId: 'sanad_create_ticket',
      channelId: channel,
      messageTs: message.ts,
      userId: h.users.approver.id,
    });
    const modal = await h.standIn.waitForView(
      h.users.approver.id,
      (v) => v.callback_id === 'sanad_ticket_from_message' && !seenViews.has(v.id),
    );
    seenViews.add(modal.id);
    await h.standIn.submitView({ viewId: modal.id, userId: h.users.approver.id, values: {} });
    const ticketId = await eventually(
      h.standIn,
      async () => (await h.sanad.store.ticketIdForSource(channel, message.ts)) ?? undefined,
    );
    const card = await h.standIn.waitForMessage(h.channels.triage.id, (m) =>
      messageText(m).includes(ticketId),
    );
    return { channel, message, ticketId, card };
  }

  it('refuses a reply approval for a frozen customer; only a founder lifts the freeze', async () => {
    const { channel, message, ticketId, card } = await ticketFromAcme('متى يصلنا تقرير الأسبوع؟');
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    const refusal = await h.standIn.waitForEphemeral(h.users.founder.id, (e) =>
      /frozen|مجمّدة/.test(e.text),
    );
    expect(refusal.text).toContain(leak.id);
    expect(
      h.standIn.thread(channel, message.ts).filter((m) => m.user === h.standIn.bot.userId),
    ).toHaveLength(0);
    expect((await h.sanad.store.getTicket(ticketId))?.draft.status).toBe('pending');

    // Not a founder: refused, clearly, both ways.
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'unfreeze',
      userId: h.users.approver.id,
      channelId: leak.channelId!,
    });
    await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      e.text.includes('Only a founder can lift'),
    );
    const summary = await summaryOf(leak);
    await h.standIn.clickButton({
      userId: h.users.oncall.id,
      channelId: leak.channelId!,
      messageTs: summary.ts,
      actionId: INCIDENT_ACTION.liftFreeze,
    });
    await h.standIn.waitForEphemeral(h.users.oncall.id, (e) => e.text.includes('للمؤسس فقط'));
    expect(await h.sanad.store.freezeFor('acme')).not.toBeNull();

    // The founder lifts it from the summary.
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: leak.channelId!,
      messageTs: summary.ts,
      actionId: INCIDENT_ACTION.liftFreeze,
    });
    await summaryOf(leak, () => {
      const m = h.standIn.message(leak.channelId!, leak.summaryTs!);
      return !JSON.stringify(m?.blocks).includes(INCIDENT_ACTION.liftFreeze);
    });
    expect(await h.sanad.store.freezeFor('acme')).toBeNull();
    expect(await h.sanad.store.freezeFor('nakheel')).toBeNull();
    const ledger = await h.sanad.incidents.store.readIncidentLedger(leak.id);
    expect(ledger.find((e) => e.action === 'incident.freeze_lifted')?.actor).toBe(
      h.users.founder.id,
    );

    // Now the approval goes through.
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    await h.standIn.waitForMessage(
      channel,
      (m) => m.thread_ts === message.ts && m.user === h.standIn.bot.userId,
    );
  });

  it('freezes when an incident is raised to SEV1', async () => {
    const inc = await declare({ title: 'Wrong invoices generated', customers: ['wadi'] });
    expect(inc.severity).toBe('SEV3');
    expect(await h.sanad.store.freezeFor('wadi')).toBeNull();
    const summary = await summaryOf(inc);
    await h.standIn.selectOption({
      userId: h.users.approver.id,
      channelId: inc.channelId!,
      messageTs: summary.ts,
      actionId: INCIDENT_ACTION.changeSeverity,
      value: `${inc.id}|SEV1`,
    });
    await summaryOf(inc, (t) => t.includes('SEV1') && t.includes('frozen'));
    expect((await h.sanad.store.freezeFor('wadi'))?.source).toBe(`incident:${inc.id}`);
    // Founders join a SEV1 channel.
    await h.standIn.waitUntil(() =>
      h.standIn.channel(inc.channelId!)?.members.includes(h.users.founder.id),
    );
    // Clean up: the founder lifts it with the subcommand.
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'unfreeze',
      userId: h.users.founder.id,
      channelId: inc.channelId!,
    });
    await eventually(h.standIn, async () =>
      (await h.sanad.store.freezeFor('wadi')) === null ? true : undefined,
    );
  });
});

describe('in the incident channel', () => {
  it('sets the commander and changes severity by subcommand; never below triage', async () => {
    const inc = await declare({ title: 'Sync jobs stuck for one customer' });
    const channelId = inc.channelId!;
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: `commander <@${h.users.oncall.id}|layla>`,
      userId: h.users.approver.id,
      channelId,
    });
    await summaryOf(inc, (t) => t.includes(`<@${h.users.oncall.id}>`));
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'commander @omar',
      userId: h.users.approver.id,
      channelId,
    });
    await eventually(h.standIn, async () =>
      (await incident(inc.id)).commanderId === h.users.approver.id ? true : undefined,
    );
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'severity sev2',
      userId: h.users.approver.id,
      channelId,
    });
    await summaryOf(inc, (t) => t.includes('SEV2'));
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'severity SEV2',
      userId: h.users.approver.id,
      channelId: leak.channelId!,
    });
    await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      e.text.includes('cannot go below SEV1'),
    );
    expect((await incident(leak.id)).severity).toBe('SEV1');
    const timeline = (await incident(inc.id)).timeline.map((e) => e.kind);
    expect(timeline).toEqual(expect.arrayContaining(['declared', 'commander', 'severity']));
    // Outside an incident channel the subcommands say where they work.
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'resolve',
      userId: h.users.approver.id,
      channelId: h.channels.ops.id,
    });
    await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      e.text.includes('only inside an incident channel'),
    );
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'help',
      userId: h.users.approver.id,
      channelId,
    });
    await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      e.text.includes('/incident severity'),
    );
  });

  it('records each plan tick in the ledger and the timeline; the first tick is the first action', async () => {
    const plan = h.standIn.message(leak.channelId!, leak.planTs!)!;
    await h.standIn.clickButton({
      userId: h.users.oncall.id,
      channelId: leak.channelId!,
      messageTs: plan.ts,
      actionId: INCIDENT_ACTION.planSteps,
      selectedOptions: ['freeze_live_actions', 'notify_founder_oncall'],
    });
    await h.standIn.waitForMessage(
      leak.channelId!,
      (m) => m.ts === leak.planTs && messageText(m).includes('2 of 8 done'),
    );
    const after = await incident(leak.id);
    expect(after.firstActionAtMs).toBeDefined();
    expect(after.firstActionBy).toBe(h.users.oncall.id);
    expect(after.steps.filter((s) => s.done).map((s) => s.id)).toEqual([
      'freeze_live_actions',
      'notify_founder_oncall',
    ]);
    const ticks = (await h.sanad.incidents.store.readIncidentLedger(leak.id)).filter(
      (e) => e.action === 'incident.plan_step',
    );
    expect(ticks.map((e) => [e.details?.stepId, e.details?.done, e.actor])).toEqual([
      ['freeze_live_actions', true, h.users.oncall.id],
      ['notify_founder_oncall', true, h.users.oncall.id],
    ]);
    expect(after.timeline.filter((e) => e.kind === 'plan_step')).toHaveLength(2);
    // Unticking one is recorded too; the first action stays.
    await h.standIn.clickButton({
      userId: h.users.oncall.id,
      channelId: leak.channelId!,
      messageTs: plan.ts,
      actionId: INCIDENT_ACTION.planSteps,
      selectedOptions: ['freeze_live_actions'],
    });
    await h.standIn.waitForMessage(
      leak.channelId!,
      (m) => m.ts === leak.planTs && messageText(m).includes('1 of 8 done'),
    );
    expect((await incident(leak.id)).firstActionAtMs).toBe(after.firstActionAtMs);
  });

  it('drafts a status update on request, edits it, and approves it', async () => {
    // Acme reads Arabic and Nakheel English: the editor has both, each goes to its readers.
    const english = 'We found the cause and revoked the shared link. Next update within the hour.';
    const arabic = 'وجدنا السبب وألغينا رابط المشاركة. التحديث التالي خلال ساعة.';
    const draft = await draftUpdate(leak, h.users.founder.id, english, {
      en: english,
      ar: arabic,
    });
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: leak.channelId!,
      messageTs: draft.ts,
      actionId: INCIDENT_ACTION.approveUpdate,
    });
    const ops = await h.standIn.waitForMessage(h.channels.ops.id, (m) =>
      messageText(m).includes('revoked the shared link'),
    );
    expect(messageText(ops)).toContain(leak.id);
    for (const [channel, text] of [
      [h.channels.acme.id, 'ألغينا رابط المشاركة'],
      [h.channels.nakheel.id, 'revoked the shared link'],
    ] as const) {
      const posted = await h.standIn.waitForMessage(channel, (m) => messageText(m).includes(text));
      expect(messageText(posted)).not.toMatch(/INC-\d{8}/);
      expect(JSON.stringify(posted)).not.toMatch(/INC-\d{8}/);
    }
    expect((await incident(leak.id)).updateCount).toBe(1);
  });

  it('adds a 📌 message to the timeline once, at its own time; resolving posts the post-mortem', async () => {
    const channelId = leak.channelId!;
    const note = h.standIn.postAsUser(
      channelId,
      h.users.oncall.id,
      'Export link disabled at the CDN; access logs show 3 downloads',
    );
    await h.standIn.addReaction(h.users.oncall.id, channelId, note.ts, 'pushpin');
    await h.standIn.waitForEphemeral(
      h.users.oncall.id,
      (e) => e.text.includes('timeline') || e.text.includes('الخط الزمني'),
    );
    // The same message again, by reaction and by pin: still once. Another emoji: ignored.
    await h.standIn.addReaction(h.users.founder.id, channelId, note.ts, 'pushpin');
    await h.standIn.pinMessage(h.users.approver.id, channelId, note.ts);
    await h.standIn.addReaction(h.users.approver.id, channelId, note.ts, 'eyes');
    const pinnedOnly = h.standIn.postAsUser(channelId, h.users.founder.id, 'Legal informed');
    await h.standIn.pinMessage(h.users.founder.id, channelId, pinnedOnly.ts);
    const withBoth = await eventually(h.standIn, async () => {
      const i = await incident(leak.id);
      return i.timeline.some((e) => e.sourceTs === pinnedOnly.ts) ? i : undefined;
    });
    const captured = withBoth.timeline.filter((e) => e.sourceTs === note.ts);
    expect(captured).toHaveLength(1);
    expect(captured[0]?.atMs).toBe(Math.round(Number(note.ts) * 1000));
    expect(captured[0]?.kind).toBe('pinned');
    expect(captured[0]?.text).toContain('Export link disabled');

    const summary = await summaryOf(leak);
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId,
      messageTs: summary.ts,
      actionId: INCIDENT_ACTION.resolve,
    });
    const modal = await h.standIn.waitForView(
      h.users.founder.id,
      (v) => v.callback_id === INCIDENT_CALLBACK.resolveModal,
    );
    await h.standIn.submitView({
      viewId: modal.id,
      userId: h.users.founder.id,
      values: {
        incident_resolve_summary_block: {
          incident_resolve_summary: 'Shared export link revoked; no further access.',
        },
        incident_resolve_cause_block: {
          incident_resolve_cause: 'Export links were created public by default.',
        },
        incident_resolve_action_items_block: {
          incident_resolve_action_items:
            '- Make export links private by default\n- Audit old links',
        },
      },
    });
    const pm = await h.standIn.waitForMessage(channelId, (m) =>
      m.text.startsWith(`Post-mortem: ${leak.title}`),
    );
    const text = messageText(pm);
    const resolved = await incident(leak.id);
    expect(resolved.status).toBe('resolved');
    // The 📌 message sits in the timeline at its own timestamp.
    const noteLine = text.split('\n').find((l) => l.includes('Export link disabled'));
    expect(noteLine).toContain(`<!date^${Math.floor(Number(note.ts))}^`);
    expect(text).toContain('Time to first action');
    expect(text).toContain('Time to resolve');
    expect(text).toContain('Make export links private by default');
    // Due within 24 h of resolution (SEV1).
    expect(text).toContain(
      `<!date^${Math.floor((resolved.resolvedAtMs! + 24 * 3_600_000) / 1000)}^`,
    );
    // Timeline order: declared first, the note before resolution.
    const timelinePart = text.slice(text.indexOf('*Timeline*'));
    const order = ['*Declared*', 'Export link disabled', '*Resolved*'].map((s) =>
      timelinePart.indexOf(s),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    await summaryOf(
      leak,
      (t) => t.includes('Resolved') && t.includes('post-mortem draft is posted'),
    );
    const actions = (await h.sanad.incidents.store.readIncidentLedger(leak.id)).map(
      (e) => e.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'incident.timeline_pinned',
        'incident.resolved',
        'incident.post_mortem_drafted',
      ]),
    );
    expect(actions.filter((a) => a === 'incident.timeline_pinned')).toHaveLength(2);
    // Resolved: no more controls but the post-mortem stays; a second resolve is refused.
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'resolve',
      userId: h.users.founder.id,
      channelId,
    });
    await h.standIn.waitForEphemeral(h.users.founder.id, (e) => e.text.includes('محلولة'));
  });
});

describe('/incident list', () => {
  it('answers only the caller with the active incidents and their channels', async () => {
    const inc = await declare({ title: 'Webhook deliveries delayed', customers: ['nakheel'] });
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'list',
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
    });
    // (On-call reads Arabic.)
    const list = await h.standIn.waitForEphemeral(h.users.oncall.id, (e) =>
      messageText(e).includes('الحوادث النشطة'),
    );
    const active = await h.sanad.incidents.store.activeIncidents();
    expect(active.map((i) => i.id)).toContain(inc.id);
    for (const i of active) {
      expect(messageText(list)).toContain(i.channelId ? `<#${i.channelId}>` : i.id);
    }
  });
});

describe('/incident is for the team (rule 2)', () => {
  it('shows a customer no incident list, and the team none in a customer channel', async () => {
    const inc = await declare({ title: 'Report exports slow', customers: ['acme'] });
    // Faisal (Acme) in his shared channel.
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'list',
      userId: h.users.customerAcme.id,
      channelId: h.channels.acme.id,
    });
    const toCustomer = await h.standIn.waitForEphemeral(h.users.customerAcme.id, (e) =>
      /only for the Sanad team|متاح لفريق سند فقط/.test(messageText(e)),
    );
    expect(messageText(toCustomer)).not.toMatch(/INC-\d+/);
    // The team, in a customer's channel: not there either.
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'list',
      userId: h.users.approver.id,
      channelId: h.channels.acme.id,
    });
    const inShared = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).includes('not shown in a customer channel'),
    );
    expect(messageText(inShared)).not.toContain(inc.id);
    expect(
      h.standIn
        .ephemerals()
        .filter((e) => messageText(e).includes(inc.id) && e.channelId === h.channels.acme.id),
    ).toHaveLength(0);
  });

  it('lets only the team declare an incident (it can freeze customers)', async () => {
    const before = (await h.sanad.incidents.store.activeIncidents()).length;
    const views = h.standIn.callsTo('views.open').length;
    for (const userId of [h.users.customerNakheel.id, h.users.csm.id]) {
      await h.standIn.sendSlashCommand({
        command: '/incident',
        text: 'Everything is down',
        userId,
        channelId: h.channels.nakheel.id,
      });
      const refusal = await h.standIn.waitForEphemeral(userId, (e) =>
        messageText(e).includes('`/incident` is only for the Sanad team'),
      );
      expect(refusal.channelId).toBe(h.channels.nakheel.id);
    }
    expect(h.standIn.callsTo('views.open').slice(views)).toHaveLength(0);
    expect((await h.sanad.incidents.store.activeIncidents()).length).toBe(before);
  });
});

describe('in the incident channel, only the team acts', () => {
  const teamOnly = /Only the Sanad team \(founders, approvers and on-call\)|لفريق سند فقط/;

  /** Runs `act` as `userId` and waits for the new private refusal it brings. */
  async function refused(userId: string, act: () => Promise<unknown>, pattern = teamOnly) {
    const before = h.standIn.ephemerals(userId).length;
    await act();
    return h.standIn.waitUntil(() =>
      h.standIn
        .ephemerals(userId)
        .slice(before)
        .find((e) => pattern.test(messageText(e))),
    );
  }

  it('refuses a guest and a colleague outside the team the subcommands, the summary controls, the plan and 📌; the on-call does them', async () => {
    const inc = await declare({ title: 'Webhook deliveries delayed' });
    const channelId = inc.channelId!;
    const summary = await summaryOf(inc);
    const outsiders = [h.users.csm.id, h.users.customerNakheel.id];
    h.standIn.joinChannel(channelId, ...outsiders);
    const views = h.standIn.callsTo('views.open').length;

    for (const userId of outsiders) {
      for (const text of ['severity SEV2', `commander <@${userId}>`, 'update', 'resolve']) {
        const refusal = await refused(userId, () =>
          h.standIn.sendSlashCommand({ command: '/incident', text, userId, channelId }),
        );
        expect(refusal.channelId).toBe(channelId);
      }
    }
    const csm = h.users.csm.id;
    await refused(csm, () =>
      h.standIn.selectOption({
        userId: csm,
        channelId,
        messageTs: summary.ts,
        actionId: INCIDENT_ACTION.changeSeverity,
        value: `${inc.id}|SEV1`,
      }),
    );
    for (const actionId of [INCIDENT_ACTION.postUpdate, INCIDENT_ACTION.resolve]) {
      await refused(csm, () =>
        h.standIn.clickButton({ userId: csm, channelId, messageTs: summary.ts, actionId }),
      );
    }
    await refused(csm, () =>
      h.standIn.clickButton({
        userId: csm,
        channelId,
        messageTs: inc.planTs!,
        actionId: INCIDENT_ACTION.planSteps,
        selectedOptions: [inc.steps[0]!.id],
      }),
    );
    const note = h.standIn.postAsUser(channelId, csm, 'Customers say webhooks arrive late');
    await refused(
      csm,
      () => h.standIn.addReaction(csm, channelId, note.ts, 'pushpin'),
      /Not added to the incident timeline/,
    );

    // Nothing changed, nothing opened, nothing in the ledger in their name.
    const after = await incident(inc.id);
    expect(after.severity).toBe(inc.severity);
    expect(after.commanderId).toBe(inc.commanderId);
    expect(after.status).toBe('active');
    expect(after.draft).toBeUndefined();
    expect(after.steps.some((s) => s.done)).toBe(false);
    expect(after.firstActionAtMs).toBeUndefined();
    expect(after.timeline.some((e) => e.sourceTs === note.ts)).toBe(false);
    expect(h.standIn.callsTo('views.open').slice(views)).toHaveLength(0);
    const ledger = await h.sanad.incidents.store.readIncidentLedger(inc.id);
    expect(ledger.filter((e) => outsiders.includes(e.actor))).toEqual([]);

    // The on-call (team, not an approver) does the same things.
    const oncall = h.users.oncall.id;
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: 'severity SEV2',
      userId: oncall,
      channelId,
    });
    await summaryOf(inc, (t) => t.includes('SEV2'));
    await h.standIn.clickButton({
      userId: oncall,
      channelId,
      messageTs: summary.ts,
      actionId: INCIDENT_ACTION.postUpdate,
    });
    const editor = await h.standIn.waitForView(
      oncall,
      (v) => v.callback_id === INCIDENT_CALLBACK.statusUpdateModal && !seenViews.has(v.id),
    );
    seenViews.add(editor.id);
    await h.standIn.closeView({ viewId: editor.id, userId: oncall });
    await h.standIn.addReaction(oncall, channelId, note.ts, 'pushpin');
    await eventually(h.standIn, async () =>
      (await incident(inc.id)).timeline.some((e) => e.sourceTs === note.ts) ? true : undefined,
    );
    expect(h.standIn.ephemerals(oncall).some((e) => teamOnly.test(messageText(e)))).toBe(false);
  });
});

describe('on the App Home', () => {
  it('lists the PDPL notice for the founders from the moment the leak is declared, with an Open button; sent, it leaves', async () => {
    const inc = await declare({
      title: 'Payroll export readable by another tenant',
      customers: ['acme'],
      flags: ['data_leak'],
    });
    // The drafted notice is in the channel at once, with its buttons: no waiting 24 h for
    // the first reminder.
    const notice = await h.standIn.waitForMessage(
      inc.channelId!,
      (m) =>
        messageText(m).includes('A data leak was just declared') &&
        JSON.stringify(m.blocks).includes(INCIDENT_ACTION.approvePdplNotice),
    );
    // The message's address is stored just after the post.
    await afterJobs(h, h.sanad.incidentQueue, async () =>
      (await incident(inc.id)).pdplReminders.some((r) => r.ts === notice.ts),
    );
    const marker = `${inc.id} — ${inc.title}`;
    const row = await approvalRow(h.users.founder.id, marker);
    expect(row?.text).toContain('PDPL');
    expect(row?.url).toBe(h.standIn.permalink(inc.channelId!, notice.ts));
    expect(row?.text).toContain(`<!date^${Math.floor(inc.pdplDeadlineMs! / 1000)}^`);
    // Only a founder approves a PDPL notice: an approver's Home does not list it.
    expect(await approvalRow(h.users.approver.id, marker)).toBeUndefined();

    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: inc.channelId!,
      messageTs: notice.ts,
      actionId: INCIDENT_ACTION.approvePdplNotice,
    });
    await h.standIn.waitForMessage(
      inc.channelId!,
      (m) => m.ts === notice.ts && messageText(m).includes('PDPL reminders stopped'),
    );
    expect(await approvalRow(h.users.founder.id, marker)).toBeUndefined();
  });

  it('lists a status update for its approvers as it starts waiting, linked to its draft; approved, it leaves', async () => {
    const approver = h.users.approver.id;
    const inc = await declare({ title: 'Calendar sync delayed', customers: ['nakheel'] });
    expect(inc.severity).not.toBe('SEV1');
    const marker = `${inc.id} — ${inc.title} · #1`;
    // The approver has the Home open (all approvals shown) before the update is drafted.
    expect(await approvalRow(approver, marker)).toBeUndefined();
    const shown = () => homeRow(h.standIn.homeView(approver)!, marker);
    const draft = await draftUpdate(
      inc,
      approver,
      'Calendar events are syncing again with a delay of minutes.',
    );
    // Sanad re-publishes the open Home by itself.
    await h.standIn.waitUntil(shown, {
      description: 'the update on the approver’s Home',
      timeoutMs: 15_000,
    });
    expect(shown()?.text).toContain('Incident update');
    // The draft's address is stored just after its post; the Home links to it.
    await afterJobs(h, h.sanad.incidentQueue, async () => (await incident(inc.id)).draft?.ts);
    const row = await approvalRow(approver, marker);
    expect(row?.url).toBe(h.standIn.permalink(inc.channelId!, draft.ts));
    // Not an approver: nothing to approve.
    expect(await approvalRow(h.users.csm.id, marker)).toBeUndefined();

    await h.standIn.clickButton({
      userId: approver,
      channelId: inc.channelId!,
      messageTs: draft.ts,
      actionId: INCIDENT_ACTION.approveUpdate,
    });
    await h.standIn.waitForMessage(
      inc.channelId!,
      (m) => m.ts === draft.ts && !hasAction(m, 'approve'),
    );
    await h.standIn.waitUntil(() => !shown(), {
      description: 'the update gone from the Home',
      timeoutMs: 15_000,
    });
  });
});

describe('PDPL notice to customers outside Slack', () => {
  it('lists them on the notice once approved, each with a button to record the send by hand', async () => {
    const inc = await declare({
      title: 'Clinic appointment export exposed',
      customers: ['acme', 'wadi'],
      flags: ['data_leak'],
    });
    const notice = await h.standIn.waitForMessage(inc.channelId!, (m) =>
      JSON.stringify(m.blocks).includes(INCIDENT_ACTION.approvePdplNotice),
    );
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: inc.channelId!,
      messageTs: notice.ts,
      actionId: INCIDENT_ACTION.approvePdplNotice,
    });
    // The founder is told the notice reaches one customer through Slack and one by hand.
    await h.standIn.waitForEphemeral(h.users.founder.id, (e) =>
      /عميل ليسوا على Slack|customers are not on Slack/.test(e.text),
    );
    await h.standIn.waitForMessage(h.channels.acme.id, (m) =>
      messageText(m).includes('عميلنا العزيز'),
    );
    const sentByHand = `${INCIDENT_ACTION.pdplSentByHand}:0`;
    // Until it is recorded, the send waits on the approvers' Home, linked to the notice.
    const marker = `${inc.id} — ${inc.title}`;
    const toDo = await afterJobs(h, h.sanad.incidentQueue, () =>
      approvalRow(h.users.approver.id, marker),
    );
    expect(toDo.text).toContain('PDPL notice to send by hand');
    expect(toDo.text).toContain('Wadi Clinics');
    expect(toDo.url).toBe(h.standIn.permalink(inc.channelId!, notice.ts));
    const listed = await h.standIn.waitForMessage(
      inc.channelId!,
      (m) => m.ts === notice.ts && JSON.stringify(m.blocks).includes(sentByHand),
    );
    expect(messageText(listed)).toContain('Wadi Clinics');
    expect(messageText(listed)).toContain('reem@wadi.example');

    // Only approvers record it; on-call is refused and nothing changes.
    await h.standIn.clickButton({
      userId: h.users.oncall.id,
      channelId: inc.channelId!,
      messageTs: notice.ts,
      actionId: sentByHand,
    });
    await h.standIn.waitForEphemeral(h.users.oncall.id, (e) =>
      /للمعتمدين فقط|Only approvers/.test(e.text),
    );
    // A double click records it once (each click is answered).
    const answered = () =>
      h.standIn
        .ephemerals(h.users.approver.id)
        .filter((e) => /يدوياً إلى Wadi|sent by hand to Wadi/.test(e.text)).length;
    const before = answered();
    for (let i = 0; i < 2; i++) {
      await h.standIn.clickButton({
        userId: h.users.approver.id,
        channelId: inc.channelId!,
        messageTs: notice.ts,
        actionId: sentByHand,
      });
    }
    await h.standIn.waitUntil(() => answered() === before + 2, { description: 'two answers' });
    await h.standIn.waitForMessage(
      inc.channelId!,
      (m) =>
        m.ts === notice.ts &&
        /أُرسل يدوياً|Sent by hand/.test(messageText(m)) &&
        !JSON.stringify(m.blocks).includes(INCIDENT_ACTION.pdplSentByHand),
    );
    expect(await approvalRow(h.users.approver.id, marker)).toBeUndefined();
    const recorded = await h.sanad.incidents.store.readIncidentLedger(inc.id);
    expect(
      recorded
        .filter((e) => e.action === 'incident.pdpl_notice_sent_by_hand')
        .map((e) => [e.details?.customerId, e.details?.withinDeadline]),
    ).toEqual([['wadi', true]]);
    expect(
      recorded
        .filter((e) => e.action === 'incident.pdpl_notice_by_hand')
        .map((e) => e.details?.customerId),
    ).toEqual(['wadi']);
  });
});

describe('approving what the approver saw (rule 1)', () => {
  it('refuses Approve on a status update still showing the text before a colleague’s edit; the updated message publishes exactly the edit', async () => {
    const inc = await declare({ title: 'Invoice PDFs render blank', customers: ['nakheel'] });
    expect(inc.severity).not.toBe('SEV1');
    const approver = h.users.approver.id;
    const oncall = h.users.oncall.id;
    const first = 'We are looking into blank invoice PDFs. Next update within the hour.';
    const edit = 'Invoice PDFs render again for most customers; we are re-generating the rest.';
    const draft = await draftUpdate(inc, approver, first);
    const editForm = async (userId: string) => {
      await h.standIn.clickButton({
        userId,
        channelId: inc.channelId!,
        messageTs: draft.ts,
        actionId: INCIDENT_ACTION.editUpdate,
      });
      const modal = await h.standIn.waitForView(
        userId,
        (v) => v.callback_id === INCIDENT_CALLBACK.statusUpdateModal && !seenViews.has(v.id),
      );
      seenViews.add(modal.id);
      return modal;
    };
    const submit = (modal: { id: string }, userId: string, text: string) =>
      h.standIn.submitView({
        viewId: modal.id,
        userId,
        values: { 'incident_update_text_block:en': { incident_update_text: text } },
      });
    // Slack refuses the draft message's updates for now: it keeps showing `first`.
    h.standIn.failNext('chat.update', { status: 503 }, 1000, (args) => args.ts === draft.ts);
    try {
      // The approver opens an edit form; meanwhile on-call saves an edit of their own.
      const slow = await editForm(approver);
      await submit(await editForm(oncall), oncall, edit);
      await eventually(h.standIn, async () =>
        (await incident(inc.id)).draft?.text === edit ? true : undefined,
      );
      // The approver's form does not overwrite it: it says why, keeping their text.
      const result = await submit(slow, approver, 'Mine, written before the edit.');
      expect(result.outcome).toBe('errors');
      expect(JSON.stringify(h.standIn.viewErrors(slow.id))).toContain(
        'The update changed since you opened this form',
      );
      // Approve on the message still showing `first` is refused; nothing is published.
      await h.standIn.clickButton({
        userId: approver,
        channelId: inc.channelId!,
        messageTs: draft.ts,
        actionId: INCIDENT_ACTION.approveUpdate,
      });
      const refusal = await h.standIn.waitForEphemeral(approver, (e) =>
        e.text.includes('The update changed since this message'),
      );
      expect(refusal.text).toContain('Nothing was posted');
      const now = await incident(inc.id);
      expect(now.draft).toMatchObject({ status: 'pending', text: edit, editedBy: oncall });
      expect(now.updateCount).toBe(0);
    } finally {
      h.standIn.clearFaults();
    }
    // The draft message catches up with the edit and new buttons (its update job retries);
    // they publish the edit.
    const updated = await h.standIn.waitForMessage(
      inc.channelId!,
      (m) => m.ts === draft.ts && messageText(m).includes(edit) && hasAction(m, 'approve'),
      { timeoutMs: 20_000 },
    );
    expect(messageText(updated)).not.toContain('blank invoice PDFs');
    await h.standIn.clickButton({
      userId: approver,
      channelId: inc.channelId!,
      messageTs: updated.ts,
      actionId: INCIDENT_ACTION.approveUpdate,
    });
    await h.standIn.waitForMessage(h.channels.nakheel.id, (m) => messageText(m).includes(edit));
    const toCustomer = h.standIn
      .messages(h.channels.nakheel.id)
      .filter((m) => /blank invoice PDFs|Invoice PDFs render again/.test(messageText(m)));
    expect(toCustomer).toHaveLength(1);
    const approvals = (await h.sanad.incidents.store.readIncidentLedger(inc.id)).filter(
      (e) => e.action === 'incident.update_approved',
    );
    expect(approvals.map((e) => e.details?.text)).toEqual([edit]);
  });

  it('refuses Approve on a PDPL notice still showing the text before an edit; the updated message sends exactly the edit', async () => {
    const inc = await declare({
      title: 'Order history visible to another store',
      customers: ['nakheel'],
      flags: ['data_leak'],
    });
    const founder = h.users.founder.id;
    const oncall = h.users.oncall.id;
    const notice = await h.standIn.waitForMessage(inc.channelId!, (m) =>
      JSON.stringify(m.blocks).includes(INCIDENT_ACTION.approvePdplNotice),
    );
    await afterJobs(h, h.sanad.incidentQueue, async () =>
      (await incident(inc.id)).pdplReminders.some((r) => r.ts === notice.ts),
    );
    const drafted = (await incident(inc.id)).pdplNotice!.texts.en!;
    const edit =
      'Dear customer, order history from your store was visible to one other store for two hours.';
    const editForm = async (userId: string) => {
      await h.standIn.clickButton({
        userId,
        channelId: inc.channelId!,
        messageTs: notice.ts,
        actionId: INCIDENT_ACTION.editPdplNotice,
      });
      const modal = await h.standIn.waitForView(
        userId,
        (v) => v.callback_id === INCIDENT_CALLBACK.pdplNoticeModal && !seenViews.has(v.id),
      );
      seenViews.add(modal.id);
      return modal;
    };
    const submit = (modal: { id: string }, userId: string, text: string) =>
      h.standIn.submitView({
        viewId: modal.id,
        userId,
        values: { 'incident_pdpl_notice_text_block:en': { incident_pdpl_notice_text: text } },
      });
    h.standIn.failNext('chat.update', { status: 503 }, 1000, (args) => args.ts === notice.ts);
    try {
      const slow = await editForm(founder);
      await submit(await editForm(oncall), oncall, edit);
      await eventually(h.standIn, async () =>
        (await incident(inc.id)).pdplNotice?.texts.en === edit ? true : undefined,
      );
      const result = await submit(slow, founder, 'Dear customer, my own version.');
      expect(result.outcome).toBe('errors');
      // In the founder's language (Arabic).
      expect(JSON.stringify(h.standIn.viewErrors(slow.id))).toMatch(
        /تغيّر الإشعار منذ فتحت هذا النموذج|The notice changed since you opened this form/,
      );
      await h.standIn.clickButton({
        userId: founder,
        channelId: inc.channelId!,
        messageTs: notice.ts,
        actionId: INCIDENT_ACTION.approvePdplNotice,
      });
      const refusal = await h.standIn.waitForEphemeral(founder, (e) =>
        /تغيّر الإشعار منذ هذه الرسالة|The notice changed since this message/.test(e.text),
      );
      expect(refusal.text).toMatch(/لم يُرسل شيء|Nothing was sent/);
      const now = await incident(inc.id);
      expect(now.pdplNoticeSentAtMs).toBeUndefined();
      expect(now.pdplNotice?.texts.en).toBe(edit);
    } finally {
      h.standIn.clearFaults();
    }
    const updated = await h.standIn.waitForMessage(
      inc.channelId!,
      (m) =>
        m.ts === notice.ts &&
        messageText(m).includes('one other store') &&
        JSON.stringify(m.blocks).includes(INCIDENT_ACTION.approvePdplNotice),
      { timeoutMs: 20_000 },
    );
    await h.standIn.clickButton({
      userId: founder,
      channelId: inc.channelId!,
      messageTs: updated.ts,
      actionId: INCIDENT_ACTION.approvePdplNotice,
    });
    await h.standIn.waitForMessage(h.channels.nakheel.id, (m) =>
      messageText(m).includes('one other store'),
    );
    const drafts = h.standIn
      .messages(h.channels.nakheel.id)
      .filter((m) => messageText(m).includes(drafted.slice(0, 60)));
    expect(drafts).toEqual([]);
  });
});

describe('status updates in each reader’s language', () => {
  let ar: Harness;
  beforeAll(async () => {
    // The operators read Arabic; Nakheel, an affected customer, reads English.
    ar = await startHarness({ policy: { language: 'ar' } });
  });
  afterAll(async () => {
    await ar?.stop();
  });

  it('sends each customer the approved update in their own language, with the stakeholders in the policy’s', async () => {
    const title = 'Dashboard charts load slowly';
    const userId = ar.users.approver.id;
    await ar.standIn.sendSlashCommand({
      command: '/incident',
      text: title,
      userId,
      channelId: ar.channels.ops.id,
    });
    const modal = await ar.standIn.waitForView(
      userId,
      (v) => v.callback_id === INCIDENT_CALLBACK.declareModal,
    );
    await ar.standIn.submitView({
      viewId: modal.id,
      userId,
      values: declareValues({ title, customers: ['acme', 'nakheel'] }),
    });
    const recorded = await eventually(ar.standIn, async () =>
      (await ar.sanad.incidents.store.activeIncidents()).find((i) => i.title === title),
    );
    expect(recorded.severity).toBe('SEV3');
    const inc = await eventually(ar.standIn, async () => {
      const i = await ar.sanad.incidents.get(recorded.id);
      return i?.channelId ? i : undefined;
    });
    await ar.standIn.sendSlashCommand({
      command: '/incident',
      text: 'update',
      userId,
      channelId: inc.channelId!,
    });
    const editor = await ar.standIn.waitForView(
      userId,
      (v) => v.callback_id === INCIDENT_CALLBACK.statusUpdateModal,
    );
    // The editor has the update in both languages its readers need.
    const inputs = JSON.stringify(editor.blocks);
    expect(inputs).toContain('incident_update_text_block:ar');
    expect(inputs).toContain('incident_update_text_block:en');
    await ar.standIn.closeView({ viewId: editor.id, userId });
    const draft = await ar.standIn.waitForMessage(inc.channelId!, (m) =>
      JSON.stringify(m.blocks ?? []).includes(INCIDENT_ACTION.approveUpdate),
    );
    await ar.standIn.clickButton({
      userId,
      channelId: inc.channelId!,
      messageTs: draft.ts,
      actionId: INCIDENT_ACTION.approveUpdate,
    });
    const arabicLetters = /[\u0600-\u06FF]/;
    const toNakheel = await ar.standIn.waitForMessage(ar.channels.nakheel.id, (m) =>
      messageText(m).includes('Service update'),
    );
    expect(messageText(toNakheel)).toContain('our team is investigating');
    expect(messageText(toNakheel)).not.toMatch(arabicLetters);
    const toAcme = await ar.standIn.waitForMessage(ar.channels.acme.id, (m) =>
      messageText(m).includes('تحديث عن الخدمة'),
    );
    expect(messageText(toAcme)).toContain('يعمل فريقنا');
    expect(messageText(toAcme)).not.toContain('our team');
    const toOps = await ar.standIn.waitForMessage(ar.channels.ops.id, (m) =>
      messageText(m).includes(`${inc.id} — ${title}`),
    );
    expect(messageText(toOps)).toContain('يعمل فريقنا');
  });
});

/** The user's waiting-approval row for `marker`, looked for among all of them ("show more"). */
async function approvalRow(userId: string, marker: string) {
  const home = await openHome(h, userId);
  const row = homeRow(home, marker);
  const more = `${OPS_ACTION.homeShowMore}:approvals`;
  if (row || !JSON.stringify(home.blocks).includes(more)) return row;
  return homeRow(await pressOnHome(h, userId, home, more), marker);
}

/**
 * `/incident update` in the incident's channel, the modal submitted with `text` (and the other
 * languages' `texts`, when given; the editor has one input per language): the draft.
 */
async function draftUpdate(
  inc: Incident,
  userId: string,
  text: string,
  texts: Partial<Record<'ar' | 'en', string>> = { en: text },
): Promise<SlackMessage> {
  await h.standIn.sendSlashCommand({
    command: '/incident',
    text: 'update',
    userId,
    channelId: inc.channelId!,
  });
  const modal = await h.standIn.waitForView(
    userId,
    (v) => v.callback_id === INCIDENT_CALLBACK.statusUpdateModal && !seenViews.has(v.id),
  );
  seenViews.add(modal.id);
  await h.standIn.submitView({
    viewId: modal.id,
    userId,
    values: Object.fromEntries(
      Object.entries(texts).map(([lang, t]) => [
        `incident_update_text_block:${lang}`,
        { incident_update_text: t },
      ]),
    ),
  });
  return h.standIn.waitForMessage(
    inc.channelId!,
    (m) => messageText(m).includes(text.slice(0, 40)) && hasAction(m, 'approve'),
  );
}

function hasAction(m: SlackMessage, kind: 'approve'): boolean {
  const raw = JSON.stringify(m.blocks ?? []);
  return kind === 'approve' ? raw.includes(INCIDENT_ACTION.approveUpdate) : false;
}
