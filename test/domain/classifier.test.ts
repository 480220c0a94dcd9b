import { describe, expect, it } from 'vitest';
import {
  classifyTicketPriority,
  createTicketClassifier,
  DEFAULT_CONTEXT_RULES,
  DEFAULT_KEYWORD_CONCEPTS,
  DEFAULT_PRIORITY_KEYWORDS,
} from '../../src/domain/classifier.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  REFERENCE_PRIORITY_KEYWORDS,
  referenceClassifyTicketPriority,
} from '../../src/domain/referenceClassifier.ts';

const priorityOf = (text: string) => classifyTicketPriority(text).priority;

function expectDomainError(fn: () => unknown, code: string, field?: string): DomainError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  const err = caught as DomainError;
  expect(err.code).toBe(code);
  if (field !== undefined) expect(err.field).toBe(field);
  return err;
}

describe('classifyTicketPriority — the reference keywords are the minimum', () => {
  for (const tier of ['P0', 'P1', 'P2'] as const) {
    it.each(REFERENCE_PRIORITY_KEYWORDS[tier].map((k) => [k]))(
      `"%s" alone is ${tier}`,
      (keyword) => {
        const r = classifyTicketPriority(keyword);
        expect(r.priority).toBe(tier);
        expect(r.matchedRule).not.toBe('default');
      },
    );
  }

  it('checks P0 before P1 before P2, else P3', () => {
    expect(priorityOf('Gmail connector: service down and a data leak')).toBe('P0');
    expect(priorityOf('Gmail connector: service down')).toBe('P1');
    expect(priorityOf('Gmail connector question')).toBe('P2');
    expect(priorityOf('Can we add a dark mode?')).toBe('P3');
  });

  it('keeps every match, highest priority first, and decides by the first', () => {
    const r = classifyTicketPriority('The Gmail connector is down');
    expect(r.priority).toBe('P1');
    expect(r.matches.map((m) => m.priority)).toEqual(['P1', 'P2', 'P2']);
    expect(r.matches.map((m) => m.keyword)).toEqual(expect.arrayContaining(['Gmail', 'connector']));
  });

  it('is case-insensitive', () => {
    expect(priorityOf('DATA BREACH')).toBe('P0');
    expect(priorityOf('pilot STOPPED')).toBe('P1');
    expect(priorityOf('gmail')).toBe('P2');
  });

  it('exposes the keyword data per priority, reference keywords included', () => {
    expect(DEFAULT_PRIORITY_KEYWORDS.P0).toEqual(
      expect.arrayContaining(['تسريب', 'leak', 'secret']),
    );
    expect(DEFAULT_PRIORITY_KEYWORDS.P1).toEqual(expect.arrayContaining(['service down']));
    expect(DEFAULT_PRIORITY_KEYWORDS.P2).toEqual(
      expect.arrayContaining(['Gmail', 'Moyasar invoice']),
    );
    expect(DEFAULT_KEYWORD_CONCEPTS.every((c) => c.synonyms.length > 0)).toBe(true);
    expect(DEFAULT_CONTEXT_RULES.map((r) => r.id)).toEqual([
      'sent_without_approval',
      'charged_without_approval',
      'wrong_send',
    ]);
  });
});

