import type { Database } from '../../platform/db/database.js';
import { listAuditEntries, type AuditFilter, type AuditEntryView } from './list-audit-entries.js';

const columns = ['seq', 'at', 'actor_type', 'actor_id', 'actor', 'action', 'target_type', 'target_id', 'reason', 'ip', 'metadata', 'hash'];

/** Quotes every cell and defuses spreadsheet formulas (cells starting with = + - @). */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

function row(e: AuditEntryView): string {
  return [e.seq, e.at, e.actorType, e.actorId, e.actorLabel, e.action, e.targetType, e.targetId, e.reason, e.ip, e.metadata, e.hash]
    .map(csvCell)
    .join(',');
}

/** Yields the CSV in pages of 1,000 entries so a long log never sits in memory at once. */
export async function* exportAuditCsv(database: Database, orgId: string, filter: AuditFilter): AsyncGenerator<string> {
  yield columns.join(',') + '\r\n';
  let before: number | undefined = filter.before;
  for (;;) {
    const page = await database.withTenant(orgId, (tx) => listAuditEntries(tx, orgId, { ...filter, before, limit: 1000 }));
    if (page.length === 0) return;
    yield page.map(row).join('\r\n') + '\r\n';
    before = page[page.length - 1]!.seq;
    if (page.length < 1000) return;
  }
}
