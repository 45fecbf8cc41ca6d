// The batch path of ingest (what the channel workers use): one call for many messages, with the
// same guarantees as one message at a time — idempotency, one contact and one conversation per new
// customer, order by arrival, refusals that do not hold back the rest, hooks inside the transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { Problem } from '../../platform/http/problem.js';
import { arrivalTime } from './arrival-time.js';
import { ingestMessages, protectInputs, registerIngestHook, type IngestedFacts, type IngestInput } from './ingest-message.js';

let server: TestServer;
let org: TestOrg;
const seen: IngestedFacts[][] = [];
beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
  registerIngestHook({
    name: 'test-recorder',
    async onMessages(_ctx, tx, messages) {
      // Runs inside the ingest transaction: the messages are visible to it already.
      const ids = messages.map((m) => m.messageId);
      const rows = await tx.selectFrom('messages').select('id').where('id', 'in', ids).execute();
      expect(rows).toHaveLength(ids.length);
      if (messages[0]!.orgId === org.orgId) seen.push(messages);
    },
  });
});
afterAll(() => server?.close());

let n = 0;
const wa = () => `55119${String(70000000 + ++n * 13).slice(-8)}`;
function input(waId: string, text: string, extra: Partial<IngestInput> = {}): IngestInput {
  return {
    orgId: org.orgId,
    channel: { id: null, type: 'api' },
    channelMessageId: `wamid.BATCH-${++n}`,
    direction: 'inbound',
    sender: { type: 'contact' },
    contact: { identities: [{ kind: 'whatsapp', value: waId }], displayName: 'Cliente Teste' },
    text,
    receivedAt: arrivalTime(),
    ...extra,
  };
}

async function messagesOf(conversationId: string) {
  return server.ctx.database.withTenant(org.orgId, (tx) =>
    tx.selectFrom('messages').select(['id', 'body_masked', 'created_at']).where('conversation_id', '=', conversationId).orderBy('created_at').execute(),
  );
}