describe('Arabic spelling variants', () => {
  it.each([
    ['alef forms', 'مشكلة في الامان'],
    ['alef forms (no hamza on ارسال)', 'صار ارسال خاطئ للعملاء'],
    ['hamza on yaa vs ىء', 'صار إرسال خاطىء'],
    ['informal خاطي', 'ارسال خاطي لعميل'],
    ['taa marbuta as haa', 'ارسال بدون موافقه'],
    ['alef maqsura', 'انرسلت بدون موافقتى'],
    ['diacritics', 'حصل تَسْرِيب للبيانات'],
    ['tatweel', 'فيه تســـريب'],
    ['prefix و+ال', 'والتسريب مستمر'],
    ['prefix ب+ال and suffix ات', 'بالتسريبات اللي صارت'],
    ['prefix ل+ل', 'انتبهوا للتسريب'],
    ['suffix نا on موافقة', 'ارسلوا رساله بدون موافقتنا'],
    ['suffix ه', 'اكتشفنا الملف وتسريبه'],
    ['Arabic synonym اختراق', 'اختراق في الحساب'],
    ['Arabic synonym مخترق', 'الحساب مخترق'],
    ['Arabic synonym انكشفت البيانات', 'انكشفت البيانات للكل'],
    ['Arabic synonym بيانات مكشوفة', 'بيانات العملاء مكشوفة'],
    ['Arabic synonym عطل كامل', 'عطل كامل في المنصة'],
    ['Arabic synonym النظام واقف', 'النظام واقف من الصبح'],
    ['Arabic synonym متوقف تماماً', 'كل شيء متوقف تماماً'],
    ['Arabic synonym خصم بدون موافقة', 'خصم بدون موافقة من البطاقة'],
    ['Arabic synonym سحب مبلغ بدون إذن', 'سحب مبلغ بدون إذن'],
  ])('P0: %s — %s', (_label, text) => {
    expect(priorityOf(text)).toBe('P0');
  });

  it.each([
    ['taa marbuta', 'خدمه معطله'],
    ['diacritics', 'الخِدْمَة مُعَطَّلَة'],
    ['tatweel', 'الخدمة معطـــلة'],
    ['ما يشتغل', 'البوت ما يشتغل'],
    ['مايشتغل joined', 'البوت مايشتغل'],
    ['لا يعمل', 'التطبيق لا يعمل'],
    ['تعطل', 'تعطلت الرسائل'],
    ['فشل', 'فشل التصدير'],
    ['suffix نا', 'خدمتنا معطلة'],
  ])('P1: %s — %s', (_label, text) => {
    expect(priorityOf(text)).toBe('P1');
  });

  it.each([
    ['ربط واتساب', 'نحتاج ربط واتساب'],
    ['اعداد واتساب', 'إعداد الواتساب'],
    ['الموصل', 'الموصل فاصل'],
    ['جيميل', 'جيميل ما يتزامن'],
    ['التقويم', 'التقويم ما يظهر المواعيد'],
    ['فاتورة ميسر', 'فاتورة ميسر ناقصة'],
  ])('P2: %s — %s', (_label, text) => {
    expect(priorityOf(text)).toBe('P2');
  });
});

describe('English inflections, synonyms and word boundaries', () => {
  it.each([
    'our data leaked',
    'keys are leaking',
    'the export leaks emails',
    'possible data leakage',
    'two outages this week',
    'unauthorised access',
    'sent without our approval',
    'posted without consent',
    'emailed the list without permission',
    'customer records exposed',
    'we had a breach',
    'the CRM was breached',
    'account hacked',
    'found a security issue',
    'a vulnerability in the API',
    'the whole system is down',
  ])('P0: %s', (text) => {
    expect(priorityOf(text)).toBe('P0');
  });

  it.each([
    'the inbox is down',
    'reports not working',
    'export failed',
    'sync keeps failing',
    'the app crashed',
    'pilot has stopped',
  ])('P1: %s', (text) => {
    expect(priorityOf(text)).toBe('P1');
  });

  it('does not take "secretary" for "secret" or "authorize" for "unauthorized"', () => {
    expect(priorityOf('Our secretary will send the contract')).toBe('P3');
    expect(priorityOf('How do I authorize a teammate?')).toBe('P3');
    expect(priorityOf('We authorized the new plan')).toBe('P3');
    expect(priorityOf('unauthorized')).toBe('P0');
    // the reference is fooled by both substrings
    expect(referenceClassifyTicketPriority('Our secretary will send the contract').priority).toBe(
      'P0',
    );
  });

  it('knows an SLA breach is not a data breach and بأمان means "safely"', () => {
    expect(priorityOf('We had an SLA breach last week')).toBe('P3');
    expect(priorityOf('هل بياناتنا محفوظة بأمان؟')).toBe('P3');
    expect(priorityOf('مشكلة أمان')).toBe('P0');
  });

  it('does not raise an alarm for ordinary uses of "down" or for the customer\'s own wrong send', () => {
    expect(priorityOf('the meeting is down to 30 minutes now')).toBe('P3');
    expect(priorityOf('Prices went down, can we get a discount?')).toBe('P3');
    expect(priorityOf('I sent the wrong attachment, here is the right one')).toBe('P3');
    expect(priorityOf('the bot sent the wrong attachment to our client')).toBe('P0');
  });

  it('treats a question about a Calendar invite as a Calendar (P2) ticket', () => {
    const r = classifyTicketPriority('How do I send a Calendar invite?');
    expect(r.priority).toBe('P2');
    expect(r.matchedKeyword).toBe('Calendar');
  });
});

