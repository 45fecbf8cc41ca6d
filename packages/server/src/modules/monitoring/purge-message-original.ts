import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { recordAlertEvent } from './alert-events.js';

/**
 * Destroys the sealed original of one message (a card number or password that should never have
 * been sent): the masked text stays, the original is gone for good, and a reveal answers 410.
 * The reason is kept in the audit log with the purge, in the same transaction.
 */
export async function purgeMessageOriginal(
  ctx: AppContext,
  input: { orgId: string; messageId: string; alertId?: string; actor: Actor; userId: string | null; reason: string; ip: string | null },
): Promise<{ purgedAt: Date }> {
  const result = await ctx.database.withTenant(input.orgId, async (tx) => {
    const message = await tx
      .selectFrom('messages')
      .select(['id', 'conversation_id', 'contact_id', 'purged_at'])
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.messageId)
      .forUpdate()
      .executeTakeFirst();
    if (!message) throw Problem.notFound('Message');
    if (message.purged_at) throw new Problem(410, 'original-purged', 'Already purged', 'The original of this message was already purged.');
    if (input.alertId) {
      const alert = await tx.selectFrom('alerts').select('message_id').where('org_id', '=', input.orgId).where('id', '=', input.alertId).executeTakeFirst();
      if (!alert) throw Problem.notFound('Alert');
    }
    const purgedAt = new Date();
    await tx
      .updateTable('messages')
      .set({ body_sealed: null, purged_at: purgedAt, purged_by: input.userId })
      .where('org_id', '=', input.orgId)
      .where('id', '=', message.id)
      .execute();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'message.original_purged',
      target: { type: 'message', id: message.id },
      reason: input.reason,
      ip: input.ip,
      metadata: { conversationId: message.conversation_id, ...(input.alertId ? { alertId: input.alertId } : {}) },
    });
    if (input.alertId) {
      await recordAlertEvent(tx, { orgId: input.orgId, alertId: input.alertId, type: 'original_purged', actorId: input.userId, comment: input.reason, data: { messageId: message.id } });
    }
    return { purgedAt, conversationId: message.conversation_id };
  });
  ctx.events.publish(input.orgId, { type: 'message.updated', conversationId: result.conversationId, messageId: input.messageId, state: 'purged' });
  if (input.alertId) ctx.events.publish(input.orgId, { type: 'alert.updated', alertId: input.alertId });
  return { purgedAt: result.purgedAt };
}
