import type { AppContext } from '../../../platform/context.js';
import { Problem } from '../../../platform/http/problem.js';
import { ingestMessages, MAX_MESSAGE_BYTES, normaliseText, protectInputs, type IngestInput } from '../../conversations/ingest-message.js';
import { microsToIso } from '../../conversations/arrival-time.js';
import type { IdentityInput } from '../../contacts/find-or-create-contact.js';
import { applyDeliveryStatus } from './apply-delivery-status.js';
import type { InboxItem } from '../../../platform/jobs/inbox.js';
import { enqueueInboundChanges, openInboundChanges, type InboundChanges } from './inbound-job.js';
import { translateInboundMessage, type TranslatedMessage } from './translate-inbound-message.js';
import type { WhatsAppChangeValue, WhatsAppInboundMessage, WhatsAppStatus } from './webhook-payload.js';

/** A status can overtake the send that gives its message a wamid: it is retried a few times. */
const STATUS_RETRIES = 3;
const STATUS_RETRY_DELAY_SECONDS = 10;

export interface InboundOutcome {
  stored: number;
  duplicates: number;
  skipped: number;
  statusesApplied: number;
  statusesDeferred: number;
}

/**
 * The worker side of the webhook, for a batch of inbox items: every message of every item goes
 * through one `ingestMessages` call (a fixed number of round trips per batch), then each item's
 * statuses are applied to their outgoing messages. Bad messages are skipped (a retry would not fix
 * them). When the batch as a whole fails, each item is redone alone so that one bad item cannot
 * hold the others back; the items that still fail are reported for the inbox to retry (ingest's
 * idempotency on the wamid makes repeats harmless).
 */
export async function processInboundBatch(ctx: AppContext, jobs: InboxItem[], prepared?: PreparedInbound): Promise<{ failed: Array<{ id: string; error: unknown }>; outcome: InboundOutcome }> {
  const outcome = emptyOutcome();
  try {
    await processJobs(ctx, jobs, outcome, prepared);
    return { failed: [], outcome };
  } catch (err) {
    if (jobs.length === 1) return { failed: [{ id: jobs[0]!.id, error: err }], outcome };
  }
  const failed: Array<{ id: string; error: unknown }> = [];
  const alone = emptyOutcome();
  for (const job of jobs) {
    try {
      await processJobs(ctx, [job], alone);
    } catch (error) {
      failed.push({ id: job.id, error });
    }
  }
  return { failed, outcome: alone };
}

const emptyOutcome = (): InboundOutcome => ({ stored: 0, duplicates: 0, skipped: 0, statusesApplied: 0, statusesDeferred: 0 });

/** A batch opened and translated, with detection and masking done ahead (see protectInputs). */
export interface PreparedInbound {
  opened: InboundChanges[];
  inputs: IngestInput[];
  skipped: number;
}

/** The CPU side of a batch, done while the previous batch is being stored (inbox pipeline). */
export async function prepareInboundBatch(ctx: AppContext, jobs: InboxItem[]): Promise<PreparedInbound> {
  const prepared = openAndTranslate(ctx, jobs);
  await protectInputs(ctx, prepared.inputs);
  return prepared;
}

function openAndTranslate(ctx: AppContext, jobs: InboxItem[]): PreparedInbound {
  const opened = jobs.map((job) => openInboundChanges(ctx, job));
  const inputs: IngestInput[] = [];
  let skipped = 0;
  for (const data of opened) {
    let offset = 0;
    for (const value of data.values) {
      for (const message of Array.isArray(value.messages) ? value.messages : []) {
        const receivedAt = data.receivedAt ? microsToIso(data.receivedAt + offset) : undefined;
        offset++;
        const input = toIngestInput(ctx, data, value, message, receivedAt);
        if (input) inputs.push(input);
        else skipped++;
      }
    }
  }
  return { opened, inputs, skipped };
}

