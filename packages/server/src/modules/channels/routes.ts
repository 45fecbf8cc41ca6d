import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { authOf, requires } from '../auth/route-access.js';
import { createChannel, listChannels, updateChannel } from './manage-channels.js';
import { whatsappApiRoutes } from './whatsapp/api-routes.js';

const channelView = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  publicKey: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  createdAt: z.date(),
});
const name = z.string().trim().min(1, 'is required').max(80);
const origins = z.array(z.url({ protocol: /^https?$/, message: 'must be an origin like https://shop.example' })).max(20);
// The pre-chat form asks for as little as possible (name by default); e-mail only if chosen.
const prechatFields = z.array(z.enum(['name', 'email'])).min(1).max(2);
// The WhatsApp Business Account that owns the number: needed to sync its message templates.
const businessAccountId = z.string().trim().regex(/^\d{5,20}$/, 'must be the numeric WhatsApp Business Account id from Meta');
const secret = z.string().trim().min(8, 'must have at least 8 characters').max(1024);

export function channelRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/channels', {
    config: { access: requires('channels:manage') },
    schema: { tags: ['channels'], summary: 'Channels of the organisation (credentials never shown)', response: { 200: z.object({ items: z.array(channelView) }) } },
  }, async (request) => ({ items: await listChannels(ctx, authOf(request).orgId) }));

  api.post('/channels', {
    config: { access: requires('channels:manage') },
    schema: {
      tags: ['channels'],
      summary: 'Connect a channel',
      description: 'WhatsApp Cloud API: phone number id, access token, app secret (checks X-Hub-Signature-256) and the verify token you enter in Meta\'s webhook settings; graphApiUrl defaults to Meta\'s. Web chat: the answer carries the identity secret once, for identifier_hash.',
      body: z.discriminatedUnion('type', [
        z.object({
          type: z.literal('whatsapp'),
          name,
          phoneNumberId: z.string().trim().regex(/^\d{5,20}$/, 'must be the numeric phone number id from Meta'),
          accessToken: secret,
          appSecret: secret,
          verifyToken: secret,
          graphApiUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
          businessAccountId: businessAccountId.optional(),
        }),
        z.object({ type: z.literal('webchat'), name, allowedOrigins: origins.optional(), prechatFields: prechatFields.optional() }),
      ]),
      response: { 201: channelView.extend({ identitySecret: z.string().optional() }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    return reply.status(201).send(await createChannel(ctx, { orgId: auth.orgId, actor: auth.actor, ip: request.ip, channel: request.body }));
  });

  api.patch('/channels/:id', {
    config: { access: requires('channels:manage') },
    schema: {
      tags: ['channels'],
      summary: "Enable or disable a channel; change a web chat's allowed origins or pre-chat fields, or a WhatsApp channel's business account id",
      params: z.object({ id: z.uuid() }),
      body: z.object({ enabled: z.boolean().optional(), allowedOrigins: origins.optional(), prechatFields: prechatFields.optional(), businessAccountId: businessAccountId.nullable().optional() }),
      response: { 200: channelView },
    },
  }, async (request) => {
    const auth = authOf(request);
    return updateChannel(ctx, { orgId: auth.orgId, id: request.params.id, actor: auth.actor, ip: request.ip, changes: request.body });
  });

  whatsappApiRoutes(app, ctx);
}
