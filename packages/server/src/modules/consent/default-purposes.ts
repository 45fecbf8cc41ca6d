import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/database.js';
import { articlesFor, type LegalBasis } from './legal-bases.js';

type Texts = Record<'pt-BR' | 'es' | 'en', string>;

export interface PurposeDefinition {
  key: string;
  dataUse: string;
  names: Texts;
  descriptions: Texts;
  dataCategories: string[];
  legalBasis: LegalBasis;
  sensitive: boolean;
  basisNote: string;
  retentionDays: number | null;
  retentionNote: string;
  recipients: Array<{ name: string; country: string; role: string }>;
  internationalTransfer: boolean;
  transferMechanism: string;
  channels: string[];
  consentValidityDays: number | null;
}

const META = { name: 'Meta Platforms, Inc. (WhatsApp Business)', country: 'US', role: 'processor' };

/**
 * What a customer-service operation usually does, seeded for every organisation on first use.
 * Call recording differs by country: in Brazil the SAC decree makes it a legal obligation; in the
 * EU it rests on the caller's consent, asked at the start of the call.
 */
export function defaultPurposes(country: string): PurposeDefinition[] {
  const br = country === 'BR';
  return [
    {
      key: 'support',
      dataUse: 'essential.service.operations.support',
      names: { 'pt-BR': 'Atendimento ao cliente', es: 'Atención al cliente', en: 'Customer support' },
      descriptions: {
        'pt-BR': 'Responder às suas mensagens no chat, WhatsApp e telefone e resolver o que você pediu.',
        es: 'Responder a tus mensajes por chat, WhatsApp y teléfono y resolver lo que nos pides.',
        en: 'Answering your messages by chat, WhatsApp and phone and resolving what you asked for.',
      },
      dataCategories: ['user.name', 'user.contact', 'user.content.private'],
      legalBasis: 'contract',
      sensitive: false,
      basisNote: 'Needed to provide the service the customer asks for (pre-contractual steps or the contract itself).',
      retentionDays: 730,
      retentionNote: '2 years after the last contact, for follow-up of the same demand',
      recipients: [META],
      internationalTransfer: true,
      transferMechanism: 'Standard contractual clauses (ANPD Res. 19/2024; European Commission SCCs)',
      channels: [],
      consentValidityDays: null,
    },
    {
      key: 'call_recording',
      dataUse: 'essential.service.operations.support',
      names: { 'pt-BR': 'Gravação de chamadas', es: 'Grabación de llamadas', en: 'Call recording' },
      descriptions: {
        'pt-BR': 'Gravar as ligações com o atendimento para registro do que foi combinado.',
        es: 'Grabar las llamadas con atención al cliente como registro de lo acordado.',
        en: 'Recording calls with customer support as a record of what was agreed.',
      },
      dataCategories: ['user.biometric.voice', 'user.content.private'],
      legalBasis: br ? 'legal_obligation' : 'consent',
      sensitive: false,
      basisNote: br ? 'Decreto 11.034/2022 (SAC) requires recording service calls and keeping them for at least 90 days.' : 'Asked at the start of each call; the call continues without recording if the caller says no.',
      retentionDays: 90,
      retentionNote: br ? '90 days (Decreto 11.034/2022)' : '90 days',
      recipients: [],
      internationalTransfer: false,
      transferMechanism: '',
      channels: br ? [] : ['voice'],
      consentValidityDays: null,
    },
    {
      key: 'quality_monitoring',
      dataUse: 'essential.service.operations.improve',
      names: { 'pt-BR': 'Monitoramento de qualidade', es: 'Control de calidad', en: 'Quality monitoring' },
      descriptions: {
        'pt-BR': 'Revisar uma amostra dos atendimentos para treinar a equipe e melhorar as respostas.',
        es: 'Revisar una muestra de las conversaciones para formar al equipo y mejorar las respuestas.',
        en: 'Reviewing a sample of conversations to train the team and improve answers.',
      },
      dataCategories: ['user.content.private'],
      legalBasis: 'legitimate_interest',
      sensitive: false,
      basisNote:
        'Balancing: reviewing service quality is expected by customers, reviewers see masked data only, access is limited to supervisors and audited, and customers may object at any time.',
      retentionDays: 365,
      retentionNote: '1 year',
      recipients: [],
      internationalTransfer: false,
      transferMechanism: '',
      channels: [],
      consentValidityDays: null,
    },
    {
      key: 'marketing',
      dataUse: 'marketing.communications',
      names: { 'pt-BR': 'Ofertas e novidades', es: 'Ofertas y novedades', en: 'Offers and news' },
      descriptions: {
        'pt-BR': 'Enviar ofertas, promoções e novidades pelo WhatsApp ou e-mail.',
        es: 'Enviarte ofertas, promociones y novedades por WhatsApp o correo electrónico.',
        en: 'Sending you offers, promotions and news by WhatsApp or e-mail.',
      },
      dataCategories: ['user.name', 'user.contact'],
      legalBasis: 'consent',
      sensitive: false,
      basisNote: 'Optional; refusing does not affect support.',
      retentionDays: null,
      retentionNote: 'until you withdraw your consent',
      recipients: [META],
      internationalTransfer: true,
      transferMechanism: 'Standard contractual clauses (ANPD Res. 19/2024; European Commission SCCs)',
      channels: ['webchat', 'whatsapp', 'voice'],
      consentValidityDays: null,
    },
    {
      key: 'satisfaction_survey',
      dataUse: 'functional.service.improve',
      names: { 'pt-BR': 'Pesquisa de satisfação', es: 'Encuesta de satisfacción', en: 'Satisfaction survey' },
      descriptions: {
        'pt-BR': 'Perguntar, depois do atendimento, como foi a sua experiência.',
        es: 'Preguntarte, después de la atención, qué tal fue tu experiencia.',
        en: 'Asking you, after the conversation, how your experience was.',
      },
      dataCategories: ['user.contact', 'user.content.private'],
      legalBasis: 'consent',
      sensitive: false,
      basisNote: 'Optional; refusing does not affect support.',
      retentionDays: 365,
      retentionNote: '1 year',
      recipients: [],
      internationalTransfer: false,
      transferMechanism: '',
      channels: ['webchat', 'whatsapp'],
      consentValidityDays: 730,
    },
  ];
}

