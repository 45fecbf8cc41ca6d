import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { openSealedOfContact } from './contact-keys.js';
import type { IdentityKind } from './identities.js';

export interface OpenedIdentity {
  id: string;
  contactId: string;
  kind: IdentityKind;
  value: string;
}

const identityAad = (orgId: string, id: string) => `${orgId}:contact_identities:${id}`;

async function open(ctx: AppContext, tx: Tx, orgId: string, row: { id: string; contact_id: string; kind: IdentityKind; value_sealed: Buffer }): Promise<OpenedIdentity | null> {
  try {
    const value = await openSealedOfContact(ctx, { orgId, contactId: row.contact_id, aad: identityAad(orgId, row.id) }, row.value_sealed);
    return { id: row.id, contactId: row.contact_id, kind: row.kind, value };
  } catch (err) {
    if (err instanceof Problem && err.status === 410) return null; // the subject was erased
    throw err;
  }
}

/**
 * Opens one identity for a system use (telling a requester of their request, sending them a code).
 * Not a staff reveal and not audited here: the caller records why it read the value. Null when
 * the identity is gone or its subject was erased.
 */
export async function openIdentity(ctx: AppContext, tx: Tx, orgId: string, identityId: string): Promise<OpenedIdentity | null> {
  const row = await tx.selectFrom('contact_identities').select(['id', 'contact_id', 'kind', 'value_sealed']).where('org_id', '=', orgId).where('id', '=', identityId).executeTakeFirst();
  return row ? open(ctx, tx, orgId, row) : null;
}

/** The newest identity of a kind among some contacts (one person's duplicates), opened; null when none. */
export async function openNewestIdentityOfKind(ctx: AppContext, tx: Tx, orgId: string, contactIds: string[], kind: IdentityKind): Promise<OpenedIdentity | null> {
  if (!contactIds.length) return null;
  const row = await tx
    .selectFrom('contact_identities')
    .select(['id', 'contact_id', 'kind', 'value_sealed'])
    .where('org_id', '=', orgId)
    .where('contact_id', 'in', contactIds)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? open(ctx, tx, orgId, row) : null;
}
