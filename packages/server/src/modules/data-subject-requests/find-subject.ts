import type { KeyManagementService } from '../../platform/crypto/master-key.js';
import type { Tx } from '../../platform/db/database.js';
import { findIdentities } from '../contacts/find-identities.js';
import type { IdentityKind } from '../contacts/identities.js';

export interface SubjectMatch {
  /** Every contact any of the identities points at: duplicates of one person are answered together. */
  contactIds: string[];
  /** The identity rows matched, with their kind (no values). */
  identities: Array<{ id: string; contactId: string; kind: string }>;
}

/**
 * Finds a subject through the identity graph of the contacts module: blind indexes over e-mail,
 * phone, WhatsApp id and document numbers, so a person known by e-mail on one contact and by phone
 * on another is one subject. Nothing is decrypted.
 */
export async function findSubject(tx: Tx, kms: KeyManagementService, orgId: string, identities: Array<{ kind: IdentityKind; value: string }>): Promise<SubjectMatch> {
  const found = await findIdentities(tx, kms, orgId, identities);
  return { contactIds: [...new Set(found.map((d) => d.contactId))], identities: found };
}
