import type { AppContext } from '../../platform/context.js';
import { sql, type Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { CONSENT_GENESIS_HASH, hashConsentEvent } from './consent-chain.js';
import { deriveStatus, type ConsentStatus } from './consent-state.js';
import { renewalSince } from './manage-notices.js';
import { listPurposes } from './manage-purposes.js';

export interface RatePoint {
  bucket: string;
  purposeKey: string;
  channel: string;
  given: number;
  refused: number;
  withdrawn: number;
  renewed: number;
  expired: number;
}

/** Ledger events per day (or week), purpose and channel: consent and withdrawal rates over time. */
export async function consentRates(tx: Tx, orgId: string, options: { from: Date; to: Date; bucket: 'day' | 'week' }): Promise<RatePoint[]> {
  if (options.to <= options.from) throw Problem.field('to', 'must be after from');
  const unit = options.bucket === 'week' ? 'week' : 'day';
  const rows = await sql<{ bucket: Date; purpose_key: string; channel: string; event: string; n: number }>`
    SELECT date_trunc(${unit}, at AT TIME ZONE 'UTC') AS bucket, purpose_key, channel, event, count(*)::int AS n
    FROM consent_events
    WHERE org_id = ${orgId} AND at >= ${options.from} AND at < ${options.to}
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3`.execute(tx);
  const points = new Map<string, RatePoint>();
  for (const r of rows.rows) {
    const bucket = new Date(r.bucket).toISOString().slice(0, 10);
    const key = `${bucket}|${r.purpose_key}|${r.channel}`;
    const p = points.get(key) ?? { bucket, purposeKey: r.purpose_key, channel: r.channel, given: 0, refused: 0, withdrawn: 0, renewed: 0, expired: 0 };
    if (r.event in p) (p as unknown as Record<string, number>)[r.event] = Number(r.n);
    points.set(key, p);
  }
  return [...points.values()];
}

export interface PurposeSummary {
  purposeKey: string;
  counts: Record<ConsentStatus, number>;
}

/** How many contacts are in each state, per consent-based purpose (contacts never asked count as none). */
export async function consentSummary(tx: Tx, orgId: string): Promise<PurposeSummary[]> {
  const purposes = (await listPurposes(tx, orgId, { activeOnly: true })).filter((p) => p.requiresConsent);
  const renewals = await renewalSince(tx, orgId);
  const total = Number((await tx.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow()).n);
  const out: PurposeSummary[] = [];
  for (const p of purposes) {
    const rows = await sql<{ event: 'given' | 'refused' | 'withdrawn' | 'expired' | 'renewed'; at: Date; notice_version: number; id: string; contact_id: string; purpose_id: string; purpose_key: string; channel: string; method: string }>`
      SELECT DISTINCT ON (contact_id) id, contact_id, purpose_id, purpose_key, event, at, notice_version, channel, method
      FROM consent_events WHERE org_id = ${orgId} AND purpose_id = ${p.id}
      ORDER BY contact_id, seq DESC`.execute(tx);
    const counts: Record<ConsentStatus, number> = { none: 0, given: 0, refused: 0, withdrawn: 0, expired: 0, renewal_needed: 0 };
    for (const r of rows.rows) counts[deriveStatus(r, p, renewals)]++;
    counts.none = Math.max(0, total - rows.rows.length);
    out.push({ purposeKey: p.key, counts });
  }
  return out;
}

export interface LackingContact {
  contactId: string;
  displayName: string;
  status: ConsentStatus;
  lastEventAt: Date | null;
  lastChannel: string | null;
}

/**
 * Contacts without a valid consent for a purpose who may be asked (again): never asked, expired,
 * or given under terms that changed since. Those who refused or withdrew are not listed: asking
 * them again would pressure a choice already made.
 */
export async function contactsLackingConsent(tx: Tx, orgId: string, purposeKey: string, limit = 200): Promise<LackingContact[]> {
  const purpose = (await listPurposes(tx, orgId)).find((p) => p.key === purposeKey);
  if (!purpose) throw Problem.field('purpose', `unknown purpose "${purposeKey}"`);
  if (!purpose.requiresConsent) throw Problem.field('purpose', `"${purposeKey}" does not rest on consent`);
  const renewals = await renewalSince(tx, orgId);
  const rows = await sql<{ contact_id: string; display_name: string; id: string | null; event: 'given' | 'refused' | 'withdrawn' | 'expired' | 'renewed' | null; at: Date | null; notice_version: number | null; channel: string | null; method: string | null; last_channel: string | null }>`
    WITH last AS (
      SELECT DISTINCT ON (contact_id) id, contact_id, event, at, notice_version, channel, method
      FROM consent_events WHERE org_id = ${orgId} AND purpose_id = ${purpose.id}
      ORDER BY contact_id, seq DESC
    )
    SELECT c.id AS contact_id, c.display_name, last.id, last.event, last.at, last.notice_version, last.channel, last.method,
      (SELECT channel_type FROM conversations v WHERE v.org_id = c.org_id AND v.contact_id = c.id ORDER BY last_message_at DESC LIMIT 1) AS last_channel
    FROM contacts c LEFT JOIN last ON last.contact_id = c.id
    WHERE c.org_id = ${orgId} AND (last.event IS NULL OR last.event IN ('given', 'renewed', 'expired'))
    ORDER BY c.updated_at DESC
    LIMIT ${limit * 4}`.execute(tx);
  const out: LackingContact[] = [];
  for (const r of rows.rows) {
    const status = r.id
      ? deriveStatus({ id: r.id, contact_id: r.contact_id, purpose_id: purpose.id, purpose_key: purpose.key, event: r.event!, at: r.at!, notice_version: r.notice_version!, channel: r.channel!, method: r.method! }, purpose, renewals)
      : 'none';
    if (status === 'none' || status === 'expired' || status === 'renewal_needed') {
      out.push({ contactId: r.contact_id, displayName: r.display_name, status, lastEventAt: r.at, lastChannel: r.last_channel });
    }
    if (out.length >= limit) break;
  }
  return out;
}

/** Walks one organisation's ledger and names the first event whose hash or link does not hold. */
export async function verifyConsentLedger(ctx: AppContext, orgId: string): Promise<{ events: number; broken: { seq: number; problem: string } | null }> {
  return ctx.database.withSystem(async (tx) => {
    const rows = await tx.selectFrom('consent_events').selectAll().where('org_id', '=', orgId).orderBy('seq').execute();
    let prev = CONSENT_GENESIS_HASH;
    let expected = 1;
    for (const r of rows) {
      if (r.seq !== expected) return { events: rows.length, broken: { seq: expected, problem: 'missing' } };
      if (r.prev_hash !== prev) return { events: rows.length, broken: { seq: r.seq, problem: 'out-of-order' } };
      const hash = hashConsentEvent(ctx.kms, {
        orgId: r.org_id,
        seq: r.seq,
        id: r.id,
        at: r.at,
        contactId: r.contact_id,
        purposeId: r.purpose_id,
        purposeKey: r.purpose_key,
        event: r.event,
        noticeId: r.notice_id,
        noticeVersion: r.notice_version,
        noticeHash: r.notice_hash,
        channel: r.channel,
        channelId: r.channel_id,
        method: r.method,
        evidence: r.evidence,
        evidenceSealed: r.evidence_sealed,
        ipMasked: r.ip_masked,
        language: r.language,
        jurisdiction: r.jurisdiction,
        actorType: r.actor_type,
        actorId: r.actor_id,
        prevHash: r.prev_hash,
      });
      if (hash !== r.hash) return { events: rows.length, broken: { seq: r.seq, problem: 'altered' } };
      prev = r.hash;
      expected++;
    }
    return { events: rows.length, broken: null };
  });
}
