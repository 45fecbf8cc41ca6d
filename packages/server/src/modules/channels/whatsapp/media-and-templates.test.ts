import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestUser, createTestOrg, TestClient, startTestServer, type TestOrg, type TestServer } from '../../../testing/test-server.js';
import { startFakeGraphApi, type FakeGraphApi } from '../../../testing/fake-graph-api.js';
import { loadContactKey, openForContact, shredSubjectKey } from '../../contacts/contact-keys.js';
import { ingestMessage } from '../../conversations/ingest-message.js';
import { dispatchOutbound } from '../outbound.js';
import { sealForOrganization } from '../channel-secrets.js';
import { startWhatsAppWorkers } from './index.js';
import { downloadMedia, MEDIA_RETRY_LIMIT } from './download-media.js';
import { signWebhookPayload } from './webhook-signature.js';

const CPF = '111.444.777-35';
/** Small on purpose: the size cap is tested without moving megabytes around. */
const MAX_MEDIA_BYTES = 64 * 1024;

let server: TestServer;
let graph: FakeGraphApi;
let org: TestOrg;
let other: TestOrg;
let agent: TestClient;
let admin: TestClient;
let otherAgent: TestClient;
let auditor: TestClient;
const phoneId = `7${randomInt(1e9, 9e9)}${randomInt(1e3, 9e3)}`;
const otherPhoneId = `6${randomInt(1e9, 9e9)}${randomInt(1e3, 9e3)}`;
const wabaId = `4${randomInt(1e9, 9e9)}`;
const appSecret = `app-secret-${randomBytes(8).toString('hex')}`;
const accessToken = `EAAG${randomBytes(12).toString('hex')}`;
let channelId: string;

beforeAll(async () => {
  server = await startTestServer({ WHATSAPP_MEDIA_MAX_BYTES: String(MAX_MEDIA_BYTES) });
  graph = await startFakeGraphApi({ accessTokens: { [phoneId]: accessToken, [otherPhoneId]: 'other-token' } });
  await startWhatsAppWorkers(server.ctx);
  org = await createTestOrg(server.ctx);
  other = await createTestOrg(server.ctx);
  channelId = await connectWhatsAppChannel(org.orgId, phoneId, accessToken);
  await connectWhatsAppChannel(other.orgId, otherPhoneId, 'other-token');
  agent = new TestClient(server.url);
  await agent.login((await addTestUser(server.ctx, org, 'agent')).email);
  admin = new TestClient(server.url);
  await admin.login(org.ownerEmail);
  auditor = new TestClient(server.url);
  await auditor.login((await addTestUser(server.ctx, org, 'auditor')).email);
  otherAgent = new TestClient(server.url);
  await otherAgent.login((await addTestUser(server.ctx, other, 'agent')).email);
});
afterAll(async () => {
  await server?.close();
  await graph?.close();
});

async function connectWhatsAppChannel(orgId: string, phoneNumberId: string, token: string): Promise<string> {
  const id = randomUUID();
  await server.ctx.database.withTenant(orgId, (tx) =>
    tx.insertInto('channels').values({
      org_id: orgId, id, type: 'whatsapp', name: 'WhatsApp', public_key: phoneNumberId,
      settings: JSON.stringify({ phoneNumberId, graphApiUrl: graph.url }),
      secrets_sealed: sealForOrganization(server.ctx.kms, orgId, `channels:${id}`, { accessToken: token, appSecret, verifyToken: `verify-${randomBytes(6).toString('hex')}` }),
    }).execute(),
  );
  return id;
}

let seq = 0;
const nextPhone = () => `55119${String(60000000 + ++seq).padStart(8, '0')}`;

