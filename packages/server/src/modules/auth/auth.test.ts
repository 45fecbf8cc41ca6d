import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpiredSessions } from './purge-expired-sessions.js';
import { TestClient, addTestUser, createTestOrg, startTestServer, strongPassword, totpCode, type TestServer } from '../../testing/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '15' });
});
afterAll(() => server?.close());

const client = () => new TestClient(server.url);

async function auditActions(orgId: string): Promise<string[]> {
  const rows = await server.ctx.database.withTenant(orgId, (tx) => tx.selectFrom('audit_log').select('action').orderBy('seq').execute());
  return rows.map((r) => r.action);
}

/** Enrols TOTP through the API and returns the secret and recovery codes. */
async function enrol(c: TestClient) {
  const setup = await c.post('/api/v1/auth/2fa/setup');
  expect(setup.status).toBe(200);
  expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
  expect(setup.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
  const enabled = await c.post('/api/v1/auth/2fa/enable', { code: totpCode(setup.body.secret) });
  expect(enabled.status).toBe(200);
  return { secret: setup.body.secret as string, recoveryCodes: enabled.body.recoveryCodes as string[] };
}

describe('password login', () => {
  it('signs in, shows the session, signs out', async () => {
    const org = await createTestOrg(server.ctx);
    const c = client();
    const login = await c.login(org.ownerEmail);
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ status: 'active' });
    const cookie = login.headers.getSetCookie().find((h) => h.startsWith('sigilo_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP on loopback
    const session = await c.get('/api/v1/auth/session');
    expect(session.body.user.email).toBe(org.ownerEmail);
    expect(session.body.permissions).toContain('users:manage');
    expect((await c.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await c.get('/api/v1/auth/session')).status).toBe(401);
    expect(await auditActions(org.orgId)).toEqual(expect.arrayContaining(['login.succeeded', 'logout']));
  });

  it('refuses a wrong password with 401 and audits it, and an unknown e-mail alike', async () => {
    const org = await createTestOrg(server.ctx);
    const wrong = await client().login(org.ownerEmail, 'not-the-password-at-all');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const unknown = await client().login('nobody-here@example.test', 'not-the-password-at-all');
    expect(unknown.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(await auditActions(org.orgId)).toContain('login.failed');
  });

  it('locks the account after repeated failures, even for the right password', async () => {
    const org = await createTestOrg(server.ctx);
    for (let i = 0; i < 3; i++) expect((await client().login(org.ownerEmail, 'wrong-password-number-' + i)).status).toBe(401);
    const locked = await client().login(org.ownerEmail, strongPassword);
    expect(locked.status).toBe(423);
    expect(locked.body.retryAfterSeconds).toBeGreaterThan(800);
    expect(locked.headers.get('retry-after')).toBeTruthy();
    expect(await auditActions(org.orgId)).toContain('login.locked');
  });

  it('locks an unknown e-mail after as many failures as a real account, so lockout reveals nothing', async () => {
    const ghost = `ghost.${Date.now()}@example.test`;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await client().login(ghost, 'wrong-password-number-' + i)).status);
    expect(statuses).toEqual([401, 401, 401, 423]);
  });

  it('refuses a disabled account', async () => {
    const org = await createTestOrg(server.ctx);
    const agent = await addTestUser(server.ctx, org, 'agent');
    const owner = client();
    await owner.login(org.ownerEmail);
    expect((await owner.patch(`/api/v1/users/${agent.id}`, { disabled: true })).status).toBe(200);
    expect((await client().login(agent.email)).status).toBe(401);
  });

  it('rejects cookie-authenticated writes without the CSRF token', async () => {
    const org = await createTestOrg(server.ctx);
    const c = client();
    await c.login(org.ownerEmail);
    const res = await c.request('POST', '/api/v1/tokens', { name: 'x', scopes: ['audit:read'] }, { 'x-csrf-token': 'forged' });
    expect(res.status).toBe(403);
    expect(res.body.type).toMatch(/csrf$/);
    c.csrf = undefined;
    expect((await c.post('/api/v1/tokens', { name: 'x', scopes: ['audit:read'] })).status).toBe(403);
  });

  it('rate-limits login attempts per address', async () => {
    const limited = await startTestServer({ LOGIN_RATE_PER_MINUTE: '3' });
    try {
      const c = new TestClient(limited.url);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await c.post('/api/v1/auth/login', { email: 'x@example.test', password: 'whatever-password' })).status);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses[4]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('two-factor authentication', () => {
  it('forces enrolment for roles that require it, then asks for a TOTP code at the next login', async () => {
    const org = await createTestOrg(server.ctx, { require2fa: true });
    const c = client();
    expect((await c.login(org.ownerEmail)).body.status).toBe('mfa_enrolment_required');
    const blocked = await c.get('/api/v1/users');
    expect(blocked.status).toBe(403);
    expect(blocked.body.type).toMatch(/mfa-enrolment-required$/);

    const { secret, recoveryCodes } = await enrol(c);
    expect(recoveryCodes).toHaveLength(10);
    expect((await c.get('/api/v1/users')).status).toBe(200);
    await c.post('/api/v1/auth/logout');

    const next = client();
    expect((await next.login(org.ownerEmail)).body.status).toBe('mfa_required');
    expect((await next.get('/api/v1/users')).body.type).toMatch(/mfa-required$/);
    // The code used at enrolment belongs to a step already consumed; use the next one.
    const later = Date.now() + 30_000;
    const ok = await next.post('/api/v1/auth/login/mfa', { code: totpCode(secret, later) });
    // A code from the next step is accepted within the ±1 step window.
    expect(ok.status).toBe(200);
    expect((await next.get('/api/v1/users')).status).toBe(200);

    // The same code again, in a fresh login, is a replay.
    const replay = client();
    await replay.login(org.ownerEmail);
    const reused = await replay.post('/api/v1/auth/login/mfa', { code: totpCode(secret, later) });
    expect(reused.status).toBe(401);
    expect(await auditActions(org.orgId)).toEqual(expect.arrayContaining(['2fa.enabled', 'login.password_verified', 'login.failed']));
  });

  it('refuses a wrong code, accepts a recovery code once', async () => {
    const org = await createTestOrg(server.ctx);
    const c = client();
    await c.login(org.ownerEmail);
    const { recoveryCodes } = await enrol(c);

    const wrong = client();
    await wrong.login(org.ownerEmail);
    expect((await wrong.post('/api/v1/auth/login/mfa', { code: '000000' })).status).toBe(401);
    expect((await wrong.post('/api/v1/auth/login/mfa', { code: 'abc' })).status).toBe(400);

    const rec = client();
    await rec.login(org.ownerEmail);
    expect((await rec.post('/api/v1/auth/login/mfa', { recoveryCode: recoveryCodes[0]!.toUpperCase() })).status).toBe(200);
    const again = client();
    await again.login(org.ownerEmail);
    expect((await again.post('/api/v1/auth/login/mfa', { recoveryCode: recoveryCodes[0] })).status).toBe(401);
  });

  it('does not reset the failure count when the password is entered again during a TOTP guessing run', async () => {
    const org = await createTestOrg(server.ctx);
    const c = client();
    await c.login(org.ownerEmail);
    await enrol(c);
    const attacker = client();
    await attacker.login(org.ownerEmail);
    expect((await attacker.post('/api/v1/auth/login/mfa', { code: '000001' })).status).toBe(401);
    expect((await attacker.post('/api/v1/auth/login/mfa', { code: '000002' })).status).toBe(401);
    expect((await attacker.login(org.ownerEmail)).body.status).toBe('mfa_required');
    expect((await attacker.post('/api/v1/auth/login/mfa', { code: '000003' })).status).toBe(401);
    expect((await attacker.login(org.ownerEmail)).status).toBe(423);
  });

  it('accepts a TOTP code once even when it arrives on several sessions at the same time', async () => {
    const org = await createTestOrg(server.ctx);
    const c = client();
    await c.login(org.ownerEmail);
    const { secret } = await enrol(c);
    const sessions = await Promise.all(Array.from({ length: 4 }, async () => {
      const s = client();
      await s.login(org.ownerEmail);
      return s;
    }));
    const code = totpCode(secret, Date.now() + 30_000);
    const statuses = await Promise.all(sessions.map((s) => s.post('/api/v1/auth/login/mfa', { code }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  });

  it('issues a new session token once the second factor is passed', async () => {
    const org = await createTestOrg(server.ctx);
    const c = client();
    await c.login(org.ownerEmail);
    const { secret } = await enrol(c);
    const next = client();
    await next.login(org.ownerEmail);
    const pending = next.cookies.get('sigilo_session')!;
    expect((await next.post('/api/v1/auth/login/mfa', { code: totpCode(secret, Date.now() + 30_000) })).status).toBe(200);
    expect(next.cookies.get('sigilo_session')).not.toBe(pending);
    expect((await next.get('/api/v1/users')).status).toBe(200);
    const stale = client();
    stale.cookies.set('sigilo_session', pending);
    expect((await stale.get('/api/v1/auth/session')).status).toBe(401);
  });

  it('will not disable 2FA for a role that requires it', async () => {
    const org = await createTestOrg(server.ctx, { require2fa: true });
    const c = client();
    await c.login(org.ownerEmail);
    const { secret } = await enrol(c);
    const res = await c.post('/api/v1/auth/2fa/disable', { password: strongPassword, code: totpCode(secret, Date.now() + 30_000) });
    expect(res.status).toBe(409);
  });

  it('changes the password only with the current one and a strong new one', async () => {
    const org = await createTestOrg(server.ctx);
    const c = client();
    await c.login(org.ownerEmail);
    expect((await c.post('/api/v1/auth/password', { currentPassword: 'wrong-password-here', newPassword: 'another-long-passphrase' })).body.errors[0].field).toBe('currentPassword');
    expect((await c.post('/api/v1/auth/password', { currentPassword: strongPassword, newPassword: 'password123' })).body.errors[0].field).toBe('newPassword');
    expect((await c.post('/api/v1/auth/password', { currentPassword: strongPassword, newPassword: 'another-long-passphrase' })).status).toBe(204);
    expect((await client().login(org.ownerEmail, 'another-long-passphrase')).status).toBe(200);
  });
});

describe('session housekeeping', () => {
  it('purges expired sessions, which no longer authenticate', async () => {
    const org = await createTestOrg(server.ctx);
    const c = client();
    await c.login(org.ownerEmail);
    await server.ctx.database.withTenant(org.orgId, (tx) => tx.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).execute());
    expect((await c.get('/api/v1/auth/session')).status).toBe(401);
    expect(await purgeExpiredSessions(server.ctx)).toBeGreaterThanOrEqual(1);
    const left = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('sessions').select('id').execute());
    expect(left).toEqual([]);
  });
});

describe('logs', () => {
  it('carry neither the e-mail nor the password of a login flow', async () => {
    const org = await createTestOrg(server.ctx);
    const c = client();
    await c.login(org.ownerEmail, 'a-wrong-password-for-the-log-test');
    await c.login(org.ownerEmail);
    await c.get(`/api/v1/audit?actor=${encodeURIComponent(org.ownerEmail)}`);
    const logs = server.logs.join('');
    expect(logs).toContain('/api/v1/auth/login'); // the flow was logged…
    expect(logs).not.toContain(org.ownerEmail); // …without the e-mail
    expect(logs).not.toContain(org.ownerEmail.split('@')[0]);
    expect(logs).not.toContain(strongPassword);
    expect(logs).not.toContain('a-wrong-password-for-the-log-test');
    expect(logs).not.toContain(c.cookies.get('sigilo_session'));
  });
});
