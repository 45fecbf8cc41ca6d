import type { AppContext } from '../../platform/context.js';
import { toTokenView, type TokenView } from './token-view.js';

export async function listApiTokens(ctx: AppContext, orgId: string): Promise<TokenView[]> {
  const rows = await ctx.database.withTenant(orgId, (tx) => tx.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute());
  return rows.map(toTokenView);
}
