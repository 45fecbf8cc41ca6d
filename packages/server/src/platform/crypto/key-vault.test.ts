import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestOrg, databaseForThisFile, startTestServer, testMasterKey, type TestServer } from '../../testing/test-server.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { createContext } from '../create-context.js';
import type { AppContext } from '../context.js';
import { migrate } from '../db/migrate.js';
import { ingestMessage } from '../../modules/conversations/ingest-message.js';
import { findOrCreateContact } from '../../modules/contacts/find-or-create-contact.js';
import { openSealedOfContact } from '../../modules/contacts/contact-keys.js';
import { sweepOrphanContactKeys } from '../../modules/contacts/sweep-orphan-contact-keys.js';
import { personalDataInKeyVault, personalDataTables } from '../data-map/personal-data.js';
import { KeyVault } from './key-vault.js';

const baseUrl = process.env.DATABASE_URL;
const quiet = () => new Writable({ write: (_c, _e, done) => done() });

async function closeContext(ctx: AppContext) {
  await ctx.events.close();
  await ctx.jobs.stop();
  await ctx.database.close();
}

describe('key vault', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  }, 60_000);
  afterAll(() => server?.close());

  it('stores many keys at once, reads many at once, refuses to replace one, and deletes one', async () => {
    const vault = server.ctx.keyVault;
    const orgId = randomUUID();
    const keys = Array.from({ length: 3 }, () => ({ orgId, contactId: randomUUID(), wrappedKey: randomBytes(60) }));
    await vault.putKeys(keys);
    await vault.putKeys([keys[0]!]); // the same key again: a retried copy, fine
    await expect(vault.putKeys([{ ...keys[0]!, wrappedKey: randomBytes(60) }])).rejects.toThrow(/different key/);
    const read = await vault.getKeys(orgId, [...keys.map((k) => k.contactId), randomUUID()]);
    expect(read.size).toBe(3);
    for (const k of keys) expect(read.get(k.contactId)!.equals(k.wrappedKey)).toBe(true);
    // Another organisation's id finds nothing.
    expect((await vault.getKeys(randomUUID(), [keys[0]!.contactId])).size).toBe(0);
    expect(await vault.deleteKey(orgId, keys[0]!.contactId)).toBe(true);
    expect(await vault.deleteKey(orgId, keys[0]!.contactId)).toBe(false);
    expect((await vault.getKeys(orgId, keys.map((k) => k.contactId))).size).toBe(2);
  });

  it('holds what the data map declares for it, and the main database has no key table', async () => {
    const { rows } = await server.ctx.keyVault.pool.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1", [personalDataInKeyVault.table]);
    expect(rows.map((r) => r.column_name)).toContain(personalDataInKeyVault.subjectColumn);
    expect(personalDataTables.some((d) => d.table === personalDataInKeyVault.table)).toBe(false);
    const main = await server.ctx.database.withSystem((tx) => sql<{ t: string | null }>`SELECT to_regclass('public.contact_keys')::text AS t`.execute(tx));
    expect(main.rows[0]!.t).toBeNull();
  });

  it('commits a new contact key before the contact; a rolled-back contact leaves an orphan the sweep removes', async () => {
    const org = await createTestOrg(server.ctx);
    let contactId = '';
    await expect(
      server.ctx.database.withTenant(org.orgId, async (tx) => {
        const c = await findOrCreateContact(tx, server.ctx, { orgId: org.orgId, identities: [{ kind: 'email', value: `orphan.${randomUUID().slice(0, 6)}@x.test` }] });
        contactId = c.contactId;
        // Seen from outside the transaction, before it commits: the key is already in the vault.
        expect((await server.ctx.keyVault.getKeys(org.orgId, [c.contactId])).size).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const kept = await ingestMessage(server.ctx, { orgId: org.orgId, channel: { id: null, type: 'webchat' }, direction: 'inbound', sender: { type: 'contact' }, contact: { identities: [{ kind: 'email', value: `kept.${randomUUID().slice(0, 6)}@x.test` }] }, text: 'olá' });

    // A key of an organisation this database does not know (a vault shared by mistake) is not its to judge.
    const foreign = { orgId: randomUUID(), contactId: randomUUID(), wrappedKey: randomBytes(60) };
    await server.ctx.keyVault.putKeys([foreign]);

    // Within the grace period nothing goes; after it, the orphan does and the live contact's key stays.
    expect(await sweepOrphanContactKeys(server.ctx)).toBe(0);
    const deleted = await sweepOrphanContactKeys(server.ctx, { now: new Date(Date.now() + 25 * 60 * 60_000) });
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect((await server.ctx.keyVault.getKeys(org.orgId, [contactId])).size).toBe(0);
    expect((await server.ctx.keyVault.getKeys(org.orgId, [kept.contactId])).size).toBe(1);
    expect((await server.ctx.keyVault.getKeys(foreign.orgId, [foreign.contactId])).size).toBe(1);
  });
});

describe('upgrade from a main database with contact_keys', () => {
  it('moves every key into the vault at start, drops the table, and the sealed data still opens; an empty vault beside it stops start-up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sigilo-vault-upgrade-'));
    const config = loadConfig({
      ...(baseUrl ? { DATABASE_URL: await databaseForThisFile(baseUrl) } : {}),
      SIGILO_MASTER_KEY: testMasterKey,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    });
    try {
      // An install as it is today, then turned back into one from before the vault: its keys in a
      // contact_keys table of the main database (created by 0002's own statement), 0012 not applied.
      let ctx = await createContext(config, { logDestination: quiet() });
      const org = await createTestOrg(ctx);
      const texts = ['primeira mensagem com CPF 123.456.789-09', 'segunda pessoa'];
      const messages = [];
      for (const [i, text] of texts.entries()) {
        messages.push(await ingestMessage(ctx, { orgId: org.orgId, channel: { id: null, type: 'webchat' }, direction: 'inbound', sender: { type: 'contact' }, contact: { identities: [{ kind: 'email', value: `up${i}.${randomUUID().slice(0, 6)}@x.test` }] }, text }));
      }
      const contactIds = messages.map((m) => m.contactId);
      const wrapped = await ctx.keyVault.getKeys(org.orgId, contactIds);
      expect(wrapped.size).toBe(2);
      const m0002 = readFileSync(fileURLToPath(new URL('../db/migrations/0002_conversations.sql', import.meta.url)), 'utf8');
      const createTable = /CREATE TABLE contact_keys \([\s\S]*?\n\);/.exec(m0002)![0];
      await ctx.database.withSystem(async (tx) => {
        await sql.raw(createTable).execute(tx);
        for (const [contactId, w] of wrapped) await sql`INSERT INTO contact_keys (org_id, contact_id, wrapped_key) VALUES (${org.orgId}, ${contactId}, ${w})`.execute(tx);
        await sql`DELETE FROM sigilo_migrations WHERE name = '0012_contact_keys_to_key_vault.sql'`.execute(tx);
      });
      for (const id of contactIds) await ctx.keyVault.deleteKey(org.orgId, id);

      // A bare migration (without the start-up copy) refuses to drop keys that exist nowhere else.
      await expect(migrate(ctx.database.pool)).rejects.toThrow(/not yet copied to the key vault/);
      const still = await ctx.database.withSystem((tx) => sql<{ n: number }>`SELECT count(*)::int AS n FROM contact_keys`.execute(tx));
      expect(still.rows[0]!.n).toBe(2);
      await closeContext(ctx);

      // Start: keys in the vault, table gone, data still opens.
      const logs: string[] = [];
      ctx = await createContext(config, { logDestination: new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }) });
      try {
        const moved = await ctx.keyVault.getKeys(org.orgId, contactIds);
        expect(moved.size).toBe(2);
        for (const [id, w] of wrapped) expect(moved.get(id)!.equals(w)).toBe(true);
        const table = await ctx.database.withSystem((tx) => sql<{ t: string | null }>`SELECT to_regclass('public.contact_keys')::text AS t`.execute(tx));
        expect(table.rows[0]!.t).toBeNull();
        expect(logs.join('')).toMatch(/"keys":2,.*moved to the key vault/);
        for (const [i, m] of messages.entries()) {
          const row = await ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('messages').select('body_sealed').where('id', '=', m.messageId).executeTakeFirstOrThrow());
          expect(await openSealedOfContact(ctx, { orgId: org.orgId, contactId: m.contactId, aad: `${org.orgId}:messages:${m.messageId}` }, row.body_sealed!)).toBe(texts[i]);
        }
      } finally {
        await closeContext(ctx);
      }

      // The wrong vault (a fresh one) beside this database: start-up stops with one line instead of
      // treating every contact as erased.
      if (baseUrl) {
        const wrong = new URL(config.DATABASE_URL!);
        wrong.pathname = `${wrong.pathname}_wrongvault`;
        const err = await createContext({ ...config, KEY_VAULT_URL: wrong.toString() }, { logDestination: quiet() }).then(() => null, (e: Error) => e);
        expect(err).toBeInstanceOf(ConfigError);
        expect(err?.message).toMatch(/^KEY_VAULT_URL: the key vault \(its database\) holds no data keys, but the database has contacts/);
        const admin = new pg.Client({ connectionString: baseUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "${wrong.pathname.slice(1)}" WITH (FORCE)`).finally(() => admin.end());
      } else {
        rmSync(join(dataDir, 'keys'), { recursive: true, force: true });
        const err = await createContext(config, { logDestination: quiet() }).then(() => null, (e: Error) => e);
        expect(err).toBeInstanceOf(ConfigError);
        expect(err?.message).toMatch(/^KEY_VAULT_URL: the key vault \(DATA_DIR\/keys\) holds no data keys, but the database has contacts/);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe.skipIf(!!baseUrl)('embedded vault', () => {
  it('lives in DATA_DIR/keys, readable by the owner only, and keeps its keys across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sigilo-vault-embedded-'));
    try {
      const orgId = randomUUID();
      const contactId = randomUUID();
      let vault = await KeyVault.open({ embeddedDir: KeyVault.embeddedDirFor(dataDir) });
      await vault.putKeys([{ orgId, contactId, wrappedKey: Buffer.from('k') }]);
      await vault.close();
      expect(statSync(join(dataDir, 'keys')).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, 'keys', 'pg')).mode & 0o077).toBe(0);
      vault = await KeyVault.open({ embeddedDir: KeyVault.embeddedDirFor(dataDir) });
      expect((await vault.getKeys(orgId, [contactId])).get(contactId)?.toString()).toBe('k');
      await vault.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe.skipIf(!baseUrl)('server vault', () => {
  it('defaults to DATABASE_URL + _keys, created at start; without CREATEDB start-up fails naming KEY_VAULT_URL', async () => {
    const main = new URL(await databaseForThisFile(baseUrl!));
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    const role = `sigilo_nocreatedb_${randomBytes(3).toString('hex')}`;
    try {
      // The test server of this file started on `main`, so its vault exists beside it.
      const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [`${main.pathname.slice(1)}_keys`]);
      expect(rows[0]!.n).toBe(1);

      // A main database whose vault does not exist yet, reached by a role that may not create one.
      const other = `${main.pathname.slice(1)}_nokeys`;
      await admin.query(`CREATE DATABASE "${other}"`);
      await admin.query(`CREATE ROLE ${role} LOGIN NOCREATEDB`);
      const asRole = new URL(main);
      asRole.username = role;
      asRole.pathname = `/${other}`;
      const err = await createContext(loadConfig({ DATABASE_URL: asRole.toString(), SIGILO_MASTER_KEY: testMasterKey, LOG_LEVEL: 'silent' })).then(
        () => null,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(ConfigError);
      expect(err?.message).toMatch(/^KEY_VAULT_URL: the key vault database "\S+_nokeys_keys" does not exist and could not be created \(permission denied/);
      expect(err?.message).not.toContain('\n');
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${main.pathname.slice(1)}_nokeys" WITH (FORCE)`).catch(() => {});
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
      await admin.end();
    }
  }, 60_000);
});
