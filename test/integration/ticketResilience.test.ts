/**
 * Slack errors and Redis restarts delay work, never drop or duplicate it.
 */
import { spawn } from 'node:child_process';
import { QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSanad } from '../../src/app.ts';
import { loadConfig } from '../../src/config/index.ts';
import { QUEUE_PREFIX } from '../../src/core.ts';
import { bullConnectionOptions, RedisUnavailableError } from '../../src/infra/redis.ts';
import { freePort } from '../../src/infra/redisServer.ts';
import { OUTBOX_QUEUE } from '../../src/jobs/outbox.ts';
import { ACTION } from '../../src/views/ids.ts';
import { eventually, type Harness, messageText, startHarness } from '../support/sanadHarness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ rateLimit: { postsPerSecondPerChannel: 1 } });
});
afterAll(async () => {
  await h?.stop();
});

async function createFromCustomer(text: string) {
  const channel = h.channels.nakheel.id;
  const message = h.standIn.postAsUser(channel, h.users.customerNakheel.id, text);
  await h.standIn.sendMessageShortcut({
    callbackId: 'sanad_create_ticket',
    channelId: channel,
    messageTs: message.ts,
    userId: h.users.approver.id,
  });
  const modal = await h.standIn.waitForView(
    h.users.approver.id,
    (v) => v.callback_id === 'sanad_ticket_from_message',
  );
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

describe('Slack failures delay a post, never lose or duplicate it', () => {
  it('retries after a 5xx and after a 429 with Retry-After, posting the reply exactly once', async () => {
    const { channel, message, ticketId, card } = await createFromCustomer(
      'How do I change the language of my weekly report?',
    );
    h.standIn.failNext('chat.postMessage', { status: 503 });
    h.standIn.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    const reply = await h.standIn.waitForMessage(
      channel,
      (m) => m.thread_ts === message.ts && m.user === h.standIn.bot.userId,
      { timeoutMs: 15_000 },
    );
    expect(reply.text).toBeTruthy();
    const failed = h.standIn
      .callsTo('chat.postMessage')
      .filter((c) => c.status === 503 || c.status === 429);
    expect(failed.length).toBeGreaterThanOrEqual(2);
    await eventually(h.standIn, async () =>
      (await h.sanad.store.getTicket(ticketId))?.firstResponseAtMs ? true : undefined,
    );
    const replies = h.standIn
      .thread(channel, message.ts)
      .filter((m) => m.user === h.standIn.bot.userId);
    expect(replies).toHaveLength(1);
  });

  it('does not post twice when Slack stored the post but the answer was lost (timeout)', async () => {
    const { channel, message, ticketId, card } = await createFromCustomer(
      'Where can I download last month invoice?',
    );
    // Slack stores the post, but the connection drops before the answer reaches us.
    h.standIn.failNext('chat.postMessage', { dropResponse: true });
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    await eventually(
      h.standIn,
      async () => ((await h.sanad.store.getTicket(ticketId))?.firstResponseAtMs ? true : undefined),
      { timeoutMs: 15_000 },
    );
    expect(h.standIn.callsTo('chat.postMessage').some((c) => c.status === 0)).toBe(true);
    const replies = h.standIn
      .thread(channel, message.ts)
      .filter((m) => m.user === h.standIn.bot.userId);
    expect(replies).toHaveLength(1);
  });
});

describe('the last check before posting (rule 2)', () => {
  it('never posts an approved reply naming an internal id: it is handed back, flagged, and the ledger says why', async () => {
    const { channel, message, ticketId, card } = await createFromCustomer(
      'Can I add a second billing contact?',
    );
    // A reply approved before internal ids were checked at approval (stored that way).
    const leaky = `Thanks, your reference is ${ticketId}; we will update you today.`;
    const { ticket } = await h.sanad.store.updateTicket(
      ticketId,
      (t) => ({
        ticket: {
          ...t,
          version: t.version + 1,
          draft: {
            ...t.draft,
            text: leaky,
            violations: [],
            status: 'approved',
            approvedBy: h.users.approver.id,
            approvedAtMs: Date.now(),
          },
        },
        ledger: [],
      }),
      h.sanad.tickets.openScore,
    );
    await h.sanad.outbox.postReply(ticket);
    // The card shows the reply waiting again, flagged, with Edit.
    const back = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) =>
        m.ts === card.ts &&
        /Internal id \(never shown to customers\)|معرّف داخلي/.test(messageText(m)) &&
        JSON.stringify(m.blocks).includes(ACTION.edit),
    );
    expect(messageText(back)).toMatch(/Reply waiting for approval|رد بانتظار الموافقة/);
    const stored = await h.sanad.store.getTicket(ticketId);
    expect(stored?.draft.status).toBe('pending');
    expect(stored?.draft.violations.map((v) => v.category)).toContain('internal_id');
    expect(stored?.firstResponseAtMs).toBeUndefined();
    const actions = (await h.sanad.store.readLedger({ ticketId })).map((e) => e.action);
    expect(actions).toContain('reply.withheld');
    expect(
      h.standIn.thread(channel, message.ts).filter((m) => m.user === h.standIn.bot.userId),
    ).toHaveLength(0);
    expect(h.standIn.messages(channel).some((m) => messageText(m).includes(ticketId))).toBe(false);
  });
});

