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
 * `PhraseMatcher` compiles a list of phrases ONCE into a map keyed by first token; matching a
 * text is then one pass over its tokens with map look-ups (no regex per phrase, no per-phrase
 * scan of the text).
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

function decodeEntities(text: string): string {
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
    let a = at;
    while (a > last) {
      const lo = s.charCodeAt(a - 1);
      if (lo >= 0xdc00 && lo <= 0xdfff && a - 2 >= last) {
        const hi = s.charCodeAt(a - 2);
        if (hi >= 0xd800 && hi <= 0xdbff) {
          if (!isEmailChar(((hi - 0xd800) << 10) + (lo - 0xdc00) + 0x10000)) break;
          a -= 2;
          continue;
        }
      }
      if (!isEmailChar(lo)) break;
      a--;
    }
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

// The automaton reads one symbol per normalised character, plus SEP between words.
const SYM_SEP = 0;
const SYM_PCT = 1;
const SYM_LATIN = 2; // a–z → 2..27
const SYM_DIGIT = 28; // 0–9 → 28..37
const SYM_ARABIC = 38; // U+0620–U+064A → 38..80
const SYM_AR_OTHER = 81;
const SYM_OTHER = 82;
const NSYM = 83;

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

/**
 * Everything the scanner needs about a character below U+0700, packed in one number:
 * bits 0–3 kind, 4–11 automaton symbol, 12–13 script (1 Arabic, 2 Latin/digits, 3 `%`),
 * 16–31 the character it becomes.
 */
const CHAR_INFO = new Uint32Array(0x700);
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
    } else if (kind === LETTER) script = mapped >= 0x600 && mapped <= 0x6ff ? 1 : 2;
    CHAR_INFO[c] = (kind | (symbolOf(mapped) << 4) | (script << 12) | (mapped << 16)) >>> 0;
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

/** Attached prefixes the light stemmer strips (see `arabicLightStems`), as affix keys. */
const AR_PREFIXES: ReadonlySet<number> = (() => {
  const out = new Set<string>();
  for (const conj of AR_CONJUNCTIONS) {
    for (const prep of ['', 'ب', 'ل']) if (conj || prep) out.add(conj + prep);
    out.add(`${conj}لل`);
    for (const prep of AR_PREPOSITIONS) out.add(`${conj}${prep}ال`);
  }
  return new Set(Array.from(out, affixKeyOf));
})();
const MAX_AR_PREFIX = 4;
const MAX_AR_SUFFIX = 4;

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
  // The word ends in ه (ة) and the pattern is the word without it: موافق|تنا, خدم|ات.
  if (len >= MIN_AR_STEM && beforeTaa !== 'ا') {
    for (const [p, min] of pron) if (len >= min) out.push(`ت${p}`);
  }
  if (len - 1 >= MIN_AR_STEM) {
    out.push('ات');
    for (const [p, min] of pron) if (len - 1 + 2 >= min) out.push(`ات${p}`);
  }
  return out;
}

interface Pattern {
  word: number;
  /** Characters of the pattern (without the SEPs of an exact pattern). */
  len: number;
  /** true: SEP word SEP — the whole token must be this form. false: Arabic substring with
   *  prefix/suffix checks. */
  exact: boolean;
  /** Allowed suffixes (affix keys; 0 = none). */
  suffixes: readonly number[];
}

interface CompiledPhrase<T> {
  words: Int32Array; // word id, or -(gap) for a gap
  phrase: string;
  display: string;
  data: T;
}

let wordHitWord = new Int32Array(64);
let wordHitToken = new Int32Array(64);
let tokenClause = new Int32Array(256);
let tokenStart = new Int32Array(256);
let tokenEnd = new Int32Array(256);
let tokenBuf = new Uint16Array(256);
let pendingPattern = new Int32Array(32);
let pendingEnd = new Int32Array(32);

