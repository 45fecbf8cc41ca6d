import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { recordFailedLogin } from './record-failed-login.js';
import { hashSecret, normaliseRecoveryCode } from './secret-tokens.js';
import { promoteSession } from './sessions.js';
import { matchTotpStep, openTotpSecret } from './totp.js';

/**
 * Second step of the login: a TOTP code (each time step accepted once) or an unused recovery code.
 * Wrong codes count towards the same lockout as wrong passwords.
 */
export async function verifyLoginMfa(
  ctx: AppContext,
  input: { orgId: string; userId: string; sessionId: string; code?: string; recoveryCode?: string; ip: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const { orgId, userId } = input;
  const outcome = await ctx.database.withTenant(orgId, async (tx) => {
    const user = await tx.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirstOrThrow();
    if (!user.totp_secret_sealed) return 'no-2fa' as const;
    let method: 'totp' | 'recovery_code' | null = null;
    if (input.code) {
      const step = matchTotpStep(openTotpSecret(ctx.kms, orgId, userId, user.totp_secret_sealed), input.code.trim());
      if (step !== null) {
        // Conditional update: of two concurrent requests with the same code, only one consumes the step.
        const consumed = await tx
          .updateTable('users')
          .set({ totp_last_step: step })
          .where('org_id', '=', orgId)
          .where('id', '=', userId)
          .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
          .returning('id')
          .executeTakeFirst();
        if (consumed) method = 'totp';
      }
    } else if (input.recoveryCode) {
      const used = await tx
        .updateTable('recovery_codes')
        .set({ used_at: new Date() })
        .where('org_id', '=', orgId)
        .where('user_id', '=', userId)
        .where('code_hash', '=', hashSecret(normaliseRecoveryCode(input.recoveryCode)))
        .where('used_at', 'is', null)
        .returning('code_hash')
        .executeTakeFirst();
      if (used) method = 'recovery_code';
    }
    if (!method) return 'wrong' as const;
    const session = await promoteSession(tx, { orgId, sessionId: input.sessionId, ttlHours: ctx.config.SESSION_TTL_HOURS });
    await tx.updateTable('users').set({ failed_logins: 0, last_login_at: new Date() }).where('org_id', '=', orgId).where('id', '=', userId).execute();
    const remaining = method === 'recovery_code'
      ? Number((await tx.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow()).n)
      : undefined;
    await recordAuditEntry(tx, {
      orgId,
      actor: { type: 'user', id: userId, label: user.email },
      action: 'login.succeeded',
      target: { type: 'user', id: userId },
      ip: input.ip,
      metadata: method === 'totp' ? { method: 'totp' } : { method: 'recovery_code', recoveryCodesLeft: remaining },
    });
    return session;
  });
  if (outcome === 'no-2fa') throw Problem.conflict('Two-factor authentication is not enabled for this account.');
  if (outcome === 'wrong') {
    await recordFailedLogin(ctx, orgId, userId, input.ip, input.code ? 'wrong_totp' : 'wrong_recovery_code');
    ctx.metrics.logins.inc({ outcome: 'wrong_second_factor' });
    throw Problem.unauthorized('Wrong or already used code.');
  }
  ctx.metrics.logins.inc({ outcome: 'success' });
  return outcome;
}