describe('Slack refuses an approved reply for good', () => {
  const botReplies = (channel: string, ts: string) =>
    h.standIn.thread(channel, ts).filter((m) => m.user === h.standIn.bot.userId);

  it('hands the reply back with the reason on the card and a note to the approver; approving again sends it once', async () => {
    const { channel, message, ticketId, card } = await createFromCustomer(
      'How do I export my report as a PDF?',
    );
    // Sanad is not in the customer's channel (yet): Slack answers not_in_channel.
    h.standIn.failNext(
      'chat.postMessage',
      { error: 'not_in_channel' },
      1,
      (a) => a.channel === channel,
    );
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    // The approver is told in the card's thread, with what to do about it.
    const note = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.thread_ts === card.ts && messageText(m).includes('not_in_channel'),
    );
    expect(messageText(note)).toContain(`<@${h.users.approver.id}>`);
    expect(messageText(note)).toMatch(/invite @Sanad to <#|ادعُ @Sanad إلى <#/);
    // The card says why, and offers Approve and Edit again.
    const refused = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) =>
        m.ts === card.ts &&
        /Slack refused the reply|رفضت Slack إرسال الرد/.test(messageText(m)) &&
        JSON.stringify(m.blocks).includes(ACTION.approve),
    );
    expect(JSON.stringify(refused.blocks)).toContain(ACTION.edit);
    expect(messageText(refused)).toContain('not_in_channel');
    expect(botReplies(channel, message.ts)).toHaveLength(0);
    const ticket = await h.sanad.store.getTicket(ticketId);
    expect(ticket?.draft.status).toBe('pending');
    expect(ticket?.firstResponseAtMs).toBeUndefined();
    const actions = (await h.sanad.store.readLedger({ ticketId })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['outbox.failed', 'reply.refused']));

    // Sanad is invited; approving again sends the reply, once.
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    await eventually(h.standIn, async () =>
      (await h.sanad.store.getTicket(ticketId))?.firstResponseAtMs ? true : undefined,
    );
    expect(botReplies(channel, message.ts)).toHaveLength(1);
    const sent = await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.ts === card.ts && /First response sent|أول رد أُرسل/.test(messageText(m)),
    );
    expect(messageText(sent)).not.toMatch(/Slack refused the reply|رفضت Slack إرسال الرد/);
  });

  it('after a refusal, an edited reply can be approved and sent', async () => {
    const { channel, message, ticketId, card } = await createFromCustomer(
      'Is the archive export available for older reports?',
    );
    h.standIn.failNext(
      'chat.postMessage',
      { error: 'is_archived' },
      1,
      (a) => a.channel === channel,
    );
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    await eventually(h.standIn, async () =>
      (await h.sanad.store.getTicket(ticketId))?.draft.slackRefusal ? true : undefined,
    );
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.edit,
    });
    const edit = await h.standIn.waitForView(
      h.users.approver.id,
      (v) => v.callback_id === 'sanad_draft_edit',
    );
    await h.standIn.submitView({
      viewId: edit.id,
      userId: h.users.approver.id,
      values: { draft_text_block: { draft_text: 'Yes — older reports can be exported too.' } },
    });
    // Approve on the card once it shows the edit (its buttons are for the draft on screen).
    await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.ts === card.ts && messageText(m).includes('older reports can be exported'),
    );
    await h.standIn.clickButton({
      userId: h.users.approver.id,
      channelId: h.channels.triage.id,
      messageTs: card.ts,
      actionId: ACTION.approve,
    });
    const reply = await h.standIn.waitForMessage(
      channel,
      (m) => m.thread_ts === message.ts && m.user === h.standIn.bot.userId,
    );
    expect(messageText(reply)).toContain('older reports can be exported');
    expect(botReplies(channel, message.ts)).toHaveLength(1);
  });

  it('never posts twice: a reply that went out before a refusal is found, not re-posted, when approved again', async () => {
    const { channel, message, ticketId, card } = await createFromCustomer(
      'Can the weekly report go to two addresses?',
    );
    // Slack's rate limit would make the second approval's job a retry, which looks anyway;
    // without it the second approval's first attempt is what must look.
    h.standIn.setRateLimit(false);
    try {
      // The post reaches the customer but its answer is lost; the retry's look for it is refused.
      h.standIn.failNext(
        'chat.postMessage',
        { dropResponse: true },
        1,
        (a) => a.channel === channel,
      );
      h.standIn.failNext(
        'conversations.replies',
        { error: 'not_in_channel' },
        1,
        (a) => a.channel === channel,
      );
      await h.standIn.clickButton({
        userId: h.users.approver.id,
        channelId: h.channels.triage.id,
        messageTs: card.ts,
        actionId: ACTION.approve,
      });
      await eventually(
        h.standIn,
        async () =>
          (await h.sanad.store.getTicket(ticketId))?.draft.slackRefusal ? true : undefined,
        { timeoutMs: 15_000 },
      );
      expect(botReplies(channel, message.ts)).toHaveLength(1);
      await h.standIn.clickButton({
        userId: h.users.approver.id,
        channelId: h.channels.triage.id,
        messageTs: card.ts,
        actionId: ACTION.approve,
      });
      const sent = await eventually(h.standIn, async () => {
        const t = await h.sanad.store.getTicket(ticketId);
        return t?.draft.status === 'sent' ? t : undefined;
      });
      expect(botReplies(channel, message.ts)).toHaveLength(1);
      expect(sent.draft.messageTs).toBe(botReplies(channel, message.ts)[0]?.ts);
    } finally {
      h.standIn.setRateLimit({ postsPerSecondPerChannel: 1 });
    }
  });
});

