import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestUser, startTestServer, TestClient, type TestOrg, type TestServer, createTestOrg } from '../../testing/test-server.js';
import { ingestMessage } from '../conversations/ingest-message.js';
import { loadContactKey, shredSubjectKey, ShreddedKeyError } from '../contacts/contact-keys.js';
import { checkConsent, recordConsentEvents } from '../consent/index.js';
import { startWebhookWorkers } from '../webhooks/deliver-webhook.js';
import { addMonthsUtc, dueDate, extensionProblem, requestClock } from './deadlines.js';
import { contactProcessingLimits, startDataSubjectRequestWorkers } from './index.js';
import { crc32, zipArchive } from './zip-archive.js';
import { sweepDataSubjectRequests } from './sweep-requests.js';

interface Mail {
  to: string;
  raw: string;
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let receiver: Server;
let receiverUrl: string;
const hooks: Array<{ event: string; data: Record<string, unknown> }> = [];
let server: TestServer;
let org: TestOrg;
let owner: TestClient;
let dpo: TestClient;
let agent: TestClient;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const mailsTo = (address: string) => mails.filter((m) => m.to.toLowerCase() === address.toLowerCase());
/** The code stands alone on its line in the body (headers such as Message-ID may hold other digit runs). */
const codeIn = (m: Mail) => {
  const body = m.raw.replace(/=\r?\n/g, '').split(/\r?\n\r?\n/).slice(1).join('\n\n');
  return /^\s*(\d{6})\s*$/m.exec(body)?.[1];
};

/** Form posts the way a browser sends them; redirects are not followed. */
async function form(path: string, fields: Record<string, string>) {
  return fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
}

/** A customer with messages on the web chat, as ingest stores them. */
async function seedCustomer(o: TestOrg, opts: { email: string; phone?: string; name: string; texts: string[] }) {
  let contactId = '';
  for (const text of opts.texts) {
    const m = await ingestMessage(server.ctx, {
      orgId: o.orgId,
      channel: { id: null, type: 'webchat' },
      direction: 'inbound',
      sender: { type: 'contact' },
      contact: { identities: [{ kind: 'email', value: opts.email }, ...(opts.phone ? [{ kind: 'phone' as const, value: opts.phone }] : [])], displayName: opts.name },
      text,
    });
    contactId = m.contactId;
  }
  return contactId;
}

async function signedIn(role: 'dpo' | 'agent', o: TestOrg): Promise<TestClient> {
  const user = await addTestUser(server.ctx, o, role);
  const c = new TestClient(server.url);
  expect((await c.login(user.email)).status).toBe(200);
  return c;
}

/** Every row of every public table as text: what a plain dump of the database would show. */
async function dumpText(): Promise<string> {
  if (server.ctx.config.DATABASE_URL && spawnSync('pg_dump', ['--version']).status === 0) {
    return execFileSync('pg_dump', ['--data-only', server.ctx.config.DATABASE_URL], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  }
  return server.ctx.database.withSystem(async (tx) => {
    const tables = await sql<{ schemaname: string; tablename: string }>`SELECT schemaname, tablename FROM pg_tables WHERE schemaname IN ('public', 'pgboss')`.execute(tx);
    const parts: string[] = [];
    for (const t of tables.rows) {
      const rows = await sql<{ r: string }>`SELECT t::text AS r FROM ${sql.table(`${t.schemaname}.${t.tablename}`)} AS t`.execute(tx);
      parts.push(...rows.rows.map((r) => r.r));
    }
    return parts.join('\n');
  });
}

/** Reads a ZIP with an independent reader (Python's zipfile, which honours the UTF-8 name flag and checks CRCs). */
function unzip(zip: Buffer): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'dsr-zip-'));
  try {
    writeFileSync(join(dir, 'b.zip'), zip);
    const script = 'import sys,json,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({n: z.read(n).decode("utf-8") for n in z.namelist()}))';
    const out = execFileSync('python3', ['-c', script, join(dir, 'b.zip')]).toString('utf8');
    return new Map(Object.entries(JSON.parse(out) as Record<string, string>));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        for (const rcpt of session.envelope.rcptTo) mails.push({ to: rcpt.address, raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        hooks.push(JSON.parse(body));
      } catch {
        /* ignore */
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;
  server = await startTestServer({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SMTP_SECURE: 'false', WEBHOOKS_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_SECONDS: '1' });
  await startDataSubjectRequestWorkers(server.ctx);
  await startWebhookWorkers(server.ctx);
  org = await createTestOrg(server.ctx);
  owner = new TestClient(server.url);
  expect((await owner.login(org.ownerEmail)).status).toBe(200);
  dpo = await signedIn('dpo', org);
  agent = await signedIn('agent', org);
  expect((await owner.post('/api/v1/webhooks', { url: receiverUrl, events: ['contact.corrected', 'data_subject_request.updated'] })).status).toBe(201);
}, 60_000);

afterAll(async () => {
  await server?.close();
  smtp?.close();
  receiver?.close();
});

describe('deadlines', () => {
  it('gives LGPD 15 days and GDPR one calendar month, extendable once inside the first month', () => {
    const jan31 = new Date('2026-01-31T10:00:00Z');
    expect(dueDate('LGPD', jan31).toISOString()).toBe('2026-02-15T10:00:00.000Z');
    expect(dueDate('GDPR', jan31).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(addMonthsUtc(new Date('2028-01-31T00:00:00Z'), 1).toISOString().slice(0, 10)).toBe('2028-02-29');
    expect(extensionProblem('LGPD', dueDate('LGPD', jan31), false, jan31)).toMatch(/LGPD Art. 19/);
    expect(extensionProblem('GDPR', dueDate('GDPR', jan31), false, jan31)).toBeNull();
    expect(extensionProblem('GDPR', dueDate('GDPR', jan31), true, jan31)).toMatch(/already/);
    expect(extensionProblem('GDPR', dueDate('GDPR', jan31), false, new Date('2026-03-01T00:00:00Z'))).toMatch(/first month/);
    expect(requestClock(new Date(Date.now() - 1000), null).state).toBe('overdue');
    expect(requestClock(new Date(Date.now() + 86_400_000), null).state).toBe('due_soon');
  });

  it('writes ZIP archives that unzip reads back', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const files = unzip(zipArchive([{ name: 'a/ção.txt', data: 'olá' }, { name: 'b.csv', data: 'x,y\r\n1,2\r\n' }]));
    expect(files.get('a/ção.txt')).toBe('olá');
    expect(files.get('b.csv')).toBe('x,y\r\n1,2\r\n');
  });
});

describe('privacy portal: access request end to end', () => {
  it('verifies by e-mailed code, builds the bundle in a job and serves it through an expiring, audited link', async () => {
    const email = `ana.${randomUUID().slice(0, 6)}@cliente.test`;
    const secretText = `Meu pedido ${randomUUID().slice(0, 8)} chegou quebrado`;
    const contactId = await seedCustomer(org, { email, name: 'Ana Souza', texts: [secretText, 'Obrigada pela ajuda'] });

    const formPage = await fetch(`${server.url}/privacy/${org.slug}/requests`);
    expect(formPage.status).toBe(200);
    const formHtml = await formPage.text();
    expect(formHtml).toContain('lang="pt-BR"');
    expect(formHtml).toContain('Acesso aos dados (Art. 18, II)');
    expect(await (await fetch(`${server.url}/privacy/${org.slug}/requests?lang=es`)).text()).toContain('Derecho de acceso');

    const bad = await form(`/privacy/${org.slug}/requests`, { kind: 'access', email: 'not-an-address', lang: 'pt-BR' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('email: enter a valid e-mail address');

    const started = await form(`/privacy/${org.slug}/requests`, { kind: 'access', email: email.toUpperCase(), lang: 'pt-BR' });
    expect(started.status).toBe(303);
    const verifyPath = started.headers.get('location')!;
    expect(verifyPath).toMatch(new RegExp(`^/privacy/${org.slug}/requests/verify/[0-9a-f-]{36}\\?lang=pt-BR$`));

    const mail = await until('the code e-mail', async () => mailsTo(email)[0]);
    const code = codeIn(mail)!;
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain('15 minutos');

    const action = verifyPath.split('?')[0]!;
    const wrong = await form(action, { code: code === '000000' ? '111111' : '000000', lang: 'pt-BR' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('Tentativas restantes: 4');

    const ok = await form(action, { code, lang: 'pt-BR' });
    expect(ok.status).toBe(303);
    const statusPath = ok.headers.get('location')!;
    // The code works once.
    expect((await form(action, { code, lang: 'pt-BR' })).status).toBe(400);

    const statusHtml = await until('the bundle link', async () => {
      const html = await (await fetch(server.url + statusPath)).text();
      return html.includes('id="download"') ? html : null;
    });
    expect(statusHtml).toContain('concluída');
    const href = /id="download" href="([^"]+)"/.exec(statusHtml)![1]!.replace(/&amp;/g, '&');

    // A tampered or stretched link says nothing.
    expect((await fetch(server.url + href.replace(/t=[^&]+/, 't=AAAA'))).status).toBe(404);
    expect((await fetch(server.url + href.replace(/e=\d+/, `e=${Date.now() + 30 * 86_400_000}`))).status).toBe(404);
    expect((await fetch(server.url + statusPath.replace(/t=[^&]+/, 't=AAAA'))).status).toBe(404);

    const download = await fetch(server.url + href);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const files = unzip(Buffer.from(await download.arrayBuffer()));
    expect([...files.keys()]).toEqual(expect.arrayContaining(['report.html', 'data.json', 'csv/messages.csv', 'csv/contact_identities.csv', 'csv/contacts.csv']));
    const data = JSON.parse(files.get('data.json')!);
    const messages = data.categories.find((c: { table: string }) => c.table === 'messages');
    expect(messages.records.map((r: { body: string }) => r.body)).toEqual(expect.arrayContaining([secretText]));
    const identities = data.categories.find((c: { table: string }) => c.table === 'contact_identities');
    expect(identities.records[0].value).toBe(email);
    expect(files.get('csv/messages.csv')).toContain(secretText);
    expect(files.get('report.html')).toContain('lang="pt-BR"');
    expect(files.get('report.html')).toContain('Seus dados pessoais');
    expect(files.get('report.html')).toContain('Finalidades, bases legais e destinatários');

    const audit = await server.ctx.database.withTenant(org.orgId, (tx) =>
      tx.selectFrom('audit_log').select(['action', 'metadata', 'actor_type', 'reason']).where('org_id', '=', org.orgId).orderBy('seq').execute(),
    );
    const actions = audit.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['data_subject_request.received', 'data_subject_request.identity_verified', 'data_subject_request.originals_read', 'data_subject_request.completed', 'data_subject_request.bundle_downloaded']));
    const read = audit.find((a) => a.action === 'data_subject_request.originals_read')!;
    expect(read.reason).toMatch(/access bundle/);
    expect(JSON.stringify(audit)).not.toContain(email);
    expect(JSON.stringify(audit)).not.toContain(secretText);
    expect(server.logs.join('')).not.toContain(email);

    // The DPO sees it answered in the queue, with its contact.
    const queue = await dpo.get('/api/v1/data-subject-requests?status=all');
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((r: { contactId: string }) => r.contactId === contactId);
    expect(item).toMatchObject({ kind: 'access', status: 'completed', law: 'LGPD', channel: 'portal' });
    expect(new Date(item.dueAt).getTime() - new Date(item.receivedAt).getTime()).toBe(15 * 86_400_000);
    const detail = await dpo.get(`/api/v1/data-subject-requests/${item.id}`);
    expect(detail.body.exports[0]).toMatchObject({ status: 'ready', downloads: 1 });

    // The requester was told of the answer, in Portuguese, with their link.
    const told = await until('the completion e-mail', async () => mailsTo(email).find((m) => /conclu/i.test(m.raw.replace(/=\r?\n/g, '')) && m !== mail));
    expect(told.raw.replace(/=\r?\n/g, '')).toContain(`/privacy/${org.slug}/requests/${item.id}`);
  }, 60_000);

  it('answers an identity that is not on file exactly like one that is, and sends nothing', async () => {
    const nobody = `nobody.${randomUUID().slice(0, 6)}@nowhere.test`;
    const stranger = await form(`/privacy/${org.slug}/requests`, { kind: 'erasure', email: nobody, lang: 'en' });
    expect(stranger.status).toBe(303);
    const path = stranger.headers.get('location')!;
    expect(path).toMatch(new RegExp(`^/privacy/${org.slug}/requests/verify/[0-9a-f-]{36}\\?lang=en$`));
    const page = await (await fetch(server.url + path)).text();
    expect(page).toContain('If this e-mail is in our records');
    const guess = await form(path.split('?')[0]!, { code: '123456', lang: 'en' });
    expect(guess.status).toBe(400);
    expect(await guess.text()).toContain('Wrong code. Attempts left: 4');
    await sleep(1500);
    expect(mailsTo(nobody)).toEqual([]);
    // The organisation learns nothing: no request appears in its queue.
    const queue = await dpo.get('/api/v1/data-subject-requests?status=all');
    expect(queue.body.items.filter((r: { kind: string }) => r.kind === 'erasure')).toEqual([]);
    // An unknown organisation is a plain 404.
    expect((await fetch(`${server.url}/privacy/no-such-org-here/requests`)).status).toBe(404);
  });

  it('locks a code after five wrong attempts and limits codes per identity', async () => {
    const email = `bia.${randomUUID().slice(0, 6)}@cliente.test`;
    await seedCustomer(org, { email, name: 'Bia', texts: ['oi'] });
    const paths: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await form(`/privacy/${org.slug}/requests`, { kind: 'confirmation', email, lang: 'en' });
      expect(r.status).toBe(303);
      paths.push(r.headers.get('location')!.split('?')[0]!);
    }
    await until('three codes', async () => mailsTo(email).length >= 3);
    await sleep(1500);
    expect(mailsTo(email)).toHaveLength(3); // the fourth got the same answer and no e-mail
    const codes = mailsTo(email).map((m) => codeIn(m)!);
    const wrong = ['999999', '999998', '999997', '999996', '999995'].filter((c) => !codes.includes(c)).slice(0, 4);
    const target = paths[0]!;
    for (const c of wrong.slice(0, 3)) await form(target, { code: c, lang: 'en' });
    expect(await (await form(target, { code: wrong[3]!, lang: 'en' })).text()).toContain('Attempts left: 1');
    expect(await (await form(target, { code: '000001', lang: 'en' })).text()).toContain('The code expired or was used');
    // One of the codes sent was this request's: after five misses none of them opens it.
    for (const c of codes) expect(await (await form(target, { code: c, lang: 'en' })).text()).toContain('The code expired or was used');
  });
});

