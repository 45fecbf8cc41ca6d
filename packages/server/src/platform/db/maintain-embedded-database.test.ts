// PGlite runs no autovacuum: the embedded database vacuums and analyses itself. The pass is plain
// SQL, so it is tested on both databases; only embedded mode schedules it (a server has autovacuum).
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { ingestMessages } from '../../modules/conversations/ingest-message.js';
import { createLogger } from '../logging/logger.js';
import { maintainEmbeddedDatabase, scheduleEmbeddedMaintenance } from './maintain-embedded-database.js';

let server: TestServer;
let org: TestOrg;
// A table of the test's own, with autovacuum off: on a server, autovacuum must not clean it first.
const PROBE = 'maintenance_probe';
beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  await server.ctx.database.pool.query(`CREATE TABLE ${PROBE} (id int PRIMARY KEY, filler text NOT NULL) WITH (autovacuum_enabled = off)`);
});
afterAll(() => server?.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const heapBytes = async () => Number((await server.ctx.database.pool.query(`SELECT pg_relation_size('${PROBE}') AS n`)).rows[0].n);

/** Inserts and deletes `count` rows of about 1 KB: what a queue does, leaving only dead space behind. */
async function churn(count: number): Promise<number> {
  await server.ctx.database.pool.query(`INSERT INTO ${PROBE} SELECT g, repeat('x', 1000) FROM generate_series(1, $1::int) g`, [count]);
  await server.ctx.database.pool.query(`DELETE FROM ${PROBE}`);
  const bloated = await heapBytes();
  expect(bloated).toBeGreaterThan(1024 * 1024); // none of it reused without a vacuum
  return bloated;
}

function capturedLogger() {
  const lines: Array<{ msg: string; database?: string; err?: unknown }> = [];
  const logger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
  return { lines, logger };
}

describe('embedded database maintenance', () => {
  it('gives back the space of deleted rows, and gives the planner statistics', async () => {
    await ingestMessages(server.ctx, [
      {
        orgId: org.orgId,
        channel: { id: null, type: 'api' },
        direction: 'inbound',
        sender: { type: 'contact' },
        contact: { identities: [{ kind: 'email', value: `stats.${randomUUID().slice(0, 8)}@example.test` }] },
        text: 'olá',
      },
    ]);
    const bloated = await churn(1500);

    const pass = await maintainEmbeddedDatabase(server.ctx.database.pool, { analyze: true });
    expect(pass.tables).toBeGreaterThan(10); // every table, pg-boss's included
    expect(await heapBytes()).toBeLessThan(bloated / 4);
    const stats = await server.ctx.database.pool.query(`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = 'conversations'`);
    expect(stats.rows[0].n).toBeGreaterThan(0);
  });

  it('runs on a schedule, and stop waits for the pass in flight', async () => {
    const bloated = await churn(1500);
    const { lines, logger } = capturedLogger();
    // A transaction holding the lock VACUUM needs: the scheduled pass waits on it (on PGlite, on
    // the one backend).
    const holder = await server.ctx.database.pool.connect();
    let stopped = false;
    try {
      await holder.query(`BEGIN; LOCK TABLE ${PROBE} IN SHARE UPDATE EXCLUSIVE MODE`);
      const maintenance = scheduleEmbeddedMaintenance(server.ctx.database.pool, { database: 'main', everyMs: 50, logger });
      await sleep(300); // a pass has started, and waits
      const stopping = maintenance.stop().then(() => (stopped = true));
      await sleep(300);
      expect(stopped).toBe(false);
      await holder.query('COMMIT');
      await stopping;
    } finally {
      holder.release();
    }
    expect(stopped).toBe(true);
    expect(lines.some((l) => l.msg === 'embedded database vacuumed' || l.msg.startsWith('embedded database maintenance was slow'))).toBe(true);
    expect(lines.every((l) => l.database === 'main')).toBe(true);
    expect(await heapBytes()).toBeLessThan(bloated / 4);
  });

  it('logs a failed pass without failing the process, and tries again', async () => {
    const { lines, logger } = capturedLogger();
    // A socket folder that does not exist: every pass fails to connect.
    const unreachable = new pg.Pool({ host: `/nonexistent-${randomUUID()}`, port: 5432 });
    const maintenance = scheduleEmbeddedMaintenance(unreachable, { database: 'key vault', everyMs: 20, logger });
    const failures = () => lines.filter((l) => l.msg.startsWith('embedded database maintenance failed'));
    try {
      await expect.poll(() => failures().length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(2);
    } finally {
      await maintenance.stop();
      await unreachable.end();
    }
    // The error's name and code only: a driver's message can quote data.
    expect(failures()[0]).toMatchObject({ database: 'key vault', err: { type: 'Error', code: 'ENOENT' } });
    expect(JSON.stringify(failures()[0]!.err)).not.toContain('nonexistent');
  });
});
