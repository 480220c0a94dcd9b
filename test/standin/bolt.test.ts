import type { App, BlockButtonAction, types, ViewSubmitAction } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackStandIn, StandInError } from '../../src/standin/index.ts';
import { deferred, startBoltApp } from './helpers.ts';

const signingSecret = 'bolt-signing-secret';
const token = 'xoxb-bolt-test';

const intakeView: types.ModalView = {
  type: 'modal',
  callback_id: 'ticket_intake',
  title: { type: 'plain_text', text: 'New ticket' },
  submit: { type: 'plain_text', text: 'Create' },
  notify_on_close: true,
  blocks: [
    {
      type: 'input',
      block_id: 'text',
      label: { type: 'plain_text', text: 'What happened?' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true },
    },
    {
      type: 'input',
      block_id: 'priority',
      optional: true,
      label: { type: 'plain_text', text: 'Priority' },
      element: {
        type: 'static_select',
        action_id: 'value',
        options: ['P0', 'P1', 'P2', 'P3'].map((p) => ({
          text: { type: 'plain_text', text: p },
          value: p,
        })),
      },
    },
    {
      type: 'input',
      block_id: 'watchers',
      optional: true,
      label: { type: 'plain_text', text: 'Watchers' },
      element: { type: 'multi_users_select', action_id: 'value' },
    },
    {
      type: 'input',
      block_id: 'affected',
      optional: true,
      label: { type: 'plain_text', text: 'Affected customers' },
      element: {
        type: 'number_input',
        action_id: 'value',
        is_decimal_allowed: false,
        min_value: '0',
      },
    },
  ],
};

