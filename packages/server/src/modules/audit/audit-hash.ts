import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  orgId: string;
  seq: number;
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  ip: string | null;
  metadata: unknown;
  prevHash: string;
}

/** jsonb reorders object keys, so the hash is taken over keys sorted at every level. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** SHA-256 over every recorded field and the previous entry's hash. */
export function hashAuditEntry(e: ChainedFields): string {
  const material = JSON.stringify([
    e.orgId,
    e.seq,
    e.id,
    e.at.toISOString(),
    e.actorType,
    e.actorId,
    e.actorLabel,
    e.action,
    e.targetType,
    e.targetId,
    e.reason,
    e.ip,
    canonical(e.metadata ?? {}),
    e.prevHash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}
