import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, addTestUser, createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { shredSubjectKey } from '../contacts/contact-keys.js';
import { ingestMessage } from './ingest-message.js';

let server: TestServer;
let org: TestOrg;
let agent: TestClient;
let agentId: string;
beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  const a = await addTestUser(server.ctx, org, 'agent');
  agentId = a.id;
  agent = new TestClient(server.url);
  await agent.login(a.email);
});
afterAll(() => server?.close());

// Synthetic, checksum-valid identifiers (no real person's).
const CPF = '111.444.777-35';
const CARD = '4111 1111 1111 1111';

let seq = 0;
function inbound(text: string, extra: Partial<Parameters<typeof ingestMessage>[1]> = {}) {
  seq++;
  return ingestMessage(server.ctx, {
    orgId: org.orgId,
    channel: { id: null, type: 'api' },
    direction: 'inbound',
    sender: { type: 'contact' },
    contact: { identities: [{ kind: 'phone', value: `+55 11 98765-${String(4000 + seq).slice(-4)}` }], displayName: 'Maria' },
    text,
    ...extra,
  });
}

/** Raw rows as the database owner sees them: what a dump or a stolen backup would contain. */
async function rawMessage(id: string) {
  return server.ctx.database.withSystem((tx) => tx.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

describe('ingest', () => {
  it('stores the message masked and sealed, flags entity types, and finds the contact again by phone', async () => {
    const first = await inbound(`Olá, meu CPF é ${CPF}, pode verificar meu boleto?`, { lang: 'pt' });
    expect(first.duplicate).toBe(false);
    expect(first.piiTypes).toContain('BR_CPF');
    expect(first.bodyMasked).not.toContain(CPF);
    expect(first.bodyMasked).toContain('boleto');
    const raw = await rawMessage(first.messageId);
    expect(raw.body_masked).not.toContain('111.444.777');
    expect(raw.body_sealed!.toString('latin1')).not.toContain('111.444.777');

    const phone = `+55 11 98765-${String(4000 + seq).slice(-4)}`;
    const samePerson = (value: string) =>
      ingestMessage(server.ctx, {
        orgId: org.orgId,
        channel: { id: null, type: 'api' },
        direction: 'inbound',
        sender: { type: 'contact' },
        contact: { identities: [{ kind: 'phone', value }] },
        text: 'oi',
      });
    // The same number written another way is the same contact, found by blind index…
    expect((await samePerson(phone.replace(/[\s-]/g, ''))).contactId).toBe(first.contactId);
    // …and another number is another contact.
    expect((await samePerson('+34 612 345 678')).contactId).not.toBe(first.contactId);
    const identities = await server.ctx.database.withSystem((tx) => tx.selectFrom('contact_identities').select(['value_masked', 'blind_index', 'value_sealed']).where('contact_id', '=', first.contactId).execute());
    expect(identities).toHaveLength(1);
    expect(identities[0]!.value_masked).toMatch(/^\+55 •••• \d{4}$/);
    expect(identities[0]!.value_sealed.toString('latin1')).not.toContain('98765');
  });

  it('keeps at most the last four digits of a card number in either copy', async () => {
    const m = await inbound(`meu cartão é ${CARD} validade 12/29`, { lang: 'pt' });
    expect(m.piiTypes).toContain('CREDIT_CARD');
    const raw = await rawMessage(m.messageId);
    expect(raw.body_masked.replace(/\D/g, '')).not.toContain('411111111111');
    const revealed = await agent.post(`/api/v1/messages/${m.messageId}/reveal`, { reason: 'customer asked to confirm the card' });
    expect(revealed.status).toBe(200);
    expect(revealed.body.body).toContain('1111');
    expect(revealed.body.body.replace(/\D/g, '')).not.toContain('41111111');
  });

  it('is idempotent on the channel message id', async () => {
    const a = await inbound('primeira entrega', { channelMessageId: 'wamid.TEST-1' });
    const b = await inbound('primeira entrega', { channelMessageId: 'wamid.TEST-1' });
    expect(b.duplicate).toBe(true);
    expect(b.messageId).toBe(a.messageId);
    const count = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('channel_message_id', '=', 'wamid.TEST-1').executeTakeFirstOrThrow());
    expect(Number(count.n)).toBe(1);
  });

  it('gives a new customer one contact and one conversation when their first messages arrive at once', async () => {
    const identities = [{ kind: 'whatsapp' as const, value: '5511955554444' }];
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        ingestMessage(server.ctx, { orgId: org.orgId, channel: { id: null, type: 'api' }, direction: 'inbound', sender: { type: 'contact' }, contact: { identities }, text: `mensagem ${i}` }),
      ),
    );
    expect(new Set(results.map((r) => r.contactId)).size).toBe(1);
    expect(new Set(results.map((r) => r.conversationId)).size).toBe(1);
  });

  it('refuses a message over 64 KB', async () => {
    await expect(inbound('x'.repeat(65 * 1024))).rejects.toMatchObject({ status: 413 });
  });
});

