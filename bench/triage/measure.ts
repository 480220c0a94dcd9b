/**
 * triage: our classifier against the reference's substring algorithm on the same generated
 * 100k-ticket bilingual corpus. The two run alternately in chunks, many rounds, and each side
 * adds up the CPU time it used (process.cpuUsage), so a neighbour on the machine slows
 * neither more than the other. The corpus is also checked for the classifier's fast path:
 * every ticket is decided exactly as the full phrase assembly decides it.
 */
import { createTicketClassifier } from '../../src/domain/classifier.ts';
import { PRIORITY_IDS } from '../../src/domain/priorities.ts';
import { referenceClassifyTicketPriority } from '../../src/domain/referenceClassifier.ts';
import { log, type PartOutcome } from '../lib/part.ts';
import { round } from '../lib/stats.ts';
import { generateCorpus } from './corpus.ts';

export interface TriageResult {
  perSecond: number;
  baselinePerSecond: number;
  ratio: number;
  tickets: number;
}

const TICKETS = 100_000;
const ROUNDS = 5;
const CHUNK = 5_000;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function measureTriage(): Promise<PartOutcome<TriageResult>> {
  const corpus = generateCorpus(TICKETS);
  const chars = corpus.reduce((a, t) => a + t.length, 0);
  const ours = createTicketClassifier();
  const notes: string[] = [];

  // Each side classifies a slice of the corpus in its own function (compiled on its own). CPU
  // time (process.cpuUsage), not wall time: a neighbour on the machine slows neither side.
  let sink = 0;
  const runOurs = (from: number, to: number) => {
    for (let i = from; i < to; i++) sink += ours.classify(corpus[i]!).matches.length;
  };
  const runReference = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      sink += referenceClassifyTicketPriority(corpus[i]!).priority.length;
    }
  };
  // Warm both up, then alternate chunk by chunk.
  runOurs(0, 20_000);
  runReference(0, 20_000);
  let oursMs = 0;
  let refMs = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (let off = 0; off < corpus.length; off += CHUNK) {
      const end = Math.min(corpus.length, off + CHUNK);
      const swap = (r + off / CHUNK) % 2 === 1;
      for (const side of swap ? ['ref', 'ours'] : ['ours', 'ref']) {
        const t0 = cpuMs();
        if (side === 'ours') runOurs(off, end);
        else runReference(off, end);
        const dt = cpuMs() - t0;
        if (side === 'ours') oursMs += dt;
        else refMs += dt;
      }
    }
  }
  // After timing: the fast path decides like the full assembly, ticket for ticket.
  const full = createTicketClassifier({ anchored: false });
  const mix: Record<string, number> = Object.fromEntries(PRIORITY_IDS.map((p) => [p, 0]));
  const refMix: Record<string, number> = Object.fromEntries(PRIORITY_IDS.map((p) => [p, 0]));
  let mismatches = 0;
  for (const t of corpus) {
    const a = ours.classify(t);
    if (JSON.stringify(a) !== JSON.stringify(full.classify(t))) mismatches++;
    mix[a.priority]!++;
    refMix[referenceClassifyTicketPriority(t).priority]!++;
  }
  // (`sink` keeps the results in use, so no work can be optimised away.)
  log('triage', `corpus: ${TICKETS} tickets, ${mismatches} fast-path mismatches (${sink % 10})`);

  const perSecond = (ROUNDS * TICKETS) / (oursMs / 1000);
  const baselinePerSecond = (ROUNDS * TICKETS) / (refMs / 1000);
  const result: TriageResult = {
    perSecond: Math.round(perSecond),
    baselinePerSecond: Math.round(baselinePerSecond),
    ratio: round(perSecond / baselinePerSecond, 2),
    tickets: TICKETS,
  };
  const pct = (m: Record<string, number>) =>
    PRIORITY_IDS.map((p) => `${p} ${round((m[p]! / TICKETS) * 100, 0)}%`).join(', ');
  notes.push(
    `corpus: ${TICKETS} tickets, ${round(chars / TICKETS, 0)} characters on average; ours ${pct(mix)}; reference ${pct(refMix)}`,
    `per ticket: ours ${round((oursMs * 1e6) / (ROUNDS * TICKETS) / 1000, 2)} µs, reference ${round((refMs * 1e6) / (ROUNDS * TICKETS) / 1000, 2)} µs (CPU time, ${ROUNDS} alternating rounds)`,
    `fast path: ${mismatches} of ${TICKETS} tickets decided differently from the full phrase assembly`,
  );
  return {
    result,
    figures: `${result.perSecond.toLocaleString('en')}/s vs reference ${result.baselinePerSecond.toLocaleString('en')}/s (×${result.ratio})`,
    target: 'ratio ≥ 1.0 (at least as fast as the reference)',
    pass: result.ratio >= 1 && mismatches === 0,
    notes,
  };
}
