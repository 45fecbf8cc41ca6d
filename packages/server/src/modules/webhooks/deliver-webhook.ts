import { createHmac, randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { openForOrganization } from '../channels/channel-secrets.js';
import { WEBHOOK_QUEUE, type WebhookJob } from './enqueue-webhook-event.js';
import { webhookTargetProblem } from './webhook-target.js';

/** `Sigilo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, Stripe-style. */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Posts one delivery. A non-2xx answer or a network error throws, and the job queue retries with
 * exponential backoff; each attempt's outcome (no payload) is recorded for the admin.
 */
export async function deliverWebhook(ctx: AppContext, job: WebhookJob, attempt: number): Promise<void> {
  const endpoint = await ctx.database.withTenant(job.orgId, (tx) =>
    tx.selectFrom('webhook_endpoints').selectAll().where('org_id', '=', job.orgId).where('id', '=', job.endpointId).executeTakeFirst(),
  );
  if (!endpoint || !endpoint.enabled) return; // deleted or paused since: nothing to do
  const secret = openForOrganization<string>(ctx.kms, job.orgId, `webhook_endpoints:${endpoint.id}`, endpoint.secret_sealed);
  const body = openForOrganization<string>(ctx.kms, job.orgId, `webhook:${job.deliveryId}`, Buffer.from(job.sealed, 'base64'));
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = null;
  const problem = await webhookTargetProblem(endpoint.url, ctx.config.WEBHOOKS_ALLOW_PRIVATE);
  if (problem) {
    error = `refused: ${problem}`;
  } else {
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Sigilo-Webhooks/1',
          'sigilo-event': job.event,
          'sigilo-delivery': job.deliveryId,
          'sigilo-signature': signWebhook(secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      await res.body?.cancel();
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? 'timeout after 10 s' : 'network error';
    }
  }
  await ctx.database.withTenant(job.orgId, (tx) =>
    tx
      .insertInto('webhook_deliveries')
      .values({ org_id: job.orgId, id: randomUUID(), endpoint_id: endpoint.id, event: job.event, attempt, status_code: status, error, duration_ms: Date.now() - started })
      .execute(),
  );
  if (error && !error.startsWith('refused')) throw new Error(`webhook delivery failed: ${error}`);
}

export async function startWebhookWorkers(ctx: AppContext): Promise<void> {
  await ctx.jobs.work<WebhookJob>(WEBHOOK_QUEUE, (job, meta) => deliverWebhook(ctx, job, meta.retryCount + 1), { batchSize: 5 });
}
