import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { isIpAllowed } from './is-ip-allowed.js';
import { listAllowlist } from './list-allowlist.js';

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

