/**
 * The ticket flow end to end: real Bolt over real HTTP with real signatures, real Redis,
 * real BullMQ worker, against the local Slack stand-in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.ts';
import {
  eventually,
  type Harness,
  homeRow,
  messageText,
  openHome,
  startHarness,
} from '../support/sanadHarness.ts';

let h: Harness;
const seenViews = new Set<string>();

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

function triageCards() {
  return h.standIn.messages(h.channels.triage.id);
}

async function cardFor(
  ticketId: string,
  predicate: (text: string) => boolean = () => true,
  timeoutMs = 5_000,
) {
  return h.standIn.waitForMessage(
    h.channels.triage.id,
    (m) => {
      const text = messageText(m);
      return new RegExp(`${ticketId}(?!\\d)`).test(text) && predicate(text);
    },
    { timeoutMs },
  );
}

async function latestTicket() {
  const seq = Number(await h.sanad.redis.get('sanad:seq:ticket'));
  return h.sanad.store.getTicket(`SND-${String(seq).padStart(4, '0')}`);
}

/** A customer writes in their Slack Connect channel; an operator turns it into a ticket. */
async function ticketFromCustomerMessage(text: string, customerUser = h.users.customerAcme.id) {
  const channel =
    customerUser === h.users.customerAcme.id ? h.channels.acme.id : h.channels.nakheel.id;
  const message = h.standIn.postAsUser(channel, customerUser, text);
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
  const submitted = await h.standIn.submitView({
    viewId: modal.id,
    userId: h.users.approver.id,
    values: {},
  });
  expect(submitted.outcome, JSON.stringify(h.standIn.viewErrors(modal.id))).toBe('closed');
  const ticketId = await waitForTicketOfSource(channel, message.ts);
  await cardFor(ticketId);
  return { channel, message, ticketId };
}

async function waitForTicketOfSource(channel: string, ts: string): Promise<string> {
  return eventually(
    h.standIn,
    async () => (await h.sanad.store.ticketIdForSource(channel, ts)) ?? undefined,
  );
}