describe('Worker contention', () => {
  it('a card update that finds another worker on the card waits, spends no attempt, then shows the change', async () => {
    const { ticketId, card } = await createFromCustomer('Can I rename a workspace after setup?');
    // Another worker holds the card's lock (as while it re-renders the card).
    const lock = `sanad:lock:card:${ticketId}`;
    await h.sanad.redis.set(lock, 'another-worker', 'PX', 30_000);
    // Queue events, not Slack's, say when the job steps back: the held card makes no Slack call.
    const events = new QueueEvents(OUTBOX_QUEUE, {
      connection: bullConnectionOptions(h.sanad.config.redisUrl!),
      prefix: QUEUE_PREFIX,
    });
    await events.waitUntilReady();
    const delayed = new Promise<string>((resolve) =>
      events.on('delayed', ({ jobId }) => {
        if (jobId.startsWith(`card-${ticketId}-`)) resolve(jobId);
      }),
    );
    // (Through the service: the click's only Slack effect, the card update, is what is held.)
    await h.sanad.tickets.pause(ticketId, h.users.approver.id);
    const jobId = await delayed;
    const job = (await h.sanad.outboxQueue.getJob(jobId))!;
    expect(job.attemptsMade).toBe(0);
    const paused = /clock paused|الساعة متوقفة/;
    const cardNow = () =>
      h.standIn.allMessages(h.channels.triage.id).find((m) => m.ts === card.ts)!;
    expect(messageText(cardNow())).not.toMatch(paused);
    await h.sanad.redis.del(lock);
    await h.standIn.waitForMessage(
      h.channels.triage.id,
      (m) => m.ts === card.ts && paused.test(messageText(m)),
    );
    await job.waitUntilFinished(events);
    await events.close();
    // One attempt in all: the wait behind the lock spent none.
    expect((await h.sanad.outboxQueue.getJob(jobId))?.attemptsMade).toBe(1);
  });
});

describe('Redis', () => {
  it('loses no ticket across a redis-server restart (AOF), and keeps serving', async () => {
    const { ticketId } = await createFromCustomer('Is there an API for pipeline export?');
    await h.redis.restart();
    expect((await h.sanad.store.getTicket(ticketId))?.id).toBe(ticketId);
    const { ticketId: after } = await createFromCustomer('Another question after the restart');
    expect(after).not.toBe(ticketId);
  });

  it('gives a clear error when Redis is unreachable at start-up', async () => {
    const port = await freePort();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-x',
      SLACK_SIGNING_SECRET: 'secret-secret',
      SLACK_API_URL: h.standIn.apiUrl,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      TRIAGE_CHANNEL_ID: 'C0TRIAGE',
      OPS_CHANNEL_ID: 'C0OPS',
      FOUNDER_USER_IDS: 'U0FOUNDER',
    });
    await expect(createSanad({ config })).rejects.toThrow(RedisUnavailableError);
    await expect(createSanad({ config })).rejects.toThrow(
      `Cannot reach Redis at redis://127.0.0.1:${port}`,
    );
  });

  it('npm start exits with a message naming REDIS_URL when Redis is down', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/app.ts'], {
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: 'xoxb-x',
        SLACK_SIGNING_SECRET: 'secret-secret',
        SLACK_API_URL: h.standIn.apiUrl,
        REDIS_URL: `redis://127.0.0.1:${port}`,
        TRIAGE_CHANNEL_ID: 'C0TRIAGE',
        OPS_CHANNEL_ID: 'C0OPS',
        FOUNDER_USER_IDS: 'U0FOUNDER',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('Sanad cannot start');
    expect(stderr).toContain('REDIS_URL');
    expect(stderr).not.toContain('xoxb-x');
  });
});
