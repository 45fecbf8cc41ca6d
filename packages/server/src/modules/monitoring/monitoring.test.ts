import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, addTestUser, createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import type { RealtimeEvent } from '../../platform/realtime/event-bus.js';
import { permissionToReceive } from '../../platform/realtime/agent-socket.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { ingestMessage, ingestMessages, type IngestInput } from '../conversations/ingest-message.js';
import { startWebhookWorkers } from '../webhooks/deliver-webhook.js';
import { CompiledRules, type WatchRule } from './compile-rules.js';
import { detectAccessAnomalies, isOutsideWorkingHours, networkOf } from './detect-access-anomalies.js';
import { regexRefusal } from './regex-safety.js';
import { sendPendingAlertEmails } from './send-alert-emails.js';

/** An integration's receiving end for alert webhooks. */
let receiver: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

/** A real SMTP server on loopback: what it receives is what Sigilo sent. */
let smtp: SMTPServer;
let smtpPort: number;
const mails: { to: string[]; raw: string }[] = [];

let server: TestServer;
let org: TestOrg;
let dpo: TestClient;
let dpoId: string;
let dpoEmail: string;
let supervisor: TestClient;
let supervisorEmail: string;
let agent: TestClient;
let agentId: string;
let auditor: TestClient;
beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks`;

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        // Quoted-printable soft line breaks undone, so long links read whole.
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '=') });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as { port: number }).port;

  server = await startTestServer({ WEBHOOKS_ALLOW_PRIVATE: '1', WEBHOOK_RETRY_SECONDS: '1', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), PUBLIC_URL: 'https://sigilo.example.test' });
  await startWebhookWorkers(server.ctx);
  org = await createTestOrg(server.ctx);
  const d = await addTestUser(server.ctx, org, 'dpo');
  dpoId = d.id;
  dpoEmail = d.email;
  dpo = new TestClient(server.url);
  expect((await dpo.login(d.email)).status).toBe(200);
  const s = await addTestUser(server.ctx, org, 'supervisor');
  supervisorEmail = s.email;
  supervisor = new TestClient(server.url);
  await supervisor.login(s.email);
  const a = await addTestUser(server.ctx, org, 'agent');
  agentId = a.id;
  agent = new TestClient(server.url);
  await agent.login(a.email);
  const au = await addTestUser(server.ctx, org, 'auditor');
  auditor = new TestClient(server.url);
  await auditor.login(au.email);
});
afterAll(async () => {
  await server?.close();
  receiver?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
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

// Synthetic, checksum-valid identifiers (no real person's).
const CARD = '4111 1111 1111 1111';
let seq = 0;
const customer = (text: string, extra: Partial<IngestInput> = {}): IngestInput => ({
  orgId: org.orgId,
  channel: { id: null, type: 'webchat' },
  direction: 'inbound',
  sender: { type: 'contact' },
  contact: { identities: [{ kind: 'email', value: `cliente.${++seq}@example.com` }], displayName: `Cliente ${seq}` },
  text,
  lang: 'pt',
  ...extra,
});

const alertsOf = async (messageId: string) =>
  server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('alerts').selectAll().where('message_id', '=', messageId).execute());

const rule = (over: Partial<WatchRule>): WatchRule => ({
  id: 'r',
  name: 'r',
  kind: 'terms',
  terms: [],
  pattern: null,
  piiTypes: [],
  sensitiveFlags: [],
  directions: [],
  channelTypes: [],
  teams: [],
  severity: 'high',
  ...over,
});
const facts = (bodyMasked: string, over: Partial<Parameters<CompiledRules['evaluate']>[0]> = {}) => ({ bodyMasked, direction: 'inbound' as const, channelType: 'webchat', piiTypes: [], sensitiveFlags: [], ...over });

describe('rule engine', () => {
  it('matches terms as whole words or phrases, without regard to case or accents', () => {
    const rules = new CompiledRules([rule({ id: 'card', terms: ['número do cartão', 'CVV'] }), rule({ id: 'zap', terms: ['meu zap pessoal'] })]);
    expect(rules.evaluate(facts('Me passa o NUMERO DO CARTAO por favor')).map((h) => h.rule.id)).toEqual(['card']);
    expect(rules.evaluate(facts('qual o cvv?'))[0]!.matched).toEqual(['cvv']);
    expect(rules.evaluate(facts('me chama no meu\nzap pessoal')).map((h) => h.rule.id)).toEqual(['zap']);
    // Not inside another word.
    expect(rules.evaluate(facts('o cvvx e o númerodocartão'))).toEqual([]);
  });

  it('applies direction and channel filters, patterns and PII triggers', () => {
    const rules = new CompiledRules([
      rule({ id: 'out', terms: ['senha'], directions: ['outbound'] }),
      rule({ id: 'wa', terms: ['senha'], channelTypes: ['whatsapp'] }),
      rule({ id: 're', kind: 'regex', pattern: 'pix\\s+para\\s+\\d+' }),
      rule({ id: 'card', kind: 'pii', piiTypes: ['CREDIT_CARD'] }),
      rule({ id: 'health', kind: 'pii', sensitiveFlags: ['HEALTH'] }),
    ]);
    expect(rules.evaluate(facts('sua senha', { direction: 'outbound' })).map((h) => h.rule.id)).toEqual(['out']);
    expect(rules.evaluate(facts('sua senha', { channelType: 'whatsapp' })).map((h) => h.rule.id)).toEqual(['wa']);
    expect(rules.evaluate(facts('Faz um PIX para 123')).map((h) => h.rule.id)).toEqual(['re']);
    const pii = rules.evaluate(facts('cartão **** 1111', { piiTypes: ['CREDIT_CARD'], sensitiveFlags: ['HEALTH'] }));
    expect(pii.map((h) => [h.rule.id, h.matched])).toEqual([['card', ['CREDIT_CARD']], ['health', ['HEALTH']]]);
  });

  it('refuses patterns without linear-time matching, and runs accepted ones in linear time', () => {
    expect(regexRefusal('(a)\\1')).toMatch(/back-references/);
    expect(regexRefusal('foo(?=bar)')).toMatch(/look-ahead/);
    expect(regexRefusal('[')).toMatch(/not a valid pattern/);
    expect(regexRefusal('cartão')).toMatch(/without accents/);
    expect(regexRefusal('x'.repeat(600))).toMatch(/at most/);
    expect(regexRefusal('(a+)+$')).toBeNull();
    // The classic catastrophic pattern on a crafted 20,000-character message: RE2 stays linear.
    const evil = new CompiledRules([rule({ kind: 'regex', pattern: '(a+)+$' })]);
    const started = performance.now();
    expect(evil.evaluate(facts('a'.repeat(20_000) + '!'))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('sends alert events only to users who may read alerts', () => {
    const alert: RealtimeEvent = { type: 'alert.created', alertId: 'x', severity: 'high' };
    expect(permissionToReceive(alert)).toBe('alerts:read');
    expect(permissionToReceive({ type: 'incident.updated', incidentId: 'x' })).toBe('incidents:read');
    expect(permissionToReceive({ type: 'message.created', conversationId: 'c', messageId: 'm' })).toBe('conversations:read');
    expect(permissionToReceive({ type: 'inbox.filled', queue: 'whatsapp.inbound' })).toBeNull();
  });
});

describe('watch rules inside ingest', () => {
  it('raises an alert for a card number sent by a customer, with masked context, live to the console', async () => {
    const events: RealtimeEvent[] = [];
    const unsubscribe = server.ctx.events.subscribe(org.orgId, (e) => events.push(e));
    const first = await ingestMessage(server.ctx, customer('Oi, quero pagar a fatura'));
    const m = await ingestMessage(server.ctx, customer(`meu cartão é ${CARD} validade 12/29`, { contact: { contactId: first.contactId } }));
    unsubscribe();
    const [alert] = await alertsOf(m.messageId);
    expect(alert).toMatchObject({ kind: 'rule', severity: 'high', status: 'open', contact_id: m.contactId, conversation_id: m.conversationId, matched: ['CREDIT_CARD'], direction: 'inbound' });
    expect(events).toContainEqual({ type: 'alert.created', alertId: alert!.id, severity: 'high' });

    const detail = await dpo.get(`/api/v1/alerts/${alert!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.context.map((c: { body: string }) => c.body)).toEqual(['Oi, quero pagar a fatura', expect.stringContaining('**** **** **** 1111')]);
    expect(detail.body.context[1].isTrigger).toBe(true);
    expect(detail.text).not.toContain('4111 1111');
    expect(detail.body.contact.displayName).toBe(`Cliente ${seq - 1}`);

    // Supervisors and auditors see the queue; agents do not.
    expect((await supervisor.get('/api/v1/alerts?status=open')).body.items.map((a: { id: string }) => a.id)).toContain(alert!.id);
    expect((await auditor.get(`/api/v1/alerts/${alert!.id}`)).status).toBe(200);
    expect((await agent.get('/api/v1/alerts')).status).toBe(403);
  });

  it("raises a critical alert when an agent's reply asks for the card number, naming the agent", async () => {
    const m = await ingestMessage(server.ctx, customer('Bom dia, preciso de ajuda com uma compra'));
    const conversation = await agent.patch(`/api/v1/conversations/${m.conversationId}`, { assigneeId: agentId });
    expect(conversation.status).toBe(204);
    const reply = await agent.post(`/api/v1/conversations/${m.conversationId}/messages`, { text: 'Claro! Me passa o número do cartão e o código de segurança, por favor' });
    expect(reply.status).toBe(201);
    const [alert] = await alertsOf(reply.body.id);
    expect(alert).toMatchObject({ severity: 'critical', agent_id: agentId, direction: 'outbound' });
    expect(alert!.matched.sort()).toEqual(['codigo de seguranca', 'numero do cartao']);
  });

  it('handles a batch of many messages with one insert, and recompiles after a rule changes', async () => {
    const created = await dpo.post('/api/v1/monitoring/rules', { name: 'Concorrente', kind: 'terms', terms: ['Loja Rival', 'PROMOÇÃO RELÂMPAGO'], severity: 'low' });
    expect(created.status).toBe(201);
    const batch = Array.from({ length: 60 }, (_, i) => customer(i % 3 === 0 ? `vi na loja rival uma promocao relampago ${i}` : `pedido ${i} atrasado`));
    const results = await ingestMessages(server.ctx, batch);
    const ids = results.map((r) => (r as { messageId: string }).messageId);
    const alerts = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('alerts').select(['message_id', 'matched']).where('rule_id', '=', created.body.id).execute());
    expect(alerts).toHaveLength(20);
    expect(new Set(alerts.map((a) => a.message_id))).toEqual(new Set(ids.filter((_, i) => i % 3 === 0)));
    expect(alerts[0]!.matched.sort()).toEqual(['loja rival', 'promocao relampago']);

    // Disabled: the next message does not trip it (every node sees the new version).
    const off = await dpo.request('PUT', `/api/v1/monitoring/rules/${created.body.id}`, { ...created.body, enabled: false });
    expect(off.status).toBe(200);
    const after = await ingestMessage(server.ctx, customer('vi na loja rival'));
    expect(await alertsOf(after.messageId)).toEqual([]);
  });

  it('validates rules with field-level messages, and lets only the DPO change them', async () => {
    const bad = await dpo.post('/api/v1/monitoring/rules', { name: 'Eco', kind: 'regex', pattern: '(senha)\\1', severity: 'high' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'pattern', message: expect.stringMatching(/back-references/) });
    const empty = await dpo.post('/api/v1/monitoring/rules', { name: 'Nada', kind: 'terms', terms: [], severity: 'high' });
    expect(empty.body.errors[0].field).toBe('terms');
    const wrongType = await dpo.post('/api/v1/monitoring/rules', { name: 'PII', kind: 'pii', piiTypes: ['SHOE_SIZE'], severity: 'high' });
    expect(wrongType.status).toBe(400);
    expect((await supervisor.post('/api/v1/monitoring/rules', { name: 'x', kind: 'terms', terms: ['x'], severity: 'low' })).status).toBe(403);

    const rules = (await supervisor.get('/api/v1/monitoring/rules')).body.items;
    expect(rules.map((r: { pack: string | null }) => r.pack)).toEqual(expect.arrayContaining(['pt-BR/credentials', 'es/credentials', 'en/credentials', 'pt-BR/off-channel', 'en/bulk-data']));
  });

  it('tries a rule on sample text after masking, storing nothing', async () => {
    const res = await dpo.post('/api/v1/monitoring/rules/test', {
      rule: { name: 't', kind: 'pii', piiTypes: ['CREDIT_CARD'], severity: 'high' },
      text: `cartão ${CARD}`,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ matches: true, matched: ['CREDIT_CARD'] });
    expect(res.body.masked).not.toContain('4111 1111');
    const offChannel = await dpo.post('/api/v1/monitoring/rules/test', { rule: { name: 't', kind: 'terms', terms: ['me chama no meu zap'], severity: 'high' }, text: 'Me chama no meu ZAP que é mais fácil' });
    expect(offChannel.body.matches).toBe(true);
  });
});

