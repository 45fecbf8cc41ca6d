import { JURISDICTION_LAW, NOTICE_LANGS, type Jurisdiction, type LegalBasis, type NoticeLang } from './legal-bases.js';
import type { PurposeView } from './manage-purposes.js';

/** A purpose as the notice published it: what the customer was told, frozen with the version. */
export type PurposeSnapshot = Omit<PurposeView, 'consentValidityDays' | 'active' | 'updatedAt'>;

export interface NoticeSettings {
  controllerName: string;
  controllerIdNumber: string;
  controllerAddress: string;
  controllerEmail: string;
  dpoName: string;
  dpoEmail: string;
  rightsUrl: string;
  /** Per language: intro (a paragraph before the purposes), short (replaces the generated short notice), recording. */
  texts: Partial<Record<NoticeLang, { intro?: string; short?: string; recording?: string }>>;
}

export interface NoticeSection {
  id: string;
  heading: string;
  paragraphs: string[];
}

export interface NoticeTexts {
  title: string;
  short: string;
  recording: string;
  sections: NoticeSection[];
}

export interface NoticeContent {
  schema: 1;
  organization: { name: string; slug: string; country: string };
  jurisdiction: Jurisdiction;
  law: string;
  controller: { name: string; idNumber: string; address: string; email: string };
  dpo: { name: string; email: string };
  rightsUrl: string;
  policyPath: string;
  purposes: PurposeSnapshot[];
  texts: Record<NoticeLang, NoticeTexts>;
}

export function snapshotPurpose(p: PurposeView): PurposeSnapshot {
  return {
    id: p.id,
    key: p.key,
    dataUse: p.dataUse,
    names: p.names,
    descriptions: p.descriptions,
    dataCategories: p.dataCategories,
    legalBasis: p.legalBasis,
    lgpdArticle: p.lgpdArticle,
    gdprArticle: p.gdprArticle,
    sensitive: p.sensitive,
    basisNote: p.basisNote,
    retentionDays: p.retentionDays,
    retentionNote: p.retentionNote,
    recipients: p.recipients,
    internationalTransfer: p.internationalTransfer,
    transferMechanism: p.transferMechanism,
    channels: p.channels,
    requiresConsent: p.requiresConsent,
  };
}

const BASIS_LABEL: Record<NoticeLang, Record<LegalBasis, string>> = {
  'pt-BR': {
    consent: 'consentimento',
    legal_obligation: 'cumprimento de obrigação legal ou regulatória',
    public_task: 'execução de políticas públicas',
    research: 'realização de estudos por órgão de pesquisa',
    contract: 'execução de contrato ou de procedimentos preliminares',
    exercise_of_rights: 'exercício regular de direitos',
    vital_interest: 'proteção da vida ou da incolumidade física',
    health_protection: 'tutela da saúde',
    legitimate_interest: 'legítimo interesse',
    credit_protection: 'proteção do crédito',
    fraud_prevention: 'prevenção à fraude e segurança do titular',
  },
  es: {
    consent: 'consentimiento',
    legal_obligation: 'cumplimiento de una obligación legal',
    public_task: 'misión de interés público',
    research: 'investigación',
    contract: 'ejecución de un contrato o medidas precontractuales',
    exercise_of_rights: 'formulación, ejercicio o defensa de reclamaciones',
    vital_interest: 'protección de intereses vitales',
    health_protection: 'protección de la salud',
    legitimate_interest: 'interés legítimo',
    credit_protection: 'protección del crédito',
    fraud_prevention: 'prevención del fraude',
  },
  en: {
    consent: 'consent',
    legal_obligation: 'compliance with a legal obligation',
    public_task: 'a task in the public interest',
    research: 'research',
    contract: 'performance of a contract or pre-contractual steps',
    exercise_of_rights: 'establishment, exercise or defence of legal claims',
    vital_interest: 'protection of vital interests',
    health_protection: 'protection of health',
    legitimate_interest: 'legitimate interest',
    credit_protection: 'credit protection',
    fraud_prevention: 'fraud prevention',
  },
};

