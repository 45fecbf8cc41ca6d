import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ipaddr from 'ipaddr.js';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { registerErrorHandling, sendProblem } from './error-handler.js';
import { registerInputGuards } from './input-guards.js';
import { registerRouteAccess, type RouteAccess } from '../../modules/auth/route-access.js';
import { registerBrowserChannelEndpoints, registerChannelWebhooks, registerModules } from '../../modules/routes.js';

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  hasBody: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalogue: RouteEntry[];
  }
}

function trustProxy(value: string): boolean | string | string[] {
  // Fastify takes a hop count as a number; its type declaration omits that form.
  if (/^\d+$/.test(value)) return Number(value) as unknown as string;
  if (value === 'false' || value === '') return false;
  return value.split(',').map((s) => s.trim());
}

/** One rate-limit bucket per IPv4 address and per IPv6 /64, the block one client usually holds. */
export function rateLimitKey(request: { ip: string }): string {
  const ip = request.ip;
  if (!ip.includes(':') || ip.startsWith('::ffff:')) return ip;
  try {
    return ipaddr.IPv6.networkAddressFromCIDR(`${ipaddr.parse(ip).toString()}/64`).toString() + '/64';
  } catch {
    return ip;
  }
}

const defaultWebDist = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));

/**
 * The HTTP application, in two scopes:
 * - channel webhooks, which other servers call and sign (Meta's, the busiest route): only error
 *   handling, metrics and the upgrade guard, no cookies, sessions, CSRF or browser headers, which
 *   cost about a quarter of their CPU (33 µs a webhook; docs/benchmarks.md, ingest);
 * - everything a browser or an API client uses: security headers, cookies and CSRF, rate limits,
 *   access control, input guards, the OpenAPI docs, every module's routes and the web app.
 */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as unknown as FastifyBaseLogger,
    trustProxy: trustProxy(ctx.config.TRUST_PROXY),
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  app.addHook('onResponse', (request, reply, done) => {
    // Metrics by route pattern: /users/{id} counts once, whatever the id.
    const route = request.routeOptions.url ?? 'unmatched';
    ctx.metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    ctx.metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    // An upgrade request answered with plain HTTP (401, 403, 404…) keeps its socket, which nobody
    // would close: a client could hold thousands open and app.close() would wait for them. The
    // WebSocket plugin routes upgrades on any path, webhooks included; upgrades that succeed are
    // hijacked by it and never reach onResponse.
    if (request.raw.headers.upgrade) request.raw.socket.destroy();
    done();
  });

  // The catalogue of API routes with their access rule: the route × role test walks it.
  const catalogue: RouteEntry[] = [];
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/')) return;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      catalogue.push({ method, url: route.url, access: route.config?.access, hasBody: Boolean(route.schema?.body) });
    }
  });

  await app.register(async (webhooks) => registerChannelWebhooks(webhooks, ctx));
  await app.register(async (web) => registerWebAndApi(web, ctx));
  return app;
}

/** What browsers and API clients reach: every route but the channel webhooks. */
async function registerWebAndApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerInputGuards(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        frameAncestors: ["'none'"],
        // The embedded mode is often opened over plain HTTP on a LAN address; upgrading would break it.
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
  await app.register(cookie);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'sigilo_csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', signed: false, secure: 'auto' },
    getToken: (req) => req.headers['x-csrf-token'] as string | undefined,
  });
  await app.register(rateLimit, { global: false, keyGenerator: rateLimitKey });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sigilo API',
        version: '1',
        description:
          'Customer-service hub with LGPD/GDPR compliance built in. Authenticate with a session cookie (plus the x-csrf-token header on writes) or with `Authorization: Bearer <API token>`. Errors are application/problem+json (RFC 9457).',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token created by an admin (scoped, expiring).' },
          session: { type: 'apiKey', in: 'cookie', name: 'sigilo_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: (h) => h });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerRouteAccess(app, ctx);

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { hide: true } }, async (_req, reply) => {
    const ok = await ctx.database.ping();
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'database unavailable' });
  });
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const token = ctx.config.METRICS_TOKEN;
    const allowed = token
      ? request.headers.authorization === `Bearer ${token}`
      : ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
    if (!allowed) return sendProblem(reply, 403, 'forbidden', 'Forbidden', 'Metrics need METRICS_TOKEN, or a request from this machine.');
    reply.type(ctx.metrics.registry.contentType);
    return ctx.metrics.registry.metrics();
  });

  await app.register(async (api) => registerModules(api, ctx), { prefix: '/api/v1' });
  await registerBrowserChannelEndpoints(app, ctx);

  const webDist = ctx.config.WEB_DIST_DIR ?? defaultWebDist;
  const indexHtml = existsSync(`${webDist}/index.html`) ? readFileSync(`${webDist}/index.html`, 'utf8') : null;
  if (indexHtml) {
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (wantsPage) {
      // Client-side routes of the web app all load the same page.
      if (indexHtml) return reply.type('text/html').send(indexHtml);
      return reply.type('text/plain').send('The web app is not built: run `npm run build` (npm install does it).');
    }
    return sendProblem(reply, 404, 'not-found', 'Not found', `No route ${request.method} ${request.url.split('?')[0]}.`);
  });
}
