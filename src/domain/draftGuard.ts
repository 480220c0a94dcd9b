/**
 * Prohibited-claims check for drafted replies (SPEC §1.7 rule 5): a draft that trips it cannot
 * be approved until edited. The phrase lists are data; matching uses the same normalisation as
 * the ticket classifier (Arabic spelling variants, diacritics, tatweel, attached prefixes and
 * suffixes, English inflections, whole words only), compiled once at module load.
 */
import { DomainError } from './errors.ts';
import { type PhraseHit, PhraseMatcher } from './text.ts';

export const DRAFT_VIOLATION_CATEGORIES = [
  'guaranteed_results',
  'scraping',
  'full_automation',
  'bypass_approval',
  'competitor_attack',
  'legal_financial_promise',
  'medical',
  'exaggerated_speed',
] as const;
export type DraftViolationCategory = (typeof DRAFT_VIOLATION_CATEGORIES)[number];

export interface DraftGuardRule {
  labelAr: string;
  labelEn: string;
  /** Always a violation. `*` allows up to two words in between, `**` up to four. */
  phrases: readonly string[];
  /** A violation unless negated earlier in the same sentence ("we never send without your
   *  approval" is the approval-first promise itself, not a bypass). */
  unlessNegated?: readonly string[];
}

/** Competitors and comparisons, combined below into "better than <competitor>" phrases. */
export const COMPETITOR_TERMS: readonly string[] = Object.freeze([
  'competitor',
  'competitors',
  'competition',
  'other tools',
  'other platforms',
  'other agencies',
  'other companies',
  'hubspot',
  'salesforce',
  'zoho',
  'odoo',
  'pipedrive',
  'zendesk',
  'freshdesk',
  'منافس',
  'منافسين',
  'المنافسين',
  'الشركات الثانيه',
  'الشركات الاخرى',
  'الادوات الثانيه',
  'الادوات الاخرى',
  'غيرنا',
]);
const COMPARATIVES: readonly string[] = [
  'better than',
  'superior to',
  'unlike',
  'افضل من',
  'احسن من',
  'اقوى من',
  'عكس',
];
const DISPARAGING: readonly string[] = [
  'bad',
  'terrible',
  'awful',
  'worse',
  'worst',
  'useless',
  'incompetent',
  'liars',
  'fraud',
  'fraudulent',
  'joke',
  'سيء',
  'سيئ',
  'سيئة',
  'سيئين',
  'فاشلين',
  'فاشل',
  'فاشله',
  'ضعيف',
  'ضعيفه',
  'كذابين',
  'نصابين',
  'حراميه',
  'زباله',
];

