import type { View } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { buildSlaHealthReport, PRIORITY_IDS, type SeverityId } from '../../src/domain/index.ts';
import { formatProblems, validateView } from '../../src/standin/blockKit.ts';
import { OPS_ACTION, OPS_MENU } from '../../src/views/customerOpsIds.ts';
import {
  buildHomeView,
  buildOutsiderHomeView,
  HOME_SECTIONS,
  type HomeAtRisk,
  type HomeCustomer,
  type HomeIncident,
  type HomePendingApproval,
  type HomeSection,
  type HomeTicket,
  type HomeViewInput,
  parseCustomerMenuValue,
  parseHomeMetadata,
} from '../../src/views/customerOpsViews.ts';
import { type Lang, messageLink } from '../../src/views/format.ts';
import { idPattern, idSuffix } from '../../src/views/incidentIds.ts';
import { collect, mrkdwnTexts, NASTY } from '../support/blockKitAssertions.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.UTC(2026, 10, 22, 7, 0);

function expectValidHome(view: View): void {
  expect(formatProblems(validateView(view, { types: ['home'] }))).toEqual([]);
  expect(view.type).toBe('home');
  expect(view.blocks.length).toBeLessThanOrEqual(100);
  const actionIds = collect(view, 'action_id');
  expect(new Set(actionIds).size).toBe(actionIds.length);
  const blockIds = collect(view, 'block_id');
  expect(new Set(blockIds).size).toBe(blockIds.length);
}

function tickets(n: number, textOf: (i: number) => string = (i) => `Ticket ${i}`): HomeTicket[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `T-${String(i).padStart(4, '0')}`,
    priority: PRIORITY_IDS[i % 4] ?? 'P3',
    text: textOf(i),
    firstResponseDueMs: NOW + (i % 2 ? 1 : -1) * (i + 1) * 10 * MIN,
    resolutionDueMs: NOW + (i + 1) * HOUR,
    answered: i % 5 === 0,
    ...(i % 3 === 0 ? { customerName: `Cust ${i}` } : {}),
  }));
}

function customers(n: number): HomeCustomer[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `cust_${i}`,
    name: i === 0 ? `Acme ${NASTY}` : `Customer ${i}`,
    onboardingPct: Math.round(((i % 9) / 8) * 1000) / 10,
    readyForFirstService: i % 2 === 0,
    connectedPct: Math.round(((i % 12) / 11) * 1000) / 10,
  }));
}

function incidents(n: number): HomeIncident[] {
  const sev: SeverityId[] = ['SEV1', 'SEV2', 'SEV3'];
  return Array.from({ length: n }, (_, i) => ({
    id: `INC-${i}`,
    severity: sev[i % 3] ?? 'SEV3',
    title: i === 0 ? NASTY : `Incident ${i}`,
    channelId: `C0INC${i}`,
    ...(i % 2 ? { commanderId: `U0CMD${i}` } : {}),
    nextUpdateDueMs: NOW + (i - 5) * 10 * MIN,
    status: i === n - 1 ? ('resolved' as const) : ('active' as const),
  }));
}

function approvals(n: number): HomePendingApproval[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `A-${i}`,
    kind:
      ['ticket_reply', 'incident_update', 'pdpl_notice', 'connector_live', 'cs_draft'][i % 5] ??
      'x',
    title: i === 0 ? NASTY : `Approval ${i}`,
    dueMs: NOW + i * 5 * MIN,
    ...(i % 2 ? { permalink: `https://example.slack.com/archives/C1/p${1000 + i}` } : {}),
    ...(i % 4 === 0 ? { priority: 'P0' as const } : {}),
  }));
}

function atRisk(n: number): HomeAtRisk[] {
  return Array.from({ length: n }, (_, i) => ({
    customerId: `cust_${i}`,
    name: `Risky ${i}`,
    severity: i % 3 === 0 ? 'high' : i % 3 === 1 ? 'medium' : 'low',
    riskScore: (i * 37) % 101,
  }));
}

function health() {
  return buildSlaHealthReport({
    tickets: [
      { priority: 'P0', firstResponseMin: 45, resolutionHours: 2 },
      { priority: 'P1', firstResponseMin: 30, resolutionHours: 10 },
      { priority: 'P2', firstResponseMin: 100 },
      { priority: 'P3' },
    ],
  });
}

function bigInput(lang: Lang, expanded: HomeSection[] = []): HomeViewInput {
  return {
    lang,
    nowMs: NOW,
    userId: 'U0ME',
    pendingApprovals: approvals(30),
    openTickets: tickets(200),
    incidents: incidents(20),
    health: health(),
    customers: customers(50),
    atRisk: atRisk(40),
    expanded,
  };
}

function shownTicketCount(view: View): number {
  return new Set(
    mrkdwnTexts(view)
      .join('\n')
      .match(/T-\d{4}/g) ?? [],
  ).size;
}

