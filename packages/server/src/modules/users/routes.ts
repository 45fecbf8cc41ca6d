import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { PASSWORD_MAX } from '../auth/passwords.js';
import { permissions, rolePermissions, roles } from '../auth/permissions.js';
import { authOf, requires } from '../auth/route-access.js';
import { emailSchema } from '../auth/routes.js';
import { createUser } from './create-user.js';
import { listUsers } from './list-users.js';
import { updateUser } from './update-user.js';

const user = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.string(),
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
});
const role = z.enum(roles);

export function userRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const actorRole = (req: Parameters<typeof authOf>[0]) => {
    const auth = authOf(req);
    return auth.via === 'session' ? auth.role : undefined;
  };

  api.get('/users', {
    config: { access: requires('users:read') },
    schema: { tags: ['users'], summary: 'Agents of the organisation', response: { 200: z.object({ items: z.array(user) }) } },
  }, async (request) => ({ items: await listUsers(ctx, authOf(request).orgId) }));

  api.post('/users', {
    config: { access: requires('users:manage') },
    schema: {
      tags: ['users'],
      summary: 'Create an agent account',
      body: z.object({ email: emailSchema, name: z.string().trim().min(1, 'is required').max(120), role, password: z.string().max(PASSWORD_MAX) }),
      response: { 201: user },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    const created = await createUser(ctx, { orgId: auth.orgId, actor: auth.actor, actorRole: actorRole(request), ip: request.ip, ...request.body });
    return reply.status(201).send(created);
  });

  api.patch('/users/:id', {
    config: { access: requires('users:manage') },
    schema: {
      tags: ['users'],
      summary: 'Change role, name or disabled flag',
      params: z.object({ id: z.uuid({ message: 'must be a user id' }) }),
      body: z.object({ role: role.optional(), name: z.string().trim().min(1).max(120).optional(), disabled: z.boolean().optional() }),
      response: { 200: user },
    },
  }, async (request) => {
    const auth = authOf(request);
    return updateUser(ctx, { orgId: auth.orgId, id: request.params.id, actor: auth.actor, actorRole: actorRole(request), ip: request.ip, ...request.body });
  });

  api.get('/roles', {
    config: { access: requires('users:read') },
    schema: {
      tags: ['users'],
      summary: 'The role × permission matrix',
      response: { 200: z.object({ roles: z.array(z.object({ role: z.string(), permissions: z.array(z.string()) })), permissions: z.array(z.string()) }) },
    },
  }, async () => ({
    roles: roles.map((r) => ({ role: r, permissions: permissions.filter((p) => rolePermissions[r].has(p)) })),
    permissions: [...permissions],
  }));
}
