import type { Tx } from '../../platform/db/database.js';

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

