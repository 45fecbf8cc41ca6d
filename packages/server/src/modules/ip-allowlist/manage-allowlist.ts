import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { isIpAllowed, parseCidr } from './is-ip-allowed.js';

export interface AllowlistEntry {
  id: string;
  cidr: string;
  label: string;
  createdAt: Date;
}

export async function listAllowlist(tx: Tx, orgId: string): Promise<AllowlistEntry[]> {
  const rows = await tx.selectFrom('ip_allowlist').selectAll().where('org_id', '=', orgId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, cidr: r.cidr, label: r.label, createdAt: r.created_at }));
}

/**
 * Adds a range. From the dashboard the caller's own address must stay inside the list
 * (`callerIp`), so nobody locks themselves out by accident; the CLI passes none.
 */
export async function addAllowlistEntry(
  tx: Tx,
  input: { orgId: string; cidr: string; label?: string; actor: Actor; ip: string | null; callerIp?: string | null },
): Promise<AllowlistEntry> {
  const parsed = parseCidr(input.cidr);
  if ('error' in parsed) throw Problem.field('cidr', parsed.error);
  const current = await listAllowlist(tx, input.orgId);
  if (current.some((e) => e.cidr === parsed.cidr)) throw Problem.conflict(`${parsed.cidr} is already in the allowlist.`);
  if (input.callerIp !== undefined && !isIpAllowed([...current.map((e) => e.cidr), parsed.cidr], input.callerIp)) {
    throw Problem.conflict(
      `Your own address (${input.callerIp ?? 'unknown'}) would be outside the allowlist: add a range that includes it first.`,
      'would-lock-out',
    );
  }
  const entry = { id: randomUUID(), cidr: parsed.cidr, label: input.label?.trim() ?? '', createdAt: new Date() };
  await tx
    .insertInto('ip_allowlist')
    .values({ org_id: input.orgId, id: entry.id, cidr: entry.cidr, label: entry.label, created_by: input.actor.type === 'user' ? input.actor.id : null, created_at: entry.createdAt })
    .execute();
  await recordAuditEntry(tx, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'allowlist.added',
    target: { type: 'allowlist_entry', id: entry.id },
    ip: input.ip,
    metadata: { cidr: entry.cidr },
  });
  return entry;
}

export async function removeAllowlistEntry(
  tx: Tx,
  input: { orgId: string; id: string; actor: Actor; ip: string | null; callerIp?: string | null },
): Promise<void> {
  const current = await listAllowlist(tx, input.orgId);
  const entry = current.find((e) => e.id === input.id);
  if (!entry) throw Problem.notFound('Allowlist entry');
  const remaining = current.filter((e) => e.id !== input.id).map((e) => e.cidr);
  if (input.callerIp !== undefined && remaining.length > 0 && !isIpAllowed(remaining, input.callerIp)) {
    throw Problem.conflict(`Removing ${entry.cidr} would lock your own address out.`, 'would-lock-out');
  }
  await tx.deleteFrom('ip_allowlist').where('org_id', '=', input.orgId).where('id', '=', input.id).execute();
  await recordAuditEntry(tx, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'allowlist.removed',
    target: { type: 'allowlist_entry', id: entry.id },
    ip: input.ip,
    metadata: { cidr: entry.cidr },
  });
}

/** The owner's way back in after a lock-out: `sigilo allowlist clear --org <id>` on the server. */
export async function clearAllowlist(tx: Tx, input: { orgId: string; actor: Actor }): Promise<number> {
  const removed = await tx.deleteFrom('ip_allowlist').where('org_id', '=', input.orgId).returning('cidr').execute();
  await recordAuditEntry(tx, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'allowlist.cleared',
    target: { type: 'organization', id: input.orgId },
    metadata: { removed: removed.map((r) => r.cidr) },
  });
  return removed.length;
}
