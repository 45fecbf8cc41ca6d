import type { AppContext } from '../../platform/context.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';

/** Counts a failure against the account and locks it at the threshold; both are audited. */
export async function recordFailedLogin(
  ctx: AppContext,
  orgId: string,
  userId: string,
  ip: string | null,
  reason: string,
  countsTowardsLock = true,
): Promise<void> {
  const { config } = ctx;
  await ctx.database.withTenant(orgId, async (tx) => {
    const user = await tx
      .updateTable('users')
      .set((eb) => ({ failed_logins: countsTowardsLock ? eb('failed_logins', '+', 1) : eb.ref('failed_logins') }))
      .where('org_id', '=', orgId)
      .where('id', '=', userId)
      .returning(['failed_logins', 'email'])
      .executeTakeFirstOrThrow();
    const actor = { type: 'user' as const, id: userId, label: user.email };
    await recordAuditEntry(tx, { orgId, actor, action: 'login.failed', target: { type: 'user', id: userId }, ip, metadata: { reason } });
    if (countsTowardsLock && user.failed_logins >= config.LOGIN_MAX_FAILURES) {
      const lockedUntil = new Date(Date.now() + config.LOGIN_LOCKOUT_MINUTES * 60_000);
      await tx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: lockedUntil })
        .where('org_id', '=', orgId)
        .where('id', '=', userId)
        .execute();
      await tx.deleteFrom('sessions').where('org_id', '=', orgId).where('user_id', '=', userId).where('status', '=', 'mfa_required').execute();
      await recordAuditEntry(tx, {
        orgId,
        actor: { type: 'system', label: 'lockout' },
        action: 'login.locked',
        target: { type: 'user', id: userId },
        ip,
        metadata: { minutes: config.LOGIN_LOCKOUT_MINUTES },
      });
    }
  });
}
