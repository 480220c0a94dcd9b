/**
 * Customer ops end to end through the Slack stand-in (real Bolt over HTTP, real Redis, real
 * BullMQ worker): customers, connector and onboarding modals, founder-approved live mode,
 * the success plan on a shortened "day", at-risk alerts and weekly check-in drafts.
 */
import { WebClient } from '@slack/web-api';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessage, SlackView } from '../../src/standin/index.ts';
import { OPS_ACTION } from '../../src/views/customerOpsIds.ts';
import {
  BOT_TOKEN,
  eventually,
  type Harness,
  homeRow,
  messageText,
  openHome,
  pressOnHome,
  startHarness,
} from '../support/sanadHarness.ts';

const DAY_MS = 400;
let h: Harness;
const seenViews = new Set<string>();

beforeAll(async () => {
  h = await startHarness({ policy: { customerSuccess: { dayMs: DAY_MS } } });
  h.standIn.addChannel({
    id: 'C0QIMAM',
    name: 'ext-qimam',
    isExtShared: true,
    members: [h.users.founder.id, h.users.approver.id, h.users.oncall.id, h.users.csm.id],
  });
});
afterAll(async () => {
  await h?.stop();
});

async function newModal(userId: string, callbackId: string): Promise<SlackView> {
  const view = await h.standIn.waitForView(
    userId,
    (v) => v.callback_id === callbackId && !seenViews.has(v.id),
  );
  seenViews.add(view.id);
  return view;
}

/** Opens one of a customer's modals from the App Home's per-customer menu. */
async function openFromHome(
  userId: string,
  menu: 'onboarding' | 'connectors' | 'metrics' | 'edit',
  customerId: string,
): Promise<SlackView> {
  const home = await openHome(h, userId);
  await h.standIn.selectOption({
    userId,
    viewId: home.id,
    actionId: `${OPS_ACTION.homeCustomerMenu}:${customerId}`,
    value: `${menu}|${customerId}`,
  });
  const callback = {
    onboarding: 'ops_onboarding_modal',
    connectors: 'ops_connector_modal',
    metrics: 'ops_metrics_modal',
    edit: 'ops_customer_modal',
  }[menu];
  return newModal(userId, callback);
}

/** Waits for a modal to be replaced (views.update) and returns the new version. */
async function updated(userId: string, view: SlackView): Promise<SlackView> {
  return h.standIn.waitForView(userId, (v) => v.id === view.id && v.hash !== view.hash);
}

function blockIdStarting(view: SlackView, prefix: string): string {
  const block = (view.blocks as Array<{ block_id?: string }>).find((b) =>
    b.block_id?.startsWith(prefix),
  );
  if (!block?.block_id) throw new Error(`no block ${prefix}… in view ${view.id}`);
  return block.block_id;
}

function viewText(view: SlackView): string {
  return messageText({ blocks: view.blocks });
}

/** Moves one connector in the connector modal, as `userId` would. */
async function moveConnector(userId: string, customerId: string, key: string, to: string) {
  const modal = await openFromHome(userId, 'connectors', customerId);
  const result = await h.standIn.submitView({
    viewId: modal.id,
    userId,
    values: {
      [blockIdStarting(modal, `ops_connector_move_block:${key}:`)]: {
        [`ops_connector_move:${key}`]: `${key}|${to}`,
      },
    },
  });
  expect(result.outcome, JSON.stringify(h.standIn.viewErrors(modal.id))).toBe('updated');
  await h.standIn.closeView({ viewId: modal.id, userId });
}

