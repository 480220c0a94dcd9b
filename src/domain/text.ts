/**
 * Text preparation for matching Arabic / English / mixed customer text (SPEC §1.1, §1.7 rule 5).
 *
 * Customers write informal Saudi Arabic (no hamza, no diacritics, ه for ة), English, or both in
 * one sentence, and the text arrives through Slack (mentions, mrkdwn, links, emoji). Everything
 * that matches words against such text — the ticket classifier and the draft guard — goes
 * through the same steps here so that a keyword list written once matches every spelling:
 *
 *   stripSlackMarkup → normalizeArabic → lowercase → punctuation to spaces → tokens
 *   → per token, candidate forms (surface + light Arabic / English stems)
 *
 * `PhraseMatcher` compiles a list of phrases ONCE into the forms of their words; matching a
 * text is then one pass over its characters that normalises, splits and looks each word up as
 * it goes (no regex per phrase, no per-phrase scan of the text, no string per word).
 */

// ───────────────────────────── Slack markup ─────────────────────────────

/** `<@U1>`, `<@U1|name>`, `<#C1|name>`, `<!here>`, `<!subteam^S1|@team>`, `<!date^…|fallback>`,
 *  and links `<https://x|label>` / `<https://x>` / `<mailto:a@b.c|a@b.c>`. */
const SLACK_ENTITY_RE =
  /<([@#!])([^<>]*)>|<((?:https?|mailto|tel|ftp|sftp|slack):[^<>|\s]*)(?:\|([^<>]*))?>/gi;
const ENTITY_RE = /&(amp|lt|gt);/g;
/** Where SLACK_ENTITY_RE may match a link, or a date with fallback text. */
const LINK_OR_DATE_RE = /<(?:(?:https?|mailto|tel|ftp|sftp|slack):|!date\^)/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };
/** `:emoji_code:` not glued to a word or a number (so `10:30:45` and `a:b:c` stay). */
const EMOJI_CODE_RE = /(?<![\p{L}\p{N}]):[a-z0-9_+'-]+:(?![\p{L}\p{N}])/giu;
const UNICODE_EMOJI_RE =
  /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]|\u{FE0E}|\u{FE0F}|\u{20E3}|\u{200D}/gu;
const CODE_FENCE_RE = /```([\s\S]*?)```/g;
const INLINE_CODE_RE = /`([^`\n]*)`/g;
/** `*bold*`, `_italic_`, `~strike~` as Slack reads them: opened and closed at word edges. */
const MRKDWN_PAIR_RE = /(^|[^\p{L}\p{N}])([*_~])(?=[^\s*_~])([^\n]*?[^\s])\2(?![\p{L}\p{N}])/gu;
const RAW_URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>]+/gi;
const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

function replaceSlackEntity(
  _m: string,
  sigil: string | undefined,
  body: string | undefined,
  url: string | undefined,
  label: string | undefined,
): string {
  if (url !== undefined) return label ? ` ${label} ` : ' ';
  // `<!date^1392734382^{date}|Feb 18>` shows its fallback text; every other special mention
  // (users, channels, user groups, @here/@channel) carries no words of the message.
  if (sigil === '!' && body?.startsWith('date^')) {
    const bar = body.indexOf('|');
    return bar >= 0 ? ` ${body.slice(bar + 1)} ` : ' ';
  }
  return ' ';
}

/**
 * Undoes Slack's escaping of `&`, `<` and `>` (`&amp; &lt; &gt;`), as in the text of a slash
 * command, which Slack sends escaped.
 */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY_RE, (_m, name: string) => ENTITIES[name] ?? '');
}

/**
 * Removes Slack markup and keeps the words a person reads: mentions (`<@U…>`, `<#C…|name>`,
 * `<!here>`, `<!subteam^…>`) go, links keep their label (a bare link goes), mrkdwn markers
 * (`*bold*`, `_it_`, `~strike~`, backticks, code fences) go but their text stays, `:emoji:`
 * codes and unicode emoji go, and `&amp; &lt; &gt;` are decoded.
 */
