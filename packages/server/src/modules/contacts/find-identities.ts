import type { KeyManagementService } from '../../platform/crypto/master-key.js';
import type { Tx } from '../../platform/db/database.js';
import { blindIndex, InvalidIdentityError, normaliseIdentity, type IdentityKind } from './identities.js';

export interface FoundIdentity {
  id: string;
  contactId: string;
  kind: IdentityKind;
}

/**
 * The identity rows that match what a person gave (e-mail, phone, WhatsApp id, document), by blind
 * index only: nothing is decrypted. A phone number is also looked up as the WhatsApp id of the same
 * person and the other way round. Values that are not valid identities match nothing.
 */
export async function findIdentities(tx: Tx, kms: KeyManagementService, orgId: string, identities: Array<{ kind: IdentityKind; value: string }>): Promise<FoundIdentity[]> {
  const indexes: Array<{ kind: IdentityKind; index: string }> = [];
  for (const identity of identities) {
    let normalised: string;
    try {
      normalised = normaliseIdentity(identity.kind, identity.value);
    } catch (err) {
      if (err instanceof InvalidIdentityError) continue;
      throw err;
    }
    indexes.push({ kind: identity.kind, index: blindIndex(kms, orgId, identity.kind, normalised) });
    if (identity.kind === 'phone' || identity.kind === 'whatsapp') {
      const other = identity.kind === 'phone' ? 'whatsapp' : 'phone';
      indexes.push({ kind: other, index: blindIndex(kms, orgId, other, normalised) });
    }
  }
  if (!indexes.length) return [];
  const rows = await tx
    .selectFrom('contact_identities')
    .select(['id', 'contact_id', 'kind'])
    .where('org_id', '=', orgId)
    .where((eb) => eb.or(indexes.map((i) => eb.and([eb('kind', '=', i.kind), eb('blind_index', '=', i.index)]))))
    .execute();
  return rows.map((r) => ({ id: r.id, contactId: r.contact_id, kind: r.kind }));
}
