import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { sendProblem } from '../../../platform/http/error-handler.js';
import { findWhatsAppChannel, findWhatsAppChannelsByAccount, listWhatsAppVerifyTokens } from './find-whatsapp-channel.js';
import { enqueueTemplateUpdates, parseTemplateUpdate, type TemplateUpdate } from './templates/apply-template-update.js';
import { reserveArrivalTimes } from '../../conversations/arrival-time.js';
import { enqueueInboundChanges } from './inbound-job.js';
import { groupChangesByPhoneNumber, MalformedWebhookError } from './webhook-payload.js';
import { isValidWebhookSignature, secretsEqual } from './webhook-signature.js';

declare module 'fastify' {
  interface FastifyRequest {
    whatsappRawBody?: Buffer;
  }
}

/**
 * Meta's webhook endpoint, outside /api/v1. Registered in its own encapsulated scope so the JSON
 * body arrives as raw bytes (the signature covers those exact bytes) without changing how the rest
 * of the app parses JSON.
 */
export function registerWebhookRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
      // Kept off request.body, which stays an empty object: nothing generic should walk these bytes.
      request.whatsappRawBody = body as Buffer;
      done(null, {});
    });

    scope.get('/webhooks/whatsapp', { schema: { hide: true } }, (request, reply) => verifySubscription(ctx, request, reply));
    // Registered outside the browser scope (platform/http/app.ts): Meta reads a status code and a
    // small JSON body, and cookies, CSRF or security headers would only cost time.
    scope.post('/webhooks/whatsapp', { schema: { hide: true } }, (request, reply) => receiveNotification(ctx, request, reply));
  });
}

/** GET handshake: Meta proves it knows the verify token we gave it and expects the challenge back. */
async function verifySubscription(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const q = request.query as Record<string, unknown>;
  const mode = q['hub.mode'];
  const token = q['hub.verify_token'];
  const challenge = q['hub.challenge'];
  const wellFormed = mode === 'subscribe' && typeof token === 'string' && typeof challenge === 'string' && challenge.length > 0 && challenge.length <= 256;
  if (wellFormed) {
    const tokens = await listWhatsAppVerifyTokens(ctx);
    // Compare against every channel (no early exit) so timing does not tell which ones exist.
    let matched = false;
    for (const t of tokens) matched = secretsEqual(token, t) || matched;
    if (matched) return reply.status(200).type('text/plain; charset=utf-8').send(challenge);
  }
  request.log.info('whatsapp verification refused');
  return sendProblem(reply, 403, 'forbidden', 'Forbidden', 'Verification token mismatch.');
}

/**
 * POST notification: check the signature per channel, seal each channel's share into a job, and
 * answer 200 only once the jobs are committed, so a crash before that makes Meta retry.
 */
async function receiveNotification(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const raw = request.whatsappRawBody;
  if (!raw || raw.length === 0) return sendProblem(reply, 400, 'bad-request', 'Bad request', 'The body must be a JSON WhatsApp notification.');
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString('utf8'));
  } catch {
    return sendProblem(reply, 400, 'bad-request', 'Bad request', 'The body is not valid JSON.', { errors: [{ field: 'body', message: 'malformed JSON' }] });
  }
  const signature = request.headers['x-hub-signature-256'];
  if (typeof signature !== 'string' || !signature.startsWith('sha256=')) {
    request.log.warn('whatsapp webhook without signature refused');
    return sendProblem(reply, 401, 'unauthorized', 'Unauthorized', 'Missing X-Hub-Signature-256.');
  }
  let grouped: ReturnType<typeof groupChangesByPhoneNumber>;
  try {
    grouped = groupChangesByPhoneNumber(payload);
  } catch (err) {
    if (err instanceof MalformedWebhookError) return sendProblem(reply, 400, 'bad-request', 'Bad request', err.message);
    throw err;
  }

  let unknown = 0;
  let verified = 0;
  let refused = 0;
  const accepted: Array<{ orgId: string; channelId: string; values: (typeof grouped.groups)[number]['values'] }> = [];
  for (const group of grouped.groups) {
    const channel = await findWhatsAppChannel(ctx, group.phoneNumberId);
    if (!channel) {
      unknown++;
      continue;
    }
    // Each channel's secret vouches only for its own changes: one tenant's app secret must not
    // let its holder inject messages into another tenant's number.
    if (isValidWebhookSignature(signature, raw, channel.appSecret)) {
      verified++;
      accepted.push({ orgId: channel.orgId, channelId: channel.channelId, values: group.values });
    } else {
      refused++;
    }
  }

  // Template changes name the WhatsApp Business Account; each channel of that account checks the
  // signature with its own app secret, as for messages.
  const updatesByAccount = new Map<string, TemplateUpdate[]>();
  let malformedTemplateChanges = 0;
  for (const change of grouped.templateChanges) {
    const update = parseTemplateUpdate(change);
    if (!update) {
      malformedTemplateChanges++;
      continue;
    }
    updatesByAccount.set(change.wabaId, [...(updatesByAccount.get(change.wabaId) ?? []), update]);
  }
  let unknownAccounts = 0;
  const acceptedTemplateUpdates: Array<{ orgId: string; channelId: string; updates: TemplateUpdate[] }> = [];
  for (const [wabaId, updates] of updatesByAccount) {
    const channels = await findWhatsAppChannelsByAccount(ctx, wabaId);
    if (!channels.length) unknownAccounts++;
    for (const channel of channels) {
      if (isValidWebhookSignature(signature, raw, channel.appSecret)) {
        verified++;
        acceptedTemplateUpdates.push({ orgId: channel.orgId, channelId: channel.channelId, updates });
      } else {
        refused++;
      }
    }
  }
  if (malformedTemplateChanges) request.log.warn({ malformedTemplateChanges }, 'whatsapp webhook: template changes in an unexpected shape ignored');

  if (unknown || unknownAccounts || grouped.skipped) request.log.info({ unknownNumbers: unknown, unknownAccounts, skippedChanges: grouped.skipped }, 'whatsapp webhook: changes for no connected channel ignored');
  if (refused && !verified) {
    request.log.warn({ channels: refused }, 'whatsapp webhook with a wrong signature refused');
    return sendProblem(reply, 401, 'unauthorized', 'Unauthorized', 'X-Hub-Signature-256 does not match.');
  }
  if (refused) request.log.warn({ channels: refused }, 'whatsapp webhook: changes for channels whose secret did not sign it were dropped');

  // Every message of this notification is ordered by when we accepted it.
  const receivedAt = reserveArrivalTimes(accepted.reduce((n, a) => n + a.values.reduce((m, v) => m + (Array.isArray(v.messages) ? v.messages.length : 0), 0), 0));
  try {
    let offset = 0;
    await Promise.all([
      ...accepted.map((a) => {
        const at = receivedAt + offset;
        offset += a.values.reduce((m, v) => m + (Array.isArray(v.messages) ? v.messages.length : 0), 0);
        return enqueueInboundChanges(ctx, { ...a, receivedAt: at });
      }),
      ...acceptedTemplateUpdates.map((a) => enqueueTemplateUpdates(ctx, a)),
    ]);
  } catch (err) {
    // Not acknowledged: Meta retries, and the changes enqueued already are idempotent to repeat.
    request.log.error({ err: { name: (err as Error).name, code: (err as { code?: string }).code } }, 'whatsapp webhook could not be queued');
    return sendProblem(reply, 503, 'unavailable', 'Service unavailable', 'The notification could not be queued; retry later.');
  }
  return reply.status(200).send({ received: true });
}
