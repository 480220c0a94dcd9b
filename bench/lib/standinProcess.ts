/**
 * The Slack stand-in in its own process (Slack is not the app, and the load generator should
 * not share an event loop with it). The benchmark drives it over IPC: start, rate limit,
 * slash-command credentials, and compact views of what was posted.
 */
import { DEMO_CHANNELS, DEMO_USERS } from '../../src/demoWorkspace.ts';
import { SlackStandIn } from '../../src/standin/index.ts';
import type { SlackMessage } from '../../src/standin/types.ts';

export interface PostRecord {
  ts: string;
  /** Post time in ms, from the message ts (the stand-in stamps ts with its clock, in µs). */
  atMs: number;
  threadTs?: string;
  /** The app's idempotency key (message metadata), e.g. `card-SND-0001`. */
  key?: string;
}

export type StandInRequest =
  | {
      op: 'start';
      signingSecret: string;
      botToken: string;
      rateLimit: { postsPerSecondPerChannel: number } | false;
    }
  | { op: 'setRateLimit'; rateLimit: { postsPerSecondPerChannel: number } | false }
  | { op: 'issueCommands'; count: number; userId: string; channelId: string }
  | { op: 'posts'; channelId: string }
  | { op: 'callStats' }
  | { op: 'stop' };

let standIn: SlackStandIn | undefined;

// The stand-in hands out response URLs when it sends a command itself; the benchmark signs
// and sends its own, so it asks the workspace for them (a private part of the stand-in).
interface WorkspaceInternals {
  ws: {
    allMessages(channelId: string): SlackMessage[];
    issueResponseUrl(
      baseUrl: string,
      origin: { kind: 'command'; userId: string; channelId: string },
    ): { url: string };
  };
}

function toRecord(m: SlackMessage): PostRecord {
  const [sec, frac = '0'] = m.ts.split('.');
  const payload = m.metadata?.event_payload as { key?: unknown } | undefined;
  return {
    ts: m.ts,
    atMs: Number(sec) * 1000 + Number(frac.padEnd(6, '0')) / 1000,
    threadTs: m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : undefined,
    key: typeof payload?.key === 'string' ? payload.key : undefined,
  };
}

async function handle(req: StandInRequest): Promise<unknown> {
  switch (req.op) {
    case 'start': {
      standIn = new SlackStandIn({
        signingSecret: req.signingSecret,
        botToken: req.botToken,
        rateLimit: req.rateLimit,
        users: Object.values(DEMO_USERS),
        channels: Object.values(DEMO_CHANNELS),
      });
      await standIn.start();
      return { url: standIn.url, apiUrl: standIn.apiUrl };
    }
    case 'setRateLimit':
      standIn!.setRateLimit(req.rateLimit);
      return null;
    case 'issueCommands': {
      const s = standIn!;
      const ws = (s as unknown as WorkspaceInternals).ws;
      const out: Array<{ triggerId: string; responseUrl: string }> = [];
      for (let i = 0; i < req.count; i++) {
        out.push({
          triggerId: s.issueTrigger(req.userId),
          responseUrl: ws.issueResponseUrl(s.url, {
            kind: 'command',
            userId: req.userId,
            channelId: req.channelId,
          }).url,
        });
      }
      return out;
    }
    case 'posts':
      // Read in place: the public allMessages() deep-copies every message, and this is
      // polled while the workers are still posting.
      return (standIn as unknown as WorkspaceInternals).ws.allMessages(req.channelId).map(toRecord);
    case 'callStats': {
      const byMethod: Record<string, Record<string, number>> = {};
      for (const c of standIn!.calls) {
        const m = byMethod[c.method] ?? {};
        byMethod[c.method] = m;
        m[String(c.status)] = (m[String(c.status)] ?? 0) + 1;
      }
      return byMethod;
    }
    case 'stop':
      await standIn?.stop();
      standIn = undefined;
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on('message', (msg: { id: number; req: StandInRequest }) => {
  handle(msg.req).then(
    (result) => process.send?.({ id: msg.id, result }),
    (error: unknown) =>
      process.send?.({ id: msg.id, error: error instanceof Error ? error.stack : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
