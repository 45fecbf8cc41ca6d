import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import type { Role } from '../auth/permissions.js';
import { toUserView, type UserView } from './user-view.js';

/**
 * Role, name and disabled flag. Only an owner may grant or take away the owner role, nobody may
 * disable themselves, and the last active owner stays an active owner.
 */
export async function updateUser(
  ctx: AppContext,
  input: { orgId: string; id: string; actor: Actor; actorRole?: Role; ip: string | null; role?: Role; name?: string; disabled?: boolean },
): Promise<UserView> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const user = await tx.selectFrom('users').selectAll().where('org_id', '=', input.orgId).where('id', '=', input.id).executeTakeFirst();
    if (!user) throw Problem.notFound('User');
    const touchesOwner = input.role !== undefined && input.role !== user.role && (input.role === 'owner' || user.role === 'owner');
    if ((touchesOwner || (user.role === 'owner' && input.disabled)) && input.actorRole !== 'owner') {
      throw Problem.forbidden('Only an owner can change the owner role.');
    }
    if (input.disabled && input.actor.type === 'user' && input.actor.id === user.id) throw Problem.conflict('You cannot disable your own account.');
    const losesOwner = user.role === 'owner' && !user.disabled_at && ((input.role !== undefined && input.role !== 'owner') || input.disabled === true);
    if (losesOwner) {
      const owners = await tx.selectFrom('users').select('id').where('role', '=', 'owner').where('disabled_at', 'is', null).execute();
      if (owners.length <= 1) throw Problem.conflict('The organisation must keep at least one active owner.', 'last-owner');
    }

    const set: Record<string, unknown> = {};
    if (input.name !== undefined && input.name !== user.name) set.name = input.name.trim();
    if (input.role !== undefined && input.role !== user.role) set.role = input.role;
    if (input.disabled !== undefined && input.disabled !== (user.disabled_at !== null)) set.disabled_at = input.disabled ? new Date() : null;
    if (Object.keys(set).length === 0) return toUserView(user);

    const updated = await tx.updateTable('users').set(set).where('org_id', '=', input.orgId).where('id', '=', input.id).returningAll().executeTakeFirstOrThrow();
    const target = { type: 'user', id: user.id };
    if (set.role) {
      await recordAuditEntry(tx, { orgId: input.orgId, actor: input.actor, action: 'user.role_changed', target, ip: input.ip, metadata: { from: user.role, to: set.role } });
    }
    if ('disabled_at' in set) {
      if (input.disabled) await tx.deleteFrom('sessions').where('org_id', '=', input.orgId).where('user_id', '=', user.id).execute();
      await recordAuditEntry(tx, { orgId: input.orgId, actor: input.actor, action: input.disabled ? 'user.disabled' : 'user.enabled', target, ip: input.ip });
    }
    if (set.name) {
      await recordAuditEntry(tx, { orgId: input.orgId, actor: input.actor, action: 'user.renamed', target, ip: input.ip });
    }
    return toUserView(updated);
  });
}
