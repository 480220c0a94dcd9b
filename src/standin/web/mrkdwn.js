/**
 * Slack mrkdwn → a small node tree, and Slack date tokens → text in the viewer's time zone.
 *
 * Pure functions, no DOM: the stand-in page (blocks.js) turns the tree into DOM nodes with
 * createElement/textContent (never innerHTML), and the tests import this module in Node.
 *
 * Node types:
 *   { type: 'text', text }                       entities already decoded
 *   { type: 'bold' | 'italic' | 'strike', children }
 *   { type: 'code', text }                       inline `code`
 *   { type: 'link', url, label }                 <https://x|label>; url is only http(s)/mailto/tel
 *   { type: 'user', id, label }                  <@U1> / <@U1|name>
 *   { type: 'channel', id, label }               <#C1> / <#C1|name>
 *   { type: 'special', name }                    <!here> <!channel> <!everyone>
 *   { type: 'subteam', id, label }               <!subteam^S1|@team>
 *   { type: 'date', seconds, format, link, fallback }
 *   { type: 'emoji', name, char }                :white_check_mark:
 * Blocks (parseMrkdwn's result):
 *   { type: 'line', children }                   one line of text (its own dir="auto" box)
 *   { type: 'pre', text }                        ```preformatted```
 *   { type: 'quote', lines: [{ type: 'line', children }] }
 */

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the entities Slack escapes (`&amp; &lt; &gt;`) for display. */
export function decodeEntities(s) {
  return String(s).replace(/&(amp|lt|gt|quot|apos);/g, (_m, n) => ENTITIES[n]);
}

export const EMOJI = {
  '+1': '👍',
  '-1': '👎',
  thumbsup: '👍',
  thumbsdown: '👎',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  ballot_box_with_check: '☑️',
  x: '❌',
  negative_squared_cross_mark: '❎',
  warning: '⚠️',
  rotating_light: '🚨',
  fire: '🔥',
  pushpin: '📌',
  round_pushpin: '📍',
  eyes: '👀',
  memo: '📝',
  pencil: '📝',
  pencil2: '✏️',
  ticket: '🎫',
  admission_tickets: '🎟️',
  bell: '🔔',
  no_bell: '🔕',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  alarm_clock: '⏰',
  stopwatch: '⏱️',
  clock1: '🕐',
  calendar: '📆',
  date: '📅',
  inbox_tray: '📥',
  outbox_tray: '📤',
  email: '📧',
  envelope: '✉️',
  speech_balloon: '💬',
  left_speech_bubble: '🗨️',
  mag: '🔍',
  lock: '🔒',
  unlock: '🔓',
  key: '🔑',
  shield: '🛡️',
  link: '🔗',
  bulb: '💡',
  tada: '🎉',
  rocket: '🚀',
  chart_with_upwards_trend: '📈',
  chart_with_downwards_trend: '📉',
  bar_chart: '📊',
  clipboard: '📋',
  pause_button: '⏸️',
  arrow_forward: '▶️',
  arrow_up: '⬆️',
  arrow_down: '⬇️',
  arrow_right: '➡️',
  arrows_counterclockwise: '🔄',
  repeat: '🔁',
  heavy_plus_sign: '➕',
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_green_circle: '🟢',
  large_blue_circle: '🔵',
  white_circle: '⚪',
  black_circle: '⚫',
  construction: '🚧',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  sos: '🆘',
  ok: '🆗',
  information_source: 'ℹ️',
  question: '❓',
  exclamation: '❗',
  heavy_exclamation_mark: '❗',
  star: '⭐',
  sparkles: '✨',
  wave: '👋',
  pray: '🙏',
  raised_hands: '🙌',
  clap: '👏',
  muscle: '💪',
  handshake: '🤝',
  bust_in_silhouette: '👤',
  busts_in_silhouette: '👥',
  office: '🏢',
  house: '🏠',
  globe_with_meridians: '🌐',
  moneybag: '💰',
  dollar: '💵',
  package: '📦',
  wrench: '🔧',
  hammer_and_wrench: '🛠️',
  gear: '⚙️',
  robot_face: '🤖',
  zap: '⚡',
  boom: '💥',
  snowflake: '❄️',
  ice_cube: '🧊',
  thinking_face: '🤔',
  slightly_smiling_face: '🙂',
  smile: '😄',
  sweat_smile: '😅',
  disappointed: '😞',
  cry: '😢',
  angry: '😠',
  rage: '😡',
  heart: '❤️',
  broken_heart: '💔',
  100: '💯',
  one: '1️⃣',
  two: '2️⃣',
  three: '3️⃣',
  saudi_arabia: '🇸🇦',
  'flag-sa': '🇸🇦',
};

