import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';

export async function revokeApiToken(ctx: AppContext, input: { orgId: string; id: string; actor: Actor; ip: string | null }): Promise<void> {
  await ctx.database.withTenant(input.orgId, async (tx) => {
    const row = await tx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.id)
      .where('revoked_at', 'is', null)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!row) {
      const exists = await tx.selectFrom('api_tokens').select('id').where('id', '=', input.id).executeTakeFirst();
      if (!exists) throw Problem.notFound('API token');
      return; // already revoked: revoking is idempotent
    }
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'token.revoked',
      target: { type: 'api_token', id: row.id },
      ip: input.ip,
      metadata: { name: row.name },
    });
  });
}
