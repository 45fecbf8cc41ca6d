import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Problem, problemTypeBase, type FieldError } from './problem.js';

function sendProblem(reply: FastifyReply, status: number, slug: string, title: string, detail?: string, extra: Record<string, unknown> = {}) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({ type: problemTypeBase + slug, title, status, ...(detail ? { detail } : {}), ...extra });
}

function fieldName(context: string | undefined, path: string): string {
  const field = path.replace(/^\//, '').replace(/\//g, '.');
  const prefix = context && context !== 'body' ? (context === 'querystring' ? 'query' : context) : '';
  return [prefix, field].filter(Boolean).join('.') || prefix || 'body';
}

/**
 * Every error leaves as application/problem+json. Validation failures name each field; client errors
 * keep their message; anything unexpected is a 500 with no detail (the log keeps the stack).
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof Problem) {
      if (error.status === 429 || error.extra.retryAfterSeconds) {
        reply.header('retry-after', String(error.extra.retryAfterSeconds ?? 60));
      }
      return sendProblem(reply, error.status, error.slug, error.title, error.detail, error.extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors: FieldError[] = error.validation.map((v) => ({
        field: fieldName(error.validationContext, v.instancePath),
        message: v.message ?? 'invalid value',
      }));
      return sendProblem(reply, 400, 'validation-error', 'Invalid request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
    }
    // PostgreSQL's verdict on a value that passed the schema: data exceptions are the caller's input.
    const sqlState = typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code) ? error.code : undefined;
    if (sqlState?.startsWith('22')) {
      return sendProblem(reply, 400, 'invalid-value', 'Invalid request', 'A value is out of range or not valid for its field.', {
        errors: [{ field: 'body', message: 'a value is out of range or not valid' }],
      });
    }
    if (sqlState === '23505') return sendProblem(reply, 409, 'conflict', 'Conflict', 'This already exists.');
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return sendProblem(reply, 429, 'rate-limited', 'Too many requests', 'Too many attempts from your address; wait a minute and try again.');
    }
    if (error.code?.startsWith('FST_CSRF')) {
      return sendProblem(reply, 403, 'csrf', 'Forbidden', 'Missing or invalid CSRF token (send the x-csrf-token header from GET /api/v1/auth/csrf).');
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (malformed JSON, wrong content type, body too large).
      const field = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'content-type' : 'body';
      return sendProblem(reply, status, 'bad-request', 'Bad request', error.message, { errors: [{ field, message: error.message }] });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, 'internal', 'Internal server error', 'Something went wrong on our side; it has been logged.');
  });
}

export { sendProblem };
