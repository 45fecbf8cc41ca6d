import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** The widget's source, read once at start-up; its ETag changes exactly when the file does. */
export function loadWidgetScript(): { source: string; etag: string } {
  const source = readFileSync(new URL('./widget/sigilo-widget.js', import.meta.url), 'utf8');
  return { source, etag: `"${createHash('sha256').update(source).digest('base64url').slice(0, 22)}"` };
}

/** `GET /widget.js`: loaded by other sites, so it is cacheable and allowed cross-origin. */
export function registerWidgetScript(app: FastifyInstance): void {
  const widget = loadWidgetScript();
  app.get('/widget.js', { schema: { hide: true } }, async (request, reply) => {
    // Helmet's default Cross-Origin-Resource-Policy (same-origin) would stop host pages loading it.
    reply.header('cross-origin-resource-policy', 'cross-origin');
    // Short max-age: the URL is not versioned, and the ETag makes revalidation cheap.
    reply.header('cache-control', 'public, max-age=300');
    reply.header('etag', widget.etag);
    if (request.headers['if-none-match'] === widget.etag) return reply.status(304).send();
    return reply.type('application/javascript; charset=utf-8').send(widget.source);
  });
}