/** Seeds the default purposes and an empty settings row once per organisation (idempotent). */
export async function ensureConsentSetup(tx: Tx, orgId: string): Promise<void> {
  const existing = await tx.selectFrom('consent_settings').select('org_id').where('org_id', '=', orgId).executeTakeFirst();
  if (existing) return;
  const org = await tx.selectFrom('organizations').select(['name', 'country']).where('id', '=', orgId).executeTakeFirstOrThrow();
  const inserted = await tx
    .insertInto('consent_settings')
    .values({ org_id: orgId, controller_name: org.name, updated_at: new Date() })
    .onConflict((oc) => oc.column('org_id').doNothing())
    .returning('org_id')
    .execute();
  if (!inserted.length) return; // a concurrent first use seeded it
  const rows = defaultPurposes(org.country).map((p, position) => purposeRow(orgId, randomUUID(), p, position));
  await tx.insertInto('consent_purposes').values(rows).onConflict((oc) => oc.columns(['org_id', 'key']).doNothing()).execute();
}

export function purposeRow(orgId: string, id: string, p: PurposeDefinition, position: number) {
  const articles = articlesFor(p.legalBasis, p.sensitive);
  return {
    org_id: orgId,
    id,
    key: p.key,
    data_use: p.dataUse,
    names: JSON.stringify(p.names),
    descriptions: JSON.stringify(p.descriptions),
    data_categories: p.dataCategories,
    legal_basis: p.legalBasis,
    lgpd_article: articles.lgpd,
    gdpr_article: articles.gdpr,
    sensitive: p.sensitive,
    basis_note: p.basisNote,
    retention_days: p.retentionDays,
    retention_note: p.retentionNote,
    recipients: JSON.stringify(p.recipients),
    international_transfer: p.internationalTransfer,
    transfer_mechanism: p.transferMechanism,
    channels: p.legalBasis === 'consent' ? p.channels : [],
    consent_validity_days: p.legalBasis === 'consent' ? p.consentValidityDays : null,
    position,
    updated_at: new Date(),
  };
}