/** SPEC §1.7 rule 5 — the eight categories of prohibited claims and their phrases. */
export const DRAFT_GUARD_RULES: Readonly<Record<DraftViolationCategory, DraftGuardRule>> =
  Object.freeze({
    guaranteed_results: {
      labelAr: 'ضمان نتائج',
      labelEn: 'guaranteed results',
      phrases: [
        'guarantee',
        'guaranteed',
        'guarantees',
        'guaranteeing',
        '100%',
        '100 percent',
        'risk free',
        'نضمن',
        'اضمن',
        'يضمن',
        'مضمون',
        'مضمونه',
        'ضمان',
        'نتائج مضمونه',
        '100 بالميه',
        'مية بالمية',
        'مئه بالمئه',
      ],
    },
    scraping: {
      labelAr: 'كشط أو سحب بيانات',
      labelEn: 'scraping',
      phrases: [
        'scrape',
        'scraping',
        'scraped',
        'scraper',
        'crawl * data',
        'harvest',
        'harvesting',
        'كشط',
        'سكرابنج',
        'سحب بيانات',
        'سحب * بيانات',
        'نسحب * بيانات',
        'استخراج بيانات من مواقع',
      ],
    },
    full_automation: {
      labelAr: 'أتمتة كاملة بلا تدخل بشري',
      labelEn: 'full automation',
      phrases: [
        'fully automated',
        'fully automatic',
        'full automation',
        '100% automated',
        'autopilot',
        'hands free',
        'اتمته كامله',
        'اتمته بالكامل',
        'موتمت بالكامل',
        'تلقائي بالكامل',
        'تلقائيا بالكامل',
      ],
      unlessNegated: [
        'without * human',
        'no human',
        'zero human',
        'بدون تدخل بشري',
        'دون تدخل بشري',
        'بلا تدخل بشري',
        'بدون * بشري',
      ],
    },
    bypass_approval: {
      labelAr: 'تجاوز الموافقة',
      labelEn: 'bypassing approval',
      phrases: [
        'bypass * approval',
        'bypassing * approval',
        'skip * approval',
        'skipping * approval',
        'no approval needed',
        'no approval required',
        'without needing approval',
        'auto approve',
        'auto approved',
        'automatically approved',
        'تجاوز * موافقه',
        'تخطي * موافقه',
        'نتجاوز * موافقه',
        'بدون الحاجه * موافقه',
        'موافقه تلقائيه',
      ],
      unlessNegated: [
        'without * approval',
        'without * consent',
        'without * permission',
        'بدون * موافقه',
        'دون موافقه',
        'من غير موافقه',
        'بدون اذن',
        'بدون اذنك',
      ],
    },
    competitor_attack: {
      labelAr: 'مهاجمة المنافسين',
      labelEn: 'attacking competitors',
      phrases: [
        'scam',
        'scams',
        'scammers',
        'rip off',
        'ripoff',
        'نصب',
        'نصابين',
        'احتيال',
        ...COMPARATIVES.flatMap((c) => COMPETITOR_TERMS.map((t) => `${c} * ${t}`)),
        ...COMPETITOR_TERMS.flatMap((t) => DISPARAGING.map((d) => `${t} ** ${d}`)),
      ],
    },
    legal_financial_promise: {
      labelAr: 'وعد قانوني أو مالي',
      labelEn: 'legal or financial promise',
      phrases: [
        'legally guaranteed',
        'legal guarantee',
        'refund guaranteed',
        'guaranteed refund',
        'money back guarantee',
        'full refund',
        'compensation',
        'compensate',
        'guaranteed roi',
        'guaranteed return',
        'guaranteed revenue',
        'تعويض',
        'نعوضك',
        'نعوضكم',
        'تعويض مضمون',
        'نضمن استرداد',
        'استرداد مضمون',
        'استرداد كامل',
        'ضمان قانوني',
        'مضمون قانونيا',
        'عائد مضمون',
        'ارباح مضمونه',
        // Refunds, credits and liability promised outright. Telling a customer where to ask
        // for a refund is information, not a promise: "request a refund" is not listed.
        'will refund',
        'will refund * in full',
        'shall refund',
        'well refund', // we'll (the apostrophe joins the word)
        'will reimburse',
        'well reimburse',
        'will credit you',
        'will credit back',
        'will credit * account',
        'well credit * account',
        'full liability',
        'سنعيد المبلغ',
        'سنعيد * المبلغ كاملا',
        'نعيد * المبلغ كاملا',
        'نعيد لك المبلغ',
        'نعيد لكم المبلغ',
        'سنعيد لك المبلغ',
        'سنعيد لكم المبلغ',
        'نرجع لك المبلغ',
        'نرجع لكم المبلغ',
        'سنرجع لك المبلغ',
        'سنرجع لكم المبلغ',
        'نرد لك المبلغ',
        'نرد لكم المبلغ',
        'سنرد لك المبلغ',
        'سنرد لكم المبلغ',
        'نعد * استرداد',
        'نعدك * استرداد',
        'نعدكم * استرداد',
        'نعد * تعويض',
        'سنعوضك',
        'سنعوضكم',
        'رصيد تعويضي',
      ],
      // The same, unless the sentence says it is not so ("we cannot refund you directly").
      unlessNegated: [
        'refund you',
        'refund * in full',
        'refunded in full',
        'reimburse you',
        'credit your account',
        'accept * liability',
        'take * liability',
        'legal liability',
        'legally liable',
        'we are liable',
        'we will be liable',
        'نتحمل المسووليه القانونيه',
        'المسووليه القانونيه',
        'مسووليه قانونيه',
      ],
    },
    medical: {
      labelAr: 'لغة طبية',
      labelEn: 'medical language',
      phrases: [
        'cure',
        'cures',
        'treatment',
        'heal',
        'healing',
        'diagnose',
        'diagnosis',
        'therapy',
        'therapeutic',
        'medical',
        'علاج',
        'يعالج',
        'يشفي',
        'شفاء',
        'دواء',
        'طبي',
        'تشخيص',
      ],
    },
    exaggerated_speed: {
      labelAr: 'مبالغة في السرعة',
      labelEn: 'exaggerated speed',
      phrases: [
        'instant',
        'instantly',
        'in seconds',
        'within seconds',
        'overnight',
        'lightning fast',
        'in no time',
        'فوري',
        'فوريه',
        'فورا',
        'خلال ثواني',
        'خلال ثوان',
        'في ثواني',
        'بثواني',
        'بين يوم وليله',
        'بلمح البصر',
      ],
    },
  } satisfies Record<DraftViolationCategory, DraftGuardRule>);

