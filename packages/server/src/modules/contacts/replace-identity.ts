import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { loadContactKey, sealForContact } from './contact-keys.js';
import { blindIndex, maskIdentity, normaliseIdentity, type IdentityKind } from './identities.js';

/**
 * Replaces a contact's identities of one kind by a corrected value (LGPD Art. 18 III, GDPR Art. 16):
 * sealed with the contact's key, found again by its blind index. Another contact holding the value
 * is a conflict (merge them first). Returns the identity now on file; `replaced` is false when the
 * contact already had exactly this value.
 */
export async function replaceIdentity(
  ctx: AppContext,
  tx: Tx,
  input: { orgId: string; contactId: string; kind: IdentityKind; value: string },
): Promise<{ identityId: string; replaced: boolean }> {
  const value = normaliseIdentity(input.kind, input.value);
  const index = blindIndex(ctx.kms, input.orgId, input.kind, value);
  const owner = await tx.selectFrom('contact_identities').select(['id', 'contact_id']).where('org_id', '=', input.orgId).where('kind', '=', input.kind).where('blind_index', '=', index).executeTakeFirst();
  if (owner && owner.contact_id !== input.contactId) throw Problem.conflict('Another contact already has this identity; merge the contacts first.', 'identity-taken');
  if (owner) return { identityId: owner.id, replaced: false };
  const key = await loadContactKey(ctx, input.orgId, input.contactId);
  await tx.deleteFrom('contact_identities').where('org_id', '=', input.orgId).where('contact_id', '=', input.contactId).where('kind', '=', input.kind).execute();
  const id = randomUUID();
  await tx
    .insertInto('contact_identities')
    .values({ org_id: input.orgId, id, contact_id: input.contactId, kind: input.kind, blind_index: index, value_sealed: sealForContact(key, value, `${input.orgId}:contact_identities:${id}`), value_masked: maskIdentity(input.kind, value), verified_at: null })
    .execute();
  return { identityId: id, replaced: true };
}
