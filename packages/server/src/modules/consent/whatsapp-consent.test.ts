// WhatsApp collection end to end: a new customer's first message gets the notice with one question
// per optional purpose (interactive buttons, through the fake Graph API that checks the shape), the
// button replies land in the ledger with the message id as evidence, and opt-out words withdraw
// marketing consent, blocking the next marketing send at once.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../../testing/fake-graph-api.js';
import { addTestUser, createTestOrg, TestClient, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { sealForOrganization } from '../channels/channel-secrets.js';
import { startWhatsAppWorkers } from '../channels/whatsapp/index.js';
import { signWebhookPayload } from '../channels/whatsapp/webhook-signature.js';
import { startConsentWorkers } from './index.js';
import { isOptOut } from './whatsapp-consent.js';

let server: TestServer;
let graph: FakeGraphApi;
let org: TestOrg;
let agent: TestClient;
let channelId: string;
const phoneId = `7${randomInt(1e9, 9e9)}${randomInt(1e3, 9e3)}`;
const appSecret = `app-secret-${randomBytes(8).toString('hex')}`;
const accessToken = `EAAG${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  server = await startTestServer();
  graph = await startFakeGraphApi({ accessTokens: { [phoneId]: accessToken } });
  await startWhatsAppWorkers(server.ctx);
  await startConsentWorkers(server.ctx, { sweep: false });
  org = await createTestOrg(server.ctx);
  channelId = randomUUID();
  // The row POST /api/v1/channels writes (as the WhatsApp tests do).
  await server.ctx.database.withTenant(org.orgId, (tx) =>
    tx
      .insertInto('channels')
      .values({
        org_id: org.orgId,
        id: channelId,
        type: 'whatsapp',
        name: 'WhatsApp',
        public_key: phoneId,
        settings: JSON.stringify({ phoneNumberId: phoneId, graphApiUrl: graph.url }),
        secrets_sealed: sealForOrganization(server.ctx.kms, org.orgId, `channels:${channelId}`, { accessToken, appSecret, verifyToken: 'verify-consent' }),
      })
      .execute(),
  );
  agent = new TestClient(server.url);
  await agent.login((await addTestUser(server.ctx, org, 'agent')).email);
});
afterAll(async () => {
  await server?.close();
  await graph?.close();
});

function notification(from: string, message: Record<string, unknown>) {
  const wamid = `wamid.CONSENT${randomBytes(10).toString('hex')}`;
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550001234', phone_number_id: phoneId },
      contacts: [{ profile: { name: 'Joana Cliente' }, wa_id: from }],
      messages: [{ from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
    } }] }],
  });
  return { body, wamid };
}

async function post(body: string) {
  const res = await fetch(`${server.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookPayload(appSecret, body) }, body });
  expect(res.status).toBe(200);
}
const text = (from: string, t: string) => notification(from, { type: 'text', text: { body: t } });
const buttonReply = (from: string, id: string, title: string) => notification(from, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } });

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sentTo = (to: string) => graph.requests.filter((r) => r.body?.to === to && r.status === 200);
const ledgerOf = (contactId: string) =>
  server.ctx.database.withSystem((tx) => tx.selectFrom('consent_events').selectAll().where('org_id', '=', org.orgId).where('contact_id', '=', contactId).orderBy('seq').execute());

describe('opt-out words', () => {
  it('match the whole message in any case, with or without accents, in the three languages', () => {
    for (const word of ['SAIR', 'sair', ' Sair! ', 'SÁIR', 'BAJA', 'baja.', 'STOP', 'Stop', 'PARAR', 'cancelar', 'CANCELAR', 'Darme de baja', 'unsubscribe']) expect(isOptOut(word), word).toBe(true);
    for (const words of ['quero sair do plano', 'stop it please', 'bajar el precio', 'sairam', '']) expect(isOptOut(words), words).toBe(false);
  });
});

