import { detect, detectSensitive, mask, type Entity, type Lang } from '@sigilo/pii';
import type { MaskChoice } from './masking-policy.js';

export interface ProtectedText {
  /** What agents and search see, per the organisation's masking policy. */
  masked: string;
  /** What gets sealed: the original, except card numbers (last four digits only) and shared passwords. */
  sealable: string;
  piiTypes: string[];
  sensitive: string[];
  entities: Entity[];
}

const operator = { mask: 'redact', partial: 'partial' } as const;

/**
 * Detection and masking for one message. Card numbers never reach the database in full, in
 * either copy; a password typed into a chat is never kept at all.
 */
export function protectText(text: string, options: { lang?: Lang; policy: Record<string, MaskChoice> }): ProtectedText {
  const entities = detect(text, options.lang ? { lang: options.lang } : {});
  const hidden = entities.filter((e) => options.policy[e.type] !== 'show');
  const policy = Object.fromEntries(hidden.map((e) => [e.type, operator[options.policy[e.type] as 'mask' | 'partial']]));
  const masked = hidden.length ? mask(text, hidden, { operators: policy }) : text;
  const never = entities.filter((e) => e.type === 'CREDIT_CARD' || e.type === 'PASSWORD');
  const sealable = never.length ? mask(text, never, { operators: { CREDIT_CARD: 'partial', PASSWORD: 'redact' } }) : text;
  return {
    masked,
    sealable,
    piiTypes: [...new Set(entities.map((e) => e.type))].sort(),
    sensitive: [...new Set(detectSensitive(text).map((f) => f.category))].sort(),
    entities,
  };
}
