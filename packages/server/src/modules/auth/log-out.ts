import type { AppContext } from '../../platform/context.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import type { AuthContext } from './auth-context.js';

export async function logOut(ctx: AppContext, auth: Extract<AuthContext, { via: 'session' }>, ip: string | null): Promise<void> {
  await ctx.database.withTenant(auth.orgId, async (tx) => {
    await tx.deleteFrom('sessions').where('org_id', '=', auth.orgId).where('id', '=', auth.sessionId).execute();
    await recordAuditEntry(tx, { orgId: auth.orgId, actor: auth.actor, action: 'logout', target: { type: 'user', id: auth.userId }, ip });
  });
}
