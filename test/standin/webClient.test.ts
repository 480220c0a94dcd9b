/**
 * The stand-in page's own code (src/standin/web/*.js), run in Node: the mrkdwn parser and date
 * tokens, Block Kit rendering into a small fake DOM (which throws on innerHTML), and the whole
 * page booted against a real stand-in and a real Bolt app, driven through its DOM.
 */
import { fileURLToPath } from 'node:url';
import type { App, BlockAction, ButtonAction, types } from '@slack/bolt';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackStandIn } from '../../src/standin/index.ts';
import { deferred, startBoltApp } from './helpers.ts';
import {
  byTestId,
  FakeDocument,
  type FakeElement,
  findAll,
  NodeEventSource,
  oneByTestId,
} from './webHelpers.ts';

// ------------------------------------------------------------------ the modules, typed here

type Obj = Record<string, unknown>;
interface MNode {
  type: string;
  text?: string;
  children?: MNode[];
  lines?: MNode[];
  [k: string]: unknown;
}
interface MrkdwnModule {
  parseMrkdwn(text: string): MNode[];
  parseInline(text: string): MNode[];
  decodeEntities(text: string): string;
  formatDateToken(
    seconds: number,
    format: string,
    opts: { tz: string; nowMs?: number },
  ): string | undefined;
  formatMessageTime(ts: string, tz: string, nowMs: number): string;
}
interface RenderCtx {
  doc: FakeDocument;
  tz: string;
  nowMs: number;
  users: Obj[];
  channels: Obj[];
  surface: string;
  containerKey: string;
  errors?: Record<string, string>;
  getValue: (blockId: string, actionId: string) => unknown;
  setValue: (blockId: string, actionId: string, v: unknown) => void;
  onAction: (a: { block: Obj; element: Obj; selection: Obj }) => Promise<unknown>;
  confirm?: (c: Obj) => Promise<boolean>;
  isOpen?: (k: string) => boolean;
  toggle?: (k: string) => void;
}
interface BlocksModule {
  renderBlocks(ctx: RenderCtx, blocks: unknown[]): FakeElement;
  renderMrkdwn(ctx: RenderCtx, text: string): FakeElement;
}
interface Page {
  root: FakeElement;
  onRender(fn: () => void): void;
  stop(): void;
  state: { userId: string | null };
}
interface AppModule {
  boot(win: unknown): Page;
}

const load = async <T>(file: string): Promise<T> =>
  (await import(fileURLToPath(new URL(`../../src/standin/web/${file}`, import.meta.url)))) as T;

let md: MrkdwnModule;
let blocks: BlocksModule;
let appModule: AppModule;

beforeAll(async () => {
  md = await load<MrkdwnModule>('mrkdwn.js');
  blocks = await load<BlocksModule>('blocks.js');
  appModule = await load<AppModule>('app.js');
});

// 2024-11-22 12:00 UTC, a Friday
const NOON_UTC = Date.UTC(2024, 10, 22, 12, 0, 0) / 1000;
// 2024-11-22 22:30 UTC: already the 23rd in Riyadh (UTC+3)
const LATE_UTC = Date.UTC(2024, 10, 22, 22, 30, 0) / 1000;

