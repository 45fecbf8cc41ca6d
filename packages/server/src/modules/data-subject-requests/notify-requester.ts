import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { systemActor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { sendOneTimeCodeByWhatsApp, sendRequestNoticeByWhatsApp } from '../channels/whatsapp/send-one-time-code.js';
import { loadContactKey, openForContact, sealForContact, ShreddedKeyError } from '../contacts/contact-keys.js';
import { openIdentity, openNewestIdentityOfKind } from '../contacts/open-identity.js';
import { mailTransport } from '../monitoring/send-alert-emails.js';
import type { ErasureCertificate } from './erase-subject.js';
import type { CodeChannel } from './portal-intake.js';
import type { NotifyJob } from './record-request-step.js';
import { KIND_LABELS, STATUS_LABELS, type RequestLang } from './request-kinds.js';
import type { RequestRow } from './request-view.js';
import { statusPath } from './signed-links.js';

export const CODE_QUEUE = 'dsr.code';
export interface CodeJob {
  orgId: string;
  contactId: string;
  /** The subject's contacts (duplicates of one person): where an e-mail on file may be found. */
  contactIds?: string[];
  verificationId: string;
  /** How the requester asked to receive it; absent on jobs queued before WhatsApp codes (e-mail). */
  via?: CodeChannel;
  /** { to?, code, lang, slug } sealed with the subject's data key: erasing them shreds it too. */
  sealed: string;
}
const codeAad = (orgId: string, verificationId: string) => `${orgId}:dsr-code:${verificationId}`;
type CodePayload = { to?: string; code: string; lang: RequestLang; slug: string };

export function sealCodeJob(key: Buffer, orgId: string, verificationId: string, payload: CodePayload): string {
  return sealForContact(key, JSON.stringify(payload), codeAad(orgId, verificationId)).toString('base64');
}

const baseUrl = (ctx: AppContext) => (ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/$/, '');

const CODE_TEXT: Record<RequestLang, (code: string, org: string) => { subject: string; text: string }> = {
  'pt-BR': (code, org) => ({ subject: `${org}: seu código de verificação`, text: `Seu código para confirmar a solicitação de titular junto a ${org} é:\n\n${code}\n\nEle vale por 15 minutos. Se você não fez esta solicitação, ignore este e-mail.\n` }),
  es: (code, org) => ({ subject: `${org}: su código de verificación`, text: `Su código para confirmar la solicitud de derechos ante ${org} es:\n\n${code}\n\nEs válido durante 15 minutos. Si usted no hizo esta solicitud, ignore este correo.\n` }),
  en: (code, org) => ({ subject: `${org}: your verification code`, text: `Your code to confirm your data-subject request to ${org} is:\n\n${code}\n\nIt is valid for 15 minutes. If you did not make this request, ignore this e-mail.\n` }),
};

const WHATSAPP_CODE_TEXT: Record<RequestLang, (code: string, org: string) => string> = {
  'pt-BR': (code, org) => `${org}: seu código para confirmar a solicitação de titular é ${code}. Ele vale por 15 minutos. Se você não fez esta solicitação, ignore esta mensagem.`,
  es: (code, org) => `${org}: su código para confirmar la solicitud de derechos es ${code}. Es válido durante 15 minutos. Si usted no hizo esta solicitud, ignore este mensaje.`,
  en: (code, org) => `${org}: your code to confirm your data-subject request is ${code}. It is valid for 15 minutes. If you did not make this request, ignore this message.`,
};

/**
 * Sends a one-time code. The job holds the code (and a typed address) only sealed with the subject's
 * key. By WhatsApp: through the organisation's channel, as text inside the customer-service window
 * or an approved AUTHENTICATION template outside it; when neither can reach them, by e-mail to an
 * address on file; otherwise nothing — the requester saw the same page either way. Codes to the
 * subject about their own request go out even when their processing is restricted.
 */
export async function sendVerificationCode(ctx: AppContext, job: CodeJob): Promise<void> {
  const found = await ctx.database.withTenant(job.orgId, async (tx) => {
    try {
      const key = await loadContactKey(ctx, job.orgId, job.contactId);
      const org = await tx.selectFrom('organizations').select('name').where('id', '=', job.orgId).executeTakeFirstOrThrow();
      return { org: org.name, payload: JSON.parse(openForContact(key, Buffer.from(job.sealed, 'base64'), codeAad(job.orgId, job.verificationId)).toString('utf8')) as CodePayload };
    } catch (err) {
      if (err instanceof ShreddedKeyError) return null;
      throw err;
    }
  });
  if (!found) return;
  const { payload, org } = found;
  let to = payload.to ?? null;
  if (job.via === 'whatsapp') {
    const outcome = await sendOneTimeCodeByWhatsApp(ctx, { orgId: job.orgId, contactId: job.contactId, code: payload.code, lang: payload.lang, text: WHATSAPP_CODE_TEXT[payload.lang](payload.code, org) });
    ctx.logger.info({ orgId: job.orgId, verificationId: job.verificationId, via: 'whatsapp', ...outcome }, 'data-subject request code');
    if (outcome.sent || outcome.reason === 'erased') return;
    to = mailTransport(ctx) ? await ctx.database.withTenant(job.orgId, (tx) => emailOnFile(ctx, tx, job)) : null;
  }
  const transporter = mailTransport(ctx);
  if (!transporter || !to) return;
  const { subject, text } = CODE_TEXT[payload.lang](payload.code, org);
  await transporter.sendMail({ from: ctx.config.SMTP_FROM, to, subject, text });
}

/** The fallback of a WhatsApp code: the subject's newest e-mail on file, read for this one purpose (audited). */
async function emailOnFile(ctx: AppContext, tx: Tx, job: CodeJob): Promise<string | null> {
  const identity = await openNewestIdentityOfKind(ctx, tx, job.orgId, [...new Set([job.contactId, ...(job.contactIds ?? [])])], 'email');
  if (!identity) return null;
  await recordAuditEntry(tx, {
    orgId: job.orgId,
    actor: systemActor('data-subject-requests'),
    action: 'identity.revealed',
    target: { type: 'contact_identity', id: identity.id },
    reason: 'send the one-time code of a data-subject request by e-mail (WhatsApp could not reach the requester)',
    metadata: { contactId: identity.contactId, kind: identity.kind, verificationId: job.verificationId },
  });
  return identity.value;
}

/**
 * The requester's e-mail address, through an audited read: the address they proved, or, when they
 * proved a WhatsApp number, the newest e-mail on file of the same person; null when there is none
 * or they were erased.
 */
export async function revealRequesterEmail(ctx: AppContext, tx: Tx, request: RequestRow, reason: string): Promise<string | null> {
  if (!request.identity_id || !request.contact_id) return null;
  let identity = await openIdentity(ctx, tx, request.org_id, request.identity_id);
  if (identity && identity.kind !== 'email') identity = await openNewestIdentityOfKind(ctx, tx, request.org_id, [request.contact_id, ...(request.related_contact_ids ?? [])], 'email');
  if (!identity || identity.kind !== 'email') return null;
  await recordAuditEntry(tx, {
    orgId: request.org_id,
    actor: systemActor('data-subject-requests'),
    action: 'identity.revealed',
    target: { type: 'contact_identity', id: identity.id },
    reason: `${reason} (request #${request.ref})`,
    metadata: { contactId: identity.contactId, kind: identity.kind, requestId: request.id },
  });
  return identity.value;
}

const STEP_TEXT = {
  'pt-BR': { subject: 'Solicitação', status: 'Situação', due: 'Prazo para a resposta', follow: 'Acompanhe aqui', erased: 'Seus dados foram eliminados.', keptIntro: 'Mantivemos apenas o que a lei obriga:', rows: 'registros', reason: 'Motivo', restriction_lifted: 'O bloqueio do tratamento dos seus dados foi suspenso: voltaremos a tratá-los e a contatá-lo.' },
  es: { subject: 'Solicitud', status: 'Estado', due: 'Plazo de respuesta', follow: 'Consulte el estado aquí', erased: 'Sus datos han sido suprimidos.', keptIntro: 'Solo conservamos lo que exige la ley:', rows: 'registros', reason: 'Motivo', restriction_lifted: 'Se ha levantado la limitación del tratamiento de sus datos: volveremos a tratarlos y a contactarle.' },
  en: { subject: 'Request', status: 'Status', due: 'Answer due by', follow: 'Follow it here', erased: 'Your data was erased.', keptIntro: 'We kept only what the law requires:', rows: 'records', reason: 'Reason', restriction_lifted: 'The restriction on processing your data has been lifted: we will process it and contact you again.' },
} satisfies Record<RequestLang, Record<string, string>>;

export async function sendRequesterEmail(
  ctx: AppContext,
  input: { orgId: string; requestId: string; to: string; lang: RequestLang; ref: number; step: string; status?: RequestRow['status']; kind?: RequestRow['kind']; dueAt?: Date; note?: string | null; slug?: string; certificate?: ErasureCertificate },
): Promise<void> {
  const transporter = mailTransport(ctx);
  if (!transporter) return;
  const t = STEP_TEXT[input.lang];
  const lines: string[] = [];
  if (input.kind) lines.push(KIND_LABELS[input.lang][input.kind]);
  if (input.status) lines.push(`${t.status}: ${STATUS_LABELS[input.lang][input.status]}`);
  if (input.dueAt && input.status !== 'completed' && input.status !== 'rejected') lines.push(`${t.due}: ${input.dueAt.toISOString().slice(0, 10)}`);
  // GDPR Art. 18(3): the subject is told, with the reason, that the restriction ends.
  if (input.step === 'restriction_lifted') lines.push(t.restriction_lifted);
  if (input.note) lines.push(`${t.reason}: ${input.note}`);
  if (input.certificate) {
    lines.push(t.erased);
    if (input.certificate.kept.length) {
      lines.push(t.keptIntro);
      for (const k of input.certificate.kept) lines.push(`- ${k.table}: ${k.rows} ${t.rows} — ${k.legalBasis}; ${k.retention}`);
    }
  }
  if (input.slug) lines.push('', `${t.follow}: ${baseUrl(ctx)}${statusPath(ctx.kms, input.slug, input.orgId, input.requestId)}`);
  await transporter.sendMail({ from: ctx.config.SMTP_FROM, to: input.to, subject: `${t.subject} #${input.ref}: ${input.status ? STATUS_LABELS[input.lang][input.status] : input.step}`, text: lines.join('\n') + '\n' });
}

/**
 * Tells the requester of one step, in their language: by e-mail to the address on file, or, for a
 * requester with none (one who proved a WhatsApp number), on WhatsApp (text inside the 24-hour
 * window, else the organisation's approved `sigilo_request_update` template, else not at all: the
 * status page behind their signed link still shows every step).
 */
export async function notifyRequester(ctx: AppContext, job: NotifyJob): Promise<void> {
  const found = await ctx.database.withTenant(job.orgId, async (tx) => {
    const request = await tx.selectFrom('data_subject_requests').selectAll().where('org_id', '=', job.orgId).where('id', '=', job.requestId).executeTakeFirst();
    const event = await tx.selectFrom('data_subject_request_events').select(['type', 'note']).where('org_id', '=', job.orgId).where('id', '=', job.eventId).executeTakeFirst();
    if (!request || !event) return null;
    const to = mailTransport(ctx) ? await revealRequesterEmail(ctx, tx, request, `tell the requester of the step "${event.type}"`) : null;
    const org = await tx.selectFrom('organizations').select('slug').where('id', '=', job.orgId).executeTakeFirstOrThrow();
    return { request, event, to, slug: org.slug };
  });
  if (!found) return;
  const r = found.request;
  if (found.to) {
    await sendRequesterEmail(ctx, {
      orgId: job.orgId,
      requestId: r.id,
      to: found.to,
      lang: r.language,
      ref: r.ref,
      step: found.event.type,
      status: r.status,
      kind: r.kind,
      dueAt: r.extended_due_at ?? r.due_at,
      note: found.event.note,
      slug: found.slug,
    });
    return;
  }
  if (!r.contact_id || !r.identity_id) return;
  // The notice tells the request's current status: when a later step followed (verified, then
  // completed at once), that step's notice says it all, and one WhatsApp message is enough.
  const latest = await ctx.database.withTenant(job.orgId, (tx) =>
    tx.selectFrom('data_subject_request_events').select('id').where('org_id', '=', job.orgId).where('request_id', '=', r.id).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst(),
  );
  if (latest && latest.id !== job.eventId) return;
  const t = STEP_TEXT[r.language];
  const status = STATUS_LABELS[r.language][r.status];
  const lines = [`${t.subject} #${r.ref} — ${KIND_LABELS[r.language][r.kind]}`, `${t.status}: ${status}`];
  if (found.event.type === 'restriction_lifted') lines.push(t.restriction_lifted);
  if (found.event.note) lines.push(`${t.reason}: ${found.event.note}`);
  lines.push(`${t.follow}: ${baseUrl(ctx)}${statusPath(ctx.kms, found.slug, job.orgId, r.id)}`);
  const outcome = await sendRequestNoticeByWhatsApp(ctx, { orgId: job.orgId, contactId: r.contact_id, text: lines.join('\n'), lang: r.language, ref: r.ref, status });
  if (!outcome.sent) ctx.logger.info({ orgId: job.orgId, requestId: r.id, reason: outcome.reason }, 'requester not told of a step: no e-mail on file and WhatsApp could not reach them');
}
