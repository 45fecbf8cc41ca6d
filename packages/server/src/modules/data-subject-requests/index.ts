import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { buildAccessBundle } from './build-access-bundle.js';
import { eraseSubject } from './erase-subject.js';
import { ERASE_QUEUE, EXPORT_QUEUE, type RequestJob } from './fulfil-request.js';
import { CODE_QUEUE, notifyRequester, sendVerificationCode, type CodeJob } from './notify-requester.js';
import { registerPortalPages } from './portal-pages.js';
import { NOTIFY_QUEUE, type NotifyJob } from './record-request-step.js';
import { dataSubjectRequestRoutes } from './routes.js';
import { sweepDataSubjectRequests } from './sweep-requests.js';

export { contactProcessingLimits } from './fulfil-request.js';
export { findSubject } from './find-subject.js';

const QUEUES = [CODE_QUEUE, NOTIFY_QUEUE, EXPORT_QUEUE, ERASE_QUEUE];

/** The DPO queue and staff actions under /api/v1. */
export function dataSubjectRequestApiRoutes(api: FastifyInstance, ctx: AppContext): void {
  dataSubjectRequestRoutes(api, ctx);
  // Queues exist before the first tenant transaction enqueues into them: on embedded PGlite a
  // queue look-up on another connection would wait for that very transaction.
  api.addHook('onReady', async () => {
    for (const q of QUEUES) await ctx.jobs.ensureQueue(q);
  });
}

/** The public portal, /privacy/{slug}/requests (no login). */
export function dataSubjectRequestPortal(app: FastifyInstance, ctx: AppContext): void {
  registerPortalPages(app, ctx);
}

/** Codes and notices by e-mail, access bundles and erasures: all jobs, so requests stay quick. */
export async function startDataSubjectRequestWorkers(ctx: AppContext, options: { sweepEveryMs?: number } = {}): Promise<() => void> {
  await ctx.jobs.work<CodeJob>(CODE_QUEUE, (data) => sendVerificationCode(ctx, data), { batchSize: 1, pollingIntervalSeconds: 0.5 });
  await ctx.jobs.work<NotifyJob>(NOTIFY_QUEUE, (data) => notifyRequester(ctx, data), { batchSize: 1, pollingIntervalSeconds: 1 });
  await ctx.jobs.work<RequestJob>(EXPORT_QUEUE, (data) => buildAccessBundle(ctx, data), { batchSize: 1, pollingIntervalSeconds: 0.5 });
  await ctx.jobs.work<RequestJob>(ERASE_QUEUE, async (data, job) => void (await eraseSubject(ctx, data, job.id)), { batchSize: 1, pollingIntervalSeconds: 0.5 });
  // Overdue alerts, unverified portal requests, expired codes and bundles. Every worker node runs
  // it; the alert is recorded per request and day, so two nodes do not alert twice in a day.
  const sweep = () => void sweepDataSubjectRequests(ctx).catch((err: unknown) => ctx.logger.warn({ err }, 'data-subject request sweep failed'));
  const timer = setInterval(sweep, options.sweepEveryMs ?? 15 * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
