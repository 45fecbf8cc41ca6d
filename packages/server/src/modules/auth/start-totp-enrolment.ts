import QRCode from 'qrcode';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { newTotp, sealTotpSecret } from './totp.js';

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
