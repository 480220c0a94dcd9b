/**
 * SLA clocks on BullMQ with short policy targets (a whole cycle in seconds): reminders in
 * the card's thread, escalation, answered/raised/paused tickets, the weekly review, and
 * the ops endpoints. Real redis-server, real workers, the Slack stand-in.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/standin/index.ts';
import { ACTION } from '../../src/views/ids.ts';
import {
  afterJobs,
  eventually,
  type Harness,
  messageText,
  startHarness,
} from '../support/sanadHarness.ts';

// Minutes / hours chosen so every threshold lands within a few seconds.
const POLICY = {
  sla: {
    P0: { firstResponseMinutes: 0.05, resolutionTargetHours: 0.002 }, // 3 s / 7.2 s
    P1: { firstResponseMinutes: 0.02, resolutionTargetHours: 0.001 }, // 1.2 s / 3.6 s
    P2: { firstResponseMinutes: 0.05, resolutionTargetHours: 0.002 },
    P3: { firstResponseMinutes: 0.05, resolutionTargetHours: 0.002 }, // 3 s / 7.2 s
  },
  language: 'en',
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    policy: POLICY,
    env: {
      QUEUE_DASHBOARD_SECRET: 'dash-secret-123',
      // As an operator would set them for `npm start` (workers inside the app).
      SANAD_LOCK_DURATION_MS: '45000',
      SANAD_STALLED_INTERVAL_MS: '40000',
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

const seq = { n: 0 };

async function newTicket(text: string) {
  await h.standIn.sendSlashCommand({
    command: '/ticket',
    text,
    userId: h.users.oncall.id,
    channelId: h.channels.triage.id,
  });
  seq.n += 1;
  const id = `SND-${String(seq.n).padStart(4, '0')}`;
  const card = await h.standIn.waitForMessage(h.channels.triage.id, (m) =>
    new RegExp(`${id}(?!\\d)`).test(messageText(m)),
  );
  const ticket = await eventually(h.standIn, () => h.sanad.store.getTicket(id));
  return { id, card, ticket };
}

function reminders(cardTs: string): SlackMessage[] {
  return h.standIn.thread(h.channels.triage.id, cardTs).filter((m) => m.ts !== cardTs);
}

function tsMs(ts: string): number {
  return Math.round(Number(ts) * 1000);
}

async function waitForReminder(cardTs: string, pattern: RegExp, timeoutMs = 15_000) {
  return h.standIn.waitForMessage(
    h.channels.triage.id,
    (m) => m.thread_ts === cardTs && m.ts !== cardTs && pattern.test(messageText(m)),
    { timeoutMs },
  );
}

describe('ticket reminders', () => {
  it('fires each threshold once, at its time, in the card thread; the breach escalates to the owner', async () => {
    const { id, card, ticket } = await newTicket('Pilot stopped: the service is down for our team');
    expect(ticket.priority).toBe('P1');
    const created = ticket.createdAtMs;
    const resolutionBreach = await waitForReminder(card.ts, /Resolution SLA breached/);
    const thread = reminders(card.ts);
    const firstResponse = thread.filter((m) =>
      / first response |First response SLA/.test(messageText(m)),
    );
    const resolution = thread.filter((m) => / resolution |Resolution SLA/.test(messageText(m)));
    expect(firstResponse.map((m) => messageText(m).match(/(50%|80%|breached)/)?.[1])).toEqual([
      '50%',
      '80%',
      'breached',
    ]);
    expect(resolution).toHaveLength(3);
    // Never early: each reminder is posted at or after its threshold instant.
    const frTarget = 1_200;
    const expected = [0.5, 0.8, 1].map((f) => created + f * frTarget);
    firstResponse.forEach((m, i) => {
      expect(tsMs(m.ts)).toBeGreaterThanOrEqual(expected[i]! - 5);
    });
    expect(tsMs(resolutionBreach.ts)).toBeGreaterThanOrEqual(created + 3_600 - 5);
    // The breach mentions the P1 owner (on-call) and records `escalated`.
    const breach = firstResponse[2]!;
    expect(messageText(breach)).toContain(`<@${h.users.oncall.id}>`);
    // Reminders carry the draft's approval buttons so people act from the thread.
    expect(JSON.stringify(firstResponse[0]!.blocks)).toContain(ACTION.approve);
    const stored = await eventually(h.standIn, async () => {
      const t = await h.sanad.store.getTicket(id);
      return t && t.slaEvents.filter((e) => e.event === 'escalated').length >= 2 ? t : undefined;
    });
    expect(stored.slaEvents.filter((e) => e.event === 'escalated')).toHaveLength(2);
    const ledger = await h.sanad.store.readLedger({ ticketId: id });
    expect(ledger.filter((e) => e.action === 'sla.escalated')).toHaveLength(2);
  });

  it('shows a breach on the card at once; when Slack fails that update, the card still gets it', async () => {
    // P0: first response due in 3 s, resolution in 7.2 s (its breach updates the card again).
    const { card, ticket } = await newTicket('We think there is a data leak in the export');
    expect(ticket.priority).toBe('P0');
    // The reminder job updates the card itself after the breach. Slack answers that update
    // with a 503: the update goes to the outbox, which makes it on its retry.
    const overdueUpdate = (args: Record<string, unknown>) =>
      args.ts === card.ts && /overdue by/.test(JSON.stringify(args.blocks ?? ''));
    h.standIn.failNext('chat.update', { status: 503 }, 1, overdueUpdate);
    await waitForReminder(card.ts, /First response SLA breached/);
    await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.ts === card.ts && /overdue by/.test(JSON.stringify(m.blocks)),
    );
    const tries = h.standIn.callsTo('chat.update').filter((c) => overdueUpdate(c.args));
    expect(tries[0]!.status).toBe(503);
    // Made well before the resolution breach would have updated the card anyway.
    const made = tries.find((c) => c.status === 200)!;
    expect(made.atMs).toBeLessThan(ticket.createdAtMs + 7_200);
  });

  it('escalates a breach once even when the worker died between posting it and escalating', async () => {
    // P0: first response due in 3 s. What a worker killed right after posting the breach
    // leaves behind: the post's claim completed, no escalation recorded.
    const { id, card, ticket } = await newTicket('Customer data leaked through the shared link');
    expect(ticket.priority).toBe('P0');
    const claim = `reminder:${id}:first_response:100`;
    expect(await h.sanad.store.claimForAction(claim, 30_000)).toBe('claimed');
    await h.sanad.store.completeClaim(claim, '1700000000.000100');
    // The job runs (again) at the breach: it escalates, and posts nothing a second time.
    const escalated = await eventually(h.standIn, async () => {
      const t = await h.sanad.store.getTicket(id);
      return t?.slaEvents.some((e) => e.event === 'escalated') ? t : undefined;
    });
    const firstResponseEscalations = (t: typeof escalated) =>
      t.slaEvents.filter((e) => e.event === 'escalated' && e.phase === 'first_response');
    expect(firstResponseEscalations(escalated)).toHaveLength(1);
    await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.ts === card.ts && /overdue by/.test(JSON.stringify(m.blocks)),
    );
    expect(reminders(card.ts).some((m) => /First response SLA breached/.test(messageText(m)))).toBe(
      false,
    );
    const ledger = await h.sanad.store.readLedger({ ticketId: id });
    expect(
      ledger.filter((e) => e.action === 'sla.escalated' && e.details?.kind === 'first_response'),
    ).toHaveLength(1);
    expect(firstResponseEscalations((await h.sanad.store.getTicket(id))!)).toHaveLength(1);
  });

  it('sends no first-response reminder for an answered ticket', async () => {
    const { id, card } = await newTicket('Question: how do I export the weekly report?');
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    const ready = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.ts === card.ts && JSON.stringify(m.blocks).includes(ACTION.markSent),
    );
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: ready.ts,
      actionId: ACTION.markSent,
    });
    await eventually(h.standIn, async () => (await h.sanad.store.getTicket(id))?.firstResponseAtMs);
    // The resolution clock keeps running: its 50% reminder comes after the first-response
    // thresholds would have passed, and none of those was posted.
    await waitForReminder(card.ts, /50% of the resolution/);
    const thread = reminders(card.ts).map(messageText);
    expect(thread.some((t) => /first response/i.test(t))).toBe(false);
  });

  it("counts the time already used when a ticket's priority is raised", async () => {
    const { id, card, ticket } = await newTicket('General question about dashboards');
    expect(ticket.priority).toBe('P3');
    await h.standIn.selectOption({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.raisePriority,
      value: `${id}|P1`,
    });
    const raised = await eventually(h.standIn, async () => {
      const t = await h.sanad.store.getTicket(id);
      return t?.priority === 'P1' ? t : undefined;
    });
    const due = h.sanad.tickets.dueTimes(raised);
    expect(due.firstResponseDueMs).toBe(ticket.createdAtMs + 1_200);
    const updatedCard = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.ts === card.ts && /P1 · High — /.test(messageText(m)),
    );
    expect(messageText(updatedCard)).toContain(
      `<!date^${Math.floor((ticket.createdAtMs + 1_200) / 1000)}^`,
    );
    const breach = await waitForReminder(card.ts, /First response SLA breached/);
    // Under P3 the breach would have come at 3 s; the raised ticket breached at 1.2 s.
    expect(tsMs(breach.ts)).toBeLessThan(ticket.createdAtMs + 3_000);
    expect(messageText(breach)).toContain(`<@${h.users.oncall.id}>`);
  });

  it("moves a paused ticket's deadlines by the paused time", async () => {
    const { id, card, ticket } = await newTicket('Pilot stopped again this morning');
    await h.standIn.clickButton({
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.pause,
    });
    await eventually(h.standIn, async () =>
      (await h.sanad.store.getTicket(id))?.pauses?.length ? true : undefined,
    );
    // Let the ticket's whole first-response target pass while paused: another P1 ticket's
    // breach marks that moment.
    const other = await newTicket('Service failed for the second pilot');
    await waitForReminder(other.card.ts, /First response SLA breached/);
    expect(reminders(card.ts)).toHaveLength(0);
    const paused = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.ts === card.ts && JSON.stringify(m.blocks).includes(ACTION.resume),
    );
    await h.standIn.clickButton({
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
      messageTs: paused.ts,
      actionId: ACTION.resume,
    });
    const resumed = await eventually(h.standIn, async () => {
      const t = await h.sanad.store.getTicket(id);
      return t?.pauses?.[0]?.toMs ? t : undefined;
    });
    const pause = resumed.pauses![0]!;
    const pausedMs = pause.toMs! - pause.fromMs;
    expect(pausedMs).toBeGreaterThan(1_200);
    const due = h.sanad.tickets.dueTimes(resumed);
    expect(due.firstResponseDueMs).toBe(ticket.createdAtMs + 1_200 + pausedMs);
    const breach = await waitForReminder(card.ts, /First response SLA breached/);
    expect(tsMs(breach.ts)).toBeGreaterThanOrEqual(ticket.createdAtMs + 1_200 + pausedMs - 5);
  });

  it('refuses Approve on a reminder whose draft a colleague edited since; the card sends the edit', async () => {
    // A customer's ticket (its reply goes to their channel), P3: first response due in 3 s.
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'How do we change the language of the weekly summary?',
      userId: h.users.oncall.id,
      channelId: h.channels.nakheel.id,
    });
    seq.n += 1;
    const id = `SND-${String(seq.n).padStart(4, '0')}`;
    const card = await h.standIn.waitForMessage(h.channels.triage.id, (m) =>
      new RegExp(`${id}(?!\\d)`).test(messageText(m)),
    );
    const template = (await eventually(h.standIn, () => h.sanad.store.getTicket(id))).draft.text;
    const half = await waitForReminder(card.ts, /50% of the first response/);
    expect(messageText(half)).toContain(template.slice(0, 40));
    // A colleague edits the draft from the card.
    const edited =
      'Hi Jane — the summary language follows each reader; we will switch yours today.';
    await h.standIn.clickButton({
      userId: h.users.oncall.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.edit,
    });
    const modal = await h.standIn.waitForView(
      h.users.oncall.id,
      (v) => v.callback_id === 'sanad_draft_edit',
    );
    await h.standIn.submitView({
      viewId: modal.id,
      userId: h.users.oncall.id,
      values: { draft_text_block: { draft_text: edited } },
    });
    await eventually(h.standIn, async () =>
      (await h.sanad.store.getTicket(id))?.draft.text === edited ? true : undefined,
    );
    const fromBot = () =>
      h.standIn.messages(h.channels.nakheel.id).filter((m) => m.user === h.standIn.bot.userId);
    const before = fromBot().length;
    // The approver presses Approve on the reminder, which still shows the template.
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: half.ts,
      actionId: ACTION.approve,
    });
    const refusal = await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      messageText(e).includes('The draft changed since this message'),
    );
    expect(messageText(refusal)).toContain('Nothing was sent');
    const waiting = await h.sanad.store.getTicket(id);
    expect(waiting?.draft).toMatchObject({ text: edited, status: 'pending' });
    expect(fromBot()).toHaveLength(before);
    // The card shows the edit; its Approve sends exactly that.
    const updated = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.ts === card.ts && messageText(m).includes('the summary language follows'),
    );
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: updated.ts,
      actionId: ACTION.approve,
    });
    const reply = await h.standIn.waitForMessage(
      h.channels.nakheel.id,
      (m) => m.user === h.standIn.bot.userId && messageText(m).includes('summary language'),
    );
    expect(messageText(reply)).not.toContain(template.slice(0, 40));
    expect(fromBot()).toHaveLength(before + 1);
  });

  it('delays a reminder on a 429 with Retry-After, and posts it once', async () => {
    const { card, ticket } = await newTicket('Proof Pack missing from this week');
    expect(ticket.priority).toBe('P1');
    h.standIn.failNext(
      'chat.postMessage',
      { status: 429, retryAfter: 1 },
      1,
      (args) => args.thread_ts === card.ts,
    );
    const half = await waitForReminder(card.ts, /50% of the first response/);
    expect(tsMs(half.ts)).toBeGreaterThanOrEqual(ticket.createdAtMs + 600 + 1_000 - 5);
    await waitForReminder(card.ts, /Resolution SLA breached/);
    const halves = reminders(card.ts).filter((m) =>
      /50% of the first response/.test(messageText(m)),
    );
    expect(halves).toHaveLength(1);
    expect(h.standIn.callsTo('chat.postMessage').some((c) => c.status === 429)).toBe(true);
  });
});

describe('weekly SLA review', () => {
  it('is scheduled every Monday at 09:00 Asia/Riyadh', async () => {
    const schedulers = await h.sanad.slaQueue.getJobSchedulers();
    const weekly = schedulers.find((s) => s.key === 'weekly-sla-review');
    expect(weekly?.pattern).toBe('0 9 * * 1');
    expect(weekly?.tz).toBe('Asia/Riyadh');
  });

  it('on a critical verdict mentions the founder, freezes live actions until a founder lifts it, and offers an incident', async () => {
    // Every ticket so far breached at least one target, so the verdict is critical.
    await h.standIn.sendSlashCommand({
      command: '/ticket',
      text: 'report',
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
    });
    const review = await h.standIn.waitForMessage(h.channels.ops.id, (m) =>
      /Weekly SLA review/.test(messageText(m)),
    );
    const text = messageText(review);
    expect(text).toMatch(/Critical/);
    expect(text).toContain(`<@${h.users.founder.id}>`);
    expect(text).toMatch(/P1\s+\d+\s+\d+/);
    expect(text).toMatch(/SND-\d{4}/);
    // The freeze follows the review's post (the message with the Lift button).
    await afterJobs(h, h.sanad.slaQueue, () => h.sanad.store.freezeFor(undefined));

    // Frozen: even a founder's approval of a customer reply is refused.
    const { card } = await newTicket('Is there a way to change my invoice address?');
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    await h.standIn.waitForEphemeral(h.users.founder.id, (e) =>
      /مجمّدة|frozen/.test(messageText(e)),
    );

    // Only a founder lifts the freeze.
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.ops.id,
      messageTs: review.ts,
      actionId: ACTION.liftFreeze,
    });
    await h.standIn.waitForEphemeral(h.users.approver.id, (e) =>
      /Only a founder/.test(messageText(e)),
    );
    expect(await h.sanad.store.freezeFor(undefined)).not.toBeNull();
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: h.channels.ops.id,
      messageTs: review.ts,
      actionId: ACTION.liftFreeze,
    });
    await h.standIn.waitForMessage(h.channels.ops.id, (m) =>
      /lifted the live-action freeze|رفع .* تجميد/.test(messageText(m)),
    );
    expect(await h.sanad.store.freezeFor(undefined)).toBeNull();

    // The incident button opens the declaration modal.
    await h.standIn.clickButton({
      userId: h.users.founder.id,
      channelId: h.channels.ops.id,
      messageTs: review.ts,
      actionId: ACTION.openIncidentFromReview,
    });
    const modal = await h.standIn.waitForView(h.users.founder.id);
    expect(JSON.stringify(modal.blocks)).toMatch(/SLA|الاتفاقية/);
  });

  it('still posts the scheduled Monday review, once, when Slack answers its first post with a 503', async () => {
    const scheduled = (await h.sanad.slaQueue.getDelayed()).find(
      (j) => j.data.kind === 'weekly-review',
    );
    expect(scheduled).toBeDefined();
    const isReview = (m: SlackMessage) => /Weekly SLA review/.test(messageText(m));
    const reviewsBefore = h.standIn.messages(h.channels.ops.id).filter(isReview).length;
    h.standIn.failNext(
      'chat.postMessage',
      { status: 503 },
      1,
      (args) => args.channel === h.channels.ops.id,
    );
    // Monday 09:00, now.
    await scheduled!.promote();
    await afterJobs(h, h.sanad.slaQueue, async () =>
      (await h.sanad.slaQueue.getJob(scheduled!.id!))?.finishedOn ? true : undefined,
    );
    expect(await h.sanad.slaQueue.getJob(scheduled!.id!).then((j) => j?.getState())).toBe(
      'completed',
    );
    const toOps = h.standIn
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === h.channels.ops.id);
    expect(toOps.some((c) => c.status === 503)).toBe(true);
    expect(h.standIn.messages(h.channels.ops.id).filter(isReview)).toHaveLength(reviewsBefore + 1);
  });
});

describe('operations endpoints', () => {
  function appUrl(path: string): string {
    return new URL(path, h.appUrl).toString();
  }

  it('/healthz reports Redis and the queues', async () => {
    const res = await fetch(appUrl('/healthz'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      ok: boolean;
      queues: Record<string, Record<string, number>>;
    };
    expect(body.ok).toBe(true);
    expect(Object.keys(body.queues).sort()).toEqual([
      'sanad-cs',
      'sanad-incidents',
      'sanad-outbox',
      'sanad-sla',
    ]);
  });

  it('/metrics exposes open tickets by priority, breaches, reminder lateness and queue depths', async () => {
    const text = await (await fetch(appUrl('/metrics'))).text();
    expect(text).toMatch(/sanad_open_tickets\{priority="P1"\} \d+/);
    expect(text).toMatch(/sanad_sla_breaches_total\{priority="P1",phase="first_response"\} [1-9]/);
    expect(text).toContain('sanad_sla_reminder_lateness_seconds_bucket');
    expect(text).toMatch(/sanad_queue_jobs\{queue="sanad-sla",state="delayed"\} \d+/);
  });

  it('protects the queue dashboard with the secret', async () => {
    expect((await fetch(appUrl('/admin/queues'))).status).toBe(401);
    const wrong = Buffer.from('ops:nope').toString('base64');
    expect(
      (await fetch(appUrl('/admin/queues'), { headers: { authorization: `Basic ${wrong}` } }))
        .status,
    ).toBe(401);
    const right = Buffer.from('ops:dash-secret-123').toString('base64');
    const ok = await fetch(appUrl('/admin/queues'), {
      headers: { authorization: `Basic ${right}` },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<html');
  });

  it('lists every queue the workers run on the dashboard', async () => {
    const right = Buffer.from('ops:dash-secret-123').toString('base64');
    const res = await fetch(appUrl('/admin/queues/api/queues'), {
      headers: { authorization: `Basic ${right}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { queues: Array<{ name: string }> };
    expect(body.queues.map((q) => q.name).sort()).toEqual([
      'sanad-cs',
      'sanad-incidents',
      'sanad-outbox',
      'sanad-sla',
    ]);
  });

  it('runs the in-process workers with the configured lock duration and stalled-job interval', () => {
    for (const worker of [h.sanad.workers!.outbox, h.sanad.workers!.sla, h.sanad.workers!.cs]) {
      expect(worker.opts.lockDuration).toBe(45_000);
      expect(worker.opts.stalledInterval).toBe(40_000);
    }
  });

  // Last: it stops Redis.
  it('/healthz and /metrics answer 503 while Redis is down, and 200 again when it is back', async () => {
    await h.redis.stop();
    // The timeout only turns "no answer" into a failure; the answer comes well before it.
    const res = await fetch(appUrl('/healthz'), { signal: AbortSignal.timeout(5_000) });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { redis: string }).redis).toBe('down');
    const metrics = await fetch(appUrl('/metrics'), { signal: AbortSignal.timeout(5_000) });
    expect(metrics.status).toBe(503);

    await h.redis.start();
    // Back once the app's connections are: its own client, and the queues' (their commands,
    // held while Redis was away, answer when they have reconnected).
    if (h.sanad.redis.status !== 'ready') await once(h.sanad.redis, 'ready');
    await Promise.all(
      [h.sanad.outboxQueue, h.sanad.slaQueue, h.sanad.csQueue, h.sanad.incidentQueue].map((q) =>
        q.getJobCounts('waiting'),
      ),
    );
    expect((await fetch(appUrl('/healthz'), { signal: AbortSignal.timeout(5_000) })).status).toBe(
      200,
    );
    expect((await fetch(appUrl('/metrics'), { signal: AbortSignal.timeout(5_000) })).status).toBe(
      200,
    );
  });
});
