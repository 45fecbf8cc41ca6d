import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { assertProcessingNotRestricted } from '../contacts/assert-not-restricted.js';
import { openSealedOfContact } from '../contacts/contact-keys.js';

/**
 * The audited reveal: the original of one message, for someone with the permission and a reason.
 * The audit entry is written in the same transaction as the read, so there is no reveal without it.
 */
export async function revealMessage(
  ctx: AppContext,
  input: { orgId: string; messageId: string; actor: Actor; reason: string; ip: string | null },
): Promise<{ messageId: string; body: string }> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const message = await tx
      .selectFrom('messages')
      .select(['id', 'contact_id', 'conversation_id', 'body_sealed', 'purged_at'])
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.messageId)
      .executeTakeFirst();
    if (!message) throw Problem.notFound('Message');
    if (!message.body_sealed || message.purged_at) {
      const when = message.purged_at ? ` on ${message.purged_at.toISOString().slice(0, 10)}` : '';
      throw new Problem(410, 'original-purged', 'Original purged', `The original of this message was purged${when} by the data protection officer; only the masked text remains.`);
    }
    await assertProcessingNotRestricted(tx, input.orgId, message.contact_id);
    const body = await openSealedOfContact(
      ctx,
      { orgId: input.orgId, contactId: message.contact_id, aad: `${input.orgId}:messages:${message.id}` },
      message.body_sealed,
    );
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'message.revealed',
      target: { type: 'message', id: message.id },
      reason: input.reason,
      ip: input.ip,
      metadata: { conversationId: message.conversation_id, contactId: message.contact_id },
    });
    return { messageId: message.id, body };
  });
}
