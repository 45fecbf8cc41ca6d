import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { emailSchema } from '../auth/routes.js';
import { PASSWORD_MAX } from '../auth/passwords.js';
import { roles } from '../auth/permissions.js';
import { authOf, publicAccess, requires } from '../auth/route-access.js';
import { createOrganization } from './create-organization.js';
import { getOrganization } from './get-organization.js';
import { updateOrganization } from './update-organization.js';

const country = z.enum(['BR', 'ES', 'PT', 'EU']).describe('BR, ES, PT, or EU for another EU/EEA country');
const organization = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  country: z.string(),
  require2faRoles: z.array(z.string()),
});

export function organizationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/setup', {
    config: { access: publicAccess },
    schema: { tags: ['setup'], summary: 'Whether the first organisation still has to be created', response: { 200: z.object({ needed: z.boolean() }) } },
  }, async () => {
    const any = await ctx.database.withSystem((tx) => tx.selectFrom('organizations').select('id').limit(1).executeTakeFirst());
    return { needed: !any };
  });

  api.post('/setup', {
    config: { access: publicAccess, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: {
      tags: ['setup'],
      summary: 'Create the first organisation and its owner',
      body: z.object({
        orgName: z.string().trim().min(2, 'must have at least 2 characters').max(120),
        country,
        name: z.string().trim().min(1, 'is required').max(120),
        email: emailSchema,
        password: z.string().max(PASSWORD_MAX),
      }),
      response: { 201: z.object({ orgId: z.string(), userId: z.string() }) },
    },
  }, async (request, reply) => {
    const b = request.body;
    const { orgId, userId } = await createOrganization(ctx, {
      orgName: b.orgName,
      country: b.country,
      ownerName: b.name,
      ownerEmail: b.email,
      ownerPassword: b.password,
      onlyIfNone: true,
      ip: request.ip,
    });
    return reply.status(201).send({ orgId, userId });
  });

  api.get('/organization', {
    config: { access: requires('org:read') },
    schema: { tags: ['organization'], summary: 'Your organisation', response: { 200: organization } },
  }, async (request) => getOrganization(ctx, authOf(request).orgId));

  api.patch('/organization', {
    config: { access: requires('settings:manage') },
    schema: {
      tags: ['organization'],
      summary: 'Change organisation settings',
      body: z.object({
        name: z.string().trim().min(2).max(120).optional(),
        require2faRoles: z.array(z.enum(roles)).max(roles.length).optional(),
      }),
      response: { 200: organization },
    },
  }, async (request) => {
    const auth = authOf(request);
    return updateOrganization(ctx, { orgId: auth.orgId, actor: auth.actor, ip: request.ip, ...request.body });
  });
}
