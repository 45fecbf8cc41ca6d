import { randomUUID } from 'node:crypto';
import { detectLang, type Lang } from '@sigilo/pii';
import type { AppContext } from '../../platform/context.js';
import type { ChannelType } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { sql } from '../../platform/db/database.js';
import { ContactRaceError, findOrCreateContacts, type IdentityInput } from '../contacts/find-or-create-contact.js';
import { sealForContact, ShreddedKeyError } from '../contacts/contact-keys.js';
import { InvalidIdentityError } from '../contacts/identities.js';
import { effectiveMaskingPolicy, type MaskChoice } from './masking-policy.js';
import { protectText, type ProtectedText } from './protect-text.js';
import { enqueueWebhookEvents } from '../webhooks/enqueue-webhook-event.js';
import { arrivalTime } from './arrival-time.js';

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
  /**
   * When Sigilo accepted the message (ISO, microseconds), which orders the conversation; set by
   * channels that queue before ingesting. Defaults to now.
   */
  receivedAt?: string;
  /** Detection and masking done ahead of the transaction by protectInputs (used when the policy still matches). */
  protection?: Protection;
}

/** What protectInputs computed for an input: normalised text, language and its protected form under one policy. */
export interface Protection {
  text: string;
  lang: Lang | undefined;
  policyKey: string;
  protected: ProtectedText;
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

const languageOf = (input: IngestInput, text: string): Lang | undefined => input.lang ?? (text.length >= 12 ? detectLang(text) : undefined);
const policyKey = (policy: Record<string, string>) => JSON.stringify(Object.entries(policy).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * Detection and masking ahead of the ingest transaction (CPU, plus one read of each organisation's
 * masking policy), so a channel worker can prepare its next batch while the previous one is being
 * stored. ingestMessages uses the result when the policy is still the same, and redoes it otherwise.
 */
export async function protectInputs(ctx: AppContext, inputs: IngestInput[]): Promise<void> {
  // Each organisation's policy and its key, once per batch (not once per message).
  const policies = new Map<string, { policy: Record<string, MaskChoice>; key: string }>();
  for (const orgId of new Set(inputs.map((i) => i.orgId))) {
    const org = await ctx.database.withTenant(orgId, (tx) => tx.selectFrom('organizations').select('masking_policy').where('id', '=', orgId).executeTakeFirst());
    if (!org) continue;
    const policy = effectiveMaskingPolicy(org.masking_policy);
    policies.set(orgId, { policy, key: policyKey(policy) });
  }
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i]!;
    const org = policies.get(input.orgId);
    const text = normaliseText(input.text);
    if (!org || Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_BYTES) continue;
    const lang = languageOf(input, text);
    input.protection = { text, lang, policyKey: org.key, protected: protectText(text, { lang, policy: org.policy }) };
    if (i % 32 === 31) await yieldToEventLoop();
  }
}

/** What each input of a batch became: the stored (or already stored) message, or why it was refused. */
export type IngestResult = IngestedMessage | Problem;

/** One input refused while its batch was being written: the batch is redone without it. */
class InputRefused extends Error {
  constructor(readonly position: number, readonly problem: Problem) {
    super(problem.message);
  }
}

/** A concurrent delivery stored one of the batch's channel message ids first: redo, and find it. */
class ConcurrentDuplicate extends Error {}

const MAX_ATTEMPTS = 4;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The only way a message enters Sigilo, whatever the channel: normalise → detect → mask → seal →
 * one transaction (contacts, conversations, messages, webhook events, ingest hooks such as
 * monitoring) → realtime push. Idempotent on the channel's message id. Throws the Problem of a
 * refused message.
 */
export async function ingestMessage(ctx: AppContext, input: IngestInput): Promise<IngestedMessage> {
  const [result] = await ingestMessages(ctx, [input]);
  if (result instanceof Problem) throw result;
  return result!;
}

/**
 * Ingests many messages in a fixed number of round trips per organisation: the channel workers'
 * path. Results come back in input order; a message that cannot be stored (too large, unknown
 * conversation, invalid identity) gets its Problem and does not hold back the others. Database
 * failures throw, for the caller to retry the whole batch (idempotency makes that safe).
 */
