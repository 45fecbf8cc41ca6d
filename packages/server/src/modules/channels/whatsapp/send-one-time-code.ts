import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/database.js';
import { ShreddedKeyError } from '../../contacts/contact-keys.js';
import { loadChannel, type WhatsAppSecrets } from '../manage-channels.js';
import { isOutside24hWindow } from './customer-service-window.js';
import { openWhatsAppRecipient } from './open-whatsapp-recipient.js';

const GRAPH_TIMEOUT_MS = 15_000;

export type OneTimeCodeOutcome =
  | { sent: true; as: 'text' | 'template' }
  | { sent: false; reason: 'no_channel' | 'no_recipient' | 'window_closed_no_template' | 'refused' | 'erased' };

/** A Graph 5xx, 429 or network failure: the caller's job queue tries again. */
export class WhatsAppCodeRetry extends Error {
  constructor(readonly code: string | number) {
    super(`WhatsApp code delivery will be retried: ${code}`);
    this.name = 'WhatsAppCodeRetry';
  }
}

/** Template languages to prefer per language of the requester (Meta's codes). */
const TEMPLATE_LANGS: Record<string, string[]> = { 'pt-BR': ['pt_BR', 'pt_PT'], es: ['es', 'es_ES', 'es_MX', 'es_LA'], en: ['en', 'en_US', 'en_GB'] };

type Plan = { url: string; accessToken: string; to: string; template: { name: string; language: string; params: number } | null };

/**
 * Which channel, and text or template: the channel of the contact's latest WhatsApp conversation
 * first (the number they know), then any other enabled WhatsApp channel. Free text needs the
 * customer-service window open on that channel; outside it only an approved AUTHENTICATION template
 * (Meta's category for one-time passwords) may carry the code.
 */
async function planDelivery(
  ctx: AppContext,
  tx: Tx,
  orgId: string,
  contactId: string,
  lang: string,
  wanted: { category: 'AUTHENTICATION' | 'UTILITY'; name?: string } = { category: 'AUTHENTICATION' },
): Promise<Plan | OneTimeCodeOutcome> {
  const conversations = await tx
    .selectFrom('conversations')
    .select(['channel_id', 'last_inbound_at'])
    .where('org_id', '=', orgId)
    .where('contact_id', '=', contactId)
    .where('channel_type', '=', 'whatsapp')
    .orderBy('last_message_at', 'desc')
    .execute();
  const others = await tx.selectFrom('channels').select('id').where('org_id', '=', orgId).where('type', '=', 'whatsapp').where('enabled', '=', true).orderBy('created_at').execute();
  const candidates = [...new Set([...conversations.map((c) => c.channel_id).filter((id): id is string => !!id), ...others.map((c) => c.id)])];
  let windowClosed = false;
  for (const channelId of candidates) {
    const channel = await loadChannel<WhatsAppSecrets>(ctx, tx, orgId, channelId).catch(() => null);
    if (!channel || channel.row.type !== 'whatsapp' || !channel.row.enabled || !channel.secrets.accessToken) continue;
    const settings = channel.row.settings as { phoneNumberId?: string; graphApiUrl?: string };
    if (!settings.phoneNumberId || !settings.graphApiUrl) continue;
    const open = conversations.some((c) => c.channel_id === channelId && !isOutside24hWindow(c.last_inbound_at));
    let template: Plan['template'] = null;
    if (!open) {
      let query = tx
        .selectFrom('whatsapp_templates')
        .select(['name', 'language', 'param_count'])
        .where('org_id', '=', orgId)
        .where('channel_id', '=', channelId)
        .where('category', '=', wanted.category)
        .where('status', '=', 'APPROVED');
      if (wanted.name) query = query.where('name', '=', wanted.name);
      const templates = await query.orderBy('name').execute();
      const preferred = TEMPLATE_LANGS[lang] ?? [];
      const pick =
        templates.find((t) => preferred.includes(t.language)) ?? templates.find((t) => t.language.slice(0, 2) === lang.slice(0, 2)) ?? templates[0];
      if (!pick) {
        windowClosed = true;
        continue;
      }
      template = { name: pick.name, language: pick.language, params: pick.param_count };
    }
    let to: string | null;
    try {
      to = await openWhatsAppRecipient(ctx, tx, orgId, contactId);
    } catch (err) {
      if (err instanceof ShreddedKeyError) return { sent: false, reason: 'erased' };
      throw err;
    }
    if (!to) return { sent: false, reason: 'no_recipient' };
    return { url: `${settings.graphApiUrl.replace(/\/+$/, '')}/${encodeURIComponent(settings.phoneNumberId)}/messages`, accessToken: channel.secrets.accessToken, to, template };
  }
  return { sent: false, reason: windowClosed ? 'window_closed_no_template' : 'no_channel' };
}

