import { describe, expect, it } from 'vitest';
import { classifyTicketPriority } from '../../src/domain/classifier.ts';
import {
  arabicLightStems,
  decodeEntities,
  englishInflections,
  englishLightStems,
  normalizeArabic,
  normalizeForMatching,
  PhraseMatcher,
  prepareText,
  stemCandidates,
  stripSlackMarkup,
  tokenize,
} from '../../src/domain/text.ts';
import { TICKET_CORPUS } from './ticketCorpus.ts';

describe('stripSlackMarkup', () => {
  it('removes user, channel and group mentions and special mentions', () => {
    expect(
      stripSlackMarkup(
        'Hi <@U024BE7LH> and <@U1|sara> in <#C123|support> <!channel> <!here> <!subteam^S1|@oncall> ok',
      ),
    ).toBe('Hi and in ok');
  });

  it('keeps a link label, drops a bare link, and keeps a date fallback', () => {
    expect(stripSlackMarkup('see <https://status.example.com|the status page> now')).toBe(
      'see the status page now',
    );
    expect(stripSlackMarkup('see <https://example.com/secret-page> now')).toBe('see now');
    expect(stripSlackMarkup('mail <mailto:a@b.co|a@b.co>')).toBe('mail a@b.co');
    expect(stripSlackMarkup('due <!date^1392734382^{date}|Feb 18> ok')).toBe('due Feb 18 ok');
  });

  it('removes mrkdwn markers but keeps the words inside', () => {
    expect(stripSlackMarkup('*URGENT* data _leaked_ ~fixed~')).toBe('URGENT data leaked fixed');
    expect(stripSlackMarkup('*_both_*')).toBe('both');
    expect(stripSlackMarkup('use `api_key` in ```const a = 1```')).toBe(
      'use api_key in const a = 1',
    );
    expect(stripSlackMarkup('snake_case_name and 2*3*4 stay')).toBe(
      'snake_case_name and 2*3*4 stay',
    );
  });

  it('removes emoji codes and unicode emoji, but not times or words around colons', () => {
    expect(stripSlackMarkup(':rotating_light: leak :+1::skin-tone-2:')).toBe('leak');
    expect(stripSlackMarkup('🚨🚨 تسريب🔥 👍🏽')).toBe('تسريب');
    expect(stripSlackMarkup('at 10:30:45 see Error:connector:gmail')).toBe(
      'at 10:30:45 see Error:connector:gmail',
    );
  });

  it('decodes the three entities Slack encodes', () => {
    expect(stripSlackMarkup('Q&amp;A &lt;b&gt;')).toBe('Q&A <b>');
    expect(stripSlackMarkup('&lt;@U123&gt; typed by hand')).toBe('<@U123> typed by hand');
  });
});

describe('decodeEntities (text from Slack as the person typed it)', () => {
  it('undoes the escaping Slack applies to & < > in message and command text, once', () => {
    expect(decodeEntities('R&amp;D &lt;urgent&gt;')).toBe('R&D <urgent>');
    // Someone who typed "&lt;" literally: Slack sends "&amp;lt;", which reads "&lt;" again.
    expect(decodeEntities('&amp;lt; &amp;amp;')).toBe('&lt; &amp;');
    // Real markup stays markup; other entities are not Slack's and stay as they are.
    expect(decodeEntities('<@U024BE7LH> &quot;hi&quot;')).toBe('<@U024BE7LH> &quot;hi&quot;');
  });

  it('leaves the classification of a message as it was when classified escaped', () => {
    const escapedMessages = [
      ...TICKET_CORPUS.map((t) => `${t.text} &amp; R&amp;D &lt;team&gt;`),
      'R&amp;D &lt;urgent&gt;: customer data leaked to another tenant',
      'Payments &amp; invoices are down for all customers',
      'تسريب بيانات &lt;عاجل&gt; &amp; الملف ظاهر للكل',
      'النظام ارسل رسائل واتساب لعملائنا بدون موافقه &gt;&gt; شوفوها',
      '&lt;3 thanks! how do I add a teammate &amp; a viewer?',
    ];
    for (const escaped of escapedMessages) {
      const before = classifyTicketPriority(escaped);
      const after = classifyTicketPriority(decodeEntities(escaped));
      expect(
        { priority: after.priority, rule: after.matchedRule, keyword: after.matchedKeyword },
        escaped,
      ).toEqual({
        priority: before.priority,
        rule: before.matchedRule,
        keyword: before.matchedKeyword,
      });
    }
  });
});

