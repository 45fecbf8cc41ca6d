import { randomBytes, randomUUID } from 'node:crypto';
import { sql, type Tx } from '../../platform/db/database.js';
import { loadContactKeys, sealForContact, ShreddedKeyError, storeContactKeys, type ContactKeyAccess } from './contact-keys.js';
import { blindIndex, InvalidIdentityError, maskIdentity, normaliseIdentity, type IdentityKind } from './identities.js';

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

/** Who a message or a request is about: identities to look up (or create), or a known contact. */
export type ContactRequest = { identities: IdentityInput[]; displayName?: string; locale?: string } | { contactId: string };

/**
 * The contact behind any of the given identities, found by blind index; created (with a fresh data
 * key) when none matches. Identities not yet on file are attached to the contact found.
 */
export async function findOrCreateContact(
  tx: Tx,
  keyAccess: ContactKeyAccess,
  input: { orgId: string; identities: IdentityInput[]; displayName?: string; locale?: string },
): Promise<ResolvedContact> {
  const [resolved] = await findOrCreateContacts(tx, keyAccess, input.orgId, [input]);
  if (resolved instanceof Error) throw resolved;
  return resolved!;
}

/**
 * Resolves many requests of one organisation in a fixed number of round trips (the ingest batch
 * path). Requests that share an identity resolve to the same contact, also when it is created
 * here. A request that cannot be resolved gets its error in its place (an invalid identity, a
 * shredded key); a concurrent creation of the same identity throws ContactRaceError for the
 * caller to retry the whole batch.
 */
export async function findOrCreateContacts(
  tx: Tx,
  keyAccess: ContactKeyAccess,
  orgId: string,
  requests: ContactRequest[],
): Promise<Array<ResolvedContact | InvalidIdentityError | ShreddedKeyError>> {
  type Normalised = { kind: IdentityKind; value: string; index: string };
  const results: Array<ResolvedContact | InvalidIdentityError | ShreddedKeyError | undefined> = new Array(requests.length);
  const normalised: Array<Normalised[] | undefined> = requests.map((request, i) => {
    if ('contactId' in request) return undefined;
    try {
      return request.identities.map((identity) => {
        const value = normaliseIdentity(identity.kind, identity.value);
        return { kind: identity.kind, value, index: blindIndex(keyAccess.kms, orgId, identity.kind, value) };
      });
    } catch (err) {
      if (!(err instanceof InvalidIdentityError)) throw err;
      results[i] = err;
      return undefined;
    }
  });

  const allIndexes = [...new Set(normalised.flatMap((n) => n?.map((x) => x.index) ?? []))];
  const found = allIndexes.length
    ? await tx.selectFrom('contact_identities').select(['contact_id', 'kind', 'blind_index']).where('org_id', '=', orgId).where('blind_index', 'in', allIndexes).execute()
    : [];
  const owner = new Map(found.map((f) => [`${f.kind}:${f.blind_index}`, f.contact_id]));

  // Contacts created here, keyed by every identity that points at them, so later requests of the
  // same new customer in the batch join the first one.
  const created = new Map<string, { contactId: string; key: Buffer; displayName: string; locale: string | null }>();
  const createdByIdentity = new Map<string, string>();
  const contactOf: Array<string | undefined> = new Array(requests.length);
  const namesForExisting = new Map<string, string>();
  const toAttach: Array<{ contactId: string; n: Normalised }> = [];
  const attachQueued = new Set<string>();

  requests.forEach((request, i) => {
    if (results[i]) return;
    if ('contactId' in request) {
      contactOf[i] = request.contactId;
      return;
    }
    const ids = normalised[i]!;
    // When the identities point at different contacts, the first identity given decides (callers
    // put the strongest first); the contacts are not merged here.
    let contactId: string | undefined;
    for (const n of ids) {
      const key = `${n.kind}:${n.index}`;
      contactId = owner.get(key) ?? createdByIdentity.get(key);
      if (contactId) break;
    }
    const displayName = (request.displayName ?? '').trim().slice(0, 120);
    if (!contactId) {
      contactId = randomUUID();
      created.set(contactId, { contactId, key: randomBytes(32), displayName, locale: request.locale ?? null });
    } else if (displayName && !created.has(contactId) && !namesForExisting.has(contactId)) {
      namesForExisting.set(contactId, displayName);
    }
    contactOf[i] = contactId;
    for (const n of ids) {
      const key = `${n.kind}:${n.index}`;
      if (owner.has(key) || attachQueued.has(key)) continue;
      attachQueued.add(key);
      createdByIdentity.set(key, contactId);
      toAttach.push({ contactId, n });
    }
  });

  // New contacts' keys go to the vault (committed there before this transaction can commit), the
  // keys of contacts that existed are read from it, and the contacts are inserted here: at most one
  // vault round trip each way, overlapping the insert.
  const newContacts = [...created.values()];
  const existingIds = [...new Set(contactOf.filter((id): id is string => !!id && !created.has(id)))];
  const [existingKeys] = await Promise.all([
    existingIds.length ? loadContactKeys(keyAccess, orgId, existingIds) : new Map<string, Buffer>(),
    newContacts.length ? storeContactKeys(keyAccess, orgId, newContacts) : undefined,
    newContacts.length
      ? tx.insertInto('contacts').values(newContacts.map((c) => ({ org_id: orgId, id: c.contactId, display_name: c.displayName, locale: c.locale }))).execute()
      : undefined,
  ]);
  const keys = new Map<string, Buffer>([...existingKeys, ...newContacts.map((c) => [c.contactId, c.key] as const)]);

  if (toAttach.length) {
    const rows = toAttach.map(({ contactId, n }) => {
      const id = randomUUID();
      const key = keys.get(contactId);
      return {
        org_id: orgId,
        id,
        contact_id: contactId,
        kind: n.kind,
        blind_index: n.index,
        // A contact whose key was shredded gets no new sealed data; the request fails below.
        value_sealed: key ? sealForContact(key, n.value, `${orgId}:contact_identities:${id}`) : null,
        value_masked: maskIdentity(n.kind, n.value),
      };
    }).filter((r) => r.value_sealed !== null);
    if (rows.length) {
      const attached = await tx
        .insertInto('contact_identities')
        .values(rows.map((r) => ({ ...r, value_sealed: r.value_sealed! })))
        .onConflict((oc) => oc.columns(['org_id', 'kind', 'blind_index']).doNothing())
        .returning(['kind', 'blind_index'])
        .execute();
      // Another transaction attached one of these identities since we looked: with a contact we
      // just created, we would split one person in two. The caller retries and finds theirs.
      if (attached.length < rows.length) {
        const done = new Set(attached.map((a) => `${a.kind}:${a.blind_index}`));
        if (rows.some((r) => !done.has(`${r.kind}:${r.blind_index}`) && created.has(r.contact_id))) throw new ContactRaceError();
      }
    }
  }

  if (namesForExisting.size) {
    // A contact known by id only (no name yet) takes the first name a channel gives.
    const ids = [...namesForExisting.keys()];
    const names = ids.map((id) => namesForExisting.get(id)!);
    await sql`UPDATE contacts AS c SET display_name = v.name, updated_at = now()
      FROM unnest(${ids}::uuid[], ${names}::text[]) AS v(id, name)
      WHERE c.org_id = ${orgId} AND c.id = v.id AND c.display_name = ''`.execute(tx);
  }

  return requests.map((_, i) => {
    const done = results[i];
    if (done) return done;
    const contactId = contactOf[i]!;
    const key = keys.get(contactId);
    if (!key) return new ShreddedKeyError();
    return { contactId, key, created: created.has(contactId) };
  });
}
