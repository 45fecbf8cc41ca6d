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
  // (docs/benchmarks.md). Every pooled connection, embedded or server, plans per call.
  it('plan every statement per call, foreign-key checks included, on every pooled connection', async () => {
    const { pool } = server.ctx.database;
    const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    try {
      for (const client of clients) {
        const { rows } = await client.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode');
        expect(rows[0]!.plan_cache_mode).toBe('force_custom_plan');
      }
    } finally {
      for (const client of clients) client.release();
    }
  });
});
