import { describe, expect, it } from 'vitest';
import {
  formatProblems,
  validateBlocks,
  validateMessage,
  validateView,
} from '../../src/standin/blockKit.ts';

const section = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...extra,
});
const button = (actionId: string, text = 'Go', extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text },
  ...extra,
});
const option = (value: string, text = value) => ({ text: { type: 'plain_text', text }, value });
const modal = (extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'New ticket' },
  submit: { type: 'plain_text', text: 'Create' },
  blocks: [
    {
      type: 'input',
      block_id: 'text',
      label: { type: 'plain_text', text: 'Text' },
      element: { type: 'plain_text_input', action_id: 'value', multiline: true },
    },
  ],
  ...extra,
});

describe('validateBlocks', () => {
  it('accepts a realistic ticket card', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'P0 · تسريب بيانات' } },
      section('*Customer:* Acme', {
        accessory: {
          type: 'overflow',
          action_id: 'more',
          options: [option('raise'), option('assign')],
        },
      }),
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Owner*\nfounder' }] },
      { type: 'divider' },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'due <!date^1732262400^{time}|10:00>' }],
      },
      {
        type: 'actions',
        block_id: 'ticket_actions',
        elements: [
          button('approve', 'Approve & send', { style: 'primary', value: 't1' }),
          button('reject', 'Reject', { style: 'danger', value: 't1' }),
          {
            type: 'static_select',
            action_id: 'raise',
            placeholder: { type: 'plain_text', text: 'Raise priority' },
            options: [option('P0'), option('P1')],
          },
          { type: 'users_select', action_id: 'assign' },
          { type: 'datepicker', action_id: 'due', initial_date: '2024-11-22' },
        ],
      },
      { type: 'image', image_url: 'https://example.com/x.png', alt_text: 'chart' },
      { type: 'rich_text', elements: [] },
    ];
    expect(validateBlocks(blocks, { surface: 'message' })).toEqual([]);
  });

  it('limits a message to 50 blocks and a view to 100', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(validateBlocks(blocks, { surface: 'message' })).toEqual([
      { path: '/blocks', message: 'no more than 50 items allowed' },
    ]);
    expect(validateBlocks(blocks, { surface: 'modal' })).toEqual([]);
    const many = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(validateBlocks(many, { surface: 'home' })).toHaveLength(1);
  });

  it('enforces text limits of sections, fields, headers, buttons', () => {
    const problems = validateBlocks([
      section('x'.repeat(3001)),
      {
        type: 'section',
        fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'a' })),
      },
      { type: 'section', fields: [{ type: 'mrkdwn', text: 'y'.repeat(2001) }] },
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      { type: 'header', text: { type: 'mrkdwn', text: 'bold' } },
      { type: 'actions', elements: [button('b', 'b'.repeat(76), { value: 'v'.repeat(2001) })] },
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      '/blocks/0/text/text',
      '/blocks/1/fields',
      '/blocks/2/fields/0/text',
      '/blocks/3/text/text',
      '/blocks/4/text/type',
      '/blocks/5/elements/0/text/text',
      '/blocks/5/elements/0/value',
    ]);
    expect(problems[0]?.message).toBe('must be less than 3001 characters');
  });

  it('enforces element counts of context and actions blocks', () => {
    const problems = validateBlocks([
      {
        type: 'context',
        elements: Array.from({ length: 11 }, () => ({ type: 'plain_text', text: 'c' })),
      },
      { type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) },
      { type: 'actions', elements: [] },
    ]);
    expect(problems).toEqual([
      { path: '/blocks/0/elements', message: 'no more than 10 items allowed' },
      { path: '/blocks/1/elements', message: 'no more than 25 items allowed' },
      { path: '/blocks/2/elements', message: 'must provide at least 1 item' },
    ]);
  });

  it('rejects duplicate block_ids, duplicate action_ids in a block and long ids', () => {
    const problems = validateBlocks([
      section('a', { block_id: 'same' }),
      section('b', { block_id: 'same' }),
      { type: 'actions', elements: [button('dup'), button('dup')] },
      { type: 'actions', block_id: 'x'.repeat(256), elements: [button('a'.repeat(256))] },
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      '/blocks/1/block_id',
      '/blocks/2/elements/1/action_id',
      '/blocks/3/block_id',
      '/blocks/3/elements/0/action_id',
    ]);
  });

  it('allows the same action_id in different blocks (as Slack does)', () => {
    expect(
      validateBlocks([
        { type: 'actions', elements: [button('approve')] },
        { type: 'actions', elements: [button('approve')] },
      ]),
    ).toEqual([]);
  });

  it('allows input blocks only in modals and Home tabs', () => {
    const input = {
      type: 'input',
      label: { type: 'plain_text', text: 'Title' },
      element: { type: 'plain_text_input', action_id: 't' },
    };
    expect(validateBlocks([input], { surface: 'message' })[0]?.message).toMatch(/only allowed/);
    expect(validateBlocks([input], { surface: 'modal' })).toEqual([]);
    expect(validateBlocks([input], { surface: 'home' })).toEqual([]);
  });

  it('checks select options, option text and initial options', () => {
    const problems = validateBlocks([
      {
        type: 'actions',
        elements: [
          {
            type: 'static_select',
            action_id: 's',
            options: Array.from({ length: 101 }, (_, i) => option(`v${i}`)),
          },
          {
            type: 'static_select',
            action_id: 't',
            options: [option('a', 'o'.repeat(76))],
            initial_option: option('zzz'),
          },
          {
            type: 'button',
            action_id: 'u',
            text: { type: 'plain_text', text: 'x' },
            style: 'blue',
          },
        ],
      },
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      '/blocks/0/elements/0/options',
      '/blocks/0/elements/1/options/0/text/text',
      '/blocks/0/elements/1/initial_option',
      '/blocks/0/elements/2/style',
    ]);
  });

  it('knows the input elements we use', () => {
    const input = (element: Record<string, unknown>, block_id: string) => ({
      type: 'input',
      block_id,
      label: { type: 'plain_text', text: block_id },
      element,
    });
    const blocks = [
      input({ type: 'plain_text_input', action_id: 'v', multiline: true, max_length: 500 }, 'a'),
      input({ type: 'static_select', action_id: 'v', options: [option('x')] }, 'b'),
      input({ type: 'multi_static_select', action_id: 'v', options: [option('x')] }, 'c'),
      input({ type: 'users_select', action_id: 'v' }, 'd'),
      input({ type: 'multi_users_select', action_id: 'v' }, 'e'),
      input({ type: 'conversations_select', action_id: 'v', response_url_enabled: true }, 'f'),
      input({ type: 'multi_conversations_select', action_id: 'v' }, 'g'),
      input({ type: 'checkboxes', action_id: 'v', options: [option('yes')] }, 'h'),
      input({ type: 'radio_buttons', action_id: 'v', options: [option('yes')] }, 'i'),
      input(
        { type: 'number_input', action_id: 'v', is_decimal_allowed: false, min_value: '0' },
        'j',
      ),
      input({ type: 'datepicker', action_id: 'v' }, 'k'),
      input({ type: 'email_text_input', action_id: 'v' }, 'l'),
    ];
    expect(validateBlocks(blocks, { surface: 'modal' })).toEqual([]);
    const bad = validateBlocks(
      [
        input({ type: 'number_input', action_id: 'v' }, 'a'),
        input({ type: 'button', action_id: 'v', text: { type: 'plain_text', text: 'x' } }, 'b'),
        input({ type: 'datepicker', action_id: 'v', initial_date: '2024-02-30' }, 'c'),
      ],
      { surface: 'modal' },
    );
    expect(bad.map((p) => p.path)).toEqual([
      '/blocks/0/element',
      '/blocks/1/element/type',
      '/blocks/2/element/initial_date',
    ]);
  });

  it('flags unknown types and misspelt properties', () => {
    const problems = validateBlocks([
      { type: 'sektion', text: { type: 'mrkdwn', text: 'x' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'x' }, acessory: {} },
      { type: 'section' },
    ]);
    expect(problems).toEqual([
      { path: '/blocks/0/type', message: 'unsupported type: sektion' },
      { path: '/blocks/1', message: 'invalid additional property: acessory' },
      { path: '/blocks/2', message: 'must provide at least one of: text, fields' },
    ]);
  });
});

