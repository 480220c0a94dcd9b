/**
 * Live-action freezes end to end (real Bolt over HTTP, real Redis, the Slack stand-in): a
 * customer frozen by two SEV1 incidents stays frozen until both are lifted; the freeze also
 * stops customer-ops live actions (switching a connector to live mode, approving a message to
 * the customer); and a freeze's reason, which quotes the incident's title, is escaped where it
 * is shown.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TicketRefusal } from '../../src/domain/index.ts';
import { FieldErrors } from '../../src/services/customerOpsService.ts';
import { OPS_ACTION } from '../../src/views/customerOpsIds.ts';
import { ACTION } from '../../src/views/ids.ts';
import { type Harness, messageText, startHarness } from '../support/sanadHarness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ policy: { language: 'en' } });
});
afterAll(async () => {
  await h?.stop();
});

async function declareSev1(title: string, customerId: string, key: string) {
  const { incident } = await h.sanad.incidents.declare({
    title,
    affectedCustomerIds: [customerId],
    hasUnauthorizedSend: true,
    userId: h.users.oncall.id,
    dedupeKey: key,
  });
  expect(incident.severity).toBe('SEV1');
  return incident;
}

/** A ticket for the customer, with its card in triage. */
async function ticketFor(customerId: string, text: string) {
  const customer = await h.sanad.store.getCustomer(customerId);
  const { ticket } = await h.sanad.tickets.create({
    text,
    userId: h.users.approver.id,
    customer,
    source: { kind: 'slash_command', userId: h.users.approver.id, channelId: h.channels.ops.id },
  });
  const card = await h.standIn.waitForMessage(h.channels.triage.id, (m) =>
    messageText(m).includes(ticket.id),
  );
  return { ticket, card };
}

async function refusalOf(action: Promise<unknown>): Promise<TicketRefusal> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TicketRefusal);
  return error as TicketRefusal;
}

it('keeps a customer frozen while another SEV1 incident still freezes it', async () => {
  const first = await declareSev1('Data export sent to the wrong list', 'acme', 'freeze-a');
  const second = await declareSev1('Campaign sent without approval', 'acme', 'freeze-b');
  const { ticket } = await ticketFor('acme', 'When does the weekly report arrive?');

  // The founder lifts the second incident's freeze: the first still holds.
  await h.sanad.incidents.liftFreeze(second.id, h.users.founder.id);
  expect((await h.sanad.incidents.get(second.id))?.liveActionsFrozen).toBe(false);
  expect((await h.sanad.incidents.get(first.id))?.liveActionsFrozen).toBe(true);
  expect((await h.sanad.store.freezeFor('acme'))?.source).toBe(`incident:${first.id}`);
  const refused = await refusalOf(
    h.sanad.tickets.approve(ticket.id, ticket.draft.seq, h.users.founder.id),
  );
  expect(refused.messageEn).toContain(first.id);
  expect((await h.sanad.store.getTicket(ticket.id))?.draft.status).toBe('pending');

  // Lifting the first as well unfreezes the customer; the reply can go.
  await h.sanad.incidents.liftFreeze(first.id, h.users.founder.id);
  expect(await h.sanad.store.freezeFor('acme')).toBeNull();
  const approved = await h.sanad.tickets.approve(ticket.id, ticket.draft.seq, h.users.founder.id);
  expect(approved.draft.status).not.toBe('pending');
});

