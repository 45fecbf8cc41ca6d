export const ENTITY_TYPES = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'IBAN',
  'IP_ADDRESS',
  'BR_CPF',
  'BR_CNPJ',
  'BR_CEP',
  'BR_CNH',
  'BR_PIX_KEY',
  'ES_DNI',
  'ES_NIE',
  'PT_NIF',
  'DATE_OF_BIRTH',
  'PASSWORD',
  'PERSON',
  'ADDRESS',
] as const;

export type EntityType = (typeof ENTITY_TYPES)[number];

export const SENSITIVE_CATEGORIES = [
  'HEALTH',
  'RELIGION',
  'POLITICS',
  'SEX_LIFE',
  'ETHNICITY',
  'BIOMETRIC_GENETIC',
  'UNION',
  'CRIMINAL',
] as const;

export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];

export type Lang = 'pt' | 'es' | 'en';

/** A detected span. `start`/`end` are UTF-16 indices into the original text (end exclusive). */
export interface Entity {
  type: EntityType;
  start: number;
  end: number;
  /** 0..1; checksum-validated matches score highest. */
  score: number;
}

/** A message-level flag for a special category of personal data (LGPD Art. 11, GDPR Art. 9). */
export interface SensitiveFlag {
  category: SensitiveCategory;
  start: number;
  end: number;
  /** The lexicon term that matched (lower-case, without accents). */
  term: string;
}

export interface DetectOptions {
  lang?: Lang;
  types?: readonly string[];
}

/** What a recognizer proposes; the resolver picks a non-overlapping subset. */
export interface Candidate extends Entity {
  /** True when a checksum or an authoritative parser confirmed the match. */
  validated: boolean;
}
