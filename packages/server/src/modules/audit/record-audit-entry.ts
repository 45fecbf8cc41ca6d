import { randomUUID } from 'node:crypto';
import { sql, type Tx } from '../../platform/db/database.js';
import type { Actor } from './actor.js';
import { GENESIS_HASH, hashAuditEntry } from './audit-hash.js';

export interface AuditEntryInput {
  orgId: string;
  actor: Actor;
  action: string;
  target?: { type: string; id: string };
  reason?: string;
  ip?: string | null;
  /** Facts about the event. Never message bodies, identifiers of customers, tokens or passwords. */
  metadata?: Record<string, unknown>;
}

/**
 * Appends one entry to the organisation's hash chain inside the caller's transaction, so the
 * entry exists exactly when the change it describes does. A per-organisation advisory lock keeps
 * the chain linear under concurrent writers.
 */
export async function recordAuditEntry(tx: Tx, input: AuditEntryInput): Promise<{ seq: number; hash: string }> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'audit:' + input.orgId}, 0))`.execute(tx);
  const last = await tx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .where('org_id', '=', input.orgId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date();
  const actor = input.actor;
  const fields = {
    orgId: input.orgId,
    seq,
    id: randomUUID(),
    at,
    actorType: actor.type,
    actorId: actor.type === 'user' || actor.type === 'token' ? actor.id : null,
    actorLabel: actor.type === 'anonymous' ? null : actor.label,
    action: input.action,
    targetType: input.target?.type ?? null,
    targetId: input.target?.id ?? null,
    reason: input.reason ?? null,
    ip: input.ip ?? null,
    metadata: input.metadata ?? {},
    prevHash,
  };
  const hash = hashAuditEntry(fields);
  await tx
    .insertInto('audit_log')
    .values({
      org_id: fields.orgId,
      seq,
      id: fields.id,
      at,
      actor_type: fields.actorType,
      actor_id: fields.actorId,
      actor_label: fields.actorLabel,
      action: fields.action,
      target_type: fields.targetType,
      target_id: fields.targetId,
      reason: fields.reason,
      ip: fields.ip,
      metadata: JSON.stringify(fields.metadata),
      prev_hash: prevHash,
      hash,
    })
    .execute();
  return { seq, hash };
}
