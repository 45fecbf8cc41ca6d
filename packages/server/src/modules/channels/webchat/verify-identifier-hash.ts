import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `identifier_hash`: the host site proves it vouches for a signed-in customer's e-mail with
 * hex(HMAC-SHA256(identitySecret, email)), computed on its server. Compared in constant time; the
 * e-mail is hashed as sent (the host must hash exactly the string it puts in the page).
 */
export function verifyIdentifierHash(identitySecret: string, email: string, hash: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) return false;
  const expected = createHmac('sha256', identitySecret).update(email, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(hash, 'hex'));
}

export function identifierHash(identitySecret: string, email: string): string {
  return createHmac('sha256', identitySecret).update(email, 'utf8').digest('hex');
}