function grow<A extends Int32Array | Uint16Array>(a: A, need: number): A {
  if (a.length >= need) return a;
  const b = new (a.constructor as { new (n: number): A })(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * A set of phrases compiled ONCE into an Aho–Corasick automaton over normalised characters.
 * Matching a text is one pass over its characters — normalising them on the fly (the same
 * tables as `normalizeArabic`), splitting words, stepping the automaton — with no strings
 * built per word. Each phrase word matches a text word when the word is one of its light-stem
 * forms (exactly as `stemCandidates` would give): Arabic words with attached prefixes and
 * suffixes, English inflections. Multi-word phrases (with `*` gaps) are assembled from the
 * word hits, never across a clause.
 */
export class PhraseMatcher<T> {
  /** @internal */ readonly goto: Int32Array;
  /** @internal */ readonly outStart: Int32Array;
  /** @internal */ readonly outList: Int32Array;
  /** @internal */ readonly patterns: Pattern[] = [];
  private readonly phrasesByFirst: CompiledPhrase<T>[][];
  /** Per word: seen in the text being assembled (set and cleared within one match). */
  private readonly wordSeen: Uint8Array;
  /** @internal Per word: 1 when it is the first word of an anchor phrase (see `matchAnchored`). */
  readonly anchorWord: Uint8Array;
  readonly size: number;

  /**
   * `anchor` marks the phrases `matchAnchored` is about: a text with none of their first words
   * gets no hits at all from it (the caller has nothing to decide), without assembling phrases.
   */
  constructor(
    entries: Iterable<{ phrase: string; data: T }>,
    options: { anchor?: (data: T) => boolean } = {},
  ) {
    const wordIds = new Map<string, number>();
    const phrases: CompiledPhrase<T>[] = [];
    for (const { phrase, data } of entries) {
      const tokens = compilePhrase(phrase);
      if (typeof tokens[0] !== 'string') continue;
      const words = new Int32Array(tokens.length);
      tokens.forEach((t, i) => {
        if (typeof t === 'number') words[i] = -t;
        else {
          let id = wordIds.get(t);
          if (id === undefined) {
            id = wordIds.size;
            wordIds.set(t, id);
          }
          words[i] = id;
        }
      });
      phrases.push({ words, phrase, display: displayPhrase(phrase), data });
    }
    this.size = phrases.length;
    this.phrasesByFirst = Array.from({ length: wordIds.size }, () => []);
    this.wordSeen = new Uint8Array(wordIds.size);
    this.anchorWord = new Uint8Array(wordIds.size);
    for (const p of phrases) {
      this.phrasesByFirst[p.words[0]!]!.push(p);
      if (options.anchor?.(p.data)) this.anchorWord[p.words[0]!] = 1;
    }

    // Patterns: per word, the character sequences that find it.
    const trie: Array<Map<number, number>> = [new Map()];
    const terminal: number[][] = [[]];
    const addPattern = (symbols: number[], pattern: Pattern) => {
      let state = 0;
      for (const sym of symbols) {
        let next = trie[state]!.get(sym);
        if (next === undefined) {
          next = trie.length;
          trie.push(new Map());
          terminal.push([]);
          trie[state]!.set(sym, next);
        }
        state = next;
      }
      terminal[state]!.push(this.patterns.length);
      this.patterns.push(pattern);
    };
    const symbolsOf = (w: string) => Array.from(w, (ch) => symbolOf(ch.charCodeAt(0)));
    for (const [word, id] of wordIds) {
      const c0 = word.charCodeAt(0);
      if (isArabicCode(c0) && word.length >= MIN_AR_STEM) {
        addPattern(symbolsOf(word), {
          word: id,
          len: word.length,
          exact: false,
          suffixes: arabicSuffixesFor(word.length, false, '').map(affixKeyOf),
        });
        if (word.endsWith('ه') && word.length - 1 >= MIN_AR_STEM) {
          const stem = word.slice(0, -1);
          addPattern(symbolsOf(stem), {
            word: id,
            len: stem.length,
            exact: false,
            suffixes: arabicSuffixesFor(word.length, true, stem.slice(-1)).map(affixKeyOf),
          });
        }
      } else {
        const forms = c0 >= 0x61 && c0 <= 0x7a ? englishInflections(word) : [word];
        for (const form of forms) {
          addPattern([SYM_SEP, ...symbolsOf(form), SYM_SEP], {
            word: id,
            len: form.length,
            exact: true,
            suffixes: [],
          });
        }
      }
    }

    // Breadth-first: failure links, full transition table, merged outputs.
    const nStates = trie.length;
    const goto = new Int32Array(nStates * NSYM);
    const fail = new Int32Array(nStates);
    const outputs: number[][] = terminal.map((t) => t.slice());
    const queue: number[] = [];
    for (let sym = 0; sym < NSYM; sym++) {
      const next = trie[0]!.get(sym);
      if (next !== undefined) {
        goto[sym] = next;
        fail[next] = 0;
        queue.push(next);
      } else goto[sym] = 0;
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const state = queue[qi]!;
      const f = fail[state]!;
      for (const o of outputs[f]!) outputs[state]!.push(o);
      for (let sym = 0; sym < NSYM; sym++) {
        const next = trie[state]!.get(sym);
        if (next !== undefined) {
          fail[next] = goto[f * NSYM + sym]!;
          goto[state * NSYM + sym] = next;
          queue.push(next);
        } else {
          goto[state * NSYM + sym] = goto[f * NSYM + sym]!;
        }
      }
    }
    // Each transition carries, in its low bit, whether the target state reports patterns.
    for (let k = 0; k < goto.length; k++) {
      const next = goto[k]!;
      goto[k] = (next << 1) | (outputs[next]!.length > 0 ? 1 : 0);
    }
    this.goto = goto;
    this.outStart = new Int32Array(nStates + 1);
    let total = 0;
    for (let st = 0; st < nStates; st++) {
      this.outStart[st] = total;
      total += outputs[st]!.length;
    }
    this.outStart[nStates] = total;
    this.outList = new Int32Array(total);
    for (let st = 0; st < nStates; st++) this.outList.set(outputs[st]!, this.outStart[st]!);
  }

  match(text: string): MatchResult<T> {
    const source = scan(this as unknown as PhraseMatcher<unknown>, text, false, false);
    return { hits: this.assemble(), tokenCount: runTokenCount, source };
  }

  /**
   * `match`, except that when no first word of an anchor phrase (constructor option) occurs in
   * the text, no phrase is assembled and `hits` is empty.
   */
  matchAnchored(text: string): MatchResult<T> {
    const source = scan(this as unknown as PhraseMatcher<unknown>, text, false, false);
    return {
      hits: runAnchors > 0 ? this.assemble() : [],
      tokenCount: runTokenCount,
      source,
    };
  }

  /** Phrases from word hits (sorted by token). */
  private assemble(): PhraseHit<T>[] {
    const nHits = runHits;
    const tokenCount = runTokenCount;
    const hits: PhraseHit<T>[] = [];
    if (nHits === 0) return hits;
    const seen = this.wordSeen;
    for (let h = 0; h < nHits; h++) seen[wordHitWord[h]!] = 1;
    for (let h = 0; h < nHits; h++) {
      const list = this.phrasesByFirst[wordHitWord[h]!]!;
      const at = wordHitToken[h]!;
      for (const p of list) {
        if (!allSeen(p.words, seen)) continue; // a word of the phrase is not in the text
        const endTok = this.matchRest(p.words, 1, at + 1, tokenClause[at]!, h, nHits, tokenCount);
        if (endTok < 0) continue;
        hits.push({
          data: p.data,
          phrase: p.phrase,
          display: p.display,
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

  private matchRest(
    words: Int32Array,
    k: number,
    pos: number,
    clause: number,
    from: number,
    nHits: number,
    tokenCount: number,
  ): number {
    if (k === words.length) return pos;
    const w = words[k]!;
    if (w < 0) {
      for (let skip = 0; skip <= -w; skip++) {
        const at = pos + skip;
        if (skip > 0 && (at - 1 >= tokenCount || tokenClause[at - 1] !== clause)) break;
        const r = this.matchRest(words, k + 1, at, clause, from, nHits, tokenCount);
        if (r >= 0) return r;
      }
      return -1;
    }
    if (pos >= tokenCount || tokenClause[pos] !== clause) return -1;
    for (let h = from; h < nHits; h++) {
      const t = wordHitToken[h]!;
      if (t > pos) break;
      if (t === pos && wordHitWord[h] === w) {
        return this.matchRest(words, k + 1, pos + 1, clause, h, nHits, tokenCount);
      }
    }
    return -1;
  }
}

// Scan results live in module buffers (matching is synchronous: one scan never interleaves
// with another); the scan itself keeps its state in locals, with no closures on the hot path.
let runTokenCount = 0;
let runHits = 0;
/** Word hits of the current scan that start an anchor phrase. */
let runAnchors = 0;
let runAnchorWord: Uint8Array = new Uint8Array(0);

/** The suffix/prefix checks of a pending Arabic substring hit (rare: only vocabulary words). */
function arabicHitAllowed(pat: Pattern, buf: Uint16Array, len: number, e: number): boolean {
  const st = e - pat.len + 1;
  if (st > 0) {
    if (st > MAX_AR_PREFIX || len - st < MIN_AR_STEM) return false;
    if (!AR_PREFIXES.has(affixKey(buf, 0, st))) return false;
  }
  if (len - 1 - e > MAX_AR_SUFFIX) return false;
  return pat.suffixes.includes(affixKey(buf, e + 1, len));
}

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

/** Characters the scan starts over at: where preprocessing may have work (`< & @ :`), and
 *  Arabic presentation forms (NFKC). */
const SPECIAL_CHAR_RE = /[<&@:]/;
const RESTART_CHAR_RE = /[<&@:\uFB50-\uFDFF\uFE70-\uFEFC]/;

/** One pass over `input`; leaves word hits and token data in the module buffers and returns
 *  the text the source offsets point into. */
function scan(
  m: PhraseMatcher<unknown>,
  input: string,
  preprocessed: boolean,
  nfkcDone: boolean,
): string {
  let s = input;
  if (!preprocessed) {
    // The scan starts over, preprocessed, at its first `< & @ :` (or, first, NFKC-normalised at
    // a presentation form): find that character at once instead of scanning up to it twice.
    const first = SPECIAL_CHAR_RE.test(s)
      ? s.search(nfkcDone ? SPECIAL_CHAR_RE : RESTART_CHAR_RE)
      : -1;
    if (first >= 0 && (nfkcDone || !isPresentationForm(s.charCodeAt(first)))) {
      s = preprocessForMatching(s);
      preprocessed = true;
    }
  }
  const n = s.length;
  const codes = utf16(s);
  const goto = m.goto;
  const outStart = m.outStart;
  const outList = m.outList;
  const patterns = m.patterns;
  const info = CHAR_INFO;
  if (tokenBuf.length < n + 1) tokenBuf = grow(tokenBuf, n + 1);
  if (tokenClause.length < n + 1) {
    tokenClause = grow(tokenClause, n + 1);
    tokenStart = grow(tokenStart, n + 1);
    tokenEnd = grow(tokenEnd, n + 1);
  }
  const buf = tokenBuf;
  const tClause = tokenClause;
  const tStart = tokenStart;
  const tEnd = tokenEnd;
  let state = goto[SYM_SEP]! >> 1; // the text starts at a word boundary
  let len = 0;
  let script = 0;
  let start = 0;
  let end = 0;
  let clause = 0;
  let clauseHasTokens = false;
  let tokens = 0;
  let pending = 0;
  runHits = 0;
  runAnchors = 0;
  runAnchorWord = m.anchorWord;

  // i === n is a virtual separator that ends the last word.
  for (let i = 0; i <= n; i++) {
    let packed: number;
    if (i === n) packed = SEP;
    else {
      const c = codes[i]!;
      if (c < 0x700) packed = info[c]!;
      else if (c >= 0xd800 && c <= 0xdfff) {
        if (c <= 0xdbff && i + 1 < n) i++; // astral: emoji and pictographs separate words
        packed = SEP;
      } else if (!nfkcDone && isPresentationForm(c)) {
        return scan(m, s.normalize('NFKC'), preprocessed, true);
      } else {
        const other = classifyOther(c);
        const kind = other >>> 16;
        const mapped = other & 0xffff;
        packed =
          kind === LETTER ? (LETTER | (SYM_OTHER << 4) | (2 << 12) | (mapped << 16)) >>> 0 : kind;
      }
    }
    let kind = packed & 15;
    const sc = (packed >>> 12) & 3;
    if (kind === LETTER && sc === script) {
      // hot path: the word goes on
      buf[len++] = packed >>> 16;
      end = i + 1;
      const g = goto[state * NSYM + ((packed >>> 4) & 255)]!;
      state = g >> 1;
      if ((g & 1) !== 0) {
        for (let o = outStart[state]!, oEnd = outStart[state + 1]!; o < oEnd; o++) {
          if (pending >= pendingPattern.length) {
            pendingPattern = grow(pendingPattern, pending + 1);
            pendingEnd = grow(pendingEnd, pending + 1);
          }
          pendingPattern[pending] = outList[o]!;
          pendingEnd[pending] = len - 1;
          pending++;
        }
      }
      continue;
    }
    if (kind === DROP) {
      if (len > 0) end = i + 1;
      continue;
    }
    if (kind === SPECIAL) {
      if (!preprocessed) return scan(m, preprocessForMatching(s), true, nfkcDone);
      kind = SEP;
    } else if (kind === DOT) {
      const next = i + 1 < n ? codes[i + 1]! : 0x20;
      const endsSentence =
        next === 0x20 || next === 0x0a || next === 0x09 || next === 0x0d || next === 0xa0;
      kind = endsSentence ? BREAK : SEP;
    }

    // A word ends here (separator, break, or a switch of script).
    if (len > 0) {
      for (let k = 0; k < pending; k++) {
        const pat = patterns[pendingPattern[k]!]!;
        if (arabicHitAllowed(pat, buf, len, pendingEnd[k]!)) pushWordHit(pat.word, tokens);
      }
      pending = 0;
      const g = goto[state * NSYM + SYM_SEP]!;
      state = g >> 1;
      if ((g & 1) !== 0) {
        for (let o = outStart[state]!, oEnd = outStart[state + 1]!; o < oEnd; o++) {
          pushWordHit(patterns[outList[o]!]!.word, tokens);
        }
      }
      tClause[tokens] = clause;
      tStart[tokens] = start;
      tEnd[tokens] = end;
      tokens++;
      clauseHasTokens = true;
      len = 0;
      script = 0;
    }

    if (kind === LETTER) {
      // the first character of a new word
      script = sc;
      start = i;
      end = i + 1;
      buf[len++] = packed >>> 16;
      const g = goto[state * NSYM + ((packed >>> 4) & 255)]!;
      state = g >> 1;
      if ((g & 1) !== 0) {
        for (let o = outStart[state]!, oEnd = outStart[state + 1]!; o < oEnd; o++) {
          if (pending >= pendingPattern.length) {
            pendingPattern = grow(pendingPattern, pending + 1);
            pendingEnd = grow(pendingEnd, pending + 1);
          }
          pendingPattern[pending] = outList[o]!;
          pendingEnd[pending] = 0;
          pending++;
        }
      }
    } else if (kind === BREAK && clauseHasTokens) {
      clause++;
      clauseHasTokens = false;
    }
  }
  runTokenCount = tokens;
  return s;
}

function allSeen(words: Int32Array, seen: Uint8Array): boolean {
  for (let k = 1; k < words.length; k++) {
    const w = words[k]!;
    if (w >= 0 && seen[w] === 0) return false;
  }
  return true;
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
