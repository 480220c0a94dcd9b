/**
 * The stand-in page: a small Slack client for one workspace, driven by the stand-in's own HTTP
 * server. It fetches `/_standin/ui/state`, re-fetches it whenever `/_standin/events` (SSE) reports
 * a change, and sends what the person does to the `/_standin/ui/*` endpoints, which turn it
 * into real signed requests to the app.
 *
 * `boot(window)` builds the page under `#app`. Everything it needs from the browser comes from
 * the window it is given (document, fetch, EventSource, localStorage, location, history,
 * setTimeout), so the same code runs against a stub window in tests.
 *
 * The data-testid hooks for browser tests are listed in README.md next to this file.
 */
import {
  elementValue,
  h,
  holdsValue,
  isEmptyValue,
  plain,
  renderAttachments,
  renderBlocks,
  renderMrkdwn,
  stateEntryValue,
} from './blocks.js';
import { emojiFor, formatFullTime, formatMessageTime } from './mrkdwn.js';

/** The message shortcut the "Create ticket" menu item runs. */
export const CREATE_TICKET_CALLBACK = 'sanad_create_ticket';
const REQUIRED = 'Please complete this required field.';

function cmpTs(a, b) {
  const [as, af = '0'] = String(a).split('.');
  const [bs, bf = '0'] = String(b).split('.');
  return Number(as) - Number(bs) || Number(af.padEnd(6, '0')) - Number(bf.padEnd(6, '0'));
}

function isTopLevel(m) {
  return m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === 'thread_broadcast';
}

function initials(name) {
  const words = String(name ?? '?')
    .replace(/\(.*?\)/g, '')
    .trim()
    .split(/[\s._-]+/)
    .filter(Boolean);
  return (
    words
      .slice(0, 2)
      .map((w) => Array.from(w)[0] ?? '')
      .join('')
      .toUpperCase() || '?'
  );
}

function hashIndex(s, n) {
  let x = 0;
  for (const c of String(s)) x = (x * 31 + c.codePointAt(0)) % 9973;
  return x % n;
}

/** Replaces a node's children; null / undefined / false children are skipped. */
function fill(node, ...children) {
  node.replaceChildren(
    ...children.flat().filter((c) => c !== null && c !== undefined && c !== false),
  );
}

/** Builds the page inside `win.document`'s `#app` (or body) and starts it. */
export function boot(win) {
  const page = createPage(win);
  page.start();
  return page;
}

