// The issue's proof: a dump of the main database taken BEFORE an erasure can no longer be decrypted
// for the erased subject, because the keys were never in it; only the key vault held them.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultKeyVaultUrl } from '../../platform/config/config-variables.js';
import { createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { ingestMessage } from '../conversations/ingest-message.js';
import { loadContactKey, openForContact, ShreddedKeyError, unwrapContactKey } from '../contacts/contact-keys.js';
import { startDataSubjectRequestWorkers } from './index.js';
import { eraseRequest, registerRequest } from './manage-requests.js';

let server: TestServer;
let org: TestOrg;
let stopWorkers: () => void = () => {};

beforeAll(async () => {
  server = await startTestServer();
  stopWorkers = await startDataSubjectRequestWorkers(server.ctx);
  org = await createTestOrg(server.ctx);
}, 60_000);
afterAll(async () => {
  stopWorkers();
  await server?.close();
});

const usePgDump = () => !!server.ctx.config.DATABASE_URL && spawnSync('pg_dump', ['--version']).status === 0;

/** Every row of every table as text: a plain dump (pg_dump on PostgreSQL). */
async function dumpOf(pool: { query: (text: string) => Promise<{ rows: Array<Record<string, string>> }> }, url: string | undefined, schemas: string[]): Promise<string> {
  if (url && usePgDump()) {
    return execFileSync('pg_dump', ['--data-only', url], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  }
  const tables = await pool.query(`SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN (${schemas.map((s) => `'${s}'`).join(', ')})`);
  const parts: string[] = [];
  for (const t of tables.rows) {
    const rows = await pool.query(`SELECT t::text AS r FROM "${t.schemaname}"."${t.tablename}" AS t`);
    parts.push(...rows.rows.map((r) => r.r!));
  }
  return parts.join('\n');
}

const dumpMain = () => dumpOf(server.ctx.database.pool, server.ctx.config.DATABASE_URL, ['public', 'pgboss']);
const vaultUrl = () => server.ctx.config.KEY_VAULT_URL ?? (server.ctx.config.DATABASE_URL ? defaultKeyVaultUrl(server.ctx.config.DATABASE_URL) : undefined);
const dumpVault = () => dumpOf(server.ctx.keyVault.pool, vaultUrl(), ['public']);

/** The bytea values on the dump line that holds `id` (COPY text or a row literal: `\\x…` either way). */
function byteaOn(dump: string, id: string): Buffer[] {
  const lines = dump.split('\n').filter((l) => l.includes(id));
  return lines.flatMap((l) => [...l.matchAll(/\\+x([0-9a-f]{2,})/g)].map((m) => Buffer.from(m[1]!, 'hex')));
}

/** Opens the sealed body of message `messageId` found in `dump` with a wrapped key found in `vaultDump`. */
function openFromDumps(dump: string, vaultDump: string, contactId: string, messageId: string): string | ShreddedKeyError {
  const wrapped = byteaOn(vaultDump, contactId);
  if (!wrapped.length) return new ShreddedKeyError();
  const key = unwrapContactKey(server.ctx.kms, org.orgId, contactId, wrapped[0]!);
  const aad = `${org.orgId}:messages:${messageId}`;
  for (const candidate of byteaOn(dump, messageId)) {
    try {
      return openForContact(key, candidate, aad).toString('utf8');
    } catch {
      // another bytea column of the row
    }
  }
  throw new Error('no sealed value of this message opened');
}

async function customer(tag: string, text: string) {
  const m = await ingestMessage(server.ctx, {
    orgId: org.orgId,
    channel: { id: null, type: 'webchat' },
    direction: 'inbound',
    sender: { type: 'contact' },
    contact: { identities: [{ kind: 'email', value: `${tag}@cliente.test` }], displayName: `Cliente ${tag}` },
    text,
  });
  return { contactId: m.contactId, messageId: m.messageId, email: `${tag}@cliente.test`, text };
}

describe('erasure against backups', () => {
  it('leaves a dump taken before the erasure undecryptable for the subject, and only for them', async () => {
    const tag = randomUUID().slice(0, 8);
    const erased = await customer(`apagar.${tag}`, `Meu CPF é 123.456.789-09, pedido ${tag}-X`);
    const other = await customer(`fica.${tag}`, `Outro cliente, pedido ${tag}-Y`);

    // The backups, taken before the erasure: the main database and, separately, the vault.
    const oldDump = await dumpMain();
    const oldVault = await dumpVault();

    // The main dump holds sealed data but no key at all: none of the vault's wrapped keys is
    // anywhere in it (and there is no key table: see the end).
    expect(oldDump).not.toMatch(/COPY public\.contact_keys/);
    const wrapped = await server.ctx.keyVault.getKeys(org.orgId, [erased.contactId, other.contactId]);
    expect(wrapped.size).toBe(2);
    for (const w of wrapped.values()) expect(oldDump.includes(w.toString('hex'))).toBe(false);

    // With the vault as it was, the old dump opens for both: the check below could fail.
    expect(openFromDumps(oldDump, oldVault, erased.contactId, erased.messageId)).toBe(erased.text);
    expect(openFromDumps(oldDump, oldVault, other.contactId, other.messageId)).toBe(other.text);

    const staff = { type: 'system' as const, label: 'test' };
    const request = await registerRequest(server.ctx, { orgId: org.orgId, actor: staff, userId: null, ip: null, kind: 'erasure', channel: 'letter', language: 'pt-BR', identities: [{ kind: 'email', value: erased.email }], evidence: 'signed letter' });
    await eraseRequest(server.ctx, { orgId: org.orgId, id: request.id, actor: staff, ip: null });
    const end = Date.now() + 20_000;
    for (;;) {
      const r = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('data_subject_requests').select(['status', 'outcome']).where('id', '=', request.id).executeTakeFirstOrThrow());
      if (r.status === 'completed') {
        expect((r.outcome as { certificate: { dataKeysShredded: number } }).certificate.dataKeysShredded).toBe(1);
        break;
      }
      if (Date.now() > end) throw new Error('erasure did not complete');
      await new Promise((res) => setTimeout(res, 100));
    }

    // The same old dump, with the vault and the master key as they are now: the erased subject's
    // ciphertext no longer opens; the other subject's, from the same old dump, still does.
    const vaultNow = await dumpVault();
    expect(openFromDumps(oldDump, vaultNow, erased.contactId, erased.messageId)).toBeInstanceOf(ShreddedKeyError);
    await expect(loadContactKey(server.ctx, org.orgId, erased.contactId)).rejects.toBeInstanceOf(ShreddedKeyError);
    expect(openFromDumps(oldDump, vaultNow, other.contactId, other.messageId)).toBe(other.text);

    // And the live main database has neither the subject's rows nor any key table.
    const after = await dumpMain();
    for (const needle of [erased.email, `${tag}-X`, '123.456.789-09']) expect(after.includes(needle), needle).toBe(false);
    const table = await server.ctx.database.withSystem((tx) => sql<{ t: string | null }>`SELECT to_regclass('public.contact_keys')::text AS t`.execute(tx));
    expect(table.rows[0]!.t).toBeNull();
  }, 60_000);
});
