import { createHash, randomUUID } from 'node:crypto';
import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/database.js';
import type { AttachmentStatus } from '../../../platform/db/schema.js';
import { loadContactKey, openForContact, sealForContact, ShreddedKeyError } from '../../contacts/contact-keys.js';
import type { IngestHook } from '../../conversations/ingest-message.js';
import { loadChannel, type WhatsAppSecrets } from '../manage-channels.js';

/**
 * Inbound WhatsApp media (image, document, audio, video, sticker) becomes a sealed attachment:
 * the ingest hook records a pending attachment and enqueues a download in the ingest transaction;
 * the job fetches the bytes from the Graph API, checks size and SHA-256, and stores them sealed
 * with the contact's data key. Nothing of the content ever reaches the job data or the logs.
 */
export const MEDIA_QUEUE = 'whatsapp.media';
/** Five attempts (10, 20, 40, 80 s apart): Meta keeps inbound media for a while, but its URLs expire in minutes. */
export const MEDIA_RETRY_LIMIT = 4;
const MEDIA_RETRY_DELAY_SECONDS = 10;
const GRAPH_TIMEOUT_MS = 30_000;

export interface MediaJobData {
  orgId: string;
  attachmentId: string;
}

/** Why an attachment did not end up stored; shown to agents as a short code. */
export type MediaFailureReason =
  | 'too_large'
  | 'sha256_mismatch'
  | 'media_expired'
  | 'token_refused'
  | 'graph_unreachable'
  | 'graph_error'
  | 'malformed_media_answer'
  | 'channel_unavailable'
  | 'subject_erased'
  | 'original_purged';

/** A failure worth another attempt: the job queue retries with backoff; the last attempt records it. */
class TransientMediaError extends Error {
  constructor(readonly reason: MediaFailureReason) {
    super(`WhatsApp media download will be retried: ${reason}`);
    this.name = 'TransientMediaError';
  }
}

/** A failure another attempt cannot fix. */
class FinalMediaError extends Error {
  constructor(readonly status: Extract<AttachmentStatus, 'failed' | 'refused'>, readonly reason: MediaFailureReason, readonly sizeBytes?: number) {
    super(`WhatsApp media not stored: ${reason}`);
    this.name = 'FinalMediaError';
  }
}

const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
/** A MIME type as a header may carry it; anything else becomes octet-stream. */
const cleanMime = (v: unknown): string | undefined => {
  const m = str(v)?.split(';')[0]!.trim().toLowerCase();
  return m && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(m) && m.length <= 100 ? m : undefined;
};

/** The prefix translate-inbound-message puts before a document's file name in the message text. */
const FILENAME_PREFIX = '📎 ';

/**
 * The ingest hook: runs inside the ingest transaction for every newly stored message, so the
 * pending attachment and its download job commit with the message or not at all.
 */
export const whatsappMediaHook: IngestHook = {
  name: 'whatsapp-media',
  async onMessages(ctx, tx, messages) {
    const rows = [];
    for (const m of messages) {
      if (m.direction !== 'inbound' || m.channel.type !== 'whatsapp') continue;
      const media = obj(m.metadata.media);
      const mediaId = str(media?.id);
      if (!media || !mediaId) continue;
      // The masked file name is the first line of the masked text (ingest masked it with the
      // organisation's policy); the original stays sealed in the message and, once downloaded, in the attachment.
      const firstLine = m.bodyMasked.split('\n')[0] ?? '';
      const filenameMasked = m.contentType === 'document' && firstLine.startsWith(FILENAME_PREFIX) ? firstLine.slice(FILENAME_PREFIX.length).slice(0, 255) : null;
      rows.push({
        org_id: m.orgId,
        id: randomUUID(),
        message_id: m.messageId,
        contact_id: m.contactId,
        mime_type: cleanMime(media.mimeType) ?? 'application/octet-stream',
        size_bytes: null,
        filename_masked: filenameMasked,
        channel_media_id: mediaId,
        status: 'pending' as const,
        sha256: str(media.sha256) ?? null,
      });
    }
    if (!rows.length) return;
    const inserted = await tx.insertInto('attachments').values(rows).onConflict((oc) => oc.doNothing()).returning(['org_id', 'id']).execute();
    await ctx.jobs.sendMany<MediaJobData>(MEDIA_QUEUE, inserted.map((r) => ({ orgId: r.org_id, attachmentId: r.id })), {
      tx,
      retryLimit: MEDIA_RETRY_LIMIT,
      retryDelaySeconds: MEDIA_RETRY_DELAY_SECONDS,
      retryBackoff: true,
    });
  },
};

export async function startMediaWorker(ctx: AppContext): Promise<void> {
  await ctx.jobs.work<MediaJobData>(MEDIA_QUEUE, (data, job) => downloadMedia(ctx, data, job), { batchSize: 2, pollingIntervalSeconds: 0.5, concurrency: 2 });
}

interface PendingMedia {
  id: string;
  messageId: string;
  conversationId: string;
  contactId: string;
  contentType: string;
  channelMediaId: string;
  expectedSha256: string | null;
  filenameMasked: string | null;
  graphApiUrl: string;
  accessToken: string;
}

