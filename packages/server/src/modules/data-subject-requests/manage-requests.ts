import type { AppContext } from '../../platform/context.js';
import { sql, type Tx } from '../../platform/db/database.js';
import type { DataSubjectRequestKind, DataSubjectRequestsTable } from '../../platform/db/schema.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { loadContactKey } from '../contacts/contact-keys.js';
import type { IdentityKind } from '../contacts/identities.js';
import { createRequest } from './create-request.js';
import { extendedDueDate, extensionProblem } from './deadlines.js';
import { findSubject } from './find-subject.js';
import { completeInTx, markVerified, startErasure, startExport } from './fulfil-request.js';
import { assertOpen, loadRequestForUpdate } from './load-request.js';
import { normaliseCorrection, proposeCorrection, type CorrectableField } from './portal-intake.js';
import { recordRequestStep } from './record-request-step.js';
import { ERASURE_KINDS, EXPORT_KINDS, OPEN_STATUSES, type RequestLang } from './request-kinds.js';
import { toRequestView, type RequestView } from './request-view.js';

/**
 * A request received by phone, letter or in person, registered by staff with the evidence of
 * identity they used: it starts verified, and its clock runs from now.
 */
export async function registerRequest(
  ctx: AppContext,
  input: {
    orgId: string;
    actor: Actor;
    userId: string | null;
    ip: string | null;
    kind: DataSubjectRequestKind;
    channel: DataSubjectRequestsTable['channel'];
    language: RequestLang;
    identities: Array<{ kind: IdentityKind; value: string }>;
    evidence: string;
    details?: string | null;
    correction?: { field: CorrectableField; value: string } | null;
  },
): Promise<RequestView> {
  if (input.kind === 'correction' && !input.correction) throw Problem.field('correction', 'say which field to correct and its correct value');
  const correctedValue = input.correction ? normaliseCorrection(input.correction.field, input.correction.value) : null;
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const subject = await findSubject(tx, ctx.kms, input.orgId, input.identities);
    const first = subject.identities[0];
    if (!first) throw Problem.field('identities', 'no contact on file has any of these identities');
    // The identity the requester is told at: an e-mail on file, else their WhatsApp number (the
    // notice then goes on WhatsApp), else the first one given.
    const ofFirst = subject.identities.filter((i) => i.contactId === first.contactId);
    const toldAt = ofFirst.find((i) => i.kind === 'email') ?? ofFirst.find((i) => i.kind === 'whatsapp') ?? first;
    let request = await createRequest(ctx, tx, {
      orgId: input.orgId,
      kind: input.kind,
      contactId: first.contactId,
      relatedContactIds: subject.contactIds,
      identityId: toldAt.id,
      language: input.language,
      channel: input.channel,
      details: input.details ?? null,
      evidence: input.evidence,
      actor: input.actor,
      ip: input.ip,
      createdBy: input.userId,
    });
    if (input.correction && correctedValue) {
      const key = await loadContactKey(ctx, input.orgId, first.contactId);
      await proposeCorrection(tx, key, { orgId: input.orgId, requestId: request.id, contactId: first.contactId, field: input.correction.field, value: correctedValue });
    }
    request = await markVerified(ctx, tx, request, input.actor, input.ip, 'staff_evidence');
    return toRequestView(request);
  });
}

export interface QueueFilter {
  status?: 'open' | 'closed' | 'all' | 'overdue';
  limit: number;
}

/** The DPO queue: open requests by time left (overdue first), then the rest by receipt. */
export async function listRequests(tx: Tx, orgId: string, filter: QueueFilter): Promise<{ items: RequestView[]; overdue: number }> {
  let q = tx.selectFrom('data_subject_requests').selectAll().where('org_id', '=', orgId);
  const status = filter.status ?? 'open';
  if (status === 'open' || status === 'overdue') q = q.where('status', 'in', OPEN_STATUSES);
  if (status === 'overdue') q = q.where(sql<boolean>`coalesce(extended_due_at, due_at) < now()`);
  if (status === 'closed') q = q.where('status', 'in', ['completed', 'rejected']);
  const rows = await q
    .orderBy(sql`CASE WHEN status IN ('completed', 'rejected') THEN 1 ELSE 0 END`)
    .orderBy(sql`CASE WHEN status IN ('completed', 'rejected') THEN NULL ELSE coalesce(extended_due_at, due_at) END`, 'asc')
    .orderBy('received_at', 'desc')
    .limit(filter.limit)
    .execute();
  const overdue = await tx
    .selectFrom('data_subject_requests')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('status', 'in', OPEN_STATUSES)
    .where(sql<boolean>`coalesce(extended_due_at, due_at) < now()`)
    .executeTakeFirst();
  return { items: rows.map((r) => toRequestView(r)), overdue: Number(overdue?.n ?? 0) };
}