const W: Record<NoticeLang, Record<string, string>> = {
  'pt-BR': {
    title: 'Aviso de privacidade',
    who: 'Quem trata os seus dados',
    controller: 'Controlador',
    dpo: 'Encarregado pelo tratamento de dados pessoais (DPO)',
    purposes: 'O que fazemos com os seus dados e por quê',
    basis: 'Base legal',
    data: 'Dados',
    retention: 'Por quanto tempo',
    recipients: 'Com quem compartilhamos',
    nobody: 'ninguém fora da empresa',
    transfer: 'Transferência internacional',
    note: 'Justificativa',
    optional: 'Opcional: só com o seu consentimento, que você pode retirar a qualquer momento.',
    rights: 'Seus direitos',
    rightsText:
      'Você pode pedir, de graça: confirmação de que tratamos seus dados e acesso a eles; correção; anonimização, bloqueio ou eliminação de dados desnecessários; portabilidade; eliminação dos dados tratados com consentimento; informação sobre com quem compartilhamos; informação sobre as consequências de não consentir; e revogação do consentimento (LGPD Art. 18). Você também pode se opor a um tratamento e reclamar à ANPD.',
    rightsEU:
      'Você pode pedir acesso, retificação, apagamento, limitação, portabilidade e oposição, e não ser sujeito a decisões exclusivamente automatizadas (RGPD Arts. 15 a 22). Pode reclamar à autoridade de controle.',
    how: 'Como exercer',
    consent: 'Consentimento e como retirá-lo',
    consentText:
      'Recusar ou retirar um consentimento não afeta o atendimento. Para retirar: responda SAIR no WhatsApp, use as opções de privacidade do chat, ou o link no comprovante que você recebe a cada escolha. A retirada vale para o futuro.',
    recordingHeading: 'Gravação de chamadas',
    version: 'Versão',
    effective: 'em vigor desde',
    short:
      '{controller} trata seus dados para atender você ({supportBasis}). {optional}Saiba mais, inclusive seus direitos, no aviso completo: {url}',
    shortOptional: 'Ofertas e pesquisas só com o seu consentimento, que você pode retirar quando quiser. ',
    recording: 'Esta ligação será gravada ({purpose}). Base legal: {basis}. Aviso de privacidade: {url}',
    retentionUntil: 'até você retirar o consentimento',
    days: '{n} dias',
  },
  es: {
    title: 'Aviso de privacidad',
    who: 'Quién trata tus datos',
    controller: 'Responsable del tratamiento',
    dpo: 'Delegado de protección de datos (DPD)',
    purposes: 'Qué hacemos con tus datos y por qué',
    basis: 'Base jurídica',
    data: 'Datos',
    retention: 'Plazo de conservación',
    recipients: 'Destinatarios',
    nobody: 'nadie fuera de la empresa',
    transfer: 'Transferencia internacional',
    note: 'Justificación',
    optional: 'Opcional: solo con tu consentimiento, que puedes retirar en cualquier momento.',
    rights: 'Tus derechos',
    rightsText:
      'Puedes ejercer gratuitamente tus derechos de acceso, rectificación, supresión, limitación, portabilidad y oposición, y a no ser objeto de decisiones únicamente automatizadas (RGPD arts. 15 a 22). Puedes reclamar ante la Agencia Española de Protección de Datos (AEPD) u otra autoridad de control.',
    rightsEU: '',
    how: 'Cómo ejercerlos',
    consent: 'Consentimiento y cómo retirarlo',
    consentText:
      'Negarte o retirar un consentimiento no afecta a la atención. Para retirarlo: responde BAJA en WhatsApp, usa las opciones de privacidad del chat o el enlace del justificante que recibes con cada elección. La retirada no afecta a la licitud del tratamiento anterior.',
    recordingHeading: 'Grabación de llamadas',
    version: 'Versión',
    effective: 'en vigor desde',
    short: '{controller} trata tus datos para atenderte ({supportBasis}). {optional}Más información y tus derechos en el aviso completo: {url}',
    shortOptional: 'Ofertas y encuestas solo con tu consentimiento, que puedes retirar cuando quieras. ',
    recording: 'Esta llamada se grabará ({purpose}). Base jurídica: {basis}. Aviso de privacidad: {url}',
    retentionUntil: 'hasta que retires tu consentimiento',
    days: '{n} días',
  },
  en: {
    title: 'Privacy notice',
    who: 'Who processes your data',
    controller: 'Controller',
    dpo: 'Data protection officer (DPO)',
    purposes: 'What we do with your data and why',
    basis: 'Legal basis',
    data: 'Data',
    retention: 'How long we keep it',
    recipients: 'Who we share it with',
    nobody: 'nobody outside the company',
    transfer: 'International transfer',
    note: 'Justification',
    optional: 'Optional: only with your consent, which you may withdraw at any time.',
    rights: 'Your rights',
    rightsText:
      'You may, free of charge, ask for confirmation and access, correction, anonymisation, blocking or deletion, portability, deletion of data processed on consent, information about who we share it with and about the consequences of refusing consent, and revoke consent (LGPD Art. 18); or access, rectification, erasure, restriction, portability and objection, and not to be subject to solely automated decisions (GDPR Arts. 15–22). You may complain to the supervisory authority (ANPD in Brazil, AEPD in Spain).',
    rightsEU: '',
    how: 'How to exercise them',
    consent: 'Consent and how to withdraw it',
    consentText:
      'Refusing or withdrawing consent does not affect support. To withdraw: reply STOP on WhatsApp, use the chat’s privacy choices, or the link in the receipt you get with every choice. Withdrawal applies from then on.',
    recordingHeading: 'Call recording',
    version: 'Version',
    effective: 'effective from',
    short: '{controller} processes your data to help you ({supportBasis}). {optional}More, including your rights, in the full notice: {url}',
    shortOptional: 'Offers and surveys only with your consent, which you may withdraw whenever you like. ',
    recording: 'This call will be recorded ({purpose}). Legal basis: {basis}. Privacy notice: {url}',
    retentionUntil: 'until you withdraw your consent',
    days: '{n} days',
  },
};

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');