/** The value JSON of a message's first button. */
function buttonValue(message: SlackMessage): Record<string, unknown> | null {
  let found: string | undefined;
  const walk = (node: unknown): void => {
    if (found !== undefined || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    const o = node as Record<string, unknown>;
    if (o.type === 'button' && typeof o.value === 'string') found = o.value;
    else for (const v of Object.values(o)) walk(v);
  };
  walk(message.blocks ?? []);
  return found ? (JSON.parse(found) as Record<string, unknown>) : null;
}

function csDrafts(kind: string, customerId?: string): SlackMessage[] {
  return h.standIn.messages(h.channels.customerSuccess.id).filter((m) => {
    const v = JSON.stringify(m.metadata?.event_payload ?? {});
    return v.includes(`cs-${kind}`) && (!customerId || v.includes(`-${customerId}-`));
  });
}

async function ledgerHas(action: string, match: (d: Record<string, unknown>) => boolean) {
  const entries = await h.sanad.store.readLedger();
  return entries.some((e) => e.action === action && match(e.details ?? {}));
}

function riyadhDate(daysAgo: number): string {
  return DateTime.now().setZone('Asia/Riyadh').minus({ days: daysAgo }).toISODate() ?? '';
}

describe('customers', () => {
  it('adds a customer from the App Home: field errors first, then the channel mapping', async () => {
    const userId = h.users.approver.id;
    const home = await openHome(h, userId);
    await h.standIn.clickButton({ userId, viewId: home.id, actionId: OPS_ACTION.homeAddCustomer });
    const modal = await newModal(userId, 'ops_customer_modal');
    const bad = await h.standIn.submitView({
      viewId: modal.id,
      userId,
      values: {
        ops_customer_name_block: { ops_customer_name: '   ' },
        ops_customer_bundle_block: { ops_customer_bundle: 'partnership_growth' },
        ops_customer_channels_block: { ops_customer_channels: [h.channels.acme.id] },
        ops_customer_contacts_block: { ops_customer_contacts: 'Huda <huda@qimam.sa>\njust a name' },
        ops_customer_language_block: { ops_customer_language: 'en' },
      },
    });
    expect(bad.outcome).toBe('errors');
    expect(bad.problems).toEqual([]);
    const errors = h.standIn.viewErrors(modal.id) ?? {};
    expect(errors.ops_customer_name_block).toContain("customer's name");
    expect(errors.ops_customer_contacts_block).toContain('just a name');
    expect(errors.ops_customer_channels_block).toContain('already belongs to');
    expect(await h.sanad.store.customerForChannel('C0QIMAM')).toBeNull();

    const good = await h.standIn.submitView({
      viewId: modal.id,
      userId,
      values: {
        ops_customer_name_block: { ops_customer_name: 'Qimam Trading' },
        ops_customer_channels_block: { ops_customer_channels: ['C0QIMAM'] },
        ops_customer_contacts_block: {
          ops_customer_contacts: 'Huda <huda@qimam.sa>\nSami <@U0CUSTACME>',
        },
      },
    });
    expect(good.outcome, JSON.stringify(h.standIn.viewErrors(modal.id))).toBe('closed');
    const saved = await h.sanad.store.customerForChannel('C0QIMAM');
    expect(saved).toMatchObject({
      id: 'qimam-trading',
      name: 'Qimam Trading',
      bundleId: 'partnership_growth',
      channelIds: ['C0QIMAM'],
      contacts: [
        { name: 'Huda', email: 'huda@qimam.sa' },
        { name: 'Sami', slackUserId: 'U0CUSTACME' },
      ],
      language: 'en',
    });
    expect(await ledgerHas('customer.created', (d) => d.customerId === 'qimam-trading')).toBe(true);
    // The Home is re-published with the new customer.
    await h.standIn.waitUntil(() =>
      viewText(h.standIn.homeView(userId)!).includes('Qimam Trading'),
    );

    // Edit: the modal opens prefilled; removing the channel removes the mapping.
    const edit = await openFromHome(userId, 'edit', 'qimam-trading');
    expect(JSON.stringify(edit.blocks)).toContain('Huda <huda@qimam.sa>');
    const edited = await h.standIn.submitView({
      viewId: edit.id,
      userId,
      values: { ops_customer_channels_block: { ops_customer_channels: [] } },
    });
    expect(edited.outcome).toBe('closed');
    expect(await h.sanad.store.customerForChannel('C0QIMAM')).toBeNull();
    expect((await h.sanad.store.getCustomer('qimam-trading'))?.channelIds).toEqual([]);
    expect(await ledgerHas('customer.updated', (d) => d.customerId === 'qimam-trading')).toBe(true);
  });
});

describe('who may add or edit a customer (rule 4)', () => {
  it('keeps Add and Edit from those who are not approvers, and refuses them if they try', async () => {
    const before = (await h.sanad.store.getCustomer('nakheel'))!;
    for (const userId of [h.users.csm.id, h.users.oncall.id]) {
      const json = JSON.stringify((await openHome(h, userId)).blocks);
      expect(json).not.toContain(OPS_ACTION.homeAddCustomer);
      expect(json).not.toContain('"edit|nakheel"');
      expect(json).toContain('"connectors|nakheel"');
    }
    for (const userId of [h.users.approver.id, h.users.founder.id]) {
      const json = JSON.stringify((await openHome(h, userId)).blocks);
      expect(json).toContain(OPS_ACTION.homeAddCustomer);
      expect(json).toContain('"edit|nakheel"');
    }
    // Sara's Home was published while she was an approver; she no longer is.
    const approvers = h.config.policy.people.approvers;
    approvers.push(h.users.csm.id);
    const stale = await openHome(h, h.users.csm.id);
    approvers.splice(approvers.indexOf(h.users.csm.id), 1);
    const opened = h.standIn.callsTo('views.open').length;
    await h.standIn.selectOption({
      userId: h.users.csm.id,
      viewId: stale.id,
      actionId: `${OPS_ACTION.homeCustomerMenu}:nakheel`,
      value: 'edit|nakheel',
    });
    // Told in her DM with Sanad (a Home press has no channel).
    const dm = h.standIn.imChannel(h.users.csm.id);
    const refusals = () =>
      h.standIn
        .messages(dm)
        .filter((m) =>
          messageText(m).includes('Only approvers and founders can add or edit customers'),
        );
    const refusal = await h.standIn.waitForMessage(dm, (m) =>
      messageText(m).includes('Only approvers and founders can add or edit customers'),
    );
    expect(messageText(refusal)).toContain('contacts and channels');
    const seen = refusals().length;
    await h.standIn.clickButton({
      userId: h.users.csm.id,
      viewId: stale.id,
      actionId: OPS_ACTION.homeAddCustomer,
    });
    await h.standIn.waitUntil(() => refusals().length > seen, { description: 'a second refusal' });
    // No customer form was opened for her, and nothing changed.
    expect(
      h.standIn
        .callsTo('views.open')
        .slice(opened)
        .filter((c) => JSON.stringify(c.args).includes('ops_customer_modal')),
    ).toHaveLength(0);
    expect(await h.sanad.store.getCustomer('nakheel')).toEqual(before);
  });

  it('refuses the save itself (what the customer form runs) to a non-approver: contacts unchanged', async () => {
    const csm = h.users.csm.id;
    await expect(
      h.sanad.customerOps.saveCustomer(
        {
          customerId: 'nakheel',
          name: 'Nakheel Logistics',
          bundleId: 'executive_growth_os',
          channelIds: [h.channels.nakheel.id],
          contactsText: `Jane <@${h.users.customerNakheel.id}>\nSara <@${csm}>`,
          language: 'en',
        },
        csm,
      ),
    ).rejects.toThrow(/Only approvers and founders/);
    const nakheel = await h.sanad.store.getCustomer('nakheel');
    expect(nakheel?.contacts.map((c) => c.slackUserId)).toEqual([h.users.customerNakheel.id]);
  });

  it("records in the ledger who changed a customer's contacts and channels", async () => {
    const approver = h.users.approver.id;
    const modal = await openFromHome(approver, 'edit', 'wadi');
    const result = await h.standIn.submitView({
      viewId: modal.id,
      userId: approver,
      values: {
        ops_customer_contacts_block: {
          ops_customer_contacts: `Reem <reem@wadi.example>\nKhalid <@${h.users.customerAcme.id}>`,
        },
        ops_customer_channels_block: { ops_customer_channels: ['C0QIMAM'] },
      },
    });
    expect(result.outcome, JSON.stringify(h.standIn.viewErrors(modal.id))).toBe('closed');
    const entries = await h.sanad.store.readLedger();
    const contacts = entries.find(
      (e) => e.action === 'customer.contacts_changed' && e.details?.customerId === 'wadi',
    );
    expect(contacts).toMatchObject({
      actor: approver,
      details: { added: [`<@${h.users.customerAcme.id}>`], removed: [] },
    });
    const channels = entries.find(
      (e) => e.action === 'customer.channels_changed' && e.details?.customerId === 'wadi',
    );
    expect(channels).toMatchObject({
      actor: approver,
      details: { added: ['C0QIMAM'], removed: [] },
    });
  });
});

describe('connector modal', () => {
  it('offers only allowed moves and refuses a move made stale by someone else with a field error', async () => {
    const approver = h.users.approver.id;
    const csm = h.users.csm.id;
    const stale = await openFromHome(approver, 'connectors', 'nakheel');
    const sections = (stale.blocks as Array<{ block_id?: string }>).filter((b) =>
      b.block_id?.startsWith('ops_connector:'),
    );
    expect(sections).toHaveLength(11);
    const gmailMove = blockIdStarting(stale, 'ops_connector_move_block:gmail:');
    const sheetsMove = blockIdStarting(stale, 'ops_connector_move_block:google_sheets:');
    const offered = JSON.stringify(
      (stale.blocks as Array<{ block_id?: string }>).find((b) => b.block_id === gmailMove),
    );
    for (const s of [
      'configuring',
      'connected_draft_only',
      'connected_approved_execute',
      'skipped',
    ]) {
      expect(offered).toContain(`gmail|${s}`);
    }
    expect(offered).not.toContain('gmail|failed');
    expect(viewText(stale)).toContain('WhatsApp');

    // Meanwhile the CSM skips Gmail in their own modal.
    const other = await openFromHome(csm, 'connectors', 'nakheel');
    const skip = await h.standIn.submitView({
      viewId: other.id,
      userId: csm,
      values: {
        [blockIdStarting(other, 'ops_connector_move_block:gmail:')]: {
          'ops_connector_move:gmail': 'gmail|skipped',
        },
      },
    });
    expect(skip.outcome).toBe('updated');
    expect((await h.sanad.opsStore.getConnectors('nakheel'))?.statuses.gmail.state).toBe('skipped');
    await h.standIn.closeView({ viewId: other.id, userId: csm });

    // The approver's modal still offers "connected — drafts only": no longer allowed.
    const result = await h.standIn.submitView({
      viewId: stale.id,
      userId: approver,
      values: {
        [gmailMove]: { 'ops_connector_move:gmail': 'gmail|connected_draft_only' },
        [sheetsMove]: { 'ops_connector_move:google_sheets': 'google_sheets|configuring' },
      },
    });
    expect(result.outcome).toBe('errors');
    expect(result.problems).toEqual([]);
    const errors = h.standIn.viewErrors(stale.id) ?? {};
    expect(Object.keys(errors)).toEqual([gmailMove]);
    expect(errors[gmailMove]).toContain("can't move");
    expect(errors[gmailMove]).toContain('Skipped');
    // Nothing from that submission was applied.
    const doc = await h.sanad.opsStore.getConnectors('nakheel');
    expect(doc?.statuses.gmail.state).toBe('skipped');
    expect(doc?.statuses.google_sheets.state).toBe('not_started');
    await h.standIn.closeView({ viewId: stale.id, userId: approver });
  });

  it('turns a live-mode switch into a founder approval request: others refused, a founder applies it', async () => {
    const approver = h.users.approver.id;
    const modal = await openFromHome(approver, 'connectors', 'nakheel');
    const result = await h.standIn.submitView({
      viewId: modal.id,
      userId: approver,
      values: {
        [blockIdStarting(modal, 'ops_connector_move_block:whatsapp_cloud:')]: {
          'ops_connector_move:whatsapp_cloud': 'whatsapp_cloud|connected_approved_execute',
        },
        [blockIdStarting(modal, 'ops_connector_notes_block:whatsapp_cloud:')]: {
          'ops_connector_notes:whatsapp_cloud': 'Meta business verified',
        },
        [blockIdStarting(modal, 'ops_connector_move_block:website_forms:')]: {
          'ops_connector_move:website_forms': 'website_forms|connected_draft_only',
        },
      },
    });
    expect(result.outcome, JSON.stringify(h.standIn.viewErrors(modal.id))).toBe('updated');
    const waiting = h.standIn.view(modal.id)!;
    expect(viewText(waiting)).toContain('Waiting for a founder to approve live mode');
    expect(JSON.stringify(waiting.blocks)).not.toContain(
      'whatsapp_cloud|connected_approved_execute',
    );
    let doc = await h.sanad.opsStore.getConnectors('nakheel');
    expect(doc?.statuses.whatsapp_cloud.state).toBe('not_started');
    expect(doc?.statuses.whatsapp_cloud.notes).toBe('Meta business verified');
    expect(doc?.statuses.website_forms.state).toBe('connected_draft_only');
    const requestId = doc?.pendingLive.whatsapp_cloud ?? '';
    expect(requestId).not.toBe('');
    await h.standIn.closeView({ viewId: modal.id, userId: approver });

    const request = await h.standIn.waitForMessage(h.channels.ops.id, (m) =>
      JSON.stringify(m.blocks ?? []).includes(requestId),
    );
    expect(messageText(request)).toContain(`<@${h.users.founder.id}>`);

    // The founder's Home lists it; the approver's does not.
    const founderHome = await openHome(h, h.users.founder.id);
    expect(viewText(founderHome)).toContain('تشغيل حيّ لموصل');
    const approverHome = await openHome(h, approver);
    expect(viewText(approverHome)).not.toContain('Connector live mode');

    for (const userId of [approver, h.users.csm.id]) {
      await h.standIn.clickButton({
        userId,
        channelId: h.channels.ops.id,
        messageTs: request.ts,
        actionId: OPS_ACTION.connectorApprove,
      });
      const refusal = await h.standIn.waitForEphemeral(userId, (e) =>
        messageText(e).includes('Only a founder'),
      );
      expect(refusal.channelId).toBe(h.channels.ops.id);
    }
    doc = await h.sanad.opsStore.getConnectors('nakheel');
    expect(doc?.statuses.whatsapp_cloud.state).toBe('not_started');

    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: h.channels.ops.id,
      messageTs: request.ts,
      actionId: OPS_ACTION.connectorApprove,
    });
    const decided = await h.standIn.waitForMessage(
      h.channels.ops.id,
      (m) => m.ts === request.ts && !JSON.stringify(m.blocks ?? []).includes('"type":"actions"'),
    );
    expect(messageText(decided)).toContain(`<@${h.users.founder.id}>`);
    doc = await h.sanad.opsStore.getConnectors('nakheel');
    expect(doc?.statuses.whatsapp_cloud).toMatchObject({
      state: 'connected_approved_execute',
      approvedBy: h.users.founder.id,
    });
    expect(doc?.pendingLive.whatsapp_cloud).toBeUndefined();
    expect(await ledgerHas('connector.live_approved', (d) => d.requestId === requestId)).toBe(true);
    // Ready for the first service now (WhatsApp connected); the Home says so.
    const after = await openFromHome(approver, 'connectors', 'nakheel');
    expect(viewText(after)).toContain('Ready for the first service');
    await h.standIn.closeView({ viewId: after.id, userId: approver });
  });

  it('a founder may decline: the connector stays as it was and the request is closed', async () => {
    const approver = h.users.approver.id;
    const modal = await openFromHome(approver, 'connectors', 'wadi');
    const result = await h.standIn.submitView({
      viewId: modal.id,
      userId: approver,
      values: {
        [blockIdStarting(modal, 'ops_connector_move_block:crm_generic:')]: {
          'ops_connector_move:crm_generic': 'crm_generic|connected_approved_execute',
        },
      },
    });
    expect(result.outcome).toBe('updated');
    await h.standIn.closeView({ viewId: modal.id, userId: approver });
    const requestId = (await h.sanad.opsStore.getConnectors('wadi'))?.pendingLive.crm_generic;
    const request = await h.standIn.waitForMessage(h.channels.ops.id, (m) =>
      JSON.stringify(m.blocks ?? []).includes(requestId ?? '?'),
    );
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: h.channels.ops.id,
      messageTs: request.ts,
      actionId: OPS_ACTION.connectorDecline,
    });
    const closed = await h.standIn.waitForMessage(
      h.channels.ops.id,
      (m) => m.ts === request.ts && !JSON.stringify(m.blocks ?? []).includes('"type":"actions"'),
    );
    expect(messageText(closed)).toContain('✖️');
    const doc = await h.sanad.opsStore.getConnectors('wadi');
    expect(doc?.statuses.crm_generic.state).toBe('not_started');
    expect(doc?.pendingLive.crm_generic).toBeUndefined();
    expect((await h.sanad.opsStore.getRequest(requestId ?? ''))?.status).toBe('declined');
    expect(await ledgerHas('connector.live_declined', (d) => d.requestId === requestId)).toBe(true);
  });

  it("keeps notes someone saved meanwhile: a stale modal's untouched notes change nothing, an edit of them is a field error", async () => {
    const approver = h.users.approver.id;
    const csm = h.users.csm.id;
    const stale = await openFromHome(approver, 'connectors', 'wadi');

    // Meanwhile the CSM writes a Gmail note in their own modal.
    const other = await openFromHome(csm, 'connectors', 'wadi');
    const noted = await h.standIn.submitView({
      viewId: other.id,
      userId: csm,
      values: {
        [blockIdStarting(other, 'ops_connector_notes_block:gmail:')]: {
          'ops_connector_notes:gmail': 'OAuth consent screen approved',
        },
      },
    });
    expect(noted.outcome).toBe('updated');
    await h.standIn.closeView({ viewId: other.id, userId: csm });

    // The approver's stale modal showed no Gmail note; they only move Moyasar. Slack submits
    // the Gmail notes input as it was shown (empty): that is no change to Gmail.
    const moved = await h.standIn.submitView({
      viewId: stale.id,
      userId: approver,
      values: {
        [blockIdStarting(stale, 'ops_connector_move_block:moyasar:')]: {
          'ops_connector_move:moyasar': 'moyasar|configuring',
        },
      },
    });
    expect(moved.outcome, JSON.stringify(h.standIn.viewErrors(stale.id))).toBe('updated');
    let doc = await h.sanad.opsStore.getConnectors('wadi');
    expect(doc?.statuses.moyasar.state).toBe('configuring');
    expect(doc?.statuses.gmail.notes).toBe('OAuth consent screen approved');
    // The updated modal shows the note.
    const fresh = h.standIn.view(stale.id)!;
    expect(viewText(fresh)).toContain('OAuth consent screen approved');

    // Again stale: the CSM changes the note, then the approver edits the note they last saw.
    const again = await openFromHome(csm, 'connectors', 'wadi');
    await h.standIn.submitView({
      viewId: again.id,
      userId: csm,
      values: {
        [blockIdStarting(again, 'ops_connector_notes_block:gmail:')]: {
          'ops_connector_notes:gmail': 'Consent approved; waiting for the test account',
        },
      },
    });
    await h.standIn.closeView({ viewId: again.id, userId: csm });
    const gmailNotes = blockIdStarting(fresh, 'ops_connector_notes_block:gmail:');
    const refused = await h.standIn.submitView({
      viewId: fresh.id,
      userId: approver,
      values: {
        [gmailNotes]: { 'ops_connector_notes:gmail': 'OAuth consent screen approved; scopes set' },
        [blockIdStarting(fresh, 'ops_connector_move_block:gmail:')]: {
          'ops_connector_move:gmail': 'gmail|configuring',
        },
      },
    });
    expect(refused.outcome).toBe('errors');
    expect(refused.problems).toEqual([]);
    const errors = h.standIn.viewErrors(fresh.id) ?? {};
    expect(Object.keys(errors)).toEqual([gmailNotes]);
    expect(errors[gmailNotes]).toContain('changed meanwhile');
    expect(errors[gmailNotes]).toContain('reopen');
    // Nothing from that submission was applied; the CSM's note stands.
    doc = await h.sanad.opsStore.getConnectors('wadi');
    expect(doc?.statuses.gmail).toMatchObject({
      state: 'not_started',
      notes: 'Consent approved; waiting for the test account',
    });
    await h.standIn.closeView({ viewId: fresh.id, userId: approver });
  });

  it("names the connector in the reader's language when a live-mode request is sent", async () => {
    const oncall = h.users.oncall.id; // reads Arabic
    const modal = await openFromHome(oncall, 'connectors', 'nakheel');
    const result = await h.standIn.submitView({
      viewId: modal.id,
      userId: oncall,
      values: {
        [blockIdStarting(modal, 'ops_connector_move_block:google_calendar:')]: {
          'ops_connector_move:google_calendar': 'google_calendar|connected_approved_execute',
        },
      },
    });
    expect(result.outcome, JSON.stringify(h.standIn.viewErrors(modal.id))).toBe('updated');
    const notice = viewText(h.standIn.view(modal.id)!);
    expect(notice).toContain('طلب التشغيل الحي لـ تقويم Google');
    expect(notice).not.toContain('google_calendar');
    await h.standIn.closeView({ viewId: modal.id, userId: oncall });
  });
});