describe('staff registration and the DPO queue', () => {
  it('registers a phone request with evidence, rejects bad input by field, and keeps agents out of the queue', async () => {
    const email = `caio.${randomUUID().slice(0, 6)}@cliente.test`;
    const contactId = await seedCustomer(org, { email, phone: '+55 11 98765-4321', name: 'Caio', texts: ['bom dia'] });
    const noEvidence = await agent.post('/api/v1/data-subject-requests', { kind: 'objection', channel: 'phone', identities: [{ kind: 'phone', value: '+5511987654321' }] });
    expect(noEvidence.status).toBe(400);
    expect(noEvidence.body.errors.map((e: { field: string }) => e.field)).toContain('evidence');
    const unknown = await agent.post('/api/v1/data-subject-requests', { kind: 'objection', channel: 'phone', evidence: 'called back on the number on file', identities: [{ kind: 'email', value: 'ghost@nowhere.test' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('identities');

    await server.ctx.database.withTenant(org.orgId, (tx) =>
      recordConsentEvents(server.ctx, tx, org.orgId, { type: 'contact' }, [{ contactId, purposeKey: 'marketing', event: 'given', channel: 'webchat', method: 'unticked_checkbox', evidence: {} }]),
    );
    // WhatsApp id given, phone on file: the identity graph finds the same person.
    const created = await agent.post('/api/v1/data-subject-requests', { kind: 'objection', channel: 'phone', language: 'pt-BR', evidence: 'called back on the number on file', identities: [{ kind: 'whatsapp', value: '5511987654321' }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ contactId, status: 'completed', channel: 'phone' });
    const limits = await server.ctx.database.withTenant(org.orgId, (tx) => contactProcessingLimits(tx, org.orgId, contactId));
    expect(limits).toEqual({ objected: true, restricted: false });
    // Marketing stops where every sender already looks: the consent ledger.
    expect(created.body.outcome.consentWithdrawn).toEqual(['marketing']);
    expect((await server.ctx.database.withTenant(org.orgId, (tx) => checkConsent(tx, org.orgId, contactId, 'marketing'))).allowed).toBe(false);

    const info1 = await agent.post('/api/v1/data-subject-requests', { kind: 'sharing_info', channel: 'letter', evidence: 'signed letter with ID copy', identities: [{ kind: 'email', value: email }] });
    const info2 = await agent.post('/api/v1/data-subject-requests', { kind: 'sharing_info', channel: 'letter', evidence: 'signed letter with ID copy', identities: [{ kind: 'email', value: email }] });
    expect(info2.body.duplicateOf).toBe(info1.body.id);

    expect((await agent.get('/api/v1/data-subject-requests')).status).toBe(403);
    const queue = await dpo.get('/api/v1/data-subject-requests');
    const due = queue.body.items.map((r: { dueAt: string }) => new Date(r.dueAt).getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));
    expect(queue.body.items.every((r: { status: string }) => !['completed', 'rejected'].includes(r.status))).toBe(true);

    // LGPD has no extension; short reasons are refused by field.
    expect((await dpo.post(`/api/v1/data-subject-requests/${info1.body.id}/extend`, { reason: 'too short' })).body.errors[0].field).toBe('reason');
    const ext = await dpo.post(`/api/v1/data-subject-requests/${info1.body.id}/extend`, { reason: 'we need to ask our processors' });
    expect(ext.status).toBe(409);
    expect(ext.body.detail).toMatch(/LGPD Art. 19/);
    expect((await dpo.post(`/api/v1/data-subject-requests/${info1.body.id}/details/reveal`, { reason: '' })).body.errors[0].field).toBe('reason');
    expect((await agent.post(`/api/v1/data-subject-requests/${info1.body.id}/details/reveal`, { reason: 'answer the request' })).status).toBe(403);
    const revealed = await dpo.post(`/api/v1/data-subject-requests/${info1.body.id}/details/reveal`, { reason: 'answer the request' });
    expect(revealed.body).toEqual({ details: null, evidence: 'signed letter with ID copy' });
    const stored = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('data_subject_requests').select('evidence_sealed').where('id', '=', info1.body.id).executeTakeFirstOrThrow());
    expect(stored.evidence_sealed!.toString('latin1')).not.toContain('signed letter');
    const done = await dpo.post(`/api/v1/data-subject-requests/${info1.body.id}/complete`, { answer: 'We share your data with our e-mail provider only.' });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('completed');
    expect((await dpo.post(`/api/v1/data-subject-requests/${info1.body.id}/reject`, { reason: 'changed my mind about it' })).status).toBe(409);
    const rejected = await dpo.post(`/api/v1/data-subject-requests/${info2.body.id}/reject`, { reason: 'duplicate of the request answered today' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'duplicate of the request answered today' });

    const hook = await until('a request webhook', async () => hooks.find((h) => h.event === 'data_subject_request.updated' && h.data.id === info1.body.id && h.data.status === 'completed'));
    expect(JSON.stringify(hook)).not.toContain(email);
  });

  it('answers duplicate contacts of one person together (identity graph)', async () => {
    const email = `ines.${randomUUID().slice(0, 6)}@cliente.test`;
    const phone = '+55 31 98888-' + String(1000 + Math.floor(Math.random() * 8999));
    // The same person wrote once by e-mail and once from a phone: two contacts.
    const byEmail = await seedCustomer(org, { email, name: 'Inês', texts: ['um', 'dois'] });
    const byPhone = await ingestMessage(server.ctx, { orgId: org.orgId, channel: { id: null, type: 'whatsapp' }, direction: 'inbound', sender: { type: 'contact' }, contact: { identities: [{ kind: 'whatsapp', value: phone.replace(/\D/g, '') }] }, text: 'três' });
    expect(byPhone.contactId).not.toBe(byEmail);
    const r = await agent.post('/api/v1/data-subject-requests', { kind: 'portability', channel: 'phone', evidence: 'caller confirmed both', identities: [{ kind: 'email', value: email }, { kind: 'phone', value: phone }] });
    expect(r.status).toBe(201);
    const done = await until('the bundle', async () => {
      const d = await dpo.get(`/api/v1/data-subject-requests/${r.body.id}`);
      return d.body.status === 'completed' ? d.body : null;
    });
    expect(done.outcome.counts).toMatchObject({ contacts: 2, messages: 3, conversations: 2, contact_identities: 2 });
  }, 30_000);

  it('extends a GDPR request by two months, once', async () => {
    const es = await createTestOrg(server.ctx);
    await server.ctx.database.withSystem((tx) => tx.updateTable('organizations').set({ country: 'ES' }).where('id', '=', es.orgId).execute());
    const c = new TestClient(server.url);
    expect((await c.login(es.ownerEmail)).status).toBe(200);
    const email = `dani.${randomUUID().slice(0, 6)}@cliente.test`;
    await seedCustomer(es, { email, name: 'Dani', texts: ['hola'] });
    const r = await c.post('/api/v1/data-subject-requests', { kind: 'refusal_consequences', channel: 'email', language: 'es', evidence: 'reply from the address on file', identities: [{ kind: 'email', value: email }] });
    expect(r.body.law).toBe('GDPR');
    expect(new Date(r.body.dueAt).toISOString()).toBe(addMonthsUtc(new Date(r.body.receivedAt), 1).toISOString());
    const ext = await c.post(`/api/v1/data-subject-requests/${r.body.id}/extend`, { reason: 'the request covers several processors' });
    expect(ext.status).toBe(200);
    expect(ext.body.status).toBe('extended');
    expect(new Date(ext.body.dueAt).toISOString()).toBe(addMonthsUtc(new Date(r.body.receivedAt), 3).toISOString());
    expect((await c.post(`/api/v1/data-subject-requests/${r.body.id}/extend`, { reason: 'the request covers several processors' })).status).toBe(409);
  });
});

describe('consent withdrawal and correction', () => {
  it('ends a withdrawal request in the consent ledger', async () => {
    const email = `eva.${randomUUID().slice(0, 6)}@cliente.test`;
    const contactId = await seedCustomer(org, { email, name: 'Eva', texts: ['quero ofertas'] });
    await server.ctx.database.withTenant(org.orgId, (tx) =>
      recordConsentEvents(server.ctx, tx, org.orgId, { type: 'contact' }, [{ contactId, purposeKey: 'marketing', event: 'given', channel: 'webchat', method: 'unticked_checkbox', evidence: {} }]),
    );
    const r = await agent.post('/api/v1/data-subject-requests', { kind: 'consent_withdrawal', channel: 'phone', evidence: 'caller confirmed e-mail and order number', identities: [{ kind: 'email', value: email }] });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('completed');
    expect(r.body.outcome.consentWithdrawn).toEqual(['marketing']);
    const check = await server.ctx.database.withTenant(org.orgId, (tx) => checkConsent(tx, org.orgId, contactId, 'marketing'));
    expect(check.status).toBe('withdrawn');
  });

  it('takes a correction from the portal, lets an agent approve it, applies it and passes it on', async () => {
    const email = `fabio.${randomUUID().slice(0, 6)}@cliente.test`;
    const contactId = await seedCustomer(org, { email, name: 'Fabio Sliva', texts: ['meu nome está errado'] });
    const started = await form(`/privacy/${org.slug}/requests`, { kind: 'correction', email, field: 'display_name', value: 'Fábio Silva', lang: 'pt-BR' });
    expect(started.status).toBe(303);
    const code = codeIn(await until('the code', async () => mailsTo(email)[0]))!;
    // Before the code, agents see nothing to decide.
    expect((await agent.get('/api/v1/data-subject-corrections')).body.items.filter((c: { contactId: string }) => c.contactId === contactId)).toEqual([]);
    expect((await form(started.headers.get('location')!.split('?')[0]!, { code, lang: 'pt-BR' })).status).toBe(303);
    const list = await agent.get('/api/v1/data-subject-corrections');
    const pending = list.body.items.find((c: { contactId: string }) => c.contactId === contactId);
    expect(pending).toMatchObject({ field: 'display_name', proposedMasked: 'F••••••' });
    expect((await agent.post(`/api/v1/data-subject-corrections/${pending.id}/decide`, { approve: false })).body.errors[0].field).toBe('note');
    const approved = await agent.post(`/api/v1/data-subject-corrections/${pending.id}/decide`, { approve: true });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'completed', outcome: { corrected: ['display_name'] } });
    const contact = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('contacts').select('display_name').where('id', '=', contactId).executeTakeFirstOrThrow());
    expect(contact.display_name).toBe('Fábio Silva');
    const hook = await until('contact.corrected', async () => hooks.find((h) => h.event === 'contact.corrected' && h.data.contactId === contactId));
    expect(hook.data.fields).toEqual(['display_name']);
    expect(JSON.stringify(hook)).not.toContain('Silva');
    expect((await agent.post(`/api/v1/data-subject-corrections/${pending.id}/decide`, { approve: true })).status).toBe(409);
  }, 30_000);
});

