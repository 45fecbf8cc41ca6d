import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/database.js';
import { blindIndex } from '../../contacts/identities.js';
import { openOutboundForDelivery } from '../../conversations/open-outbound-for-delivery.js';

export const HISTORY_LIMIT = 100;

/** What the visitor's widget shows for one message. */
export interface VisitorMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  text: string;
  createdAt: string;
  state: string;
}

/** The contact behind a widget's visitor id, found by blind index; null for a first-time visitor. */
export async function findVisitorContact(ctx: AppContext, tx: Tx, orgId: string, visitorId: string): Promise<string | null> {
  const row = await tx
    .selectFrom('contact_identities')
    .select('contact_id')
    .where('org_id', '=', orgId)
    .where('kind', '=', 'webchat')
    .where('blind_index', '=', blindIndex(ctx.kms, orgId, 'webchat', visitorId))
    .executeTakeFirst();
  return row?.contact_id ?? null;
}

/**
 * The visitor's last messages on this channel, oldest first, across their conversations. The
 * visitor's own words come back masked (no original leaves the server through the widget: a visitor
 * id in a shared browser must not replay a CPF); agents' replies are opened for delivery, as they
 * were written for this visitor.
 */
export async function loadVisitorHistory(ctx: AppContext, tx: Tx, input: { orgId: string; channelId: string; contactId: string }): Promise<VisitorMessage[]> {
  const rows = await tx
    .selectFrom('messages')
    .select(['id', 'direction', 'body_masked', 'state', 'created_at', 'purged_at'])
    .where('org_id', '=', input.orgId)
    .where('contact_id', '=', input.contactId)
    .where('channel_id', '=', input.channelId)
    .orderBy('created_at', 'desc')
    .limit(HISTORY_LIMIT)
    .execute();
  const out: VisitorMessage[] = [];
  for (const m of rows.reverse()) {
    let text = m.body_masked;
    if (m.direction === 'outbound' && !m.purged_at) {
      // A shredded key (erased subject) leaves the masked copy, never an error for the widget.
      text = (await openOutboundForDelivery(ctx, tx, input.orgId, m.id).catch(() => null)) ?? m.body_masked;
    }
    out.push({ id: m.id, direction: m.direction, text, createdAt: m.created_at.toISOString(), state: m.state });
  }
  return out;
}
