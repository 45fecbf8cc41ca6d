import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../../platform/context.js';
import { Problem } from '../../../../platform/http/problem.js';
import { loadContactKey, sealForContact, ShreddedKeyError } from '../../../contacts/contact-keys.js';
import { ingestMessage, type IngestedMessage } from '../../../conversations/ingest-message.js';
import { replyWarnings } from '../../../conversations/send-agent-reply.js';
import { dispatchOutbound } from '../../outbound.js';
import { assertContactMayBeMessaged } from '../../../contacts/assert-may-be-messaged.js';
import { checkMarketingConsent, consentRequired } from '../../../consent/check-consent.js';
import { fillTemplate } from './manage-templates.js';
import { parametersAad, TEMPLATE_CONTENT_TYPE, type TemplateMetadata } from './template-parameters.js';
import { checkSendParameters, storedComponents, templateText, type ButtonParameterInput, type HeaderParameterInput, type TemplateParameters } from './template-components.js';

/** Meta refuses parameters with new lines, tabs or more than four consecutive spaces (132018). */
function checkParameter(text: string, i: number): void {
  if (!text.trim()) throw Problem.field(`parameters.${i}`, 'is required');
  if (text.length > 1024) throw Problem.field(`parameters.${i}`, 'must be at most 1024 characters');
  if (/[\n\r\t]| {5,}/.test(text)) throw Problem.field(`parameters.${i}`, 'may not contain line breaks, tabs or more than four spaces in a row');
}

/**
 * An agent sends an approved template in a WhatsApp conversation: allowed inside and outside the
 * 24-hour window. The stored message is the header text and body with their parameters filled,
 * through ingest like any reply (masked and sealed); the delivery job sends the template by name
 * with its header, body and button parameters, checked here against the stored template.
 */
export async function sendTemplateMessage(
  ctx: AppContext,
  input: {
    orgId: string;
    conversationId: string;
    userId: string;
    templateId: string;
    parameters: string[];
    header?: HeaderParameterInput | undefined;
    buttons?: ButtonParameterInput[] | undefined;
    confirmed?: boolean | undefined;
  },
): Promise<IngestedMessage> {
  const prepared = await ctx.database.withTenant(input.orgId, async (tx) => {
    const conv = await tx
      .selectFrom('conversations')
      .select(['id', 'contact_id', 'channel_id', 'channel_type', 'paused_at'])
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.conversationId)
      .executeTakeFirst();
    if (!conv) throw Problem.notFound('Conversation');
    // Like a reply: a conversation the DPO paused takes no messages from agents.
    if (conv.paused_at) {
      throw new Problem(423, 'conversation-paused', 'Conversation paused', 'The data protection officer paused this conversation; replies are blocked until it is resumed.');
    }
    if (conv.channel_type !== 'whatsapp' || !conv.channel_id) throw Problem.field('templateId', 'templates can be sent in WhatsApp conversations only');
    const template = await tx
      .selectFrom('whatsapp_templates')
      .selectAll()
      .where('org_id', '=', input.orgId)
      .where('channel_id', '=', conv.channel_id)
      .where('id', '=', input.templateId)
      .executeTakeFirst();
    if (!template) throw Problem.field('templateId', "is not a template of this conversation's WhatsApp channel");
    if (template.status !== 'APPROVED') throw Problem.field('templateId', `is ${template.status}, not approved by WhatsApp: only approved templates can be sent`);
    if (input.parameters.length !== template.param_count) throw Problem.field('parameters', `this template needs exactly ${template.param_count} parameter(s)`);
    // A restricted contact is not messaged; one who objected gets no marketing (423).
    await assertContactMayBeMessaged(tx, input.orgId, conv.contact_id, { marketing: template.category === 'MARKETING' });
    input.parameters.forEach(checkParameter);
    const spec = storedComponents(template.components);
    const extra = checkSendParameters(spec, input.header, input.buttons);
    // A marketing template is marketing: it needs the contact's consent (LGPD Art. 7 I, GDPR Art. 6(1)(a)).
    if (template.category === 'MARKETING') {
      const check = await checkMarketingConsent(tx, input.orgId, conv.contact_id);
      if (!check.allowed) throw consentRequired(check);
    }
    const text = templateText(spec, fillTemplate(template.body_text, input.parameters), extra.header);
    const warnings = replyWarnings(text);
    if (warnings.length && !input.confirmed) {
      throw new Problem(422, 'sensitive-content', 'Sensitive content', `The message contains ${warnings.join(', ')}; confirm to send it anyway.`, { piiTypes: warnings });
    }
    const ref = randomUUID();
    let parametersSealed: string | null = null;
    const sealed: TemplateParameters = { body: input.parameters, ...extra };
    if (input.parameters.length || extra.header || extra.buttons) {
      try {
        const key = await loadContactKey(ctx, input.orgId, conv.contact_id);
        parametersSealed = sealForContact(key, JSON.stringify(sealed), parametersAad(input.orgId, ref)).toString('base64');
      } catch (err) {
        if (err instanceof ShreddedKeyError) throw new Problem(410, 'subject-erased', 'Gone', 'The data of this contact was erased.');
        throw err;
      }
    }
    const metadata: TemplateMetadata = { id: template.id, name: template.name, language: template.language, ref, parametersSealed };
    return { conv, text, metadata };
  });

  const { conv, text, metadata } = prepared;
  const stored = await ingestMessage(ctx, {
    orgId: input.orgId,
    channel: { id: conv.channel_id, type: 'whatsapp' },
    direction: 'outbound',
    sender: { type: 'agent', userId: input.userId },
    contact: { contactId: conv.contact_id },
    conversationId: conv.id,
    contentType: TEMPLATE_CONTENT_TYPE,
    text,
    state: 'queued',
    metadata: { template: metadata },
  });
  await dispatchOutbound(ctx, {
    orgId: input.orgId,
    messageId: stored.messageId,
    conversationId: stored.conversationId,
    contactId: stored.contactId,
    channelId: conv.channel_id,
    channelType: 'whatsapp',
  });
  return stored;
}
