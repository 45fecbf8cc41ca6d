import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, addTestUser, createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { roles, rolePermissions, type Role } from '../../modules/auth/permissions.js';
import { rateLimitKey } from './app.js';

let server: TestServer;
let org: TestOrg;
const clients = new Map<Role, TestClient>();
beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  for (const role of roles) {
    const c = new TestClient(server.url);
    const email = role === 'owner' ? org.ownerEmail : (await addTestUser(server.ctx, org, role)).email;
    expect((await c.login(email)).status).toBe(200);
    clients.set(role, c);
  }
});
afterAll(() => server?.close());

const fakeId = '00000000-0000-4000-8000-000000000000';
const concrete = (url: string) => url.replace(/:id\b/g, fakeId);

describe('route × role', () => {
  it('every /api/v1 route declares an access rule', () => {
    const undeclared = server.app.routeCatalogue.filter((r) => !r.access);
    expect(undeclared).toEqual([]);
    expect(server.app.routeCatalogue.length).toBeGreaterThan(15);
  });

  it('answers 403 exactly when the role lacks the route permission', async () => {
    const checked: string[] = [];
    for (const route of server.app.routeCatalogue) {
      const access = route.access!;
      if (!('permission' in access)) continue;
      for (const role of roles) {
        const res = await clients.get(role)!.request(route.method, concrete(route.url), route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
        const allowed = rolePermissions[role].has(access.permission);
        if (allowed) expect(res.status, `${role} ${route.method} ${route.url}`).not.toBe(403);
        else expect(res.status, `${role} ${route.method} ${route.url}`).toBe(403);
        expect(res.status, `${role} ${route.method} ${route.url}`).toBeLessThan(500);
        checked.push(`${role} ${route.method} ${route.url}`);
      }
    }
    expect(checked.length).toBeGreaterThanOrEqual(roles.length * 10);
  });

  it('answers 401 to every non-public route without credentials', async () => {
    const anonymous = new TestClient(server.url);
    for (const route of server.app.routeCatalogue) {
      if ('public' in route.access!) continue;
      const res = await anonymous.request(route.method, concrete(route.url), route.method === 'GET' ? undefined : {});
      expect(res.status, `${route.method} ${route.url}`).toBe(401);
    }
  });
});

describe('bad input', () => {
  const bodies: [string, string, string][] = [
    ['malformed JSON', '{"oops', 'application/json'],
    ['a JSON array', '[1,2,3]', 'application/json'],
    ['wrong types', JSON.stringify({ email: 42, password: false, name: [], role: 'emperor', cidr: {}, scopes: 'all', code: 123456, orgName: null, country: 'XX', expiresInDays: 'soon', require2faRoles: ['king'], disabled: 'yes' }), 'application/json'],
    ['a huge string', JSON.stringify({ name: 'x'.repeat(200_000), email: 'y'.repeat(5000) }), 'application/json'],
    ['plain text', 'hello', 'text/plain'],
    ['null', 'null', 'application/json'],
  ];

  it('gets a 4xx problem with field-level detail on every write route, never a 500', async () => {
    const owner = clients.get('owner')!;
    for (const route of server.app.routeCatalogue) {
      if (!route.hasBody) continue; // routes without a body ignore what is sent
      for (const [label, body, type] of bodies) {
        const res = await owner.request(route.method, concrete(route.url), body, { 'content-type': type });
        const where = `${route.method} ${route.url} with ${label}`;
        expect(res.status, where).toBeGreaterThanOrEqual(400);
        expect(res.status, where).toBeLessThan(500);
        expect(res.headers.get('content-type'), where).toMatch(/application\/problem\+json/);
        if (res.status === 400) expect(Array.isArray(res.body.errors) || typeof res.body.detail === 'string', where).toBe(true);
      }
    }
  });

  it('refuses NUL characters and impossible dates with a 400, never a 500', async () => {
    const owner = clients.get('owner')!;
    const nul = await new TestClient(server.url).post('/api/v1/auth/login', { email: 'a@example.test', password: 'x', org: 'ac\u0000me' });
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0].field).toBe('org');
    expect((await owner.get('/api/v1/audit?actor=%00')).status).toBe(400);
    const old = await owner.get('/api/v1/audit?from=-200000-01-01');
    expect(old.status).toBe(400);
    expect((await owner.get('/api/v1/audit/export.csv?to=-200000-01-01')).status).toBe(400);
  });

  it('names the fields that are wrong', async () => {
    const res = await clients.get('owner')!.post('/api/v1/users', { email: 'not-an-email', name: '', role: 'emperor', password: 'x' });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['email', 'name', 'role']);
  });

  it('answers unknown API paths with a problem+json 404', async () => {
    const res = await clients.get('owner')!.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });
});

