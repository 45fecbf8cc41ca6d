import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { toAlertView, type AlertView } from './alert-view.js';

export const CONTEXT_BEFORE = 4;
export const CONTEXT_AFTER = 2;

export interface AlertDetail extends AlertView {
  /** Masked messages around the one that tripped the rule, oldest first. */
  context: Array<{ id: string; direction: string; senderType: string; senderId: string | null; body: string; piiTypes: string[]; sensitiveFlags: string[]; purged: boolean; createdAt: Date; isTrigger: boolean }>;
  contact: { id: string; displayName: string } | null;
  agent: { id: string; name: string; role: string } | null;
  conversation: { id: string; status: string; assigneeId: string | null; pausedAt: Date | null; channelType: string } | null;
  events: Array<{ id: string; type: string; actorId: string | null; actorName: string | null; comment: string | null; data: Record<string, unknown>; createdAt: Date }>;
}

/**
 * One alert with what the DPO needs to judge it: the masked message and a few messages of masked
 * context read from the conversation as it is now (an erased customer's messages are gone, a
 * purged original stays masked), the agent, the contact and the alert's timeline.
 */
export async function getAlert(tx: Tx, orgId: string, id: string): Promise<AlertDetail> {
  const row = await tx.selectFrom('alerts').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw Problem.notFound('Alert');
  const alert = toAlertView(row);

  let context: AlertDetail['context'] = [];
  let conversation: AlertDetail['conversation'] = null;
  if (row.conversation_id) {
    const conv = await tx
      .selectFrom('conversations')
      .select(['id', 'status', 'assignee_id', 'paused_at', 'channel_type'])
      .where('org_id', '=', orgId)
      .where('id', '=', row.conversation_id)
      .executeTakeFirst();
    if (conv) conversation = { id: conv.id, status: conv.status, assigneeId: conv.assignee_id, pausedAt: conv.paused_at, channelType: conv.channel_type };
  }
  if (row.message_id && row.conversation_id) {
    const trigger = await tx.selectFrom('messages').select(['created_at']).where('org_id', '=', orgId).where('id', '=', row.message_id).executeTakeFirst();
    if (trigger) {
      const cols = ['id', 'direction', 'sender_type', 'sender_id', 'body_masked', 'pii_types', 'sensitive_flags', 'purged_at', 'created_at'] as const;
      const before = await tx
        .selectFrom('messages')
        .select(cols)
        .where('org_id', '=', orgId)
        .where('conversation_id', '=', row.conversation_id)
        .where('created_at', '<=', trigger.created_at)
        .orderBy('created_at', 'desc')
        .limit(CONTEXT_BEFORE + 1)
        .execute();
      const after = await tx
        .selectFrom('messages')
        .select(cols)
        .where('org_id', '=', orgId)
        .where('conversation_id', '=', row.conversation_id)
        .where('created_at', '>', trigger.created_at)
        .orderBy('created_at', 'asc')
        .limit(CONTEXT_AFTER)
        .execute();
      context = [...before.reverse(), ...after].map((m) => ({
        id: m.id,
        direction: m.direction,
        senderType: m.sender_type,
        senderId: m.sender_id,
        body: m.body_masked,
        piiTypes: m.pii_types,
        sensitiveFlags: m.sensitive_flags,
        purged: !!m.purged_at,
        createdAt: m.created_at,
        isTrigger: m.id === row.message_id,
      }));
    }
  }
  const contact = row.contact_id
    ? ((await tx.selectFrom('contacts').select(['id', 'display_name']).where('org_id', '=', orgId).where('id', '=', row.contact_id).executeTakeFirst()) ?? null)
    : null;
  const agent = row.agent_id
    ? ((await tx.selectFrom('users').select(['id', 'name', 'role']).where('org_id', '=', orgId).where('id', '=', row.agent_id).executeTakeFirst()) ?? null)
    : null;
  const events = await tx
    .selectFrom('alert_events as e')
    .leftJoin('users as u', (j) => j.onRef('u.org_id', '=', 'e.org_id').onRef('u.id', '=', 'e.actor_id'))
    .select(['e.id', 'e.type', 'e.actor_id', 'u.name as actor_name', 'e.comment', 'e.data', 'e.created_at'])
    .where('e.org_id', '=', orgId)
    .where('e.alert_id', '=', id)
    .orderBy('e.created_at')
    .execute();
  return {
    ...alert,
    context,
    contact: contact ? { id: contact.id, displayName: contact.display_name } : null,
    agent,
    conversation,
    events: events.map((e) => ({ id: e.id, type: e.type, actorId: e.actor_id, actorName: e.actor_name, comment: e.comment, data: e.data, createdAt: e.created_at })),
  };
}
