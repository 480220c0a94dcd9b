/**
 * Text helpers shared by view builders. All user-supplied text goes through escapeText
 * before it is placed in mrkdwn, so nobody can inject `<!channel>`, a mention or a fake link.
 */
export type Lang = 'ar' | 'en';

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to a Slack limit, marking the cut, without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  let out = '';
  for (const ch of chars) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Cuts escaped mrkdwn to a limit. In escaped text every `&` starts an entity, so a cut that
 * splits one (`&am…`) drops the fragment rather than show it to the reader.
 */
function truncateEscaped(text: string, max: number): string {
  const cut = truncate(text, max);
  return cut === text ? cut : cut.replace(/&[a-z]{0,3}…$/, '…');
}

/** Escaped, then truncated so that the escaping itself can't push past the limit. */
export function safeText(text: string, max: number): string {
  return truncateEscaped(escapeText(text), max);
}

export function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/**
 * User text as a mrkdwn block quote within `max` characters. Escaping (`&` → `&amp;`) and
 * quoting (a `>` a line) both grow the text, so the cut comes after both: a pasted log of
 * short lines cut first and quoted after went past Slack's 3000 a section, and Slack refused
 * the whole message.
 */
export function quoteText(text: string, max: number): string {
  return truncateEscaped(quote(escapeText(text)), max);
}

/**
 * A Slack date token: each reader sees the time in their own time zone.
 * `fallback` is what clients that can't render tokens show (UTC ISO).
 */
export function slackDate(epochMs: number, format = '{date_short_pretty} {time}'): string {
  const seconds = Math.floor(epochMs / 1000);
  const fallback = new Date(epochMs).toISOString().replace('T', ' ').slice(0, 16);
  return `<!date^${seconds}^${format}|${fallback} UTC>`;
}

/**
 * The address of a top-level message in a workspace: the form chat.getPermalink answers with,
 * built from the workspace's address (auth.test `url`) so a list of messages costs no call
 * per message. Undefined for an address that is not https.
 */
export function messageLink(
  workspaceUrl: string,
  channelId: string,
  ts: string,
): string | undefined {
  if (!/^https:\/\/[^/\s]+\/?$/.test(workspaceUrl)) return undefined;
  const base = workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`;
  return `${base}archives/${encodeURIComponent(channelId)}/p${ts.replace('.', '')}`;
}

export function mention(userId: string): string {
  return `<@${userId}>`;
}

export function mentions(userIds: readonly string[]): string {
  return userIds.map(mention).join(' ');
}

/** "12 min", "3 h 5 min", "2 d 4 h" — short durations in the reader's language. */
export function formatDuration(ms: number, lang: Lang): string {
  const totalMinutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const u = lang === 'ar' ? { d: 'ي', h: 'س', m: 'د' } : { d: 'd', h: 'h', m: 'min' };
  const parts: string[] = [];
  if (days) parts.push(`${days} ${u.d}`);
  if (hours) parts.push(`${hours} ${u.h}`);
  if (minutes || parts.length === 0) parts.push(`${minutes} ${u.m}`);
  return parts.slice(0, 2).join(' ');
}

export function pick(lang: Lang, ar: string, en: string): string {
  return lang === 'ar' ? ar : en;
}

/** Slack user locale (e.g. "ar-SA", "en-US") → our language, else the configured default. */
export function langFromLocale(locale: string | null | undefined, fallback: Lang): Lang {
  if (!locale) return fallback;
  const base = locale.toLowerCase().slice(0, 2);
  return base === 'ar' ? 'ar' : base === 'en' ? 'en' : fallback;
}
