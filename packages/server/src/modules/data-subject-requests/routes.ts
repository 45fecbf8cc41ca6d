import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { authOf, requires } from '../auth/route-access.js';
import { decideCorrection, listPendingCorrections } from './decide-correction.js';
import { completeRequest, eraseRequest, extendRequest, getRequest, listRequests, rebuildExport, registerRequest, rejectRequest } from './manage-requests.js';
import { CORRECTABLE_FIELDS } from './portal-intake.js';
import { REQUEST_KINDS, REQUEST_LANGS } from './request-kinds.js';
import { DAYS_LEFT_BUCKETS, requestDeadlineStats } from './request-stats.js';
import { liftRestriction } from './lift-restriction.js';
import { revealRequestDetails } from './reveal-request-details.js';

const idParam = z.object({ id: z.uuid({ message: 'must be a request id' }) });
const clock = z.object({ dueAt: z.date(), msLeft: z.number().nullable(), state: z.string() });
const requestView = z.object({
  id: z.string(),
  ref: z.number(),
  kind: z.string(),
  status: z.string(),
  law: z.string(),
  contactId: z.string().nullable(),
  language: z.string(),
  channel: z.string(),
  receivedAt: z.date(),
  dueAt: z.date(),
  extendedDueAt: z.date().nullable(),
  extensionReason: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  verifiedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  duplicateOf: z.string().nullable(),
  repeatOf: z.string().nullable(),
  outcome: z.record(z.string(), z.unknown()),
  clock,
});
const reason = (what: string) => z.string().trim().min(10, `explain the ${what} (at least 10 characters; the requester is told)`).max(2000);
const userIdOf = (auth: ReturnType<typeof authOf>) => (auth.via === 'session' ? auth.userId : null);

