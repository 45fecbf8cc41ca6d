import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { permissions } from '../auth/permissions.js';
import { authOf, requires } from '../auth/route-access.js';
import { createApiToken } from './create-api-token.js';
import { listApiTokens } from './list-api-tokens.js';
import { revokeApiToken } from './revoke-api-token.js';

const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  expiresAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
});
const scope = z.enum(['all', ...permissions]);

export function apiTokenRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/tokens', {
    config: { access: requires('tokens:manage') },
    schema: { tags: ['tokens'], summary: 'API tokens of the organisation', response: { 200: z.object({ items: z.array(tokenView) }) } },
  }, async (request) => ({ items: await listApiTokens(ctx, authOf(request).orgId) }));

  api.post('/tokens', {
    config: { access: requires('tokens:manage') },
    schema: {
      tags: ['tokens'],
      summary: 'Create an API token (shown once)',
      body: z.object({
        name: z.string().trim().min(1, 'is required').max(80),
        scopes: z.array(scope).min(1, 'give at least one scope'),
        expiresInDays: z.number().int().min(1).max(365).default(90),
      }),
      response: { 201: tokenView.extend({ token: z.string() }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    const created = await createApiToken(ctx, {
      orgId: auth.orgId,
      actor: auth.actor,
      ip: request.ip,
      ...request.body,
      creatorPermissions: auth.permissions,
    });
    return reply.status(201).send(created);
  });

  api.delete('/tokens/:id', {
    config: { access: requires('tokens:manage') },
    schema: { tags: ['tokens'], summary: 'Revoke an API token', params: z.object({ id: z.uuid({ message: 'must be a token id' }) }), response: { 204: z.null() } },
  }, async (request, reply) => {
    const auth = authOf(request);
    await revokeApiToken(ctx, { orgId: auth.orgId, id: request.params.id, actor: auth.actor, ip: request.ip });
    return reply.status(204).send(null);
  });
}
