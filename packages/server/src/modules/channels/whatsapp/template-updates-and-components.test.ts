// Template webhooks from the WhatsApp Business Account (status, quality, category) and templates
// with header and button parameters. The webhook payloads below follow Meta's webhook reference
// (message_template_status_update, message_template_quality_update, template_category_update):
// entry[].id is the WABA id, value names the template by message_template_id (a number) and
// message_template_name/_language.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestUser, createTestOrg, TestClient, startTestServer, type TestOrg, type TestServer } from '../../../testing/test-server.js';
import { checkGraphMessageShape, startFakeGraphApi, type FakeGraphApi, type FakeTemplate } from '../../../testing/fake-graph-api.js';
import { sealForOrganization } from '../channel-secrets.js';
import { startWhatsAppWorkers } from './index.js';
import { signWebhookPayload } from './webhook-signature.js';

let server: TestServer;
let graph: FakeGraphApi;
let org: TestOrg;
let other: TestOrg;
let admin: TestClient;
let agent: TestClient;
const phoneId = `4${randomInt(1e9, 9e9)}${randomInt(1e3, 9e3)}`;
const otherPhoneId = `3${randomInt(1e9, 9e9)}${randomInt(1e3, 9e3)}`;
const wabaId = `7${randomInt(1e9, 9e9)}`;
const otherWabaId = `6${randomInt(1e9, 9e9)}`;
const appSecret = `app-secret-${randomBytes(8).toString('hex')}`;
const otherSecret = `other-secret-${randomBytes(8).toString('hex')}`;
const accessToken = `EAAG${randomBytes(12).toString('hex')}`;
let channelId: string;
let otherChannelId: string;

async function connect(orgId: string, phoneNumberId: string, businessAccountId: string, secret: string, token: string): Promise<string> {
  const id = randomUUID();
  await server.ctx.database.withTenant(orgId, (tx) =>
    tx.insertInto('channels').values({
      org_id: orgId, id, type: 'whatsapp', name: 'WhatsApp', public_key: phoneNumberId,
      settings: JSON.stringify({ phoneNumberId, graphApiUrl: graph.url, businessAccountId }),
      secrets_sealed: sealForOrganization(server.ctx.kms, orgId, `channels:${id}`, { accessToken: token, appSecret: secret, verifyToken: `verify-${randomBytes(6).toString('hex')}` }),
    }).execute(),
  );
  return id;
}

const TEMPLATES: FakeTemplate[] = [
  { id: '910001', name: 'pedido_enviado', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá {{1}}, seu pedido foi enviado.' }] },
  { id: '910002', name: 'aviso_conta', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Aviso sobre sua conta.' }] },
  {
    id: '910003', name: 'rastreio', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}' },
      { type: 'BODY', text: 'Olá {{1}}, acompanhe a entrega.' },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Rastrear', url: 'https://loja.example/rastreio/{{1}}' }, { type: 'QUICK_REPLY', text: 'Parar avisos' }, { type: 'URL', text: 'Loja', url: 'https://loja.example/' }] },
    ],
  },
  { id: '910004', name: 'boleto', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'HEADER', format: 'DOCUMENT' }, { type: 'BODY', text: 'Segue o boleto.' }] },
  { id: '910005', name: 'vitrine', language: 'es', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Mira lo nuevo.' }] },
];