export async function ingestMessages(ctx: AppContext, inputs: IngestInput[]): Promise<IngestResult[]> {
  const results: IngestResult[] = new Array(inputs.length);
  const byOrg = new Map<string, Prepared[]>();
  inputs.forEach((input, position) => {
    const text = input.protection?.text ?? normaliseText(input.text);
    if (Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_BYTES) {
      results[position] = new Problem(413, 'message-too-large', 'Message too large', `A message may have at most ${MAX_MESSAGE_BYTES} bytes.`);
      return;
    }
    const lang = input.protection ? input.protection.lang : languageOf(input, text);
    const group = byOrg.get(input.orgId) ?? [];
    group.push({ position, input, text, lang, createdAt: input.receivedAt ?? arrivalTime() });
    byOrg.set(input.orgId, group);
  });

  for (const [orgId, group] of byOrg) {
    let pending = group;
    for (let attempt = 1; pending.length; attempt++) {
      try {
        const stored = await ingestBatch(ctx, orgId, pending);
        for (const [position, message] of stored) results[position] = message;
        break;
      } catch (err) {
        if (err instanceof InputRefused) {
          results[err.position] = err.problem;
          pending = pending.filter((p) => p.position !== err.position);
          continue;
        }
        // Two first messages of a new customer processed at once race to create the contact or the
        // conversation, or a channel delivered the same message twice at once: the loser redoes
        // the batch and finds the winner's rows.
        const race = err instanceof ContactRaceError || err instanceof ConcurrentDuplicate || (err as { code?: string }).code === '23505';
        if (!race || attempt >= MAX_ATTEMPTS) throw err;
      }
    }
  }
  return results;
}

interface Prepared {
  position: number;
  input: IngestInput;
  text: string;
  lang: Lang | undefined;
  createdAt: string;
}

const dedupKey = (channelId: string | null, channelMessageId: string) => `${channelId ?? ''}\u0000${channelMessageId}`;

