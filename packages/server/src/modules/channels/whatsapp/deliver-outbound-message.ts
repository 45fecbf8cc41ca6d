import type { AppContext } from '../../../platform/context.js';
import { contactMessagingLimits } from '../../contacts/assert-may-be-messaged.js';
import { ShreddedKeyError } from '../../contacts/contact-keys.js';
import { openOutboundForDelivery } from '../../conversations/open-outbound-for-delivery.js';
import { loadChannel, type WhatsAppSecrets } from '../manage-channels.js';
import type { OutboundMessage } from '../outbound.js';
import type { Tx } from '../../../platform/db/database.js';
import { isOutside24hWindow, needsOpenWindow, OUTSIDE_WINDOW_ERROR } from './customer-service-window.js';
import { openTemplateParameters, TEMPLATE_CONTENT_TYPE, type TemplateMetadata } from './templates/template-parameters.js';
import { openWhatsAppRecipient } from './open-whatsapp-recipient.js';
import { graphComponents } from './templates/template-components.js';

export const OUTBOUND_QUEUE = 'whatsapp.outbound';
export const OUTBOUND_RETRY_LIMIT = 5;
const GRAPH_TIMEOUT_MS = 15_000;

/** The job holds ids only; the text and the recipient are opened at the moment of sending. */
export interface OutboundJobData {
  orgId: string;
  messageId: string;
}

type DeliveryError = { code: string | number; title: string; [k: string]: unknown };

/** A retryable failure (Graph 5xx, 429, network): the job queue tries again with backoff. */
class TransientDeliveryError extends Error {
  constructor(readonly error: DeliveryError) {
    super(`WhatsApp delivery will be retried: ${error.code}`);
    this.name = 'TransientDeliveryError';
  }
}

/**
 * The outbound adapter: refuses free text outside the customer-service window at once (the agent
 * sees why), otherwise queues the delivery so retries survive restarts.
 */
export async function queueWhatsAppDelivery(ctx: AppContext, message: OutboundMessage): Promise<void> {
  const conv = await ctx.database.withTenant(message.orgId, (tx) =>
    tx
      .selectFrom('conversations')
      .innerJoin('messages', (j) => j.onRef('messages.org_id', '=', 'conversations.org_id').onRef('messages.conversation_id', '=', 'conversations.id'))
      .select(['conversations.last_inbound_at', 'messages.content_type'])
      .where('conversations.org_id', '=', message.orgId)
      .where('conversations.id', '=', message.conversationId)
      .where('messages.id', '=', message.messageId)
      .executeTakeFirst(),
  );
  if (needsOpenWindow(conv?.content_type) && isOutside24hWindow(conv?.last_inbound_at)) {
    await markFailed(ctx, message.orgId, message.messageId, message.conversationId, { ...OUTSIDE_WINDOW_ERROR });
    return;
  }
  await ctx.jobs.send<OutboundJobData>(OUTBOUND_QUEUE, { orgId: message.orgId, messageId: message.messageId }, {
    retryLimit: OUTBOUND_RETRY_LIMIT,
    retryDelaySeconds: 2,
    retryBackoff: true,
  });
}

/**
 * The job: POST {graphApiUrl}/{phoneNumberId}/messages. 2xx stores the wamid and marks it sent;
 * a 4xx is permanent and marks it failed with Graph's error; 5xx, 429 and network errors are
 * retried, and the last attempt marks it failed rather than leaving it queued forever.
 */
