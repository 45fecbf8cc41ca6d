import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import * as OTPAuth from 'otpauth';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../platform/config/load-config.js';
import type { AppContext } from '../platform/context.js';
import { createContext } from '../platform/create-context.js';
import { buildApp } from '../platform/http/app.js';
import { createOrganization } from '../modules/organizations/create-organization.js';
import { createUser } from '../modules/users/create-user.js';
import type { Role } from '../modules/auth/permissions.js';

/**
 * A real Sigilo on a real database, listening on loopback. With DATABASE_URL set the tests run on
 * that PostgreSQL server, in a database of this test file's own (see databaseForThisFile);
 * otherwise each test file gets its own in-memory PGlite.
 */
export interface TestServer {
  ctx: AppContext;
  app: FastifyInstance;
  url: string;
  logs: string[];
  dataDir: string;
  close(): Promise<void>;
}

export const testMasterKey = process.env.SIGILO_MASTER_KEY ?? randomBytes(32).toString('base64');

/** Test files' own databases are named `<DATABASE_URL's database>_f<random>`; global teardown drops them. */
export const FILE_DATABASE_INFIX = '_f';
let fileDatabase: Promise<string> | undefined;

/**
 * One PostgreSQL database per test file (servers of the same file share it). On a shared database
 * the workers of other test files would take this file's jobs from the shared queues and answer to
 * their own fakes and timings, which made cross-file failures.
 */
export function databaseForThisFile(base: string): Promise<string> {
  fileDatabase ??= (async () => {
    const url = new URL(base);
    const name = `${url.pathname.slice(1)}${FILE_DATABASE_INFIX}${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    url.pathname = `/${name}`;
    return url.toString();
  })();
  return fileDatabase;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sigilo-test-'));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({
    ...(process.env.DATABASE_URL ? { DATABASE_URL: await databaseForThisFile(process.env.DATABASE_URL) } : {}),
    SIGILO_MASTER_KEY: testMasterKey,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    LOGIN_RATE_PER_MINUTE: '1000',
    ...env,
  });
  const ctx = await createContext(config, { embeddedDir: config.DATABASE_URL ? undefined : 'memory', logDestination: sink, worker: true });
  const app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    ctx,
    app,
    url: `http://127.0.0.1:${port}`,
    logs,
    dataDir,
    async close() {
      await app.close();
      await ctx.events.close();
      await ctx.jobs.stop();
      await ctx.database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const strongPassword = 'correct-horse-battery-staple';

/** Unique per call, so test files sharing one PostgreSQL database never collide. */
export function uniqueEmail(role = 'user'): string {
  return `${role}.${randomUUID().slice(0, 8)}@example.test`;
}

export interface TestOrg {
  orgId: string;
  ownerId: string;
  ownerEmail: string;
  slug: string;
}

/** An organisation; by default without the 2FA requirement so tests reach the feature they test. */
export async function createTestOrg(ctx: AppContext, options: { require2fa?: boolean; name?: string } = {}): Promise<TestOrg> {
  const ownerEmail = uniqueEmail('owner');
  const { orgId, userId, slug } = await createOrganization(ctx, {
    orgName: options.name ?? `Org ${randomUUID().slice(0, 6)}`,
    country: 'BR',
    ownerName: 'Test Owner',
    ownerEmail,
    ownerPassword: strongPassword,
  });
  if (!options.require2fa) {
    await ctx.database.withTenant(orgId, (tx) => tx.updateTable('organizations').set({ require_2fa_roles: [] }).where('id', '=', orgId).execute());
  }
  return { orgId, ownerId: userId, ownerEmail, slug };
}

export async function addTestUser(ctx: AppContext, org: TestOrg, role: Role): Promise<{ id: string; email: string }> {
  const email = uniqueEmail(role);
  const user = await createUser(ctx, {
    orgId: org.orgId,
    actor: { type: 'system', label: 'test' },
    actorRole: 'owner',
    ip: null,
    email,
    name: `Test ${role}`,
    role,
    password: strongPassword,
  });
  return { id: user.id, email };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** A browser-like client: keeps cookies, fetches and sends the CSRF token on writes. */
export class TestClient {
  cookies = new Map<string, string>();
  csrf?: string;
  bearer?: string;

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (!['GET', 'HEAD'].includes(method) && this.csrf && !h['x-csrf-token']) h['x-csrf-token'] = this.csrf;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown) => this.request('POST', path, body ?? {});
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
  delete = (path: string) => this.request('DELETE', path);

  async fetchCsrf(): Promise<void> {
    this.csrf = (await this.get('/api/v1/auth/csrf')).body.csrfToken;
  }

  /** Password step plus CSRF token; returns the login reply. */
  async login(email: string, password = strongPassword, org?: string): Promise<Reply> {
    await this.fetchCsrf();
    return this.post('/api/v1/auth/login', { email, password, ...(org ? { org } : {}) });
  }
}

export function totpCode(secret: string, timestamp = Date.now()): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp });
}
