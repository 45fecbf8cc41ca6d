import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { sql, type Tx } from '../../platform/db/database.js';
import { sealForOrganization } from '../channels/channel-secrets.js';
import type { WebhookEvent } from './create-webhook-endpoint.js';

export const WEBHOOK_QUEUE = 'webhooks.deliver';

export interface WebhookJob {
  orgId: string;
  endpointId: string;
  deliveryId: string;
  event: WebhookEvent;
  /** The JSON body, sealed: it holds masked message text, which still deserves protection at rest. */
  sealed: string;
}

/**
 * Queues one delivery per subscribed endpoint, inside the caller's transaction: the event is sent
 * exactly when the change it reports is committed. Payloads carry masked text and ids only.
 */
export async function enqueueWebhookEvent(ctx: AppContext, tx: Tx, orgId: string, event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
  await enqueueWebhookEvents(ctx, tx, orgId, event, [data]);
}

/** The same for many events of one kind (an ingest batch): one look-up, one insert. */
export async function enqueueWebhookEvents(ctx: AppContext, tx: Tx, orgId: string, event: WebhookEvent, items: Array<Record<string, unknown>>): Promise<void> {
  if (!items.length) return;
  const endpoints = await tx
    .selectFrom('webhook_endpoints')
    .select('id')
    .where('org_id', '=', orgId)
    .where('enabled', '=', true)
    .where(sql<boolean>`${event} = ANY(events)`)
    .execute();
  if (!endpoints.length) return;
  const jobs: WebhookJob[] = [];
  for (const data of items) {
    for (const endpoint of endpoints) {
      const deliveryId = randomUUID();
      const body = JSON.stringify({ id: deliveryId, event, createdAt: new Date().toISOString(), data });
      jobs.push({
        orgId,
        endpointId: endpoint.id,
        deliveryId,
        event,
        sealed: sealForOrganization(ctx.kms, orgId, `webhook:${deliveryId}`, body).toString('base64'),
      });
    }
  }
  await ctx.jobs.sendMany(WEBHOOK_QUEUE, jobs, { tx, retryLimit: 8, retryDelaySeconds: ctx.config.WEBHOOK_RETRY_SECONDS, retryBackoff: true });
}