describe('acting on alerts', () => {
  let alertId: string;
  let messageId: string;
  let conversationId: string;
  beforeAll(async () => {
    const m = await ingestMessage(server.ctx, customer(`segue o cartão ${CARD}`));
    messageId = m.messageId;
    conversationId = m.conversationId;
    alertId = (await alertsOf(m.messageId))[0]!.id;
  });

  it('acknowledges, assigns, comments and resolves, each on the timeline and in the audit log', async () => {
    expect((await supervisor.post(`/api/v1/alerts/${alertId}/acknowledge`)).status).toBe(204);
    expect((await supervisor.post(`/api/v1/alerts/${alertId}/acknowledge`)).status).toBe(409);
    const toAgent = await supervisor.post(`/api/v1/alerts/${alertId}/assign`, { assigneeId: agentId });
    expect(toAgent.status).toBe(400);
    expect(toAgent.body.errors[0].field).toBe('assigneeId');
    expect((await supervisor.post(`/api/v1/alerts/${alertId}/assign`, { assigneeId: dpoId })).status).toBe(204);
    expect((await dpo.post(`/api/v1/alerts/${alertId}/comment`, { comment: 'Cliente enviou o cartão por engano; vou remover o original.' })).status).toBe(204);
    expect((await dpo.post(`/api/v1/alerts/${alertId}/resolve`, { outcome: 'maybe' })).status).toBe(400);
    expect((await agent.post(`/api/v1/alerts/${alertId}/resolve`, { outcome: 'handled' })).status).toBe(403);
    expect((await dpo.post(`/api/v1/alerts/${alertId}/resolve`, { outcome: 'handled', comment: 'Original removido.' })).status).toBe(204);
    const detail = (await dpo.get(`/api/v1/alerts/${alertId}`)).body;
    expect(detail).toMatchObject({ status: 'resolved', outcome: 'handled', assigneeId: dpoId });
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['acknowledged', 'assigned', 'commented', 'resolved']);
    const audit = (await dpo.get('/api/v1/audit?action=alert.resolved')).body.items;
    expect(audit[0]).toMatchObject({ targetId: alertId });
    expect((await dpo.post(`/api/v1/alerts/${alertId}/reopen`)).status).toBe(204);
  });

  it('takes over and pauses the conversation: agent replies are refused until it is resumed', async () => {
    expect((await dpo.post(`/api/v1/alerts/${alertId}/take-over`)).status).toBe(204);
    const conv = await dpo.get(`/api/v1/conversations/${conversationId}`);
    expect(conv.body.assigneeId).toBe(dpoId);
    expect((await dpo.post(`/api/v1/alerts/${alertId}/pause`)).status).toBe(204);
    const blocked = await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Olá, posso ajudar?' });
    expect(blocked.status).toBe(423);
    expect(blocked.body.detail).toMatch(/paused/);
    expect((await dpo.get(`/api/v1/alerts/${alertId}`)).body.conversation.pausedAt).not.toBeNull();
    expect((await dpo.post(`/api/v1/alerts/${alertId}/resume`)).status).toBe(204);
    expect((await agent.post(`/api/v1/conversations/${conversationId}/messages`, { text: 'Olá, posso ajudar?' })).status).toBe(201);
  });

  it('purges the original with a reason (audited); a reveal afterwards answers 410', async () => {
    expect((await supervisor.post(`/api/v1/messages/${messageId}/purge`, { reason: 'card number sent by mistake' })).status).toBe(403);
    const noReason = await dpo.post(`/api/v1/messages/${messageId}/purge`, { reason: 'x' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    const purged = await dpo.post(`/api/v1/messages/${messageId}/purge`, { reason: 'card number sent by mistake', alertId });
    expect(purged.status).toBe(200);
    const raw = await server.ctx.database.withSystem((tx) => tx.selectFrom('messages').select(['body_sealed', 'body_masked', 'purged_at', 'purged_by']).where('id', '=', messageId).executeTakeFirstOrThrow());
    expect(raw.body_sealed).toBeNull();
    expect(raw.body_masked).toContain('**** 1111');
    expect(raw.purged_by).toBe(dpoId);
    const reveal = await dpo.post(`/api/v1/messages/${messageId}/reveal`, { reason: 'checking after the purge' });
    expect(reveal.status).toBe(410);
    expect(reveal.body.detail).toMatch(/purged .*only the masked text remains/);
    const audit = (await dpo.get('/api/v1/audit?action=message.original_purged')).body.items;
    expect(audit[0]).toMatchObject({ targetId: messageId, reason: 'card number sent by mistake' });
    expect((await dpo.post(`/api/v1/messages/${messageId}/purge`, { reason: 'card number sent by mistake' })).status).toBe(410);
  });

  it('opens an incident from the alert, once', async () => {
    const opened = await dpo.post(`/api/v1/alerts/${alertId}/incident`, { title: 'Card number received in chat', jurisdictions: ['anpd'] });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ alertId, jurisdictions: ['anpd'] });
    expect((await dpo.get(`/api/v1/alerts/${alertId}`)).body.incidentId).toBe(opened.body.id);
    expect((await dpo.post(`/api/v1/alerts/${alertId}/incident`, { title: 'again' })).status).toBe(409);
    expect((await supervisor.post(`/api/v1/alerts/${alertId}/incident`, { title: 'x' })).status).toBe(403);
  });

  it("keeps another organisation's alerts out of reach", async () => {
    const other = await createTestOrg(server.ctx);
    const owner = new TestClient(server.url);
    await owner.login(other.ownerEmail);
    expect((await owner.get(`/api/v1/alerts/${alertId}`)).status).toBe(404);
    expect((await owner.post(`/api/v1/alerts/${alertId}/acknowledge`)).status).toBe(404);
  });
});

