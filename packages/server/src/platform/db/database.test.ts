import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe('database connections', () => {
  // A generic plan cached for a foreign-key check while `conversations` was nearly empty kept
  // probing a secondary index on org_id: ingest on embedded PGlite slowed with every conversation
  // (docs/benchmarks.md, embedded). Pooled connections, embedded or server, plan per call.
  it('plans a cached statement per call on every pooled connection, never with a generic plan', async () => {
    const { pool } = server.ctx.database;
    const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    try {
      for (const client of clients) {
        expect((await client.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode')).rows[0]!.plan_cache_mode).toBe('force_custom_plan');
        // Past the fifth run a cached statement may switch to a generic plan, which shows the
        // parameter ($1) where a custom plan shows the value.
        const name = `probe_${randomUUID().replaceAll('-', '')}`;
        await client.query(`PREPARE ${name}(uuid) AS SELECT 1 FROM conversations WHERE org_id = $1 AND id = $1`);
        try {
          const id = randomUUID();
          for (let i = 0; i < 6; i++) await client.query(`EXECUTE ${name}('${id}')`);
          const plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ${name}('${id}')`)).rows.map((r) => r['QUERY PLAN']).join('\n');
          expect(plan).toContain(id);
          expect(plan).not.toContain('$1');
        } finally {
          await client.query(`DEALLOCATE ${name}`);
        }
      }
    } finally {
      for (const client of clients) client.release();
    }
  });
});
