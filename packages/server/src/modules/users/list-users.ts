import type { AppContext } from '../../platform/context.js';
import { toUserView, type UserView } from './user-view.js';

export async function listUsers(ctx: AppContext, orgId: string): Promise<UserView[]> {
  const rows = await ctx.database.withTenant(orgId, (tx) => tx.selectFrom('users').selectAll().orderBy('created_at').execute());
  return rows.map(toUserView);
}
