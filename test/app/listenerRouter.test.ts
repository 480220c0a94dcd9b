/**
 * The listener router under a real Bolt App: Sanad's listeners reach Bolt as one listener per
 * kind, and requests still reach exactly the listeners Bolt itself would have picked.
 */
import { App, type ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { ListenerRouter } from '../../src/commands/router.ts';
import { quietLogger } from '../standin/helpers.ts';

function boltApp(): App {
  return new App({
    token: 'xoxb-router-test',
    signingSecret: 'router-signing-secret',
    // Known bot identity: nothing is looked up over the network.
    botId: 'B0ROUTER',
    botUserId: 'U0ROUTER',
    tokenVerificationEnabled: false,
    convoStore: false,
    logger: quietLogger(),
  });
}

function deliver(app: App, body: Record<string, unknown>): Promise<boolean> {
  let acked = false;
  const event: ReceiverEvent = {
    body,
    ack: async () => {
      acked = true;
    },
  };
  return app.processEvent(event).then(() => acked);
}

const action = (actionId: string) => ({
  type: 'block_actions',
  team: { id: 'T1' },
  user: { id: 'U1' },
  api_app_id: 'A1',
  token: 't',
  trigger_id: '1.2.3',
  actions: [{ type: 'button', action_id: actionId, block_id: 'b', action_ts: '1', value: 'v' }],
});

const shortcut = (type: 'shortcut' | 'message_action', callbackId: string) => ({
  type,
  callback_id: callbackId,
  team: { id: 'T1' },
  user: { id: 'U1' },
  token: 't',
  trigger_id: '1.2.3',
  action_ts: '1',
  ...(type === 'message_action'
    ? { channel: { id: 'C1' }, message: { ts: '1.000001', text: 'hi' }, message_ts: '1.000001' }
    : {}),
});

const command = (name: string, text: string) => ({
  command: name,
  text,
  user_id: 'U1',
  channel_id: 'C1',
  team_id: 'T1',
  trigger_id: '1.2.3',
  response_url: 'http://127.0.0.1:9/unused',
  token: 't',
});

describe('ListenerRouter', () => {
  it('routes an action by exact id or pattern, and leaves an unknown id unanswered', async () => {
    const app = boltApp();
    const router = new ListenerRouter();
    const seen: string[] = [];
    router.action('ticket_approve', async ({ ack }) => {
      seen.push('approve');
      await ack();
    });
    router.action(/^incident_plan:/, async ({ ack, action }) => {
      seen.push(`plan ${(action as { action_id: string }).action_id}`);
      await ack();
    });
    router.mount(app);

    expect(await deliver(app, action('ticket_approve'))).toBe(true);
    expect(await deliver(app, action('incident_plan:INC-1:3'))).toBe(true);
    expect(await deliver(app, action('ticket_approve_other'))).toBe(false);
    expect(seen).toEqual(['approve', 'plan incident_plan:INC-1:3']);
  });

  it('runs every matching listener, as Bolt does', async () => {
    const app = boltApp();
    const router = new ListenerRouter();
    const seen: string[] = [];
    router.action('refresh', async ({ ack }) => {
      seen.push('first');
      await ack();
    });
    router.action(/^ref/, async () => {
      seen.push('second');
    });
    router.mount(app);
    await deliver(app, action('refresh'));
    expect(seen.sort()).toEqual(['first', 'second']);
  });

  it('tells a message shortcut from a global one with the same callback id', async () => {
    const app = boltApp();
    const router = new ListenerRouter();
    const seen: string[] = [];
    router.shortcut({ callback_id: 'create_ticket', type: 'message_action' }, async ({ ack }) => {
      seen.push('message');
      await ack();
    });
    router.shortcut({ callback_id: 'create_ticket', type: 'shortcut' }, async ({ ack }) => {
      seen.push('global');
      await ack();
    });
    router.mount(app);
    await deliver(app, shortcut('message_action', 'create_ticket'));
    await deliver(app, shortcut('shortcut', 'create_ticket'));
    expect(seen).toEqual(['message', 'global']);
  });

  it('routes commands by name and view submissions by callback id', async () => {
    const app = boltApp();
    const router = new ListenerRouter();
    const seen: string[] = [];
    router.command('/ticket', async ({ ack, command }) => {
      seen.push(`command ${command.text}`);
      await ack();
    });
    router.view('intake_modal', async ({ ack, view }) => {
      seen.push(`view ${view.id}`);
      await ack();
    });
    router.mount(app);
    await deliver(app, command('/ticket', 'help'));
    await deliver(app, command('/incident', ''));
    await deliver(app, {
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U1' },
      token: 't',
      trigger_id: '1.2.3',
      view: { id: 'V1', callback_id: 'intake_modal', state: { values: {} }, type: 'modal' },
    });
    expect(seen).toEqual(['command help', 'view V1']);
  });

  it('a failing listener reaches the app’s error handler', async () => {
    const app = boltApp();
    const router = new ListenerRouter();
    const errors: string[] = [];
    app.error(async (error) => {
      errors.push(error.message);
    });
    router.action('boom', async ({ ack }) => {
      await ack();
      throw new Error('listener failed');
    });
    router.mount(app);
    await deliver(app, action('boom'));
    expect(errors).toEqual(['listener failed']);
  });
});
