import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import type { Permission } from '../auth/permissions.js';
import { updateConversation } from '../conversations/update-conversation.js';
import { recordAlertEvent } from './alert-events.js';

export type Intervention = 'take_over' | 'pause' | 'resume';

/**
 * Acting on the conversation behind an alert: take it over (it is assigned to the person acting),
 * pause it (agents' replies are refused until it is resumed) or resume it. The change goes
 * through the conversations module; the alert's timeline and the audit log record who did it.
 */
export async function interveneInConversation(
  ctx: AppContext,
  input: { orgId: string; alertId: string; actor: Actor; userId: string; permissions: ReadonlySet<Permission>; ip: string | null; intervention: Intervention },
): Promise<void> {
  const alert = await ctx.database.withTenant(input.orgId, (tx) =>
    tx.selectFrom('alerts').select(['id', 'conversation_id']).where('org_id', '=', input.orgId).where('id', '=', input.alertId).executeTakeFirst(),
  );
  if (!alert) throw Problem.notFound('Alert');
  if (!alert.conversation_id) throw Problem.conflict('This alert is not about a conversation.');
  const changes =
    input.intervention === 'take_over' ? { assigneeId: input.userId } : input.intervention === 'pause' ? { paused: true } : { paused: false };
  await updateConversation(ctx, { orgId: input.orgId, id: alert.conversation_id, callerUserId: input.userId, callerPermissions: input.permissions, changes });
  const type = { take_over: 'conversation_taken_over', pause: 'conversation_paused', resume: 'conversation_resumed' }[input.intervention];
  await ctx.database.withTenant(input.orgId, async (tx) => {
    await recordAlertEvent(tx, { orgId: input.orgId, alertId: alert.id, type, actorId: input.userId, data: { conversationId: alert.conversation_id } });
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: `conversation.${input.intervention === 'take_over' ? 'taken_over' : input.intervention === 'pause' ? 'paused' : 'resumed'}`,
      target: { type: 'conversation', id: alert.conversation_id! },
      ip: input.ip,
      metadata: { alertId: alert.id },
    });
  });
  ctx.events.publish(input.orgId, { type: 'alert.updated', alertId: alert.id });
}