/** A signed notification of one inbound message, as Meta sends it. */
async function postInbound(payload: Record<string, unknown>, from = nextPhone()) {
  const wamid = typeof payload.id === 'string' ? payload.id : `wamid.MEDIA${randomBytes(10).toString('hex')}`;
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550001234', phone_number_id: phoneId },
      contacts: [{ profile: { name: 'Maria Souza' }, wa_id: from }],
      messages: [{ from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), ...payload }],
    } }] }],
  });
  const res = await fetch(`${server.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookPayload(appSecret, body) }, body });
  expect(res.status).toBe(200);
  const message = await waitFor(() => server.ctx.database.withSystem((tx) => tx.selectFrom('messages').selectAll().where('channel_message_id', '=', wamid).executeTakeFirst()));
  return { wamid, from, message };
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the job queue');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const attachmentOf = (messageId: string) =>
  server.ctx.database.withSystem((tx) => tx.selectFrom('attachments').selectAll().where('message_id', '=', messageId).executeTakeFirst());
const attachmentIn = (messageId: string, statuses: string[]) => waitFor(async () => {
  const a = await attachmentOf(messageId);
  return a && statuses.includes(a.status) && a;
});

/** A fake PDF whose bytes contain a CPF: it must never be stored or listed in clear. */
const pdfBytes = () => Buffer.concat([Buffer.from(`%PDF-1.4\n% CPF ${CPF}\n`), randomBytes(2048)]);

describe('media → sealed attachments', () => {
  let stored: { messageId: string; conversationId: string; attachmentId: string; bytes: Buffer };

  it('downloads a document with the channel token, checks it and stores it sealed; agents see masked facts only', async () => {
    const bytes = pdfBytes();
    const media = graph.addMedia({ phoneNumberId: phoneId, bytes, mimeType: 'application/pdf' });
    const before = graph.requests.length;
    const { message } = await postInbound({ type: 'document', document: { id: media.id, mime_type: 'application/pdf', sha256: media.sha256, filename: `CPF ${CPF}.pdf`, caption: 'segue o comprovante' } });
    const row = await attachmentIn(message.id, ['stored', 'failed', 'refused']);
    expect(row).toMatchObject({ status: 'stored', reason: null, mime_type: 'application/pdf', size_bytes: bytes.length, channel_media_id: media.id, sha256: media.sha256 });
    // Masked name only in clear; the original name and the content sealed with the contact's key.
    expect(row.filename_masked).not.toContain(CPF);
    expect(row.filename_masked).toMatch(/\.pdf$/);
    expect(row.content_sealed!.includes(Buffer.from(CPF))).toBe(false);
    const opened = await server.ctx.database.withTenant(org.orgId, async (tx) => {
      const key = await loadContactKey(server.ctx, org.orgId, row.contact_id);
      return openForContact(key, row.content_sealed!, `${org.orgId}:attachments:${row.id}`);
    });
    expect(opened.equals(bytes)).toBe(true);
    // Both Graph calls carried the channel's token: the media lookup, then its URL.
    const calls = graph.requests.slice(before).filter((r) => r.method === 'GET');
    expect(calls.map((r) => [r.path, r.status])).toEqual([[`/v21.0/${media.id}`, 200], [`/media-download/${media.id}`, 200]]);
    expect(calls.every((r) => r.authorization === `Bearer ${accessToken}`)).toBe(true);

    const list = await agent.get(`/api/v1/conversations/${message.conversation_id}/messages`);
    expect(list.status).toBe(200);
    const listed = list.body.items.find((m: { id: string }) => m.id === message.id);
    expect(listed.attachments).toEqual([{ id: row.id, mimeType: 'application/pdf', sizeBytes: bytes.length, filenameMasked: row.filename_masked, status: 'stored', reason: null, revealable: true }]);
    expect(list.text).not.toContain(CPF);
    stored = { messageId: message.id, conversationId: message.conversation_id, attachmentId: row.id, bytes };
  });

  it('stores one attachment for a duplicate delivery, and none for text', async () => {
    const media = graph.addMedia({ phoneNumberId: phoneId, bytes: randomBytes(300), mimeType: 'image/jpeg' });
    const wamid = `wamid.DUP${randomBytes(8).toString('hex')}`;
    const from = nextPhone();
    const first = await postInbound({ id: wamid, type: 'image', image: { id: media.id, mime_type: 'image/jpeg' } }, from);
    await postInbound({ id: wamid, type: 'image', image: { id: media.id, mime_type: 'image/jpeg' } }, from);
    await attachmentIn(first.message.id, ['stored']);
    const rows = await server.ctx.database.withSystem((tx) => tx.selectFrom('attachments').select('id').where('channel_media_id', '=', media.id).execute());
    expect(rows).toHaveLength(1);
    const text = await postInbound({ type: 'text', text: { body: 'sem anexo' } });
    const list = await agent.get(`/api/v1/conversations/${text.message.conversation_id}/messages`);
    expect(list.body.items.find((m: { id: string }) => m.id === text.message.id).attachments).toEqual([]);
  });

  it('reveals the original for a reason, as a download that is never rendered inline, and audits it', async () => {
    const path = `/api/v1/messages/${stored.messageId}/attachments/${stored.attachmentId}/reveal`;
    const noReason = await agent.post(path, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors?.[0]?.field).toMatch(/reason/);
    const shortReason = await agent.post(path, { reason: 'ok' });
    expect(shortReason.status).toBe(400);

    const res = await fetch(server.url + path, {
      method: 'POST',
      headers: { cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': agent.csrf!, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'customer asked to confirm the receipt' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="CPF 111\.444\.777-35\.pdf"; filename\*=UTF-8''/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await res.arrayBuffer()).equals(stored.bytes)).toBe(true);

    const audit = await server.ctx.database.withSystem((tx) =>
      tx.selectFrom('audit_log').selectAll().where('org_id', '=', org.orgId).where('action', '=', 'attachment.revealed').where('target_id', '=', stored.attachmentId).execute(),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.reason).toBe('customer asked to confirm the receipt');
    expect(JSON.stringify(audit[0]!.metadata)).not.toContain(CPF);
  });

  it('is 404 to another tenant, 403 without the reveal permission, 404 for a wrong message', async () => {
    const path = `/api/v1/messages/${stored.messageId}/attachments/${stored.attachmentId}/reveal`;
    expect((await otherAgent.post(path, { reason: 'trying another tenant' })).status).toBe(404);
    expect((await auditor.post(path, { reason: 'auditors cannot reveal' })).status).toBe(403);
    expect((await agent.post(`/api/v1/messages/${randomUUID()}/attachments/${stored.attachmentId}/reveal`, { reason: 'wrong message id' })).status).toBe(404);
    expect((await agent.post(`/api/v1/messages/${stored.messageId}/attachments/not-a-uuid/reveal`, { reason: 'bad attachment id' })).status).toBe(400);
  });

  // On a shared PostgreSQL, workers of other test files (default cap, 16 MiB) may take these jobs
  // too, so the files exceed both caps; the configured small cap is checked on PGlite only.
  const OVER_ANY_CAP = 16 * 1024 * 1024 + 1;
  it('refuses a file over the size cap without retrying (announced size, or a lying one)', async () => {
    const big = graph.addMedia({ phoneNumberId: phoneId, bytes: randomBytes(1000), mimeType: 'video/mp4', fileSize: OVER_ANY_CAP });
    const a = await postInbound({ type: 'video', video: { id: big.id, mime_type: 'video/mp4' } });
    expect(await attachmentIn(a.message.id, ['stored', 'failed', 'refused'])).toMatchObject({ status: 'refused', reason: 'too_large', size_bytes: OVER_ANY_CAP, content_sealed: null });
    // Refused on the announced size: the file itself was never fetched.
    expect(graph.requests.filter((r) => r.path === `/media-download/${big.id}`)).toHaveLength(0);
    // Graph announces a small file but sends a large one: the download stops at the cap.
    const liar = graph.addMedia({ phoneNumberId: phoneId, bytes: randomBytes(OVER_ANY_CAP), mimeType: 'image/jpeg', fileSize: 1000 });
    const b = await postInbound({ type: 'image', image: { id: liar.id, mime_type: 'image/jpeg' } });
    expect(await attachmentIn(b.message.id, ['stored', 'failed', 'refused'])).toMatchObject({ status: 'refused', reason: 'too_large', content_sealed: null });
    expect(graph.requests.filter((r) => r.path === `/media-download/${liar.id}`)).toHaveLength(1);
    const list = await agent.get(`/api/v1/conversations/${a.message.conversation_id}/messages`);
    expect(list.body.items.find((m: { id: string }) => m.id === a.message.id).attachments[0]).toMatchObject({ status: 'refused', reason: 'too_large', revealable: false });
    const reveal = await agent.post(`/api/v1/messages/${a.message.id}/attachments/${(await attachmentOf(a.message.id))!.id}/reveal`, { reason: 'want to see the video' });
    expect(reveal.status).toBe(409);
  });

  it.skipIf(!!process.env.DATABASE_URL)('applies the configured cap (WHATSAPP_MEDIA_MAX_BYTES)', async () => {
    const justOver = graph.addMedia({ phoneNumberId: phoneId, bytes: randomBytes(MAX_MEDIA_BYTES + 1), mimeType: 'audio/ogg' });
    const justUnder = graph.addMedia({ phoneNumberId: phoneId, bytes: randomBytes(MAX_MEDIA_BYTES), mimeType: 'audio/ogg' });
    const a = await postInbound({ type: 'audio', audio: { id: justOver.id, mime_type: 'audio/ogg' } });
    const b = await postInbound({ type: 'audio', audio: { id: justUnder.id, mime_type: 'audio/ogg' } });
    expect(await attachmentIn(a.message.id, ['stored', 'failed', 'refused'])).toMatchObject({ status: 'refused', reason: 'too_large', size_bytes: MAX_MEDIA_BYTES + 1 });
    expect(await attachmentIn(b.message.id, ['stored', 'failed', 'refused'])).toMatchObject({ status: 'stored', size_bytes: MAX_MEDIA_BYTES });
  });

  it('retries a SHA-256 mismatch and records it as failed on the last attempt', async () => {
    const media = graph.addMedia({ phoneNumberId: phoneId, bytes: randomBytes(1000), mimeType: 'image/png', sha256: 'f'.repeat(64) });
    const { message } = await postInbound({ type: 'image', image: { id: media.id, mime_type: 'image/png' } });
    const pending = (await attachmentOf(message.id))!;
    expect(pending.status).toBe('pending');
    const job = { orgId: org.orgId, attachmentId: pending.id };
    await expect(downloadMedia(server.ctx, job, { retryCount: 0 })).rejects.toThrow(/retried: sha256_mismatch/);
    expect((await attachmentOf(message.id))!.status).toBe('pending');
    await downloadMedia(server.ctx, job, { retryCount: MEDIA_RETRY_LIMIT });
    expect(await attachmentOf(message.id)).toMatchObject({ status: 'failed', reason: 'sha256_mismatch', content_sealed: null });
  });

  it('does not fetch the file of a message whose original the DPO purged', async () => {
    const media = graph.addMedia({ phoneNumberId: phoneId, bytes: randomBytes(800), mimeType: 'image/jpeg', sha256: '0'.repeat(64) });
    const { message } = await postInbound({ type: 'image', image: { id: media.id, mime_type: 'image/jpeg' } });
    const pending = (await attachmentOf(message.id))!;
    await server.ctx.database.withSystem((tx) => tx.updateTable('messages').set({ body_sealed: null, purged_at: new Date() }).where('id', '=', message.id).execute());
    await downloadMedia(server.ctx, { orgId: org.orgId, attachmentId: pending.id }, { retryCount: 0 });
    expect(await attachmentOf(message.id)).toMatchObject({ status: 'failed', reason: 'original_purged', content_sealed: null });
  });

  it('retries an expired media URL (404) and ends as failed with the reason', async () => {
    const media = graph.addMedia({ phoneNumberId: phoneId, bytes: randomBytes(500), mimeType: 'audio/ogg' });
    graph.expireMedia(media.id);
    const before = graph.requests.length;
    const { message } = await postInbound({ type: 'audio', audio: { id: media.id, mime_type: 'audio/ogg', voice: true } });
    const pending = (await attachmentOf(message.id))!;
    const job = { orgId: org.orgId, attachmentId: pending.id };
    await expect(downloadMedia(server.ctx, job, { retryCount: 1 })).rejects.toThrow(/retried: media_expired/);
    expect((await attachmentOf(message.id))!.status).toBe('pending');
    await downloadMedia(server.ctx, job, { retryCount: MEDIA_RETRY_LIMIT });
    expect(await attachmentOf(message.id)).toMatchObject({ status: 'failed', reason: 'media_expired' });
    expect(graph.requests.slice(before).some((r) => r.path === `/media-download/${media.id}` && r.status === 404)).toBe(true);
  });

  it('records a refused token as failed at once, without retrying', async () => {
    const media = graph.addMedia({ phoneNumberId: phoneId, bytes: randomBytes(500), mimeType: 'image/webp' });
    graph.setAccessToken(phoneId, 'a-rotated-token');
    try {
      const before = graph.requests.length;
      const { message } = await postInbound({ type: 'sticker', sticker: { id: media.id, mime_type: 'image/webp', animated: false } });
      expect(await attachmentIn(message.id, ['stored', 'failed', 'refused'])).toMatchObject({ status: 'failed', reason: 'token_refused' });
      await new Promise((r) => setTimeout(r, 1500));
      expect(graph.requests.slice(before).filter((r) => r.method === 'GET').map((r) => r.status)).toEqual([401]);
    } finally {
      graph.setAccessToken(phoneId, accessToken);
    }
  });

  it('answers 410 once the contact was erased', async () => {
    const media = graph.addMedia({ phoneNumberId: phoneId, bytes: pdfBytes(), mimeType: 'application/pdf' });
    const { message } = await postInbound({ type: 'document', document: { id: media.id, mime_type: 'application/pdf' } });
    const row = await attachmentIn(message.id, ['stored']);
    expect(row.filename_masked).toBeNull();
    await shredSubjectKey(server.ctx, org.orgId, row.contact_id);
    const res = await agent.post(`/api/v1/messages/${message.id}/attachments/${row.id}/reveal`, { reason: 'after the erasure request' });
    expect(res.status).toBe(410);
    expect(res.body.type).toMatch(/subject-erased$/);
  });
});

describe('templates', () => {
  const url = () => `/api/v1/channels/${channelId}/templates`;
  let approvedId: string;
  let pendingId: string;

  it('registers, changes and removes templates (admin), with field-level errors', async () => {
    const bad = await admin.post(url(), { name: 'Order Shipped', language: 'pt_BR', category: 'UTILITY', bodyText: 'Oi', status: 'APPROVED' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toMatch(/name/);
    const gap = await admin.post(url(), { name: 'gap', language: 'pt_BR', category: 'UTILITY', bodyText: 'Oi {{1}}, {{3}}', status: 'APPROVED' });
    expect(gap.status).toBe(400);
    expect(gap.body.errors).toEqual([{ field: 'bodyText', message: expect.stringMatching(/without gaps/) }]);
    expect((await agent.post(url(), { name: 'by_agent', language: 'pt_BR', category: 'UTILITY', bodyText: 'Oi', status: 'APPROVED' })).status).toBe(403);

    const created = await admin.post(url(), { name: 'pedido_enviado', language: 'pt_BR', category: 'UTILITY', bodyText: 'Olá {{1}}, seu pedido {{2}} foi enviado.', status: 'APPROVED' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'pedido_enviado', paramCount: 2, status: 'APPROVED', source: 'local' });
    approvedId = created.body.id;
    const dup = await admin.post(url(), { name: 'pedido_enviado', language: 'pt_BR', category: 'UTILITY', bodyText: 'x', status: 'APPROVED' });
    expect(dup.status).toBe(409);
    const pending = await admin.post(url(), { name: 'promo', language: 'pt_BR', category: 'MARKETING', bodyText: 'Promoção!', status: 'APPROVED' });
    pendingId = pending.body.id;
    const changed = await admin.patch(`${url()}/${pendingId}`, { status: 'PENDING', bodyText: 'Promoção de {{1}}!' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'PENDING', paramCount: 1 });
    const temp = await admin.post(url(), { name: 'temp', language: 'en_US', category: 'UTILITY', bodyText: 'Hi', status: 'REJECTED' });
    expect((await admin.delete(`${url()}/${temp.body.id}`)).status).toBe(204);
    expect((await admin.delete(`${url()}/${temp.body.id}`)).status).toBe(404);

    const all = await agent.get(url());
    expect(all.body.items.map((t: { name: string }) => t.name)).toEqual(['pedido_enviado', 'promo']);
    const approved = await agent.get(`${url()}?approved=true`);
    expect(approved.body.items.map((t: { name: string }) => t.name)).toEqual(['pedido_enviado']);
    expect((await otherAgent.get(url())).status).toBe(404);
  });

  it('takes the business account id when a WhatsApp channel is connected, checked field by field', async () => {
    const base = { type: 'whatsapp', name: 'Outro número', accessToken: 'token-123456789', appSecret: 'secret-123456789', verifyToken: 'verify-123456789', graphApiUrl: graph.url };
    const bad = await admin.post('/api/v1/channels', { ...base, phoneNumberId: `3${randomInt(1e9, 9e9)}`, businessAccountId: 'WABA-1' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['businessAccountId']);
    const created = await admin.post('/api/v1/channels', { ...base, phoneNumberId: `3${randomInt(1e9, 9e9)}`, businessAccountId: '123456789' });
    expect(created.status).toBe(201);
    expect(created.body.settings).toMatchObject({ businessAccountId: '123456789' });
    const cleared = await admin.patch(`/api/v1/channels/${created.body.id}`, { businessAccountId: null });
    expect(cleared.body.settings.businessAccountId).toBeUndefined();
  });

  it('syncs from the WhatsApp Business Account with the channel token, keeping hand-registered ones', async () => {
    const noWaba = await admin.post(`${url()}/sync`);
    expect(noWaba.status).toBe(400);
    expect(noWaba.body.errors[0].field).toBe('businessAccountId');
    expect((await admin.patch(`/api/v1/channels/${channelId}`, { businessAccountId: 'abc' })).status).toBe(400);
    expect((await admin.patch(`/api/v1/channels/${channelId}`, { businessAccountId: wabaId })).status).toBe(200);

    graph.setTemplates(wabaId, [
      { name: 'pedido_enviado', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} foi enviado.' }] },
      { name: 'lembrete', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'HEADER', format: 'TEXT', text: 'Oi' }, { type: 'BODY', text: 'Ainda precisa de ajuda com {{1}}?' }] },
      { name: 'novidade', language: 'es', status: 'REJECTED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Novedades' }] },
    ], { accessToken, phoneNumberIds: [phoneId] });
    const before = graph.requests.length;
    const synced = await admin.post(`${url()}/sync`);
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({ synced: 3, removed: 0 });
    expect(synced.body.items.map((t: { name: string; source: string; paramCount: number }) => [t.name, t.source, t.paramCount])).toEqual([
      ['lembrete', 'meta', 1], ['novidade', 'meta', 0], ['pedido_enviado', 'meta', 2], ['promo', 'local', 1],
    ]);
    const call = graph.requests.slice(before).find((r) => r.path.endsWith('/message_templates'))!;
    expect(call).toMatchObject({ method: 'GET', path: `/v21.0/${wabaId}/message_templates`, authorization: `Bearer ${accessToken}`, status: 200 });

    // Meta no longer lists one: it goes; the hand-registered one stays.
    graph.setTemplates(wabaId, [
      { name: 'pedido_enviado', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} foi enviado.' }] },
      { name: 'lembrete', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Ainda precisa de ajuda com {{1}}?' }] },
    ], { accessToken, phoneNumberIds: [phoneId] });
    const again = await admin.post(`${url()}/sync`);
    expect(again.body).toMatchObject({ synced: 2, removed: 1 });
    expect(again.body.items.map((t: { name: string }) => t.name)).toEqual(['lembrete', 'pedido_enviado', 'promo']);
    expect(again.body.items.find((t: { name: string }) => t.name === 'pedido_enviado').id).toBe(approvedId);
    expect((await agent.post(`${url()}/sync`)).status).toBe(403);

    graph.setTemplates(wabaId, [], { accessToken: 'another-token', phoneNumberIds: [phoneId] });
    const refused = await admin.post(`${url()}/sync`);
    expect(refused.status).toBe(502);
    expect(refused.body.type).toMatch(/graph-token-refused$/);
    graph.setTemplates(wabaId, [
      { name: 'pedido_enviado', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} foi enviado.' }] },
      { name: 'lembrete', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Ainda precisa de ajuda com {{1}}?' }] },
      { name: 'promo', language: 'pt_BR', status: 'PENDING', category: 'MARKETING', components: [{ type: 'BODY', text: 'Promoção de {{1}}!' }] },
    ], { accessToken, phoneNumberIds: [phoneId] });
  });

  async function conversation() {
    const { message, from } = await postInbound({ type: 'text', text: { body: 'preciso de ajuda' } });
    return { conversationId: message.conversation_id, from };
  }
  const messageById = (id: string) => server.ctx.database.withSystem((tx) => tx.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  const sent = (id: string) => waitFor(async () => {
    const m = await messageById(id);
    return m.state !== 'queued' && m;
  });

  it('sends an approved template inside the window in the documented shape; the stored text is masked and sealed', async () => {
    const { conversationId, from } = await conversation();
    const before = graph.requests.length;
    const res = await agent.post(`/api/v1/conversations/${conversationId}/template-messages`, { templateId: approvedId, parameters: ['Maria', `CPF ${CPF}`], confirmed: true });
    expect(res.status).toBe(201);
    expect(res.body.body).not.toContain(CPF);
    expect(res.body.piiTypes).toContain('BR_CPF');
    const m = await sent(res.body.id);
    expect(m).toMatchObject({ state: 'sent', content_type: 'template' });
    expect(JSON.stringify(m.metadata)).not.toContain(CPF);
    const request = graph.requests.slice(before).find((r) => r.method === 'POST')!;
    expect(request.status).toBe(200);
    expect(request.body).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: from, type: 'template',
      template: { name: 'pedido_enviado', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Maria' }, { type: 'text', text: `CPF ${CPF}` }] }] },
    });
    // A CPF in the parameters needs the agent's confirmation, like any reply.
    const unconfirmed = await agent.post(`/api/v1/conversations/${conversationId}/template-messages`, { templateId: approvedId, parameters: ['Maria', `CPF ${CPF}`] });
    expect(unconfirmed.status).toBe(422);
  });

  it('sends a template outside the 24-hour window, where free text is refused', async () => {
    const { conversationId } = await conversation();
    await server.ctx.database.withSystem((tx) => tx.updateTable('conversations').set({ last_inbound_at: new Date(Date.now() - 30 * 3600_000) }).where('id', '=', conversationId).execute());
    expect((await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Ainda precisa?' })).status).toBe(422);
    const templates = await agent.get(`${url()}?approved=true`);
    const lembrete = templates.body.items.find((t: { name: string }) => t.name === 'lembrete');
    const res = await agent.post(`/api/v1/conversations/${conversationId}/template-messages`, { templateId: lembrete.id, parameters: ['sua entrega'] });
    expect(res.status).toBe(201);
    expect(res.body.body).toBe('Ainda precisa de ajuda com sua entrega?');
    expect(await sent(res.body.id)).toMatchObject({ state: 'sent', error: null });
  });

  it('sends a MARKETING template only to a contact who consented to marketing', async () => {
    const { message } = await postInbound({ type: 'text', text: { body: 'quero saber das ofertas' } });
    const created = await admin.post(url(), { name: 'oferta_mensal', language: 'pt_BR', category: 'MARKETING', bodyText: 'Ofertas de {{1}} para você!', status: 'APPROVED' });
    expect(created.status).toBe(201);
    const send = () => agent.post(`/api/v1/conversations/${message.conversation_id}/template-messages`, { templateId: created.body.id, parameters: ['dezembro'] });
    const refused = await send();
    expect(refused.status).toBe(422);
    expect(refused.body.type).toMatch(/consent-required$/);
    expect(refused.body.detail).toMatch(/never given consent/);
    const given = await agent.post(`/api/v1/contacts/${message.contact_id}/consents`, {
      purpose: 'marketing', event: 'given', method: 'agent_recorded', evidence: { reference: 'ticket 4711', note: 'customer asked by chat to receive offers' },
    });
    expect(given.status).toBe(201);
    expect((await send()).status).toBe(201);
  });

  it("records Meta's refusal when a template approved here is not approved there", async () => {
    const { conversationId } = await conversation();
    // Registered here as approved; Meta lists it as paused.
    const paused = await admin.post(url(), { name: 'aviso_pausado', language: 'pt_BR', category: 'UTILITY', bodyText: 'Aviso', status: 'APPROVED' });
    graph.setTemplates(wabaId, [{ name: 'aviso_pausado', language: 'pt_BR', status: 'PAUSED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Aviso' }] }], { accessToken, phoneNumberIds: [phoneId] });
    try {
      const res = await agent.post(`/api/v1/conversations/${conversationId}/template-messages`, { templateId: paused.body.id, parameters: [] });
      expect(res.status).toBe(201);
      expect(await sent(res.body.id)).toMatchObject({ state: 'failed', error: { code: 132015, httpStatus: 400 } });
    } finally {
      graph.setTemplates(wabaId, [
        { name: 'pedido_enviado', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} foi enviado.' }] },
        { name: 'lembrete', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Ainda precisa de ajuda com {{1}}?' }] },
      ], { accessToken, phoneNumberIds: [phoneId] });
    }
  });

  it('refuses an unknown or unapproved template and wrong parameters with field-level errors', async () => {
    const { conversationId } = await conversation();
    const send = (body: unknown) => agent.post(`/api/v1/conversations/${conversationId}/template-messages`, body);
    const unknown = await send({ templateId: randomUUID(), parameters: [] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'templateId', message: expect.stringMatching(/not a template/) }]);
    const unapproved = await send({ templateId: pendingId, parameters: ['inverno'] });
    expect(unapproved.status).toBe(400);
    expect(unapproved.body.errors).toEqual([{ field: 'templateId', message: expect.stringMatching(/PENDING, not approved/) }]);
    const count = await send({ templateId: approvedId, parameters: ['Maria'] });
    expect(count.body.errors).toEqual([{ field: 'parameters', message: expect.stringMatching(/exactly 2/) }]);
    const newline = await send({ templateId: approvedId, parameters: ['Maria', 'linha\noutra'] });
    expect(newline.body.errors[0].field).toBe('parameters.1');
    const malformed = await send({ templateId: 'x', parameters: 'Maria' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['parameters', 'templateId']);
    // A conversation the DPO paused takes no template either.
    await server.ctx.database.withSystem((tx) => tx.updateTable('conversations').set({ paused_at: new Date() }).where('id', '=', conversationId).execute());
    const paused = await send({ templateId: approvedId, parameters: ['Maria', 'pedido 42'] });
    expect(paused.status).toBe(423);
    await server.ctx.database.withSystem((tx) => tx.updateTable('conversations').set({ paused_at: null }).where('id', '=', conversationId).execute());
    // Another tenant's conversation does not exist for this agent.
    expect((await otherAgent.post(`/api/v1/conversations/${conversationId}/template-messages`, { templateId: approvedId, parameters: ['a', 'b'] })).status).toBe(404);
  });
});

describe('interactive buttons for system notices', () => {
  async function systemNotice(interactive: Record<string, unknown>) {
    const { message } = await postInbound({ type: 'text', text: { body: 'oi' } });
    const stored = await ingestMessage(server.ctx, {
      orgId: org.orgId,
      channel: { id: channelId, type: 'whatsapp' },
      direction: 'outbound',
      sender: { type: 'system' },
      contact: { contactId: message.contact_id },
      conversationId: message.conversation_id,
      text: 'Podemos usar seus dados para enviar novidades?',
      state: 'queued',
      metadata: { interactive },
    });
    await dispatchOutbound(server.ctx, { orgId: org.orgId, messageId: stored.messageId, conversationId: stored.conversationId, contactId: stored.contactId, channelId, channelType: 'whatsapp' });
    return stored.messageId;
  }
  const finalState = (id: string) => waitFor(async () => {
    const m = await server.ctx.database.withSystem((tx) => tx.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    return m.state !== 'queued' && m;
  });

  it('sends a notice with buttons as a WhatsApp interactive button message', async () => {
    const before = graph.requests.length;
    const id = await systemNotice({ type: 'button', buttons: [{ id: 'consent:yes', title: 'Sim' }, { id: 'consent:no', title: 'Não' }], footer: 'Responda quando quiser' });
    expect(await finalState(id)).toMatchObject({ state: 'sent' });
    const request = graph.requests.slice(before).find((r) => r.method === 'POST')!;
    expect(request.status).toBe(200);
    expect(request.body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Podemos usar seus dados para enviar novidades?' },
        footer: { text: 'Responda quando quiser' },
        action: { buttons: [{ type: 'reply', reply: { id: 'consent:yes', title: 'Sim' } }, { type: 'reply', reply: { id: 'consent:no', title: 'Não' } }] },
      },
    });
  });

  it('records a notice Meta would refuse (four buttons, a title over 20 characters) as failed without sending it', async () => {
    const before = graph.requests.length;
    const four = await systemNotice({ type: 'button', buttons: [1, 2, 3, 4].map((n) => ({ id: `b${n}`, title: `Opção ${n}` })) });
    expect(await finalState(four)).toMatchObject({ state: 'failed', error: { code: 'invalid_interactive' } });
    const long = await systemNotice({ type: 'button', buttons: [{ id: 'a', title: 'Um título longo demais para o botão' }] });
    expect(await finalState(long)).toMatchObject({ state: 'failed', error: { code: 'invalid_interactive' } });
    expect(graph.requests.slice(before).filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});

describe('logs', () => {
  it('carry no file names, contents, parameters or tokens', () => {
    const logs = server.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [CPF, '111.444.777', 'comprovante', 'Maria', accessToken, 'sua entrega']) expect(logs, secret).not.toContain(secret);
  });
});
