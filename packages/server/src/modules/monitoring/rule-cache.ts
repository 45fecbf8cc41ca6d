import type { Tx } from '../../platform/db/database.js';
import { CompiledRules, type WatchRule } from './compile-rules.js';
import { ensureMonitoringSettings, type MonitoringSettings } from './monitoring-settings.js';

const compiled = new Map<string, { version: number; rules: CompiledRules }>();

export function toWatchRule(row: {
  id: string;
  name: string;
  kind: 'terms' | 'regex' | 'pii';
  terms: string[];
  pattern: string | null;
  pii_types: string[];
  sensitive_flags: string[];
  directions: string[];
  channel_types: string[];
  teams: string[];
  severity: WatchRule['severity'];
}): WatchRule {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    terms: row.terms,
    pattern: row.pattern,
    piiTypes: row.pii_types,
    sensitiveFlags: row.sensitive_flags,
    directions: row.directions,
    channelTypes: row.channel_types,
    teams: row.teams,
    severity: row.severity,
  };
}

/**
 * The organisation's enabled rules, compiled once per rule-set version and kept per node. Each
 * call costs one small read (the version); the rules are read and compiled again only after a
 * change, on whichever node ingests next.
 */
export async function compiledRulesOf(tx: Tx, orgId: string): Promise<{ rules: CompiledRules; settings: MonitoringSettings }> {
  const settings = await ensureMonitoringSettings(tx, orgId);
  const cached = compiled.get(orgId);
  if (cached && cached.version === settings.rulesVersion) return { rules: cached.rules, settings };
  const rows = await tx.selectFrom('watch_rules').selectAll().where('org_id', '=', orgId).where('enabled', '=', true).execute();
  const rules = new CompiledRules(rows.map(toWatchRule));
  compiled.set(orgId, { version: settings.rulesVersion, rules });
  return { rules, settings };
}

/** Drops this node's compiled rules of an organisation (the version check covers other nodes). */
export function forgetCompiledRules(orgId: string): void {
  compiled.delete(orgId);
}
