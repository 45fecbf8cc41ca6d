import * as OTPAuth from 'otpauth';
import { openBytes, sealBytes, type KeyManagementService } from '../../platform/crypto/master-key.js';

const PERIOD = 30;

/** TOTP secrets are sealed with a key derived for this purpose, bound to their user. */
export function sealTotpSecret(kms: KeyManagementService, orgId: string, userId: string, base32: string): Buffer {
  return sealBytes(kms.deriveKey('totp-secret'), Buffer.from(base32, 'utf8'), `totp:${orgId}:${userId}`);
}

export function openTotpSecret(kms: KeyManagementService, orgId: string, userId: string, sealed: Buffer): string {
  return openBytes(kms.deriveKey('totp-secret'), sealed, `totp:${orgId}:${userId}`).toString('utf8');
}

export function newTotp(issuer: string, label: string) {
  const secret = new OTPAuth.Secret({ size: 20 });
  const totp = new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret });
  return { secret: secret.base32, uri: totp.toString() };
}

/**
 * The time step the code belongs to (±1 step of clock drift), or null. Callers refuse a step that
 * is not newer than the last one accepted, so a code cannot be replayed.
 */
export function matchTotpStep(base32: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new OTPAuth.TOTP({ algorithm: 'SHA1', digits: 6, period: PERIOD, secret: OTPAuth.Secret.fromBase32(base32) });
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}