describe('onboarding', () => {
  it('tracks progress in place, has approval steps confirmed by an approver, and starts the success plan', async () => {
    const csm = h.users.csm.id;
    const approver = h.users.approver.id;
    let modal = await openFromHome(csm, 'onboarding', 'acme');
    expect(viewText(modal)).toContain('0%');
    // In order: only the current step has a button.
    expect(JSON.stringify(modal.blocks)).toContain('ops_onboarding_complete:select_goal');
    expect(JSON.stringify(modal.blocks)).not.toContain('ops_onboarding_request_approval:');
    expect(JSON.stringify(modal.blocks)).not.toContain('ops_onboarding_approve:');

    // A note, then Complete: the modal updates in place.
    h.standIn.fillView(
      modal.id,
      {
        [blockIdStarting(modal, 'ops_onboarding_notes_block')]: {
          ops_onboarding_notes: 'Goal: 20 meetings a month',
        },
      },
      csm,
    );
    await h.standIn.clickButton({
      userId: csm,
      viewId: modal.id,
      actionId: `${OPS_ACTION.onboardingComplete}:select_goal`,
    });
    modal = await updated(csm, modal);
    expect(viewText(modal)).toContain('12.5%');
    expect(viewText(modal)).toContain('Goal: 20 meetings a month');
    expect(JSON.stringify(modal.blocks)).toContain('ops_onboarding_request_approval:select_bundle');

    // An approval step completed by a non-approver waits for an approver.
    await h.standIn.clickButton({
      userId: csm,
      viewId: modal.id,
      actionId: `${OPS_ACTION.onboardingRequestApproval}:select_bundle`,
    });
    modal = await updated(csm, modal);
    expect(viewText(modal)).toContain('Waiting for an approver');
    expect(JSON.stringify(modal.blocks)).not.toContain('ops_onboarding_approve:');
    const request = await h.standIn.waitForMessage(h.channels.ops.id, (m) =>
      JSON.stringify(m.blocks ?? []).includes('"stepId\\":\\"select_bundle'),
    );
    await h.standIn.closeView({ viewId: modal.id, userId: csm });
    // Still awaiting: no plan yet.
    expect(
      (await h.sanad.opsStore.getOnboarding('acme'))?.checklist.awaitingApprovalStepIds,
    ).toEqual(['select_bundle']);

    await h.standIn.clickButton({
      userId: approver,
      channelId: h.channels.ops.id,
      messageTs: request.ts,
      actionId: OPS_ACTION.onboardingApprove,
    });
    const closed = await h.standIn.waitForMessage(
      h.channels.ops.id,
      (m) => m.ts === request.ts && !JSON.stringify(m.blocks ?? []).includes('"type":"actions"'),
    );
    expect(messageText(closed)).toContain(`<@${approver}>`);
    const approved = await h.sanad.opsStore.getOnboarding('acme');
    expect(approved?.checklist.awaitingApprovalStepIds).toEqual([]);
    expect(approved?.checklist.steps.find((s) => s.id === 'select_bundle')?.approvedBy).toBe(
      approver,
    );

    // The approver completes the rest ("Complete & approve" on approval steps).
    modal = await openFromHome(approver, 'onboarding', 'acme');
    const completeSteps = async (steps: string[]) => {
      for (const step of steps) {
        await h.standIn.clickButton({
          userId: approver,
          viewId: modal.id,
          actionId: `${OPS_ACTION.onboardingComplete}:${step}`,
        });
        modal = await updated(approver, modal);
      }
    };
    await completeSteps(['company_intake', 'connect_channels', 'upload_or_source', 'risk_review']);
    // The first service run waits for the readiness gate: WhatsApp is not connected yet.
    expect(viewText(modal)).toContain(
      'Not ready for the first service: WhatsApp Cloud still to connect',
    );
    expect(JSON.stringify(modal.blocks)).not.toMatch(/"action_id":"[^"]+:first_service_run"/);
    await h.standIn.closeView({ viewId: modal.id, userId: approver });
    await moveConnector(approver, 'acme', 'whatsapp_cloud', 'connected_draft_only');
    modal = await openFromHome(approver, 'onboarding', 'acme');
    expect(viewText(modal)).not.toContain('Not ready for the first service');
    await completeSteps(['first_service_run', 'first_proof_pack']);
    expect(viewText(modal)).toContain('100%');
    expect(viewText(modal)).toContain('success plan has started');
    const plan = await h.sanad.opsStore.getPlan('acme');
    expect(plan?.bundleId).toBe('growth_starter');
    expect(plan?.milestones.map((m) => m.day)).toEqual([1, 3, 7, 14, 30]);
    expect(plan?.milestones[1]?.dueAtMs).toBe((plan?.startMs ?? 0) + 2 * DAY_MS);
    expect(await ledgerHas('success_plan.started', (d) => d.customerId === 'acme')).toBe(true);
    await h.standIn.submitView({ viewId: modal.id, userId: approver });

    // Day 1 at once, day 3 two (shortened) days later: drafts for approval in #customer-success.
    const day1 = await h.standIn.waitForMessage(h.channels.customerSuccess.id, (m) =>
      JSON.stringify(m.metadata ?? {}).includes(`plan-acme-${plan?.startMs}-d1`),
    );
    const day3 = await h.standIn.waitForMessage(h.channels.customerSuccess.id, (m) =>
      JSON.stringify(m.metadata ?? {}).includes(`plan-acme-${plan?.startMs}-d3`),
    );
    expect(Number(day3.ts) * 1000).toBeGreaterThanOrEqual((plan?.startMs ?? 0) + 2 * DAY_MS - 50);
    expect(messageText(day1)).toContain('مسودة');
    expect(buttonValue(day1)).toMatchObject({ kind: 'success_plan', customerId: 'acme', day: 1 });

    // A non-approver cannot approve it; an approver can (nothing is sent to the customer).
    await h.standIn.clickButton({
      userId: csm,
      channelId: h.channels.customerSuccess.id,
      messageTs: day1.ts,
      actionId: OPS_ACTION.csDraftApprove,
    });
    await h.standIn.waitForEphemeral(csm, (e) => messageText(e).includes('Only approvers'));
    const acmeBefore = h.standIn.allMessages(h.channels.acme.id).length;
    await h.standIn.clickButton({
      userId: approver,
      channelId: h.channels.customerSuccess.id,
      messageTs: day1.ts,
      actionId: OPS_ACTION.csDraftApprove,
    });
    await h.standIn.waitForMessage(
      h.channels.customerSuccess.id,
      (m) => m.ts === day1.ts && !JSON.stringify(m.blocks ?? []).includes('"type":"actions"'),
    );
    const draft = await h.sanad.opsStore.getDraft(`plan-acme-${plan?.startMs}-d1`);
    expect(draft).toMatchObject({ status: 'approved', approvedBy: approver });
    expect(await ledgerHas('cs_draft.approved', (d) => d.draftId === draft?.id)).toBe(true);
    expect(h.standIn.allMessages(h.channels.acme.id)).toHaveLength(acmeBefore);
  });
});