describe('/ticket', () => {
  it('turns an informal Arabic unapproved-send report into a P0 card for the founder, due in 30 minutes, acked within 3 s', async () => {
    const result = await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'النظام ارسل رسائل واتساب لعملائنا بدون موافقه',
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
    });
    expect(result.status).toBe(200);
    expect(result.ms).toBeLessThan(3000);
    const ticket = await eventually(h.standIn, latestTicket);
    expect(ticket?.priority).toBe('P0');
    const card = await cardFor(ticket!.id);
    const text = messageText(card);
    expect(text).toContain('P0');
    expect(text).toContain(`<@${h.users.founder.id}>`);
    const dueSeconds = Math.floor((ticket!.createdAtMs + 30 * 60_000) / 1000);
    expect(text).toContain(`<!date^${dueSeconds}^`);
    // The reason names the rule that decided it.
    expect(text).toMatch(/بدون موافق|without approval/);
    const ephemeral = await h.standIn.waitForEphemeral(h.users.oncall.id, (e) =>
      messageText(e).includes('P0'),
    );
    expect(messageText(ephemeral)).toContain(ticket!.id);
  });

  it('keeps the text as typed: & < > arrive escaped from Slack', async () => {
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'R&amp;D portal down &gt; 10 min',
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
    });
    const ticket = await eventually(h.standIn, async () => {
      const t = await latestTicket();
      return t?.text.includes('portal down') ? t : undefined;
    });
    expect(ticket.text).toBe('R&D portal down > 10 min');
    // Echoed on the card escaped once, so Slack shows it as typed.
    expect(messageText(await cardFor(ticket.id))).toContain('R&amp;D portal down &gt; 10 min');
  });

  it("lists the reply waiting on the founder's Home with an Open button to its card", async () => {
    const founder = h.users.founder.id;
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'data leak: our export link is public to anyone',
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
    });
    const ticket = await eventually(h.standIn, async () => {
      const t = await latestTicket();
      return t?.text.includes('export link') ? t : undefined;
    });
    const card = await cardFor(ticket.id);
    // The founder takes it; the card update that follows comes after the card was recorded.
    await h.standIn.clickButton({
      userId: founder,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.assignToMe,
    });
    await h.standIn.waitUntil(() =>
      h.standIn.callsTo('chat.update').some((c) => c.args.ts === card.ts),
    );
    const row = homeRow(await openHome(h, founder), `${ticket.id} —`);
    // An Open button to the address chat.getPermalink gives for the card.
    expect(row?.url).toBe(h.standIn.permalink(h.channels.triage.id, card.ts));
  });

  it('rejects forged, tampered and stale requests with 401 and stores nothing', async () => {
    const before = await h.sanad.redis.get('sanad:seq:ticket');
    const cardsBefore = triageCards().length;
    const base = {
      command: '/ticket',
      text: 'tampered request: data leak',
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
    };
    const forged = await h.standIn.sendSlashCommand({
      ...base,
      signatureOverride: `v0=${'0'.repeat(64)}`,
    });
    const tampered = await h.standIn.sendSlashCommand({
      ...base,
      tamperBody: (b) => b.replace('tampered', 'tamperez'),
    });
    const stale = await h.standIn.sendSlashCommand({
      ...base,
      timestampOverride: Math.floor(Date.now() / 1000) - 600,
    });
    expect([forged.status, tampered.status, stale.status]).toEqual([401, 401, 401]);
    expect(await h.sanad.redis.get('sanad:seq:ticket')).toBe(before);
    expect(triageCards()).toHaveLength(cardsBefore);
    expect(h.logs.join('')).not.toContain('test-signing-secret');
  });

  it('answers help and lists open tickets only to the caller', async () => {
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'help',
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
    });
    const help = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).includes('/ticket list'),
    );
    expect(messageText(help)).toContain('Nothing reaches a customer');
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'list',
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
    });
    const list = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).includes('Open tickets'),
    );
    expect(messageText(list)).toMatch(/SND-\d{4}/);
  });

  it("keeps the ticket list and the SLA report from customers, and the list out of customers' channels", async () => {
    const customer = h.users.customerAcme.id;
    const acme = h.channels.acme.id;
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'Nakheel: our invoice export went to the wrong address',
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
    });
    const nakheel = await eventually(h.standIn, async () => {
      const t = await latestTicket();
      return t?.text.startsWith('Nakheel:') ? t : undefined;
    });
    // A customer in their shared channel: refused, with no ticket, id or other customer shown.
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'list',
      userId: customer,
      channelId: acme,
    });
    const refusal = await h.standIn.waitForEphemeral(customer, (e) =>
      messageText(e).includes('/ticket list'),
    );
    expect(messageText(refusal)).toMatch(/only for the Sanad team|لفريق سند فقط/);
    expect(messageText(refusal)).not.toMatch(/SND-\d{4}/);
    expect(messageText(refusal)).not.toContain('Nakheel');
    // …nor can a customer run the report (a critical verdict freezes live actions).
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'report',
      userId: customer,
      channelId: acme,
    });
    await h.standIn.waitForEphemeral(customer, (e) => messageText(e).includes('/ticket report'));
    const jobs = await h.sanad.slaQueue.getJobs(['wait', 'active', 'delayed', 'completed']);
    const byCustomer = jobs.filter(
      (j) => j.data.kind === 'weekly-review' && j.data.requestedBy === customer,
    );
    expect(byCustomer).toEqual([]);
    // An approver in that customer channel is pointed to an internal channel instead.
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'list',
      userId: h.users.approver.id,
      channelId: acme,
    });
    const elsewhere = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).includes('not shown in a customer channel'),
    );
    expect(messageText(elsewhere)).not.toMatch(/SND-\d{4}/);
    // On-call in an internal channel gets the list, this ticket among them.
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'list',
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
    });
    const list = await h.standIn.waitForEphemeral(h.users.oncall.id, (e) =>
      /Open tickets|التذاكر المفتوحة/.test(messageText(e)),
    );
    expect(messageText(list)).toContain(nakheel.id);
  });

  it('opens the intake modal with no text and explains an empty submission', async () => {
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: '',
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
    });
    const modal = await h.standIn.waitForView(h.users.approver.id);
    // Slack's client itself refuses an empty required field, so whitespace is what reaches us.
    const result = await h.standIn.submitView({
      viewId: modal.id,
      userId: h.users.approver.id,
      values: { ticket_text_block: { ticket_text: '   ' } },
    });
    expect(result.outcome).toBe('errors');
    expect(JSON.stringify(h.standIn.viewErrors(modal.id))).toContain('Write the ticket text');
    await h.standIn.closeView({ viewId: modal.id, userId: h.users.approver.id });
  });
});

