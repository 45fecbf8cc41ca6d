// One-time codes over WhatsApp (text inside the customer-service window, an AUTHENTICATION template
// outside it, e-mail on file otherwise, nothing for a number not on file — with the same answer), and
// the processing limits a request sets: a restricted contact is not messaged, an objection stops
// marketing. WhatsApp is the local fake Graph API, which refuses requests of the wrong shape.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../../testing/fake-graph-api.js';
import { addTestUser, createTestOrg, startTestServer, TestClient, type Reply, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { sealForOrganization } from '../channels/channel-secrets.js';
import { startWhatsAppWorkers } from '../channels/whatsapp/index.js';
import { recordConsentEvents } from '../consent/index.js';
import { ingestMessage } from '../conversations/ingest-message.js';
import { startDataSubjectRequestWorkers } from './index.js';
import { startPortalRequest } from './portal-intake.js';

let server: TestServer;
let graph: FakeGraphApi;
let smtp: SMTPServer;
let org: TestOrg;
let owner: TestClient;
let agent: TestClient;
let channelId: string;
const mails: Array<{ to: string; raw: string }> = [];
const phoneId = `7${randomInt(1e9, 9e9)}${randomInt(1e3, 9e3)}`;
const wabaId = `8${randomInt(1e9, 9e9)}`;
const accessToken = `EAAG${randomBytes(12).toString('hex')}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 45_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const mailsTo = (address: string) => mails.filter((m) => m.to.toLowerCase() === address.toLowerCase());
const mailBody = (m: { raw: string }) => m.raw.replace(/=\r?\n/g, '').split(/\r?\n\r?\n/).slice(1).join('\n\n');
const codeInMail = (m: { raw: string }) => /^\s*(\d{6})\s*$/m.exec(mailBody(m))?.[1];
const sentTo = (digits: string) => graph.requests.filter((r) => r.body?.to === digits && r.status === 200);
const newNumber = () => `55119${randomInt(10_000_000, 99_999_999)}`;
/** How a person types their number: with the plus and spaces. */
const typed = (digits: string) => `+${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4, 9)}-${digits.slice(9)}`;

async function form(path: string, fields: Record<string, string>) {
  return fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });
}

/** A customer who wrote on WhatsApp (and maybe gave an e-mail), stored by ingest as the webhook would. */
async function seedWhatsAppCustomer(digits: string, opts: { email?: string; windowOpen?: boolean } = {}) {
  const m = await ingestMessage(server.ctx, {
    orgId: org.orgId,
    channel: { id: channelId, type: 'whatsapp' },
    direction: 'inbound',
    sender: { type: 'contact' },
    contact: { identities: [{ kind: 'whatsapp', value: digits }, ...(opts.email ? [{ kind: 'email' as const, value: opts.email }] : [])], displayName: 'Cliente WhatsApp' },
    text: 'Oi, preciso de ajuda',
  });
  if (opts.windowOpen === false) {
    await server.ctx.database.withTenant(org.orgId, (tx) =>
      tx.updateTable('conversations').set({ last_inbound_at: new Date(Date.now() - 3 * 86_400_000) }).where('org_id', '=', org.orgId).where('id', '=', m.conversationId).execute(),
    );
  }
  return { contactId: m.contactId, conversationId: m.conversationId };
}

async function startByWhatsApp(digits: string, kind = 'access') {
  const res = await form(`/privacy/${org.slug}/requests`, { kind, via: 'whatsapp', phone: typed(digits), lang: 'pt-BR' });
  expect(res.status).toBe(303);
  const location = res.headers.get('location')!;
  expect(location).toMatch(new RegExp(`^/privacy/${org.slug}/requests/verify/[0-9a-f-]{36}\\?lang=pt-BR&via=whatsapp$`));
  return location;
}

const requestsOf = (contactId: string) =>
  server.ctx.database.withSystem((tx) => tx.selectFrom('data_subject_requests').select(['id', 'status', 'kind']).where('org_id', '=', org.orgId).where('contact_id', '=', contactId).execute());

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
  graph = await startFakeGraphApi({ accessTokens: { [phoneId]: accessToken } });
  server = await startTestServer({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String((smtp.server.address() as { port: number }).port), SMTP_SECURE: 'false' });
  await startWhatsAppWorkers(server.ctx);
  await startDataSubjectRequestWorkers(server.ctx);
  org = await createTestOrg(server.ctx);
  channelId = randomUUID();
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
        secrets_sealed: sealForOrganization(server.ctx.kms, org.orgId, `channels:${channelId}`, { accessToken, appSecret: 'app-secret-x', verifyToken: 'verify-dsr' }),
      })
      .execute(),
  );
  owner = new TestClient(server.url);
  expect((await owner.login(org.ownerEmail)).status).toBe(200);
  agent = new TestClient(server.url);
  expect((await agent.login((await addTestUser(server.ctx, org, 'agent')).email)).status).toBe(200);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await graph?.close();
  smtp?.close();
});

describe('one-time codes over WhatsApp', () => {
  it('offers the choice in the three languages and refuses a number that is not one, by field', async () => {
    for (const [lang, words] of [['pt-BR', 'Receber o código por'], ['es', 'Recibir el código por'], ['en', 'Send the code by']] as const) {
      const html = await (await fetch(`${server.url}/privacy/${org.slug}/requests?lang=${lang}`)).text();
      expect(html).toContain(words);
      expect(html).toContain('name="via" id="via-whatsapp" value="whatsapp"');
      expect(html).toContain('id="phone" name="phone" type="tel"');
    }
    const bad = await form(`/privacy/${org.slug}/requests`, { kind: 'access', via: 'whatsapp', phone: '12', lang: 'en' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('phone: enter a phone number with its country code');
  });

  it('sends the code as text inside the 24-hour window, without storing it as a message', async () => {
    const digits = newNumber();
    const { contactId } = await seedWhatsAppCustomer(digits);
    const location = await startByWhatsApp(digits);
    expect(await (await fetch(server.url + location)).text()).toContain('pelo WhatsApp');
    const sent = await until('the WhatsApp code', () => sentTo(digits)[0]);
    expect(sent).toMatchObject({ method: 'POST', path: `/v21.0/${phoneId}/messages`, authorization: `Bearer ${accessToken}` });
    expect(sent.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: digits, type: 'text', text: { preview_url: false } });
    const code = /é (\d{6})\./.exec(sent.body.text.body)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(sent.body.text.body).toContain('15 minutos');

    // The code is a secret: it is in no conversation, masked or sealed, and nowhere in the logs.
    const outbound = await server.ctx.database.withSystem((tx) =>
      tx.selectFrom('messages').select(['body_masked']).where('org_id', '=', org.orgId).where('contact_id', '=', contactId).where('direction', '=', 'outbound').execute(),
    );
    expect(outbound).toEqual([]);
    expect(server.logs.join('')).not.toContain(code);
    expect(server.logs.join('')).not.toContain(digits);

    const ok = await form(location.split('?')[0]!, { code: code!, lang: 'pt-BR', via: 'whatsapp' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toMatch(new RegExp(`^/privacy/${org.slug}/requests/[0-9a-f-]{36}\\?t=`));
    const [request] = await requestsOf(contactId);
    expect(request).toMatchObject({ kind: 'access' });
    expect(request!.status).not.toBe('received');
  }, 120_000);

  it('outside the window with no template falls back to the e-mail on file, audited', async () => {
    const digits = newNumber();
    const email = `wa.${randomUUID().slice(0, 6)}@cliente.test`;
    await seedWhatsAppCustomer(digits, { email, windowOpen: false });
    const location = await startByWhatsApp(digits, 'confirmation');
    const mail = await until('the fallback e-mail', () => mailsTo(email)[0]);
    expect(sentTo(digits)).toEqual([]);
    const code = codeInMail(mail)!;
    expect((await form(location.split('?')[0]!, { code, lang: 'pt-BR' })).status).toBe(303);
    const audit = await server.ctx.database.withTenant(org.orgId, (tx) =>
      tx.selectFrom('audit_log').select(['action', 'reason', 'metadata']).where('org_id', '=', org.orgId).where('action', '=', 'identity.revealed').execute(),
    );
    expect(audit.some((a) => /one-time code/.test(a.reason ?? ''))).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(email);
  }, 120_000);

  it('falls back to e-mail when WhatsApp refuses the message', async () => {
    const digits = newNumber();
    const email = `wr.${randomUUID().slice(0, 6)}@cliente.test`;
    await seedWhatsAppCustomer(digits, { email });
    // Only the code's message is refused: a send still in flight from an earlier test must not take the failure.
    graph.failNext(1, 400, { message: '(#131026) Message undeliverable', code: 131026 }, digits);
    await startByWhatsApp(digits);
    await until('the fallback e-mail', () => mailsTo(email)[0]);
    expect(graph.requests.some((r) => r.body?.to === digits && r.status === 400)).toBe(true);
  }, 120_000);

  it('answers a number not on file, and one on file it cannot reach, exactly like the others, and sends nothing', async () => {
    const stranger = newNumber();
    const unreachable = newNumber();
    const { contactId } = await seedWhatsAppCustomer(unreachable, { windowOpen: false }); // no template yet, no e-mail
    const before = graph.requests.length;
    const a = await startByWhatsApp(stranger);
    const b = await startByWhatsApp(unreachable);
    const pageA = await (await fetch(server.url + a)).text();
    const pageB = await (await fetch(server.url + b)).text();
    const vid = (p: string) => /verify\/([0-9a-f-]{36})/.exec(p)![1]!;
    expect(pageA.replace(vid(a), 'X')).toBe(pageB.replace(vid(b), 'X'));
    const guess = await form(a.split('?')[0]!, { code: '123456', lang: 'pt-BR' });
    expect(guess.status).toBe(400);
    expect(await guess.text()).toContain('Tentativas restantes: 4');
    await sleep(1500);
    expect(graph.requests.slice(before).filter((r) => r.body?.to === stranger || r.body?.to === unreachable)).toEqual([]);
    // The one on file has a request waiting for a code; the stranger left nothing readable.
    expect(await requestsOf(contactId)).toHaveLength(1);
  }, 120_000);

  it('outside the window uses an approved AUTHENTICATION template with the code as body and button parameter', async () => {
    // As Meta lists an authentication template: the body with the code as {{1}} and a copy-code (OTP) button.
    const components: any[] = [{ type: 'BODY', text: '*{{1}}* é o seu código de verificação.' }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copiar código' }] }];
    graph.setTemplates(wabaId, [{ name: 'codigo_verificacao', language: 'pt_BR', status: 'APPROVED', category: 'AUTHENTICATION', components }], { accessToken, phoneNumberIds: [phoneId] });
    const created = await owner.post(`/api/v1/channels/${channelId}/templates`, { name: 'codigo_verificacao', language: 'pt_BR', category: 'AUTHENTICATION', bodyText: '*{{1}}* é o seu código de verificação.', status: 'APPROVED' });
    expect(created.status).toBe(201);
    const digits = newNumber();
    await seedWhatsAppCustomer(digits, { windowOpen: false });
    const location = await startByWhatsApp(digits, 'portability');
    const sent = await until('the template', () => sentTo(digits)[0]);
    expect(sent.body).toMatchObject({ messaging_product: 'whatsapp', to: digits, type: 'template', template: { name: 'codigo_verificacao', language: { code: 'pt_BR' } } });
    const [body, button] = sent.body.template.components;
    expect(body).toMatchObject({ type: 'body', parameters: [{ type: 'text' }] });
    const code = body.parameters[0].text as string;
    expect(code).toMatch(/^\d{6}$/);
    expect(button).toEqual({ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: code }] });
    expect((await form(location.split('?')[0]!, { code, lang: 'pt-BR' })).status).toBe(303);
  }, 120_000);

  it('tells a requester with no e-mail of each step on WhatsApp: text inside the window, the request-update template outside it', async () => {
    const digits = newNumber();
    const { contactId } = await seedWhatsAppCustomer(digits);
    const location = await startByWhatsApp(digits, 'restriction');
    const codeMessage = await until('the WhatsApp code', () => sentTo(digits)[0]);
    const code = /é (\d{6})\./.exec(codeMessage.body.text.body)![1]!;
    expect((await form(location.split('?')[0]!, { code, lang: 'pt-BR', via: 'whatsapp' })).status).toBe(303);
    const [request] = await requestsOf(contactId);
    const ref = (await owner.get(`/api/v1/data-subject-requests/${request!.id}`)).body.ref as number;
    const notice = await until('the step notice', () => sentTo(digits).find((r) => r.body.type === 'text' && r.body.text.body.includes(`#${ref}`) && /conclu/i.test(r.body.text.body)));
    expect(notice.body.text.body).toContain(`/privacy/${org.slug}/requests/${request!.id}?t=`);
    expect(notice.body.text.body).toContain('Bloqueio');
    // Steps that came in a burst (verified, then completed) give one message with the latest status.
    await sleep(1500);
    expect(sentTo(digits).filter((r) => r.body.type === 'text' && r.body.text.body.includes(`#${ref}`))).toHaveLength(1);

    // Outside the window: only the organisation's approved sigilo_request_update template may carry it
    // (and an AUTHENTICATION template the code).
    const update: any[] = [{ type: 'BODY', text: 'Sua solicitação nº {{1}} agora está: {{2}}.' }];
    const otp: any[] = [{ type: 'BODY', text: '*{{1}}* é o seu código de verificação.' }, { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copiar código' }] }];
    graph.setTemplates(
      wabaId,
      [
        { name: 'sigilo_request_update', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: update },
        { name: 'codigo_aviso', language: 'pt_BR', status: 'APPROVED', category: 'AUTHENTICATION', components: otp },
        { name: 'codigo_verificacao', language: 'pt_BR', status: 'APPROVED', category: 'AUTHENTICATION', components: otp },
      ],
      { accessToken, phoneNumberIds: [phoneId] },
    );
    for (const t of [
      { name: 'sigilo_request_update', language: 'pt_BR', category: 'UTILITY', bodyText: 'Sua solicitação nº {{1}} agora está: {{2}}.', status: 'APPROVED' },
      { name: 'codigo_aviso', language: 'pt_BR', category: 'AUTHENTICATION', bodyText: '*{{1}}* é o seu código de verificação.', status: 'APPROVED' },
    ]) expect((await owner.post(`/api/v1/channels/${channelId}/templates`, t)).status).toBe(201);
    const later = newNumber();
    const { contactId: laterId } = await seedWhatsAppCustomer(later, { windowOpen: false });
    const laterLocation = await startByWhatsApp(later, 'objection');
    const otpMessage = await until('the code template', () => sentTo(later).find((r) => r.body.type === 'template'));
    const laterCode = otpMessage.body.template.components[0].parameters[0].text as string;
    expect((await form(laterLocation.split('?')[0]!, { code: laterCode, lang: 'pt-BR', via: 'whatsapp' })).status).toBe(303);
    const [laterRequest] = await requestsOf(laterId);
    const laterRef = (await owner.get(`/api/v1/data-subject-requests/${laterRequest!.id}`)).body.ref as number;
    const template = await until('the template notice', () => sentTo(later).find((r) => r.body.template?.name === 'sigilo_request_update'));
    expect(template.body).toMatchObject({ messaging_product: 'whatsapp', to: later, type: 'template', template: { language: { code: 'pt_BR' } } });
    expect(template.body.template.components).toEqual([{ type: 'body', parameters: [{ type: 'text', text: String(laterRef) }, { type: 'text', text: expect.stringMatching(/conclu/i) }] }]);

    // A request registered by staff for a customer known only by WhatsApp is told the same way.
    const byPhone = newNumber();
    await seedWhatsAppCustomer(byPhone);
    const registered = await owner.post('/api/v1/data-subject-requests', { kind: 'objection', channel: 'phone', language: 'pt-BR', evidence: 'called back on the number on file', identities: [{ kind: 'whatsapp', value: byPhone }] });
    expect(registered.status).toBe(201);
    await until('the notice of a request registered by staff', () => sentTo(byPhone).find((r) => r.body.type === 'text' && r.body.text.body.includes(`#${registered.body.ref}`)));
    expect(sentTo(later).filter((r) => r.body.type === 'text')).toEqual([]);
  }, 120_000);

  it('limits codes per number like per e-mail address', async () => {
    const digits = newNumber();
    await seedWhatsAppCustomer(digits);
    // The use case itself: the portal's per-address limit of 10 posts a minute is another limit.
    for (let i = 0; i < 4; i++) await startPortalRequest(server.ctx, { orgId: org.orgId, slug: org.slug, kind: 'confirmation', identity: { via: 'whatsapp', value: typed(digits) }, lang: 'en', ip: null });
    await until('three codes', () => sentTo(digits).length >= 3);
    await sleep(1500);
    expect(sentTo(digits)).toHaveLength(3);
  }, 120_000);
});