describe('onboarding in order', () => {
  /** The step buttons a modal offers, as `action:step`. */
  function stepButtons(view: SlackView): string[] {
    return [
      ...JSON.stringify(view.blocks).matchAll(/"action_id":"(ops_onboarding_[a-z_]+:[a-z_]+)"/g),
    ]
      .map((m) => m[1]!)
      .filter((id) => !id.startsWith('ops_onboarding_notes'));
  }

  /**
   * A modal drawn before steps went in order (e.g. kept in the offline demo's saved workspace)
   * offered a button on every open step: the app's own views.update, as the earlier release
   * sent it, gives `stepId` its button back.
   */
  async function staleButtonOn(
    userId: string,
    view: SlackView,
    stepId: string,
    actionId: string,
  ): Promise<SlackView> {
    const blocks = structuredClone(view.blocks) as Array<Record<string, unknown>>;
    const section = blocks.find((b) => b.block_id === `ops_onboarding_step:${stepId}`)!;
    section.accessory = {
      type: 'button',
      action_id: `${actionId}:${stepId}`,
      value: JSON.stringify({ customerId: 'nakheel', stepId }),
      text: { type: 'plain_text', text: 'Complete' },
    };
    const slack = new WebClient(BOT_TOKEN, { slackApiUrl: h.standIn.apiUrl });
    await slack.views.update({
      view_id: view.id,
      view: {
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        title: view.title,
        close: view.close,
        submit: view.submit,
        blocks,
      } as never,
    });
    return updated(userId, view);
  }

  it('offers only the current step; a later step from a stale modal is refused, naming the step to do first', async () => {
    const approver = h.users.approver.id;
    let modal = await openFromHome(approver, 'onboarding', 'nakheel');
    expect(stepButtons(modal)).toEqual([`${OPS_ACTION.onboardingComplete}:select_goal`]);
    expect(viewText(modal)).toContain('Steps are done in order');

    // The reported case: "Complete" on the Proof Pack while steps 1–7 are open.
    modal = await staleButtonOn(approver, modal, 'first_proof_pack', OPS_ACTION.onboardingComplete);
    await h.standIn.clickButton({
      userId: approver,
      viewId: modal.id,
      actionId: `${OPS_ACTION.onboardingComplete}:first_proof_pack`,
    });
    modal = await updated(approver, modal);
    expect(viewText(modal)).toContain(
      `⛔ Onboarding steps are done in order: "First Proof Pack" can't be completed before the current step, 1. "Select goal"; complete that first.`,
    );
    expect(viewText(modal)).toContain('0 of 8 steps');
    expect(viewText(modal)).not.toContain('12.5%');
    expect(stepButtons(modal)).toEqual([`${OPS_ACTION.onboardingComplete}:select_goal`]);
    const stored = await h.sanad.opsStore.getOnboarding('nakheel');
    expect(
      stored?.checklist.steps.find((s) => s.id === 'first_proof_pack')?.completed ?? false,
    ).toBe(false);
    expect(
      await ledgerHas(
        'onboarding.step_completed',
        (d) => d.customerId === 'nakheel' && d.stepId === 'first_proof_pack',
      ),
    ).toBe(false);

    // In order it goes through, and the button moves on to the next step.
    await h.standIn.clickButton({
      userId: approver,
      viewId: modal.id,
      actionId: `${OPS_ACTION.onboardingComplete}:select_goal`,
    });
    modal = await updated(approver, modal);
    expect(viewText(modal)).toContain('✅ "Select goal" is done.');
    expect(viewText(modal)).toContain('12.5%');
    expect(stepButtons(modal)).toEqual([`${OPS_ACTION.onboardingComplete}:select_bundle`]);
    await h.standIn.clickButton({
      userId: approver,
      viewId: modal.id,
      actionId: `${OPS_ACTION.onboardingComplete}:select_bundle`,
    });
    modal = await updated(approver, modal);
    expect(viewText(modal)).toContain('25%');
    expect(stepButtons(modal)).toEqual([`${OPS_ACTION.onboardingComplete}:company_intake`]);
    await h.standIn.closeView({ viewId: modal.id, userId: approver });
  });

  it('tells an Arabic reader in Arabic which step comes first', async () => {
    const oncall = h.users.oncall.id; // ar-SA, not an approver
    let modal = await openFromHome(oncall, 'onboarding', 'nakheel');
    const current = (await h.sanad.opsStore.getOnboarding('nakheel'))?.checklist.currentStepId;
    expect(current).toBe('company_intake');
    expect(stepButtons(modal)).toEqual([`${OPS_ACTION.onboardingComplete}:company_intake`]);
    modal = await staleButtonOn(oncall, modal, 'risk_review', OPS_ACTION.onboardingRequestApproval);
    await h.standIn.clickButton({
      userId: oncall,
      viewId: modal.id,
      actionId: `${OPS_ACTION.onboardingRequestApproval}:risk_review`,
    });
    modal = await updated(oncall, modal);
    expect(viewText(modal)).toContain(
      '⛔ خطوات الإعداد تُنجز بالترتيب: لا يمكن إنجاز «مراجعة المخاطر (PDPL + سمعة القناة)» قبل الخطوة الحالية 3. «بيانات الشركة»؛ أنجزها أولاً.',
    );
    // No approval request went out for the refused step.
    expect(
      h.standIn
        .allMessages(h.channels.ops.id)
        .some((m) => JSON.stringify(m.blocks ?? []).includes('"stepId\\":\\"risk_review')),
    ).toBe(false);
    await h.standIn.closeView({ viewId: modal.id, userId: oncall });
  });
});