/**
 * The job: GET {graphApiUrl}/{media-id} (→ url, mime_type, sha256, file_size), then GET the url,
 * both with the channel's bearer token. Too large → refused at once; 401/403 → failed at once;
 * 404, 5xx, 429, network errors and a SHA-256 mismatch are retried, and the last attempt records
 * the attachment as failed with the reason.
 */
export async function downloadMedia(ctx: AppContext, data: MediaJobData, job: { retryCount: number }): Promise<void> {
  const lastAttempt = job.retryCount >= MEDIA_RETRY_LIMIT;
  let pending: PendingMedia | null;
  try {
    pending = await loadPending(ctx, data);
  } catch (err) {
    if (err instanceof FinalMediaError) return finish(ctx, data, { status: err.status, reason: err.reason });
    throw err;
  }
  if (!pending) return;
  const maxBytes = ctx.config.WHATSAPP_MEDIA_MAX_BYTES;
  try {
    const info = await lookUpMedia(pending);
    if (info.fileSize !== undefined && info.fileSize > maxBytes) throw new FinalMediaError('refused', 'too_large', info.fileSize);
    const bytes = await fetchMediaBytes(info.url, pending.accessToken, maxBytes);
    const digest = createHash('sha256').update(bytes).digest();
    const expected = info.sha256 ?? pending.expectedSha256;
    if (expected && !sameDigest(digest, expected)) throw new TransientMediaError('sha256_mismatch');
    await store(ctx, data, pending, { bytes, mimeType: info.mimeType, sha256: digest.toString('hex') });
  } catch (err) {
    if (err instanceof FinalMediaError) return finish(ctx, data, { status: err.status, reason: err.reason, sizeBytes: err.sizeBytes }, pending);
    if (err instanceof TransientMediaError) {
      if (lastAttempt) return finish(ctx, data, { status: 'failed', reason: err.reason }, pending);
      ctx.logger.info({ orgId: data.orgId, attachmentId: data.attachmentId, reason: err.reason, attempt: job.retryCount + 1 }, 'whatsapp media download will be retried');
      throw err;
    }
    throw err;
  }
}

/** Meta documents a hex digest; webhook payloads have carried base64 ones: either is accepted. */
function sameDigest(digest: Buffer, expected: string): boolean {
  const e = expected.trim();
  return e.toLowerCase() === digest.toString('hex') || e === digest.toString('base64') || e === digest.toString('base64url');
}

async function loadPending(ctx: AppContext, data: MediaJobData): Promise<PendingMedia | null> {
  return ctx.database.withTenant(data.orgId, async (tx) => {
    const row = await tx
      .selectFrom('attachments')
      .innerJoin('messages', (j) => j.onRef('messages.org_id', '=', 'attachments.org_id').onRef('messages.id', '=', 'attachments.message_id'))
      .select([
        'attachments.id', 'attachments.status', 'attachments.channel_media_id', 'attachments.sha256', 'attachments.filename_masked', 'attachments.contact_id',
        'messages.id as message_id', 'messages.conversation_id', 'messages.channel_id', 'messages.content_type', 'messages.purged_at',
      ])
      .where('attachments.org_id', '=', data.orgId)
      .where('attachments.id', '=', data.attachmentId)
      .executeTakeFirst();
    // Stored, refused or failed already (a retry after a lost acknowledgement), or deleted since.
    if (!row || row.status !== 'pending' || !row.channel_media_id) return null;
    // The DPO destroyed the message's original: its file is not fetched afterwards either.
    if (row.purged_at) throw new FinalMediaError('failed', 'original_purged');
    const channel = row.channel_id ? await loadChannel<WhatsAppSecrets>(ctx, tx, data.orgId, row.channel_id) : null;
    if (!channel || channel.row.type !== 'whatsapp' || !channel.row.enabled) throw new FinalMediaError('failed', 'channel_unavailable');
    const settings = channel.row.settings as { graphApiUrl?: string };
    return {
      id: row.id,
      messageId: row.message_id,
      conversationId: row.conversation_id,
      contactId: row.contact_id,
      contentType: row.content_type,
      channelMediaId: row.channel_media_id,
      expectedSha256: row.sha256,
      filenameMasked: row.filename_masked,
      graphApiUrl: String(settings.graphApiUrl).replace(/\/+$/, ''),
      accessToken: channel.secrets.accessToken,
    };
  });
}

/** What a Graph answer status means for the download: give up, or try again later. */
function failureFor(status: number, notFound: MediaFailureReason): Error {
  if (status === 401 || status === 403) return new FinalMediaError('failed', 'token_refused');
  if (status === 404 || status === 410) return new TransientMediaError(notFound);
  if (status === 429 || status >= 500) return new TransientMediaError('graph_error');
  return new FinalMediaError('failed', 'graph_error');
}