describe('erasure', () => {
  it('shreds the key, applies every declared strategy, certifies counts, and leaves no plaintext in a dump', async () => {
    const tag = randomUUID().slice(0, 8);
    const email = `gil.${tag}@cliente.test`;
    const phone = '+55 21 99876-' + String(1000 + Math.floor(Math.random() * 8999));
    const texts = [`Meu CPF é 123.456.789-09 e o pedido ${tag}-A`, `Entreguem na Rua das Flores ${tag}-B`, `Obrigado ${tag}-C`];
    const contactId = await seedCustomer(org, { email, phone, name: `Gil ${tag}`, texts });
    await server.ctx.database.withTenant(org.orgId, (tx) =>
      recordConsentEvents(server.ctx, tx, org.orgId, { type: 'contact' }, [{ contactId, purposeKey: 'marketing', event: 'given', channel: 'webchat', method: 'unticked_checkbox', evidence: {} }]),
    );
    const sealedBefore = await server.ctx.database.withTenant(org.orgId, (tx) =>
      tx.selectFrom('messages').select(['id', 'body_sealed']).where('contact_id', '=', contactId).execute(),
    );
    const before = await dumpText();
    expect(before).toContain(`Gil ${tag}`);

    const r = await dpo.post('/api/v1/data-subject-requests', { kind: 'erasure', channel: 'letter', evidence: 'signed letter, ID card copy matches', identities: [{ kind: 'email', value: email }] });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('identity_verified');
    expect((await agent.post(`/api/v1/data-subject-requests/${r.body.id}/erase`)).status).toBe(403);
    expect((await dpo.post(`/api/v1/data-subject-requests/${r.body.id}/complete`, { answer: 'done by hand, trust me' })).status).toBe(409);
    const started = await dpo.post(`/api/v1/data-subject-requests/${r.body.id}/erase`);
    expect(started.status).toBe(202);
    const done = await until('the erasure', async () => {
      const d = await dpo.get(`/api/v1/data-subject-requests/${r.body.id}`);
      return d.body.status === 'completed' ? d.body : null;
    });
    const cert = done.outcome.certificate;
    expect(cert).toMatchObject({ requestRef: r.body.ref, dataKeysShredded: 1, dataKeysShreddedBefore: 0, contacts: 1 });
    expect(cert.jobId).toMatch(/[0-9a-f-]{36}/);
    const erased = Object.fromEntries(cert.erased.map((e: { table: string; rows: number }) => [e.table, e.rows]));
    expect(erased).toMatchObject({ messages: 3, conversations: 1, contact_identities: 2, contacts: 1 });
    expect(cert.kept.find((k: { table: string }) => k.table === 'consent_events')).toMatchObject({ rows: 1, legalBasis: expect.stringMatching(/Art\. 8/) });
    expect(JSON.stringify(cert)).not.toContain(tag);

    // The requester was told at the address read before the erasure, with what was kept and why.
    const told = await until('the erasure e-mail', async () => mailsTo(email).find((m) => /eliminados/.test(m.raw.replace(/=\r?\n/g, ''))));
    expect(told.raw.replace(/=\r?\n/g, '')).toContain('consent_events');

    const after = await dumpText();
    for (const needle of [email, phone.replace(/\D/g, ''), `Gil ${tag}`, `${tag}-A`, `${tag}-B`, `${tag}-C`, '123.456.789-09']) {
      expect(after.includes(needle), `dump still contains ${needle}`).toBe(false);
    }
    // Ciphertext copied before the erasure (a backup) can no longer be opened: the key is gone.
    await expect(loadContactKey(server.ctx, org.orgId, contactId)).rejects.toBeInstanceOf(ShreddedKeyError);
    expect(sealedBefore).toHaveLength(3);

    // Erasing again is refused; the request stays as proof without the subject's details.
    expect((await dpo.post(`/api/v1/data-subject-requests/${r.body.id}/erase`)).status).toBe(409);
    const row = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('data_subject_requests').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow());
    expect(row.evidence_sealed).toBeNull();
    expect(row.identity_id).toBeNull();
    expect(row.contact_id).toBe(contactId);
  }, 60_000);

  it('certifies a key shredded by an earlier attempt as shredded, and says so', async () => {
    const tag = randomUUID().slice(0, 8);
    const email = `iris.${tag}@cliente.test`;
    const contactId = await seedCustomer(org, { email, name: `Iris ${tag}`, texts: [`Oi ${tag}`] });
    const r = await dpo.post('/api/v1/data-subject-requests', { kind: 'erasure', channel: 'letter', evidence: 'signed letter', identities: [{ kind: 'email', value: email }] });
    expect(r.status).toBe(201);
    // A first attempt's vault delete committed, then its transaction failed: the retry finds no key.
    expect(await shredSubjectKey(server.ctx, org.orgId, contactId)).toBe(true);
    expect((await dpo.post(`/api/v1/data-subject-requests/${r.body.id}/erase`)).status).toBe(202);
    const done = await until('the retried erasure', async () => {
      const d = await dpo.get(`/api/v1/data-subject-requests/${r.body.id}`);
      return d.body.status === 'completed' ? d.body : null;
    });
    expect(done.outcome.certificate).toMatchObject({ contacts: 1, dataKeysShredded: 1, dataKeysShreddedBefore: 1 });
    expect(Object.fromEntries(done.outcome.certificate.erased.map((e: { table: string; rows: number }) => [e.table, e.rows]))).toMatchObject({ messages: 1, contacts: 1 });
  }, 60_000);
});

