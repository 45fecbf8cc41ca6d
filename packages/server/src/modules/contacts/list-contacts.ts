import type { Tx } from '../../platform/db/database.js';
import type { KeyManagementService } from '../../platform/crypto/master-key.js';
import { blindIndex, normaliseIdentity, type IdentityKind } from './identities.js';

/**
 * Contacts, newest first. `identity` finds the one contact behind an exact e-mail, phone or
 * document number through its blind index, without decrypting anything.
 */
export async function listContacts(
  tx: Tx,
  kms: KeyManagementService,
  orgId: string,
  options: { identity?: { kind: IdentityKind; value: string }; name?: string; limit: number; before?: Date },
) {
  let q = tx.selectFrom('contacts').select(['id', 'display_name', 'created_at']).where('org_id', '=', orgId);
  if (options.identity) {
    const { kind, value } = options.identity;
    const index = blindIndex(kms, orgId, kind, normaliseIdentity(kind, value));
    q = q.where('id', 'in', (eb) => eb.selectFrom('contact_identities').select('contact_id').where('org_id', '=', orgId).where('kind', '=', kind).where('blind_index', '=', index));
  }
  if (options.name) q = q.where('display_name', 'ilike', `%${options.name.replace(/[\\%_]/g, '\\$&')}%`);
  if (options.before) q = q.where('created_at', '<', options.before);
  const rows = await q.orderBy('created_at', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name, createdAt: r.created_at }));
}