describe('the readiness gate', () => {
  it('holds the first service run while WhatsApp is not connected, in the modal and on the approval request', async () => {
    const approver = h.users.approver.id;
    const csm = h.users.csm.id;
    for (const step of [
      'select_goal',
      'select_bundle',
      'company_intake',
      'connect_channels',
      'upload_or_source',
      'risk_review',
    ]) {
      await h.sanad.customerOps.completeStep('wadi', step, approver);
    }
    const firstServiceRun = async () =>
      (await h.sanad.opsStore.getOnboarding('wadi'))?.checklist.steps.find(
        (s) => s.id === 'first_service_run',
      );

    // Not ready: the modal says why beside the step and offers no button for it.
    let modal = await openFromHome(approver, 'onboarding', 'wadi');
    expect(viewText(modal)).toContain(
      'Not ready for the first service: WhatsApp Cloud still to connect',
    );
    expect(JSON.stringify(modal.blocks)).not.toMatch(/"action_id":"[^"]+:first_service_run"/);
    await h.standIn.closeView({ viewId: modal.id, userId: approver });

    // Ready once WhatsApp is connected; then, while the approver's modal is open, it fails.
    await moveConnector(approver, 'wadi', 'whatsapp_cloud', 'connected_draft_only');
    modal = await openFromHome(approver, 'onboarding', 'wadi');
    expect(viewText(modal)).not.toContain('Not ready for the first service');
    await moveConnector(csm, 'wadi', 'whatsapp_cloud', 'failed');
    await h.standIn.clickButton({
      userId: approver,
      viewId: modal.id,
      actionId: `${OPS_ACTION.onboardingComplete}:first_service_run`,
    });
    modal = await updated(approver, modal);
    expect(viewText(modal)).toContain(
      `⛔ "First service run" can't be completed yet. Not ready for the first service: WhatsApp Cloud still to connect`,
    );
    expect((await firstServiceRun())?.completed).toBe(false);
    expect(await h.sanad.opsStore.getPlan('wadi')).toBeNull();
    await h.standIn.closeView({ viewId: modal.id, userId: approver });

    // The CSM asks for approval while ready; WhatsApp fails before an approver decides.
    await moveConnector(csm, 'wadi', 'whatsapp_cloud', 'connected_draft_only');
    modal = await openFromHome(csm, 'onboarding', 'wadi');
    await h.standIn.clickButton({
      userId: csm,
      viewId: modal.id,
      actionId: `${OPS_ACTION.onboardingRequestApproval}:first_service_run`,
    });
    modal = await updated(csm, modal);
    expect(viewText(modal)).toContain('waits for an approver');
    await h.standIn.closeView({ viewId: modal.id, userId: csm });
    const request = await h.standIn.waitForMessage(h.channels.ops.id, (m) => {
      const blocks = JSON.stringify(m.blocks ?? []);
      return blocks.includes('"stepId\\":\\"first_service_run') && blocks.includes('wadi');
    });
    await moveConnector(csm, 'wadi', 'whatsapp_cloud', 'failed');
    await h.standIn.clickButton({
      userId: approver,
      channelId: h.channels.ops.id,
      messageTs: request.ts,
      actionId: OPS_ACTION.onboardingApprove,
    });
    const refusal = await h.standIn.waitForEphemeral(approver, (e) =>
      messageText(e).includes(`"First service run" can't be approved yet`),
    );
    expect(messageText(refusal)).toContain('WhatsApp Cloud still to connect');
    expect(refusal.channelId).toBe(h.channels.ops.id);
    expect((await firstServiceRun())?.approvedBy).toBeUndefined();

    // Connected again: the approval goes through.
    await moveConnector(csm, 'wadi', 'whatsapp_cloud', 'connected_draft_only');
    await h.standIn.clickButton({
      userId: approver,
      channelId: h.channels.ops.id,
      messageTs: request.ts,
      actionId: OPS_ACTION.onboardingApprove,
    });
    await h.standIn.waitForMessage(
      h.channels.ops.id,
      (m) => m.ts === request.ts && !JSON.stringify(m.blocks ?? []).includes('"type":"actions"'),
    );
    expect((await firstServiceRun())?.approvedBy).toBe(approver);
  });
});