export function stripSlackMarkup(text: string): string {
  let s = text;
  if (s.includes('<')) s = s.replace(SLACK_ENTITY_RE, replaceSlackEntity);
  if (s.includes('`')) {
    s = s.replace(CODE_FENCE_RE, ' $1 ').replace(INLINE_CODE_RE, '$1').replace(/`/g, '');
  }
  for (let pass = 0; pass < 3; pass++) {
    const next = s.replace(MRKDWN_PAIR_RE, '$1$3');
    if (next === s) break;
    s = next;
  }
  if (s.includes(':')) s = s.replace(EMOJI_CODE_RE, ' ');
  s = s.replace(UNICODE_EMOJI_RE, ' ');
  if (s.includes('&')) s = decodeEntities(s);
  return s
    .replace(/[ \t\u00A0]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}

// ───────────────────────────── Arabic normalisation ─────────────────────────────

// What a character becomes when matching (plain numbers: the tables below are typed arrays).
/** Word separator (space, punctuation, symbols, emoji). */
const SEP = 0;
/** Dropped without separating (diacritics, tatweel, zero-width marks, apostrophes). */
const DROP = 1;
/** Part of a word; the map gives the character it becomes. */
const LETTER = 2;
/** End of a sentence/clause (`. ! ? ؟ ; ؛` newline): phrases never match across it. */
const BREAK = 3;
/** `%` / `٪`: kept as its own token (the draft guard looks for "100%"). */
const PERCENT = 4;
/** `.`: a clause break when followed by a space or the end, a separator otherwise. */
const DOT = 5;
type Kind = 0 | 1 | 2 | 3 | 4 | 5;

const ALEF = 0x0627;
const HAA = 0x0647;
const WAW = 0x0648;
const YAA = 0x064a;
const KAF = 0x0643;

/** Kind and mapped code for U+0000–U+007F. */
const ASCII_KIND = new Uint8Array(128);
const ASCII_MAP = new Uint16Array(128);
/** Kind and mapped code for the Arabic block U+0600–U+06FF. */
const AR_KIND = new Uint8Array(256);
const AR_MAP = new Uint16Array(256);

(function buildTables() {
  for (let c = 0; c < 128; c++) {
    ASCII_MAP[c] = c;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) ASCII_KIND[c] = LETTER;
    else if (c >= 0x41 && c <= 0x5a) {
      ASCII_KIND[c] = LETTER;
      ASCII_MAP[c] = c + 32;
    } else ASCII_KIND[c] = SEP;
  }
  ASCII_KIND[0x27] = DROP; // '  (isn't → isnt, customer's → customers)
  ASCII_KIND[0x25] = PERCENT; // %
  ASCII_KIND[0x2e] = DOT; // .
  for (const c of [0x21, 0x3f, 0x3b, 0x0a]) ASCII_KIND[c] = BREAK; // ! ? ; \n

  const set = (from: number, to: number, kind: Kind, map?: number) => {
    for (let c = from; c <= to; c++) {
      AR_KIND[c - 0x600] = kind;
      AR_MAP[c - 0x600] = map ?? c;
    }
  };
  set(0x0600, 0x060f, SEP); // number signs, ، and other punctuation
  set(0x0610, 0x061a, DROP); // Quranic annotation marks
  set(0x061b, 0x061b, BREAK); // ؛
  set(0x061c, 0x061c, DROP); // Arabic letter mark (bidi)
  set(0x061d, 0x061e, SEP);
  set(0x061f, 0x061f, BREAK); // ؟
  set(0x0620, 0x063f, LETTER);
  set(0x0621, 0x0621, DROP); // ء lone hamza: خاطىء and خاطئ both become خاطي
  set(0x0622, 0x0623, LETTER, ALEF); // آ أ
  set(0x0624, 0x0624, LETTER, WAW); // ؤ
  set(0x0625, 0x0625, LETTER, ALEF); // إ
  set(0x0626, 0x0626, LETTER, YAA); // ئ
  set(0x0629, 0x0629, LETTER, HAA); // ة
  set(0x0640, 0x0640, DROP); // ـ tatweel
  set(0x0641, 0x064a, LETTER);
  set(0x0649, 0x0649, LETTER, YAA); // ى
  set(0x064b, 0x065f, DROP); // tashkeel, hamza above/below marks
  for (let d = 0; d < 10; d++) {
    set(0x0660 + d, 0x0660 + d, LETTER, 0x30 + d); // Arabic-Indic digits
    set(0x06f0 + d, 0x06f0 + d, LETTER, 0x30 + d); // Extended Arabic-Indic digits
  }
  set(0x066a, 0x066a, PERCENT, 0x25); // ٪
  set(0x066b, 0x066d, SEP);
  set(0x066e, 0x066f, LETTER);
  set(0x0670, 0x0670, DROP); // superscript alef
  set(0x0671, 0x0673, LETTER, ALEF); // ٱ ٲ ٳ
  set(0x0674, 0x0674, DROP);
  set(0x0675, 0x0675, LETTER, ALEF);
  set(0x0676, 0x06d3, LETTER);
  set(0x06a9, 0x06a9, LETTER, KAF); // ک Persian kaf
  set(0x06c0, 0x06c1, LETTER, HAA); // ۀ ہ
  set(0x06cc, 0x06cc, LETTER, YAA); // ی Persian yeh
  set(0x06d4, 0x06d4, BREAK); // ۔
  set(0x06d5, 0x06d5, LETTER, HAA); // ە
  set(0x06d6, 0x06ed, DROP); // Quranic marks
  set(0x06ee, 0x06ef, LETTER);
  set(0x06fa, 0x06ff, LETTER);
  set(0x06fd, 0x06fe, SEP);
})();

const OTHER_CACHE = new Map<number, number>(); // code → (kind << 16) | mapped
const LETTER_OR_NUMBER_RE = /^[\p{L}\p{N}]$/u;
const MARK_RE = /^\p{M}$/u;

/** Kind/mapping for characters outside ASCII and the Arabic block (BMP only). */
function classifyOther(c: number): number {
  const cached = OTHER_CACHE.get(c);
  if (cached !== undefined) return cached;
  let kind: Kind = SEP;
  let mapped = c;
  if (
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2069) ||
    c === 0xfeff ||
    c === 0x00ad
  ) {
    kind = DROP; // zero-width and bidi controls, soft hyphen
  } else if (c === 0x2018 || c === 0x2019 || c === 0x02bc) {
    kind = DROP; // typographic apostrophes
  } else if (c === 0x2026 || c === 0x2013 || c === 0x2014 || c === 0x2028 || c === 0x2029) {
    kind = BREAK; // … – — line/paragraph separators
  } else if (c === 0x3002 || c === 0xff01 || c === 0xff1f) {
    kind = BREAK;
  } else {
    const ch = String.fromCharCode(c);
    if (MARK_RE.test(ch)) kind = DROP;
    else if (LETTER_OR_NUMBER_RE.test(ch)) {
      kind = LETTER;
      const lower = ch.toLowerCase();
      mapped = lower.length === 1 ? lower.charCodeAt(0) : c;
    }
  }
  const packed = (kind << 16) | mapped;
  if (OTHER_CACHE.size < 4096) OTHER_CACHE.set(c, packed);
  return packed;
}

/** Arabic presentation forms (ﻻ, ﺔ, …) only appear in some copy-pasted text: NFKC fixes them. */
function isPresentationForm(c: number): boolean {
  return (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefc);
}

const AR_NORMALIZE_RE = /[\u0600-\u06FF\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/**
 * Arabic spelling normalisation for matching: alef forms (أ إ آ ٱ) → ا, ة → ه, ى → ي, ئ → ي,
 * ؤ → و, lone ء dropped (so خاطئ, خاطىء and خاطي are equal), tashkeel (U+064B–U+065F, U+0670)
 * and tatweel removed, Arabic-Indic digits → ASCII, ٪ → %, Latin lowercased, whitespace
 * collapsed. Punctuation is kept (see `normalizeForMatching` for the token form).
 */
export function normalizeArabic(text: string): string {
  let s = text;
  for (let i = 0; i < s.length; i++) {
    if (isPresentationForm(s.charCodeAt(i))) {
      s = s.normalize('NFKC');
      break;
    }
  }
  s = s.replace(AR_NORMALIZE_RE, (ch) => {
    const c = ch.charCodeAt(0);
    if (c < 0x600 || c > 0x6ff) return '';
    const kind = AR_KIND[c - 0x600] as Kind;
    if (kind === DROP) return '';
    if (kind === LETTER || kind === PERCENT) return String.fromCharCode(AR_MAP[c - 0x600]!);
    return ch;
  });
  return s.toLowerCase().replace(/\s+/g, ' ').trim();
}

// ───────────────────────────── tokens ─────────────────────────────

/** Text ready for phrase matching: tokens, the clause each belongs to, and where it came from. */
export interface PreparedText {
  /** Normalised tokens (`normalizeForMatching(text) === tokens.join(' ')`). */
  tokens: string[];
  /** Clause number of each token; phrases and context windows never cross a clause. */
  clauses: number[];
  /** The text the offsets below point into (the input with Slack entities, links and emoji
   *  codes already replaced — identical to the input when it had none). */
  source: string;
  starts: number[];
  ends: number[];
}

let scratch = new Uint16Array(256);

/** @internal Slack entities, `&amp;`-style entities, links, e-mail addresses and emoji codes
 *  replaced as the matchers see them (exported for tests). */
export function preprocessForMatching(text: string): string {
  let s = text;
  if (s.includes('<')) {
    // Mentions, channels and @here become a space; only links and dates keep words (a
    // callback per entity costs more than the regex itself).
    s = LINK_OR_DATE_RE.test(s)
      ? s.replace(SLACK_ENTITY_RE, replaceSlackEntity)
      : s.replace(SLACK_ENTITY_RE, ' ');
  }
  if (s.includes('&')) s = decodeEntities(s);
  if (s.includes('://') || s.includes('www.')) s = s.replace(RAW_URL_RE, ' ');
  if (s.includes('@')) s = removeEmails(s);
  // An emoji code has two colons: "10:30" alone needs no regex.
  const colon = s.indexOf(':');
  if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) s = s.replace(EMOJI_CODE_RE, ' ');
  return s;
}

/** 1: a code point EMAIL_RE's classes accept (`[\p{L}\p{N}._%+-]` or `@`); 2: not; 0: unknown. */
const EMAIL_CHAR = new Uint8Array(0x10000);
const LETTER_OR_NUMBER_CP_RE = /^[\p{L}\p{N}]$/u;

function isEmailChar(cp: number): boolean {
  if (cp < 0x10000) {
    let v = EMAIL_CHAR[cp]!;
    if (v === 0) {
      const ch = String.fromCharCode(cp);
      v = '._%+-@'.includes(ch) || LETTER_OR_NUMBER_CP_RE.test(ch) ? 1 : 2;
      EMAIL_CHAR[cp] = v;
    }
    return v === 1;
  }
  return LETTER_OR_NUMBER_CP_RE.test(String.fromCodePoint(cp));
}

/** Where the run of e-mail characters before the `@` at `at` begins (not below `floor`);
 *  `unit(i)` reads the text's UTF-16 unit i. */
function emailRunStart(unit: (i: number) => number, at: number, floor: number): number {
  let a = at;
  while (a > floor) {
    const lo = unit(a - 1);
    if (lo >= 0xdc00 && lo <= 0xdfff && a - 2 >= floor) {
      const hi = unit(a - 2);
      if (hi >= 0xd800 && hi <= 0xdbff) {
        if (!isEmailChar(((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000)) break;
        a -= 2;
        continue;
      }
    }
    if (!isEmailChar(lo)) break;
    a--;
  }
  return a;
}

/**
 * `s.replace(EMAIL_RE, ' ')`, without the regex trying every position of the text: EMAIL_RE
 * only matches characters of `[\p{L}\p{N}._%+-@]`, so each match lies inside one maximal run of
 * them, and the regex runs on the runs that hold an `@` (the result is the same string).
 */
function removeEmails(s: string): string {
  const n = s.length;
  let at = s.indexOf('@');
  if (at < 0) return s;
  let out = '';
  let last = 0;
  while (at >= 0) {
    const a = emailRunStart((i) => s.charCodeAt(i), at, last);
    let b = at + 1;
    while (b < n) {
      const cp = s.codePointAt(b)!;
      if (!isEmailChar(cp)) break;
      b += cp > 0xffff ? 2 : 1;
    }
    out += s.slice(last, a) + s.slice(a, b).replace(EMAIL_RE, ' ');
    last = b;
    at = s.indexOf('@', b);
  }
  return out + s.slice(last);
}

/**
 * One pass over the text: Slack entities, links, e-mail addresses and emoji removed, Arabic
 * normalised, Latin lowercased, punctuation and emoji turned into separators, and a word that
 * switches between Arabic and Latin script (`الـGmail`, `٢٠مسودة`) split in two.
 */
export function prepareText(text: string): PreparedText {
  return tokenizeSource(preprocessForMatching(text), false);
}

function tokenizeSource(s: string, nfkcDone: boolean): PreparedText {
  const n = s.length;
  if (scratch.length < n) scratch = new Uint16Array(n * 2);
  const buf = scratch;
  const tokens: string[] = [];
  const clauses: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let len = 0;
  let script = 0; // 1 Arabic, 2 Latin/digits/other
  let start = 0;
  let end = 0;
  let clause = 0;

  const flush = () => {
    if (len === 0) return;
    tokens.push(String.fromCharCode.apply(null, buf.subarray(0, len) as unknown as number[]));
    clauses.push(clause);
    starts.push(start);
    ends.push(end);
    len = 0;
    script = 0;
  };

  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let kind: Kind;
    let mapped: number;
    if (c < 0x80) {
      kind = ASCII_KIND[c] as Kind;
      mapped = ASCII_MAP[c]!;
    } else if (c >= 0x600 && c <= 0x6ff) {
      kind = AR_KIND[c - 0x600] as Kind;
      mapped = AR_MAP[c - 0x600]!;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // Astral characters (emoji, pictographs): separators. Skip the low surrogate too.
      if (c <= 0xdbff && i + 1 < n) i++;
      flush();
      continue;
    } else if (isPresentationForm(c) && !nfkcDone) {
      return tokenizeSource(s.normalize('NFKC'), true);
    } else {
      const packed = classifyOther(c);
      kind = (packed >>> 16) as Kind;
      mapped = packed & 0xffff;
    }

    if (kind === LETTER) {
      const sc = mapped >= 0x600 && mapped <= 0x6ff ? 1 : 2;
      if (len > 0 && sc !== script) flush();
      if (len === 0) {
        start = i;
        script = sc;
      }
      buf[len++] = mapped;
      end = i + 1;
    } else if (kind === DROP) {
      // joins the word; a trailing mark (خاطىء's ء, a final diacritic) stays in its span
      if (len > 0) end = i + 1;
    } else if (kind === SEP) {
      flush();
    } else if (kind === PERCENT) {
      flush();
      tokens.push('%');
      clauses.push(clause);
      starts.push(i);
      ends.push(i + 1);
    } else {
      // Break, or a Dot that ends a sentence.
      if (kind === DOT) {
        const next = i + 1 < n ? s.charCodeAt(i + 1) : 0x20;
        if (!(next === 0x20 || next === 0x0a || next === 0x09 || next === 0x0d || next === 0xa0)) {
          flush();
          continue;
        }
      }
      flush();
      if (tokens.length > 0 && clauses[clauses.length - 1] === clause) clause++;
    }
  }
  flush();
  return { tokens, clauses, source: s, starts, ends };
}

/**
 * The text as the matchers see it: Slack markup stripped, Arabic normalised, lowercased,
 * punctuation turned into spaces (`%` kept as its own word), one space between words.
 * Links, e-mail addresses and emoji carry no words here.
 */
export function normalizeForMatching(text: string): string {
  return prepareText(text).tokens.join(' ');
}

/** `normalizeForMatching(text)` split into words. */
export function tokenize(text: string): string[] {
  return prepareText(text).tokens;
}

// ───────────────────────────── light stemming ─────────────────────────────

function isArabicCode(c: number): boolean {
  return c >= 0x620 && c <= 0x6ff;
}

/** Attached prefixes, as (conjunction)(preposition)(article) — وال، بال، فال، كال، لل، … */
const AR_CONJUNCTIONS = ['', 'و', 'ف'] as const;
const AR_PREPOSITIONS = ['', 'ب', 'ل', 'ك'] as const;
/** Pronoun suffixes with the shortest stem they may leave. ه needs a long stem because ة is
 *  normalised to ه (امانه is أمانة, not أمان + ه). */
const AR_PRONOUN_SUFFIXES: ReadonlyArray<readonly [string, number]> = [
  ['هم', 3],
  ['كم', 3],
  ['ها', 3],
  ['نا', 3],
  ['ك', 4],
  ['ه', 5],
  ['ي', 3],
];
const AR_PLURAL_SUFFIXES = ['ات', 'ون', 'ين'] as const;
const MIN_AR_STEM = 3;

function addArabicSuffixForms(base: string, out: string[]): void {
  for (const [suffix, min] of AR_PRONOUN_SUFFIXES) {
    if (base.length - suffix.length >= min && base.endsWith(suffix)) {
      const stem = base.slice(0, -suffix.length);
      pushUnique(out, stem);
      // موافقتي / موافقتنا → موافقت → موافقه (taa marbuta before a pronoun is written ت).
      if (stem.endsWith('ت') && !stem.endsWith('ات') && stem.length >= MIN_AR_STEM) {
        pushUnique(out, `${stem.slice(0, -1)}ه`);
      }
      addArabicPluralForms(stem, out);
    }
  }
  addArabicPluralForms(base, out);
}

function addArabicPluralForms(base: string, out: string[]): void {
  for (const suffix of AR_PLURAL_SUFFIXES) {
    if (base.length - suffix.length >= MIN_AR_STEM && base.endsWith(suffix)) {
      const stem = base.slice(0, -suffix.length);
      pushUnique(out, stem);
      if (suffix === 'ات') pushUnique(out, `${stem}ه`); // خدمات → خدمه, مشكلات → مشكله
    }
  }
}

function pushUnique(out: string[], value: string): void {
  if (!out.includes(value)) out.push(value);
}

/**
 * Candidate forms of an (already normalised) Arabic word: the word itself, the word without
 * attached prefixes (و ف ب ل ك ال and their combinations وال بال فال كال لل وبال …) and without
 * common suffixes (ات ون ين نا ي ها هم ه كم ك), each only when at least three letters remain.
 * Matching tries all of them, so والتسريب, بالتسريبات and تسريبها all reach تسريب.
 */
export function arabicLightStems(word: string): string[] {
  const out = [word];
  const bases = [word];
  for (const conj of AR_CONJUNCTIONS) {
    if (!word.startsWith(conj)) continue;
    const r1 = word.slice(conj.length);
    for (const prep of AR_PREPOSITIONS) {
      if (!r1.startsWith(prep)) continue;
      const r2 = r1.slice(prep.length);
      // without the article
      if ((conj || prep) && prep !== 'ك' && r2.length >= MIN_AR_STEM) pushUnique(bases, r2);
      // with the article: ال, or لل when the preposition is ل (ل + ال)
      if (prep === 'ل' && r1.startsWith('لل') && r1.length - 2 >= MIN_AR_STEM) {
        pushUnique(bases, r1.slice(2));
      }
      if (r2.startsWith('ال') && r2.length - 2 >= MIN_AR_STEM) pushUnique(bases, r2.slice(2));
    }
  }
  for (const base of bases) {
    pushUnique(out, base);
    addArabicSuffixForms(base, out);
  }
  return out;
}

/**
 * Candidate forms of a lowercased English word: the word and its light stems — plural -s/-es/-ies,
 * past -ed/-d/-ied, -ing (with a doubled consonant undone and a dropped e restored), so
 * leaked/leaking/leaks reach "leak" and outages reach "outage". Words are never cut below
 * three letters, and nothing else is stripped: "secretary" stays "secretary".
 */
export function englishLightStems(word: string): string[] {
  const out = [word];
  const n = word.length;
  if (n <= 3) return out;
  const undouble = (stem: string) => {
    const m = stem.length;
    if (m >= 4 && stem[m - 1] === stem[m - 2] && !'lsz'.includes(stem[m - 1]!)) {
      pushUnique(out, stem.slice(0, -1));
    }
  };
  if (word.endsWith('ies') && n > 4) pushUnique(out, `${word.slice(0, -3)}y`);
  else if (word.endsWith('es') && n > 4) {
    pushUnique(out, word.slice(0, -2));
    pushUnique(out, word.slice(0, -1));
  } else if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) {
    pushUnique(out, word.slice(0, -1));
  }
  if (word.endsWith('ied') && n > 4) pushUnique(out, `${word.slice(0, -3)}y`);
  else if (word.endsWith('ed') && n > 4) {
    const stem = word.slice(0, -2);
    pushUnique(out, stem);
    pushUnique(out, `${stem}e`);
    undouble(stem);
  }
  if (word.endsWith('ing') && n > 5) {
    const stem = word.slice(0, -3);
    pushUnique(out, stem);
    pushUnique(out, `${stem}e`);
    undouble(stem);
  }
  return out;
}

/** The forms matching tries for one token: Arabic or English light stems, or just the token. */
export function stemCandidates(token: string): string[] {
  const c = token.charCodeAt(0);
  if (isArabicCode(c)) return arabicLightStems(token);
  if (c >= 0x61 && c <= 0x7a) return englishLightStems(token);
  return [token];
}

// ───────────────────────────── phrase matching ─────────────────────────────

/** In a phrase, `*` lets up to two words sit between its neighbours, `**` up to four. */
export const PHRASE_GAP = '*';
const GAP_SHORT = 2;
const GAP_LONG = 4;

/** A compiled phrase token: a word, or a number = how many words may be skipped there. */
export type PhraseToken = string | number;

/**
 * How a phrase is stored: its words normalised exactly like text, with a leading article ال
 * removed when three letters remain (text always offers the form without it), and `*`/`**`
 * gaps turned into numbers. Leading/trailing gaps are dropped.
 */
export function compilePhrase(phrase: string): PhraseToken[] {
  const out: PhraseToken[] = [];
  for (const part of phrase.trim().split(/\s+/)) {
    if (part === '*' || part === '**') {
      const gap = part === '*' ? GAP_SHORT : GAP_LONG;
      const last = out[out.length - 1];
      if (typeof last === 'number') out[out.length - 1] = last + gap;
      else if (out.length > 0) out.push(gap);
      continue;
    }
    for (const token of prepareText(part).tokens) out.push(canonicalPhraseWord(token));
  }
  while (typeof out[out.length - 1] === 'number') out.pop();
  return out;
}

function canonicalPhraseWord(token: string): string {
  if (
    isArabicCode(token.charCodeAt(0)) &&
    token.startsWith('ال') &&
    token.length - 2 >= MIN_AR_STEM
  ) {
    return token.slice(2);
  }
  return token;
}

/** A phrase for people: gaps shown as `…`. */
export function displayPhrase(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/)
    .map((p) => (p === '*' || p === '**' ? '…' : p))
    .join(' ');
}

export interface PhraseHit<T> {
  data: T;
  /** The phrase as written in the list. */
  phrase: string;
  /** The phrase for people (gaps shown as …). */
  display: string;
  /** Token span [start, end) and the clause it sits in. */
  start: number;
  end: number;
  clause: number;
  /** Where the matched words are in `MatchResult.source`. */
  srcStart: number;
  srcEnd: number;
}

export interface MatchResult<T> {
  hits: PhraseHit<T>[];
  /** How many words the text has once markup is gone (0 = nothing to match). */
  tokenCount: number;
  /** The text the `src*` offsets point into: the input, or the input with Slack entities,
   *  links, e-mail addresses and emoji codes replaced by spaces. */
  source: string;
}

// Words are compared as sequences of symbols, one per normalised character (a word ends where
// the scan's tokens end). Letters outside the Latin and Arabic alphabets share one symbol.
const SYM_PCT = 1;
const SYM_LATIN = 2; // a–z → 2..27
const SYM_DIGIT = 28; // 0–9 → 28..37
const SYM_ARABIC = 38; // U+0620–U+064A → 38..80
const SYM_AR_OTHER = 81;
const SYM_OTHER = 82;

function symbolOf(mapped: number): number {
  if (mapped >= 0x61 && mapped <= 0x7a) return SYM_LATIN + mapped - 0x61;
  if (mapped >= 0x30 && mapped <= 0x39) return SYM_DIGIT + mapped - 0x30;
  if (mapped === 0x25) return SYM_PCT;
  if (mapped >= 0x620 && mapped <= 0x64a) return SYM_ARABIC + mapped - 0x620;
  if (mapped >= 0x600 && mapped <= 0x6ff) return SYM_AR_OTHER;
  return SYM_OTHER;
}

/** `< & @ :` — where Slack entities, links, e-mail addresses or emoji codes may start. */
const SPECIAL = 6;
/** (The scan's own kind for an e-mail address it found ahead.) */
const ADDRESS = 7;
/** Token scripts (a word that switches script is split in two). */
const SCRIPT_ARABIC = 1;
/** The bits of a character's packed info (below) that a word's characters share: the kind
 *  (LETTER) and the script. */
const KIND_AND_SCRIPT = 0x300f;

/**
 * Everything the scanner needs about a character below U+0700, packed in one number:
 * bits 0–3 kind, 4–11 symbol, 12–13 script (1 Arabic, 2 Latin/digits, 3 `%`),
 * 16–31 the character it becomes.
 */
const CHAR_INFO = new Int32Array(0x700);
(function buildCharInfo() {
  for (let c = 0; c < 0x700; c++) {
    let kind = SEP;
    let mapped = c;
    if (c < 0x80) {
      kind = ASCII_KIND[c]!;
      mapped = ASCII_MAP[c]!;
      if (c === 0x3c || c === 0x26 || c === 0x40 || c === 0x3a) kind = SPECIAL;
    } else if (c >= 0x600) {
      kind = AR_KIND[c - 0x600]!;
      mapped = AR_MAP[c - 0x600]!;
    } else {
      const packed = classifyOther(c);
      kind = packed >>> 16;
      mapped = packed & 0xffff;
    }
    let script = 0;
    if (kind === PERCENT) {
      kind = LETTER;
      mapped = 0x25;
      script = 3;
    } else if (kind === LETTER) script = mapped >= 0x600 && mapped <= 0x6ff ? SCRIPT_ARABIC : 2;
    CHAR_INFO[c] = kind | (symbolOf(mapped) << 4) | (script << 12) | (mapped << 16);
  }
})();

/** A short Arabic affix (≤ 4 letters) as a number, so checking one builds no string. */
function affixKey(codes: ArrayLike<number>, from: number, to: number): number {
  let key = 0;
  for (let i = from; i < to; i++) key = key * 257 + (codes[i]! - 0x5ff);
  return key;
}

function affixKeyOf(affix: string): number {
  return affixKey(
    Array.from(affix, (ch) => ch.charCodeAt(0)),
    0,
    affix.length,
  );
}

const MAX_AR_PREFIX = 4;
const MAX_AR_SUFFIX = 4;

/**
 * Attached prefixes the light stemmer strips (see `arabicLightStems`). Their letters are few
 * (و ف ب ل ك ا), so a prefix of up to four letters is a small number: 3 bits per letter.
 * `AR_PREFIX_LETTER` gives each letter's digit (0: no prefix has it), `AR_PREFIX_ENDS[key]`
 * is 1 when the letters read so far are a whole prefix.
 */
const AR_PREFIX_LETTER = new Uint8Array(256);
const AR_PREFIX_ENDS = new Uint8Array(1 << (3 * MAX_AR_PREFIX));
(function buildArabicPrefixes() {
  const prefixes = new Set<string>();
  for (const conj of AR_CONJUNCTIONS) {
    for (const prep of ['', 'ب', 'ل']) if (conj || prep) prefixes.add(conj + prep);
    prefixes.add(`${conj}لل`);
    for (const prep of AR_PREPOSITIONS) prefixes.add(`${conj}${prep}ال`);
  }
  let digits = 0;
  for (const prefix of prefixes) {
    let key = 0;
    for (const ch of prefix) {
      const at = ch.charCodeAt(0) - 0x600;
      AR_PREFIX_LETTER[at] ||= ++digits;
      key = (key << 3) | AR_PREFIX_LETTER[at]!;
    }
    AR_PREFIX_ENDS[key] = 1;
  }
})();

/** The suffixes a word of `len` letters may carry (`arabicLightStems` inverted). */
function arabicSuffixesFor(len: number, taaStem: boolean, beforeTaa: string): string[] {
  const out: string[] = [];
  const pron = AR_PRONOUN_SUFFIXES;
  if (!taaStem) {
    out.push('');
    for (const [p, min] of pron) if (len >= min) out.push(p);
    if (len >= MIN_AR_STEM) {
      for (const l of AR_PLURAL_SUFFIXES) {
        out.push(l);
        for (const [p, min] of pron) if (len + l.length >= min) out.push(l + p);
      }
    }
    return out;
  }
  // The word ends in ه (ة) and the stem is the word without it: موافق|تنا, خدم|ات.
  if (len >= MIN_AR_STEM && beforeTaa !== 'ا') {
    for (const [p, min] of pron) if (len >= min) out.push(`ت${p}`);
  }
  if (len - 1 >= MIN_AR_STEM) {
    out.push('ات');
    for (const [p, min] of pron) if (len - 1 + 2 >= min) out.push(`ات${p}`);
  }
  return out;
}

// A word's symbols hash polynomially, so the hash of any stretch of a token follows from the
// token's prefix hashes: hash(from, to) = H[to] − H[from]·BASE^(to − from)  (mod 2^32).
const FORM_HASH_BASE = 0x01000193;

function extendHash(hash: number, symbol: number): number {
  return (Math.imul(hash, FORM_HASH_BASE) + symbol + 1) | 0;
}

/** Bits of the quick-rejection filter of whole words (4 KiB). */
const FILTER_BITS = 1 << 15;

/** A word's quick-rejection key: its length, first, second and last symbols, as a filter bit. */
function wordFilterBit(len: number, first: number, second: number, last: number): number {
  const key = Math.min(len, 31) | (first << 5) | (second << 12) | (last << 19);
  return Math.imul(key, 0x9e3779b1) >>> 17;
}

/** An Arabic stem's first three symbols as one number (Arabic symbols are 38–81). */
const AR_SYMBOLS = SYM_OTHER - SYM_ARABIC;
function stemHeadIndex(a: number, b: number, c: number): number {
  return ((a - SYM_ARABIC) * AR_SYMBOLS + (b - SYM_ARABIC)) * AR_SYMBOLS + (c - SYM_ARABIC);
}

function bitIsSet(bits: Uint32Array, bit: number): boolean {
  return (bits[bit >>> 5]! & (1 << (bit & 31))) !== 0;
}

function setBit(bits: Uint32Array, bit: number): void {
  bits[bit >>> 5]! |= 1 << (bit & 31);
}

/** A character sequence that finds a phrase word in a text (see `WordForms`). */
interface FormSpec {
  word: number;
  /** true: a whole text word must be this form; false: an Arabic stem (prefix/suffix rules). */
  exact: boolean;
  symbols: number[];
  /** The suffixes an Arabic stem may carry (affix keys; 0 = none). */
  suffixes: number[];
}

/**
 * Word forms compiled for look-up. A text word is looked up once it is read: it is an exact
 * form, or holds Arabic stems between an attached prefix (or none) and an allowed suffix.
 * Forms are found by hash (an open-addressed table, at most a quarter full, so the look-up
 * of an absent word ends at once), and most words of a text are no form and hold no stem: a
 * bit in a small filter says so before anything is hashed.
 */
class WordForms {
  /** Per form (in the order given: a word's hits keep that order): its word, kind, symbols
   *  (`symbols[start[f] …]`, `length[f]` of them) and allowed suffixes. */
  readonly word: Int32Array;
  readonly exact: Uint8Array;
  readonly start: Int32Array;
  readonly length: Int32Array;
  readonly symbols: Uint8Array;
  readonly suffixes: ReadonlyArray<readonly number[]>;
  /** The next form with the same hash, or -1. */
  readonly next: Int32Array;
  /** Per slot a hash and its first form (-1 = empty). */
  readonly slotHash: Int32Array;
  readonly slotForm: Int32Array;
  readonly slotShift: number;
  /** Shortest Arabic stem and longest form, in characters (bounds the look-ups). */
  readonly minStemLength: number;
  readonly maxFormLength: number;
  /** BASE^k for k ≤ maxFormLength (see `extendHash`). */
  readonly hashPower: Int32Array;
  /** One bit per `wordFilterBit` of an exact form. */
  readonly wordFilter: Uint32Array;
  /** One bit per `stemHeadIndex` of the first three characters of an Arabic stem. */
  readonly stemHeads: Uint32Array;
  /** The last words that got past the filters, and the words they were found to be: a word
   *  seen again (ticket text repeats its words) is not looked up again. Direct-mapped by the
   *  hash of its characters: `memoLength` 0 = empty slot, `memoCount` the words found (in
   *  order, in `memoWords[slot * MEMO_WORDS …]`). */
  readonly memoHash = new Int32Array(MEMO_SLOTS);
  readonly memoLength = new Uint8Array(MEMO_SLOTS);
  readonly memoChars = new Int32Array(MEMO_SLOTS * MEMO_CHARS);
  readonly memoCount = new Uint8Array(MEMO_SLOTS);
  readonly memoWords = new Int32Array(MEMO_SLOTS * MEMO_WORDS);

  constructor(forms: readonly FormSpec[]) {
    const n = forms.length;
    this.word = Int32Array.from(forms, (f) => f.word);
    this.exact = Uint8Array.from(forms, (f) => (f.exact ? 1 : 0));
    this.length = Int32Array.from(forms, (f) => f.symbols.length);
    this.start = new Int32Array(n);
    this.symbols = new Uint8Array(forms.reduce((a, f) => a + f.symbols.length, 0));
    this.suffixes = forms.map((f) => f.suffixes);
    let offset = 0;
    forms.forEach((f, i) => {
      this.start[i] = offset;
      this.symbols.set(f.symbols, offset);
      offset += f.symbols.length;
    });
    this.minStemLength = Math.min(
      MIN_AR_STEM,
      ...forms.filter((f) => !f.exact).map((f) => f.symbols.length),
    );
    this.maxFormLength = Math.max(0, ...forms.map((f) => f.symbols.length));
    this.hashPower = new Int32Array(this.maxFormLength + 1);
    this.hashPower[0] = 1;
    for (let k = 1; k < this.hashPower.length; k++) {
      this.hashPower[k] = Math.imul(this.hashPower[k - 1]!, FORM_HASH_BASE);
    }

    this.wordFilter = new Uint32Array(FILTER_BITS >>> 5);
    this.stemHeads = new Uint32Array(Math.ceil(AR_SYMBOLS ** 3 / 32));
    for (const { exact, symbols: sym } of forms) {
      const len = sym.length;
      if (exact) {
        setBit(
          this.wordFilter,
          wordFilterBit(len, sym[0]!, sym[Math.min(1, len - 1)]!, sym[len - 1]!),
        );
      } else setBit(this.stemHeads, stemHeadIndex(sym[0]!, sym[1]!, sym[2]!));
    }

    let bits = 4;
    while (1 << bits < 4 * n) bits++;
    const mask = (1 << bits) - 1;
    this.slotShift = 32 - bits;
    this.slotHash = new Int32Array(1 << bits);
    this.slotForm = new Int32Array(1 << bits).fill(-1);
    this.next = new Int32Array(n).fill(-1);
    const lastOfSlot = new Int32Array(1 << bits).fill(-1);
    forms.forEach((f, i) => {
      const hash = f.symbols.reduce(extendHash, 0);
      let slot = Math.imul(hash, 0x9e3779b1) >>> this.slotShift;
      while (this.slotForm[slot] !== -1 && this.slotHash[slot] !== hash) slot = (slot + 1) & mask;
      if (this.slotForm[slot] === -1) {
        this.slotHash[slot] = hash;
        this.slotForm[slot] = i;
      } else this.next[lastOfSlot[slot]!] = i;
      lastOfSlot[slot] = i;
    });
  }
}

/** Slots of a word-form memo, and the longest word / most word hits it keeps per slot. */
const MEMO_BITS = 10;
const MEMO_SLOTS = 1 << MEMO_BITS;
const MEMO_CHARS = 16;
const MEMO_WORDS = 4;

/** The forms that find each word (`stemCandidates` inverted): an Arabic word of three letters
 *  or more as a stem (and, ending in ه, without it: موافق|تنا), other words as themselves and,
 *  English, their inflections. */
function formsOfWords(wordIds: ReadonlyMap<string, number>): FormSpec[] {
  const forms: FormSpec[] = [];
  const symbolsOf = (w: string) => Array.from(w, (ch) => symbolOf(ch.charCodeAt(0)));
  for (const [word, id] of wordIds) {
    const c0 = word.charCodeAt(0);
    if (isArabicCode(c0) && word.length >= MIN_AR_STEM) {
      const suffixes = arabicSuffixesFor(word.length, false, '').map(affixKeyOf);
      forms.push({ word: id, exact: false, symbols: symbolsOf(word), suffixes });
      if (word.endsWith('ه') && word.length - 1 >= MIN_AR_STEM) {
        const stem = word.slice(0, -1);
        forms.push({
          word: id,
          exact: false,
          symbols: symbolsOf(stem),
          suffixes: arabicSuffixesFor(word.length, true, stem.slice(-1)).map(affixKeyOf),
        });
      }
    } else {
      const inflected = c0 >= 0x61 && c0 <= 0x7a ? englishInflections(word) : [word];
      for (const form of inflected) {
        forms.push({ word: id, exact: true, symbols: symbolsOf(form), suffixes: [] });
      }
    }
  }
  return forms;
}

interface CompiledPhrase<T> {
  phrase: string;
  display: string;
  data: T;
}

let wordHitWord = new Int32Array(64);
let wordHitToken = new Int32Array(64);
let tokenClause = new Int32Array(256);
let tokenStart = new Int32Array(256);
let tokenEnd = new Int32Array(256);
/** The scanned words' characters, one CHAR_INFO-style packed number each (the normalised
 *  character in bits 16–31, the symbol in bits 4–11): word t has `tokenPacked[
 *  tokenCharStart[t] … tokenCharStart[t + 1]]`. Kept, so words can be looked up again. */
let tokenPacked = new Int32Array(256);
let tokenCharStart = new Int32Array(256);
/** Prefix hashes of the word being looked up, computed when a stem may be in it: [k] = hash
 *  of its first k symbols ([0] stays 0). */
let tokenPrefixHash = new Int32Array(257);
/** Where a stem may start in the word being looked up (0, or after an attached prefix). */
const stemStarts = new Int32Array(MAX_AR_PREFIX + 1);

function grow<A extends Int32Array | Uint16Array | Uint8Array>(a: A, need: number): A {
  if (a.length >= need) return a;
  const b = new (a.constructor as { new (n: number): A })(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export interface PhraseMatcherOptions<T> {
  /**
   * The phrases `matchAnchored` is about: a text with none of their first words gets no hits
   * at all from it (the caller has nothing to decide), without assembling phrases.
   */
  anchor?: (data: T) => boolean;
  /**
   * Phrases that only matter once an `enabler` phrase is in the text: `matchAnchored` leaves
   * them out until one is (their words are not even looked up). A caller that reads them only
   * next to an enabler gets what `match` gives it, for less.
   */
  optional?: (data: T) => boolean;
  enabler?: (data: T) => boolean;
}

/**
 * A set of phrases compiled ONCE into word forms (`WordForms`). Matching a text is one pass
 * over its characters — normalising them on the fly (the same tables as `normalizeArabic`),
 * splitting words — and each word, once read, is looked up: no strings are built. A phrase
 * word matches a text word when the word is one of its light-stem forms (exactly as
 * `stemCandidates` would give): an English word or a short word must equal one of its forms
 * (leak, leaks, leaked, leaking …); an Arabic word must hold its stem after at most an
 * attached prefix (و ف ب ل ك ال …) and before a suffix the stem allows (ات ها تنا …).
 * Multi-word phrases (with `*` gaps) are assembled from the word hits, never across a clause.
 */
export class PhraseMatcher<T> {
  /** @internal The forms of every word, and of the words of the phrases that are not
   *  optional (see the options; the same object when none is). */
  readonly allForms: WordForms;
  readonly primaryForms: WordForms;
  private readonly phrases: CompiledPhrase<T>[];
  /** The phrases' words, all in one array: phrase p has `phraseWords[phraseStart[p] …
   *  phraseStart[p + 1]]`, each a word id or, negative, a gap (−the words it may skip). */
  private readonly phraseWords: Int32Array;
  private readonly phraseStart: Int32Array;
  /** Per phrase: 1 optional, 2 enabler (see the options). */
  private readonly phraseRole: Uint8Array;
  /** Per word, the phrases it starts, in the order they were given: `byFirstWord[
   *  byFirstStart[w] … byFirstStart[w + 1]]`; and the same without the optional ones. */
  private readonly byFirstWord: Int32Array;
  private readonly byFirstStart: Int32Array;
  private readonly byFirstPrimary: Int32Array;
  private readonly byFirstPrimaryStart: Int32Array;
  /** Per word: seen in the text being assembled (set and cleared within one match). */
  private readonly wordSeen: Uint8Array;
  /** @internal Per word: 1 when it is the first word of an anchor phrase (see `matchAnchored`). */
  readonly anchorWord: Uint8Array;
  readonly size: number;

  constructor(
    entries: Iterable<{ phrase: string; data: T }>,
    options: PhraseMatcherOptions<T> = {},
  ) {
    const wordIds = new Map<string, number>();
    const phrases: CompiledPhrase<T>[] = [];
    const phraseWords: number[][] = [];
    for (const { phrase, data } of entries) {
      const tokens = compilePhrase(phrase);
      if (typeof tokens[0] !== 'string') continue;
      phraseWords.push(
        tokens.map((t) => {
          if (typeof t === 'number') return -t;
          let id = wordIds.get(t);
          if (id === undefined) {
            id = wordIds.size;
            wordIds.set(t, id);
          }
          return id;
        }),
      );
      phrases.push({ phrase, display: displayPhrase(phrase), data });
    }
    this.size = phrases.length;
    this.phrases = phrases;
    this.phraseWords = Int32Array.from(phraseWords.flat());
    this.phraseStart = new Int32Array(phrases.length + 1);
    this.phraseRole = new Uint8Array(phrases.length);
    const byFirst: number[][] = Array.from({ length: wordIds.size }, () => []);
    this.anchorWord = new Uint8Array(wordIds.size);
    /** Words of phrases that are not optional. */
    const primaryWord = new Uint8Array(wordIds.size);
    phraseWords.forEach((words, p) => {
      const data = phrases[p]!.data;
      this.phraseStart[p + 1] = this.phraseStart[p]! + words.length;
      byFirst[words[0]!]!.push(p);
      if (options.anchor?.(data)) this.anchorWord[words[0]!] = 1;
      if (options.optional?.(data)) this.phraseRole[p] = 1;
      else {
        if (options.enabler?.(data)) this.phraseRole[p] = 2;
        for (const w of words) if (w >= 0) primaryWord[w] = 1;
      }
    });
    this.byFirstWord = Int32Array.from(byFirst.flat());
    this.byFirstStart = new Int32Array(wordIds.size + 1);
    byFirst.forEach((list, w) => {
      this.byFirstStart[w + 1] = this.byFirstStart[w]! + list.length;
    });
    const byFirstPrimary = byFirst.map((list) => list.filter((p) => this.phraseRole[p] !== 1));
    this.byFirstPrimary = Int32Array.from(byFirstPrimary.flat());
    this.byFirstPrimaryStart = new Int32Array(wordIds.size + 1);
    byFirstPrimary.forEach((list, w) => {
      this.byFirstPrimaryStart[w + 1] = this.byFirstPrimaryStart[w]! + list.length;
    });
    this.wordSeen = new Uint8Array(wordIds.size);

    const forms = formsOfWords(wordIds);
    this.allForms = new WordForms(forms);
    this.primaryForms = this.phraseRole.includes(1)
      ? new WordForms(forms.filter((f) => primaryWord[f.word] === 1))
      : this.allForms;
  }

  match(text: string): MatchResult<T> {
    const source = scan(this as PhraseMatcher<unknown>, this.allForms, text, false, false);
    return { hits: this.assemble(false), tokenCount: runTokenCount, source };
  }

  /** @internal `match` of a text `preprocessForMatching` has already prepared (its `< & @ :`
   *  left are plain separators): what `match` reads markup as, in the tests. */
  matchPreprocessed(text: string): MatchResult<T> {
    const source = scan(this as PhraseMatcher<unknown>, this.allForms, text, true, false);
    return { hits: this.assemble(false), tokenCount: runTokenCount, source };
  }

  /**
   * `match`, except that when no first word of an anchor phrase (constructor option) occurs in
   * the text, no phrase is assembled and `hits` is empty; and that optional phrases are left
   * out unless an enabler phrase is among the hits.
   */
  matchAnchored(text: string): MatchResult<T> {
    const source = scan(this as PhraseMatcher<unknown>, this.primaryForms, text, false, false);
    let hits: PhraseHit<T>[] = [];
    if (runAnchors > 0) {
      hits = this.assemble(this.primaryForms !== this.allForms);
      if (runEnabled) {
        lookUpAgain(this.allForms);
        hits = this.assemble(false);
      }
    }
    return { hits, tokenCount: runTokenCount, source };
  }

  /** Phrases from word hits (sorted by token); `primaryOnly`: not the optional ones (and
   *  `runEnabled` says whether an enabler phrase is among them). */
  private assemble(primaryOnly: boolean): PhraseHit<T>[] {
    const nHits = runHits;
    const hits: PhraseHit<T>[] = [];
    runEnabled = false;
    if (nHits === 0) return hits;
    const seen = this.wordSeen;
    const words = this.phraseWords;
    const phraseStart = this.phraseStart;
    const role = this.phraseRole;
    const byFirst = primaryOnly ? this.byFirstPrimary : this.byFirstWord;
    const byFirstStart = primaryOnly ? this.byFirstPrimaryStart : this.byFirstStart;
    for (let h = 0; h < nHits; h++) seen[wordHitWord[h]!] = 1;
    for (let h = 0; h < nHits; h++) {
      const word = wordHitWord[h]!;
      const at = wordHitToken[h]!;
      for (let k = byFirstStart[word]!, kEnd = byFirstStart[word + 1]!; k < kEnd; k++) {
        const p = byFirst[k]!;
        const from = phraseStart[p]!;
        const to = phraseStart[p + 1]!;
        let endTok = at + 1;
        if (to - from > 1) {
          if (!allSeen(words, from + 1, to, seen)) continue; // a word of it is not in the text
          endTok = matchRest(words, from + 1, to, at + 1, tokenClause[at]!, h, nHits);
          if (endTok < 0) continue;
        }
        if (role[p] === 2) runEnabled = true;
        const phrase = this.phrases[p]!;
        hits.push({
          data: phrase.data,
          phrase: phrase.phrase,
          display: phrase.display,
          start: at,
          end: endTok,
          clause: tokenClause[at]!,
          srcStart: tokenStart[at]!,
          srcEnd: tokenEnd[endTok - 1]!,
        });
      }
    }
    for (let h = 0; h < nHits; h++) seen[wordHitWord[h]!] = 0;
    return hits;
  }
}

// Scan results live in module buffers (matching is synchronous: one scan never interleaves
// with another); the scan itself keeps its state in locals, with no closures on the hot path.
let runTokenCount = 0;
let runHits = 0;
/** Word hits of the current scan that start an anchor phrase. */
let runAnchors = 0;
let runAnchorWord: Uint8Array = new Uint8Array(0);
/** Whether the last assembly found an enabler phrase. */
let runEnabled = false;

/** Records that `word` occurs as token `token` (once per token). */
function pushWordHit(word: number, token: number): void {
  let h = runHits - 1;
  while (h >= 0 && wordHitToken[h] === token) {
    if (wordHitWord[h] === word) return;
    h--;
  }
  if (runHits >= wordHitWord.length) {
    wordHitWord = grow(wordHitWord, runHits + 1);
    wordHitToken = grow(wordHitToken, runHits + 1);
  }
  wordHitWord[runHits] = word;
  wordHitToken[runHits] = token;
  runHits++;
  runAnchors += runAnchorWord[word]!;
}

/** The first form whose hash is `hash` (its chain holds the rest), or -1. */
function firstFormWithHash(forms: WordForms, hash: number): number {
  const slotHash = forms.slotHash;
  const slotForm = forms.slotForm;
  const mask = slotHash.length - 1;
  let slot = Math.imul(hash, 0x9e3779b1) >>> forms.slotShift;
  for (;;) {
    const form = slotForm[slot]!;
    if (form < 0 || slotHash[slot] === hash) return form;
    slot = (slot + 1) & mask;
  }
}

/** Whether form `f` is in `tokenPacked` from `at` on (a hash can collide). */
function formIsAt(forms: WordForms, f: number, at: number): boolean {
  const symbols = forms.symbols;
  const start = forms.start[f]!;
  const len = forms.length[f]!;
  for (let k = 0; k < len; k++) {
    if (symbols[start + k] !== ((tokenPacked[at + k]! >>> 4) & 255)) return false;
  }
  return true;
}

/**
 * Looks up the word of `len` characters at `tokenPacked[begin …]`, token `token` of the text
 * (`script` its script): records a word hit for each form it is — an Arabic word of three
 * letters or more, for the stems it holds (ordered by where they end, then start); any other,
 * for the exact forms it is. The quick rejection comes first, here, in a function small enough
 * for V8 to inline into the scan: most words (about 7 in 10) stop at it, and a call per word
 * cost more than the rejection itself. Then the memo (`lookUpPassedWord`).
 */
function lookUpWord(
  forms: WordForms,
  begin: number,
  len: number,
  script: number,
  token: number,
): void {
  if (script === SCRIPT_ARABIC && len >= MIN_AR_STEM) {
    const stems = arabicStemStarts(forms, begin, len);
    if (stems !== 0) lookUpPassedWord(forms, begin, len, stems, token);
    return;
  }
  const packed = tokenPacked;
  const first = (packed[begin]! >>> 4) & 255;
  const second = (packed[begin + (len > 1 ? 1 : 0)]! >>> 4) & 255;
  const last = (packed[begin + len - 1]! >>> 4) & 255;
  if (
    len <= forms.maxFormLength &&
    bitIsSet(forms.wordFilter, wordFilterBit(len, first, second, last))
  ) {
    lookUpPassedWord(forms, begin, len, 0, token);
  }
}

/** `lookUpWord` past the quick rejection: `stems` > 0 for an Arabic word (its stem starts are
 *  in `stemStarts`), 0 for any other. A word seen before gets its hits from the memo. */
function lookUpPassedWord(
  forms: WordForms,
  begin: number,
  len: number,
  stems: number,
  token: number,
): void {
  const packed = tokenPacked;
  const arabic = stems > 0;
  // A word seen before: its hits again.
  let hash = len;
  for (let k = begin; k < begin + len; k++) hash = Math.imul(hash ^ packed[k]!, 0x9e3779b1);
  const slot = hash >>> (32 - MEMO_BITS);
  if (forms.memoLength[slot] === len && forms.memoHash[slot] === hash) {
    const chars = forms.memoChars;
    let same = true;
    for (let k = 0; k < len && same; k++) same = chars[slot * MEMO_CHARS + k] === packed[begin + k];
    if (same) {
      for (let w = 0; w < forms.memoCount[slot]!; w++) {
        pushWordHit(forms.memoWords[slot * MEMO_WORDS + w]!, token);
      }
      return;
    }
  }

  const before = runHits;
  if (arabic) findArabicStems(forms, begin, len, stems, token);
  else findExactForms(forms, begin, len, token);
  const found = runHits - before;
  if (len <= MEMO_CHARS && found <= MEMO_WORDS) {
    forms.memoHash[slot] = hash;
    forms.memoLength[slot] = len;
    forms.memoCount[slot] = found;
    for (let k = 0; k < len; k++) forms.memoChars[slot * MEMO_CHARS + k] = packed[begin + k]!;
    for (let w = 0; w < found; w++)
      forms.memoWords[slot * MEMO_WORDS + w] = wordHitWord[before + w]!;
  }
}

/** Word hits of the whole word at `begin`: the exact forms it is. */
function findExactForms(forms: WordForms, begin: number, len: number, token: number): void {
  const packed = tokenPacked;
  let hash = 0;
  for (let k = begin; k < begin + len; k++) hash = extendHash(hash, (packed[k]! >>> 4) & 255);
  for (let f = firstFormWithHash(forms, hash); f >= 0; f = forms.next[f]!) {
    if (forms.exact[f] === 1 && forms.length[f] === len && formIsAt(forms, f, begin)) {
      pushWordHit(forms.word[f]!, token);
    }
  }
}

/** Whether the characters at `tokenPacked[at …]` begin some Arabic stem. */
function stemMayStartAt(forms: WordForms, at: number): boolean {
  const packed = tokenPacked;
  const head = stemHeadIndex(
    (packed[at]! >>> 4) & 255,
    (packed[at + 1]! >>> 4) & 255,
    (packed[at + 2]! >>> 4) & 255,
  );
  return bitIsSet(forms.stemHeads, head);
}

/** The Arabic affix key (`affixKey`) of the characters `tokenPacked[from … to]`. */
function tokenAffixKey(from: number, to: number): number {
  let key = 0;
  for (let k = from; k < to; k++) key = key * 257 + ((tokenPacked[k]! >>> 16) - 0x5ff);
  return key;
}

/**
 * Where a stem may start in the Arabic word of `len` characters at `begin`: at 0, or after an
 * attached prefix — and only where the next characters begin some stem. Into `stemStarts`;
 * returns how many.
 */
function arabicStemStarts(forms: WordForms, begin: number, len: number): number {
  const packed = tokenPacked;
  let starts = 0;
  if (stemMayStartAt(forms, begin)) stemStarts[starts++] = 0;
  let key = 0;
  for (let k = 1; k <= MAX_AR_PREFIX && len - k >= MIN_AR_STEM; k++) {
    const digit = AR_PREFIX_LETTER[(packed[begin + k - 1]! >>> 16) - 0x600]!;
    if (digit === 0) break;
    key = (key << 3) | digit;
    if (AR_PREFIX_ENDS[key] === 1 && stemMayStartAt(forms, begin + k)) stemStarts[starts++] = k;
  }
  return starts;
}

/**
 * Word hits of the Arabic word of `len` characters at `begin`: the stems it holds between an
 * attached prefix (or none) and a suffix the stem allows, from the `starts` places in
 * `stemStarts` (`arabicStemStarts`). Hits come ordered by where the stem ends, then by where
 * it starts.
 */
function findArabicStems(
  forms: WordForms,
  begin: number,
  len: number,
  starts: number,
  token: number,
): void {
  const packed = tokenPacked;
  if (tokenPrefixHash.length < len + 1) tokenPrefixHash = grow(tokenPrefixHash, len + 1);
  const prefixHash = tokenPrefixHash;
  for (let k = 0; k < len; k++) {
    prefixHash[k + 1] = extendHash(prefixHash[k]!, (packed[begin + k]! >>> 4) & 255);
  }
  const minStem = forms.minStemLength;
  for (let end = Math.max(minStem, len - MAX_AR_SUFFIX); end <= len; end++) {
    for (let s = 0; s < starts; s++) {
      const from = stemStarts[s]!;
      const stemLength = end - from;
      if (stemLength < minStem) break; // later starts leave shorter stems
      if (stemLength > forms.maxFormLength) continue;
      const hash =
        (prefixHash[end]! - Math.imul(prefixHash[from]!, forms.hashPower[stemLength]!)) | 0;
      for (let f = firstFormWithHash(forms, hash); f >= 0; f = forms.next[f]!) {
        if (
          forms.exact[f] === 0 &&
          forms.length[f] === stemLength &&
          formIsAt(forms, f, begin + from) &&
          forms.suffixes[f]!.includes(tokenAffixKey(begin + end, begin + len))
        ) {
          pushWordHit(forms.word[f]!, token);
        }
      }
    }
  }
}

/** Looks the words of the last scan up again, in `forms` (the word hits start over). */
function lookUpAgain(forms: WordForms): void {
  runHits = 0;
  runAnchors = 0;
  for (let t = 0; t < runTokenCount; t++) {
    const begin = tokenCharStart[t]!;
    const script = (tokenPacked[begin]! >>> 12) & 3;
    lookUpWord(forms, begin, tokenCharStart[t + 1]! - begin, script, t);
  }
}

/**
 * The text's UTF-16 code units in a reused typed array. The scan reads them from here rather
 * than with `charCodeAt`: V8 stops inlining `charCodeAt` once any object in the process has
 * String.prototype as its prototype (`class … extends String`, as ioredis's RESP3 decoder
 * defines), and the scan then runs about four times slower.
 */
let utf16Bytes = Buffer.allocUnsafeSlow(512);
let utf16Units = new Uint16Array(utf16Bytes.buffer, 0, 256);
const LITTLE_ENDIAN = new Uint16Array(new Uint8Array([1, 0]).buffer)[0] === 1;

function utf16(s: string): Uint16Array {
  const n = s.length;
  if (utf16Units.length < n) {
    utf16Bytes = Buffer.allocUnsafeSlow(Math.max(2 * n, 2 * utf16Bytes.length));
    utf16Units = new Uint16Array(utf16Bytes.buffer, 0, utf16Bytes.length / 2);
  }
  if (LITTLE_ENDIAN) utf16Bytes.write(s, 0, 'utf16le');
  else for (let i = 0; i < n; i++) utf16Units[i] = s.charCodeAt(i);
  return utf16Units;
}

/** 1: a BMP character in `[\p{L}\p{N}]`; 2: not; 0: not looked up yet. */
const LETTER_OR_NUMBER = new Uint8Array(0x10000);

function isLetterOrNumber(c: number): boolean {
  let v = LETTER_OR_NUMBER[c]!;
  if (v === 0) {
    v = LETTER_OR_NUMBER_CP_RE.test(String.fromCharCode(c)) ? 1 : 2;
    LETTER_OR_NUMBER[c] = v;
  }
  return v === 1;
}

/** `\s` as JS regular expressions read it. */
function isJsWhitespace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** The schemes SLACK_ENTITY_RE takes for a link, in the order it tries them. */
const LINK_SCHEMES = ['https', 'http', 'mailto', 'tel', 'ftp', 'sftp', 'slack'].map((scheme) =>
  Array.from(scheme, (ch) => ch.charCodeAt(0)),
);

/** After the `<` at `at - 1`: where the `scheme:url` of a link ends, or -1 when none starts. */
function linkUrlEnd(codes: Uint16Array, at: number, n: number): number {
  for (const scheme of LINK_SCHEMES) {
    let k = 0;
    // ASCII letters in either case (the regex is case-insensitive, without the u flag)
    while (k < scheme.length && at + k < n && (codes[at + k]! | 0x20) === scheme[k]) k++;
    if (k < scheme.length || at + k >= n || codes[at + k] !== 0x3a) continue;
    let end = at + k + 1;
    while (end < n) {
      const c = codes[end]!;
      if (c === 0x3c || c === 0x3e || c === 0x7c || isJsWhitespace(c)) break;
      end++;
    }
    return end;
  }
  return -1;
}

/** The first `<` or `>` from `at` on (n when none). */
function nextAngleBracket(codes: Uint16Array, at: number, n: number): number {
  let k = at;
  while (k < n && codes[k] !== 0x3c && codes[k] !== 0x3e) k++;
  return k;
}

/** `markupAt`'s answer when only the regex chain can tell. */
const MARKUP_UNSUPPORTED = -2;

/** Whether `c` belongs in an emoji code (`[a-z0-9_+'-]`, either case); MARKUP_UNSUPPORTED for
 *  ſ and K, which the `iu` flags fold into it. */
function emojiCodeChar(c: number): number {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39)) return 1;
  if (c === 0x5f || c === 0x2b || c === 0x27 || c === 0x2d) return 1;
  return c === 0x17f || c === 0x212a ? MARKUP_UNSUPPORTED : 0;
}

/** Whether `c`, next to an emoji code, lets it be one (EMOJI_CODE_RE's look-arounds: not a
 *  letter or digit); MARKUP_UNSUPPORTED for a surrogate (the regex reads a code point). */
function emojiCodeNeighbour(c: number): number {
  if (c >= 0xd800 && c <= 0xdfff) return MARKUP_UNSUPPORTED;
  const letterOrDigit =
    c < 0x80
      ? (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)
      : isLetterOrNumber(c);
  return letterOrDigit ? 0 : 1;
}

/** After the `:` at `at`: the end of the emoji code it opens, or -1, or MARKUP_UNSUPPORTED.
 *  `spaceBefore`: the character before is markup that reads as a space. */
function emojiCodeEnd(
  input: string,
  codes: Uint16Array,
  at: number,
  n: number,
  spaceBefore: boolean,
): number {
  if (at > 0 && !spaceBefore) {
    const before = emojiCodeNeighbour(codes[at - 1]!);
    if (before !== 1) return before === 0 ? -1 : MARKUP_UNSUPPORTED;
  }
  let k = at + 1;
  for (; k < n; k++) {
    const inCode = emojiCodeChar(codes[k]!);
    if (inCode === MARKUP_UNSUPPORTED) return MARKUP_UNSUPPORTED;
    if (inCode === 0) break;
  }
  if (k === at + 1 || k >= n || codes[k] !== 0x3a) return -1;
  if (k + 1 < n) {
    const after = emojiCodeNeighbour(codes[k + 1]!);
    if (after === MARKUP_UNSUPPORTED) return MARKUP_UNSUPPORTED;
    if (after === 0) {
      // a letter: unless a URL or an e-mail address starts there (removed first, leaving a
      // space — the regex chain tells for an address)
      if (input.indexOf('@', k + 1) >= 0) return MARKUP_UNSUPPORTED;
      const url = urlStartsAt(input, codes, n, k + 1);
      if (url !== 1) return url === MARKUP_UNSUPPORTED ? MARKUP_UNSUPPORTED : -1;
    }
  }
  return k + 1;
}

/** Whether `//` follows `at` (after a colon: maybe a URL, which the regex chain removes). */
function slashesAt(codes: Uint16Array, at: number, n: number): boolean {
  return at + 1 < n && codes[at] === 0x2f && codes[at + 1] === 0x2f;
}

/** `www.` in any case: once a text has `://`, RAW_URL_RE removes these too (left to it). */
const WWW_ANY_CASE_RE = /www\./i;

function isAsciiWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f;
}

const HTTP = [0x68, 0x74, 0x74, 0x70];

/** Whether `http` (either case) is at `at`. */
function httpAt(codes: Uint16Array, at: number, n: number): boolean {
  if (at < 0 || at + 4 > n) return false;
  for (let k = 0; k < 4; k++) if ((codes[at + k]! | 0x20) !== HTTP[k]) return false;
  return true;
}

/**
 * The end of the URL RAW_URL_RE finds at `at` (`\bhttps?://` and what follows up to a space,
 * `<` or `>`), or -1; MARKUP_UNSUPPORTED when it holds an `&` (entities are decoded before URLs
 * are removed, which the regex chain has to do).
 */
function urlEndAt(codes: Uint16Array, n: number, at: number): number {
  if ((at > 0 && isAsciiWordChar(codes[at - 1]!)) || !httpAt(codes, at, n)) return -1;
  let k = at + 4;
  if (k < n && (codes[k]! | 0x20) === 0x73) k++; // https
  if (k >= n || codes[k] !== 0x3a || !slashesAt(codes, k + 1, n)) return -1;
  k += 3;
  let end = k;
  while (end < n) {
    const c = codes[end]!;
    if (c === 0x3c || c === 0x3e || isJsWhitespace(c)) break;
    if (c === 0x26) return MARKUP_UNSUPPORTED;
    end++;
  }
  return end > k ? end : -1;
}

/** Whether a URL starts at `at`: -1 no, 1 yes, MARKUP_UNSUPPORTED when the regex chain has to
 *  tell (see `urlEndAt`, and `www.` in the text). For a look at the next character. */
function urlStartsAt(input: string, codes: Uint16Array, n: number, at: number): number {
  if ((codes[at]! | 0x20) !== 0x68) return -1;
  const end = urlEndAt(codes, n, at);
  if (end === MARKUP_UNSUPPORTED || (end >= 0 && WWW_ANY_CASE_RE.test(input))) {
    return MARKUP_UNSUPPORTED;
  }
  return end >= 0 ? 1 : -1;
}

/** Set by `markupAt` when the markup is a link with a label: the label's closing `>`. */
let markupLabelEnd = -1;
/** Set by `markupAt` when the markup is a URL: where it starts (its scheme, before the `:`). */
let markupUrlStart = -1;

/**
 * What `preprocessForMatching` makes of the text at `at`, one of `< & @ :` — so the scan reads
 * the markup tickets carry most where it is, without preprocessing the whole text: the end of
 * a mention (`<@U1>`, `<#C1|x>`, `<!here>`), a link (`<https://x>`, or up to the label of
 * `<https://x|label>`, which stays: `markupLabelEnd`) or an emoji code (`:fire:`) starting at
 * `at`, each of which becomes one space; -1 when the character stays; MARKUP_UNSUPPORTED when
 * only the regex chain can tell (an `&`, an `@` or a URL outside Slack's brackets, a date,
 * an unusual character next to a colon).
 */
function markupAt(
  input: string,
  codes: Uint16Array,
  n: number,
  at: number,
  spaceBefore: boolean,
): number {
  markupLabelEnd = -1;
  markupUrlStart = -1;
  const c = codes[at]!;
  if (c === 0x3c) {
    const sigil = at + 1 < n ? codes[at + 1]! : 0;
    if (sigil === 0x40 || sigil === 0x23 || sigil === 0x21) {
      const close = nextAngleBracket(codes, at + 2, n);
      if (close === n || codes[close] !== 0x3e) return -1;
      return sigil === 0x21 && input.startsWith('date^', at + 2) ? MARKUP_UNSUPPORTED : close + 1;
    }
    const urlEnd = linkUrlEnd(codes, at + 1, n);
    if (urlEnd < 0 || urlEnd === n) return -1;
    if (codes[urlEnd] === 0x3e) return urlEnd + 1;
    if (codes[urlEnd] !== 0x7c) return -1;
    const close = nextAngleBracket(codes, urlEnd + 1, n);
    if (close === n || codes[close] !== 0x3e) return -1;
    if (close === urlEnd + 1) return close + 1; // an empty label: one space
    markupLabelEnd = close;
    return urlEnd + 1;
  }
  if (c === 0x3a) {
    if (slashesAt(codes, at + 1, n)) {
      // `://` — a URL (`http://…`, `https://…`) from its scheme on; otherwise the colon stays
      if (WWW_ANY_CASE_RE.test(input)) return MARKUP_UNSUPPORTED;
      const https = at >= 1 && (codes[at - 1]! | 0x20) === 0x73 && httpAt(codes, at - 5, n);
      const from = https ? at - 5 : at - 4;
      const end = urlEndAt(codes, n, from);
      if (end >= 0) markupUrlStart = from;
      return end;
    }
    const end = emojiCodeEnd(input, codes, at, n, spaceBefore);
    return end >= 0 && slashesAt(codes, end, n) ? MARKUP_UNSUPPORTED : end;
  }
  return MARKUP_UNSUPPORTED; // `@` (an e-mail address?) or `&` (an entity?)
}

/** E-mail addresses found ahead of the scan (`findEmailAddresses`), [start, end) each. */
let emailStart = new Int32Array(4);
let emailEnd = new Int32Array(4);
let emailCount = 0;
/** Where the e-mail run last looked at ends (its other `@`s are plain separators). */
let emailRunEnd = 0;
const EMAIL_SCAN_RE = new RegExp(EMAIL_RE.source, 'gu');

/** The code point at `at` in `codes` (a surrogate pair read as one). */
function codePointAt(codes: Uint16Array, n: number, at: number): number {
  const hi = codes[at]!;
  if (hi >= 0xd800 && hi <= 0xdbff && at + 1 < n) {
    const lo = codes[at + 1]!;
    if (lo >= 0xdc00 && lo <= 0xdfff) return ((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  }
  return hi;
}

/**
 * `removeEmails` at the `@` at `at` (its first `@` not looked at yet): the run of e-mail
 * characters around it — down to `floor` (the end of the run before), and up to where a URL
 * starts (removed before addresses are) — and the addresses EMAIL_RE finds in it, into
 * emailStart/emailEnd. Returns how many (0: the `@` stays), or MARKUP_UNSUPPORTED.
 */
function findEmailAddresses(
  input: string,
  codes: Uint16Array,
  n: number,
  at: number,
  floor: number,
): number {
  const a = emailRunStart((i) => codes[i]!, at, floor);
  let b = at + 1;
  while (b < n) {
    const cp = codePointAt(codes, n, b);
    if (!isEmailChar(cp)) break;
    if ((cp | 0x20) === 0x68) {
      const url = urlStartsAt(input, codes, n, b);
      if (url === MARKUP_UNSUPPORTED) return url;
      if (url === 1) break;
    }
    b += cp > 0xffff ? 2 : 1;
  }
  emailRunEnd = b;
  emailCount = 0;
  const run = input.slice(a, b);
  EMAIL_SCAN_RE.lastIndex = 0;
  for (let found = EMAIL_SCAN_RE.exec(run); found; found = EMAIL_SCAN_RE.exec(run)) {
    if (emailCount >= emailStart.length) {
      emailStart = grow(emailStart, emailCount + 1);
      emailEnd = grow(emailEnd, emailCount + 1);
    }
    emailStart[emailCount] = a + found.index;
    emailEnd[emailCount] = a + found.index + found[0].length;
    emailCount++;
  }
  return emailCount;
}

/** Markup the current scan read as a space, as [start, end) in its input. */
let markupStart = new Int32Array(16);
let markupEnd = new Int32Array(16);

function addMarkup(index: number, start: number, end: number): void {
  if (index >= markupStart.length) {
    markupStart = grow(markupStart, index + 1);
    markupEnd = grow(markupEnd, index + 1);
  }
  markupStart[index] = start;
  markupEnd[index] = end;
}

/** The scan's input with its markup replaced (`count` spans in markupStart/markupEnd): the
 *  text `preprocessForMatching` makes of it. */
function withMarkupReplaced(input: string, count: number): string {
  let out = '';
  let last = 0;
  for (let k = 0; k < count; k++) {
    out += `${input.slice(last, markupStart[k])} `;
    last = markupEnd[k]!;
  }
  return out + input.slice(last);
}

/** `markupAt`, except that the first markup character of a text with `www.` in it leaves the
 *  text to the regex chain (which then removes URLs everywhere in it). */
function markupAtOrUnsupported(
  input: string,
  codes: Uint16Array,
  n: number,
  at: number,
  first: boolean,
  spaceBefore = false,
): number {
  if (first && input.includes('www.')) return MARKUP_UNSUPPORTED;
  return markupAt(input, codes, n, at, spaceBefore);
}

/** One pass over `input`; leaves word hits and token data in the module buffers and returns
 *  the text the source offsets point into. Unless `preprocessed`, markup is read as
 *  `preprocessForMatching` leaves it (`markupAt`), or, when that cannot tell, the text is
 *  preprocessed and scanned again. `nfkcDone`: the text is already NFKC-normalised. */
function scan(
  m: PhraseMatcher<unknown>,
  forms: WordForms,
  input: string,
  preprocessed: boolean,
  nfkcDone: boolean,
): string {
  const n = input.length;
  const codes = utf16(input);
  const info = CHAR_INFO;
  if (tokenPacked.length < n) tokenPacked = grow(tokenPacked, n);
  if (tokenCharStart.length < n + 2) tokenCharStart = grow(tokenCharStart, n + 2);
  if (tokenClause.length < n + 1) {
    tokenClause = grow(tokenClause, n + 1);
    tokenStart = grow(tokenStart, n + 1);
    tokenEnd = grow(tokenEnd, n + 1);
  }
  const word = tokenPacked;
  const charStarts = tokenCharStart;
  const clauses = tokenClause;
  const starts = tokenStart;
  const ends = tokenEnd;
  /** `packed & KIND_AND_SCRIPT` of the characters that continue the word (-1: no word), and
   *  where the word's characters go in `word` (it ends at `pos`). */
  let wordKey = -1;
  let begin = 0;
  let pos = 0;
  let start = 0;
  let clause = 0;
  let clauseHasTokens = false;
  let tokens = 0;
  let skipNext = false;
  /** Whether a `< & @ :` was met (preprocessing has begun), the markup read as a space so
   *  far, how many characters it took out, and the `>` closing a link label ahead, or -1. */
  let specialSeen = false;
  /** A presentation form went unread (after a high surrogate) before any `< & @ :`: the text
   *  is read as it is, and preprocessed only if the scan meets one of those. */
  let rawMode = false;
  let markups = 0;
  let shift = 0;
  let labelEnd = -1;
  /** Where the last markup read as a space ended. */
  let markupEnd = -1;
  /** The next e-mail address ahead (`emailStart[address]`), found at its `@`; the loop stops
   *  there (or at the end). */
  let address = 0;
  let stop = n;
  emailCount = 0;
  emailRunEnd = 0;
  runHits = 0;
  runAnchors = 0;
  runAnchorWord = m.anchorWord;

  for (let i = 0; ; i++) {
    if (wordKey !== -1) {
      // The hot path, a loop of its own: the word goes on, letter after letter of its script.
      for (; i < stop; i++) {
        const c = codes[i]!;
        if (c >= 0x700) break;
        const packed = info[c]!;
        if ((packed & KIND_AND_SCRIPT) !== wordKey) break;
        word[pos++] = packed;
      }
      if (i < stop && codes[i] === 0x20 && i !== labelEnd) {
        // The word ends at a plain space, as most do: what the general case below does for
        // one, without its tests for markup, e-mail addresses, dots and breaks.
        lookUpWord(forms, begin, pos - begin, wordKey >>> 12, tokens);
        charStarts[tokens] = begin;
        clauses[tokens] = clause;
        starts[tokens] = start;
        ends[tokens++] = i - shift;
        clauseHasTokens = true;
        wordKey = -1;
        continue;
      }
    }
    let packed: number;
    let c = 0;
    if (i >= stop) {
      if (i >= n) break;
      packed = ADDRESS; // an e-mail address: markup (below)
    } else {
      c = codes[i]!;
      if (c < 0x700) packed = info[c]!;
      else if (c >= 0xd800 && c <= 0xdfff) {
        // astral: emoji and pictographs separate words (a high surrogate takes the next unit)
        packed = SEP;
        skipNext = c <= 0xdbff && i + 1 < n;
      } else if (!nfkcDone && isPresentationForm(c)) {
        // NFKC — after preprocessing, once it has begun (it may remove the character)
        if (specialSeen) return scan(m, forms, preprocessForMatching(input), true, false);
        return scan(m, forms, input.normalize('NFKC'), preprocessed, true);
      } else packed = otherCharInfo(c);
    }
    if ((packed & KIND_AND_SCRIPT) === wordKey) {
      word[pos++] = packed; // (a letter beyond U+0700)
      continue;
    }
    let kind = packed & 15;
    // Dropped characters join the word (its span takes them in when the word ends).
    if (kind === DROP) continue;
    if (kind === LETTER && wordKey === -1) {
      // the first character of a word (after a separator)
      wordKey = packed & KIND_AND_SCRIPT;
      start = i - shift;
      begin = pos;
      word[pos++] = packed;
      continue;
    }
    /** The separator: [from, next), past markup that reads as one space. */
    let from = i;
    let next = i + 1;
    if (kind === ADDRESS) {
      kind = SEP;
      next = emailEnd[address++]!;
      stop = address < emailCount ? emailStart[address]! : n;
      addMarkup(markups++, from, next);
      markupEnd = next;
    } else if (kind === SPECIAL && c === 0x40 && !preprocessed && !rawMode) {
      // `@`: e-mail addresses around it (in its run of e-mail characters) are markup
      kind = SEP;
      if (i >= emailRunEnd) {
        if (!specialSeen && input.includes('www.')) {
          return scan(m, forms, preprocessForMatching(input), true, nfkcDone);
        }
        specialSeen = true;
        const found = findEmailAddresses(input, codes, n, i, emailRunEnd);
        if (found === MARKUP_UNSUPPORTED) {
          return scan(m, forms, preprocessForMatching(input), true, nfkcDone);
        }
        address = 0;
        stop = found > 0 ? emailStart[0]! : n;
        if (stop <= i) {
          // The first address began before its `@`: the words read since go back, and the
          // scan reads on from it — unless a word runs into it (the regex chain decides).
          const at = stop - shift;
          if (wordKey !== -1 && start < at) {
            return scan(m, forms, preprocessForMatching(input), true, nfkcDone);
          }
          if (wordKey !== -1) pos = begin;
          wordKey = -1;
          while (tokens > 0 && starts[tokens - 1]! >= at) pos = charStarts[--tokens]!;
          if (tokens > 0 && ends[tokens - 1]! > at) {
            return scan(m, forms, preprocessForMatching(input), true, nfkcDone);
          }
          while (runHits > 0 && wordHitToken[runHits - 1]! >= tokens) {
            runAnchors -= runAnchorWord[wordHitWord[--runHits]!]!;
          }
          clauseHasTokens = tokens > 0 && clauses[tokens - 1] === clause;
          i = stop - 1;
          continue;
        }
      }
    } else if (kind === SPECIAL) {
      kind = SEP;
      if (!preprocessed) {
        const end = rawMode
          ? MARKUP_UNSUPPORTED
          : markupAtOrUnsupported(input, codes, n, i, !specialSeen, i === markupEnd);
        if (end === MARKUP_UNSUPPORTED) {
          return scan(m, forms, preprocessForMatching(input), true, nfkcDone);
        }
        specialSeen = true;
        if (end >= 0) {
          if (markupUrlStart >= 0) {
            // a URL: the word read so far is its scheme, and goes with it
            from = markupUrlStart;
            if (pos - begin !== i - from || start + shift !== from) {
              return scan(m, forms, preprocessForMatching(input), true, nfkcDone);
            }
            pos = begin;
            wordKey = -1;
          }
          addMarkup(markups++, from, end);
          next = end;
          markupEnd = end;
          if (markupLabelEnd >= 0) labelEnd = markupLabelEnd;
        }
      }
    } else if (kind === DOT) {
      // a clause ends at a dot followed by a space (or by markup that reads as one)
      let after = next < n ? codes[next]! : 0x20;
      if (!preprocessed && (next === labelEnd || next === stop)) after = 0x20;
      else if (!preprocessed && !rawMode && next < n) {
        const markup = markupStartsAt(input, codes, n, next, !specialSeen);
        if (markup === MARKUP_UNSUPPORTED) {
          return scan(m, forms, preprocessForMatching(input), true, nfkcDone);
        }
        if (markup === 1) after = 0x20;
      }
      const endsSentence =
        after === 0x20 || after === 0x0a || after === 0x09 || after === 0x0d || after === 0xa0;
      kind = endsSentence ? BREAK : SEP;
    } else if (i === labelEnd) {
      addMarkup(markups++, i, next); // a link label's `>` reads as a space
      markupEnd = next;
      labelEnd = -1;
    }

    // A word ends here (separator, break, or a switch of script).
    if (wordKey !== -1) {
      lookUpWord(forms, begin, pos - begin, wordKey >>> 12, tokens);
      charStarts[tokens] = begin;
      clauses[tokens] = clause;
      starts[tokens] = start;
      ends[tokens++] = i - shift;
      clauseHasTokens = true;
      wordKey = -1;
    }

    if (kind === LETTER) {
      // the first character of a word in another script
      wordKey = packed & KIND_AND_SCRIPT;
      start = i - shift;
      begin = pos;
      word[pos++] = packed;
    } else if (kind === BREAK && clauseHasTokens) {
      clause++;
      clauseHasTokens = false;
    }
    if (skipNext) {
      // The unit after a high surrogate goes with it, unread — as the first scan did (which
      // decided on preprocessing from the first `< & @ :` or presentation form in the text,
      // read or not): when that is markup, the regex chain decides.
      const skipped = codes[i + 1]!;
      if (!preprocessed && !rawMode) {
        if (
          i + 1 === labelEnd ||
          i + 1 === stop ||
          markupStartsAt(input, codes, n, i + 1, !specialSeen) !== -1
        ) {
          return scan(m, forms, preprocessForMatching(input), true, nfkcDone);
        }
        if (isSpecialCode(skipped)) specialSeen = true;
        else if (!specialSeen && !nfkcDone && isPresentationForm(skipped)) rawMode = true;
      }
      i++;
      skipNext = false;
    } else if (next > i + 1) {
      shift += next - from - 1;
      i = next - 1;
    }
  }
  if (wordKey !== -1) {
    lookUpWord(forms, begin, pos - begin, wordKey >>> 12, tokens);
    charStarts[tokens] = begin;
    clauses[tokens] = clause;
    starts[tokens] = start;
    ends[tokens++] = n - shift;
  }
  charStarts[tokens] = pos;
  runTokenCount = tokens;
  return markups > 0 ? withMarkupReplaced(input, markups) : input;
}

/** CHAR_INFO for the rest of the BMP (surrogates and presentation forms aside), looked up
 *  on first sight (-1: not yet). */
const OTHER_CHAR_INFO = new Int32Array(0x10000).fill(-1);

function otherCharInfo(c: number): number {
  let packed = OTHER_CHAR_INFO[c]!;
  if (packed === -1) {
    const other = classifyOther(c);
    const kind = other >>> 16;
    const mapped = other & 0xffff;
    // (an int32: bit 31 may be set by `mapped`; every read of it is an unsigned shift)
    packed = kind === LETTER ? LETTER | (SYM_OTHER << 4) | (2 << 12) | (mapped << 16) : kind;
    OTHER_CHAR_INFO[c] = packed;
  }
  return packed;
}

function isSpecialCode(c: number): boolean {
  return c < 0x700 && (CHAR_INFO[c]! & 15) === SPECIAL;
}

/** Whether markup that reads as a space starts at `at` (for a look at the next character):
 *  -1 no, 1 yes, MARKUP_UNSUPPORTED when the regex chain has to tell. */
function markupStartsAt(
  input: string,
  codes: Uint16Array,
  n: number,
  at: number,
  first: boolean,
): number {
  const c = codes[at]!;
  if (isSpecialCode(c)) {
    const end = markupAtOrUnsupported(input, codes, n, at, first);
    return end === MARKUP_UNSUPPORTED ? end : end >= 0 ? 1 : -1;
  }
  return urlStartsAt(input, codes, n, at);
}

/** Whether every word of `words[from … to]` (gaps aside) is in the text (`seen`). */
function allSeen(words: Int32Array, from: number, to: number, seen: Uint8Array): boolean {
  for (let k = from; k < to; k++) {
    const w = words[k]!;
    if (w >= 0 && seen[w] === 0) return false;
  }
  return true;
}

/**
 * Where a phrase whose first word is word hit `hit` ends (a token index), or -1: its words
 * `words[k … to]` follow from token `pos` on, in clause `clause`, a gap skipping at most as many
 * words as it allows (and never leaving the clause). Word hits are sorted by token.
 */
function matchRest(
  words: Int32Array,
  k: number,
  to: number,
  pos: number,
  clause: number,
  hit: number,
  nHits: number,
): number {
  if (k === to) return pos;
  const w = words[k]!;
  if (w < 0) {
    for (let skip = 0; skip <= -w; skip++) {
      const at = pos + skip;
      if (skip > 0 && (at - 1 >= runTokenCount || tokenClause[at - 1] !== clause)) break;
      const r = matchRest(words, k + 1, to, at, clause, hit, nHits);
      if (r >= 0) return r;
    }
    return -1;
  }
  if (pos >= runTokenCount || tokenClause[pos] !== clause) return -1;
  for (let h = hit; h < nHits; h++) {
    const t = wordHitToken[h]!;
    if (t > pos) break;
    if (t === pos && wordHitWord[h] === w) {
      return matchRest(words, k + 1, to, pos + 1, clause, h, nHits);
    }
  }
  return -1;
}

/** Every word whose English light stems include `word` (leak → leaks, leaked, leaking …). */
export function englishInflections(word: string): string[] {
  const out = [word];
  if (word.length < 3) return out;
  const last = word[word.length - 1]!;
  const candidates = [
    `${word}s`,
    `${word}es`,
    `${word}ed`,
    `${word}d`,
    `${word}ing`,
    `${word}${last}ed`,
    `${word}${last}ing`,
  ];
  if (last === 'e') candidates.push(`${word.slice(0, -1)}ing`);
  if (last === 'y') candidates.push(`${word.slice(0, -1)}ies`, `${word.slice(0, -1)}ied`);
  for (const c of candidates) if (englishLightStems(c).includes(word)) pushUnique(out, c);
  return out;
}
