import type { types } from '@slack/bolt';
import { ErrorCode, type WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackStandIn } from '../../src/standin/index.ts';
import { quietLogger } from './helpers.ts';

const signingSecret = 'test-signing-secret';
const botToken = 'xoxb-standin-test';

/** A clock the test moves by hand; starts at the real time so signatures stay fresh. */
function manualClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}

async function platformError(p: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  try {
    await p;
  } catch (e) {
    const err = e as WebAPIPlatformError;
    if (err.code === ErrorCode.PlatformError) return err.data;
    throw e;
  }
  throw new Error('expected a platform error, the call succeeded');
}

describe('SlackStandIn Web API', () => {
  let standIn: SlackStandIn;
  let client: WebClient;
  const clock = manualClock();

  beforeEach(async () => {
    standIn = new SlackStandIn({
      signingSecret,
      botToken,
      now: clock.now,
      rateLimit: false,
      users: [
        { id: 'U0FOUNDER', name: 'founder', realName: 'Founder', locale: 'ar-SA' },
        { id: 'U0OPS', name: 'ops', realName: 'Operator', locale: 'en-US', tz: 'Europe/London' },
        { id: 'U0CUST', name: 'customer', teamId: 'T0ACME' },
      ],
      channels: [
        { id: 'C0TRIAGE', name: 'triage', members: ['U0FOUNDER', 'U0OPS'] },
        { id: 'C0ACME', name: 'acme-support', isExtShared: true, members: ['U0CUST', 'U0OPS'] },
        { id: 'C0OUTSIDE', name: 'random', botMember: false, members: ['U0OPS'] },
        { id: 'C0SECRET', name: 'secret', isPrivate: true, botMember: false, members: ['U0OPS'] },
      ],
    });
    await standIn.start();
    client = new WebClient(botToken, {
      slackApiUrl: standIn.apiUrl,
      retryConfig: { retries: 0 },
      logger: quietLogger(),
    });
  });

  afterEach(async () => {
    await standIn.stop();
  });

  it('answers auth.test for the bot token and refuses others', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({
      ok: true,
      team_id: 'T0SANAD',
      user_id: 'U0SANADBOT',
      bot_id: 'B0SANADBOT',
    });
    expect(standIn.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const wrong = new WebClient('xoxb-wrong', {
      slackApiUrl: standIn.apiUrl,
      retryConfig: { retries: 0 },
      logger: quietLogger(),
    });
    expect((await platformError(wrong.auth.test())).error).toBe('invalid_auth');
    const none = await fetch(`${standIn.apiUrl}auth.test`, { method: 'POST' });
    expect(await none.json()).toEqual({ ok: false, error: 'not_authed' });
    expect((await platformError(client.apiCall('chat.fly'))).error).toBe('unknown_method');
  });

  it('accepts JSON bodies as well as form bodies, and records calls without the token', async () => {
    const res = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${botToken}` },
      body: JSON.stringify({ channel: 'C0TRIAGE', text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0TRIAGE' });
    await client.chat.postMessage({
      channel: 'C0TRIAGE',
      text: 'form',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*form*' } }],
      metadata: { event_type: 'ticket_created', event_payload: { ticket: 'T-1' } },
    });
    const [json, form] = standIn.callsTo('chat.postMessage');
    expect(json?.args['blocks']).toEqual([{ type: 'divider' }]);
    expect(form?.args['blocks']).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*form*' } },
    ]);
    expect(form?.args['metadata']).toEqual({
      event_type: 'ticket_created',
      event_payload: { ticket: 'T-1' },
    });
    expect(form?.args).not.toHaveProperty('token');
    expect(form?.status).toBe(200);
    const msgs = standIn.messages('C0TRIAGE');
    expect(msgs.map((m) => m.text)).toEqual(['json', 'form']);
    expect(msgs[1]?.metadata?.event_type).toBe('ticket_created');
    expect(msgs[1]?.bot_id).toBe('B0SANADBOT');
    // Slack gives blocks a block_id
    expect(typeof (msgs[1]?.blocks?.[0] as { block_id?: string } | undefined)?.block_id).toBe(
      'string',
    );
  });

  it('gives messages unique, increasing ts values derived from the clock', async () => {
    const a = await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'a' });
    const b = await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'b' });
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(a.ts?.split('.')[0])).toBe(Math.floor(clock.now() / 1000));
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
  });

  it('refuses posts Slack refuses', async () => {
    const err = (p: Promise<unknown>) => platformError(p).then((d) => d.error);
    expect(await err(client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toBe(
      'channel_not_found',
    );
    expect(await err(client.chat.postMessage({ channel: 'C0OUTSIDE', text: 'x' }))).toBe(
      'not_in_channel',
    );
    expect(await err(client.chat.postMessage({ channel: 'C0SECRET', text: 'x' }))).toBe(
      'channel_not_found',
    );
    expect(await err(client.chat.postMessage({ channel: 'C0TRIAGE', text: '' }))).toBe('no_text');
    expect(
      await err(client.chat.postMessage({ channel: 'C0TRIAGE', text: 'x'.repeat(40_001) })),
    ).toBe('msg_too_long');
    expect(
      await err(
        client.chat.postMessage({
          channel: 'C0TRIAGE',
          text: 'x',
          attachments: Array.from({ length: 101 }, () => ({})),
        }),
      ),
    ).toBe('too_many_attachments');
    expect(standIn.messages('C0TRIAGE')).toEqual([]);
  });

  it('answers a message of 51 blocks with invalid_blocks and explains why', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' as const }));
    const data = await platformError(
      client.chat.postMessage({ channel: 'C0TRIAGE', text: 'x', blocks }),
    );
    expect(data.error).toBe('invalid_blocks');
    expect(data.response_metadata?.messages).toEqual([
      '[ERROR] no more than 50 items allowed [json-pointer:/blocks]',
    ]);
    expect(standIn.messages('C0TRIAGE')).toEqual([]);
  });

  it('posts to a user id as a DM and handles threads, broadcasts, updates and deletes', async () => {
    const dm = await client.chat.postMessage({ channel: 'U0FOUNDER', text: 'hello founder' });
    expect(dm.channel).toMatch(/^D/);
    const parent = await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'parent' });
    const parentTs = parent.ts as string;
    const reply = standIn.postAsUser('C0TRIAGE', 'U0OPS', 'a reply', { threadTs: parentTs });
    await client.chat.postMessage({
      channel: 'C0TRIAGE',
      text: 'broadcast',
      thread_ts: reply.ts,
      reply_broadcast: true,
    });
    expect(
      (
        await platformError(
          client.chat.postMessage({ channel: 'C0TRIAGE', text: 'x', thread_ts: '1.000001' }),
        )
      ).error,
    ).toBe('thread_not_found');
    const thread = standIn.thread('C0TRIAGE', parentTs);
    expect(thread.map((m) => m.text)).toEqual(['parent', 'a reply', 'broadcast']);
    expect(thread[0]).toMatchObject({ reply_count: 2, reply_users: ['U0OPS', 'U0SANADBOT'] });
    expect(thread[2]).toMatchObject({ thread_ts: parentTs, subtype: 'thread_broadcast' });
    expect(standIn.messages('C0TRIAGE').map((m) => m.text)).toEqual(['parent', 'broadcast']);

    const permalink = await client.chat.getPermalink({ channel: 'C0TRIAGE', message_ts: reply.ts });
    expect(permalink.permalink).toBe(
      `https://sanad-standin.slack.com/archives/C0TRIAGE/p${reply.ts.replace('.', '')}?thread_ts=${parentTs}&cid=C0TRIAGE`,
    );

    await client.chat.update({ channel: 'C0TRIAGE', ts: parentTs, text: 'parent (edited)' });
    expect(standIn.message('C0TRIAGE', parentTs)).toMatchObject({
      text: 'parent (edited)',
      edited: { user: 'U0SANADBOT' },
    });
    expect(
      (
        await platformError(
          client.chat.update({ channel: 'C0TRIAGE', ts: reply.ts, text: 'hijack' }),
        )
      ).error,
    ).toBe('cant_update_message');
    expect(
      (await platformError(client.chat.delete({ channel: 'C0TRIAGE', ts: '1.000001' }))).error,
    ).toBe('message_not_found');
  });

  it('sends ephemerals only to channel members', async () => {
    const res = await client.chat.postEphemeral({
      channel: 'C0TRIAGE',
      user: 'U0OPS',
      text: 'only you',
    });
    expect(res.message_ts).toBeDefined();
    expect(standIn.ephemerals('U0OPS')).toMatchObject([
      { channelId: 'C0TRIAGE', text: 'only you' },
    ]);
    expect(
      (
        await platformError(
          client.chat.postEphemeral({ channel: 'C0TRIAGE', user: 'U0CUST', text: 'x' }),
        )
      ).error,
    ).toBe('user_not_in_channel');
  });

  it("enforces Slack's channel name rules and name_taken", async () => {
    const err = (name: string) =>
      platformError(client.conversations.create({ name })).then((d) => d.error);
    expect(await err('')).toBe('invalid_name_required');
    expect(await err('Incident-1')).toBe('invalid_name_specials');
    expect(await err('inc 1')).toBe('invalid_name_specials');
    expect(await err('حادثة')).toBe('invalid_name_specials');
    expect(await err('a'.repeat(81))).toBe('invalid_name_maxlength');
    expect(await err('---')).toBe('invalid_name_punctuation');
    expect(await err('triage')).toBe('name_taken');
    const ok = await client.conversations.create({
      name: `inc-20241122-001-${'x'.repeat(63)}`,
      is_private: true,
    });
    expect(ok.channel).toMatchObject({ is_private: true, is_member: true, creator: 'U0SANADBOT' });
    expect(await err(`inc-20241122-001-${'x'.repeat(63)}`)).toBe('name_taken');
    expect(standIn.channelByName(`inc-20241122-001-${'x'.repeat(63)}`)?.members).toEqual([
      'U0SANADBOT',
    ]);
  });

  it('invites like Slack: already_in_channel only when everyone is already in', async () => {
    const { channel } = await client.conversations.create({ name: 'inc-1' });
    const id = channel?.id as string;
    await client.conversations.invite({ channel: id, users: 'U0FOUNDER,U0OPS' });
    await client.conversations.invite({ channel: id, users: 'U0OPS, U0CUST' });
    expect(standIn.channel(id)?.members).toEqual(['U0SANADBOT', 'U0FOUNDER', 'U0OPS', 'U0CUST']);
    expect(
      (await platformError(client.conversations.invite({ channel: id, users: 'U0OPS,U0FOUNDER' })))
        .error,
    ).toBe('already_in_channel');
    expect(
      (await platformError(client.conversations.invite({ channel: id, users: 'U0NOBODY' }))).error,
    ).toBe('user_not_found');
    const members = await client.conversations.members({ channel: id, limit: 3 });
    expect(members.members).toHaveLength(3);
    const more = await client.conversations.members({
      channel: id,
      cursor: members.response_metadata?.next_cursor,
    });
    expect(more.members).toEqual(['U0CUST']);
  });

  it('joins public channels and sets topic and purpose', async () => {
    await client.conversations.join({ channel: 'C0OUTSIDE' });
    await client.conversations.setTopic({ channel: 'C0OUTSIDE', topic: 'SEV1 · open' });
    await client.conversations.setPurpose({ channel: 'C0OUTSIDE', purpose: 'incident room' });
    const info = await client.conversations.info({
      channel: 'C0OUTSIDE',
      include_num_members: true,
    });
    expect(info.channel).toMatchObject({
      is_member: true,
      num_members: 2,
      topic: { value: 'SEV1 · open', creator: 'U0SANADBOT' },
      purpose: { value: 'incident room' },
    });
    expect((await client.conversations.info({ channel: 'C0ACME' })).channel?.is_ext_shared).toBe(
      true,
    );
    expect((await platformError(client.conversations.join({ channel: 'C0SECRET' }))).error).toBe(
      'channel_not_found',
    );
  });

  it('pages history newest first and filters metadata unless asked', async () => {
    for (const text of ['one', 'two', 'three']) {
      await client.chat.postMessage({
        channel: 'C0TRIAGE',
        text,
        metadata: { event_type: 'n', event_payload: { text } },
      });
    }
    const first = await client.conversations.history({ channel: 'C0TRIAGE', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['three', 'two']);
    expect(first.has_more).toBe(true);
    expect(first.messages?.[0]).not.toHaveProperty('metadata');
    const second = await client.conversations.history({
      channel: 'C0TRIAGE',
      limit: 2,
      cursor: first.response_metadata?.next_cursor,
      include_all_metadata: true,
    });
    expect(second.messages?.map((m) => [m.text, m.metadata?.event_type])).toEqual([['one', 'n']]);
    const ts = standIn.messages('C0TRIAGE').map((m) => m.ts);
    const windowed = await client.conversations.history({
      channel: 'C0TRIAGE',
      oldest: ts[0],
      latest: ts[2],
    });
    expect(windowed.messages?.map((m) => m.text)).toEqual(['two']);
    expect(
      (await platformError(client.conversations.history({ channel: 'C0OUTSIDE' }))).error,
    ).toBe('not_in_channel');
    const replies = await client.conversations.replies({
      channel: 'C0TRIAGE',
      ts: ts[1] as string,
    });
    expect(replies.messages?.map((m) => m.text)).toEqual(['two']);
  });

  it('pins and reacts', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'summary' });
    await client.pins.add({ channel: 'C0TRIAGE', timestamp: ts as string });
    expect(
      (await platformError(client.pins.add({ channel: 'C0TRIAGE', timestamp: ts as string })))
        .error,
    ).toBe('already_pinned');
    const pins = await client.pins.list({ channel: 'C0TRIAGE' });
    expect(pins.items?.[0]).toMatchObject({
      type: 'message',
      created_by: 'U0SANADBOT',
      message: { text: 'summary' },
    });
    await client.reactions.add({ channel: 'C0TRIAGE', timestamp: ts as string, name: 'eyes' });
    const r = await client.reactions.get({ channel: 'C0TRIAGE', timestamp: ts as string });
    expect(r.message?.reactions).toEqual([{ name: 'eyes', users: ['U0SANADBOT'], count: 1 }]);
    await client.pins.remove({ channel: 'C0TRIAGE', timestamp: ts as string });
    expect(standIn.pins('C0TRIAGE')).toEqual([]);
  });

  it('reports users with their locale when asked', async () => {
    const plain = await client.users.info({ user: 'U0FOUNDER' });
    expect(plain.user).not.toHaveProperty('locale');
    const withLocale = await client.users.info({ user: 'U0OPS', include_locale: true });
    expect(withLocale.user).toMatchObject({
      locale: 'en-US',
      tz: 'Europe/London',
      real_name: 'Operator',
    });
    expect((await platformError(client.users.info({ user: 'U0NOBODY' }))).error).toBe(
      'user_not_found',
    );
  });

  it('serves response_urls: ephemeral by default, in_channel as messages, 5 uses, 30 minutes', async () => {
    standIn.setAppUrl('http://127.0.0.1:1/slack/events'); // nobody listens: the command is lost
    const sent = await standIn.sendSlashCommand({
      command: '/ticket',
      text: 'x',
      userId: 'U0OPS',
      channelId: 'C0TRIAGE',
    });
    expect(sent.status).toBe(0);
    const url = sent.responseUrl as string;
    const post = (body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ text: 'just for you' })).status).toBe(200);
    expect((await post({ response_type: 'in_channel', text: 'for everyone' })).status).toBe(200);
    expect((await post({ text: '' })).status).toBe(400);
    expect(
      (await post({ blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).status,
    ).toBe(400);
    expect((await post({ text: 'fifth' })).status).toBe(200);
    const sixth = await post({ text: 'sixth' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
    expect(standIn.ephemerals('U0OPS').map((e) => e.text)).toEqual(['just for you', 'fifth']);
    expect(standIn.messages('C0TRIAGE').map((m) => m.text)).toEqual(['for everyone']);
    expect(standIn.responseUrlPosts.map((p) => [p.outcome, p.error ?? ''])).toEqual([
      ['ephemeral', ''],
      ['in_channel', ''],
      ['rejected', 'no_text'],
      ['rejected', 'invalid_blocks'],
      ['ephemeral', ''],
      ['rejected', 'used_url'],
    ]);

    const late = await standIn.sendSlashCommand({
      command: '/ticket',
      userId: 'U0OPS',
      channelId: 'C0TRIAGE',
    });
    clock.advance(30 * 60 * 1000 + 1);
    const expired = await fetch(late.responseUrl as string, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'too late' }),
    });
    expect(await expired.json()).toEqual({ ok: false, error: 'expired_url' });
    expect(standIn.appRequests.map((r) => [r.kind, r.type, r.status])).toEqual([
      ['command', '/ticket', 0],
      ['command', '/ticket', 0],
    ]);
  });

  it('serves a JSON snapshot of the workspace', async () => {
    await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'visible' });
    const state = (await (await fetch(`${standIn.url}/_standin/state`)).json()) as {
      channels: { id: string; messages: { text: string }[] }[];
    };
    expect(state.channels.find((c) => c.id === 'C0TRIAGE')?.messages.map((m) => m.text)).toEqual([
      'visible',
    ]);
  });

  describe('views', () => {
    const view = (title = 'New ticket'): types.ModalView => ({
      type: 'modal',
      callback_id: 'ticket_intake',
      title: { type: 'plain_text', text: title },
      submit: { type: 'plain_text', text: 'Create' },
      blocks: [
        {
          type: 'input',
          block_id: 'text',
          label: { type: 'plain_text', text: 'Text' },
          element: { type: 'plain_text_input', action_id: 'value' },
        },
      ],
    });

    it('opens a modal with a fresh trigger, once', async () => {
      const trigger = standIn.issueTrigger('U0OPS');
      const res = await client.views.open({ trigger_id: trigger, view: view() });
      expect(res.view).toMatchObject({
        id: expect.stringMatching(/^V/),
        callback_id: 'ticket_intake',
        hash: expect.any(String),
      });
      expect(standIn.openViews('U0OPS').map((v) => v.id)).toEqual([res.view?.id]);
      expect(
        (await platformError(client.views.open({ trigger_id: trigger, view: view() }))).error,
      ).toBe('exchanged_trigger_id');
      expect(
        (await platformError(client.views.open({ trigger_id: '123.456.abc', view: view() }))).error,
      ).toBe('invalid_trigger_id');
    });

    it('refuses an expired trigger (3 s by the injected clock)', async () => {
      const trigger = standIn.issueTrigger('U0OPS');
      clock.advance(3001);
      const data = await platformError(client.views.open({ trigger_id: trigger, view: view() }));
      expect(data.error).toBe('expired_trigger_id');
      expect(standIn.openViews('U0OPS')).toEqual([]);
    });

    it('refuses a modal title of 25 characters with invalid_arguments', async () => {
      const data = await platformError(
        client.views.open({
          trigger_id: standIn.issueTrigger('U0OPS'),
          view: view('x'.repeat(25)),
        }),
      );
      expect(data.error).toBe('invalid_arguments');
      expect(data.response_metadata?.messages).toEqual([
        '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
      ]);
    });

    it('updates by id or external_id, honouring hash', async () => {
      const opened = await client.views.open({
        trigger_id: standIn.issueTrigger('U0OPS'),
        view: { ...view(), external_id: 'ticket-42' },
      });
      const id = opened.view?.id as string;
      const hash = opened.view?.hash as string;
      const updated = await client.views.update({ view_id: id, hash, view: view('Updated') });
      expect(updated.view?.id).toBe(id);
      expect(updated.view?.hash).not.toBe(hash);
      expect(
        (await platformError(client.views.update({ view_id: id, hash, view: view('Stale') })))
          .error,
      ).toBe('hash_conflict');
      await client.views.update({
        external_id: 'ticket-42',
        view: { ...view('By external id'), external_id: 'ticket-42' },
      });
      expect(standIn.view(id)?.title?.text).toBe('By external id');
      expect(
        (await platformError(client.views.update({ view_id: 'V0NOPE', view: view() }))).error,
      ).toBe('not_found');
    });

    it('pushes up to three views and publishes App Home per user', async () => {
      await client.views.open({ trigger_id: standIn.issueTrigger('U0OPS'), view: view('One') });
      await client.views.push({ trigger_id: standIn.issueTrigger('U0OPS'), view: view('Two') });
      await client.views.push({ trigger_id: standIn.issueTrigger('U0OPS'), view: view('Three') });
      expect(
        (
          await platformError(
            client.views.push({ trigger_id: standIn.issueTrigger('U0OPS'), view: view('Four') }),
          )
        ).error,
      ).toBe('push_limit_reached');
      const stack = standIn.openViews('U0OPS');
      expect(stack.map((v) => v.title?.text)).toEqual(['One', 'Two', 'Three']);
      expect(stack[2]).toMatchObject({
        root_view_id: stack[0]?.id,
        previous_view_id: stack[1]?.id,
      });

      const home: types.HomeView = {
        type: 'home',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Waiting for you: 2' } }],
      } as const;
      const published = await client.views.publish({ user_id: 'U0FOUNDER', view: home });
      const again = await client.views.publish({
        user_id: 'U0FOUNDER',
        view: home,
        hash: published.view?.hash,
      });
      expect(again.view?.id).toBe(published.view?.id);
      expect(standIn.homeView('U0FOUNDER')?.blocks).toHaveLength(1);
      expect(standIn.homeView('U0OPS')).toBeUndefined();
      expect(
        (await platformError(client.views.publish({ user_id: 'U0FOUNDER', view: view() }))).error,
      ).toBe('invalid_arguments');
    });
  });

  describe('rate limit and faults', () => {
    it('answers the second post within a second with 429 + Retry-After and posts nothing', async () => {
      standIn.setRateLimit({ postsPerSecondPerChannel: 1 });
      await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'first' });
      const res = await fetch(`${standIn.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Bearer ${botToken}`,
        },
        body: new URLSearchParams({ channel: 'C0TRIAGE', text: 'second' }),
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
      // another channel has its own budget
      await client.chat.postMessage({ channel: 'C0ACME', text: 'elsewhere' });
      expect(standIn.messages('C0TRIAGE').map((m) => m.text)).toEqual(['first']);
      clock.advance(1000);
      await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'later' });
      expect(standIn.messages('C0TRIAGE').map((m) => m.text)).toEqual(['first', 'later']);
    });

    it('lets a WebClient with its default retry policy post exactly once after a 429', async () => {
      const realClock = new SlackStandIn({
        signingSecret,
        botToken,
        channels: [{ id: 'C0TRIAGE', name: 'triage' }],
      });
      await realClock.start();
      try {
        const defaultClient = new WebClient(botToken, {
          slackApiUrl: realClock.apiUrl,
          logger: quietLogger(),
        });
        await defaultClient.chat.postMessage({ channel: 'C0TRIAGE', text: 'first' });
        const second = await defaultClient.chat.postMessage({
          channel: 'C0TRIAGE',
          text: 'second',
        });
        expect(second.ok).toBe(true);
        const statuses = realClock.callsTo('chat.postMessage').map((c) => c.status);
        expect(statuses[0]).toBe(200);
        expect(statuses).toContain(429);
        expect(statuses.at(-1)).toBe(200);
        expect(realClock.messages('C0TRIAGE').map((m) => m.text)).toEqual(['first', 'second']);
      } finally {
        await realClock.stop();
      }
    });

    it('failNext 500 stores nothing and the next call works', async () => {
      standIn.failNext('chat.postMessage', { status: 500 });
      await expect(
        client.chat.postMessage({ channel: 'C0TRIAGE', text: 'lost' }),
      ).rejects.toMatchObject({
        code: ErrorCode.HTTPError,
        statusCode: 500,
      });
      expect(standIn.messages('C0TRIAGE')).toEqual([]);
      expect(standIn.callsTo('chat.postMessage')).toMatchObject([
        { status: 500, response: undefined },
      ]);
      await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'kept' });
      expect(standIn.messages('C0TRIAGE').map((m) => m.text)).toEqual(['kept']);
    });

    it('injects platform errors, 429s and counts', async () => {
      standIn.failNext(
        'conversations.create',
        { error: 'missing_scope', needed: 'channels:manage' },
        2,
      );
      for (let i = 0; i < 2; i++) {
        const data = await platformError(client.conversations.create({ name: 'inc-x' }));
        expect(data).toMatchObject({ error: 'missing_scope', needed: 'channels:manage' });
      }
      await client.conversations.create({ name: 'inc-x' });
      standIn.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
      const strict = new WebClient(botToken, {
        slackApiUrl: standIn.apiUrl,
        rejectRateLimitedCalls: true,
      });
      await expect(
        strict.chat.postMessage({ channel: 'C0TRIAGE', text: 'x' }),
      ).rejects.toMatchObject({
        code: ErrorCode.RateLimitedError,
        retryAfter: 7,
      });
    });

    it('hangs a call until the client gives up, and stop() cleans up', async () => {
      standIn.failNext('chat.postMessage', { hang: true });
      const impatient = new WebClient(botToken, {
        slackApiUrl: standIn.apiUrl,
        timeout: 200,
        retryConfig: { retries: 0 },
        logger: quietLogger(),
      });
      await expect(
        impatient.chat.postMessage({ channel: 'C0TRIAGE', text: 'x' }),
      ).rejects.toMatchObject({
        code: ErrorCode.RequestError,
      });
      expect(standIn.callsTo('chat.postMessage')).toMatchObject([{ status: 0 }]);
      expect(standIn.messages('C0TRIAGE')).toEqual([]);

      standIn.failNext('auth.test', { hang: true });
      const pending = fetch(`${standIn.apiUrl}auth.test`, {
        method: 'POST',
        headers: { authorization: `Bearer ${botToken}` },
      });
      await standIn.waitForCall('auth.test');
      await standIn.stop();
      await expect(pending).rejects.toThrow();
    });

    it('delays a call and then answers it normally', async () => {
      standIn.failNext('auth.test', { delayMs: 50 });
      const started = performance.now();
      await client.auth.test();
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    });
  });

  describe('waiting', () => {
    it('resolves with past and future calls and messages', async () => {
      await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'early' });
      await expect(standIn.waitForCall('chat.postMessage')).resolves.toMatchObject({
        args: { text: 'early' },
      });
      const later = standIn.waitForMessage('C0TRIAGE', (m) => m.text === 'late');
      await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'late' });
      await expect(later).resolves.toMatchObject({ text: 'late', bot_id: 'B0SANADBOT' });
    });

    it('rejects with a helpful message on timeout', async () => {
      await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'something else' });
      await expect(
        standIn.waitForMessage('C0TRIAGE', (m) => m.text === 'never', { timeoutMs: 50 }),
      ).rejects.toThrow(
        /timed out after 50 ms waiting for a message in C0TRIAGE[\s\S]*something else[\s\S]*chat.postMessage → ok/,
      );
    });

    it('emits change events', async () => {
      const changes: string[] = [];
      standIn.on('change', (c) => changes.push(c.kind));
      await client.chat.postMessage({ channel: 'C0TRIAGE', text: 'x' });
      await client.conversations.create({ name: 'new-room' });
      expect(changes).toEqual(['message_posted', 'channel_created']);
    });
  });
});
