import type { AppContext } from '../../../platform/context.js';
import { assertProcessingNotRestricted } from '../../contacts/assert-not-restricted.js';
import { Problem } from '../../../platform/http/problem.js';
import type { Actor } from '../../audit/actor.js';
import { recordAuditEntry } from '../../audit/record-audit-entry.js';
import { loadContactKey, openForContact, ShreddedKeyError } from '../../contacts/contact-keys.js';
import { attachmentAad, attachmentFilenameAad } from './download-media.js';

export interface RevealedAttachment {
  attachmentId: string;
  mimeType: string;
  /** The original file name (personal data), or a neutral one when the customer sent none. */
  filename: string;
  content: Buffer;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'audio/ogg': 'ogg', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a',
  'audio/aac': 'aac', 'audio/amr': 'amr', 'video/mp4': 'mp4', 'video/3gpp': '3gp', 'application/pdf': 'pdf', 'text/plain': 'txt',
};

/**
 * The audited reveal of an attachment: its original bytes (and file name), for someone with the
 * permission and a reason. The audit entry is written in the same transaction as the read.
 */
export async function revealAttachment(
  ctx: AppContext,
  input: { orgId: string; messageId: string; attachmentId: string; actor: Actor; reason: string; ip: string | null },
): Promise<RevealedAttachment> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const row = await tx
      .selectFrom('attachments')
      .innerJoin('messages', (j) => j.onRef('messages.org_id', '=', 'attachments.org_id').onRef('messages.id', '=', 'attachments.message_id'))
      .select(['attachments.id', 'attachments.contact_id', 'attachments.mime_type', 'attachments.status', 'attachments.content_sealed', 'attachments.filename_sealed', 'messages.conversation_id', 'messages.purged_at'])
      .where('attachments.org_id', '=', input.orgId)
      .where('attachments.id', '=', input.attachmentId)
      .where('attachments.message_id', '=', input.messageId)
      .executeTakeFirst();
    if (!row) throw Problem.notFound('Attachment');
    if (row.purged_at) throw new Problem(410, 'original-purged', 'Gone', 'The original of this message and its attachments was purged.');
    await assertProcessingNotRestricted(tx, input.orgId, row.contact_id);
    if (row.status !== 'stored' || !row.content_sealed) {
      throw new Problem(409, 'attachment-not-stored', 'Attachment not stored', `This attachment is ${row.status}; there is no content to reveal.`);
    }
    let key: Buffer;
    try {
      key = await loadContactKey(ctx, input.orgId, row.contact_id);
    } catch (err) {
      if (err instanceof ShreddedKeyError) throw new Problem(410, 'subject-erased', 'Gone', 'The data of this contact was erased.');
      throw err;
    }
    const content = openForContact(key, row.content_sealed, attachmentAad(input.orgId, row.id));
    const filename = row.filename_sealed
      ? openForContact(key, row.filename_sealed, attachmentFilenameAad(input.orgId, row.id)).toString('utf8')
      : `attachment-${row.id.slice(0, 8)}.${EXTENSIONS[row.mime_type] ?? 'bin'}`;
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'attachment.revealed',
      target: { type: 'attachment', id: row.id },
      reason: input.reason,
      ip: input.ip,
      metadata: { messageId: input.messageId, conversationId: row.conversation_id, contactId: row.contact_id, mimeType: row.mime_type, sizeBytes: content.length },
    });
    return { attachmentId: row.id, mimeType: row.mime_type, filename, content };
  });
}

/**
 * Content-Disposition for a download: always `attachment` (a customer's HTML or SVG is never
 * rendered in our origin), with an ASCII fallback and the UTF-8 name (RFC 6266 / 8187).
 */
export function attachmentDisposition(filename: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = filename.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 200) || 'attachment';
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(clean)}`;
}
