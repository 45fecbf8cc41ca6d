import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../../platform/context.js';
import { Problem } from '../../../platform/http/problem.js';
import { authOf, requires } from '../../auth/route-access.js';
import { attachmentDisposition, revealAttachment } from './reveal-attachment.js';
import {
  createTemplate,
  deleteTemplate,
  listTemplates,
  MAX_TEMPLATE_BODY,
  syncTemplates,
  TEMPLATE_CATEGORIES,
  TEMPLATE_LANGUAGE,
  TEMPLATE_NAME,
  TEMPLATE_STATUSES,
  updateTemplate,
} from './templates/manage-templates.js';
import { sendTemplateMessage } from './templates/send-template-message.js';
import { BUTTON_TYPES, HEADER_FORMATS, MAX_BUTTONS, MAX_HEADER_TEXT } from './templates/template-components.js';

const template = z.object({
  id: z.string(),
  channelId: z.string(),
  name: z.string(),
  language: z.string(),
  category: z.string(),
  bodyText: z.string(),
  paramCount: z.number(),
  status: z.string(),
  statusReason: z.string().nullable(),
  qualityScore: z.string().nullable(),
  header: z.object({ format: z.string(), text: z.string().optional(), paramCount: z.number() }).optional(),
  buttons: z.array(z.object({ type: z.string(), text: z.string(), url: z.string().optional(), paramCount: z.number() })).optional(),
  source: z.enum(['meta', 'local']),
  updatedAt: z.date(),
});
const templateFields = {
  name: z.string().trim().regex(TEMPLATE_NAME, 'must be lowercase letters, digits and underscores, as in Meta'),
  language: z.string().trim().regex(TEMPLATE_LANGUAGE, 'must be a WhatsApp language code such as pt_BR, es or en_US'),
  category: z.enum(TEMPLATE_CATEGORIES),
  bodyText: z.string().trim().min(1, 'is required').max(MAX_TEMPLATE_BODY, `must be at most ${MAX_TEMPLATE_BODY} characters`),
  status: z.enum(TEMPLATE_STATUSES),
  header: z.object({ format: z.enum(HEADER_FORMATS), text: z.string().trim().max(MAX_HEADER_TEXT, `must be at most ${MAX_HEADER_TEXT} characters`).optional() }).nullable().optional(),
  buttons: z
    .array(z.object({ type: z.enum(BUTTON_TYPES), text: z.string().trim().min(1, 'is required').max(25, 'must be at most 25 characters'), url: z.string().trim().max(2000).optional() }))
    .max(MAX_BUTTONS, `a template has at most ${MAX_BUTTONS} buttons`)
    .optional(),
};
const channelParams = z.object({ id: z.uuid({ message: 'must be a channel id' }) });
const templateParams = z.object({ id: z.uuid({ message: 'must be a channel id' }), templateId: z.uuid({ message: 'must be a template id' }) });
const reason = z.string().trim().min(5, 'say why you need the original (at least 5 characters)').max(500);

/**
 * WhatsApp endpoints under /api/v1: templates of a channel, sending one in a conversation, and
 * the audited download of an attachment.
 */
