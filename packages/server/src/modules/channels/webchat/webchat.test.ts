import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, addTestUser, createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../../testing/test-server.js';
import { agentSocketTiming } from '../../../platform/realtime/agent-socket.js';
import { ingestMessage } from '../../conversations/ingest-message.js';
import { identifierHash } from './verify-identifier-hash.js';
import { countVisitorConnections } from './visitor-connections.js';
import { newVisitorId, openSocket, type SocketPeer } from './ws-test-client.js';

let server: TestServer;
let org: TestOrg;
let owner: TestClient;
let agent: TestClient;
let channel: { publicKey: string; identitySecret: string; id: string };
let ws: string;

// Synthetic, checksum-valid identifiers (no real person's).
const CPF = '111.444.777-35';
const VISITOR_NAME = 'Mariana Testolina';
const CUSTOMER_EMAIL = 'cliente.verificada@example.test';
const visitorIds: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  ws = server.url.replace(/^http/, 'ws');
  org = await createTestOrg(server.ctx);
  owner = new TestClient(server.url);
  expect((await owner.login(org.ownerEmail)).status).toBe(200);
  const a = await addTestUser(server.ctx, org, 'agent');
  agent = new TestClient(server.url);
  expect((await agent.login(a.email)).status).toBe(200);
  const created = await owner.post('/api/v1/channels', { type: 'webchat', name: 'Site' });
  expect(created.status).toBe(201);
  channel = created.body;
});
afterAll(() => server?.close());

function visitor(): string {
  const id = newVisitorId();
  visitorIds.push(id);
  return id;
}

function visitorUrl(v: string, key = channel.publicKey) {
  return `${ws}/webchat/socket?key=${encodeURIComponent(key)}&visitor=${encodeURIComponent(v)}`;
}

/** A visitor on the demo page's origin, greeted; returns the socket and its first two frames. */
async function connectVisitor(v: string, hello: Record<string, unknown> = {}, origin = server.url) {
  const peer = await openSocket(visitorUrl(v), { origin });
  peer.send({ type: 'hello', ...hello });
  const ready = await peer.next('ready');
  const history = await peer.next('history');
  return { peer, ready, history };
}