describe('consent on WhatsApp', () => {
  const from = `55119${randomInt(10_000_000, 99_999_999)}`;
  let contactId: string;

  it('sends a new customer the short notice with one question per optional purpose, as buttons', async () => {
    await post(text(from, 'Oi, quero saber do meu pedido 123').body);
    const questions = await waitFor(async () => {
      const sent = sentTo(from).filter((r) => r.body.type === 'interactive');
      return sent.length >= 2 ? sent : null;
    });
    // Delivered by the outbound queue, not necessarily in the order they were stored.
    questions.sort((a, b) => a.body.interactive.action.buttons[0].reply.id.localeCompare(b.body.interactive.action.buttons[0].reply.id));
    const ids = questions.map((q) => q.body.interactive.action.buttons.map((b: { reply: { id: string } }) => b.reply.id));
    expect(ids).toEqual([
      ['consent:marketing:accept', 'consent:marketing:refuse', 'consent:marketing:notice'],
      ['consent:satisfaction_survey:accept', 'consent:satisfaction_survey:refuse', 'consent:satisfaction_survey:notice'],
    ]);
    // The first question carries the short notice; each is about one purpose only: nothing bundled.
    expect(questions[0]!.body.interactive.body.text).toContain(`/privacy/${org.slug}`);
    expect(questions[0]!.body.interactive.body.text).toContain('Ofertas e novidades');
    expect(questions[1]!.body.interactive.body.text).not.toContain('Ofertas e novidades');
    const stored = await server.ctx.database.withSystem((tx) =>
      tx.selectFrom('messages').select(['contact_id', 'sender_type', 'metadata']).where('org_id', '=', org.orgId).where('direction', '=', 'outbound').execute(),
    );
    expect(stored.filter((m) => m.sender_type === 'system')).toHaveLength(2);
    contactId = stored[0]!.contact_id;
    expect(await ledgerOf(contactId)).toEqual([]);
  });

  it('records the button answers with the WhatsApp message id as evidence, and confirms them', async () => {
    const accept = buttonReply(from, 'consent:marketing:accept', 'Aceito');
    await post(accept.body);
    const refuse = buttonReply(from, 'consent:satisfaction_survey:refuse', 'Não aceito');
    await post(refuse.body);
    const events = await waitFor(async () => {
      const rows = await ledgerOf(contactId);
      return rows.length >= 2 ? rows : null;
    });
    // Two webhooks may be worked in either order; each answer is about its own purpose.
    events.sort((a, b) => a.purpose_key.localeCompare(b.purpose_key));
    expect(events.map((e) => [e.purpose_key, e.event, e.channel, e.method])).toEqual([
      ['marketing', 'given', 'whatsapp', 'whatsapp_button'],
      ['satisfaction_survey', 'refused', 'whatsapp', 'whatsapp_button'],
    ]);
    expect(events[0]!.evidence).toMatchObject({ channelMessageId: accept.wamid });
    expect(events[1]!.evidence).toMatchObject({ channelMessageId: refuse.wamid });
    expect(events[0]!.language).toBe('pt-BR');
    expect(events[0]!.ip_masked).toBeNull();
    await waitFor(async () => sentTo(from).some((r) => r.body.type === 'text' && /Registramos o seu consentimento/i.test(r.body.text.body) && r.body.text.body.includes('/receipts/')));
    // A second delivery of the same reply stores nothing new.
    await post(accept.body);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await ledgerOf(contactId)).toHaveLength(2);
  });

  it('answers "read the notice" with the link to the full notice', async () => {
    await post(buttonReply(from, 'consent:marketing:notice', 'Ler o aviso').body);
    await waitFor(async () => sentTo(from).some((r) => r.body.type === 'text' && r.body.text.body.includes(`/privacy/${org.slug}?lang=pt-BR`)));
    expect(await ledgerOf(contactId)).toHaveLength(2);
  });

  it('withdraws marketing on "SAIR", confirms it, and the next marketing send is refused within the same second', async () => {
    expect((await agent.post(`/api/v1/contacts/${contactId}/purpose-messages`, { purpose: 'marketing', text: 'Oferta para você' })).status).toBe(201);
    await post(text(from, 'SAIR').body);
    const withdrawn = await waitFor(async () => (await ledgerOf(contactId)).find((e) => e.event === 'withdrawn'));
    expect(withdrawn).toMatchObject({ purpose_key: 'marketing', channel: 'whatsapp', method: 'whatsapp_keyword' });
    const refused = await agent.post(`/api/v1/contacts/${contactId}/purpose-messages`, { purpose: 'marketing', text: 'Outra oferta' });
    expect(refused.status).toBe(422);
    expect(refused.body.consentStatus).toBe('withdrawn');
    expect(Date.now() - withdrawn.at.getTime()).toBeLessThan(1000);
    await waitFor(async () => sentTo(from).some((r) => r.body.type === 'text' && r.body.text.body.includes('não receberá mais ofertas')));
    // Support goes on: the survey refusal stays, nothing else was touched.
    expect((await ledgerOf(contactId)).map((e) => `${e.purpose_key}:${e.event}`).sort()).toEqual(['marketing:given', 'marketing:withdrawn', 'satisfaction_survey:refused']);
  });

  it('takes a template quick reply like a button', async () => {
    const quick = notification(from, { type: 'button', button: { text: 'Aceito', payload: 'consent:satisfaction_survey:accept' } });
    await post(quick.body);
    const given = await waitFor(async () => (await ledgerOf(contactId)).find((e) => e.purpose_key === 'satisfaction_survey' && e.event === 'given'));
    expect(given.evidence).toMatchObject({ channelMessageId: quick.wamid });
  });

  it('does not ask a returning customer again on every message', async () => {
    const before = sentTo(from).filter((r) => r.body.type === 'interactive').length;
    await post(text(from, 'Obrigada!').body);
    await new Promise((r) => setTimeout(r, 1500));
    expect(sentTo(from).filter((r) => r.body.type === 'interactive').length).toBe(before);
  });
});
