/**
 * Rule 6: every post is in the action ledger, once. A job whose first attempt reached Slack
 * but lost its answer retries, finds its own post (postOnce) and records nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/index.ts';
import { INCIDENT_CALLBACK } from '../../src/views/incidentIds.ts';
import {
  afterJobs,
  eventually,
  type Harness,
  messageText,
  startHarness,
} from '../support/sanadHarness.ts';

const SLOW = { firstResponseMinutes: 600, resolutionTargetHours: 48 };
const POLICY = {
  language: 'en',
  sla: {
    P0: SLOW,
    // First response due in 3 s: its 50 % reminder comes after 1.5 s.
    P1: { firstResponseMinutes: 0.05, resolutionTargetHours: 0.002 },
    P2: SLOW,
    P3: SLOW,
  },
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ policy: POLICY });
});
afterAll(async () => {
  await h?.stop();
});

/** The next postMessage carrying this post key reaches Slack, but its answer is lost. */
function loseAnswerOf(key: string | RegExp) {
  h.standIn.failNext('chat.postMessage', { dropResponse: true }, 1, (args) => {
    const all = JSON.stringify(args);
    return typeof key === 'string' ? all.includes(key) : key.test(all);
  });
}

function lostAnswers(key: string | RegExp): number {
  return h.standIn.callsTo('chat.postMessage').filter((c) => {
    const all = JSON.stringify(c.args);
    return c.status === 0 && (typeof key === 'string' ? all.includes(key) : key.test(all));
  }).length;
}

const seq = { n: 0 };

async function newTicket(text: string) {
  seq.n += 1;
  const id = `SND-${String(seq.n).padStart(4, '0')}`;
  await h.standIn.sendSlashCommand({
    command: '/ticket',
    text,
    userId: h.users.oncall.id,
    channelId: h.channels.triage.id,
  });
  const card = await h.standIn.waitForMessage(h.channels.triage.id, (m) =>
    new RegExp(`${id}(?!\\d)`).test(messageText(m)),
  );
  return { id, card };
}

async function ticketEntries(ticketId: string, action: string) {
  return (await h.sanad.store.readLedger({ ticketId })).filter((e) => e.action === action);
}

describe('ticket posts', () => {
  it('records the card post once, also when the first post lost its answer and the job retried', async () => {
    const plain = await newTicket('How do I change the language of my weekly report?');
    loseAnswerOf('card-SND-0002');
    const lost = await newTicket('Where can I download last month invoice?');
    for (const { id, card } of [plain, lost]) {
      // Stored by the retry after its last Slack call (the look-up): wait on the queue.
      const stored = await afterJobs(
        h,
        h.sanad.outboxQueue,
        async () => {
          const t = await h.sanad.store.getTicket(id);
          return t?.card ? t : undefined;
        },
        { timeoutMs: 15_000 },
      );
      expect(stored.card?.ts).toBe(card.ts);
      const entries = await ticketEntries(id, 'ticket.card_posted');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: 'sanad',
        details: { channelId: h.channels.triage.id, ts: card.ts },
      });
      expect(entries[0]!.atMs).toBeGreaterThan(0);
    }
    expect(lostAnswers('card-SND-0002')).toBe(1);
    expect(
      h.standIn
        .messages(h.channels.triage.id)
        .filter((m) => /SND-0002(?!\d)/.test(messageText(m)) && !m.thread_ts),
    ).toHaveLength(1);
  });

  it('records an SLA reminder once, also when its first post lost its answer', async () => {
    const key = `sla-SND-${String(seq.n + 1).padStart(4, '0')}-first_response-50`;
    loseAnswerOf(key);
    const { id, card } = await newTicket('Pilot stopped: the service is down for our team');
    expect((await h.sanad.store.getTicket(id))?.priority).toBe('P1');
    const reminder = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.thread_ts === card.ts && /50% of the first response/.test(messageText(m)),
      { timeoutMs: 15_000 },
    );
    // The 80 % reminder, posted without a fault, comes after the 50 % one's retry.
    const later = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.thread_ts === card.ts && /80% of the first response/.test(messageText(m)),
      { timeoutMs: 15_000 },
    );
    const posted = await afterJobs(h, h.sanad.slaQueue, async () => {
      const entries = await ticketEntries(id, 'sla.reminder_posted');
      return entries.some((e) => e.details?.pct === 80) ? entries : undefined;
    });
    const firstResponse = posted.filter((e) => e.details?.phase === 'first_response');
    expect(firstResponse.filter((e) => e.details?.pct === 50)).toEqual([
      expect.objectContaining({
        actor: 'sanad',
        details: expect.objectContaining({ ts: reminder.ts, threadTs: card.ts }),
      }),
    ]);
    expect(firstResponse.filter((e) => e.details?.pct === 80)).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ ts: later.ts }) }),
    ]);
    expect(lostAnswers(key)).toBe(1);
    expect(
      h.standIn
        .thread(h.channels.triage.id, card.ts)
        .filter((m) => /50% of the first response/.test(messageText(m))),
    ).toHaveLength(1);
  });
});

