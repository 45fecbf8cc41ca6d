import { randomBytes, randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { sealForOrganization } from '../channels/channel-secrets.js';
import { webhookTargetProblem } from './webhook-target.js';
import { toEndpointView, type EndpointView } from './endpoint-view.js';

export const WEBHOOK_EVENTS = ['message.created', 'message.updated', 'conversation.updated', 'alert.created', 'alert.resolved', 'incident.created', 'incident.updated', 'consent.changed', 'data_subject_request.updated', 'contact.corrected'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Subscribes a URL to events; the signing secret is returned this once and kept sealed. */
export async function createWebhookEndpoint(
  ctx: AppContext,
  input: { orgId: string; actor: Actor; ip: string | null; url: string; events: WebhookEvent[] },
): Promise<EndpointView & { secret: string }> {
  const problem = await webhookTargetProblem(input.url, ctx.config.WEBHOOKS_ALLOW_PRIVATE);
  if (problem) throw Problem.field('url', problem);
  const id = randomUUID();
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const row = await tx
      .insertInto('webhook_endpoints')
      .values({
        org_id: input.orgId,
        id,
        url: input.url,
        events: [...new Set(input.events)],
        secret_sealed: sealForOrganization(ctx.kms, input.orgId, `webhook_endpoints:${id}`, secret),
        created_by: input.actor.type === 'user' ? input.actor.id : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'webhook.created',
      target: { type: 'webhook_endpoint', id },
      ip: input.ip,
      metadata: { host: new URL(input.url).host, events: row.events },
    });
    return { ...toEndpointView(row), secret };
  });
}
