/**
 * Incident clocks on a short policy (issue 5 items 3, 5, 6): status-update drafts on the
 * severity's cadence (approve → ops and customer channels; flagged → refused; snooze), the
 * first-action reminder, the PDPL clock with its drafted notice, and resolve stopping the
 * reminders. Waits on the stand-in, never on sleeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/index.ts';
import type { SlackMessage } from '../../src/standin/index.ts';
import { INCIDENT_ACTION, INCIDENT_CALLBACK } from '../../src/views/incidentIds.ts';
import { eventually, type Harness, messageText, startHarness } from '../support/sanadHarness.ts';

let h: Harness;
const seenViews = new Set<string>();

beforeAll(async () => {
  h = await startHarness({
    policy: {
      language: 'en',
      incidents: {
        // Seconds instead of minutes and hours.
        statusUpdateMinutes: { SEV1: 0.02, SEV2: 0.01, SEV3: 0.02 },
        firstActionMinutes: { SEV1: 0.01, SEV2: 60, SEV3: 60 },
        pdplReminderHours: [0.0003, 0.0005],
        pdplDeadlineHours: 0.0007,
      },
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

async function declare(o: {
  title: string;
  customers?: string[];
  flags?: string[];
  count?: number;
  userId?: string;
}): Promise<Incident> {
  const userId = o.userId ?? h.users.approver.id;
  await h.standIn.sendSlashCommand({
    command: '/incident',
    text: o.title,
    userId,
    channelId: h.channels.ops.id,
  });
  const modal = await h.standIn.waitForView(
    userId,
    (v) => v.callback_id === INCIDENT_CALLBACK.declareModal && !seenViews.has(v.id),
  );
  seenViews.add(modal.id);
  await h.standIn.submitView({
    viewId: modal.id,
    userId,
    values: {
      incident_title_block: { incident_title: o.title },
      ...(o.count
        ? { incident_affected_count_block: { incident_affected_count: String(o.count) } }
        : {}),
      ...(o.customers
        ? { incident_affected_customers_block: { incident_affected_customers: o.customers } }
        : {}),
      ...(o.flags ? { incident_flags_block: { incident_flags: o.flags } } : {}),
    },
  });
  const recorded = await eventually(h.standIn, async () =>
    (await h.sanad.incidents.store.activeIncidents()).find((i) => i.title === o.title),
  );
  // The channel's summary is posted after the channel id is stored.
  await h.standIn.waitUntil(() =>
    h.standIn
      .channels()
      .some((c) =>
        h.standIn
          .messages(c.id)
          .some((m) =>
            JSON.stringify(m.blocks ?? []).includes(`incident_summary_actions:${recorded.id}`),
          ),
      ),
  );
  return (await h.sanad.incidents.get(recorded.id))!;
}

function draftMessage(
  incident: Incident,
  seq: number,
  predicate: (m: SlackMessage) => boolean = () => true,
) {
  return h.standIn.waitForMessage(
    incident.channelId!,
    (m) => messageText(m).includes(`Status update #${seq} — draft`) && predicate(m),
    { timeoutMs: 10_000 },
  );
}

const has = (m: SlackMessage, actionId: string) =>
  JSON.stringify(m.blocks ?? []).includes(actionId);

describe('status updates on the cadence', () => {
  it('drafts on the cadence; approved, it goes to ops and the customers without the internal id; snooze postpones the next', async () => {
    const inc = await declare({
      title: 'Slow dashboards for many customers',
      count: 5,
      customers: ['nakheel'],
    });
    expect(inc.severity).toBe('SEV2');
    const first = await draftMessage(inc, 1, (m) => has(m, INCIDENT_ACTION.approveUpdate));
    expect(messageText(first)).toContain('Snooze');
    // The drafted text itself is customer-facing: no internal id in it.
    expect((await h.sanad.incidents.get(inc.id))?.draft?.text).not.toMatch(/INC-\d{8}/);
    // Rule 1: nothing went out before approval.
    expect(
      h.standIn
        .messages(h.channels.nakheel.id)
        .some((m) => messageText(m).includes('our team is investigating')),
    ).toBe(false);
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: inc.channelId!,
      messageTs: first.ts,
      actionId: INCIDENT_ACTION.approveUpdate,
    });
    const ops = await h.standIn.waitForMessage(
      h.channels.ops.id,
      (m) => messageText(m).includes(inc.id) && messageText(m).includes('update #1'),
    );
    expect(messageText(ops)).toContain('our team is investigating');
    const customer = await h.standIn.waitForMessage(h.channels.nakheel.id, (m) =>
      messageText(m).includes('our team is investigating'),
    );
    expect(JSON.stringify(customer)).not.toMatch(/INC-\d{8}/);
    expect(messageText(customer)).toContain('Service update');
    // The draft now says who approved it; the next one comes on the cadence.
    await draftMessage(inc, 1, (m) => messageText(m).includes('Approved by'));
    const second = await draftMessage(inc, 2, (m) => has(m, INCIDENT_ACTION.snoozeUpdate));
    await h.standIn.clickButton({
      userId: h.users.oncall.id,
      channelId: inc.channelId!,
      messageTs: second.ts,
      actionId: INCIDENT_ACTION.snoozeUpdate,
    });
    await draftMessage(inc, 2, (m) => messageText(m).includes('Snoozed by'));
    const snoozed = (await h.sanad.incidents.get(inc.id))!;
    expect(snoozed.draft?.status).toBe('snoozed');
    expect(snoozed.nextUpdateDueMs).toBe(snoozed.draft?.snoozedUntilMs);
    await draftMessage(inc, 3);
    const actions = (await h.sanad.incidents.store.readIncidentLedger(inc.id)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'incident.update_drafted',
        'incident.update_approved',
        'incident.update_posted',
        'incident.update_snoozed',
      ]),
    );
    expect(actions.filter((a) => a === 'incident.update_posted')).toHaveLength(2);
    // Resolving stops the cadence: the pending draft is closed and its timer removed.
    await h.sanad.incidents.resolve(
      inc.id,
      { summary: 'Cache rebuilt', cause: 'Cold cache' },
      h.users.approver.id,
    );
    await draftMessage(inc, 3, (m) => messageText(m).includes('Draft closed'));
    const jobs = await h.sanad.incidents.store.scheduledJobIds(inc.id);
    expect(jobs.filter((j) => j.includes('-draft-') || j.includes('-first-action-'))).toEqual([]);
  });

  it('keeps a flagged update from being approved until it is edited', async () => {
    const inc = await declare({ title: 'Report exports failing' });
    const draft = await draftMessage(inc, 1, (m) => has(m, INCIDENT_ACTION.approveUpdate));
    // Hold the worker so the message still shows the old Approve button.
    await h.sanad.workers!.incidents.pause(true);
    try {
      await h.standIn.clickButton({
        userId: h.users.approver.id,
        channelId: inc.channelId!,
        messageTs: draft.ts,
        actionId: INCIDENT_ACTION.editUpdate,
      });
      const modal = await h.standIn.waitForView(
        h.users.approver.id,
        (v) => v.callback_id === INCIDENT_CALLBACK.statusUpdateModal && !seenViews.has(v.id),
      );
      seenViews.add(modal.id);
      await h.standIn.submitView({
        viewId: modal.id,
        userId: h.users.approver.id,
        values: {
          'incident_update_text_block:en': {
            incident_update_text: `We guarantee 100% of exports will work from now on (${inc.id}).`,
          },
        },
      });
      const warned = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
        e.text.includes('cannot be approved until edited'),
      );
      expect(warned.text).toContain(inc.id);
      await h.standIn.clickButton({
        userId: h.users.approver.id,
        channelId: inc.channelId!,
        messageTs: draft.ts,
        actionId: INCIDENT_ACTION.approveUpdate,
      });
      // The old Approve button showed the clean text: it cannot approve the flagged edit.
      await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
        e.text.includes('The update changed since this message'),
      );
    } finally {
      h.sanad.workers!.incidents.resume();
    }
    const flagged = await draftMessage(
      inc,
      1,
      (m) => messageText(m).includes('Prohibited claims') && !has(m, INCIDENT_ACTION.approveUpdate),
    );
    expect(messageText(flagged)).toContain('Internal id');
    const current = (await h.sanad.incidents.get(inc.id))!;
    expect(current.draft?.status).toBe('pending');
    expect(current.updateCount).toBe(0);
    expect(
      h.standIn.messages(h.channels.ops.id).some((m) => messageText(m).includes('guarantee')),
    ).toBe(false);
    // Edited clean, it can be approved.
    await h.sanad.incidents.editUpdate(
      inc.id,
      1,
      current.draft?.rev ?? 0,
      { en: 'Exports are back for most customers.' },
      h.users.approver.id,
    );
    const clean = await draftMessage(inc, 1, (m) => has(m, INCIDENT_ACTION.approveUpdate));
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: inc.channelId!,
      messageTs: clean.ts,
      actionId: INCIDENT_ACTION.approveUpdate,
    });
    await h.standIn.waitForMessage(h.channels.ops.id, (m) =>
      messageText(m).includes('Exports are back for most customers'),
    );
  });
});

describe('first action', () => {
  it('posts a first-action reminder when no plan step is ticked by the deadline, once', async () => {
    const inc = await declare({
      title: 'Messages sent without approval',
      flags: ['unauthorized_send'],
    });
    expect(inc.severity).toBe('SEV1');
    const reminder = await h.standIn.waitForMessage(inc.channelId!, (m) =>
      messageText(m).includes('First action for'),
    );
    const text = messageText(reminder);
    expect(text).toContain(`<@${h.users.founder.id}>`);
    expect(text).toContain(`<@${h.users.oncall.id}>`);
    await h.standIn.clickButton({
      userId: h.users.oncall.id,
      channelId: inc.channelId!,
      messageTs: reminder.ts,
      actionId: INCIDENT_ACTION.recordFirstAction,
    });
    await h.standIn.waitForMessage(
      inc.channelId!,
      (m) => has(m, `incident_summary_actions:${inc.id}`) && messageText(m).includes('Taken'),
    );
    const after = (await h.sanad.incidents.get(inc.id))!;
    expect(after.firstActionBy).toBe(h.users.oncall.id);
    expect(
      h.standIn.messages(inc.channelId!).filter((m) => messageText(m).includes('First action for')),
    ).toHaveLength(1);
    const ledger = await h.sanad.incidents.store.readIncidentLedger(inc.id);
    expect(ledger.filter((e) => e.action === 'incident.first_action_reminder')).toHaveLength(1);
  });
});

describe('PDPL clock', () => {
  it('reminds at each hour and at the deadline, each with the drafted notice in the customers’ languages', async () => {
    const inc = await declare({
      title: 'Contacts file exposed',
      flags: ['data_leak'],
      customers: ['acme', 'nakheel'],
    });
    const deadline = await h.standIn.waitForMessage(
      inc.channelId!,
      (m) => messageText(m).includes('PDPL notice deadline reached'),
      { timeoutMs: 10_000 },
    );
    const reminders = h.standIn
      .messages(inc.channelId!)
      .filter((m) => has(m, INCIDENT_ACTION.approvePdplNotice));
    // The drafted notice posted when the leak was declared, the two reminders, the deadline.
    expect(reminders).toHaveLength(4);
    expect(messageText(reminders[0]!)).toContain('A data leak was just declared');
    const first = messageText(reminders[1]!);
    expect(first).toContain('left to notify customers');
    // The drafted notice, Arabic for Acme and English for Nakheel, with no internal id.
    expect(first).toContain('عميلنا العزيز');
    expect(first).toContain('Dear customer');
    expect(messageText(deadline)).toContain(`<!date^${Math.floor(inc.pdplDeadlineMs! / 1000)}^`);
    // Each reminder is in the ledger (the deadline's is written just after its post).
    const ledger = await h.sanad.incidents.store.readIncidentLedger(inc.id);
    expect(
      ledger.filter((e) => e.action === 'incident.pdpl_reminder').map((e) => e.details?.hours),
    ).toEqual(expect.arrayContaining([0.0003, 0.0005]));
  });

  it('sends the approved notice to the affected customers and stops the reminders; only a founder approves', async () => {
    const inc = await declare({
      title: 'Invoices visible to other tenants',
      flags: ['data_leak'],
      customers: ['acme', 'nakheel'],
    });
    const reminder = await h.standIn.waitForMessage(inc.channelId!, (m) =>
      has(m, INCIDENT_ACTION.approvePdplNotice),
    );
    // Edit the English notice.
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: inc.channelId!,
      messageTs: reminder.ts,
      actionId: INCIDENT_ACTION.editPdplNotice,
    });
    const modal = await h.standIn.waitForView(
      h.users.founder.id,
      (v) => v.callback_id === INCIDENT_CALLBACK.pdplNoticeModal,
    );
    const english =
      'Dear customer, some of your invoices were visible to another account on our platform. We closed the access and are reviewing the logs; we will share the details with you.';
    await h.standIn.submitView({
      viewId: modal.id,
      userId: h.users.founder.id,
      values: { 'incident_pdpl_notice_text_block:en': { incident_pdpl_notice_text: english } },
    });
    await eventually(h.standIn, async () =>
      (await h.sanad.incidents.get(inc.id))?.pdplNotice?.texts.en === english ? true : undefined,
    );
    const edited = await h.standIn.waitForMessage(
      inc.channelId!,
      (m) =>
        has(m, INCIDENT_ACTION.approvePdplNotice) &&
        messageText(m).includes('visible to another account'),
    );
    // Not a founder: refused.
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: inc.channelId!,
      messageTs: edited.ts,
      actionId: INCIDENT_ACTION.approvePdplNotice,
    });
    await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      e.text.includes('must be approved by a founder'),
    );
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: inc.channelId!,
      messageTs: edited.ts,
      actionId: INCIDENT_ACTION.approvePdplNotice,
    });
    const toNakheel = await h.standIn.waitForMessage(h.channels.nakheel.id, (m) =>
      messageText(m).includes('visible to another account'),
    );
    const toAcme = await h.standIn.waitForMessage(h.channels.acme.id, (m) =>
      messageText(m).includes('عميلنا العزيز'),
    );
    for (const m of [toNakheel, toAcme]) expect(JSON.stringify(m)).not.toMatch(/INC-\d{8}/);
    // The reminder now says it was sent; the remaining reminders are gone.
    await h.standIn.waitForMessage(
      inc.channelId!,
      (m) => m.ts === edited.ts && messageText(m).includes('PDPL reminders stopped'),
    );
    const after = (await h.sanad.incidents.get(inc.id))!;
    expect(after.pdplNoticeSentAtMs).toBeDefined();
    const pending = await h.sanad.incidents.store.scheduledJobIds(inc.id);
    expect(pending.filter((j) => j.includes('-pdpl-'))).toEqual([]);
    const ledger = (await h.sanad.incidents.store.readIncidentLedger(inc.id)).map((e) => e.action);
    expect(ledger).toContain('incident.pdpl_notice_approved');
    expect(ledger.filter((a) => a === 'incident.pdpl_notice_posted')).toHaveLength(2);
  });
});