describe('SlackStandIn with a real Bolt 5 app', () => {
  let standIn: SlackStandIn;
  let clockOffset = 0;
  let stopApp: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    clockOffset = 0;
    standIn = new SlackStandIn({
      signingSecret,
      botToken: token,
      now: () => Date.now() + clockOffset,
      rateLimit: false,
      users: [
        { id: 'U0FOUNDER', name: 'founder', locale: 'ar-SA' },
        { id: 'U0OPS', name: 'ops', locale: 'en-US' },
      ],
      channels: [{ id: 'C0TRIAGE', name: 'triage', members: ['U0FOUNDER', 'U0OPS'] }],
    });
    await standIn.start();
  });

  afterEach(async () => {
    await stopApp?.();
    stopApp = undefined;
    await standIn.stop();
  });

  async function boot(register: (app: App) => void) {
    const started = await startBoltApp(standIn, { signingSecret, token, register });
    stopApp = started.stop;
    return started;
  }

  it('delivers a slash command to app.command; ack text, respond() and say() all land', async () => {
    const seen = deferred<{ text: string; user: string; channel: string }>();
    await boot((app) => {
      app.command('/ticket', async ({ command, ack, respond, say }) => {
        await ack('Working on it…');
        seen.resolve({ text: command.text, user: command.user_id, channel: command.channel_name });
        await respond({ text: 'Ticket drafted (only you can see this)' });
        await respond({ response_type: 'in_channel', text: 'A ticket was opened' });
        await say('Card posted to triage');
      });
    });
    const res = await standIn.sendSlashCommand({
      command: '/ticket',
      text: 'تسريب بيانات العميل',
      userId: 'U0OPS',
      channelId: 'C0TRIAGE',
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('Working on it…');
    expect(res.triggerId).toBeDefined();
    await expect(seen.promise).resolves.toEqual({
      text: 'تسريب بيانات العميل',
      user: 'U0OPS',
      channel: 'triage',
    });
    await standIn.waitForMessage('C0TRIAGE', (m) => m.text === 'Card posted to triage');
    await standIn.waitUntil(() => standIn.responseUrlPosts.length === 2);
    expect(standIn.responseUrlPosts.map((p) => p.outcome)).toEqual(['ephemeral', 'in_channel']);
    expect(standIn.ephemerals('U0OPS').map((e) => [e.source, e.text])).toEqual([
      ['ack', 'Working on it…'],
      ['response_url', 'Ticket drafted (only you can see this)'],
    ]);
    expect(standIn.messages('C0TRIAGE').map((m) => m.text)).toEqual([
      'A ticket was opened',
      'Card posted to triage',
    ]);
    expect(standIn.messages('C0TRIAGE').every((m) => m.bot_id === 'B0SANADBOT')).toBe(true);
  });

  it('gets 401 from Bolt for a forged signature, a tampered body or a stale timestamp', async () => {
    let called = 0;
    const { logger } = await boot((app) => {
      app.command('/ticket', async ({ ack }) => {
        called += 1;
        await ack();
      });
    });
    const base = { command: '/ticket', text: 'x', userId: 'U0OPS', channelId: 'C0TRIAGE' };
    expect(
      (await standIn.sendSlashCommand({ ...base, signatureOverride: `v0=${'0'.repeat(64)}` }))
        .status,
    ).toBe(401);
    expect((await standIn.sendSlashCommand({ ...base, tamperBody: true })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await standIn.sendSlashCommand({ ...base, timestampOverride: stale })).status).toBe(
      401,
    );
    expect(called).toBe(0);
    expect(logger.lines.some((l) => l.includes('signature mismatch'))).toBe(true);
    expect((await standIn.sendSlashCommand(base)).status).toBe(200);
    expect(called).toBe(1);
  });

  it('answers url_verification and passes retry headers to the app', async () => {
    const retry = deferred<{ num: number | undefined; reason: string | undefined }>();
    await boot((app) => {
      app.event('app_mention', async ({ context }) => {
        retry.resolve({ num: context.retryNum, reason: context.retryReason });
      });
    });
    const challenge = await standIn.sendUrlVerification('abc123');
    expect(challenge.body).toEqual({ challenge: 'abc123' });
    await standIn.sendEvent(
      {
        type: 'app_mention',
        user: 'U0OPS',
        text: '<@U0SANADBOT> hi',
        channel: 'C0TRIAGE',
        ts: '1.000001',
      },
      { retryNum: 1, retryReason: 'http_timeout' },
    );
    await expect(retry.promise).resolves.toEqual({ num: 1, reason: 'http_timeout' });
  });

  it('opens a modal from a message shortcut and fails views.open once the trigger expired', async () => {
    const gate = deferred();
    await boot((app) => {
      app.shortcut('create_ticket', async ({ shortcut, ack, client }) => {
        await ack();
        if (shortcut.type !== 'message_action') return;
        if (shortcut.message.text === 'slow one') await gate.promise;
        await client.views
          .open({
            trigger_id: shortcut.trigger_id,
            view: {
              ...intakeView,
              private_metadata: JSON.stringify({
                channel: shortcut.channel.id,
                ts: shortcut.message_ts,
              }),
            },
          })
          .catch(() => undefined);
      });
    });
    const source = standIn.postAsUser('C0TRIAGE', 'U0FOUNDER', 'the customer says the data leaked');
    const res = await standIn.sendMessageShortcut({
      callbackId: 'create_ticket',
      channelId: 'C0TRIAGE',
      messageTs: source.ts,
      userId: 'U0OPS',
    });
    expect(res.status).toBe(200);
    const view = await standIn.waitForView('U0OPS', (v) => v.callback_id === 'ticket_intake');
    expect(JSON.parse(view.private_metadata)).toEqual({ channel: 'C0TRIAGE', ts: source.ts });

    const slow = standIn.postAsUser('C0TRIAGE', 'U0FOUNDER', 'slow one');
    await standIn.sendMessageShortcut({
      callbackId: 'create_ticket',
      channelId: 'C0TRIAGE',
      messageTs: slow.ts,
      userId: 'U0FOUNDER',
    });
    clockOffset += 3001;
    gate.resolve();
    const call = await standIn.waitFor(
      (c) => c.method === 'views.open' && c.response?.['ok'] === false,
    );
    expect(call.response?.['error']).toBe('expired_trigger_id');
    expect(standIn.openViews('U0FOUNDER')).toEqual([]);
  });

  it('routes a click on a message button to app.action, and respond() replaces the card', async () => {
    const clicked = deferred<BlockButtonAction>();
    await boot((app) => {
      app.action<BlockButtonAction>('approve', async ({ ack, body, respond }) => {
        await ack();
        clicked.resolve(body);
        await respond({ replace_original: true, text: `Approved by <@${body.user.id}>` });
      });
    });
    const card = await fetch(`${standIn.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        channel: 'C0TRIAGE',
        text: 'Ticket T-1 (P0)',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: '*P0* data leak' } },
          {
            type: 'actions',
            block_id: 'ticket:T-1',
            elements: [
              {
                type: 'button',
                action_id: 'approve',
                text: { type: 'plain_text', text: 'Approve & send' },
                value: 'T-1',
                style: 'primary',
              },
              {
                type: 'button',
                action_id: 'reject',
                text: { type: 'plain_text', text: 'Reject' },
                value: 'T-1',
              },
            ],
          },
        ],
      }),
    }).then((r) => r.json() as Promise<{ ts: string }>);

    await expect(() =>
      standIn.clickButton({
        userId: 'U0FOUNDER',
        channelId: 'C0TRIAGE',
        messageTs: card.ts,
        actionId: 'escalate',
      }),
    ).rejects.toThrow(/no element with action_id 'escalate'.*approve \(button, block ticket:T-1\)/);

    const res = await standIn.clickButton({
      userId: 'U0FOUNDER',
      channelId: 'C0TRIAGE',
      messageTs: card.ts,
      actionId: 'approve',
    });
    expect(res.status).toBe(200);
    const body = await clicked.promise;
    expect(body.actions[0]).toMatchObject({
      type: 'button',
      action_id: 'approve',
      block_id: 'ticket:T-1',
      value: 'T-1',
      style: 'primary',
    });
    expect(body.container).toMatchObject({
      type: 'message',
      message_ts: card.ts,
      channel_id: 'C0TRIAGE',
    });
    expect(body.message?.ts).toBe(card.ts);
    expect(body.channel).toEqual({ id: 'C0TRIAGE', name: 'triage' });
    await standIn.waitForMessage(
      'C0TRIAGE',
      (m) => m.ts === card.ts && m.text === 'Approved by <@U0FOUNDER>',
    );
    expect(standIn.message('C0TRIAGE', card.ts)?.blocks).toBeUndefined();
  });

  it('keeps a submitted view open with field errors, then closes it on an empty ack', async () => {
    const submissions: ViewSubmitAction[] = [];
    const closed = deferred<string>();
    await boot((app) => {
      app.command('/ticket', async ({ ack, command, client }) => {
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: intakeView });
      });
      app.view('ticket_intake', async ({ ack, body, view }) => {
        submissions.push(body as ViewSubmitAction);
        const text = view.state.values['text']?.['value']?.value ?? '';
        if (text.length < 10) {
          await ack({
            response_action: 'errors',
            errors: { text: 'Please describe the problem (10+ characters)' },
          });
          return;
        }
        await ack();
      });
      app.view({ callback_id: 'ticket_intake', type: 'view_closed' }, async ({ ack, body }) => {
        await ack();
        closed.resolve(body.view.id);
      });
    });
    await standIn.sendSlashCommand({ command: '/ticket', userId: 'U0OPS', channelId: 'C0TRIAGE' });
    const view = await standIn.waitForView('U0OPS');

    await expect(standIn.submitView({ viewId: view.id, values: {} })).rejects.toThrow(StandInError);

    const first = await standIn.submitView({
      viewId: view.id,
      userId: 'U0OPS',
      values: {
        text: { value: 'leak' },
        priority: { value: 'P0' },
        watchers: { value: ['U0FOUNDER'] },
        affected: { value: '3' },
      },
    });
    expect(first).toMatchObject({ status: 200, outcome: 'errors', problems: [] });
    expect(standIn.viewErrors(view.id)).toEqual({
      text: 'Please describe the problem (10+ characters)',
    });
    expect(standIn.isViewOpen(view.id)).toBe(true);
    expect(submissions[0]?.view.state.values).toEqual({
      text: { value: { type: 'plain_text_input', value: 'leak' } },
      priority: {
        value: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'P0' }, value: 'P0' },
        },
      },
      watchers: { value: { type: 'multi_users_select', selected_users: ['U0FOUNDER'] } },
      affected: { value: { type: 'number_input', value: '3' } },
    });

    const second = await standIn.submitView({
      viewId: view.id,
      values: { text: { value: 'the customer data leaked to another tenant' } },
    });
    expect(second.outcome).toBe('closed');
    expect(standIn.isViewOpen(view.id)).toBe(false);
    expect(standIn.viewErrors(view.id)).toBeUndefined();
    // what was entered before is still there on the second submission
    expect(submissions[1]?.view.state.values['priority']?.['value']?.selected_option?.value).toBe(
      'P0',
    );

    await standIn.sendSlashCommand({ command: '/ticket', userId: 'U0OPS', channelId: 'C0TRIAGE' });
    const again = await standIn.waitForView('U0OPS');
    await standIn.closeView({ viewId: again.id });
    await expect(closed.promise).resolves.toBe(again.id);
  });

  it('drives a modal from a global shortcut: button in the modal, push, update and respond()', async () => {
    const incidentView = (step: string): types.ModalView => ({
      type: 'modal',
      callback_id: 'incident',
      title: { type: 'plain_text', text: `Incident · ${step}` },
      submit: { type: 'plain_text', text: 'Next' },
      blocks: [
        {
          type: 'actions',
          block_id: 'tools',
          elements: [
            {
              type: 'button',
              action_id: 'add_customer',
              text: { type: 'plain_text', text: 'Add customer' },
            },
          ],
        },
        {
          type: 'input',
          block_id: 'notify',
          label: { type: 'plain_text', text: 'Post the summary in' },
          element: {
            type: 'conversations_select',
            action_id: 'channel',
            response_url_enabled: true,
          },
        },
      ],
    });
    const responded = deferred();
    await boot((app) => {
      app.shortcut('new_incident', async ({ ack, shortcut, client }) => {
        await ack();
        await client.views.open({ trigger_id: shortcut.trigger_id, view: incidentView('start') });
      });
      app.action('add_customer', async ({ ack, body, client }) => {
        await ack();
        const view = (body as BlockButtonAction).view;
        if (!view) return;
        await client.views.update({
          view_id: view.id,
          hash: view.hash,
          view: incidentView('customers'),
        });
      });
      app.view('incident', async ({ ack, view, respond }) => {
        if (view.title.text === 'Incident · customers') {
          await ack({ response_action: 'push', view: incidentView('confirm') });
          return;
        }
        await ack({ response_action: 'clear' });
        await respond({ text: 'Incident declared' });
        responded.resolve();
      });
    });
    const res = await standIn.sendGlobalShortcut({
      callbackId: 'new_incident',
      userId: 'U0FOUNDER',
    });
    expect(res.status).toBe(200);
    const first = await standIn.waitForView('U0FOUNDER');
    await standIn.clickButton({ userId: 'U0FOUNDER', viewId: first.id, actionId: 'add_customer' });
    const updated = await standIn.waitForView(
      'U0FOUNDER',
      (v) => v.title?.text === 'Incident · customers',
    );
    expect(updated.id).toBe(first.id);

    const pushed = await standIn.submitView({
      viewId: first.id,
      values: { notify: { channel: 'C0TRIAGE' } },
    });
    expect(pushed.outcome).toBe('pushed');
    const stack = standIn.openViews('U0FOUNDER');
    expect(stack.map((v) => v.title?.text)).toEqual(['Incident · customers', 'Incident · confirm']);
    await expect(standIn.submitView({ viewId: first.id, values: {} })).rejects.toThrow(
      /not the top/,
    );

    const top = stack[1]?.id as string;
    const cleared = await standIn.submitView({
      viewId: top,
      values: { notify: { channel: 'C0TRIAGE' } },
    });
    expect(cleared.outcome).toBe('cleared');
    expect(standIn.openViews('U0FOUNDER')).toEqual([]);
    await responded.promise;
    await standIn.waitForEphemeral('U0FOUNDER', (e) => e.text === 'Incident declared');
    expect(standIn.responseUrlPosts.at(-1)).toMatchObject({
      origin: { kind: 'view_submission', channelId: 'C0TRIAGE' },
      outcome: 'ephemeral',
    });
  });

  it('delivers reaction and pin events to app.event with the stored message', async () => {
    const reaction = deferred<{ reaction: string; itemTs: string; itemUser: string | undefined }>();
    const pin = deferred<{ text: unknown; channel: string }>();
    await boot((app) => {
      app.event('reaction_added', async ({ event }) => {
        reaction.resolve({
          reaction: event.reaction,
          itemTs: event.item.type === 'message' ? event.item.ts : '',
          itemUser: event.item_user,
        });
      });
      app.event('pin_added', async ({ event }) => {
        const item = event.item as { message?: { text?: unknown } };
        pin.resolve({ text: item.message?.text, channel: event.channel_id });
      });
    });
    const msg = standIn.postAsUser('C0TRIAGE', 'U0OPS', 'rolled back the deploy');
    const r = await standIn.addReaction('U0FOUNDER', 'C0TRIAGE', msg.ts, 'pushpin');
    expect(r.status).toBe(200);
    await expect(reaction.promise).resolves.toEqual({
      reaction: 'pushpin',
      itemTs: msg.ts,
      itemUser: 'U0OPS',
    });
    expect(standIn.message('C0TRIAGE', msg.ts)?.reactions).toEqual([
      { name: 'pushpin', users: ['U0FOUNDER'], count: 1 },
    ]);
    await standIn.pinMessage('U0FOUNDER', 'C0TRIAGE', msg.ts);
    await expect(pin.promise).resolves.toEqual({
      text: 'rolled back the deploy',
      channel: 'C0TRIAGE',
    });
    expect(standIn.pins('C0TRIAGE').map((m) => m.ts)).toEqual([msg.ts]);
  });

  it('publishes App Home on app_home_opened and routes clicks in it', async () => {
    const clicked = deferred<string>();
    await boot((app) => {
      app.event('app_home_opened', async ({ event, client }) => {
        await client.views.publish({
          user_id: event.user,
          view: {
            type: 'home',
            blocks: [
              {
                type: 'actions',
                block_id: 'home_actions',
                elements: [
                  {
                    type: 'static_select',
                    action_id: 'open_customer',
                    placeholder: { type: 'plain_text', text: 'Customer' },
                    options: [{ text: { type: 'plain_text', text: 'Acme' }, value: 'acme' }],
                  },
                ],
              },
            ],
          },
        });
      });
      app.action('open_customer', async ({ ack, body }) => {
        await ack();
        const action = (body as { actions: { selected_option?: { value: string } }[] }).actions[0];
        clicked.resolve(action?.selected_option?.value ?? '');
      });
    });
    await standIn.openAppHome('U0FOUNDER');
    const home = await standIn.waitUntil(() => standIn.homeView('U0FOUNDER'));
    await standIn.selectOption({
      userId: 'U0FOUNDER',
      viewId: home.id,
      actionId: 'open_customer',
      value: 'acme',
    });
    await expect(clicked.promise).resolves.toBe('acme');
    await expect(
      standIn.selectOption({
        userId: 'U0FOUNDER',
        viewId: home.id,
        actionId: 'open_customer',
        value: 'globex',
      }),
    ).rejects.toThrow(/option 'globex' is not offered/);
  });
});
