import type { AppContext } from '../../platform/context.js';
import type { ChannelType } from '../../platform/db/schema.js';

export interface OutboundMessage {
  orgId: string;
  messageId: string;
  conversationId: string;
  contactId: string;
  channelId: string | null;
  channelType: ChannelType;
}

/**
 * How an agent's reply leaves: each channel adapter delivers (or enqueues) the message and moves
 * its state (queued → sent → delivered → read, or failed). Adapters never receive the text: they
 * load and open the sealed original themselves, at the last moment.
 */
export type OutboundAdapter = (ctx: AppContext, message: OutboundMessage) => Promise<void>;

const adapters = new Map<ChannelType, OutboundAdapter>();

export function registerOutboundAdapter(type: ChannelType, adapter: OutboundAdapter): void {
  adapters.set(type, adapter);
}

/** Hands a stored outbound message to its channel; channels without an adapter (api) mark it sent. */
export async function dispatchOutbound(ctx: AppContext, message: OutboundMessage): Promise<void> {
  const adapter = adapters.get(message.channelType);
  if (adapter) return adapter(ctx, message);
  await ctx.database.withTenant(message.orgId, (tx) =>
    tx.updateTable('messages').set({ state: 'sent' }).where('org_id', '=', message.orgId).where('id', '=', message.messageId).execute(),
  );
  ctx.events.publish(message.orgId, { type: 'message.updated', conversationId: message.conversationId, messageId: message.messageId, state: 'sent' });
}
