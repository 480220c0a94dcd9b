/**
 * triage: our classifier against the reference's substring algorithm on the same generated
 * 100k-ticket corpus — the measurement itself is in triage/measure.ts, run in fresh processes.
 */
import type { PartOutcome } from '../lib/part.ts';
import { spawnNode } from '../lib/proc.ts';
import type { TriageResult } from '../triage/measure.ts';

/**
 * Runs the measurement in fresh processes: once with the app's modules loaded (the state the
 * app's process classifies in: see the note about ioredis in src/domain/text.ts), once bare.
 * The first is the result; the second is a note.
 */
export async function benchTriage(): Promise<PartOutcome<TriageResult>> {
  const run = async (args: string[]) => {
    const child = spawnNode('bench/triage/child.ts', {}, [], args);
    try {
      const [line] = await child.waitFor(/^\{"result".*$/m, 300_000);
      return JSON.parse(line!) as PartOutcome<TriageResult>;
    } finally {
      await child.stop();
    }
  };
  const inApp = await run(['app']);
  const bare = await run([]);
  inApp.notes.unshift(
    `measured in a process with the app's modules loaded; in a bare Node process: ours ${bare.result.perSecond.toLocaleString('en')}/s, reference ${bare.result.baselinePerSecond.toLocaleString('en')}/s (×${bare.result.ratio})`,
  );
  return inApp;
}
