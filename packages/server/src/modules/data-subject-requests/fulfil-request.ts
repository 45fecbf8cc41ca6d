import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { Actor } from '../audit/actor.js';
import { checkConsent, recordConsentEvents } from '../consent/index.js';
import { listConsentPurposes } from '../consent/list-consent-purposes.js';
import { recordRequestStep } from './record-request-step.js';
import { ERASURE_KINDS, EXPORT_KINDS } from './request-kinds.js';
import type { RequestRow } from './request-view.js';

export const EXPORT_QUEUE = 'dsr.export';
export const ERASE_QUEUE = 'dsr.erase';
export interface RequestJob {
  orgId: string;
  requestId: string;
}

/** How long the signed link of an access bundle works. */
export const BUNDLE_TTL_MS = 7 * 86_400_000;

async function setStatus(tx: Tx, request: RequestRow, status: RequestRow['status'], extra: Partial<Pick<RequestRow, 'completed_at' | 'verified_at'>> & { outcome?: Record<string, unknown> } = {}): Promise<RequestRow> {
  return tx
    .updateTable('data_subject_requests')
    .set({
      status,
      updated_at: new Date(),
      ...(extra.completed_at ? { completed_at: extra.completed_at } : {}),
      ...(extra.verified_at ? { verified_at: extra.verified_at } : {}),
      ...(extra.outcome ? { outcome: JSON.stringify({ ...request.outcome, ...extra.outcome }) } : {}),
    })
    .where('org_id', '=', request.org_id)
    .where('id', '=', request.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function completeInTx(ctx: AppContext, tx: Tx, request: RequestRow, actor: Actor, outcome: Record<string, unknown>, note?: string | null, ip?: string | null): Promise<RequestRow> {
  const done = await setStatus(tx, request, 'completed', { completed_at: new Date(), outcome });
  await recordRequestStep(ctx, tx, { request: done, type: 'completed', actor, ip, note, metadata: { outcome: Object.keys(outcome) } });
  return done;
}

export async function startInTx(ctx: AppContext, tx: Tx, request: RequestRow, actor: Actor, ip?: string | null): Promise<RequestRow> {
  if (request.status === 'in_progress') return request;
  const next = request.status === 'extended' ? request : await setStatus(tx, request, 'in_progress');
  await recordRequestStep(ctx, tx, { request: next, type: 'in_progress', actor, ip, notify: false });
  return next;
}

/**
 * The identity is proven: the clock keeps running from receipt and the kinds Sigilo can answer on
 * its own start now. Access and portability are built by a job (reading originals is slow and
 * audited); consent withdrawal, objection and restriction are recorded at once.
 */
export async function markVerified(ctx: AppContext, tx: Tx, request: RequestRow, actor: Actor, ip: string | null, method: 'portal_code' | 'staff_evidence'): Promise<RequestRow> {
  let row = await setStatus(tx, request, 'identity_verified', { verified_at: new Date() });
  // How the identity was proven goes to the audit log; the requester's history shows the step only.
  await recordRequestStep(ctx, tx, { request: row, type: 'identity_verified', actor, ip, metadata: { method } });
  if (row.duplicate_of) return row; // a duplicate waits for the DPO, who answers it with the first
  if (EXPORT_KINDS.has(row.kind)) row = await startExport(ctx, tx, row, actor, ip);
  else if (row.kind === 'consent_withdrawal') row = await withdrawConsents(ctx, tx, row, actor, ip);
  else if (row.kind === 'objection' || row.kind === 'restriction' || row.kind === 'blocking') row = await setProcessingLimit(ctx, tx, row, actor, ip);
  return row;
}

export async function startExport(ctx: AppContext, tx: Tx, request: RequestRow, actor: Actor, ip: string | null): Promise<RequestRow> {
  const row = await startInTx(ctx, tx, request, actor, ip);
  await tx
    .insertInto('data_subject_exports')
    .values({ org_id: row.org_id, id: randomUUID(), request_id: row.id, contact_id: row.contact_id!, expires_at: new Date(Date.now() + BUNDLE_TTL_MS) })
    .execute();
  await ctx.jobs.send<RequestJob>(EXPORT_QUEUE, { orgId: row.org_id, requestId: row.id }, { tx, retryLimit: 3, singletonKey: `export:${row.id}` });
  return row;
}

export async function startErasure(ctx: AppContext, tx: Tx, request: RequestRow, actor: Actor, ip: string | null): Promise<RequestRow> {
  if (!ERASURE_KINDS.has(request.kind)) throw new Error('not an erasure request');
  const row = await startInTx(ctx, tx, request, actor, ip);
  await ctx.jobs.send<RequestJob>(ERASE_QUEUE, { orgId: row.org_id, requestId: row.id }, { tx, retryLimit: 3, singletonKey: `erase:${row.id}` });
  return row;
}

/**
 * Withdraws, in the consent ledger, every consent in force for the purposes chosen (all consent-based
 * ones, or only marketing for an objection), so every module that checks consent stops at once.
 */
async function withdrawInLedger(ctx: AppContext, tx: Tx, request: RequestRow, ip: string | null, onlyMarketing: boolean): Promise<string[]> {
  const contactId = request.contact_id!;
  const purposes = await listConsentPurposes(tx, request.org_id, { activeOnly: true, consentBasedOnly: true, marketingOnly: onlyMarketing });
  const withdrawn: string[] = [];
  for (const p of purposes) {
    const check = await checkConsent(tx, request.org_id, contactId, p.key, purposes);
    if (check.status === 'given' || check.status === 'renewal_needed') withdrawn.push(p.key);
  }
  if (withdrawn.length) {
    await recordConsentEvents(
      ctx,
      tx,
      request.org_id,
      { type: 'contact' },
      withdrawn.map((purposeKey) => ({
        contactId,
        purposeKey,
        event: 'withdrawn' as const,
        channel: 'portal' as const,
        method: 'privacy_portal' as const,
        evidence: { reference: `data-subject-request:${request.ref}` },
        language: request.language,
      })),
      { ip },
    );
  }
  return withdrawn;
}

/** Consent withdrawal ends in the consent ledger: one `withdrawn` event per purpose in force. */
async function withdrawConsents(ctx: AppContext, tx: Tx, request: RequestRow, actor: Actor, ip: string | null): Promise<RequestRow> {
  const withdrawn = await withdrawInLedger(ctx, tx, request, ip, false);
  return completeInTx(ctx, tx, request, actor, { consentWithdrawn: withdrawn });
}

/**
 * Objection stops processing on legitimate interest and marketing; restriction (blocking) keeps
 * the data but stops its use. Both are flags read through contactProcessingLimits.
 */
async function setProcessingLimit(ctx: AppContext, tx: Tx, request: RequestRow, actor: Actor, ip: string | null): Promise<RequestRow> {
  const now = new Date();
  const column = request.kind === 'objection' ? 'objection_at' : 'restricted_at';
  // An objection stops marketing through the ledger every sender already checks.
  const withdrawn = request.kind === 'objection' ? await withdrawInLedger(ctx, tx, request, ip, true) : [];
  await tx
    .insertInto('contact_processing_limits')
    .values({ org_id: request.org_id, contact_id: request.contact_id!, [column]: now, request_id: request.id })
    .onConflict((oc) => oc.columns(['org_id', 'contact_id']).doUpdateSet({ [column]: now, request_id: request.id }))
    .execute();
  return completeInTx(ctx, tx, request, actor, { [column === 'objection_at' ? 'objection' : 'restriction']: now.toISOString(), ...(withdrawn.length ? { consentWithdrawn: withdrawn } : {}) });
}

/** What processing must honour for a contact: marketing stops on objection; restricted contacts are not messaged or revealed. */
export async function contactProcessingLimits(tx: Tx, orgId: string, contactId: string): Promise<{ objected: boolean; restricted: boolean }> {
  const row = await tx.selectFrom('contact_processing_limits').select(['objection_at', 'restricted_at']).where('org_id', '=', orgId).where('contact_id', '=', contactId).executeTakeFirst();
  return { objected: !!row?.objection_at, restricted: !!row?.restricted_at };
}
