import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { dateParam } from '../../platform/http/input-guards.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { authOf, requires, userOf } from '../auth/route-access.js';
import { actOnAlert } from './act-on-alert.js';
import { consoleStats } from './console-stats.js';
import { getAlert } from './get-alert.js';
import { interveneInConversation } from './intervene-in-conversation.js';
import { listAlerts } from './list-alerts.js';
import { deleteWatchRule, listWatchRules, saveWatchRule } from './manage-watch-rules.js';
import { ensureMonitoringSettings } from './monitoring-settings.js';
import { purgeMessageOriginal } from './purge-message-original.js';
import { compiledRulesOf } from './rule-cache.js';
import { testWatchRule } from './test-watch-rule.js';
import { watchRuleBody } from './watch-rule-input.js';

const id = (what: string) => z.object({ id: z.uuid({ message: `must be a ${what} id` }) });
const severity = z.enum(['low', 'medium', 'high', 'critical']);
const anyJson = z.record(z.string(), z.unknown());
const alertView = z.object({
  id: z.string(),
  kind: z.string(),
  ruleId: z.string().nullable(),
  ruleName: z.string(),
  anomaly: z.string().nullable(),
  severity: z.string(),
  status: z.string(),
  outcome: z.string().nullable(),
  messageId: z.string().nullable(),
  conversationId: z.string().nullable(),
  contactId: z.string().nullable(),
  agentId: z.string().nullable(),
  direction: z.string().nullable(),
  matched: z.array(z.string()),
  details: anyJson,
  assigneeId: z.string().nullable(),
  incidentId: z.string().nullable(),
  acknowledgedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  createdAt: z.date(),
});
const alertDetail = alertView.extend({
  context: z.array(
    z.object({
      id: z.string(),
      direction: z.string(),
      senderType: z.string(),
      senderId: z.string().nullable(),
      body: z.string().describe('Masked text'),
      piiTypes: z.array(z.string()),
      sensitiveFlags: z.array(z.string()),
      purged: z.boolean(),
      createdAt: z.date(),
      isTrigger: z.boolean(),
    }),
  ),
  contact: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  agent: z.object({ id: z.string(), name: z.string(), role: z.string() }).nullable(),
  conversation: z.object({ id: z.string(), status: z.string(), assigneeId: z.string().nullable(), pausedAt: z.date().nullable(), channelType: z.string() }).nullable(),
  events: z.array(z.object({ id: z.string(), type: z.string(), actorId: z.string().nullable(), actorName: z.string().nullable(), comment: z.string().nullable(), data: anyJson, createdAt: z.date() })),
});
const ruleView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.string(),
  terms: z.array(z.string()),
  pattern: z.string().nullable(),
  piiTypes: z.array(z.string()),
  sensitiveFlags: z.array(z.string()),
  directions: z.array(z.string()),
  channelTypes: z.array(z.string()),
  teams: z.array(z.string()),
  severity: z.string(),
  enabled: z.boolean(),
  pack: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
const anomalySettings = z.object({
  revealLimit: z.number().int().min(1).max(100_000),
  revealWindowMinutes: z.number().int().min(1).max(24 * 60),
  exportLimit: z.number().int().min(1).max(100_000),
  exportWindowMinutes: z.number().int().min(1).max(24 * 60),
  bulkExportRows: z.number().int().min(1).max(1e9),
  workingHours: z
    .object({
      start: hhmm,
      end: hhmm,
      days: z.array(z.number().int().min(0).max(6)).max(7),
      timeZone: z.string().refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'must be an IANA time zone such as America/Sao_Paulo'),
    })
    .nullable(),
  newNetwork: z.boolean(),
});
const settingsView = z.object({
  emailMinSeverity: z.string(),
  webhookMinSeverity: z.string(),
  smallProcessingAgent: z.boolean(),
  anomalies: anomalySettings,
  email: z.object({ configured: z.boolean() }).describe('Whether SMTP is configured; without it e-mail alerts are skipped'),
  activeTerms: z.number(),
  activeRules: z.number(),
});