/**
 * Sends a one-time code to a contact's WhatsApp number through the organisation's channel, for the
 * data-subject portal. Deliberately not a conversation message: the code is a secret that proves
 * the subject's identity for fifteen minutes, and a stored message (even masked and sealed) could
 * be revealed by staff and used to pass as the subject. Nothing is written; the caller keeps the
 * code only as a hash. Not subject to the restriction of processing: it answers the subject's own
 * request (LGPD Art. 18, GDPR Art. 12(2) — facilitate the exercise of rights).
 */
export async function sendOneTimeCodeByWhatsApp(ctx: AppContext, input: { orgId: string; contactId: string; code: string; text: string; lang: string }): Promise<OneTimeCodeOutcome> {
  const plan = await ctx.database.withTenant(input.orgId, (tx) => planDelivery(ctx, tx, input.orgId, input.contactId, input.lang));
  if ('sent' in plan) return plan;
  return post(ctx, input.orgId, plan, {
    text: input.text,
    // Authentication templates carry the code as {{1}} of the body and again in their copy-code /
    // one-tap button (a URL button parameter), as Meta documents.
    components: (template) => [
      ...(template.params > 0 ? [{ type: 'body', parameters: [{ type: 'text', text: input.code }] }] : []),
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: input.code }] },
    ],
  });
}

/**
 * The UTILITY template an organisation registers for telling a requester, outside the 24-hour
 * window, that their data-subject request changed: body {{1}} = the request's number, {{2}} = its
 * new status in the requester's language.
 */
export const REQUEST_UPDATE_TEMPLATE = 'sigilo_request_update';

/**
 * Tells a data-subject requester of a step of their request on WhatsApp, for requesters with no
 * e-mail on file: free text (with the status link) inside the customer-service window, else the
 * approved REQUEST_UPDATE_TEMPLATE, else nothing. Like the codes, not a conversation message and
 * not subject to the restriction of processing (it answers the subject's own request).
 */
export async function sendRequestNoticeByWhatsApp(
  ctx: AppContext,
  input: { orgId: string; contactId: string; text: string; lang: string; ref: number; status: string },
): Promise<OneTimeCodeOutcome> {
  const plan = await ctx.database.withTenant(input.orgId, (tx) => planDelivery(ctx, tx, input.orgId, input.contactId, input.lang, { category: 'UTILITY', name: REQUEST_UPDATE_TEMPLATE }));
  if ('sent' in plan) return plan;
  return post(ctx, input.orgId, plan, {
    text: input.text,
    components: (template) => {
      const params = [String(input.ref), input.status].slice(0, template.params);
      return params.length ? [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] : [];
    },
  });
}

/** Free text inside the window, else the planned template with the components made for it. */
async function post(ctx: AppContext, orgId: string, plan: Plan, message: { text: string; components: (template: NonNullable<Plan['template']>) => unknown[] }): Promise<OneTimeCodeOutcome> {
  const content = plan.template
    ? { type: 'template', template: { name: plan.template.name, language: { code: plan.template.language }, components: message.components(plan.template) } }
    : { type: 'text', text: { body: message.text, preview_url: false } };
  let response: Response;
  try {
    response = await fetch(plan.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${plan.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to: plan.to, ...content }),
      signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
    });
  } catch {
    throw new WhatsAppCodeRetry('graph_unreachable');
  }
  const answer = (await response.json().catch(() => null)) as { error?: { code?: unknown } } | null;
  if (response.ok) return { sent: true, as: plan.template ? 'template' : 'text' };
  const code = typeof answer?.error?.code === 'number' || typeof answer?.error?.code === 'string' ? answer.error.code : `http_${response.status}`;
  if (response.status === 429 || response.status >= 500) throw new WhatsAppCodeRetry(code);
  ctx.logger.info({ orgId, status: response.status, graphError: code }, 'whatsapp refused a message to a data-subject requester');
  return { sent: false, reason: 'refused' };
}
