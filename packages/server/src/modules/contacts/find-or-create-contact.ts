import { randomUUID } from 'node:crypto';
import type { KeyManagementService } from '../../platform/crypto/master-key.js';
import type { Tx } from '../../platform/db/database.js';
import { createContactKey, loadContactKey, sealForContact } from './contact-keys.js';
import { blindIndex, maskIdentity, normaliseIdentity, type IdentityKind } from './identities.js';

export class ContactRaceError extends Error {
  constructor() {
    super('a concurrent transaction created this contact');
    this.name = 'ContactRaceError';
  }
}

export interface IdentityInput {
  kind: IdentityKind;
  value: string;
}

export interface ResolvedContact {
  contactId: string;
  key: Buffer;
  created: boolean;
}

/**
 * The contact behind any of the given identities, found by blind index; created (with a fresh data
 * key) when none matches. Identities not yet on file are attached to the contact found.
 */
export async function findOrCreateContact(
  tx: Tx,
  kms: KeyManagementService,
  input: { orgId: string; identities: IdentityInput[]; displayName?: string; locale?: string },
): Promise<ResolvedContact> {
  const { orgId } = input;
  const normalised = input.identities.map((i) => {
    const value = normaliseIdentity(i.kind, i.value);
    return { kind: i.kind, value, index: blindIndex(kms, orgId, i.kind, value) };
  });
  const found = normalised.length
    ? await tx
        .selectFrom('contact_identities')
        .select(['contact_id', 'kind', 'blind_index'])
        .where('org_id', '=', orgId)
        .where('blind_index', 'in', normalised.map((n) => n.index))
        .execute()
    : [];

  // When the identities point at different contacts, the first identity given decides (callers put
  // the strongest first); the contacts are not merged here.
  const rank = (f: { kind: string; blind_index: string }) => normalised.findIndex((n) => n.kind === f.kind && n.index === f.blind_index);
  found.sort((a, b) => rank(a) - rank(b));
  let contactId = found[0]?.contact_id;
  let key: Buffer;
  let created = false;
  if (contactId) {
    key = await loadContactKey(tx, kms, orgId, contactId);
  } else {
    contactId = randomUUID();
    created = true;
    await tx
      .insertInto('contacts')
      .values({ org_id: orgId, id: contactId, display_name: (input.displayName ?? '').trim().slice(0, 120), locale: input.locale ?? null })
      .execute();
    key = await createContactKey(tx, kms, orgId, contactId);
  }

  const known = new Set(found.map((f) => `${f.kind}:${f.blind_index}`));
  for (const n of normalised) {
    if (known.has(`${n.kind}:${n.index}`)) continue;
    const id = randomUUID();
    const attached = await tx
      .insertInto('contact_identities')
      .values({
        org_id: orgId,
        id,
        contact_id: contactId,
        kind: n.kind,
        blind_index: n.index,
        value_sealed: sealForContact(key, n.value, `${orgId}:contact_identities:${id}`),
        value_masked: maskIdentity(n.kind, n.value),
      })
      .onConflict((oc) => oc.columns(['org_id', 'kind', 'blind_index']).doNothing())
      .returning('id')
      .executeTakeFirst();
    // Another transaction attached this identity since we looked: with a contact we just created,
    // we would split one person in two. The caller retries and finds theirs.
    if (!attached && created) throw new ContactRaceError();
  }
  if (!created && input.displayName) {
    await tx
      .updateTable('contacts')
      .set({ display_name: input.displayName.trim().slice(0, 120), updated_at: new Date() })
      .where('org_id', '=', orgId)
      .where('id', '=', contactId)
      .where('display_name', '=', '')
      .execute();
  }
  return { contactId, key, created };
}