async function lookUpMedia(p: PendingMedia): Promise<{ url: string; mimeType?: string; sha256?: string; fileSize?: number }> {
  let response: Response;
  try {
    response = await fetch(`${p.graphApiUrl}/${encodeURIComponent(p.channelMediaId)}`, {
      headers: { authorization: `Bearer ${p.accessToken}` },
      signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
    });
  } catch {
    throw new TransientMediaError('graph_unreachable');
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw failureFor(response.status, 'media_expired');
  }
  const answer = obj(await response.json().catch(() => null));
  const url = str(answer?.url);
  if (!answer || !url || !/^https?:\/\//.test(url)) throw new FinalMediaError('failed', 'malformed_media_answer');
  const size = Number(answer.file_size);
  return {
    url,
    mimeType: cleanMime(answer.mime_type),
    sha256: str(answer.sha256),
    fileSize: Number.isFinite(size) && size >= 0 ? size : undefined,
  };
}

/** Reads the body up to the cap: a file larger than announced is refused without being held whole. */
async function fetchMediaBytes(url: string, accessToken: string, maxBytes: number): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS) });
  } catch {
    throw new TransientMediaError('graph_unreachable');
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw failureFor(response.status, 'media_expired');
  }
  const announced = Number(response.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new FinalMediaError('refused', 'too_large', announced);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body ?? []) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new FinalMediaError('refused', 'too_large', total);
      chunks.push(Buffer.from(chunk));
    }
  } catch (err) {
    if (err instanceof FinalMediaError) {
      await response.body?.cancel().catch(() => {});
      throw err;
    }
    throw new TransientMediaError('graph_unreachable');
  }
  return Buffer.concat(chunks, total);
}

export const attachmentAad = (orgId: string, attachmentId: string) => `${orgId}:attachments:${attachmentId}`;
export const attachmentFilenameAad = (orgId: string, attachmentId: string) => `${orgId}:attachments:${attachmentId}:filename`;

async function store(ctx: AppContext, data: MediaJobData, p: PendingMedia, file: { bytes: Buffer; mimeType?: string; sha256: string }): Promise<void> {
  let stored = false;
  try {
    await ctx.database.withTenant(data.orgId, async (tx) => {
      const key = await loadContactKey(ctx, data.orgId, p.contactId);
      const filename = p.filenameMasked !== null ? await originalFilename(tx, key, data.orgId, p.messageId) : null;
      const updated = await tx
        .updateTable('attachments')
        .set({
          status: 'stored',
          reason: null,
          content_sealed: sealForContact(key, file.bytes, attachmentAad(data.orgId, p.id)),
          filename_sealed: filename ? sealForContact(key, filename, attachmentFilenameAad(data.orgId, p.id)) : null,
          size_bytes: file.bytes.length,
          sha256: file.sha256,
          ...(file.mimeType ? { mime_type: file.mimeType } : {}),
          updated_at: new Date(),
        })
        .where('org_id', '=', data.orgId)
        .where('id', '=', p.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      stored = Number(updated.numUpdatedRows) > 0;
    });
  } catch (err) {
    if (err instanceof ShreddedKeyError) throw new FinalMediaError('failed', 'subject_erased');
    throw err;
  }
  if (stored) ctx.events.publish(data.orgId, { type: 'message.updated', conversationId: p.conversationId, messageId: p.messageId, state: 'received' });
}

/**
 * The original file name, from the sealed text of the message (its first line): a system read to
 * seal it again beside the content, never shown or logged here.
 */
async function originalFilename(tx: Tx, key: Buffer, orgId: string, messageId: string): Promise<string | null> {
  const message = await tx.selectFrom('messages').select(['body_sealed', 'purged_at']).where('org_id', '=', orgId).where('id', '=', messageId).executeTakeFirst();
  if (!message?.body_sealed || message.purged_at) return null;
  const first = openForContact(key, message.body_sealed, `${orgId}:messages:${messageId}`).toString('utf8').split('\n')[0] ?? '';
  return first.startsWith(FILENAME_PREFIX) ? first.slice(FILENAME_PREFIX.length).slice(0, 255) : null;
}

async function finish(
  ctx: AppContext,
  data: MediaJobData,
  outcome: { status: Extract<AttachmentStatus, 'failed' | 'refused'>; reason: MediaFailureReason; sizeBytes?: number },
  pending?: PendingMedia | null,
): Promise<void> {
  const updated = await ctx.database.withTenant(data.orgId, (tx) =>
    tx
      .updateTable('attachments')
      .set({ status: outcome.status, reason: outcome.reason, updated_at: new Date(), ...(outcome.sizeBytes !== undefined ? { size_bytes: Math.min(outcome.sizeBytes, 2 ** 31 - 1) } : {}) })
      .where('org_id', '=', data.orgId)
      .where('id', '=', data.attachmentId)
      .where('status', '=', 'pending')
      .executeTakeFirst(),
  );
  ctx.logger.info({ orgId: data.orgId, attachmentId: data.attachmentId, status: outcome.status, reason: outcome.reason }, 'whatsapp media not stored');
  if (pending && Number(updated.numUpdatedRows) > 0) {
    ctx.events.publish(data.orgId, { type: 'message.updated', conversationId: pending.conversationId, messageId: pending.messageId, state: 'received' });
  }
}
