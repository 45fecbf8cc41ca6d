import type { KeyManagementService } from '../../platform/crypto/master-key.js';
import { openBytes, sealBytes } from '../../platform/crypto/master-key.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';

/** The data key of one contact is wrapped under the master key and bound to its owner. */
const wrapContext = (orgId: string, contactId: string) => `contact-key:${orgId}:${contactId}`;

export class ShreddedKeyError extends Error {
  constructor() {
    super('The data key of this contact was shredded; its sealed data can no longer be read.');
    this.name = 'ShreddedKeyError';
  }
}

export function wrapContactKey(kms: KeyManagementService, orgId: string, contactId: string, key: Buffer): Buffer {
  return kms.wrapKey(key, wrapContext(orgId, contactId));
}

export function unwrapContactKey(kms: KeyManagementService, orgId: string, contactId: string, wrapped: Buffer): Buffer {
  return kms.unwrapKey(wrapped, wrapContext(orgId, contactId));
}

export async function loadContactKey(tx: Tx, kms: KeyManagementService, orgId: string, contactId: string): Promise<Buffer> {
  const row = await tx
    .selectFrom('contact_keys')
    .select('wrapped_key')
    .where('org_id', '=', orgId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  if (!row) throw new ShreddedKeyError();
  return unwrapContactKey(kms, orgId, contactId, row.wrapped_key);
}

/**
 * Crypto-shredding: deleting the wrapped key makes every value sealed with it unreadable at once,
 * here and in any backup, replica or export taken before.
 */
export async function shredSubjectKey(tx: Tx, orgId: string, contactId: string): Promise<boolean> {
  const res = await tx.deleteFrom('contact_keys').where('org_id', '=', orgId).where('contact_id', '=', contactId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** AES-256-GCM under the contact's key; `aad` names where the value lives (org, table, row). */
export function sealForContact(key: Buffer, plaintext: string | Buffer, aad: string): Buffer {
  return sealBytes(key, typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext, aad);
}

export function openForContact(key: Buffer, sealed: Buffer, aad: string): Buffer {
  return openBytes(key, sealed, aad);
}

/**
 * Opens one sealed value of a contact for an audited reveal; a shredded key (erased subject) is a
 * 410 for the caller, not an error of ours.
 */
export async function openSealedOfContact(
  tx: Tx,
  kms: KeyManagementService,
  where: { orgId: string; contactId: string; aad: string },
  sealed: Buffer,
): Promise<string> {
  try {
    const key = await loadContactKey(tx, kms, where.orgId, where.contactId);
    return openForContact(key, sealed, where.aad).toString('utf8');
  } catch (err) {
    if (err instanceof ShreddedKeyError) throw new Problem(410, 'subject-erased', 'Gone', 'The data of this contact was erased.');
    throw err;
  }
}