/** Negations that turn "without approval" back into the approval-first promise. */
export const DRAFT_NEGATIONS: readonly string[] = Object.freeze([
  'no',
  'not',
  'never',
  'nothing',
  'none',
  'dont',
  'wont',
  'cannot',
  'cant',
  'لا',
  'لن',
  'ما',
  'لم',
  'ولا',
  'مستحيل',
]);
/** How many words before the phrase a negation may sit. */
const NEGATION_WINDOW = 8;

export interface DraftViolation {
  category: DraftViolationCategory;
  /** The words as they appear in the draft. */
  phrase: string;
  labelAr: string;
  labelEn: string;
}

export interface DraftCheck {
  ok: boolean;
  violations: DraftViolation[];
}

interface GuardEntry {
  category: DraftViolationCategory | null; // null = negation word
  negatable: boolean;
}

// Compiled once, on first use.
let compiled: PhraseMatcher<GuardEntry> | undefined;
const guardMatcher = (): PhraseMatcher<GuardEntry> =>
  (compiled ??= new PhraseMatcher<GuardEntry>(
    (function* entries() {
      for (const category of DRAFT_VIOLATION_CATEGORIES) {
        const rule = DRAFT_GUARD_RULES[category];
        for (const phrase of rule.phrases) yield { phrase, data: { category, negatable: false } };
        for (const phrase of rule.unlessNegated ?? []) {
          yield { phrase, data: { category, negatable: true } };
        }
      }
      for (const phrase of DRAFT_NEGATIONS)
        yield { phrase, data: { category: null, negatable: false } };
    })(),
  ));

function negatedBefore(
  hit: PhraseHit<GuardEntry>,
  negations: readonly PhraseHit<GuardEntry>[],
): boolean {
  for (const n of negations) {
    if (n.clause === hit.clause && n.end <= hit.start && hit.start - n.end < NEGATION_WINDOW) {
      return true;
    }
  }
  return false;
}

/**
 * Checks a draft for prohibited claims (SPEC §1.7 rule 5). Each violation names its category,
 * the words as written in the draft, and a label in Arabic and English. Throws DomainError
 * 'invalid_input' (field `text`) when `text` is not a string.
 */
export function checkDraft(text: string): DraftCheck {
  if (typeof text !== 'string') {
    throw new DomainError('invalid_input', 'Draft text must be a string', 'text');
  }
  const { hits, source } = guardMatcher().match(text);
  const negations = hits.filter((h) => h.data.category === null);
  const violations: DraftViolation[] = [];
  const claimed: Array<PhraseHit<GuardEntry>> = [];
  for (const h of hits) {
    const category = h.data.category;
    if (category === null) continue;
    if (h.data.negatable && negatedBefore(h, negations)) continue;
    // One violation per category and stretch of words (nested phrases report once).
    if (claimed.some((c) => c.data.category === category && c.start <= h.start && h.end <= c.end)) {
      continue;
    }
    for (let i = claimed.length - 1; i >= 0; i--) {
      const c = claimed[i]!;
      if (c.data.category === category && h.start <= c.start && c.end <= h.end) {
        claimed.splice(i, 1);
      }
    }
    claimed.push(h);
  }
  claimed.sort((a, b) => a.start - b.start || a.end - b.end);
  for (const h of claimed) {
    const category = h.data.category!;
    const phrase = source.slice(h.srcStart, h.srcEnd);
    if (violations.some((v) => v.category === category && v.phrase === phrase)) continue;
    const rule = DRAFT_GUARD_RULES[category];
    violations.push({ category, phrase, labelAr: rule.labelAr, labelEn: rule.labelEn });
  }
  return { ok: violations.length === 0, violations };
}
