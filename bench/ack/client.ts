/**
 * The load generator for the ack benchmark: signed slash commands sent the way Slack sends
 * them (form body, v0 HMAC signature, timestamp), open loop at a fixed rate over a keep-alive
 * agent, timing each request from the moment it is sent to the end of Slack's ack response.
 * Open loop: a slow answer never delays the next command (no coordinated omission).
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface SlashCommand {
  triggerId: string;
  responseUrl: string;
  text: string;
}

export interface LoadOptions {
  url: string;
  signingSecret: string;
  rate: number;
  durationMs: number;
  commands: SlashCommand[];
  channelId: string;
  userId: string;
  userName: string;
}

export interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  /** ms per answered request, in completion order. */
  latencies: number[];
  /** From the first send to the last answer. */
  elapsedMs: number;
  /** The latest any command left after its scheduled instant (timer lag on the sender). */
  maxSendLagMs: number;
}

function body(opts: LoadOptions, cmd: SlashCommand): string {
  return new URLSearchParams([
    ['token', 'standin-verification-token'],
    ['team_id', 'T0SANAD'],
    ['team_domain', 'sanad-standin'],
    ['channel_id', opts.channelId],
    ['channel_name', 'sanad-triage'],
    ['user_id', opts.userId],
    ['user_name', opts.userName],
    ['command', '/ticket'],
    ['text', cmd.text],
    ['api_app_id', 'A0SANAD'],
    ['is_enterprise_install', 'false'],
    ['response_url', cmd.responseUrl],
    ['trigger_id', cmd.triggerId],
  ]).toString();
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(opts.url);
  const total = Math.min(opts.commands.length, Math.round((opts.rate * opts.durationMs) / 1000));
  // Bodies are built before the clock starts; each is signed at its send time (Slack's
  // timestamp is the send time too), which is a microsecond of work.
  const bodies = opts.commands.slice(0, total).map((c) => body(opts, c));
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  let lastEnd = 0;
  let maxSendLagMs = 0;
  const interval = 1000 / opts.rate;
  const start = performance.now();

  await new Promise<void>((resolveAll) => {
    let finished = 0;
    const done = () => {
      finished++;
      if (finished === total) resolveAll();
    };
    const send = (raw: string) => {
      const ts = Math.floor(Date.now() / 1000);
      const signature = `v0=${createHmac('sha256', opts.signingSecret).update(`v0:${ts}:${raw}`).digest('hex')}`;
      const t0 = performance.now();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(raw),
            'x-slack-request-timestamp': String(ts),
            'x-slack-signature': signature,
            'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
          },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            const t1 = performance.now();
            latencies.push(t1 - t0);
            lastEnd = t1;
            if (res.statusCode === 200) ok++;
            else errors++;
            done();
          });
        },
      );
      req.on('error', () => {
        errors++;
        lastEnd = performance.now();
        done();
      });
      req.end(raw);
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        maxSendLagMs = Math.max(maxSendLagMs, now - (start + sent * interval));
        send(bodies[sent]!);
        sent++;
      }
      if (sent < total) {
        const next = start + sent * interval - performance.now();
        setTimeout(tick, Math.max(0, next));
      }
    };
    tick();
  });
  agent.destroy();
  return { sent, ok, errors, latencies, elapsedMs: lastEnd - start, maxSendLagMs };
}
