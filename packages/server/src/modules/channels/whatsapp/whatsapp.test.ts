import { readFileSync } from 'node:fs';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestUser, createTestOrg, TestClient, startTestServer, type TestOrg, type TestServer } from '../../../testing/test-server.js';
import { startFakeGraphApi, type FakeGraphApi } from '../../../testing/fake-graph-api.js';
import { ingestMessage } from '../../conversations/ingest-message.js';
import { sealForOrganization } from '../channel-secrets.js';
import { isOutside24hWindow, startWhatsAppWorkers } from './index.js';
import { isValidWebhookSignature, signWebhookPayload } from './webhook-signature.js';

// The shared fixtures live beside the repository (../shared); they are read, never copied in.
const fixturesDir = fileURLToPath(new URL('../../../../../../../shared/fixtures/whatsapp/', import.meta.url));
const fixtureText = (name: string) => readFileSync(fixturesDir + name, 'utf8');
const FIXTURE_PHONE_ID = '106540352242922';

// Synthetic, checksum-valid CPF (no real person's).
const CPF = '111.444.777-35';

let server: TestServer;
let graph: FakeGraphApi;
let org: TestOrg;
let agent: TestClient;
/** Unique per run: phone number ids are unique across an installation, and the DB may be shared. */
const phoneId = `9${randomInt(1e9, 9e9)}${randomInt(1e3, 9e3)}`;
const otherPhoneId = `8${randomInt(1e9, 9e9)}${randomInt(1e3, 9e3)}`;
const appSecret = `app-secret-${randomBytes(8).toString('hex')}`;
const otherSecret = `other-secret-${randomBytes(8).toString('hex')}`;
const verifyToken = `verify-${randomBytes(8).toString('hex')}`;
const accessToken = `EAAG${randomBytes(12).toString('hex')}`;
let channelId: string;
let otherChannelId: string;

beforeAll(async () => {
  server = await startTestServer();
  graph = await startFakeGraphApi({ accessTokens: { [phoneId]: accessToken } });
  await startWhatsAppWorkers(server.ctx);
  org = await createTestOrg(server.ctx);
  channelId = await connectWhatsAppChannel(org.orgId, { phoneNumberId: phoneId, accessToken, appSecret, verifyToken });
  // A second tenant's number, with its own app secret.
  const other = await createTestOrg(server.ctx);
  otherChannelId = await connectWhatsAppChannel(other.orgId, { phoneNumberId: otherPhoneId, accessToken: 'other-access-token', appSecret: otherSecret, verifyToken: `verify-${randomBytes(8).toString('hex')}` });
  const a = await addTestUser(server.ctx, org, 'agent');
  agent = new TestClient(server.url);
  await agent.login(a.email);
});
afterAll(async () => {
  await server?.close();
  await graph?.close();
});

/**
 * The row POST /api/v1/channels writes (same settings and sealed secrets). Written directly because
 * that route deadlocks on PGlite today: it opens a system transaction inside a tenant one, and
 * PGlite serialises transactions across connections.
 */
async function connectWhatsAppChannel(orgId: string, c: { phoneNumberId: string; accessToken: string; appSecret: string; verifyToken: string }): Promise<string> {
  const id = randomUUID();
  await server.ctx.database.withTenant(orgId, (tx) =>
    tx.insertInto('channels').values({
      org_id: orgId, id, type: 'whatsapp', name: 'WhatsApp', public_key: c.phoneNumberId,
      settings: JSON.stringify({ phoneNumberId: c.phoneNumberId, graphApiUrl: graph.url }),
      secrets_sealed: sealForOrganization(server.ctx.kms, orgId, `channels:${id}`, { accessToken: c.accessToken, appSecret: c.appSecret, verifyToken: c.verifyToken }),
    }).execute(),
  );
  return id;
}

function postWebhook(body: string, headers: Record<string, string | undefined> = {}) {
  const h: Record<string, string> = { 'content-type': 'application/json' };
  const signature = 'x-hub-signature-256' in headers ? headers['x-hub-signature-256'] : signWebhookPayload(appSecret, body);
  if (signature !== undefined) h['x-hub-signature-256'] = signature;
  return fetch(`${server.url}/webhooks/whatsapp`, { method: 'POST', headers: h, body });
}

/** A fixture as Meta would send it to this run's channel. */
const forOurNumber = (json: string) => json.replaceAll(FIXTURE_PHONE_ID, phoneId);

