/**
 * The classifier's fast paths change nothing but speed:
 *  - a text where no keyword or approval phrase can start skips phrase assembly (`anchored`),
 *  - markup is preprocessed once, up front, and e-mail addresses are removed without running
 *    the e-mail regex over the whole text.
 * Each is compared with the plain way on the domain corpus, a generated bilingual corpus
 * (the benchmark's), hand-picked edge cases and random strings.
 */
import { describe, expect, it } from 'vitest';
import { generateCorpus, prng } from '../../bench/triage/corpus.ts';
import { createTicketClassifier } from '../../src/domain/classifier.ts';
import { preprocessForMatching } from '../../src/domain/text.ts';
import { TICKET_CORPUS } from './ticketCorpus.ts';

const EDGE_CASES = [
  '',
  ' ',
  '<@U1>',
  '<@U1> :smile:',
  'x@y.com2leak',
  'x@y.com500 error',
  'mail a@b.cc.d@e.ff now',
  'ops@acme.example leaked the list',
  '<mailto:a@b.co|a@b.co> leak',
  'a@b.c',
  '@@@ down',
  '😀@x.com leak',
  'a\ud800@b.com down',
  'é@é.éé leak',
  'العميل@شركة.السعودية تسريب',
  'ﻻ يعمل <@U1>',
  '<@U1> ﻻ يعمل',
  'ﺗﺴﺮﻳﺐ البيانات',
  'leak :fire: :fire:',
  '10:30 the service is down',
  'a:b:c',
  ':a:b: outage',
  'x &amp; y &lt;leak&gt;',
  '<!date^1392734382^{date}|Feb 18> leak',
  '<https://x|le>ak',
  '<https://a|x <@U1> y> leak',
  '<@U1 <https://x> > down',
  'www.leak.com is down',
  'مرحباhttps://x.com/y تسريب',
  'Ｌｅａｋ',
  'ſecret',
  'le\u0301ak',
  'تســــريب',
  'بدون موافقتي: ارسلتوا الرسالة',
  'sent without approval!',
  'Did we send without approval?',
  '20 drafts waiting without approval',
  'The SLA breach report',
];

function randomStrings(count: number, seed: number): string[] {
  const r = prng(seed);
  const alphabet = [
    ...'akleymnpst -_+.@:<>|&#/!%1\n',
    'ت',
    'س',
    'ر',
    'ي',
    'ب',
    'ة',
    'أ',
    'ـ',
    '\u064e',
    'ﻻ',
    '😀',
    '،',
    '؟',
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = 1 + Math.floor(r() * 40);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(r() * alphabet.length)];
    out.push(s);
  }
  return out;
}

const TEXTS = [
  ...TICKET_CORPUS.map((t) => t.text),
  ...generateCorpus(10_000, 4242),
  ...EDGE_CASES,
  ...randomStrings(10_000, 7),
];

describe('classifier fast paths', () => {
  it('decides every text exactly as the full phrase assembly does', () => {
    for (const options of [{}, { extraKeywords: { P1: ['refund', 'استرجاع'], P0: ['fraud'] } }]) {
      const fast = createTicketClassifier(options);
      const full = createTicketClassifier({ ...options, anchored: false });
      const different = TEXTS.filter((t) => {
        return JSON.stringify(fast.classify(t)) !== JSON.stringify(full.classify(t));
      });
      expect(different).toEqual([]);
    }
  });

  it('never skips a ticket the full classifier puts above P3', () => {
    const fast = createTicketClassifier();
    const full = createTicketClassifier({ anchored: false });
    const missed = TEXTS.filter(
      (t) => full.classify(t).priority !== 'P3' && fast.classify(t).priority === 'P3',
    );
    expect(missed).toEqual([]);
  });

  it('removes markup exactly as the plain regex chain does', () => {
    // The preprocessing as first written: every regex over the whole text.
    const plain = (text: string): string => {
      const entity =
        /<([@#!])([^<>]*)>|<((?:https?|mailto|tel|ftp|sftp|slack):[^<>|\s]*)(?:\|([^<>]*))?>/gi;
      let s = text;
      if (s.includes('<')) {
        s = s.replace(entity, (_m, sigil?: string, body?: string, url?: string, label?: string) => {
          if (url !== undefined) return label ? ` ${label} ` : ' ';
          if (sigil === '!' && body?.startsWith('date^')) {
            const bar = body.indexOf('|');
            return bar >= 0 ? ` ${body.slice(bar + 1)} ` : ' ';
          }
          return ' ';
        });
      }
      if (s.includes('&'))
        s = s.replace(
          /&(amp|lt|gt);/g,
          (_m, n: string) => ({ amp: '&', lt: '<', gt: '>' })[n] ?? '',
        );
      if (s.includes('://') || s.includes('www.'))
        s = s.replace(/\b(?:https?:\/\/|www\.)[^\s<>]+/gi, ' ');
      if (s.includes('@')) {
        s = s.replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu, ' ');
      }
      if (s.includes(':'))
        s = s.replace(/(?<![\p{L}\p{N}]):[a-z0-9_+'-]+:(?![\p{L}\p{N}])/giu, ' ');
      return s;
    };
    const different = TEXTS.filter((t) => preprocessForMatching(t) !== plain(t));
    expect(different).toEqual([]);
  });
});
