import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the inbox reports at each scrape (Inbox.summary). */
export type InboxSummary = () => Promise<Array<{ queue: string; waiting: number; dead: number; oldestWaitingSeconds: number }>>;

/**
 * Prometheus metrics. Labels are route patterns, outcomes and queue names only: never ids, addresses
 * or e-mails.
 */
export function createMetrics(sources: { inbox?: InboxSummary } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sigilo_' });
  if (sources.inbox) {
    const inbox = sources.inbox;
    const failures = new Counter({
      name: 'sigilo_inbox_summary_failures_total',
      help: 'Scrapes whose inbox figures could not be read (the inbox gauges then keep their last values).',
      registers: [registry],
    });
    // Both gauges are collected at once (prom-client gathers metrics in parallel): one query per
    // scrape, and none started while the previous one is still running.
    let last: Awaited<ReturnType<InboxSummary>> = [];
    let pending: { at: number; rows: Promise<Awaited<ReturnType<InboxSummary>>> } | undefined;
    const read = () => {
      if (!pending || performance.now() - pending.at > 1_000) {
        const rows = inbox().then(
          (r) => (last = r),
          () => {
            failures.inc();
            return last;
          },
        );
        // Reused while it runs (at = Infinity), then for a second after it settled.
        const current = { at: Infinity, rows };
        rows.then(() => void (current.at = performance.now()));
        pending = current;
      }
      return pending.rows;
    };
    new Gauge({
      name: 'sigilo_inbox_items',
      help: 'Acknowledged channel notifications not yet deleted, by queue: waiting (claimed ones included) and set aside after their last attempt (dead).',
      labelNames: ['queue', 'state'] as const,
      registers: [registry],
      async collect() {
        const rows = await read();
        this.reset();
        for (const q of rows) {
          this.set({ queue: q.queue, state: 'waiting' }, q.waiting);
          this.set({ queue: q.queue, state: 'dead' }, q.dead);
        }
      },
    });
    new Gauge({
      name: 'sigilo_inbox_oldest_waiting_seconds',
      help: 'How long the oldest claimable item of each queue has waited: how far storing is behind acknowledging.',
      labelNames: ['queue'] as const,
      registers: [registry],
      async collect() {
        const rows = await read();
        this.reset();
        for (const q of rows) this.set({ queue: q.queue }, q.oldestWaitingSeconds);
      },
    });
  }
  return {
    registry,
    httpRequests: new Counter({
      name: 'sigilo_http_requests_total',
      help: 'HTTP requests by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'sigilo_http_request_duration_seconds',
      help: 'HTTP request duration by route pattern.',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    logins: new Counter({
      name: 'sigilo_logins_total',
      help: 'Login attempts by outcome.',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
