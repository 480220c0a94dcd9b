/**
 * The demo workspace the offline mode starts with (and the integration tests reuse): a
 * founder, an approver, an on-call operator, two customers in Slack Connect channels, and
 * the internal triage / ops / customer-success channels.
 */
import type { ChannelSeed, UserSeed } from './standin/index.ts';
import type { Customer } from './store/redisStore.ts';

export const DEMO_USERS = {
  founder: {
    id: 'U0FOUNDER',
    name: 'noura',
    realName: 'Noura (founder)',
    locale: 'ar-SA',
    tz: 'Asia/Riyadh',
  },
  approver: {
    id: 'U0APPROVER',
    name: 'omar',
    realName: 'Omar (operator)',
    locale: 'en-US',
    tz: 'Asia/Riyadh',
  },
  oncall: {
    id: 'U0ONCALL',
    name: 'layla',
    realName: 'Layla (on-call)',
    locale: 'ar-SA',
    tz: 'Asia/Riyadh',
  },
  csm: {
    id: 'U0CSM',
    name: 'sara',
    realName: 'Sara (customer success)',
    locale: 'en-US',
    tz: 'Europe/London',
  },
  customerAcme: {
    id: 'U0CUSTACME',
    name: 'faisal.acme',
    realName: 'Faisal (Acme)',
    locale: 'ar-SA',
    tz: 'Asia/Riyadh',
  },
  customerNakheel: {
    id: 'U0CUSTNAKH',
    name: 'jane.nakheel',
    realName: 'Jane (Nakheel)',
    locale: 'en-US',
    tz: 'Asia/Dubai',
  },
} satisfies Record<string, UserSeed & { id: string }>;

const staff = [
  DEMO_USERS.founder.id,
  DEMO_USERS.approver.id,
  DEMO_USERS.oncall.id,
  DEMO_USERS.csm.id,
];

export const DEMO_CHANNELS = {
  triage: { id: 'C0TRIAGE', name: 'sanad-triage', members: staff },
  ops: { id: 'C0OPS', name: 'sanad-ops', members: staff },
  customerSuccess: { id: 'C0CS', name: 'sanad-customer-success', members: staff },
  acme: {
    id: 'C0ACME',
    name: 'ext-acme',
    isExtShared: true,
    members: [...staff, DEMO_USERS.customerAcme.id],
  },
  nakheel: {
    id: 'C0NAKHEEL',
    name: 'ext-nakheel',
    isExtShared: true,
    members: [...staff, DEMO_USERS.customerNakheel.id],
  },
} satisfies Record<string, ChannelSeed & { id: string }>;

export const DEMO_CUSTOMERS: Customer[] = [
  {
    id: 'acme',
    name: 'شركة أكمي للتجارة',
    bundleId: 'growth_starter',
    channelIds: [DEMO_CHANNELS.acme.id],
    contacts: [{ name: 'Faisal', slackUserId: DEMO_USERS.customerAcme.id }],
    language: 'ar',
  },
  {
    id: 'nakheel',
    name: 'Nakheel Logistics',
    bundleId: 'executive_growth_os',
    channelIds: [DEMO_CHANNELS.nakheel.id],
    contacts: [{ name: 'Jane', slackUserId: DEMO_USERS.customerNakheel.id }],
    language: 'en',
  },
  {
    id: 'wadi',
    name: 'Wadi Clinics',
    bundleId: 'partnership_growth',
    channelIds: [],
    contacts: [{ name: 'Reem', email: 'reem@wadi.example' }],
    language: 'ar',
  },
];

/** Environment for a Sanad instance wired to the demo workspace. */
export function demoEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    TRIAGE_CHANNEL_ID: DEMO_CHANNELS.triage.id,
    OPS_CHANNEL_ID: DEMO_CHANNELS.ops.id,
    CS_CHANNEL_ID: DEMO_CHANNELS.customerSuccess.id,
    FOUNDER_USER_IDS: DEMO_USERS.founder.id,
    APPROVER_USER_IDS: DEMO_USERS.approver.id,
    ONCALL_USER_IDS: DEMO_USERS.oncall.id,
    ...overrides,
  };
}

/** Channel topics shown in the offline page's channel headers. */
export const DEMO_CHANNEL_TOPICS: Record<keyof typeof DEMO_CHANNELS, string> = {
  triage: 'Ticket cards land here — approve replies before they reach a customer',
  ops: 'Operations: SLA reviews, incidents, freezes',
  customerSuccess: 'Check-ins, at-risk customers, onboarding',
  acme: 'Slack Connect with شركة أكمي للتجارة (Acme) — Arabic',
  nakheel: 'Slack Connect with Nakheel Logistics — English',
};

export interface DemoMessage {
  channelId: string;
  userId: string;
  text: string;
}

/**
 * Messages already in the customer channels when offline mode starts, so a visitor can run
 * Create ticket on them at once: an informal Arabic report of an unapproved send (P0, a
 * founder approves the reply) and an English how-to question (P3).
 */
export const DEMO_MESSAGES: readonly DemoMessage[] = [
  {
    channelId: DEMO_CHANNELS.acme.id,
    userId: DEMO_USERS.customerAcme.id,
    text: 'السلام عليكم، النظام ارسل رسايل واتساب لعملائنا بدون موافقتنا!! وش صاير؟ وقفوه بسرعة لو سمحتوا',
  },
  {
    channelId: DEMO_CHANNELS.nakheel.id,
    userId: DEMO_USERS.csm.id,
    text: 'Welcome to your shared channel with us, Jane! Ask anything here and we will pick it up.',
  },
  {
    channelId: DEMO_CHANNELS.nakheel.id,
    userId: DEMO_USERS.customerNakheel.id,
    text: "Hi team, quick question: how do we export last month's shipment report as a CSV? I can't find it in the dashboard.",
  },
];
