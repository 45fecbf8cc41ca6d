import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { loadRequestForUpdate } from './load-request.js';
import { recordRequestStep } from './record-request-step.js';
import { toRequestView, type RequestView } from './request-view.js';

/**
 * Lifts the restriction (blocking) a completed request set: the contact may be messaged and its
 * data revealed again. GDPR Art. 18(3) has the subject told before processing resumes, so the
 * reason goes into the request's history, the audit log and the requester's notice in the same
 * transaction that lifts it (LGPD Art. 18 IV has no separate rule; the same notice serves both).
 */
export async function liftRestriction(ctx: AppContext, input: { orgId: string; id: string; actor: Actor; ip: string | null; reason: string }): Promise<RequestView> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const request = await loadRequestForUpdate(tx, input.orgId, input.id);
    if (request.kind !== 'restriction' && request.kind !== 'blocking') throw Problem.conflict(`Request #${request.ref} is not a restriction or blocking request.`, 'not-a-restriction');
    if (request.status !== 'completed' || !request.contact_id) {
      throw Problem.conflict(`Request #${request.ref} has not restricted anything yet (it is ${request.status}).`, 'restriction-not-in-force');
    }
    const lifted = await tx
      .updateTable('contact_processing_limits')
      .set({ restricted_at: null })
      .where('org_id', '=', input.orgId)
      .where('contact_id', '=', request.contact_id)
      .where('restricted_at', 'is not', null)
      .executeTakeFirst();
    if (Number(lifted.numUpdatedRows) === 0) throw Problem.conflict(`The restriction of request #${request.ref} is no longer in force.`, 'restriction-not-in-force');
    const row = await tx
      .updateTable('data_subject_requests')
      .set({ outcome: JSON.stringify({ ...request.outcome, restrictionLiftedAt: new Date().toISOString() }), updated_at: new Date() })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordRequestStep(ctx, tx, { request: row, type: 'restriction_lifted', actor: input.actor, ip: input.ip, note: input.reason });
    return toRequestView(row);
  });
}
