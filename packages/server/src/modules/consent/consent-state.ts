import type { Tx } from '../../platform/db/database.js';
import type { ConsentEventType } from '../../platform/db/schema.js';
import { renewalSince } from './manage-notices.js';

/**
 * The state of one contact's consent for one purpose, derived from the ledger (the newest event),
 * the purpose's validity period and the notice versions published since. Never stored.
 */
export type ConsentStatus = 'none' | 'given' | 'refused' | 'withdrawn' | 'expired' | 'renewal_needed';

export interface ConsentState {
  contactId: string;
  purposeId: string;
  purposeKey: string;
  status: ConsentStatus;
  /** Only a given (or renewed) consent, in time and for the terms in force, allows processing. */
  valid: boolean;
  lastEvent: { id: string; event: ConsentEventType; at: Date; noticeVersion: number; channel: string; method: string } | null;
}

export interface LastEventRow {
  id: string;
  contact_id: string;
  purpose_id: string;
  purpose_key: string;
  event: ConsentEventType;
  at: Date;
  notice_version: number;
  channel: string;
  method: string;
}

export function deriveStatus(
  last: LastEventRow | undefined,
  purpose: { key: string; consentValidityDays: number | null },
  renewals: Array<{ version: number; purposes: string[] }>,
  now = new Date(),
): ConsentStatus {
  if (!last) return 'none';
  if (last.event === 'refused' || last.event === 'withdrawn' || last.event === 'expired') return last.event;
  if (purpose.consentValidityDays && last.at.getTime() + purpose.consentValidityDays * 86_400_000 <= now.getTime()) return 'expired';
  if (renewals.some((r) => r.version > last.notice_version && r.purposes.includes(purpose.key))) return 'renewal_needed';
  return 'given';
}

/** The newest ledger event per contact and purpose. */
export async function lastEvents(tx: Tx, orgId: string, contactIds: string[], purposeIds?: string[]): Promise<LastEventRow[]> {
  if (!contactIds.length) return [];
  let q = tx
    .selectFrom('consent_events')
    .select(['id', 'contact_id', 'purpose_id', 'purpose_key', 'event', 'at', 'notice_version', 'channel', 'method'])
    .distinctOn(['contact_id', 'purpose_id'])
    .where('org_id', '=', orgId)
    .where('contact_id', 'in', contactIds);
  if (purposeIds?.length) q = q.where('purpose_id', 'in', purposeIds);
  return q.orderBy('contact_id').orderBy('purpose_id').orderBy('seq', 'desc').execute();
}

export async function consentStates(
  tx: Tx,
  orgId: string,
  contactIds: string[],
  purposes: Array<{ id: string; key: string; consentValidityDays: number | null }>,
): Promise<ConsentState[]> {
  const rows = await lastEvents(tx, orgId, contactIds, purposes.map((p) => p.id));
  const renewals = await renewalSince(tx, orgId);
  const byKey = new Map(rows.map((r) => [`${r.contact_id}|${r.purpose_id}`, r]));
  const out: ConsentState[] = [];
  for (const contactId of contactIds) {
    for (const p of purposes) {
      const last = byKey.get(`${contactId}|${p.id}`);
      const status = deriveStatus(last, p, renewals);
      out.push({
        contactId,
        purposeId: p.id,
        purposeKey: p.key,
        status,
        valid: status === 'given',
        lastEvent: last ? { id: last.id, event: last.event, at: last.at, noticeVersion: last.notice_version, channel: last.channel, method: last.method } : null,
      });
    }
  }
  return out;
}