describe('agent inbox API', () => {
  it('lists conversations with masked text and searches masked bodies only', async () => {
    const m = await inbound(`Quero cancelar a assinatura, CPF ${CPF}`, { lang: 'pt' });
    const list = await agent.get('/api/v1/conversations?status=open');
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(CPF);
    const found = await agent.get('/api/v1/conversations?q=assinatura');
    expect(found.body.items.map((c: { id: string }) => c.id)).toContain(m.conversationId);
    const byCpf = await agent.get(`/api/v1/conversations?q=${encodeURIComponent('111.444.777-35')}`);
    expect(byCpf.body.items.map((c: { id: string }) => c.id)).not.toContain(m.conversationId);
    const one = await agent.get(`/api/v1/conversations/${m.conversationId}`);
    expect(one.body).toMatchObject({ id: m.conversationId, status: 'open' });
    expect((await agent.get('/api/v1/conversations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const messages = await agent.get(`/api/v1/conversations/${m.conversationId}/messages`);
    expect(messages.body.items.at(-1).revealable).toBe(true);
    expect(JSON.stringify(messages.body)).not.toContain(CPF);
  });

  it('reveals an original only with a reason, and audits it', async () => {
    const m = await inbound(`meu CPF é ${CPF}`, { lang: 'pt' });
    const noReason = await agent.post(`/api/v1/messages/${m.messageId}/reveal`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const res = await agent.post(`/api/v1/messages/${m.messageId}/reveal`, { reason: 'confirmar titularidade' });
    expect(res.body.body).toContain(CPF);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const entries = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('audit_log').selectAll().where('action', '=', 'message.revealed').where('target_id', '=', m.messageId).execute());
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_id: agentId, reason: 'confirmar titularidade' });
    expect(JSON.stringify(entries[0])).not.toContain(CPF);
  });

  it('refuses to reveal originals of a contact whose processing is restricted, and reveals again once lifted', async () => {
    const m = await inbound(`meu CPF é ${CPF}`, { lang: 'pt' });
    const restrict = (at: Date | null) =>
      server.ctx.database.withTenant(org.orgId, (tx) =>
        tx.insertInto('contact_processing_limits').values({ org_id: org.orgId, contact_id: m.contactId, restricted_at: at }).onConflict((oc) => oc.columns(['org_id', 'contact_id']).doUpdateSet({ restricted_at: at })).execute(),
      );
    await restrict(new Date());
    const refused = await agent.post(`/api/v1/messages/${m.messageId}/reveal`, { reason: 'confirmar titularidade' });
    expect(refused.status).toBe(423);
    expect(refused.body.type).toMatch(/processing-restricted$/);
    const identities = await agent.get(`/api/v1/contacts/${m.contactId}`);
    const identityId = identities.body.identities[0].id;
    expect((await agent.post(`/api/v1/contacts/${m.contactId}/identities/${identityId}/reveal`, { reason: 'confirmar titularidade' })).status).toBe(423);
    const audited = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('audit_log').select('id').where('action', '=', 'message.revealed').where('target_id', '=', m.messageId).execute());
    expect(audited).toHaveLength(0);
    await restrict(null);
    expect((await agent.post(`/api/v1/messages/${m.messageId}/reveal`, { reason: 'confirmar titularidade' })).status).toBe(200);
  });

  it('does not let an auditor reveal', async () => {
    const m = await inbound(`CPF ${CPF}`);
    const auditor = await addTestUser(server.ctx, org, 'auditor');
    const c = new TestClient(server.url);
    await c.login(auditor.email);
    expect((await c.get(`/api/v1/conversations/${m.conversationId}/messages`)).status).toBe(200);
    expect((await c.post(`/api/v1/messages/${m.messageId}/reveal`, { reason: 'just curious here' })).status).toBe(403);
  });

  it('warns before a reply with a CPF or card number leaves, and sends it once confirmed', async () => {
    const m = await inbound('preciso de ajuda');
    const check = await agent.post('/api/v1/pii/check', { text: `o cartão ${CARD}` });
    expect(check.body.warnings).toEqual(['CREDIT_CARD']);
    const refused = await agent.post(`/api/v1/conversations/${m.conversationId}/messages`, { text: `Seu CPF é ${CPF}?` });
    expect(refused.status).toBe(422);
    expect(refused.body.piiTypes).toEqual(['BR_CPF']);
    const sent = await agent.post(`/api/v1/conversations/${m.conversationId}/messages`, { text: `Seu CPF é ${CPF}?`, confirmed: true });
    expect(sent.status).toBe(201);
    expect(sent.body.body).not.toContain(CPF);
    const plain = await agent.post(`/api/v1/conversations/${m.conversationId}/messages`, { text: 'Claro, já verifico.' });
    expect(plain.status).toBe(201);
  });

  it('assigns and resolves; only a manager may give a conversation to someone else', async () => {
    const m = await inbound('oi');
    expect((await agent.patch(`/api/v1/conversations/${m.conversationId}`, { assigneeId: agentId, status: 'pending' })).status).toBe(204);
    expect((await agent.get('/api/v1/conversations?assignee=me&status=pending')).body.items.map((c: { id: string }) => c.id)).toContain(m.conversationId);
    const other = await addTestUser(server.ctx, org, 'agent');
    expect((await agent.patch(`/api/v1/conversations/${m.conversationId}`, { assigneeId: other.id })).status).toBe(403);
    const owner = new TestClient(server.url);
    await owner.login(org.ownerEmail);
    expect((await owner.patch(`/api/v1/conversations/${m.conversationId}`, { assigneeId: other.id })).status).toBe(204);
  });

  it("answers 404 for another organisation's conversation and message", async () => {
    const m = await inbound(`CPF ${CPF}`);
    const otherOrg = await createTestOrg(server.ctx);
    const c = new TestClient(server.url);
    await c.login(otherOrg.ownerEmail);
    expect((await c.get(`/api/v1/conversations/${m.conversationId}/messages`)).status).toBe(404);
    expect((await c.post(`/api/v1/messages/${m.messageId}/reveal`, { reason: 'cross tenant probe' })).status).toBe(404);
    expect((await c.get(`/api/v1/contacts/${m.contactId}`)).status).toBe(404);
  });
});

