import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { loadContactKey, openForContact, ShreddedKeyError } from '../contacts/contact-keys.js';
import { bundleAad } from './build-access-bundle.js';
import { CODE_CHANNELS, CORRECTABLE_FIELDS, startPortalRequest, verifyPortalCode, type CodeChannel, type CorrectableField } from './portal-intake.js';
import { recordRequestStep } from './record-request-step.js';
import { esc } from './render-bundle.js';
import { defaultLangOfCountry, KIND_LABELS, REQUEST_KINDS, REQUEST_LANGS, requestLang, STATUS_LABELS, type RequestLang } from './request-kinds.js';
import { effectiveDue } from './request-view.js';
import { bundlePath, isBundleToken, isStatusToken, statusPath } from './signed-links.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const L = {
  'pt-BR': {
    title: 'Direitos do titular', intro: 'Exerça aqui os seus direitos de titular de dados pessoais (LGPD, Art. 18). Enviaremos um código ao seu e-mail ou WhatsApp para confirmar que é você.',
    via: 'Receber o código por', viaEmail: 'E-mail', viaWhatsapp: 'WhatsApp', waNumber: 'Seu número de WhatsApp, com código do país (ex.: +55 11 91234-5678)',
    codeIntroWhatsapp: 'Se este número estiver em nossos registros, você receberá um código de 6 dígitos pelo WhatsApp em instantes (ou, se não for possível, no e-mail que temos cadastrado). Ele vale por 15 minutos.',
    kind: 'O que você deseja?', email: 'Seu e-mail (o mesmo que usou conosco)', details: 'Detalhes (opcional)', corrField: 'Campo a corrigir (só para correção)', corrValue: 'Valor correto (só para correção)',
    send: 'Enviar', codeTitle: 'Confirme que é você', codeIntro: 'Se este e-mail estiver em nossos registros, você receberá um código de 6 dígitos em instantes. Ele vale por 15 minutos.',
    code: 'Código', confirm: 'Confirmar', invalid: 'Código incorreto. Tentativas restantes:', expired: 'O código expirou ou foi usado. Faça a solicitação novamente.', again: 'Nova solicitação',
    statusTitle: 'Sua solicitação', ref: 'Número', status: 'Situação', received: 'Recebida em', due: 'Prazo legal', history: 'Histórico', download: 'Baixar seus dados (ZIP)', linkValid: 'link válido até',
    erased: 'Seus dados foram eliminados. Mantivemos apenas o que a lei obriga:', preparing: 'Estamos preparando sua resposta. Atualize esta página em instantes.', notFound: 'Este link não é válido.', gone: 'Este arquivo não está mais disponível.',
    display_name: 'nome', phone: 'telefone', document: 'documento', none: '—', rows: 'registros', tooMany: 'Muitas solicitações. Tente novamente em alguns minutos.', bundle_downloaded: 'arquivo baixado', restriction_lifted: 'bloqueio suspenso', export_failed: 'não foi possível gerar o arquivo',
  },
  es: {
    title: 'Derechos de protección de datos', intro: 'Ejerza aquí sus derechos ARCO-POL (acceso, rectificación, supresión, oposición, portabilidad y limitación; RGPD arts. 15-22). Le enviaremos un código a su correo o a su WhatsApp para comprobar que es usted.',
    via: 'Recibir el código por', viaEmail: 'Correo electrónico', viaWhatsapp: 'WhatsApp', waNumber: 'Su número de WhatsApp, con prefijo internacional (p. ej., +34 612 34 56 78)',
    codeIntroWhatsapp: 'Si este número figura en nuestros registros, recibirá en breve un código de 6 dígitos por WhatsApp (o, si no es posible, en el correo que tenemos registrado). Es válido durante 15 minutos.',
    kind: '¿Qué desea solicitar?', email: 'Su correo electrónico (el que usó con nosotros)', details: 'Detalles (opcional)', corrField: 'Dato que rectificar (solo rectificación)', corrValue: 'Valor correcto (solo rectificación)',
    send: 'Enviar', codeTitle: 'Confirme que es usted', codeIntro: 'Si este correo figura en nuestros registros, recibirá en breve un código de 6 dígitos. Es válido durante 15 minutos.',
    code: 'Código', confirm: 'Confirmar', invalid: 'Código incorrecto. Intentos restantes:', expired: 'El código ha caducado o ya se usó. Vuelva a hacer la solicitud.', again: 'Nueva solicitud',
    statusTitle: 'Su solicitud', ref: 'Número', status: 'Estado', received: 'Recibida el', due: 'Plazo legal', history: 'Historial', download: 'Descargar sus datos (ZIP)', linkValid: 'enlace válido hasta',
    erased: 'Sus datos han sido suprimidos. Solo conservamos lo que exige la ley:', preparing: 'Estamos preparando su respuesta. Actualice esta página en unos instantes.', notFound: 'Este enlace no es válido.', gone: 'Este archivo ya no está disponible.',
    display_name: 'nombre', phone: 'teléfono', document: 'documento', none: '—', rows: 'registros', tooMany: 'Demasiadas solicitudes. Inténtelo de nuevo en unos minutos.', bundle_downloaded: 'archivo descargado', restriction_lifted: 'limitación levantada', export_failed: 'no se pudo generar el archivo',
  },
  en: {
    title: 'Your data protection rights', intro: 'Exercise your rights over your personal data here (GDPR Arts. 15-22, LGPD Art. 18). We will send a code to your e-mail or WhatsApp to confirm it is you.',
    via: 'Send the code by', viaEmail: 'E-mail', viaWhatsapp: 'WhatsApp', waNumber: 'Your WhatsApp number, with its country code (e.g. +44 7700 900123)',
    codeIntroWhatsapp: 'If this number is in our records, you will receive a 6-digit code on WhatsApp shortly (or, if that is not possible, at the e-mail we have on file). It is valid for 15 minutes.',
    kind: 'What would you like to do?', email: 'Your e-mail (the one you used with us)', details: 'Details (optional)', corrField: 'Field to correct (corrections only)', corrValue: 'Correct value (corrections only)',
    send: 'Send', codeTitle: 'Confirm it is you', codeIntro: 'If this e-mail is in our records, you will receive a 6-digit code shortly. It is valid for 15 minutes.',
    code: 'Code', confirm: 'Confirm', invalid: 'Wrong code. Attempts left:', expired: 'The code expired or was used. Please make the request again.', again: 'New request',
    statusTitle: 'Your request', ref: 'Number', status: 'Status', received: 'Received on', due: 'Legal deadline', history: 'History', download: 'Download your data (ZIP)', linkValid: 'link valid until',
    erased: 'Your data was erased. We kept only what the law requires:', preparing: 'We are preparing your answer. Refresh this page in a moment.', notFound: 'This link is not valid.', gone: 'This file is no longer available.',
    display_name: 'name', phone: 'phone', document: 'document', none: '—', rows: 'records', tooMany: 'Too many requests. Try again in a few minutes.', bundle_downloaded: 'file downloaded', restriction_lifted: 'restriction lifted', export_failed: 'the file could not be built',
  },
} satisfies Record<RequestLang, Record<string, string>>;

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;line-height:1.55;color:#1b1b1b}
label{display:block;margin-top:1rem;font-weight:600}input,select,textarea{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.2rem;background:#1f4b99;color:#fff;border:0;border-radius:6px;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}
.langs a{margin-right:.8rem}.error{background:#fdecea;padding:.6rem 1rem;border-radius:6px}.ok{background:#e8f5e9;padding:.6rem 1rem;border-radius:6px}
fieldset{margin-top:1rem;border:1px solid #ddd;border-radius:6px}label.inline{display:inline-block;margin:0 1.2rem 0 0;font-weight:400}label.inline input{width:auto}
table{border-collapse:collapse}td,th{text-align:left;padding:.25rem .6rem;border-bottom:1px solid #eee;vertical-align:top}`;

function page(lang: RequestLang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

async function findOrg(ctx: AppContext, slug: string) {
  if (!SLUG.test(slug)) return null;
  // The slug is public; looking it up precedes knowing the tenant, as the login does.
  return ctx.database.withSystem((tx) => tx.selectFrom('organizations').select(['id', 'slug', 'name', 'country']).where('slug', '=', slug).executeTakeFirst());
}

function langOf(request: FastifyRequest, fallback: RequestLang, form?: URLSearchParams): RequestLang {
  const q = (request.query as Record<string, unknown>).lang ?? form?.get('lang');
  if (typeof q === 'string' && q) return requestLang(q, fallback);
  const accept = request.headers['accept-language'];
  return accept ? requestLang(accept.split(',')[0], fallback) : fallback;
}

/** Only the wording of the code page: the requester's own choice, telling nothing about the records. */
function viaOf(request: FastifyRequest, form?: URLSearchParams): CodeChannel {
  const v = (request.query as Record<string, unknown>).via ?? form?.get('via');
  return v === 'whatsapp' ? 'whatsapp' : 'email';
}

const html = (reply: FastifyReply, status: number, body: string) => reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send(body);

function notFound(reply: FastifyReply, lang: RequestLang) {
  return html(reply, 404, page(lang, L[lang].notFound, `<p class="error">${L[lang].notFound}</p>`));
}

function renderForm(slug: string, orgName: string, lang: RequestLang, error?: string, values: Record<string, string> = {}): string {
  const l = L[lang];
  const langs = REQUEST_LANGS.map((x) => (x === lang ? `<strong>${x}</strong>` : `<a href="/privacy/${esc(slug)}/requests?lang=${x}" hreflang="${x}">${x}</a>`)).join('');
  const kinds = REQUEST_KINDS.map((k) => `<option value="${k}"${values.kind === k ? ' selected' : ''}>${esc(KIND_LABELS[lang][k])}</option>`).join('');
  const fields = CORRECTABLE_FIELDS.map((f) => `<option value="${f}"${values.field === f ? ' selected' : ''}>${esc(f === 'email' ? 'e-mail' : l[f] ?? f)}</option>`).join('');
  return page(
    lang,
    `${l.title} — ${orgName}`,
    `<nav class="langs" aria-label="Language">${langs}</nav><h1>${esc(l.title)}</h1><p><strong>${esc(orgName)}</strong></p><p>${esc(l.intro)}</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/privacy/${esc(slug)}/requests"><input type="hidden" name="lang" value="${lang}">
<label for="kind">${l.kind}</label><select id="kind" name="kind">${kinds}</select>
<fieldset><legend>${l.via}</legend>${CODE_CHANNELS.map((c) => `<label class="inline"><input type="radio" name="via" id="via-${c}" value="${c}"${(values.via || 'email') === c ? ' checked' : ''}> ${c === 'email' ? l.viaEmail : l.viaWhatsapp}</label>`).join('')}</fieldset>
<label for="email">${l.email}</label><input id="email" name="email" type="email" autocomplete="email" value="${esc(values.email ?? '')}">
<label for="phone">${l.waNumber}</label><input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" maxlength="32" value="${esc(values.phone ?? '')}">
<label for="details">${l.details}</label><textarea id="details" name="details" rows="3" maxlength="4000">${esc(values.details ?? '')}</textarea>
<label for="field">${l.corrField}</label><select id="field" name="field"><option value=""></option>${fields}</select>
<label for="value">${l.corrValue}</label><input id="value" name="value" maxlength="254" value="${esc(values.value ?? '')}">
<button type="submit">${l.send}</button></form>`,
  );
}

function renderCode(slug: string, vid: string, lang: RequestLang, message?: string, via: CodeChannel = 'email'): string {
  const l = L[lang];
  return page(
    lang,
    l.codeTitle,
    `<h1>${l.codeTitle}</h1><p>${via === 'whatsapp' ? l.codeIntroWhatsapp : l.codeIntro}</p>${message ? `<p class="error" role="alert">${esc(message)}</p>` : ''}
<form method="post" action="/privacy/${esc(slug)}/requests/verify/${esc(vid)}"><input type="hidden" name="lang" value="${lang}"><input type="hidden" name="via" value="${via}">
<label for="code">${l.code}</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required>
<button type="submit">${l.confirm}</button></form>`,
  );
}

const parseForm = (body: unknown) => new URLSearchParams(typeof body === 'string' ? body : '');

/**
 * The public privacy portal (`/privacy/{slug}/requests`): plain HTML forms, no script, no login.
 * The requester follows their request through a signed link; the bundle downloads through another,
 * which expires. Every answer about an identity looks the same whether it is on file or not.
 */
export function registerPortalPages(app: FastifyInstance, ctx: AppContext): void {
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16_384 }, (_req, body, done) => done(null, body));
    const pages = { rateLimit: { max: 60, timeWindow: '1 minute' } };
    const writes = { rateLimit: { max: 10, timeWindow: '1 minute' } };

    scope.get('/privacy/:slug/requests', { schema: { hide: true }, config: pages }, async (request, reply) => {
      const org = await findOrg(ctx, (request.params as { slug: string }).slug);
      const lang = langOf(request, org ? defaultLangOfCountry(org.country) : 'en');
      if (!org) return notFound(reply, lang);
      return html(reply, 200, renderForm(org.slug, org.name, lang));
    });

    scope.post('/privacy/:slug/requests', { schema: { hide: true }, config: writes }, async (request, reply) => {
      const org = await findOrg(ctx, (request.params as { slug: string }).slug);
      const form = parseForm(request.body);
      const lang = langOf(request, org ? defaultLangOfCountry(org.country) : 'en', form);
      if (!org) return notFound(reply, lang);
      const values = Object.fromEntries(['kind', 'via', 'email', 'phone', 'details', 'field', 'value'].map((k) => [k, (form.get(k) ?? '').slice(0, 4000)]));
      const via: CodeChannel = values.via === 'whatsapp' ? 'whatsapp' : 'email';
      const kind = REQUEST_KINDS.find((k) => k === values.kind);
      const field = CORRECTABLE_FIELDS.find((f) => f === values.field) as CorrectableField | undefined;
      try {
        if (!kind) throw Problem.field('kind', 'choose what you would like to do');
        if (kind === 'correction' && (!field || !values.value)) throw Problem.field('value', 'say which field to correct and its correct value');
        const { verificationId } = await startPortalRequest(ctx, {
          orgId: org.id,
          slug: org.slug,
          kind,
          identity: { via, value: (via === 'whatsapp' ? values.phone : values.email) ?? '' },
          country: org.country,
          lang,
          details: values.details || null,
          correction: kind === 'correction' && field ? { field, value: values.value! } : null,
          ip: request.ip,
        });
        return reply.redirect(`/privacy/${org.slug}/requests/verify/${verificationId}?lang=${encodeURIComponent(lang)}${via === 'whatsapp' ? '&via=whatsapp' : ''}`, 303);
      } catch (err) {
        if (err instanceof Problem && err.status === 400) return html(reply, 400, renderForm(org.slug, org.name, lang, err.detail ?? err.title, values));
        throw err;
      }
    });

    scope.get('/privacy/:slug/requests/verify/:vid', { schema: { hide: true }, config: pages }, async (request, reply) => {
      const { slug, vid } = request.params as { slug: string; vid: string };
      const org = await findOrg(ctx, slug);
      const lang = langOf(request, org ? defaultLangOfCountry(org.country) : 'en');
      if (!org || !UUID.test(vid)) return notFound(reply, lang);
      return html(reply, 200, renderCode(org.slug, vid, lang, undefined, viaOf(request)));
    });

    scope.post('/privacy/:slug/requests/verify/:vid', { schema: { hide: true }, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
      const { slug, vid } = request.params as { slug: string; vid: string };
      const org = await findOrg(ctx, slug);
      const form = parseForm(request.body);
      const lang = langOf(request, org ? defaultLangOfCountry(org.country) : 'en', form);
      if (!org || !UUID.test(vid)) return notFound(reply, lang);
      const code = (form.get('code') ?? '').trim();
      const via = viaOf(request, form);
      if (!/^\d{6}$/.test(code)) return html(reply, 400, renderCode(org.slug, vid, lang, `${L[lang].invalid} —`, via));
      const result = await verifyPortalCode(ctx, { orgId: org.id, verificationId: vid, code, ip: request.ip });
      if (result.ok) {
        return reply.redirect(`${statusPath(ctx.kms, org.slug, org.id, result.requestId)}&lang=${encodeURIComponent(lang)}`, 303);
      }
      if (result.reason === 'expired') {
        return html(reply, 400, page(lang, L[lang].expired, `<p class="error" role="alert">${L[lang].expired}</p><p><a href="/privacy/${esc(org.slug)}/requests?lang=${lang}">${L[lang].again}</a></p>`));
      }
      return html(reply, 400, renderCode(org.slug, vid, lang, `${L[lang].invalid} ${result.attemptsLeft}`, via));
    });

    scope.get('/privacy/:slug/requests/:id', { schema: { hide: true }, config: pages }, async (request, reply) => {
      const { slug, id } = request.params as { slug: string; id: string };
      const token = (request.query as Record<string, unknown>).t;
      const org = await findOrg(ctx, slug);
      const lang0 = langOf(request, org ? defaultLangOfCountry(org.country) : 'en');
      if (!org || !UUID.test(id) || typeof token !== 'string' || !isStatusToken(ctx.kms, org.id, id, token)) return notFound(reply, lang0);
      const found = await ctx.database.withTenant(org.id, async (tx) => {
        const r = await tx.selectFrom('data_subject_requests').selectAll().where('org_id', '=', org.id).where('id', '=', id).executeTakeFirst();
        if (!r) return null;
        const events = await tx.selectFrom('data_subject_request_events').select(['at', 'type', 'note']).where('org_id', '=', org.id).where('request_id', '=', id).orderBy('at').execute();
        const exp = await tx
          .selectFrom('data_subject_exports')
          .select(['id', 'status', 'expires_at'])
          .where('org_id', '=', org.id)
          .where('request_id', '=', id)
          .where('status', '=', 'ready')
          .where('expires_at', '>', new Date())
          .orderBy('created_at', 'desc')
          .executeTakeFirst();
        return { r, events, exp };
      });
      if (!found) return notFound(reply, lang0);
      const { r, events, exp } = found;
      const lang = (request.query as Record<string, unknown>).lang ? lang0 : (r.language as RequestLang);
      const l = L[lang];
      const statusLabels: Record<string, string> = { ...STATUS_LABELS[lang], bundle_downloaded: l.bundle_downloaded, export_failed: l.export_failed, restriction_lifted: l.restriction_lifted };
      const certificate = (r.outcome as { certificate?: { kept: Array<{ table: string; rows: number; legalBasis: string; retention: string }> } }).certificate;
      const rows: Array<[string, string]> = [
        [l.ref!, `#${r.ref}`],
        [l.kind!, KIND_LABELS[lang][r.kind]],
        [l.status!, STATUS_LABELS[lang][r.status]],
        [l.received!, r.received_at.toISOString().slice(0, 10)],
        [l.due!, `${effectiveDue(r).toISOString().slice(0, 10)} (${r.law === 'LGPD' ? 'LGPD Art. 19' : 'GDPR Art. 12(3)'})`],
      ];
      const body = `<h1>${l.statusTitle}</h1><table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>
${r.rejection_reason ? `<p class="error">${esc(r.rejection_reason)}</p>` : ''}${r.extension_reason ? `<p>${esc(r.extension_reason)}</p>` : ''}
${exp ? `<p class="ok"><a id="download" href="${esc(bundlePath(ctx.kms, org.slug, org.id, exp.id, exp.expires_at))}">${l.download}</a> — ${l.linkValid} ${esc(exp.expires_at.toISOString().slice(0, 16).replace('T', ' '))} UTC</p>` : r.status === 'in_progress' ? `<p>${l.preparing}</p>` : ''}
${certificate ? `<p class="ok">${l.erased}</p><ul>${certificate.kept.map((k) => `<li>${esc(k.table)}: ${k.rows} ${l.rows} — ${esc(k.legalBasis)}; ${esc(k.retention)}</li>`).join('')}</ul>` : ''}
<h2>${l.history}</h2><ul>${events.map((e) => `<li>${esc(e.at.toISOString().slice(0, 16).replace('T', ' '))} — ${esc(statusLabels[e.type] ?? e.type.replace(/_/g, ' '))}${e.note ? `: ${esc(e.note)}` : ''}</li>`).join('')}</ul>`;
      return html(reply, 200, page(lang, l.statusTitle!, body));
    });

    scope.get('/privacy/:slug/requests/bundles/:exportId', { schema: { hide: true }, config: pages }, async (request, reply) => {
      const { slug, exportId } = request.params as { slug: string; exportId: string };
      const q = request.query as Record<string, unknown>;
      const org = await findOrg(ctx, slug);
      const lang = langOf(request, org ? defaultLangOfCountry(org.country) : 'en');
      const expires = Number(q.e);
      if (!org || !UUID.test(exportId) || typeof q.t !== 'string' || !Number.isFinite(expires) || !isBundleToken(ctx.kms, org.id, exportId, expires, q.t)) return notFound(reply, lang);
      const bundle = await ctx.database.withTenant(org.id, async (tx) => {
        const exp = await tx.selectFrom('data_subject_exports').selectAll().where('org_id', '=', org.id).where('id', '=', exportId).forUpdate().executeTakeFirst();
        if (!exp || exp.status !== 'ready' || !exp.bundle_sealed || exp.expires_at.getTime() < Date.now()) return null;
        let zip: Buffer;
        try {
          const key = await loadContactKey(ctx, org.id, exp.contact_id);
          zip = openForContact(key, exp.bundle_sealed, bundleAad(org.id, exp.id));
        } catch (err) {
          if (err instanceof ShreddedKeyError) return null;
          throw err;
        }
        await tx.updateTable('data_subject_exports').set({ downloads: exp.downloads + 1, last_downloaded_at: new Date() }).where('org_id', '=', org.id).where('id', '=', exp.id).execute();
        const req = await tx.selectFrom('data_subject_requests').selectAll().where('org_id', '=', org.id).where('id', '=', exp.request_id).executeTakeFirstOrThrow();
        await recordRequestStep(ctx, tx, { request: req, type: 'bundle_downloaded', actor: { type: 'anonymous' }, ip: request.ip, notify: false, metadata: { exportId: exp.id, sizeBytes: zip.length } });
        return { zip, ref: req.ref };
      });
      if (!bundle) return html(reply, 410, page(lang, L[lang].gone!, `<p class="error">${L[lang].gone}</p>`));
      return reply
        .type('application/zip')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="personal-data-${bundle.ref}.zip"`)
        .send(bundle.zip);
    });
  });
}
