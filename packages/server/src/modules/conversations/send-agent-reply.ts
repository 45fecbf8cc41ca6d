import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { ingestMessage } from './ingest-message.js';
import { dispatchOutbound } from '../channels/outbound.js';
import { assertContactMayBeMessaged } from '../contacts/assert-may-be-messaged.js';
import { isOutside24hWindow, OUTSIDE_WINDOW_ERROR } from '../channels/whatsapp/index.js';
import { detect } from '@sigilo/pii';

/** Entity types an agent is warned about before they leave in a reply. */
export const REPLY_WARNING_TYPES = ['CREDIT_CARD', 'BR_CPF', 'PASSWORD', 'IBAN', 'ES_DNI', 'ES_NIE', 'PT_NIF', 'BR_CNH'];

export function replyWarnings(text: string): string[] {
  // Detection only: masking and sealing happen once, in ingest, if the reply is sent.
  return [...new Set(detect(text).map((e) => e.type as string))].filter((t) => REPLY_WARNING_TYPES.includes(t)).sort();
}

/**
 * An agent's reply passes the same pipeline as an incoming message. A reply carrying a card number,
 * CPF or password is refused until the agent confirms it (`confirmed`).
 */
export async function sendAgentReply(
  ctx: AppContext,
  input: { orgId: string; conversationId: string; userId: string; text: string; confirmed?: boolean },
) {
  const warnings = replyWarnings(input.text);
  if (warnings.length && !input.confirmed) {
    throw new Problem(422, 'sensitive-content', 'Sensitive content', `The reply contains ${warnings.join(', ')}; confirm to send it anyway.`, {
      piiTypes: warnings,
    });
  }
  const conv = await ctx.database.withTenant(input.orgId, (tx) =>
    tx.selectFrom('conversations').select(['id', 'contact_id', 'channel_id', 'channel_type', 'last_inbound_at', 'paused_at']).where('id', '=', input.conversationId).executeTakeFirst(),
  );
  if (!conv) throw Problem.notFound('Conversation');
  if (conv.paused_at) {
    throw new Problem(423, 'conversation-paused', 'Conversation paused', 'The data protection officer paused this conversation; replies are blocked until it is resumed.');
  }
  // The customer restricted the processing of their data: no replies while it lasts (423).
  await ctx.database.withTenant(input.orgId, (tx) => assertContactMayBeMessaged(tx, input.orgId, conv.contact_id));
  if (conv.channel_type === 'whatsapp' && isOutside24hWindow(conv.last_inbound_at)) {
    // WhatsApp accepts free text only within 24 h of the customer's last message.
    throw new Problem(422, 'outside-24h-window', 'Outside the 24-hour window', OUTSIDE_WINDOW_ERROR.title);
  }
  const stored = await ingestMessage(ctx, {
    orgId: input.orgId,
    channel: { id: conv.channel_id, type: conv.channel_type },
    direction: 'outbound',
    sender: { type: 'agent', userId: input.userId },
    contact: { contactId: conv.contact_id },
    conversationId: conv.id,
    text: input.text,
    state: 'queued',
  });
  await dispatchOutbound(ctx, {
    orgId: input.orgId,
    messageId: stored.messageId,
    conversationId: stored.conversationId,
    contactId: stored.contactId,
    channelId: conv.channel_id,
    channelType: conv.channel_type,
  });
  return stored;
}
