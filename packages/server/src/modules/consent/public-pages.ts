import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { sendProblem } from '../../platform/http/error-handler.js';
import { isReceiptToken } from './consent-chain.js';
import { buildReceipt, receiptPath, type ConsentReceipt } from './consent-receipt.js';
import { defaultLangOf, NOTICE_LANGS, noticeLang, type NoticeLang } from './legal-bases.js';
import { currentNotice, getNotice, listNotices, type NoticeVersion } from './manage-notices.js';
import { recordConsentEvents } from './record-consent.js';

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:1.8rem;border-bottom:1px solid #dde;padding-bottom:.2rem}
.meta,.langs{color:#555;font-size:.9rem}.langs a{margin-right:.8rem}.short{background:#f3f6fb;border-left:4px solid #1f4b99;padding:.8rem 1rem}
p{white-space:pre-line}table{border-collapse:collapse}td,th{text-align:left;padding:.25rem .6rem;border-bottom:1px solid #eee;vertical-align:top}
button{background:#1f4b99;color:#fff;border:0;border-radius:6px;padding:.55rem 1rem;font-size:1rem;cursor:pointer}
.ok{background:#e8f5e9;padding:.6rem 1rem;border-radius:6px}
@media print{.langs,.versions,form{display:none}body{margin:0;max-width:none}}`;

function page(lang: NoticeLang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

const L: Record<NoticeLang, Record<string, string>> = {
  'pt-BR': { version: 'Versão', effective: 'em vigor desde', hash: 'Resumo (SHA-256)', short: 'Resumo', versions: 'Versões anteriores', receipt: 'Comprovante de consentimento', purpose: 'Finalidade', event: 'Registro', when: 'Quando', channel: 'Canal', method: 'Forma de coleta', notice: 'Aviso de privacidade', withdraw: 'Retirar o consentimento', withdrawHelp: 'A retirada vale a partir de agora e não afeta o atendimento.', withdrawn: 'Consentimento retirado. Este é o comprovante da retirada.', json: 'Versão em JSON', given: 'consentimento dado', renewed: 'consentimento renovado', refused: 'consentimento recusado', expired: 'consentimento expirado' },
  es: { version: 'Versión', effective: 'en vigor desde', hash: 'Huella (SHA-256)', short: 'Resumen', versions: 'Versiones anteriores', receipt: 'Justificante de consentimiento', purpose: 'Finalidad', event: 'Registro', when: 'Cuándo', channel: 'Canal', method: 'Forma de recogida', notice: 'Aviso de privacidad', withdraw: 'Retirar el consentimiento', withdrawHelp: 'La retirada vale desde ahora y no afecta a la atención.', withdrawn: 'Consentimiento retirado. Este es el justificante de la retirada.', json: 'Versión JSON', given: 'consentimiento otorgado', renewed: 'consentimiento renovado', refused: 'consentimiento denegado', expired: 'consentimiento caducado' },
  en: { version: 'Version', effective: 'effective from', hash: 'Fingerprint (SHA-256)', short: 'In short', versions: 'Earlier versions', receipt: 'Consent receipt', purpose: 'Purpose', event: 'Record', when: 'When', channel: 'Channel', method: 'Collection method', notice: 'Privacy notice', withdraw: 'Withdraw consent', withdrawHelp: 'Withdrawal applies from now on and does not affect support.', withdrawn: 'Consent withdrawn. This is the receipt of the withdrawal.', json: 'JSON version', given: 'consent given', renewed: 'consent renewed', refused: 'consent refused', expired: 'consent expired' },
};
const METHOD_LABEL: Record<NoticeLang, Record<string, string>> = {
  'pt-BR': { unticked_checkbox: 'caixa de seleção (desmarcada de início)', whatsapp_button: 'botão no WhatsApp', whatsapp_keyword: 'palavra no WhatsApp', ivr_key: 'tecla na URA', verbal: 'verbal, na ligação', email_link: 'link por e-mail', receipt_link: 'link do comprovante', privacy_portal: 'portal de privacidade', agent_recorded: 'registrado por atendente', api: 'API', system: 'automático (prazo de validade)' },
  es: { unticked_checkbox: 'casilla (sin marcar de inicio)', whatsapp_button: 'botón en WhatsApp', whatsapp_keyword: 'palabra en WhatsApp', ivr_key: 'tecla en la IVR', verbal: 'verbal, en la llamada', email_link: 'enlace por correo', receipt_link: 'enlace del justificante', privacy_portal: 'portal de privacidad', agent_recorded: 'registrado por un agente', api: 'API', system: 'automático (plazo de validez)' },
  en: { unticked_checkbox: 'checkbox (unticked to start with)', whatsapp_button: 'WhatsApp button', whatsapp_keyword: 'WhatsApp keyword', ivr_key: 'IVR key', verbal: 'verbal, on the call', email_link: 'e-mail link', receipt_link: 'receipt link', privacy_portal: 'privacy portal', agent_recorded: 'recorded by an agent', api: 'API', system: 'automatic (validity period)' },
};
const CHANNEL_LABEL: Record<NoticeLang, Record<string, string>> = {
  'pt-BR': { webchat: 'chat do site', whatsapp: 'WhatsApp', voice: 'telefone', email: 'e-mail', api: 'integração', agent: 'atendimento', portal: 'link do comprovante', system: 'sistema' },
  es: { webchat: 'chat de la web', whatsapp: 'WhatsApp', voice: 'teléfono', email: 'correo', api: 'integración', agent: 'atención al cliente', portal: 'enlace del justificante', system: 'sistema' },
  en: { webchat: 'website chat', whatsapp: 'WhatsApp', voice: 'phone', email: 'e-mail', api: 'integration', agent: 'customer service', portal: 'receipt link', system: 'system' },
};
const withdrawnLabel: Record<NoticeLang, string> = { 'pt-BR': 'consentimento retirado', es: 'consentimiento retirado', en: 'consent withdrawn' };

async function findOrg(ctx: AppContext, slug: string) {
  if (!SLUG.test(slug)) return null;
  // The slug is public; looking it up precedes knowing the tenant, as the login does.
  return ctx.database.withSystem((tx) => tx.selectFrom('organizations').select(['id', 'slug', 'name', 'country']).where('slug', '=', slug).executeTakeFirst());
}

function pickLang(request: FastifyRequest, fallback: NoticeLang): NoticeLang {
  const q = (request.query as Record<string, unknown>).lang;
  if (typeof q === 'string' && q) return noticeLang(q, fallback);
  const accept = request.headers['accept-language'];
  return accept ? noticeLang(accept.split(',')[0], fallback) : fallback;
}

export function baseUrlOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function renderNotice(notice: NoticeVersion, lang: NoticeLang, versions: NoticeVersion[], slug: string): string {
  const t = notice.content.texts[lang];
  const l = L[lang];
  const langs = NOTICE_LANGS.map((x) => (x === lang ? `<strong>${x}</strong>` : `<a href="/privacy/${esc(slug)}?lang=${x}&amp;version=${notice.version}" hreflang="${x}">${x}</a>`)).join('');
  const sections = t.sections.map((s) => `<section id="${esc(s.id)}"><h2>${esc(s.heading)}</h2>${s.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}</section>`).join('');
  const older = versions
    .filter((v) => v.version !== notice.version)
    .map((v) => `<li><a href="/privacy/${esc(slug)}?lang=${lang}&amp;version=${v.version}">${l.version} ${v.version}</a> — ${l.effective} ${esc(v.effectiveAt.toISOString().slice(0, 10))}</li>`)
    .join('');
  return page(
    lang,
    t.title,
    `<nav class="langs" aria-label="Language">${langs}</nav><h1>${esc(t.title)}</h1>
<p class="meta">${l.version} ${notice.version} — ${l.effective} ${esc(notice.effectiveAt.toISOString().slice(0, 10))}. ${l.hash}: <code>${esc(notice.contentHash)}</code></p>
<div class="short"><strong>${l.short}:</strong> ${esc(t.short)}</div>${sections}
${older ? `<h2 class="versions">${l.versions}</h2><ul class="versions">${older}</ul>` : ''}`,
  );
}

function renderReceipt(receipt: ConsentReceipt, lang: NoticeLang, withdrawAction: string | null, justWithdrawn: boolean): string {
  const l = L[lang];
  const eventLabel = receipt.event.ledger_event === 'withdrawn' ? withdrawnLabel[lang] : (l[receipt.event.ledger_event] ?? receipt.event.ledger_event);
  const rows: Array<[string, string]> = [
    [l.purpose!, receipt.services[0]!.purposes[0]!.purpose],
    [l.event!, eventLabel],
    [l.when!, receipt.event.time],
    [l.channel!, CHANNEL_LABEL[lang][receipt.event.location] ?? receipt.event.location],
    [l.method!, METHOD_LABEL[lang][receipt.collection_method] ?? receipt.collection_method],
    [l.notice!, `${l.version} ${receipt.privacy_notice.version} (${receipt.privacy_notice.hash.slice(0, 16)}…)`],
    ['ID', receipt.consentReceiptID],
  ];
  const form = withdrawAction
    ? `<form method="post" action="${esc(withdrawAction)}" id="withdraw"><p>${l.withdrawHelp}</p><button type="submit">${l.withdraw}</button></form>`
    : '';
  return page(
    lang,
    l.receipt!,
    `<h1>${l.receipt} — ${esc(receipt.piiControllers[0]!.piiController)}</h1>${justWithdrawn ? `<p class="ok" role="status">${l.withdrawn}</p>` : ''}
<table>${rows.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
<p><a href="${esc(receipt.policyUrl)}&amp;lang=${lang}">${l.notice}</a> · <a href="${esc(receipt.receiptUrl)}&amp;format=json">${l.json}</a></p>${form}`,
  );
}

/**
 * Public pages outside /api/v1: the organisation's privacy notice (`/privacy/{slug}`, any version,
 * three languages, printable, no script) and the consent receipts the customer gets by link, with
 * a one-click withdrawal.
 */
export function registerConsentPublicPages(app: FastifyInstance, ctx: AppContext): void {
  app.register(async (scope) => {
    // The withdrawal button is a plain HTML form: no script, no JSON.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    const limited = { rateLimit: { max: 60, timeWindow: '1 minute' } };

    scope.get('/privacy/:slug', { schema: { hide: true }, config: limited }, async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const org = await findOrg(ctx, slug);
      if (!org) return sendProblem(reply, 404, 'not-found', 'Not found', 'No organisation has this address.');
      const q = request.query as Record<string, unknown>;
      const wanted = typeof q.version === 'string' && /^\d{1,6}$/.test(q.version) ? Number(q.version) : null;
      const lang = pickLang(request, defaultLangOf(org.country));
      const found = await ctx.database.withTenant(org.id, async (tx) => {
        const notice = wanted ? await getNotice(tx, org.id, wanted) : await currentNotice(ctx, tx, org.id);
        return notice ? { notice, versions: await listNotices(tx, org.id) } : null;
      });
      if (!found) return sendProblem(reply, 404, 'not-found', 'Not found', 'No such version of the notice.');
      reply.header('cache-control', 'public, max-age=60');
      if (q.format === 'json') return { version: found.notice.version, effectiveAt: found.notice.effectiveAt, contentHash: found.notice.contentHash, content: found.notice.content };
      return reply.type('text/html; charset=utf-8').send(renderNotice(found.notice, lang, found.versions, org.slug));
    });

    const receiptOf = async (request: FastifyRequest, reply: FastifyReply) => {
      const { slug, id } = request.params as { slug: string; id: string };
      const token = (request.query as Record<string, unknown>).t;
      const org = await findOrg(ctx, slug);
      // One answer for every failure: a link that does not work says nothing about what exists.
      if (!org || !UUID.test(id) || typeof token !== 'string' || !isReceiptToken(ctx.kms, org.id, id, token)) {
        void sendProblem(reply, 404, 'not-found', 'Not found', 'This receipt link is not valid.');
        return null;
      }
      return { org, id, token };
    };

    scope.get('/privacy/:slug/receipts/:id', { schema: { hide: true }, config: limited }, async (request, reply) => {
      const found = await receiptOf(request, reply);
      if (!found) return reply;
      const receipt = await ctx.database.withTenant(found.org.id, (tx) => buildReceipt(ctx, tx, found.org.id, found.id, baseUrlOf(request)));
      if (!receipt) return sendProblem(reply, 404, 'not-found', 'Not found', 'This receipt link is not valid.');
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      const q = request.query as Record<string, unknown>;
      if (q.format === 'json' || (request.headers.accept ?? '').startsWith('application/json')) return receipt;
      const lang = pickLang(request, noticeLang(receipt.language));
      const current = await ctx.database.withTenant(found.org.id, async (tx) => {
        const last = await tx
          .selectFrom('consent_events')
          .select(['id', 'event'])
          .where('org_id', '=', found.org.id)
          .where('contact_id', '=', receipt.pii_principal_id)
          .where('purpose_key', '=', receipt.purposes[0]!.purpose)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirstOrThrow();
        return last;
      });
      // Withdrawal is offered on the receipt of the consent currently in force.
      const canWithdraw = current.id === found.id && (current.event === 'given' || current.event === 'renewed');
      const action = canWithdraw ? `/privacy/${found.org.slug}/receipts/${found.id}/withdraw?t=${found.token}` : null;
      return reply.type('text/html; charset=utf-8').send(renderReceipt(receipt, lang, action, q.withdrawn === '1'));
    });

    scope.post('/privacy/:slug/receipts/:id/withdraw', { schema: { hide: true }, config: limited }, async (request, reply) => {
      const found = await receiptOf(request, reply);
      if (!found) return reply;
      const outcome = await ctx.database.withTenant(found.org.id, async (tx) => {
        const row = await tx.selectFrom('consent_events').select(['contact_id', 'purpose_key', 'language']).where('org_id', '=', found.org.id).where('id', '=', found.id).executeTakeFirst();
        if (!row) return null;
        const [recorded] = await recordConsentEvents(ctx, tx, found.org.id, { type: 'contact' }, [
          {
            contactId: row.contact_id,
            purposeKey: row.purpose_key,
            event: 'withdrawn',
            channel: 'portal',
            method: 'receipt_link',
            evidence: { ip: request.ip, userAgent: request.headers['user-agent'] ?? null, reference: `receipt:${found.id}` },
            language: row.language,
          },
        ]);
        return recorded!;
      });
      if (!outcome) return sendProblem(reply, 404, 'not-found', 'Not found', 'This receipt link is not valid.');
      const target = receiptPath(ctx, found.org.slug, found.org.id, outcome.id) + '&withdrawn=1';
      return reply.redirect(target, 303);
    });
  });
}
