import type pg from 'pg';
import type { Logger } from '../logging/logger.js';

/**
 * PGlite is one backend with no background workers: it never runs autovacuum. Without this, the
 * rows a queue deletes never gave their space back (the inbox grew about 2.3 KB per handled
 * message, 47 MB per 20,000, for good) and the planner never had statistics for any table.
 * A server's autovacuum does both; this is the embedded database's stand-in.
 */
export const VACUUM_EVERY_MS = 5 * 60_000;
/** Statistics change slowly, and ANALYZE reads a sample of every table: hourly is enough. */
export const ANALYZE_EVERY_MS = 60 * 60_000;

/**
 * One pass over the whole database. VACUUM reads only the pages changed since the last one (the
 * visibility map), so frequent passes stay short: 130–200 ms right after 15,000 new customers on
 * a fresh database, 12–22 ms for the next; with ANALYZE 220–350 ms (`npm run bench:embedded`).
 * It goes through the pool like any statement, so it waits for an open transaction to end.
 */
export async function maintainEmbeddedDatabase(pool: pg.Pool, options: { analyze: boolean }): Promise<{ ms: number }> {
  const started = performance.now();
  await pool.query(options.analyze ? 'VACUUM (ANALYZE)' : 'VACUUM');
  return { ms: performance.now() - started };
}

/**
 * Runs the pass every `everyMs`, with ANALYZE on the first and then every `analyzeEveryMs`.
 * A failed pass is logged and tried again at the next interval; `stop` waits for a running one.
 */
export function scheduleEmbeddedMaintenance(
  pool: pg.Pool,
  options: { logger?: Logger; everyMs?: number; analyzeEveryMs?: number } = {},
): { stop(): Promise<void> } {
  const everyMs = options.everyMs ?? VACUUM_EVERY_MS;
  const analyzeEveryMs = options.analyzeEveryMs ?? ANALYZE_EVERY_MS;
  let lastAnalyze = -Infinity;
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return; // a long pass (a large first ANALYZE) is not stacked on
    const analyze = performance.now() - lastAnalyze >= analyzeEveryMs;
    running = maintainEmbeddedDatabase(pool, { analyze })
      .then(({ ms }) => {
        if (analyze) lastAnalyze = performance.now();
        options.logger?.debug({ analyze, ms: Math.round(ms) }, 'embedded database vacuumed');
      })
      .catch((err: Error & { code?: string }) => {
        options.logger?.warn({ err: { name: err.name, code: err.code } }, 'embedded database maintenance failed; it runs again at the next interval');
      })
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
