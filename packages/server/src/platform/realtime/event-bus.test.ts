// Realtime across nodes: on PostgreSQL, what one node stores reaches agents connected to another
// (web and worker roles split, or several web nodes). Embedded PGlite is one process: in-process only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { ingestMessage } from '../../modules/conversations/ingest-message.js';
import type { RealtimeEvent } from './event-bus.js';

const onServer = Boolean(process.env.DATABASE_URL);

describe('event bus', () => {
  let a: TestServer;
  let b: TestServer;
  let org: TestOrg;
  beforeAll(async () => {
    a = await startTestServer();
    b = onServer ? await startTestServer() : a;
    org = await createTestOrg(a.ctx);
  });
  afterAll(async () => {
    await a?.close();
    if (b !== a) await b?.close();
  });

  it('delivers an event to the subscribers of its organisation only, once', async () => {
    const mine: RealtimeEvent[] = [];
    const others: RealtimeEvent[] = [];
    const stopMine = a.ctx.events.subscribe(org.orgId, (e) => mine.push(e));
    const stopOthers = a.ctx.events.subscribe('00000000-0000-4000-8000-000000000000', (e) => others.push(e));
    a.ctx.events.publish(org.orgId, { type: 'conversation.updated', conversationId: 'c1' });
    await new Promise((r) => setTimeout(r, 300));
    stopMine();
    stopOthers();
    expect(mine).toEqual([{ type: 'conversation.updated', conversationId: 'c1' }]);
    expect(others).toEqual([]);
  });

  it.runIf(onServer)('relays what one node stores to the agents of another node, once, in order', async () => {
    const seenOnB: RealtimeEvent[] = [];
    const seenOnA: RealtimeEvent[] = [];
    const stopB = b.ctx.events.subscribe(org.orgId, (e) => seenOnB.push(e));
    const stopA = a.ctx.events.subscribe(org.orgId, (e) => seenOnA.push(e));
    const stored = [];
    for (let i = 0; i < 3; i++) {
      stored.push(
        await ingestMessage(a.ctx, {
          orgId: org.orgId,
          channel: { id: null, type: 'api' },
          direction: 'inbound',
          sender: { type: 'contact' },
          contact: { identities: [{ kind: 'email', value: 'relay.test@example.com' }] },
          text: `mensagem ${i}`,
        }),
      );
    }
    await expect.poll(() => seenOnB.length, { timeout: 5000 }).toBe(3);
    await new Promise((r) => setTimeout(r, 300));
    stopA();
    stopB();
    const ids = stored.map((s) => s.messageId);
    expect(seenOnB.map((e) => (e as { messageId: string }).messageId)).toEqual(ids);
    // The storing node delivered locally and ignored its own notification.
    expect(seenOnA.map((e) => (e as { messageId: string }).messageId)).toEqual(ids);
  });
});