export async function deliverOutboundMessage(ctx: AppContext, data: OutboundJobData, job: { retryCount: number }): Promise<void> {
  const lastAttempt = job.retryCount >= OUTBOUND_RETRY_LIMIT;
  const prepared = await prepareDelivery(ctx, data);
  if (prepared.kind === 'skip') return;
  if (prepared.kind === 'fail') return markFailed(ctx, data.orgId, data.messageId, prepared.conversationId, prepared.error);

  const { request, conversationId } = prepared;
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${request.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
    });
  } catch {
    return retryOrFail(ctx, data, conversationId, lastAttempt, { code: 'graph_unreachable', title: 'The WhatsApp Graph API could not be reached' });
  }
  const answer = (await response.json().catch(() => null)) as GraphAnswer | null;

  if (response.ok) {
    const wamid = answer?.messages?.[0]?.id;
    const updated = await ctx.database.withTenant(data.orgId, (tx) =>
      tx
        .updateTable('messages')
        .set({ state: 'sent', error: null, ...(typeof wamid === 'string' && wamid ? { channel_message_id: wamid.slice(0, 256) } : {}) })
        .where('org_id', '=', data.orgId)
        .where('id', '=', data.messageId)
        .where('state', '=', 'queued')
        .executeTakeFirst(),
    );
    if (typeof wamid !== 'string') ctx.logger.warn({ orgId: data.orgId, messageId: data.messageId }, 'whatsapp accepted a message without returning its id');
    if (Number(updated.numUpdatedRows) > 0) ctx.events.publish(data.orgId, { type: 'message.updated', conversationId, messageId: data.messageId, state: 'sent' });
    return;
  }

  const error = graphError(response.status, answer);
  if (response.status === 429 || response.status >= 500) return retryOrFail(ctx, data, conversationId, lastAttempt, error);
  ctx.logger.info({ orgId: data.orgId, messageId: data.messageId, status: response.status, code: error.code }, 'whatsapp refused a message');
  return markFailed(ctx, data.orgId, data.messageId, conversationId, error);
}

interface GraphAnswer {
  messages?: Array<{ id?: unknown }>;
  error?: { message?: unknown; code?: unknown; type?: unknown; fbtrace_id?: unknown };
}

type Prepared =
  | { kind: 'skip' }
  | { kind: 'fail'; conversationId: string; error: DeliveryError }
  | { kind: 'send'; conversationId: string; request: { url: string; accessToken: string; body: Record<string, unknown> } };

async function prepareDelivery(ctx: AppContext, data: OutboundJobData): Promise<Prepared> {
  return ctx.database.withTenant(data.orgId, async (tx): Promise<Prepared> => {
    const message = await tx
      .selectFrom('messages')
      .innerJoin('conversations', (j) => j.onRef('conversations.org_id', '=', 'messages.org_id').onRef('conversations.id', '=', 'messages.conversation_id'))
      .select(['messages.id', 'messages.state', 'messages.direction', 'messages.contact_id', 'messages.channel_id', 'messages.conversation_id', 'messages.content_type', 'messages.metadata', 'conversations.last_inbound_at'])
      .where('messages.org_id', '=', data.orgId)
      .where('messages.id', '=', data.messageId)
      .executeTakeFirst();
    // Sent already (a retry after a lost acknowledgement) or no longer ours to send.
    if (!message || message.direction !== 'outbound' || message.state !== 'queued') return { kind: 'skip' };
    const conversationId = message.conversation_id;
    // Restricted after the message was queued: it stays unsent (LGPD Art. 18 IV, GDPR Art. 18). A breach
    // notice to the subject is a legal obligation (GDPR Art. 34, ANPD Res. 15/2024 Art. 9) and still goes.
    if (!message.metadata.incidentNotice && (await contactMessagingLimits(tx, data.orgId, message.contact_id)).restricted) {
      return { kind: 'fail', conversationId, error: { code: 'processing_restricted', title: 'The customer restricted the processing of their data: messages are not sent' } };
    }
    // Checked again at sending time: the window may have closed while the message waited.
    if (needsOpenWindow(message.content_type) && isOutside24hWindow(message.last_inbound_at)) return { kind: 'fail', conversationId, error: { ...OUTSIDE_WINDOW_ERROR } };
    const channel = message.channel_id ? await loadChannel<WhatsAppSecrets>(ctx, tx, data.orgId, message.channel_id) : null;
    if (!channel || channel.row.type !== 'whatsapp' || !channel.row.enabled) {
      return { kind: 'fail', conversationId, error: { code: 'channel_unavailable', title: 'The WhatsApp channel of this conversation is disabled or gone' } };
    }
    try {
      const to = await openWhatsAppRecipient(ctx, tx, data.orgId, message.contact_id);
      if (!to) return { kind: 'fail', conversationId, error: { code: 'no_whatsapp_identity', title: 'The contact has no WhatsApp number to send to' } };
      const text = await openOutboundForDelivery(ctx, tx, data.orgId, message.id);
      if (text === null) return { kind: 'skip' };
      const settings = channel.row.settings as { phoneNumberId?: string; graphApiUrl?: string };
      const content = await messageContent(ctx, tx, data.orgId, message, text);
      if ('error' in content) return { kind: 'fail', conversationId, error: content.error };
      return {
        kind: 'send',
        conversationId,
        request: {
          url: `${String(settings.graphApiUrl).replace(/\/+$/, '')}/${encodeURIComponent(String(settings.phoneNumberId))}/messages`,
          accessToken: channel.secrets.accessToken,
          body: { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...content.body },
        },
      };
    } catch (err) {
      if (err instanceof ShreddedKeyError) return { kind: 'fail', conversationId, error: { code: 'subject_erased', title: 'The contact\'s data was erased' } };
      throw err;
    }
  });
}

