import { createHmac } from 'node:crypto';
import type { Entity, EntityType } from './types.js';

export type MaskOperator = 'redact' | 'partial' | 'hash' | 'tokenize' | 'remove';

/** Caller-supplied reversible store: the same value should map to the same token. */
export interface TokenVault {
  tokenize(value: string, type: EntityType): string;
}

export interface MaskPolicy {
  /** Operator per type; types left out use DEFAULT_MASK_OPERATORS. */
  operators?: Partial<Record<EntityType, MaskOperator>>;
  /** HMAC-SHA256 key for `hash`. Required when any type uses it. */
  hashKey?: string | Uint8Array;
  /** Vault for `tokenize`. Required when any type uses it. */
  vault?: TokenVault;
}

export const PLACEHOLDERS: Record<EntityType, string> = {
  EMAIL: 'EMAIL',
  PHONE: 'PHONE',
  CREDIT_CARD: 'CARD',
  IBAN: 'IBAN',
  IP_ADDRESS: 'IP',
  BR_CPF: 'CPF',
  BR_CNPJ: 'CNPJ',
  BR_CEP: 'CEP',
  BR_CNH: 'CNH',
  BR_PIX_KEY: 'PIX',
  ES_DNI: 'DNI',
  ES_NIE: 'NIE',
  PT_NIF: 'NIF',
  DATE_OF_BIRTH: 'DOB',
  PASSWORD: 'PASSWORD',
  PERSON: 'PERSON',
  ADDRESS: 'ADDRESS',
};

/** What agents see by default: numbers keep their last digits, everything else a placeholder. */
export const DEFAULT_MASK_OPERATORS: Readonly<Record<EntityType, MaskOperator>> = {
  EMAIL: 'redact',
  PHONE: 'partial',
  CREDIT_CARD: 'partial',
  IBAN: 'partial',
  IP_ADDRESS: 'redact',
  BR_CPF: 'partial',
  BR_CNPJ: 'partial',
  BR_CEP: 'redact',
  BR_CNH: 'partial',
  BR_PIX_KEY: 'redact',
  ES_DNI: 'partial',
  ES_NIE: 'partial',
  PT_NIF: 'partial',
  DATE_OF_BIRTH: 'redact',
  PASSWORD: 'redact',
  PERSON: 'redact',
  ADDRESS: 'redact',
};

export const DEFAULT_MASK_POLICY: MaskPolicy = { operators: DEFAULT_MASK_OPERATORS };

const isAlnumCode = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Keeps the last `keep` letters/digits and the separators, stars the rest: "***.***.789-09".
 * Free text (names, addresses) keeps only the first letter of each word.
 */
export function partialMask(value: string, type: EntityType): string {
  if (type === 'PERSON' || type === 'ADDRESS' || type === 'PASSWORD' || type === 'DATE_OF_BIRTH' || type === 'EMAIL') {
    if (type === 'PASSWORD') return '*'.repeat(Math.min(value.length, 8));
    return value.replace(/(\p{L})[\p{L}\p{M}]*|\p{N}/gu, (m, first: string | undefined) => (first ? first + '*'.repeat(m.length - first.length) : '*'));
  }
  // The CPF convention shows the last block and check digits (***.***.789-09); everything else the last 4.
  const keep = type === 'BR_CPF' ? 5 : 4;
  let alnum = 0;
  for (let i = 0; i < value.length; i++) if (isAlnumCode(value.charCodeAt(i))) alnum++;
  let seen = 0;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!isAlnumCode(c) || (c === 43 && i === 0)) {
      out += value[i];
      continue;
    }
    seen++;
    out += seen > alnum - keep ? value[i] : '*';
  }
  return out;
}

function hmac(key: string | Uint8Array, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 16);
}

function replacement(value: string, type: EntityType, op: MaskOperator, policy: MaskPolicy): string {
  const tag = PLACEHOLDERS[type];
  switch (op) {
    case 'remove':
      return '';
    case 'partial':
      return partialMask(value, type);
    case 'hash':
      if (policy.hashKey === undefined) throw new TypeError('mask: the hash operator needs policy.hashKey');
      return `[${tag}:${hmac(policy.hashKey, value)}]`;
    case 'tokenize':
      if (!policy.vault) throw new TypeError('mask: the tokenize operator needs policy.vault');
      return policy.vault.tokenize(value, type);
    case 'redact':
    default:
      return `[${tag}]`;
  }
}

/** Cards must never show more than the last four digits, whatever a policy says (PCI DSS 3.4). */
function enforceCardRule(out: string, value: string, type: EntityType, op: MaskOperator): string {
  if (type !== 'CREDIT_CARD' || op === 'tokenize' || op === 'hash') return out;
  const digits = out.replace(/\D/g, '');
  return digits.length > 4 || !value.replace(/\D/g, '').endsWith(digits) ? partialMask(value, type) : out;
}

/**
 * Replaces each entity's span by its operator's output. Entities may come unsorted or
 * overlapping (e.g. merged from several sources): overlaps keep the earlier, longer one.
 */
export function mask(text: string, entities: readonly Entity[], policy: MaskPolicy = DEFAULT_MASK_POLICY): string {
  if (typeof text !== 'string' || entities.length === 0) return typeof text === 'string' ? text : '';
  const ops = { ...DEFAULT_MASK_OPERATORS, ...policy.operators };
  const sorted = entities
    .filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end <= text.length && e.end > e.start)
    .slice()
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) continue;
    const value = text.slice(e.start, e.end);
    const op = ops[e.type] ?? 'redact';
    out += text.slice(pos, e.start) + enforceCardRule(replacement(value, e.type, op, policy), value, e.type, op);
    pos = e.end;
  }
  return out + text.slice(pos);
}