describe('ingestMessages (batch)', () => {
  it("gives a new customer's burst one contact and one conversation, in arrival order, masked", async () => {
    const customer = wa();
    const other = wa();
    const batch = [
      input(customer, 'primeira mensagem'),
      input(other, 'olá, sou outro cliente'),
      input(customer, 'meu CPF é 111.444.777-35'),
      input(customer, 'terceira mensagem'),
    ];
    const results = await ingestMessages(server.ctx, batch);
    const ok = results.filter((r): r is Exclude<typeof r, Problem> => !(r instanceof Problem));
    expect(ok).toHaveLength(4);
    const mine = [ok[0]!, ok[2]!, ok[3]!];
    expect(new Set(mine.map((r) => r.contactId)).size).toBe(1);
    expect(new Set(mine.map((r) => r.conversationId)).size).toBe(1);
    expect(ok[1]!.contactId).not.toBe(ok[0]!.contactId);
    expect(ok[2]!.bodyMasked).not.toContain('111.444.777-35');
    const stored = await messagesOf(ok[0]!.conversationId);
    expect(stored.map((m) => m.id)).toEqual(mine.map((r) => r.messageId));

    // The hook saw the batch once, in order, with the facts of creation.
    const call = seen.find((c) => c.some((m) => m.messageId === ok[0]!.messageId))!;
    expect(call.map((m) => m.messageId)).toEqual(ok.map((r) => r.messageId));
    expect(call[0]).toMatchObject({ contactCreated: true, conversationCreated: true, direction: 'inbound', channel: { type: 'api' } });
    expect(JSON.stringify(call)).not.toContain('111.444.777-35');
  });

  it('stores a repeated delivery once, within a batch and across batches', async () => {
    const customer = wa();
    const first = input(customer, 'pedido 123 não chegou');
    const [a, b] = await ingestMessages(server.ctx, [first, { ...first }]);
    expect(a).not.toBeInstanceOf(Problem);
    expect(b).toMatchObject({ duplicate: true, messageId: (a as { messageId: string }).messageId });
    const [again] = await ingestMessages(server.ctx, [{ ...first }]);
    expect(again).toMatchObject({ duplicate: true, messageId: (a as { messageId: string }).messageId });
    expect(await messagesOf((a as { conversationId: string }).conversationId)).toHaveLength(1);
  });

  it('refuses bad inputs one by one and stores the rest', async () => {
    const customer = wa();
    const results = await ingestMessages(server.ctx, [
      input(customer, 'antes'),
      input(customer, 'x'.repeat(65 * 1024)),
      input(customer, 'conversa inexistente', { conversationId: '00000000-0000-4000-8000-000000000000' }),
      input('not-a-number', 'identidade inválida'),
      input(customer, 'depois'),
    ]);
    expect(results[1]).toMatchObject({ status: 413 });
    expect(results[2]).toMatchObject({ status: 404 });
    expect(results[3]).toMatchObject({ status: 400 });
    expect(results[0]).not.toBeInstanceOf(Problem);
    expect(results[4]).not.toBeInstanceOf(Problem);
    const stored = await messagesOf((results[0] as { conversationId: string }).conversationId);
    expect(stored.map((m) => m.body_masked)).toEqual(['antes', 'depois']);
  });

  it('orders by arrival, not by the order the batches are stored in', async () => {
    const customer = wa();
    const early = input(customer, 'chegou primeiro');
    const late = input(customer, 'chegou depois');
    // The later message is stored first (another worker was quicker).
    const [l] = await ingestMessages(server.ctx, [late]);
    await ingestMessages(server.ctx, [early]);
    const stored = await messagesOf((l as { conversationId: string }).conversationId);
    expect(stored.map((m) => m.body_masked)).toEqual(['chegou primeiro', 'chegou depois']);
  });

  it('gives one contact and one conversation when batches with the same new customer run at once', async () => {
    const customer = wa();
    const batches = Array.from({ length: 4 }, (_, b) => Array.from({ length: 5 }, (_, i) => input(customer, `lote ${b} mensagem ${i}`)));
    const results = (await Promise.all(batches.map((batch) => ingestMessages(server.ctx, batch)))).flat();
    expect(results.every((r) => !(r instanceof Problem))).toBe(true);
    const ok = results as Array<{ contactId: string; conversationId: string }>;
    expect(new Set(ok.map((r) => r.contactId)).size).toBe(1);
    expect(new Set(ok.map((r) => r.conversationId)).size).toBe(1);
    expect(await messagesOf(ok[0]!.conversationId)).toHaveLength(20);
  });

  it('stores what protectInputs masked ahead, and masks again when the policy changed in between', async () => {
    const ahead = [input(wa(), 'meu e-mail é ana.ahead@cliente.test'), input(wa(), 'meu e-mail é bia.ahead@cliente.test')];
    await protectInputs(server.ctx, ahead);
    expect(ahead.map((i) => i.protection?.protected.masked)).toEqual(['meu e-mail é [EMAIL]', 'meu e-mail é [EMAIL]']);
    // Marked so the test can tell a reused result from a recomputed one.
    ahead[0]!.protection!.protected = { ...ahead[0]!.protection!.protected, masked: 'meu e-mail é [EMAIL] (ahead)' };
    const [kept] = await ingestMessages(server.ctx, [ahead[0]!]);
    expect(kept).toMatchObject({ bodyMasked: 'meu e-mail é [EMAIL] (ahead)' });

    // The organisation shows e-mails from now on: the result computed under the old policy is not used.
    await server.ctx.database.withSystem((tx) => tx.updateTable('organizations').set({ masking_policy: JSON.stringify({ EMAIL: 'show' }) }).where('id', '=', org.orgId).execute());
    try {
      const [redone] = await ingestMessages(server.ctx, [ahead[1]!]);
      expect(redone).toMatchObject({ bodyMasked: 'meu e-mail é bia.ahead@cliente.test' });
    } finally {
      await server.ctx.database.withSystem((tx) => tx.updateTable('organizations').set({ masking_policy: JSON.stringify({}) }).where('id', '=', org.orgId).execute());
    }
  });
});
