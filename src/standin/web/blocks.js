/**
 * Block Kit → DOM for the stand-in page. Everything is built with createElement / createTextNode
 * / setAttribute: no HTML string is ever parsed, so whatever an app (or a customer) writes is
 * shown as text. Every text box carries dir="auto" so Arabic lays out right to left and
 * English left to right; mentions, links and code are isolated (their own dir) so they do not
 * decide a line's direction.
 *
 * The renderer is given a context:
 *   doc                      the document
 *   tz, nowMs                the reader's time zone and the clock (date tokens, times)
 *   users, channels          lists for users_select / conversations_select and for names
 *   surface                  'message' | 'modal' | 'home'
 *   getValue(blockId, actionId) / setValue(blockId, actionId, value)
 *                            what the reader entered (canonical values, see elementValue)
 *   errors                   { blockId: message } field errors under input blocks
 *   onAction({ block, element, selection }) → Promise   a block_actions to send
 *   confirm(confirmObject) → Promise<boolean>           a confirm dialog
 *   openUrl(url), onChannel(channelId)
 *   isOpen(key) / toggle(key) overflow menus that stay open across re-renders
 */
import { decodeEntities, formatDateToken, parseMrkdwn, replaceEmoji, safeUrl } from './mrkdwn.js';

// ------------------------------------------------------------------ tiny DOM helper

/**
 * h(doc, 'div', { class: 'x', 'data-testid': 'y', onclick: fn }, child, …): children are nodes,
 * strings (→ text nodes), arrays, or null/undefined/false (skipped).
 */
export function h(doc, tag, attrs, ...children) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'selected') node[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(doc, node, children);
  return node;
}

function append(doc, node, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(doc, node, c);
    else if (typeof c === 'string' || typeof c === 'number')
      node.appendChild(doc.createTextNode(String(c)));
    else node.appendChild(c);
  }
}

// ------------------------------------------------------------------ text

function userLabel(ctx, id) {
  const u = ctx.users?.find((x) => x.id === id);
  return u ? u.name : id;
}

function channelLabel(ctx, id) {
  const c = ctx.channels?.find((x) => x.id === id);
  return c ? c.name : id;
}

function renderInline(ctx, nodes, parent) {
  const doc = ctx.doc;
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
        parent.appendChild(doc.createTextNode(n.text));
        break;
      case 'bold':
        parent.appendChild(renderInline(ctx, n.children, h(doc, 'b', {})));
        break;
      case 'italic':
        parent.appendChild(renderInline(ctx, n.children, h(doc, 'i', {})));
        break;
      case 'strike':
        parent.appendChild(renderInline(ctx, n.children, h(doc, 's', {})));
        break;
      case 'code':
        parent.appendChild(h(doc, 'code', { dir: 'auto' }, n.text));
        break;
      case 'emoji':
        parent.appendChild(h(doc, 'span', { class: 'emoji', title: `:${n.name}:` }, n.char));
        break;
      case 'link':
        parent.appendChild(
          h(
            doc,
            'a',
            { href: n.url, target: '_blank', rel: 'noopener noreferrer', dir: 'auto' },
            n.label,
          ),
        );
        break;
      case 'user':
        parent.appendChild(
          h(
            doc,
            'span',
            { class: 'mention', 'data-user-id': n.id, dir: 'auto' },
            `@${n.label ?? userLabel(ctx, n.id)}`,
          ),
        );
        break;
      case 'channel':
        parent.appendChild(
          h(
            doc,
            'a',
            {
              class: 'channel-ref',
              href: `#${n.id}`,
              'data-channel-id': n.id,
              dir: 'auto',
              onclick: (e) => {
                e.preventDefault();
                ctx.onChannel?.(n.id);
              },
            },
            `#${n.label ?? channelLabel(ctx, n.id)}`,
          ),
        );
        break;
      case 'special':
        parent.appendChild(h(doc, 'span', { class: 'mention special', dir: 'auto' }, `@${n.name}`));
        break;
      case 'subteam':
        parent.appendChild(
          h(doc, 'span', { class: 'mention', dir: 'auto' }, n.label ?? `@${n.id}`),
        );
        break;
      case 'date': {
        const shown =
          formatDateToken(n.seconds, n.format, { tz: ctx.tz, nowMs: ctx.nowMs }) ?? n.fallback;
        const iso = Number.isFinite(n.seconds) ? new Date(n.seconds * 1000).toISOString() : '';
        const t = h(
          doc,
          'time',
          { 'data-testid': 'date-token', datetime: iso, title: n.fallback, dir: 'auto' },
          shown,
        );
        parent.appendChild(
          n.link
            ? h(doc, 'a', { href: n.link, target: '_blank', rel: 'noopener noreferrer' }, t)
            : t,
        );
        break;
      }
      default:
        break;
    }
  }
  return parent;
}

