import type pg from 'pg';
import type { Logger } from '../logging/logger.js';

/**
 * PGlite is one backend with no background workers: it never runs autovacuum. Without this, the
 * rows a queue deletes never gave their space back (the inbox grew 2.3 KB per handled message, for
 * good) and the planner never had statistics for any table. A server's autovacuum does both; this
 * is the embedded database's stand-in (docs/benchmarks.md, embedded).
 */
const VACUUM_EVERY_MS = 5 * 60_000;
/** Statistics change slowly, and ANALYZE reads a sample of every table: hourly is enough. */
const ANALYZE_EVERY_MS = 60 * 60_000;
/** A pass longer than this is logged at info: PGlite runs on this process's thread, which waits. */
const SLOW_PASS_MS = 1_000;

export interface MaintenancePass {
  ms: number;
  tables: number;
  /** The table that took longest, and how long (table names are schema, never personal data). */
  slowest: { table: string; ms: number } | null;
}

/**
 * One pass over every table, one statement per table: PGlite executes on this process's thread,
 * so each statement holds everything else up, and between two of them queued requests are served.
 * VACUUM reads only the pages changed since the last pass (the visibility map), so passes stay short.
 */
export async function maintainEmbeddedDatabase(pool: pg.Pool, options: { analyze: boolean }): Promise<MaintenancePass> {
  const started = performance.now();
  const { rows } = await pool.query<{ name: string }>(`SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables ORDER BY 1`);
  let slowest: MaintenancePass['slowest'] = null;
  for (const { name } of rows) {
    const t = performance.now();
    await pool.query(`VACUUM ${options.analyze ? '(ANALYZE) ' : ''}${name}`);
    const ms = performance.now() - t;
    if (!slowest || ms > slowest.ms) slowest = { table: name, ms: Math.round(ms) };
  }
  return { ms: performance.now() - started, tables: rows.length, slowest };
}

/**
 * Runs a pass every `everyMs`, with ANALYZE on the first and then every `analyzeEveryMs`, on a pool
 * of its own (`stop`, then end that pool). A failed pass is logged and tried again at the next
 * interval; `stop` waits for a pass in flight.
 */
export function scheduleEmbeddedMaintenance(
  pool: pg.Pool,
  options: { database: string; logger?: Logger; everyMs?: number; analyzeEveryMs?: number },
): { stop(): Promise<void> } {
  const everyMs = options.everyMs ?? VACUUM_EVERY_MS;
  const analyzeEveryMs = options.analyzeEveryMs ?? ANALYZE_EVERY_MS;
  const database = options.database;
  let lastAnalyze = -Infinity;
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return; // a long pass (the first ANALYZE of a large install) is not stacked on
    const analyze = performance.now() - lastAnalyze >= analyzeEveryMs;
    running = maintainEmbeddedDatabase(pool, { analyze })
      .then((pass) => {
        if (analyze) lastAnalyze = performance.now();
        const fields = { database, analyze, ms: Math.round(pass.ms), tables: pass.tables, slowest: pass.slowest };
        if (pass.ms >= SLOW_PASS_MS) options.logger?.info(fields, 'embedded database maintenance was slow; requests waited meanwhile');
        else options.logger?.debug(fields, 'embedded database vacuumed');
      })
      .catch((err: unknown) => {
        const { name, code } = (err ?? {}) as { name?: string; code?: string };
        options.logger?.warn({ database, err: { name, code } }, 'embedded database maintenance failed; it runs again at the next interval');
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