let waSeq = 0;
function textNotification(text: string, options: { phoneNumberId?: string; from?: string; name?: string; wamid?: string } = {}) {
  const from = options.from ?? `55119${String(70000000 + ++waSeq).padStart(8, '0')}`;
  const wamid = options.wamid ?? `wamid.TEST${randomBytes(10).toString('hex')}`;
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550001234', phone_number_id: options.phoneNumberId ?? phoneId },
      contacts: [{ profile: { name: options.name ?? 'Maria Souza' }, wa_id: from }],
      messages: [{ from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
    } }] }],
  });
  return { body, wamid, from };
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the job queue');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const messageByWamid = (wamid: string, inChannel = channelId) =>
  server.ctx.database.withSystem((tx) => tx.selectFrom('messages').selectAll().where('channel_id', '=', inChannel).where('channel_message_id', '=', wamid).executeTakeFirst());
const messageById = (id: string) => server.ctx.database.withSystem((tx) => tx.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
const countByWamid = async (wamid: string) =>
  Number((await server.ctx.database.withSystem((tx) => tx.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('channel_message_id', '=', wamid).executeTakeFirstOrThrow())).n);
/** Gives the worker time to have processed anything wrongly enqueued, before checking nothing was stored. */
const settle = () => new Promise((r) => setTimeout(r, 1500));

describe('signature', () => {
  it('verifies the test vector of the shared fixtures README', () => {
    const readme = fixtureText('README.md');
    const header = /X-Hub-Signature-256: (sha256=[0-9a-f]{64})/.exec(readme.split('Test vector')[1]!)![1]!;
    const raw = readFileSync(fixturesDir + 'inbound-text.json');
    expect(raw.length).toBe(949);
    expect(signWebhookPayload('test_app_secret', raw)).toBe(header);
    expect(isValidWebhookSignature(header, raw, 'test_app_secret')).toBe(true);
    expect(isValidWebhookSignature(header, raw, 'another_secret')).toBe(false);
    expect(isValidWebhookSignature(header, Buffer.concat([raw, Buffer.from(' ')]), 'test_app_secret')).toBe(false);
    expect(isValidWebhookSignature(header.toUpperCase().replace('SHA256=', 'sha256='), raw, 'test_app_secret')).toBe(true);
    expect(isValidWebhookSignature('sha256=abc', raw, 'test_app_secret')).toBe(false);
  });
});

describe('verification handshake', () => {
  const handshake = (q: Record<string, string>) => fetch(`${server.url}/webhooks/whatsapp?${new URLSearchParams(q)}`);

  it('echoes the challenge as text/plain for a channel\'s verify token', async () => {
    const res = await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '1158201444' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it('refuses a wrong token, a wrong mode or a missing challenge with 403', async () => {
    expect((await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong-token', 'hub.challenge': '1' })).status).toBe(403);
    expect((await handshake({ 'hub.mode': 'unsubscribe', 'hub.verify_token': verifyToken, 'hub.challenge': '1' })).status).toBe(403);
    expect((await handshake({ 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken })).status).toBe(403);
    expect((await fetch(`${server.url}/webhooks/whatsapp`)).status).toBe(403);
  });
});

describe('inbound webhook', () => {
  it('stores a signed text message masked, with the original only through an audited reveal', async () => {
    const n = textNotification(`Olá, meu CPF é ${CPF}, podem verificar meu pedido?`);
    const res = await postWebhook(n.body);
    expect(res.status).toBe(200);
    const row = await waitFor(() => messageByWamid(n.wamid));
    expect(row).toMatchObject({ direction: 'inbound', content_type: 'text', state: 'received' });
    expect(row.body_masked).not.toContain('111.444.777');
    expect(row.pii_types).toContain('BR_CPF');
    const revealed = await agent.post(`/api/v1/messages/${row.id}/reveal`, { reason: 'confirmar titularidade' });
    expect(revealed.status).toBe(200);
    expect(revealed.body.body).toContain(CPF);
    // The contact was found or created by its WhatsApp id, stored masked.
    const identity = await server.ctx.database.withSystem((tx) => tx.selectFrom('contact_identities').selectAll().where('contact_id', '=', row.contact_id).executeTakeFirstOrThrow());
    expect(identity.kind).toBe('whatsapp');
    expect(identity.value_masked).not.toContain(n.from.slice(2, 9));
    const contact = await server.ctx.database.withSystem((tx) => tx.selectFrom('contacts').select('display_name').where('id', '=', row.contact_id).executeTakeFirstOrThrow());
    expect(contact.display_name).toBe('Maria Souza');
  });

  it('refuses a wrong or missing signature with 401 and stores nothing', async () => {
    const wrong = textNotification('mensagem forjada');
    expect((await postWebhook(wrong.body, { 'x-hub-signature-256': signWebhookPayload('not-the-secret', wrong.body) })).status).toBe(401);
    const missing = textNotification('mensagem sem assinatura');
    expect((await postWebhook(missing.body, { 'x-hub-signature-256': undefined })).status).toBe(401);
    const garbage = textNotification('assinatura inválida');
    expect((await postWebhook(garbage.body, { 'x-hub-signature-256': 'sha256=zz' })).status).toBe(401);
    // Signed over other bytes (re-serialised JSON would be a different body).
    const reserialised = textNotification('outro corpo');
    const pretty = JSON.stringify(JSON.parse(reserialised.body), null, 2);
    expect((await postWebhook(pretty, { 'x-hub-signature-256': signWebhookPayload(appSecret, reserialised.body) })).status).toBe(401);
    await settle();
    for (const n of [wrong, missing, garbage, reserialised]) expect(await countByWamid(n.wamid)).toBe(0);
  });

  it('stores a duplicate delivery once', async () => {
    const n = textNotification('entregue duas vezes');
    expect((await postWebhook(n.body)).status).toBe(200);
    expect((await postWebhook(n.body)).status).toBe(200);
    await waitFor(() => messageByWamid(n.wamid));
    await settle();
    expect(await countByWamid(n.wamid)).toBe(1);
  });

  it('accepts every shared fixture', async () => {
    const bodies: string[] = [forOurNumber(fixtureText('inbound-text.json'))];
    for (const file of ['inbound-media.json', 'inbound-location-contacts.json', 'inbound-interactive-replies.json', 'statuses.json']) {
      for (const example of JSON.parse(fixtureText(file)).examples) bodies.push(forOurNumber(JSON.stringify(example)));
    }
    for (const body of bodies) expect((await postWebhook(body)).status).toBe(200);

    const expected: Array<[string, string, (m: { body_masked: string; metadata: any }) => void]> = [
      ['wamid.HBgNNTUxMTk5OTk5MDAwMRUCABIYFjNFQjBDMEE1RDg0QzE2RTQ2QUIzRjgA', 'text', (m) => expect(m.body_masked).toContain('#4471')],
      ['wamid.HBgNNTUxMTk5OTk5MDAwMRUCABIYFjNFQjA5QjFBNzI0RkM4RTJDNDY5RkQA', 'image', (m) => {
        expect(m.metadata.media).toMatchObject({ id: '1203456789012345', mimeType: 'image/jpeg' });
        expect(m.body_masked).toContain('amassada');
      }],
      ['wamid.HBgNNTUxMTk5OTk5MDAwMRUCABIYFjNFQjBGRjEyQjM0NUE2Nzg5MEFCQ0QA', 'document', (m) => {
        expect(m.metadata.media).toMatchObject({ id: '1203456789012346', mimeType: 'application/pdf' });
        expect(m.body_masked).toContain('Nota fiscal');
        expect(JSON.stringify(m.metadata)).not.toContain('Nota fiscal');
      }],
      ['wamid.HBgNNTUxMTk5OTk5MDAwMRUCABIYFjNFQjA0NDU1NjY3Nzg4OTlBQUJCQ0MA', 'audio', (m) => expect(m.metadata.media).toMatchObject({ id: '1203456789012347', voice: true })],
      ['wamid.HBgNNTUyMTk4ODg4MDAwMhUCABIYFjNFQjBBMUIyQzNENEU1RjZBN0I4QzkA', 'location', (m) => {
        expect(m.body_masked).toContain('📍');
        expect(m.body_masked).toContain('-22.906800');
      }],
      ['wamid.HBgNNTUyMTk4ODg4MDAwMhUCABIYFjNFQjBEOUU4RjdBNkI1QzREM0UyRjEA', 'contacts', (m) => {
        expect(m.body_masked).toContain('👤');
        // The shared card's e-mail and phone pass PII masking like any text.
        expect(m.body_masked).not.toContain('ana.pereira@example.com');
        expect(m.body_masked).not.toContain('97777-0003');
      }],
      ['wamid.HBgNNTUxMTk5OTk5MDAwMRUCABIYFjNFQjBCVVRUT05SRVBMWTAwMDAwMDEA', 'interactive', (m) => {
        expect(m.body_masked).toBe('Excelente');
        expect(m.metadata).toMatchObject({ interactive: { type: 'button_reply', id: 'csat_5' }, replyTo: expect.stringMatching(/^wamid\./) });
      }],
      ['wamid.HBgNNTUxMTk5OTk5MDAwMRUCABIYFjNFQjBMSVNUUkVQTFkwMDAwMDAwMDIA', 'interactive', (m) => {
        expect(m.body_masked).toContain('Cobrança');
        expect(m.metadata.interactive).toMatchObject({ type: 'list_reply', id: 'topic_billing' });
      }],
      ['wamid.HBgNNTUxMTk5OTk5MDAwMRUCABIYFjNFQjBURU1QTEFURUJUTjAwMDAwMDMA', 'button', (m) => {
        expect(m.body_masked).toBe('Reabrir atendimento');
        expect(m.metadata.button).toEqual({ payload: 'REOPEN_TICKET_4471' });
      }],
    ];
    for (const [wamid, contentType, check] of expected) {
      const m = await waitFor(() => messageByWamid(wamid));
      expect(m.content_type).toBe(contentType);
      check(m);
    }
    // Maria's messages all land on one contact, found again by her WhatsApp id.
    const maria = await Promise.all(expected.filter(([w]) => w.startsWith('wamid.HBgNNTUxMT')).map(([w]) => messageByWamid(w)));
    expect(new Set(maria.map((m) => m!.contact_id)).size).toBe(1);
  });

  it('stores other types: video, sticker, reaction, unsupported and unknown ones with the reason', async () => {
    const from = '5511977776666';
    const base = { from, timestamp: '1767182400' };
    const messages = [
      { ...base, id: `wamid.V${randomBytes(6).toString('hex')}`, type: 'video', video: { id: '555', mime_type: 'video/mp4', caption: 'vídeo do defeito' } },
      { ...base, id: `wamid.S${randomBytes(6).toString('hex')}`, type: 'sticker', sticker: { id: '556', mime_type: 'image/webp', animated: false } },
      { ...base, id: `wamid.R${randomBytes(6).toString('hex')}`, type: 'reaction', reaction: { message_id: 'wamid.SOMETHING', emoji: '👍' } },
      { ...base, id: `wamid.U${randomBytes(6).toString('hex')}`, type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
      { ...base, id: `wamid.K${randomBytes(6).toString('hex')}`, type: 'hologram', hologram: { id: '1' } },
      { ...base, id: `wamid.N${randomBytes(6).toString('hex')}`, type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{}' } } },
    ];
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: phoneId }, contacts: [{ wa_id: from, profile: { name: 'Carla' } }], messages } }] }] });
    expect((await postWebhook(body)).status).toBe(200);
    const stored = await Promise.all(messages.map((m) => waitFor(() => messageByWamid(m.id))));
    expect(stored.map((m) => m.content_type)).toEqual(['video', 'sticker', 'reaction', 'unsupported', 'unsupported', 'unsupported']);
    expect(stored[0]!.body_masked).toContain('vídeo do defeito');
    expect(stored[2]!.body_masked).toBe('👍');
    expect(stored[3]!.metadata).toMatchObject({ reason: 'unsupported_by_whatsapp', code: 131051 });
    expect(stored[4]!.metadata).toMatchObject({ reason: 'unknown_type:hologram' });
    expect(stored[5]!.metadata).toMatchObject({ reason: 'unsupported_interactive:nfm_reply' });
  });

  it('stores a text over 64 KB as unsupported (too_large) instead of retrying it forever', async () => {
    const n = textNotification('a'.repeat(70 * 1024));
    expect((await postWebhook(n.body)).status).toBe(200);
    const m = await waitFor(() => messageByWamid(n.wamid));
    expect(m.content_type).toBe('unsupported');
    expect(m.metadata).toMatchObject({ reason: 'too_large', originalType: 'text' });
    expect(m.body_masked).toBe('');
  });

  it('answers 200 for an unknown phone number id and stores nothing', async () => {
    const n = textNotification('para um número que não conhecemos', { phoneNumberId: '12345678901' });
    const logsBefore = server.logs.length;
    expect((await postWebhook(n.body)).status).toBe(200);
    await settle();
    expect(await countByWamid(n.wamid)).toBe(0);
    expect(server.logs.slice(logsBefore).join('')).toContain('no connected channel');
  });

  it('answers 400 to malformed JSON and to JSON that is not a notification, never 500', async () => {
    for (const body of ['{"object": "whatsapp_business_account", "entry": [', 'null', '[]', '"text"', '{"entry": 5}', '']) {
      const res = await postWebhook(body);
      expect(res.status, body).toBe(400);
    }
    const wrongType = await fetch(`${server.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(wrongType.status).toBeGreaterThanOrEqual(400);
    expect(wrongType.status).toBeLessThan(500);
    // Entries without changes or phone numbers are skipped, not errors.
    const odd = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1' }, { changes: [{ value: 'x' }, null] }, 7] });
    expect((await postWebhook(odd)).status).toBe(200);
  });

  it('routes each change to its own channel, verified with that channel\'s secret only', async () => {
    const ours = JSON.parse(textNotification('para a loja BR').body);
    const theirs = JSON.parse(textNotification('injetado noutro inquilino', { phoneNumberId: otherPhoneId }).body);
    const ourWamid = ours.entry[0].changes[0].value.messages[0].id;
    const theirWamid = theirs.entry[0].changes[0].value.messages[0].id;
    const mixed = JSON.stringify({ object: 'whatsapp_business_account', entry: [ours.entry[0], theirs.entry[0]] });
    // Signed with our secret: our change is stored, the other tenant's is not.
    expect((await postWebhook(mixed)).status).toBe(200);
    await waitFor(() => messageByWamid(ourWamid));
    await settle();
    expect(await countByWamid(theirWamid)).toBe(0);
    // Signed with the other tenant's secret, only their change is taken.
    const again = mixed.replaceAll(ourWamid, `${ourWamid}X`).replaceAll(theirWamid, `${theirWamid}Y`);
    expect((await postWebhook(again, { 'x-hub-signature-256': signWebhookPayload(otherSecret, again) })).status).toBe(200);
    await waitFor(() => messageByWamid(`${theirWamid}Y`, otherChannelId));
    await settle();
    expect(await countByWamid(`${ourWamid}X`)).toBe(0);
  });
});

describe('delivery statuses', () => {
  async function outboundWithWamid(wamid: string, state: 'queued' | 'sent' = 'sent') {
    const inbound = await ingestMessage(server.ctx, {
      orgId: org.orgId, channel: { id: channelId, type: 'whatsapp' }, direction: 'inbound', sender: { type: 'contact' },
      contact: { identities: [{ kind: 'whatsapp', value: '5511955554444' }] }, text: 'oi', channelMessageId: `wamid.IN${randomBytes(6).toString('hex')}`,
    });
    const out = await ingestMessage(server.ctx, {
      orgId: org.orgId, channel: { id: channelId, type: 'whatsapp' }, direction: 'outbound', sender: { type: 'system' },
      contact: { contactId: inbound.contactId }, conversationId: inbound.conversationId, text: 'resposta', channelMessageId: wamid, state: 'queued',
    });
    if (state === 'sent') await server.ctx.database.withSystem((tx) => tx.updateTable('messages').set({ state: 'sent' }).where('id', '=', out.messageId).execute());
    return out;
  }

  it('moves an outgoing message forward through sent, delivered and read, never back', async () => {
    const examples = JSON.parse(fixtureText('statuses.json')).examples.map((e: unknown) => forOurNumber(JSON.stringify(e)));
    const wamid = 'wamid.HBgNNTUxMTk5OTk5MDAwMRUCABEYEkFHRU5UX1JFUExZXzAwMDEA';
    const m = await outboundWithWamid(wamid, 'queued');
    const states: string[] = [];
    const stop = server.ctx.events.subscribe(org.orgId, (e) => e.type === 'message.updated' && e.messageId === m.messageId && states.push(e.state));
    for (const i of [0, 1, 2]) {
      expect((await postWebhook(examples[i])).status).toBe(200);
      const expectedState = ['sent', 'delivered', 'read'][i]!;
      await waitFor(async () => (await messageById(m.messageId)).state === expectedState);
    }
    // A late "delivered" (out of order) does not move it back.
    expect((await postWebhook(examples[1])).status).toBe(200);
    await settle();
    expect((await messageById(m.messageId)).state).toBe('read');
    stop();
    expect(states).toEqual(['sent', 'delivered', 'read']);
  });

  it('records the error of a failed message', async () => {
    const example = forOurNumber(JSON.stringify(JSON.parse(fixtureText('statuses.json')).examples[3]));
    const m = await outboundWithWamid('wamid.HBgNNTUyMTk4ODg4MDAwMhUCABEYEkFHRU5UX1JFUExZXzAwMDIA');
    expect((await postWebhook(example)).status).toBe(200);
    const row = await waitFor(async () => {
      const r = await messageById(m.messageId);
      return r.state === 'failed' && r;
    });
    expect(row.error).toMatchObject({ code: 131047, title: 'Re-engagement message' });
  });
});

describe('outbound replies', () => {
  /** A conversation opened by the customer writing in, as agents meet it. */
  async function conversationWithCustomer(from: string) {
    const n = textNotification('preciso de ajuda com a entrega', { from });
    expect((await postWebhook(n.body)).status).toBe(200);
    return (await waitFor(() => messageByWamid(n.wamid))).conversation_id;
  }
  const reply = (conversationId: string, text: string) => agent.post(`/api/v1/conversations/${conversationId}/messages`, { text });

  it('sends a reply to the Graph API in the documented shape and stores the wamid', async () => {
    const conversationId = await conversationWithCustomer('5511966665555');
    const before = graph.requests.length;
    const res = await reply(conversationId, 'Olá! Seu pedido sai hoje.');
    expect(res.status).toBe(201);
    const sent = await waitFor(async () => {
      const r = await messageById(res.body.id);
      return r.state === 'sent' && r;
    });
    const request = graph.requests.slice(before).find((r) => r.status === 200)!;
    expect(request).toMatchObject({ method: 'POST', path: `/v21.0/${phoneId}/messages`, authorization: `Bearer ${accessToken}` });
    expect(request.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '5511966665555', type: 'text', text: { body: 'Olá! Seu pedido sai hoje.', preview_url: false } });
    expect(sent.channel_message_id).toMatch(/^wamid\.FAKE/);
  });

  it('retries after a 500 and then sends', async () => {
    const conversationId = await conversationWithCustomer('5511966664444');
    const before = graph.requests.length;
    graph.failNext(1, 500);
    const res = await reply(conversationId, 'Tentando de novo.');
    const sent = await waitFor(async () => {
      const r = await messageById(res.body.id);
      return r.state === 'sent' && r;
    }, 30_000);
    expect(sent.channel_message_id).toMatch(/^wamid\.FAKE/);
    expect(graph.requests.slice(before).map((r) => r.status)).toEqual([500, 200]);
  }, 40_000);

  it('records the failure of a 4xx without retrying', async () => {
    const conversationId = await conversationWithCustomer('5511966663333');
    const before = graph.requests.length;
    graph.failNext(1, 400, { message: '(#131030) Recipient phone number not in allowed list', code: 131030 });
    const res = await reply(conversationId, 'Não vai chegar.');
    const failed = await waitFor(async () => {
      const r = await messageById(res.body.id);
      return r.state === 'failed' && r;
    });
    expect(failed.error).toMatchObject({ code: 131030, httpStatus: 400 });
    await settle();
    expect(graph.requests.length - before).toBe(1);
  });

  it('refuses free text outside the 24-hour customer-service window', async () => {
    const conversationId = await conversationWithCustomer('5511966662222');
    await server.ctx.database.withSystem((tx) => tx.updateTable('conversations').set({ last_inbound_at: new Date(Date.now() - 25 * 3600_000) }).where('id', '=', conversationId).execute());
    const before = graph.requests.length;
    const res = await reply(conversationId, 'Ainda precisa de ajuda?');
    // Refused before anything is stored or sent; the agent is told why.
    expect(res.status).toBe(422);
    expect(res.body.type).toMatch(/outside-24h-window$/);
    expect(res.body.detail).toMatch(/only approved templates/);
    await settle();
    expect(graph.requests.length).toBe(before);
    expect(isOutside24hWindow(new Date(Date.now() - 23 * 3600_000))).toBe(false);
    expect(isOutside24hWindow(null)).toBe(true);
  });
});

describe('logs', () => {
  it('carry no payloads, phone numbers, names or message text', () => {
    const logs = server.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of ['Maria', 'Souza', 'João', 'Carla', '5511999990001', '5511966665555', '5521988880002', CPF, '111.444.777', 'pedido', 'amassada', 'Cobrança', 'Olá', appSecret, accessToken, verifyToken]) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});