async function ingestBatch(ctx: AppContext, orgId: string, batch: Prepared[]): Promise<Map<number, IngestedMessage>> {
  const out = new Map<number, IngestedMessage>();
  const published: IngestedFacts[] = [];
  await ctx.database.withTenant(orgId, async (tx) => {
    // 1. Deliveries already stored, and repeats inside the batch, store nothing new.
    const withIds = batch.filter((p) => p.input.channelMessageId);
    const stored = new Map<string, IngestedMessage>();
    if (withIds.length) {
      // One probe of the unique index (org, channel, channel message id) per key, whatever the
      // planner believes of the table's size: a filter on the organisation alone walked every
      // message it had (the plan chosen while statistics still said the table was small).
      // Messages of no channel (the API) match a null channel.
      const onChannel = withIds.filter((p) => p.input.channel.id);
      const offChannel = withIds.filter((p) => !p.input.channel.id).map((p) => p.input.channelMessageId!);
      const columns = sql`id, conversation_id, contact_id, body_masked, pii_types, sensitive_flags, channel_id, channel_message_id`;
      const { rows } = await sql<{ id: string; conversation_id: string; contact_id: string; body_masked: string; pii_types: string[]; sensitive_flags: string[]; channel_id: string | null; channel_message_id: string }>`
        SELECT m.*
          FROM unnest(${onChannel.map((p) => p.input.channel.id!)}::uuid[], ${onChannel.map((p) => p.input.channelMessageId!)}::text[]) AS k(channel_id, channel_message_id)
          CROSS JOIN LATERAL (SELECT ${columns} FROM messages
                               WHERE org_id = ${orgId} AND channel_id = k.channel_id AND channel_message_id = k.channel_message_id
                                 AND channel_message_id IS NOT NULL LIMIT 1) m
        UNION ALL
        SELECT m.*
          FROM unnest(${offChannel}::text[]) AS k(channel_message_id)
          CROSS JOIN LATERAL (SELECT ${columns} FROM messages
                               WHERE org_id = ${orgId} AND channel_id IS NULL AND channel_message_id = k.channel_message_id
                                 AND channel_message_id IS NOT NULL LIMIT 1) m`.execute(tx);
      for (const row of rows) stored.set(dedupKey(row.channel_id, row.channel_message_id!), asDuplicate(row));
    }
    const fresh: Prepared[] = [];
    const firstOfKey = new Map<string, Prepared>();
    const repeats: Array<{ repeat: Prepared; of: Prepared }> = [];
    for (const p of batch) {
      const key = p.input.channelMessageId ? dedupKey(p.input.channel.id, p.input.channelMessageId) : undefined;
      const existing = key ? stored.get(key) : undefined;
      if (existing) out.set(p.position, existing);
      else if (key && firstOfKey.has(key)) repeats.push({ repeat: p, of: firstOfKey.get(key)! });
      else {
        if (key) firstOfKey.set(key, p);
        fresh.push(p);
      }
    }
    if (!fresh.length) return;

    // 2. Detect and mask (CPU only).
    const org = await tx.selectFrom('organizations').select('masking_policy').where('id', '=', orgId).executeTakeFirstOrThrow();
    const policy = effectiveMaskingPolicy(org.masking_policy);
    const key = policyKey(policy);
    const protectedTexts: ProtectedText[] = [];
    for (let i = 0; i < fresh.length; i++) {
      const p = fresh[i]!;
      const ahead = p.input.protection;
      if (ahead && ahead.policyKey === key) {
        protectedTexts.push(ahead.protected);
        continue;
      }
      protectedTexts.push(protectText(p.text, { lang: p.lang, policy }));
      // A large batch is tens of milliseconds of detection: let waiting requests (webhook
      // acknowledgements) in between slices.
      if (i % 32 === 31) await yieldToEventLoop();
    }

    // 3. Contacts, found or created together.
    const contacts = await findOrCreateContacts(
      tx,
      ctx,
      orgId,
      fresh.map((p) => ('contactId' in p.input.contact ? { contactId: p.input.contact.contactId } : { ...p.input.contact, ...(p.lang ? { locale: p.lang } : {}) })),
    );
    contacts.forEach((c, i) => {
      if (c instanceof InvalidIdentityError) throw new InputRefused(fresh[i]!.position, Problem.field('contact', c.message));
      if (c instanceof ShreddedKeyError) throw new InputRefused(fresh[i]!.position, new Problem(410, 'subject-erased', 'Gone', 'The data of this contact was erased.'));
    });
    const resolved = contacts as Array<{ contactId: string; key: Buffer; created: boolean }>;

    // 4. Conversations: the one named, else the contact's open one on the channel, else a new one.
    const conversations = await resolveConversations(tx, orgId, fresh, resolved.map((c) => c.contactId));

    // 5. The messages, in one statement.
    const rows = fresh.map((p, i) => {
      const id = randomUUID();
      const text = protectedTexts[i]!;
      return {
        org_id: orgId,
        id,
        conversation_id: conversations[i]!.id,
        contact_id: resolved[i]!.contactId,
        direction: p.input.direction,
        sender_type: p.input.sender.type,
        sender_id: p.input.sender.type === 'agent' ? p.input.sender.userId : null,
        content_type: p.input.contentType ?? 'text',
        body_masked: text.masked,
        body_sealed: sealForContact(resolved[i]!.key, text.sealable, `${orgId}:messages:${id}`),
        pii_types: text.piiTypes,
        sensitive_flags: text.sensitive,
        search_config: p.lang ? searchConfig[p.lang] : 'simple',
        state: p.input.state ?? (p.input.direction === 'inbound' ? ('received' as const) : ('queued' as const)),
        channel_id: p.input.channel.id,
        channel_message_id: p.input.channelMessageId ?? null,
        metadata: JSON.stringify(p.input.metadata ?? {}),
        created_at: p.createdAt,
      };
    });
    // One statement of column arrays: its text and plan are the same for any batch size (a
    // VALUES list of 18 parameters a row was parsed and planned anew for every batch).
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    const { rows: inserted } = await sql<{ id: string }>`
      INSERT INTO messages (org_id, id, conversation_id, contact_id, direction, sender_type, sender_id, content_type, body_masked, body_sealed,
                            pii_types, sensitive_flags, search_config, state, channel_id, channel_message_id, metadata, created_at)
      SELECT ${orgId}, v.id, v.conversation_id, v.contact_id, v.direction, v.sender_type, v.sender_id, v.content_type, v.body_masked, v.body_sealed,
             v.pii_types::text[], v.sensitive_flags::text[], v.search_config::regconfig, v.state, v.channel_id, v.channel_message_id, v.metadata::jsonb, v.created_at
        FROM unnest(${col('id')}::uuid[], ${col('conversation_id')}::uuid[], ${col('contact_id')}::uuid[], ${col('direction')}::text[],
                    ${col('sender_type')}::text[], ${col('sender_id')}::uuid[], ${col('content_type')}::text[], ${col('body_masked')}::text[],
                    ${col('body_sealed')}::bytea[], ${rows.map((r) => textArrayLiteral(r.pii_types))}::text[],
                    ${rows.map((r) => textArrayLiteral(r.sensitive_flags))}::text[], ${col('search_config')}::text[], ${col('state')}::text[],
                    ${col('channel_id')}::uuid[], ${col('channel_message_id')}::text[], ${col('metadata')}::text[], ${col('created_at')}::timestamptz[])
          AS v(id, conversation_id, contact_id, direction, sender_type, sender_id, content_type, body_masked, body_sealed,
               pii_types, sensitive_flags, search_config, state, channel_id, channel_message_id, metadata, created_at)
      ON CONFLICT (org_id, channel_id, channel_message_id) WHERE channel_message_id IS NOT NULL DO NOTHING
      RETURNING id`.execute(tx);
    if (inserted.length < rows.length) throw new ConcurrentDuplicate();

    // 6. Conversations move up the queue; a customer writing again reopens a pending one.
    await touchConversations(tx, orgId, fresh, conversations);

    const facts: IngestedFacts[] = fresh.map((p, i) => ({
      messageId: rows[i]!.id,
      conversationId: conversations[i]!.id,
      contactId: resolved[i]!.contactId,
      duplicate: false,
      bodyMasked: protectedTexts[i]!.masked,
      piiTypes: protectedTexts[i]!.piiTypes,
      sensitiveFlags: protectedTexts[i]!.sensitive,
      orgId,
      channel: p.input.channel,
      direction: p.input.direction,
      sender: p.input.sender,
      contentType: p.input.contentType ?? 'text',
      metadata: p.input.metadata ?? {},
      lang: p.lang,
      contactCreated: resolved[i]!.created,
      conversationCreated: conversations[i]!.created,
      createdAt: new Date(p.createdAt),
    }));

    // 7. Outgoing webhooks and the modules' hooks commit with the messages or not at all.
    await enqueueWebhookEvents(
      ctx,
      tx,
      orgId,
      'message.created',
      facts.map((f) => ({
        messageId: f.messageId,
        conversationId: f.conversationId,
        contactId: f.contactId,
        direction: f.direction,
        senderType: f.sender.type,
        channelType: f.channel.type,
        body: f.bodyMasked,
        piiTypes: f.piiTypes,
        sensitiveFlags: f.sensitiveFlags,
      })),
    );
    for (const hook of ingestHooks) await hook.onMessages(ctx, tx, facts);

    fresh.forEach((p, i) => out.set(p.position, factsToMessage(facts[i]!)));
    for (const { repeat, of } of repeats) out.set(repeat.position, { ...out.get(of.position)!, duplicate: true });
    published.push(...facts);
  });
  for (const f of published) ctx.events.publish(orgId, { type: 'message.created', conversationId: f.conversationId, messageId: f.messageId });
  return out;
}

