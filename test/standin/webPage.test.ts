/**
 * The stand-in's web page over real HTTP: the page and its modules, the event stream, and the
 * UI endpoints the page calls (reaching a tiny real Bolt 5 app).
 */
import type { EventEmitter } from 'node:events';
import { request } from 'node:http';
import type { App, BlockAction, ButtonAction, types } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackStandIn } from '../../src/standin/index.ts';
import { UI_ENDPOINTS, WEB_ASSET_FILES } from '../../src/standin/web/server.ts';
import { deferred, startBoltApp } from './helpers.ts';
import { openSse } from './webHelpers.ts';

const signingSecret = 'web-page-signing-secret';
const token = 'xoxb-web-page-test';

const ticketModal: types.ModalView = {
  type: 'modal',
  callback_id: 'ticket_from_message',
  title: { type: 'plain_text', text: 'Create ticket' },
  submit: { type: 'plain_text', text: 'Create' },
  notify_on_close: true,
  blocks: [
    {
      type: 'input',
      block_id: 'text',
      label: { type: 'plain_text', text: 'النص' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true },
    },
    {
      type: 'input',
      block_id: 'priority',
      label: { type: 'plain_text', text: 'Priority' },
      element: {
        type: 'static_select',
        action_id: 'value',
        options: ['P0', 'P1', 'P2'].map((p) => ({
          text: { type: 'plain_text', text: p },
          value: p,
        })),
      },
    },
  ],
};

interface Json {
  ok: boolean;
  error?: string;
  [k: string]: unknown;
}

