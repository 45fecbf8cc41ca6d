import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { loadContactKey, openForContact } from '../contacts/contact-keys.js';
import { maskIdentity, type IdentityKind } from '../contacts/identities.js';
import { renameContact } from '../contacts/rename-contact.js';
import { replaceIdentity } from '../contacts/replace-identity.js';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.js';
import { completeInTx } from './fulfil-request.js';
import { loadRequestForUpdate } from './load-request.js';
import { correctionAad } from './portal-intake.js';
import { recordRequestStep } from './record-request-step.js';
import { toRequestView, type RequestView } from './request-view.js';

export interface CorrectionView {
  id: string;
  requestId: string;
  requestRef: number;
  contactId: string;
  field: string;
  /** What the agent sees: masked like any identity; the full value only through the reveal. */
  proposedMasked: string;
  status: string;
  createdAt: Date;
}

function maskProposed(field: string, value: string): string {
  if (field === 'display_name') return `${value.slice(0, 1)}${'•'.repeat(Math.min(6, Math.max(2, value.length - 1)))}`;
  return maskIdentity(field as IdentityKind, value);
}

async function openProposed(ctx: AppContext, tx: Tx, c: { org_id: string; id: string; contact_id: string; proposed_sealed: Buffer }): Promise<string> {
  const key = await loadContactKey(ctx, c.org_id, c.contact_id);
  return openForContact(key, c.proposed_sealed, correctionAad(c.org_id, c.id)).toString('utf8');
}

/** Corrections waiting for an agent, of requests whose requester proved their identity. */
export async function listPendingCorrections(ctx: AppContext, tx: Tx, orgId: string): Promise<CorrectionView[]> {
  const rows = await tx
    .selectFrom('data_subject_corrections as c')
    .innerJoin('data_subject_requests as r', (j) => j.onRef('r.org_id', '=', 'c.org_id').onRef('r.id', '=', 'c.request_id'))
    .select(['c.id', 'c.org_id', 'c.request_id', 'c.contact_id', 'c.field', 'c.proposed_sealed', 'c.status', 'c.created_at', 'r.ref'])
    .where('c.org_id', '=', orgId)
    .where('c.status', '=', 'proposed')
    .where('r.status', 'in', ['identity_verified', 'in_progress', 'extended'])
    .orderBy('c.created_at')
    .execute();
  const out: CorrectionView[] = [];
  for (const r of rows) {
    const value = await openProposed(ctx, tx, r).catch(() => '');
    out.push({ id: r.id, requestId: r.request_id, requestRef: r.ref, contactId: r.contact_id, field: r.field, proposedMasked: value ? maskProposed(r.field, value) : '', status: r.status, createdAt: r.created_at });
  }
  return out;
}

/**
 * An agent approves or declines a correction the subject proposed. Approved: the contact's name or
 * identity is replaced, the request is completed, and `contact.corrected` tells the recipients the
 * data was sent to (LGPD Art. 18 §6, GDPR Art. 19) which fields changed, never the values.
 */
export async function decideCorrection(
  ctx: AppContext,
  input: { orgId: string; id: string; approve: boolean; note?: string | null; actor: Actor; userId: string | null; ip: string | null },
): Promise<RequestView> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const c = await tx.selectFrom('data_subject_corrections').selectAll().where('org_id', '=', input.orgId).where('id', '=', input.id).forUpdate().executeTakeFirst();
    if (!c) throw Problem.notFound('Correction');
    if (c.status !== 'proposed') throw Problem.conflict(`This correction was already ${c.status}.`, 'correction-decided');
    const request = await loadRequestForUpdate(tx, input.orgId, c.request_id);
    if (request.status === 'received') throw Problem.conflict('The requester has not proven their identity yet.', 'identity-not-verified');
    if (request.status === 'completed' || request.status === 'rejected') throw Problem.conflict(`Request #${request.ref} is already ${request.status}.`, 'request-closed');
    if (!input.approve && !input.note) throw Problem.field('note', 'say why the correction is declined (the requester is told)');
    const decided = { decided_by: input.userId, decided_at: new Date(), decision_note: input.note ?? null };
    if (!input.approve) {
      await tx.updateTable('data_subject_corrections').set({ status: 'declined', ...decided }).where('org_id', '=', input.orgId).where('id', '=', c.id).execute();
      const row = await tx
        .updateTable('data_subject_requests')
        .set({ status: 'rejected', rejection_reason: input.note ?? null, completed_at: new Date(), updated_at: new Date() })
        .where('org_id', '=', input.orgId)
        .where('id', '=', request.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordRequestStep(ctx, tx, { request: row, type: 'rejected', actor: input.actor, ip: input.ip, note: input.note });
      return toRequestView(row);
    }
    const value = await openProposed(ctx, tx, c);
    if (c.field === 'display_name') {
      await renameContact(tx, { orgId: input.orgId, contactId: c.contact_id, displayName: value });
    } else {
      const { identityId, replaced } = await replaceIdentity(ctx, tx, { orgId: input.orgId, contactId: c.contact_id, kind: c.field as IdentityKind, value });
      // The requester is still told at the identity they proved: point the request at the new one.
      if (replaced && c.field === 'email') await tx.updateTable('data_subject_requests').set({ identity_id: identityId }).where('org_id', '=', input.orgId).where('id', '=', request.id).execute();
    }
    await tx.updateTable('data_subject_corrections').set({ status: 'applied', ...decided }).where('org_id', '=', input.orgId).where('id', '=', c.id).execute();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'contact.corrected',
      target: { type: 'contact', id: c.contact_id },
      ip: input.ip,
      metadata: { field: c.field, requestId: request.id, ref: request.ref },
    });
    await enqueueWebhookEvent(ctx, tx, input.orgId, 'contact.corrected', { contactId: c.contact_id, fields: [c.field], requestId: request.id, correctedAt: new Date().toISOString() });
    const fresh = await loadRequestForUpdate(tx, input.orgId, request.id);
    return toRequestView(await completeInTx(ctx, tx, fresh, input.actor, { corrected: [c.field] }, input.note ?? null, input.ip));
  });
}