/** The words of a parsed mrkdwn line that decide its direction (not tokens, code or emoji). */
function lineText(line) {
  const walk = (nodes) =>
    nodes
      .map((n) => (n.type === 'text' ? n.text : Array.isArray(n.children) ? walk(n.children) : ' '))
      .join('');
  return walk(line.children ?? []);
}

/** mrkdwn → a `div.mrkdwn` of lines (each its own dir="auto" box), quotes and code blocks. */
export function renderMrkdwn(ctx, text, cls = 'mrkdwn') {
  const doc = ctx.doc;
  const root = h(doc, 'div', { class: cls });
  const line = (l) =>
    l.children.length === 0
      ? h(doc, 'div', { class: 'line blank', dir: 'auto' }, h(doc, 'br', {}))
      : renderInline(ctx, l.children, h(doc, 'div', { class: 'line', dir: 'auto' }));
  for (const b of parseMrkdwn(text)) {
    if (b.type === 'line') root.appendChild(line(b));
    else if (b.type === 'pre') root.appendChild(h(doc, 'pre', { dir: 'auto' }, b.text));
    else if (b.type === 'quote')
      root.appendChild(
        h(doc, 'blockquote', { dir: directionOf(...b.lines.map(lineText)) }, b.lines.map(line)),
      );
  }
  return root;
}

/** A text object (plain_text or mrkdwn). */
export function renderText(ctx, t, cls = 'text') {
  if (!t) return null;
  if (typeof t === 'string') return renderMrkdwn(ctx, t, cls);
  if (t.type === 'mrkdwn') return renderMrkdwn(ctx, t.text ?? '', cls);
  return h(ctx.doc, 'div', { class: `${cls} plain`, dir: 'auto' }, plain(t));
}

/** The plain text of a text object (for labels, options, buttons). */
export function plain(t) {
  if (!t) return '';
  if (typeof t === 'string') return t;
  const s = String(t.text ?? '');
  if (t.type === 'mrkdwn') return decodeEntities(s);
  return t.emoji === false ? s : replaceEmoji(s);
}

const RTL_SCRIPT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;

/**
 * 'rtl' when the first letter of these texts (text objects or strings) is Arabic, Hebrew…,
 * else undefined. Slack tokens (<@U…>, <!date…>, links) and :emoji: codes do not count, as
 * with dir="auto" on a text box. Set on a block's container (fields, context, actions,
 * choices, quotes) so its parts flow from the right too, not only the text inside each part.
 */
