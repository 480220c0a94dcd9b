/**
 * The reference system's ticket classifier, reproduced exactly (SPEC §1.1): the text is
 * lowercased and each keyword, lowercased, is looked for as a substring — P0's list first,
 * then P1, then P2, else P3; empty text is P3. No normalisation, no word boundaries, no
 * context. Kept ONLY to measure our classifier against it in tests and benchmarks; the
 * product uses `classifyTicketPriority` from `classifier.ts`.
 */
import type { PriorityId } from './priorities.ts';

export type KeywordTier = 'P0' | 'P1' | 'P2';

/** The reference keyword lists, verbatim (SPEC §1.1) — the minimum our classifier covers. */
export const REFERENCE_PRIORITY_KEYWORDS: Readonly<Record<KeywordTier, readonly string[]>> =
  Object.freeze({
    P0: Object.freeze([
      'أمان',
      'تسريب',
      'إرسال خاطئ',
      'إرسال بدون موافقة',
      'بدون موافقتي',
      'أرسل رسالة بدون',
      'أرسل بدون',
      'secret',
      'leak',
      'data breach',
      'outage',
      'completely down',
      'live charge',
      'charge بدون موافقة',
      'unauthorized',
    ]),
    P1: Object.freeze([
      'service down',
      'خدمة معطلة',
      'service failed',
      'Pilot stopped',
      'Proof Pack مفقود',
    ]),
    P2: Object.freeze([
      'connector',
      'Gmail',
      'Calendar',
      'Sheets',
      'WhatsApp setup',
      'Moyasar invoice',
    ]),
  });

const TIERS: readonly KeywordTier[] = ['P0', 'P1', 'P2'];
const LOWERED: ReadonlyArray<readonly [KeywordTier, ReadonlyArray<readonly [string, string]>]> =
  TIERS.map((tier) => [
    tier,
    REFERENCE_PRIORITY_KEYWORDS[tier].map((kw) => [kw.toLowerCase(), kw] as const),
  ]);

export interface ReferenceClassification {
  priority: PriorityId;
  matchedKeyword?: string;
}

/** The reference algorithm: lowercased substring match, P0 → P1 → P2, else P3. */
export function referenceClassifyTicketPriority(text: string): ReferenceClassification {
  const t = (text ?? '').toLowerCase();
  if (t.trim() === '') return { priority: 'P3' };
  for (const [tier, keywords] of LOWERED) {
    for (const [lowered, original] of keywords) {
      if (t.includes(lowered)) return { priority: tier, matchedKeyword: original };
    }
  }
  return { priority: 'P3' };
}