describe('customer success', () => {
  /** The next DM the app sends `userId` containing `marker`, after the ones already there. */
  function dmsTo(userId: string): Set<string> {
    return new Set(h.standIn.allMessages(h.standIn.imChannel(userId)).map((m) => m.ts));
  }
  async function nextDm(userId: string, seen: Set<string>, marker: string): Promise<string> {
    const dm = await h.standIn.waitForMessage(
      h.standIn.imChannel(userId),
      (m) => !seen.has(m.ts) && messageText(m).includes(marker),
    );
    return messageText(dm);
  }
  async function pressRun(userId: string, actionId: string) {
    const home = await openHome(h, userId);
    await h.standIn.clickButton({ userId, viewId: home.id, actionId });
  }

  it('tells whoever pressed a run button what happened, also when no customer has metrics yet', async () => {
    const approver = h.users.approver.id;
    let seen = dmsTo(approver);
    await pressRun(approver, OPS_ACTION.homeRunWeeklyCheckIns);
    expect(await nextDm(approver, seen, 'Preparing weekly check-in drafts')).toContain(
      "I'll tell you here what was drafted",
    );
    const weekly = await nextDm(approver, seen, 'Weekly check-ins');
    expect(weekly).toContain('📝 *Weekly check-ins*: no new drafts.');
    expect(weekly).toContain('4 customers have no metrics yet, so no draft was made: ');
    for (const name of [
      'شركة أكمي للتجارة',
      'Nakheel Logistics',
      'Wadi Clinics',
      'Qimam Trading',
    ]) {
      expect(weekly).toContain(name);
    }
    expect(weekly).toContain("open 📊 Metrics for them from the customer's menu on the App Home");
    expect(csDrafts('weekly')).toHaveLength(0);

    seen = dmsTo(approver);
    await pressRun(approver, OPS_ACTION.homeRunAtRiskScan);
    const scan = await nextDm(approver, seen, 'At-risk scan');
    expect(scan).toContain('⚠️ *At-risk scan*: no new alerts.');
    expect(scan).toContain('4 customers have no metrics yet, so they were not scored: ');

    // An Arabic reader (the founder) is told in Arabic.
    const founder = h.users.founder.id;
    seen = dmsTo(founder);
    await pressRun(founder, OPS_ACTION.homeRunAtRiskScan);
    const ar = await nextDm(founder, seen, 'فحص العملاء المعرّضين للخطر*');
    expect(ar).toContain('لا تنبيهات جديدة.');
    expect(ar).toContain('عملاء بلا مؤشرات بعد فلم يُفحصوا: 4');
    expect(ar).toContain('«📊 المؤشرات»');
    expect(csDrafts('atrisk')).toHaveLength(0);
  });

  async function enterMetrics(customerId: string, values: Record<string, string>) {
    const userId = h.users.approver.id;
    const modal = await openFromHome(userId, 'metrics', customerId);
    const v: Record<string, Record<string, string>> = {};
    const ids: Record<string, [string, string]> = {
      draftsApproved: ['ops_metric_drafts_approved_block', 'ops_metric_drafts_approved'],
      replies: ['ops_metric_replies_block', 'ops_metric_replies'],
      meetings: ['ops_metric_meetings_block', 'ops_metric_meetings'],
      risksBlocked: ['ops_metric_risks_blocked_block', 'ops_metric_risks_blocked'],
      pipelineSar: ['ops_metric_pipeline_sar_block', 'ops_metric_pipeline_sar'],
      lastActivityDate: ['ops_metric_last_activity_block', 'ops_metric_last_activity'],
      draftsPending: ['ops_metric_drafts_pending_block', 'ops_metric_drafts_pending'],
      lastProofPackDate: ['ops_metric_last_proof_pack_block', 'ops_metric_last_proof_pack'],
    };
    for (const [k, value] of Object.entries(values)) {
      const [block, action] = ids[k]!;
      v[block] = { [action]: value };
    }
    return { modal, result: await h.standIn.submitView({ viewId: modal.id, userId, values: v }) };
  }

  it('takes metrics from a modal (a future date is a field error) and raises medium and high at-risk alerts, never low, once a day', async () => {
    const future = await enterMetrics('acme', { lastActivityDate: riyadhDate(-3) });
    expect(future.result.outcome).toBe('errors');
    expect(h.standIn.viewErrors(future.modal.id)?.ops_metric_last_activity_block).toContain(
      'future',
    );
    // low: active today, 1 draft pending, fresh Proof Pack → score 0
    const low = await h.standIn.submitView({
      viewId: future.modal.id,
      userId: h.users.approver.id,
      values: {
        ops_metric_last_activity_block: { ops_metric_last_activity: riyadhDate(0) },
        ops_metric_drafts_approved_block: { ops_metric_drafts_approved: '12' },
        ops_metric_meetings_block: { ops_metric_meetings: '3' },
        ops_metric_pipeline_sar_block: { ops_metric_pipeline_sar: '150000' },
        ops_metric_drafts_pending_block: { ops_metric_drafts_pending: '1' },
        ops_metric_last_proof_pack_block: { ops_metric_last_proof_pack: riyadhDate(2) },
      },
    });
    expect(low.outcome).toBe('closed');
    // medium: inactive 8 days (+20), 5 drafts pending (+10) → 30
    const medium = await enterMetrics('nakheel', {
      lastActivityDate: riyadhDate(8),
      draftsPending: '5',
      lastProofPackDate: riyadhDate(3),
      pipelineSar: '80000',
    });
    expect(medium.result.outcome).toBe('closed');
    // high: inactive 15 days (+40), last Proof Pack 20 days ago (+30) → 70
    const high = await enterMetrics('wadi', {
      lastActivityDate: riyadhDate(15),
      draftsPending: '0',
      lastProofPackDate: riyadhDate(20),
    });
    expect(high.result.outcome).toBe('closed');
    expect((await h.sanad.opsStore.getMetrics('acme'))?.pipelineSar).toBe(150000);

    const seenBefore = dmsTo(h.users.approver.id);
    await pressRun(h.users.approver.id, OPS_ACTION.homeRunAtRiskScan);
    const report = await nextDm(h.users.approver.id, seenBefore, 'At-risk scan');
    expect(report).toContain(
      `⚠️ *At-risk scan*: 2 new alerts for approval in <#${h.channels.customerSuccess.id}>.`,
    );
    expect(report).toContain('1 customer is at low risk');
    expect(report).toContain(
      '1 customer has no metrics yet, so they were not scored: Qimam Trading',
    );
    const date = riyadhDate(0);
    const wadi = await h.standIn.waitForMessage(h.channels.customerSuccess.id, (m) =>
      JSON.stringify(m.metadata ?? {}).includes(`atrisk-wadi-${date}`),
    );
    const nakheel = await h.standIn.waitForMessage(h.channels.customerSuccess.id, (m) =>
      JSON.stringify(m.metadata ?? {}).includes(`atrisk-nakheel-${date}`),
    );
    expect(messageText(wadi)).toContain('70/100');
    expect(messageText(wadi)).toContain('QBR');
    expect(messageText(nakheel)).toContain('30/100');
    expect(messageText(nakheel)).toContain('Proof Pack');
    expect(await h.sanad.opsStore.getDraft(`atrisk-wadi-${date}`)).toMatchObject({
      alert: { severity: 'high', riskScore: 70 },
      status: 'pending',
    });
    expect(await h.sanad.opsStore.getDraft(`atrisk-nakheel-${date}`)).toMatchObject({
      alert: { severity: 'medium', riskScore: 30 },
    });
    // Low: nothing stored, nothing posted (the scan visits acme before wadi).
    expect(await h.sanad.opsStore.getDraft(`atrisk-acme-${date}`)).toBeNull();
    expect(csDrafts('atrisk', 'acme')).toHaveLength(0);

    // Once per customer per day: a second scan today adds nothing.
    expect(await h.sanad.customerOps.runAtRiskScan()).toMatchObject({
      created: 0,
      alreadyDrafted: 2,
      skippedLow: 1,
    });
    expect(csDrafts('atrisk')).toHaveLength(2);

    // The Home lists the at-risk customers.
    const after = await openHome(h, h.users.approver.id);
    expect(viewText(after)).toMatch(/At-risk customers\* \(2\)/);

    // An Arabic reader (the founder approves them too) sees the severity in Arabic.
    let founderHome = await openHome(h, h.users.founder.id);
    if (!homeRow(founderHome, 'تنبيه خطر')) {
      founderHome = await pressOnHome(
        h,
        h.users.founder.id,
        founderHome,
        `${OPS_ACTION.homeShowMore}:approvals`,
      );
    }
    const rows = viewText(founderHome);
    expect(rows).toContain('تنبيه خطر (🔴 مرتفع)');
    expect(rows).toContain('تنبيه خطر (🟠 متوسط)');
    expect(rows).not.toMatch(/\((high|medium)\)/);
  });

  it('drafts weekly check-ins on Sunday 10:00 Riyadh (and on demand); a draft with prohibited claims cannot be approved until edited', async () => {
    const schedulers = await h.sanad.csQueue.getJobSchedulers();
    const weekly = schedulers.find((s) => s.key === 'cs-weekly-check-ins');
    expect(weekly).toMatchObject({ pattern: '0 10 * * 0', tz: 'Asia/Riyadh' });
    const next = DateTime.fromMillis(Number(weekly?.next)).setZone('Asia/Riyadh');
    expect([next.weekday, next.hour, next.minute]).toEqual([7, 10, 0]);
    expect(schedulers.find((s) => s.key === 'cs-at-risk-scan')).toMatchObject({
      pattern: '0 9 * * *',
      tz: 'Asia/Riyadh',
    });

    // A non-approver's Home offers no run buttons.
    const csmHome = await openHome(h, h.users.csm.id);
    expect(JSON.stringify(csmHome.blocks)).not.toContain(OPS_ACTION.homeRunWeeklyCheckIns);

    const seenBefore = dmsTo(h.users.approver.id);
    await pressRun(h.users.approver.id, OPS_ACTION.homeRunWeeklyCheckIns);
    const report = await nextDm(h.users.approver.id, seenBefore, 'Weekly check-ins');
    expect(report).toContain(
      `📝 *Weekly check-ins*: 3 new drafts for approval in <#${h.channels.customerSuccess.id}>.`,
    );
    expect(report).toContain('1 customer has no metrics yet, so no draft was made: Qimam Trading');
    const date = riyadhDate(0);
    for (const id of ['acme', 'nakheel', 'wadi']) {
      await h.standIn.waitForMessage(h.channels.customerSuccess.id, (m) =>
        JSON.stringify(m.metadata ?? {}).includes(`weekly-${id}-${date}`),
      );
    }
    // Customers without metrics get none.
    expect(csDrafts('weekly', 'qimam-trading')).toHaveLength(0);
    const acme = csDrafts('weekly', 'acme')[0]!;
    expect(messageText(acme)).toContain('150,000');
    expect(messageText(acme)).toContain('Pipeline');
    expect(messageText(acme)).toContain('25');

    // Edit in a prohibited claim: saved, flagged, and approval is refused until fixed.
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.customerSuccess.id,
      messageTs: acme.ts,
      actionId: OPS_ACTION.csDraftEdit,
    });
    const edit = await newModal(h.users.approver.id, 'ops_draft_edit_modal');
    const saved = await h.standIn.submitView({
      viewId: edit.id,
      userId: h.users.approver.id,
      values: { ops_cs_draft_text_block: { ops_cs_draft_text: 'نضمن لكم مضاعفة المبيعات 100%' } },
    });
    expect(saved.outcome).toBe('closed');
    const draftId = `weekly-acme-${date}`;
    await eventually(h.standIn, async () => {
      const d = await h.sanad.opsStore.getDraft(draftId);
      return d && d.violations.length > 0;
    });
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.customerSuccess.id,
      messageTs: acme.ts,
      actionId: OPS_ACTION.csDraftApprove,
    });
    await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).startsWith('⛔ The draft contains prohibited claims'),
    );
    expect((await h.sanad.opsStore.getDraft(draftId))?.status).toBe('pending');
  });

  it('flags a draft naming an internal id like a prohibited claim: approval is refused until it is edited out (rule 2)', async () => {
    const approver = h.users.approver.id;
    const channelId = h.channels.customerSuccess.id;
    const draftId = `weekly-nakheel-${riyadhDate(0)}`;
    const message = csDrafts('weekly', 'nakheel')[0]!;
    const editTo = async (text: string) => {
      await h.standIn.clickButton({
        userId: approver,
        channelId,
        messageTs: message.ts,
        actionId: OPS_ACTION.csDraftEdit,
      });
      const edit = await newModal(approver, 'ops_draft_edit_modal');
      const saved = await h.standIn.submitView({
        viewId: edit.id,
        userId: approver,
        values: { ops_cs_draft_text_block: { ops_cs_draft_text: text } },
      });
      expect(saved.outcome).toBe('closed');
    };
    const approve = () =>
      h.standIn.clickButton({
        userId: approver,
        channelId,
        messageTs: message.ts,
        actionId: OPS_ACTION.csDraftApprove,
      });

    await editTo('Your request SND-0001 is fixed, and this week’s numbers look good.');
    await h.standIn.waitForEphemeral(approver, (e) =>
      messageText(e).includes(
        'Saved, but the draft contains prohibited claims or internal ids («SND-0001»)',
      ),
    );
    await h.standIn.waitForMessage(
      channelId,
      (m) =>
        m.ts === message.ts &&
        /(Internal id \(never shown to customers\)|معرّف داخلي \(لا يظهر للعملاء\)): «SND-0001»/.test(
          messageText(m),
        ),
    );
    await approve();
    const refusal = await h.standIn.waitForEphemeral(approver, (e) =>
      messageText(e).includes('internal ids ("SND-0001"); it cannot be approved until edited'),
    );
    expect(refusal.channelId).toBe(channelId);
    expect((await h.sanad.opsStore.getDraft(draftId))?.status).toBe('pending');
    expect(await ledgerHas('cs_draft.approved', (d) => d.draftId === draftId)).toBe(false);

    // The id edited out, the same draft is approved.
    await editTo('Your request is fixed, and this week’s numbers look good.');
    await h.standIn.waitForMessage(
      channelId,
      (m) =>
        m.ts === message.ts &&
        messageText(m).includes('Your request is fixed') &&
        !messageText(m).includes('SND-0001'),
    );
    expect((await h.sanad.opsStore.getDraft(draftId))?.violations).toEqual([]);
    await approve();
    await h.standIn.waitForMessage(
      channelId,
      (m) => m.ts === message.ts && /Approved by|اعتمدها/.test(messageText(m)),
    );
    expect((await h.sanad.opsStore.getDraft(draftId))?.status).toBe('approved');
    expect(await ledgerHas('cs_draft.approved', (d) => d.draftId === draftId)).toBe(true);
  });
});
