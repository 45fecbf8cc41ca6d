import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { sql, type Tx } from '../../platform/db/database.js';
import type { ConsentChannel, ConsentEventType } from '../../platform/db/schema.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { sealForOrganization } from '../channels/channel-secrets.js';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.js';
import { CONSENT_GENESIS_HASH, hashConsentEvent, maskIp, receiptToken } from './consent-chain.js';
import { deriveStatus, lastEvents, type ConsentStatus } from './consent-state.js';
import { defaultLangOf, jurisdictionOf, noticeLang } from './legal-bases.js';
import { currentNotice, renewalSince } from './manage-notices.js';
import { listPurposes, type PurposeView } from './manage-purposes.js';

export const COLLECTION_METHODS = [
  'unticked_checkbox',
  'whatsapp_button',
  'whatsapp_keyword',
  'ivr_key',
  'verbal',
  'email_link',
  'receipt_link',
  'privacy_portal',
  'agent_recorded',
  'api',
  'system',
] as const;
export type CollectionMethod = (typeof COLLECTION_METHODS)[number];

export interface ConsentEvidence {
  /** Web: the visitor's address and browser (sealed; a masked copy is kept for display). */
  ip?: string | null;
  userAgent?: string | null;
  /** WhatsApp: the message id (wamid) of the reply, and Sigilo's message id. */
  channelMessageId?: string;
  messageId?: string;
  /** Voice: the call's id in the telephony system. */
  callId?: string;
  /** Verbal or other means: the agent who recorded it and what they saw or heard. */
  agentId?: string;
  note?: string;
  /** For other means: a reference to the signed form, e-mail, ticket… */
  reference?: string;
}

/** Who recorded the event: the customer themselves (a click, a button, a keyword), staff, or Sigilo. */
export type ConsentActor = { type: 'contact' } | Actor;

export interface ConsentEventInput {
  contactId: string;
  purposeKey: string;
  event: Extract<ConsentEventType, 'given' | 'refused' | 'withdrawn' | 'expired'>;
  channel: ConsentChannel;
  channelId?: string | null;
  method: CollectionMethod;
  evidence: ConsentEvidence;
  language?: string | null;
}

export interface RecordedConsent {
  id: string;
  seq: number;
  contactId: string;
  purposeKey: string;
  event: ConsentEventType;
  status: ConsentStatus;
  at: Date;
  noticeVersion: number;
  /** False when the event would not change anything (a second "SAIR"): nothing new is written. */
  recorded: boolean;
  receiptToken: string;
}

/**
 * Whether an event would add nothing: the same choice again, or an expiry of a consent that has not
 * lapsed (or whose lapse is already recorded). Such events are not written.
 */
function isNoop(event: ConsentEventInput['event'], status: ConsentStatus, lastEvent: ConsentEventType | undefined): boolean {
  if (event === 'expired') return !(status === 'expired' && (lastEvent === 'given' || lastEvent === 'renewed'));
  return (event === 'given' && status === 'given') || (event === status && event !== 'given');
}

/**
 * Appends consent events to the organisation's ledger inside the caller's transaction, each
 * chained to the previous one, with the notice version in force; queues `consent.changed` for
 * webhooks in the same transaction and writes an audit entry when staff or a token recorded it.
 * A `given` after an expired consent, or one given under terms that changed since, is stored as
 * `renewed`. Throws a 400 Problem for a purpose that is unknown, retired or not consent-based.
 */
