import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestUser, createTestOrg, TestClient, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { findOrCreateContact } from '../contacts/find-or-create-contact.js';
import { ingestMessage } from '../conversations/ingest-message.js';
import { startWebhookWorkers } from '../webhooks/deliver-webhook.js';
import { verifyConsentLedger } from './consent-reports.js';
import { recordExpiredConsents } from './expire-consents.js';
import { currentNotice } from './manage-notices.js';

let server: TestServer;
let org: TestOrg;
let owner: TestClient;
let dpo: TestClient;
let agent: TestClient;
let auditor: TestClient;
let agentId: string;
let receiver: Server;
let receiverUrl: string;
const delivered: Array<{ event: string; data: Record<string, unknown> }> = [];

beforeAll(async () => {
  server = await startTestServer({ WEBHOOKS_ALLOW_PRIVATE: 'true' });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        delivered.push(JSON.parse(body));
      } catch {
        /* not ours */
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;
  await startWebhookWorkers(server.ctx);
  org = await createTestOrg(server.ctx);
  owner = new TestClient(server.url);
  await owner.login(org.ownerEmail);
  const clients: TestClient[] = [];
  for (const role of ['dpo', 'agent', 'auditor'] as const) {
    const u = await addTestUser(server.ctx, org, role);
    if (role === 'agent') agentId = u.id;
    const c = new TestClient(server.url);
    expect((await c.login(u.email)).status).toBe(200);
    clients.push(c);
  }
  [dpo, agent, auditor] = clients as [TestClient, TestClient, TestClient];
});
afterAll(async () => {
  receiver?.close();
  await server?.close();
});

/** A customer with an open web chat conversation. */
async function newContact(targetOrg = org): Promise<{ contactId: string; conversationId: string }> {
  const stored = await ingestMessage(server.ctx, {
    orgId: targetOrg.orgId,
    channel: { id: null, type: 'api' },
    direction: 'inbound',
    sender: { type: 'contact' },
    contact: { identities: [{ kind: 'email', value: `cliente.${Math.random().toString(36).slice(2)}@example.test` }], displayName: 'Cliente Teste' },
    text: 'Olá, preciso de ajuda com meu pedido',
  });
  return { contactId: stored.contactId, conversationId: stored.conversationId };
}

const verbal = (purpose: string, event: 'given' | 'withdrawn' | 'refused' = 'given') => ({ purpose, event, method: 'verbal', evidence: { callId: 'call-2026-0001' } });

