import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyManagementService } from '../../platform/crypto/master-key.js';
import { canonicalJson } from './render-notice.js';

export const CONSENT_GENESIS_HASH = '0'.repeat(64);

export interface ChainedConsentFields {
  orgId: string;
  seq: number;
  id: string;
  at: Date;
  contactId: string;
  purposeId: string;
  purposeKey: string;
  event: string;
  noticeId: string;
  noticeVersion: number;
  noticeHash: string;
  channel: string;
  channelId: string | null;
  method: string;
  evidence: unknown;
  evidenceSealed: Buffer | null;
  ipMasked: string | null;
  language: string;
  jurisdiction: string;
  actorType: string;
  actorId: string | null;
  prevHash: string;
}

/**
 * HMAC-SHA256 over every field and the previous event's hash, under a key derived from the master
 * key (as the audit chain): whoever can write to the database without the master key cannot forge
 * a consistent ledger, and a removed or edited event breaks the chain at that point.
 */
export function hashConsentEvent(kms: KeyManagementService, e: ChainedConsentFields): string {
  const material = JSON.stringify([
    e.orgId,
    e.seq,
    e.id,
    e.at.toISOString(),
    e.contactId,
    e.purposeId,
    e.purposeKey,
    e.event,
    e.noticeId,
    e.noticeVersion,
    e.noticeHash,
    e.channel,
    e.channelId,
    e.method,
    canonicalJson(e.evidence ?? {}),
    e.evidenceSealed ? e.evidenceSealed.toString('base64') : null,
    e.ipMasked,
    e.language,
    e.jurisdiction,
    e.actorType,
    e.actorId,
    e.prevHash,
  ]);
  return createHmac('sha256', kms.deriveKey('consent-chain')).update(material).digest('hex');
}

/** The secret part of a receipt link: only whoever received the receipt can open it. */
export function receiptToken(kms: KeyManagementService, orgId: string, eventId: string): string {
  return createHmac('sha256', kms.deriveKey('consent-receipt')).update(`${orgId}:${eventId}`).digest('base64url').slice(0, 32);
}

export function isReceiptToken(kms: KeyManagementService, orgId: string, eventId: string, token: string): boolean {
  const expected = Buffer.from(receiptToken(kms, orgId, eventId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** 203.0.113.7 → 203.0.113.x; IPv6 keeps its /48. Enough to read a receipt, not to find a person. */
export function maskIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.x`;
  if (ip.includes(':')) return ip.split(':').slice(0, 3).join(':') + '::/48';
  return 'x';
}
