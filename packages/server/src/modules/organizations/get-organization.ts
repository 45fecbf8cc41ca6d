import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';

export async function getOrganization(ctx: AppContext, orgId: string) {
  const row = await ctx.database.withTenant(orgId, (tx) => tx.selectFrom('organizations').selectAll().executeTakeFirst());
  if (!row) throw Problem.notFound('Organisation');
  return { id: row.id, name: row.name, slug: row.slug, country: row.country, require2faRoles: row.require_2fa_roles };
}
