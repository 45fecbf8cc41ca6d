import type { KeyManagementService } from '../../platform/crypto/master-key.js';
import { openBytes, sealBytes } from '../../platform/crypto/master-key.js';

/**
 * Channel credentials (access tokens, app secrets) sealed with a per-organisation key derived from
 * the master key, bound to the channel row. Also used for short-lived payloads handed to the job
 * queue, which is a plain table.
 */
export function sealForOrganization(kms: KeyManagementService, orgId: string, aad: string, value: unknown): Buffer {
  return sealBytes(kms.deriveKey(`org-secrets:${orgId}`), Buffer.from(JSON.stringify(value), 'utf8'), `${orgId}:${aad}`);
}

export function openForOrganization<T>(kms: KeyManagementService, orgId: string, aad: string, sealed: Buffer): T {
  return JSON.parse(openBytes(kms.deriveKey(`org-secrets:${orgId}`), sealed, `${orgId}:${aad}`).toString('utf8')) as T;
}
