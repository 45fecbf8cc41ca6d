import { randomUUID } from 'node:crypto';
import { detectLang, type Lang } from '@sigilo/pii';
import type { AppContext } from '../../platform/context.js';
import type { ChannelType } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { ContactRaceError, findOrCreateContact, type IdentityInput } from '../contacts/find-or-create-contact.js';
import { loadContactKey, sealForContact } from '../contacts/contact-keys.js';
import { InvalidIdentityError } from '../contacts/identities.js';
import { effectiveMaskingPolicy } from './masking-policy.js';
import { protectText } from './protect-text.js';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.js';

export const MAX_MESSAGE_BYTES = 64 * 1024;

export type Sender = { type: 'contact' } | { type: 'agent'; userId: string } | { type: 'system' } | { type: 'bot' };

export interface IngestInput {
  orgId: string;
  channel: { id: string | null; type: ChannelType };
  /** The channel's own id for the message: a second delivery with the same id stores nothing new. */
  channelMessageId?: string;
  direction: 'inbound' | 'outbound';
  sender: Sender;
  /** Who the conversation is with: identities to find or create the contact, or a known contact. */
  contact: { identities: IdentityInput[]; displayName?: string } | { contactId: string };
  /** Continue this conversation; otherwise the contact's open one on the channel, or a new one. */
  conversationId?: string;
  contentType?: string;
  text: string;
  lang?: Lang;
  state?: 'received' | 'queued';
  metadata?: Record<string, unknown>;
}

export interface IngestedMessage {
  messageId: string;
  conversationId: string;
  contactId: string;
  duplicate: boolean;
  bodyMasked: string;
  piiTypes: string[];
  sensitiveFlags: string[];
}

/**
 * What modules that react to new messages see (monitoring rules, consent replies, media download):
 * masked text and facts, never the original. Only newly stored messages are passed, never a
 * duplicate delivery.
 */
export interface IngestedFacts extends IngestedMessage {
  orgId: string;
  channel: { id: string | null; type: ChannelType };
  direction: 'inbound' | 'outbound';
  sender: Sender;
  contentType: string;
  /** Plain technical facts from the channel (media ids, button ids), as stored on the message. */
  metadata: Record<string, unknown>;
  lang: Lang | undefined;
  /** The contact or the conversation was created by this message. */
  contactCreated: boolean;
  conversationCreated: boolean;
  createdAt: Date;
}

/**
 * A module's reaction to new messages, run inside the ingest transaction after the messages are
 * written: whatever it writes or enqueues commits with them or not at all. It receives the
 * messages of one organisation, in arrival order. Throwing fails the whole ingest, which the
 * channel retries; business outcomes must not throw.
 */
export interface IngestHook {
  name: string;
  onMessages(ctx: AppContext, tx: Tx, messages: IngestedFacts[]): Promise<void>;
}

const ingestHooks: IngestHook[] = [];
/** Registers a hook once per name (modules may be loaded by several entry points). */
export function registerIngestHook(hook: IngestHook): void {
  const at = ingestHooks.findIndex((h) => h.name === hook.name);
  if (at >= 0) ingestHooks[at] = hook;
  else ingestHooks.push(hook);
}

/** The monitoring module's watch rules are an ingest hook like any other. */
export const registerMonitoringHook = registerIngestHook;

const searchConfig: Record<Lang, string> = { pt: 'portuguese', es: 'spanish', en: 'english' };

/** Strips control characters (keeping newlines and tabs) and normalises to NFC. */
export function normaliseText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.normalize('NFC').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

class DuplicateDelivery extends Error {}

/**
 * The only way a message enters Sigilo, whatever the channel: normalise → detect → mask → seal →
 * monitoring hook → outgoing webhooks → one transaction → realtime push. Idempotent on the channel's
 * message id.
 */
export async function ingestMessage(ctx: AppContext, input: IngestInput): Promise<IngestedMessage> {
  const text = normaliseText(input.text);
  if (Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_BYTES) {
    throw new Problem(413, 'message-too-large', 'Message too large', `A message may have at most ${MAX_MESSAGE_BYTES} bytes.`);
  }
  const lang = input.lang ?? (text.length >= 12 ? detectLang(text) : undefined);

  for (let attempt = 1; ; attempt++) {
    try {
      return await ingestOnce(ctx, input, text, lang);
    } catch (err) {
      // Two first messages of a new customer processed at once race to create the contact or the
      // conversation; the loser retries and finds the winner's rows.
      const race = err instanceof ContactRaceError || (err as { code?: string }).code === '23505';
      if (!race || attempt >= 3) throw err;
    }
  }
}