/**
 * What is sent: a template by name with its header, body and button parameters (opened from the sealed metadata), an
 * interactive button message for a system notice that asks for a reply (consent), or plain text.
 */
async function messageContent(
  ctx: AppContext,
  tx: Tx,
  orgId: string,
  message: { contact_id: string; content_type: string; metadata: Record<string, unknown> },
  text: string,
): Promise<{ body: Record<string, unknown> } | { error: DeliveryError }> {
  const template = message.metadata.template as TemplateMetadata | undefined;
  if (message.content_type === TEMPLATE_CONTENT_TYPE && template && typeof template.name === 'string') {
    const components = graphComponents(await openTemplateParameters(ctx, tx, orgId, message.contact_id, template));
    return { body: {
      type: 'template',
      template: { name: template.name, language: { code: template.language }, ...(components.length ? { components } : {}) },
    } };
  }
  const interactive = message.metadata.interactive as { type?: unknown; buttons?: unknown; footer?: unknown } | undefined;
  if (interactive?.type === 'button') {
    const buttons = Array.isArray(interactive.buttons) ? (interactive.buttons as Array<{ id?: unknown; title?: unknown }>) : [];
    const footer = typeof interactive.footer === 'string' ? interactive.footer : typeof (interactive.footer as { text?: unknown } | undefined)?.text === 'string' ? (interactive.footer as { text: string }).text : undefined;
    const valid =
      buttons.length >= 1 && buttons.length <= 3 &&
      buttons.every((b) => typeof b.id === 'string' && b.id.length >= 1 && b.id.length <= 256 && typeof b.title === 'string' && b.title.length >= 1 && b.title.length <= 20) &&
      new Set(buttons.map((b) => b.id)).size === buttons.length && new Set(buttons.map((b) => b.title)).size === buttons.length &&
      text.length >= 1 && text.length <= 1024 && (footer === undefined || (footer.length >= 1 && footer.length <= 60));
    // Meta would refuse it; say why here instead of sending a request that cannot succeed.
    if (!valid) return { error: { code: 'invalid_interactive', title: 'Interactive messages need 1 to 3 buttons with unique ids and titles of at most 20 characters, a body of at most 1024 characters and a footer of at most 60' } };
    return { body: {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text },
        ...(footer !== undefined ? { footer: { text: footer } } : {}),
        action: { buttons: buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
      },
    } };
  }
  return { body: { type: 'text', text: { body: text, preview_url: false } } };
}

function graphError(status: number, answer: GraphAnswer | null): DeliveryError {
  const e = answer?.error;
  return {
    code: typeof e?.code === 'number' || typeof e?.code === 'string' ? e.code : `http_${status}`,
    title: typeof e?.message === 'string' ? e.message.slice(0, 300) : `The WhatsApp Graph API answered ${status}`,
    httpStatus: status,
    ...(typeof e?.fbtrace_id === 'string' ? { fbtraceId: e.fbtrace_id.slice(0, 100) } : {}),
  };
}

async function retryOrFail(ctx: AppContext, data: OutboundJobData, conversationId: string, lastAttempt: boolean, error: DeliveryError): Promise<void> {
  if (lastAttempt) return markFailed(ctx, data.orgId, data.messageId, conversationId, { ...error, attempts: OUTBOUND_RETRY_LIMIT + 1 });
  throw new TransientDeliveryError(error);
}

async function markFailed(ctx: AppContext, orgId: string, messageId: string, conversationId: string, error: DeliveryError): Promise<void> {
  const updated = await ctx.database.withTenant(orgId, (tx) =>
    tx.updateTable('messages').set({ state: 'failed', error: JSON.stringify(error) }).where('org_id', '=', orgId).where('id', '=', messageId).where('state', '=', 'queued').executeTakeFirst(),
  );
  if (Number(updated.numUpdatedRows) > 0) ctx.events.publish(orgId, { type: 'message.updated', conversationId, messageId, state: 'failed' });
}
