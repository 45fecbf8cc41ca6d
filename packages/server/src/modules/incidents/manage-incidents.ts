import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { sql, type Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { recordAlertEvent } from '../monitoring/alert-events.js';
import { ensureMonitoringSettings } from '../monitoring/monitoring-settings.js';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.js';
import { incidentColumns, type IncidentFields } from './incident-input.js';
import { toIncidentView, type IncidentView } from './incident-view.js';

export async function listIncidents(tx: Tx, orgId: string, filter: { status?: 'open' | 'contained' | 'closed' | 'active'; limit: number }): Promise<IncidentView[]> {
  let q = tx.selectFrom('incidents').selectAll().where('org_id', '=', orgId);
  if (filter.status === 'active') q = q.where('status', '!=', 'closed');
  else if (filter.status) q = q.where('status', '=', filter.status);
  const rows = await q.orderBy('known_at', 'desc').limit(filter.limit).execute();
  return rows.map((r) => toIncidentView(r));
}

export async function getIncident(tx: Tx, orgId: string, id: string): Promise<IncidentView & { subjects: { total: number; notified: number } }> {
  const row = await tx.selectFrom('incidents').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw Problem.notFound('Incident');
  const counts = await tx
    .selectFrom('incident_subjects')
    .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>('notified_at').as('notified')])
    .where('org_id', '=', orgId)
    .where('incident_id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...toIncidentView(row), subjects: { total: Number(counts.total), notified: Number(counts.notified) } };
}

/**
 * Registers an incident, by hand or from an alert (which then points to it). The time of
 * knowledge defaults to now; the organisation's small-agent setting is the default for the
 * doubled ANPD deadlines. Audited; `incident.created` goes to webhooks.
 */
export async function createIncident(
  ctx: AppContext,
  input: { orgId: string; actor: Actor; userId: string | null; ip: string | null; fields: IncidentFields; alertId?: string },
): Promise<IncidentView> {
  const view = await ctx.database.withTenant(input.orgId, async (tx) => {
    const settings = await ensureMonitoringSettings(tx, input.orgId);
    if (input.alertId) {
      const alert = await tx.selectFrom('alerts').select(['id', 'incident_id']).where('org_id', '=', input.orgId).where('id', '=', input.alertId).forUpdate().executeTakeFirst();
      if (!alert) throw Problem.notFound('Alert');
      if (alert.incident_id) throw Problem.conflict('An incident was already opened from this alert.');
    }
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'incident-ref:' + input.orgId}, 0))`.execute(tx);
    const last = await tx.selectFrom('incidents').select((eb) => eb.fn.max('ref').as('ref')).where('org_id', '=', input.orgId).executeTakeFirst();
    const now = new Date();
    const f = input.fields;
    const row = await tx
      .insertInto('incidents')
      .values({
        ...incidentColumns(f),
        org_id: input.orgId,
        id: randomUUID(),
        ref: Number(last?.ref ?? 0) + 1,
        title: f.title,
        discovered_at: f.discoveredAt ?? now,
        known_at: f.knownAt ?? now,
        small_processing_agent: f.smallProcessingAgent ?? settings.smallProcessingAgent,
        alert_id: input.alertId ?? null,
        created_by: input.userId,
      } as never)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.alertId) {
      await tx.updateTable('alerts').set({ incident_id: row.id, updated_at: now }).where('org_id', '=', input.orgId).where('id', '=', input.alertId).execute();
      await recordAlertEvent(tx, { orgId: input.orgId, alertId: input.alertId, type: 'incident_opened', actorId: input.userId, data: { incidentId: row.id, ref: row.ref } });
    }
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'incident.created',
      target: { type: 'incident', id: row.id },
      ip: input.ip,
      metadata: { ref: row.ref, ...(input.alertId ? { alertId: input.alertId } : {}) },
    });
    await enqueueWebhookEvent(ctx, tx, input.orgId, 'incident.created', { incidentId: row.id, ref: row.ref, knownAt: row.known_at });
    return toIncidentView(row);
  });
  ctx.events.publish(input.orgId, { type: 'incident.updated', incidentId: view.id });
  if (input.alertId) ctx.events.publish(input.orgId, { type: 'alert.updated', alertId: input.alertId });
  return view;
}

/** Changes the record (assessment, notifications made, status). Audited with the fields changed. */
export async function updateIncident(
  ctx: AppContext,
  input: { orgId: string; id: string; actor: Actor; ip: string | null; fields: Partial<IncidentFields> },
): Promise<IncidentView> {
  const columns = incidentColumns(input.fields);
  if (!Object.keys(columns).length) throw Problem.badRequest('Nothing to change.');
  const view = await ctx.database.withTenant(input.orgId, async (tx) => {
    const row = await tx
      .updateTable('incidents')
      .set({ ...columns, updated_at: new Date() } as never)
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw Problem.notFound('Incident');
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'incident.updated',
      target: { type: 'incident', id: row.id },
      ip: input.ip,
      metadata: { fields: Object.keys(input.fields).filter((k) => (input.fields as Record<string, unknown>)[k] !== undefined) },
    });
    await enqueueWebhookEvent(ctx, tx, input.orgId, 'incident.updated', { incidentId: row.id, ref: row.ref, status: row.status });
    return toIncidentView(row);
  });
  ctx.events.publish(input.orgId, { type: 'incident.updated', incidentId: view.id });
  return view;
}
