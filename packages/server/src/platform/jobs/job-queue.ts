import PgBoss from 'pg-boss';
import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import { statementRunner, type Tx } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import { Inbox } from './inbox.js';

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

export interface FetchedJob<T> {
  id: string;
  data: T;
  retryCount: number;
}

/** What a batch handler reports: the jobs that failed (retried later); the others are completed. */
export type BatchHandler<T> = (jobs: FetchedJob<T>[]) => Promise<{ failed: Array<{ id: string; error: unknown }> }>;

/** Advisory lock key for starting the job queue (any constant unique to this use). */
const JOB_QUEUE_START_LOCK = 720_100_001;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


export class JobQueue {
  private readonly queues = new Set<string>();
  private readonly loops: Promise<void>[] = [];
  private stopping = false;
  /** Group commit: jobs waiting for the insert in flight to finish, per queue and options. */
  private readonly waiting = new Map<string, { name: string; options: JobOptions; items: Array<{ data: object; resolve: () => void; reject: (err: unknown) => void }>; flushing: boolean }>();

  private constructor(
    private readonly boss: PgBoss,
    private readonly logger: Logger,
    /** The hot queue for acknowledged channel notifications (inbox.ts). */
    readonly inbox: Inbox,
  ) {}

  static async start(pool: pg.Pool, logger: Logger, options: { worker: boolean; embedded: boolean }): Promise<JobQueue> {
    const boss = new PgBoss({
      db: { executeSql: statementRunner(pool, options) },
      // Only worker nodes run pg-boss's maintenance and cron; every node may send.
      supervise: options.worker,
      schedule: options.worker,
      migrate: true,
      // Finished jobs leave quickly: their data may be sealed customer payloads.
      archiveCompletedAfterSeconds: 300,
      deleteAfterDays: 1,
    });
    boss.on('error', (err: Error) => logger.error({ err }, 'job queue error'));
    // Nodes (or test workers) starting at once on a fresh database would race to create
    // pg-boss's schema and to grant on it ("tuple concurrently updated"): on a server, starts are
    // serialised by an advisory lock. Embedded PGlite has one node.
    const lock = options.embedded ? null : await pool.connect();
    try {
      if (lock) await lock.query('SELECT pg_advisory_lock($1)', [JOB_QUEUE_START_LOCK]);
      await boss.start();
      // Tenant transactions run as sigilo_app and enqueue from inside them.
      await pool.query('GRANT USAGE ON SCHEMA pgboss TO sigilo_app');
      await pool.query('GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA pgboss TO sigilo_app');
    } finally {
      if (lock) {
        await lock.query('SELECT pg_advisory_unlock($1)', [JOB_QUEUE_START_LOCK]).catch(() => {});
        lock.release();
      }
    }
    return new JobQueue(boss, logger, Inbox.forPool(pool, logger, options));
  }

