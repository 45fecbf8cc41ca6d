import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { registerOutboundAdapter } from '../outbound.js';
import { deliverOutboundMessage, OUTBOUND_QUEUE, queueWhatsAppDelivery, type OutboundJobData } from './deliver-outbound-message.js';
import { INBOUND_QUEUE, type InboundJobData } from './inbound-job.js';
import { processInboundChanges } from './process-inbound-changes.js';
import { registerWebhookRoutes } from './receive-webhook.js';

export { isOutside24hWindow, OUTSIDE_WINDOW_ERROR, CUSTOMER_SERVICE_WINDOW_MS } from './customer-service-window.js';
export { signWebhookPayload, isValidWebhookSignature } from './webhook-signature.js';

// Any node may store an agent's reply, so the adapter is known wherever this module is loaded.
registerOutboundAdapter('whatsapp', queueWhatsAppDelivery);

/** WhatsApp Cloud API channel: webhook routes (outside /api/v1), job workers, outbound adapter. */
export function whatsappRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerWebhookRoutes(app, ctx);
}

/**
 * pg-boss pauses one polling interval between fetches even when busy, so inbound work is taken in
 * batches by a few workers in parallel; a batch is processed in order (a customer's messages keep
 * their order within it) and retried whole on a database error, which ingest's idempotency makes
 * safe. JobQueue's `concurrency` would speed this up once messages carry their channel timestamp
 * as their order key.
 */
const INBOUND_BATCH = 50;
/** Embedded PGlite runs one statement at a time anyway, and its socket bridge misbehaves under many pollers. */
const inboundWorkers = (ctx: AppContext) => (ctx.database.mode === 'server' ? 4 : 1);

/** Job-queue workers of the channel; started on worker nodes. */
export async function startWhatsAppWorkers(ctx: AppContext): Promise<void> {
  for (let i = 0; i < inboundWorkers(ctx); i++) {
    await ctx.jobs.work<InboundJobData>(INBOUND_QUEUE, async (data) => {
      const outcome = await processInboundChanges(ctx, data);
      if (outcome.skipped || outcome.statusesDeferred) ctx.logger.info({ orgId: data.orgId, channelId: data.channelId, ...outcome }, 'whatsapp notification processed');
    }, { batchSize: INBOUND_BATCH, pollingIntervalSeconds: 0.5 });
  }
  await ctx.jobs.work<OutboundJobData>(OUTBOUND_QUEUE, (data, job) => deliverOutboundMessage(ctx, data, job), { batchSize: 5, pollingIntervalSeconds: 0.5 });
}
