import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Permission } from '../auth/permissions.js';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.js';

export interface ConversationChanges {
  status?: 'open' | 'pending' | 'resolved';
  assigneeId?: string | null;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  team?: string | null;
  /** Paused by the DPO (monitoring): agents cannot reply until it is resumed. */
  paused?: boolean;
}

/**
 * Status, priority, team and assignee. Anyone who may reply can take a conversation or let it go;
 * giving it to someone else needs conversations:manage.
 */
export async function updateConversation(
  ctx: AppContext,
  input: { orgId: string; id: string; callerUserId?: string; callerPermissions: ReadonlySet<Permission>; changes: ConversationChanges },
) {
  const { changes } = input;
  const reassigning = changes.assigneeId !== undefined && changes.assigneeId !== null && changes.assigneeId !== input.callerUserId;
  if (changes.paused !== undefined && !input.callerPermissions.has('alerts:manage')) {
    throw Problem.forbidden('Pausing a conversation needs the alerts:manage permission.');
  }
  if (reassigning && !input.callerPermissions.has('conversations:manage')) {
    throw Problem.forbidden('Assigning a conversation to someone else needs the conversations:manage permission.');
  }
  const updated = await ctx.database.withTenant(input.orgId, async (tx) => {
    if (changes.assigneeId) {
      const assignee = await tx.selectFrom('users').select('id').where('id', '=', changes.assigneeId).where('disabled_at', 'is', null).executeTakeFirst();
      if (!assignee) throw Problem.field('assigneeId', 'no active user with this id');
    }
    const set = {
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.priority ? { priority: changes.priority } : {}),
      ...(changes.team !== undefined ? { team: changes.team } : {}),
      ...(changes.assigneeId !== undefined ? { assignee_id: changes.assigneeId } : {}),
      ...(changes.paused !== undefined ? { paused_at: changes.paused ? new Date() : null, paused_by: changes.paused ? (input.callerUserId ?? null) : null } : {}),
      updated_at: new Date(),
    };
    const row = await tx
      .updateTable('conversations')
      .set(set)
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.id)
      .returning(['id', 'status', 'assignee_id', 'priority', 'team', 'paused_at'])
      .executeTakeFirst();
    if (row) {
      await enqueueWebhookEvent(ctx, tx, input.orgId, 'conversation.updated', {
        conversationId: row.id,
        status: row.status,
        assigneeId: row.assignee_id,
        priority: row.priority,
        team: row.team,
        paused: row.paused_at !== null,
      });
    }
    return row;
  });
  if (!updated) throw Problem.notFound('Conversation');
  ctx.events.publish(input.orgId, { type: 'conversation.updated', conversationId: input.id });
}
