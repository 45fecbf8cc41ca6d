import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { hashPassword, passwordWeakness, verifyPassword } from './passwords.js';

/** Changes the caller's password and ends their other sessions. */
export async function changePassword(
  ctx: AppContext,
  input: { orgId: string; userId: string; sessionId: string; currentPassword: string; newPassword: string; ip: string | null },
): Promise<void> {
  await ctx.database.withTenant(input.orgId, async (tx) => {
    const user = await tx.selectFrom('users').selectAll().where('org_id', '=', input.orgId).where('id', '=', input.userId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(user.password_hash, input.currentPassword))) throw Problem.field('currentPassword', 'wrong password');
    const weakness = passwordWeakness(input.newPassword, { email: user.email, name: user.name });
    if (weakness) throw Problem.field('newPassword', weakness);
    await tx
      .updateTable('users')
      .set({ password_hash: await hashPassword(input.newPassword) })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.userId)
      .execute();
    await tx.deleteFrom('sessions').where('org_id', '=', input.orgId).where('user_id', '=', input.userId).where('id', '!=', input.sessionId).execute();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: { type: 'user', id: input.userId, label: user.email },
      action: 'auth.password_changed',
      target: { type: 'user', id: input.userId },
      ip: input.ip,
    });
  });
}
