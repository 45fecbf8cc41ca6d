import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';

/** A contact as agents see it: name, masked identities, conversation count. */
export async function getContact(tx: Tx, orgId: string, contactId: string) {
  const contact = await tx.selectFrom('contacts').selectAll().where('org_id', '=', orgId).where('id', '=', contactId).executeTakeFirst();
  if (!contact) throw Problem.notFound('Contact');
  const identities = await tx
    .selectFrom('contact_identities')
    .select(['id', 'kind', 'value_masked', 'verified_at', 'created_at'])
    .where('org_id', '=', orgId)
    .where('contact_id', '=', contactId)
    .orderBy('created_at')
    .execute();
  const conversations = await tx
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('contact_id', '=', contactId)
    .executeTakeFirstOrThrow();
  return {
    id: contact.id,
    displayName: contact.display_name,
    locale: contact.locale,
    identities: identities.map((i) => ({ id: i.id, kind: i.kind, masked: i.value_masked, verified: i.verified_at !== null })),
    conversationCount: Number(conversations.n),
    createdAt: contact.created_at,
  };
}
