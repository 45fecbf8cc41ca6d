// Side effects tied to a transaction (realtime pushes) run after it commits, never on rollback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrg, startTestServer, type TestOrg, type TestServer } from '../../testing/test-server.js';
import { afterCommit } from './database.js';

let server: TestServer;
let org: TestOrg;
beforeAll(async () => {
  server = await startTestServer();
  org = await createTestOrg(server.ctx);
});
afterAll(() => server?.close());

describe('afterCommit', () => {
  it('runs once the transaction has committed', async () => {
    const calls: string[] = [];
    await server.ctx.database.withTenant(org.orgId, async (tx) => {
      afterCommit(tx, () => calls.push('pushed'));
      await tx.selectFrom('contacts').select('id').execute();
      calls.push('body done');
    });
    expect(calls).toEqual(['body done', 'pushed']);
  });

  it('never runs when the transaction rolls back', async () => {
    const calls: string[] = [];
    await expect(
      server.ctx.database.withSystem(async (tx) => {
        afterCommit(tx, () => calls.push('pushed'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(calls).toEqual([]);
  });
});