describe('purposes and legal bases', () => {
  it('seeds the defaults of a customer-service operation, with call recording a legal obligation in Brazil', async () => {
    const res = await owner.get('/api/v1/consent/purposes');
    expect(res.status).toBe(200);
    const keys = res.body.items.map((p: { key: string }) => p.key);
    expect(keys).toEqual(['support', 'call_recording', 'quality_monitoring', 'marketing', 'satisfaction_survey']);
    const byKey = Object.fromEntries(res.body.items.map((p: { key: string }) => [p.key, p]));
    expect(byKey.call_recording).toMatchObject({ legalBasis: 'legal_obligation', lgpdArticle: 'Art. 7 II', requiresConsent: false, retentionDays: 90 });
    expect(byKey.marketing).toMatchObject({ legalBasis: 'consent', lgpdArticle: 'Art. 7 I', gdprArticle: 'Art. 6(1)(a)', requiresConsent: true });
    expect(byKey.quality_monitoring.basisNote).toMatch(/Balancing/);
    expect(byKey.support.names['pt-BR']).toBe('Atendimento ao cliente');
  });

  it('seeds call recording as consent-based in Spain', async () => {
    const es = await createTestOrg(server.ctx);
    await server.ctx.database.withSystem((tx) => tx.updateTable('organizations').set({ country: 'ES' }).where('id', '=', es.orgId).execute());
    const c = new TestClient(server.url);
    await c.login(es.ownerEmail);
    const items = (await c.get('/api/v1/consent/purposes')).body.items;
    expect(items.find((p: { key: string }) => p.key === 'call_recording')).toMatchObject({ legalBasis: 'consent', gdprArticle: 'Art. 6(1)(a)', channels: ['voice'] });
  });

  it('refuses a legitimate interest without its balancing note, and for sensitive data, with field errors', async () => {
    const base = {
      key: 'profiling',
      dataUse: 'personalize.profiling',
      names: { 'pt-BR': 'Perfil', es: 'Perfil', en: 'Profiling' },
      descriptions: { 'pt-BR': 'Perfil de consumo', es: 'Perfil de consumo', en: 'Consumption profile' },
      legalBasis: 'legitimate_interest',
    };
    const noNote = await dpo.post('/api/v1/consent/purposes', base);
    expect(noNote.status).toBe(400);
    expect(noNote.body.errors[0].field).toBe('basisNote');
    const sensitive = await dpo.post('/api/v1/consent/purposes', { ...base, sensitive: true, basisNote: 'A long enough balancing note for the test.' });
    expect(sensitive.status).toBe(400);
    expect(sensitive.body.errors[0]).toMatchObject({ field: 'legalBasis' });
    const badKey = await dpo.post('/api/v1/consent/purposes', { ...base, key: 'Bad Key' });
    expect(badKey.status).toBe(400);
    const created = await dpo.post('/api/v1/consent/purposes', { ...base, basisNote: 'Offers matched to past purchases; customers may object at any time.' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'profiling', lgpdArticle: 'Art. 7 IX', requiresConsent: false });
    const dup = await dpo.post('/api/v1/consent/purposes', { ...base, basisNote: 'Offers matched to past purchases; customers may object at any time.' });
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0].field).toBe('key');
  });

  it('lets owner, admin and DPO edit purposes, not agents or auditors', async () => {
    expect((await agent.get('/api/v1/consent/purposes')).status).toBe(403);
    expect((await auditor.get('/api/v1/consent/purposes')).status).toBe(200);
    const anyPurpose = (await owner.get('/api/v1/consent/purposes')).body.items[0];
    expect((await auditor.request('PUT', `/api/v1/consent/purposes/${anyPurpose.id}`, anyPurpose)).status).toBe(403);
  });
});

