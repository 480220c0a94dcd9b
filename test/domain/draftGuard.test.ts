import { describe, expect, it } from 'vitest';
import {
  checkDraft,
  DRAFT_GUARD_RULES,
  DRAFT_VIOLATION_CATEGORIES,
  type DraftViolationCategory,
} from '../../src/domain/draftGuard.ts';
import { DomainError } from '../../src/domain/errors.ts';

const categoriesOf = (text: string) => checkDraft(text).violations.map((v) => v.category);

describe('checkDraft — each prohibited category (SPEC §1.7 rule 5)', () => {
  const cases: Array<[DraftViolationCategory, string, string]> = [
    ['guaranteed_results', 'نضمن لك زيادة المبيعات', 'نضمن'],
    ['guaranteed_results', 'النتائج مضمونة', 'النتائج مضمونة'],
    ['guaranteed_results', 'الخدمة مضمونة', 'مضمونة'],
    ['guaranteed_results', 'We guarantee more meetings', 'guarantee'],
    ['guaranteed_results', 'Results are guaranteed', 'guaranteed'],
    ['guaranteed_results', 'Works 100% of the time', '100%'],
    ['guaranteed_results', 'نجاح ١٠٠٪', '١٠٠٪'],
    ['scraping', 'We scrape LinkedIn profiles for you', 'scrape'],
    ['scraping', 'Our scraping engine finds leads', 'scraping'],
    ['scraping', 'نستخدم الكشط لجمع العملاء', 'الكشط'],
    ['scraping', 'نقدر نسحب بيانات المنافسين', 'نسحب بيانات'],
    ['full_automation', 'The process is fully automated', 'fully automated'],
    ['full_automation', 'أتمتة كاملة للمبيعات', 'أتمتة كاملة'],
    ['full_automation', 'كل شيء يتم بدون تدخل بشري', 'بدون تدخل بشري'],
    ['bypass_approval', 'You can bypass approval for small replies', 'bypass approval'],
    ['bypass_approval', 'Just skip the approval step', 'skip the approval'],
    ['bypass_approval', 'نرسل بدون موافقتك', 'بدون موافقتك'],
    ['bypass_approval', 'ممكن تجاوز الموافقة', 'تجاوز الموافقة'],
    ['competitor_attack', 'We are better than HubSpot', 'better than HubSpot'],
    ['competitor_attack', 'Their tool is a scam', 'scam'],
    ['competitor_attack', 'المنافسين سيئين', 'المنافسين سيئين'],
    ['competitor_attack', 'احنا افضل من المنافسين', 'افضل من المنافسين'],
    ['legal_financial_promise', 'This is legally guaranteed', 'legally guaranteed'],
    ['legal_financial_promise', 'Refund guaranteed if unhappy', 'Refund guaranteed'],
    ['legal_financial_promise', 'We will pay compensation', 'compensation'],
    ['legal_financial_promise', 'لك تعويض مضمون', 'تعويض مضمون'],
    ['legal_financial_promise', 'نضمن استرداد المبلغ', 'نضمن استرداد'],
    ['medical', 'A cure for slow sales', 'cure'],
    ['medical', 'Our treatment plan for your pipeline', 'treatment'],
    ['medical', 'علاج لمشاكل المبيعات', 'علاج'],
    ['medical', 'هذا الحل يشفي شركتك', 'يشفي'],
    ['exaggerated_speed', 'Leads arrive instantly', 'instantly'],
    ['exaggerated_speed', 'Set up in seconds', 'in seconds'],
    ['exaggerated_speed', 'overnight results', 'overnight'],
    ['exaggerated_speed', 'نتائج فورية', 'فورية'],
    ['exaggerated_speed', 'جاهز خلال ثواني', 'خلال ثواني'],
  ];

  it.each(cases)('%s: "%s" → "%s"', (category, text, phrase) => {
    const r = checkDraft(text);
    expect(r.ok).toBe(false);
    const v = r.violations.find((x) => x.category === category);
    expect(v).toBeDefined();
    expect(v!.phrase).toBe(phrase);
    expect(v!.labelAr).toBe(DRAFT_GUARD_RULES[category].labelAr);
    expect(v!.labelEn).toBe(DRAFT_GUARD_RULES[category].labelEn);
  });

  it('covers all eight categories with bilingual labels', () => {
    expect(DRAFT_VIOLATION_CATEGORIES).toHaveLength(8);
    expect(new Set(cases.map(([c]) => c))).toEqual(new Set(DRAFT_VIOLATION_CATEGORIES));
    for (const c of DRAFT_VIOLATION_CATEGORIES) {
      expect(DRAFT_GUARD_RULES[c].labelAr).toMatch(/[\u0600-\u06FF]/);
      expect(DRAFT_GUARD_RULES[c].labelEn).toMatch(/[a-z]/);
      expect(DRAFT_GUARD_RULES[c].phrases.length).toBeGreaterThan(0);
    }
  });
});

