import type { KeyManagementService } from '../../platform/crypto/master-key.js';
import { openBytes, sealBytes } from '../../platform/crypto/master-key.js';
import type { AppContext } from '../../platform/context.js';
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

/** What reading and writing contact keys needs: the master key and the key vault. */
export type ContactKeyAccess = Pick<AppContext, 'kms' | 'keyVault'>;

export async function loadContactKey(ctx: ContactKeyAccess, orgId: string, contactId: string): Promise<Buffer> {
  const key = (await loadContactKeys(ctx, orgId, [contactId])).get(contactId);
  if (!key) throw new ShreddedKeyError();
  return key;
}

/** The keys of many contacts of one organisation in one vault round trip; shredded ones are absent. */
export async function loadContactKeys(ctx: ContactKeyAccess, orgId: string, contactIds: string[]): Promise<Map<string, Buffer>> {
  const wrapped = await ctx.keyVault.getKeys(orgId, contactIds);
  const keys = new Map<string, Buffer>();
  for (const [contactId, w] of wrapped) keys.set(contactId, unwrapContactKey(ctx.kms, orgId, contactId, w));
  return keys;
}

/**
 * Stores new contacts' keys in the vault, committed when this returns: call it before the
 * transaction that creates the contacts commits, so no contact with sealed data is ever without its
 * key. If that transaction rolls back, the keys are orphans, harmless until the sweep
 * (sweep-orphan-contact-keys.ts) deletes them.
 */
export async function storeContactKeys(ctx: ContactKeyAccess, orgId: string, keys: Array<{ contactId: string; key: Buffer }>): Promise<void> {
  await ctx.keyVault.putKeys(keys.map((k) => ({ orgId, contactId: k.contactId, wrappedKey: wrapContactKey(ctx.kms, orgId, k.contactId, k.key) })));
}

/**
 * Crypto-shredding: deleting the key from the vault makes every value sealed with it unreadable at
 * once — in the main database and in every dump, replica or backup of it, which never held the key.
 * Backups of the vault taken before still hold it until they expire (README, "Backups").
 */
export async function shredSubjectKey(ctx: Pick<AppContext, 'keyVault'>, orgId: string, contactId: string): Promise<boolean> {
  return ctx.keyVault.deleteKey(orgId, contactId);
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
  ctx: ContactKeyAccess,
  where: { orgId: string; contactId: string; aad: string },
  sealed: Buffer,
): Promise<string> {
  try {
    const key = await loadContactKey(ctx, where.orgId, where.contactId);
    return openForContact(key, sealed, where.aad).toString('utf8');
  } catch (err) {
    if (err instanceof ShreddedKeyError) throw new Problem(410, 'subject-erased', 'Gone', 'The data of this contact was erased.');
    throw err;
  }
}
