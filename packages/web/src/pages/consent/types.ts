// The consent API's shapes (docs/api.md, "Consent and transparency").
export type Lang = 'pt-BR' | 'es' | 'en';
export const LANGS: Lang[] = ['pt-BR', 'es', 'en'];
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
export const PURPOSE_CHANNELS = ['webchat', 'whatsapp', 'voice', 'email'] as const;

export interface Purpose {
  id: string;
  key: string;
  dataUse: string;
  names: Record<Lang, string>;
  descriptions: Record<Lang, string>;
  dataCategories: string[];
  legalBasis: (typeof LEGAL_BASES)[number];
  lgpdArticle: string;
  gdprArticle: string;
  sensitive: boolean;
  basisNote: string;
  retentionDays: number | null;
  retentionNote: string;
  recipients: Array<{ name: string; country: string; role: string }>;
  internationalTransfer: boolean;
  transferMechanism: string;
  channels: string[];
  consentValidityDays: number | null;
  active: boolean;
  requiresConsent: boolean;
  updatedAt: string;
}

export interface NoticeSettings {
  controllerName: string;
  controllerIdNumber: string;
  controllerAddress: string;
  controllerEmail: string;
  dpoName: string;
  dpoEmail: string;
  rightsUrl: string;
  texts: Partial<Record<Lang, { intro?: string; short?: string; recording?: string }>>;
}

export interface NoticeTexts {
  title: string;
  short: string;
  recording: string;
  sections: Array<{ id: string; heading: string; paragraphs: string[] }>;
}

export interface NoticeContent {
  texts: Record<Lang, NoticeTexts>;
  [key: string]: unknown;
}

export interface NoticeVersion {
  id: string;
  version: number;
  effectiveAt: string;
  contentHash: string;
  renewalPurposes: string[];
  changeNote: string;
  createdAt: string;
  content: NoticeContent;
}

export interface NoticePreview {
  content: NoticeContent;
  contentHash: string;
  changed: boolean;
  renewalPurposes: string[];
  currentVersion: number | null;
}

export interface LedgerEvent {
  id: string;
  seq: number;
  at: string;
  contactId: string;
  purposeKey: string;
  event: string;
  noticeVersion: number;
  channel: string;
  method: string;
  evidence: Record<string, unknown>;
  ipMasked: string | null;
  language: string;
  jurisdiction: string;
  actorType: string;
  receiptUrl: string;
}

export interface ConsentStateView {
  purpose: string;
  purposeId: string;
  names: Record<string, string>;
  legalBasis: string;
  requiresConsent: boolean;
  channels: string[];
  status: string;
  valid: boolean;
  lastEvent: { id: string; event: string; at: string; noticeVersion: number; channel: string; method: string } | null;
}

export interface RatePoint {
  bucket: string;
  purposeKey: string;
  channel: string;
  given: number;
  refused: number;
  withdrawn: number;
  renewed: number;
  expired: number;
}

export const consentKeys = {
  purposes: ['consent', 'purposes'] as const,
  settings: ['consent', 'settings'] as const,
  notices: ['consent', 'notices'] as const,
  preview: ['consent', 'preview'] as const,
  summary: ['consent', 'summary'] as const,
  rates: ['consent', 'rates'] as const,
  ledger: (purpose: string | null) => ['consent', 'ledger', purpose ?? 'all'] as const,
  lacking: (purpose: string) => ['consent', 'lacking', purpose] as const,
  contact: (contactId: string) => ['consent', 'contact', contactId] as const,
};

/** A purpose's name in the interface language. */
export function purposeName(p: { key: string; names: Record<string, string> }, language: string): string {
  const lang: Lang = language.startsWith('pt') ? 'pt-BR' : language.startsWith('es') ? 'es' : 'en';
  return p.names[lang] || p.names.en || p.key;
}

export const STATUS_COLOR: Record<string, string> = {
  given: 'teal',
  renewed: 'teal',
  refused: 'gray',
  withdrawn: 'orange',
  expired: 'yellow',
  renewal_needed: 'yellow',
  none: 'gray',
  not_applicable: 'blue',
};
