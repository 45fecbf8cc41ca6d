// PGlite runs no autovacuum: the embedded database vacuums and analyses itself. The pass is plain
// SQL, so it is tested on both databases; only embedded mode schedules it (a server has autovacuum).
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { ingestMessages } from '../../modules/conversations/ingest-message.js';
import { createLogger } from '../logging/logger.js';
import { maintainEmbeddedDatabase, scheduleEmbeddedMaintenance } from './maintain-embedded-database.js';

let server: TestServer;
let org: TestOrg;
beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
});
afterAll(() => server?.close());

const QUEUE = 'test.maintenance';
const heapBytes = async () => Number((await server.ctx.database.pool.query(`SELECT pg_relation_size('inbox_items') AS n`)).rows[0].n);

/** Puts and handles `count` items: every row is deleted again, leaving only dead space behind. */
async function churn(count: number): Promise<void> {
  const { inbox } = server.ctx.jobs;
  await Promise.all(Array.from({ length: count }, () => inbox.put(QUEUE, { orgId: org.orgId, route: randomUUID(), payload: randomBytes(900) })));
  let done: string[] = [];
  for (;;) {
    const items = await inbox.claim(QUEUE, 200, 60, done);
    if (!items.length) break;
    done = items.map((i) => i.id);
  }
}

describe('embedded database maintenance', () => {
  it('gives back the space of rows a queue deleted, and gives the planner statistics', async () => {
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
    await churn(1500);
    const bloated = await heapBytes();
    expect(bloated).toBeGreaterThan(1024 * 1024); // ~1 KB a row, none of it reused without a vacuum

    const { ms } = await maintainEmbeddedDatabase(server.ctx.database.pool, { analyze: true });
    expect(ms).toBeGreaterThan(0);
    expect(await heapBytes()).toBeLessThan(bloated / 4);
    const stats = await server.ctx.database.pool.query(`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = 'public' AND tablename = 'conversations'`);
    expect(stats.rows[0].n).toBeGreaterThan(0);
  });

  it('runs on a schedule, and stop waits for a pass in flight', async () => {
    await churn(1500);
    const bloated = await heapBytes();
    expect(bloated).toBeGreaterThan(1024 * 1024);
    const maintenance = scheduleEmbeddedMaintenance(server.ctx.database.pool, { everyMs: 100 });
    try {
      await expect.poll(heapBytes, { timeout: 10_000, interval: 100 }).toBeLessThan(bloated / 4);
    } finally {
      await maintenance.stop();
    }
  });

  it('logs a failed pass without failing the process, and tries again', async () => {
    const lines: Array<{ msg: string; err?: unknown }> = [];
    const logger = createLogger('debug', new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    // A database nobody listens on: every pass fails to connect.
    const unreachable = new pg.Pool({ host: '127.0.0.1', port: 9, connectionTimeoutMillis: 1_000 });
    const maintenance = scheduleEmbeddedMaintenance(unreachable, { everyMs: 20, logger });
    const failures = () => lines.filter((l) => l.msg.startsWith('embedded database maintenance failed'));
    try {
      await expect.poll(() => failures().length, { timeout: 10_000, interval: 20 }).toBeGreaterThanOrEqual(2);
    } finally {
      await maintenance.stop();
      await unreachable.end();
    }
    // The error's name and code only: a driver's message can quote data.
    expect(failures()[0]!.err).toEqual({ type: 'Error', code: 'ECONNREFUSED' });
  });
});
