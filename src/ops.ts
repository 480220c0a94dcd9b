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

export function createOpsHandlers(core: Core, dashboardSecret?: string): OpsHandlers {
  const healthz: Handler = async (_req, res) => {
    try {
      await core.redis.ping();
      const queues: Record<string, Record<string, number>> = {};
      for (const q of [core.outboxQueue, core.slaQueue]) {
        queues[q.name] = await q.getJobCounts('waiting', 'active', 'delayed', 'failed');
      }
      json(res, 200, { ok: true, redis: 'up', queues });
    } catch (error) {
      json(res, 503, { ok: false, redis: 'down', error: (error as Error).message });
    }
  };
  const metrics: Handler = async (_req, res) => {
    try {
      const body = await core.metrics.registry.metrics();
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
      queues: [new BullMQAdapter(core.outboxQueue), new BullMQAdapter(core.slaQueue)],
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
