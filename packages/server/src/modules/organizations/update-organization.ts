import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import type { Role } from '../auth/permissions.js';
import { getOrganization } from './get-organization.js';

/** Settings changes are audited with the fields that changed and their new values (no personal data here). */
export async function updateOrganization(
  ctx: AppContext,
  input: { orgId: string; actor: Actor; ip: string | null; name?: string; require2faRoles?: Role[] },
) {
  const changes: Record<string, unknown> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.require2faRoles !== undefined) changes.require_2fa_roles = [...new Set(input.require2faRoles)];
  if (Object.keys(changes).length > 0) {
    await ctx.database.withTenant(input.orgId, async (tx) => {
      await tx.updateTable('organizations').set(changes).where('id', '=', input.orgId).execute();
      await recordAuditEntry(tx, {
        orgId: input.orgId,
        actor: input.actor,
        action: 'settings.changed',
        target: { type: 'organization', id: input.orgId },
        ip: input.ip,
        metadata: changes,
      });
    });
  }
  return getOrganization(ctx, input.orgId);
}
