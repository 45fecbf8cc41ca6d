import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { dateParam } from '../../platform/http/input-guards.js';
import { authOf, requires } from '../auth/route-access.js';
import { draftIncidentNotification } from './draft-notifications.js';
import { addIncidentSubjects, findAffectedSubjects } from './find-affected-subjects.js';
import { incidentFields } from './incident-input.js';
import { createIncident, getIncident, listIncidents, updateIncident } from './manage-incidents.js';
import { notifyIncidentSubjects } from './notify-subjects.js';

const id = (what: string) => z.object({ id: z.uuid({ message: `must be a ${what} id` }) });
const clock = z.object({ clock: z.string(), basis: z.string(), deadline: z.date(), doneAt: z.date().nullable(), state: z.string() });
const incidentView = z.object({
  id: z.string(),
  ref: z.number(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  occurredAt: z.date().nullable(),
  discoveredAt: z.date(),
  knownAt: z.date(),
  nature: z.array(z.string()),
  dataCategories: z.array(z.string()),
  subjectCategories: z.array(z.string()),
  approxSubjects: z.number().nullable(),
  approxRecords: z.number().nullable(),
  likelyConsequences: z.string(),
  measuresTaken: z.string(),
  riskLevel: z.string().nullable(),
  riskReasoning: z.string(),
  notificationRequired: z.boolean().nullable(),
  delayReasons: z.string(),
  jurisdictions: z.array(z.string()),
  smallProcessingAgent: z.boolean(),
  anpdNotifiedAt: z.date().nullable(),
  gdprNotifiedAt: z.date().nullable(),
  subjectsNotifiedAt: z.date().nullable(),
  alertId: z.string().nullable(),
  createdBy: z.string().nullable(),
  closedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  clocks: z.array(clock),
  clockState: z.string(),
});
const criteria = z.object({
  agentId: z.uuid().optional(),
  tokenId: z.uuid().optional(),
  channelId: z.uuid().optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
});
const subject = z.object({ contactId: z.string(), displayName: z.string(), via: z.array(z.string()), touches: z.number() });
const userIdOf = (auth: ReturnType<typeof authOf>) => (auth.via === 'session' ? auth.userId : null);

export function incidentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/incidents', {
    config: { access: requires('incidents:read') },
    schema: {
      tags: ['incidents'],
      summary: 'The incident register with ANPD and GDPR clocks',
      querystring: z.object({ status: z.enum(['open', 'contained', 'closed', 'active']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.object({ items: z.array(incidentView) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return { items: await ctx.database.withTenant(auth.orgId, (tx) => listIncidents(tx, auth.orgId, request.query)) };
  });

  api.post('/incidents', {
    config: { access: requires('incidents:manage') },
    schema: { tags: ['incidents'], summary: 'Register an incident (the clocks start at knownAt, default now)', body: incidentFields, response: { 201: incidentView } },
  }, async (request, reply) => {
    const auth = authOf(request);
    return reply.status(201).send(await createIncident(ctx, { orgId: auth.orgId, actor: auth.actor, userId: userIdOf(auth), ip: request.ip, fields: request.body }));
  });

  api.post('/alerts/:id/incident', {
    config: { access: requires('incidents:manage') },
    schema: { tags: ['incidents'], summary: 'Open an incident from an alert', params: id('alert'), body: incidentFields, response: { 201: incidentView } },
  }, async (request, reply) => {
    const auth = authOf(request);
    return reply
      .status(201)
      .send(await createIncident(ctx, { orgId: auth.orgId, actor: auth.actor, userId: userIdOf(auth), ip: request.ip, fields: request.body, alertId: request.params.id }));
  });

  api.get('/incidents/:id', {
    config: { access: requires('incidents:read') },
    schema: {
      tags: ['incidents'],
      summary: 'One incident with its clocks and subject counts',
      params: id('incident'),
      response: { 200: incidentView.extend({ subjects: z.object({ total: z.number(), notified: z.number() }) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, (tx) => getIncident(tx, auth.orgId, request.params.id));
  });

  api.patch('/incidents/:id', {
    config: { access: requires('incidents:manage') },
    schema: { tags: ['incidents'], summary: 'Update the assessment, notifications made or status', params: id('incident'), body: incidentFields.partial(), response: { 200: incidentView } },
  }, async (request) => {
    const auth = authOf(request);
    return updateIncident(ctx, { orgId: auth.orgId, id: request.params.id, actor: auth.actor, ip: request.ip, fields: request.body });
  });

  api.get('/incidents/:id/draft', {
    config: { access: requires('incidents:read') },
    schema: {
      tags: ['incidents'],
      summary: 'Draft of the ANPD communication, the GDPR Art. 33 notification or the notice to subjects',
      params: id('incident'),
      querystring: z.object({ kind: z.enum(['anpd', 'gdpr', 'subjects']), lang: z.enum(['pt-BR', 'es', 'en']).default('pt-BR') }),
      response: { 200: z.object({ subject: z.string(), body: z.string() }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return draftIncidentNotification(ctx, auth.orgId, request.params.id, request.query.kind, request.query.lang);
  });

  api.get('/incidents/affected-subjects', {
    config: { access: requires('incidents:manage') },
    schema: {
      tags: ['incidents'],
      summary: 'Contacts whose data an agent, an API token, a channel or a time window touched',
      querystring: criteria,
      response: { 200: z.object({ items: z.array(subject), truncated: z.boolean() }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    const { subjects, truncated } = await findAffectedSubjects(ctx, auth.orgId, request.query);
    return { items: subjects, truncated };
  });

  api.post('/incidents/:id/subjects', {
    config: { access: requires('incidents:manage') },
    schema: {
      tags: ['incidents'],
      summary: "Add the contacts found by the criteria to the incident's affected subjects",
      params: id('incident'),
      body: criteria,
      response: { 200: z.object({ added: z.number(), total: z.number() }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return addIncidentSubjects(ctx, { orgId: auth.orgId, incidentId: request.params.id, actor: auth.actor, ip: request.ip, criteria: request.body });
  });

  api.post('/incidents/:id/subjects/notify', {
    config: { access: requires('incidents:manage') },
    schema: {
      tags: ['incidents'],
      summary: 'Send the notice to every affected subject not yet notified, through their channel (recorded per subject)',
      params: id('incident'),
      body: z.object({ text: z.string().trim().min(20, 'write the notice (at least 20 characters)').max(4000) }),
      response: { 200: z.object({ notified: z.number(), unreachable: z.number() }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return notifyIncidentSubjects(ctx, { orgId: auth.orgId, incidentId: request.params.id, actor: auth.actor, ip: request.ip, text: request.body.text });
  });
}
