import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';

export async function deleteWebhookEndpoint(ctx: AppContext, input: { orgId: string; id: string; actor: Actor; ip: string | null }): Promise<void> {
  await ctx.database.withTenant(input.orgId, async (tx) => {
    const row = await tx.deleteFrom('webhook_endpoints').where('org_id', '=', input.orgId).where('id', '=', input.id).returning('id').executeTakeFirst();
    if (!row) throw Problem.notFound('Webhook endpoint');
    await recordAuditEntry(tx, { orgId: input.orgId, actor: input.actor, action: 'webhook.deleted', target: { type: 'webhook_endpoint', id: row.id }, ip: input.ip });
  });
}