beforeAll(async () => {
  server = await startTestServer();
  graph = await startFakeGraphApi({ accessTokens: { [phoneId]: accessToken, [otherPhoneId]: 'other-token' } });
  await startWhatsAppWorkers(server.ctx);
  org = await createTestOrg(server.ctx);
  other = await createTestOrg(server.ctx);
  channelId = await connect(org.orgId, phoneId, wabaId, appSecret, accessToken);
  otherChannelId = await connect(other.orgId, otherPhoneId, otherWabaId, otherSecret, 'other-token');
  admin = new TestClient(server.url);
  await admin.login(org.ownerEmail);
  agent = new TestClient(server.url);
  await agent.login((await addTestUser(server.ctx, org, 'agent')).email);
  graph.setTemplates(wabaId, TEMPLATES, { accessToken, phoneNumberIds: [phoneId] });
  expect((await admin.post(`/api/v1/channels/${channelId}/templates/sync`)).status).toBe(200);
  // The other tenant's account holds a template of the same name: it must never be touched.
  await server.ctx.database.withTenant(other.orgId, (tx) =>
    tx.insertInto('whatsapp_templates').values({ org_id: other.orgId, id: randomUUID(), channel_id: otherChannelId, name: 'aviso_conta', language: 'pt_BR', category: 'UTILITY', body_text: 'x', status: 'APPROVED', source: 'local' }).execute(),
  );
});
afterAll(async () => {
  await server?.close();
  await graph?.close();
});

const templatesUrl = () => `/api/v1/channels/${channelId}/templates`;
const templateNamed = async (name: string, orgId = org.orgId) =>
  server.ctx.database.withSystem((tx) => tx.selectFrom('whatsapp_templates').selectAll().where('org_id', '=', orgId).where('name', '=', name).executeTakeFirstOrThrow());

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the job queue');
    await new Promise((r) => setTimeout(r, 100));
  }
}

let clock = Math.floor(Date.now() / 1000);
/** A notification of the account's template webhooks, as Meta sends it. */
function accountNotification(changes: Array<{ field: string; value: unknown }>, options: { account?: string; time?: number } = {}) {
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: options.account ?? wabaId, time: options.time ?? ++clock, changes }] });
}
const statusChange = (value: Record<string, unknown>) => ({ field: 'message_template_status_update', value: { message_template_category: 'UTILITY', ...value } });

