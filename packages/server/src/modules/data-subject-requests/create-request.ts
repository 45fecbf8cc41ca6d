import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { sql, type Tx } from '../../platform/db/database.js';
import type { DataSubjectRequestKind, DataSubjectRequestsTable } from '../../platform/db/schema.js';
import type { Actor } from '../audit/actor.js';
import { sealForOrganization } from '../channels/channel-secrets.js';
import { dueDate, lawOfCountry } from './deadlines.js';
import { recordRequestStep } from './record-request-step.js';
import { OPEN_STATUSES, type RequestLang } from './request-kinds.js';
import type { RequestRow } from './request-view.js';

const SIX_MONTHS_MS = 183 * 86_400_000;

export const detailsAad = (requestId: string) => `data_subject_requests:${requestId}:details`;
export const evidenceAad = (requestId: string) => `data_subject_requests:${requestId}:evidence`;

export interface NewRequest {
  orgId: string;
  kind: DataSubjectRequestKind;
  contactId: string;
  /** Other contacts of the same person (identity graph), answered together. */
  relatedContactIds?: string[];
  identityId: string | null;
  language: RequestLang;
  channel: DataSubjectRequestsTable['channel'];
  details?: string | null;
  /** How staff checked the requester's identity (phone/letter registrations). */
  evidence?: string | null;
  actor: Actor;
  ip: string | null;
  createdBy?: string | null;
}

/**
 * Registers a request and starts its legal clock (from receipt, whatever the identity check takes).
 * An open request of the same kind for the same subject marks this one a duplicate; one answered
 * in the last six months marks it a repeat (AEPD: more than one in six months may be excessive).
 */
export async function createRequest(ctx: AppContext, tx: Tx, input: NewRequest): Promise<RequestRow> {
  const org = await tx.selectFrom('organizations').select('country').where('id', '=', input.orgId).executeTakeFirstOrThrow();
  const law = lawOfCountry(org.country);
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'dsr:' + input.orgId}, 0))`.execute(tx);
  const last = await tx.selectFrom('data_subject_requests').select(sql<number>`coalesce(max(ref), 0)`.as('ref')).where('org_id', '=', input.orgId).executeTakeFirst();
  const earlier = await tx
    .selectFrom('data_subject_requests')
    .select(['id', 'status', 'completed_at'])
    .where('org_id', '=', input.orgId)
    .where('contact_id', '=', input.contactId)
    .where('kind', '=', input.kind)
    .orderBy('received_at', 'desc')
    .execute();
  const duplicate = earlier.find((e) => OPEN_STATUSES.includes(e.status));
  const repeat = earlier.find((e) => e.status === 'completed' && e.completed_at && Date.now() - e.completed_at.getTime() < SIX_MONTHS_MS);
  const id = randomUUID();
  const receivedAt = new Date();
  const row = await tx
    .insertInto('data_subject_requests')
    .values({
      org_id: input.orgId,
      id,
      ref: Number(last?.ref ?? 0) + 1,
      kind: input.kind,
      law,
      contact_id: input.contactId,
      related_contact_ids: (input.relatedContactIds ?? []).filter((c) => c !== input.contactId),
      identity_id: input.identityId,
      language: input.language,
      channel: input.channel,
      details_sealed: input.details ? sealForOrganization(ctx.kms, input.orgId, detailsAad(id), input.details) : null,
      evidence_sealed: input.evidence ? sealForOrganization(ctx.kms, input.orgId, evidenceAad(id), input.evidence) : null,
      duplicate_of: duplicate?.id ?? null,
      repeat_of: repeat?.id ?? null,
      received_at: receivedAt,
      due_at: dueDate(law, receivedAt),
      created_by: input.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordRequestStep(ctx, tx, {
    request: row,
    type: 'received',
    actor: input.actor,
    ip: input.ip,
    // The portal's requester is told by the code e-mail; nothing more until they prove who they are.
    notify: false,
    metadata: { channel: input.channel, law, duplicate: !!duplicate, repeat: !!repeat },
  });
  return row;
}
