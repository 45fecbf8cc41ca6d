import { randomUUID } from 'node:crypto';
import { sql, type Tx } from '../../platform/db/database.js';
import type { Severity } from '../../platform/db/schema.js';
import { RULE_PACKS } from './rule-packs.js';

export interface AnomalySettings {
  /** Reveals of originals by one user within the window that raise an alert. */
  revealLimit: number;
  revealWindowMinutes: number;
  /** Exports (audit CSV, data exports) by one user within the window. */
  exportLimit: number;
  exportWindowMinutes: number;
  /** Rows in one export that make it a bulk export. */
  bulkExportRows: number;
  /** Working hours in the organisation's time zone; reveals and exports outside them raise an alert. */
  workingHours: { start: string; end: string; days: number[]; timeZone: string } | null;
  /** Alert when a user signs in from a network (IPv4 /24, IPv6 /48) not seen for them before. */
  newNetwork: boolean;
}

export const defaultAnomalySettings: AnomalySettings = {
  revealLimit: 30,
  revealWindowMinutes: 60,
  exportLimit: 5,
  exportWindowMinutes: 60,
  bulkExportRows: 1000,
  workingHours: { start: '07:00', end: '20:00', days: [1, 2, 3, 4, 5, 6], timeZone: 'America/Sao_Paulo' },
  newNetwork: true,
};

export interface MonitoringSettings {
  rulesVersion: number;
  emailMinSeverity: Severity | 'never';
  webhookMinSeverity: Severity | 'never';
  anomalies: AnomalySettings;
  smallProcessingAgent: boolean;
  auditCursor: number;
}

/**
 * The organisation's monitoring settings, created with the seeded rule packs the first time they
 * are needed (first message ingested or first visit to the console). Concurrent first callers
 * race on the insert; only the winner seeds the packs.
 */
export async function ensureMonitoringSettings(tx: Tx, orgId: string): Promise<MonitoringSettings> {
  let row = await tx.selectFrom('monitoring_settings').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  if (!row) {
    const created = await tx
      .insertInto('monitoring_settings')
      .values({ org_id: orgId })
      .onConflict((oc) => oc.column('org_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (created) {
      await tx
        .insertInto('watch_rules')
        .values(
          RULE_PACKS.map((r) => ({
            org_id: orgId,
            id: randomUUID(),
            name: r.name,
            description: r.description,
            kind: r.kind,
            terms: r.terms ?? [],
            pattern: r.pattern ?? null,
            pii_types: r.piiTypes ?? [],
            sensitive_flags: r.sensitiveFlags ?? [],
            directions: r.directions ?? [],
            severity: r.severity,
            pack: r.pack,
          })),
        )
        .execute();
      row = created;
    } else {
      row = await tx.selectFrom('monitoring_settings').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow();
    }
  }
  return {
    rulesVersion: Number(row.rules_version),
    emailMinSeverity: row.email_min_severity,
    webhookMinSeverity: row.webhook_min_severity,
    anomalies: { ...defaultAnomalySettings, ...(row.anomaly_settings as Partial<AnomalySettings>) },
    smallProcessingAgent: row.small_processing_agent,
    auditCursor: Number(row.audit_cursor),
  };
}

/** Marks the rule set changed, so every node recompiles it before the next message. */
export async function bumpRulesVersion(tx: Tx, orgId: string): Promise<void> {
  await sql`UPDATE monitoring_settings SET rules_version = rules_version + 1, updated_at = now() WHERE org_id = ${orgId}`.execute(tx);
}