describe('privacy notice', () => {
  it('is served at /privacy/{slug} in three languages from a first version generated from the defaults', async () => {
    const pt = await fetch(`${server.url}/privacy/${org.slug}?lang=pt-BR`);
    expect(pt.status).toBe(200);
    expect(pt.headers.get('content-type')).toMatch(/text\/html/);
    const ptHtml = await pt.text();
    expect(ptHtml).toContain('Aviso de privacidade');
    expect(ptHtml).toContain('Encarregado');
    expect(ptHtml).toContain('LGPD Art. 7 I');
    expect(ptHtml).toContain('Versão 1');
    expect(ptHtml).not.toContain('<script');
    const es = await (await fetch(`${server.url}/privacy/${org.slug}?lang=es`)).text();
    expect(es).toContain('Aviso de privacidad');
    expect(es).toContain('Tus derechos');
    const en = await (await fetch(`${server.url}/privacy/${org.slug}`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })).text();
    expect(en).toContain('Privacy notice');
    expect(en).toContain('Your rights');
    expect((await fetch(`${server.url}/privacy/no-such-org-here`)).status).toBe(404);
    const json = await (await fetch(`${server.url}/privacy/${org.slug}?format=json`)).json();
    expect(json.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(json.content.texts).sort()).toEqual(['en', 'es', 'pt-BR']);
  });

  it('publishes the first version once when two channels need it at the same moment', async () => {
    const fresh = await createTestOrg(server.ctx);
    const both = await Promise.all([0, 1, 2].map(() => server.ctx.database.withTenant(fresh.orgId, (tx) => currentNotice(server.ctx, tx, fresh.orgId))));
    expect(both.map((n) => n.version)).toEqual([1, 1, 1]);
    expect(new Set(both.map((n) => n.id)).size).toBe(1);
  });

  it('publishes immutable versions; the same content twice is refused', async () => {
    const settings = await dpo.request('PUT', '/api/v1/consent/notice-settings', {
      controllerName: 'Loja Exemplo Ltda',
      controllerIdNumber: 'CNPJ 00.000.000/0001-91',
      controllerAddress: 'Rua Exemplo, 100, São Paulo',
      dpoName: 'Encarregada Teste',
      dpoEmail: 'dpo@loja.example',
      texts: { 'pt-BR': { intro: 'Levamos a sua privacidade a sério.' } },
    });
    expect(settings.status).toBe(200);
    const badEmail = await dpo.request('PUT', '/api/v1/consent/notice-settings', { controllerName: 'X', dpoEmail: 'not-an-email' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.errors[0].field).toMatch(/dpoEmail/);
    const preview = await dpo.get('/api/v1/consent/notices/preview');
    expect(preview.body.changed).toBe(true);
    expect(preview.body.content.texts.es.sections.find((s: { id: string }) => s.id === 'dpo').paragraphs[0]).toContain('dpo@loja.example');
    const published = await dpo.post('/api/v1/consent/notices', { changeNote: 'Controller and DPO' });
    expect(published.status).toBe(201);
    expect(published.body.version).toBe(2);
    expect(published.body.renewalPurposes).toEqual([]);
    const again = await dpo.post('/api/v1/consent/notices', {});
    expect(again.status).toBe(409);
    const page = await (await fetch(`${server.url}/privacy/${org.slug}?lang=pt-BR`)).text();
    expect(page).toContain('Loja Exemplo Ltda');
    expect(page).toContain('Versão 1');
    const v1 = await (await fetch(`${server.url}/privacy/${org.slug}?version=1&lang=pt-BR`)).text();
    expect(v1).not.toContain('Loja Exemplo Ltda');
    expect((await agent.post('/api/v1/consent/notices', {})).status).toBe(403);
  });

  it('gives the recording-notice text an agent reads at the start of a call', async () => {
    const res = await agent.get('/api/v1/consent/recording-notice?lang=es');
    expect(res.status).toBe(200);
    expect(res.body.text).toContain('Esta llamada se grabará');
    expect(res.body.recordingNeedsConsent).toBe(false);
  });
});

