/**
 * Legal bases of processing, with the article each law gives them. LGPD Art. 7 lists ten bases
 * (Art. 11 for sensitive data, without legitimate interest); GDPR Art. 6(1) six (Art. 9(2) for
 * special categories). One enum covers both, so a purpose is written once and cited per law.
 */
export const LEGAL_BASES = [
  'consent',
  'legal_obligation',
  'public_task',
  'research',
  'contract',
  'exercise_of_rights',
  'vital_interest',
  'health_protection',
  'legitimate_interest',
  'credit_protection',
  'fraud_prevention',
] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

interface BasisArticles {
  lgpd: string;
  lgpdSensitive: string | null;
  gdpr: string;
  gdprSensitive: string | null;
}

export const BASIS_ARTICLES: Record<LegalBasis, BasisArticles> = {
  consent: { lgpd: 'Art. 7 I', lgpdSensitive: 'Art. 11 I', gdpr: 'Art. 6(1)(a)', gdprSensitive: 'Art. 9(2)(a)' },
  legal_obligation: { lgpd: 'Art. 7 II', lgpdSensitive: 'Art. 11 II a', gdpr: 'Art. 6(1)(c)', gdprSensitive: 'Art. 9(2)(b)' },
  public_task: { lgpd: 'Art. 7 III', lgpdSensitive: 'Art. 11 II b', gdpr: 'Art. 6(1)(e)', gdprSensitive: 'Art. 9(2)(g)' },
  research: { lgpd: 'Art. 7 IV', lgpdSensitive: 'Art. 11 II c', gdpr: 'Art. 6(1)(e)', gdprSensitive: 'Art. 9(2)(j)' },
  contract: { lgpd: 'Art. 7 V', lgpdSensitive: null, gdpr: 'Art. 6(1)(b)', gdprSensitive: null },
  exercise_of_rights: { lgpd: 'Art. 7 VI', lgpdSensitive: 'Art. 11 II d', gdpr: 'Art. 6(1)(f)', gdprSensitive: 'Art. 9(2)(f)' },
  vital_interest: { lgpd: 'Art. 7 VII', lgpdSensitive: 'Art. 11 II e', gdpr: 'Art. 6(1)(d)', gdprSensitive: 'Art. 9(2)(c)' },
  health_protection: { lgpd: 'Art. 7 VIII', lgpdSensitive: 'Art. 11 II f', gdpr: 'Art. 6(1)(d)', gdprSensitive: 'Art. 9(2)(h)' },
  legitimate_interest: { lgpd: 'Art. 7 IX', lgpdSensitive: null, gdpr: 'Art. 6(1)(f)', gdprSensitive: null },
  credit_protection: { lgpd: 'Art. 7 X', lgpdSensitive: null, gdpr: 'Art. 6(1)(f)', gdprSensitive: null },
  fraud_prevention: { lgpd: 'Art. 11 II g', lgpdSensitive: 'Art. 11 II g', gdpr: 'Art. 6(1)(f)', gdprSensitive: 'Art. 9(2)(g)' },
};

/**
 * Why a basis cannot carry a purpose, or null when it can. Sensitive data has no legitimate-interest,
 * contract or credit-protection basis under LGPD Art. 11; fraud prevention is an Art. 11 basis only.
 */
export function basisProblem(basis: LegalBasis, sensitive: boolean): string | null {
  const a = BASIS_ARTICLES[basis];
  if (sensitive && (!a.lgpdSensitive || !a.gdprSensitive)) return `${basis} is not a legal basis for sensitive data (LGPD Art. 11, GDPR Art. 9(2))`;
  if (!sensitive && basis === 'fraud_prevention') return 'fraud_prevention is a basis for sensitive data only (LGPD Art. 11 II g); use legitimate_interest';
  return null;
}

export function articlesFor(basis: LegalBasis, sensitive: boolean): { lgpd: string; gdpr: string } {
  const a = BASIS_ARTICLES[basis];
  return { lgpd: (sensitive ? a.lgpdSensitive : null) ?? a.lgpd, gdpr: (sensitive ? a.gdprSensitive : null) ?? a.gdpr };
}

export type Jurisdiction = 'BR' | 'ES' | 'EU';

/** The law applied to an organisation's customers, from its country of establishment. */
export function jurisdictionOf(country: string): Jurisdiction {
  if (country === 'BR') return 'BR';
  if (country === 'ES') return 'ES';
  return 'EU';
}

export const JURISDICTION_LAW: Record<Jurisdiction, string> = {
  BR: 'LGPD (Lei 13.709/2018)',
  ES: 'GDPR (EU 2016/679) and LOPDGDD (LO 3/2018)',
  EU: 'GDPR (EU 2016/679)',
};

export const NOTICE_LANGS = ['pt-BR', 'es', 'en'] as const;
export type NoticeLang = (typeof NOTICE_LANGS)[number];

/** Any language tag onto the three notice languages (pt-PT reads pt-BR, es-MX reads es). */
export function noticeLang(tag: string | null | undefined, fallback: NoticeLang = 'en'): NoticeLang {
  const t = (tag ?? '').toLowerCase();
  if (t.startsWith('pt')) return 'pt-BR';
  if (t.startsWith('es')) return 'es';
  if (t.startsWith('en')) return 'en';
  return fallback;
}

export function defaultLangOf(country: string): NoticeLang {
  return country === 'BR' || country === 'PT' ? 'pt-BR' : country === 'ES' ? 'es' : 'en';
}
