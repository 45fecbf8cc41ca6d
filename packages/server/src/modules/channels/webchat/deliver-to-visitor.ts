import type { AppContext } from '../../../platform/context.js';
import type { MessageState } from '../../../platform/db/schema.js';
import { sendFrame } from '../../../platform/realtime/socket.js';
import { openOutboundForDelivery } from '../../conversations/open-outbound-for-delivery.js';
import type { OutboundMessage } from '../outbound.js';
import { visitorConnectionsOf } from './visitor-connections.js';

/**
 * The web chat outbound adapter: pushes an agent's reply to the visitor's open sockets on this node
 * and marks it sent. With no socket open it stays queued; the visitor gets it with the history on
 * their next connection, which marks it sent then.
 */
export async function deliverToVisitor(ctx: AppContext, message: OutboundMessage): Promise<void> {
  const connections = visitorConnectionsOf(message.orgId, message.contactId).filter((c) => c.channelId === message.channelId);
  if (!connections.length) return;
  const loaded = await ctx.database.withTenant(message.orgId, async (tx) => {
    const row = await tx.selectFrom('messages').select(['created_at']).where('org_id', '=', message.orgId).where('id', '=', message.messageId).executeTakeFirst();
    const text = await openOutboundForDelivery(ctx, tx, message.orgId, message.messageId);
    return row && text !== null ? { createdAt: row.created_at, text } : null;
  });
  if (!loaded) return;
  const frame = { type: 'message', id: message.messageId, direction: 'outbound', text: loaded.text, createdAt: loaded.createdAt.toISOString(), state: 'sent' };
  const sent = await Promise.all(connections.map((c) => sendFrame(c.socket, frame)));
  if (sent.some(Boolean)) await advanceOutboundState(ctx, { orgId: message.orgId, contactId: message.contactId, messageIds: [message.messageId], to: 'sent' });
}

const order: Record<string, number> = { queued: 0, sent: 1, delivered: 2, read: 3 };

/**
 * Moves the visitor's outbound messages forward (queued → sent → delivered), never backwards and
 * only for messages of this contact, then tells the agents.
 */
export async function advanceOutboundState(
  ctx: AppContext,
  input: { orgId: string; contactId: string; messageIds: string[]; to: Extract<MessageState, 'sent' | 'delivered'> },
): Promise<void> {
  if (!input.messageIds.length) return;
  const from = Object.keys(order).filter((s) => order[s]! < order[input.to]!) as MessageState[];
  const updated = await ctx.database.withTenant(input.orgId, (tx) =>
    tx
      .updateTable('messages')
      .set({ state: input.to })
      .where('org_id', '=', input.orgId)
      .where('contact_id', '=', input.contactId)
      .where('direction', '=', 'outbound')
      .where('id', 'in', input.messageIds)
      .where('state', 'in', from)
      .returning(['id', 'conversation_id'])
      .execute(),
  );
  for (const m of updated) ctx.events.publish(input.orgId, { type: 'message.updated', conversationId: m.conversation_id, messageId: m.id, state: input.to });
}
