import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';

/** The processing limits a data-subject request set on a contact (table contact_processing_limits). */
export async function contactMessagingLimits(tx: Tx, orgId: string, contactId: string): Promise<{ restricted: boolean; objected: boolean }> {
  const row = await tx.selectFrom('contact_processing_limits').select(['restricted_at', 'objection_at']).where('org_id', '=', orgId).where('contact_id', '=', contactId).executeTakeFirst();
  return { restricted: !!row?.restricted_at, objected: !!row?.objection_at };
}

/**
 * Before anything is sent to a contact: a contact whose processing is restricted (LGPD Art. 18 IV
 * "bloqueio", GDPR Art. 18) is not messaged at all — agent replies, templates, consent notices —
 * and one who objected (LGPD Art. 18 §2, GDPR Art. 21) receives no marketing. 423 with no personal
 * data in the detail. Messages the data-subject-requests module sends the subject about their own
 * request (codes, step notices) do not pass through here: they are how the right is exercised.
 */
export async function assertContactMayBeMessaged(tx: Tx, orgId: string, contactId: string, options: { marketing?: boolean } = {}): Promise<void> {
  const limits = await contactMessagingLimits(tx, orgId, contactId);
  if (limits.restricted) {
    throw new Problem(
      423,
      'processing-restricted',
      'Processing restricted',
      'The customer asked to restrict the processing of their data: no messages can be sent to them while the restriction lasts.',
    );
  }
  if (options.marketing && limits.objected) {
    throw new Problem(423, 'processing-objected', 'Objection to marketing', 'The customer objected to the processing of their data for marketing: marketing messages are not sent to them.');
  }
}
