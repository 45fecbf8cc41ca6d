import type { AttachmentStatus } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';

/** Masked messages of one conversation, oldest first. Originals only through revealMessage. */
export async function listMessages(tx: Tx, orgId: string, conversationId: string, options: { after?: Date; limit: number }) {
  const conv = await tx.selectFrom('conversations').select('id').where('org_id', '=', orgId).where('id', '=', conversationId).executeTakeFirst();
  if (!conv) throw Problem.notFound('Conversation');
  let q = tx
    .selectFrom('messages')
    .select(['id', 'direction', 'sender_type', 'sender_id', 'content_type', 'body_masked', 'pii_types', 'sensitive_flags', 'state', 'error', 'purged_at', 'created_at'])
    // Whether an original exists, without reading the ciphertext into a listing.
    .select((eb) => eb('body_sealed', 'is not', null).$castTo<boolean>().as('has_original'))
    .where('org_id', '=', orgId)
    .where('conversation_id', '=', conversationId);
  if (options.after) q = q.where('created_at', '>', options.after);
  const rows = await q.orderBy('created_at').limit(options.limit).execute();
  const attachments = await listAttachmentFacts(tx, orgId, rows.map((m) => m.id));
  return rows.map((m) => ({
    id: m.id,
    direction: m.direction,
    senderType: m.sender_type,
    senderId: m.sender_id,
    contentType: m.content_type,
    body: m.body_masked,
    piiTypes: m.pii_types,
    sensitiveFlags: m.sensitive_flags,
    revealable: m.has_original && m.purged_at === null && m.pii_types.length > 0,
    state: m.state,
    error: m.error,
    createdAt: m.created_at,
    attachments: (attachments.get(m.id) ?? []).map((a) => ({ ...a, revealable: a.status === 'stored' && m.purged_at === null })),
  }));
}

/**
 * Masked facts of the messages' attachments (type, size, masked file name, status and why it is
 * not stored), never their content: that needs the audited attachment reveal.
 */
async function listAttachmentFacts(tx: Tx, orgId: string, messageIds: string[]) {
  const byMessage = new Map<string, Array<{ id: string; mimeType: string; sizeBytes: number | null; filenameMasked: string | null; status: AttachmentStatus; reason: string | null }>>();
  if (!messageIds.length) return byMessage;
  const rows = await tx
    .selectFrom('attachments')
    .select(['id', 'message_id', 'mime_type', 'size_bytes', 'filename_masked', 'status', 'reason'])
    .where('org_id', '=', orgId)
    .where('message_id', 'in', messageIds)
    .orderBy('created_at')
    .execute();
  for (const a of rows) {
    const list = byMessage.get(a.message_id) ?? [];
    list.push({ id: a.id, mimeType: a.mime_type, sizeBytes: a.size_bytes, filenameMasked: a.filename_masked, status: a.status, reason: a.reason });
    byMessage.set(a.message_id, list);
  }
  return byMessage;
}
