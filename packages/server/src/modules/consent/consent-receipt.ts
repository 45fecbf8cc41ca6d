import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { openForOrganization } from '../channels/channel-secrets.js';
import { receiptToken } from './consent-chain.js';
import { JURISDICTION_LAW, type Jurisdiction } from './legal-bases.js';
import type { NoticeContent } from './render-notice.js';

export interface LedgerEventView {
  id: string;
  seq: number;
  at: Date;
  contactId: string;
  purposeKey: string;
  event: string;
  noticeVersion: number;
  noticeHash: string;
  channel: string;
  method: string;
  evidence: Record<string, unknown>;
  ipMasked: string | null;
  language: string;
  jurisdiction: string;
  actorType: string;
  actorId: string | null;
  hash: string;
  receiptUrl: string;
}

type EventRow = Awaited<ReturnType<typeof selectEvents>>[number];
function selectEvents(tx: Tx, orgId: string) {
  return tx.selectFrom('consent_events').selectAll().where('org_id', '=', orgId).orderBy('seq', 'desc').limit(1).execute();
}

export function receiptPath(ctx: AppContext, slug: string, orgId: string, eventId: string): string {
  return `/privacy/${encodeURIComponent(slug)}/receipts/${eventId}?t=${receiptToken(ctx.kms, orgId, eventId)}`;
}

export function toLedgerView(ctx: AppContext, slug: string, r: EventRow): LedgerEventView {
  return {
    id: r.id,
    seq: r.seq,
    at: r.at,
    contactId: r.contact_id,
    purposeKey: r.purpose_key,
    event: r.event,
    noticeVersion: r.notice_version,
    noticeHash: r.notice_hash,
    channel: r.channel,
    method: r.method,
    evidence: r.evidence,
    ipMasked: r.ip_masked,
    language: r.language,
    jurisdiction: r.jurisdiction,
    actorType: r.actor_type,
    actorId: r.actor_id,
    hash: r.hash,
    receiptUrl: receiptPath(ctx, slug, r.org_id, r.id),
  };
}

/** A contact's whole consent history, newest first. */
export async function listContactConsentEvents(ctx: AppContext, tx: Tx, orgId: string, contactId: string): Promise<LedgerEventView[]> {
  const org = await tx.selectFrom('organizations').select('slug').where('id', '=', orgId).executeTakeFirstOrThrow();
  const rows = await tx.selectFrom('consent_events').selectAll().where('org_id', '=', orgId).where('contact_id', '=', contactId).orderBy('seq', 'desc').limit(500).execute();
  return rows.map((r) => toLedgerView(ctx, org.slug, r));
}

const KANTARA_EVENT: Record<string, string> = {
  given: 'consent_given',
  renewed: 'consent_given',
  refused: 'consent_refused',
  withdrawn: 'consent_withdrawn',
  expired: 'consent_expired',
};

/**
 * The receipt of one ledger event, with the fields of the Kantara Consent Receipt v1.1 and of
 * ISO/IEC TS 27560 (as summarised in LAWS.md): who the controller is, which notice version (and
 * its hash) the customer saw, the purpose as published, the event and how it was collected.
 */