describe('mrkdwn', () => {
  it('parses bold, italic, strike, code, mentions, channels, links and entities', () => {
    expect(
      md.parseInline(
        '*عاجل* _soon_ ~old~ `a*b*` <@U0OPS> <#C0TRIAGE|triage> <https://x.example/?a=1&amp;b=2|the link> &lt;b&gt; &amp;',
      ),
    ).toEqual([
      { type: 'bold', children: [{ type: 'text', text: 'عاجل' }] },
      { type: 'text', text: ' ' },
      { type: 'italic', children: [{ type: 'text', text: 'soon' }] },
      { type: 'text', text: ' ' },
      { type: 'strike', children: [{ type: 'text', text: 'old' }] },
      { type: 'text', text: ' ' },
      { type: 'code', text: 'a*b*' },
      { type: 'text', text: ' ' },
      { type: 'user', id: 'U0OPS', label: undefined },
      { type: 'text', text: ' ' },
      { type: 'channel', id: 'C0TRIAGE', label: 'triage' },
      { type: 'text', text: ' ' },
      { type: 'link', url: 'https://x.example/?a=1&b=2', label: 'the link' },
      { type: 'text', text: ' <b> &' },
    ]);
  });

  it('only treats markers at word edges as formatting, and nests them', () => {
    expect(md.parseInline('2*3*4 snake_case_name')).toEqual([
      { type: 'text', text: '2*3*4 snake_case_name' },
    ]);
    expect(md.parseInline('_*both*_')).toEqual([
      { type: 'italic', children: [{ type: 'bold', children: [{ type: 'text', text: 'both' }] }] },
    ]);
    expect(md.parseInline('* not bold *')).toEqual([{ type: 'text', text: '* not bold *' }]);
  });

  it('keeps unsafe links as text and shows specials, user groups and emoji', () => {
    expect(md.parseInline('<javascript:alert(1)|click>')).toEqual([
      { type: 'text', text: '<javascript:alert(1)|click>' },
    ]);
    expect(md.parseInline('<!here> <!subteam^S1|@ops> :white_check_mark: :nope:')).toEqual([
      { type: 'special', name: 'here', label: undefined },
      { type: 'text', text: ' ' },
      { type: 'subteam', id: 'S1', label: '@ops' },
      { type: 'text', text: ' ' },
      { type: 'emoji', name: 'white_check_mark', char: '✅' },
      { type: 'text', text: ' :nope:' },
    ]);
  });

  it('parses quotes (> and &gt;), >>> and preformatted blocks', () => {
    expect(md.parseMrkdwn('&gt; first\n> second\nafter\n```\nif (a &lt; b) *x*\n```\nend')).toEqual(
      [
        {
          type: 'quote',
          lines: [
            { type: 'line', children: [{ type: 'text', text: 'first' }] },
            { type: 'line', children: [{ type: 'text', text: 'second' }] },
          ],
        },
        { type: 'line', children: [{ type: 'text', text: 'after' }] },
        { type: 'pre', text: 'if (a < b) *x*' },
        { type: 'line', children: [{ type: 'text', text: 'end' }] },
      ],
    );
    const rest = md.parseMrkdwn('intro\n>>> all\nof this');
    expect(rest.map((b) => b.type)).toEqual(['line', 'quote']);
    expect(rest[1]?.lines).toHaveLength(2);
  });

  it('parses date tokens with their format, link and fallback', () => {
    expect(
      md.parseInline(
        `<!date^${NOON_UTC}^{date_short_pretty} {time}^https://x.example|2024-11-22 12:00 UTC>`,
      ),
    ).toEqual([
      {
        type: 'date',
        seconds: NOON_UTC,
        format: '{date_short_pretty} {time}',
        link: 'https://x.example',
        fallback: '2024-11-22 12:00 UTC',
      },
    ]);
  });

  it("formats date tokens in the reader's time zone", () => {
    const f = (s: number, fmt: string, tz: string, nowMs?: number) =>
      md.formatDateToken(s, fmt, { tz, ...(nowMs !== undefined ? { nowMs } : {}) });
    expect(f(NOON_UTC, '{time}', 'Asia/Riyadh')).toBe('3:00 PM');
    expect(f(NOON_UTC, '{time}', 'Europe/London')).toBe('12:00 PM');
    expect(f(NOON_UTC, '{time}', 'America/New_York')).toBe('7:00 AM');
    expect(f(NOON_UTC, '{date_short}', 'Asia/Riyadh')).toBe('Nov 22, 2024');
    expect(f(NOON_UTC, '{date}', 'Asia/Riyadh')).toBe('November 22nd, 2024');
    expect(f(NOON_UTC, '{date_long}', 'Asia/Riyadh')).toBe('Friday, November 22nd, 2024');
    expect(f(NOON_UTC, '{date_num} {time_secs}', 'UTC')).toBe('2024-11-22 12:00:00 PM');
    expect(f(LATE_UTC, '{date_short} {time}', 'Asia/Riyadh')).toBe('Nov 23, 2024 1:30 AM');
    expect(f(LATE_UTC, '{date_short} {time}', 'Europe/London')).toBe('Nov 22, 2024 10:30 PM');
    const now = LATE_UTC * 1000;
    expect(f(LATE_UTC, '{date_short_pretty} {time}', 'Asia/Riyadh', now)).toBe('Today 1:30 AM');
    expect(f(NOON_UTC, '{date_short_pretty}', 'Asia/Riyadh', now)).toBe('Yesterday');
    expect(f(NOON_UTC, '{date_pretty}', 'Europe/London', now)).toBe('Today');
    expect(f(LATE_UTC + 86_400, '{date_long_pretty}', 'Asia/Riyadh', now)).toBe('Tomorrow');
    expect(f(NOON_UTC - 3 * 86_400, '{date_short_pretty}', 'Asia/Riyadh', now)).toBe(
      'Nov 19, 2024',
    );
    expect(f(NOON_UTC, '{ago}', 'UTC', (NOON_UTC + 3 * 3600) * 1000)).toBe('3 hours ago');
    expect(f(NOON_UTC, 'at {time} {unknown}', 'UTC')).toBe('at 12:00 PM {unknown}');
    expect(f(NOON_UTC, '{time}', 'Not/AZone')).toBeUndefined();
    expect(f(Number.NaN, '{time}', 'UTC')).toBeUndefined();
    expect(md.formatMessageTime(`${LATE_UTC}.000100`, 'Asia/Riyadh', now)).toBe('1:30 AM');
  });
});

