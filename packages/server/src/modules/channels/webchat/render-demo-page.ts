import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { findChannelByPublicKey } from '../manage-channels.js';
import { PUBLIC_KEY_FORMAT } from './open-visitor-socket.js';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The widget key the demo embeds: `?key=` when it names an enabled web chat channel; otherwise the
 * installation's only enabled web chat channel; otherwise none (the page explains what to do).
 */
export async function chooseDemoChannelKey(ctx: AppContext, key: string | undefined): Promise<{ key: string } | { problem: string }> {
  if (key !== undefined) {
    if (!PUBLIC_KEY_FORMAT.test(key)) return { problem: 'The key in the address is not a web chat key (they start with wc_).' };
    const found = await findChannelByPublicKey(ctx, 'webchat', key);
    return found?.enabled ? { key } : { problem: 'No enabled web chat channel has this key.' };
  }
  const rows = await ctx.database.withSystem((tx) =>
    tx.selectFrom('channels').select('public_key').where('type', '=', 'webchat').where('enabled', '=', true).limit(2).execute(),
  );
  if (rows.length === 1 && rows[0]!.public_key) return { key: rows[0]!.public_key };
  return {
    problem: rows.length
      ? 'This installation has several web chat channels: open /demo?key=wc_… with the key of the one to try.'
      : 'There is no web chat channel yet. An admin creates one in Settings → Channels (or POST /api/v1/channels with {"type":"webchat","name":"Site"}); then reload this page.',
  };
}

const LANGS = new Set(['pt-BR', 'es', 'en']);

function page(body: string, title: string): string {
  // No inline script: the app's CSP (script-src 'self') applies here as on any host page that is strict.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: Georgia, serif; max-width: 46rem; margin: 3rem auto; padding: 0 1rem; color: #222; background: #fbfaf7; }
  /* Hostile host styles: the widget lives in a Shadow DOM, so none of this reaches it. */
  button { background: hotpink !important; font-size: 30px; }
  li { list-style: square; color: green; }
  code { background: #eee; padding: 0 .25rem; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

/** `GET /demo`: a host page that embeds the widget, the way a customer's site does. */
export function registerDemoPage(app: FastifyInstance, ctx: AppContext): void {
  app.get('/demo', { schema: { hide: true } }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const chosen = await chooseDemoChannelKey(ctx, typeof q.key === 'string' ? q.key : undefined);
    const lang = typeof q.lang === 'string' && LANGS.has(q.lang) ? q.lang : undefined;
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    if ('problem' in chosen) {
      return reply
        .status(typeof q.key === 'string' ? 404 : 200)
        .send(page(`<h1>Sigilo web chat demo</h1>\n<p>${escapeHtml(chosen.problem)}</p>`, 'Sigilo web chat demo'));
    }
    const embed = `<script src="/widget.js" data-sigilo-key="${escapeHtml(chosen.key)}"${lang ? ` data-lang="${lang}"` : ''} async></script>`;
    return reply.send(
      page(
        `<h1>Loja Exemplo</h1>
<p>This is a demo host page. The chat button in the corner is the Sigilo widget, embedded with one tag:</p>
<p><code>${escapeHtml(embed)}</code></p>
<p>Write something with a CPF (for example 111.444.777-35): the agent's inbox shows it masked.</p>
<button type="button">A host button (hot pink by the host's CSS)</button>
${embed}`,
        'Loja Exemplo — Sigilo web chat demo',
      ),
    );
  });
}
