import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { authOf, requires } from '../auth/route-access.js';
import { dateParam } from '../../platform/http/input-guards.js';
import { findOrCreateContact } from './find-or-create-contact.js';
import { getContact } from './get-contact.js';
import { InvalidIdentityError } from './identities.js';
import { listContacts } from './list-contacts.js';
import { revealIdentity } from './reveal-identity.js';

const kind = z.enum(['email', 'phone', 'whatsapp', 'bsuid', 'document']);
const contactView = z.object({
  id: z.string(),
  displayName: z.string(),
  locale: z.string().nullable(),
  identities: z.array(z.object({ id: z.string(), kind: z.string(), masked: z.string(), verified: z.boolean() })),
  conversationCount: z.number(),
  createdAt: z.date(),
});

export function contactRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/contacts', {
    config: { access: requires('contacts:read') },
    schema: {
      tags: ['contacts'],
      summary: 'Contacts; find one by exact e-mail, phone or document through its blind index',
      querystring: z.object({
        kind: kind.optional(),
        value: z.string().trim().min(1).max(254).optional(),
        name: z.string().trim().min(1).max(120).optional(),
        before: dateParam.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), displayName: z.string(), createdAt: z.date() })) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    const { kind: k, value, ...rest } = request.query;
    if ((k && !value) || (!k && value)) throw Problem.field(k ? 'value' : 'kind', 'kind and value go together');
    try {
      const items = await ctx.database.withTenant(auth.orgId, (tx) =>
        listContacts(tx, ctx.kms, auth.orgId, { ...rest, identity: k && value ? { kind: k, value } : undefined }),
      );
      return { items };
    } catch (err) {
      if (err instanceof InvalidIdentityError) throw Problem.field('value', err.message);
      throw err;
    }
  });

  api.get('/contacts/:id', {
    config: { access: requires('contacts:read') },
    schema: { tags: ['contacts'], summary: 'A contact with masked identities', params: z.object({ id: z.uuid() }), response: { 200: contactView } },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, (tx) => getContact(tx, auth.orgId, request.params.id));
  });

  api.post('/contacts', {
    config: { access: requires('contacts:manage') },
    schema: {
      tags: ['contacts'],
      summary: 'Create a contact, or find the existing one with any of these identities',
      body: z.object({
        displayName: z.string().trim().max(120).default(''),
        identities: z.array(z.object({ kind, value: z.string().trim().min(1).max(254) })).min(1, 'give at least one identity').max(10),
      }),
      response: { 201: contactView, 200: contactView },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    try {
      const result = await ctx.database.withTenant(auth.orgId, async (tx) => {
        const resolved = await findOrCreateContact(tx, ctx, { orgId: auth.orgId, ...request.body });
        return { created: resolved.created, view: await getContact(tx, auth.orgId, resolved.contactId) };
      });
      return reply.status(result.created ? 201 : 200).send(result.view);
    } catch (err) {
      if (err instanceof InvalidIdentityError) throw Problem.field('identities', err.message);
      throw err;
    }
  });

  api.post('/contacts/:id/identities/:identityId/reveal', {
    config: { access: requires('pii:reveal') },
    schema: {
      tags: ['contacts'],
      summary: 'Reveal one identity in full (audited, needs a reason)',
      params: z.object({ id: z.uuid(), identityId: z.uuid() }),
      body: z.object({ reason: z.string().trim().min(5, 'say why you need it (at least 5 characters)').max(500) }),
      response: { 200: z.object({ id: z.string(), kind: z.string(), value: z.string() }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    reply.header('cache-control', 'no-store');
    return revealIdentity(ctx, { orgId: auth.orgId, contactId: request.params.id, identityId: request.params.identityId, actor: auth.actor, reason: request.body.reason, ip: request.ip });
  });
}
