import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { TestClient, createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { recordAuditEntry } from './record-audit-entry.js';
import { verifyAuditChain } from './verify-audit-chain.js';
import { csvCell } from './export-audit-csv.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

/** An organisation with `n` extra entries in its chain. */
async function orgWithEntries(n: number): Promise<TestOrg> {
  const org = await createTestOrg(server.ctx);
  await server.ctx.database.withTenant(org.orgId, async (tx) => {
    for (let i = 0; i < n; i++) {
      await recordAuditEntry(tx, { orgId: org.orgId, actor: { type: 'system', label: 'test' }, action: 'test.event', metadata: { i, nested: { b: 1, a: [2, 3] } } });
    }
  });
  return org;
}

/** Direct SQL as the database owner: what an intruder with database access could do. */
const tamper = (query: ReturnType<typeof sql>) => server.ctx.database.withSystem((tx) => query.execute(tx));

describe('audit chain', () => {
  it('verifies an untouched chain, concurrent writers included', async () => {
    const org = await orgWithEntries(5);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        server.ctx.database.withTenant(org.orgId, (tx) => recordAuditEntry(tx, { orgId: org.orgId, actor: { type: 'system', label: 't' }, action: `parallel.${i}` })),
      ),
    );
    const report = await verifyAuditChain(server.ctx.database, { orgId: org.orgId });
    expect(report.breaks).toEqual([]);
    expect(report.entries).toBe(2 + 5 + 8);
  });

  it('names an altered entry', async () => {
    const org = await orgWithEntries(5);
    await tamper(sql`UPDATE audit_log SET reason = 'nothing to see' WHERE org_id = ${org.orgId} AND seq = 4`);
    const report = await verifyAuditChain(server.ctx.database, { orgId: org.orgId });
    expect(report.breaks[0]).toMatchObject({ seq: 4, problem: 'altered' });
  });

  it('names an altered entry whose hash was recomputed, at the next link', async () => {
    const org = await orgWithEntries(5);
    await tamper(sql`UPDATE audit_log SET action = 'other', hash = repeat('a', 64) WHERE org_id = ${org.orgId} AND seq = 3`);
    const report = await verifyAuditChain(server.ctx.database, { orgId: org.orgId });
    expect(report.breaks[0]!.seq).toBe(3);
  });

  it('names a removed entry', async () => {
    const org = await orgWithEntries(5);
    await tamper(sql`DELETE FROM audit_log WHERE org_id = ${org.orgId} AND seq = 5`);
    const report = await verifyAuditChain(server.ctx.database, { orgId: org.orgId });
    expect(report.breaks[0]).toMatchObject({ seq: 5, problem: 'missing' });
  });

  it('names reordered entries', async () => {
    const org = await orgWithEntries(5);
    await tamper(sql`UPDATE audit_log SET seq = -4 WHERE org_id = ${org.orgId} AND seq = 4`);
    await tamper(sql`UPDATE audit_log SET seq = 4 WHERE org_id = ${org.orgId} AND seq = 5`);
    await tamper(sql`UPDATE audit_log SET seq = 5 WHERE org_id = ${org.orgId} AND seq = -4`);
    const report = await verifyAuditChain(server.ctx.database, { orgId: org.orgId });
    expect(report.breaks[0]).toMatchObject({ seq: 4 });
    expect(['out-of-order', 'altered']).toContain(report.breaks[0]!.problem);
  });

  it('catches a chain rebuilt with plain SHA-256 by someone without the master key', async () => {
    const org = await orgWithEntries(4);
    await tamper(sql`DELETE FROM audit_log WHERE org_id = ${org.orgId} AND seq = 6`);
    // Rebuild hashes and links as an intruder would, without the HMAC key.
    await tamper(sql`
      WITH RECURSIVE chain AS (
        SELECT seq, encode(sha256(convert_to(id::text || action, 'UTF8')), 'hex') AS h FROM audit_log WHERE org_id = ${org.orgId} AND seq = 1
        UNION ALL
        SELECT a.seq, encode(sha256(convert_to(a.id::text || a.action || c.h, 'UTF8')), 'hex')
        FROM audit_log a JOIN chain c ON a.seq = c.seq + 1 WHERE a.org_id = ${org.orgId}
      )
      UPDATE audit_log a SET hash = chain.h FROM chain WHERE a.org_id = ${org.orgId} AND a.seq = chain.seq`);
    const report = await verifyAuditChain(server.ctx.database, { orgId: org.orgId });
    expect(report.breaks[0]).toMatchObject({ seq: 1, problem: 'altered' });
  });

  it('catches truncation of the newest entries against an anchored head, and a chain deleted whole', async () => {
    const org = await orgWithEntries(4);
    const before = await verifyAuditChain(server.ctx.database, { orgId: org.orgId });
    const anchors = new Map(before.heads.map((h) => [h.orgId, { seq: h.seq, hash: h.hash }]));
    await tamper(sql`DELETE FROM audit_log WHERE org_id = ${org.orgId} AND seq >= 5`);
    expect((await verifyAuditChain(server.ctx.database, { orgId: org.orgId })).breaks).toEqual([]);
    const anchored = await verifyAuditChain(server.ctx.database, { orgId: org.orgId, anchors });
    expect(anchored.breaks[0]).toMatchObject({ seq: 5, problem: 'missing' });
    await tamper(sql`DELETE FROM audit_log WHERE org_id = ${org.orgId}`);
    expect((await verifyAuditChain(server.ctx.database, { orgId: org.orgId })).breaks[0]).toMatchObject({ seq: 1, problem: 'missing' });
  });

  it('cannot be updated or deleted by the application role', async () => {
    const org = await orgWithEntries(1);
    const { database } = server.ctx;
    await expect(database.withTenant(org.orgId, (tx) => sql`UPDATE audit_log SET reason = 'x'`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(database.withTenant(org.orgId, (tx) => sql`DELETE FROM audit_log`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(database.withTenant(org.orgId, (tx) => sql`TRUNCATE audit_log`.execute(tx))).rejects.toThrow(/permission denied/);
  });
});

describe('audit viewer API', () => {
  it('filters by action, actor and date, pages with before, and exports CSV', async () => {
    const org = await orgWithEntries(3);
    const c = new TestClient(server.url);
    await c.login(org.ownerEmail);
    const all = await c.get('/api/v1/audit');
    expect(all.status).toBe(200);
    expect(all.body.items[0].action).toBe('login.succeeded');
    const byAction = await c.get('/api/v1/audit?action=test');
    expect(byAction.body.items).toHaveLength(3);
    const byActor = await c.get(`/api/v1/audit?actor=${encodeURIComponent(org.ownerEmail.slice(0, 10))}`);
    expect(byActor.body.items.map((e: { action: string }) => e.action)).toEqual(['login.succeeded']);
    const future = await c.get(`/api/v1/audit?from=${new Date(Date.now() + 3600_000).toISOString()}`);
    expect(future.body.items).toHaveLength(0);
    const page1 = await c.get('/api/v1/audit?limit=2');
    expect(page1.body.nextBefore).toBe(page1.body.items[1].seq);
    const page2 = await c.get(`/api/v1/audit?limit=2&before=${page1.body.nextBefore}`);
    expect(page2.body.items[0].seq).toBe(page1.body.nextBefore - 1);
    const badDate = await c.get('/api/v1/audit?from=yesterday-ish');
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors[0].field).toBe('query.from');

    const csv = await c.get('/api/v1/audit/export.csv?action=test');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^seq,at,actor_type/);
    expect(lines).toHaveLength(4);
    // The export itself is in the log, with the filter it used.
    const exported = await c.get('/api/v1/audit?action=audit.exported');
    expect(exported.body.items).toHaveLength(1);
    expect(exported.body.items[0].metadata).toEqual({ filter: { action: 'test' } });
  });

  it('defuses spreadsheet formulas in CSV cells', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(null)).toBe('""');
  });
});