describe('sweep', () => {
  it('alerts the DPO once a day per overdue request and closes portal requests never verified', async () => {
    const o = await createTestOrg(server.ctx);
    const dpoUser = await addTestUser(server.ctx, o, 'dpo');
    const agentUser = await addTestUser(server.ctx, o, 'agent');
    const c = new TestClient(server.url);
    expect((await c.login(o.ownerEmail)).status).toBe(200);
    const email = `hugo.${randomUUID().slice(0, 6)}@cliente.test`;
    await seedCustomer(o, { email, name: 'Hugo', texts: ['oi'] });
    const r = await c.post('/api/v1/data-subject-requests', { kind: 'sharing_info', channel: 'phone', evidence: 'called back on the number on file', identities: [{ kind: 'email', value: email }] });
    expect(r.status).toBe(201);
    const unverified = await form(`/privacy/${o.slug}/requests`, { kind: 'access', email, lang: 'en' });
    expect(unverified.status).toBe(303);
    const past = new Date(Date.now() - 20 * 86_400_000);
    await server.ctx.database.withSystem((tx) => tx.updateTable('data_subject_requests').set({ due_at: past, received_at: past }).where('org_id', '=', o.orgId).execute());

    const first = await sweepDataSubjectRequests(server.ctx);
    expect(first.alerted).toBeGreaterThanOrEqual(1);
    expect(first.closed).toBeGreaterThanOrEqual(1);
    const queue = await c.get('/api/v1/data-subject-requests?status=all');
    const byKind = Object.fromEntries(queue.body.items.map((i: { kind: string }) => [i.kind, i]));
    expect(byKind.access).toMatchObject({ status: 'rejected', rejectionReason: 'identity not confirmed within 24 hours' });
    expect(byKind.sharing_info.clock.state).toBe('overdue');
    expect((await c.get('/api/v1/data-subject-requests?status=overdue')).body.overdue).toBe(1);
    const alert = await until('the overdue e-mail', async () => mailsTo(dpoUser.email).find((m) => /overdue/.test(m.raw)));
    expect(alert.raw).toContain(`#${r.body.ref}`);
    expect(alert.raw).not.toContain(email);
    expect(mailsTo(agentUser.email)).toEqual([]);
    await sweepDataSubjectRequests(server.ctx);
    const detail = await c.get(`/api/v1/data-subject-requests/${r.body.id}`);
    expect(detail.body.events.filter((e: { type: string }) => e.type === 'overdue_alert')).toHaveLength(1);
  });
});