describe('stand-in web page', () => {
  let standIn: SlackStandIn;
  let stopApp: (() => Promise<void>) | undefined;

  beforeEach(async () => {
    standIn = new SlackStandIn({
      signingSecret,
      botToken: token,
      signingClock: Date.now,
      rateLimit: false,
      users: [
        { id: 'U0FOUNDER', name: 'noura', realName: 'Noura', locale: 'ar-SA', tz: 'Asia/Riyadh' },
        { id: 'U0OPS', name: 'omar', realName: 'Omar', locale: 'en-US', tz: 'Europe/London' },
      ],
      channels: [
        { id: 'C0TRIAGE', name: 'sanad-triage', members: ['U0FOUNDER', 'U0OPS'] },
        { id: 'C0QUIET', name: 'quiet', botMember: false, members: ['U0OPS'] },
      ],
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

  async function ui(
    name: string,
    body: unknown,
    init: { contentType?: string; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; json: Json }> {
    const res = await fetch(`${standIn.url}/_standin/ui/${name}`, {
      method: 'POST',
      headers: { 'content-type': init.contentType ?? 'application/json', ...init.headers },
      body: init.raw ?? JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Json };
  }

  it('serves the page at / with its module script, style sheet and a strict CSP', async () => {
    const res = await fetch(`${standIn.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/_standin/web/main.js"></script>');
    expect(html).toContain('href="/_standin/web/style.css"');
    expect(html).toContain('id="app"');

    for (const file of WEB_ASSET_FILES.filter((f) => f !== 'index.html')) {
      const asset = await fetch(`${standIn.url}/_standin/web/${file}`);
      expect(asset.status, file).toBe(200);
      expect(asset.headers.get('content-type'), file).toMatch(
        file.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      expect((await asset.text()).length, file).toBeGreaterThan(50);
    }
    // Every text box the page builds says dir="auto" (Arabic right to left, English left to right).
    const blocks = await (await fetch(`${standIn.url}/_standin/web/blocks.js`)).text();
    expect(blocks).toContain("dir: 'auto'");
    expect(blocks).not.toMatch(/innerHTML|insertAdjacentHTML|outerHTML|document\.write/);
    const app = await (await fetch(`${standIn.url}/_standin/web/app.js`)).text();
    expect(app).toContain("new win.EventSource(url('/_standin/events'))");
    expect(app).not.toMatch(/innerHTML|insertAdjacentHTML|outerHTML|setInterval/);

    const missing = await fetch(`${standIn.url}/_standin/web/secret.ts`);
    expect(missing.status).toBe(404);
    // The Web API and the state snapshot still answer as before.
    expect((await fetch(`${standIn.url}/_standin/state`)).status).toBe(200);
    const state = (await (await fetch(`${standIn.url}/_standin/ui/state`)).json()) as {
      now: number;
      channels: { id: string }[];
    };
    expect(typeof state.now).toBe('number');
    expect(state.channels.map((c) => c.id)).toEqual(['C0TRIAGE', 'C0QUIET']);
  });

  it('refuses a Host that is not loopback (DNS rebinding)', async () => {
    const { port } = new URL(standIn.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/', headers: { host: 'evil.example:80' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('streams a change event over SSE when a message is posted through the page', async () => {
    const sse = openSse(`${standIn.url}/_standin/events`);
    const removed = new Promise<void>((resolve) => {
      (standIn as unknown as EventEmitter).on('removeListener', (name: string) => {
        if (name === 'change') resolve();
      });
    });
    try {
      expect(await sse.opened).toBe(200);
      await sse.next((e) => e.event === 'hello');
      const { json } = await ui('message', {
        userId: 'U0OPS',
        channelId: 'C0TRIAGE',
        text: 'مرحبا، the dashboard is down',
      });
      expect(json.ok).toBe(true);
      const e = await sse.next((x) => x.event === 'change' && x.data.includes('message_posted'));
      expect(JSON.parse(e.data)).toEqual({
        kind: 'message_posted',
        channelId: 'C0TRIAGE',
        ts: json['ts'],
      });
      expect(standIn.messages('C0TRIAGE').map((m) => [m.user, m.text])).toEqual([
        ['U0OPS', 'مرحبا، the dashboard is down'],
      ]);
      // No app is connected: the message is posted all the same.
      expect(json['event']).toBeNull();
    } finally {
      sse.close();
    }
    // The stream's listener goes away with the connection.
    await removed;
    expect(standIn.listenerCount('change')).toBe(0);
  });

  it('runs a slash command, posts a message (message event), clicks a button and picks an option', async () => {
    const command = deferred<{ text: string; user: string; channel: string }>();
    const heard = deferred<string>();
    const clicked = deferred<{ value: string | undefined; user: string }>();
    const picked = deferred<string | undefined>();
    await boot((app) => {
      app.command('/ticket', async ({ command: c, ack, say }) => {
        await ack();
        command.resolve({ text: c.text, user: c.user_id, channel: c.channel_id });
        await say({
          text: 'Ticket card',
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `*New ticket:* ${c.text}` } },
            {
              type: 'actions',
              block_id: 'card',
              elements: [
                {
                  type: 'button',
                  action_id: 'approve',
                  style: 'primary',
                  value: 'T-1',
                  text: { type: 'plain_text', text: 'Approve' },
                },
                {
                  type: 'static_select',
                  action_id: 'priority',
                  placeholder: { type: 'plain_text', text: 'Priority' },
                  options: ['P0', 'P1'].map((p) => ({
                    text: { type: 'plain_text', text: p },
                    value: p,
                  })),
                },
              ],
            },
          ],
        });
      });
      app.message(/dashboard/, async ({ message }) => {
        heard.resolve('text' in message ? String(message.text) : '');
      });
      app.action<BlockAction<ButtonAction>>('approve', async ({ ack, body, action }) => {
        await ack();
        clicked.resolve({ value: action.value, user: body.user.id });
      });
      app.action('priority', async ({ ack, action }) => {
        await ack();
        picked.resolve('selected_option' in action ? action.selected_option?.value : undefined);
      });
    });

    const cmd = await ui('command', {
      userId: 'U0FOUNDER',
      channelId: 'C0TRIAGE',
      text: '/ticket  تسريب بيانات',
    });
    expect(cmd.status).toBe(200);
    expect(cmd.json).toMatchObject({ ok: true, status: 200, problems: [] });
    await expect(command.promise).resolves.toEqual({
      text: 'تسريب بيانات',
      user: 'U0FOUNDER',
      channel: 'C0TRIAGE',
    });
    const card = await standIn.waitForMessage('C0TRIAGE', (m) => m.text === 'Ticket card');

    const msg = await ui('message', {
      userId: 'U0OPS',
      channelId: 'C0TRIAGE',
      text: 'the dashboard is slow',
    });
    expect(msg.json).toMatchObject({ ok: true, event: { status: 200 } });
    await expect(heard.promise).resolves.toBe('the dashboard is slow');

    const click = await ui('action', {
      userId: 'U0OPS',
      channelId: 'C0TRIAGE',
      messageTs: card.ts,
      actionId: 'approve',
      blockId: 'card',
      value: 'T-1',
    });
    expect(click.json).toMatchObject({ ok: true, status: 200 });
    await expect(clicked.promise).resolves.toEqual({ value: 'T-1', user: 'U0OPS' });

    const pick = await ui('action', {
      userId: 'U0OPS',
      channelId: 'C0TRIAGE',
      messageTs: card.ts,
      actionId: 'priority',
      selectedOption: 'P1',
    });
    expect(pick.json.ok).toBe(true);
    await expect(picked.promise).resolves.toBe('P1');

    // A reply in the thread goes through the same endpoint.
    const reply = await ui('message', {
      userId: 'U0FOUNDER',
      channelId: 'C0TRIAGE',
      text: 'on it',
      threadTs: card.ts,
    });
    expect(reply.json.ok).toBe(true);
    expect(standIn.thread('C0TRIAGE', card.ts).map((m) => m.text)).toEqual([
      'Ticket card',
      'on it',
    ]);
  });

  it('runs the message shortcut, submits the modal (field errors, then success) and closes one', async () => {
    const submitted = deferred<Record<string, unknown>>();
    const closed = deferred<string>();
    let submissions = 0;
    await boot((app) => {
      app.shortcut('sanad_create_ticket', async ({ ack, shortcut, client }) => {
        await ack();
        await client.views.open({ trigger_id: shortcut.trigger_id, view: ticketModal });
      });
      app.view('ticket_from_message', async ({ ack, view }) => {
        submissions += 1;
        const text = view.state.values['text']?.['value']?.value ?? '';
        if (text.length < 5) {
          await ack({ response_action: 'errors', errors: { text: 'اكتب وصفاً أطول' } });
          return;
        }
        await ack();
        submitted.resolve({
          text,
          priority: view.state.values['priority']?.['value']?.selected_option?.value,
        });
      });
      app.view({ callback_id: 'ticket_from_message', type: 'view_closed' }, async ({ ack }) => {
        await ack();
        closed.resolve('closed');
      });
    });
    const source = standIn.postAsUser('C0TRIAGE', 'U0OPS', 'العميل لا يستطيع الدخول');
    const sc = await ui('shortcut', {
      userId: 'U0OPS',
      channelId: 'C0TRIAGE',
      messageTs: source.ts,
      callbackId: 'sanad_create_ticket',
    });
    expect(sc.json).toMatchObject({ ok: true, status: 200 });
    const view = await standIn.waitForView('U0OPS');

    const bad = await ui('submit', {
      userId: 'U0OPS',
      viewId: view.id,
      values: { text: { value: 'قصير' }, priority: { value: 'P1' } },
    });
    expect(bad.json).toMatchObject({ ok: true, outcome: 'errors', problems: [] });
    expect(standIn.viewErrors(view.id)).toEqual({ text: 'اكتب وصفاً أطول' });

    const good = await ui('submit', {
      userId: 'U0OPS',
      viewId: view.id,
      values: { text: { value: 'العميل لا يستطيع الدخول' }, priority: { value: 'P0' } },
    });
    expect(good.json).toMatchObject({ ok: true, outcome: 'closed' });
    await expect(submitted.promise).resolves.toEqual({
      text: 'العميل لا يستطيع الدخول',
      priority: 'P0',
    });
    expect(standIn.openViews('U0OPS')).toEqual([]);
    expect(submissions).toBe(2);

    // Open again and cancel: view_closed reaches the app.
    await ui('shortcut', {
      userId: 'U0OPS',
      channelId: 'C0TRIAGE',
      messageTs: source.ts,
      callbackId: 'sanad_create_ticket',
    });
    const again = await standIn.waitForView('U0OPS', (v) => v.id !== view.id);
    const close = await ui('close', { userId: 'U0OPS', viewId: again.id });
    expect(close.json).toMatchObject({ ok: true, notified: true, status: 200 });
    await expect(closed.promise).resolves.toBe('closed');
  });

  it('opens the App Home, pins, reacts and joins a channel', async () => {
    const events: string[] = [];
    await boot((app) => {
      app.event('app_home_opened', async ({ event, client }) => {
        events.push(`home:${event.user}`);
        await client.views.publish({
          user_id: event.user,
          view: {
            type: 'home',
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'مرحبا بك' } }],
          },
        });
      });
      app.event('pin_added', async ({ event }) => {
        events.push(`pin:${event.item.message?.ts ?? '?'}`);
      });
      app.event('reaction_added', async ({ event }) => {
        events.push(`reaction:${event.reaction}`);
      });
    });
    expect((await ui('home', { userId: 'U0FOUNDER' })).json).toMatchObject({ ok: true });
    await standIn.waitUntil(() => standIn.homeView('U0FOUNDER'));

    const m = standIn.postAsUser('C0TRIAGE', 'U0FOUNDER', 'pin me');
    expect(
      (await ui('pin', { userId: 'U0OPS', channelId: 'C0TRIAGE', messageTs: m.ts })).json.ok,
    ).toBe(true);
    expect(
      (
        await ui('react', {
          userId: 'U0OPS',
          channelId: 'C0TRIAGE',
          messageTs: m.ts,
          name: ':pushpin:',
        })
      ).json.ok,
    ).toBe(true);
    expect(standIn.message('C0TRIAGE', m.ts)?.reactions).toEqual([
      { name: 'pushpin', users: ['U0OPS'], count: 1 },
    ]);
    expect(events).toEqual(['home:U0FOUNDER', `pin:${m.ts}`, 'reaction:pushpin']);

    // Reacting twice is what Slack refuses: the page gets the reason.
    const twice = await ui('react', {
      userId: 'U0OPS',
      channelId: 'C0TRIAGE',
      messageTs: m.ts,
      name: 'pushpin',
    });
    expect(twice.status).toBe(400);
    expect(twice.json.error).toMatch(/already_reacted/);

    // Posting where one is not a member fails with a clear reason, until one joins.
    const outside = await ui('message', { userId: 'U0FOUNDER', channelId: 'C0QUIET', text: 'hi' });
    expect(outside.status).toBe(400);
    expect(outside.json.error).toMatch(/not a member of C0QUIET/);
    expect((await ui('join', { userId: 'U0FOUNDER', channelId: 'C0QUIET' })).json.ok).toBe(true);
    const inside = await ui('message', { userId: 'U0FOUNDER', channelId: 'C0QUIET', text: 'hi' });
    // The bot is not in #quiet: Slack sends the app no message event for it.
    expect(inside.json).toMatchObject({ ok: true, event: null });
  });

  it('answers bad input with { ok: false, error } and a fitting status', async () => {
    const cases: [string, unknown, number, RegExp][] = [
      ['message', {}, 400, /userId is required/],
      ['message', { userId: 'U0OPS', channelId: 'C0TRIAGE' }, 400, /text is required/],
      ['message', { userId: 42, channelId: 'C0TRIAGE', text: 'x' }, 400, /userId must be/],
      ['message', { userId: 'U0NOBODY', channelId: 'C0TRIAGE', text: 'x' }, 400, /unknown user/],
      [
        'command',
        { userId: 'U0OPS', channelId: 'C0TRIAGE', text: 'ticket' },
        400,
        /starts with '\/'/,
      ],
      [
        'command',
        { userId: 'U0OPS', channelId: 'C0NOPE', text: '/ticket' },
        400,
        /unknown channel/,
      ],
      [
        'action',
        { userId: 'U0OPS', actionId: 'approve' },
        400,
        /viewId, or channelId and messageTs/,
      ],
      [
        'action',
        { userId: 'U0OPS', channelId: 'C0TRIAGE', messageTs: '1.000001', actionId: 'approve' },
        400,
        /no message or ephemeral/,
      ],
      [
        'action',
        { userId: 'U0OPS', viewId: 'V0', actionId: 'a', selectedOptions: 'x' },
        400,
        /selectedOptions must be a list/,
      ],
      ['submit', { userId: 'U0OPS', viewId: 'V0NOPE' }, 400, /not open/],
      [
        'submit',
        { userId: 'U0OPS', viewId: 'V0NOPE', values: [] },
        400,
        /values must be an object/,
      ],
      ['close', { userId: 'U0OPS' }, 400, /viewId is required/],
      [
        'shortcut',
        { userId: 'U0OPS', channelId: 'C0TRIAGE', messageTs: '1.2' },
        400,
        /callbackId is required/,
      ],
      [
        'pin',
        { userId: 'U0OPS', channelId: 'C0TRIAGE', messageTs: '1.2' },
        400,
        /message_not_found/,
      ],
      ['nope', {}, 404, /no UI endpoint 'nope'/],
    ];
    for (const [name, body, status, error] of cases) {
      const r = await ui(name, body);
      expect({ name, status: r.status, ok: r.json.ok }).toEqual({ name, status, ok: false });
      expect(r.json.error, `${name} ${JSON.stringify(body)}`).toMatch(error);
    }
    expect(UI_ENDPOINTS).toEqual(
      expect.arrayContaining([
        'command',
        'message',
        'shortcut',
        'action',
        'submit',
        'close',
        'home',
        'pin',
        'react',
      ]),
    );

    const notJson = await ui('message', null, { raw: '{oops', contentType: 'application/json' });
    expect(notJson).toMatchObject({
      status: 400,
      json: { ok: false, error: 'the body is not valid JSON' },
    });
    const form = await ui('message', null, {
      raw: 'userId=U0OPS',
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.json.error).toMatch(/content-type: application\/json/);
    const array = await ui('message', [1, 2]);
    expect(array.json.error).toBe('the body must be a JSON object');
    const crossSite = await ui(
      'message',
      { userId: 'U0OPS', channelId: 'C0TRIAGE', text: 'x' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(crossSite).toMatchObject({ status: 403, json: { ok: false } });
    const get = await fetch(`${standIn.url}/_standin/ui/message`);
    expect(get.status).toBe(405);
    expect(((await get.json()) as Json).error).toMatch(/use POST/);

    // No app connected: a slash command cannot go anywhere.
    const noApp = await ui('command', {
      userId: 'U0OPS',
      channelId: 'C0TRIAGE',
      text: '/ticket x',
    });
    expect(noApp.status).toBe(400);
    expect(noApp.json.error).toMatch(/no appUrl/);
    // An app that is not running: the page is told the app could not be reached.
    standIn.setAppUrl('http://127.0.0.1:9/slack/events');
    const down = await ui('command', { userId: 'U0OPS', channelId: 'C0TRIAGE', text: '/ticket x' });
    expect(down.status).toBe(502);
    expect(down.json.error).toMatch(/^\/ticket failed: could not reach the app/);
    expect(standIn.messages('C0TRIAGE')).toEqual([]);
  });

  it('reports an app that answers a command with an error status', async () => {
    await boot((app) => {
      app.command('/ticket', async () => {
        throw new Error('boom');
      });
    });
    const r = await ui('command', { userId: 'U0OPS', channelId: 'C0TRIAGE', text: '/ticket x' });
    expect(r.status).toBe(502);
    expect(r.json).toMatchObject({ ok: false, status: 500 });
    expect(r.json.error).toMatch(/\/ticket failed: the app answered HTTP 500/);
  });
});