export function createPage(win) {
  const doc = win.document;
  const st = {
    snap: null,
    userId: null,
    channelId: null,
    pane: 'channel',
    threadTs: null,
    /** `${containerKey}\0${blockId}\0${actionId}` → what the reader entered */
    drafts: new Map(),
    /** viewId → { blockId: message } (checks the page makes before submitting) */
    localErrors: new Map(),
    /** the one open menu (message "⋯" or overflow), by key */
    openKey: null,
    lastRead: {},
    dismissed: new Set(),
    activity: [],
    confirm: null,
    renderCount: 0,
    sigs: {},
    listeners: [],
    es: null,
    stopped: false,
  };

  // ---------------------------------------------------------------- layout (built once)

  const root = doc.getElementById?.('app') ?? doc.body;
  root.setAttribute('data-testid', 'app');
  const userSwitcher = h(doc, 'select', {
    'data-testid': 'user-switcher',
    class: 'user-switcher',
    dir: 'auto',
  });
  const viewerTz = h(doc, 'span', { class: 'viewer-tz', 'data-testid': 'viewer-tz' });
  const connection = h(
    doc,
    'span',
    {
      class: 'connection',
      'data-testid': 'connection-status',
      'data-state': 'connecting',
      title: 'Live updates',
    },
    '●',
  );
  const teamName = h(doc, 'span', { class: 'team-name', dir: 'auto' }, 'Slack stand-in');
  const homeLink = h(
    doc,
    'button',
    { type: 'button', class: 'home-link', 'data-testid': 'home-link' },
    '🏠 App Home',
  );
  const channelList = h(doc, 'ul', { class: 'channel-list', 'data-testid': 'channel-list' });
  const dmList = h(doc, 'ul', { class: 'channel-list', 'data-testid': 'dm-list' });
  const activityLog = h(doc, 'ol', { class: 'activity', 'data-testid': 'activity-log' });
  const channelHeader = h(doc, 'header', {
    class: 'channel-header',
    'data-testid': 'channel-header',
  });
  const messageList = h(doc, 'div', {
    class: 'message-list',
    'data-testid': 'message-list',
    role: 'log',
  });
  const composerInput = h(doc, 'textarea', {
    class: 'composer-input',
    'data-testid': 'composer-input',
    dir: 'auto',
    rows: 2,
    placeholder: 'Message, or /ticket … /incident …',
  });
  const composerSend = h(
    doc,
    'button',
    { type: 'submit', class: 'btn primary', 'data-testid': 'composer-send' },
    'Send',
  );
  const composer = h(
    doc,
    'form',
    { class: 'composer', 'data-testid': 'composer' },
    composerInput,
    composerSend,
  );
  const channelPane = h(
    doc,
    'section',
    { class: 'channel-pane', 'data-testid': 'channel-pane' },
    channelHeader,
    messageList,
    composer,
    h(
      doc,
      'div',
      { class: 'composer-hint' },
      'Enter sends · Shift+Enter adds a line · /command runs a slash command as the selected user',
    ),
  );
  const homeBody = h(doc, 'div', { class: 'home-body' });
  const homePane = h(
    doc,
    'section',
    { class: 'home-pane', 'data-testid': 'home-pane' },
    h(
      doc,
      'header',
      { class: 'channel-header' },
      h(doc, 'h2', { dir: 'auto' }, '🏠 Home'),
      h(
        doc,
        'button',
        { type: 'button', class: 'btn', 'data-testid': 'home-refresh', onclick: () => openHome() },
        'Reopen (app_home_opened)',
      ),
    ),
    homeBody,
  );
  homePane.hidden = true;
  const threadList = h(doc, 'div', {
    class: 'message-list thread-list',
    'data-testid': 'thread-messages',
  });
  const threadInput = h(doc, 'textarea', {
    class: 'composer-input',
    'data-testid': 'thread-composer-input',
    dir: 'auto',
    rows: 2,
    placeholder: 'Reply…',
  });
  const threadComposer = h(
    doc,
    'form',
    { class: 'composer', 'data-testid': 'thread-composer' },
    threadInput,
    h(
      doc,
      'button',
      { type: 'submit', class: 'btn primary', 'data-testid': 'thread-composer-send' },
      'Reply',
    ),
  );
  const threadPane = h(
    doc,
    'aside',
    { class: 'thread-pane', 'data-testid': 'thread-pane' },
    h(
      doc,
      'header',
      { class: 'channel-header' },
      h(doc, 'h2', {}, 'Thread'),
      h(
        doc,
        'button',
        {
          type: 'button',
          class: 'btn',
          'data-testid': 'thread-close',
          onclick: () => closeThread(),
        },
        '✕',
      ),
    ),
    threadList,
    threadComposer,
  );
  threadPane.hidden = true;
  const modalRoot = h(doc, 'div', { class: 'modal-root' });
  const confirmRoot = h(doc, 'div', { class: 'confirm-root' });
  const toasts = h(doc, 'div', { class: 'toasts', 'data-testid': 'toasts', role: 'status' });

  fill(
    root,
    h(
      doc,
      'header',
      { class: 'topbar' },
      h(doc, 'span', { class: 'brand', title: 'The local Slack stand-in' }, 'Slack stand-in ·'),
      teamName,
      h(doc, 'span', { class: 'spacer' }),
      h(doc, 'label', { class: 'switcher-label' }, 'Viewing as ', userSwitcher),
      viewerTz,
      connection,
    ),
    h(
      doc,
      'div',
      { class: 'layout' },
      h(
        doc,
        'nav',
        { class: 'sidebar', 'data-testid': 'sidebar' },
        homeLink,
        h(doc, 'div', { class: 'sidebar-title' }, 'Channels'),
        channelList,
        h(doc, 'div', { class: 'sidebar-title' }, 'Direct messages'),
        dmList,
        h(doc, 'div', { class: 'sidebar-title' }, 'App requests'),
        activityLog,
      ),
      h(doc, 'main', { class: 'main' }, channelPane, homePane),
      threadPane,
    ),
    modalRoot,
    confirmRoot,
    toasts,
  );

  // ---------------------------------------------------------------- helpers

  const url = (path) => new URL(path, win.location.href).toString();

  function toast(message, kind = 'error') {
    const node = h(
      doc,
      'div',
      {
        class: `toast ${kind}`,
        'data-testid': 'toast',
        'data-kind': kind,
        role: kind === 'error' ? 'alert' : 'status',
      },
      h(doc, 'span', { class: 'toast-text', dir: 'auto' }, String(message)),
      h(
        doc,
        'button',
        {
          type: 'button',
          class: 'toast-close',
          'data-testid': 'toast-close',
          onclick: () => node.remove(),
        },
        '✕',
      ),
    );
    toasts.appendChild(node);
    for (const fn of st.listeners) fn();
    win.setTimeout?.(() => node.remove(), kind === 'error' ? 12_000 : 6000);
  }

  async function api(name, body) {
    let data;
    try {
      const res = await win.fetch(url(`/_standin/ui/${name}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      data = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
    } catch (e) {
      data = { ok: false, error: `could not reach the stand-in: ${e?.message ?? e}` };
    }
    if (data?.ok !== true) toast(data?.error ?? 'request failed', 'error');
    else if (data.warning) toast(data.warning, 'warn');
    return data ?? { ok: false };
  }

  const me = () => st.snap?.users.find((u) => u.id === st.userId);
  const tz = () => me()?.tz ?? 'UTC';
  const channelById = (id) => st.snap?.channels.find((c) => c.id === id);
  const userById = (id) => st.snap?.users.find((u) => u.id === id);

  function readKey() {
    return `sanad-standin:read:${st.userId}`;
  }
  function loadRead() {
    try {
      st.lastRead = JSON.parse(win.localStorage?.getItem(readKey()) ?? '{}') ?? {};
    } catch {
      st.lastRead = {};
    }
  }
  function saveRead() {
    try {
      win.localStorage?.setItem(readKey(), JSON.stringify(st.lastRead));
    } catch {
      // private mode: unread markers just do not survive a reload
    }
  }

  function updateUrl() {
    const params = new URLSearchParams();
    if (st.userId) params.set('user', st.userId);
    if (st.channelId) params.set('channel', st.channelId);
    if (st.pane === 'home') params.set('pane', 'home');
    if (st.threadTs) params.set('thread', st.threadTs);
    win.history?.replaceState?.(null, '', `?${params}`);
  }

  // ---------------------------------------------------------------- state & live updates

  let fetching = null;
  let again = false;

  function refresh() {
    if (fetching) {
      again = true;
      return fetching;
    }
    fetching = (async () => {
      do {
        again = false;
        const res = await win.fetch(url('/_standin/ui/state'), { cache: 'no-store' });
        if (!res.ok) throw new Error(`state: HTTP ${res.status}`);
        st.snap = await res.json();
        if (!st.stopped) render();
      } while (again && !st.stopped);
    })()
      .catch((e) => toast(`could not load the workspace: ${e?.message ?? e}`))
      .finally(() => {
        fetching = null;
      });
    return fetching;
  }

  function setConnection(state) {
    connection.setAttribute('data-state', state);
    connection.setAttribute('title', `Live updates: ${state}`);
  }

  function connect() {
    const es = new win.EventSource(url('/_standin/events'));
    st.es = es;
    es.addEventListener('hello', () => {
      setConnection('open');
      refresh();
    });
    es.addEventListener('change', (e) => {
      try {
        const change = JSON.parse(e.data);
        if (change.kind === 'app_request') {
          st.activity.unshift(change);
          st.activity.length = Math.min(st.activity.length, 12);
        }
      } catch {
        // a change we cannot read still means: fetch the state again
      }
      refresh();
    });
    es.addEventListener('error', () =>
      setConnection(es.readyState === 2 ? 'closed' : 'connecting'),
    );
  }

  // ---------------------------------------------------------------- actions

  function selectUser(id) {
    st.userId = id;
    st.threadTs = null;
    st.openKey = null;
    loadRead();
    const ch = channelById(st.channelId);
    if (!ch || (ch.isIm && !ch.members.includes(id))) st.channelId = null;
    updateUrl();
    render();
    if (st.pane === 'home') openHome();
  }

  function selectChannel(id) {
    st.channelId = id;
    st.pane = 'channel';
    st.threadTs = null;
    st.openKey = null;
    updateUrl();
    render();
    composerInput.focus?.();
  }

  function openHome() {
    st.pane = 'home';
    st.threadTs = null;
    updateUrl();
    render();
    return api('home', { userId: st.userId });
  }

  function openThread(ts) {
    st.threadTs = ts;
    st.openKey = null;
    updateUrl();
    render();
    threadInput.focus?.();
  }

  function closeThread() {
    st.threadTs = null;
    updateUrl();
    render();
  }

  function toggleOpen(key) {
    st.openKey = st.openKey === key ? null : key;
    render();
  }

  /**
   * Sends what was typed: `/command …` as a slash command, anything else as a message. The box
   * is read-only until the stand-in answered (a browser test's fill() waits for that); it is
   * cleared on success and keeps the text when something failed.
   */
  async function send(input, threadTs) {
    const text = input.value;
    if (text.trim() === '' || input.readOnly) return;
    if (!st.channelId) {
      toast('pick a channel first');
      return;
    }
    input.readOnly = true;
    input.setAttribute('aria-busy', 'true');
    try {
      const isCommand = text.trimStart().startsWith('/');
      const r = isCommand
        ? await api('command', { userId: st.userId, channelId: st.channelId, text: text.trim() })
        : await api('message', {
            userId: st.userId,
            channelId: st.channelId,
            text,
            ...(threadTs ? { threadTs } : {}),
          });
      if (r.ok) input.value = '';
    } finally {
      input.readOnly = false;
      input.removeAttribute('aria-busy');
    }
  }

  function askConfirm(c) {
    return new Promise((resolve) => {
      st.confirm = { c, resolve };
      renderConfirm();
    });
  }

  function answerConfirm(ok) {
    const pending = st.confirm;
    st.confirm = null;
    renderConfirm();
    pending?.resolve(ok);
  }

  // ---------------------------------------------------------------- values of views

  const draftKey = (container, blockId, actionId) =>
    `${container}\u0000${blockId}\u0000${actionId}`;

  function viewGetter(view) {
    return (blockId, actionId) => {
      const d = st.drafts.get(draftKey(view.id, blockId, actionId));
      if (d !== undefined) return d;
      return stateEntryValue(view.state?.values?.[blockId]?.[actionId]);
    };
  }

  /** What the reader entered into a view's inputs, as submitView takes it. */
  function collectValues(view) {
    const ctx = { getValue: viewGetter(view) };
    const values = {};
    for (const b of view.blocks ?? []) {
      if (b.type !== 'input' || !holdsValue(b.element) || !b.element.action_id) continue;
      const v = elementValue(ctx, b, b.element);
      values[b.block_id] = { [b.element.action_id]: v === '' ? null : v };
    }
    return values;
  }

  /** The checks Slack's client makes before it sends a view_submission. */
  function clientErrors(view, values) {
    const errors = {};
    for (const b of view.blocks ?? []) {
      if (b.type !== 'input' || !holdsValue(b.element)) continue;
      const el = b.element;
      const v = values[b.block_id]?.[el.action_id];
      if (isEmptyValue(v)) {
        if (!b.optional) errors[b.block_id] = REQUIRED;
        continue;
      }
      if (el.type === 'email_text_input' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) {
        errors[b.block_id] = 'Please enter a valid email address.';
      }
      if (el.type === 'number_input') {
        const n = Number(v);
        if (Number.isNaN(n)) errors[b.block_id] = 'Please enter a number.';
        else if (!el.is_decimal_allowed && !Number.isInteger(n))
          errors[b.block_id] = 'Please enter a whole number.';
        else if (el.min_value !== undefined && n < Number(el.min_value))
          errors[b.block_id] = `Please enter a number of at least ${el.min_value}.`;
        else if (el.max_value !== undefined && n > Number(el.max_value))
          errors[b.block_id] = `Please enter a number of at most ${el.max_value}.`;
      }
      if (el.type === 'plain_text_input') {
        if (el.min_length !== undefined && String(v).length < el.min_length)
          errors[b.block_id] = `Please enter at least ${el.min_length} characters.`;
      }
    }
    return errors;
  }

  async function submitView(view, button) {
    const values = collectValues(view);
    const errors = clientErrors(view, values);
    if (Object.keys(errors).length > 0) {
      st.localErrors.set(view.id, errors);
      render();
      return;
    }
    st.localErrors.delete(view.id);
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const r = await api('submit', { userId: st.userId, viewId: view.id, values });
      if (r.ok && r.problems?.length) toast(`the app's answer: ${r.problems.join('; ')}`, 'warn');
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  }

  function closeView(view) {
    st.localErrors.delete(view.id);
    return api('close', { userId: st.userId, viewId: view.id });
  }

  // ---------------------------------------------------------------- block contexts

  function baseCtx(surface, containerKey) {
    return {
      doc,
      surface,
      containerKey,
      tz: tz(),
      nowMs: st.snap?.now ?? Date.now(),
      users: st.snap?.users ?? [],
      channels: st.snap?.channels ?? [],
      confirm: askConfirm,
      openUrl: (u) => win.open?.(u, '_blank', 'noopener,noreferrer'),
      onChannel: (id) => (channelById(id) ? selectChannel(id) : toast(`unknown channel ${id}`)),
      isOpen: (k) => st.openKey === k,
      toggle: toggleOpen,
    };
  }

  function messageCtx(channelId, ts) {
    const key = `m:${channelId}:${ts}`;
    return {
      ...baseCtx('message', key),
      getValue: (b, a) => st.drafts.get(draftKey(key, b, a)),
      setValue: (b, a, v) => st.drafts.set(draftKey(key, b, a), v),
      onAction: ({ block, element, selection }) =>
        api('action', {
          userId: st.userId,
          channelId,
          messageTs: ts,
          actionId: element.action_id,
          blockId: block.block_id,
          ...selection,
        }),
    };
  }

  function viewCtx(view, surface) {
    const errors = {
      ...(st.snap?.viewErrors?.[view.id] ?? {}),
      ...(st.localErrors.get(view.id) ?? {}),
    };
    return {
      ...baseCtx(surface, view.id),
      errors,
      getValue: viewGetter(view),
      setValue: (b, a, v) => st.drafts.set(draftKey(view.id, b, a), v),
      onAction: ({ block, element, selection }) =>
        api('action', {
          userId: st.userId,
          viewId: view.id,
          actionId: element.action_id,
          blockId: block.block_id,
          ...selection,
          values: collectValues(view),
        }),
    };
  }

  // ---------------------------------------------------------------- rendering

  function render() {
    const snap = st.snap;
    if (!snap) return;
    const humans = snap.users.filter((u) => !u.isBot);
    if (!st.userId || !userById(st.userId)) {
      st.userId = humans[0]?.id ?? snap.users[0]?.id ?? null;
      loadRead();
    }
    if (st.channelId && !channelById(st.channelId)) st.channelId = null;
    if (!st.channelId) {
      const first =
        snap.channels.find((c) => !c.isIm && c.members.includes(st.userId)) ??
        snap.channels.find((c) => !c.isIm);
      st.channelId = first?.id ?? null;
    }
    teamName.textContent = snap.team?.name ?? 'Slack stand-in';
    renderSwitcher(snap);
    renderSidebar(snap);
    channelPane.hidden = st.pane !== 'channel';
    homePane.hidden = st.pane !== 'home';
    if (st.pane === 'channel') renderChannel(snap);
    else renderHome(snap);
    renderThread(snap);
    renderModal(snap);
    renderActivity();
    st.renderCount += 1;
    root.setAttribute('data-ready', 'true');
    root.setAttribute('data-render-count', String(st.renderCount));
    root.setAttribute('data-user-id', st.userId ?? '');
    root.setAttribute('data-channel-id', st.channelId ?? '');
    root.setAttribute('data-pane', st.pane);
    for (const fn of st.listeners) fn();
  }

  /** Re-builds `node`'s children only when `sig` changed (keeps selects and inputs steady). */
  function changedSig(name, sig) {
    if (st.sigs[name] === sig) return false;
    st.sigs[name] = sig;
    return true;
  }

  function renderSwitcher(snap) {
    const humans = snap.users.filter((u) => !u.isBot);
    if (changedSig('switcher', JSON.stringify(humans.map((u) => [u.id, u.realName, u.tz])))) {
      fill(
        userSwitcher,
        ...humans.map((u) =>
          h(
            doc,
            'option',
            { value: u.id, 'data-user-id': u.id },
            `${u.realName} · @${u.name} · ${u.locale}`,
          ),
        ),
      );
    }
    userSwitcher.value = st.userId ?? '';
    const u = me();
    viewerTz.textContent = u ? `🕒 ${u.tz}` : '';
  }

  function unreadCount(ch) {
    // Like Slack: only conversations one is in have unread markers.
    if (!ch.members.includes(st.userId)) return 0;
    const last = st.lastRead[ch.id] ?? '0';
    return ch.messages.filter((m) => isTopLevel(m) && m.user !== st.userId && cmpTs(m.ts, last) > 0)
      .length;
  }

  function channelLabel(ch) {
    if (ch.isIm) {
      const other = ch.members.find((m) => m !== st.userId);
      return userById(other)?.name ?? other ?? 'dm';
    }
    return ch.name;
  }

  function channelItem(ch) {
    const unread = ch.id === st.channelId && st.pane === 'channel' ? 0 : unreadCount(ch);
    const member = ch.members.includes(st.userId);
    const prefix = ch.isIm ? '●' : ch.isPrivate ? '🔒' : '#';
    return h(
      doc,
      'li',
      {},
      h(
        doc,
        'button',
        {
          type: 'button',
          class: `channel-item${unread > 0 ? ' unread' : ''}${member ? '' : ' not-member'}${ch.id === st.channelId && st.pane === 'channel' ? ' current' : ''}`,
          'data-testid': 'channel-item',
          'data-channel-id': ch.id,
          'data-channel-name': ch.isIm ? `dm:${channelLabel(ch)}` : ch.name,
          'data-unread': String(unread),
          'data-member': member ? 'true' : 'false',
          'aria-current': ch.id === st.channelId && st.pane === 'channel' ? 'page' : undefined,
          title: member ? undefined : 'You are not a member of this channel',
          onclick: () => selectChannel(ch.id),
        },
        h(doc, 'span', { class: 'prefix' }, prefix),
        h(doc, 'span', { class: 'channel-name', dir: 'auto' }, channelLabel(ch)),
        ch.isExtShared ? h(doc, 'span', { class: 'badge ext', title: 'Slack Connect' }, '⇄') : null,
        unread > 0
          ? h(doc, 'span', { class: 'unread-count', 'data-testid': 'unread-count' }, String(unread))
          : null,
      ),
    );
  }

  function renderSidebar(snap) {
    homeLink.setAttribute('class', `home-link${st.pane === 'home' ? ' current' : ''}`);
    homeLink.textContent = `🏠 ${snap.bot?.name ?? 'App'} — Home`;
    fill(channelList, ...snap.channels.filter((c) => !c.isIm).map(channelItem));
    fill(
      dmList,
      ...snap.channels.filter((c) => c.isIm && c.members.includes(st.userId)).map(channelItem),
    );
  }

  function renderActivity() {
    fill(
      activityLog,
      ...st.activity.map((a) =>
        h(
          doc,
          'li',
          { class: a.status === 200 ? 'ok' : 'bad', 'data-testid': 'activity-item' },
          `${a.requestKind} ${a.type} → ${a.status === 0 ? 'no answer' : a.status}`,
        ),
      ),
    );
  }

  function authorOf(m) {
    const u = userById(m.user);
    const isApp = Boolean(m.bot_id) || Boolean(u?.isBot);
    const name = m.bot_profile?.name ?? u?.realName ?? m.user ?? m.bot_id ?? 'unknown';
    const external = Boolean(u && st.snap && u.teamId !== st.snap.team?.id);
    return { name, isApp, external };
  }

  function messageMenu(ch, m) {
    const item = (testid, label, onclick, disabled) =>
      h(
        doc,
        'button',
        {
          type: 'button',
          role: 'menuitem',
          class: 'menu-item',
          'data-testid': testid,
          disabled,
          onclick,
        },
        label,
      );
    const base = { userId: st.userId, channelId: ch.id, messageTs: m.ts };
    const close = () => {
      st.openKey = null;
      render();
    };
    const pinned = (m.pinned_to ?? []).includes(ch.id);
    return h(
      doc,
      'div',
      { class: 'menu message-menu', role: 'menu', 'data-testid': 'message-menu', 'data-ts': m.ts },
      item('message-menu-reply', '💬 Reply in thread', () => openThread(m.thread_ts ?? m.ts)),
      item('message-menu-create-ticket', '🎫 Create ticket', () => {
        close();
        api('shortcut', { ...base, callbackId: CREATE_TICKET_CALLBACK });
      }),
      item(
        'message-menu-pin',
        pinned ? '📌 Pinned' : '📌 Pin',
        () => {
          close();
          api('pin', base);
        },
        pinned,
      ),
      item('message-menu-react', 'Add 📌 reaction', () => {
        close();
        api('react', { ...base, name: 'pushpin' });
      }),
      item('message-menu-react-check', 'Add ✅ reaction', () => {
        close();
        api('react', { ...base, name: 'white_check_mark' });
      }),
    );
  }

  function renderMessage(ch, m, opts = {}) {
    const ephemeral = opts.ephemeral === true;
    const ctx = messageCtx(ch.id, m.ts);
    const author = ephemeral
      ? { name: st.snap.bot?.name ?? 'app', isApp: true, external: false }
      : authorOf(m);
    // The thread pane shows its root message too: its menu is a different one.
    const key = `menu:${opts.inThread ? 'thread' : 'channel'}:${ch.id}:${m.ts}`;
    const pinned = (m.pinned_to ?? []).includes(ch.id);
    const content =
      Array.isArray(m.blocks) && m.blocks.length > 0
        ? renderBlocks(ctx, m.blocks)
        : renderMrkdwn(ctx, m.text ?? '');
    const reactions = (m.reactions ?? []).map((r) =>
      h(
        doc,
        'button',
        {
          type: 'button',
          class: `reaction${r.users.includes(st.userId) ? ' mine' : ''}`,
          'data-testid': 'reaction',
          'data-name': r.name,
          'data-count': String(r.count),
          title: r.users.map((id) => userById(id)?.name ?? id).join(', '),
          onclick: () =>
            api('react', { userId: st.userId, channelId: ch.id, messageTs: m.ts, name: r.name }),
        },
        `${renderEmojiText(r.name)} ${r.count}`,
      ),
    );
    const showReplies = !opts.inThread && (m.reply_count ?? 0) > 0;
    return h(
      doc,
      'div',
      {
        class: `message${ephemeral ? ' ephemeral' : ''}${pinned ? ' pinned' : ''}`,
        'data-testid': 'message',
        'data-ts': m.ts,
        'data-channel-id': ch.id,
        'data-user-id': ephemeral ? undefined : m.user,
        'data-ephemeral': ephemeral ? 'true' : undefined,
        'data-thread-ts': m.thread_ts,
        'data-subtype': m.subtype,
      },
      h(doc, 'div', { class: `avatar c${hashIndex(author.name, 8)}` }, initials(author.name)),
      h(
        doc,
        'div',
        { class: 'message-body' },
        h(
          doc,
          'div',
          { class: 'message-meta' },
          h(
            doc,
            'b',
            { class: 'author', 'data-testid': 'message-author', dir: 'auto' },
            author.name,
          ),
          author.isApp ? h(doc, 'span', { class: 'badge app' }, 'APP') : null,
          author.external
            ? h(doc, 'span', { class: 'badge ext', title: 'Slack Connect guest' }, 'external')
            : null,
          h(
            doc,
            'time',
            {
              class: 'message-time',
              'data-testid': 'message-time',
              title: formatFullTime(m.ts, tz()),
            },
            formatMessageTime(m.ts, tz(), st.snap.now),
          ),
          m.edited ? h(doc, 'span', { class: 'edited' }, '(edited)') : null,
          pinned
            ? h(doc, 'span', { class: 'badge pin', 'data-testid': 'pinned-badge' }, '📌 Pinned')
            : null,
          m.subtype === 'thread_broadcast'
            ? h(doc, 'span', { class: 'edited' }, 'replied to a thread')
            : null,
        ),
        ephemeral
          ? h(
              doc,
              'div',
              { class: 'ephemeral-label', 'data-testid': 'ephemeral-label' },
              '👁 Only visible to you · ',
              h(
                doc,
                'button',
                {
                  type: 'button',
                  class: 'link-button',
                  'data-testid': 'ephemeral-dismiss',
                  onclick: () => {
                    st.dismissed.add(`${ch.id}:${m.ts}`);
                    render();
                  },
                },
                'Dismiss',
              ),
            )
          : null,
        content,
        Array.isArray(m.attachments) && m.attachments.length > 0
          ? renderAttachments(ctx, m.attachments)
          : null,
        reactions.length > 0 ? h(doc, 'div', { class: 'reactions' }, reactions) : null,
        showReplies
          ? h(
              doc,
              'button',
              {
                type: 'button',
                class: 'reply-count',
                'data-testid': 'reply-count',
                'data-count': String(m.reply_count),
                onclick: () => openThread(m.ts),
              },
              `${m.reply_count} ${m.reply_count === 1 ? 'reply' : 'replies'}`,
              m.latest_reply
                ? h(
                    doc,
                    'span',
                    { class: 'muted' },
                    ` · last ${formatMessageTime(m.latest_reply, tz(), st.snap.now)}`,
                  )
                : null,
            )
          : null,
      ),
      ephemeral
        ? null
        : h(
            doc,
            'div',
            { class: 'message-actions' },
            h(
              doc,
              'button',
              {
                type: 'button',
                class: 'menu-button',
                'data-testid': 'message-menu-button',
                'aria-expanded': st.openKey === key ? 'true' : 'false',
                title: 'More actions',
                onclick: () => toggleOpen(key),
              },
              '⋯',
            ),
            st.openKey === key ? messageMenu(ch, m) : null,
          ),
    );
  }

  function renderEmojiText(name) {
    return emojiFor(name) ?? `:${name}:`;
  }

  function ephemeralsFor(ch, threadTs) {
    return (st.snap.ephemerals ?? [])
      .filter(
        (e) =>
          e.userId === st.userId &&
          e.channelId === ch.id &&
          !e.deleted &&
          !st.dismissed.has(`${ch.id}:${e.ts}`) &&
          (threadTs ? e.threadTs === threadTs : !e.threadTs),
      )
      .map((e) => ({ m: { ts: e.ts, text: e.text, blocks: e.blocks }, ephemeral: true }));
  }

  function nearBottom(node) {
    const sh = node.scrollHeight ?? 0;
    return sh - (node.scrollTop ?? 0) - (node.clientHeight ?? 0) < 120;
  }

  function renderChannel(snap) {
    const ch = channelById(st.channelId);
    if (!ch) {
      fill(channelHeader, h(doc, 'h2', {}, 'No channel'));
      fill(messageList);
      return;
    }
    const latest = ch.messages.filter(isTopLevel).at(-1);
    if (latest && cmpTs(latest.ts, st.lastRead[ch.id] ?? '0') > 0) {
      st.lastRead[ch.id] = latest.ts;
      saveRead();
    }
    const member = ch.members.includes(st.userId);
    const items = [
      ...ch.messages.filter(isTopLevel).map((m) => ({ m, ephemeral: false })),
      ...ephemeralsFor(ch),
    ].sort((a, b) => cmpTs(a.m.ts, b.m.ts));
    const sig = JSON.stringify([
      ch,
      items.map((i) => i.ephemeral),
      st.userId,
      tz(),
      st.openKey,
      snap.users.length,
      snap.channels.length,
      Math.floor((snap.now ?? 0) / 60_000),
      ephemeralsFor(ch).map((e) => e.m),
    ]);
    if (!changedSig('channel', sig)) return;
    fill(
      channelHeader,
      h(
        doc,
        'div',
        { class: 'channel-title' },
        h(
          doc,
          'h2',
          { dir: 'auto', 'data-testid': 'channel-title' },
          ch.isIm ? `@${channelLabel(ch)}` : `${ch.isPrivate ? '🔒' : '#'} ${ch.name}`,
        ),
        ch.isExtShared ? h(doc, 'span', { class: 'badge ext' }, 'Slack Connect') : null,
        h(
          doc,
          'span',
          { class: 'muted', title: ch.members.map((id) => userById(id)?.name ?? id).join(', ') },
          `👥 ${ch.members.length}`,
        ),
        ch.pins.length > 0 ? h(doc, 'span', { class: 'muted' }, `📌 ${ch.pins.length}`) : null,
        member
          ? null
          : h(
              doc,
              'button',
              {
                type: 'button',
                class: 'btn primary',
                'data-testid': 'join-channel',
                onclick: () => api('join', { userId: st.userId, channelId: ch.id }),
              },
              'Join channel',
            ),
      ),
      ch.topic?.value ? h(doc, 'div', { class: 'topic', dir: 'auto' }, ch.topic.value) : null,
    );
    const stick = nearBottom(messageList) || st.sigs.channelId !== ch.id;
    st.sigs.channelId = ch.id;
    fill(
      messageList,
      ...(items.length === 0
        ? [h(doc, 'div', { class: 'empty', 'data-testid': 'empty-channel' }, 'No messages yet.')]
        : items.map((i) => renderMessage(ch, i.m, { ephemeral: i.ephemeral }))),
    );
    if (stick) messageList.scrollTop = messageList.scrollHeight ?? 0;
  }

  function renderThread(snap) {
    const ch = channelById(st.channelId);
    const root = ch && st.threadTs ? ch.messages.find((m) => m.ts === st.threadTs) : undefined;
    threadPane.hidden = !root || st.pane !== 'channel';
    if (!root || st.pane !== 'channel') return;
    const replies = ch.messages.filter((m) => m.thread_ts === root.ts && m.ts !== root.ts);
    const items = [
      ...replies.map((m) => ({ m, ephemeral: false })),
      ...ephemeralsFor(ch, root.ts),
    ].sort((a, b) => cmpTs(a.m.ts, b.m.ts));
    const sig = JSON.stringify([root, items, st.userId, tz(), st.openKey, snap.users.length]);
    if (!changedSig('thread', sig)) return;
    threadPane.setAttribute('data-thread-ts', root.ts);
    fill(
      threadList,
      renderMessage(ch, root, { inThread: true }),
      h(
        doc,
        'div',
        { class: 'thread-divider' },
        `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`,
      ),
      ...items.map((i) => renderMessage(ch, i.m, { ephemeral: i.ephemeral, inThread: true })),
    );
    threadList.scrollTop = threadList.scrollHeight ?? 0;
  }

  function renderHome(snap) {
    const view = snap.homeViews?.[st.userId];
    const sig = JSON.stringify([
      st.userId,
      view?.id,
      view?.hash,
      st.openKey,
      tz(),
      snap.viewErrors?.[view?.id],
    ]);
    if (!changedSig('home', sig)) return;
    if (!view) {
      fill(
        homeBody,
        h(
          doc,
          'div',
          { class: 'empty', 'data-testid': 'home-empty', dir: 'auto' },
          `${snap.bot?.name ?? 'The app'} has not published a Home tab for ${me()?.realName ?? st.userId} yet.`,
        ),
      );
      return;
    }
    fill(
      homeBody,
      h(
        doc,
        'div',
        {
          class: 'home-tab',
          'data-testid': 'home-tab',
          'data-view-id': view.id,
          'data-user-id': st.userId,
        },
        renderBlocks(viewCtx(view, 'home'), view.blocks),
      ),
    );
  }

  function renderModal(snap) {
    const stack = snap.modals?.[st.userId] ?? [];
    const view = stack.at(-1);
    const sig = JSON.stringify([
      st.userId,
      stack.length,
      view?.id,
      view?.hash,
      snap.viewErrors?.[view?.id],
      view ? st.localErrors.get(view.id) : null,
      st.openKey,
      tz(),
    ]);
    if (!changedSig('modal', sig)) return;
    const active = doc.activeElement;
    const focus =
      active?.getAttribute?.('data-testid') === 'modal-input'
        ? [active.getAttribute('data-block-id'), active.getAttribute('data-action-id')]
        : null;
    if (!view) {
      fill(modalRoot);
      return;
    }
    const submit = view.submit
      ? h(
          doc,
          'button',
          {
            type: 'button',
            class: 'btn primary',
            'data-testid': 'modal-submit',
            disabled: view.submit_disabled === true,
            dir: 'auto',
          },
          plain(view.submit),
        )
      : null;
    submit?.addEventListener('click', () => submitView(view, submit));
    const body = renderBlocks(viewCtx(view, 'modal'), view.blocks);
    fill(
      modalRoot,
      h(
        doc,
        'div',
        { class: 'modal-backdrop' },
        h(
          doc,
          'div',
          {
            class: 'modal',
            role: 'dialog',
            'aria-modal': 'true',
            'data-testid': 'modal',
            'data-view-id': view.id,
            'data-callback-id': view.callback_id,
            'data-stack-size': String(stack.length),
          },
          h(
            doc,
            'header',
            { class: 'modal-header' },
            stack.length > 1
              ? h(
                  doc,
                  'button',
                  {
                    type: 'button',
                    class: 'btn',
                    'data-testid': 'modal-back',
                    title: 'Back',
                    onclick: () => closeView(view),
                  },
                  '←',
                )
              : null,
            h(
              doc,
              'h2',
              { class: 'modal-title', 'data-testid': 'modal-title', dir: 'auto' },
              plain(view.title),
            ),
            h(
              doc,
              'button',
              {
                type: 'button',
                class: 'btn modal-x',
                'data-testid': 'modal-x',
                title: 'Close',
                onclick: () => closeView(view),
              },
              '✕',
            ),
          ),
          h(doc, 'div', { class: 'modal-body' }, body),
          h(
            doc,
            'footer',
            { class: 'modal-footer' },
            h(
              doc,
              'button',
              {
                type: 'button',
                class: 'btn',
                'data-testid': 'modal-close',
                dir: 'auto',
                onclick: () => closeView(view),
              },
              view.close ? plain(view.close) : 'Cancel',
            ),
            submit,
          ),
        ),
      ),
    );
    if (focus) {
      const again = findInput(modalRoot, focus[0], focus[1]);
      again?.focus?.();
    }
  }

  function findInput(node, blockId, actionId) {
    if (
      node.getAttribute?.('data-testid') === 'modal-input' &&
      node.getAttribute('data-block-id') === blockId &&
      node.getAttribute('data-action-id') === actionId
    )
      return node;
    for (const c of node.children ?? []) {
      const f = findInput(c, blockId, actionId);
      if (f) return f;
    }
    return undefined;
  }

  function renderConfirm() {
    const pending = st.confirm;
    if (!pending) {
      fill(confirmRoot);
      return;
    }
    const c = pending.c ?? {};
    const ctx = baseCtx('message', 'confirm');
    fill(
      confirmRoot,
      h(
        doc,
        'div',
        { class: 'modal-backdrop confirm' },
        h(
          doc,
          'div',
          { class: 'modal small', role: 'alertdialog', 'data-testid': 'confirm-dialog' },
          h(
            doc,
            'header',
            { class: 'modal-header' },
            h(doc, 'h2', { dir: 'auto' }, plain(c.title) || 'Are you sure?'),
          ),
          h(
            doc,
            'div',
            { class: 'modal-body' },
            c.text
              ? c.text.type === 'mrkdwn'
                ? renderMrkdwn(ctx, c.text.text)
                : h(doc, 'div', { dir: 'auto' }, plain(c.text))
              : null,
          ),
          h(
            doc,
            'footer',
            { class: 'modal-footer' },
            h(
              doc,
              'button',
              {
                type: 'button',
                class: 'btn',
                'data-testid': 'confirm-cancel',
                dir: 'auto',
                onclick: () => answerConfirm(false),
              },
              plain(c.deny) || 'Cancel',
            ),
            h(
              doc,
              'button',
              {
                type: 'button',
                class: `btn ${c.style === 'danger' ? 'danger' : 'primary'}`,
                'data-testid': 'confirm-ok',
                dir: 'auto',
                onclick: () => answerConfirm(true),
              },
              plain(c.confirm) || 'Confirm',
            ),
          ),
        ),
      ),
    );
  }

  // ---------------------------------------------------------------- wiring

  userSwitcher.addEventListener('change', () => selectUser(userSwitcher.value));
  homeLink.addEventListener('click', () => openHome());
  composer.addEventListener('submit', (e) => {
    e.preventDefault();
    send(composerInput);
  });
  threadComposer.addEventListener('submit', (e) => {
    e.preventDefault();
    send(threadInput, st.threadTs);
  });
  for (const [input, thread] of [
    [composerInput, false],
    [threadInput, true],
  ]) {
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        send(input, thread ? st.threadTs : undefined);
      }
    });
  }
  doc.addEventListener?.('keydown', (e) => {
    if (e.key !== 'Escape') return;
    if (st.confirm) answerConfirm(false);
    else if (st.openKey) toggleOpen(st.openKey);
  });

  return {
    state: st,
    root,
    /** Calls `fn` after every render and every toast (tests wait on it). */
    onRender(fn) {
      st.listeners.push(fn);
    },
    refresh,
    start() {
      const params = new URLSearchParams(win.location.search ?? '');
      st.userId = params.get('user');
      st.channelId = params.get('channel');
      st.threadTs = params.get('thread');
      if (params.get('pane') === 'home') st.pane = 'home';
      if (st.userId) loadRead();
      connect();
      refresh().then(() => {
        if (st.pane === 'home' && st.userId) api('home', { userId: st.userId });
      });
    },
    stop() {
      st.stopped = true;
      st.es?.close();
    },
  };
}