it('refuses customer-ops live actions for a frozen customer until a founder lifts the freeze', async () => {
  const ops = h.sanad.customerOps;
  const founder = h.users.founder.id;
  const approver = h.users.approver.id;
  // Before the incident: an approver asks for Gmail in live mode, and an at-risk draft waits.
  const asked = await ops.applyConnectorChanges(
    'wadi',
    [
      {
        connectorKey: 'gmail',
        ref: 'gmail-move',
        notesRef: 'gmail-notes',
        to: 'connected_approved_execute',
      },
    ],
    approver,
  );
  const requestId = asked.requested[0]!.id;
  const requestPost = await h.standIn.waitForMessage(h.channels.ops.id, (m) =>
    JSON.stringify(m.blocks ?? []).includes(requestId),
  );
  await ops.saveMetrics(
    'wadi',
    { lastActivityDate: '2020-01-01', lastProofPackDate: '2020-01-01' },
    approver,
  );
  await ops.runAtRiskScan();
  const draft = (await h.sanad.opsStore.pendingDrafts()).find((d) => d.customerId === 'wadi');
  expect(draft?.kind).toBe('at_risk_alert');
  const draftPost = await h.standIn.waitForMessage(h.channels.customerSuccess.id, (m) =>
    JSON.stringify(m.metadata ?? {}).includes(draft!.id),
  );

  const incident = await declareSev1('WhatsApp broadcast went out unapproved', 'wadi', 'freeze-w');

  // The founder's own switch to live mode: a field error that says why.
  const direct = await ops
    .applyConnectorChanges(
      'wadi',
      [
        {
          connectorKey: 'whatsapp_cloud',
          ref: 'wa-move',
          notesRef: 'wa-notes',
          to: 'connected_approved_execute',
        },
      ],
      founder,
    )
    .catch((e: unknown) => e);
  expect(direct).toBeInstanceOf(FieldErrors);
  expect((direct as FieldErrors).fields['wa-move']?.en).toContain(incident.id);

  // Approving the waiting request from its post: refused in place, the request stays open.
  await h.standIn.clickButton({
    userId: founder,
    channelId: h.channels.ops.id,
    messageTs: requestPost.ts,
    actionId: OPS_ACTION.connectorApprove,
  });
  const connectorRefusal = await h.standIn.waitForEphemeral(founder, (e) =>
    /Live actions are frozen|الإجراءات الحية مجمّدة/.test(messageText(e)),
  );
  expect(messageText(connectorRefusal)).toContain(incident.id);
  expect((await h.sanad.opsStore.getRequest(requestId))?.status).toBe('pending');
  expect((await h.sanad.opsStore.getConnectors('wadi'))?.statuses.gmail.state).toBe('not_started');

  // Approving the message to the customer: refused as well.
  await h.standIn.clickButton({
    userId: approver,
    channelId: h.channels.customerSuccess.id,
    messageTs: draftPost.ts,
    actionId: OPS_ACTION.csDraftApprove,
  });
  await h.standIn.waitForEphemeral(approver, (e) =>
    /Messages to them cannot be approved|لا تُعتمد رسائلهم/.test(messageText(e)),
  );
  expect((await h.sanad.opsStore.getDraft(draft!.id))?.status).toBe('pending');

  // Lifted: both go through.
  await h.sanad.incidents.liftFreeze(incident.id, founder);
  await ops.decideLiveRequest(requestId, founder, true);
  expect((await h.sanad.opsStore.getConnectors('wadi'))?.statuses.gmail.state).toBe(
    'connected_approved_execute',
  );
  expect((await ops.approveDraft(draft!.id, approver)).draft.status).toBe('approved');
});

it('escapes the incident title quoted in a freeze refusal', async () => {
  const incident = await declareSev1(
    'Export sent to <!channel> & <https://evil.example|billing>',
    'nakheel',
    'freeze-escape',
  );
  const { card } = await ticketFor('nakheel', 'Can you resend last month’s invoice?');
  await h.standIn.clickButton({
    userId: h.users.founder.id,
    channelId: h.channels.triage.id,
    messageTs: card.ts,
    actionId: ACTION.approve,
  });
  const refusal = await h.standIn.waitForEphemeral(h.users.founder.id, (e) =>
    e.text.includes(incident.id),
  );
  expect(refusal.text).toMatch(/Live actions are frozen|الإجراءات الحية مجمّدة/);
  expect(refusal.text).not.toContain('<!channel>');
  expect(refusal.text).not.toContain('<https://evil.example');
  expect(refusal.text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|billing&gt;');
});
