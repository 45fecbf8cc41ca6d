import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import type { AuthContext } from '../auth/auth-context.js';
import { expandScopes } from '../auth/permissions.js';
import { hashSecret, orgOfApiToken } from '../auth/secret-tokens.js';

const TOUCH_EVERY_MS = 60_000;
const AUDIT_USE_EVERY_MS = 60 * 60_000;

/**
 * The integration behind a bearer token. Use is recorded on the token at most once a minute and in
 * the audit log at most once an hour per token (first use included), so busy integrations do not
 * flood the log while every active period stays visible.
 */
export async function resolveApiToken(
  ctx: AppContext,
  token: string,
  request: { ip: string | null; route: string },
): Promise<AuthContext> {
  const orgId = orgOfApiToken(token);
  if (!orgId) throw Problem.unauthorized('Invalid API token.');
  const resolved = await ctx.database.withTenant(orgId, async (tx) => {
    const row = await tx.selectFrom('api_tokens').selectAll().where('token_hash', '=', hashSecret(token)).executeTakeFirst();
    if (!row) return { error: 'Invalid API token.' } as const;
    if (row.revoked_at) return { error: 'This API token has been revoked.' } as const;
    if (row.expires_at.getTime() <= Date.now()) return { error: 'This API token has expired.' } as const;
    const lastUsed = row.last_used_at?.getTime() ?? 0;
    if (Date.now() - lastUsed > TOUCH_EVERY_MS) {
      await tx.updateTable('api_tokens').set({ last_used_at: new Date() }).where('org_id', '=', orgId).where('id', '=', row.id).execute();
    }
    if (Date.now() - lastUsed > AUDIT_USE_EVERY_MS) {
      await recordAuditEntry(tx, {
        orgId,
        actor: { type: 'token', id: row.id, label: row.name },
        action: 'token.used',
        target: { type: 'api_token', id: row.id },
        ip: request.ip,
        metadata: { route: request.route },
      });
    }
    return { row } as const;
  });
  if ('error' in resolved) throw Problem.unauthorized(resolved.error);
  const { row } = resolved;
  return {
    via: 'token',
    orgId,
    actor: { type: 'token', id: row.id, label: row.name },
    tokenId: row.id,
    permissions: expandScopes(row.scopes),
  };
}
