import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, addTestUser, createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import type { RealtimeEvent } from '../../platform/realtime/event-bus.js';
import { ingestMessage } from '../conversations/ingest-message.js';
import { sweepOrganizations } from '../monitoring/index.js';
import { sendIncidentReminders } from './send-incident-reminders.js';

let server: TestServer;
let org: TestOrg;
let dpo: TestClient;
let supervisor: TestClient;
let auditor: TestClient;
let agent: TestClient;
let agentId: string;
beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  const d = await addTestUser(server.ctx, org, 'dpo');
  dpo = new TestClient(server.url);
  await dpo.login(d.email);
  const s = await addTestUser(server.ctx, org, 'supervisor');
  supervisor = new TestClient(server.url);
  await supervisor.login(s.email);
  const au = await addTestUser(server.ctx, org, 'auditor');
  auditor = new TestClient(server.url);
  await auditor.login(au.email);
  const a = await addTestUser(server.ctx, org, 'agent');
  agentId = a.id;
  agent = new TestClient(server.url);
  await agent.login(a.email);
});
afterAll(() => server?.close());

let seq = 0;
const customer = (text: string) =>
  ingestMessage(server.ctx, {
    orgId: org.orgId,
    channel: { id: null, type: 'webchat' },
    direction: 'inbound',
    sender: { type: 'contact' },
    contact: { identities: [{ kind: 'email', value: `titular.${++seq}@example.com` }], displayName: `Titular ${seq}` },
    text,
    lang: 'pt',
  });