describe('incident posts', () => {
  it('records the summary and plan posts once, also when the summary lost its answer', async () => {
    const userId = h.users.approver.id;
    const title = 'Dashboard exports time out';
    loseAnswerOf(/inc-INC-[^"\\]*-summary/);
    await h.standIn.sendSlashCommand({
      command: '/incident',
      text: title,
      userId,
      channelId: h.channels.ops.id,
    });
    const modal = await h.standIn.waitForView(
      userId,
      (v) => v.callback_id === INCIDENT_CALLBACK.declareModal,
    );
    await h.standIn.submitView({
      viewId: modal.id,
      userId,
      values: { incident_title_block: { incident_title: title } },
    });
    const declared = await eventually(h.standIn, async () =>
      (await h.sanad.incidents.store.activeIncidents()).find((i) => i.title === title),
    );
    const incident: Incident = await afterJobs(
      h,
      h.sanad.incidentQueue,
      async () => {
        const i = await h.sanad.incidents.get(declared.id);
        return i?.summaryTs && i.planTs ? i : undefined;
      },
      { timeoutMs: 15_000 },
    );
    const ledger = await h.sanad.incidents.store.readIncidentLedger(incident.id);
    const summary = ledger.filter((e) => e.action === 'incident.summary_posted');
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({
      actor: 'sanad',
      details: { incidentId: incident.id, channelId: incident.channelId, ts: incident.summaryTs },
    });
    const plan = ledger.filter((e) => e.action === 'incident.plan_posted');
    expect(plan).toHaveLength(1);
    expect(plan[0]?.details).toMatchObject({ ts: incident.planTs });
    expect(lostAnswers(`inc-${incident.id}-summary`)).toBe(1);
    expect(
      h.standIn
        .messages(incident.channelId!)
        .filter((m) =>
          JSON.stringify(m.blocks ?? []).includes(`incident_summary_actions:${incident.id}`),
        ),
    ).toHaveLength(1);
  });
});

describe('customer-success posts', () => {
  it('records a draft post once, also when its first post lost its answer', async () => {
    loseAnswerOf('cs-atrisk-wadi-');
    await h.sanad.customerOps.saveMetrics(
      'wadi',
      { lastActivityDate: '2020-01-01', lastProofPackDate: '2020-01-01' },
      h.users.approver.id,
    );
    await h.sanad.customerOps.runAtRiskScan();
    const draft = (await h.sanad.opsStore.pendingDrafts()).find((d) => d.customerId === 'wadi');
    expect(draft?.kind).toBe('at_risk_alert');
    const ref = await afterJobs(h, h.sanad.csQueue, () => h.sanad.opsStore.posted(draft!.id), {
      timeoutMs: 15_000,
    });
    const entries = (await h.sanad.store.readLedger()).filter(
      (e) => e.action === 'cs_draft.posted' && e.details?.draftId === draft!.id,
    );
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor: 'sanad',
      details: {
        kind: 'at_risk_alert',
        customerId: 'wadi',
        channelId: h.channels.customerSuccess.id,
        ts: ref.ts,
      },
    });
    expect(lostAnswers(`cs-${draft!.id}`)).toBe(1);
    expect(
      h.standIn
        .messages(h.channels.customerSuccess.id)
        .filter((m) => JSON.stringify(m.metadata ?? {}).includes(`cs-${draft!.id}`)),
    ).toHaveLength(1);
  });
});
