import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { expandScopes, isPermission, type Permission } from '../auth/permissions.js';
import { hashSecret, newApiToken } from '../auth/secret-tokens.js';
import { toTokenView, type TokenView } from './token-view.js';

/**
 * Creates a scoped, expiring token and returns it this once; only its hash is kept. A creator can
 * grant no scope they do not hold themselves (`creatorPermissions`; the CLI passes none).
 */
export async function createApiToken(
  ctx: AppContext,
  input: {
    orgId: string;
    actor: Actor;
    ip: string | null;
    name: string;
    scopes: string[];
    expiresInDays: number;
    creatorPermissions?: ReadonlySet<Permission>;
  },
): Promise<TokenView & { token: string }> {
  const unknown = input.scopes.filter((s) => s !== 'all' && !isPermission(s));
  if (unknown.length) throw Problem.field('scopes', `unknown scope ${unknown.join(', ')}`);
  if (input.scopes.length === 0) throw Problem.field('scopes', 'give at least one scope');
  if (input.creatorPermissions) {
    const beyond = [...expandScopes(input.scopes)].filter((p) => !input.creatorPermissions!.has(p));
    if (beyond.length) throw Problem.forbidden(`You cannot grant scopes you do not have: ${beyond.join(', ')}.`);
  }
  const token = newApiToken(input.orgId);
  const secretPart = token.slice(token.lastIndexOf('_') + 1);
  const scopes = [...new Set(input.scopes)].sort();
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const row = await tx
      .insertInto('api_tokens')
      .values({
        org_id: input.orgId,
        id: randomUUID(),
        name: input.name.trim(),
        prefix: `sig_…${secretPart.slice(-4)}`,
        token_hash: hashSecret(token),
        scopes,
        expires_at: new Date(Date.now() + input.expiresInDays * 86_400_000),
        created_by: input.actor.type === 'user' ? input.actor.id : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'token.created',
      target: { type: 'api_token', id: row.id },
      ip: input.ip,
      metadata: { name: row.name, scopes, expiresAt: row.expires_at.toISOString() },
    });
    return { ...toTokenView(row), token };
  });
}
