import type pg from 'pg';
import type { KeyVault } from '../../platform/crypto/key-vault.js';

/** The migration that drops the main database's contact_keys table once its rows are in the vault. */
export const CONTACT_KEYS_DROP_MIGRATION = '0012_contact_keys_to_key_vault.sql';

/**
 * Upgrade step of an install from before the key vault: copies every wrapped key of the main
 * database's `contact_keys` table into the vault, inside the migration transaction and just before
 * migration 0012 drops the table. The table is locked against writes first (nodes of the old
 * version still running wait, then fail and roll back their contact with it), so no key written
 * meanwhile is left behind; the vault commits each page before the drop can commit, and the
 * migration refuses to drop a table with rows unless this step said it was done. Keys are copied as
 * they are: the wrapping binds them to (org, contact), not to where they are stored.
 */
export async function moveContactKeysToVault(client: pg.PoolClient, vault: KeyVault): Promise<number> {
  const { rows: exists } = await client.query<{ present: boolean }>("SELECT to_regclass('public.contact_keys') IS NOT NULL AS present");
  if (!exists[0]?.present) return 0;
  await client.query('LOCK TABLE contact_keys IN EXCLUSIVE MODE');
  let moved = 0;
  let after: { org_id: string; contact_id: string } | undefined;
  for (;;) {
    const { rows } = await client.query<{ org_id: string; contact_id: string; wrapped_key: Buffer }>(
      `SELECT org_id, contact_id, wrapped_key FROM contact_keys
       WHERE $1::uuid IS NULL OR (org_id, contact_id) > ($1::uuid, $2::uuid)
       ORDER BY org_id, contact_id LIMIT 5000`,
      [after?.org_id ?? null, after?.contact_id ?? null],
    );
    if (!rows.length) break;
    await vault.putKeys(rows.map((r) => ({ orgId: r.org_id, contactId: r.contact_id, wrappedKey: r.wrapped_key })));
    moved += rows.length;
    after = rows[rows.length - 1];
  }
  await client.query("SELECT set_config('sigilo.contact_keys_in_vault', 'yes', true)");
  return moved;
}
