/**
 * `npm run bench`: the five benchmarks of issue 8, each against its baseline or floor in the
 * same run, each with its own servers. Prints a table and writes bench/results.json.
 *
 *   npm run bench                 all parts
 *   npm run bench -- triage ack   some parts (results.json keeps the other parts' last figures)
 *
 * Not part of the test suite. Takes about three minutes on two cores.
 *
 * Knobs for investigating (not needed for a run):
 *   BENCH_APP_NODE_ARGS, BENCH_WORKER_NODE_ARGS, BENCH_REPORT_NODE_ARGS, BENCH_STANDIN_NODE_ARGS
 *       extra node flags for the app, the reminder workers, the review process, the stand-in
 *       (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof")
 *   BENCH_ACK_WORKER=separate   ack with the workers in their own process (SANAD_WORKER=off)
 *   BENCH_ACK_SECONDS=n         measure n seconds a side instead of 30
 *   BENCH_ACK_STANDIN_NICE=n    the stand-in's nice value during ack (default 10; 0: the apps')
 *   BENCH_REMINDER_TICKETS=n    reminders for n tickets instead of 3,334 (3 each)
 *   BENCH_REMINDER_WARMUP=n     warm the workers with n tickets' reminders first (default 1,000; 0: cold)
 *   BENCH_REMINDER_DUMP=file    each reminder's due time in the window and lateness, as JSON
 *   BENCH_REDIS_HZ=n            the benchmark's redis-servers with `hz n` (default 100, as LocalRedisServer)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartOutcome } from './lib/part.ts';
import { ROOT } from './lib/proc.ts';
import { machine, round } from './lib/stats.ts';
import { benchAck } from './parts/ack.ts';
import { benchBurst } from './parts/burst.ts';
import { benchReminders } from './parts/reminders.ts';
import { benchReport } from './parts/report.ts';
import { benchTriage } from './parts/triage.ts';

const PARTS = {
  ack: benchAck,
  triage: benchTriage,
  reminders: benchReminders,
  report: benchReport,
  burst: benchBurst,
} as const;
type PartName = keyof typeof PARTS;
const ORDER = Object.keys(PARTS) as PartName[];
const RESULTS = join(ROOT, 'bench/results.json');

function parseArgs(argv: string[]): PartName[] {
  const asked = argv.filter((a) => !a.startsWith('-'));
  for (const a of asked) {
    if (!(a in PARTS)) {
      process.stderr.write(`unknown part "${a}"; parts: ${ORDER.join(', ')}\n`);
      process.exit(2);
    }
  }
  return asked.length === 0 ? ORDER : ORDER.filter((p) => asked.includes(p));
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(rows[0]!), sep, ...rows.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const parts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const m = machine();
  process.stderr.write(`bench: ${parts.join(', ')} on ${m.cpus} CPUs (load ${m.load1})\n`);
  const outcomes: Partial<Record<PartName, PartOutcome<unknown> | Error>> = {};
  for (const part of parts) {
    const t0 = Date.now();
    try {
      outcomes[part] = await PARTS[part]();
    } catch (error) {
      outcomes[part] = error as Error;
      process.stderr.write(`[${part}] failed: ${(error as Error).stack}\n`);
    }
    process.stderr.write(`[${part}] done in ${round((Date.now() - t0) / 1000, 1)} s\n`);
  }

  const previous: Record<string, unknown> = existsSync(RESULTS)
    ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>)
    : {};
  const results: Record<string, unknown> = {};
  for (const part of ORDER) {
    const o = outcomes[part];
    if (o && !(o instanceof Error)) results[part] = o.result;
    else if (part in previous) results[part] = previous[part];
  }
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);

  const rows = [['part', 'figures', 'target', 'result']];
  for (const part of parts) {
    const o = outcomes[part]!;
    if (o instanceof Error) rows.push([part, `error: ${o.message.split('\n')[0]}`, '', 'FAIL']);
    else rows.push([part, o.figures, o.target, o.pass ? 'pass' : 'FAIL']);
  }
  const out: string[] = ['', table(rows), ''];
  for (const part of parts) {
    const o = outcomes[part]!;
    if (o instanceof Error) continue;
    for (const note of o.notes) out.push(`  ${part}: ${note}`);
  }
  out.push(
    '',
    `bench/results.json written; ${round((Date.now() - started) / 1000, 0)} s on ${m.cpus} CPUs (load at start ${m.load1}, at end ${machine().load1})`,
    '',
  );
  process.stdout.write(out.join('\n'));
  process.exit(0);
}

void main();
