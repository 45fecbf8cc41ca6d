import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { sql, type Tx } from '../../platform/db/database.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.js';
import type { RequestRow } from './request-view.js';

export const NOTIFY_QUEUE = 'dsr.notify';
export interface NotifyJob {
  orgId: string;
  requestId: string;
  eventId: string;
}

/**
 * One step of a request, written three times in the caller's transaction: the request's history
 * (what the requester sees), the audit log (what the authority sees) and the webhook
 * `data_subject_request.updated` (ids and states, no content). The requester is told by a job.
 */
export async function recordRequestStep(
  ctx: AppContext,
  tx: Tx,
  input: { request: RequestRow; type: string; actor: Actor; ip?: string | null; note?: string | null; notify?: boolean; metadata?: Record<string, unknown> },
): Promise<string> {
  const { request } = input;
  const eventId = randomUUID();
  await tx
    .insertInto('data_subject_request_events')
    // clock_timestamp(), not the transaction's now(): steps recorded together keep their order.
    .values({ org_id: request.org_id, id: eventId, request_id: request.id, at: sql<Date>`clock_timestamp()`, type: input.type, actor_id: input.actor.type === 'user' ? input.actor.id : null, note: input.note ?? null })
    .execute();
  await recordAuditEntry(tx, {
    orgId: request.org_id,
    actor: input.actor,
    action: `data_subject_request.${input.type}`,
    target: { type: 'data_subject_request', id: request.id },
    reason: input.note ?? undefined,
    ip: input.ip ?? null,
    metadata: { ref: request.ref, kind: request.kind, status: request.status, ...input.metadata },
  });
  await enqueueWebhookEvent(ctx, tx, request.org_id, 'data_subject_request.updated', {
    id: request.id,
    ref: request.ref,
    kind: request.kind,
    status: request.status,
    step: input.type,
    contactId: request.contact_id,
    dueAt: (request.extended_due_at ?? request.due_at).toISOString(),
  });
  if (input.notify !== false && request.identity_id) {
    await ctx.jobs.send<NotifyJob>(NOTIFY_QUEUE, { orgId: request.org_id, requestId: request.id, eventId }, { tx, retryLimit: 5 });
  }
  return eventId;
}