export function dataSubjectRequestRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/data-subject-requests', {
    config: { access: requires('requests:read') },
    schema: {
      tags: ['data-subject requests'],
      summary: 'The DPO queue: open requests by time left on their legal clock',
      querystring: z.object({ status: z.enum(['open', 'overdue', 'closed', 'all']).default('open'), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.object({ items: z.array(requestView), overdue: z.number() }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, (tx) => listRequests(tx, auth.orgId, request.query));
  });

  api.get('/data-subject-requests/stats', {
    config: { access: requires('requests:read') },
    schema: {
      tags: ['data-subject requests'],
      summary: 'Requests against their legal deadlines: open ones by days left, answers per week on time or late (counts only)',
      querystring: z.object({ weeks: z.coerce.number().int().min(1, 'at least 1 week').max(52, 'at most 52 weeks').default(8) }),
      response: {
        200: z.object({
          openByDaysLeft: z.array(z.object({ bucket: z.enum(DAYS_LEFT_BUCKETS), count: z.number() })),
          answeredPerWeek: z.array(z.object({ week: z.string(), onTime: z.number(), late: z.number() })),
          open: z.number(),
          overdue: z.number(),
        }),
      },
    },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, (tx) => requestDeadlineStats(tx, auth.orgId, { weeks: request.query.weeks }));
  });

  api.post('/data-subject-requests', {
    config: { access: requires('requests:register') },
    schema: {
      tags: ['data-subject requests'],
      summary: 'Register a request received by phone, letter, e-mail or in person, with the evidence of identity used',
      body: z.object({
        kind: z.enum(REQUEST_KINDS),
        channel: z.enum(['phone', 'letter', 'email', 'in_person']),
        language: z.enum(REQUEST_LANGS).default('pt-BR'),
        identities: z.array(z.object({ kind: z.enum(['email', 'phone', 'whatsapp', 'document']), value: z.string().trim().min(3).max(254) })).min(1, 'give at least one identity of the requester').max(5),
        evidence: z.string().trim().min(5, 'say how the identity was checked (e.g. "ID card shown, number matches")').max(2000),
        details: z.string().trim().max(4000).optional(),
        correction: z.object({ field: z.enum(CORRECTABLE_FIELDS), value: z.string().trim().min(1).max(254) }).optional(),
      }),
      response: { 201: requestView },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    const b = request.body;
    const view = await registerRequest(ctx, { orgId: auth.orgId, actor: auth.actor, userId: userIdOf(auth), ip: request.ip, ...b, details: b.details ?? null, correction: b.correction ?? null });
    return reply.status(201).send(view);
  });

  api.get('/data-subject-requests/:id', {
    config: { access: requires('requests:read') },
    schema: {
      tags: ['data-subject requests'],
      summary: 'One request with its history, corrections, bundles and erasure certificate',
      params: idParam,
      response: {
        200: requestView.extend({
          hasDetails: z.boolean(),
          hasEvidence: z.boolean(),
          events: z.array(z.object({ id: z.string(), at: z.date(), type: z.string(), actorId: z.string().nullable(), note: z.string().nullable() })),
          corrections: z.array(z.object({ id: z.string(), field: z.string(), status: z.string(), decidedAt: z.date().nullable(), note: z.string().nullable() })),
          exports: z.array(z.object({ id: z.string(), status: z.string(), sizeBytes: z.number().nullable(), expiresAt: z.date(), downloads: z.number(), lastDownloadedAt: z.date().nullable(), createdAt: z.date() })),
        }),
      },
    },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, (tx) => getRequest(tx, auth.orgId, request.params.id));
  });

  const staff = (request: { params: { id: string }; ip: string }, auth: ReturnType<typeof authOf>) => ({ orgId: auth.orgId, id: request.params.id, actor: auth.actor, ip: request.ip });

  api.post('/data-subject-requests/:id/extend', {
    config: { access: requires('requests:manage') },
    schema: { tags: ['data-subject requests'], summary: 'Extend by two months (GDPR Art. 12(3); not under LGPD), with reasons told to the requester', params: idParam, body: z.object({ reason: reason('extension') }), response: { 200: requestView } },
  }, async (request) => extendRequest(ctx, { ...staff(request, authOf(request)), reason: request.body.reason }));

  api.post('/data-subject-requests/:id/reject', {
    config: { access: requires('requests:manage') },
    schema: { tags: ['data-subject requests'], summary: 'Reject with the reason (told to the requester)', params: idParam, body: z.object({ reason: reason('rejection') }), response: { 200: requestView } },
  }, async (request) => rejectRequest(ctx, { ...staff(request, authOf(request)), reason: request.body.reason }));

  api.post('/data-subject-requests/:id/complete', {
    config: { access: requires('requests:manage') },
    schema: { tags: ['data-subject requests'], summary: 'Answer by hand (sharing information, consequences of refusing consent, duplicates)', params: idParam, body: z.object({ answer: reason('answer') }), response: { 200: requestView } },
  }, async (request) => completeRequest(ctx, { ...staff(request, authOf(request)), answer: request.body.answer }));

  api.post('/data-subject-requests/:id/lift-restriction', {
    config: { access: requires('requests:manage') },
    schema: {
      tags: ['data-subject requests'],
      summary: 'Lift the restriction (blocking) a completed request set, with the reason told to the requester first (GDPR Art. 18(3))',
      params: idParam,
      body: z.object({ reason: reason('lifting of the restriction') }),
      response: { 200: requestView },
    },
  }, async (request) => liftRestriction(ctx, { ...staff(request, authOf(request)), reason: request.body.reason }));

  api.post('/data-subject-requests/:id/erase', {
    config: { access: requires('requests:manage') },
    schema: { tags: ['data-subject requests'], summary: 'Run the erasure job (crypto-shredding, per-table strategies, certificate)', params: idParam, response: { 202: requestView } },
  }, async (request, reply) => reply.status(202).send(await eraseRequest(ctx, staff(request, authOf(request)))));

  api.post('/data-subject-requests/:id/export', {
    config: { access: requires('requests:manage') },
    schema: { tags: ['data-subject requests'], summary: 'Build a new access bundle (new signed link for the requester)', params: idParam, response: { 202: requestView } },
  }, async (request, reply) => reply.status(202).send(await rebuildExport(ctx, staff(request, authOf(request)))));

  api.post('/data-subject-requests/:id/details/reveal', {
    config: { access: requires('requests:manage') },
    schema: {
      tags: ['data-subject requests'],
      summary: 'Read what the requester wrote and the identity evidence staff recorded (audited, with a reason)',
      params: idParam,
      body: z.object({ reason: z.string().trim().min(5, 'say why you need to read it').max(500) }),
      response: { 200: z.object({ details: z.string().nullable(), evidence: z.string().nullable() }) },
    },
  }, async (request) => revealRequestDetails(ctx, { ...staff(request, authOf(request)), reason: request.body.reason }));

  api.get('/data-subject-corrections', {
    config: { access: requires('corrections:decide') },
    schema: {
      tags: ['data-subject requests'],
      summary: 'Corrections proposed by verified requesters, waiting for an agent',
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), requestId: z.string(), requestRef: z.number(), contactId: z.string(), field: z.string(), proposedMasked: z.string(), status: z.string(), createdAt: z.date() })) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return { items: await ctx.database.withTenant(auth.orgId, (tx) => listPendingCorrections(ctx, tx, auth.orgId)) };
  });

  api.post('/data-subject-corrections/:id/decide', {
    config: { access: requires('corrections:decide') },
    schema: {
      tags: ['data-subject requests'],
      summary: 'Approve (apply and pass on by webhook) or decline a proposed correction',
      params: z.object({ id: z.uuid({ message: 'must be a correction id' }) }),
      body: z.object({ approve: z.boolean({ message: 'say whether the correction is approved' }), note: z.string().trim().max(2000).optional() }),
      response: { 200: requestView },
    },
  }, async (request) => {
    const auth = authOf(request);
    return decideCorrection(ctx, { orgId: auth.orgId, id: request.params.id, approve: request.body.approve, note: request.body.note ?? null, actor: auth.actor, userId: userIdOf(auth), ip: request.ip });
  });
}
