import type { AppContext } from '../../../platform/context.js';
import type { MessageState } from '../../../platform/db/schema.js';
import type { WhatsAppStatus } from './webhook-payload.js';

/**
 * Which states each status may replace. Statuses arrive out of order and may skip a step (read
 * without delivered), so a state only moves forward; failed replaces only queued and sent.
 */
const FORWARD_FROM: Record<string, MessageState[]> = {
  sent: ['queued'],
  delivered: ['queued', 'sent'],
  read: ['queued', 'sent', 'delivered'],
  failed: ['queued', 'sent'],
};

export type StatusOutcome = 'applied' | 'stale' | 'unknown-message' | 'ignored';

/** Applies one Meta status to the outgoing message it names (by wamid). */
export async function applyDeliveryStatus(ctx: AppContext, input: { orgId: string; channelId: string; status: WhatsAppStatus }): Promise<StatusOutcome> {
  const { orgId, channelId, status } = input;
  const next = status.status;
  if (typeof status.id !== 'string' || !status.id || typeof next !== 'string' || !(next in FORWARD_FROM)) return 'ignored';
  const failure = next === 'failed' ? describeFailure(status) : null;

  const result = await ctx.database.withTenant(orgId, async (tx) => {
    const message = await tx
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'state'])
      .where('org_id', '=', orgId)
      .where('channel_id', '=', channelId)
      .where('channel_message_id', '=', status.id!)
      .where('direction', '=', 'outbound')
      .executeTakeFirst();
    if (!message) return null;
    const updated = await tx
      .updateTable('messages')
      .set({ state: next as MessageState, ...(failure ? { error: JSON.stringify(failure) } : {}) })
      .where('org_id', '=', orgId)
      .where('id', '=', message.id)
      .where('state', 'in', FORWARD_FROM[next]!)
      .executeTakeFirst();
    return { message, applied: Number(updated.numUpdatedRows) > 0 };
  });
  if (!result) return 'unknown-message';
  if (!result.applied) return 'stale';
  ctx.events.publish(orgId, { type: 'message.updated', conversationId: result.message.conversation_id, messageId: result.message.id, state: next });
  return 'applied';
}

/** Meta's error code and title (no personal data: they describe the failure, not the message). */
function describeFailure(status: WhatsAppStatus): Record<string, unknown> {
  const e = Array.isArray(status.errors) ? status.errors[0] : undefined;
  if (!e) return { code: 'unknown', title: 'WhatsApp reported the message as failed without a reason' };
  return {
    code: typeof e.code === 'number' || typeof e.code === 'string' ? e.code : 'unknown',
    title: typeof e.title === 'string' ? e.title.slice(0, 300) : 'Failed',
    ...(typeof e.error_data?.details === 'string' ? { details: e.error_data.details.slice(0, 500) } : {}),
  };
}
