import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { resolveApiToken } from '../api-tokens/resolve-api-token.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { isIpAllowed } from '../ip-allowlist/is-ip-allowed.js';
import type { AuthContext } from './auth-context.js';
import type { Permission } from './permissions.js';
import { resolveSession } from './resolve-session.js';
import type { SessionStatus } from './sessions.js';

/**
 * What a route requires, declared on the route itself (`config.access`). An /api route without a
 * declaration is refused, so a forgotten declaration fails closed.
 */
export type RouteAccess =
  | { public: true }
  /** Any signed-in user of the dashboard (not a token); `allow` admits sessions still finishing 2FA. */
  | { signedIn: true; allow?: SessionStatus[] }
  | { permission: Permission };

export const publicAccess: RouteAccess = { public: true };
export const signedIn = (...allow: SessionStatus[]): RouteAccess => ({ signedIn: true, allow });
export const requires = (permission: Permission): RouteAccess => ({ permission });

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

export const SESSION_COOKIE = 'sigilo_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw Problem.unauthorized('The Authorization header must be "Bearer <token>".');
  return m[1]!;
}

/** The signed-in user, for handlers of routes declared `signedIn` or with a permission. */
export function authOf(request: FastifyRequest): AuthContext {
  if (!request.auth) throw Problem.unauthorized();
  return request.auth;
}

export function userOf(request: FastifyRequest): Extract<AuthContext, { via: 'session' }> {
  const auth = authOf(request);
  if (auth.via !== 'session') throw Problem.forbidden('This action needs a signed-in user, not an API token.');
  return auth;
}

export function registerRouteAccess(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('auth', null);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const url = request.routeOptions.url;
    if (!url || !url.startsWith('/api/v1/')) return;
    const access = request.routeOptions.config.access;
    if (!access) throw Problem.forbidden('This route declares no access rule.');

    const bearer = bearerOf(request);
    if (bearer) {
      request.auth = await resolveApiToken(ctx, bearer, { ip: request.ip, route: url });
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) request.auth = await resolveSession(ctx, cookie);
    }
    if ('public' in access) return;

    const auth = request.auth;
    if (!auth) throw Problem.unauthorized();

    const cidrs = await ctx.database.withTenant(auth.orgId, async (tx) => {
      const rows = await tx.selectFrom('ip_allowlist').select('cidr').where('org_id', '=', auth.orgId).execute();
      const list = rows.map((r) => r.cidr);
      if (!isIpAllowed(list, request.ip)) {
        await recordAuditEntry(tx, {
          orgId: auth.orgId,
          actor: auth.actor,
          action: 'access.ip_blocked',
          ip: request.ip,
          metadata: { route: url, via: auth.via },
        });
      }
      return list;
    });
    if (!isIpAllowed(cidrs, request.ip)) {
      throw Problem.forbidden("Your address is not in this organisation's IP allowlist.", 'ip-not-allowed');
    }

    if (auth.via === 'session' && auth.sessionStatus !== 'active') {
      const allowed = 'signedIn' in access && access.allow?.includes(auth.sessionStatus);
      if (!allowed) {
        throw auth.sessionStatus === 'mfa_required'
          ? Problem.forbidden('Finish signing in with your second factor.', 'mfa-required')
          : Problem.forbidden('Your role requires two-factor authentication: enrol before continuing.', 'mfa-enrolment-required');
      }
    }
    if ('signedIn' in access && auth.via !== 'session') {
      throw Problem.forbidden('This action needs a signed-in user, not an API token.');
    }
    if ('permission' in access && !auth.permissions.has(access.permission)) {
      throw Problem.forbidden(`Missing permission ${access.permission}.`);
    }
  });

  // Cookie-authenticated writes need the CSRF token; bearer tokens are not sent by browsers on their own.
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (request.auth?.via === 'session' && UNSAFE.has(request.method) && request.routeOptions.config.access && !('public' in request.routeOptions.config.access)) {
      app.csrfProtection(request, reply, done);
      return;
    }
    done();
  });
}
