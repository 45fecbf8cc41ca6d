import { rolePermissions } from '../auth/permissions.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, addTestUser, createTestOrg, startTestServer, strongPassword, uniqueEmail, type TestOrg, type TestServer } from '../../testing/test-server.js';

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

describe('users and roles', () => {
  it('creates an agent who can sign in, and audits role changes', async () => {
    const email = uniqueEmail('agent');
    const created = await owner.post('/api/v1/users', { email: email.toUpperCase(), name: 'Ana', role: 'agent', password: strongPassword });
    expect(created.status).toBe(201);
    expect(created.body.email).toBe(email);
    expect(created.body).not.toHaveProperty('passwordHash');
    expect((await owner.post('/api/v1/users', { email, name: 'Dup', role: 'agent', password: strongPassword })).status).toBe(409);
    const changed = await owner.patch(`/api/v1/users/${created.body.id}`, { role: 'supervisor' });
    expect(changed.body.role).toBe('supervisor');
    const entry = (await owner.get('/api/v1/audit?action=user.role_changed')).body.items[0];
    expect(entry.metadata).toEqual({ from: 'agent', to: 'supervisor' });
    expect((await new TestClient(server.url).login(email)).status).toBe(200);
  });

  it('lets only an owner grant the owner role, and keeps the last owner', async () => {
    const admin = await addTestUser(server.ctx, org, 'admin');
    const c = new TestClient(server.url);
    await c.login(admin.email);
    const agent = await addTestUser(server.ctx, org, 'agent');
    expect((await c.patch(`/api/v1/users/${agent.id}`, { role: 'owner' })).status).toBe(403);
    expect((await c.patch(`/api/v1/users/${org.ownerId}`, { role: 'agent' })).status).toBe(403);
    expect((await c.post('/api/v1/users', { email: uniqueEmail(), name: 'X', role: 'owner', password: strongPassword })).status).toBe(403);
    const last = await owner.patch(`/api/v1/users/${org.ownerId}`, { role: 'admin' });
    expect(last.status).toBe(409);
    expect(last.body.type).toMatch(/last-owner$/);
    expect((await owner.patch(`/api/v1/users/${org.ownerId}`, { disabled: true })).status).toBe(409);
  });

  it('ends the sessions of a disabled user at once', async () => {
    const agent = await addTestUser(server.ctx, org, 'agent');
    const c = new TestClient(server.url);
    await c.login(agent.email);
    expect((await c.get('/api/v1/organization')).status).toBe(200);
    await owner.patch(`/api/v1/users/${agent.id}`, { disabled: true });
    expect((await c.get('/api/v1/organization')).status).toBe(401);
  });

  it('shows the role × permission matrix', async () => {
    const res = await owner.get('/api/v1/roles');
    const auditor = res.body.roles.find((r: { role: string }) => r.role === 'auditor');
    // The endpoint shows the matrix the server enforces, and an auditor only ever reads.
    expect(auditor.permissions).toEqual([...rolePermissions.auditor]);
    expect(auditor.permissions).toEqual(expect.arrayContaining(['audit:read', 'conversations:read']));
    expect(auditor.permissions.every((p: string) => p.endsWith(':read'))).toBe(true);
  });
});

describe('organisation settings and setup', () => {
  it('requires 2FA for a role once the setting says so, and audits the change', async () => {
    const sup = await addTestUser(server.ctx, org, 'supervisor');
    const c = new TestClient(server.url);
    await c.login(sup.email);
    expect((await c.get('/api/v1/organization')).status).toBe(200);
    const res = await owner.patch('/api/v1/organization', { require2faRoles: ['supervisor'] });
    expect(res.body.require2faRoles).toEqual(['supervisor']);
    expect((await c.get('/api/v1/organization')).body.type).toMatch(/mfa-enrolment-required$/);
    expect((await owner.get('/api/v1/audit?action=settings.changed')).body.items).toHaveLength(1);
    await owner.patch('/api/v1/organization', { require2faRoles: [] });
  });

  it('closes the web setup once an organisation exists', async () => {
    expect((await owner.get('/api/v1/setup')).body).toEqual({ needed: false });
    const res = await new TestClient(server.url).post('/api/v1/setup', { orgName: 'Second', country: 'ES', name: 'X', email: uniqueEmail(), password: strongPassword });
    expect(res.status).toBe(409);
  });
});
