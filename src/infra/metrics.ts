/**
 * Prometheus metrics (prom-client). Gauges that describe stored state (open tickets, queue
 * depths) are collected at scrape time from the sources passed in, so any process — app or
 * standalone worker — reports the same numbers.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricSources {
  openTicketsByPriority(): Promise<Record<string, number>>;
  queueDepths(): Promise<Record<string, Record<string, number>>>;
}

export interface Metrics {
  registry: Registry;
  remindersPosted: Counter<'phase' | 'threshold'>;
  breaches: Counter<'priority' | 'phase'>;
  reminderLateness: Histogram<string>;
  setSources(sources: MetricSources): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  let sources: MetricSources | undefined;
  const remindersPosted = new Counter({
    name: 'sanad_sla_reminders_posted_total',
    help: 'SLA reminders posted, by phase and threshold (%)',
    labelNames: ['phase', 'threshold'] as const,
    registers: [registry],
  });
  const breaches = new Counter({
    name: 'sanad_sla_breaches_total',
    help: 'SLA breaches escalated, by priority and phase',
    labelNames: ['priority', 'phase'] as const,
    registers: [registry],
  });
  const reminderLateness = new Histogram({
    name: 'sanad_sla_reminder_lateness_seconds',
    help: 'How late an SLA reminder was posted after its threshold instant',
    buckets: [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 15, 60],
    registers: [registry],
  });
  new Gauge({
    name: 'sanad_open_tickets',
    help: 'Open tickets by priority',
    labelNames: ['priority'] as const,
    registers: [registry],
    async collect() {
      if (!sources) return;
      this.reset();
      for (const [priority, count] of Object.entries(await sources.openTicketsByPriority())) {
        this.set({ priority }, count);
      }
    },
  });
  new Gauge({
    name: 'sanad_queue_jobs',
    help: 'BullMQ jobs by queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      if (!sources) return;
      this.reset();
      for (const [queue, counts] of Object.entries(await sources.queueDepths())) {
        for (const [state, count] of Object.entries(counts)) this.set({ queue, state }, count);
      }
    },
  });
  return {
    registry,
    remindersPosted,
    breaches,
    reminderLateness,
    setSources(s) {
      sources = s;
    },
  };
}