describe('processing limits on outbound sends', () => {
  let utilityId: string;
  let marketingId: string;

  beforeAll(async () => {
    const utility = await owner.post(`/api/v1/channels/${channelId}/templates`, { name: 'aviso_pedido', language: 'pt_BR', category: 'UTILITY', bodyText: 'Seu pedido {{1}} foi atualizado.', status: 'APPROVED' });
    const marketing = await owner.post(`/api/v1/channels/${channelId}/templates`, { name: 'promo_mes', language: 'pt_BR', category: 'MARKETING', bodyText: 'Ofertas do mês: {{1}}', status: 'APPROVED' });
    expect([utility.status, marketing.status]).toEqual([201, 201]);
    utilityId = utility.body.id;
    marketingId = marketing.body.id;
  });

  const register = async (kind: string, digits: string, email?: string) => {
    const identities = [{ kind: 'whatsapp', value: digits }, ...(email ? [{ kind: 'email', value: email }] : [])];
    const res = await owner.post('/api/v1/data-subject-requests', { kind, channel: 'phone', language: 'pt-BR', evidence: 'called back on the number on file', identities });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('completed');
    return res.body;
  };
  const expectLocked = (res: Reply, type: string, secrets: string[]) => {
    expect(res.status).toBe(423);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.type).toMatch(new RegExp(`${type}$`));
    for (const s of secrets) expect(res.body.detail).not.toContain(s);
  };

  it('refuses replies, templates, purpose messages and consent questions to a restricted contact with 423, but still tells the subject of their request', async () => {
    const digits = newNumber();
    const email = `rs.${randomUUID().slice(0, 6)}@cliente.test`;
    const { contactId, conversationId } = await seedWhatsAppCustomer(digits, { email });
    // Before: a reply goes out.
    expect((await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Olá, como posso ajudar?' })).status).toBe(201);
    await register('restriction', digits, email);

    expectLocked(await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Olá de novo' }), 'processing-restricted', [digits, email]);
    expectLocked(await agent.post(`/api/v1/conversations/${conversationId}/template-messages`, { templateId: utilityId, parameters: ['123'] }), 'processing-restricted', [digits, email]);
    expectLocked(await agent.post(`/api/v1/contacts/${contactId}/purpose-messages`, { purpose: 'satisfaction_survey', text: 'Como foi o atendimento?' }), 'processing-restricted', [digits, email]);
    const ask = await owner.post('/api/v1/consent/re-requests', { purpose: 'marketing', contactIds: [contactId] });
    expect(ask.status).toBe(200);
    expect(ask.body.items).toEqual([{ contactId, outcome: 'restricted' }]);
    // Nothing new was stored for the contact after the first reply.
    const outbound = await server.ctx.database.withSystem((tx) =>
      tx.selectFrom('messages').select('id').where('org_id', '=', org.orgId).where('contact_id', '=', contactId).where('direction', '=', 'outbound').execute(),
    );
    expect(outbound).toHaveLength(1);

    // The rights module's own messages are the exception: the requester is told of their request,
    // and a new portal code still reaches them on WhatsApp.
    await until('the restriction notice', () => mailsTo(email).find((m) => /conclu/i.test(mailBody(m))));
    const before = sentTo(digits).length;
    await startPortalRequest(server.ctx, { orgId: org.orgId, slug: org.slug, kind: 'access', identity: { via: 'whatsapp', value: digits }, lang: 'pt-BR', ip: null });
    await until('the code to a restricted contact', () => sentTo(digits).length > before);
  }, 120_000);

  it('lifts a restriction only with a reason told to the requester first, after which the contact is messaged again', async () => {
    const digits = newNumber();
    const email = `lift.${randomUUID().slice(0, 6)}@cliente.test`;
    const { conversationId } = await seedWhatsAppCustomer(digits, { email });
    const restriction = await register('restriction', digits, email);
    expectLocked(await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Olá' }), 'processing-restricted', [digits, email]);

    const path = `/api/v1/data-subject-requests/${restriction.id}/lift-restriction`;
    expect((await agent.post(path, { reason: 'o titular pediu para voltar a ser atendido' })).status).toBe(403);
    const short = await owner.post(path, { reason: 'ok' });
    expect(short.status).toBe(400);
    expect(short.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));
    const objector = newNumber();
    await seedWhatsAppCustomer(objector);
    const objection = await register('objection', objector);
    expect((await owner.post(`/api/v1/data-subject-requests/${objection.id}/lift-restriction`, { reason: 'não se aplica a oposições' })).body.type).toMatch(/not-a-restriction$/);

    const lifted = await owner.post(path, { reason: 'Decisão judicial encerrou a contestação; voltamos a tratar os dados.' });
    expect(lifted.status).toBe(200);
    expect(lifted.body.outcome.restrictionLiftedAt).toEqual(expect.any(String));
    const detail = await owner.get(`/api/v1/data-subject-requests/${restriction.id}`);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toContain('restriction_lifted');
    // The requester is told, in their language, with the reason.
    const told = await until('the lifting notice', () => mailsTo(email).find((m) => /suspenso/.test(mailBody(m))));
    expect(mailBody(told)).toContain('judicial encerrou a contesta'); // quoted-printable: ASCII part of the reason
    expect((await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Olá de novo' })).status).toBe(201);
    const again = await owner.post(path, { reason: 'de novo, por engano do operador' });
    expect(again.status).toBe(409);
    expect(again.body.type).toMatch(/restriction-not-in-force$/);
  }, 120_000);

  it('stops marketing (templates and purpose messages) on objection while service messages go on', async () => {
    const digits = newNumber();
    const { contactId, conversationId } = await seedWhatsAppCustomer(digits);
    await server.ctx.database.withTenant(org.orgId, (tx) =>
      recordConsentEvents(server.ctx, tx, org.orgId, { type: 'contact' }, [{ contactId, purposeKey: 'marketing', event: 'given', channel: 'whatsapp', method: 'whatsapp_button', evidence: {} }]),
    );
    expect((await agent.post(`/api/v1/conversations/${conversationId}/template-messages`, { templateId: marketingId, parameters: ['10% off'] })).status).toBe(201);
    await register('objection', digits);
    expectLocked(await agent.post(`/api/v1/conversations/${conversationId}/template-messages`, { templateId: marketingId, parameters: ['20% off'] }), 'processing-objected', [digits]);
    expectLocked(await agent.post(`/api/v1/contacts/${contactId}/purpose-messages`, { purpose: 'marketing', text: 'Promoção!' }), 'processing-objected', [digits]);
    expect((await agent.post(`/api/v1/conversations/${conversationId}/template-messages`, { templateId: utilityId, parameters: ['123'] })).status).toBe(201);
    expect((await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Seu pedido saiu para entrega.' })).status).toBe(201);
  }, 120_000);
});