describe('approval-first replies', () => {
  it('refuses a P0 approval from an approver who is not a founder: clear ephemeral, nothing posted', async () => {
    const { channel, ticketId } = await ticketFromCustomerMessage(
      'تسريب بيانات عملائنا! الملف ظاهر للكل',
    );
    const card = await cardFor(ticketId);
    const before = h.standIn.allMessages(channel).length;
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    const refusal = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).includes('founder'),
    );
    expect(messageText(refusal)).toContain('P0 replies must be approved by a founder');
    expect(h.standIn.allMessages(channel)).toHaveLength(before);
  });

  it('posts the reply once, in the source thread, without the internal id, when two founders click at once', async () => {
    const { channel, message, ticketId } = await ticketFromCustomerMessage(
      'النظام ارسل رسائل واتساب لعملائنا بدون موافقه',
    );
    const card = await cardFor(ticketId);
    const click = () =>
      h.standIn.clickButton({
        userId: h.users.founder.id,
        channelId: h.channels.triage.id,
        messageTs: card.ts,
        actionId: ACTION.approve,
      });
    const [a, b] = await Promise.all([click(), click()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const reply = await h.standIn.waitForMessage(
      channel,
      (m) => m.thread_ts === message.ts && m.user === h.standIn.bot.userId,
    );
    expect(messageText(reply)).not.toContain(ticketId);
    expect(messageText(reply)).not.toMatch(/SND-\d+/);
    // The card records who approved, when it was sent, and the SLA verdict.
    await cardFor(ticketId, (t) => t.includes('within SLA') || t.includes('ضمن الاتفاقية'));
    const replies = h.standIn
      .thread(channel, message.ts)
      .filter((m) => m.user === h.standIn.bot.userId);
    expect(replies, JSON.stringify(replies, null, 1)).toHaveLength(1);
    // The other click is told who approved it: a mention, not escaped text.
    await h.standIn.waitForEphemeral(
      h.users.founder.id,
      (e) => e.text.startsWith('⛔') && e.text.includes(`<@${h.users.founder.id}>`),
    );
    const ledger = await h.sanad.store.readLedger({ ticketId });
    expect(ledger.filter((e) => e.action === 'sla.first_response')).toHaveLength(1);
    expect(ledger.filter((e) => e.action === 'draft.approved')).toHaveLength(1);
    const ticket = await h.sanad.store.getTicket(ticketId);
    expect(ticket?.slaEvents.filter((e) => e.event === 'first_response')).toHaveLength(1);
  });

  it('gives the same ticket for the same message twice', async () => {
    const { channel, message, ticketId } = await ticketFromCustomerMessage(
      'How do I export my Proof Pack?',
    );
    await h.standIn.sendMessageShortcut({
      callbackId: 'sanad_create_ticket',
      channelId: channel,
      messageTs: message.ts,
      userId: h.users.oncall.id,
    });
    const notice = await h.standIn.waitForEphemeral(h.users.oncall.id, (e) =>
      /already a ticket|لها تذكرة بالفعل/.test(messageText(e)),
    );
    expect(messageText(notice)).toContain('<https://');
    expect(await h.sanad.store.ticketIdForSource(channel, message.ts)).toBe(ticketId);
    const cards = triageCards().filter((m) => messageText(m).includes(ticketId));
    expect(cards).toHaveLength(1);
  });

  it('escapes <!channel> and fake links wherever user text is echoed', async () => {
    const { ticketId } = await ticketFromCustomerMessage(
      '<!channel> please check <https://evil.example|your invoice> now',
    );
    const card = await cardFor(ticketId);
    const raw = JSON.stringify(card.blocks);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<https://evil.example|your invoice>');
    expect(raw).toContain('&lt;!channel&gt;');
    // The edit echo path too.
    await editDraft(ticketId, 'Hi <!here>, see <https://evil.example|this>');
    const edited = await cardFor(ticketId, (t) => t.includes('&lt;!here&gt;'));
    expect(JSON.stringify(edited.blocks)).not.toContain('<!here>');
  });

  it('shows a customer message with & < > as they wrote it: Slack escapes it once, the card once', async () => {
    const channel = h.channels.nakheel.id;
    const customer = h.users.customerNakheel.id;
    // The customer typed "R&D <urgent> export fails"; Slack delivers it escaped, replies too.
    const message = h.standIn.postAsUser(channel, customer, 'R&amp;D &lt;urgent&gt; export fails');
    h.standIn.postAsUser(channel, customer, 'Tried again &amp; it failed', {
      threadTs: message.ts,
    });
    await h.standIn.sendMessageShortcut({
      callbackId: 'sanad_create_ticket',
      channelId: channel,
      messageTs: message.ts,
      userId: h.users.approver.id,
    });
    // The form (a plain-text input, which shows entities literally) reads as typed, replies added.
    const modal = await h.standIn.waitForView(
      h.users.approver.id,
      (v) =>
        v.callback_id === 'sanad_ticket_from_message' &&
        JSON.stringify(v.blocks).includes('Tried again & it failed'),
    );
    seenViews.add(modal.id);
    expect(JSON.stringify(modal.blocks)).toContain('R&D <urgent> export fails');
    await h.standIn.submitView({ viewId: modal.id, userId: h.users.approver.id, values: {} });
    const ticketId = await waitForTicketOfSource(channel, message.ts);
    expect((await h.sanad.store.getTicket(ticketId))?.text).toBe(
      'R&D <urgent> export fails\n---\nTried again & it failed',
    );
    const card = await cardFor(ticketId);
    const mrkdwn = JSON.stringify(card.blocks);
    // Escaped once, so Slack shows "R&D <urgent>" — not "R&amp;D &lt;urgent&gt;".
    expect(mrkdwn).toContain('>R&amp;D &lt;urgent&gt; export fails');
    expect(mrkdwn).toContain('>Tried again &amp; it failed');
    expect(mrkdwn).not.toMatch(/&amp;(amp|lt|gt);/);
  });

  it('keeps a draft with a prohibited claim unapprovable until it is edited', async () => {
    const { channel, message, ticketId } = await ticketFromCustomerMessage(
      'Calendar sync question for next week',
      h.users.customerNakheel.id,
    );
    await editDraft(ticketId, 'We guarantee 100% more meetings, instantly.');
    const warned = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).includes('prohibited claims'),
    );
    expect(messageText(warned)).toContain('guarantee');
    const flagged = await cardFor(
      ticketId,
      (t) => t.includes('Prohibited claims') || t.includes('ادعاءات محظورة'),
    );
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: flagged.ts,
      actionId: ACTION.approve,
    });
    await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).includes('Edit it before approving'),
    );
    expect(
      h.standIn.thread(channel, message.ts).filter((m) => m.user === h.standIn.bot.userId),
    ).toHaveLength(0);
    await editDraft(
      ticketId,
      'Thanks for reaching out — we are looking into the Calendar sync and will update you today.',
    );
    const clean = await cardFor(
      ticketId,
      (t) => !t.includes('Prohibited claims') && !t.includes('ادعاءات محظورة'),
    );
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: clean.ts,
      actionId: ACTION.approve,
    });
    const reply = await h.standIn.waitForMessage(
      channel,
      (m) => m.thread_ts === message.ts && m.user === h.standIn.bot.userId,
    );
    expect(messageText(reply)).toContain('Calendar sync');
  });

  it('keeps a reply naming an internal id unapprovable until it is edited (rule 2)', async () => {
    const { channel, message, ticketId } = await ticketFromCustomerMessage(
      'Where can I download the invoices?',
      h.users.customerNakheel.id,
    );
    await editDraft(ticketId, `Thanks Jane, we are on it under reference ${ticketId}.`);
    const warned = await h.standIn.waitForEphemeral(
      h.users.approver.id,
      (e) => messageText(e).includes('prohibited claims') && messageText(e).includes(ticketId),
    );
    expect(messageText(warned)).toContain('cannot be approved until edited');
    const flagged = await cardFor(
      ticketId,
      (t) => t.includes('Internal id (never shown to customers)') || t.includes('معرّف داخلي'),
    );
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: flagged.ts,
      actionId: ACTION.approve,
    });
    await h.standIn.waitForEphemeral(
      h.users.approver.id,
      (e) =>
        messageText(e).includes('Edit it before approving') && messageText(e).includes(ticketId),
    );
    expect((await h.sanad.store.getTicket(ticketId))?.draft.status).toBe('pending');
    expect(
      h.standIn.thread(channel, message.ts).filter((m) => m.user === h.standIn.bot.userId),
    ).toHaveLength(0);
    // The same through the service: refused, nothing posted.
    const t = (await h.sanad.store.getTicket(ticketId))!;
    await expect(
      h.sanad.tickets.approve(ticketId, t.draft.seq, h.users.approver.id),
    ).rejects.toThrow(/Edit it before approving/);
  });

  it('refuses Approve on a card still showing an older draft, and sends only the draft on screen', async () => {
    const { channel, message, ticketId } = await ticketFromCustomerMessage(
      'Can we get the invoices as CSV files?',
      h.users.customerNakheel.id,
    );
    const card = await cardFor(ticketId);
    const template = (await h.sanad.store.getTicket(ticketId))!.draft.text;
    // Slack refuses the card's updates for now, so the card keeps showing the template.
    h.standIn.failNext('chat.update', { status: 503 }, 1000, (args) => args.ts === card.ts);
    const edited =
      'Yes — CSV export of invoices is under Billing → Export; we have enabled it for you.';
    try {
      await editDraft(ticketId, edited);
      await h.standIn.clickButton({
        userId: h.users.approver.id,
        channelId: h.channels.triage.id,
        messageTs: card.ts,
        actionId: ACTION.approve,
      });
      const refusal = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
        messageText(e).includes('The draft changed since this message'),
      );
      expect(messageText(refusal)).toContain('Nothing was sent');
      expect((await h.sanad.store.getTicket(ticketId))?.draft).toMatchObject({
        text: edited,
        status: 'pending',
      });
      expect(
        h.standIn.thread(channel, message.ts).filter((m) => m.user === h.standIn.bot.userId),
      ).toHaveLength(0);
    } finally {
      h.standIn.clearFaults();
    }
    // The card catches up when its update job retries; its Approve sends the edit.
    const updated = await cardFor(ticketId, (t) => t.includes('Billing → Export'), 20_000);
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: updated.ts,
      actionId: ACTION.approve,
    });
    const reply = await h.standIn.waitForMessage(
      channel,
      (m) => m.thread_ts === message.ts && m.user === h.standIn.bot.userId,
    );
    expect(messageText(reply)).toContain('Billing → Export');
    expect(messageText(reply)).not.toContain(template.slice(0, 40));
  });

  it("keeps a colleague's edit made while another edit form was open: the form shows an error", async () => {
    const { ticketId } = await ticketFromCustomerMessage(
      'Is there a dark mode for the dashboard?',
      h.users.customerNakheel.id,
    );
    const card = await cardFor(ticketId);
    // The approver opens the edit form; meanwhile the on-call operator saves an edit.
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.edit,
    });
    const slow = await h.standIn.waitForView(
      h.users.approver.id,
      (v) => v.callback_id === 'sanad_draft_edit' && !seenViews.has(v.id),
    );
    seenViews.add(slow.id);
    const theirs = 'Not yet — dark mode is planned; we will tell you when it ships.';
    await h.standIn.clickButton({
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.edit,
    });
    const quick = await h.standIn.waitForView(
      h.users.oncall.id,
      (v) => v.callback_id === 'sanad_draft_edit' && !seenViews.has(v.id),
    );
    seenViews.add(quick.id);
    await h.standIn.submitView({
      viewId: quick.id,
      userId: h.users.oncall.id,
      values: { draft_text_block: { draft_text: theirs } },
    });
    await eventually(h.standIn, async () =>
      (await h.sanad.store.getTicket(ticketId))?.draft.text === theirs ? true : undefined,
    );
    const result = await h.standIn.submitView({
      viewId: slow.id,
      userId: h.users.approver.id,
      values: { draft_text_block: { draft_text: 'Yes, under Settings.' } },
    });
    expect(result.outcome).toBe('errors');
    expect(JSON.stringify(h.standIn.viewErrors(slow.id))).toContain(
      'The draft changed since you opened this form',
    );
    expect((await h.sanad.store.getTicket(ticketId))?.draft.text).toBe(theirs);
    await h.standIn.closeView({ viewId: slow.id, userId: h.users.approver.id });
  });
});

