/**
 * The weekly SLA review in a fresh process, as a worker runs it (createCore, then the review
 * job), so the peak RSS is the report's own. Prints one JSON line: ms for the whole review
 * (fetch, compute, post), the peak RSS, and what it saw.
 */
import { loadConfigFromProcess } from '../../src/config/index.ts';
import { createCore } from '../../src/core.ts';
import { SILENT_LOGGER } from '../lib/tickets.ts';

const config = loadConfigFromProcess();
const core = await createCore({ config, logger: SILENT_LOGGER });
const rssBeforeMb = process.resourceUsage().maxRSS / 1024;
let seen = 0;
let streamMs = 0;
const forEach = core.store.forEachSlaFactsCreatedBetween.bind(core.store);
// Count and time what the review streams (a wrapper, no change to what it does).
core.store.forEachSlaFactsCreatedBetween = async (from, to, visit, batchSize) => {
  const s0 = performance.now();
  try {
    return await forEach(
      from,
      to,
      (t) => {
        seen++;
        visit(t);
      },
      batchSize,
    );
  } finally {
    streamMs += performance.now() - s0;
  }
};
const t0 = performance.now();
const verdict = await core.reviews.run({
  id: 'bench-weekly-review',
  attemptsStarted: 1,
  attemptsMade: 0,
});
const ms = performance.now() - t0;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `${JSON.stringify({ ms, peakRssMb, rssBeforeMb, seen, verdict, streamMs })}\n`,
);
await core.close();
process.exit(0);