// ------------------------------------------------------------------ Block Kit → DOM

function makeCtx(overrides: Partial<RenderCtx> = {}) {
  const doc = new FakeDocument();
  const values = new Map<string, unknown>();
  const actions: { actionId: unknown; selection: Obj }[] = [];
  const ctx: RenderCtx = {
    doc,
    tz: 'Asia/Riyadh',
    nowMs: NOON_UTC * 1000,
    users: [
      { id: 'U0FOUNDER', name: 'noura', realName: 'Noura', isBot: false },
      { id: 'U0OPS', name: 'omar', realName: 'Omar', isBot: false },
      { id: 'U0BOT', name: 'sanad', realName: 'sanad', isBot: true },
    ],
    channels: [
      { id: 'C0TRIAGE', name: 'sanad-triage', isIm: false, isPrivate: false, isExtShared: false },
      { id: 'C0ACME', name: 'ext-acme', isIm: false, isPrivate: false, isExtShared: true },
    ],
    surface: 'message',
    containerKey: 'm:C0TRIAGE:1.1',
    getValue: (b, a) => values.get(`${b}/${a}`),
    setValue: (b, a, v) => values.set(`${b}/${a}`, v),
    onAction: async ({ element, selection }) => {
      actions.push({ actionId: element['action_id'], selection });
    },
    ...overrides,
  };
  return { ctx, values, actions };
}

const opt = (v: string, text = v) => ({ text: { type: 'plain_text', text }, value: v });

