import type { Tx } from '../../platform/db/database.js';

export interface AuditFilter {
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  before?: number;
  limit?: number;
}

export interface AuditEntryView {
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  ip: string | null;
  metadata: Record<string, unknown>;
  hash: string;
}

/** Newest first, filtered; `actor` matches an actor id exactly or a label in part. */
export async function listAuditEntries(tx: Tx, orgId: string, filter: AuditFilter): Promise<AuditEntryView[]> {
  let q = tx.selectFrom('audit_log').selectAll().where('org_id', '=', orgId);
  if (filter.actor) {
    const actor = filter.actor;
    q = q.where((eb) =>
      eb.or([eb('actor_id', '=', actor), eb('actor_label', 'ilike', `%${actor.replace(/[\\%_]/g, '\\$&')}%`)]),
    );
  }
  if (filter.action) {
    // "login" finds login.succeeded and login.failed; an exact name finds itself.
    const action = filter.action;
    q = q.where((eb) => eb.or([eb('action', '=', action), eb('action', 'like', `${action.replace(/[\\%_]/g, '\\$&')}.%`)]));
  }
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<=', filter.to);
  if (filter.before) q = q.where('seq', '<', filter.before);
  const rows = await q.orderBy('seq', 'desc').limit(filter.limit ?? 100).execute();
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorLabel: r.actor_label,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    reason: r.reason,
    ip: r.ip,
    metadata: r.metadata,
    hash: r.hash,
  }));
}