describe('deadline chart', () => {
  it('counts open requests by days left and answers per week on time or late, for those who read requests', async () => {
    const o = await createTestOrg(server.ctx);
    const c = new TestClient(server.url);
    expect((await c.login(o.ownerEmail)).status).toBe(200);
    const ag = new TestClient(server.url);
    expect((await ag.login((await addTestUser(server.ctx, o, 'agent')).email)).status).toBe(200);
    const ids: string[] = [];
    for (const name of ['Ivo', 'Jaci', 'Lia', 'Mel']) {
      const email = `${name.toLowerCase()}.${randomUUID().slice(0, 6)}@cliente.test`;
      await seedCustomer(o, { email, name, texts: ['oi'] });
      const r = await c.post('/api/v1/data-subject-requests', { kind: 'sharing_info', channel: 'phone', evidence: 'called back on the number on file', identities: [{ kind: 'email', value: email }] });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const day = 86_400_000;
    const set = (id: string, values: Record<string, unknown>) =>
      server.ctx.database.withSystem((tx) => tx.updateTable('data_subject_requests').set(values).where('org_id', '=', o.orgId).where('id', '=', id).execute());
    await set(ids[0]!, { due_at: new Date(Date.now() - day) }); // overdue
    await set(ids[1]!, { due_at: new Date(Date.now() + day + 3_600_000) }); // 1 day left
    await set(ids[2]!, { status: 'completed', completed_at: new Date(), due_at: new Date(Date.now() - 2 * day) }); // answered late
    await set(ids[3]!, { status: 'rejected', completed_at: new Date(), due_at: new Date(Date.now() + 5 * day) }); // answered on time

    const stats = await c.get('/api/v1/data-subject-requests/stats?weeks=4');
    expect(stats.status).toBe(200);
    const by = Object.fromEntries(stats.body.openByDaysLeft.map((b: { bucket: string; count: number }) => [b.bucket, b.count]));
    expect(by).toEqual({ overdue: 1, '0-2': 1, '3-7': 0, '8-15': 0, '16-30': 0, '31+': 0 });
    expect(stats.body).toMatchObject({ open: 2, overdue: 1 });
    expect(stats.body.answeredPerWeek).toHaveLength(4);
    expect(stats.body.answeredPerWeek.at(-1)).toMatchObject({ onTime: 1, late: 1 });
    expect(new Date(`${stats.body.answeredPerWeek[0].week}T00:00:00Z`).getUTCDay()).toBe(1);

    const bad = await c.get('/api/v1/data-subject-requests/stats?weeks=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.weeks');
    expect((await ag.get('/api/v1/data-subject-requests/stats')).status).toBe(403);
  });
});
