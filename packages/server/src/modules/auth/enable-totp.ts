import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { hashSecret, newRecoveryCodes } from './secret-tokens.js';
import { promoteSession } from './sessions.js';
import { matchTotpStep, openTotpSecret } from './totp.js';

/** Confirms enrolment with a first code; returns ten recovery codes, shown this once only. */
export async function enableTotp(
  ctx: AppContext,
  input: { orgId: string; userId: string; sessionId: string; code: string; ip: string | null },
): Promise<{ recoveryCodes: string[]; session?: { token: string; expiresAt: Date } }> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const user = await tx.selectFrom('users').selectAll().where('org_id', '=', input.orgId).where('id', '=', input.userId).executeTakeFirstOrThrow();
    if (user.totp_enabled_at) throw Problem.conflict('Two-factor authentication is already enabled.');
    if (!user.totp_pending_sealed) throw Problem.conflict('Start the enrolment first (POST /api/v1/auth/2fa/setup).');
    const secret = openTotpSecret(ctx.kms, input.orgId, input.userId, user.totp_pending_sealed);
    const step = matchTotpStep(secret, input.code.trim());
    if (step === null) throw Problem.field('code', 'wrong code: check the time on your phone and type the current code');
    const codes = newRecoveryCodes();
    await tx
      .updateTable('users')
      .set({ totp_secret_sealed: user.totp_pending_sealed, totp_pending_sealed: null, totp_enabled_at: new Date(), totp_last_step: step })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.userId)
      .execute();
    await tx.deleteFrom('recovery_codes').where('org_id', '=', input.orgId).where('user_id', '=', input.userId).execute();
    await tx
      .insertInto('recovery_codes')
      .values(codes.map((c) => ({ org_id: input.orgId, user_id: input.userId, code_hash: hashSecret(c) })))
      .execute();
    const session = await tx.selectFrom('sessions').select('status').where('org_id', '=', input.orgId).where('id', '=', input.sessionId).executeTakeFirst();
    const promoted = session?.status === 'mfa_enrolment_required'
      ? await promoteSession(tx, { orgId: input.orgId, sessionId: input.sessionId, ttlHours: ctx.config.SESSION_TTL_HOURS })
      : undefined;
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: { type: 'user', id: input.userId, label: user.email },
      action: '2fa.enabled',
      target: { type: 'user', id: input.userId },
      ip: input.ip,
      metadata: { method: 'totp', recoveryCodes: codes.length },
    });
    return { recoveryCodes: codes, session: promoted };
  });
}