describe('operations and documentation', () => {
  it('serves health, readiness and Prometheus metrics without personal data', async () => {
    expect((await fetch(server.url + '/health')).status).toBe(200);
    const ready = await fetch(server.url + '/ready');
    expect(await ready.json()).toEqual({ status: 'ready' });
    const metrics = await (await fetch(server.url + '/metrics')).text();
    expect(metrics).toContain('sigilo_http_requests_total');
    expect(metrics).toContain('route="/api/v1/users/:id"');
    expect(metrics).toContain('sigilo_logins_total');
    expect(metrics).not.toContain(org.ownerEmail);
    expect(metrics).not.toContain(fakeId);
  });

  it('reports the inbox backlog per queue on /metrics: waiting, set aside, and the oldest waiting item\'s age', async () => {
    const queue = `test.metrics.${Date.now()}`;
    await server.ctx.jobs.inbox.putMany(queue, [1, 2, 3].map((n) => ({ orgId: org.orgId, route: 'r', payload: Buffer.from(`p${n}`) })));
    const [item] = await server.ctx.jobs.inbox.claim(queue, 1, 60);
    await server.ctx.jobs.inbox.fail(item!, new Error('boom'), 1); // its last attempt: set aside
    await new Promise((r) => setTimeout(r, 1_100)); // past the scrape memo, and an age above a second
    const metrics = await (await fetch(server.url + '/metrics')).text();
    expect(metrics).toContain(`sigilo_inbox_items{queue="${queue}",state="waiting"} 2`);
    expect(metrics).toContain(`sigilo_inbox_items{queue="${queue}",state="dead"} 1`);
    const age = Number(new RegExp(`sigilo_inbox_oldest_waiting_seconds\\{queue="${queue.replace(/\./g, '\\.')}"\\} ([0-9.]+)`).exec(metrics)?.[1]);
    expect(age).toBeGreaterThanOrEqual(1);
    expect(age).toBeLessThan(60);
  });

  it('keeps /metrics for this machine unless a token is configured', async () => {
    const guarded = await startTestServer({ METRICS_TOKEN: 'prometheus-scrape-token' });
    try {
      expect((await fetch(guarded.url + '/metrics')).status).toBe(403);
      const ok = await fetch(guarded.url + '/metrics', { headers: { authorization: 'Bearer prometheus-scrape-token' } });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('buckets IPv6 clients by /64 for rate limits', () => {
    expect(rateLimitKey({ ip: '2001:db8:1:2:aaaa::1' })).toBe(rateLimitKey({ ip: '2001:db8:1:2:bbbb::9' }));
    expect(rateLimitKey({ ip: '2001:db8:1:3::1' })).not.toBe(rateLimitKey({ ip: '2001:db8:1:2::1' }));
    expect(rateLimitKey({ ip: '203.0.113.7' })).toBe('203.0.113.7');
  });

  it('serves OpenAPI 3.1 covering every route, and the interactive reference', async () => {
    const spec = await (await fetch(server.url + '/api/openapi.json')).json();
    expect(spec.openapi).toBe('3.1.0');
    const documented = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    for (const r of server.app.routeCatalogue) {
      expect(documented).toContain(`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    }
    const docs = await fetch(server.url + '/api/docs/');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });

  it('sends security headers on every answer a browser can get: API, unknown paths, the web app page, health', async () => {
    for (const [path, accept] of [['/api/v1/setup', '*/*'], ['/api/v1/no-such-route', '*/*'], ['/inbox', 'text/html'], ['/health', '*/*']] as const) {
      const res = await fetch(server.url + path, { headers: { accept } });
      expect(res.headers.get('content-security-policy'), path).toMatch(/default-src 'self'/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('strict-transport-security'), path).toMatch(/max-age/);
      expect(res.headers.get('x-frame-options'), path).toBeTruthy();
    }
  });

  it('answers channel webhooks outside the browser scope (no browser headers or cookies), as problem+json, and counts them', async () => {
    const res = await fetch(server.url + '/webhooks/whatsapp', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ object: 'whatsapp_business_account', entry: [] }),
    });
    expect(res.status).toBe(401); // unsigned
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('set-cookie')).toBeNull();
    const metrics = await (await fetch(server.url + '/metrics')).text();
    expect(metrics).toMatch(/sigilo_http_requests_total\{method="POST",route="\/webhooks\/whatsapp",status="401"\} [1-9]/);
  });
});
