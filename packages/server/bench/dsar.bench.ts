/**
 * Data-subject request speed (not a test). Seeds BENCH_CONTACTS contacts (100,000) with
 * BENCH_BACKGROUND messages (1,000,000) spread over them, plus two subjects with real sealed
 * messages: one with 1,000 (access bundle) and one with 10,000 (erasure). Then it runs both as the
 * product does — a request registered by staff, the job picking it up — and prints the progress and
 * the time from registration to the completed answer. Targets of the issue: bundle < 1 s, erasure < 5 s.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:dsar
 *
 * With DATABASE_URL a fresh database is created beside it and dropped at the end; without it an
 * in-memory PGlite is used (expect it to be much slower to seed).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { sql } from 'kysely';
import { loadConfig } from '../src/platform/config/load-config.js';
import { createContext } from '../src/platform/create-context.js';
import type { AppContext } from '../src/platform/context.js';
import { createOrganization } from '../src/modules/organizations/create-organization.js';
import { findOrCreateContact } from '../src/modules/contacts/find-or-create-contact.js';
import { sealForContact } from '../src/modules/contacts/contact-keys.js';
import { startDataSubjectRequestWorkers } from '../src/modules/data-subject-requests/index.js';
import { eraseRequest, registerRequest } from '../src/modules/data-subject-requests/manage-requests.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const BACKGROUND = Number(process.env.BENCH_BACKGROUND ?? 1_000_000);
const ACCESS_MESSAGES = Number(process.env.BENCH_ACCESS_MESSAGES ?? 1_000);
const ERASE_MESSAGES = Number(process.env.BENCH_ERASE_MESSAGES ?? 10_000);

const staff = { type: 'system' as const, label: 'bench' };

async function seedBackground(ctx: AppContext, orgId: string): Promise<void> {
  const started = Date.now();
  await ctx.database.withSystem(async (tx) => {
    // Other customers: their keys and ciphertexts are random bytes; the bench never opens them.
    await sql`INSERT INTO contacts (org_id, id, display_name) SELECT ${orgId}, gen_random_uuid(), 'Cliente ' || g FROM generate_series(1, ${CONTACTS}::int) g`.execute(tx);
    await sql`INSERT INTO conversations (org_id, id, contact_id, channel_type) SELECT org_id, gen_random_uuid(), id, 'webchat' FROM contacts WHERE org_id = ${orgId}`.execute(tx);
  });
  // Their keys live in the key vault, as every contact's does.
  const ids = await ctx.database.withSystem((tx) => tx.selectFrom('contacts').select('id').where('org_id', '=', orgId).execute());
  for (let i = 0; i < ids.length; i += 10_000) {
    await ctx.keyVault.putKeys(ids.slice(i, i + 10_000).map((c) => ({ orgId, contactId: c.id, wrappedKey: randomBytes(60) })));
  }
  const perBatch = 100_000;
  for (let done = 0; done < BACKGROUND; done += perBatch) {
    const n = Math.min(perBatch, BACKGROUND - done);
    await ctx.database.withSystem((tx) =>
      sql`WITH c AS (SELECT row_number() OVER () AS rn, id, contact_id, org_id FROM conversations WHERE org_id = ${orgId})
        INSERT INTO messages (org_id, id, conversation_id, contact_id, direction, sender_type, body_masked, body_sealed, created_at)
        SELECT c.org_id, gen_random_uuid(), c.id, c.contact_id, 'inbound', 'contact', 'Olá, meu pedido #' || g || ' ainda não chegou', decode(md5(g::text), 'hex'), now() - (g || ' seconds')::interval
        FROM generate_series(${done + 1}::int, ${done + n}::int) g JOIN c ON c.rn = (g % ${CONTACTS}::int) + 1`.execute(tx),
    );
    process.stdout.write(`\r  background messages: ${done + n}/${BACKGROUND}`);
  }
  process.stdout.write(`\n  seeded ${CONTACTS} contacts and ${BACKGROUND} messages in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

async function seedSubject(ctx: AppContext, orgId: string, email: string, messages: number): Promise<void> {
  await ctx.database.withTenant(orgId, async (tx) => {
    const { contactId, key } = await findOrCreateContact(tx, ctx, { orgId, identities: [{ kind: 'email', value: email }], displayName: 'Sujeito Bench' });
    const conversationId = randomUUID();
    await tx.insertInto('conversations').values({ org_id: orgId, id: conversationId, contact_id: contactId, channel_type: 'webchat' }).execute();
    for (let done = 0; done < messages; done += 1000) {
      const rows = Array.from({ length: Math.min(1000, messages - done) }, (_, i) => {
        const id = randomUUID();
        const text = `Mensagem ${done + i}: meu CPF é 123.456.789-09 e o pedido #${done + i}`;
        return {
          org_id: orgId,
          id,
          conversation_id: conversationId,
          contact_id: contactId,
          direction: 'inbound' as const,
          sender_type: 'contact' as const,
          body_masked: text.replace(/\d{3}\.\d{3}\.\d{3}-\d{2}/, '[CPF]'),
          body_sealed: sealForContact(key, text, `${orgId}:messages:${id}`),
        };
      });
      await tx.insertInto('messages').values(rows).execute();
    }
  });
}

async function waitFor(ctx: AppContext, orgId: string, requestId: string, label: string): Promise<number> {
  const started = Date.now();
  let last = '';
  for (;;) {
    const r = await ctx.database.withTenant(orgId, (tx) => tx.selectFrom('data_subject_requests').select(['status', 'outcome']).where('id', '=', requestId).executeTakeFirstOrThrow());
    if (r.status !== last) {
      process.stdout.write(`  ${label}: ${r.status} at ${Date.now() - started} ms\n`);
      last = r.status;
    }
    if (r.status === 'completed') return Date.now() - started;
    if (Date.now() - started > 120_000) throw new Error(`${label} did not finish`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

async function main() {
  const baseUrl = process.env.DATABASE_URL;
  let dbName: string | undefined;
  let admin: pg.Client | undefined;
  let url: string | undefined;
  if (baseUrl) {
    dbName = `sigilo_bench_${randomBytes(4).toString('hex')}`;
    admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const u = new URL(baseUrl);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sigilo-bench-'));
  const ctx = await createContext(
    loadConfig({ ...(url ? { DATABASE_URL: url } : {}), SIGILO_MASTER_KEY: randomBytes(32).toString('base64'), DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
    { embeddedDir: url ? undefined : 'memory', logDestination: new Writable({ write: (_c, _e, done) => done() }), worker: true },
  );
  try {
    console.log(`dsar bench — ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${url ? 'PostgreSQL' : 'PGlite'}`);
    const { orgId } = await createOrganization(ctx, { orgName: 'Bench DSAR', country: 'BR', ownerName: 'Bench', ownerEmail: `bench.${randomUUID().slice(0, 8)}@example.test`, ownerPassword: 'correct-horse-battery-staple' });
    await seedBackground(ctx, orgId);
    await seedSubject(ctx, orgId, 'acesso@bench.test', ACCESS_MESSAGES);
    await seedSubject(ctx, orgId, 'apagar@bench.test', ERASE_MESSAGES);
    await ctx.database.withSystem((tx) => sql`ANALYZE`.execute(tx));
    await startDataSubjectRequestWorkers(ctx);

    const access = await registerRequest(ctx, { orgId, actor: staff, userId: null, ip: null, kind: 'access', channel: 'phone', language: 'pt-BR', identities: [{ kind: 'email', value: 'acesso@bench.test' }], evidence: 'bench' });
    const accessMs = await waitFor(ctx, orgId, access.id, `access bundle (${ACCESS_MESSAGES} messages)`);
    const built = await ctx.database.withTenant(orgId, (tx) => tx.selectFrom('data_subject_requests').select('outcome').where('id', '=', access.id).executeTakeFirstOrThrow());
    const buildMs = Number((built.outcome as { buildMs?: number }).buildMs ?? NaN);

    const erase = await registerRequest(ctx, { orgId, actor: staff, userId: null, ip: null, kind: 'erasure', channel: 'letter', language: 'pt-BR', identities: [{ kind: 'email', value: 'apagar@bench.test' }], evidence: 'bench' });
    await eraseRequest(ctx, { orgId, id: erase.id, actor: staff, ip: null });
    const eraseMs = await waitFor(ctx, orgId, erase.id, `erasure (${ERASE_MESSAGES} messages)`);

    console.log(`\naccess bundle, ${ACCESS_MESSAGES} messages: ${accessMs} ms from registration to answer (build inside the job ${buildMs} ms) — target < 1000 ms`);
    console.log(`erasure, ${ERASE_MESSAGES} messages: ${eraseMs} ms from the DPO's click to the certificate — target < 5000 ms`);
  } finally {
    await ctx.jobs.stop();
    await ctx.events.close();
    await ctx.database.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (admin && dbName) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: Error) => console.error('could not drop', dbName, e.message));
      // …and its key vault, created beside it at start (KEY_VAULT_URL's default).
      await admin.query(`DROP DATABASE IF EXISTS ${dbName}_keys WITH (FORCE)`).catch((e: Error) => console.error('could not drop', `${dbName}_keys`, e.message));
      await admin.end();
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
