/**
 * Operations endpoints: /healthz (Redis and the queues), /metrics (Prometheus), and the
 * BullMQ dashboard (bull-board) at /admin/queues, behind HTTP Basic auth with the secret in
 * QUEUE_DASHBOARD_SECRET (disabled when unset).
 */

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express from 'express';
import type { Core } from './core.ts';

export const DASHBOARD_PATH = '/admin/queues';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function secretMatches(header: string | undefined, secret: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const password = decoded.slice(decoded.indexOf(':') + 1);
  const a = Buffer.from(password);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface OpsHandlers {
  healthz: Handler;
  metrics: Handler;
  dashboard: Handler | null;
}

/** How long /healthz and /metrics wait for Redis before they answer 503: a probe must get an
 *  answer. */
const HEALTH_TIMEOUT_MS = 1000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function createOpsHandlers(core: Core, dashboardSecret?: string): OpsHandlers {
  // Every queue the workers run: the health check and the dashboard leave none out.
  const queues = [core.outboxQueue, core.slaQueue, core.csQueue, core.incidentQueue];
  const healthz: Handler = async (_req, res) => {
    // The clients wait for Redis indefinitely (maxRetriesPerRequest: null, which BullMQ
    // needs), so a command sent while Redis is down would never answer: report a client
    // that is not connected at once, and bound the checks when it is.
    if (core.redis.status !== 'ready') {
      json(res, 503, { ok: false, redis: 'down', error: `Redis connection ${core.redis.status}` });
      return;
    }
    try {
      const [, ...counts] = await withTimeout(
        Promise.all([
          core.redis.ping(),
          ...queues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'failed')),
        ]),
        HEALTH_TIMEOUT_MS,
      );
      const byQueue = Object.fromEntries(queues.map((q, i) => [q.name, counts[i]]));
      json(res, 200, { ok: true, redis: 'up', queues: byQueue });
    } catch (error) {
      json(res, 503, { ok: false, redis: 'down', error: (error as Error).message });
    }
  };
  const metrics: Handler = async (_req, res) => {
    // The gauges read Redis (open tickets, queue sizes): the same bounds as /healthz, so a
    // scrape gets an answer while Redis is away.
    if (core.redis.status !== 'ready') {
      json(res, 503, { ok: false, error: `Redis connection ${core.redis.status}` });
      return;
    }
    try {
      const body = await withTimeout(core.metrics.registry.metrics(), HEALTH_TIMEOUT_MS);
      res.writeHead(200, { 'content-type': core.metrics.registry.contentType });
      res.end(body);
    } catch (error) {
      json(res, 503, { ok: false, error: (error as Error).message });
    }
  };
  let dashboard: Handler | null = null;
  if (dashboardSecret) {
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: queues.map((q) => new BullMQAdapter(q)),
      serverAdapter,
    });
    const app = express();
    app.use(DASHBOARD_PATH, (req, res, next) => {
      if (secretMatches(req.headers.authorization, dashboardSecret)) return next();
      res.setHeader('www-authenticate', 'Basic realm="Sanad queues"');
      res.status(401).send('Authentication required');
    });
    app.use(DASHBOARD_PATH, serverAdapter.getRouter());
    dashboard = (req, res) => {
      app(req as express.Request, res as express.Response);
    };
  }
  return { healthz, metrics, dashboard };
}

/** Routes a request to an ops handler; returns false when the path is not an ops path. */
export function routeOps(
  handlers: OpsHandlers,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/healthz') {
    void handlers.healthz(req, res);
    return true;
  }
  if (path === '/metrics') {
    void handlers.metrics(req, res);
    return true;
  }
  if (path === DASHBOARD_PATH || path.startsWith(`${DASHBOARD_PATH}/`)) {
    if (handlers.dashboard) void handlers.dashboard(req, res);
    else
      json(res, 404, { ok: false, error: 'queue dashboard disabled: set QUEUE_DASHBOARD_SECRET' });
    return true;
  }
  return false;
}
