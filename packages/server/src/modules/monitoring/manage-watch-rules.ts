import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { WatchRulesTable } from '../../platform/db/schema.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { bumpRulesVersion, ensureMonitoringSettings } from './monitoring-settings.js';
import { forgetCompiledRules } from './rule-cache.js';
import { checkWatchRule, type WatchRuleInput } from './watch-rule-input.js';

export interface WatchRuleView {
  id: string;
  name: string;
  description: string;
  kind: string;
  terms: string[];
  pattern: string | null;
  piiTypes: string[];
  sensitiveFlags: string[];
  directions: string[];
  channelTypes: string[];
  teams: string[];
  severity: string;
  enabled: boolean;
  pack: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toWatchRuleView(r: Selectable<WatchRulesTable>): WatchRuleView {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    terms: r.terms,
    pattern: r.pattern,
    piiTypes: r.pii_types,
    sensitiveFlags: r.sensitive_flags,
    directions: r.directions,
    channelTypes: r.channel_types,
    teams: r.teams,
    severity: r.severity,
    enabled: r.enabled,
    pack: r.pack,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Every rule of the organisation (the seeded packs on first visit), by name. */
export async function listWatchRules(tx: Tx, orgId: string): Promise<WatchRuleView[]> {
  await ensureMonitoringSettings(tx, orgId);
  const rows = await tx.selectFrom('watch_rules').selectAll().where('org_id', '=', orgId).orderBy('name').orderBy('id').execute();
  return rows.map(toWatchRuleView);
}

const columns = (input: WatchRuleInput) => ({
  name: input.name,
  description: input.description,
  kind: input.kind,
  terms: input.terms,
  pattern: input.pattern,
  pii_types: input.piiTypes,
  sensitive_flags: input.sensitiveFlags,
  directions: input.directions,
  channel_types: input.channelTypes,
  teams: input.teams,
  severity: input.severity,
  enabled: input.enabled,
});

/** What the audit log keeps of a rule: its shape, not its term list (which can be long). */
const auditShape = (input: WatchRuleInput) => ({ name: input.name, kind: input.kind, severity: input.severity, enabled: input.enabled, terms: input.terms.length });

/**
 * Saves a rule (new when `id` is absent). Patterns are checked for linear-time matching first;
 * the rule-set version is bumped in the same transaction so every node recompiles.
 */
export async function saveWatchRule(
  ctx: AppContext,
  input: { orgId: string; id?: string; actor: Actor; userId: string | null; ip: string | null; rule: WatchRuleInput },
): Promise<WatchRuleView> {
  const rule = checkWatchRule(input.rule);
  const view = await ctx.database.withTenant(input.orgId, async (tx) => {
    await ensureMonitoringSettings(tx, input.orgId);
    let row;
    if (input.id) {
      row = await tx
        .updateTable('watch_rules')
        .set({ ...columns(rule), updated_at: new Date() })
        .where('org_id', '=', input.orgId)
        .where('id', '=', input.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw Problem.notFound('Watch rule');
    } else {
      row = await tx
        .insertInto('watch_rules')
        .values({ org_id: input.orgId, id: randomUUID(), created_by: input.userId, ...columns(rule) })
        .returningAll()
        .executeTakeFirstOrThrow();
    }
    await bumpRulesVersion(tx, input.orgId);
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: input.id ? 'watch_rule.updated' : 'watch_rule.created',
      target: { type: 'watch_rule', id: row.id },
      ip: input.ip,
      metadata: auditShape(rule),
    });
    return toWatchRuleView(row);
  });
  forgetCompiledRules(input.orgId);
  return view;
}

export async function deleteWatchRule(ctx: AppContext, input: { orgId: string; id: string; actor: Actor; ip: string | null }): Promise<void> {
  await ctx.database.withTenant(input.orgId, async (tx) => {
    const row = await tx.deleteFrom('watch_rules').where('org_id', '=', input.orgId).where('id', '=', input.id).returning(['id', 'name']).executeTakeFirst();
    if (!row) throw Problem.notFound('Watch rule');
    await bumpRulesVersion(tx, input.orgId);
    await recordAuditEntry(tx, { orgId: input.orgId, actor: input.actor, action: 'watch_rule.deleted', target: { type: 'watch_rule', id: row.id }, ip: input.ip, metadata: { name: row.name } });
  });
  forgetCompiledRules(input.orgId);
}
