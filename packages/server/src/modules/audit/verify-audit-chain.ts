import type { Database } from '../../platform/db/database.js';
import { GENESIS_HASH, hashAuditEntry } from './audit-hash.js';

export interface ChainBreak {
  orgId: string;
  seq: number;
  problem: 'altered' | 'missing' | 'out-of-order';
  detail: string;
}

export interface ChainHead {
  orgId: string;
  seq: number;
  hash: string;
}

export interface ChainReport {
  organizations: number;
  entries: number;
  breaks: ChainBreak[];
  /** The newest entry of each chain: keep these outside the database to detect truncation later. */
  heads: ChainHead[];
}

const BATCH = 2000;

/**
 * Walks each organisation's chain in sequence order and names the first broken link: an entry whose
 * content no longer matches its hash (altered), a gap in the sequence (missing), or an entry that
 * does not point at its predecessor (out of order). Truncating the newest entries leaves a valid
 * shorter chain: `anchors` (heads saved earlier outside the database) catch that.
 */
export async function verifyAuditChain(
  database: Database,
  options: { orgId?: string; anchors?: Map<string, { seq: number; hash: string }>; onProgress?: (checked: number, total: number) => void } = {},
): Promise<ChainReport> {
  return database.withSystem(async (tx) => {
    // Every organisation, not only those with entries: a chain deleted whole is a break too.
    let orgQuery = tx.selectFrom('organizations').select('id as org_id');
    if (options.orgId) orgQuery = orgQuery.where('id', '=', options.orgId);
    const orgIds = (await orgQuery.execute()).map((r) => r.org_id);
    let countQuery = tx.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'));
    if (options.orgId) countQuery = countQuery.where('org_id', '=', options.orgId);
    const total = Number((await countQuery.executeTakeFirstOrThrow()).n);

    const heads: ChainHead[] = [];
    const report: ChainReport = { organizations: orgIds.length, entries: 0, breaks: [], heads };
    for (const orgId of orgIds) {
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let after = 0;
      orgLoop: for (;;) {
        const rows = await tx
          .selectFrom('audit_log')
          .selectAll()
          .where('org_id', '=', orgId)
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(BATCH)
          .execute();
        if (rows.length === 0) break;
        for (const row of rows) {
          report.entries++;
          after = row.seq;
          if (row.seq !== expectedSeq) {
            report.breaks.push({
              orgId,
              seq: expectedSeq,
              problem: 'missing',
              detail: `entry ${expectedSeq} is missing (next present entry is ${row.seq})`,
            });
            break orgLoop;
          }
          if (row.prev_hash !== prevHash) {
            report.breaks.push({
              orgId,
              seq: row.seq,
              problem: 'out-of-order',
              detail: `entry ${row.seq} does not link to entry ${row.seq - 1}`,
            });
            break orgLoop;
          }
          const recomputed = hashAuditEntry({
            orgId: row.org_id,
            seq: row.seq,
            id: row.id,
            at: row.at,
            actorType: row.actor_type,
            actorId: row.actor_id,
            actorLabel: row.actor_label,
            action: row.action,
            targetType: row.target_type,
            targetId: row.target_id,
            reason: row.reason,
            ip: row.ip,
            metadata: row.metadata,
            prevHash: row.prev_hash,
          });
          if (recomputed !== row.hash) {
            report.breaks.push({
              orgId,
              seq: row.seq,
              problem: 'altered',
              detail: `entry ${row.seq} does not match its hash`,
            });
            break orgLoop;
          }
          const anchor = options.anchors?.get(orgId);
          if (anchor && anchor.seq === row.seq && anchor.hash !== row.hash) {
            report.breaks.push({ orgId, seq: row.seq, problem: 'altered', detail: `entry ${row.seq} differs from the anchored head` });
            break orgLoop;
          }
          prevHash = row.hash;
          expectedSeq++;
        }
        options.onProgress?.(report.entries, total);
      }
      const last = expectedSeq - 1;
      const anchor = options.anchors?.get(orgId);
      if (!report.breaks.some((b) => b.orgId === orgId)) {
        if (last === 0) {
          report.breaks.push({ orgId, seq: 1, problem: 'missing', detail: 'the organisation has no audit entries at all' });
        } else if (anchor && last < anchor.seq) {
          report.breaks.push({ orgId, seq: last + 1, problem: 'missing', detail: `entries ${last + 1}–${anchor.seq} are missing (the anchored head is ${anchor.seq})` });
        }
      }
      heads.push({ orgId, seq: last, hash: prevHash });
    }
    return report;
  });
}
