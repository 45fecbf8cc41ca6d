import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { TestClient, addTestUser, createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';

let server: TestServer;
let a: TestOrg;
let b: TestOrg;
beforeAll(async () => {
  server = await startTestServer();
  a = await createTestOrg(server.ctx);
  b = await createTestOrg(server.ctx);
  await addTestUser(server.ctx, a, 'agent');
  await addTestUser(server.ctx, b, 'agent');
});
afterAll(() => server?.close());

describe('row-level security', () => {
  it('returns only the current tenant rows from a query with no tenant filter', async () => {
    const { database } = server.ctx;
    const rows = await database.withTenant(a.orgId, (tx) => sql<{ org_id: string }>`SELECT org_id FROM users`.execute(tx));
    expect(rows.rows.length).toBe(2);
    expect(new Set(rows.rows.map((r) => r.org_id))).toEqual(new Set([a.orgId]));
    const orgs = await database.withTenant(a.orgId, (tx) => sql<{ id: string }>`SELECT id FROM organizations`.execute(tx));
    expect(orgs.rows.map((r) => r.id)).toEqual([a.orgId]);
    const audit = await database.withTenant(b.orgId, (tx) => sql<{ org_id: string }>`SELECT DISTINCT org_id FROM audit_log`.execute(tx));
    expect(audit.rows.map((r) => r.org_id)).toEqual([b.orgId]);
  });

  it('sees nothing when no tenant is set under the application role', async () => {
    const rows = await server.ctx.database.withSystem(async (tx) => {
      await sql`SET LOCAL ROLE sigilo_app`.execute(tx);
      return sql`SELECT * FROM users`.execute(tx);
    });
    expect(rows.rows).toHaveLength(0);
  });

  it("refuses to write a row into another tenant", async () => {
    await expect(
      server.ctx.database.withTenant(a.orgId, (tx) =>
        tx.insertInto('ip_allowlist').values({ org_id: b.orgId, id: crypto.randomUUID(), cidr: '10.0.0.0/8' }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('does not leak the tenant to the next transaction on the same pooled connection', async () => {
    const { database } = server.ctx;
    await database.withTenant(a.orgId, async () => undefined);
    const after = await database.withSystem((tx) => sql<{ org: string | null; role: string }>`SELECT sigilo_current_org() AS org, current_user AS role`.execute(tx));
    expect(after.rows[0]!.org).toBeNull();
    expect(after.rows[0]!.role).not.toBe('sigilo_app');
  });
});

describe('another tenant over HTTP', () => {
  it("answers 404 for another organisation's ids", async () => {
    const victim = await addTestUser(server.ctx, b, 'supervisor');
    const owner = new TestClient(server.url);
    await owner.login(a.ownerEmail);
    expect((await owner.patch(`/api/v1/users/${victim.id}`, { role: 'agent' })).status).toBe(404);
    const ownersB = new TestClient(server.url);
    await ownersB.login(b.ownerEmail);
    const token = await ownersB.post('/api/v1/tokens', { name: 'b', scopes: ['audit:read'] });
    expect((await owner.delete(`/api/v1/tokens/${token.body.id}`)).status).toBe(404);
    const entry = await ownersB.post('/api/v1/allowlist', { cidr: '127.0.0.0/8' });
    expect((await owner.delete(`/api/v1/allowlist/${entry.body.id}`)).status).toBe(404);
    // Nothing of B shows in A's lists.
    const users = await owner.get('/api/v1/users');
    expect(users.body.items.map((u: { id: string }) => u.id)).not.toContain(victim.id);
    const audit = await owner.get('/api/v1/audit?limit=500');
    expect(audit.body.items.every((e: { targetId: string | null }) => e.targetId !== victim.id)).toBe(true);
    // And B's entry is still there.
    expect((await ownersB.get('/api/v1/allowlist')).body.items).toHaveLength(1);
  });
});
