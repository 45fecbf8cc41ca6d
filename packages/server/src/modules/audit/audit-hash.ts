import { createHmac } from 'node:crypto';

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

let chainKey: Buffer | undefined;

/**
 * The chain is an HMAC-SHA256 under a key derived from the master key, not a bare hash: someone who
 * can write to the database but does not hold the master key cannot rebuild a consistent chain.
 * Set once per process when the context is created (one master key per process).
 */
export function setAuditChainKey(key: Buffer): void {
  chainKey = key;
}

/** HMAC-SHA256 over every recorded field and the previous entry's hash. */
export function hashAuditEntry(e: ChainedFields): string {
  if (!chainKey) throw new Error('audit chain key not configured');
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
  return createHmac('sha256', chainKey).update(material).digest('hex');
}
