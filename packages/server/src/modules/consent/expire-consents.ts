import type { AppContext } from '../../platform/context.js';
import { systemActor } from '../audit/actor.js';
import { deriveStatus } from './consent-state.js';
import { renewalSince } from './manage-notices.js';
import { listPurposes } from './manage-purposes.js';
import { recordConsentEvents, type ConsentEventInput } from './record-consent.js';

/**
 * Writes an `expired` event for every consent past its purpose's validity period, so the ledger
 * itself shows when it lapsed (the derived state already stops processing at that moment).
 */
export async function recordExpiredConsents(ctx: AppContext, options: { now?: Date; orgId?: string } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const orgs = await ctx.database.withSystem((tx) => {
    let q = tx.selectFrom('consent_purposes').select('org_id').distinct().where('consent_validity_days', 'is not', null).where('active', '=', true);
    if (options.orgId) q = q.where('org_id', '=', options.orgId);
    return q.execute();
  });
  let written = 0;
  for (const { org_id: orgId } of orgs) {
    written += await ctx.database.withTenant(orgId, async (tx) => {
      const purposes = await listPurposes(tx, orgId, { activeOnly: true });
      const renewals = await renewalSince(tx, orgId);
      const inputs: ConsentEventInput[] = [];
      for (const p of purposes.filter((x) => x.requiresConsent && x.consentValidityDays)) {
        const cutoff = new Date(now.getTime() - p.consentValidityDays! * 86_400_000);
        const rows = await tx
          .selectFrom('consent_events as e')
          .select(['e.id', 'e.contact_id', 'e.purpose_id', 'e.purpose_key', 'e.event', 'e.at', 'e.notice_version', 'e.channel', 'e.method'])
          .distinctOn(['e.contact_id'])
          .where('e.org_id', '=', orgId)
          .where('e.purpose_id', '=', p.id)
          .orderBy('e.contact_id')
          .orderBy('e.seq', 'desc')
          .execute();
        for (const r of rows) {
          if ((r.event === 'given' || r.event === 'renewed') && r.at <= cutoff && deriveStatus(r, p, renewals, now) === 'expired') {
            inputs.push({ contactId: r.contact_id, purposeKey: p.key, event: 'expired', channel: 'system', method: 'system', evidence: { note: `validity of ${p.consentValidityDays} days` } });
          }
        }
      }
      const recorded = await recordConsentEvents(ctx, tx, orgId, systemActor('consent: validity period'), inputs, { purposes, now });
      return recorded.filter((r) => r.recorded).length;
    });
  }
  return written;
}