function basisText(lang: NoticeLang, p: PurposeSnapshot, jurisdiction: Jurisdiction): string {
  const law = jurisdiction === 'BR' ? `LGPD ${p.lgpdArticle}` : `RGPD/GDPR ${p.gdprArticle}`;
  return `${BASIS_LABEL[lang][p.legalBasis]} (${law})`;
}

function retentionText(lang: NoticeLang, p: PurposeSnapshot): string {
  if (p.retentionNote) return p.retentionNote;
  if (p.retentionDays) return fill(W[lang].days!, { n: String(p.retentionDays) });
  return p.requiresConsent ? W[lang].retentionUntil! : '';
}

/**
 * The notice in one language: a short version for chat, WhatsApp and phone, and the full one
 * (LGPD Art. 9 I–VII, GDPR Arts. 13–14) as sections: controller, DPO, each purpose with its basis,
 * data, retention and recipients, rights, consent and withdrawal, call recording.
 */
export function renderNoticeTexts(
  lang: NoticeLang,
  base: Omit<NoticeContent, 'texts'>,
  settings: NoticeSettings,
  publicUrl: string,
): NoticeTexts {
  const w = W[lang];
  const custom = settings.texts[lang] ?? {};
  const controller = base.controller.name || base.organization.name;
  const support = base.purposes.find((p) => p.key === 'support') ?? base.purposes.find((p) => !p.requiresConsent);
  const optional = base.purposes.some((p) => p.requiresConsent) ? w.shortOptional! : '';
  const short =
    custom.short?.trim() ||
    fill(w.short!, { controller, supportBasis: support ? basisText(lang, support, base.jurisdiction) : '', optional, url: publicUrl });
  const recordingPurpose = base.purposes.find((p) => p.key === 'call_recording');
  const recording =
    custom.recording?.trim() ||
    (recordingPurpose
      ? fill(w.recording!, { purpose: recordingPurpose.names[lang] ?? recordingPurpose.key, basis: basisText(lang, recordingPurpose, base.jurisdiction), url: publicUrl })
      : '');

  const who: string[] = [
    `${w.controller}: ${[controller, base.controller.idNumber, base.controller.address].filter(Boolean).join(' — ')}`,
  ];
  if (base.controller.email) who.push(base.controller.email);
  if (custom.intro?.trim()) who.push(custom.intro.trim());
  const dpo = [base.dpo.name, base.dpo.email].filter(Boolean).join(' — ') || controller;

  const purposes = base.purposes.map((p) => {
    const lines = [
      `${p.names[lang] ?? p.key}: ${p.descriptions[lang] ?? ''}`,
      `${w.basis}: ${basisText(lang, p, base.jurisdiction)}.${p.basisNote && !p.requiresConsent ? ` ${w.note}: ${p.basisNote}` : ''}`,
      `${w.data}: ${p.dataCategories.join(', ')}.`,
      `${w.retention}: ${retentionText(lang, p)}.`,
      `${w.recipients}: ${p.recipients.length ? p.recipients.map((r) => `${r.name} (${r.country})`).join(', ') : w.nobody}.`,
    ];
    if (p.internationalTransfer) lines.push(`${w.transfer}: ${p.transferMechanism}.`);
    if (p.requiresConsent) lines.push(w.optional!);
    return lines.join('\n');
  });

  const rights = [w.rightsText!];
  if (base.jurisdiction !== 'BR' && w.rightsEU) rights.push(w.rightsEU);
  const how = [base.rightsUrl, base.dpo.email || base.controller.email].filter(Boolean).join(' — ');
  if (how) rights.push(`${w.how}: ${how}`);

  const sections: NoticeSection[] = [
    { id: 'controller', heading: w.who!, paragraphs: who },
    { id: 'dpo', heading: w.dpo!, paragraphs: [dpo] },
    { id: 'purposes', heading: w.purposes!, paragraphs: purposes },
    { id: 'rights', heading: w.rights!, paragraphs: rights },
    { id: 'consent', heading: w.consent!, paragraphs: [w.consentText!] },
  ];
  if (recording) sections.push({ id: 'recording', heading: w.recordingHeading!, paragraphs: [recording] });
  return { title: `${w.title} — ${controller}`, short, recording, sections };
}

