import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { dispatchOutbound } from '../channels/outbound.js';
import { assertContactMayBeMessaged } from '../contacts/assert-may-be-messaged.js';
import { ingestMessage } from '../conversations/ingest-message.js';
import { consentStates, type ConsentStatus } from './consent-state.js';
import { listPurposes, type PurposeView } from './manage-purposes.js';

export interface ConsentCheck {
  purpose: string;
  legalBasis: string;
  /** May the contact's data be processed for this purpose right now? */
  allowed: boolean;
  requiresConsent: boolean;
  status: ConsentStatus | 'not_applicable';
  reason: string;
}

const REASONS: Record<ConsentStatus, string> = {
  given: 'consent given and in force',
  none: 'the contact has never given consent for this purpose',
  refused: 'the contact refused consent for this purpose',
  withdrawn: 'the contact withdrew consent for this purpose',
  expired: 'the consent expired; ask again',
  renewal_needed: 'the notice changed for this purpose since the consent was given; ask again',
};

/**
 * The one rule: a consent-based purpose processes nobody's data without a valid consent; other
 * bases are allowed with the basis named. Used by Sigilo's own sends and by integrations through
 * the check API, so everyone reads the same ledger.
 */
export async function checkConsent(tx: Tx, orgId: string, contactId: string, purposeKey: string, purposes?: PurposeView[]): Promise<ConsentCheck> {
  const all = purposes ?? (await listPurposes(tx, orgId));
  const purpose = all.find((p) => p.key === purposeKey);
  if (!purpose) throw Problem.field('purpose', `unknown purpose "${purposeKey}"`);
  if (!purpose.active) return { purpose: purpose.key, legalBasis: purpose.legalBasis, allowed: false, requiresConsent: purpose.requiresConsent, status: 'not_applicable', reason: 'the purpose is retired' };
  if (!purpose.requiresConsent) {
    return { purpose: purpose.key, legalBasis: purpose.legalBasis, allowed: true, requiresConsent: false, status: 'not_applicable', reason: `processing rests on ${purpose.legalBasis}` };
  }
  const [state] = await consentStates(tx, orgId, [contactId], [purpose]);
  return { purpose: purpose.key, legalBasis: purpose.legalBasis, allowed: state!.valid, requiresConsent: true, status: state!.status, reason: REASONS[state!.status] };
}

/** Purposes that are marketing, by key or by fideslang data use. */
export const isMarketingPurpose = (p: PurposeView) => p.key === 'marketing' || p.dataUse.startsWith('marketing');

/**
 * Marketing sent through a channel (a WhatsApp MARKETING template): allowed when the contact has a
 * valid consent for one of the organisation's active marketing purposes; refused when there is
 * none, or when no marketing purpose is defined at all (its legal basis would be unknown).
 */
export async function checkMarketingConsent(tx: Tx, orgId: string, contactId: string): Promise<ConsentCheck> {
  const purposes = await listPurposes(tx, orgId);
  const marketing = purposes.filter((p) => p.active && isMarketingPurpose(p));
  if (!marketing.length) {
    return { purpose: 'marketing', legalBasis: 'none', allowed: false, requiresConsent: true, status: 'none', reason: 'no marketing purpose is defined; define one with its legal basis first' };
  }
  const checks = await Promise.all(marketing.map((p) => checkConsent(tx, orgId, contactId, p.key, purposes)));
  return checks.find((c) => c.allowed) ?? checks[0]!;
}

export function consentRequired(check: ConsentCheck): Problem {
  return new Problem(422, 'consent-required', 'Consent required', `Not sent: ${check.reason} (purpose ${check.purpose}).`, { purpose: check.purpose, consentStatus: check.status });
}

/**
 * A message sent for a purpose other than answering the customer (marketing, a satisfaction
 * survey): refused with the reason when the purpose needs consent the contact has not given.
 * Sent on the contact's most recent conversation, as a system message through the usual pipeline.
 */
export async function sendPurposeMessage(
  ctx: AppContext,
  input: { orgId: string; contactId: string; purposeKey: string; text: string; conversationId?: string },
): Promise<{ messageId: string; conversationId: string; check: ConsentCheck }> {
  const found = await ctx.database.withTenant(input.orgId, async (tx) => {
    const contact = await tx.selectFrom('contacts').select('id').where('org_id', '=', input.orgId).where('id', '=', input.contactId).executeTakeFirst();
    if (!contact) throw Problem.notFound('Contact');
    const purposes = await listPurposes(tx, input.orgId);
    // Restricted: nothing is sent (423); objected: no marketing, whatever the ledger says.
    await assertContactMayBeMessaged(tx, input.orgId, input.contactId, { marketing: purposes.some((p) => p.key === input.purposeKey && isMarketingPurpose(p)) });
    const check = await checkConsent(tx, input.orgId, input.contactId, input.purposeKey, purposes);
    if (!check.allowed) throw consentRequired(check);
    let q = tx
      .selectFrom('conversations')
      .select(['id', 'channel_id', 'channel_type'])
      .where('org_id', '=', input.orgId)
      .where('contact_id', '=', input.contactId)
      .orderBy('last_message_at', 'desc')
      .limit(1);
    if (input.conversationId) q = q.where('id', '=', input.conversationId);
    const conversation = await q.executeTakeFirst();
    if (!conversation) throw Problem.field('conversationId', 'the contact has no conversation to send on');
    return { check, conversation };
  });
  const { conversation, check } = found;
  const stored = await ingestMessage(ctx, {
    orgId: input.orgId,
    channel: { id: conversation.channel_id, type: conversation.channel_type },
    direction: 'outbound',
    sender: { type: 'system' },
    contact: { contactId: input.contactId },
    conversationId: conversation.id,
    text: input.text,
    state: 'queued',
    metadata: { purpose: input.purposeKey },
  });
  await dispatchOutbound(ctx, {
    orgId: input.orgId,
    messageId: stored.messageId,
    conversationId: stored.conversationId,
    contactId: stored.contactId,
    channelId: conversation.channel_id,
    channelType: conversation.channel_type,
  });
  return { messageId: stored.messageId, conversationId: stored.conversationId, check };
}
