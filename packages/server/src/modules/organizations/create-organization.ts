import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { enterTenant, sql } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { hashPassword, passwordWeakness } from '../auth/passwords.js';

export type Country = 'BR' | 'ES' | 'PT' | 'EU';

export interface CreateOrganizationInput {
  orgName: string;
  country: Country;
  ownerName: string;
  ownerEmail: string;
  ownerPassword: string;
  /** The web setup page may only create the very first organisation; the CLI may add more. */
  onlyIfNone?: boolean;
  ip?: string | null;
}

export function slugify(name: string): string {
  const base = name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base || 'org';
}

/** Creates an organisation with its owner, and opens the organisation's audit chain. */
export async function createOrganization(ctx: AppContext, input: CreateOrganizationInput): Promise<{ orgId: string; userId: string; slug: string }> {
  const email = input.ownerEmail.trim().toLowerCase();
  const weakness = passwordWeakness(input.ownerPassword, { email, name: input.ownerName });
  if (weakness) throw Problem.field('password', weakness);
  const passwordHash = await hashPassword(input.ownerPassword);
  const orgId = randomUUID();
  const userId = randomUUID();

  const slug = await ctx.database.withSystem(async (tx) => {
    // Serialises concurrent setups so "only the first" really means one.
    await sql`SELECT pg_advisory_xact_lock(7461002)`.execute(tx);
    if (input.onlyIfNone) {
      const any = await tx.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
      if (any) throw Problem.conflict('Sigilo is already set up. Sign in, or ask an owner for an account.', 'already-set-up');
    }
    const base = slugify(input.orgName);
    const taken = new Set(
      (await tx.selectFrom('organizations').select('slug').where('slug', 'like', `${base}%`).execute()).map((r) => r.slug),
    );
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    await tx.insertInto('organizations').values({ id: orgId, slug, name: input.orgName.trim(), country: input.country }).execute();
    // The owner and the first audit entries are written as the tenant, in the same transaction.
    await enterTenant(tx, orgId);
    await tx
      .insertInto('users')
      .values({ org_id: orgId, id: userId, email, name: input.ownerName.trim(), role: 'owner', password_hash: passwordHash })
      .execute();
    await recordAuditEntry(tx, {
      orgId,
      actor: { type: 'system', label: 'setup' },
      action: 'organization.created',
      target: { type: 'organization', id: orgId },
      ip: input.ip ?? null,
      metadata: { country: input.country },
    });
    await recordAuditEntry(tx, {
      orgId,
      actor: { type: 'system', label: 'setup' },
      action: 'user.created',
      target: { type: 'user', id: userId },
      ip: input.ip ?? null,
      metadata: { role: 'owner' },
    });
    return slug;
  });
  return { orgId, userId, slug };
}
