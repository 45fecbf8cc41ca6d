import type { Tx } from '../../platform/db/database.js';
import { isMarketingPurpose } from './check-consent.js';
import { listPurposes, type PurposeView } from './manage-purposes.js';

/**
 * The organisation's purposes for other modules (an access bundle lists them with their legal bases,
 * an objection withdraws the marketing ones), in their display order, without reading the table.
 */
export async function listConsentPurposes(tx: Tx, orgId: string, filter: { activeOnly?: boolean; consentBasedOnly?: boolean; marketingOnly?: boolean } = {}): Promise<PurposeView[]> {
  const purposes = await listPurposes(tx, orgId, { activeOnly: filter.activeOnly });
  return purposes.filter((p) => (!filter.consentBasedOnly || p.requiresConsent) && (!filter.marketingOnly || isMarketingPurpose(p)));
}