export function buildNoticeContent(input: {
  organization: { name: string; slug: string; country: string };
  jurisdiction: Jurisdiction;
  settings: NoticeSettings;
  purposes: PurposeView[];
  publicBaseUrl?: string;
}): NoticeContent {
  const policyPath = `/privacy/${input.organization.slug}`;
  const base: Omit<NoticeContent, 'texts'> = {
    schema: 1,
    organization: input.organization,
    jurisdiction: input.jurisdiction,
    law: JURISDICTION_LAW[input.jurisdiction],
    controller: {
      name: input.settings.controllerName || input.organization.name,
      idNumber: input.settings.controllerIdNumber,
      address: input.settings.controllerAddress,
      email: input.settings.controllerEmail,
    },
    dpo: { name: input.settings.dpoName, email: input.settings.dpoEmail },
    rightsUrl: input.settings.rightsUrl,
    policyPath,
    purposes: input.purposes.filter((p) => p.active).map(snapshotPurpose),
  };
  const url = (input.publicBaseUrl ?? '') + policyPath;
  const texts = Object.fromEntries(NOTICE_LANGS.map((lang) => [lang, renderNoticeTexts(lang, base, input.settings, url)])) as Record<NoticeLang, NoticeTexts>;
  return { ...base, texts };
}

/** jsonb reorders keys: the hash is taken over keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(canon(value));
}

/** What a consent was given for: changing any of it means asking again (LGPD Art. 8 §6, 9 §2). */
export function consentTerms(p: PurposeSnapshot): string {
  return canonicalJson({
    names: p.names,
    descriptions: p.descriptions,
    dataCategories: [...p.dataCategories].sort(),
    legalBasis: p.legalBasis,
    sensitive: p.sensitive,
    retentionDays: p.retentionDays,
    retentionNote: p.retentionNote,
    recipients: p.recipients,
    internationalTransfer: p.internationalTransfer,
    dataUse: p.dataUse,
  });
}
