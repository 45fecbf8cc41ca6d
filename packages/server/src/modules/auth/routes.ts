import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { changePassword } from './change-password.js';
import { disableTotp } from './disable-totp.js';
import { enableTotp } from './enable-totp.js';
import { startTotpEnrolment } from './start-totp-enrolment.js';
import { logIn } from './log-in.js';
import { logOut } from './log-out.js';
import { PASSWORD_MAX } from './passwords.js';
import { permissions as allPermissions } from './permissions.js';
import { SESSION_COOKIE, publicAccess, signedIn, userOf } from './route-access.js';
import { verifyLoginMfa } from './verify-login-mfa.js';

const email = z.string().trim().toLowerCase().pipe(z.email({ message: 'must be an e-mail address' })).describe('E-mail address');
const password = z.string().min(1, 'is required').max(PASSWORD_MAX, `must have at most ${PASSWORD_MAX} characters`);
const code = z.string().trim().regex(/^\d{6}$/, 'must be the 6-digit code from your authenticator app');
const sessionStatus = z.enum(['active', 'mfa_required', 'mfa_enrolment_required']);

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: expiresAt,
  });
}

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const loginRate = { max: ctx.config.LOGIN_RATE_PER_MINUTE, timeWindow: '1 minute' };

  api.get('/auth/csrf', {
    config: { access: publicAccess },
    schema: { tags: ['auth'], summary: 'CSRF token for cookie-authenticated writes', response: { 200: z.object({ csrfToken: z.string() }) } },
  }, async (_req, reply) => ({ csrfToken: reply.generateCsrf() }));

  api.post('/auth/login', {
    config: { access: publicAccess, rateLimit: loginRate },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with e-mail and password',
      body: z.object({ email, password, org: z.string().trim().max(60).optional().describe('Organisation slug, when the e-mail exists in several') }),
      response: { 200: z.object({ status: sessionStatus }) },
    },
  }, async (request, reply) => {
    const result = await logIn(ctx, {
      ...request.body,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
    });
    setSessionCookie(request, reply, result.sessionToken, result.expiresAt);
    return { status: result.status };
  });

  api.post('/auth/login/mfa', {
    config: { access: signedIn('mfa_required'), rateLimit: loginRate },
    schema: {
      tags: ['auth'],
      summary: 'Second factor: TOTP code or recovery code',
      body: z.union([z.object({ code }), z.object({ recoveryCode: z.string().trim().min(8).max(40) })]),
      response: { 200: z.object({ status: sessionStatus }) },
    },
  }, async (request, reply) => {
    const auth = userOf(request);
    if (auth.sessionStatus !== 'mfa_required') throw Problem.conflict('This session has already passed two-factor authentication.');
    const session = await verifyLoginMfa(ctx, {
      orgId: auth.orgId,
      userId: auth.userId,
      sessionId: auth.sessionId,
      code: 'code' in request.body ? request.body.code : undefined,
      recoveryCode: 'recoveryCode' in request.body ? request.body.recoveryCode : undefined,
      ip: request.ip,
    });
    setSessionCookie(request, reply, session.token, session.expiresAt);
    return { status: 'active' as const };
  });

  api.post('/auth/logout', {
    config: { access: signedIn('mfa_required', 'mfa_enrolment_required') },
    schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
  }, async (request, reply) => {
    await logOut(ctx, userOf(request), request.ip);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  api.get('/auth/session', {
    config: { access: signedIn('mfa_required', 'mfa_enrolment_required') },
    schema: {
      tags: ['auth'],
      summary: 'The signed-in user, organisation and permissions',
      response: {
        200: z.object({
          status: sessionStatus,
          user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), totpEnabled: z.boolean() }),
          organization: z.object({ id: z.string(), name: z.string(), slug: z.string(), country: z.string() }),
          permissions: z.array(z.string()),
        }),
      },
    },
  }, async (request) => {
    const auth = userOf(request);
    const row = await ctx.database.withTenant(auth.orgId, (tx) =>
      tx
        .selectFrom('users')
        .innerJoin('organizations', 'organizations.id', 'users.org_id')
        .select(['users.id', 'users.email', 'users.name', 'users.role', 'users.totp_enabled_at', 'organizations.name as org_name', 'organizations.slug', 'organizations.country'])
        .where('users.org_id', '=', auth.orgId)
        .where('users.id', '=', auth.userId)
        .executeTakeFirstOrThrow(),
    );
    return {
      status: auth.sessionStatus,
      user: { id: row.id, email: row.email, name: row.name, role: row.role, totpEnabled: row.totp_enabled_at !== null },
      organization: { id: auth.orgId, name: row.org_name, slug: row.slug, country: row.country },
      permissions: auth.sessionStatus === 'active' ? allPermissions.filter((p) => auth.permissions.has(p)) : [],
    };
  });

  api.post('/auth/2fa/setup', {
    config: { access: signedIn('mfa_enrolment_required') },
    schema: {
      tags: ['auth'],
      summary: 'Start TOTP enrolment',
      response: { 200: z.object({ secret: z.string(), otpauthUri: z.string(), qrDataUrl: z.string() }) },
    },
  }, async (request) => {
    const auth = userOf(request);
    return startTotpEnrolment(ctx, { orgId: auth.orgId, userId: auth.userId });
  });

  api.post('/auth/2fa/enable', {
    config: { access: signedIn('mfa_enrolment_required') },
    schema: {
      tags: ['auth'],
      summary: 'Confirm TOTP enrolment; returns recovery codes once',
      body: z.object({ code }),
      response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
    },
  }, async (request, reply) => {
    const auth = userOf(request);
    const result = await enableTotp(ctx, { orgId: auth.orgId, userId: auth.userId, sessionId: auth.sessionId, code: request.body.code, ip: request.ip });
    if (result.session) setSessionCookie(request, reply, result.session.token, result.session.expiresAt);
    return { recoveryCodes: result.recoveryCodes };
  });

  // Both ask for the current password: rate-limited so a stolen session cannot guess it.
  const passwordRate = { max: 10, timeWindow: '1 minute' };

  api.post('/auth/2fa/disable', {
    config: { access: signedIn(), rateLimit: passwordRate },
    schema: { tags: ['auth'], summary: 'Turn TOTP off', body: z.object({ password, code }), response: { 204: z.null() } },
  }, async (request, reply) => {
    const auth = userOf(request);
    await disableTotp(ctx, { orgId: auth.orgId, userId: auth.userId, ...request.body, ip: request.ip });
    return reply.status(204).send(null);
  });

  api.post('/auth/password', {
    config: { access: signedIn(), rateLimit: passwordRate },
    schema: {
      tags: ['auth'],
      summary: 'Change your password (ends your other sessions)',
      body: z.object({ currentPassword: password, newPassword: password }),
      response: { 204: z.null() },
    },
  }, async (request, reply) => {
    const auth = userOf(request);
    await changePassword(ctx, { orgId: auth.orgId, userId: auth.userId, sessionId: auth.sessionId, ...request.body, ip: request.ip });
    return reply.status(204).send(null);
  });
}

export { email as emailSchema, password as passwordSchema };
