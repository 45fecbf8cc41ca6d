import type { AppContext } from '../../platform/context.js';
import { sql } from '../../platform/db/database.js';

const DAY_MS = 24 * 60 * 60_000;
const PAGE = 1000;

/**
 * Deletes vault keys whose contact does not exist in the main database (of an organisation that does). They come from a contact
 * creation that rolled back after its key was stored (the key is written first, on purpose: a
 * contact without its key would be data loss), or from a contact removed without its key. Such a
 * key opens nothing, so this is tidiness, not safety; the grace period (a day, far longer than any
 * transaction creating a contact) keeps it away from keys whose contact is still being committed.
 * Any worker node may run it at any time: the deletes are idempotent.
 */
export async function sweepOrphanContactKeys(ctx: Pick<AppContext, 'database' | 'keyVault'>, options: { graceMs?: number; now?: Date } = {}): Promise<number> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.graceMs ?? DAY_MS));
  let deleted = 0;
  let after: { orgId: string; contactId: string } | null = null;
  for (;;) {
    const page = await ctx.keyVault.listKeysCreatedBefore(cutoff, after, PAGE);
    if (!page.length) break;
    after = page[page.length - 1]!;
    // Across organisations by nature: a maintenance read as the owner, ids only.
    const { contacts, orgs } = await ctx.database.withSystem(async (tx) => ({
      contacts: await sql<{ org_id: string; id: string }>`SELECT c.org_id, c.id FROM contacts c
        JOIN unnest(${page.map((k) => k.orgId)}::uuid[], ${page.map((k) => k.contactId)}::uuid[]) AS v(org_id, id)
        ON c.org_id = v.org_id AND c.id = v.id`.execute(tx),
      orgs: await sql<{ id: string }>`SELECT id FROM organizations WHERE id = ANY(${[...new Set(page.map((k) => k.orgId))]}::uuid[])`.execute(tx),
    }));
    const live = new Set(contacts.rows.map((r) => `${r.org_id}:${r.id}`));
    const known = new Set(orgs.rows.map((r) => r.id));
    // Only keys of organisations this database knows: a vault wrongly shared with another
    // installation (one KEY_VAULT_URL for two) must not lose that one's keys.
    const orphans = page.filter((k) => known.has(k.orgId) && !live.has(`${k.orgId}:${k.contactId}`));
    deleted += await ctx.keyVault.deleteKeysCreatedBefore(cutoff, orphans);
    if (page.length < PAGE) break;
  }
  return deleted;
}

/** The sweep on a worker node: soon after start, then every six hours. Returns a function that stops it. */
export function startContactKeySweep(ctx: Pick<AppContext, 'database' | 'keyVault' | 'logger'>, everyMs = 6 * 60 * 60_000): () => void {
  const sweep = () =>
    void sweepOrphanContactKeys(ctx).then(
      (n) => n && ctx.logger.info({ keys: n }, 'orphan contact keys deleted from the key vault'),
      (err: unknown) => ctx.logger.warn({ err }, 'contact key sweep failed'),
    );
  const first = setTimeout(sweep, 60_000).unref();
  const timer = setInterval(sweep, everyMs).unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
