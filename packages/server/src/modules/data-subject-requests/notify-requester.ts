import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import { systemActor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { loadContactKey, openForContact, openSealedOfContact, sealForContact, ShreddedKeyError } from '../contacts/contact-keys.js';
import { mailTransport } from '../monitoring/send-alert-emails.js';
import type { ErasureCertificate } from './erase-subject.js';
import type { NotifyJob } from './record-request-step.js';
import { KIND_LABELS, STATUS_LABELS, type RequestLang } from './request-kinds.js';
import type { RequestRow } from './request-view.js';
import { statusPath } from './signed-links.js';

export const CODE_QUEUE = 'dsr.code';
export interface CodeJob {
  orgId: string;
  contactId: string;
  verificationId: string;
  /** { to, code, lang } sealed with the subject's data key: erasing them shreds it too. */
  sealed: string;
}
const codeAad = (orgId: string, verificationId: string) => `${orgId}:dsr-code:${verificationId}`;

export function sealCodeJob(key: Buffer, orgId: string, verificationId: string, payload: { to: string; code: string; lang: RequestLang; slug: string }): string {
  return sealForContact(key, JSON.stringify(payload), codeAad(orgId, verificationId)).toString('base64');
}

const baseUrl = (ctx: AppContext) => (ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/$/, '');

const CODE_TEXT: Record<RequestLang, (code: string, org: string) => { subject: string; text: string }> = {
  'pt-BR': (code, org) => ({ subject: `${org}: seu código de verificação`, text: `Seu código para confirmar a solicitação de titular junto a ${org} é:\n\n${code}\n\nEle vale por 15 minutos. Se você não fez esta solicitação, ignore este e-mail.\n` }),
  es: (code, org) => ({ subject: `${org}: su código de verificación`, text: `Su código para confirmar la solicitud de derechos ante ${org} es:\n\n${code}\n\nEs válido durante 15 minutos. Si usted no hizo esta solicitud, ignore este correo.\n` }),
  en: (code, org) => ({ subject: `${org}: your verification code`, text: `Your code to confirm your data-subject request to ${org} is:\n\n${code}\n\nIt is valid for 15 minutes. If you did not make this request, ignore this e-mail.\n` }),
};

/** Sends a one-time code. The job holds the address only sealed with the subject's key. */
export async function sendVerificationCode(ctx: AppContext, job: CodeJob): Promise<void> {
  const transporter = mailTransport(ctx);
  if (!transporter) return;
  const found = await ctx.database.withTenant(job.orgId, async (tx) => {
    try {
      const key = await loadContactKey(tx, ctx.kms, job.orgId, job.contactId);
      const org = await tx.selectFrom('organizations').select('name').where('id', '=', job.orgId).executeTakeFirstOrThrow();
      return { org: org.name, payload: JSON.parse(openForContact(key, Buffer.from(job.sealed, 'base64'), codeAad(job.orgId, job.verificationId)).toString('utf8')) as { to: string; code: string; lang: RequestLang } };
    } catch (err) {
      if (err instanceof ShreddedKeyError) return null;
      throw err;
    }
  });
  if (!found) return;
  const { subject, text } = CODE_TEXT[found.payload.lang](found.payload.code, found.org);
  await transporter.sendMail({ from: ctx.config.SMTP_FROM, to: found.payload.to, subject, text });
}

/** The requester's e-mail address, through an audited reveal; null when they gave none or were erased. */
export async function revealRequesterEmail(ctx: AppContext, tx: Tx, request: RequestRow, reason: string): Promise<string | null> {
  if (!request.identity_id || !request.contact_id) return null;
  const identity = await tx
    .selectFrom('contact_identities')
    .select(['id', 'contact_id', 'kind', 'value_sealed'])
    .where('org_id', '=', request.org_id)
    .where('id', '=', request.identity_id)
    .executeTakeFirst();
  if (!identity || identity.kind !== 'email') return null;
  let value: string;
  try {
    value = await openSealedOfContact(tx, ctx.kms, { orgId: request.org_id, contactId: identity.contact_id, aad: `${request.org_id}:contact_identities:${identity.id}` }, identity.value_sealed);
  } catch (err) {
    if (err instanceof Problem && err.status === 410) return null;
    throw err;
  }
  await recordAuditEntry(tx, {
    orgId: request.org_id,
    actor: systemActor('data-subject-requests'),
    action: 'identity.revealed',
    target: { type: 'contact_identity', id: identity.id },
    reason: `${reason} (request #${request.ref})`,
    metadata: { contactId: identity.contact_id, kind: identity.kind, requestId: request.id },
  });
  return value;
}

const STEP_TEXT = {
  'pt-BR': { subject: 'Solicitação', status: 'Situação', due: 'Prazo para a resposta', follow: 'Acompanhe aqui', erased: 'Seus dados foram eliminados.', keptIntro: 'Mantivemos apenas o que a lei obriga:', rows: 'registros', reason: 'Motivo' },
  es: { subject: 'Solicitud', status: 'Estado', due: 'Plazo de respuesta', follow: 'Consulte el estado aquí', erased: 'Sus datos han sido suprimidos.', keptIntro: 'Solo conservamos lo que exige la ley:', rows: 'registros', reason: 'Motivo' },
  en: { subject: 'Request', status: 'Status', due: 'Answer due by', follow: 'Follow it here', erased: 'Your data was erased.', keptIntro: 'We kept only what the law requires:', rows: 'records', reason: 'Reason' },
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

/** Tells the requester of one step, in their language, at the identity they proved. */
export async function notifyRequester(ctx: AppContext, job: NotifyJob): Promise<void> {
  if (!mailTransport(ctx)) return;
  const found = await ctx.database.withTenant(job.orgId, async (tx) => {
    const request = await tx.selectFrom('data_subject_requests').selectAll().where('org_id', '=', job.orgId).where('id', '=', job.requestId).executeTakeFirst();
    const event = await tx.selectFrom('data_subject_request_events').select(['type', 'note']).where('org_id', '=', job.orgId).where('id', '=', job.eventId).executeTakeFirst();
    if (!request || !event) return null;
    const to = await revealRequesterEmail(ctx, tx, request, `tell the requester of the step "${event.type}"`);
    const org = await tx.selectFrom('organizations').select('slug').where('id', '=', job.orgId).executeTakeFirstOrThrow();
    return to ? { request, event, to, slug: org.slug } : null;
  });
  if (!found) return;
  const r = found.request;
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
}