export async function buildReceipt(ctx: AppContext, tx: Tx, orgId: string, eventId: string, baseUrl: string) {
  const row = await tx.selectFrom('consent_events').selectAll().where('org_id', '=', orgId).where('id', '=', eventId).executeTakeFirst();
  if (!row) return null;
  const notice = await tx.selectFrom('privacy_notices').select(['content', 'effective_at']).where('org_id', '=', orgId).where('id', '=', row.notice_id).executeTakeFirstOrThrow();
  const content = notice.content as unknown as NoticeContent;
  const purpose = content.purposes.find((p) => p.id === row.purpose_id);
  const lang = (row.language as 'pt-BR' | 'es' | 'en') ?? 'en';
  const policyUrl = `${baseUrl}${content.policyPath}?version=${row.notice_version}`;
  const receiptUrl = baseUrl + receiptPath(ctx, content.organization.slug, orgId, row.id);
  return {
    // Kantara Consent Receipt v1.1
    version: 'KI-CR-v1.1.0',
    jurisdiction: `${row.jurisdiction}: ${JURISDICTION_LAW[row.jurisdiction as Jurisdiction] ?? row.jurisdiction}`,
    consentTimestamp: Math.floor(row.at.getTime() / 1000),
    collectionMethod: `${row.channel}/${row.method}`,
    consentReceiptID: row.id,
    language: row.language,
    piiPrincipalId: row.contact_id,
    piiControllers: [
      {
        piiController: content.controller.name,
        onBehalf: false,
        contact: content.dpo.name || content.controller.name,
        address: content.controller.address,
        email: content.dpo.email || content.controller.email,
        piiControllerUrl: `${baseUrl}${content.policyPath}`,
      },
    ],
    policyUrl,
    services: [
      {
        service: content.organization.name,
        purposes: [
          {
            purpose: purpose?.names[lang] ?? row.purpose_key,
            purposeCategory: [purpose?.dataUse ?? row.purpose_key],
            consentType: 'EXPLICIT',
            piiCategory: purpose?.dataCategories ?? [],
            primaryPurpose: false,
            termination: purpose?.retentionNote || 'until withdrawn',
            thirdPartyDisclosure: Boolean(purpose?.recipients.length),
            thirdPartyName: purpose?.recipients.map((r) => r.name).join(', ') ?? '',
          },
        ],
      },
    ],
    sensitive: Boolean(purpose?.sensitive),
    spiCat: purpose?.sensitive ? purpose.dataCategories : [],
    // ISO/IEC TS 27560 record fields
    schema_version: 'ISO/IEC TS 27560:2023',
    record_id: row.id,
    pii_principal_id: row.contact_id,
    privacy_notice: { version: row.notice_version, hash: row.notice_hash, effective: notice.effective_at.toISOString(), url: policyUrl },
    purposes: [{ purpose: row.purpose_key, lawful_basis: purpose ? `${purpose.legalBasis} (LGPD ${purpose.lgpdArticle}; GDPR ${purpose.gdprArticle})` : 'consent' }],
    collection_method: row.method,
    retention_period: purpose?.retentionNote ?? '',
    event: { time: row.at.toISOString(), type: KANTARA_EVENT[row.event] ?? row.event, ledger_event: row.event, mechanism: row.method, location: row.channel },
    evidence: { ...row.evidence, ip: row.ip_masked },
    integrity: { seq: row.seq, prev_hash: row.prev_hash, hash: row.hash, algorithm: 'HMAC-SHA256 chain per organisation' },
    withdrawUrl: row.event === 'given' || row.event === 'renewed' ? `${receiptUrl}#withdraw` : null,
    receiptUrl,
  };
}

export type ConsentReceipt = NonNullable<Awaited<ReturnType<typeof buildReceipt>>>;

/** The sealed IP address and user agent of one event, for a proof the DPO hands to an authority. */
export async function revealConsentEvidence(
  ctx: AppContext,
  input: { orgId: string; contactId: string; eventId: string; actor: Actor; reason: string; ip: string | null },
): Promise<{ ip: string | null; userAgent: string | null }> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const row = await tx
      .selectFrom('consent_events')
      .select(['id', 'evidence_sealed'])
      .where('org_id', '=', input.orgId)
      .where('contact_id', '=', input.contactId)
      .where('id', '=', input.eventId)
      .executeTakeFirst();
    if (!row) throw Problem.notFound('Consent event');
    if (!row.evidence_sealed) throw Problem.conflict('This event has no sealed evidence (no IP address or user agent was collected).', 'no-sealed-evidence');
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'consent.evidence_revealed',
      target: { type: 'consent_event', id: row.id },
      reason: input.reason,
      ip: input.ip,
      metadata: { contactId: input.contactId },
    });
    return openForOrganization<{ ip: string | null; userAgent: string | null }>(ctx.kms, input.orgId, `consent_events:${row.id}`, row.evidence_sealed);
  });
}
