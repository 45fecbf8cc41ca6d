import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Session cookies and API tokens carry their organisation in clear (a UUID is no secret) so the
 * server can look them up inside that tenant's row-level-security scope; only a SHA-256 of the
 * whole value is stored, so a database leak yields no usable credential.
 */
const compact = (orgId: string) => orgId.replace(/-/g, '');
const expand = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function newSessionToken(orgId: string): string {
  return `${compact(orgId)}.${randomBytes(32).toString('base64url')}`;
}

export function newApiToken(orgId: string): string {
  return `sig_${compact(orgId)}_${randomBytes(32).toString('base64url')}`;
}

const SESSION = /^([0-9a-f]{32})\.[A-Za-z0-9_-]{43}$/;
const API = /^sig_([0-9a-f]{32})_[A-Za-z0-9_-]{43}$/;

export function orgOfSessionToken(token: string): string | null {
  const m = SESSION.exec(token);
  return m ? expand(m[1]!) : null;
}

export function orgOfApiToken(token: string): string | null {
  const m = API.exec(token);
  return m ? expand(m[1]!) : null;
}

/** Ten recovery codes like `k7m2-q9xw-4tpa`: 60 bits each, typed by hand if needed. */
export function newRecoveryCodes(count = 10): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz023456789'; // 32 symbols: no modulo bias, no i/l/o/1
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12);
    const chars = Array.from(bytes, (b) => alphabet[b & 31]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
  });
}

export function normaliseRecoveryCode(code: string): string {
  return code.trim().toLowerCase().replace(/[^a-z0-9]/g, '').replace(/^(.{4})(.{4})(.{4})$/, '$1-$2-$3');
}
