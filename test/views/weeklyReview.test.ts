/**
 * The weekly SLA review's messages: the dates it covers, and the note to customer success,
 * whose customer names are user text.
 */
import { describe, expect, it } from 'vitest';
import { buildSlaHealthReport, weeklyReviewWindow } from '../../src/domain/index.ts';
import { buildAffectedCustomersNotice, buildWeeklyReview } from '../../src/views/slaViews.ts';

describe('weekly SLA review', () => {
  it('shows the week it covers as Monday → Sunday, not up to the Monday it runs on', () => {
    // Monday 1 June 2026, 09:00 in Riyadh: the review covers 25–31 May.
    const window = weeklyReviewWindow(Date.UTC(2026, 5, 1, 6, 0), 'Asia/Riyadh');
    const message = buildWeeklyReview({
      report: buildSlaHealthReport({ tickets: [] }),
      fromMs: window.fromMs,
      toMs: window.toMs,
      founders: ['UFOUNDER'],
      breaches: [],
      affectedCustomers: [],
      frozen: false,
      lang: 'en',
    });
    const range = JSON.stringify(message.blocks[1]);
    const dates = [...range.matchAll(/<!date\^(\d+)\^/g)].map((m) =>
      new Date(Number(m[1]) * 1000 + 3 * 3_600_000).toISOString().slice(0, 10),
    );
    expect(dates).toEqual(['2026-05-25', '2026-05-31']);
  });

  it.each(['ar', 'en'] as const)('names affected customers escaped (%s)', (lang) => {
    const { text } = buildAffectedCustomersNotice({
      customerNames: ['Evil <!channel> <https://phish.example|Acme>', 'R&D Co'],
      lang,
    });
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://phish.example');
    expect(text).toContain('&lt;!channel&gt; &lt;https://phish.example|Acme&gt;');
    expect(text).toContain('R&amp;D Co');
    expect(text).toContain(lang === 'ar' ? 'عملاء تأثروا' : 'Customers affected');
  });

  it('stays within a section’s 3000 characters however many customers there are', () => {
    const names = Array.from({ length: 200 }, (_, i) => `Customer number ${i} & partners`);
    expect(
      buildAffectedCustomersNotice({ customerNames: names, lang: 'en' }).text.length,
    ).toBeLessThanOrEqual(3000);
  });
});
