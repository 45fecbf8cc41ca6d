import type { AppContext } from '../../platform/context.js';
import { isRole, rolePermissions } from '../auth/permissions.js';
import { mailTransport } from '../monitoring/send-alert-emails.js';
import { toIncidentView } from './incident-view.js';

/**
 * Reminders before each deadline (24 hours before) and when it passes: once per incident, clock
 * and kind (recorded, so a restart or a second worker does not repeat them). Each goes to the
 * console over the realtime feed and, when SMTP is configured, by e-mail to whoever keeps the
 * register. The e-mail names the incident number and the deadline only.
 */
export async function sendIncidentReminders(ctx: AppContext, orgId: string, now = new Date()): Promise<Array<{ incidentId: string; clock: string; kind: 'due_soon' | 'overdue' }>> {
  const due = await ctx.database.withTenant(orgId, async (tx) => {
    const rows = await tx.selectFrom('incidents').selectAll().where('org_id', '=', orgId).where('status', '!=', 'closed').execute();
    const sent = await tx.selectFrom('incident_reminders').select(['incident_id', 'clock', 'kind']).where('org_id', '=', orgId).execute();
    const done = new Set(sent.map((s) => `${s.incident_id}|${s.clock}|${s.kind}`));
    const out: Array<{ incidentId: string; ref: number; clock: string; kind: 'due_soon' | 'overdue'; deadline: Date }> = [];
    for (const row of rows) {
      for (const c of toIncidentView(row, now).clocks) {
        if (c.state !== 'due_soon' && c.state !== 'overdue') continue;
        if (done.has(`${row.id}|${c.clock}|${c.state}`)) continue;
        out.push({ incidentId: row.id, ref: row.ref, clock: c.clock, kind: c.state, deadline: c.deadline });
      }
    }
    if (out.length) {
      await tx
        .insertInto('incident_reminders')
        .values(out.map((r) => ({ org_id: orgId, incident_id: r.incidentId, clock: r.clock, kind: r.kind, sent_at: now })))
        .onConflict((oc) => oc.columns(['org_id', 'incident_id', 'clock', 'kind']).doNothing())
        .execute();
    }
    const users = out.length ? await tx.selectFrom('users').select(['email', 'role']).where('disabled_at', 'is', null).execute() : [];
    return { out, to: users.filter((u) => isRole(u.role) && rolePermissions[u.role].has('incidents:manage')).map((u) => u.email) };
  });
  for (const r of due.out) ctx.events.publish(orgId, { type: 'incident.updated', incidentId: r.incidentId, reminder: r.kind });
  const transporter = mailTransport(ctx);
  if (transporter && due.out.length && due.to.length) {
    const base = (ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/$/, '');
    for (const r of due.out) {
      const label = { anpd: 'ANPD', anpd_subjects: 'ANPD — titulares / subjects', gdpr: 'GDPR Art. 33' }[r.clock] ?? r.clock;
      await transporter.sendMail({
        from: ctx.config.SMTP_FROM,
        bcc: due.to,
        subject: `[Sigilo] ${r.kind === 'overdue' ? 'OVERDUE / VENCIDO' : 'Due within 24 h / Vence em 24 h'}: incident ${r.ref} — ${label}`,
        text: `Incident ${r.ref}: the ${label} deadline ${r.kind === 'overdue' ? 'passed' : 'is'} at ${r.deadline.toISOString()}.\nIncidente ${r.ref}: prazo ${label} ${r.kind === 'overdue' ? 'vencido em' : 'vence em'} ${r.deadline.toISOString()}.\n\n${base}/dpo?tab=incidents&incident=${r.incidentId}\n`,
      });
    }
  }
  return due.out.map(({ incidentId, clock, kind }) => ({ incidentId, clock, kind }));
}