async function processJobs(ctx: AppContext, jobs: InboxItem[], outcome: InboundOutcome, prepared?: PreparedInbound): Promise<void> {
  const { opened, inputs, skipped } = prepared ?? openAndTranslate(ctx, jobs);
  outcome.skipped += skipped;
  const results = inputs.length ? await ingestMessages(ctx, inputs) : [];
  results.forEach((result, i) => {
    if (result instanceof Problem) {
      if (result.status >= 500) throw result;
      ctx.logger.warn({ orgId: inputs[i]!.orgId, channelId: inputs[i]!.channel.id, problem: result.slug }, 'whatsapp message refused by ingest; skipped');
      outcome.skipped++;
    } else if (result.duplicate) outcome.duplicates++;
    else outcome.stored++;
  });

  for (const data of opened) {
    const deferred: WhatsAppChangeValue[] = [];
    for (const value of data.values) {
      const unmatched: WhatsAppStatus[] = [];
      for (const status of Array.isArray(value.statuses) ? value.statuses : []) {
        const result = await applyDeliveryStatus(ctx, { orgId: data.orgId, channelId: data.channelId, status });
        if (result === 'applied') outcome.statusesApplied++;
        else if (result === 'unknown-message') unmatched.push(status);
      }
      if (unmatched.length) deferred.push({ metadata: value.metadata, statuses: unmatched });
    }
    const attempt = data.attempt ?? 0;
    if (deferred.length && attempt < STATUS_RETRIES) {
      outcome.statusesDeferred += deferred.reduce((n, v) => n + (v.statuses?.length ?? 0), 0);
      await enqueueInboundChanges(ctx, { orgId: data.orgId, channelId: data.channelId, values: deferred, attempt: attempt + 1, startAfterSeconds: STATUS_RETRY_DELAY_SECONDS });
    }
  }
}

/** A WhatsApp message as an ingest input, or nothing when it cannot be stored (logged, no payload). */
function toIngestInput(ctx: AppContext, data: InboundChanges, value: WhatsAppChangeValue, message: WhatsAppInboundMessage, receivedAt: string | undefined): IngestInput | null {
  const log = ctx.logger.child({ orgId: data.orgId, channelId: data.channelId });
  if (typeof message.id !== 'string' || !message.id || message.id.length > 256) {
    log.warn('whatsapp message without a usable id skipped');
    return null;
  }
  const sender = senderOf(value, message);
  if (!sender.identities.length) {
    log.warn('whatsapp message without a sender id skipped');
    return null;
  }
  let translated: TranslatedMessage = translateInboundMessage(message);
  if (Buffer.byteLength(normaliseText(translated.text), 'utf8') > MAX_MESSAGE_BYTES) {
    // WhatsApp caps text far below 64 KB, so this is an abnormal payload: keep that it came, not
    // its content, instead of failing the job forever.
    translated = { contentType: 'unsupported', text: '', metadata: { ...translated.metadata, reason: 'too_large', originalType: translated.contentType } };
  }
  const sentAt = Number(message.timestamp);
  return {
    orgId: data.orgId,
    channel: { id: data.channelId, type: 'whatsapp' },
    channelMessageId: message.id,
    direction: 'inbound',
    sender: { type: 'contact' },
    contact: { identities: sender.identities, ...(sender.displayName ? { displayName: sender.displayName } : {}) },
    contentType: translated.contentType,
    text: translated.text,
    metadata: { ...translated.metadata, ...(Number.isFinite(sentAt) && sentAt > 0 ? { sentAt: new Date(sentAt * 1000).toISOString() } : {}) },
    ...(receivedAt ? { receivedAt } : {}),
  };
}

/**
 * Who wrote: the WhatsApp id (the phone number's digits) and, when Meta sends one, the
 * business-scoped user id; a user who hides their number has only the latter.
 */
function senderOf(value: WhatsAppChangeValue, message: WhatsAppInboundMessage): { identities: IdentityInput[]; displayName?: string } {
  const contacts = Array.isArray(value.contacts) ? value.contacts : [];
  const profile = contacts.find((c) => c && c.wa_id && c.wa_id === message.from) ?? contacts.find((c) => c && c.user_id && c.user_id === message.from_user_id) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const identities: IdentityInput[] = [];
  const waId = typeof message.from === 'string' ? message.from : profile?.wa_id;
  if (typeof waId === 'string' && /^\d{6,15}$/.test(waId)) identities.push({ kind: 'whatsapp', value: waId });
  const bsuid = typeof message.from_user_id === 'string' ? message.from_user_id : profile?.user_id;
  if (typeof bsuid === 'string' && /^[A-Za-z0-9._:-]{4,128}$/.test(bsuid)) identities.push({ kind: 'bsuid', value: bsuid });
  const name = profile?.profile?.name;
  return { identities, ...(typeof name === 'string' && name.trim() ? { displayName: name.trim().slice(0, 120) } : {}) };
}
