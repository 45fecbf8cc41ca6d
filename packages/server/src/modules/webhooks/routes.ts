import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { authOf, requires } from '../auth/route-access.js';
import { WEBHOOK_EVENTS, createWebhookEndpoint } from './create-webhook-endpoint.js';
import { deleteWebhookEndpoint } from './delete-webhook-endpoint.js';
import { toEndpointView } from './endpoint-view.js';

const endpoint = z.object({ id: z.string(), url: z.string(), events: z.array(z.string()), enabled: z.boolean(), createdAt: z.date() });

export function webhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/webhooks', {
    config: { access: requires('webhooks:manage') },
    schema: {
      tags: ['webhooks'],
      summary: 'Outgoing webhook endpoints with their recent deliveries',
      response: {
        200: z.object({
          items: z.array(endpoint.extend({ recentDeliveries: z.array(z.object({ event: z.string(), attempt: z.number(), statusCode: z.number().nullable(), error: z.string().nullable(), at: z.date() })) })),
        }),
      },
    },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, async (tx) => {
      const rows = await tx.selectFrom('webhook_endpoints').selectAll().orderBy('created_at').execute();
      const items = [];
      for (const row of rows) {
        const deliveries = await tx.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', row.id).orderBy('created_at', 'desc').limit(10).execute();
        items.push({
          ...toEndpointView(row),
          recentDeliveries: deliveries.map((d) => ({ event: d.event, attempt: d.attempt, statusCode: d.status_code, error: d.error, at: d.created_at })),
        });
      }
      return { items };
    });
  });

  api.get('/webhooks/events', {
    config: { access: requires('webhooks:manage') },
    schema: {
      tags: ['webhooks'],
      summary: 'Every event an endpoint can subscribe to',
      description: 'The one list the API accepts in `events`; the web Webhooks page offers exactly these.',
      response: { 200: z.object({ items: z.array(z.object({ event: z.enum(WEBHOOK_EVENTS) })) }) },
    },
  }, async () => ({ items: WEBHOOK_EVENTS.map((event) => ({ event })) }));

  api.post('/webhooks', {
    config: { access: requires('webhooks:manage') },
    schema: {
      tags: ['webhooks'],
      summary: 'Subscribe a URL to events (the signing secret is shown once)',
      description: 'Deliveries are POSTed with `Sigilo-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, `Sigilo-Event` and `Sigilo-Delivery`, and retried with exponential backoff on failure. Payloads carry ids and masked text only.',
      body: z.object({ url: z.string().trim().max(2000), events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, 'choose at least one event') }),
      response: { 201: endpoint.extend({ secret: z.string() }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    return reply.status(201).send(await createWebhookEndpoint(ctx, { orgId: auth.orgId, actor: auth.actor, ip: request.ip, ...request.body }));
  });

  api.delete('/webhooks/:id', {
    config: { access: requires('webhooks:manage') },
    schema: { tags: ['webhooks'], summary: 'Remove a webhook endpoint', params: z.object({ id: z.uuid() }), response: { 204: z.null() } },
  }, async (request, reply) => {
    const auth = authOf(request);
    await deleteWebhookEndpoint(ctx, { orgId: auth.orgId, id: request.params.id, actor: auth.actor, ip: request.ip });
    return reply.status(204).send(null);
  });
}