async function editDraft(ticketId: string, text: string) {
  const card = await cardFor(ticketId);
  await h.standIn.clickButton({
    userId: h.users.approver.id,
    channelId: h.channels.triage.id,
    messageTs: card.ts,
    actionId: ACTION.edit,
  });
  const modal = await h.standIn.waitForView(
    h.users.approver.id,
    (v) => v.callback_id === 'sanad_draft_edit' && !seenViews.has(v.id),
  );
  seenViews.add(modal.id);
  const result = await h.standIn.submitView({
    viewId: modal.id,
    userId: h.users.approver.id,
    values: { draft_text_block: { draft_text: text } },
  });
  expect(result.outcome).toBe('closed');
  await eventually(h.standIn, async () => {
    const t = await h.sanad.store.getTicket(ticketId);
    return t?.draft.text === text ? t : undefined;
  });
}

describe('long multi-line text', () => {
  // A pasted log: 100 short lines, 2,999 characters. Quoted on the card it gains a `>` a line,
  // which once took the section past Slack's 3000 and got the whole card refused.
  const LOG = Array.from(
    { length: 100 },
    (_, i) => `line ${String(i).padStart(3, '0')} of the pasted log...`,
  ).join('\n');

  it('posts the card of a /ticket whose text is a 100-line, 2,999-character log', async () => {
    expect(LOG.length).toBe(2999);
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: LOG,
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
    });
    const ticket = await eventually(h.standIn, async () => {
      const t = await latestTicket();
      return t?.text === LOG ? t : undefined;
    });
    const card = await cardFor(ticket.id);
    expect(messageText(card)).toContain('>line 000 of the pasted log...');
    const ledger = await h.sanad.store.readLedger({ ticketId: ticket.id });
    expect(ledger.map((e) => e.action)).not.toContain('outbox.failed');
  });

  it('shows an edited 100-line reply on the card', async () => {
    const { ticketId } = await ticketFromCustomerMessage(
      'Can you send us the setup steps?',
      h.users.customerNakheel.id,
    );
    const steps = Array.from(
      { length: 100 },
      (_, i) => `${String(i).padStart(2, '0')}. open settings; press OK.`,
    ).join('\n');
    await editDraft(ticketId, steps);
    const card = await cardFor(ticketId, (t) => t.includes('>01. open settings; press OK.'));
    expect(JSON.stringify(card.blocks)).toContain(ACTION.approve);
    const ledger = await h.sanad.store.readLedger({ ticketId });
    expect(ledger.map((e) => e.action)).not.toContain('outbox.failed');
  });
});

