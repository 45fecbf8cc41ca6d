import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/database.js';
import { loadContactKey, openForContact } from '../../contacts/contact-keys.js';

/**
 * The WhatsApp id to send to (the digits of the E.164 number, as the Graph API wants `to`),
 * opened from the contact's sealed identity at the moment of sending; null when the contact has
 * no WhatsApp number on file. The newest identity wins when a customer changed numbers.
 */
export async function openWhatsAppRecipient(ctx: AppContext, tx: Tx, orgId: string, contactId: string): Promise<string | null> {
  const identity = await tx
    .selectFrom('contact_identities')
    .select(['id', 'value_sealed'])
    .where('org_id', '=', orgId)
    .where('contact_id', '=', contactId)
    .where('kind', '=', 'whatsapp')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!identity) return null;
  const key = await loadContactKey(ctx, orgId, contactId);
  const e164 = openForContact(key, identity.value_sealed, `${orgId}:contact_identities:${identity.id}`).toString('utf8');
  return e164.replace(/^\+/, '');
}