describe('context rule for the approval phrases', () => {
  it.each([
    [
      'sent … without approval',
      'The bot sent a message to our client without approval',
      'context:sent_without_approval',
    ],
    [
      'posted … without permission',
      'Someone posted on our page without permission',
      'context:sent_without_approval',
    ],
    [
      'went out … without my approval',
      'Messages went out without my approval',
      'context:sent_without_approval',
    ],
    [
      'charged … without consent',
      'You charged our card without our consent',
      'context:charged_without_approval',
    ],
    [
      'ارسلتوا … بدون موافقتنا',
      'ارسلتوا رساله للعميل بدون موافقتنا',
      'context:sent_without_approval',
    ],
    ['انرسلت … بدون موافقة', 'انرسلت رسالة بدون موافقة', 'context:sent_without_approval'],
    ['خصمتوا … بدون موافقة', 'خصمتوا مبلغ بدون موافقة', 'context:charged_without_approval'],
    ['first person alone', 'بدون موافقتي', 'context:without_my_approval'],
    [
      'sent to the wrong customer',
      'the invoice was sent to the wrong customer',
      'context:wrong_send',
    ],
    ['انرسلت لعميل غلط', 'انرسلت الرسالة لعميل غلط', 'context:wrong_send'],
  ])('P0: %s', (_label, text, rule) => {
    const r = classifyTicketPriority(text);
    expect(r.priority).toBe('P0');
    expect(r.matchedRule).toBe(rule);
  });

  it.each([
    ['drafts waiting', '20 drafts waiting without approval'],
    ['مسودات تنتظر', 'مسودات تنتظر بدون موافقه'],
    ['how-to question', 'how do I send without approval?'],
    ['Arabic question', 'هل ممكن نرسل بدون موافقة؟'],
    ['feature request', 'Is there a setting to auto-send without approval?'],
    ['pending drafts, first person', 'المسودات معلقة بدون موافقتي'],
    ['negated send', 'Nothing was sent without approval, right?'],
  ])('not P0: %s', (_label, text) => {
    expect(priorityOf(text)).toBe('P3');
  });

  it('says why approval words did not make a P0', () => {
    const r = classifyTicketPriority('20 drafts waiting without approval');
    expect(r.matchedRule).toBe('context:approval_not_a_send');
    expect(r.reasonEn).toContain('without approval');
    expect(r.reasonEn).toContain('drafts');
    expect(r.reasonAr).toContain('مسودات');
  });

  it('still lets another rule fire next to a context trap', () => {
    expect(priorityOf('20 drafts waiting without approval and the Gmail connector is down')).toBe(
      'P1',
    );
  });

  it('judges each sentence on its own', () => {
    expect(
      priorityOf('We have 20 drafts waiting. Yesterday the bot sent one without approval!'),
    ).toBe('P0');
  });

  it('names the send word and the approval words in its reason', () => {
    const r = classifyTicketPriority('The bot sent a message to our client without approval');
    expect(r.reasonEn).toContain('"sent"');
    expect(r.reasonEn).toContain('without … approval');
    expect(r.reasonAr).toContain('«sent»');
    expect(r.matchedText).toBe('sent a message to our client without approval');
  });
});

describe('a P0 word the ticket denies or reports as over', () => {
  it.each([
    [
      'denied',
      'We checked, there was no data leak, it was just a display bug',
      'context:incident_denied',
    ],
    ['denied (Arabic)', 'ما فيه تسريب، بس نبي نتأكد من الصلاحيات', 'context:incident_denied'],
    [
      'over',
      "Yesterday's outage is resolved, thanks! Can we get a post-mortem?",
      'context:incident_resolved',
    ],
    ['thanked for', 'Thanks for fixing the outage quickly last week', 'context:incident_resolved'],
  ])('does not page the founder when it is %s', (_label, text, rule) => {
    const result = classifyTicketPriority(text);
    expect(result.priority).not.toBe('P0');
    expect(result.matchedRule).toBe(rule);
    expect(result.reasonEn.length).toBeGreaterThan(0);
    expect(result.reasonAr.length).toBeGreaterThan(0);
  });

  it.each([
    ['still happening', 'Thanks, but the leak is still happening'],
    ['not fixed', 'The outage is not resolved yet, everything is still down'],
    ['back again', "The outage was fixed yesterday but it's down again now"],
    ['back again (Arabic)', 'تم حل المشكلة لكن النظام طايح مرة ثانية'],
    ['a new one after thanks', 'Thanks for fixing the outage. Now our data leaked!'],
    ['a question with a symptom', 'Is there an outage right now? Nothing opens'],
  ])('still decides P0 when the incident is %s', (_label, text) => {
    expect(priorityOf(text)).toBe('P0');
  });
});

describe('Slack markup never hides a keyword', () => {
  it.each([
    ['mention + bold', '<@U024BE7LH> *تسريب* بيانات'],
    ['italic', 'customer data _leaked_'],
    ['strike + emoji code', '~ignore~ :rotating_light: data breach :rotating_light:'],
    ['unicode emoji glued to the word', '🚨تسريب🚨'],
    ['link label', 'see <https://status.example.com|the outage page>'],
    ['code span', 'the `secret` is in the log'],
    ['channel mention', '<#C0123|ops> <!here> the system is down'],
    ['entities', 'data leak &amp; unauthorized access &lt;urgent&gt;'],
  ])('%s', (_label, text) => {
    expect(priorityOf(text)).toBe('P0');
  });

  it('does not read words out of a bare link or an e-mail address', () => {
    expect(priorityOf('docs at <https://example.com/secret-guide>')).toBe('P3');
    expect(priorityOf('write to ops@gmail.com please')).toBe('P3');
  });
});

