/** What each benchmark part hands back to the runner. */
export interface PartOutcome<R> {
  /** Exactly the fields results.json has for this part. */
  result: R;
  /** The figures, for the table. */
  figures: string;
  target: string;
  pass: boolean;
  /** Details printed under the table (setup, baselines, what bounds a miss). */
  notes: string[];
}

export function log(part: string, message: string): void {
  process.stderr.write(`[${part}] ${message}\n`);
}
