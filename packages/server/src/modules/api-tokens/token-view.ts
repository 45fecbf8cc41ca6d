import type { Selectable } from 'kysely';
import type { ApiTokensTable } from '../../platform/db/schema.js';

export function toTokenView(t: Selectable<ApiTokensTable>) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    expiresAt: t.expires_at,
    lastUsedAt: t.last_used_at,
    revokedAt: t.revoked_at,
    createdAt: t.created_at,
  };
}
export type TokenView = ReturnType<typeof toTokenView>;
