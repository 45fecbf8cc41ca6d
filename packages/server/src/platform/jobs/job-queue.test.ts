// The job queue on a real database: group commit and batch loops, and several nodes starting at
// once on a fresh PostgreSQL database (they race to create pg-boss's schema).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { JobQueue } from './job-queue.js';
import { createLogger } from '../logging/logger.js';
import { Writable } from 'node:stream';

const silent = createLogger('warn', new Writable({ write: (_c, _e, done) => done() }));

describe('job queue', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('commits concurrent enqueues together and works them in batches, completing all', async () => {
    const queue = `test.batch.${randomBytes(4).toString('hex')}`;
    await Promise.all(Array.from({ length: 60 }, (_, i) => server.ctx.jobs.enqueue(queue, { n: i })));
    const seen: number[] = [];
    const batches: number[] = [];
    await server.ctx.jobs.workBatches<{ n: number }>(
      queue,
      async (jobs) => {
        batches.push(jobs.length);
        for (const j of jobs) seen.push(j.data.n);
        // One job fails: it is retried, the others are completed.
        const failing = jobs.find((j) => j.data.n === 7 && j.retryCount === 0);
        return { failed: failing ? [{ id: failing.id, error: new Error('boom') }] : [] };
      },
      { batchSize: 25, idleSeconds: 0.1 },
    );
    await expect.poll(() => seen.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(61);
    expect(new Set(seen).size).toBe(60);
    expect(seen.filter((n) => n === 7)).toHaveLength(2);
    expect(Math.max(...batches)).toBeGreaterThan(1);
  });
});

describe.runIf(Boolean(process.env.DATABASE_URL))('job queue on a fresh PostgreSQL database', () => {
  const name = `sigilo_jobs_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('starts several nodes at once', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: url.toString(), max: 3 }).on('error', () => {}));
    // The app role exists before pg-boss grants to it (the migrations create it).
    await pools[0]!.query("DO $$ BEGIN CREATE ROLE sigilo_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    const queues = await Promise.all(pools.map((pool) => JobQueue.start(pool, silent, { worker: false, embedded: false })));
    await Promise.all(queues.map((q) => q.stop()));
    await Promise.all(pools.map((p) => p.end()));
    expect(queues).toHaveLength(4);
  });
});
