import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { receiptPath } from './consent-receipt.js';
import { consentStates, type ConsentStatus } from './consent-state.js';
import { noticeLang } from './legal-bases.js';
import { currentNotice } from './manage-notices.js';
import { listPurposes } from './manage-purposes.js';
import { recordConsentEvents, type ConsentEventInput } from './record-consent.js';

export interface WebchatConsentOffer {
  noticeVersion: number;
  /** The short notice in the visitor's language. */
  short: string;
  /** One unticked checkbox each, in this order; `status` tells a returning visitor what they chose. */
  choices: Array<{ purpose: string; label: string; description: string; status: ConsentStatus; checked: boolean }>;
}

/** What the widget shows: the short notice and the optional purposes asked on the web chat. */
export async function webchatConsentOffer(ctx: AppContext, orgId: string, contactId: string | null, lang: string | undefined): Promise<WebchatConsentOffer> {
  return ctx.database.withTenant(orgId, async (tx) => {
    const notice = await currentNotice(ctx, tx, orgId);
    const l = noticeLang(lang);
    const purposes = (await listPurposes(tx, orgId, { activeOnly: true })).filter((p) => p.requiresConsent && p.channels.includes('webchat'));
    const states = contactId ? await consentStates(tx, orgId, [contactId], purposes) : [];
    return {
      noticeVersion: notice.version,
      short: notice.content.texts[l].short,
      choices: purposes.map((p) => {
        const status = states.find((s) => s.purposeId === p.id)?.status ?? 'none';
        return { purpose: p.key, label: p.names[l] ?? p.key, description: p.descriptions[l] ?? '', status, checked: status === 'given' };
      }),
    };
  });
}

/** Parses a `consent` frame's choices: { "<purpose>": true|false }, at most 20. */
export function parseChoices(raw: unknown): Record<string, boolean> | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > 20) return null;
  const out: Record<string, boolean> = {};
  for (const [k, v] of entries) {
    if (!/^[a-z][a-z0-9_]{1,48}$/.test(k) || typeof v !== 'boolean') return null;
    out[k] = v;
  }
  return out;
}

/**
 * Records the visitor's choices with their address and browser as evidence. A ticked box gives
 * consent; an unticked one is recorded as refused (the visitor saw it and left it unticked), or
 * as a withdrawal when it had been given before. Only purposes offered on the web chat count.
 */
export async function recordWebchatChoices(
  ctx: AppContext,
  input: { orgId: string; channelId: string; contactId: string; choices: Record<string, boolean>; ip: string | null; userAgent: string | null; lang?: string },
): Promise<Array<{ purpose: string; event: string; status: ConsentStatus; receiptUrl: string; recorded: boolean }>> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const purposes = await listPurposes(tx, input.orgId, { activeOnly: true });
    const offered = purposes.filter((p) => p.requiresConsent && p.channels.includes('webchat'));
    const unknown = Object.keys(input.choices).find((k) => !offered.some((p) => p.key === k));
    if (unknown) throw Problem.field('choices', `"${unknown}" is not a choice offered on the web chat`);
    const states = await consentStates(tx, input.orgId, [input.contactId], offered);
    const inputs: ConsentEventInput[] = [];
    for (const p of offered) {
      if (!(p.key in input.choices)) continue;
      const status = states.find((s) => s.purposeId === p.id)!.status;
      const yes = input.choices[p.key]!;
      const event = yes ? 'given' : status === 'given' || status === 'renewal_needed' ? 'withdrawn' : 'refused';
      inputs.push({
        contactId: input.contactId,
        purposeKey: p.key,
        event,
        channel: 'webchat',
        channelId: input.channelId,
        method: 'unticked_checkbox',
        evidence: { ip: input.ip, userAgent: input.userAgent },
        language: input.lang,
      });
    }
    const recorded = await recordConsentEvents(ctx, tx, input.orgId, { type: 'contact' }, inputs, { purposes });
    const org = await tx.selectFrom('organizations').select('slug').where('id', '=', input.orgId).executeTakeFirstOrThrow();
    return recorded.map((r) => ({ purpose: r.purposeKey, event: r.event, status: r.status, recorded: r.recorded, receiptUrl: receiptPath(ctx, org.slug, input.orgId, r.id) }));
  });
}
