import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, addTestUser, createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { ingestMessage } from '../conversations/ingest-message.js';
import { startWebhookWorkers } from './deliver-webhook.js';
import { WEBHOOK_EVENTS } from './create-webhook-endpoint.js';

/** An integration's receiving end: records what arrives, answers what it is told to. */
let receiver: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let failNext = 0;

let server: TestServer;
let org: TestOrg;
let owner: TestClient;
beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(500).end();
        return;
      }
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;
  server = await startTestServer({ WEBHOOKS_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_SECONDS: '1' });
  await startWebhookWorkers(server.ctx);
  org = await createTestOrg(server.ctx);
  owner = new TestClient(server.url);
  await owner.login(org.ownerEmail);
});
afterAll(async () => {
  await server?.close();
  receiver?.close();
});

async function waitFor<T>(what: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('outgoing webhooks', () => {
  it('delivers message.created signed, with masked text only, and retries a failed delivery', async () => {
    const created = await owner.post('/api/v1/webhooks', { url: receiverUrl, events: ['message.created', 'conversation.updated'] });
    expect(created.status).toBe(201);
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await owner.get('/api/v1/webhooks')).body)).not.toContain(secret);

    failNext = 1;
    const m = await ingestMessage(server.ctx, {
      orgId: org.orgId,
      channel: { id: null, type: 'api' },
      direction: 'inbound',
      sender: { type: 'contact' },
      contact: { identities: [{ kind: 'email', value: 'cliente.webhook@example.com' }] },
      text: 'meu CPF é 111.444.777-35',
      lang: 'pt',
    });
    const delivery = await waitFor(() => received.find((r) => r.headers['sigilo-event'] === 'message.created'));
    const payload = JSON.parse(delivery.body);
    expect(payload.data).toMatchObject({ messageId: m.messageId, conversationId: m.conversationId, piiTypes: ['BR_CPF'] });
    expect(delivery.body).not.toContain('111.444.777');
    expect(delivery.body).not.toContain('cliente.webhook');
    const [t, v1] = String(delivery.headers['sigilo-signature']).split(',').map((p) => p.split('=')[1]);
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex'));
    expect(Math.abs(Date.now() / 1000 - Number(t))).toBeLessThan(120);

    const attempts = await waitFor(async () => {
      const rows = (await owner.get('/api/v1/webhooks')).body.items[0].recentDeliveries;
      return rows.length >= 2 ? rows : undefined;
    });
    expect(attempts.map((a: { statusCode: number }) => a.statusCode).sort()).toEqual([204, 500]);

    const agent = await addTestUser(server.ctx, org, 'supervisor');
    const sup = new TestClient(server.url);
    await sup.login(agent.email);
    await sup.patch(`/api/v1/conversations/${m.conversationId}`, { status: 'resolved' });
    const update = await waitFor(() => received.find((r) => r.headers['sigilo-event'] === 'conversation.updated'));
    expect(JSON.parse(update.body).data).toMatchObject({ conversationId: m.conversationId, status: 'resolved' });
  });

  it('lists every event it accepts, from the one server list, to webhook managers only', async () => {
    const listed = await owner.get('/api/v1/webhooks/events');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { event: string }) => i.event)).toEqual([...WEBHOOK_EVENTS]);
    // Each listed event is accepted when subscribing, and one that is not listed is refused.
    const all = await owner.post('/api/v1/webhooks', { url: receiverUrl, events: listed.body.items.map((i: { event: string }) => i.event) });
    expect(all.status).toBe(201);
    expect([...all.body.events].sort()).toEqual([...WEBHOOK_EVENTS].sort());
    expect((await owner.delete(`/api/v1/webhooks/${all.body.id}`)).status).toBe(204);
    const unknown = await owner.post('/api/v1/webhooks', { url: receiverUrl, events: ['message.deleted'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toMatch(/^events/);
    // The OpenAPI document names the same list.
    const openapi = await owner.get('/api/openapi.json');
    expect(JSON.stringify(openapi.body.paths['/api/v1/webhooks/events'])).toContain('data_subject_request.updated');
    const agent = new TestClient(server.url);
    await agent.login((await addTestUser(server.ctx, org, 'agent')).email);
    expect((await agent.get('/api/v1/webhooks/events')).status).toBe(403);
  });

  it('refuses private and loopback targets unless the operator allows them', async () => {
    const strict = await startTestServer();
    try {
      const o = await createTestOrg(strict.ctx);
      const c = new TestClient(strict.url);
      await c.login(o.ownerEmail);
      for (const url of ['http://127.0.0.1:9/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'ftp://example.com/x', 'https://user:pw@example.com/x']) {
        const res = await c.post('/api/v1/webhooks', { url, events: ['message.created'] });
        expect(res.status, url).toBe(400);
        expect(res.body.errors[0].field).toBe('url');
      }
      expect((await c.post('/api/v1/webhooks', { url: 'https://example.com/x', events: [] })).status).toBe(400);
    } finally {
      await strict.close();
    }
  });
});