describe('Block Kit rendering', () => {
  it('renders every message block and element without HTML, with dir="auto" text boxes', () => {
    const { ctx } = makeCtx();
    const out = blocks.renderBlocks(ctx, [
      {
        type: 'header',
        block_id: 'h',
        text: { type: 'plain_text', text: 'تذكرة جديدة :rotating_light:' },
      },
      {
        type: 'section',
        block_id: 's',
        text: {
          type: 'mrkdwn',
          text: '*العميل:* <@U0FOUNDER>\n<script>alert(1)</script> &lt;i&gt;',
        },
        fields: [
          {
            type: 'mrkdwn',
            text: `*SLA:* <!date^${NOON_UTC}^{date_short_pretty} {time}|fallback>`,
          },
          { type: 'plain_text', text: 'P0' },
        ],
        accessory: {
          type: 'button',
          action_id: 'open',
          text: { type: 'plain_text', text: 'Open' },
          url: 'https://x.example',
        },
      },
      {
        type: 'context',
        block_id: 'c',
        elements: [
          { type: 'mrkdwn', text: 'in <#C0ACME>' },
          { type: 'image', image_url: 'https://x.example/a.png', alt_text: 'a' },
        ],
      },
      { type: 'divider', block_id: 'd' },
      { type: 'image', block_id: 'i', image_url: 'javascript:alert(1)', alt_text: 'evil' },
      {
        type: 'actions',
        block_id: 'a',
        elements: [
          {
            type: 'button',
            action_id: 'approve',
            style: 'primary',
            value: 'T-1',
            text: { type: 'plain_text', text: 'Approve' },
          },
          {
            type: 'button',
            action_id: 'reject',
            style: 'danger',
            value: 'T-1',
            text: { type: 'plain_text', text: 'Reject' },
          },
          {
            type: 'static_select',
            action_id: 'prio',
            placeholder: { type: 'plain_text', text: 'Priority' },
            options: [opt('P0'), opt('P1')],
          },
          {
            type: 'overflow',
            action_id: 'more',
            options: [opt('snooze', 'Snooze'), opt('close', 'Close')],
          },
          { type: 'users_select', action_id: 'assignee', initial_user: 'U0OPS' },
          { type: 'conversations_select', action_id: 'where' },
          { type: 'datepicker', action_id: 'due', initial_date: '2024-11-30' },
          {
            type: 'checkboxes',
            action_id: 'flags',
            options: [opt('vip', 'VIP'), opt('legal', 'Legal')],
          },
          {
            type: 'radio_buttons',
            action_id: 'lang',
            options: [opt('ar', 'عربي'), opt('en', 'English')],
            initial_option: opt('ar', 'عربي'),
          },
        ],
      },
      {
        type: 'rich_text',
        block_id: 'r',
        elements: [
          {
            type: 'rich_text_section',
            elements: [{ type: 'text', text: 'rich', style: { bold: true } }],
          },
        ],
      },
      { type: 'call', block_id: 'x' },
    ]);
    const types = findAll(out, (e) => e.getAttribute('data-testid') === 'block').map((e) =>
      e.getAttribute('data-block-type'),
    );
    expect(types).toEqual([
      'header',
      'section',
      'context',
      'divider',
      'image',
      'actions',
      'rich_text',
      'call',
    ]);
    // Only the block the stand-in does not emulate says so.
    expect(
      findAll(out, (e) => /unsupported/.test(e.getAttribute('class') ?? '')).map(
        (e) => e.textContent,
      ),
    ).toEqual(['[call block not emulated]']);
    // Text stays text: no <script> element, the characters are shown as typed.
    expect(findAll(out, (e) => e.tagName === 'SCRIPT')).toEqual([]);
    expect(out.textContent).toContain('<script>alert(1)</script> <i>');
    expect(out.textContent).toContain('تذكرة جديدة 🚨');
    expect(out.textContent).toContain('@noura');
    expect(out.textContent).toContain('#ext-acme');
    // The date token in the reader's zone (Riyadh, 3 PM), not the fallback.
    expect(oneByTestId(out, 'date-token').textContent).toBe('Today 3:00 PM');
    // Every line of text decides its own direction.
    const lines = findAll(out, (e) => /\bline\b/.test(e.getAttribute('class') ?? ''));
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l.getAttribute('dir')).toBe('auto');
    expect(findAll(out, (e) => e.tagName === 'H3')[0]?.getAttribute('dir')).toBe('auto');
    // Interactive elements carry their ids, buttons their style and value.
    const approve = oneByTestId(out, 'element-button', { 'data-action-id': 'approve' });
    expect(approve.getAttribute('data-block-id')).toBe('a');
    expect(approve.getAttribute('data-value')).toBe('T-1');
    expect(approve.getAttribute('class')).toBe('btn primary');
    expect(
      oneByTestId(out, 'element-button', { 'data-action-id': 'reject' }).getAttribute('class'),
    ).toBe('btn danger');
    for (const id of ['prio', 'more', 'assignee', 'where', 'due', 'flags', 'lang']) {
      expect(
        findAll(out, (e) => e.getAttribute('data-action-id') === id).length,
        id,
      ).toBeGreaterThan(0);
    }
    expect(oneByTestId(out, 'element-users_select').value).toBe('U0OPS');
    expect(oneByTestId(out, 'element-datepicker').value).toBe('2024-11-30');
    expect(byTestId(out, 'radio-option', { 'data-value': 'ar' })[0]?.checked).toBe(true);
    // The unsafe image is not loaded.
    expect(findAll(out, (e) => e.tagName === 'IMG').map((e) => e.getAttribute('src'))).toEqual([
      'https://x.example/a.png',
    ]);
    // The link button only opens http(s).
    expect(
      oneByTestId(out, 'element-button', { 'data-action-id': 'open' }).getAttribute('data-url'),
    ).toBe('https://x.example');
  });

  it('sends block_actions for clicks and picks in messages, after a confirm dialog', async () => {
    const confirms: Obj[] = [];
    let answer = false;
    const { ctx, actions, values } = makeCtx({
      confirm: async (c) => {
        confirms.push(c);
        return answer;
      },
    });
    const out = blocks.renderBlocks(ctx, [
      {
        type: 'actions',
        block_id: 'a',
        elements: [
          {
            type: 'button',
            action_id: 'approve',
            value: 'T-1',
            text: { type: 'plain_text', text: 'Approve' },
          },
          {
            type: 'button',
            action_id: 'delete',
            style: 'danger',
            text: { type: 'plain_text', text: 'Delete' },
            confirm: {
              title: { type: 'plain_text', text: 'Sure?' },
              text: { type: 'plain_text', text: 'Really' },
              confirm: { type: 'plain_text', text: 'Yes' },
              deny: { type: 'plain_text', text: 'No' },
            },
          },
          { type: 'static_select', action_id: 'prio', options: [opt('P0'), opt('P1')] },
          { type: 'checkboxes', action_id: 'flags', options: [opt('vip'), opt('legal')] },
        ],
      },
    ]);
    await Promise.all(oneByTestId(out, 'element-button', { 'data-action-id': 'approve' }).click());
    const del = oneByTestId(out, 'element-button', { 'data-action-id': 'delete' });
    await Promise.all(del.click());
    answer = true;
    await Promise.all(del.click());
    const select = oneByTestId(out, 'element-static_select');
    select.value = 'P1';
    select.dispatch('change');
    const legal = oneByTestId(out, 'checkbox-option', { 'data-value': 'legal' });
    legal.checked = true;
    legal.dispatch('change');
    await Promise.resolve();
    expect(confirms).toHaveLength(2);
    expect(actions).toEqual([
      { actionId: 'approve', selection: { value: 'T-1' } },
      { actionId: 'delete', selection: {} },
      { actionId: 'prio', selection: { selectedOption: 'P1' } },
      { actionId: 'flags', selection: { selectedOptions: ['legal'] } },
    ]);
    expect(values.get('a/prio')).toBe('P1');
  });

  it('renders modal inputs with ids, keeps entered values, shows field errors, and dispatches only when asked', async () => {
    const { ctx, values, actions } = makeCtx({
      surface: 'modal',
      containerKey: 'V1',
      errors: { email: 'هذا البريد غير صحيح' },
    });
    values.set('text/value', 'ما كتبه المستخدم');
    const input = (block_id: string, element: Obj, extra: Obj = {}) => ({
      type: 'input',
      block_id,
      label: { type: 'plain_text', text: block_id },
      element: { action_id: 'value', ...element },
      ...extra,
    });
    const out = blocks.renderBlocks(ctx, [
      input('text', { type: 'plain_text_input', multiline: true }),
      input('title', { type: 'plain_text_input', initial_value: 'hello' }),
      input('prio', {
        type: 'static_select',
        options: [opt('P0'), opt('P1')],
        initial_option: opt('P1'),
      }),
      input(
        'tags',
        { type: 'multi_static_select', options: [opt('a'), opt('b')] },
        { optional: true },
      ),
      input('owner', { type: 'users_select' }),
      input('watchers', { type: 'multi_users_select' }),
      input('channel', { type: 'conversations_select' }, { dispatch_action: true }),
      input('channels', { type: 'multi_conversations_select' }),
      input('flags', { type: 'checkboxes', options: [opt('vip')] }),
      input('lang', { type: 'radio_buttons', options: [opt('ar'), opt('en')] }),
      input('count', { type: 'number_input', is_decimal_allowed: false, min_value: '0' }),
      input('due', { type: 'datepicker' }),
      input('email', { type: 'email_text_input' }),
    ]);
    const field = (blockId: string) =>
      oneByTestId(out, 'modal-input', { 'data-block-id': blockId, 'data-action-id': 'value' });
    expect(field('text').tagName).toBe('TEXTAREA');
    expect(field('text').value).toBe('ما كتبه المستخدم');
    expect(field('text').getAttribute('dir')).toBe('auto');
    expect(field('title').value).toBe('hello');
    expect(field('prio').value).toBe('P1');
    expect(field('tags').hasAttribute('multiple')).toBe(true);
    expect(
      field('owner')
        .options()
        .map((o) => o.value),
    ).toEqual(['', 'U0FOUNDER', 'U0OPS']);
    expect(
      field('channels')
        .options()
        .map((o) => o.value),
    ).toEqual(['C0TRIAGE', 'C0ACME']);
    expect(field('count').getAttribute('type')).toBe('number');
    expect(field('due').getAttribute('type')).toBe('date');
    expect(field('email').getAttribute('type')).toBe('email');
    expect(field('flags').tagName).toBe('FIELDSET');
    expect(oneByTestId(out, 'input-error', { 'data-block-id': 'email' }).textContent).toBe(
      'هذا البريد غير صحيح',
    );
    expect(byTestId(out, 'input-block')).toHaveLength(13);

    field('title').value = 'changed';
    field('title').dispatch('input');
    field('prio').value = 'P0';
    field('prio').dispatch('change');
    field('channel').value = 'C0ACME';
    field('channel').dispatch('change');
    await Promise.resolve();
    expect(values.get('title/value')).toBe('changed');
    expect(values.get('prio/value')).toBe('P0');
    // Only the input with dispatch_action sends block_actions.
    expect(actions).toEqual([{ actionId: 'value', selection: { selectedConversation: 'C0ACME' } }]);
  });
});

