import QRCode from 'qrcode';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { hashSecret, newRecoveryCodes } from './secret-tokens.js';
import { matchTotpStep, newTotp, openTotpSecret, sealTotpSecret } from './totp.js';

/** Starts (or restarts) TOTP enrolment: a new secret is kept sealed as pending until confirmed. */
export async function startTotpEnrolment(
  ctx: AppContext,
  input: { orgId: string; userId: string },
): Promise<{ secret: string; otpauthUri: string; qrDataUrl: string }> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const user = await tx
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.org_id')
      .select(['users.email', 'users.totp_enabled_at', 'organizations.name as org_name'])
      .where('users.org_id', '=', input.orgId)
      .where('users.id', '=', input.userId)
      .executeTakeFirstOrThrow();
    if (user.totp_enabled_at) throw Problem.conflict('Two-factor authentication is already enabled; disable it first to enrol a new device.');
    const { secret, uri } = newTotp(`Sigilo (${user.org_name})`, user.email);
    await tx
      .updateTable('users')
      .set({ totp_pending_sealed: sealTotpSecret(ctx.kms, input.orgId, input.userId, secret) })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.userId)
      .execute();
    return { secret, otpauthUri: uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
  });
}

/** Confirms enrolment with a first code; returns ten recovery codes, shown this once only. */
export async function enableTotp(
  ctx: AppContext,
  input: { orgId: string; userId: string; sessionId: string; code: string; ip: string | null },
): Promise<{ recoveryCodes: string[] }> {
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
    await tx
      .updateTable('sessions')
      .set({ status: 'active' })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.sessionId)
      .where('status', '=', 'mfa_enrolment_required')
      .execute();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: { type: 'user', id: input.userId, label: user.email },
      action: '2fa.enabled',
      target: { type: 'user', id: input.userId },
      ip: input.ip,
      metadata: { method: 'totp', recoveryCodes: codes.length },
    });
    return { recoveryCodes: codes };
  });
}
