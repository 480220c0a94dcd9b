/**
 * The App Home through the Slack stand-in: per user (what waits for MY approval), 200 open
 * tickets by priority within Slack's 100-block limit, "show more", active incidents from the
 * incident provider, the 7-day SLA health verdict, customers and at-risk customers, and a
 * re-publish when something new waits for someone who uses the Home.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentSlaHealth } from '../../src/services/slaReviewService.ts';
import { TicketService } from '../../src/services/ticketService.ts';
import { formatProblems, validateView } from '../../src/standin/blockKit.ts';
import type { SlackView } from '../../src/standin/index.ts';
import { OPS_ACTION } from '../../src/views/customerOpsIds.ts';
import { ACTION } from '../../src/views/ids.ts';
import {
  afterJobs,
  type Harness,
  homePublishes,
  messageText,
  openHome,
  pressOnHome,
  startHarness,
} from '../support/sanadHarness.ts';

const MIN = 60_000;
let h: Harness;
let p0Count = 0;

beforeAll(async () => {
  h = await startHarness();
  // 200 open tickets, some hours old (so some are overdue), through the real ticket service
  // and store; only the card posting is left out (it has nothing to do with the Home).
  let clock = Date.now();
  const seeder = new TicketService(
    { store: h.sanad.store, policy: h.config.policy, now: () => clock, logger: h.sanad.logger },
    {
      syncCard: async () => undefined,
      postReply: async () => undefined,
      noteDeclined: async () => undefined,
      noteReplyRefused: async () => undefined,
    },
  );
  const customers = await h.sanad.store.listCustomers();
  for (let i = 0; i < 200; i++) {
    clock = Date.now() - (i % 4) * 50 * MIN;
    const text =
      i % 10 === 0
        ? `data leak: customer list exposed (${i})`
        : i % 10 === 1
          ? `service down since this morning (${i})`
          : i % 10 === 2
            ? `Gmail connector setup fails (${i})`
            : `question about next week's report (${i})`;
    if (i % 10 === 0) p0Count++;
    await seeder.create({
      text,
      userId: h.users.oncall.id,
      customer: i % 3 === 0 ? customers[i % customers.length] : null,
      source: { kind: 'slash_command', userId: h.users.oncall.id },
    });
  }
});
afterAll(async () => {
  await h?.stop();
});

function text(view: SlackView): string {
  return messageText({ blocks: view.blocks });
}

/** The stand-in checks every publish like Slack does; the view sent is checked again here. */
function expectWithinLimits(view: SlackView, userId: string): void {
  expect(view.blocks.length).toBeLessThanOrEqual(100);
  const last = h.standIn
    .callsTo('views.publish')
    .filter((c) => c.args.user_id === userId)
    .at(-1);
  expect(last?.response?.ok).toBe(true);
  expect(formatProblems(validateView(last?.args.view, { types: ['home'] }))).toEqual([]);
}

