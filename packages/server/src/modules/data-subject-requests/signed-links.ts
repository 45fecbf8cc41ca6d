import { createHmac, timingSafeEqual } from 'node:crypto';
import type { KeyManagementService } from '../../platform/crypto/master-key.js';

function mac(kms: KeyManagementService, orgId: string, what: string): string {
  return createHmac('sha256', kms.deriveKey(`dsr-links:${orgId}`)).update(what).digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The requester's link to follow their request (no login: the link is the credential). */
export const statusToken = (kms: KeyManagementService, orgId: string, requestId: string) => mac(kms, orgId, `status:${requestId}`);
export const isStatusToken = (kms: KeyManagementService, orgId: string, requestId: string, token: string) => same(statusToken(kms, orgId, requestId), token);

/** The download link of a bundle: signed over the export and its expiry. */
export const bundleToken = (kms: KeyManagementService, orgId: string, exportId: string, expiresAt: Date) => mac(kms, orgId, `bundle:${exportId}:${expiresAt.getTime()}`);
export function isBundleToken(kms: KeyManagementService, orgId: string, exportId: string, expiresMs: number, token: string, now = Date.now()): boolean {
  return expiresMs > now && same(bundleToken(kms, orgId, exportId, new Date(expiresMs)), token);
}

export const statusPath = (kms: KeyManagementService, slug: string, orgId: string, requestId: string) =>
  `/privacy/${slug}/requests/${requestId}?t=${statusToken(kms, orgId, requestId)}`;
export const bundlePath = (kms: KeyManagementService, slug: string, orgId: string, exportId: string, expiresAt: Date) =>
  `/privacy/${slug}/requests/bundles/${exportId}?e=${expiresAt.getTime()}&t=${bundleToken(kms, orgId, exportId, expiresAt)}`;