describe('consent ledger', () => {
  it('records verbal consent with the call id, queues consent.changed and audits the agent', async () => {
    const hook = await owner.post('/api/v1/webhooks', { url: receiverUrl, events: ['consent.changed'] });
    expect(hook.status).toBe(201);
    const { contactId } = await newContact();
    const missing = await agent.post(`/api/v1/contacts/${contactId}/consents`, { purpose: 'marketing', event: 'given', method: 'verbal' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('evidence.callId');
    const otherMeans = await agent.post(`/api/v1/contacts/${contactId}/consents`, { purpose: 'marketing', event: 'given', method: 'agent_recorded', evidence: { reference: 'form 12' } });
    expect(otherMeans.status).toBe(400);
    expect(otherMeans.body.errors[0].field).toBe('evidence.note');
    const notConsent = await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('support'));
    expect(notConsent.status).toBe(400);
    expect(notConsent.body.errors[0].field).toBe('purpose');

    const res = await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('marketing'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ purposeKey: 'marketing', event: 'given', channel: 'voice', method: 'verbal', status: 'given', noticeVersion: 2 });
    expect(res.body.evidence).toMatchObject({ callId: 'call-2026-0001', agentId });
    // The same consent again adds nothing to the ledger.
    expect((await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('marketing'))).status).toBe(200);

    const state = await agent.get(`/api/v1/contacts/${contactId}/consents`);
    expect(state.body.states.find((s: { purpose: string }) => s.purpose === 'marketing')).toMatchObject({ status: 'given', valid: true });
    expect(state.body.states.find((s: { purpose: string }) => s.purpose === 'support')).toMatchObject({ status: 'not_applicable', valid: true });
    expect(state.body.events).toHaveLength(1);

    const audit = await owner.get('/api/v1/audit?action=consent.recorded');
    expect(audit.body.items.some((e: { targetId: string }) => e.targetId === contactId)).toBe(true);
    await expect.poll(() => delivered.find((d) => d.event === 'consent.changed' && d.data.contactId === contactId), { timeout: 10_000 }).toBeTruthy();
    expect(delivered.find((d) => d.data.contactId === contactId)!.data).toMatchObject({ purpose: 'marketing', event: 'given', status: 'given', valid: true, method: 'verbal' });
  });

  it('cannot be altered through the application: UPDATE and DELETE fail under the app role, and the chain shows tampering', async () => {
    const { contactId } = await newContact();
    expect((await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('satisfaction_survey'))).status).toBe(201);
    await expect(
      server.ctx.database.withTenant(org.orgId, (tx) => tx.updateTable('consent_events').set({ event: 'withdrawn' }).where('contact_id', '=', contactId).execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(server.ctx.database.withTenant(org.orgId, (tx) => tx.deleteFrom('consent_events').where('contact_id', '=', contactId).execute())).rejects.toThrow(/permission denied/);
    await expect(server.ctx.database.withTenant(org.orgId, (tx) => tx.updateTable('privacy_notices').set({ content_hash: 'x' }).execute())).rejects.toThrow(/permission denied/);
    await expect(server.ctx.database.withTenant(org.orgId, (tx) => tx.deleteFrom('privacy_notices').execute())).rejects.toThrow(/permission denied/);
    expect((await owner.get('/api/v1/consent/ledger/verify')).body).toMatchObject({ intact: true });

    // Someone with the database owner's credentials edits an event: the chain names it.
    const tampered = await server.ctx.database.withSystem(async (tx) => {
      const row = await tx.selectFrom('consent_events').select('seq').where('org_id', '=', org.orgId).where('contact_id', '=', contactId).executeTakeFirstOrThrow();
      await tx.updateTable('consent_events').set({ event: 'withdrawn' }).where('org_id', '=', org.orgId).where('seq', '=', row.seq).execute();
      return row.seq;
    });
    const report = await verifyConsentLedger(server.ctx, org.orgId);
    expect(report.broken).toEqual({ seq: tampered, problem: 'altered' });
    await server.ctx.database.withSystem((tx) => tx.updateTable('consent_events').set({ event: 'given' }).where('org_id', '=', org.orgId).where('seq', '=', tampered).execute());
    expect((await verifyConsentLedger(server.ctx, org.orgId)).broken).toBeNull();
  });

  it('gives a receipt as JSON and as a page by link, with a one-click withdrawal', async () => {
    const { contactId } = await newContact();
    const given = await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('marketing'));
    const link = given.body.receiptUrl as string;
    expect(link).toMatch(new RegExp(`^/privacy/${org.slug}/receipts/[0-9a-f-]{36}\\?t=`));

    const json = await (await fetch(`${server.url}${link}&format=json`)).json();
    expect(json).toMatchObject({
      version: 'KI-CR-v1.1.0',
      consentReceiptID: given.body.id,
      piiPrincipalId: contactId,
      collectionMethod: 'voice/verbal',
      privacy_notice: { version: 2 },
      event: { type: 'consent_given', mechanism: 'verbal' },
    });
    expect(json.piiControllers[0]).toMatchObject({ piiController: 'Loja Exemplo Ltda', email: 'dpo@loja.example' });
    expect(json.jurisdiction).toContain('LGPD');

    const html = await (await fetch(`${server.url}${link}&lang=pt-BR`)).text();
    expect(html).toContain('Comprovante de consentimento');
    expect(html).toContain('Retirar o consentimento');
    const wrong = link.replace(/t=.*/, 't=' + 'A'.repeat(32));
    expect((await fetch(`${server.url}${wrong}`)).status).toBe(404);

    const action = /action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const withdrawn = await fetch(`${server.url}${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    expect(withdrawn.status).toBe(303);
    const after = await (await fetch(`${server.url}${withdrawn.headers.get('location')}`)).text();
    expect(after).toContain('consentimento retirado');
    expect(after).not.toContain('Retirar o consentimento');
    const check = await agent.get(`/api/v1/contacts/${contactId}/consents/check?purpose=marketing`);
    expect(check.body).toMatchObject({ allowed: false, status: 'withdrawn' });
    const events = (await agent.get(`/api/v1/contacts/${contactId}/consents`)).body.events;
    expect(events[0]).toMatchObject({ event: 'withdrawn', channel: 'portal', method: 'receipt_link' });
    expect(events[0].ipMasked).toMatch(/^127\.0\.0\.x$/);
    expect(events[0].evidence.device).toBe('sealed');
  });

  it('reveals sealed evidence only with a reason, and audits it', async () => {
    const { contactId } = await newContact();
    const given = await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('marketing'));
    const html = await (await fetch(`${server.url}${given.body.receiptUrl}`)).text();
    const action = /action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    await fetch(`${server.url}${action}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TestBrowser/1.0' }, body: '', redirect: 'manual' });
    const event = (await dpo.get(`/api/v1/contacts/${contactId}/consents`)).body.events[0];
    const noReason = await dpo.post(`/api/v1/contacts/${contactId}/consents/${event.id}/evidence/reveal`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    expect((await auditor.post(`/api/v1/contacts/${contactId}/consents/${event.id}/evidence/reveal`, { reason: 'ANPD request 42' })).status).toBe(403);
    const revealed = await dpo.post(`/api/v1/contacts/${contactId}/consents/${event.id}/evidence/reveal`, { reason: 'ANPD request 42' });
    expect(revealed.status).toBe(200);
    expect(revealed.body).toEqual({ ip: '127.0.0.1', userAgent: 'TestBrowser/1.0' });
    const audit = await owner.get('/api/v1/audit?action=consent.evidence_revealed');
    expect(audit.body.items[0]).toMatchObject({ reason: 'ANPD request 42' });
  });

  it("answers another organisation's contact with 404", async () => {
    const other = await createTestOrg(server.ctx);
    const { contactId } = await newContact(other);
    expect((await agent.get(`/api/v1/contacts/${contactId}/consents`)).status).toBe(404);
    expect((await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('marketing'))).status).toBe(404);
  });
});

