import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.js';

export interface ConversationFilter {
  /** Only this conversation (a direct link). */
  id?: string;
  status?: 'open' | 'pending' | 'resolved';
  assigneeId?: string;
  unassigned?: boolean;
  channelType?: string;
  /** Full-text search over masked message bodies (never over originals). */
  q?: string;
  before?: Date;
  limit: number;
}

export async function listConversations(tx: Tx, orgId: string, f: ConversationFilter) {
  let q = tx
    .selectFrom('conversations as c')
    .innerJoin('contacts as ct', (j) => j.onRef('ct.org_id', '=', 'c.org_id').onRef('ct.id', '=', 'c.contact_id'))
    .select([
      'c.id',
      'c.contact_id',
      'ct.display_name',
      'c.channel_type',
      'c.channel_id',
      'c.status',
      'c.assignee_id',
      'c.team',
      'c.priority',
      'c.last_message_at',
      'c.created_at',
      (eb) =>
        eb
          .selectFrom('messages as m')
          .select('m.body_masked')
          .whereRef('m.org_id', '=', 'c.org_id')
          .whereRef('m.conversation_id', '=', 'c.id')
          .orderBy('m.created_at', 'desc')
          .limit(1)
          .as('last_message'),
    ])
    .where('c.org_id', '=', orgId);
  if (f.id) q = q.where('c.id', '=', f.id);
  if (f.status) q = q.where('c.status', '=', f.status);
  if (f.assigneeId) q = q.where('c.assignee_id', '=', f.assigneeId);
  if (f.unassigned) q = q.where('c.assignee_id', 'is', null);
  if (f.channelType) q = q.where('c.channel_type', '=', f.channelType as never);
  if (f.before) q = q.where('c.last_message_at', '<', f.before);
  if (f.q) {
    const query = f.q;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('messages as s')
          .select('s.id')
          .whereRef('s.org_id', '=', 'c.org_id')
          .whereRef('s.conversation_id', '=', 'c.id')
          .where(sql<boolean>`s.search @@ websearch_to_tsquery(s.search_config, ${query})`),
      ),
    );
  }
  const rows = await q.orderBy('c.last_message_at', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    contact: { id: r.contact_id, displayName: r.display_name },
    channelType: r.channel_type,
    channelId: r.channel_id,
    status: r.status,
    assigneeId: r.assignee_id,
    team: r.team,
    priority: r.priority,
    lastMessageAt: r.last_message_at,
    lastMessage: r.last_message ?? null,
    createdAt: r.created_at,
  }));
}
