import { createHmac, timingSafeEqual } from 'node:crypto';

/** `sha256=<hex>` as Meta sends it in X-Hub-Signature-256: HMAC-SHA256 of the raw body under the app secret. */
export function signWebhookPayload(appSecret: string, rawBody: Buffer | string): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

/**
 * Checks X-Hub-Signature-256 over the exact bytes received (re-serialised JSON would not match).
 * Constant-time, so the comparison leaks nothing about how much of a forged signature was right.
 */
export function isValidWebhookSignature(header: string | undefined, rawBody: Buffer, appSecret: string): boolean {
  if (typeof header !== 'string' || !/^sha256=[0-9a-fA-F]{64}$/.test(header)) return false;
  const expected = Buffer.from(signWebhookPayload(appSecret, rawBody), 'utf8');
  const given = Buffer.from(header.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Constant-time equality of two short secrets (verify tokens). */
export function secretsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  // Compare equal-length buffers even on a length mismatch, so timing does not reveal the length.
  return timingSafeEqual(x.length === y.length ? x : y, y) && x.length === y.length;
}
