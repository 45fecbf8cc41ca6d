import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

// Each command is a fresh process opening the database: slow on a loaded 2-core machine.
vi.setConfig({ testTimeout: 180_000 });
import { sql } from 'kysely';
import { Database } from '../platform/db/database.js';
import { testMasterKey, uniqueEmail } from '../testing/test-server.js';

const bin = fileURLToPath(new URL('../../bin/sigilo.mjs', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'sigilo-cli-'));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  SIGILO_MASTER_KEY: testMasterKey,
  LOG_LEVEL: 'warn',
};

/** Runs the real `sigilo` command and returns its exit code and output. */
async function sigilo(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env, timeout: 170_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The same database the CLI uses (embedded in DATA_DIR, or DATABASE_URL). */
async function openDatabase() {
  return Database.open(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : { embeddedDir: dataDir });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('sigilo CLI', () => {
  const email = uniqueEmail('owner');
  let orgId = '';

  it('sets up an organisation and prints its ids as JSON', async () => {
    const res = await sigilo('setup', '--org', 'Acme CLI', '--email', email, '--password', 'a-long-cli-passphrase', '--json');
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toEqual({ orgId: expect.stringMatching(/^[0-9a-f-]{36}$/), userId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    orgId = out.orgId;
  });

  it('refuses a weak password with one line naming the field', async () => {
    const res = await sigilo('setup', '--org', 'Weak', '--email', uniqueEmail(), '--password', 'password1');
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/password/);
  });

  it('creates an API token and prints it as JSON', async () => {
    const res = await sigilo('token', 'create', '--org', orgId, '--scopes', 'audit:read,users:read', '--json');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).token).toMatch(/^sig_/);
    const bad = await sigilo('token', 'create', '--org', orgId, '--scopes', 'root', '--json');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/scope/);
    const noOrg = await sigilo('token', 'create', '--org', '00000000-0000-4000-8000-000000000000', '--scopes', 'all');
    expect(noOrg.code).toBe(2);
  });

  it('verifies the audit chain, and names the broken entry after tampering', async () => {
    const ok = await sigilo('audit', 'verify', '--org', orgId);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/intact/);

    const db = await openDatabase();
    try {
      await db.withSystem((tx) => sql`UPDATE audit_log SET action = 'nothing.happened' WHERE org_id = ${orgId} AND seq = 2`.execute(tx));
    } finally {
      await db.close();
    }
    const broken = await sigilo('audit', 'verify', '--org', orgId, '--json');
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout);
    expect(report.ok).toBe(false);
    expect(report.breaks[0]).toMatchObject({ orgId, seq: 2, problem: 'altered' });
  });

  it('adds to and clears the IP allowlist', async () => {
    expect((await sigilo('allowlist', 'add', '--org', orgId, '--cidr', '10.0.0.0/8')).code).toBe(0);
    expect((await sigilo('allowlist', 'add', '--org', orgId, '--cidr', '10.0.0.0/99')).code).not.toBe(0);
    const cleared = await sigilo('allowlist', 'clear', '--org', orgId);
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toMatch(/1 entry removed/);
  });

  it('scans JSON lines from stdin and prints only JSON lines', async () => {
    const child = execFile(process.execPath, [bin, 'scan', '--jsonl'], { env });
    child.stdin!.end('{"id":"a","text":"CPF 111.444.777-35"}\n{"id":"b","text":"nada aqui"}\n');
    const out: string[] = [];
    child.stdout!.on('data', (d) => out.push(String(d)));
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
    expect(code).toBe(0);
    const lines = out.join('').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: 'a', entities: [{ type: 'BR_CPF', start: 4, end: 18, score: expect.any(Number) }] },
      { id: 'b', entities: [] },
    ]);
  });

  it('stops on a bad setting with one line naming the variable', async () => {
    const res = await promisify(execFile)(process.execPath, [bin, 'migrate'], { env: { ...env, PORT: 'eighty' } }).catch((e) => e);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^sigilo: Invalid PORT/);
  });
});