function post(body: string, secret = appSecret) {
  return fetch(`${server.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookPayload(secret, body) }, body });
}

describe('template webhooks of the WhatsApp Business Account', () => {
  it('rejects a template by name and language, keeps the reason, and shows it in the list', async () => {
    const res = await post(accountNotification([statusChange({ event: 'REJECTED', message_template_id: 123456789012, message_template_name: 'aviso_conta', message_template_language: 'pt_BR', reason: 'INVALID_FORMAT' })]));
    expect(res.status).toBe(200);
    const row = await waitFor(async () => {
      const t = await templateNamed('aviso_conta');
      return t.status === 'REJECTED' && t;
    });
    expect(row).toMatchObject({ status_reason: 'INVALID_FORMAT' });
    const list = await agent.get(templatesUrl());
    expect(list.body.items.find((t: { name: string }) => t.name === 'aviso_conta')).toMatchObject({ status: 'REJECTED', statusReason: 'INVALID_FORMAT' });
    expect((await agent.get(`${templatesUrl()}?approved=true`)).body.items.map((t: { name: string }) => t.name)).not.toContain('aviso_conta');
    const audit = await server.ctx.database.withSystem((tx) =>
      tx.selectFrom('audit_log').selectAll().where('org_id', '=', org.orgId).where('action', '=', 'whatsapp_template.status_changed').where('target_id', '=', row.id).execute(),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.metadata).toMatchObject({ from: 'APPROVED', to: 'REJECTED', reason: 'INVALID_FORMAT' });
    // The other tenant's template of the same name is untouched.
    expect(await templateNamed('aviso_conta', other.orgId)).toMatchObject({ status: 'APPROVED', status_reason: null });
  });

  it("follows a template by Meta's id through pause and approval, ignoring an older event that arrives late", async () => {
    const pausedAt = ++clock;
    expect((await post(accountNotification([statusChange({ event: 'PAUSED', message_template_id: 910001, message_template_name: 'pedido_enviado', message_template_language: 'pt_BR', reason: null, other_info: { title: 'FIRST_PAUSE', description: 'Paused for low quality' } })], { time: pausedAt }))).status).toBe(200);
    await waitFor(async () => (await templateNamed('pedido_enviado')).status === 'PAUSED');
    expect(await templateNamed('pedido_enviado')).toMatchObject({ status_reason: 'FIRST_PAUSE' });

    // Reinstated (named by id only, with a language in Meta's en-US style elsewhere irrelevant).
    expect((await post(accountNotification([statusChange({ event: 'REINSTATED', message_template_id: '910001', reason: 'NONE' })]))).status).toBe(200);
    await waitFor(async () => (await templateNamed('pedido_enviado')).status === 'APPROVED');
    expect(await templateNamed('pedido_enviado')).toMatchObject({ status_reason: null });

    // A REJECTED stamped before the approval, delivered now: the newer status stays.
    expect((await post(accountNotification([statusChange({ event: 'REJECTED', message_template_id: 910001, reason: 'SCAM' })], { time: pausedAt - 100 }))).status).toBe(200);
    // Then a quality and a category change, which show the late one was processed first.
    expect((await post(accountNotification([
      { field: 'message_template_quality_update', value: { previous_quality_score: 'GREEN', new_quality_score: 'YELLOW', message_template_id: 910001, message_template_name: 'pedido_enviado', message_template_language: 'pt_BR' } },
      { field: 'template_category_update', value: { message_template_id: 910001, message_template_name: 'pedido_enviado', message_template_language: 'pt_BR', previous_category: 'UTILITY', new_category: 'MARKETING' } },
    ]))).status).toBe(200);
    const row = await waitFor(async () => {
      const t = await templateNamed('pedido_enviado');
      return t.quality_score === 'YELLOW' && t.category === 'MARKETING' && t;
    });
    expect(row).toMatchObject({ status: 'APPROVED', status_reason: null });
    const view = (await agent.get(templatesUrl())).body.items.find((t: { name: string }) => t.name === 'pedido_enviado');
    expect(view).toMatchObject({ qualityScore: 'YELLOW', category: 'MARKETING' });
  });

  it('refuses a wrong signature with 401 and changes nothing', async () => {
    const body = accountNotification([statusChange({ event: 'DISABLED', message_template_id: 910002, message_template_name: 'aviso_conta', message_template_language: 'pt_BR', reason: 'NONE' })]);
    const res = await post(body, otherSecret);
    expect(res.status).toBe(401);
    expect((await fetch(`${server.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await templateNamed('aviso_conta')).status).toBe('REJECTED');
  });

  it('answers 200 and changes nothing for an unknown account, an unknown template or a malformed value', async () => {
    const before = await server.ctx.database.withSystem((tx) => tx.selectFrom('whatsapp_templates').select(['id', 'status', 'status_reason', 'quality_score', 'category']).where('org_id', 'in', [org.orgId, other.orgId]).orderBy('id').execute());
    const unknownAccount = accountNotification([statusChange({ event: 'DISABLED', message_template_id: 910003, message_template_name: 'rastreio', message_template_language: 'pt_BR' })], { account: `5${randomInt(1e9, 9e9)}` });
    expect((await post(unknownAccount)).status).toBe(200);
    const unknownTemplate = accountNotification([statusChange({ event: 'DISABLED', message_template_id: 999999, message_template_name: 'nao_existe', message_template_language: 'pt_BR' })]);
    expect((await post(unknownTemplate)).status).toBe(200);
    for (const value of ['DISABLED', null, [1, 2], { event: 'DISABLED' }, { event: 42, message_template_id: 910003 }, { event: 'DISABLED', message_template_id: -3, message_template_name: 'Not A Name!' }]) {
      const res = await post(accountNotification([{ field: 'message_template_status_update', value }]));
      expect(res.status).toBe(200);
    }
    expect((await post(accountNotification([{ field: 'message_template_quality_update', value: { new_quality_score: 'PURPLE', message_template_id: 910003 } }]))).status).toBe(200);
    expect((await post(accountNotification([{ field: 'template_category_update', value: { new_category: 'SPAM', message_template_id: 910003 } }]))).status).toBe(200);
    // A template change whose entry has no usable account id.
    expect((await post(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [statusChange({ event: 'DISABLED', message_template_id: 910003 })] }] }))).status).toBe(200);
    await waitFor(() => Promise.resolve(server.logs.some((l) => l.includes('named no stored template'))));
    const after = await server.ctx.database.withSystem((tx) => tx.selectFrom('whatsapp_templates').select(['id', 'status', 'status_reason', 'quality_score', 'category']).where('org_id', 'in', [org.orgId, other.orgId]).orderBy('id').execute());
    expect(after).toEqual(before);
    const logs = server.logs.join('\n');
    expect(logs).toContain('template changes in an unexpected shape ignored');
    // Logged without the payload.
    expect(logs).not.toContain('nao_existe');
    expect(logs).not.toContain('Not A Name!');
  });
});