export function monitoringRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  const settingsOf = async (orgId: string) =>
    ctx.database.withTenant(orgId, async (tx) => {
      const { rules, settings } = await compiledRulesOf(tx, orgId);
      return {
        emailMinSeverity: settings.emailMinSeverity,
        webhookMinSeverity: settings.webhookMinSeverity,
        smallProcessingAgent: settings.smallProcessingAgent,
        anomalies: settings.anomalies,
        email: { configured: !!ctx.config.SMTP_HOST },
        activeTerms: rules.termCount,
        activeRules: rules.rules.length,
      };
    });

  api.get('/monitoring/settings', {
    config: { access: requires('alerts:read') },
    schema: { tags: ['monitoring'], summary: 'Alert delivery thresholds, anomaly settings, and whether e-mail is configured', response: { 200: settingsView } },
  }, async (request) => settingsOf(authOf(request).orgId));

  api.patch('/monitoring/settings', {
    config: { access: requires('rules:manage') },
    schema: {
      tags: ['monitoring'],
      summary: 'Change alert delivery thresholds and anomaly settings',
      body: z.object({
        emailMinSeverity: z.enum(['low', 'medium', 'high', 'critical', 'never']).optional(),
        webhookMinSeverity: z.enum(['low', 'medium', 'high', 'critical', 'never']).optional(),
        smallProcessingAgent: z.boolean().optional().describe('Small processing agent (Res. CD/ANPD 2/2022): ANPD deadlines double'),
        anomalies: anomalySettings.partial().strict().optional(),
      }).strict(),
      response: { 200: settingsView },
    },
  }, async (request) => {
    const auth = authOf(request);
    const b = request.body;
    await ctx.database.withTenant(auth.orgId, async (tx) => {
      const current = await ensureMonitoringSettings(tx, auth.orgId);
      await tx
        .updateTable('monitoring_settings')
        .set({
          ...(b.emailMinSeverity ? { email_min_severity: b.emailMinSeverity } : {}),
          ...(b.webhookMinSeverity ? { webhook_min_severity: b.webhookMinSeverity } : {}),
          ...(b.smallProcessingAgent !== undefined ? { small_processing_agent: b.smallProcessingAgent } : {}),
          ...(b.anomalies ? { anomaly_settings: JSON.stringify({ ...current.anomalies, ...b.anomalies }) } : {}),
          updated_at: new Date(),
        })
        .where('org_id', '=', auth.orgId)
        .execute();
      await recordAuditEntry(tx, { orgId: auth.orgId, actor: auth.actor, action: 'settings.changed', target: { type: 'monitoring', id: auth.orgId }, ip: request.ip, metadata: { monitoring: b } });
    });
    return settingsOf(auth.orgId);
  });

  api.get('/monitoring/rules', {
    config: { access: requires('alerts:read') },
    schema: { tags: ['monitoring'], summary: 'Watch rules (seeded packs in pt-BR, es and en on first use)', response: { 200: z.object({ items: z.array(ruleView) }) } },
  }, async (request) => {
    const auth = authOf(request);
    return { items: await ctx.database.withTenant(auth.orgId, (tx) => listWatchRules(tx, auth.orgId)) };
  });

  api.post('/monitoring/rules', {
    config: { access: requires('rules:manage') },
    schema: {
      tags: ['monitoring'],
      summary: 'Create a watch rule',
      description: 'Terms match whole words or phrases without regard to case or accents. Patterns run with RE2 semantics (linear time) on the lower-case, accent-free masked text; back-references and look-around are refused.',
      body: watchRuleBody,
      response: { 201: ruleView },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    const rule = await saveWatchRule(ctx, { orgId: auth.orgId, actor: auth.actor, userId: auth.via === 'session' ? auth.userId : null, ip: request.ip, rule: request.body });
    return reply.status(201).send(rule);
  });

  api.put('/monitoring/rules/:id', {
    config: { access: requires('rules:manage') },
    schema: { tags: ['monitoring'], summary: 'Replace a watch rule', params: id('rule'), body: watchRuleBody, response: { 200: ruleView } },
  }, async (request) => {
    const auth = authOf(request);
    return saveWatchRule(ctx, { orgId: auth.orgId, id: request.params.id, actor: auth.actor, userId: auth.via === 'session' ? auth.userId : null, ip: request.ip, rule: request.body });
  });

  api.delete('/monitoring/rules/:id', {
    config: { access: requires('rules:manage') },
    schema: { tags: ['monitoring'], summary: 'Delete a watch rule', params: id('rule'), response: { 204: z.null() } },
  }, async (request, reply) => {
    const auth = authOf(request);
    await deleteWatchRule(ctx, { orgId: auth.orgId, id: request.params.id, actor: auth.actor, ip: request.ip });
    return reply.status(204).send(null);
  });

  api.post('/monitoring/rules/test', {
    config: { access: requires('rules:manage') },
    schema: {
      tags: ['monitoring'],
      summary: 'Try a rule on sample text (masked first, as a real message would be; nothing stored)',
      body: z.object({
        rule: watchRuleBody,
        text: z.string().min(1, 'is required').max(5000),
        direction: z.enum(['inbound', 'outbound']).default('inbound'),
        channelType: z.enum(['webchat', 'whatsapp', 'email', 'voice', 'api']).default('webchat'),
      }),
      response: { 200: z.object({ matches: z.boolean(), matched: z.array(z.string()), masked: z.string(), piiTypes: z.array(z.string()), sensitiveFlags: z.array(z.string()) }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    reply.header('cache-control', 'no-store');
    const org = await ctx.database.withTenant(auth.orgId, (tx) => tx.selectFrom('organizations').select('masking_policy').executeTakeFirstOrThrow());
    return testWatchRule({ ...request.body, maskingPolicy: org.masking_policy });
  });

  api.get('/alerts', {
    config: { access: requires('alerts:read') },
    schema: {
      tags: ['monitoring'],
      summary: 'The alert queue, newest first',
      querystring: z.object({
        status: z.enum(['open', 'acknowledged', 'resolved', 'unresolved']).optional(),
        severity: severity.optional(),
        kind: z.enum(['rule', 'anomaly']).optional(),
        assignee: z.uuid().optional(),
        before: dateParam.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: z.array(alertView) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return { items: await ctx.database.withTenant(auth.orgId, (tx) => listAlerts(tx, auth.orgId, request.query)) };
  });

  api.get('/alerts/:id', {
    config: { access: requires('alerts:read') },
    schema: { tags: ['monitoring'], summary: 'One alert with masked context, agent, contact and timeline', params: id('alert'), response: { 200: alertDetail } },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, (tx) => getAlert(tx, auth.orgId, request.params.id));
  });

  const act = (path: string, summary: string, body: z.ZodType, toAction: (b: any) => Parameters<typeof actOnAlert>[1]['action']) =>
    api.post(`/alerts/:id/${path}`, {
      config: { access: requires('alerts:manage') },
      schema: { tags: ['monitoring'], summary, params: id('alert'), body, response: { 204: z.null() } },
    }, async (request, reply) => {
      const auth = authOf(request);
      await actOnAlert(ctx, { orgId: auth.orgId, alertId: request.params.id, actor: auth.actor, actorUserId: auth.via === 'session' ? auth.userId : null, ip: request.ip, action: toAction(request.body) });
      return reply.status(204).send(null);
    });
  const empty = z.object({}).default({});
  act('acknowledge', 'Acknowledge an alert (someone is looking at it)', empty, () => ({ type: 'acknowledge' }));
  act('assign', 'Assign an alert to a DPO, supervisor or admin (null to unassign)', z.object({ assigneeId: z.uuid().nullable() }), (b) => ({ type: 'assign', assigneeId: b.assigneeId }));
  act('comment', 'Comment on an alert', z.object({ comment: z.string().trim().min(1, 'is required').max(5000) }), (b) => ({ type: 'comment', comment: b.comment }));
  act(
    'resolve',
    'Resolve an alert with its outcome',
    z.object({ outcome: z.enum(['false_positive', 'handled', 'escalated']), comment: z.string().trim().max(5000).optional() }),
    (b) => ({ type: 'resolve', outcome: b.outcome, comment: b.comment }),
  );
  act('reopen', 'Reopen a resolved alert', empty, () => ({ type: 'reopen' }));

  for (const [path, intervention, summary] of [
    ['take-over', 'take_over', 'Take over the conversation behind the alert (assign it to yourself)'],
    ['pause', 'pause', "Pause the conversation: agents' replies are refused until it is resumed"],
    ['resume', 'resume', 'Resume a paused conversation'],
  ] as const) {
    api.post(`/alerts/:id/${path}`, {
      config: { access: requires('alerts:manage') },
      schema: { tags: ['monitoring'], summary, params: id('alert'), body: empty, response: { 204: z.null() } },
    }, async (request, reply) => {
      const auth = userOf(request);
      await interveneInConversation(ctx, { orgId: auth.orgId, alertId: request.params.id, actor: auth.actor, userId: auth.userId, permissions: auth.permissions, ip: request.ip, intervention });
      return reply.status(204).send(null);
    });
  }

  api.post('/messages/:id/purge', {
    config: { access: requires('messages:purge') },
    schema: {
      tags: ['monitoring'],
      summary: 'Purge the original of a message (audited, needs a reason); the masked text stays',
      params: id('message'),
      body: z.object({ reason: z.string().trim().min(5, 'say why the original must be destroyed (at least 5 characters)').max(500), alertId: z.uuid().optional() }),
      response: { 200: z.object({ messageId: z.string(), purgedAt: z.date() }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    const { purgedAt } = await purgeMessageOriginal(ctx, {
      orgId: auth.orgId,
      messageId: request.params.id,
      alertId: request.body.alertId,
      actor: auth.actor,
      userId: auth.via === 'session' ? auth.userId : null,
      reason: request.body.reason,
      ip: request.ip,
    });
    return { messageId: request.params.id, purgedAt };
  });

  api.get('/monitoring/stats', {
    config: { access: requires('alerts:read') },
    schema: {
      tags: ['monitoring'],
      summary: "Figures for the DPO console's charts",
      querystring: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
      response: {
        200: z.object({
          alertsPerDay: z.array(z.object({ day: z.string(), low: z.number(), medium: z.number(), high: z.number(), critical: z.number() })),
          alertsPerRule: z.array(z.object({ rule: z.string(), total: z.number(), open: z.number() })),
          outcomes: z.array(z.object({ outcome: z.string().nullable(), status: z.string(), count: z.number() })),
          revealsPerAgent: z.array(z.object({ agent: z.string(), count: z.number() })).nullable(),
          incidentsByClock: z.array(z.object({ state: z.string(), count: z.number() })).nullable(),
        }),
      },
    },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, (tx) =>
      consoleStats(tx, auth.orgId, { days: request.query.days, withReveals: auth.permissions.has('audit:read'), withIncidents: auth.permissions.has('incidents:read') }),
    );
  });

}