describe('normalizeArabic', () => {
  it('unifies alef forms, taa marbuta, alef maqsura and hamza carriers', () => {
    expect(normalizeArabic('أمان إرسال آمن ٱلبيانات')).toBe('امان ارسال امن البيانات');
    expect(normalizeArabic('موافقة')).toBe('موافقه');
    expect(normalizeArabic('على مستوى')).toBe('علي مستوي');
    expect(normalizeArabic('مسؤول')).toBe('مسوول');
  });

  it('makes خاطئ, خاطىء and informal خاطي equal', () => {
    expect(normalizeArabic('خاطئ')).toBe('خاطي');
    expect(normalizeArabic('خاطىء')).toBe('خاطي');
    expect(normalizeArabic('خاطي')).toBe('خاطي');
  });

  it('removes diacritics and tatweel', () => {
    expect(normalizeArabic('تَسْرِيبٌ')).toBe('تسريب');
    expect(normalizeArabic('تســـريب')).toBe('تسريب');
    expect(normalizeArabic('مُتَوَقِّفٌ تَمَامًا')).toBe('متوقف تماما');
  });

  it('turns Arabic-Indic digits into ASCII, lowercases Latin and collapses spaces', () => {
    expect(normalizeArabic('  ٢٠ مسودة   و ۳ Drafts ٪ ')).toBe('20 مسوده و 3 drafts %');
  });

  it('repairs presentation forms pasted from PDFs', () => {
    expect(normalizeArabic('ﺗﺴﺮﻳﺐ')).toBe('تسريب');
  });
});

