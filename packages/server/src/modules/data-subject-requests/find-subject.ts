import type { KeyManagementService } from '../../platform/crypto/master-key.js';
import type { Tx } from '../../platform/db/database.js';
import { blindIndex, InvalidIdentityError, normaliseIdentity, type IdentityKind } from '../contacts/identities.js';

export interface SubjectMatch {
  /** Every contact any of the identities points at: duplicates of one person are answered together. */
  contactIds: string[];
  /** The identity rows matched, with their kind (no values). */
  identities: Array<{ id: string; contactId: string; kind: string }>;
}

/**
 * Finds a subject through the identity graph: blind indexes over e-mail, phone, WhatsApp id and
 * document numbers, then every identity of the contacts found, so a person known by e-mail on one
 * contact and by phone on another is one subject. Nothing is decrypted.
 */
export async function findSubject(tx: Tx, kms: KeyManagementService, orgId: string, identities: Array<{ kind: IdentityKind; value: string }>): Promise<SubjectMatch> {
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
    // A phone number is also the WhatsApp id of the same person, and the other way round.
    if (identity.kind === 'phone' || identity.kind === 'whatsapp') {
      const other = identity.kind === 'phone' ? 'whatsapp' : 'phone';
      indexes.push({ kind: other, index: blindIndex(kms, orgId, other, normalised) });
    }
  }
  if (!indexes.length) return { contactIds: [], identities: [] };
  const direct = await tx
    .selectFrom('contact_identities')
    .select(['id', 'contact_id', 'kind'])
    .where('org_id', '=', orgId)
    .where((eb) => eb.or(indexes.map((i) => eb.and([eb('kind', '=', i.kind), eb('blind_index', '=', i.index)]))))
    .execute();
  const contactIds = [...new Set(direct.map((d) => d.contact_id))];
  return { contactIds, identities: direct.map((d) => ({ id: d.id, contactId: d.contact_id, kind: d.kind })) };
}