describe('priority', () => {
  it('raises and re-routes the owner; a stale lower choice is refused', async () => {
    const { ticketId } = await ticketFromCustomerMessage(
      'Gmail connector setup keeps asking for permissions',
      h.users.customerNakheel.id,
    );
    const card = await cardFor(ticketId, (t) => t.includes('P2'));
    // Slack refuses the card update for now, so the card stays as both operators saw it.
    h.standIn.failNext('chat.update', { status: 503 }, 1000, (args) => args.ts === card.ts);
    try {
      await h.standIn.selectOption({
        userId: h.users.oncall.id,
        channelId: h.channels.triage.id,
        messageTs: card.ts,
        actionId: ACTION.raisePriority,
        value: `${ticketId}|P0`,
      });
      await eventually(h.standIn, async () =>
        (await h.sanad.store.getTicket(ticketId))?.priority === 'P0' ? true : undefined,
      );
      await h.standIn.selectOption({
        userId: h.users.approver.id,
        channelId: h.channels.triage.id,
        messageTs: card.ts,
        actionId: ACTION.raisePriority,
        value: `${ticketId}|P1`,
      });
      const refusal = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
        messageText(e).includes('can only be raised'),
      );
      expect(messageText(refusal)).toContain('P0');
    } finally {
      h.standIn.clearFaults();
    }
    // The card catches up when its update job retries (with backoff) after Slack recovers.
    const raised = await cardFor(ticketId, (t) => t.includes(`<@${h.users.founder.id}>`), 20_000);
    expect(messageText(raised)).toContain('P0');
    const ticket = await h.sanad.store.getTicket(ticketId);
    expect(ticket?.priority).toBe('P0');
    expect(ticket?.classifiedPriority).toBe('P2');
    expect(ticket?.owner).toBe('founder');
  });
});