export async function recordConsentEvents(
  ctx: AppContext,
  tx: Tx,
  orgId: string,
  actor: ConsentActor,
  inputs: ConsentEventInput[],
  options: { ip?: string | null; purposes?: PurposeView[]; now?: Date } = {},
): Promise<RecordedConsent[]> {
  if (!inputs.length) return [];
  const purposes = options.purposes ?? (await listPurposes(tx, orgId));
  const byKey = new Map(purposes.map((p) => [p.key, p]));
  for (const [i, input] of inputs.entries()) {
    const p = byKey.get(input.purposeKey);
    const field = inputs.length > 1 ? `consents[${i}].purpose` : 'purpose';
    if (!p) throw Problem.field(field, `unknown purpose "${input.purposeKey}"`);
    if (!p.active) throw Problem.field(field, `the purpose "${input.purposeKey}" is retired`);
    if (!p.requiresConsent) throw Problem.field(field, `"${input.purposeKey}" rests on ${p.legalBasis}, not on consent: there is nothing to give or withdraw`);
  }
  const notice = await currentNotice(ctx, tx, orgId);
  const org = await tx.selectFrom('organizations').select('country').where('id', '=', orgId).executeTakeFirstOrThrow();
  const jurisdiction = jurisdictionOf(org.country);

  // One writer at a time per organisation keeps the chain linear.
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'consent:' + orgId}, 0))`.execute(tx);
  const head = await tx.selectFrom('consent_events').select(['seq', 'hash']).where('org_id', '=', orgId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? CONSENT_GENESIS_HASH;

  const renewals = await renewalSince(tx, orgId);
  const last = await lastEvents(tx, orgId, [...new Set(inputs.map((i) => i.contactId))]);
  const latest = new Map(last.map((r) => [`${r.contact_id}|${r.purpose_id}`, r]));
  const out: RecordedConsent[] = [];

  for (const input of inputs) {
    const purpose = byKey.get(input.purposeKey)!;
    const key = `${input.contactId}|${purpose.id}`;
    const before = deriveStatus(latest.get(key), purpose, renewals, options.now);
    const previous = latest.get(key);
    if (isNoop(input.event, before, previous?.event)) {
      if (!previous) continue;
      out.push({
        id: previous!.id,
        seq: 0,
        contactId: input.contactId,
        purposeKey: purpose.key,
        event: previous!.event,
        status: before,
        at: previous!.at,
        noticeVersion: previous!.notice_version,
        recorded: false,
        receiptToken: receiptToken(ctx.kms, orgId, previous!.id),
      });
      continue;
    }
    const event: ConsentEventType = input.event === 'given' && (before === 'renewal_needed' || before === 'expired') ? 'renewed' : input.event;
    const id = randomUUID();
    const at = new Date();
    seq++;
    const ev = input.evidence;
    const hasDevice = Boolean(ev.ip || ev.userAgent);
    const evidenceSealed = hasDevice ? sealForOrganization(ctx.kms, orgId, `consent_events:${id}`, { ip: ev.ip ?? null, userAgent: ev.userAgent?.slice(0, 512) ?? null }) : null;
    const evidence: Record<string, unknown> = {};
    for (const k of ['channelMessageId', 'messageId', 'callId', 'agentId', 'note', 'reference'] as const) if (ev[k]) evidence[k] = String(ev[k]).slice(0, 1000);
    if (hasDevice) evidence.device = 'sealed';
    const fields = {
      orgId,
      seq,
      id,
      at,
      contactId: input.contactId,
      purposeId: purpose.id,
      purposeKey: purpose.key,
      event,
      noticeId: notice.id,
      noticeVersion: notice.version,
      noticeHash: notice.contentHash,
      channel: input.channel,
      channelId: input.channelId ?? null,
      method: input.method,
      evidence,
      evidenceSealed,
      ipMasked: maskIp(ev.ip),
      language: noticeLang(input.language, defaultLangOf(org.country)),
      jurisdiction,
      actorType: actor.type === 'anonymous' ? 'system' : actor.type,
      actorId: actor.type === 'user' || actor.type === 'token' ? actor.id : null,
      prevHash,
    };
    const hash = hashConsentEvent(ctx.kms, fields);
    await tx
      .insertInto('consent_events')
      .values({
        org_id: orgId,
        seq,
        id,
        at,
        contact_id: fields.contactId,
        purpose_id: fields.purposeId,
        purpose_key: fields.purposeKey,
        event,
        notice_id: fields.noticeId,
        notice_version: fields.noticeVersion,
        notice_hash: fields.noticeHash,
        channel: fields.channel,
        channel_id: fields.channelId,
        method: fields.method,
        evidence: JSON.stringify(evidence),
        evidence_sealed: evidenceSealed,
        ip_masked: fields.ipMasked,
        language: fields.language,
        jurisdiction,
        actor_type: fields.actorType as 'contact' | 'user' | 'token' | 'system',
        actor_id: fields.actorId,
        prev_hash: prevHash,
        hash,
      })
      .execute();
    prevHash = hash;
    const status: ConsentStatus = event === 'renewed' || event === 'given' ? 'given' : event;
    latest.set(key, { id, contact_id: input.contactId, purpose_id: purpose.id, purpose_key: purpose.key, event, at, notice_version: notice.version, channel: input.channel, method: input.method });
    await enqueueWebhookEvent(ctx, tx, orgId, 'consent.changed', {
      eventId: id,
      contactId: input.contactId,
      purpose: purpose.key,
      event,
      status,
      valid: status === 'given',
      channel: input.channel,
      method: input.method,
      noticeVersion: notice.version,
      at: at.toISOString(),
    });
    if (actor.type === 'user' || actor.type === 'token') {
      await recordAuditEntry(tx, {
        orgId,
        actor,
        action: 'consent.recorded',
        target: { type: 'contact', id: input.contactId },
        ip: options.ip ?? null,
        metadata: { eventId: id, purpose: purpose.key, event, channel: input.channel, method: input.method },
      });
    }
    out.push({ id, seq, contactId: input.contactId, purposeKey: purpose.key, event, status, at, noticeVersion: notice.version, recorded: true, receiptToken: receiptToken(ctx.kms, orgId, id) });
  }
  return out;
}