/** The character for an `:emoji:` code, or undefined when it is not known. */
export function emojiFor(name) {
  const n = String(name).replace(/::skin-tone-\d$/, '');
  return Object.hasOwn(EMOJI, n) ? EMOJI[n] : undefined;
}

/** Replaces known `:emoji:` codes in plain text (plain_text objects with emoji: true). */
export function replaceEmoji(text) {
  return String(text).replace(/:([a-z0-9_+'-]+):/gi, (m, name) => emojiFor(name) ?? m);
}

const SAFE_URL = /^(https?:|mailto:|tel:)/i;

/** A URL a link may point at (http, https, mailto, tel); anything else is shown as text. */
export function safeUrl(url) {
  const u = String(url).trim();
  return SAFE_URL.test(u) ? u : undefined;
}

// ------------------------------------------------------------------ block level

/** Parses mrkdwn into lines, quotes and preformatted blocks (see the file comment). */
export function parseMrkdwn(text) {
  const src = String(text ?? '').replace(/\r\n?/g, '\n');
  const out = [];
  const fence = /```([\s\S]*?)```/g;
  let last = 0;
  for (let m = fence.exec(src); m; m = fence.exec(src)) {
    pushText(out, src.slice(last, m.index));
    out.push({ type: 'pre', text: decodeEntities(m[1].replace(/^\n/, '').replace(/\n$/, '')) });
    last = m.index + m[0].length;
  }
  pushText(out, src.slice(last));
  return out;
}

const QUOTE_ALL = /^(?:>>>|&gt;&gt;&gt;) ?/;
const QUOTE_LINE = /^(?:>|&gt;) ?/;

function pushText(out, chunk) {
  if (chunk === '') return;
  // A fence eats its own line breaks: drop the one right before and after it.
  let lines = chunk.split('\n');
  if (out.length > 0 && out.at(-1).type === 'pre' && lines[0] === '') lines = lines.slice(1);
  if (lines.length > 1 && lines.at(-1) === '') lines = lines.slice(0, -1);
  let quote;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (QUOTE_ALL.test(line)) {
      const rest = [line.replace(QUOTE_ALL, ''), ...lines.slice(i + 1)];
      out.push({
        type: 'quote',
        lines: rest.map((l) => ({ type: 'line', children: parseInline(l) })),
      });
      return;
    }
    if (QUOTE_LINE.test(line)) {
      if (!quote) {
        quote = { type: 'quote', lines: [] };
        out.push(quote);
      }
      quote.lines.push({ type: 'line', children: parseInline(line.replace(QUOTE_LINE, '')) });
      continue;
    }
    quote = undefined;
    out.push({ type: 'line', children: parseInline(line) });
  }
}

// ------------------------------------------------------------------ inline

const PUNCT = /[\s.,:;!?()[\]{}'"«»“”‘’\-–—/\\|،؛؟…*_~]/u;

function isBoundary(ch) {
  return ch === undefined || PUNCT.test(ch);
}

/** The end (exclusive) of a `<…>` token or `` `…` `` span starting at i, or -1. */
function spanEnd(s, i) {
  if (s[i] === '<') {
    const j = s.indexOf('>', i + 1);
    if (j < 0) return -1;
    const inner = s.slice(i + 1, j);
    return inner.length > 0 && !inner.includes('<') && !inner.includes('\n') ? j + 1 : -1;
  }
  if (s[i] === '`') {
    const j = s.indexOf('`', i + 1);
    return j > i + 1 ? j + 1 : -1;
  }
  return -1;
}

/** The index of the closing emphasis marker for an opener at i, or -1. */
function findCloser(s, i, ch) {
  let j = i + 1;
  while (j < s.length) {
    const end = spanEnd(s, j);
    if (end > 0) {
      j = end;
      continue;
    }
    if (s[j] === ch && j > i + 1 && !/\s/.test(s[j - 1]) && isBoundary(s[j + 1])) return j;
    j += 1;
  }
  return -1;
}

const EMPHASIS = { '*': 'bold', _: 'italic', '~': 'strike' };

/** Parses one line of mrkdwn into inline nodes. */
export function parseInline(s) {
  const nodes = [];
  let buf = '';
  const flush = () => {
    if (buf !== '') pushTextNodes(nodes, buf);
    buf = '';
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '<') {
      const end = spanEnd(s, i);
      if (end > 0) {
        flush();
        nodes.push(angleToken(s.slice(i + 1, end - 1)));
        i = end;
        continue;
      }
    }
    if (c === '`') {
      const end = spanEnd(s, i);
      if (end > 0) {
        flush();
        nodes.push({ type: 'code', text: decodeEntities(s.slice(i + 1, end - 1)) });
        i = end;
        continue;
      }
    }
    if (EMPHASIS[c] && isBoundary(s[i - 1]) && s[i + 1] !== undefined && !/\s/.test(s[i + 1])) {
      const j = findCloser(s, i, c);
      if (j > 0) {
        flush();
        nodes.push({ type: EMPHASIS[c], children: parseInline(s.slice(i + 1, j)) });
        i = j + 1;
        continue;
      }
    }
    buf += c;
    i += 1;
  }
  flush();
  return nodes;
}

function pushTextNodes(nodes, raw) {
  const text = decodeEntities(raw);
  const re = /:([a-z0-9_+'-]+(?:::skin-tone-\d)?):/gi;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const char = emojiFor(m[1]);
    if (!char) continue;
    if (m.index > last) nodes.push({ type: 'text', text: text.slice(last, m.index) });
    nodes.push({ type: 'emoji', name: m[1], char });
    last = m.index + m[0].length;
  }
  if (last < text.length) nodes.push({ type: 'text', text: text.slice(last) });
}

function angleToken(inner) {
  const bar = inner.indexOf('|');
  const head = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? decodeEntities(inner.slice(bar + 1)) : undefined;
  if (head.startsWith('@')) return { type: 'user', id: head.slice(1), label };
  if (head.startsWith('#')) return { type: 'channel', id: head.slice(1), label };
  if (head.startsWith('!date^')) {
    const [, seconds, format, link] = head.split('^');
    return {
      type: 'date',
      seconds: Number(seconds),
      format: format ?? '{date}',
      link: link ? safeUrl(decodeEntities(link)) : undefined,
      fallback: label ?? '',
    };
  }
  if (head.startsWith('!subteam^')) {
    return { type: 'subteam', id: head.slice('!subteam^'.length), label };
  }
  if (head.startsWith('!')) return { type: 'special', name: head.slice(1), label };
  const url = decodeEntities(head);
  const safe = safeUrl(url);
  // Not a link Slack would make (an unescaped `<` in the text, or javascript:…): show it as
  // written, so the mistake is visible.
  if (!safe) return { type: 'text', text: `<${decodeEntities(inner)}>` };
  return { type: 'link', url: safe, label: label ?? url.replace(/^mailto:/i, '') };
}

// ------------------------------------------------------------------ dates

const dtfCache = new Map();

function dtf(tz, opts) {
  const key = `${tz}|${JSON.stringify(opts)}`;
  let f = dtfCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, ...opts });
    dtfCache.set(key, f);
  }
  return f;
}

