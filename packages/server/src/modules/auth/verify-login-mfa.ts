import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { recordFailedLogin } from './record-failed-login.js';
import { hashSecret, normaliseRecoveryCode } from './secret-tokens.js';
import { matchTotpStep, openTotpSecret } from './totp.js';

/**
 * Second step of the login: a TOTP code (each time step accepted once) or an unused recovery code.
 * Wrong codes count towards the same lockout as wrong passwords.
 */
export async function verifyLoginMfa(
  ctx: AppContext,
  input: { orgId: string; userId: string; sessionId: string; code?: string; recoveryCode?: string; ip: string | null },
): Promise<void> {
  const { orgId, userId } = input;
  const outcome = await ctx.database.withTenant(orgId, async (tx) => {
    const user = await tx.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirstOrThrow();
    if (!user.totp_secret_sealed) return 'no-2fa' as const;
    let method: 'totp' | 'recovery_code' | null = null;
    if (input.code) {
      const step = matchTotpStep(openTotpSecret(ctx.kms, orgId, userId, user.totp_secret_sealed), input.code.trim());
      if (step !== null && (user.totp_last_step === null || step > user.totp_last_step)) {
        await tx.updateTable('users').set({ totp_last_step: step }).where('org_id', '=', orgId).where('id', '=', userId).execute();
        method = 'totp';
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
    await tx
      .updateTable('sessions')
      .set({ status: 'active', expires_at: sql<Date>`now() + make_interval(hours => ${ctx.config.SESSION_TTL_HOURS})` })
      .where('org_id', '=', orgId)
      .where('id', '=', input.sessionId)
      .execute();
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
    return 'ok' as const;
  });
  if (outcome === 'no-2fa') throw Problem.conflict('Two-factor authentication is not enabled for this account.');
  if (outcome === 'wrong') {
    await recordFailedLogin(ctx, orgId, userId, input.ip, input.code ? 'wrong_totp' : 'wrong_recovery_code');
    ctx.metrics.logins.inc({ outcome: 'wrong_second_factor' });
    throw Problem.unauthorized('Wrong or already used code.');
  }
  ctx.metrics.logins.inc({ outcome: 'success' });
}
