import type { AppContext } from '../../platform/context.js';

/** Deletes sessions past their expiry in every organisation (worker housekeeping; idempotent across nodes). */
export async function purgeExpiredSessions(ctx: AppContext): Promise<number> {
  const rows = await ctx.database.withSystem((tx) => tx.deleteFrom('sessions').where('expires_at', '<', new Date()).returning('id').execute());
  return rows.length;
}