describe('templates with header and button parameters', () => {
  let conversationId: string;
  let from: string;
  const id = async (name: string) => (await templateNamed(name)).id;

  beforeAll(async () => {
    from = `55119${randomInt(1e7, 9e7)}`;
    const wamid = `wamid.TPL${randomBytes(8).toString('hex')}`;
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: wabaId, changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001234', phone_number_id: phoneId },
      contacts: [{ profile: { name: 'Maria Souza' }, wa_id: from }],
      messages: [{ from, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'cadê meu pedido?' } }],
    } }] }] });
    expect((await post(body)).status).toBe(200);
    const message = await waitFor(() => server.ctx.database.withSystem((tx) => tx.selectFrom('messages').selectAll().where('channel_message_id', '=', wamid).executeTakeFirst()));
    conversationId = message.conversation_id;
  });

  const send = (body: Record<string, unknown>) => agent.post(`/api/v1/conversations/${conversationId}/template-messages`, body);
  const delivered = (messageId: string) => waitFor(async () => {
    const m = await server.ctx.database.withSystem((tx) => tx.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow());
    return m.state !== 'queued' && m;
  });
  const lastPost = (before: number) => graph.requests.slice(before).find((r) => r.method === 'POST')!;

  it('lists the header and buttons a template needs', async () => {
    const list = await agent.get(`${templatesUrl()}?approved=true`);
    expect(list.body.items.find((t: { name: string }) => t.name === 'rastreio')).toMatchObject({
      paramCount: 1,
      header: { format: 'TEXT', text: 'Pedido {{1}}', paramCount: 1 },
      buttons: [
        { type: 'URL', text: 'Rastrear', url: 'https://loja.example/rastreio/{{1}}', paramCount: 1 },
        { type: 'QUICK_REPLY', text: 'Parar avisos', paramCount: 0 },
        { type: 'URL', text: 'Loja', url: 'https://loja.example/', paramCount: 0 },
      ],
    });
    expect(list.body.items.find((t: { name: string }) => t.name === 'boleto')).toMatchObject({ header: { format: 'DOCUMENT', paramCount: 0 } });
  });

  it('sends header, body and button parameters in the documented shape; the stored text has the header', async () => {
    const before = graph.requests.length;
    const res = await send({
      templateId: await id('rastreio'),
      parameters: ['Maria'],
      header: { type: 'text', text: '4711' },
      buttons: [{ index: 1, subType: 'quick_reply', payload: 'stop-tracking' }, { index: 0, subType: 'url', text: 'AB4711' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.body).toBe('Pedido 4711\nOlá Maria, acompanhe a entrega.');
    const m = await delivered(res.body.id);
    expect(m).toMatchObject({ state: 'sent', error: null });
    // Parameters are sealed, not kept in clear in the metadata.
    expect(JSON.stringify(m.metadata)).not.toContain('AB4711');
    const request = lastPost(before);
    expect(request.status).toBe(200);
    expect(request.body).toEqual({
      messaging_product: 'whatsapp', recipient_type: 'individual', to: from, type: 'template',
      template: {
        name: 'rastreio', language: { code: 'pt_BR' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: '4711' }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Maria' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'AB4711' }] },
          { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'stop-tracking' }] },
        ],
      },
    });
  });

  it('sends a media header by id (document with its file name) or by https link (image)', async () => {
    let before = graph.requests.length;
    const doc = await send({ templateId: await id('boleto'), header: { type: 'document', id: '1234567890', filename: 'boleto.pdf' } });
    expect(doc.status).toBe(201);
    expect(doc.body.body).toBe('Segue o boleto.');
    expect(await delivered(doc.body.id)).toMatchObject({ state: 'sent' });
    expect(lastPost(before).body.template.components).toEqual([{ type: 'header', parameters: [{ type: 'document', document: { id: '1234567890', filename: 'boleto.pdf' } }] }]);
    before = graph.requests.length;
    const image = await send({ templateId: await id('vitrine'), header: { type: 'image', link: 'https://cdn.loja.example/vitrine.jpg' } });
    expect(image.status).toBe(201);
    expect(await delivered(image.body.id)).toMatchObject({ state: 'sent' });
    expect(lastPost(before).body.template).toEqual({ name: 'vitrine', language: { code: 'es' }, components: [{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.loja.example/vitrine.jpg' } }] }] });
  });

  it('refuses parameters that do not fit the template, naming the field', async () => {
    const rastreio = await id('rastreio');
    const full = { templateId: rastreio, parameters: ['Maria'], header: { type: 'text', text: '4711' }, buttons: [{ index: 0, subType: 'url', text: 'AB4711' }] };
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ ...full, header: undefined }, 'header', /required.*\{\{1\}\}/],
      [{ ...full, header: { type: 'image', link: 'https://x.example/a.jpg' } }, 'header.type', /must be text/],
      [{ ...full, header: { type: 'text', text: 'a\nb' } }, 'header.text', /line breaks/],
      [{ ...full, buttons: [] }, 'buttons', /button 0 .*suffix/],
      [{ ...full, buttons: [{ index: 5, subType: 'url', text: 'x' }] }, 'buttons.0.index', /between 0 and 2/],
      [{ ...full, buttons: [{ index: 0, subType: 'quick_reply', payload: 'x' }] }, 'buttons.0.subType', /must be url/],
      [{ ...full, buttons: [{ index: 0, subType: 'url', text: 'a' }, { index: 2, subType: 'url', text: 'b' }] }, 'buttons.1.text', /fixed address/],
      [{ ...full, buttons: [{ index: 0, subType: 'url', text: 'a' }, { index: 0, subType: 'url', text: 'b' }] }, 'buttons.1.index', /twice/],
      [{ ...full, buttons: [{ index: 0, subType: 'url', text: 'a' }, { index: 1, subType: 'quick_reply' }] }, 'buttons.1.payload', /required/],
      [{ templateId: await id('boleto') }, 'header', /required.*document/],
      [{ templateId: await id('boleto'), header: { type: 'document', link: 'http://insecure.example/b.pdf' } }, 'header.link', /https/],
      [{ templateId: await id('boleto'), header: { type: 'document', link: 'https://x.example/b.pdf', id: '123' } }, 'header.link', /either/],
      [{ templateId: await id('vitrine'), header: { type: 'image', id: '123', filename: 'a.jpg' } }, 'header.filename', /only a document/],
      [{ templateId: await id('pedido_enviado'), parameters: ['Maria'], header: { type: 'text', text: 'x' } }, 'header', /no header/],
    ];
    for (const [body, field, message] of cases) {
      const res = await send(body);
      expect(res.status, `${field} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.errors, field).toEqual([{ field, message: expect.stringMatching(message) }]);
    }
    const malformed = await send({ templateId: rastreio, parameters: ['Maria'], header: { type: 'gif' }, buttons: [{ index: 'zero', subType: 'call' }] });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(expect.arrayContaining(['buttons.0.index', 'buttons.0.subType']));
  });

  it('no longer sends a template once Meta reports it paused or disabled', async () => {
    const before = await send({ templateId: await id('vitrine'), header: { type: 'image', id: '42' } });
    expect(before.status).toBe(201);
    expect((await post(accountNotification([statusChange({ event: 'DISABLED', message_template_id: 910005, message_template_name: 'vitrine', message_template_language: 'es', reason: 'NONE', disable_info: { disable_date: clock } })]))).status).toBe(200);
    await waitFor(async () => (await templateNamed('vitrine')).status === 'DISABLED');
    const after = await send({ templateId: await id('vitrine'), header: { type: 'image', id: '42' } });
    expect(after.status).toBe(400);
    expect(after.body.errors).toEqual([{ field: 'templateId', message: expect.stringMatching(/DISABLED, not approved/) }]);
  });

  it('registers a template with a header and buttons by hand, checked field by field', async () => {
    const base = { name: 'cupom', language: 'pt_BR', category: 'UTILITY', bodyText: 'Seu cupom {{1}}', status: 'APPROVED' };
    const twoHeaderParams = await admin.post(templatesUrl(), { ...base, header: { format: 'TEXT', text: '{{1}} e {{2}}' } });
    expect(twoHeaderParams.body.errors).toEqual([{ field: 'header.text', message: expect.stringMatching(/at most one placeholder/) }]);
    const midUrl = await admin.post(templatesUrl(), { ...base, buttons: [{ type: 'URL', text: 'Ver', url: 'https://loja.example/{{1}}/ver' }] });
    expect(midUrl.body.errors).toEqual([{ field: 'buttons.0.url', message: expect.stringMatching(/at its end/) }]);
    const created = await admin.post(templatesUrl(), { ...base, header: { format: 'VIDEO' }, buttons: [{ type: 'URL', text: 'Ver', url: 'https://loja.example/c/{{1}}' }, { type: 'QUICK_REPLY', text: 'Não quero' }] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ header: { format: 'VIDEO', paramCount: 0 }, buttons: [{ type: 'URL', paramCount: 1 }, { type: 'QUICK_REPLY', paramCount: 0 }] });
    const noHeader = await admin.patch(`${templatesUrl()}/${created.body.id}`, { header: null });
    expect(noHeader.status).toBe(200);
    expect(noHeader.body.header).toBeUndefined();
    expect(noHeader.body.buttons).toHaveLength(2);
  });
});

describe('the fake Graph API', () => {
  it('checks the documented shape of template components', () => {
    const message = (components: unknown[]) => ({ messaging_product: 'whatsapp', to: '5511999990000', type: 'template', template: { name: 'x', language: { code: 'pt_BR' }, components } });
    expect(checkGraphMessageShape(message([{ type: 'button', index: '0', parameters: [{ type: 'text', text: 'a' }] }]))).toMatch(/sub_type/);
    expect(checkGraphMessageShape(message([{ type: 'button', sub_type: 'url', parameters: [{ type: 'text', text: 'a' }] }]))).toMatch(/index/);
    expect(checkGraphMessageShape(message([{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'text', text: 'a' }] }]))).toMatch(/payload/);
    expect(checkGraphMessageShape(message([{ type: 'header', parameters: [{ type: 'image', image: {} }] }]))).toMatch(/link or an id/);
    expect(checkGraphMessageShape(message([{ type: 'header', parameters: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }]))).toMatch(/exactly one/);
    expect(checkGraphMessageShape(message([{ type: 'header', parameters: [{ type: 'document', document: { link: 'https://a.example/b.pdf', filename: 'b.pdf' } }] }, { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'a' }] }]))).toBeNull();
  });
});

describe('logs', () => {
  it('carry no parameters or payloads', () => {
    const logs = server.logs.join('\n');
    for (const secret of ['AB4711', 'stop-tracking', 'Maria', 'vitrine.jpg', accessToken]) expect(logs, secret).not.toContain(secret);
  });
});
