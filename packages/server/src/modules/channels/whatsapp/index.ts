import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { registerOutboundAdapter } from '../outbound.js';
import { deliverOutboundMessage, OUTBOUND_QUEUE, queueWhatsAppDelivery, type OutboundJobData } from './deliver-outbound-message.js';
import { INBOUND_QUEUE } from './inbound-job.js';
import { prepareInboundBatch, processInboundBatch, type PreparedInbound } from './process-inbound-changes.js';
import { registerWebhookRoutes } from './receive-webhook.js';
import { registerIngestHook } from '../../conversations/ingest-message.js';
import { startMediaWorker, whatsappMediaHook } from './download-media.js';
import { startTemplateUpdateWorker } from './templates/apply-template-update.js';

export { isOutside24hWindow, OUTSIDE_WINDOW_ERROR, CUSTOMER_SERVICE_WINDOW_MS } from './customer-service-window.js';
export { signWebhookPayload, isValidWebhookSignature } from './webhook-signature.js';

// Any node may store an agent's reply, so the adapter is known wherever this module is loaded.
registerOutboundAdapter('whatsapp', queueWhatsAppDelivery);
// Inbound media becomes a pending attachment and a download job in the ingest transaction.
registerIngestHook(whatsappMediaHook);

/** WhatsApp Cloud API channel: webhook routes (outside /api/v1), job workers, outbound adapter. */
export function whatsappRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerWebhookRoutes(app, ctx);
}

/**
 * Inbound notifications wait in the inbox (platform/jobs/inbox.ts) and are worked in batches:
 * every message of a batch is ingested together in one transaction per organisation, so
 * throughput comes from fewer round trips, not from more connections. Messages are ordered by when the webhook was accepted, so two loops may work
 * batches side by side without reordering a customer's burst.
 */
const INBOUND_BATCH = 200;
/**
 * One claim loop per node. Two loops' batches overlap the same customers and wait on each other's
 * contact and conversation rows; on the 2-core bench machine they were never faster than one
 * (docs/benchmarks.md, ingest). One loop keeps the database busy on one core while the
 * acknowledgements and detection use the other.
 */
const INBOUND_LOOPS = 1;

/** Job-queue workers of the channel; started on worker nodes. */
export async function startWhatsAppWorkers(ctx: AppContext): Promise<void> {
  // First: its queue must exist before an inbound batch enqueues downloads inside a transaction.
  await startMediaWorker(ctx);
  ctx.jobs.inbox.work<PreparedInbound>(
    INBOUND_QUEUE,
    async (items, prepared) => {
      const { failed, outcome } = await processInboundBatch(ctx, items, prepared);
      if (outcome.skipped || outcome.statusesDeferred || failed.length) ctx.logger.info({ items: items.length, failedItems: failed.length, ...outcome }, 'whatsapp notifications processed');
      return { failed };
    },
    // Detection for the next batch runs while the previous one is being stored.
    { batchSize: INBOUND_BATCH, idleMs: 250, lingerMs: 40, loops: INBOUND_LOOPS, pipeline: { prepare: (items) => prepareInboundBatch(ctx, items) } },
  );
  await startTemplateUpdateWorker(ctx);
  await ctx.jobs.work<OutboundJobData>(OUTBOUND_QUEUE, (data, job) => deliverOutboundMessage(ctx, data, job), { batchSize: 5, pollingIntervalSeconds: 0.5 });
}
