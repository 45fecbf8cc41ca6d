import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { loadContactKey, openForContact } from '../contacts/contact-keys.js';

/**
 * The text of an outbound message, opened by a channel adapter to transmit it to the customer it
 * was written for. This is not a reveal to a person: it is limited to outbound messages (what an
 * agent already wrote) and is not audited one by one; reading a customer's inbound original always
 * goes through revealMessage.
 */
export async function openOutboundForDelivery(ctx: AppContext, tx: Tx, orgId: string, messageId: string): Promise<string | null> {
  const m = await tx
    .selectFrom('messages')
    .select(['id', 'contact_id', 'body_sealed', 'direction'])
    .where('org_id', '=', orgId)
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!m || m.direction !== 'outbound' || !m.body_sealed) return null;
  const key = await loadContactKey(ctx, orgId, m.contact_id);
  return openForContact(key, m.body_sealed, `${orgId}:messages:${m.id}`).toString('utf8');
}