/** A PostgreSQL array literal of strings, for a text[] cell inside a column array. */
function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

function factsToMessage(f: IngestedFacts): IngestedMessage {
  return {
    messageId: f.messageId,
    conversationId: f.conversationId,
    contactId: f.contactId,
    duplicate: false,
    bodyMasked: f.bodyMasked,
    piiTypes: f.piiTypes,
    sensitiveFlags: f.sensitiveFlags,
  };
}

function asDuplicate(row: { id: string; conversation_id: string; contact_id: string; body_masked: string; pii_types: string[]; sensitive_flags: string[] }): IngestedMessage {
  return {
    messageId: row.id,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    duplicate: true,
    bodyMasked: row.body_masked,
    piiTypes: row.pii_types,
    sensitiveFlags: row.sensitive_flags,
  };
}

const channelKey = (contactId: string, channelType: string, channelId: string | null) => `${contactId}|${channelType}|${channelId ?? ''}`;

async function resolveConversations(tx: Tx, orgId: string, batch: Prepared[], contactIds: string[]): Promise<Array<{ id: string; created: boolean }>> {
  const named = [...new Set(batch.map((p) => p.input.conversationId).filter((id): id is string => !!id))];
  const namedRows = named.length
    ? await tx.selectFrom('conversations').select(['id', 'contact_id']).where('org_id', '=', orgId).where('id', 'in', named).execute()
    : [];
  const namedById = new Map(namedRows.map((r) => [r.id, r]));

  const needOpen = [...new Set(contactIds.filter((_, i) => !batch[i]!.input.conversationId))];
  const openRows = needOpen.length
    ? await tx
        .selectFrom('conversations')
        .select(['id', 'contact_id', 'channel_type', 'channel_id', 'last_message_at'])
        .where('org_id', '=', orgId)
        .where('contact_id', 'in', needOpen)
        .where('status', '!=', 'resolved')
        .execute()
    : [];
  const open = new Map<string, { id: string; at: number }>();
  for (const r of openRows) {
    const key = channelKey(r.contact_id, r.channel_type, r.channel_id);
    const at = new Date(r.last_message_at).getTime();
    if (!open.has(key) || open.get(key)!.at < at) open.set(key, { id: r.id, at });
  }

  const created = new Map<string, { id: string; contactId: string; channelType: ChannelType; channelId: string | null }>();
  const result = batch.map((p, i) => {
    const contactId = contactIds[i]!;
    if (p.input.conversationId) {
      const conv = namedById.get(p.input.conversationId);
      if (!conv) throw new InputRefused(p.position, Problem.notFound('Conversation'));
      if (conv.contact_id !== contactId) throw new InputRefused(p.position, Problem.conflict('The message belongs to another contact than the conversation.'));
      return { id: conv.id, created: false };
    }
    const key = channelKey(contactId, p.input.channel.type, p.input.channel.id);
    const existing = open.get(key);
    if (existing) return { id: existing.id, created: false };
    let fresh = created.get(key);
    if (!fresh) created.set(key, (fresh = { id: randomUUID(), contactId, channelType: p.input.channel.type, channelId: p.input.channel.id }));
    return { id: fresh.id, created: true };
  });
  if (created.size) {
    await tx
      .insertInto('conversations')
      .values([...created.values()].map((c) => ({ org_id: orgId, id: c.id, contact_id: c.contactId, channel_id: c.channelId, channel_type: c.channelType })))
      .execute();
  }
  return result;
}

