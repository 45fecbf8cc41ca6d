import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, addTestUser, createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';

let server: TestServer;
let org: TestOrg;
let owner: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  owner = new TestClient(server.url);
  await owner.login(org.ownerEmail);
});
afterAll(() => server?.close());

const bearer = (token: string) => Object.assign(new TestClient(server.url), { bearer: token });

describe('API tokens', () => {
  it('is shown once, stored hashed, works on the routes its scopes allow and records its use', async () => {
    const created = await owner.post('/api/v1/tokens', { name: 'crm', scopes: ['audit:read'], expiresInDays: 30 });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^sig_[0-9a-f]{32}_/);
    const list = await owner.get('/api/v1/tokens');
    expect(JSON.stringify(list.body)).not.toContain(token);
    const stored = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('api_tokens').select('token_hash').where('id', '=', created.body.id).executeTakeFirstOrThrow());
    expect(stored.token_hash).not.toContain(token.slice(-20));

    const api = bearer(token);
    expect((await api.get('/api/v1/audit')).status).toBe(200);
    const missingScope = await api.get('/api/v1/users');
    expect(missingScope.status).toBe(403);
    expect(missingScope.body.detail).toMatch(/users:read/);
    // Bearer writes need no CSRF token, but still a scope.
    expect((await api.post('/api/v1/tokens', { name: 'x', scopes: ['all'] })).status).toBe(403);

    const after = (await owner.get('/api/v1/tokens')).body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(after.lastUsedAt).not.toBeNull();
    const actions = (await owner.get('/api/v1/audit?action=token')).body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['token.created', 'token.used']));
  });

  it('stops working once revoked', async () => {
    const created = await owner.post('/api/v1/tokens', { name: 'temp', scopes: ['all'] });
    expect((await bearer(created.body.token).get('/api/v1/users')).status).toBe(200);
    expect((await owner.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
    const res = await bearer(created.body.token).get('/api/v1/users');
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/revoked/);
    expect((await owner.get('/api/v1/audit?action=token.revoked')).body.items).toHaveLength(1);
  });

  it('stops working once expired', async () => {
    const created = await owner.post('/api/v1/tokens', { name: 'old', scopes: ['all'], expiresInDays: 1 });
    await server.ctx.database.withTenant(org.orgId, (tx) =>
      tx.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', created.body.id).execute(),
    );
    const res = await bearer(created.body.token).get('/api/v1/users');
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/expired/);
  });

  it('refuses unknown, malformed and forged tokens', async () => {
    expect((await bearer('sig_' + '0'.repeat(32) + '_' + 'A'.repeat(43)).get('/api/v1/users')).status).toBe(401);
    expect((await bearer('garbage').get('/api/v1/users')).status).toBe(401);
    const raw = await fetch(server.url + '/api/v1/users', { headers: { authorization: 'Basic abc' } });
    expect(raw.status).toBe(401);
  });

  it('cannot grant more than its creator holds, nor unknown scopes', async () => {
    expect((await owner.post('/api/v1/tokens', { name: 'x', scopes: ['conversations:delete'] })).status).toBe(400);
    expect((await owner.post('/api/v1/tokens', { name: 'x', scopes: [] })).body.errors[0].field).toBe('scopes');
    expect((await owner.post('/api/v1/tokens', { name: 'x', scopes: ['all'], expiresInDays: 999 })).body.errors[0].field).toBe('expiresInDays');
    const agent = await addTestUser(server.ctx, org, 'agent');
    const c = new TestClient(server.url);
    await c.login(agent.email);
    expect((await c.post('/api/v1/tokens', { name: 'x', scopes: ['audit:read'] })).status).toBe(403);
  });
});