// ------------------------------------------------------------------ the page, end to end

const signingSecret = 'web-client-secret';
const token = 'xoxb-web-client';

const intake: types.ModalView = {
  type: 'modal',
  callback_id: 'ticket_intake',
  title: { type: 'plain_text', text: 'تذكرة جديدة' },
  submit: { type: 'plain_text', text: 'Create' },
  close: { type: 'plain_text', text: 'Cancel' },
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
      label: { type: 'plain_text', text: 'Priority' },
      element: {
        type: 'static_select',
        action_id: 'value',
        options: [opt('P0'), opt('P1')] as types.PlainTextOption[],
      },
    },
  ],
};

describe('the stand-in page, booted in a fake window', () => {
  let standIn: SlackStandIn;
  let stopApp: (() => Promise<void>) | undefined;
  let page: Page | undefined;

  beforeEach(async () => {
    standIn = new SlackStandIn({
      signingSecret,
      botToken: token,
      signingClock: Date.now,
      rateLimit: false,
      users: [
        { id: 'U0FOUNDER', name: 'noura', realName: 'Noura (founder)', tz: 'Asia/Riyadh' },
        {
          id: 'U0OPS',
          name: 'omar',
          realName: 'Omar (operator)',
          locale: 'en-US',
          tz: 'America/New_York',
        },
        { id: 'U0CUST', name: 'faisal', realName: 'Faisal (Acme)', teamId: 'T0ACME' },
      ],
      channels: [
        { id: 'C0TRIAGE', name: 'sanad-triage', members: ['U0FOUNDER', 'U0OPS'] },
        { id: 'C0OPS', name: 'sanad-ops', members: ['U0FOUNDER', 'U0OPS'] },
        { id: 'C0ACME', name: 'ext-acme', isExtShared: true, members: ['U0FOUNDER', 'U0CUST'] },
      ],
    });
    await standIn.start();
  });

  afterEach(async () => {
    page?.stop();
    page = undefined;
    await stopApp?.();
    stopApp = undefined;
    await standIn.stop();
  });

  function bootPage(query: string) {
    const doc = new FakeDocument();
    const appRoot = doc.createElement('div');
    appRoot.setAttribute('id', 'app');
    doc.body.appendChild(appRoot);
    const storage = new Map<string, string>();
    const opened: string[] = [];
    const win = {
      document: doc,
      fetch: globalThis.fetch,
      EventSource: NodeEventSource,
      location: new URL(`${standIn.url}/${query}`),
      history: { replaceState: () => {} },
      localStorage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => storage.set(k, v),
      },
      setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms).unref(),
      open: (u: string) => opened.push(u),
    };
    page = appModule.boot(win);
    const p = page;
    /** Resolves once `probe` returns something truthy, checking after every render. */
    const until = <T>(probe: () => T | undefined | null | false, what: string): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        let done = false;
        const check = (): void => {
          if (done) return;
          let v: T | undefined | null | false;
          try {
            v = probe();
          } catch (e) {
            done = true;
            reject(e);
            return;
          }
          if (v) {
            done = true;
            resolve(v);
          }
        };
        p.onRender(check);
        check();
        standIn
          .waitUntil(() => done, { timeoutMs: 8000, description: what })
          .catch((e) => {
            if (!done) reject(e);
          });
      });
    return { doc, root: p.root, until, opened };
  }

  it('shows channels, unread markers, messages, ephemerals, threads; runs commands, buttons, shortcuts, modals and the Home tab', async () => {
    const clicked = deferred<string>();
    const submitted = deferred<Record<string, unknown>>();
    let submissions = 0;
    await boot((app) => {
      app.command('/ticket', async ({ command, ack, say }) => {
        await ack({ text: 'Drafting a ticket… (only you)' });
        await say({
          text: 'New ticket',
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: 'تذكرة جديدة' } },
            {
              type: 'section',
              text: {
                type: 'mrkdwn',
                text: `*${command.text}*\nSLA <!date^${NOON_UTC}^{time}|12:00 UTC>`,
              },
            },
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
              ],
            },
          ],
        });
      });
      app.action<BlockAction<ButtonAction>>('approve', async ({ ack, body, client }) => {
        await ack();
        await client.chat.update({
          channel: body.channel?.id ?? '',
          ts: body.message?.ts ?? '',
          text: `Approved by <@${body.user.id}>`,
          blocks: [],
        });
        clicked.resolve(body.user.id);
      });
      app.shortcut('sanad_create_ticket', async ({ ack, shortcut, client }) => {
        await ack();
        await client.views.open({ trigger_id: shortcut.trigger_id, view: intake });
      });
      app.view('ticket_intake', async ({ ack, view }) => {
        submissions += 1;
        const text = view.state.values['text']?.['value']?.value ?? '';
        if (text.length < 10) {
          await ack({ response_action: 'errors', errors: { text: 'أطول من فضلك' } });
          return;
        }
        await ack();
        submitted.resolve({
          text,
          priority: view.state.values['priority']?.['value']?.selected_option?.value,
        });
      });
      app.event('app_home_opened', async ({ event, client }) => {
        await client.views.publish({
          user_id: event.user,
          view: {
            type: 'home',
            blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'لوحة *سند*' } }],
          },
        });
      });
    });

    const { root, until } = bootPage('?user=U0OPS&channel=C0TRIAGE');
    await until(() => root.getAttribute('data-ready') === 'true', 'first render');
    const channels = byTestId(root, 'channel-item').map((e) => e.getAttribute('data-channel-name'));
    expect(channels).toEqual(['sanad-triage', 'sanad-ops', 'ext-acme']);
    expect(
      oneByTestId(root, 'channel-item', { 'data-channel-id': 'C0ACME' }).getAttribute(
        'data-member',
      ),
    ).toBe('false');
    expect(oneByTestId(root, 'user-switcher').value).toBe('U0OPS');
    expect(oneByTestId(root, 'viewer-tz').textContent).toContain('America/New_York');
    await until(
      () => oneByTestId(root, 'connection-status').getAttribute('data-state') === 'open',
      'SSE open',
    );

    // Someone writes in another channel: it is marked unread.
    standIn.postAsUser('C0OPS', 'U0FOUNDER', 'هل من جديد؟');
    await until(
      () =>
        oneByTestId(root, 'channel-item', { 'data-channel-id': 'C0OPS' }).getAttribute(
          'data-unread',
        ) === '1',
      'unread marker on #sanad-ops',
    );

    // A slash command typed into the composer, Enter to send.
    const composer = oneByTestId(root, 'composer-input');
    composer.value = '/ticket الخادم متوقف';
    composer.dispatch('keydown', { key: 'Enter' });
    const card = await until(
      () => byTestId(root, 'message').find((m) => m.textContent.includes('الخادم متوقف')),
      'the ticket card',
    );
    expect(card.getAttribute('data-user-id')).toBe(standIn.bot.userId);
    expect(oneByTestId(card, 'date-token').textContent).toBe('7:00 AM');
    const ephemeral = await until(
      () => byTestId(root, 'message', { 'data-ephemeral': 'true' })[0],
      'the ack ephemeral',
    );
    expect(ephemeral.textContent).toContain('Only visible to you');
    expect(ephemeral.textContent).toContain('Drafting a ticket');
    expect(composer.value).toBe('');

    // Viewed as the founder, the same token shows Riyadh time and no ephemeral.
    const switcher = oneByTestId(root, 'user-switcher');
    switcher.value = 'U0FOUNDER';
    switcher.dispatch('change');
    await until(
      () => byTestId(root, 'date-token').some((t) => t.textContent === '3:00 PM'),
      'the date in Riyadh time',
    );
    expect(byTestId(root, 'message', { 'data-ephemeral': 'true' })).toEqual([]);

    // Approve as the founder.
    const cardTs = card.getAttribute('data-ts')!;
    const approve = oneByTestId(
      byTestId(root, 'message', { 'data-ts': cardTs })[0]!,
      'element-button',
      { 'data-action-id': 'approve' },
    );
    approve.click();
    await expect(clicked.promise).resolves.toBe('U0FOUNDER');
    await until(
      () =>
        byTestId(root, 'message', { 'data-ts': cardTs })[0]?.textContent.includes(
          'Approved by @noura',
        ),
      'the updated card',
    );

    // A plain message, then a reply in its thread.
    composer.value = 'I will check the logs';
    composer.dispatch('keydown', { key: 'Enter' });
    const mine = await until(
      () => byTestId(root, 'message').find((m) => m.textContent.includes('I will check the logs')),
      'my message',
    );
    const mineTs = mine.getAttribute('data-ts')!;
    oneByTestId(mine, 'message-menu-button').click();
    const menuMsg = await until(
      () => byTestId(root, 'message', { 'data-ts': mineTs })[0],
      'message',
    );
    oneByTestId(menuMsg, 'message-menu-reply').click();
    const threadInput = oneByTestId(root, 'thread-composer-input');
    threadInput.value = 'found it';
    threadInput.dispatch('keydown', { key: 'Enter' });
    await until(
      () =>
        byTestId(root, 'reply-count').find((r) => r.getAttribute('data-count') === '1') &&
        oneByTestId(root, 'thread-messages').textContent.includes('found it'),
      'the reply and its count',
    );

    // "⋯" → Create ticket: the message shortcut opens the app's modal.
    const msgNow = byTestId(root, 'message', { 'data-ts': mineTs })[0]!;
    oneByTestId(msgNow, 'message-menu-button').click();
    oneByTestId(
      byTestId(root, 'message', { 'data-ts': mineTs })[0]!,
      'message-menu-create-ticket',
    ).click();
    const modal = await until(() => byTestId(root, 'modal')[0], 'the modal');
    expect(modal.getAttribute('data-callback-id')).toBe('ticket_intake');
    expect(oneByTestId(modal, 'modal-title').textContent).toBe('تذكرة جديدة');

    // Submit empty: the page's own required-field check, no request.
    oneByTestId(modal, 'modal-submit').click();
    await until(() => byTestId(root, 'input-error').length === 2, 'required-field errors');
    expect(submissions).toBe(0);

    // Too short: the app's field error.
    const m1 = oneByTestId(root, 'modal');
    const text = oneByTestId(m1, 'modal-input', {
      'data-block-id': 'text',
      'data-action-id': 'value',
    });
    text.value = 'قصير';
    text.dispatch('input');
    const prio = oneByTestId(m1, 'modal-input', {
      'data-block-id': 'priority',
      'data-action-id': 'value',
    });
    prio.value = 'P0';
    prio.dispatch('change');
    oneByTestId(m1, 'modal-submit').click();
    const err = await until(
      () =>
        byTestId(root, 'input-error', { 'data-block-id': 'text' }).find(
          (e) => e.textContent === 'أطول من فضلك',
        ),
      "the app's field error",
    );
    expect(err).toBeDefined();
    // What was typed survives the re-render.
    const m2 = oneByTestId(root, 'modal');
    const text2 = oneByTestId(m2, 'modal-input', {
      'data-block-id': 'text',
      'data-action-id': 'value',
    });
    expect(text2.value).toBe('قصير');
    text2.value = 'العميل لا يستطيع الدخول منذ الصباح';
    text2.dispatch('input');
    oneByTestId(m2, 'modal-submit').click();
    await expect(submitted.promise).resolves.toEqual({
      text: 'العميل لا يستطيع الدخول منذ الصباح',
      priority: 'P0',
    });
    await until(() => byTestId(root, 'modal').length === 0, 'the modal to close');

    // The Home tab: opening it sends app_home_opened; the app publishes.
    oneByTestId(root, 'home-link').click();
    const home = await until(() => byTestId(root, 'home-tab')[0], 'the Home tab');
    expect(home.textContent).toContain('لوحة سند');
    expect(root.getAttribute('data-pane')).toBe('home');

    // Something Slack refuses ends in a toast.
    oneByTestId(root, 'channel-item', { 'data-channel-id': 'C0ACME' }).click();
    await until(() => root.getAttribute('data-channel-id') === 'C0ACME', 'the channel switch');
    switcher.value = 'U0OPS';
    switcher.dispatch('change');
    composer.value = 'hello?';
    composer.dispatch('keydown', { key: 'Enter' });
    const toast = await until(() => byTestId(root, 'toast')[0], 'an error toast');
    expect(toast.getAttribute('data-kind')).toBe('error');
    expect(toast.textContent).toMatch(/not a member of C0ACME/);
    expect(composer.value).toBe('hello?');
  });

  async function boot(register: (app: App) => void) {
    const started = await startBoltApp(standIn, { signingSecret, token, register });
    stopApp = started.stop;
    return started;
  }
});
