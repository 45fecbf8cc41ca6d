import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { assertProcessingNotRestricted } from './assert-not-restricted.js';
import { openSealedOfContact } from './contact-keys.js';

/** The audited reveal of one identity (e.g. the full phone number to call the customer back). */
export async function revealIdentity(
  ctx: AppContext,
  input: { orgId: string; contactId: string; identityId: string; actor: Actor; reason: string; ip: string | null },
): Promise<{ id: string; kind: string; value: string }> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const identity = await tx
      .selectFrom('contact_identities')
      .select(['id', 'kind', 'value_sealed'])
      .where('org_id', '=', input.orgId)
      .where('contact_id', '=', input.contactId)
      .where('id', '=', input.identityId)
      .executeTakeFirst();
    if (!identity) throw Problem.notFound('Identity');
    await assertProcessingNotRestricted(tx, input.orgId, input.contactId);
    const value = await openSealedOfContact(
      ctx,
      { orgId: input.orgId, contactId: input.contactId, aad: `${input.orgId}:contact_identities:${identity.id}` },
      identity.value_sealed,
    );
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'identity.revealed',
      target: { type: 'contact_identity', id: identity.id },
      reason: input.reason,
      ip: input.ip,
      metadata: { contactId: input.contactId, kind: identity.kind },
    });
    return { id: identity.id, kind: identity.kind, value };
  });
}
