import type { Tx } from '../../platform/db/database.js';
import { sql } from '../../platform/db/database.js';
import { toIncidentView } from '../incidents/incident-view.js';

/**
 * Figures for the console's charts over the last `days` days: alerts per day and severity, alerts
 * per rule, reveals of originals per agent (only for callers who may read the audit log), and
 * incidents by the state of their clocks.
 */
export async function consoleStats(tx: Tx, orgId: string, options: { days: number; withReveals: boolean; withIncidents: boolean }) {
  const since = new Date(Date.now() - options.days * 86400_000);
  const perDay = await sql<{ day: string; severity: string; n: string }>`
    SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, severity, count(*) AS n
    FROM alerts WHERE org_id = ${orgId} AND created_at >= ${since}
    GROUP BY 1, 2 ORDER BY 1`.execute(tx);
  const perRule = await sql<{ rule: string; n: string; open: string }>`
    SELECT rule_name AS rule, count(*) AS n, count(*) FILTER (WHERE status <> 'resolved') AS open
    FROM alerts WHERE org_id = ${orgId} AND created_at >= ${since}
    GROUP BY rule_name ORDER BY count(*) DESC LIMIT 15`.execute(tx);
  const outcomes = await sql<{ outcome: string | null; status: string; n: string }>`
    SELECT outcome, status, count(*) AS n FROM alerts WHERE org_id = ${orgId} AND created_at >= ${since} GROUP BY 1, 2`.execute(tx);
  const reveals = options.withReveals
    ? await sql<{ agent: string; n: string }>`
        SELECT COALESCE(u.name, a.actor_label, 'unknown') AS agent, count(*) AS n
        FROM audit_log a LEFT JOIN users u ON u.org_id = a.org_id AND u.id::text = a.actor_id
        WHERE a.org_id = ${orgId} AND a.at >= ${since} AND a.action IN ('message.revealed', 'identity.revealed')
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 15`.execute(tx)
    : null;
  const incidents = options.withIncidents ? await tx.selectFrom('incidents').selectAll().where('org_id', '=', orgId).where('status', '!=', 'closed').execute() : [];
  const byClock = new Map<string, number>();
  for (const i of incidents) {
    const state = toIncidentView(i).clockState;
    byClock.set(state, (byClock.get(state) ?? 0) + 1);
  }
  const days: string[] = [];
  for (let d = 0; d < options.days; d++) days.push(new Date(Date.now() - (options.days - 1 - d) * 86400_000).toISOString().slice(0, 10));
  const series = days.map((day) => {
    const row: Record<string, string | number> = { day, low: 0, medium: 0, high: 0, critical: 0 };
    for (const r of perDay.rows) if (r.day === day) row[r.severity] = Number(r.n);
    return row as { day: string; low: number; medium: number; high: number; critical: number };
  });
  return {
    alertsPerDay: series,
    alertsPerRule: perRule.rows.map((r) => ({ rule: r.rule, total: Number(r.n), open: Number(r.open) })),
    outcomes: outcomes.rows.map((r) => ({ outcome: r.outcome, status: r.status, count: Number(r.n) })),
    revealsPerAgent: reveals ? reveals.rows.map((r) => ({ agent: r.agent, count: Number(r.n) })) : null,
    incidentsByClock: options.withIncidents ? [...byClock].map(([state, count]) => ({ state, count })) : null,
  };
}
