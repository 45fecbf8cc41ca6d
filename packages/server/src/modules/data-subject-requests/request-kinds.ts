import type { DataSubjectRequestKind, DataSubjectRequestStatus } from '../../platform/db/schema.js';

export const REQUEST_KINDS = [
  'confirmation',
  'access',
  'portability',
  'correction',
  'erasure',
  'anonymisation',
  'blocking',
  'objection',
  'restriction',
  'consent_withdrawal',
  'sharing_info',
  'refusal_consequences',
] as const satisfies readonly DataSubjectRequestKind[];

export const REQUEST_LANGS = ['pt-BR', 'es', 'en'] as const;
export type RequestLang = (typeof REQUEST_LANGS)[number];

export function requestLang(tag: string | null | undefined, fallback: RequestLang = 'en'): RequestLang {
  const t = (tag ?? '').trim().toLowerCase();
  if (t.startsWith('pt')) return 'pt-BR';
  if (t.startsWith('es')) return 'es';
  if (t.startsWith('en')) return 'en';
  return fallback;
}

export const defaultLangOfCountry = (country: string): RequestLang => (country === 'BR' || country === 'PT' ? 'pt-BR' : country === 'ES' ? 'es' : 'en');

/**
 * Kinds the subject's verified identity is enough for: Sigilo answers them on its own. The others
 * wait for a person (the DPO erases, an agent decides a correction, the DPO writes the answer).
 */
export const AUTOMATIC_KINDS: ReadonlySet<DataSubjectRequestKind> = new Set([
  'confirmation',
  'access',
  'portability',
  'consent_withdrawal',
  'objection',
  'restriction',
  'blocking',
]);
export const EXPORT_KINDS: ReadonlySet<DataSubjectRequestKind> = new Set(['confirmation', 'access', 'portability']);
export const ERASURE_KINDS: ReadonlySet<DataSubjectRequestKind> = new Set(['erasure', 'anonymisation']);

export const OPEN_STATUSES: DataSubjectRequestStatus[] = ['received', 'identity_verified', 'in_progress', 'extended'];

/**
 * Labels in each law's own words: LGPD Art. 18 I–IX (titular) in pt-BR, the GDPR/LOPDGDD rights
 * ("ARCO-POL": acceso, rectificación, supresión, oposición, portabilidad, limitación) in Spanish.
 */
export const KIND_LABELS: Record<RequestLang, Record<DataSubjectRequestKind, string>> = {
  'pt-BR': {
    confirmation: 'Confirmação da existência de tratamento (Art. 18, I)',
    access: 'Acesso aos dados (Art. 18, II)',
    portability: 'Portabilidade dos dados (Art. 18, V)',
    correction: 'Correção de dados incompletos, inexatos ou desatualizados (Art. 18, III)',
    erasure: 'Eliminação dos dados (Art. 18, IV e VI)',
    anonymisation: 'Anonimização dos dados (Art. 18, IV)',
    blocking: 'Bloqueio dos dados (Art. 18, IV)',
    objection: 'Oposição ao tratamento (Art. 18, § 2º)',
    restriction: 'Bloqueio do tratamento (Art. 18, IV)',
    consent_withdrawal: 'Revogação do consentimento (Art. 18, IX)',
    sharing_info: 'Informação sobre compartilhamento (Art. 18, VII)',
    refusal_consequences: 'Informação sobre a possibilidade de não consentir e suas consequências (Art. 18, VIII)',
  },
  es: {
    confirmation: 'Confirmación de si se tratan mis datos (art. 15 RGPD)',
    access: 'Derecho de acceso (art. 15 RGPD)',
    portability: 'Derecho a la portabilidad (art. 20 RGPD)',
    correction: 'Derecho de rectificación (art. 16 RGPD)',
    erasure: 'Derecho de supresión («derecho al olvido», art. 17 RGPD)',
    anonymisation: 'Anonimización de mis datos (art. 17 RGPD)',
    blocking: 'Bloqueo de mis datos (art. 32 LOPDGDD)',
    objection: 'Derecho de oposición (art. 21 RGPD)',
    restriction: 'Derecho a la limitación del tratamiento (art. 18 RGPD)',
    consent_withdrawal: 'Retirada del consentimiento (art. 7.3 RGPD)',
    sharing_info: 'Información sobre destinatarios (art. 15.1.c RGPD)',
    refusal_consequences: 'Información sobre las consecuencias de no dar el consentimiento',
  },
  en: {
    confirmation: 'Confirm whether my data is processed (GDPR Art. 15; LGPD Art. 18 I)',
    access: 'Right of access (GDPR Art. 15; LGPD Art. 18 II)',
    portability: 'Right to data portability (GDPR Art. 20; LGPD Art. 18 V)',
    correction: 'Right to rectification (GDPR Art. 16; LGPD Art. 18 III)',
    erasure: 'Right to erasure (GDPR Art. 17; LGPD Art. 18 IV and VI)',
    anonymisation: 'Anonymisation of my data (LGPD Art. 18 IV)',
    blocking: 'Blocking of my data (LGPD Art. 18 IV)',
    objection: 'Right to object (GDPR Art. 21; LGPD Art. 18 §2)',
    restriction: 'Right to restriction of processing (GDPR Art. 18)',
    consent_withdrawal: 'Withdraw consent (GDPR Art. 7(3); LGPD Art. 18 IX)',
    sharing_info: 'Who my data is shared with (GDPR Art. 15(1)(c); LGPD Art. 18 VII)',
    refusal_consequences: 'What happens if I refuse consent (LGPD Art. 18 VIII)',
  },
};

export const STATUS_LABELS: Record<RequestLang, Record<DataSubjectRequestStatus, string>> = {
  'pt-BR': { received: 'recebida', identity_verified: 'identidade confirmada', in_progress: 'em andamento', extended: 'prazo prorrogado', completed: 'concluída', rejected: 'recusada' },
  es: { received: 'recibida', identity_verified: 'identidad verificada', in_progress: 'en curso', extended: 'plazo ampliado', completed: 'completada', rejected: 'denegada' },
  en: { received: 'received', identity_verified: 'identity verified', in_progress: 'in progress', extended: 'deadline extended', completed: 'completed', rejected: 'rejected' },
};