export function whatsappApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/channels/:id/templates', {
    config: { access: requires('conversations:reply') },
    schema: {
      tags: ['channels'],
      summary: 'Message templates of a WhatsApp channel',
      description: 'Agents use `approved=true` to list the templates they may send outside the 24-hour window.',
      params: channelParams,
      querystring: z.object({ approved: z.enum(['true', 'false']).optional() }),
      response: { 200: z.object({ items: z.array(template) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return { items: await listTemplates(ctx, { orgId: auth.orgId, channelId: request.params.id, approvedOnly: request.query.approved === 'true' }) };
  });

  api.post('/channels/:id/templates/sync', {
    config: { access: requires('channels:manage') },
    schema: {
      tags: ['channels'],
      summary: "Sync templates from the channel's WhatsApp Business Account",
      description: 'GET {graphApiUrl}/{businessAccountId}/message_templates with the channel\'s token. Needs the channel setting businessAccountId. Templates registered by hand are kept.',
      params: channelParams,
      response: { 200: z.object({ items: z.array(template), synced: z.number(), removed: z.number() }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return syncTemplates(ctx, { orgId: auth.orgId, channelId: request.params.id, actor: auth.actor, ip: request.ip });
  });

  api.post('/channels/:id/templates', {
    config: { access: requires('channels:manage') },
    schema: {
      tags: ['channels'],
      summary: 'Register a template managed in Meta\'s tools',
      description: 'Body text with {{1}}…{{n}} placeholders; optional header (TEXT with at most one {{1}}, or IMAGE, DOCUMENT, VIDEO) and buttons (a URL may end in {{1}}). Only APPROVED templates can be sent.',
      params: channelParams,
      body: z.object(templateFields),
      response: { 201: template },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    return reply.status(201).send(await createTemplate(ctx, { orgId: auth.orgId, channelId: request.params.id, actor: auth.actor, ip: request.ip, template: request.body }));
  });

  api.patch('/channels/:id/templates/:templateId', {
    config: { access: requires('channels:manage') },
    schema: {
      tags: ['channels'],
      summary: 'Change a template (status, text, category, name or language)',
      params: templateParams,
      body: z.object(templateFields).partial(),
      response: { 200: template },
    },
  }, async (request) => {
    const auth = authOf(request);
    return updateTemplate(ctx, { orgId: auth.orgId, channelId: request.params.id, id: request.params.templateId, actor: auth.actor, ip: request.ip, changes: request.body });
  });

  api.delete('/channels/:id/templates/:templateId', {
    config: { access: requires('channels:manage') },
    schema: { tags: ['channels'], summary: 'Remove a template', params: templateParams, response: { 204: z.null() } },
  }, async (request, reply) => {
    const auth = authOf(request);
    await deleteTemplate(ctx, { orgId: auth.orgId, channelId: request.params.id, id: request.params.templateId, actor: auth.actor, ip: request.ip });
    return reply.status(204).send(null);
  });

  api.post('/conversations/:id/template-messages', {
    config: { access: requires('conversations:reply') },
    schema: {
      tags: ['conversations'],
      summary: 'Send an approved WhatsApp template (also outside the 24-hour window)',
      description:
        'The stored message is the template header text and body with their parameters filled (masked and sealed like any reply). `parameters` fill the body\'s {{1}}…{{n}}; `header` fills a text header\'s {{1}} or gives a media header its file (https link or WhatsApp media id); `buttons` give a URL button\'s suffix (`subType: url`, `text`) or a quick reply\'s payload (`subType: quick_reply`, `payload`) by the button\'s `index`. An unknown or unapproved template, or parameters that do not fit it, are a 400 naming the field; a filled text with a card number, CPF or password needs `confirmed`.',
      params: z.object({ id: z.uuid({ message: 'must be a conversation id' }) }),
      body: z.object({
        templateId: z.uuid({ message: 'must be a template id' }),
        parameters: z.array(z.string().max(1024, 'must be at most 1024 characters')).max(20).default([]),
        header: z
          .discriminatedUnion('type', [
            z.object({ type: z.literal('text'), text: z.string().max(MAX_HEADER_TEXT, `must be at most ${MAX_HEADER_TEXT} characters`) }),
            z.object({
              type: z.enum(['image', 'video', 'document']),
              link: z.string().trim().max(2000).optional(),
              id: z.string().trim().max(64).optional(),
              filename: z.string().trim().min(1).max(240).optional(),
            }),
          ])
          .optional(),
        buttons: z
          .array(z.object({
            index: z.number().int().min(0).max(MAX_BUTTONS - 1),
            subType: z.enum(['quick_reply', 'url']),
            payload: z.string().max(256, 'must be at most 256 characters').optional(),
            text: z.string().max(2000, 'must be at most 2000 characters').optional(),
          }))
          .max(MAX_BUTTONS)
          .optional(),
        confirmed: z.boolean().optional(),
      }),
      response: { 201: z.object({ id: z.string(), body: z.string(), piiTypes: z.array(z.string()) }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    if (auth.via !== 'session') throw Problem.forbidden('Messages are sent by a signed-in agent.');
    const sent = await sendTemplateMessage(ctx, { orgId: auth.orgId, conversationId: request.params.id, userId: auth.userId, ...request.body });
    return reply.status(201).send({ id: sent.messageId, body: sent.bodyMasked, piiTypes: sent.piiTypes });
  });

  api.post('/messages/:id/attachments/:attachmentId/reveal', {
    config: { access: requires('pii:reveal') },
    schema: {
      tags: ['conversations'],
      summary: 'Download the original of an attachment (audited, needs a reason)',
      description:
        'Answers the bytes with their content type, `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`: a customer\'s file is never rendered inline. 409 when the attachment is not stored (pending, failed, refused); 410 when the contact was erased.',
      params: z.object({ id: z.uuid({ message: 'must be a message id' }), attachmentId: z.uuid({ message: 'must be an attachment id' }) }),
      body: z.object({ reason }),
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    const file = await revealAttachment(ctx, { orgId: auth.orgId, messageId: request.params.id, attachmentId: request.params.attachmentId, actor: auth.actor, reason: request.body.reason, ip: request.ip });
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', file.mimeType)
      .header('content-disposition', attachmentDisposition(file.filename))
      .header('x-content-type-options', 'nosniff')
      // Should a browser open it anyway, it runs nothing and loads nothing.
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(file.content);
  });
}