function parts(ms, tz) {
  const out = {};
  for (const p of dtf(tz, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    hour12: true,
  }).formatToParts(new Date(ms))) {
    out[p.type] = p.value;
  }
  return out;
}

function dayKey(ms, tz) {
  const p = {};
  for (const x of dtf(tz, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(ms))) {
    p[x.type] = x.value;
  }
  return `${p.year}-${p.month}-${p.day}`;
}

function ordinal(n) {
  const d = Number(n);
  const mod100 = d % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${d}th`;
  return `${d}${{ 1: 'st', 2: 'nd', 3: 'rd' }[d % 10] ?? 'th'}`;
}

function pretty(ms, tz, nowMs) {
  const day = dayKey(ms, tz);
  if (day === dayKey(nowMs, tz)) return 'Today';
  if (day === dayKey(nowMs - 86_400_000, tz)) return 'Yesterday';
  if (day === dayKey(nowMs + 86_400_000, tz)) return 'Tomorrow';
  return undefined;
}

function ago(ms, nowMs) {
  const diff = Math.round((nowMs - ms) / 1000);
  const abs = Math.abs(diff);
  const units = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, secs] of units) {
    if (abs >= secs) {
      const n = Math.floor(abs / secs);
      const word = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return diff >= 0 ? `${word} ago` : `in ${word}`;
    }
  }
  return diff >= 0 ? 'just now' : 'in a few seconds';
}

/** True when `tz` is an IANA zone Intl knows. */
export function isValidTimeZone(tz) {
  try {
    dtf(String(tz), {});
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats a Slack date token's format string (`{date_short_pretty} at {time}`) for a reader in
 * time zone `tz`. Tokens: {date_num} {date} {date_short} {date_long} {date_pretty}
 * {date_short_pretty} {date_long_pretty} {time} {time_secs} {ago}; unknown tokens stay as they
 * are. Returns undefined when the seconds or the zone are unusable (show the fallback then).
 */
export function formatDateToken(seconds, format, opts) {
  const ms = Number(seconds) * 1000;
  const tz = opts?.tz || 'UTC';
  const nowMs = opts?.nowMs ?? Date.now();
  if (!Number.isFinite(ms) || !isValidTimeZone(tz)) return undefined;
  const p = parts(ms, tz);
  const short = () => `${p.month.slice(0, 3)} ${Number(p.day)}, ${p.year}`;
  const long = () => `${p.month} ${ordinal(p.day)}, ${p.year}`;
  const values = {
    date_num: () => dayKey(ms, tz),
    date: long,
    date_short: short,
    date_long: () => `${p.weekday}, ${long()}`,
    date_pretty: () => pretty(ms, tz, nowMs) ?? long(),
    date_short_pretty: () => pretty(ms, tz, nowMs) ?? short(),
    date_long_pretty: () => pretty(ms, tz, nowMs) ?? `${p.weekday}, ${long()}`,
    time: () => `${p.hour}:${p.minute} ${p.dayPeriod}`,
    time_secs: () => `${p.hour}:${p.minute}:${p.second} ${p.dayPeriod}`,
    ago: () => ago(ms, nowMs),
  };
  return String(format).replace(/\{([a-z_]+)\}/g, (m, name) =>
    Object.hasOwn(values, name) ? values[name]() : m,
  );
}

/** A message's time for the reader: `3:04 PM`, with the day when it is not today. */
export function formatMessageTime(ts, tz, nowMs) {
  const seconds = Number.parseFloat(ts);
  if (pretty(seconds * 1000, tz, nowMs ?? Date.now()) === 'Today') {
    return formatDateToken(seconds, '{time}', { tz, nowMs }) ?? String(ts);
  }
  return formatDateToken(seconds, '{date_short_pretty} {time}', { tz, nowMs }) ?? String(ts);
}

/** The full date and zone of a message, for a tooltip. */
export function formatFullTime(ts, tz) {
  const ms = Number.parseFloat(ts) * 1000;
  if (!Number.isFinite(ms) || !isValidTimeZone(tz)) return String(ts);
  return `${dtf(tz, { dateStyle: 'full', timeStyle: 'long' }).format(new Date(ms))} (${tz})`;
}