describe('raising the priority re-drafts the reply', () => {
  it("replaces Sanad's P3 reply with the P0 one; the Approve button that showed the P3 text is refused", async () => {
    const { channel, message, ticketId } = await ticketFromCustomerMessage(
      'How do I add a second admin to our account?',
      h.users.customerNakheel.id,
    );
    const card = await cardFor(ticketId, (t) => t.includes('within 24 hours'));
    expect(messageText(card)).toContain('within 7 days');
    // Slack refuses the card update for now: the card still shows the P3 reply and its buttons.
    h.standIn.failNext('chat.update', { status: 503 }, 1000, (args) => args.ts === card.ts);
    try {
      await h.standIn.selectOption({
        userId: h.users.approver.id,
        channelId: h.channels.triage.id,
        messageTs: card.ts,
        actionId: ACTION.raisePriority,
        value: `${ticketId}|P0`,
      });
      const raised = await eventually(h.standIn, async () => {
        const t = await h.sanad.store.getTicket(ticketId);
        return t?.priority === 'P0' ? t : undefined;
      });
      expect(raised.draft).toMatchObject({ seq: 2, kind: 'first_response', status: 'pending' });
      expect(raised.draft.text).toContain('within 30 minutes');
      expect(raised.draft.text).toContain('within 4 hours');
      // The founder approves from the message that showed the P3 promises: refused.
      await h.standIn.clickButton({
        userId: h.users.founder.id,
        channelId: h.channels.triage.id,
        messageTs: card.ts,
        actionId: ACTION.approve,
      });
      await h.standIn.waitForEphemeral(h.users.founder.id, (e) =>
        messageText(e).includes('تغيّر الرد منذ هذه الرسالة'),
      );
      expect((await h.sanad.store.getTicket(ticketId))?.draft.status).toBe('pending');
    } finally {
      h.standIn.clearFaults();
    }
    // The card catches up with the new draft and the P0 owner.
    const updated = await cardFor(ticketId, (t) => t.includes('within 30 minutes'), 20_000);
    expect(messageText(updated)).not.toContain('within 24 hours');
    expect(messageText(updated)).toContain(`<@${h.users.founder.id}>`);
    expect(messageText(updated)).not.toMatch(/was written when|كُتب هذا الرد حين/);
    expect(
      h.standIn.thread(channel, message.ts).filter((m) => m.user === h.standIn.bot.userId),
    ).toHaveLength(0);
    // Approved from the updated card, the P0 reply is what reaches the customer.
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: h.channels.triage.id,
      messageTs: updated.ts,
      actionId: ACTION.approve,
    });
    const reply = await h.standIn.waitForMessage(
      channel,
      (m) => m.thread_ts === message.ts && m.user === h.standIn.bot.userId,
    );
    expect(messageText(reply)).toContain('within 30 minutes');
    expect(messageText(reply)).not.toContain('within 24 hours');
    const ledger = await h.sanad.store.readLedger({ ticketId });
    expect(ledger.map((e) => e.action)).toContain('draft.redrafted');
  });

  it('keeps an edited reply when the priority is raised, and the card warns about its times', async () => {
    const { ticketId } = await ticketFromCustomerMessage(
      'How do I change the language of the weekly report?',
      h.users.customerNakheel.id,
    );
    const edited =
      'Hello Jane, you can switch it under Settings → Reports; we will reply within 24 hours if it does not work.';
    await editDraft(ticketId, edited);
    const card = await cardFor(ticketId, (t) => t.includes('Settings → Reports'));
    await h.standIn.selectOption({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.raisePriority,
      value: `${ticketId}|P1`,
    });
    const warned = await cardFor(ticketId, (t) =>
      /was written when the ticket was P3|كُتب هذا الرد حين كانت التذكرة P3/.test(t),
    );
    expect(messageText(warned)).toContain('Settings → Reports');
    const stored = await h.sanad.store.getTicket(ticketId);
    expect(stored?.priority).toBe('P1');
    expect(stored?.draft.text).toBe(edited);
  });
});

