import type { AppContext } from '../../platform/context.js';
import type { AuthContext } from './auth-context.js';
import { permissionsOfRole, isRole } from './permissions.js';
import { hashSecret, orgOfSessionToken } from './secret-tokens.js';

/** The session behind a cookie, or null when it is unknown, expired or its user is disabled. */
export async function resolveSession(ctx: AppContext, token: string): Promise<AuthContext | null> {
  const orgId = orgOfSessionToken(token);
  if (!orgId) return null;
  return ctx.database.withTenant(orgId, async (tx) => {
    const row = await tx
      .selectFrom('sessions')
      .innerJoin('users', (j) => j.onRef('users.org_id', '=', 'sessions.org_id').onRef('users.id', '=', 'sessions.user_id'))
      .innerJoin('organizations', 'organizations.id', 'sessions.org_id')
      .select([
        'sessions.id as session_id',
        'sessions.status',
        'sessions.last_seen_at',
        'users.id as user_id',
        'users.email',
        'users.role',
        'users.totp_enabled_at',
        'users.disabled_at',
        'organizations.require_2fa_roles',
      ])
      .where('sessions.token_hash', '=', hashSecret(token))
      .where('sessions.expires_at', '>', new Date())
      .executeTakeFirst();
    if (!row || row.disabled_at || !isRole(row.role)) return null;
    if (Date.now() - row.last_seen_at.getTime() > 60_000) {
      await tx.updateTable('sessions').set({ last_seen_at: new Date() }).where('org_id', '=', orgId).where('id', '=', row.session_id).execute();
    }
    // A role that starts requiring 2FA catches sessions that were opened before the change.
    const status =
      row.status === 'active' && !row.totp_enabled_at && row.require_2fa_roles.includes(row.role)
        ? 'mfa_enrolment_required'
        : row.status;
    return {
      via: 'session',
      orgId,
      actor: { type: 'user', id: row.user_id, label: row.email },
      userId: row.user_id,
      role: row.role,
      sessionId: row.session_id,
      sessionStatus: status,
      permissions: permissionsOfRole(row.role),
    };
  });
}
