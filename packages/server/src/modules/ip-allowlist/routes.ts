import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { authOf, requires } from '../auth/route-access.js';
import { addAllowlistEntry } from './add-allowlist-entry.js';
import { listAllowlist } from './list-allowlist.js';
import { removeAllowlistEntry } from './remove-allowlist-entry.js';

const entry = z.object({ id: z.string(), cidr: z.string(), label: z.string(), createdAt: z.date() });

export function allowlistRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/allowlist', {
    config: { access: requires('allowlist:manage') },
    schema: { tags: ['allowlist'], summary: 'IP allowlist (empty: every address allowed)', response: { 200: z.object({ items: z.array(entry), currentIp: z.string() }) } },
  }, async (request) => {
    const auth = authOf(request);
    return { items: await ctx.database.withTenant(auth.orgId, (tx) => listAllowlist(tx, auth.orgId)), currentIp: request.ip };
  });

  api.post('/allowlist', {
    config: { access: requires('allowlist:manage') },
    schema: {
      tags: ['allowlist'],
      summary: 'Allow an address range',
      body: z.object({ cidr: z.string().trim().min(1, 'is required').max(64), label: z.string().trim().max(120).optional() }),
      response: { 201: entry },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    const created = await ctx.database.withTenant(auth.orgId, (tx) =>
      addAllowlistEntry(tx, { orgId: auth.orgId, actor: auth.actor, ip: request.ip, callerIp: request.ip, ...request.body }),
    );
    return reply.status(201).send(created);
  });

  api.delete('/allowlist/:id', {
    config: { access: requires('allowlist:manage') },
    schema: { tags: ['allowlist'], summary: 'Remove an address range', params: z.object({ id: z.uuid({ message: 'must be an allowlist entry id' }) }), response: { 204: z.null() } },
  }, async (request, reply) => {
    const auth = authOf(request);
    await ctx.database.withTenant(auth.orgId, (tx) =>
      removeAllowlistEntry(tx, { orgId: auth.orgId, id: request.params.id, actor: auth.actor, ip: request.ip, callerIp: request.ip }),
    );
    return reply.status(204).send(null);
  });
}