function waitingCount(view: SlackView): number {
  const m = /✋[^(]*\((\d+)\)/.exec(text(view));
  return Number(m?.[1] ?? -1);
}

function ticketsShown(view: SlackView): number {
  return new Set(text(view).match(/SND-\d{4}/g) ?? []).size;
}

describe('App Home', () => {
  it('shows each user what waits for their approval, within 100 blocks with 200 open tickets', async () => {
    expect(await h.sanad.store.openTicketCount()).toBe(200);

    const approver = await openHome(h, h.users.approver.id);
    expectWithinLimits(approver, h.users.approver.id);
    const t = text(approver);
    expect(t).toContain('Open tickets* (200)');
    // Approvers approve every draft but P0.
    expect(waitingCount(approver)).toBe(200 - p0Count);
    expect(t).toMatch(/overdue by|left/);
    expect(t).toContain('<!date^');
    expect(t).toMatch(/…and \d+ more — `\/ticket list`/);
    expect(ticketsShown(approver)).toBeLessThan(40);
    expect(JSON.stringify(approver.blocks)).toContain(OPS_ACTION.homeRunWeeklyCheckIns);

    // Founders: the P0 drafts.
    const founder = await openHome(h, h.users.founder.id);
    expectWithinLimits(founder, h.users.founder.id);
    expect(waitingCount(founder)).toBe(p0Count);

    // Customer success (not an approver): nothing waits; no run buttons.
    const csm = await openHome(h, h.users.csm.id);
    expectWithinLimits(csm, h.users.csm.id);
    expect(waitingCount(csm)).toBe(0);
    expect(text(csm)).toContain('Nothing is waiting for you');
    expect(JSON.stringify(csm.blocks)).not.toContain(OPS_ACTION.homeRunWeeklyCheckIns);
  });

  it('shows a customer, or anyone from outside the workspace, only a short note (rule 2)', async () => {
    const customers = await h.sanad.store.listCustomers();
    // A Slack Connect user of another organisation, listed as no one's contact.
    const stranger = h.standIn.addUser({
      name: 'guest.partner',
      teamId: 'T0PARTNER',
      locale: 'en-US',
    });
    for (const userId of [h.users.customerAcme.id, h.users.customerNakheel.id, stranger.id]) {
      const home = await openHome(h, userId);
      expectWithinLimits(home, userId);
      const shown = text(home);
      expect(shown).not.toMatch(/SND-\d+|INC-\d+/);
      for (const c of customers) expect(shown).not.toContain(c.name);
      expect(shown).toContain('write in your shared channel');
      expect(shown).toContain('قناتكم المشتركة');
      // No buttons at all: no admin actions, no ticket or customer forms.
      expect(JSON.stringify(home.blocks)).not.toMatch(/"type":"(actions|button|overflow)"/);
      expect(JSON.stringify(home.blocks)).not.toContain(OPS_ACTION.homeAddCustomer);
    }
    // The team, and a colleague of the workspace (customer success), still see everything.
    for (const userId of [h.users.approver.id, h.users.oncall.id, h.users.csm.id]) {
      const home = await openHome(h, userId);
      expect(ticketsShown(home)).toBeGreaterThan(0);
      expect(text(home)).toContain('Nakheel Logistics');
    }
  });

  it('shows more tickets on demand and still fits', async () => {
    const userId = h.users.approver.id;
    const home = await openHome(h, userId);
    const before = ticketsShown(home);
    const more = await pressOnHome(h, userId, home, `${OPS_ACTION.homeShowMore}:tickets`);
    expectWithinLimits(more, userId);
    expect(ticketsShown(more)).toBeGreaterThan(before);
    expect(JSON.stringify(more.blocks)).toContain(`${OPS_ACTION.homeShowLess}:tickets`);
    // It stays expanded when the user comes back, until Show less.
    const again = await openHome(h, userId);
    expect(ticketsShown(again)).toBe(ticketsShown(more));
    const less = await pressOnHome(h, userId, again, `${OPS_ACTION.homeShowLess}:tickets`);
    expect(ticketsShown(less)).toBe(before);
  });

  it('shows active incidents, the 7-day SLA health verdict, customers and at-risk customers', async () => {
    h.sanad.homes.setIncidentProvider({
      activeIncidents: async () => [
        {
          id: 'INC-1',
          severity: 'SEV1',
          title: 'WhatsApp messages sent without approval',
          channelId: h.channels.ops.id,
          status: 'active',
          nextUpdateDueMs: Date.now() + 30 * MIN,
        },
      ],
    });
    await h.sanad.customerOps.saveMetrics(
      'wadi',
      {
        lastActivityDate: DateTime.now().setZone('Asia/Riyadh').minus({ days: 15 }).toISODate(),
        lastProofPackDate: DateTime.now().setZone('Asia/Riyadh').minus({ days: 20 }).toISODate(),
      },
      h.users.approver.id,
    );
    const home = await openHome(h, h.users.approver.id);
    expectWithinLimits(home, h.users.approver.id);
    const t = text(home);
    expect(t).toContain('Active incidents* (1)');
    expect(t).toContain('WhatsApp messages sent without approval');
    const health = await recentSlaHealth(
      { store: h.sanad.store, policy: h.config.policy },
      Date.now(),
    );
    expect(health.totalTickets).toBe(200);
    expect(t).toContain('SLA health — last 7 days');
    expect(t).toContain(health.verdictEn);
    expect(t).toContain(`(${health.totalBreached}/200)`);
    expect(t).toContain('Wadi Clinics');
    expect(t).toContain('Nakheel Logistics');
    expect(t).toMatch(/At-risk customers\* \(1\)/);
    expect(t).toContain('70/100');
  });

  it('re-publishes an open Home when a new ticket reply starts waiting, and when it is approved', async () => {
    const founder = h.users.founder.id;
    const before = waitingCount(await openHome(h, founder));
    const waiting = (n: number) => () => waitingCount(h.standIn.homeView(founder)!) === n;
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'data leak: our payroll file was shared with another customer',
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
    });
    await h.standIn.waitUntil(waiting(before + 1), {
      description: 'the P0 reply on the Home',
      timeoutMs: 15_000,
    });
    const card = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) =>
        messageText(m).includes('payroll file') &&
        JSON.stringify(m.blocks).includes(ACTION.approve),
    );
    await h.standIn.clickButton({
      userId: founder,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    await h.standIn.waitUntil(waiting(before), {
      description: 'the approved reply gone',
      timeoutMs: 15_000,
    });
  });

  it('re-publishes the Home of a founder when a live-mode request starts waiting for them', async () => {
    const founder = h.users.founder.id;
    const home = await openHome(h, founder);
    const waiting = waitingCount(home);
    const n = homePublishes(h, founder);
    await h.sanad.customerOps.applyConnectorChanges(
      'acme',
      [
        {
          connectorKey: 'gmail',
          ref: 'gmail',
          notesRef: 'gmail-notes',
          to: 'connected_approved_execute',
        },
      ],
      h.users.approver.id,
    );
    await h.standIn.waitUntil(() => homePublishes(h, founder) > n, {
      description: 'the founder Home re-published',
    });
    const refreshed = h.standIn.homeView(founder)!;
    expectWithinLimits(refreshed, founder);
    expect(waitingCount(refreshed)).toBe(waiting + 1);
    // Overdue P0 replies come first; the request shows among the rest, oldest first.
    const expanded = await pressOnHome(
      h,
      founder,
      refreshed,
      `${OPS_ACTION.homeShowMore}:approvals`,
    );
    expectWithinLimits(expanded, founder);
    expect(text(expanded)).toContain('تشغيل حيّ لموصل');
    expect(text(expanded)).toContain('ينتظر منذ');
  });

  it('gives a waiting request an Open button to its message in the ops channel', async () => {
    const founder = h.users.founder.id;
    await h.sanad.customerOps.applyConnectorChanges(
      'nakheel',
      [
        {
          connectorKey: 'gmail',
          ref: 'gmail',
          notesRef: 'gmail-notes',
          to: 'connected_approved_execute',
        },
      ],
      h.users.approver.id,
    );
    const request = (await h.sanad.opsStore.pendingRequests()).find(
      (r) => r.kind === 'connector_live' && r.customerId === 'nakheel',
    );
    // Where the worker posted it, once recorded (just after the post).
    const posted = await afterJobs(h, h.sanad.csQueue, () => h.sanad.opsStore.posted(request!.id));
    let home = await openHome(h, founder);
    const link = h.standIn.permalink(posted.channelId, posted.ts);
    const hasLink = (view: SlackView) => JSON.stringify(view.blocks).includes(`"url":"${link}"`);
    if (!hasLink(home))
      home = await pressOnHome(h, founder, home, `${OPS_ACTION.homeShowMore}:approvals`);
    expect(hasLink(home)).toBe(true);
    expect(posted.channelId).toBe(h.channels.ops.id);
  });
});
