import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { registerIngestHook } from '../conversations/ingest-message.js';
import { registerConsentPublicPages } from './public-pages.js';
import { consentRoutes } from './routes.js';
import { recordExpiredConsents } from './expire-consents.js';
import { CONSENT_MESSAGE_QUEUE, onWhatsAppMessages, sendConsentMessage, type ConsentMessageJob } from './whatsapp-consent.js';

export { checkConsent, consentRequired, sendPurposeMessage, type ConsentCheck } from './check-consent.js';
export { recordConsentEvents, type ConsentEventInput } from './record-consent.js';
export { recordExpiredConsents } from './expire-consents.js';
export { webchatConsentOffer, recordWebchatChoices, parseChoices, type WebchatConsentOffer } from './webchat-consent.js';

// Wherever messages are ingested (API nodes for the web chat, workers for WhatsApp), replies to the
// consent questions and opt-out words are recorded in the same transaction as the message.
registerIngestHook({ name: 'consent', onMessages: onWhatsAppMessages });

/** Consent and transparency: API under /api/v1, and the public notice and receipt pages. */
export function consentApiRoutes(api: FastifyInstance, ctx: AppContext): void {
  consentRoutes(api, ctx);
  // The queue is created before the first ingest transaction enqueues into it: on embedded PGlite a
  // queue look-up on another connection would wait for that very transaction.
  api.addHook('onReady', async () => {
    await ctx.jobs.ensureQueue(CONSENT_MESSAGE_QUEUE);
  });
}

export function consentPublicRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerConsentPublicPages(app, ctx);
}

const EXPIRY_SWEEP_MS = 60 * 60_000;

/**
 * The job that sends the notice, the questions and the confirmations as system messages, and an
 * hourly sweep that records lapsed consents. Returns a function that stops the sweep.
 */
export async function startConsentWorkers(ctx: AppContext, options: { sweep?: boolean } = {}): Promise<() => void> {
  await ctx.jobs.work<ConsentMessageJob>(CONSENT_MESSAGE_QUEUE, (data) => sendConsentMessage(ctx, data), { batchSize: 1, pollingIntervalSeconds: 0.5 });
  if (options.sweep === false) return () => {};
  const sweep = () =>
    recordExpiredConsents(ctx).then(
      (n) => n && ctx.logger.info({ expired: n }, 'lapsed consents recorded'),
      (err: unknown) => ctx.logger.warn({ err }, 'consent expiry sweep failed'),
    );
  const timer = setInterval(sweep, EXPIRY_SWEEP_MS).unref();
  void sweep();
  return () => clearInterval(timer);
}