describe('resolution needs the customer', () => {
  /** A Nakheel ticket answered (the reply sent), then Resolve and its question approved: the
   *  customer's thread has the question with its Yes / No buttons. */
  async function answeredThenAskedToConfirm(text: string) {
    const { channel, message, ticketId } = await ticketFromCustomerMessage(
      text,
      h.users.customerNakheel.id,
    );
    const press = async (actionId: string, card: { ts: string }) =>
      h.standIn.clickButton({
        userId: h.users.approver.id,
        channelId: h.channels.triage.id,
        messageTs: card.ts,
        actionId,
      });
    await press(ACTION.approve, await cardFor(ticketId));
    // The reply is in the customer's thread before the job records it as sent; Resolve
    // refuses until then ("still being sent"), so wait for the card to show the send.
    await press(
      ACTION.resolve,
      await cardFor(
        ticketId,
        (t) => t.includes('First response sent') || t.includes('أول رد أُرسل'),
      ),
    );
    const card = await cardFor(
      ticketId,
      (t) => t.includes('Resolution question for the customer') || t.includes('سؤال تأكيد الحل'),
    );
    await press(ACTION.approve, card);
    const question = await h.standIn.waitForMessage(
      channel,
      (m) =>
        m.thread_ts === message.ts &&
        JSON.stringify(m.blocks ?? []).includes(ACTION.customerConfirm) &&
        JSON.stringify(m.blocks ?? []).includes(ACTION.customerNotResolved),
    );
    await eventually(
      h.standIn,
      async () => (await h.sanad.store.getTicket(ticketId))?.status === 'awaiting_confirmation',
    );
    return { channel, message, ticketId, card, question };
  }

  it('asks the customer, who confirms in their thread; the ticket resolves', async () => {
    const { channel, ticketId, question } = await answeredThenAskedToConfirm(
      'How can I add a teammate to the dashboard?',
    );
    await h.standIn.clickButton({
      userId: h.users.customerNakheel.id,
      channelId: channel,
      messageTs: question.ts,
      actionId: ACTION.customerConfirm,
    });
    await eventually(h.standIn, async () =>
      (await h.sanad.store.getTicket(ticketId))?.status === 'resolved' ? true : undefined,
    );
    await cardFor(ticketId, (t) => t.includes('Resolved') || t.includes('حُلّت'));
    const ledger = await h.sanad.store.readLedger({ ticketId });
    expect(ledger.map((e) => e.action)).toContain('ticket.resolved');
  });

  it('answering rewrites the question as it was posted, never with a follow-up draft nobody approved', async () => {
    const { channel, message, ticketId, question } = await answeredThenAskedToConfirm(
      'How do I add a second admin to our workspace?',
    );
    const posted = messageText(question);
    // While the question waits, an operator starts a follow-up (it even trips the guard).
    const followUp = 'We guarantee 100% results, internal note for the team.';
    await editDraft(ticketId, followUp);
    await h.standIn.clickButton({
      userId: h.users.customerNakheel.id,
      channelId: channel,
      messageTs: question.ts,
      actionId: ACTION.customerConfirm,
    });
    const answered = await h.standIn.waitForMessage(
      channel,
      (m) =>
        m.ts === question.ts && !JSON.stringify(m.blocks ?? []).includes(ACTION.customerConfirm),
    );
    const shown = messageText(answered);
    expect(shown).toContain('Thank you for confirming');
    expect(shown).toContain('Could you please confirm the issue is resolved');
    expect(shown).not.toContain('guarantee');
    expect(posted).not.toContain('guarantee');
    // Nowhere in the customer's thread.
    expect(
      h.standIn.thread(channel, message.ts).some((m) => messageText(m).includes('guarantee')),
    ).toBe(false);
    expect((await h.sanad.store.getTicket(ticketId))?.status).toBe('resolved');
  });

  it('answering No keeps the posted question text too', async () => {
    const { channel, ticketId, question } = await answeredThenAskedToConfirm(
      'Can I move a report to another workspace?',
    );
    const followUp = 'Draft for later: we are moving it tonight.';
    await editDraft(ticketId, followUp);
    await h.standIn.clickButton({
      userId: h.users.customerNakheel.id,
      channelId: channel,
      messageTs: question.ts,
      actionId: ACTION.customerNotResolved,
    });
    const answered = await h.standIn.waitForMessage(
      channel,
      (m) =>
        m.ts === question.ts &&
        !JSON.stringify(m.blocks ?? []).includes(ACTION.customerNotResolved),
    );
    expect(messageText(answered)).toContain('we will keep working on it with you');
    expect(messageText(answered)).not.toContain('moving it tonight');
  });

  /** The buttons under the question are still there: the press changed nothing. */
  function questionStillAsks(channel: string, threadTs: string, questionTs: string) {
    const q = h.standIn.thread(channel, threadTs).find((m) => m.ts === questionTs);
    expect(JSON.stringify(q?.blocks ?? [])).toContain(ACTION.customerConfirm);
  }

  it("counts only the customer's Yes: the team's press in the customer's thread is refused", async () => {
    const { channel, message, ticketId, question } = await answeredThenAskedToConfirm(
      'Where do I change the invoice address?',
    );
    const pressYes = (userId: string) =>
      h.standIn.clickButton({
        userId,
        channelId: channel,
        messageTs: question.ts,
        actionId: ACTION.customerConfirm,
      });
    // An approver (a member of the shared channel) presses the customer's Yes.
    await pressYes(h.users.approver.id);
    const refusal = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).includes('Only the customer can answer this question'),
    );
    expect(messageText(refusal)).toContain('Record customer confirmation');
    expect(refusal.channelId).toBe(channel);
    // A colleague not in the policy (customer success) is not the customer either.
    await pressYes(h.users.csm.id);
    await h.standIn.waitForEphemeral(h.users.csm.id, (e) =>
      messageText(e).includes('your answer was not recorded'),
    );
    expect((await h.sanad.store.getTicket(ticketId))?.status).toBe('awaiting_confirmation');
    questionStillAsks(channel, message.ts, question.ts);
    const waiting = await cardFor(ticketId);
    expect(messageText(waiting)).toMatch(/Waiting for customer confirmation|بانتظار تأكيد العميل/);
    expect(messageText(waiting)).not.toMatch(/confirmed by the customer|أكّده العميل/);

    // The customer's own press resolves it.
    await pressYes(h.users.customerNakheel.id);
    const resolved = await eventually(h.standIn, async () => {
      const t = await h.sanad.store.getTicket(ticketId);
      return t?.status === 'resolved' ? t : undefined;
    });
    expect(resolved.confirmation).toMatchObject({
      by: 'customer',
      userId: h.users.customerNakheel.id,
    });
    await cardFor(ticketId, (t) => /confirmed by the customer|أكّده العميل/.test(t));
  });

  it("counts only the customer's No: a founder's press is refused and nothing reopens", async () => {
    const { channel, message, ticketId, question, card } = await answeredThenAskedToConfirm(
      'Can I export the monthly report as CSV?',
    );
    const pressNo = (userId: string) =>
      h.standIn.clickButton({
        userId,
        channelId: channel,
        messageTs: question.ts,
        actionId: ACTION.customerNotResolved,
      });
    await pressNo(h.users.founder.id);
    const refusal = await h.standIn.waitForEphemeral(h.users.founder.id, (e) =>
      messageText(e).includes('هذا السؤال يجيب عليه العميل فقط'),
    );
    expect(messageText(refusal)).toContain('تسجيل تأكيد العميل');
    const stored = await h.sanad.store.getTicket(ticketId);
    expect(stored?.status).toBe('awaiting_confirmation');
    expect(stored?.resolutionDeclined).toBeUndefined();
    questionStillAsks(channel, message.ts, question.ts);
    expect(
      h.standIn
        .thread(h.channels.triage.id, card.ts)
        .filter((m) => /not resolved|لم تُحل/.test(messageText(m))),
    ).toHaveLength(0);

    await pressNo(h.users.customerNakheel.id);
    const reopened = await eventually(h.standIn, async () => {
      const t = await h.sanad.store.getTicket(ticketId);
      return t?.status === 'open' ? t : undefined;
    });
    expect(reopened.resolutionDeclined?.userId).toBe(h.users.customerNakheel.id);
  });

  it("tells the ticket's people when the customer says it is still a problem, and offers Resolve again", async () => {
    const { channel, ticketId, question, card } = await answeredThenAskedToConfirm(
      'How do I rename a team in the dashboard?',
    );
    await h.standIn.clickButton({
      userId: h.users.customerNakheel.id,
      channelId: channel,
      messageTs: question.ts,
      actionId: ACTION.customerNotResolved,
    });
    // A note under the card for the P3 owners (the operator team), naming the ticket.
    const note = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) =>
        m.thread_ts === card.ts && m.ts !== card.ts && /not resolved|لم تُحل/.test(messageText(m)),
    );
    expect(messageText(note)).toContain(`<@${h.users.approver.id}>`);
    expect(messageText(note)).toContain(ticketId);
    const reopened = await cardFor(
      ticketId,
      (t) =>
        t.includes('❗ Customer says it is not resolved') ||
        t.includes('❗ العميل يقول إن المشكلة لم تُحل'),
    );
    expect(messageText(reopened)).not.toMatch(/💬 (Answered|تم الرد)/);
    expect(JSON.stringify(reopened.blocks)).toContain(ACTION.resolve);
    const stored = await h.sanad.store.getTicket(ticketId);
    expect(stored?.status).toBe('open');
    expect(stored?.resolutionDeclined?.userId).toBe(h.users.customerNakheel.id);
    // Resolve asks the customer again.
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: reopened.ts,
      actionId: ACTION.resolve,
    });
    const askedAgain = await eventually(h.standIn, async () => {
      const t = await h.sanad.store.getTicket(ticketId);
      return t?.draft.kind === 'confirmation_request' && t.draft.status === 'pending'
        ? t
        : undefined;
    });
    expect(askedAgain.resolutionDeclined).toBeUndefined();
  });

  it('refuses Resolve while an edited reply waits for approval, and keeps the reply', async () => {
    const { channel, message, ticketId } = await ticketFromCustomerMessage(
      'Can the weekly report include the Riyadh branch?',
      h.users.customerNakheel.id,
    );
    const edited = 'Yes — we are adding the Riyadh branch to your weekly report from Sunday.';
    await editDraft(ticketId, edited);
    const card = await cardFor(ticketId, (t) => t.includes('Riyadh branch to your weekly'));
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.resolve,
    });
    const refusal = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).includes('A reply is waiting for approval'),
    );
    expect(messageText(refusal)).toContain('approve or reject it first');
    const ticket = await h.sanad.store.getTicket(ticketId);
    expect(ticket?.draft).toMatchObject({
      kind: 'first_response',
      text: edited,
      status: 'pending',
    });
    expect(ticket?.status).toBe('open');
    expect(
      h.standIn.thread(channel, message.ts).filter((m) => m.user === h.standIn.bot.userId),
    ).toHaveLength(0);
  });

  it('for a customer outside Slack, approval marks the text ready and Mark as sent records the send', async () => {
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: '',
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
    });
    const modal = await h.standIn.waitForView(
      h.users.approver.id,
      (v) => v.callback_id === 'sanad_ticket_intake' && !seenViews.has(v.id),
    );
    seenViews.add(modal.id);
    await h.standIn.submitView({
      viewId: modal.id,
      userId: h.users.approver.id,
      values: {
        ticket_text_block: { ticket_text: 'سؤال: كيف اضيف مستخدم جديد؟' },
        ticket_customer_block: { ticket_customer: 'wadi' },
        ticket_email_block: { ticket_contact_email: 'reem@wadi.example' },
      },
    });
    const ticket = await eventually(h.standIn, async () => {
      const t = await latestTicket();
      return t?.customerId === 'wadi' ? t : undefined;
    });
    let card = await cardFor(ticket.id);
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    card = await cardFor(
      ticket.id,
      (t) =>
        t.includes(ACTION.markSent) ||
        JSON.stringify(t).includes('Mark as sent') ||
        t.includes('تم الإرسال'),
    );
    expect((await h.sanad.store.getTicket(ticket.id))?.firstResponseAtMs).toBeUndefined();
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.markSent,
    });
    const sent = await eventually(h.standIn, async () => {
      const t = await h.sanad.store.getTicket(ticket.id);
      return t?.firstResponseAtMs ? t : undefined;
    });
    expect(sent.draft.status).toBe('sent');
    expect(sent.draft.sentBy).toBe(h.users.approver.id);
  });
});
