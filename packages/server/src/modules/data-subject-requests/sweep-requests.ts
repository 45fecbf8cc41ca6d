import type { AppContext } from '../../platform/context.js';
import { sql } from '../../platform/db/database.js';
import { systemActor } from '../audit/actor.js';
import { isRole, rolePermissions } from '../auth/permissions.js';
import { mailTransport } from '../monitoring/send-alert-emails.js';
import { recordRequestStep } from './record-request-step.js';

/** A portal request whose requester never typed the code is closed after this long. */
export const UNVERIFIED_TTL_MS = 24 * 3_600_000;

/**
 * The periodic sweep: alerts the DPO (and admins) once a day per overdue request, by e-mail and in
 * the request's history; closes portal requests whose identity was never proven; removes codes and
 * expired bundles. Crosses tenants only to find which ones have work, then works inside each.
 */
export async function sweepDataSubjectRequests(ctx: AppContext, now = new Date()): Promise<{ alerted: number; closed: number; purged: number }> {
  const orgs = await ctx.database.withSystem((tx) =>
    sql<{ org_id: string }>`SELECT DISTINCT org_id FROM data_subject_requests WHERE status IN ('received', 'identity_verified', 'in_progress', 'extended')
      UNION SELECT DISTINCT org_id FROM data_subject_verifications UNION SELECT DISTINCT org_id FROM data_subject_exports WHERE bundle_sealed IS NOT NULL`.execute(tx),
  );
  const actor = systemActor('data-subject-requests');
  let alerted = 0;
  let closed = 0;
  let purged = 0;
  for (const { org_id: orgId } of orgs.rows) {
    const found = await ctx.database.withTenant(orgId, async (tx) => {
      const stale = await tx
        .selectFrom('data_subject_requests')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('status', '=', 'received')
        .where('channel', '=', 'portal')
        .where('received_at', '<', new Date(now.getTime() - UNVERIFIED_TTL_MS))
        .forUpdate()
        .execute();
      for (const r of stale) {
        const row = await tx
          .updateTable('data_subject_requests')
          .set({ status: 'rejected', rejection_reason: 'identity not confirmed within 24 hours', completed_at: now, updated_at: now })
          .where('org_id', '=', orgId)
          .where('id', '=', r.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordRequestStep(ctx, tx, { request: row, type: 'rejected', actor, note: 'identity not confirmed within 24 hours', notify: false });
        closed++;
      }
      const overdue = await tx
        .selectFrom('data_subject_requests as r')
        .selectAll('r')
        .where('r.org_id', '=', orgId)
        .where('r.status', 'in', ['identity_verified', 'in_progress', 'extended'])
        .where(sql<boolean>`coalesce(r.extended_due_at, r.due_at) < ${now}`)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('data_subject_request_events as e')
                .select('e.id')
                .whereRef('e.org_id', '=', 'r.org_id')
                .whereRef('e.request_id', '=', 'r.id')
                .where('e.type', '=', 'overdue_alert')
                .where('e.at', '>', new Date(now.getTime() - 86_400_000)),
            ),
          ),
        )
        .execute();
      for (const r of overdue) await recordRequestStep(ctx, tx, { request: r, type: 'overdue_alert', actor, notify: false });
      const codes = await tx.deleteFrom('data_subject_verifications').where('org_id', '=', orgId).where('expires_at', '<', new Date(now.getTime() - 86_400_000)).executeTakeFirst();
      const bundles = await tx
        .updateTable('data_subject_exports')
        .set({ bundle_sealed: null, status: 'expired' })
        .where('org_id', '=', orgId)
        .where('expires_at', '<', now)
        .where('bundle_sealed', 'is not', null)
        .executeTakeFirst();
      purged += Number(codes.numDeletedRows) + Number(bundles.numUpdatedRows);
      if (!overdue.length) return null;
      const users = await tx.selectFrom('users').select(['email', 'role']).where('org_id', '=', orgId).where('disabled_at', 'is', null).execute();
      const org = await tx.selectFrom('organizations').select('slug').where('id', '=', orgId).executeTakeFirstOrThrow();
      return { refs: overdue.map((r) => ({ id: r.id, ref: r.ref, kind: r.kind })), to: users.filter((u) => isRole(u.role) && rolePermissions[u.role].has('requests:manage')).map((u) => u.email), slug: org.slug };
    });
    if (!found) continue;
    alerted += found.refs.length;
    const transporter = mailTransport(ctx);
    if (transporter && found.to.length) {
      const base = (ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/$/, '');
      await transporter.sendMail({
        from: ctx.config.SMTP_FROM,
        bcc: found.to,
        subject: `[Sigilo] ${found.refs.length} data-subject request(s) overdue / solicitação(ões) de titular em atraso`,
        // Refs and kinds only: who asked is in the queue, for whoever may see it.
        text: `${found.refs.map((r) => `- #${r.ref} ${r.kind}: ${base}/requests?r=${r.id}`).join('\n')}\n\nLGPD Art. 19 / GDPR Art. 12(3).\n`,
      });
    }
  }
  return { alerted, closed, purged };
}
