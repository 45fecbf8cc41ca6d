import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';

/**
 * Restriction of processing (LGPD Art. 18 IV "bloqueio", GDPR Art. 18): while a contact's data is
 * restricted it is kept but not used, so staff reveals of originals are refused. The flag is set
 * by the data-subject-requests module (table contact_processing_limits); answering the subject's
 * own requests is not a staff reveal and does not pass through here.
 */
export async function assertProcessingNotRestricted(tx: Tx, orgId: string, contactId: string): Promise<void> {
  const row = await tx
    .selectFrom('contact_processing_limits')
    .select('restricted_at')
    .where('org_id', '=', orgId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  if (row?.restricted_at) {
    throw new Problem(
      423,
      'processing-restricted',
      'Processing restricted',
      'The customer asked to restrict the processing of their data: originals cannot be revealed while the restriction lasts. The masked text remains.',
    );
  }
}
