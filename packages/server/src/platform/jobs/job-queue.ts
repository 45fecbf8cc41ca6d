import PgBoss from 'pg-boss';
import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import type { Tx } from '../db/database.js';
import type { Logger } from '../logging/logger.js';

/**
 * Background jobs on the same PostgreSQL (pg-boss), embedded or server. Job data lives in plain
 * tables: put ids in it, or payloads sealed with sealForOrganization, never personal data in clear.
 */
export interface JobOptions {
  /** Enqueue inside this transaction: the job exists exactly when the change that asks for it does. */
  tx?: Tx;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  startAfterSeconds?: number;
  singletonKey?: string;
  expireInSeconds?: number;
}

export type JobHandler<T> = (data: T, job: { id: string; retryCount: number }) => Promise<void>;

/**
 * PGlite behind pglite-socket serialises whole transactions across connections, but not the
 * separate wire messages of a parameterised query outside one: two connections' Parse/Bind/Execute
 * could interleave ("portal does not exist"). In embedded mode each pg-boss statement with
 * parameters therefore runs in a transaction of its own.
 */
async function inOwnTransaction(pool: pg.Pool, text: string, values: unknown[]): Promise<pg.QueryResult> {
  if (!values || values.length === 0) return pool.query(text); // simple protocol: one message
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await client.query(text, values);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

export class JobQueue {
  private readonly queues = new Set<string>();

  private constructor(private readonly boss: PgBoss, private readonly logger: Logger) {}

  static async start(pool: pg.Pool, logger: Logger, options: { worker: boolean; embedded: boolean }): Promise<JobQueue> {
    const boss = new PgBoss({
      db: { executeSql: options.embedded ? (text, values) => inOwnTransaction(pool, text, values) : (text, values) => pool.query(text, values) },
      // Only worker nodes run pg-boss's maintenance and cron; every node may send.
      supervise: options.worker,
      schedule: options.worker,
      migrate: true,
      // Finished jobs leave quickly: their data may be sealed customer payloads.
      archiveCompletedAfterSeconds: 300,
      deleteAfterDays: 1,
    });
    boss.on('error', (err: Error) => logger.error({ err }, 'job queue error'));
    await boss.start();
    // Tenant transactions run as sigilo_app and enqueue from inside them.
    await pool.query('GRANT USAGE ON SCHEMA pgboss TO sigilo_app');
    await pool.query('GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA pgboss TO sigilo_app');
    return new JobQueue(boss, logger);
  }

  private async ensureQueue(name: string): Promise<void> {
    if (this.queues.has(name)) return;
    if (!(await this.boss.getQueue(name))) await this.boss.createQueue(name);
    this.queues.add(name);
  }

  async send<T extends object>(name: string, data: T, options: JobOptions = {}): Promise<string | null> {
    await this.ensureQueue(name);
    const tx = options.tx;
    return this.boss.send(name, data, {
      retryLimit: options.retryLimit ?? 5,
      retryDelay: options.retryDelaySeconds ?? 5,
      retryBackoff: options.retryBackoff ?? true,
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.expireInSeconds ? { expireInSeconds: options.expireInSeconds } : {}),
      ...(tx
        ? { db: { executeSql: async (text: string, values: unknown[]) => ({ rows: (await tx.executeQuery(CompiledQuery.raw(text, values))).rows as unknown[] }) } }
        : {}),
    });
  }

  /**
   * Runs `handler` for each job. A batch is worked `concurrency` jobs at a time; when any job of it
   * fails, the batch fails after the others have finished and pg-boss retries it with backoff, so
   * handlers of batched queues must be idempotent.
   */
  async work<T extends object>(
    name: string,
    handler: JobHandler<T>,
    options: { batchSize?: number; pollingIntervalSeconds?: number; concurrency?: number } = {},
  ): Promise<void> {
    await this.ensureQueue(name);
    const concurrency = Math.max(1, options.concurrency ?? 1);
    await this.boss.work<T>(name, { batchSize: options.batchSize ?? 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5 }, async (jobs) => {
      let next = 0;
      let failure: unknown;
      const lane = async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          try {
            await handler(job.data, { id: job.id, retryCount: (job as { retryCount?: number }).retryCount ?? 0 });
          } catch (err) {
            this.logger.warn({ err, queue: name, jobId: job.id }, 'job failed; it will be retried');
            failure ??= err;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, lane));
      if (failure) throw failure;
    });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
