import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { apiTokenRoutes } from './api-tokens/routes.js';
import { auditRoutes } from './audit/routes.js';
import { authRoutes } from './auth/routes.js';
import { allowlistRoutes } from './ip-allowlist/routes.js';
import { organizationRoutes } from './organizations/routes.js';
import { userRoutes } from './users/routes.js';
import { contactRoutes } from './contacts/routes.js';
import { conversationRoutes } from './conversations/routes.js';
import { channelRoutes } from './channels/routes.js';
import { webhookRoutes } from './webhooks/routes.js';
import { whatsappRoutes } from './channels/whatsapp/index.js';
import { webchatRoutes } from './channels/webchat/index.js';
import { monitoringRoutes } from './monitoring/routes.js';
import { incidentRoutes } from './incidents/routes.js';
import { consentApiRoutes, consentPublicRoutes } from './consent/index.js';
import { dataSubjectRequestApiRoutes, dataSubjectRequestPortal } from './data-subject-requests/index.js';

/** Every module's routes under /api/v1. A new module adds one line here. */
export function registerModules(api: FastifyInstance, ctx: AppContext): void {
  organizationRoutes(api, ctx);
  authRoutes(api, ctx);
  userRoutes(api, ctx);
  apiTokenRoutes(api, ctx);
  allowlistRoutes(api, ctx);
  auditRoutes(api, ctx);
  contactRoutes(api, ctx);
  conversationRoutes(api, ctx);
  channelRoutes(api, ctx);
  webhookRoutes(api, ctx);
  monitoringRoutes(api, ctx);
  incidentRoutes(api, ctx);
  consentApiRoutes(api, ctx);
  dataSubjectRequestApiRoutes(api, ctx);
}

/**
 * Channel webhooks that other servers call and sign (Meta's WhatsApp notifications): outside
 * /api/v1 and outside the browser scope (no cookies, sessions, CSRF or security headers).
 */
export function registerChannelWebhooks(app: FastifyInstance, ctx: AppContext): void {
  whatsappRoutes(app, ctx);
}

/** Channel endpoints for browsers, outside /api/v1: the widget script, sockets, the privacy pages. */
export async function registerBrowserChannelEndpoints(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await webchatRoutes(app, ctx);
  // The public privacy notice (/privacy/{slug}) and consent receipts.
  consentPublicRoutes(app, ctx);
  // The data-subject portal (/privacy/{slug}/requests).
  dataSubjectRequestPortal(app, ctx);
}