describe('delivery by severity', () => {
  it('signs alert.created webhooks and e-mails the DPO and supervisors, with no message text', async () => {
    const hook = await dpo.get('/api/v1/monitoring/settings');
    expect(hook.body.email).toEqual({ configured: true });
    const owner = new TestClient(server.url);
    await owner.login(org.ownerEmail);
    const endpoint = await owner.post('/api/v1/webhooks', { url: receiverUrl, events: ['alert.created'] });
    expect(endpoint.status).toBe(201);
    // E-mail from "high"; webhooks from "medium".
    expect((await dpo.patch('/api/v1/monitoring/settings', { emailMinSeverity: 'high', webhookMinSeverity: 'medium' })).status).toBe(200);
    mails.length = 0;

    const low = await ingestMessage(server.ctx, customer('seu idiota')); // offensive language: medium
    const critical = await ingestMessage(server.ctx, customer(`cartão ${CARD}`)); // card received: high
    const lowAlert = (await alertsOf(low.messageId))[0]!;
    const highAlert = (await alertsOf(critical.messageId))[0]!;
    expect(lowAlert.severity).toBe('medium');

    const delivered = await waitFor(() => {
      const ids = received.filter((r) => r.headers['sigilo-event'] === 'alert.created').map((r) => JSON.parse(r.body).data.alertId);
      return ids.includes(lowAlert.id) && ids.includes(highAlert.id) ? received : undefined;
    });
    const one = delivered.find((r) => JSON.parse(r.body).data.alertId === highAlert.id)!;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]+)$/.exec(String(one.headers['sigilo-signature']))!;
    expect(createHmac('sha256', endpoint.body.secret).update(`${t}.${one.body}`).digest('hex')).toBe(v1);
    expect(one.body).not.toContain('4111');

    // Only the high alert waits in the e-mail outbox; the worker's sweep sends it once.
    const pending = await server.ctx.database.withTenant(org.orgId, (tx) => tx.selectFrom('alerts').select('id').where('email_state', '=', 'pending').execute());
    expect(pending.map((p) => p.id)).toContain(highAlert.id);
    expect(pending.map((p) => p.id)).not.toContain(lowAlert.id);
    const sent = await sendPendingAlertEmails(server.ctx, org.orgId);
    expect(sent.alerts).toBe(pending.length);
    const mail = await waitFor(() => mails.find((m) => m.raw.includes(highAlert.id)));
    expect(mail.to.sort()).toEqual(expect.arrayContaining([dpoEmail, supervisorEmail, org.ownerEmail]));
    expect(mail.to).not.toContain((await server.ctx.database.withSystem((tx) => tx.selectFrom('users').select('email').where('id', '=', agentId).executeTakeFirstOrThrow())).email);
    expect(mail.raw).toContain('https://sigilo.example.test/dpo?tab=alerts');
    expect(mail.raw).not.toContain('4111');
    expect(mail.raw).not.toMatch(/Cliente \d/); // the contact's display name
    expect(await sendPendingAlertEmails(server.ctx, org.orgId)).toEqual({ alerts: 0, recipients: 0 });
    expect(mails.filter((m) => m.raw.includes(highAlert.id))).toHaveLength(1);
  });
});