describe('contacts and crypto-shredding', () => {
  it('finds a contact by exact identity through the blind index, shows identities masked, reveals one with audit', async () => {
    const owner = new TestClient(server.url);
    await owner.login(org.ownerEmail);
    const created = await owner.post('/api/v1/contacts', { displayName: 'João', identities: [{ kind: 'email', value: 'Joao.Teste@Example.com' }, { kind: 'document', value: CPF }] });
    expect(created.status).toBe(201);
    expect(created.body.identities.map((i: { masked: string }) => i.masked).join()).not.toMatch(/joao\.teste|44477735/i);
    const same = await owner.post('/api/v1/contacts', { identities: [{ kind: 'email', value: 'joao.teste@example.com' }] });
    expect(same.status).toBe(200);
    expect(same.body.id).toBe(created.body.id);
    const found = await owner.get(`/api/v1/contacts?kind=document&value=${encodeURIComponent('11144477735')}`);
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    expect((await owner.get('/api/v1/contacts?kind=email&value=not-an-email')).status).toBe(400);
    const email = created.body.identities.find((i: { kind: string }) => i.kind === 'email');
    const revealed = await owner.post(`/api/v1/contacts/${created.body.id}/identities/${email.id}/reveal`, { reason: 'send the invoice copy' });
    expect(revealed.body.value).toBe('joao.teste@example.com');
  });

  it('makes every sealed value unreadable once the subject key is shredded', async () => {
    const m = await inbound(`meu CPF é ${CPF}`);
    const before = await rawMessage(m.messageId);
    expect(await shredSubjectKey(server.ctx, org.orgId, m.contactId)).toBe(true);
    const res = await agent.post(`/api/v1/messages/${m.messageId}/reveal`, { reason: 'after erasure check' });
    expect(res.status).toBe(410);
    // The sealed bytes are still in the row (and in any old backup) but no key opens them.
    const after = await rawMessage(m.messageId);
    expect(after.body_sealed!.equals(before.body_sealed!)).toBe(true);
    expect((await server.ctx.keyVault.getKeys(org.orgId, [m.contactId])).size).toBe(0);
  });
});

describe('masking policy', () => {
  it('lets an admin loosen what agents see, never beyond the last four digits of a card', async () => {
    const owner = new TestClient(server.url);
    await owner.login(org.ownerEmail);
    const res = await owner.patch('/api/v1/organization/masking-policy', { CREDIT_CARD: 'show', EMAIL: 'show' });
    expect(res.body.CREDIT_CARD).toBe('partial');
    expect(res.body.EMAIL).toBe('show');
    const m = await inbound(`email maria.teste@example.com cartão ${CARD}`);
    expect(m.bodyMasked).toContain('maria.teste@example.com');
    expect(m.bodyMasked).not.toContain(CARD);
    expect((await owner.patch('/api/v1/organization/masking-policy', { CREDIT_CARD: 'visible' })).status).toBe(400);
    await owner.patch('/api/v1/organization/masking-policy', { EMAIL: 'mask' });
  });
});