async function touchConversations(tx: Tx, orgId: string, batch: Prepared[], conversations: Array<{ id: string }>): Promise<void> {
  const touched = new Map<string, { last: string; inbound: string | null }>();
  batch.forEach((p, i) => {
    const id = conversations[i]!.id;
    const t = touched.get(id) ?? { last: p.createdAt, inbound: null };
    if (p.createdAt > t.last) t.last = p.createdAt;
    if (p.input.direction === 'inbound' && (!t.inbound || p.createdAt > t.inbound)) t.inbound = p.createdAt;
    touched.set(id, t);
  });
  const ids = [...touched.keys()];
  const last = ids.map((id) => touched.get(id)!.last);
  const inbound = ids.map((id) => touched.get(id)!.inbound);
  await sql`UPDATE conversations AS c SET
      last_message_at = GREATEST(c.last_message_at, v.last_at),
      last_inbound_at = CASE WHEN v.inbound_at IS NULL THEN c.last_inbound_at ELSE GREATEST(c.last_inbound_at, v.inbound_at) END,
      status = CASE WHEN v.inbound_at IS NULL THEN c.status ELSE 'open' END,
      updated_at = now()
    FROM unnest(${ids}::uuid[], ${last}::timestamptz[], ${inbound}::timestamptz[]) AS v(id, last_at, inbound_at)
    WHERE c.org_id = ${orgId} AND c.id = v.id`.execute(tx);
}
