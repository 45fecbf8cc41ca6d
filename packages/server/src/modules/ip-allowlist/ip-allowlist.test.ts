import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { isIpAllowed, parseCidr } from './is-ip-allowed.js';
import { addAllowlistEntry } from './add-allowlist-entry.js';
import { clearAllowlist } from './clear-allowlist.js';

describe('isIpAllowed', () => {
  it.each([
    [[], '203.0.113.9', true],
    [['203.0.113.0/24'], '203.0.113.9', true],
    [['203.0.113.0/24'], '198.51.100.1', false],
    [['203.0.113.0/24'], '::ffff:203.0.113.9', true],
    [['2001:db8::/32'], '2001:db8:1::5', true],
    [['2001:db8::/32'], '2001:db9::1', false],
    [['2001:db8::/32'], '203.0.113.9', false],
    [['10.0.0.0/8'], null, false],
    [['10.0.0.0/8'], 'not-an-ip', false],
  ] as [string[], string | null, boolean][])('%j admits %s: %s', (cidrs, ip, expected) => {
    expect(isIpAllowed(cidrs, ip)).toBe(expected);
  });

  it('normalises ranges and explains bad ones', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ cidr: '10.0.0.0/8' });
    expect(parseCidr('192.0.2.7')).toEqual({ cidr: '192.0.2.7/32' });
    expect(parseCidr('2001:db8::1/32')).toEqual({ cidr: '2001:db8::/32' });
    expect(parseCidr('10.0.0.0/33')).toHaveProperty('error');
    expect(parseCidr('example.com')).toHaveProperty('error');
  });
});

describe('IP allowlist over HTTP', () => {
  let server: TestServer;
  let org: TestOrg;
  beforeAll(async () => {
    server = await startTestServer();
    org = await createTestOrg(server.ctx);
  });
  afterAll(() => server?.close());

  it('refuses requests from outside the list, the login included, and lets the CLI path reopen it', async () => {
    const owner = new TestClient(server.url);
    await owner.login(org.ownerEmail);
    // From the dashboard the owner cannot lock themselves out…
    const lockout = await owner.post('/api/v1/allowlist', { cidr: '10.0.0.0/8' });
    expect(lockout.status).toBe(409);
    expect(lockout.body.type).toMatch(/would-lock-out$/);
    const bad = await owner.post('/api/v1/allowlist', { cidr: '10.0.0.0/99' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('cidr');
    const own = await owner.post('/api/v1/allowlist', { cidr: '127.0.0.1', label: 'loopback' });
    expect(own.status).toBe(201);
    expect((await owner.get('/api/v1/allowlist')).body.currentIp).toBe('127.0.0.1');

    // …but an operator on the server can (as `sigilo allowlist add` does).
    const { database } = server.ctx;
    await database.withTenant(org.orgId, async (tx) => {
      await tx.deleteFrom('ip_allowlist').execute();
      await addAllowlistEntry(tx, { orgId: org.orgId, cidr: '10.0.0.0/8', actor: { type: 'system', label: 'cli' }, ip: null });
    });
    const blocked = await owner.get('/api/v1/users');
    expect(blocked.status).toBe(403);
    expect(blocked.body.type).toMatch(/ip-not-allowed$/);
    const login = await new TestClient(server.url).login(org.ownerEmail);
    expect(login.status).toBe(403);

    await database.withTenant(org.orgId, (tx) => clearAllowlist(tx, { orgId: org.orgId, actor: { type: 'system', label: 'cli' } }));
    expect((await owner.get('/api/v1/users')).status).toBe(200);
    const actions = (await owner.get('/api/v1/audit?limit=500')).body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['allowlist.added', 'access.ip_blocked', 'login.ip_blocked', 'allowlist.cleared']));
  });
});
