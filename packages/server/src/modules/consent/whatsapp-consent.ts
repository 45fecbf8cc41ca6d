import { isMarketingPurpose } from './check-consent.js';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { dispatchOutbound } from '../channels/outbound.js';
import { contactMessagingLimits } from '../contacts/assert-may-be-messaged.js';
import { ingestMessage, type IngestedFacts } from '../conversations/ingest-message.js';
import { defaultLangOf, noticeLang, type NoticeLang } from './legal-bases.js';
import { currentNotice } from './manage-notices.js';
import { listPurposes, type PurposeView } from './manage-purposes.js';
import { recordConsentEvents, type ConsentEventInput } from './record-consent.js';

export const CONSENT_MESSAGE_QUEUE = 'consent.message';

/** Ids only: the text is composed when the job runs, in the contact's language. */
export interface ConsentMessageJob {
  orgId: string;
  contactId: string;
  conversationId: string;
  channelId: string | null;
  kind: 'notice' | 'full_notice' | 'withdrawn' | 'recorded';
  purposeKey?: string;
  given?: boolean;
  lang?: NoticeLang;
}

/**
 * Whole-message opt-out words in the three languages (any case, accents ignored): they withdraw
 * every marketing consent, as easily as it was given (LGPD Art. 8 §5, GDPR Art. 7(3)).
 */
export const OPT_OUT_WORDS = new Set(['sair', 'parar', 'pare', 'cancelar', 'descadastrar', 'baja', 'darme de baja', 'stop', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'opt out', 'opt-out']);

