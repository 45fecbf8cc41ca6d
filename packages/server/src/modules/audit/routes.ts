import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { authOf, requires } from '../auth/route-access.js';
import { dateParam } from '../../platform/http/input-guards.js';
import { exportAuditCsv } from './export-audit-csv.js';
import { listAuditEntries } from './list-audit-entries.js';
import { recordAuditEntry } from './record-audit-entry.js';

const filter = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
});

const entry = z.object({
  seq: z.number(),
  at: z.date(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

export function auditRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/audit', {
    config: { access: requires('audit:read') },
    schema: {
      tags: ['audit'],
      summary: 'Audit log, newest first',
      querystring: filter.extend({
        before: z.coerce.number().int().positive().optional().describe('Return entries older than this seq (paging)'),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
      response: { 200: z.object({ items: z.array(entry), nextBefore: z.number().nullable() }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    const items = await ctx.database.withTenant(auth.orgId, (tx) => listAuditEntries(tx, auth.orgId, request.query));
    return { items, nextBefore: items.length === request.query.limit ? items[items.length - 1]!.seq : null };
  });

  api.get('/audit/export.csv', {
    config: { access: requires('audit:read') },
    schema: { tags: ['audit'], summary: 'Audit log as CSV', querystring: filter, produces: ['text/csv'] },
  }, async (request, reply) => {
    const auth = authOf(request);
    // Taking the log out (names, addresses, IPs) is itself audited: access-anomaly rules count it.
    await ctx.database.withTenant(auth.orgId, (tx) =>
      recordAuditEntry(tx, { orgId: auth.orgId, actor: auth.actor, action: 'audit.exported', ip: request.ip, metadata: { filter: request.query } }),
    );
    const date = new Date().toISOString().slice(0, 10);
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="sigilo-audit-${date}.csv"`);
    return reply.send(Readable.from(exportAuditCsv(ctx.database, auth.orgId, request.query)));
  });
}