describe('access anomalies from the audit log', () => {
  it('flags a reveal rate above the limit, off-hours access, a new network and a bulk export, once each', async () => {
    const o = await createTestOrg(server.ctx);
    const u = await addTestUser(server.ctx, o, 'agent');
    const actor = { type: 'user' as const, id: u.id, label: u.email };
    await server.ctx.database.withTenant(o.orgId, async (tx) => {
      const { ensureMonitoringSettings } = await import('./monitoring-settings.js');
      await ensureMonitoringSettings(tx, o.orgId);
      await tx
        .updateTable('monitoring_settings')
        .set({ anomaly_settings: JSON.stringify({ revealLimit: 3, revealWindowMinutes: 60, workingHours: { start: '00:00', end: '00:00', days: [], timeZone: 'America/Sao_Paulo' }, bulkExportRows: 500 }) })
        .where('org_id', '=', o.orgId)
        .execute();
      await recordAuditEntry(tx, { orgId: o.orgId, actor, action: 'login.succeeded', ip: '203.0.113.10' });
    });
    await detectAccessAnomalies(server.ctx, o.orgId);
    await server.ctx.database.withTenant(o.orgId, async (tx) => {
      await recordAuditEntry(tx, { orgId: o.orgId, actor, action: 'login.succeeded', ip: '203.0.113.99' }); // same /24
      await recordAuditEntry(tx, { orgId: o.orgId, actor, action: 'login.succeeded', ip: '198.51.100.7' }); // new network
      for (let i = 0; i < 5; i++) await recordAuditEntry(tx, { orgId: o.orgId, actor, action: 'message.revealed', target: { type: 'message', id: '00000000-0000-4000-8000-000000000001' }, reason: 'checking', metadata: { contactId: '00000000-0000-4000-8000-000000000002' } });
      await recordAuditEntry(tx, { orgId: o.orgId, actor, action: 'contacts.exported', metadata: { rows: 1200 } });
    });
    const first = await detectAccessAnomalies(server.ctx, o.orgId);
    expect(first.scanned).toBe(8);
    const alerts = await server.ctx.database.withTenant(o.orgId, (tx) => tx.selectFrom('alerts').select(['anomaly', 'agent_id', 'details']).where('org_id', '=', o.orgId).execute());
    expect(alerts.map((a) => a.anomaly).sort()).toEqual(['bulk_export', 'new_network', 'off_hours', 'reveal_rate']);
    expect(alerts.every((a) => a.agent_id === u.id)).toBe(true);
    expect(alerts.find((a) => a.anomaly === 'reveal_rate')!.details).toMatchObject({ count: 5, limit: 3 });
    expect(alerts.find((a) => a.anomaly === 'new_network')!.details).toMatchObject({ network: '198.51.100.0/24' });

    // Nothing new since: nothing scanned, nothing raised; one more reveal does not repeat the rate alert.
    expect(await detectAccessAnomalies(server.ctx, o.orgId)).toEqual({ scanned: 0, alerts: 0 });
    await server.ctx.database.withTenant(o.orgId, (tx) => recordAuditEntry(tx, { orgId: o.orgId, actor, action: 'message.revealed', reason: 'again', metadata: {} }));
    const again = await detectAccessAnomalies(server.ctx, o.orgId);
    expect(again.scanned).toBe(1);
    const rateAlerts = await server.ctx.database.withTenant(o.orgId, (tx) => tx.selectFrom('alerts').select('id').where('anomaly', '=', 'reveal_rate').execute());
    expect(rateAlerts).toHaveLength(1);
  });

  it('knows networks and working hours', () => {
    expect(networkOf('203.0.113.77')).toBe('203.0.113.0/24');
    expect(networkOf('::ffff:203.0.113.77')).toBe('203.0.113.0/24');
    expect(networkOf('2001:db8:aaaa:1::5')).toBe('2001:db8:aaaa::/48');
    expect(networkOf('not an ip')).toBeNull();
    const hours = { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5], timeZone: 'America/Sao_Paulo' };
    expect(isOutsideWorkingHours(new Date('2026-11-09T13:00:00Z'), hours)).toBe(false); // Monday 10:00 BRT
    expect(isOutsideWorkingHours(new Date('2026-11-09T22:30:00Z'), hours)).toBe(true); // Monday 19:30 BRT
    expect(isOutsideWorkingHours(new Date('2026-11-08T13:00:00Z'), hours)).toBe(true); // Sunday
  });
});
