import type { AppContext } from '../../platform/context.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { openForOrganization } from '../channels/channel-secrets.js';
import { Problem } from '../../platform/http/problem.js';
import { detailsAad, evidenceAad } from './create-request.js';

/**
 * What the requester wrote and the evidence staff recorded are sealed; the DPO reads them through
 * an audited reveal with a reason, like any other original.
 */
export async function revealRequestDetails(
  ctx: AppContext,
  input: { orgId: string; id: string; actor: Actor; ip: string | null; reason: string },
): Promise<{ details: string | null; evidence: string | null }> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const r = await tx.selectFrom('data_subject_requests').select(['id', 'ref', 'details_sealed', 'evidence_sealed']).where('org_id', '=', input.orgId).where('id', '=', input.id).executeTakeFirst();
    if (!r) throw Problem.notFound('Data-subject request');
    if (!r.details_sealed && !r.evidence_sealed) throw new Problem(410, 'nothing-to-reveal', 'Gone', 'This request holds no details (none were given, or the subject was erased).');
    const details = r.details_sealed ? openForOrganization<string>(ctx.kms, input.orgId, detailsAad(r.id), r.details_sealed) : null;
    const evidence = r.evidence_sealed ? openForOrganization<string>(ctx.kms, input.orgId, evidenceAad(r.id), r.evidence_sealed) : null;
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'data_subject_request.details_revealed',
      target: { type: 'data_subject_request', id: r.id },
      reason: input.reason,
      ip: input.ip,
      metadata: { ref: r.ref, details: !!details, evidence: !!evidence },
    });
    return { details, evidence };
  });
}
