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

  it.runIf(onServer)('wakes a worker node idling on an empty inbox queue when another node puts into it', async () => {
    const queue = `test.wake.${Date.now()}`;
    const handledAt: number[] = [];
    // A poll interval far longer than the wait below: only the relayed announcement can wake it.
    b.ctx.jobs.inbox.work(queue, async (items) => {
      handledAt.push(Date.now());
      return { failed: [] };
    }, { batchSize: 10, idleMs: 60_000 });
    await new Promise((r) => setTimeout(r, 300)); // the loop polls once and starts idling
    const putAt = Date.now();
    await a.ctx.jobs.inbox.put(queue, { orgId: org.orgId, route: 'r', payload: Buffer.from('x') });
    await expect.poll(() => handledAt.length, { timeout: 5_000 }).toBe(1);
    expect(handledAt[0]! - putAt).toBeLessThan(5_000);
  });

  it('never pushes node-to-node events to an organisation\'s subscribers', async () => {
    const seen: RealtimeEvent[] = [];
    const stop = a.ctx.events.subscribe(org.orgId, (e) => seen.push(e));
    await a.ctx.jobs.inbox.put(`test.quiet.${Date.now()}`, { orgId: org.orgId, route: 'r', payload: Buffer.from('x') });
    await new Promise((r) => setTimeout(r, 300));
    stop();
    expect(seen).toEqual([]);
  });
});
