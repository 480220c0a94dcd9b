/**
 * The triage measurement in its own process (see measure.ts); prints its outcome as JSON.
 * With `app`, the app's modules are loaded first (Redis client, queues, Bolt, …) without
 * starting anything: the process is in the state the app's own process classifies in.
 */
import { measureTriage } from './measure.ts';

if (process.argv.includes('app')) await import('../../src/core.ts');
const outcome = await measureTriage();
process.stdout.write(`${JSON.stringify(outcome)}\n`);
process.exit(0);