  /**
   * Creates the queue if needed. Call it at start-up for queues that are first used inside a
   * transaction: on PGlite, creating one there would wait on that same transaction.
   */
  async ensureQueue(name: string): Promise<void> {
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

  /** Enqueues many jobs in one statement (inside `options.tx` when given). */
  async sendMany<T extends object>(name: string, items: T[], options: JobOptions = {}): Promise<void> {
    if (!items.length) return;
    await this.ensureQueue(name);
    const tx = options.tx;
    const startAfter = options.startAfterSeconds ? new Date(Date.now() + options.startAfterSeconds * 1000) : undefined;
    await this.boss.insert(
      items.map((data) => ({
        name,
        data,
        retryLimit: options.retryLimit ?? 5,
        retryDelay: options.retryDelaySeconds ?? 5,
        retryBackoff: options.retryBackoff ?? true,
        ...(startAfter ? { startAfter } : {}),
        ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
        ...(options.expireInSeconds ? { expireInSeconds: options.expireInSeconds } : {}),
      })),
      tx ? { db: { executeSql: async (text: string, values: unknown[]) => ({ rows: (await tx.executeQuery(CompiledQuery.raw(text, values))).rows as unknown[] }) } } : {},
    );
  }

  /**
   * Enqueues one job, committed together with the others that arrive while an insert is in flight
   * (group commit): under load, hundreds of webhook requests share one statement; when idle, a job
   * is inserted at once. Resolves once the job is committed.
   */
  enqueue<T extends object>(name: string, data: T, options: Omit<JobOptions, 'tx'> = {}): Promise<void> {
    const key = `${name}\u0000${JSON.stringify(options)}`;
    let slot = this.waiting.get(key);
    if (!slot) this.waiting.set(key, (slot = { name, options, items: [], flushing: false }));
    const promise = new Promise<void>((resolve, reject) => slot!.items.push({ data, resolve, reject }));
    if (!slot.flushing) void this.flush(slot);
    return promise;
  }

  private async flush(slot: { name: string; options: JobOptions; items: Array<{ data: object; resolve: () => void; reject: (err: unknown) => void }>; flushing: boolean }): Promise<void> {
    slot.flushing = true;
    try {
      while (slot.items.length) {
        const batch = slot.items.splice(0, 500);
        try {
          await this.sendMany(slot.name, batch.map((b) => b.data), slot.options);
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      slot.flushing = false;
    }
  }

  /**
   * Works a queue in batches with `loops` independent fetch loops: each fetches up to `batchSize`
   * jobs, hands them to `handler` at once, completes the ones it did not report failed and fails
   * the rest (retried by pg-boss with their backoff). Unlike pg-boss's `work`, a loop fetches again
   * at once while there is work, and sleeps `idleSeconds` only when the queue is empty (and
   * `lingerMs` after a small batch).
   */
  async workBatches<T extends object>(
    name: string,
    handler: BatchHandler<T>,
    options: { batchSize: number; idleSeconds?: number; loops?: number; lingerMs?: number },
  ): Promise<void> {
    await this.ensureQueue(name);
    const idleMs = (options.idleSeconds ?? 0.5) * 1000;
    const lingerMs = options.lingerMs ?? 0;
    const loop = async () => {
      while (!this.stopping) {
        let jobs: FetchedJob<T>[];
        try {
          const fetched = await this.boss.fetch<T>(name, { batchSize: options.batchSize, includeMetadata: true });
          jobs = fetched.map((j) => ({ id: j.id, data: j.data, retryCount: j.retryCount ?? 0 }));
        } catch (err) {
          this.logger.warn({ err, queue: name }, 'job fetch failed');
          await sleep(idleMs);
          continue;
        }
        if (!jobs.length) {
          await sleep(idleMs);
          continue;
        }
        let failed: Array<{ id: string; error: unknown }>;
        try {
          failed = (await handler(jobs)).failed;
        } catch (err) {
          failed = jobs.map((j) => ({ id: j.id, error: err }));
        }
        const failedIds = new Set(failed.map((f) => f.id));
        const done = jobs.filter((j) => !failedIds.has(j.id)).map((j) => j.id);
        try {
          if (done.length) await this.boss.complete(name, done);
          for (const f of failed) {
            this.logger.warn({ err: f.error, queue: name, jobId: f.id }, 'job failed; it will be retried');
            await this.boss.fail(name, f.id, { message: errorSummary(f.error) });
          }
        } catch (err) {
          // The jobs stay active and expire into a retry; handlers are idempotent.
          this.logger.warn({ err, queue: name }, 'job completion failed');
        }
        // A small batch means the queue is nearly drained: wait a moment so the next batch is
        // bigger, trading a few milliseconds of latency for fewer round trips per job.
        if (lingerMs && jobs.length < options.batchSize / 4) await sleep(lingerMs);
      }
    };
    for (let i = 0; i < Math.max(1, options.loops ?? 1); i++) this.loops.push(loop());
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
      // A fetch that returns while the queue is stopping must not start work: the database may be
      // closed under it, and pg-boss would then fail the job on a closed pool (an unhandled
      // rejection). Left unfinished, the jobs expire and another node (or the next start) runs them.
      if (this.stopping) return new Promise<void>(() => {});
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
      // A handler that failed because the queue is stopping (its database closing under it) is left
      // unfinished too: failing it would use the closed pool. The job expires and runs again.
      if (failure && this.stopping) return new Promise<void>(() => {});
      if (failure) throw failure;
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.loops, this.inbox.stop()]);
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}

/** What a failed job keeps: the error's name and code, never a message that could quote data. */
function errorSummary(err: unknown): string {
  const e = err as { name?: string; code?: string };
  return [e?.name ?? 'Error', e?.code].filter(Boolean).join(' ');
}