async function conversationOf(messageId: string) {
  return server.ctx.database.withSystem((tx) => tx.selectFrom('messages').select(['conversation_id', 'contact_id', 'state', 'body_masked']).where('id', '=', messageId).executeTakeFirstOrThrow());
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('widget script and demo page', () => {
  it('serves /widget.js as cacheable JavaScript that other sites may load', async () => {
    const res = await fetch(server.url + '/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    const source = await res.text();
    expect(source).toContain('function renderConsentChoices(');
    expect(source).toContain('attachShadow');
    const again = await fetch(server.url + '/widget.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('embeds the only web chat channel on /demo by src (no inline script), and a named one with ?key=', async () => {
    if (!process.env.DATABASE_URL) {
      // On a shared PostgreSQL other test files add channels, so "the only one" holds on PGlite only.
      const res = await fetch(server.url + '/demo', { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      const html = await res.text();
      expect(html).toContain(`<script src="/widget.js" data-sigilo-key="${channel.publicKey}"`);
      expect(html).not.toMatch(/<script>/);
    }
    const byKey = await (await fetch(`${server.url}/demo?key=${channel.publicKey}&lang=es`)).text();
    expect(byKey).toContain(`data-sigilo-key="${channel.publicKey}" data-lang="es"`);
    const unknown = await fetch(`${server.url}/demo?key=wc_doesnotexist123`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).not.toContain('<script');
    const hostile = await (await fetch(`${server.url}/demo?key=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
    expect(hostile).not.toContain('<script>alert');
  });
});

describe('visitor socket', () => {
  let conversationId: string;
  let firstMessageId: string;
  const v = newVisitorId();

  it('greets, stores a message with a CPF masked, and acks it by client id (idempotently)', async () => {
    visitorIds.push(v);
    const { peer, ready, history } = await connectVisitor(v, { name: VISITOR_NAME });
    expect(ready).toMatchObject({ privacyUrl: `/privacy/${org.slug}`, prechatFields: ['name'], identified: false, returning: false });
    expect(history.messages).toEqual([]);

    peer.send({ type: 'message', clientId: 'client-0001', text: `Olá, meu CPF é ${CPF}, podem verificar meu pedido?` });
    const ack = await peer.next('ack');
    expect(ack).toMatchObject({ clientId: 'client-0001', state: 'received' });
    firstMessageId = ack.id;

    // A resend after a reconnect (same client id) stores nothing new.
    peer.send({ type: 'message', clientId: 'client-0001', text: `Olá, meu CPF é ${CPF}, podem verificar meu pedido?` });
    expect((await peer.next('ack')).id).toBe(firstMessageId);

    const row = await conversationOf(firstMessageId);
    conversationId = row.conversation_id;
    expect(row.body_masked).not.toContain('111.444.777');
    expect(row.body_masked).toContain('pedido');
    const raw = await server.ctx.database.withSystem((tx) => tx.selectFrom('messages').select(['body_masked', 'body_sealed', 'channel_message_id']).where('conversation_id', '=', conversationId).execute());
    expect(raw).toHaveLength(1);
    expect(raw[0]!.body_sealed!.toString('latin1')).not.toContain('111.444.777');
    expect(raw[0]!.channel_message_id).not.toContain(v); // the visitor id is a credential: never stored in clear

    const list = await agent.get('/api/v1/conversations?channel=webchat');
    const conv = list.body.items.find((c: { id: string }) => c.id === conversationId);
    expect(conv.contact.displayName).toBe(VISITOR_NAME);
    const msgs = await agent.get(`/api/v1/conversations/${conversationId}/messages`);
    expect(msgs.body.items).toHaveLength(1);
    expect(msgs.body.items[0].body).not.toContain('111.444.777');
    expect(msgs.body.items[0].piiTypes).toContain('BR_CPF');

    // The agent answers; the visitor's open socket gets the text as written, and it is marked sent.
    const reply = await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Olá! Vamos verificar agora mesmo.' });
    expect(reply.status).toBe(201);
    const pushed = await peer.next('message');
    expect(pushed).toMatchObject({ id: reply.body.id, direction: 'outbound', text: 'Olá! Vamos verificar agora mesmo.', state: 'sent' });
    expect((await until(() => conversationOf(reply.body.id), (r) => r.state === 'sent')).state).toBe('sent');
    // The widget's receipt moves it to delivered; ids of someone else's messages are ignored.
    peer.send({ type: 'received', ids: [reply.body.id, firstMessageId, 'not-a-uuid'] });
    expect((await until(() => conversationOf(reply.body.id), (r) => r.state === 'delivered')).state).toBe('delivered');
    expect((await conversationOf(firstMessageId)).state).toBe('received');
    await peer.close();
  });

  it('queues a reply while the visitor is away and delivers it with the history on reconnect, in the same conversation', async () => {
    await until(async () => countVisitorConnections(), (n) => n === 0);
    const away = await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Encontramos o pedido 4432.' });
    expect(away.status).toBe(201);
    expect((await conversationOf(away.body.id)).state).toBe('queued');

    const { peer, ready, history } = await connectVisitor(v);
    expect(ready.returning).toBe(true);
    const texts = history.messages.map((m: { text: string }) => m.text);
    expect(history.messages).toHaveLength(3);
    // The visitor's own words come back masked: no original leaves the server through the widget.
    expect(texts[0]).not.toContain('111.444.777');
    expect(texts[0]).toContain('pedido');
    expect(texts.slice(1)).toEqual(['Olá! Vamos verificar agora mesmo.', 'Encontramos o pedido 4432.']);
    expect((await until(() => conversationOf(away.body.id), (r) => r.state === 'sent')).state).toBe('sent');

    peer.send({ type: 'message', clientId: 'client-0002', text: 'Obrigada!' });
    const ack = await peer.next('ack');
    expect((await conversationOf(ack.id)).conversation_id).toBe(conversationId);
    await peer.close();
  });

  it('attaches a signed-in customer e-mail only with a valid identifier_hash', async () => {
    const good = await connectVisitor(visitor(), { name: 'Cliente', email: CUSTOMER_EMAIL, hash: identifierHash(channel.identitySecret, CUSTOMER_EMAIL) });
    expect(good.ready.identified).toBe(true);
    good.peer.send({ type: 'message', clientId: 'client-hmac-1', text: 'Sou cliente' });
    const goodAck = await good.peer.next('ack');
    const goodContact = (await conversationOf(goodAck.id)).contact_id;
    const kinds = async (contactId: string) =>
      (await server.ctx.database.withSystem((tx) => tx.selectFrom('contact_identities').select('kind').where('contact_id', '=', contactId).execute())).map((r) => r.kind).sort();
    expect(await kinds(goodContact)).toEqual(['email', 'webchat']);
    await good.peer.close();

    // The same customer on another device finds their conversation.
    const elsewhere = await connectVisitor(visitor(), { email: CUSTOMER_EMAIL.toUpperCase(), hash: identifierHash(channel.identitySecret, CUSTOMER_EMAIL.toUpperCase()) });
    expect(elsewhere.history.messages.map((m: { text: string }) => m.text)).toEqual(['Sou cliente']);
    await elsewhere.peer.close();

    const wrongHash = identifierHash('not-the-secret', CUSTOMER_EMAIL);
    const bad = await connectVisitor(visitor(), { email: CUSTOMER_EMAIL, hash: wrongHash });
    expect(bad.ready.identified).toBe(false);
    expect(bad.history.messages).toEqual([]);
    bad.peer.send({ type: 'message', clientId: 'client-hmac-2', text: 'Também sou cliente' });
    const badContact = (await conversationOf((await bad.peer.next('ack')).id)).contact_id;
    expect(badContact).not.toBe(goodContact);
    expect(await kinds(badContact)).toEqual(['webchat']);
    await bad.peer.close();
    expect(server.logs.join('')).toContain('identifier_hash rejected');
  });

  it('refuses unknown keys, malformed visitor ids and origins outside the allowed list', async () => {
    const refused = (url: string, origin?: string) => openSocket(url, origin ? { origin } : {}).then(
      (p) => (p.close(), 0),
      (e: { status?: number }) => e.status ?? -1,
    );
    expect(await refused(visitorUrl(visitor(), 'wc_doesnotexist123'), server.url)).toBe(404);
    expect(await refused(visitorUrl('short'), server.url)).toBe(400);
    expect(await refused(visitorUrl('x'.repeat(20) + '<script>'), server.url)).toBe(400);

    const restricted = await owner.post('/api/v1/channels', { type: 'webchat', name: 'Shop only', allowedOrigins: ['https://shop.example'] });
    const url = `${ws}/webchat/socket?key=${restricted.body.publicKey}&visitor=${visitor()}`;
    expect(await refused(url, 'https://evil.example')).toBe(403);
    expect(await refused(url)).toBe(403);
    expect(await refused(url, 'https://shop.example')).toBe(0);
    expect(await refused(url, server.url)).toBe(0); // same origin (the demo page) always works
    // Any origin when the channel lists none.
    expect(await refused(visitorUrl(visitor()), 'https://anywhere.example')).toBe(0);
    // A plain GET is not a socket.
    expect((await fetch(visitorUrl(visitor()).replace(/^ws/, 'http'))).status).toBe(426);
  });

  it('answers bad JSON, oversize messages and floods with error frames, and keeps serving', async () => {
    const { peer } = await connectVisitor(visitor(), { name: 'Flood' });
    peer.send('{"oops');
    expect((await peer.next('error')).code).toBe('bad-json');
    peer.send('[1,2]');
    expect((await peer.next('error')).code).toBe('bad-frame');
    peer.send({ type: 'launch-missiles' });
    expect((await peer.next('error')).code).toBe('unknown-type');
    peer.send({ type: 'message', clientId: 'big-0001', text: 'x'.repeat(64 * 1024 + 1) });
    expect(await peer.next('error')).toMatchObject({ code: 'message-too-large', status: 413, clientId: 'big-0001' });
    peer.send({ type: 'message', clientId: 'ok-000001', text: 'still here' });
    expect((await peer.next('ack')).clientId).toBe('ok-000001');

    for (let i = 0; i < 25; i++) peer.send({ type: 'message', clientId: `flood-${String(i).padStart(4, '0')}`, text: `msg ${i}` });
    const limited = await peer.next('error', (f) => f.code === 'rate-limited');
    expect(limited.status).toBe(429);
    expect(peer.closeCode).toBeNull();
    await peer.close();

    // A frame far beyond the limit is cut by the socket layer; the server carries on.
    const { peer: huge } = await connectVisitor(visitor());
    huge.send({ type: 'message', clientId: 'huge-0001', text: 'y'.repeat(1024 * 1024) });
    expect(await huge.closed()).toBe(1009);
    expect((await fetch(server.url + '/health')).status).toBe(200);
  });

  it('asks for hello before messages', async () => {
    const peer = await openSocket(visitorUrl(visitor()), { origin: server.url });
    peer.send({ type: 'message', clientId: 'early-0001', text: 'hi' });
    expect((await peer.next('error')).code).toBe('hello-first');
    await peer.close();
  });
});

describe('consent in the web chat', () => {
  const UA = 'ConsentTestBrowser/7.1 (synthetic)';

  it('offers the short notice and one unticked choice per optional purpose in the ready frame', async () => {
    const { peer, ready } = await connectVisitor(visitor(), { lang: 'pt' });
    expect(ready.consent.short).toContain('/privacy/');
    expect(ready.consent.noticeVersion).toBeGreaterThanOrEqual(1);
    expect(ready.consent.choices.map((c: { purpose: string }) => c.purpose)).toEqual(['marketing', 'satisfaction_survey']);
    expect(ready.consent.choices[0]).toMatchObject({ label: 'Ofertas e novidades', status: 'none', checked: false });
    peer.close();
  });

  it('records the pre-chat choices with the first message, with the address and browser sealed as evidence', async () => {
    const v = visitor();
    const peer = await openSocket(visitorUrl(v), { origin: server.url, 'user-agent': UA });
    peer.send({ type: 'hello', name: VISITOR_NAME, lang: 'es' });
    await peer.next('ready');
    peer.send({ type: 'consent', choices: { marketing: true, satisfaction_survey: false } });
    peer.send({ type: 'message', clientId: 'consent-msg-1', text: 'Hola, una pregunta' });
    const ack = await peer.next('ack');
    const frame = await peer.next('consent');
    expect(frame.recorded.map((r: { purpose: string; event: string }) => [r.purpose, r.event])).toEqual([['marketing', 'given'], ['satisfaction_survey', 'refused']]);
    expect(frame.recorded[0].receiptUrl).toMatch(/^\/privacy\/[a-z0-9-]+\/receipts\//);
    expect(frame.choices.find((c: { purpose: string }) => c.purpose === 'marketing')).toMatchObject({ status: 'given', checked: true });
    const { contact_id } = await conversationOf(ack.id);
    const events = await server.ctx.database.withSystem((tx) => tx.selectFrom('consent_events').selectAll().where('contact_id', '=', contact_id).orderBy('seq').execute());
    expect(events.map((e) => [e.purpose_key, e.event, e.channel, e.method, e.language])).toEqual([
      ['marketing', 'given', 'webchat', 'unticked_checkbox', 'es'],
      ['satisfaction_survey', 'refused', 'webchat', 'unticked_checkbox', 'es'],
    ]);
    expect(events[0]!.channel_id).toBe(channel.id);
    expect(events[0]!.ip_masked).toBe('127.0.0.x');
    expect(events[0]!.evidence).toEqual({ device: 'sealed' });
    expect(events[0]!.evidence_sealed!.toString('latin1')).not.toContain('ConsentTestBrowser');
    const reveal = await owner.post(`/api/v1/contacts/${contact_id}/consents/${events[0]!.id}/evidence/reveal`, { reason: 'proof for a complaint' });
    expect(reveal.body).toEqual({ ip: '127.0.0.1', userAgent: UA });

    // Withdrawing in the widget is as easy as giving: untick and save.
    peer.send({ type: 'consent', choices: { marketing: false } });
    const after = await peer.next('consent');
    expect(after.recorded).toEqual([expect.objectContaining({ purpose: 'marketing', event: 'withdrawn' })]);
    const check = await agent.get(`/api/v1/contacts/${contact_id}/consents/check?purpose=marketing`);
    expect(check.body).toMatchObject({ allowed: false, status: 'withdrawn' });
    peer.close();

    // A returning visitor sees their choices.
    const again = await connectVisitor(v, { lang: 'es' });
    expect(again.ready.consent.choices.map((c: { status: string }) => c.status)).toEqual(['withdrawn', 'refused']);
    again.peer.close();
  });

  it('answers malformed or unknown choices with error frames', async () => {
    const { peer } = await connectVisitor(visitor());
    peer.send({ type: 'message', clientId: 'consent-msg-2', text: 'oi' });
    await peer.next('ack');
    peer.send({ type: 'consent', choices: ['marketing'] });
    expect((await peer.next('error')).code).toBe('bad-frame');
    peer.send({ type: 'consent', choices: { support: true } });
    const unknown = await peer.next('error');
    expect(unknown).toMatchObject({ code: 'validation-error', status: 400 });
    peer.close();
    const early = await openSocket(visitorUrl(visitor()), { origin: server.url });
    early.send({ type: 'consent', choices: { marketing: true } });
    expect((await early.next('error')).code).toBe('hello-first');
    early.close();
  });

  it('logs neither the user agent nor the choices', () => {
    expect(server.logs.join('')).not.toContain(UA);
  });
});

describe("agents' realtime socket", () => {
  const cookieOf = (c: TestClient) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

  it("pushes its organisation's events to a signed-in agent, and nothing from another organisation", async () => {
    const other = await createTestOrg(server.ctx);
    const otherOwner = new TestClient(server.url);
    await otherOwner.login(other.ownerEmail);

    const mine = await openSocket(`${ws}/api/v1/realtime`, { cookie: cookieOf(agent), origin: server.url });
    const theirs = await openSocket(`${ws}/api/v1/realtime`, { cookie: cookieOf(otherOwner) });
    await mine.next('ready');
    await theirs.next('ready');

    const { peer } = await connectVisitor(visitor(), { name: 'Realtime' });
    peer.send({ type: 'message', clientId: 'rt-000001', text: 'Olá, alguém aí?' });
    const ack = await peer.next('ack');
    const event = await mine.next('message.created', (f) => f.messageId === ack.id);
    expect(event).toEqual({ type: 'message.created', conversationId: (await conversationOf(ack.id)).conversation_id, messageId: ack.id });
    expect(JSON.stringify(mine.frames)).not.toContain('alguém');
    expect(await theirs.quiet('message.created', 300)).toEqual([]);

    const foreign = await ingestMessage(server.ctx, {
      orgId: other.orgId,
      channel: { id: null, type: 'api' },
      direction: 'inbound',
      sender: { type: 'contact' },
      contact: { identities: [{ kind: 'email', value: 'outro@example.test' }] },
      text: 'Outra organização',
    });
    expect((await theirs.next('message.created')).messageId).toBe(foreign.messageId);
    expect(mine.frames.some((f) => f.messageId === foreign.messageId)).toBe(false);
    await Promise.all([mine.close(), theirs.close(), peer.close()]);
  });

  it('refuses anonymous and cross-site connections, and answers a plain GET with 426', async () => {
    const status = (headers: Record<string, string>) => openSocket(`${ws}/api/v1/realtime`, headers).then((p) => (p.close(), 0), (e: { status?: number }) => e.status);
    expect(await status({})).toBe(401);
    expect(await status({ cookie: 'sigilo_session=forged' })).toBe(401);
    expect(await status({ cookie: cookieOf(agent), origin: 'https://evil.example' })).toBe(403);
    expect((await agent.get('/api/v1/realtime')).status).toBe(426);
    // Refused upgrades anywhere are closed by the server, not left open.
    for (const path of ['/api/v1/realtime', '/api/v1/users', '/no-such-path', '/health', '/webhooks/whatsapp']) {
      const peer = await openSocket(`${ws}${path}`, {}, { keepRefused: true }).catch((e: { peer: SocketPeer }) => e.peer);
      expect(await peer.closed(), path).toBeTypeOf('number');
    }
  });

  it('closes the feed when the session ends', async () => {
    const a = await addTestUser(server.ctx, org, 'agent');
    const client = new TestClient(server.url);
    await client.login(a.email);
    agentSocketTiming.sessionRecheckMs = 200;
    try {
      const feed = await openSocket(`${ws}/api/v1/realtime`, { cookie: cookieOf(client) });
      await feed.next('ready');
      await new Promise((r) => setTimeout(r, 500));
      expect(feed.closeCode).toBeNull(); // still signed in: the re-check keeps it open
      expect((await client.post('/api/v1/auth/logout')).status).toBeLessThan(300);
      expect(await feed.closed()).toBe(4401);
    } finally {
      agentSocketTiming.sessionRecheckMs = 60_000;
    }
  });
});

describe('logs', () => {
  it('carry no message text, names, e-mails, visitor ids or secrets', () => {
    const logs = server.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [CPF, '111.444.777', VISITOR_NAME, CUSTOMER_EMAIL, channel.identitySecret, 'Vamos verificar', ...visitorIds]) {
      expect(logs, secret).not.toContain(secret);
    }
  });
});
