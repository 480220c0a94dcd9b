/**
 * The classifier audit's tickets (auditCorpus.ts): the classifier must reach the accuracy
 * below on them, overall and per priority, and explain every decision. On failure the misses
 * are listed (expected, got, rule, text).
 */
import { describe, expect, it } from 'vitest';
import { classifyTicketPriority } from '../../src/domain/classifier.ts';
import { PRIORITY_IDS } from '../../src/domain/priorities.ts';
import { AUDIT_CORPUS } from './auditCorpus.ts';

/** Reached: 220 of 221 (99.5 %); the one miss is listed in the report of the change. */
const MIN_ACCURACY = 0.99;
/** Per priority (by each ticket's primary expected priority). */
const MIN_ACCURACY_PER_PRIORITY = 0.98;

const results = AUDIT_CORPUS.map((t) => {
  const r = classifyTicketPriority(t.text);
  return { ticket: t, result: r, ok: t.expected.includes(r.priority) };
});

function describeMiss(x: (typeof results)[number]): string {
  return `expected ${x.ticket.expected.join('|')}, got ${x.result.priority} (${x.result.matchedRule}${
    x.result.matchedKeyword ? `: ${x.result.matchedKeyword}` : ''
  }) [${x.ticket.tag}] ${x.ticket.text}`;
}

describe('audit corpus', () => {
  it('holds the audit set: both languages, every priority', () => {
    expect(AUDIT_CORPUS.length).toBeGreaterThanOrEqual(120);
    expect(AUDIT_CORPUS.filter((t) => /[\u0600-\u06FF]/.test(t.text)).length).toBeGreaterThan(60);
    expect(AUDIT_CORPUS.filter((t) => /[A-Za-z]/.test(t.text)).length).toBeGreaterThan(60);
    for (const p of PRIORITY_IDS) {
      expect(AUDIT_CORPUS.filter((t) => t.expected[0] === p).length, p).toBeGreaterThan(20);
    }
  });

  it(`classifies at least ${MIN_ACCURACY * 100} % of the tickets right`, () => {
    const misses = results.filter((x) => !x.ok);
    const accuracy = 1 - misses.length / results.length;
    console.info(
      `audit corpus: ${results.length - misses.length}/${results.length} right (${(accuracy * 100).toFixed(1)} %)`,
    );
    // Below the bar, fail listing every miss.
    if (accuracy < MIN_ACCURACY) {
      expect(misses.map(describeMiss), `accuracy ${(accuracy * 100).toFixed(1)} %`).toEqual([]);
    }
  });

  it.each(PRIORITY_IDS.map((p) => [p]))(
    `%s: classifies at least ${MIN_ACCURACY_PER_PRIORITY * 100} percent of its tickets right`,
    (p) => {
      const mine = results.filter((x) => x.ticket.expected[0] === p);
      const misses = mine.filter((x) => !x.ok);
      const accuracy = 1 - misses.length / mine.length;
      if (accuracy < MIN_ACCURACY_PER_PRIORITY) {
        expect(misses.map(describeMiss), `${p} accuracy ${(accuracy * 100).toFixed(1)} %`).toEqual(
          [],
        );
      }
    },
  );

  it('explains every decision in Arabic and English', () => {
    for (const { result: r, ticket } of results) {
      expect(r.reasonAr.length, ticket.text).toBeGreaterThan(10);
      expect(r.reasonEn.length, ticket.text).toBeGreaterThan(10);
      expect(/[\u0600-\u06FF]/.test(r.reasonAr), ticket.text).toBe(true);
      if (r.matchedKeyword !== undefined) {
        expect(r.reasonAr, ticket.text).toContain(r.matchedKeyword);
        expect(r.reasonEn, ticket.text).toContain(r.matchedKeyword);
      }
    }
  });
});