describe('enforcement', () => {
  it('refuses marketing and surveys without consent, and a withdrawal blocks the next send within the same second', async () => {
    const { contactId, conversationId } = await newContact();
    const refused = await agent.post(`/api/v1/contacts/${contactId}/purpose-messages`, { purpose: 'marketing', text: 'Promoção de verão!' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ type: expect.stringContaining('consent-required'), purpose: 'marketing', consentStatus: 'none' });
    expect(refused.body.detail).toContain('never given consent');
    expect((await agent.post(`/api/v1/contacts/${contactId}/purpose-messages`, { purpose: 'satisfaction_survey', text: 'Como foi?' })).status).toBe(422);
    // A purpose on another basis is sent without consent.
    expect((await agent.post(`/api/v1/contacts/${contactId}/purpose-messages`, { purpose: 'support', text: 'Seu pedido saiu para entrega.' })).status).toBe(201);

    await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('marketing'));
    const sent = await agent.post(`/api/v1/contacts/${contactId}/purpose-messages`, { purpose: 'marketing', text: 'Promoção de verão!' });
    expect(sent.status).toBe(201);
    expect(sent.body.conversationId).toBe(conversationId);

    const started = Date.now();
    expect((await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('marketing', 'withdrawn'))).status).toBe(201);
    const blocked = await agent.post(`/api/v1/contacts/${contactId}/purpose-messages`, { purpose: 'marketing', text: 'Última chance!' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(blocked.status).toBe(422);
    expect(blocked.body.consentStatus).toBe('withdrawn');
    const stored = await server.ctx.database.withSystem((tx) => tx.selectFrom('messages').select('body_masked').where('contact_id', '=', contactId).execute());
    expect(stored.map((m) => m.body_masked)).not.toContain('Última chance!');
  });

  it('answers the check API for integrations, and flags call recording where it rests on consent', async () => {
    const { contactId } = await newContact();
    const support = await agent.get(`/api/v1/contacts/${contactId}/consents/check?purpose=support`);
    expect(support.body).toMatchObject({ allowed: true, requiresConsent: false, legalBasis: 'contract' });
    const recording = await agent.get(`/api/v1/contacts/${contactId}/consents/check?purpose=call_recording`);
    expect(recording.body).toMatchObject({ allowed: true, legalBasis: 'legal_obligation' });
    const unknown = await agent.get(`/api/v1/contacts/${contactId}/consents/check?purpose=nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('purpose');

    // In Spain recording needs the caller's consent: without it the call is not to be recorded.
    const es = await createTestOrg(server.ctx);
    await server.ctx.database.withSystem((tx) => tx.updateTable('organizations').set({ country: 'ES' }).where('id', '=', es.orgId).execute());
    const esAgent = new TestClient(server.url);
    await esAgent.login((await addTestUser(server.ctx, es, 'agent')).email);
    const caller = await newContact(es);
    const before = await esAgent.get(`/api/v1/contacts/${caller.contactId}/consents/check?purpose=call_recording`);
    expect(before.body).toMatchObject({ allowed: false, requiresConsent: true, status: 'none' });
    expect((await esAgent.post(`/api/v1/contacts/${caller.contactId}/consents`, { ...verbal('call_recording'), language: 'es' })).status).toBe(201);
    expect((await esAgent.get(`/api/v1/contacts/${caller.contactId}/consents/check?purpose=call_recording`)).body.allowed).toBe(true);
  });
});

describe('renewal on notice change', () => {
  it('marks consents given under the old terms as needing renewal, blocks them, and records the new consent as renewed', async () => {
    const { contactId } = await newContact();
    await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('marketing'));
    const marketing = (await dpo.get('/api/v1/consent/purposes')).body.items.find((p: { key: string }) => p.key === 'marketing');
    const { id, lgpdArticle: _l, gdprArticle: _g, requiresConsent: _r, updatedAt: _u, ...body } = marketing;
    const changed = await dpo.request('PUT', `/api/v1/consent/purposes/${id}`, { ...body, recipients: [...body.recipients, { name: 'Agência Parceira', country: 'BR', role: 'processor' }] });
    expect(changed.status).toBe(200);
    expect((await dpo.get('/api/v1/consent/notices/preview')).body.renewalPurposes).toEqual(['marketing']);
    const published = await dpo.post('/api/v1/consent/notices', { changeNote: 'New marketing agency' });
    expect(published.body.renewalPurposes).toEqual(['marketing']);

    expect((await agent.get(`/api/v1/contacts/${contactId}/consents/check?purpose=marketing`)).body).toMatchObject({ allowed: false, status: 'renewal_needed' });
    const lacking = await dpo.get('/api/v1/consent/reports/lacking?purpose=marketing');
    expect(lacking.body.items.find((c: { contactId: string }) => c.contactId === contactId)).toMatchObject({ status: 'renewal_needed' });
    const rerequest = await dpo.post('/api/v1/consent/re-requests', { purpose: 'marketing', contactIds: [contactId] });
    expect(rerequest.body.items).toEqual([{ contactId, outcome: 'no_channel' }]);

    const renewed = await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('marketing'));
    expect(renewed.status).toBe(201);
    expect(renewed.body).toMatchObject({ event: 'renewed', status: 'given', noticeVersion: published.body.version });
    expect((await agent.get(`/api/v1/contacts/${contactId}/consents/check?purpose=marketing`)).body.allowed).toBe(true);
  });
});

describe('expiry', () => {
  it('writes an expired event when a consent outlives its validity, once, and a new consent renews it', async () => {
    const { contactId } = await newContact();
    expect((await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('satisfaction_survey'))).status).toBe(201);
    // Nothing lapses today; 731 days later the 730-day survey consent has.
    expect(await recordExpiredConsents(server.ctx, { orgId: org.orgId })).toBe(0);
    const later = new Date(Date.now() + 731 * 86_400_000);
    expect(await recordExpiredConsents(server.ctx, { orgId: org.orgId, now: later })).toBeGreaterThanOrEqual(1);
    expect(await recordExpiredConsents(server.ctx, { orgId: org.orgId, now: later })).toBe(0);
    const events = (await agent.get(`/api/v1/contacts/${contactId}/consents`)).body.events;
    expect(events[0]).toMatchObject({ purposeKey: 'satisfaction_survey', event: 'expired', channel: 'system', method: 'system', actorType: 'system' });
    expect((await agent.get(`/api/v1/contacts/${contactId}/consents/check?purpose=satisfaction_survey`)).body).toMatchObject({ allowed: false, status: 'expired' });
    const renewed = await agent.post(`/api/v1/contacts/${contactId}/consents`, verbal('satisfaction_survey'));
    expect(renewed.body).toMatchObject({ event: 'renewed', status: 'given' });
    expect((await owner.get('/api/v1/consent/ledger/verify')).body.intact).toBe(true);
  });
});

describe('reports', () => {
  it('counts consent and withdrawal per purpose and channel over time, and contacts per state', async () => {
    const rates = await auditor.get('/api/v1/consent/reports/rates?bucket=day');
    expect(rates.status).toBe(200);
    const voice = rates.body.items.filter((p: { purposeKey: string; channel: string }) => p.purposeKey === 'marketing' && p.channel === 'voice');
    expect(voice.reduce((n: number, p: { given: number }) => n + p.given, 0)).toBeGreaterThanOrEqual(4);
    expect(voice.reduce((n: number, p: { withdrawn: number }) => n + p.withdrawn, 0)).toBeGreaterThanOrEqual(1);
    const badRange = await auditor.get('/api/v1/consent/reports/rates?from=2026-01-10&to=2026-01-01');
    expect(badRange.status).toBe(400);
    const summary = await auditor.get('/api/v1/consent/reports/summary');
    const marketing = summary.body.items.find((p: { purposeKey: string }) => p.purposeKey === 'marketing');
    expect(marketing.counts.given).toBeGreaterThanOrEqual(1);
    expect(marketing.counts.withdrawn).toBeGreaterThanOrEqual(1);
    expect(marketing.counts.none).toBeGreaterThanOrEqual(1);
    const ledger = await auditor.get('/api/v1/consent/ledger?purpose=marketing&limit=5');
    expect(ledger.body.items.length).toBe(5);
    expect(ledger.body.items[0].seq).toBeGreaterThan(ledger.body.items[4].seq);
  });
});

describe('data subjects', () => {
  it('keeps the ledger when the contact exists only as a pseudonymous id', async () => {
    const contact = await server.ctx.database.withTenant(org.orgId, (tx) => findOrCreateContact(tx, server.ctx, { orgId: org.orgId, identities: [{ kind: 'phone', value: '+5511987650000' }] }));
    const res = await agent.post(`/api/v1/contacts/${contact.contactId}/consents`, { purpose: 'marketing', event: 'refused', method: 'agent_recorded', evidence: { reference: 'loja física, formulário 7', note: 'Cliente marcou "não" no formulário em papel' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ channel: 'agent', event: 'refused' });
    expect(JSON.stringify(res.body)).not.toContain('987650000');
  });
});
