import type { Tx } from '../../platform/db/database.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';

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
