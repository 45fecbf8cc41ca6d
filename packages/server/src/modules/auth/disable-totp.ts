import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { verifyPassword } from './passwords.js';
import { matchTotpStep, openTotpSecret } from './totp.js';

/** Turns 2FA off after proving both factors, unless the user's role requires it. */
export async function disableTotp(
  ctx: AppContext,
  input: { orgId: string; userId: string; password: string; code: string; ip: string | null },
): Promise<void> {
  await ctx.database.withTenant(input.orgId, async (tx) => {
    const user = await tx
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.org_id')
      .selectAll('users')
      .select('organizations.require_2fa_roles')
      .where('users.org_id', '=', input.orgId)
      .where('users.id', '=', input.userId)
      .executeTakeFirstOrThrow();
    if (!user.totp_secret_sealed) throw Problem.conflict('Two-factor authentication is not enabled.');
    if (user.require_2fa_roles.includes(user.role)) {
      throw Problem.conflict(`Your organisation requires two-factor authentication for the ${user.role} role.`, '2fa-required-by-role');
    }
    if (!(await verifyPassword(user.password_hash, input.password))) throw Problem.field('password', 'wrong password');
    const step = matchTotpStep(openTotpSecret(ctx.kms, input.orgId, input.userId, user.totp_secret_sealed), input.code.trim());
    if (step === null || (user.totp_last_step !== null && step <= user.totp_last_step)) throw Problem.field('code', 'wrong or already used code');
    await tx
      .updateTable('users')
      .set({ totp_secret_sealed: null, totp_pending_sealed: null, totp_enabled_at: null, totp_last_step: null })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.userId)
      .execute();
    await tx.deleteFrom('recovery_codes').where('org_id', '=', input.orgId).where('user_id', '=', input.userId).execute();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: { type: 'user', id: input.userId, label: user.email },
      action: '2fa.disabled',
      target: { type: 'user', id: input.userId },
      ip: input.ip,
    });
  });
}