export function directionOf(...texts) {
  for (const t of texts) {
    const raw = typeof t === 'string' ? t : t && typeof t === 'object' ? String(t.text ?? '') : '';
    const letter = raw
      .replace(/<[^>\n]*>/g, ' ')
      .replace(/:[a-z0-9_+'-]+:/gi, ' ')
      .match(/\p{L}/u)?.[0];
    if (letter) return RTL_SCRIPT.test(letter) ? 'rtl' : undefined;
  }
  return undefined;
}

/** What an interactive element shows: a button's text, a select's placeholder or choice. */
function elementLabel(el) {
  return el?.text ?? el?.initial_option?.text ?? el?.placeholder ?? '';
}

// ------------------------------------------------------------------ values

function optionsOf(el) {
  const out = [];
  for (const o of el.options ?? []) out.push(o);
  for (const g of el.option_groups ?? []) for (const o of g.options ?? []) out.push(o);
  return out;
}

const SINGLE = new Set([
  'static_select',
  'external_select',
  'radio_buttons',
  'users_select',
  'conversations_select',
  'channels_select',
  'datepicker',
  'timepicker',
]);
const MULTI = new Set([
  'multi_static_select',
  'multi_external_select',
  'checkboxes',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
]);
const TEXT = new Set(['plain_text_input', 'email_text_input', 'url_text_input', 'number_input']);

/** True for elements whose value goes into view.state (and into a submission). */
export function holdsValue(el) {
  return SINGLE.has(el?.type) || MULTI.has(el?.type) || TEXT.has(el?.type);
}

/**
 * An element's value before the reader touches it, in the shape the stand-in's submitView
 * takes: text → string; single choices → a value / id / 'YYYY-MM-DD' or null; multiple choices →
 * a list.
 */
export function initialValue(el) {
  switch (el?.type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return el.initial_value ?? '';
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return el.initial_option?.value ?? null;
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return (el.initial_options ?? []).map((o) => o.value);
    case 'users_select':
      return el.initial_user ?? null;
    case 'multi_users_select':
      return el.initial_users ?? [];
    case 'conversations_select':
      return el.initial_conversation ?? null;
    case 'multi_conversations_select':
      return el.initial_conversations ?? [];
    case 'channels_select':
      return el.initial_channel ?? null;
    case 'multi_channels_select':
      return el.initial_channels ?? [];
    case 'datepicker':
      return el.initial_date ?? null;
    case 'timepicker':
      return el.initial_time ?? null;
    default:
      return undefined;
  }
}

/** A `view.state.values` entry → the canonical value (undefined when it holds nothing known). */
export function stateEntryValue(entry) {
  if (!entry || typeof entry !== 'object') return undefined;
  if ('value' in entry) return entry.value ?? '';
  if ('selected_option' in entry) return entry.selected_option?.value ?? null;
  if ('selected_options' in entry) return (entry.selected_options ?? []).map((o) => o.value);
  for (const k of ['selected_user', 'selected_conversation', 'selected_channel', 'selected_date']) {
    if (k in entry) return entry[k] ?? null;
  }
  if ('selected_time' in entry) return entry.selected_time ?? null;
  for (const k of ['selected_users', 'selected_conversations', 'selected_channels']) {
    if (k in entry) return entry[k] ?? [];
  }
  return undefined;
}

/** What the reader sees in an element now: entered value, else the element's initial value. */
export function elementValue(ctx, block, el) {
  const v = ctx.getValue?.(block.block_id, el.action_id);
  return v === undefined ? initialValue(el) : v;
}

/** True when a value counts as empty for a required input. */
export function isEmptyValue(v) {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

/** The block_actions selection fields (ClickOptions) for an element and a value. */
export function selectionFor(el, value) {
  switch (el.type) {
    case 'button':
      return el.value !== undefined ? { value: el.value } : {};
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
    case 'overflow':
      return { selectedOption: value };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { selectedOptions: value };
    case 'users_select':
      return { selectedUser: value };
    case 'multi_users_select':
      return { selectedUsers: value };
    case 'conversations_select':
      return { selectedConversation: value };
    case 'multi_conversations_select':
      return { selectedConversations: value };
    case 'channels_select':
      return { selectedChannel: value };
    case 'datepicker':
      return { selectedDate: value };
    case 'timepicker':
      return { selectedTime: value };
    default:
      return {};
  }
}

// ------------------------------------------------------------------ elements

function baseAttrs(block, el, inInput) {
  return {
    'data-testid': inInput ? 'modal-input' : `element-${el.type}`,
    'data-element-type': el.type,
    'data-action-id': el.action_id,
    'data-block-id': block.block_id,
  };
}

/** Sends a block_actions for an element (after its confirm dialog, when it has one). */
async function act(ctx, block, el, selection, node) {
  if (el.confirm && ctx.confirm && !(await ctx.confirm(el.confirm))) return;
  if (node) {
    node.disabled = true;
    node.setAttribute('aria-busy', 'true');
  }
  try {
    await ctx.onAction?.({ block, element: el, selection });
  } finally {
    if (node) {
      node.disabled = false;
      node.removeAttribute('aria-busy');
    }
  }
}

/**
 * Called when the reader changes an element's value: kept as entered; and a block_actions is
 * sent unless the element sits in an input block without dispatch_action.
 */
function changed(ctx, block, el, value, node) {
  ctx.setValue?.(block.block_id, el.action_id, value);
  const quiet = block.type === 'input' && block.dispatch_action !== true;
  if (quiet) return;
  if (isEmptyValue(value)) return;
  act(ctx, block, el, selectionFor(el, value), node);
}

function renderButton(ctx, block, el) {
  const doc = ctx.doc;
  const url = el.url ? safeUrl(el.url) : undefined;
  const node = h(
    doc,
    'button',
    {
      ...baseAttrs(block, el, false),
      type: 'button',
      class: `btn${el.style ? ` ${el.style}` : ''}`,
      'data-value': el.value,
      'data-style': el.style,
      'data-url': url,
      dir: 'auto',
      title: el.accessibility_label,
    },
    plain(el.text),
  );
  node.addEventListener('click', () => {
    if (url) ctx.openUrl?.(url);
    act(ctx, block, el, selectionFor(el), node);
  });
  return node;
}

function optionNode(doc, o, selected) {
  return h(
    doc,
    'option',
    { value: o.value, selected, title: o.description ? plain(o.description) : undefined },
    plain(o.text),
  );
}

function selectOptions(ctx, el) {
  switch (el.type) {
    case 'users_select':
    case 'multi_users_select':
      return (ctx.users ?? [])
        .filter((u) => !u.isBot)
        .map((u) => ({ value: u.id, label: `${u.realName} (@${u.name})` }));
    case 'conversations_select':
    case 'multi_conversations_select':
    case 'channels_select':
    case 'multi_channels_select': {
      const f = el.filter ?? {};
      const include = f.include ?? ['public', 'private', 'im', 'mpim'];
      return (ctx.channels ?? [])
        .filter((c) => {
          if (el.type.includes('channels_select')) return !c.isIm && !c.isPrivate;
          if (c.isIm) return include.includes('im');
          if (f.exclude_external_shared_channels && c.isExtShared) return false;
          return include.includes(c.isPrivate ? 'private' : 'public');
        })
        .map((c) => ({ value: c.id, label: c.isIm ? `@${userLabel(ctx, c.name)}` : `#${c.name}` }));
    }
    default:
      return optionsOf(el).map((o) => ({ value: o.value, label: plain(o.text), o }));
  }
}

function renderSelect(ctx, block, el, inInput) {
  const doc = ctx.doc;
  const multi = el.type.startsWith('multi_');
  const value = elementValue(ctx, block, el);
  const chosen = new Set(multi ? (value ?? []) : value ? [value] : []);
  const node = h(doc, 'select', {
    ...baseAttrs(block, el, inInput),
    class: 'select',
    multiple: multi || undefined,
    size: multi ? 5 : undefined,
    dir: 'auto',
  });
  if (!multi) {
    node.appendChild(
      h(
        doc,
        'option',
        { value: '', selected: chosen.size === 0 },
        plain(el.placeholder) || 'Select…',
      ),
    );
  }
  const opts = selectOptions(ctx, el);
  if (el.option_groups && !el.type.includes('users') && !el.type.includes('conversations')) {
    for (const g of el.option_groups) {
      const group = h(doc, 'optgroup', { label: plain(g.label) });
      for (const o of g.options ?? []) group.appendChild(optionNode(doc, o, chosen.has(o.value)));
      node.appendChild(group);
    }
  } else {
    for (const o of opts) {
      node.appendChild(
        h(doc, 'option', { value: o.value, selected: chosen.has(o.value) }, o.label),
      );
    }
    // An initial value the list does not offer (e.g. external_select) still shows.
    for (const v of chosen) {
      if (!opts.some((o) => o.value === v)) {
        const label = el.initial_option?.value === v ? plain(el.initial_option.text) : v;
        node.appendChild(h(doc, 'option', { value: v, selected: true }, label));
      }
    }
  }
  node.addEventListener('change', () => {
    const v = multi
      ? Array.from(node.selectedOptions ?? [], (o) => o.value)
      : node.value === ''
        ? null
        : node.value;
    changed(ctx, block, el, v, node);
  });
  return node;
}

function renderChoices(ctx, block, el, inInput) {
  const doc = ctx.doc;
  const radio = el.type === 'radio_buttons';
  const value = elementValue(ctx, block, el);
  const chosen = new Set(radio ? (value ? [value] : []) : (value ?? []));
  const name = `${ctx.containerKey ?? 'c'}:${block.block_id}:${el.action_id}`;
  const inputs = [];
  const box = h(doc, 'fieldset', {
    ...baseAttrs(block, el, inInput),
    class: 'choices',
    dir: directionOf(...optionsOf(el).map((o) => o.text)),
  });
  for (const o of optionsOf(el)) {
    const input = h(doc, 'input', {
      type: radio ? 'radio' : 'checkbox',
      name,
      value: o.value,
      checked: chosen.has(o.value),
      'data-value': o.value,
      'data-testid': radio ? 'radio-option' : 'checkbox-option',
    });
    inputs.push(input);
    input.addEventListener('change', () => {
      const v = radio
        ? (inputs.find((i) => i.checked)?.value ?? null)
        : inputs.filter((i) => i.checked).map((i) => i.value);
      changed(ctx, block, el, v, null);
    });
    box.appendChild(
      h(
        doc,
        'label',
        { class: 'choice' },
        input,
        h(
          doc,
          'span',
          { class: 'choice-text' },
          renderText(ctx, o.text, 'choice-label'),
          o.description ? renderText(ctx, o.description, 'choice-description') : null,
        ),
      ),
    );
  }
  return box;
}

function renderOverflow(ctx, block, el) {
  const doc = ctx.doc;
  const key = `${ctx.containerKey ?? 'c'}:${block.block_id}:${el.action_id}`;
  const open = ctx.isOpen?.(key) ?? false;
  const wrap = h(doc, 'span', { class: 'overflow' });
  const toggle = h(
    doc,
    'button',
    {
      ...baseAttrs(block, el, false),
      type: 'button',
      class: 'btn overflow-button',
      'aria-expanded': open ? 'true' : 'false',
      title: 'More actions',
      onclick: () => ctx.toggle?.(key),
    },
    '⋮',
  );
  wrap.appendChild(toggle);
  if (open) {
    const menu = h(doc, 'div', { class: 'menu', role: 'menu', 'data-testid': 'overflow-menu' });
    for (const o of el.options ?? []) {
      const url = o.url ? safeUrl(o.url) : undefined;
      menu.appendChild(
        h(
          doc,
          'button',
          {
            type: 'button',
            role: 'menuitem',
            class: 'menu-item',
            'data-testid': 'overflow-option',
            'data-action-id': el.action_id,
            'data-value': o.value,
            dir: 'auto',
            onclick: () => {
              ctx.toggle?.(key);
              if (url) ctx.openUrl?.(url);
              act(ctx, block, el, { selectedOption: o.value }, null);
            },
          },
          plain(o.text),
        ),
      );
    }
    wrap.appendChild(menu);
  }
  return wrap;
}

function renderTextInput(ctx, block, el) {
  const doc = ctx.doc;
  const value = elementValue(ctx, block, el) ?? '';
  const attrs = {
    ...baseAttrs(block, el, true),
    class: 'text-input',
    dir: 'auto',
    placeholder: el.placeholder ? plain(el.placeholder) : undefined,
    value: String(value),
  };
  let node;
  if (el.type === 'plain_text_input' && el.multiline) {
    node = h(doc, 'textarea', { ...attrs, rows: 4, maxlength: el.max_length });
  } else if (el.type === 'number_input') {
    node = h(doc, 'input', {
      ...attrs,
      type: 'number',
      step: el.is_decimal_allowed ? 'any' : '1',
      min: el.min_value,
      max: el.max_value,
    });
  } else {
    const type = { email_text_input: 'email', url_text_input: 'url' }[el.type] ?? 'text';
    node = h(doc, 'input', { ...attrs, type, maxlength: el.max_length });
  }
  node.addEventListener('input', () => ctx.setValue?.(block.block_id, el.action_id, node.value));
  if (block.dispatch_action === true) {
    // Slack sends block_actions for a dispatching text input on Enter; the stand-in cannot.
    node.setAttribute('title', 'dispatch_action on text inputs is not emulated');
  }
  return node;
}

function renderPicker(ctx, block, el, inInput) {
  const doc = ctx.doc;
  const value = elementValue(ctx, block, el);
  const node = h(doc, 'input', {
    ...baseAttrs(block, el, inInput),
    class: 'picker',
    type: el.type === 'timepicker' ? 'time' : 'date',
    value: value ?? '',
  });
  node.addEventListener('change', () =>
    changed(ctx, block, el, node.value === '' ? null : node.value, node),
  );
  return node;
}

function renderImageElement(ctx, el, cls) {
  const src = el.image_url ? safeImage(el.image_url) : undefined;
  if (!src)
    return h(ctx.doc, 'span', { class: `${cls} missing`, dir: 'auto' }, `🖼 ${el.alt_text ?? ''}`);
  const img = h(ctx.doc, 'img', { class: cls, src, alt: el.alt_text ?? '', title: el.alt_text });
  return img;
}

function safeImage(url) {
  const u = String(url).trim();
  return /^(https?:|data:image\/)/i.test(u) ? u : undefined;
}

/** Any interactive element (or image) of a section accessory, actions block or input block. */
export function renderElement(ctx, block, el) {
  const inInput = block.type === 'input';
  const doc = ctx.doc;
  switch (el?.type) {
    case 'button':
      return renderButton(ctx, block, el);
    case 'static_select':
    case 'multi_static_select':
    case 'external_select':
    case 'multi_external_select':
    case 'users_select':
    case 'multi_users_select':
    case 'conversations_select':
    case 'multi_conversations_select':
    case 'channels_select':
    case 'multi_channels_select':
      return renderSelect(ctx, block, el, inInput);
    case 'checkboxes':
    case 'radio_buttons':
      return renderChoices(ctx, block, el, inInput);
    case 'overflow':
      return renderOverflow(ctx, block, el);
    case 'datepicker':
    case 'timepicker':
      return renderPicker(ctx, block, el, inInput);
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return renderTextInput(ctx, block, el);
    case 'image':
      return renderImageElement(ctx, el, 'accessory-image');
    default:
      return h(
        doc,
        'span',
        { class: 'unsupported', 'data-element-type': el?.type, 'data-action-id': el?.action_id },
        `[${el?.type ?? 'element'} not emulated]`,
      );
  }
}

// ------------------------------------------------------------------ rich_text

function renderRichElements(ctx, elements, parent) {
  const doc = ctx.doc;
  for (const e of elements ?? []) {
    let node;
    switch (e.type) {
      case 'text': {
        node = doc.createTextNode(e.text ?? '');
        const s = e.style ?? {};
        if (s.code) node = h(doc, 'code', { dir: 'auto' }, node);
        if (s.strike) node = h(doc, 's', {}, node);
        if (s.italic) node = h(doc, 'i', {}, node);
        if (s.bold) node = h(doc, 'b', {}, node);
        break;
      }
      case 'link': {
        const url = safeUrl(e.url ?? '');
        node = url
          ? h(
              doc,
              'a',
              { href: url, target: '_blank', rel: 'noopener noreferrer', dir: 'auto' },
              e.text ?? url,
            )
          : doc.createTextNode(e.text ?? e.url ?? '');
        break;
      }
      case 'user':
        node = h(
          doc,
          'span',
          { class: 'mention', 'data-user-id': e.user_id, dir: 'auto' },
          `@${userLabel(ctx, e.user_id)}`,
        );
        break;
      case 'channel':
        node = h(
          doc,
          'span',
          { class: 'channel-ref', 'data-channel-id': e.channel_id, dir: 'auto' },
          `#${channelLabel(ctx, e.channel_id)}`,
        );
        break;
      case 'usergroup':
        node = h(doc, 'span', { class: 'mention', dir: 'auto' }, `@${e.usergroup_id}`);
        break;
      case 'broadcast':
        node = h(doc, 'span', { class: 'mention special', dir: 'auto' }, `@${e.range}`);
        break;
      case 'emoji':
        node = h(
          doc,
          'span',
          { class: 'emoji', title: `:${e.name}:` },
          e.unicode
            ? String.fromCodePoint(
                ...String(e.unicode)
                  .split('-')
                  .map((x) => Number.parseInt(x, 16)),
              )
            : replaceEmoji(`:${e.name}:`),
        );
        break;
      case 'date':
        node = h(
          doc,
          'time',
          { 'data-testid': 'date-token', dir: 'auto' },
          formatDateToken(e.timestamp, e.format ?? '{date}', { tz: ctx.tz, nowMs: ctx.nowMs }) ??
            e.fallback ??
            '',
        );
        break;
      default:
        node = doc.createTextNode(e.text ?? '');
    }
    parent.appendChild(node);
  }
  return parent;
}

function renderRichText(ctx, block) {
  const doc = ctx.doc;
  const root = h(doc, 'div', { class: 'rich-text' });
  for (const part of block.elements ?? []) {
    switch (part.type) {
      case 'rich_text_section':
        root.appendChild(
          renderRichElements(ctx, part.elements, h(doc, 'div', { class: 'line', dir: 'auto' })),
        );
        break;
      case 'rich_text_preformatted':
        root.appendChild(renderRichElements(ctx, part.elements, h(doc, 'pre', { dir: 'auto' })));
        break;
      case 'rich_text_quote':
        root.appendChild(
          renderRichElements(ctx, part.elements, h(doc, 'blockquote', { dir: 'auto' })),
        );
        break;
      case 'rich_text_list': {
        const list = h(doc, part.style === 'ordered' ? 'ol' : 'ul', { dir: 'auto' });
        for (const item of part.elements ?? []) {
          list.appendChild(renderRichElements(ctx, item.elements, h(doc, 'li', { dir: 'auto' })));
        }
        root.appendChild(list);
        break;
      }
      default:
        break;
    }
  }
  return root;
}

// ------------------------------------------------------------------ blocks

function renderBlockBody(ctx, b) {
  const doc = ctx.doc;
  switch (b.type) {
    case 'header':
      return h(doc, 'h3', { class: 'header', dir: 'auto' }, plain(b.text));
    case 'divider':
      return h(doc, 'hr', {});
    case 'section': {
      const main = h(
        doc,
        'div',
        { class: 'section-main' },
        renderText(ctx, b.text, 'section-text'),
      );
      if (Array.isArray(b.fields) && b.fields.length > 0) {
        main.appendChild(
          h(
            doc,
            'div',
            { class: 'fields', dir: directionOf(...b.fields) },
            b.fields.map((f) => renderText(ctx, f, 'field')),
          ),
        );
      }
      return h(
        doc,
        'div',
        // An Arabic section puts its accessory on the left, as its fields flow from the right.
        { class: 'section', dir: directionOf(b.text, ...(b.fields ?? [])) },
        main,
        b.accessory
          ? h(doc, 'div', { class: 'accessory' }, renderElement(ctx, b, b.accessory))
          : null,
      );
    }
    case 'context':
      return h(
        doc,
        'div',
        {
          class: 'context',
          dir: directionOf(...(b.elements ?? []).filter((e) => e.type !== 'image')),
        },
        (b.elements ?? []).map((e) =>
          e.type === 'image'
            ? renderImageElement(ctx, e, 'context-image')
            : renderText(ctx, e, 'context-text'),
        ),
      );
    case 'image': {
      const src = safeImage(b.image_url ?? '');
      return h(
        doc,
        'figure',
        { class: 'image' },
        b.title ? h(doc, 'figcaption', { dir: 'auto' }, plain(b.title)) : null,
        src
          ? h(doc, 'img', { src, alt: b.alt_text ?? '', title: b.alt_text })
          : h(doc, 'div', { class: 'missing', dir: 'auto' }, `🖼 ${b.alt_text ?? 'image'}`),
      );
    }
    case 'actions':
      return h(
        doc,
        'div',
        { class: 'actions', dir: directionOf(...(b.elements ?? []).map(elementLabel)) },
        (b.elements ?? []).map((e) => renderElement(ctx, b, e)),
      );
    case 'input': {
      const error = ctx.errors?.[b.block_id];
      return h(
        doc,
        'div',
        {
          class: `input${error ? ' has-error' : ''}`,
          'data-testid': 'input-block',
          'data-block-id': b.block_id,
        },
        h(
          doc,
          'label',
          { class: 'input-label', dir: 'auto' },
          plain(b.label),
          b.optional ? h(doc, 'span', { class: 'optional' }, ' (optional)') : null,
        ),
        renderElement(ctx, b, b.element),
        b.hint ? h(doc, 'div', { class: 'hint', dir: 'auto' }, plain(b.hint)) : null,
        error
          ? h(
              doc,
              'div',
              {
                class: 'input-error',
                role: 'alert',
                'data-testid': 'input-error',
                'data-block-id': b.block_id,
                dir: 'auto',
              },
              error,
            )
          : null,
      );
    }
    case 'rich_text':
      return renderRichText(ctx, b);
    case 'markdown':
      return renderMrkdwn(ctx, String(b.text ?? '').replace(/\*\*(.+?)\*\*/g, '*$1*'), 'markdown');
    case 'video':
      return h(doc, 'div', { class: 'video', dir: 'auto' }, `▶ ${plain(b.title)}`);
    case 'file':
      return h(doc, 'div', { class: 'file', dir: 'auto' }, `📎 file ${b.external_id ?? ''}`);
    default:
      return h(doc, 'div', { class: 'unsupported' }, `[${b.type} block not emulated]`);
  }
}

/** One block, wrapped with its type and block_id. */
export function renderBlock(ctx, b) {
  const doc = ctx.doc;
  let body;
  try {
    body = renderBlockBody(ctx, b ?? {});
  } catch (e) {
    body = h(
      doc,
      'div',
      { class: 'unsupported' },
      `[could not render ${b?.type}: ${e?.message ?? e}]`,
    );
  }
  return h(
    doc,
    'div',
    {
      class: `block block-${b?.type}`,
      'data-testid': 'block',
      'data-block-type': b?.type,
      'data-block-id': b?.block_id,
    },
    body,
  );
}

/** A list of blocks. */
export function renderBlocks(ctx, blocks) {
  return h(
    ctx.doc,
    'div',
    { class: 'blocks' },
    (blocks ?? []).map((b) => renderBlock(ctx, b)),
  );
}

/** Legacy attachments (color bar, pretext, title, text, fields, blocks). */
export function renderAttachments(ctx, attachments) {
  const doc = ctx.doc;
  return h(
    doc,
    'div',
    { class: 'attachments' },
    (attachments ?? []).map((a) => {
      const bar = h(doc, 'div', { class: 'attachment-bar' });
      if (typeof a.color === 'string' && /^#?[0-9a-f]{3,8}$/i.test(a.color) && bar.style) {
        bar.style.backgroundColor = a.color.startsWith('#') ? a.color : `#${a.color}`;
      } else if (a.color === 'good' || a.color === 'warning' || a.color === 'danger') {
        bar.setAttribute('class', `attachment-bar ${a.color}`);
      }
      const titleUrl = a.title_link ? safeUrl(a.title_link) : undefined;
      return h(
        doc,
        'div',
        { class: 'attachment', 'data-testid': 'attachment' },
        a.pretext ? renderMrkdwn(ctx, a.pretext, 'pretext') : null,
        h(
          doc,
          'div',
          { class: 'attachment-row' },
          bar,
          h(
            doc,
            'div',
            { class: 'attachment-body' },
            a.title
              ? h(
                  doc,
                  'div',
                  { class: 'attachment-title', dir: 'auto' },
                  titleUrl
                    ? h(
                        doc,
                        'a',
                        { href: titleUrl, target: '_blank', rel: 'noopener noreferrer' },
                        a.title,
                      )
                    : a.title,
                )
              : null,
            a.text ? renderMrkdwn(ctx, a.text) : null,
            Array.isArray(a.fields) && a.fields.length > 0
              ? h(
                  doc,
                  'div',
                  { class: 'fields' },
                  a.fields.map((f) =>
                    h(
                      doc,
                      'div',
                      { class: 'field' },
                      h(doc, 'b', { dir: 'auto' }, f.title ?? ''),
                      renderMrkdwn(ctx, f.value ?? ''),
                    ),
                  ),
                )
              : null,
            Array.isArray(a.blocks) ? renderBlocks(ctx, a.blocks) : null,
            a.footer ? h(doc, 'div', { class: 'context-text', dir: 'auto' }, a.footer) : null,
          ),
        ),
      );
    }),
  );
}
