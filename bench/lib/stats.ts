/** Small statistics helpers for the benchmark. */
import { availableParallelism, loadavg } from 'node:os';

/** The p-th percentile (0–100) by nearest rank; NaN for no values. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** CPU count and the 1-minute load average, to read the figures against. */
export function machine(): { cpus: number; load1: number } {
  return { cpus: availableParallelism(), load1: round(loadavg()[0] ?? 0, 2) };
}