export function isOptOut(text: string): boolean {
  const folded = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[.!¡?¿,;:"'()]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return OPT_OUT_WORDS.has(folded);
}

/** Button ids: consent:<purpose>:<accept|refuse|notice>. */
export function consentButtonId(purposeKey: string, action: 'accept' | 'refuse' | 'notice'): string {
  return `consent:${purposeKey}:${action}`;
}

function parseButton(facts: IngestedFacts): { purposeKey: string; action: 'accept' | 'refuse' | 'notice' } | null {
  let id: unknown;
  if (facts.contentType === 'interactive') id = (facts.metadata.interactive as { type?: string; id?: unknown } | undefined)?.id;
  else if (facts.contentType === 'button') id = (facts.metadata.button as { payload?: unknown } | undefined)?.payload;
  if (typeof id !== 'string') return null;
  const m = /^consent:([a-z][a-z0-9_]{1,48}):(accept|refuse|notice)$/.exec(id);
  return m ? { purposeKey: m[1]!, action: m[2] as 'accept' | 'refuse' | 'notice' } : null;
}

export const isMarketing = isMarketingPurpose;

/**
 * The ingest hook: WhatsApp button replies to the consent questions are recorded (the message id
 * is the evidence), opt-out words withdraw marketing consent, and a new customer's first message
 * queues the notice with its questions. Everything is written in the ingest transaction.
 */
export async function onWhatsAppMessages(ctx: AppContext, tx: Tx, messages: IngestedFacts[]): Promise<void> {
  const inbound = messages.filter((m) => m.direction === 'inbound' && m.channel.type === 'whatsapp');
  if (!inbound.length) return;
  const orgId = inbound[0]!.orgId;
  let purposes: PurposeView[] | undefined;
  const load = async () => (purposes ??= await listPurposes(tx, orgId, { activeOnly: true }));
  const jobs: ConsentMessageJob[] = [];
  for (const m of inbound) {
    const base = { orgId, contactId: m.contactId, conversationId: m.conversationId, channelId: m.channel.id, lang: m.lang ? noticeLang(m.lang) : undefined };
    const button = parseButton(m);
    if (button) {
      const all = await load();
      const purpose = all.find((p) => p.key === button.purposeKey && p.requiresConsent);
      if (!purpose) continue;
      if (button.action === 'notice') {
        jobs.push({ ...base, kind: 'full_notice' });
        continue;
      }
      const given = button.action === 'accept';
      await recordConsentEvents(ctx, tx, orgId, { type: 'contact' }, [
        {
          contactId: m.contactId,
          purposeKey: purpose.key,
          event: given ? 'given' : 'refused',
          channel: 'whatsapp',
          channelId: m.channel.id,
          method: 'whatsapp_button',
          evidence: { messageId: m.messageId, channelMessageId: await channelMessageId(tx, orgId, m.messageId) },
          language: base.lang ?? (await contactLang(tx, orgId, m.contactId)),
        },
      ], { purposes: all });
      jobs.push({ ...base, kind: 'recorded', purposeKey: purpose.key, given });
      continue;
    }
    if (m.contentType === 'text' && isOptOut(m.bodyMasked)) {
      const all = await load();
      const marketing = all.filter((p) => p.requiresConsent && isMarketing(p));
      const lang = base.lang ?? (await contactLang(tx, orgId, m.contactId));
      const inputs: ConsentEventInput[] = marketing.map((p) => ({
        contactId: m.contactId,
        purposeKey: p.key,
        event: 'withdrawn',
        channel: 'whatsapp',
        channelId: m.channel.id,
        method: 'whatsapp_keyword',
        evidence: { messageId: m.messageId },
        language: lang,
      }));
      const recorded = await recordConsentEvents(ctx, tx, orgId, { type: 'contact' }, inputs, { purposes: all });
      // Confirmed every time, also when there was nothing to withdraw: the customer asked.
      if (recorded.length) jobs.push({ ...base, kind: 'withdrawn' });
      continue;
    }
    if (m.contactCreated) {
      const all = await load();
      if (all.some((p) => p.requiresConsent && p.channels.includes('whatsapp'))) jobs.push({ ...base, kind: 'notice' });
    }
  }
  // One insert for a burst of new customers, in the ingest transaction.
  if (jobs.length) await ctx.jobs.sendMany<ConsentMessageJob>(CONSENT_MESSAGE_QUEUE, jobs, { tx, retryLimit: 5, retryDelaySeconds: 2, retryBackoff: true });
}

async function channelMessageId(tx: Tx, orgId: string, messageId: string): Promise<string | undefined> {
  const row = await tx.selectFrom('messages').select('channel_message_id').where('org_id', '=', orgId).where('id', '=', messageId).executeTakeFirst();
  return row?.channel_message_id ?? undefined;
}

async function contactLang(tx: Tx, orgId: string, contactId: string): Promise<NoticeLang> {
  const row = await tx.selectFrom('contacts').select('locale').where('org_id', '=', orgId).where('id', '=', contactId).executeTakeFirst();
  if (row?.locale) return noticeLang(row.locale);
  const org = await tx.selectFrom('organizations').select('country').where('id', '=', orgId).executeTakeFirstOrThrow();
  return defaultLangOf(org.country);
}

const T: Record<NoticeLang, Record<string, string>> = {
  'pt-BR': {
    question: '{name}: {description} Você aceita? É opcional e não muda o atendimento.',
    accept: 'Aceito',
    refuse: 'Não aceito',
    notice: 'Ler o aviso',
    full: 'Aviso de privacidade completo: {url}',
    withdrawn: 'Pronto: você não receberá mais ofertas. Seu atendimento continua normalmente. Comprovante: {url}',
    withdrawnNothing: 'Pronto: você não receberá ofertas. Seu atendimento continua normalmente.',
    given: 'Obrigado! Registramos o seu consentimento para "{name}". Para retirar, responda SAIR ou use o comprovante: {url}',
    refused: 'Tudo bem, registramos que você não aceita "{name}". Seu atendimento continua normalmente.',
  },
  es: {
    question: '{name}: {description} ¿Aceptas? Es opcional y no cambia la atención.',
    accept: 'Acepto',
    refuse: 'No acepto',
    notice: 'Leer el aviso',
    full: 'Aviso de privacidad completo: {url}',
    withdrawn: 'Listo: ya no recibirás ofertas. La atención sigue igual. Justificante: {url}',
    withdrawnNothing: 'Listo: no recibirás ofertas. La atención sigue igual.',
    given: '¡Gracias! Hemos registrado tu consentimiento para "{name}". Para retirarlo, responde BAJA o usa el justificante: {url}',
    refused: 'De acuerdo, hemos registrado que no aceptas "{name}". La atención sigue igual.',
  },
  en: {
    question: '{name}: {description} Do you agree? It is optional and does not change our support.',
    accept: 'I agree',
    refuse: 'No, thanks',
    notice: 'Read the notice',
    full: 'Full privacy notice: {url}',
    withdrawn: 'Done: you will not receive offers any more. Support continues as usual. Receipt: {url}',
    withdrawnNothing: 'Done: you will not receive offers. Support continues as usual.',
    given: 'Thank you! We recorded your consent to "{name}". To withdraw it, reply STOP or use the receipt: {url}',
    refused: 'All right, we recorded that you do not agree to "{name}". Support continues as usual.',
  },
};
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

export function publicBaseUrl(ctx: AppContext): string {
  const configured = (ctx.config as { PUBLIC_URL?: string }).PUBLIC_URL;
  return configured ? configured.replace(/\/+$/, '') : `http://localhost:${ctx.config.PORT}`;
}

/**
 * The job: composes the consent message in the customer's language and stores it as an outbound
 * system message through ingest (masked, sealed, shown in the inbox); the channel delivers it.
 * The notice is one message per consent-based purpose, each with its own buttons: nothing bundled.
 */
export async function sendConsentMessage(ctx: AppContext, job: ConsentMessageJob): Promise<void> {
  // A restricted contact is sent no notices or questions (GDPR Art. 18); their answers are still recorded in the ledger.
  if (await ctx.database.withTenant(job.orgId, async (tx) => (await contactMessagingLimits(tx, job.orgId, job.contactId)).restricted)) return;
  const prepared = await ctx.database.withTenant(job.orgId, async (tx) => {
    const notice = await currentNotice(ctx, tx, job.orgId);
    const purposes = await listPurposes(tx, job.orgId, { activeOnly: true });
    const lang = job.lang ?? (await contactLang(tx, job.orgId, job.contactId));
    const org = await tx.selectFrom('organizations').select('slug').where('id', '=', job.orgId).executeTakeFirstOrThrow();
    let receipt = '';
    if (job.kind === 'recorded' || job.kind === 'withdrawn') {
      const last = await tx
        .selectFrom('consent_events')
        .select(['id'])
        .where('org_id', '=', job.orgId)
        .where('contact_id', '=', job.contactId)
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (last) {
        const { receiptPath } = await import('./consent-receipt.js');
        receipt = publicBaseUrl(ctx) + receiptPath(ctx, org.slug, job.orgId, last.id);
      }
    }
    return { notice, purposes, lang, url: `${publicBaseUrl(ctx)}/privacy/${org.slug}?lang=${lang}`, receipt };
  });
  const { notice, purposes, lang, url, receipt } = prepared;
  const t = T[lang];
  const outgoing: Array<{ text: string; metadata: Record<string, unknown> }> = [];
  if (job.kind === 'notice') {
    const asked = purposes.filter((p) => p.requiresConsent && p.channels.includes('whatsapp') && (!job.purposeKey || p.key === job.purposeKey));
    asked.forEach((p, i) => {
      const question = fill(t.question!, { name: p.names[lang] ?? p.key, description: p.descriptions[lang] ?? '' });
      outgoing.push({
        text: i === 0 ? `${notice.content.texts[lang].short}\n\n${question}` : question,
        metadata: {
          consent: { purpose: p.key, noticeVersion: notice.version },
          interactive: {
            type: 'button',
            buttons: [
              { id: consentButtonId(p.key, 'accept'), title: t.accept },
              { id: consentButtonId(p.key, 'refuse'), title: t.refuse },
              { id: consentButtonId(p.key, 'notice'), title: t.notice },
            ],
          },
        },
      });
    });
  } else if (job.kind === 'full_notice') {
    outgoing.push({ text: fill(t.full!, { url }), metadata: { consent: { noticeVersion: notice.version } } });
  } else if (job.kind === 'withdrawn') {
    outgoing.push({ text: receipt ? fill(t.withdrawn!, { url: receipt }) : t.withdrawnNothing!, metadata: { consent: { withdrawn: true } } });
  } else {
    const p = purposes.find((x) => x.key === job.purposeKey);
    const name = p?.names[lang] ?? job.purposeKey ?? '';
    outgoing.push({ text: fill(job.given ? t.given! : t.refused!, { name, url: receipt }), metadata: { consent: { purpose: job.purposeKey, given: job.given } } });
  }
  for (const message of outgoing) {
    const stored = await ingestMessage(ctx, {
      orgId: job.orgId,
      channel: { id: job.channelId, type: 'whatsapp' },
      direction: 'outbound',
      sender: { type: 'system' },
      contact: { contactId: job.contactId },
      conversationId: job.conversationId,
      text: message.text,
      lang: lang === 'pt-BR' ? 'pt' : lang,
      state: 'queued',
      metadata: message.metadata,
    });
    if (stored.duplicate) continue;
    await dispatchOutbound(ctx, {
      orgId: job.orgId,
      messageId: stored.messageId,
      conversationId: stored.conversationId,
      contactId: job.contactId,
      channelId: job.channelId,
      channelType: 'whatsapp',
    });
  }
}
