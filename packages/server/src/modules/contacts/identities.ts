import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { KeyManagementService } from '../../platform/crypto/master-key.js';

export type IdentityKind = 'email' | 'phone' | 'whatsapp' | 'bsuid' | 'document' | 'webchat';

export class InvalidIdentityError extends Error {}

/**
 * One canonical form per identity, so the same person is found however they typed it: e-mail in
 * lower case, phones and WhatsApp ids in E.164, documents as upper-case letters and digits.
 */
export function normaliseIdentity(kind: IdentityKind, raw: string, defaultCountry: 'BR' | 'ES' | 'PT' = 'BR'): string {
  const value = raw.trim();
  switch (kind) {
    case 'email': {
      const email = value.toLowerCase();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) throw new InvalidIdentityError('not an e-mail address');
      return email;
    }
    case 'phone':
    case 'whatsapp': {
      // WhatsApp ids are the digits of the international number, without "+".
      const candidate = kind === 'whatsapp' && /^\d{8,15}$/.test(value) ? `+${value}` : value;
      const phone = parsePhoneNumberFromString(candidate, defaultCountry);
      if (!phone || !phone.isPossible()) throw new InvalidIdentityError('not a phone number');
      return phone.number; // E.164
    }
    case 'bsuid':
      if (!/^[A-Za-z0-9._:-]{4,128}$/.test(value)) throw new InvalidIdentityError('not a business-scoped user id');
      return value;
    case 'document': {
      const doc = value.toUpperCase().replace(/[^0-9A-Z]/g, '');
      if (doc.length < 5 || doc.length > 20) throw new InvalidIdentityError('not a document number');
      return doc;
    }
    case 'webchat':
      if (!/^[A-Za-z0-9_-]{16,128}$/.test(value)) throw new InvalidIdentityError('not a visitor id');
      return value;
  }
}

const keyCache = new WeakMap<KeyManagementService, Map<string, Buffer>>();

/** HMAC-SHA256 under a per-organisation key derived from the master key: equality look-ups, no plaintext. */
export function blindIndex(kms: KeyManagementService, orgId: string, kind: IdentityKind, normalised: string): string {
  let perOrg = keyCache.get(kms);
  if (!perOrg) keyCache.set(kms, (perOrg = new Map()));
  let key = perOrg.get(orgId);
  if (!key) perOrg.set(orgId, (key = kms.deriveKey(`blind-index:${orgId}`)));
  return createHmac('sha256', key).update(`${kind}\u0000${normalised}`).digest('base64url');
}

/** What agents see of an identity: enough to tell two apart, not enough to use. */
export function maskIdentity(kind: IdentityKind, normalised: string): string {
  switch (kind) {
    case 'email': {
      const [local, domain] = normalised.split('@') as [string, string];
      return `${local.slice(0, 1)}${'•'.repeat(Math.max(2, Math.min(6, local.length - 1)))}@${domain}`;
    }
    case 'phone':
    case 'whatsapp':
      return `${normalised.slice(0, 3)} •••• ${normalised.slice(-4)}`;
    case 'document':
      return `•••${normalised.slice(-3)}`;
    case 'bsuid':
    case 'webchat':
      return `${normalised.slice(0, 4)}…`;
  }
}