describe('validateView', () => {
  it('accepts a modal and a home view', () => {
    expect(validateView(modal())).toEqual([]);
    expect(validateView({ type: 'home', blocks: [section('hi')] })).toEqual([]);
  });

  it('limits title, submit and close to 24 characters', () => {
    const problems = validateView(
      modal({
        title: { type: 'plain_text', text: 't'.repeat(25) },
        submit: { type: 'plain_text', text: 's'.repeat(25) },
        close: { type: 'plain_text', text: 'c'.repeat(25) },
      }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      '/view/title/text',
      '/view/submit/text',
      '/view/close/text',
    ]);
    expect(formatProblems(problems)[0]).toBe(
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    );
  });

  it('limits callback_id and private_metadata, needs submit with inputs, needs a title', () => {
    const { submit: _s, ...noSubmit } = modal();
    expect(validateView(noSubmit).map((p) => p.message)).toEqual([
      'missing required field: submit (required when the view contains input blocks)',
    ]);
    const problems = validateView(
      modal({ callback_id: 'c'.repeat(256), private_metadata: 'm'.repeat(3001), title: undefined }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual(
      ['/view', '/view/callback_id', '/view/private_metadata'].sort(),
    );
  });

  it('restricts the view type when asked', () => {
    expect(validateView(modal(), { types: ['home'] })).toEqual([
      { path: '/view/type', message: 'must be home for this method' },
    ]);
  });
});

describe('validateMessage', () => {
  it('needs text or blocks and caps text at 40000 characters', () => {
    expect(validateMessage({})).toHaveLength(1);
    expect(validateMessage({ text: 'x'.repeat(40_001) })[0]?.path).toBe('/text');
    expect(validateMessage({ text: 'ok', blocks: [section('ok')] })).toEqual([]);
  });
});