async function ingestOnce(ctx: AppContext, input: IngestInput, text: string, lang: Lang | undefined): Promise<IngestedMessage> {
  try {
    const result = await ctx.database.withTenant(input.orgId, async (tx) => {
      if (input.channelMessageId) {
        const existing = await findByChannelMessageId(tx, input.orgId, input.channel.id, input.channelMessageId);
        if (existing) return existing;
      }
      const org = await tx.selectFrom('organizations').select('masking_policy').where('id', '=', input.orgId).executeTakeFirstOrThrow();
      const protectedText = protectText(text, { lang, policy: effectiveMaskingPolicy(org.masking_policy) });

      let contactId: string;
      let key: Buffer;
      let contactCreated = false;
      if ('contactId' in input.contact) {
        contactId = input.contact.contactId;
        key = await loadContactKey(tx, ctx.kms, input.orgId, contactId);
      } else {
        const resolved = await findOrCreateContact(tx, ctx.kms, { orgId: input.orgId, ...input.contact, locale: lang });
        contactId = resolved.contactId;
        key = resolved.key;
        contactCreated = resolved.created;
      }

      const conversation = await resolveConversation(tx, input, contactId);
      const conversationId = conversation.id;
      const messageId = randomUUID();
      const inserted = await tx
        .insertInto('messages')
        .values({
          org_id: input.orgId,
          id: messageId,
          conversation_id: conversationId,
          contact_id: contactId,
          direction: input.direction,
          sender_type: input.sender.type,
          sender_id: input.sender.type === 'agent' ? input.sender.userId : null,
          content_type: input.contentType ?? 'text',
          body_masked: protectedText.masked,
          body_sealed: sealForContact(key, protectedText.sealable, `${input.orgId}:messages:${messageId}`),
          pii_types: protectedText.piiTypes,
          sensitive_flags: protectedText.sensitive,
          search_config: lang ? searchConfig[lang] : 'simple',
          state: input.state ?? (input.direction === 'inbound' ? 'received' : 'queued'),
          channel_id: input.channel.id,
          channel_message_id: input.channelMessageId ?? null,
          metadata: JSON.stringify(input.metadata ?? {}),
        })
        .onConflict((oc) => oc.columns(['org_id', 'channel_id', 'channel_message_id']).where('channel_message_id', 'is not', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new DuplicateDelivery(); // a concurrent delivery won; undo this one whole

      const now = new Date();
      await tx
        .updateTable('conversations')
        .set({
          last_message_at: now,
          updated_at: now,
          ...(input.direction === 'inbound' ? { last_inbound_at: now } : {}),
          // A customer writing again puts a pending conversation back in the open queue.
          ...(input.direction === 'inbound' ? { status: 'open' as const } : {}),
        })
        .where('org_id', '=', input.orgId)
        .where('id', '=', conversationId)
        .execute();

      const message: IngestedMessage = {
        messageId,
        conversationId,
        contactId,
        duplicate: false,
        bodyMasked: protectedText.masked,
        piiTypes: protectedText.piiTypes,
        sensitiveFlags: protectedText.sensitive,
      };
      await enqueueWebhookEvent(ctx, tx, input.orgId, 'message.created', {
        messageId,
        conversationId,
        contactId,
        direction: input.direction,
        senderType: input.sender.type,
        channelType: input.channel.type,
        body: protectedText.masked,
        piiTypes: protectedText.piiTypes,
        sensitiveFlags: protectedText.sensitive,
      });
      const facts: IngestedFacts = {
        ...message,
        orgId: input.orgId,
        channel: input.channel,
        direction: input.direction,
        sender: input.sender,
        contentType: input.contentType ?? 'text',
        metadata: input.metadata ?? {},
        lang,
        contactCreated,
        conversationCreated: conversation.created,
        createdAt: now,
      };
      for (const hook of ingestHooks) await hook.onMessages(ctx, tx, [facts]);
      return message;
    });
    if (!result.duplicate) {
      ctx.events.publish(input.orgId, { type: 'message.created', conversationId: result.conversationId, messageId: result.messageId });
    }
    return result;
  } catch (err) {
    if (err instanceof DuplicateDelivery && input.channelMessageId) {
      const existing = await ctx.database.withTenant(input.orgId, (tx) => findByChannelMessageId(tx, input.orgId, input.channel.id, input.channelMessageId!));
      if (existing) return existing;
    }
    if (err instanceof InvalidIdentityError) throw Problem.field('contact', err.message);
    throw err;
  }
}

async function findByChannelMessageId(tx: Tx, orgId: string, channelId: string | null, channelMessageId: string): Promise<IngestedMessage | null> {
  let q = tx
    .selectFrom('messages')
    .select(['id', 'conversation_id', 'contact_id', 'body_masked', 'pii_types', 'sensitive_flags'])
    .where('org_id', '=', orgId)
    .where('channel_message_id', '=', channelMessageId);
  q = channelId ? q.where('channel_id', '=', channelId) : q.where('channel_id', 'is', null);
  const row = await q.executeTakeFirst();
  return row
    ? {
        messageId: row.id,
        conversationId: row.conversation_id,
        contactId: row.contact_id,
        duplicate: true,
        bodyMasked: row.body_masked,
        piiTypes: row.pii_types,
        sensitiveFlags: row.sensitive_flags,
      }
    : null;
}

async function resolveConversation(tx: Tx, input: IngestInput, contactId: string): Promise<{ id: string; created: boolean }> {
  if (input.conversationId) {
    const conv = await tx
      .selectFrom('conversations')
      .select(['id', 'contact_id'])
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.conversationId)
      .executeTakeFirst();
    if (!conv) throw Problem.notFound('Conversation');
    if (conv.contact_id !== contactId) throw Problem.conflict('The message belongs to another contact than the conversation.');
    return { id: conv.id, created: false };
  }
  let q = tx
    .selectFrom('conversations')
    .select('id')
    .where('org_id', '=', input.orgId)
    .where('contact_id', '=', contactId)
    .where('channel_type', '=', input.channel.type)
    .where('status', '!=', 'resolved');
  q = input.channel.id ? q.where('channel_id', '=', input.channel.id) : q.where('channel_id', 'is', null);
  const open = await q.orderBy('last_message_at', 'desc').limit(1).executeTakeFirst();
  if (open) return { id: open.id, created: false };
  const id = randomUUID();
  await tx
    .insertInto('conversations')
    .values({ org_id: input.orgId, id, contact_id: contactId, channel_id: input.channel.id, channel_type: input.channel.type })
    .execute();
  return { id, created: true };
}
