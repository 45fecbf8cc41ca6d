import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { isIpAllowed, parseCidr } from './is-ip-allowed.js';
import { listAllowlist, type AllowlistEntry } from './list-allowlist.js';

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