describe('results explain themselves', () => {
  it('names the keyword and the words of the ticket, in Arabic and English', () => {
    const r = classifyTicketPriority('حصلت مشكلة بالتسريبات أمس');
    expect(r).toMatchObject({ priority: 'P0', matchedKeyword: 'تسريب', matchedRule: 'keyword' });
    expect(r.matchedText).toBe('بالتسريبات');
    expect(r.reasonAr).toContain('«تسريب»');
    expect(r.reasonAr).toContain('بالتسريبات');
    expect(r.reasonEn).toContain('"تسريب"');
    expect(r.reasonEn).toContain('P0');
  });

  it('names synonyms with their concept', () => {
    const r = classifyTicketPriority('our account was hacked');
    expect(r.matchedRule).toBe('synonym:breach');
    expect(r.matchedKeyword).toBe('hacked');
    expect(r.reasonEn).toContain('hacked');
    expect(r.reasonEn).toContain('breach');
  });

  it('gives the default with a reason when nothing matches', () => {
    const r = classifyTicketPriority('Can you add a dark mode?');
    expect(r).toMatchObject({ priority: 'P3', matchedRule: 'default', matches: [] });
    expect(r.matchedKeyword).toBeUndefined();
    expect(r.reasonAr.length).toBeGreaterThan(10);
    expect(r.reasonEn).toContain('default');
  });

  it.each([[''], ['   \n\t '], ['<@U123> :wave:']])(
    'empty text %j is P3 with rule "empty"',
    (text) => {
      const r = classifyTicketPriority(text);
      expect(r).toMatchObject({ priority: 'P3', matchedRule: 'empty', matches: [] });
      expect(r.reasonAr).not.toBe('');
      expect(r.reasonEn).toContain('empty');
    },
  );

  it('refuses what is not text', () => {
    expectDomainError(
      () => classifyTicketPriority(42 as unknown as string),
      'invalid_input',
      'text',
    );
  });
});

describe('createTicketClassifier — policy keywords', () => {
  it('extends the lists: an added P1 keyword matches in its Arabic spelling variants', () => {
    const classifier = createTicketClassifier({ extraKeywords: { P1: ['تأخير الرد'] } });
    for (const text of ['عندنا تأخير الرد من الفريق', 'عندنا تاخير الرد', 'وتأخيـــر الرد مستمر']) {
      const r = classifier.classify(text);
      expect([text, r.priority, r.matchedRule]).toEqual([text, 'P1', 'policy_keyword']);
      expect(r.matchedKeyword).toBe('تأخير الرد');
      expect(r.reasonEn).toContain('policy keyword');
    }
    // the default classifier does not know it
    expect(priorityOf('عندنا تأخير الرد من الفريق')).toBe('P3');
  });

  it('matches English policy keywords with their inflections and keeps the built-ins', () => {
    const classifier = createTicketClassifier({
      extraKeywords: { P0: ['chargeback'], P2: ['refund'] },
    });
    expect(classifier.classify('two chargebacks today').priority).toBe('P0');
    expect(classifier.classify('refunds are slow').priority).toBe('P2');
    expect(classifier.classify('data leak').priority).toBe('P0');
    expect(classifier.classify('hello').priority).toBe('P3');
  });

  it('rejects malformed keyword lists', () => {
    expectDomainError(
      () => createTicketClassifier({ extraKeywords: { P3: ['x'] } as never }),
      'invalid_input',
      'extraKeywords',
    );
    expectDomainError(
      () => createTicketClassifier({ extraKeywords: { P1: [42] } as never }),
      'invalid_input',
      'extraKeywords',
    );
  });

  it('ignores blank keywords', () => {
    const classifier = createTicketClassifier({ extraKeywords: { P1: ['  ', ''] } });
    expect(classifier.classify('hello there').priority).toBe('P3');
  });
});

describe('speed', () => {
  it('classifies 20,000 tickets in well under two seconds', () => {
    const texts = [
      'We have 20 drafts waiting without approval, is that normal?',
      'الخدمة معطلة من الصبح ولا أحد رد علينا',
      'Hey <@U024BE7LH> *URGENT* customer data _leaked_ :rotating_light:',
      'ممكن تضيفون تقرير أسبوعي بالعربي؟',
    ];
    const started = performance.now();
    for (let i = 0; i < 20_000; i++) classifyTicketPriority(texts[i % texts.length]!);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