describe('normalizeForMatching and tokenize', () => {
  it('strips markup, normalises, lowercases and turns punctuation into spaces', () => {
    expect(normalizeForMatching('<@U1> *تــسريب* بيانات!! :fire: Data-LEAK?')).toBe(
      'تسريب بيانات data leak',
    );
  });

  it('splits words where Arabic meets Latin or digits', () => {
    expect(tokenize('الـGmail ما يشتغل و٢٠مسودة')).toEqual([
      'ال',
      'gmail',
      'ما',
      'يشتغل',
      'و',
      '20',
      'مسوده',
    ]);
  });

  it('keeps % as a word, joins apostrophes, drops links and e-mail addresses', () => {
    expect(tokenize("100% isn't it")).toEqual(['100', '%', 'isnt', 'it']);
    expect(tokenize('write to ops@gmail.com or see https://x.example/secret')).toEqual([
      'write',
      'to',
      'or',
      'see',
    ]);
  });

  it('numbers clauses so phrases never join across sentences', () => {
    const p = prepareText('drafts waiting. The bot sent it! OK v2.3 done');
    expect(p.tokens).toEqual([
      'drafts',
      'waiting',
      'the',
      'bot',
      'sent',
      'it',
      'ok',
      'v2',
      '3',
      'done',
    ]);
    expect(p.clauses).toEqual([0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
  });

  it('returns nothing for empty text or text that is only markup', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  <@U1> :wave: 👋 ')).toEqual([]);
  });
});

describe('light stemming', () => {
  it('strips attached Arabic prefixes and suffixes, keeping the surface form first', () => {
    const forms = arabicLightStems('بالتسريبات');
    expect(forms[0]).toBe('بالتسريبات');
    expect(forms).toContain('تسريب');
    expect(arabicLightStems('والتسريب')).toContain('تسريب');
    expect(arabicLightStems('للتسريب')).toContain('تسريب');
    expect(arabicLightStems('وبالموصل')).toContain('موصل');
    expect(arabicLightStems('بياناتهم')).toContain('بيان');
  });

  it('restores taa marbuta before a pronoun suffix (موافقتنا → موافقه)', () => {
    expect(arabicLightStems('موافقتنا')).toContain('موافقه');
    expect(arabicLightStems('موافقتي')).toContain('موافقه');
    expect(arabicLightStems('خدمات')).toContain('خدمه');
  });

  it('does not over-stem', () => {
    // امانه is أمانة (honesty), not أمان + ه; فشل is a root, not ف + شل.
    expect(arabicLightStems('امانه')).not.toContain('امان');
    expect(arabicLightStems('فشل')).toEqual(['فشل']);
    expect(arabicLightStems('برد')).not.toContain('رد');
  });

  it('handles English inflections and leaves other words alone', () => {
    expect(englishLightStems('leaked')).toContain('leak');
    expect(englishLightStems('leaking')).toContain('leak');
    expect(englishLightStems('leaks')).toContain('leak');
    expect(englishLightStems('outages')).toContain('outage');
    expect(englishLightStems('stopped')).toContain('stop');
    expect(englishLightStems('charging')).toContain('charge');
    expect(englishLightStems('secretary')).toEqual(['secretary']);
    expect(englishLightStems('authorized')).not.toContain('unauthorized');
    expect(englishInflections('leak')).toEqual(
      expect.arrayContaining(['leaks', 'leaked', 'leaking']),
    );
    expect(englishInflections('reply')).toEqual(expect.arrayContaining(['replies', 'replied']));
    expect(stemCandidates('20')).toEqual(['20']);
  });
});

describe('PhraseMatcher', () => {
  const phrases = (m: PhraseMatcher<string>, text: string) => m.match(text).hits.map((h) => h.data);

  it('matches whole words in every spelling, with gaps and never across a sentence', () => {
    const m = new PhraseMatcher([
      { phrase: 'تسريب', data: 'leak-ar' },
      { phrase: 'secret', data: 'secret' },
      { phrase: 'without * approval', data: 'approval' },
      { phrase: 'إرسال خاطئ', data: 'wrong' },
    ]);
    expect(phrases(m, 'حصل تَسْرِيب')).toEqual(['leak-ar']);
    expect(phrases(m, 'بالتســريبات')).toEqual(['leak-ar']);
    expect(phrases(m, 'our secretary')).toEqual([]);
    expect(phrases(m, 'SECRETS leaked')).toEqual(['secret']);
    expect(phrases(m, 'sent without our approval')).toEqual(['approval']);
    expect(phrases(m, 'sent without the customers prior approval')).toEqual([]);
    expect(phrases(m, 'sent without. Approval later')).toEqual([]);
    expect(phrases(m, 'ارسال خاطىء')).toEqual(['wrong']);
  });

  it('reports where the words are in the text as written', () => {
    const m = new PhraseMatcher([{ phrase: 'تسريب', data: 'x' }]);
    const r = m.match('<@U1> حصل *بالتســريبات* أمس');
    expect(r.hits).toHaveLength(1);
    const h = r.hits[0]!;
    expect(r.source.slice(h.srcStart, h.srcEnd)).toBe('بالتســريبات');
    expect(r.tokenCount).toBe(3);
  });

  it('agrees with the light stemmer on which word forms match', () => {
    const words = ['تسريب', 'موافقه', 'خدمه', 'موصل', 'امان', 'رد', 'بيان', 'فشل', 'معطل', 'اذن'];
    const tokens = [
      'بالتسريبات',
      'والتسريب',
      'للتسريب',
      'تسريبها',
      'موافقتنا',
      'موافقتي',
      'بموافقتكم',
      'الموافقات',
      'خدماتهم',
      'خدمتنا',
      'وبالموصل',
      'موصلات',
      'امانه',
      'بامان',
      'الامان',
      'برد',
      'ردود',
      'بيانات',
      'بياناتهم',
      'فشلنا',
      'وفشل',
      'معطله',
      'المعطلين',
      'اذني',
      'باذنكم',
      'تعطل',
      'كالتسريب',
      'كتسريب',
    ];
    for (const word of words) {
      const m = new PhraseMatcher([{ phrase: word, data: word }]);
      for (const token of tokens) {
        const expected = arabicLightStems(token).includes(word);
        expect([token, word, m.match(token).hits.length > 0]).toEqual([token, word, expected]);
      }
    }
  });

  it('agrees with the English stemmer', () => {
    const words = ['leak', 'fail', 'charge', 'reply', 'stop', 'outage', 'secret', 'sync'];
    const tokens = [
      'leaks',
      'leaked',
      'leaking',
      'leakage',
      'failed',
      'failing',
      'failure',
      'charged',
      'charging',
      'charges',
      'replies',
      'replied',
      'stopped',
      'stopping',
      'outages',
      'secretary',
      'secrets',
      'synced',
      'syncing',
    ];
    for (const word of words) {
      const m = new PhraseMatcher([{ phrase: word, data: word }]);
      for (const token of tokens) {
        const expected = englishLightStems(token).includes(word);
        expect([token, word, m.match(token).hits.length > 0]).toEqual([token, word, expected]);
      }
    }
  });

  it('sees the same words as tokenize() on every corpus ticket', () => {
    const m = new PhraseMatcher([{ phrase: 'zzzz', data: 0 }]);
    for (const t of TICKET_CORPUS) {
      expect([t.id, m.match(t.text).tokenCount]).toEqual([t.id, tokenize(t.text).length]);
    }
  });
});