export async function getRequest(tx: Tx, orgId: string, id: string) {
  const row = await tx.selectFrom('data_subject_requests').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw Problem.notFound('Data-subject request');
  const events = await tx.selectFrom('data_subject_request_events').select(['id', 'at', 'type', 'actor_id', 'note']).where('org_id', '=', orgId).where('request_id', '=', id).orderBy('at').execute();
  const corrections = await tx.selectFrom('data_subject_corrections').select(['id', 'field', 'status', 'decided_at', 'decision_note']).where('org_id', '=', orgId).where('request_id', '=', id).execute();
  const exports = await tx.selectFrom('data_subject_exports').select(['id', 'status', 'size_bytes', 'expires_at', 'downloads', 'last_downloaded_at', 'created_at']).where('org_id', '=', orgId).where('request_id', '=', id).orderBy('created_at').execute();
  return {
    ...toRequestView(row),
    hasDetails: !!row.details_sealed,
    hasEvidence: !!row.evidence_sealed,
    events: events.map((e) => ({ id: e.id, at: e.at, type: e.type, actorId: e.actor_id, note: e.note })),
    corrections: corrections.map((c) => ({ id: c.id, field: c.field, status: c.status, decidedAt: c.decided_at, note: c.decision_note })),
    exports: exports.map((x) => ({ id: x.id, status: x.status, sizeBytes: x.size_bytes, expiresAt: x.expires_at, downloads: x.downloads, lastDownloadedAt: x.last_downloaded_at, createdAt: x.created_at })),
  };
}

type StaffInput = { orgId: string; id: string; actor: Actor; ip: string | null };

/** GDPR Art. 12(3): two more months, told to the requester with reasons inside the first month. */
export async function extendRequest(ctx: AppContext, input: StaffInput & { reason: string }): Promise<RequestView> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const request = await loadRequestForUpdate(tx, input.orgId, input.id);
    assertOpen(request);
    const problem = extensionProblem(request.law, request.due_at, !!request.extended_due_at);
    if (problem) throw Problem.conflict(problem, 'extension-not-allowed');
    const row = await tx
      .updateTable('data_subject_requests')
      .set({ status: 'extended', extended_due_at: extendedDueDate(request.received_at), extension_reason: input.reason, updated_at: new Date() })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordRequestStep(ctx, tx, { request: row, type: 'extended', actor: input.actor, ip: input.ip, note: input.reason });
    return toRequestView(row);
  });
}

export async function rejectRequest(ctx: AppContext, input: StaffInput & { reason: string }): Promise<RequestView> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const request = await loadRequestForUpdate(tx, input.orgId, input.id);
    assertOpen(request);
    const row = await tx
      .updateTable('data_subject_requests')
      .set({ status: 'rejected', rejection_reason: input.reason, completed_at: new Date(), updated_at: new Date() })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordRequestStep(ctx, tx, { request: row, type: 'rejected', actor: input.actor, ip: input.ip, note: input.reason });
    return toRequestView(row);
  });
}

/** Answers a request by hand (information about sharing or refusing consent, a duplicate...). */
export async function completeRequest(ctx: AppContext, input: StaffInput & { answer: string }): Promise<RequestView> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const request = await loadRequestForUpdate(tx, input.orgId, input.id);
    assertOpen(request);
    if (request.status === 'received') throw Problem.conflict('The requester has not proven their identity yet.', 'identity-not-verified');
    if (ERASURE_KINDS.has(request.kind) && !request.duplicate_of) throw Problem.conflict('Erasure requests are completed by the erasure job (POST …/erase).', 'use-erase');
    return toRequestView(await completeInTx(ctx, tx, request, input.actor, { answeredBy: 'staff' }, input.answer, input.ip));
  });
}

/** Starts the erasure job for a verified erasure or anonymisation request. */
export async function eraseRequest(ctx: AppContext, input: StaffInput): Promise<RequestView> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const request = await loadRequestForUpdate(tx, input.orgId, input.id);
    assertOpen(request);
    if (!ERASURE_KINDS.has(request.kind)) throw Problem.conflict(`Request #${request.ref} is a ${request.kind} request, not an erasure.`, 'not-an-erasure');
    if (request.status === 'received') throw Problem.conflict('The requester has not proven their identity yet.', 'identity-not-verified');
    if (request.status === 'in_progress') throw Problem.conflict('The erasure is already running.', 'already-running');
    return toRequestView(await startErasure(ctx, tx, request, input.actor, input.ip));
  });
}

/** Builds a new access bundle (the first one expired, or the DPO answers a duplicate). */
export async function rebuildExport(ctx: AppContext, input: StaffInput): Promise<RequestView> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const request = await loadRequestForUpdate(tx, input.orgId, input.id);
    if (!EXPORT_KINDS.has(request.kind)) throw Problem.conflict(`Request #${request.ref} is not an access or portability request.`, 'not-an-access-request');
    if (request.status === 'received' || request.status === 'rejected') throw Problem.conflict(`Request #${request.ref} is ${request.status}.`, 'request-not-ready');
    if (request.status === 'completed') {
      await tx.updateTable('data_subject_requests').set({ status: 'in_progress', updated_at: new Date() }).where('org_id', '=', input.orgId).where('id', '=', input.id).execute();
    }
    const fresh = await loadRequestForUpdate(tx, input.orgId, input.id);
    return toRequestView(await startExport(ctx, tx, fresh, input.actor, input.ip));
  });
}