describe('incident register', () => {
  it('registers an incident with ANPD and GDPR clocks from the time of knowledge', async () => {
    const created = await dpo.post('/api/v1/incidents', {
      title: 'Agent exported customer list',
      knownAt: '2026-11-09T13:00:00Z',
      jurisdictions: ['anpd', 'gdpr'],
      nature: ['confidentiality'],
      dataCategories: ['user.contact.email'],
    });
    expect(created.status).toBe(201);
    expect(created.body.ref).toBeGreaterThanOrEqual(1);
    const clocks = Object.fromEntries(created.body.clocks.map((c: { clock: string; deadline: string }) => [c.clock, c.deadline]));
    expect(clocks).toEqual({ anpd: '2026-11-13T02:59:59.999Z', anpd_subjects: '2026-11-13T02:59:59.999Z', gdpr: '2026-11-12T13:00:00.000Z' });
    // Known a week before "now" and never notified: overdue.
    expect(created.body.clockState).toBe('overdue');

    // A small processing agent has twice the business days.
    const small = await dpo.post('/api/v1/incidents', { title: 'Small agent', knownAt: '2026-11-09T13:00:00Z', jurisdictions: ['anpd'], smallProcessingAgent: true });
    expect(small.body.clocks[0].deadline).toBe('2026-11-18T02:59:59.999Z');

    // Recording the notification stops the clock.
    const notified = await dpo.patch(`/api/v1/incidents/${created.body.id}`, { anpdNotifiedAt: '2026-11-11T12:00:00Z', riskLevel: 'high', riskReasoning: 'e-mails of 300 customers in a spreadsheet', notificationRequired: true });
    expect(notified.status).toBe(200);
    expect(notified.body.clocks.find((c: { clock: string }) => c.clock === 'anpd').state).toBe('met');

    expect((await auditor.get(`/api/v1/incidents/${created.body.id}`)).status).toBe(200);
    expect((await supervisor.get('/api/v1/incidents')).status).toBe(403);
    expect((await auditor.patch(`/api/v1/incidents/${created.body.id}`, { status: 'closed' })).status).toBe(403);
    const bad = await dpo.post('/api/v1/incidents', { title: '', jurisdictions: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['jurisdictions', 'title']);
    expect((await dpo.patch(`/api/v1/incidents/${created.body.id}`, {})).status).toBe(400);
  });

  it('drafts the ANPD communication, the GDPR notification and the notice to subjects', async () => {
    const i = (
      await dpo.post('/api/v1/incidents', {
        title: 'Leak',
        description: 'An agent sent a spreadsheet of customers to a personal e-mail.',
        jurisdictions: ['anpd', 'gdpr'],
        dataCategories: ['e-mail', 'telefone'],
        approxSubjects: 300,
        likelyConsequences: 'phishing',
        measuresTaken: 'access revoked',
      })
    ).body;
    const anpd = (await dpo.get(`/api/v1/incidents/${i.id}/draft?kind=anpd`)).body;
    for (const item of ['I. ', 'II. ', 'III. ', 'IV. ', 'V. ', 'VI. ', 'VII. ', 'VIII. ', 'IX. ', 'X. ', 'XI. ', 'XII. ']) expect(anpd.body).toContain(`\n${item}`);
    expect(anpd.body).toContain('300');
    expect(anpd.body).toContain('Test dpo');
    const gdpr = (await dpo.get(`/api/v1/incidents/${i.id}/draft?kind=gdpr`)).body;
    for (const item of ['(a) ', '(b) ', '(c) ', '(d) ']) expect(gdpr.body).toContain(item);
    const es = (await dpo.get(`/api/v1/incidents/${i.id}/draft?kind=subjects&lang=es`)).body;
    expect(es.body).toMatch(/delegado de protección de datos/);
    expect((await dpo.get(`/api/v1/incidents/${i.id}/draft?kind=fax`)).status).toBe(400);
  });

  it('finds the subjects an agent touched, adds them, and notifies each through their channel', async () => {
    const first = await customer('Olá, preciso de ajuda com meu pedido');
    const second = await customer('Oi, minha entrega atrasou');
    await customer('Bom dia, outra pessoa');
    // The agent reveals one customer's message and replies to the other.
    expect((await agent.post(`/api/v1/messages/${first.messageId}/reveal`, { reason: 'checking the order number' })).status).toBe(200);
    expect((await agent.post(`/api/v1/conversations/${second.conversationId}/messages`, { text: 'Vou verificar, um momento' })).status).toBe(201);

    const found = await dpo.get(`/api/v1/incidents/affected-subjects?agentId=${agentId}`);
    expect(found.status).toBe(200);
    const byContact = Object.fromEntries(found.body.items.map((s: { contactId: string; via: string[] }) => [s.contactId, s.via]));
    expect(byContact).toEqual({ [first.contactId]: ['revealed'], [second.contactId]: ['messaged'] });
    expect((await dpo.get('/api/v1/incidents/affected-subjects')).status).toBe(400);

    const incident = (await dpo.post('/api/v1/incidents', { title: 'Agent account compromised', jurisdictions: ['anpd'] })).body;
    const added = await dpo.post(`/api/v1/incidents/${incident.id}/subjects`, { agentId });
    expect(added.body).toEqual({ added: 2, total: 2 });
    expect((await dpo.post(`/api/v1/incidents/${incident.id}/subjects`, { agentId })).body).toEqual({ added: 0, total: 2 });

    const sent = await dpo.post(`/api/v1/incidents/${incident.id}/subjects/notify`, { text: 'Avisamos que houve um incidente de segurança com seus dados. Fale com nosso encarregado.' });
    expect(sent.body).toEqual({ notified: 2, unreachable: 0 });
    const notices = await server.ctx.database.withTenant(org.orgId, (tx) =>
      tx.selectFrom('messages').select(['contact_id', 'sender_type', 'direction']).where('metadata', '@>', JSON.stringify({ incidentNotice: incident.id }) as never).execute(),
    );
    expect(notices.map((n) => n.contact_id).sort()).toEqual([first.contactId, second.contactId].sort());
    const detail = (await dpo.get(`/api/v1/incidents/${incident.id}`)).body;
    expect(detail.subjects).toEqual({ total: 2, notified: 2 });
    expect(detail.subjectsNotifiedAt).not.toBeNull();
    // Already notified: nobody is told twice.
    expect((await dpo.post(`/api/v1/incidents/${incident.id}/subjects/notify`, { text: 'Avisamos que houve um incidente de segurança com seus dados.' })).body).toEqual({ notified: 0, unreachable: 0 });
  });

  it('reminds before each deadline and when it passes, once each', async () => {
    const o = await createTestOrg(server.ctx);
    const owner = new TestClient(server.url);
    await owner.login(o.ownerEmail);
    const knownAt = new Date('2026-11-09T13:00:00Z');
    const incident = (await owner.post('/api/v1/incidents', { title: 'Reminder test', knownAt: knownAt.toISOString(), jurisdictions: ['gdpr'] })).body;
    const events: RealtimeEvent[] = [];
    const unsubscribe = server.ctx.events.subscribe(o.orgId, (e) => events.push(e));
    expect(await sendIncidentReminders(server.ctx, o.orgId, new Date('2026-11-10T13:00:00Z'))).toEqual([]);
    expect(await sendIncidentReminders(server.ctx, o.orgId, new Date('2026-11-11T20:00:00Z'))).toEqual([{ incidentId: incident.id, clock: 'gdpr', kind: 'due_soon' }]);
    expect(await sendIncidentReminders(server.ctx, o.orgId, new Date('2026-11-11T21:00:00Z'))).toEqual([]);
    const sweep = await sweepOrganizations(server.ctx, new Date('2026-11-13T00:00:00Z'));
    expect(sweep.reminders).toBeGreaterThanOrEqual(1);
    expect(await sendIncidentReminders(server.ctx, o.orgId, new Date('2026-11-14T00:00:00Z'))).toEqual([]);
    unsubscribe();
    expect(events).toContainEqual({ type: 'incident.updated', incidentId: incident.id, reminder: 'due_soon' });
    expect(events).toContainEqual({ type: 'incident.updated', incidentId: incident.id, reminder: 'overdue' });
  });
});