describe('messageLink', () => {
  it("builds a message's address from the workspace's, as chat.getPermalink gives it", () => {
    const link = 'https://acme.slack.com/archives/C0TRIAGE/p1795352325165000';
    expect(messageLink('https://acme.slack.com/', 'C0TRIAGE', '1795352325.165000')).toBe(link);
    expect(messageLink('https://acme.slack.com', 'C0TRIAGE', '1795352325.165000')).toBe(link);
  });

  it('gives no link for an address that is not a plain https workspace address', () => {
    expect(messageLink('http://acme.slack.com/', 'C1', '1.2')).toBeUndefined();
    expect(messageLink('javascript:alert(1)//', 'C1', '1.2')).toBeUndefined();
    expect(messageLink('', 'C1', '1.2')).toBeUndefined();
  });
});

describe('buildHomeView', () => {
  it.each(['ar', 'en'] as Lang[])(
    'stays within 100 blocks with 200 tickets, 50 customers and 20 incidents (%s)',
    (lang) => {
      const view = buildHomeView(bigInput(lang));
      expectValidHome(view);
      const text = mrkdwnTexts(view).join('\n');
      const shown = shownTicketCount(view);
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThan(200);
      if (lang === 'en') {
        expect(text).toContain(`and ${200 - shown} more — \`/ticket list\``);
        expect(text).toMatch(/and \d+ more customers/);
        expect(text).toMatch(/and \d+ more incidents/);
        expect(text).toMatch(/and \d+ more waiting for you/);
      } else {
        expect(text).toContain(`و${200 - shown} تذكرة أخرى`);
      }
      // Show more for every section with something hidden.
      const more = collect(view, 'action_id').filter((id) =>
        idPattern(OPS_ACTION.homeShowMore).test(id),
      );
      expect(more.map((id) => idSuffix(id)).sort()).toEqual([...HOME_SECTIONS].sort());
    },
  );

  it('stays within 100 blocks with every section expanded, and offers Show less', () => {
    const view = buildHomeView(bigInput('en', [...HOME_SECTIONS]));
    expectValidHome(view);
    const ids = collect(view, 'action_id');
    expect(ids.filter((id) => idPattern(OPS_ACTION.homeShowLess).test(id))).toHaveLength(
      HOME_SECTIONS.length,
    );
    expect(ids.some((id) => idPattern(OPS_ACTION.homeShowMore).test(id))).toBe(false);
    expect(shownTicketCount(view)).toBeGreaterThan(shownTicketCount(buildHomeView(bigInput('en'))));
    expect(parseHomeMetadata(view.private_metadata)).toEqual([...HOME_SECTIONS]);
  });

  it('survives huge inputs with long texts', () => {
    const view = buildHomeView({
      lang: 'ar',
      nowMs: NOW,
      userId: 'U0ME',
      pendingApprovals: approvals(500),
      openTickets: tickets(5000, (i) => `${'نص طويل جداً '.repeat(80)} ${i}`),
      incidents: incidents(300),
      health: health(),
      customers: customers(2000),
      atRisk: atRisk(1000),
      expanded: [...HOME_SECTIONS],
    });
    expectValidHome(view);
  });

  it('counts hidden items from the real totals when the lists were cut', () => {
    const view = buildHomeView({
      ...bigInput('en'),
      openTickets: tickets(20),
      totals: { tickets: 750 },
    });
    expectValidHome(view);
    const text = mrkdwnTexts(view).join('\n');
    expect(text).toContain('(750)');
    expect(text).toContain(`and ${750 - shownTicketCount(view)} more`);
  });

  it('shows time left or overdue with date tokens, escapes user text', () => {
    const view = buildHomeView(bigInput('en'));
    const text = mrkdwnTexts(view).join('\n');
    expect(text).toContain('<!date^');
    expect(text).toContain('overdue');
    expect(text).toContain('left');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://x|y>');
    expect(text).not.toContain('<@U999>');
    expect(text).toContain('&lt;!channel&gt;');
    // 7-day SLA health with its verdict
    expect(text).toContain('Critical');
    expect(text).toMatch(/Breach rate/);
    // the resolved incident is not listed
    expect(text).not.toContain('<#C0INC19>');
    // user greeted
    expect(text).toContain('<@U0ME>');
  });

  it('puts the most urgent tickets first within a priority', () => {
    const view = buildHomeView({
      ...bigInput('en'),
      openTickets: [
        {
          id: 'T-LATE',
          priority: 'P0',
          text: 'later',
          firstResponseDueMs: NOW + HOUR,
          resolutionDueMs: NOW + 4 * HOUR,
          answered: false,
        },
        {
          id: 'T-SOON',
          priority: 'P0',
          text: 'overdue',
          firstResponseDueMs: NOW - 5 * MIN,
          resolutionDueMs: NOW + 4 * HOUR,
          answered: false,
        },
      ],
    });
    const text = mrkdwnTexts(view).join('\n');
    expect(text.indexOf('T-SOON')).toBeLessThan(text.indexOf('T-LATE'));
    expect(text).toContain('overdue by 5 min');
  });

  it('offers the modals: new ticket, declare incident, add customer, and per-customer menus', () => {
    const view = buildHomeView({ ...bigInput('en'), canEditCustomers: true });
    const ids = collect(view, 'action_id');
    expect(ids).toContain(OPS_ACTION.homeNewTicket);
    expect(ids).toContain(OPS_ACTION.homeDeclareIncident);
    expect(ids).toContain(OPS_ACTION.homeAddCustomer);
    const menus = ids.filter((id) => idPattern(OPS_ACTION.homeCustomerMenu).test(id));
    expect(menus.length).toBeGreaterThan(0);
    const values = collect(view, 'value').filter((v) => v.includes('|cust_'));
    const parsed = values.map(parseCustomerMenuValue);
    expect(new Set(parsed.map((p) => p?.menu))).toEqual(new Set(Object.values(OPS_MENU)));
  });

  it('offers Add customer and Edit customer only to those who may edit customers', () => {
    const view = buildHomeView(bigInput('en'));
    expectValidHome(view);
    expect(collect(view, 'action_id')).not.toContain(OPS_ACTION.homeAddCustomer);
    const menus = collect(view, 'value')
      .filter((v) => v.includes('|cust_'))
      .map((v) => parseCustomerMenuValue(v)?.menu);
    expect(menus.length).toBeGreaterThan(0);
    expect(menus).not.toContain(OPS_MENU.edit);
    expect(menus).toContain(OPS_MENU.connectors);
  });

  it('offers the customer-success runs to approvers only', () => {
    const off = collect(buildHomeView(bigInput('en')), 'action_id');
    expect(off).not.toContain(OPS_ACTION.homeRunWeeklyCheckIns);
    const view = buildHomeView({ ...bigInput('en'), canRunCustomerSuccess: true });
    expectValidHome(view);
    const ids = collect(view, 'action_id');
    expect(ids).toContain(OPS_ACTION.homeRunWeeklyCheckIns);
    expect(ids).toContain(OPS_ACTION.homeRunAtRiskScan);
  });

  it('orders approvals without a deadline by how long they have waited', () => {
    const view = buildHomeView({
      ...bigInput('en'),
      pendingApprovals: [
        { id: 'A', kind: 'ticket_reply', title: 'T-LATER', dueMs: NOW + HOUR },
        { id: 'B', kind: 'connector_live', title: 'LIVE-REQ', sinceMs: NOW - 10 * MIN },
        { id: 'C', kind: 'ticket_reply', title: 'T-OVERDUE', dueMs: NOW - HOUR },
      ],
    });
    expectValidHome(view);
    const text = mrkdwnTexts(view).join('\n');
    expect(text.indexOf('T-OVERDUE')).toBeLessThan(text.indexOf('LIVE-REQ'));
    expect(text.indexOf('LIVE-REQ')).toBeLessThan(text.indexOf('T-LATER'));
    expect(text).toContain('waiting since <!date^');
  });

  it('says a paused ticket clock is paused instead of a date', () => {
    const view = buildHomeView({
      ...bigInput('en'),
      openTickets: [
        {
          id: 'T-PAUSED',
          priority: 'P2',
          text: 'waiting on the customer',
          firstResponseDueMs: Number.POSITIVE_INFINITY,
          resolutionDueMs: Number.POSITIVE_INFINITY,
          answered: false,
        },
      ],
    });
    expectValidHome(view);
    expect(mrkdwnTexts(view).join('\n')).toContain('clock paused');
  });

  it.each(['ar', 'en'] as Lang[])('renders empty data (%s)', (lang) => {
    const view = buildHomeView({
      lang,
      nowMs: NOW,
      userId: 'U0ME',
      pendingApprovals: [],
      openTickets: [],
      incidents: [],
      health: buildSlaHealthReport({ tickets: [] }),
      customers: [],
      atRisk: [],
    });
    expectValidHome(view);
    const ids = collect(view, 'action_id');
    expect(ids.some((id) => idPattern(OPS_ACTION.homeShowMore).test(id))).toBe(false);
  });
});

describe('the outsider Home', () => {
  it.each(['ar', 'en'] as Lang[])(
    'is a valid, button-free note in both languages (%s first)',
    (lang) => {
      const view = buildOutsiderHomeView(lang);
      expect(formatProblems(validateView(view, { types: ['home'] }))).toEqual([]);
      const json = JSON.stringify(view.blocks);
      expect(json).not.toMatch(/"type":"(actions|button|overflow)"/);
      expect(json).toContain('shared channel');
      expect(json).toContain('قناتكم المشتركة');
      expect(json.indexOf(lang === 'ar' ? 'قناتكم' : 'shared channel')).toBeLessThan(
        json.indexOf(lang === 'ar' ? 'shared channel' : 'قناتكم'),
      );
    },
  );
});
