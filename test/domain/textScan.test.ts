/**
 * The phrase matcher reads Slack markup where it meets it (mentions, links, emoji codes, URLs,
 * e-mail addresses) instead of preprocessing the whole text first, and falls back to the
 * regex chain (`preprocessForMatching`) for what it does not read itself. Either way the result
 * must be the one of matching the preprocessed text: the same words, hits, offsets and source.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../bench/triage/corpus.ts';
import { PhraseMatcher, preprocessForMatching } from '../../src/domain/text.ts';

const PHRASES = [
  'leak',
  'تسريب',
  'service down',
  'is down',
  'down',
  'a * b',
  'fire',
  'label',
  'co',
];
const matcher = new PhraseMatcher(PHRASES.map((phrase) => ({ phrase, data: phrase })));

/** What `match` must give: the preprocessed text, matched as such. */
function reference(text: string) {
  return matcher.matchPreprocessed(preprocessForMatching(text));
}

const EDGE_CASES = [
  '<@U1> the service is down',
  '<@U1|omar> <#C1|ops> <!here> leak',
  '<!date^1392734382^{date}|Feb 18> leak',
  'see <https://x.example/a|the leak report> now',
  'see <https://x.example/a|:fire: leak>. done',
  'see <https://x.example/a> and <mailto:a@b.co|a@b.co> leak',
  '<mailto:ops@acme.example|ops@acme.example> is down',
  'mail ops@acme.example.com or x.y@z.co about the leak',
  'q@r@s.co and @@ and a@b.c',
  'ops@acme.example:fire: leak',
  ':fire:ops@acme.example leak',
  'down :fire::fire: leak :a:b: x:y: 10:30',
  'leak:fire: down',
  'https://status.example/leak is down',
  'done.https://x.example/a leak',
  'x:https://y.example leak',
  ':https://y.example: leak',
  'www.leak.example is down :fire:',
  'WWW.leak.example https://x.example down',
  'a://b leak',
  'x &amp; y &lt;leak&gt; down',
  'down.<@U1> leak',
  'down.:fire: leak',
  '😀<@U1> leak',
  '\ud800<@U1> leak',
  '\ud800:fire: leak',
  '\ud800a@b.co leak',
  'تَسريب@x.co down',
  'بيانات :fire:تسريب',
  'Ｌｅａｋ＜@U1＞',
];

function markupStrings(count: number, seed: number): string[] {
  const r = prng(seed);
  const atoms = [
    '<',
    '>',
    '@',
    '#',
    '!',
    '|',
    ':',
    '/',
    '//',
    '://',
    '.',
    '. ',
    ' ',
    ' ',
    '\n',
    '\u00a0',
    'http',
    'https',
    'HTTP',
    'mailto',
    'www.',
    '&amp;',
    '&gt;',
    '&',
    'date^',
    'a',
    'b',
    'x',
    'leak',
    'down',
    'is',
    'service',
    'fire',
    'label',
    'تسريب',
    'ـ',
    '\u064e',
    'ſ',
    'K',
    'é',
    '😀',
    '\ud800',
    '_',
    '+',
    "'",
    '-',
    '0',
    '%',
    '،',
    '<@U1>',
    '<!here>',
    '<#C1|x>',
    '<https://a.b|label>',
    '<mailto:a@b.co|a@b.co>',
    ':fire:',
    'a@b.co',
    'x.y@z.com',
  ];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    const n = 1 + Math.floor(r() * 14);
    for (let j = 0; j < n; j++) s += atoms[Math.floor(r() * atoms.length)];
    out.push(s);
  }
  return out;
}

describe('markup read in the scan', () => {
  const texts = [...EDGE_CASES, ...markupStrings(20_000, 11)].filter(
    (t) => /[<&@:]/.test(t) && !/[\uFB50-\uFDFF\uFE70-\uFEFC]/.test(t),
  );

  it('matches as the regex-preprocessed text does', () => {
    const different = texts.filter(
      (t) => JSON.stringify(matcher.match(t)) !== JSON.stringify(reference(t)),
    );
    expect(different).toEqual([]);
  });

  it('gives the preprocessed text as the source', () => {
    const different = texts.filter((t) => matcher.match(t).source !== preprocessForMatching(t));
    expect(different).toEqual([]);
  });

  it('finds the words around markup', () => {
    const words = (t: string) => matcher.match(t).hits.map((h) => h.phrase);
    expect(words('<@U1> the service down')).toEqual(['service down', 'down']);
    expect(words('see <https://x.example/a|the leak report> now')).toEqual(['leak']);
    expect(words('<mailto:ops@acme.example|ops@acme.example> is down')).toEqual([
      'is down',
      'down',
    ]);
    expect(words('https://status.example/leak is down')).toEqual(['is down', 'down']);
    expect(words('leak:fire: down')).toEqual(['leak', 'fire', 'down']);
    expect(words('down :fire: leak')).toEqual(['down', 'leak']);
  });
});