describe('checkDraft — spelling variants and Slack text', () => {
  it.each([
    ['diacritics', 'نَضْمَنُ لك النتائج', 'guaranteed_results'],
    ['tatweel', 'نضـــمن لك', 'guaranteed_results'],
    ['no hamza', 'اتمتة كاملة', 'full_automation'],
    ['taa marbuta as haa', 'اتمته كامله', 'full_automation'],
    ['alef maqsura', 'بدون تدخل بشرى', 'full_automation'],
    ['prefix و', 'ونضمن لك الرد', 'guaranteed_results'],
    ['markup', '*Guaranteed* results :rocket:', 'guaranteed_results'],
  ] as const)('%s: %s', (_label, text, category) => {
    expect(categoriesOf(text)).toContain(category);
  });

  it('reports each phrase once, as written', () => {
    const r = checkDraft('نضمن لك نتائج مضمونة 100%');
    expect(r.violations.map((v) => v.phrase)).toEqual(['نضمن', 'نتائج مضمونة', '100%']);
  });
});

describe('checkDraft — refunds, credits and liability promised outright', () => {
  it.each([
    ['We will refund you in full.', 'will refund you in full'],
    ["We'll refund the difference.", "We'll refund"],
    ['You will be refunded in full.', 'refunded in full'],
    ['We will credit your account for the downtime.', 'will credit your account'],
    ['Our team will credit you 20% of this month.', 'will credit you'],
    ['We accept full legal liability for this.', 'accept full legal liability'],
    ['We are liable for the lost messages.', 'We are liable'],
    ['سنعيد لكم المبلغ كاملاً', 'سنعيد لكم المبلغ كاملاً'],
    ['وسنعيد لك المبلغ خلال أسبوع', 'وسنعيد لك المبلغ'],
    ['نعدكم باسترداد المبلغ', 'نعدكم باسترداد'],
    ['نتحمل المسؤولية القانونية كاملة', 'نتحمل المسؤولية القانونية'],
  ])('%s', (text, phrase) => {
    const r = checkDraft(text);
    expect(r.violations).toEqual([
      {
        category: 'legal_financial_promise',
        phrase,
        labelAr: DRAFT_GUARD_RULES.legal_financial_promise.labelAr,
        labelEn: DRAFT_GUARD_RULES.legal_financial_promise.labelEn,
      },
    ]);
  });

  // Where and how to ask for a refund is information; saying what will not happen is no promise.
  it.each([
    'You can request a refund in Settings → Billing.',
    'To ask for a refund, open Settings → Billing and choose Request refund.',
    'Refunds are handled by our billing team under your plan terms.',
    'We will review your refund request within 2 business days.',
    'Your account credit is shown under Billing.',
    'The credit card on file will be charged on the 1st.',
    'We will credit the team that reported it in the release notes.',
    'We cannot refund you directly; please contact billing.',
    'We do not accept liability for third-party outages.',
    'We take full responsibility for following up on your request.',
    'يمكنك طلب استرداد المبلغ من الإعدادات ← الفوترة.',
    'طلبات الاسترداد يراجعها فريق الفوترة حسب شروط الاشتراك.',
    'نعيد حساب المبلغ ونرسل لك فاتورة معدلة.',
    'نرجع لك بخصوص المبلغ خلال يوم.',
    'نتحمل مسؤولية متابعة طلبك حتى يُحل.',
    'لا نتحمل المسؤولية القانونية عن الأطراف الأخرى.',
  ])('allows: %s', (text) => {
    expect(checkDraft(text)).toEqual({ ok: true, violations: [] });
  });
});

describe('checkDraft — what is allowed', () => {
  it.each([
    'شكراً لتواصلك، سنعود إليك خلال 30 دقيقة.',
    'Thanks for reaching out. We will reply within 2 hours.',
    'لن نرسل أي رسالة بدون موافقتك.',
    'We never send anything without your approval.',
    'Nothing goes out without human review.',
    'The results are better than before.',
    'Your data is secure and your numbers are accurate.',
    'Each instance keeps its own settings.',
    'نحن نعمل على حل المشكلة مع فريق التشغيل.',
  ])('%s', (text) => {
    expect(checkDraft(text)).toEqual({ ok: true, violations: [] });
  });

  it('still flags a negated guarantee: rule 5 forbids the word itself', () => {
    expect(categoriesOf('We cannot guarantee results')).toEqual(['guaranteed_results']);
  });

  it('refuses what is not text', () => {
    expect(() => checkDraft(undefined as unknown as string)).toThrow(DomainError);
  });
});
