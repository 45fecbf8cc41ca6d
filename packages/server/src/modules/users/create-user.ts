import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { hashPassword, passwordWeakness } from '../auth/passwords.js';
import type { Role } from '../auth/permissions.js';
import { toUserView, type UserView } from './user-view.js';

export async function createUser(
  ctx: AppContext,
  input: { orgId: string; actor: Actor; actorRole?: Role; ip: string | null; email: string; name: string; role: Role; password: string },
): Promise<UserView> {
  if (input.role === 'owner' && input.actorRole !== 'owner') throw Problem.forbidden('Only an owner can create another owner.');
  const email = input.email.trim().toLowerCase();
  const weakness = passwordWeakness(input.password, { email, name: input.name });
  if (weakness) throw Problem.field('password', weakness);
  const passwordHash = await hashPassword(input.password);
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const exists = await tx.selectFrom('users').select('id').where('org_id', '=', input.orgId).where('email', '=', email).executeTakeFirst();
    if (exists) throw new Problem(409, 'conflict', 'Conflict', 'A user with this e-mail already exists.', { errors: [{ field: 'email', message: 'already in use' }] });
    const row = await tx
      .insertInto('users')
      .values({ org_id: input.orgId, id: randomUUID(), email, name: input.name.trim(), role: input.role, password_hash: passwordHash })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'user.created',
      target: { type: 'user', id: row.id },
      ip: input.ip,
      metadata: { role: input.role },
    });
    return toUserView(row);
  });
}
