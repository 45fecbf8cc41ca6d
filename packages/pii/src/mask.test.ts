import { describe, expect, it } from 'vitest';
import { detect } from './detect.js';
import { DEFAULT_MASK_OPERATORS, mask, partialMask, type MaskOperator, type TokenVault } from './mask.js';
import { ENTITY_TYPES } from './types.js';

const text = 'CPF 123.456.789-09, cartão 4111 1111 1111 1111, tel (11) 98765-4321, ana@exemplo.com';
const ents = [
  { type: 'BR_CPF' as const, start: 4, end: 18, score: 1 },
  ...detect(text).filter((e) => e.type !== 'BR_CPF'),
];

describe('mask', () => {
  it('partial keeps separators and the last digits', () => {
    expect(partialMask('123.456.789-09', 'BR_CPF')).toBe('***.***.789-09');
    expect(partialMask('4111 1111 1111 1111', 'CREDIT_CARD')).toBe('**** **** **** 1111');
    expect(partialMask('(11) 98765-4321', 'PHONE')).toBe('(**) *****-4321');
    expect(partialMask('12345678Z', 'ES_DNI')).toBe('*****678Z');
  });

  it('applies the default policy', () => {
    expect(mask(text, ents)).toBe('CPF ***.***.789-09, cartão **** **** **** 1111, tel (**) *****-4321, [EMAIL]');
  });

  it('redacts, removes, hashes and tokenizes', () => {
    const all = (op: MaskOperator) => Object.fromEntries(ENTITY_TYPES.map((t) => [t, op]));
    expect(mask(text, ents, { operators: all('redact') })).toBe('CPF [CPF], cartão [CARD], tel [PHONE], [EMAIL]');
    expect(mask(text, ents, { operators: all('remove') })).toBe('CPF , cartão , tel , ');
    const hashed = mask(text, ents, { operators: all('hash'), hashKey: 'k' });
    expect(hashed).toMatch(/^CPF \[CPF:[0-9a-f]{16}\], cartão \[CARD:[0-9a-f]{16}\]/);
    expect(mask(text, ents, { operators: all('hash'), hashKey: 'k' })).toBe(hashed);
    expect(mask(text, ents, { operators: all('hash'), hashKey: 'other' })).not.toBe(hashed);
    const store = new Map<string, string>();
    const vault: TokenVault = { tokenize: (v, t) => { const tok = `tok_${t}_${store.size}`; store.set(tok, v); return tok; } };
    const tokenized = mask(text, ents, { operators: all('tokenize'), vault });
    expect(tokenized).toBe('CPF tok_BR_CPF_0, cartão tok_CREDIT_CARD_1, tel tok_PHONE_2, tok_EMAIL_3');
    expect(store.get('tok_CREDIT_CARD_1')).toBe('4111 1111 1111 1111');
  });

  it('never lets more than the last four card digits through', () => {
    for (const op of ['redact', 'partial', 'hash', 'remove'] as const) {
      const out = mask(text, ents, { operators: { CREDIT_CARD: op }, hashKey: 'k' });
      expect(out).not.toMatch(/4111 1111/);
      expect(out.replace(/\[[A-Z]+:[0-9a-f]+\]/g, '')).not.toMatch(/\d{5}/);
    }
  });

  it('needs a key for hash and a vault for tokenize', () => {
    expect(() => mask(text, ents, { operators: { EMAIL: 'hash' } })).toThrow(/hashKey/);
    expect(() => mask(text, ents, { operators: { EMAIL: 'tokenize' } })).toThrow(/vault/);
  });

  it('tolerates unsorted, overlapping and out-of-range entities', () => {
    const odd = [ents[1]!, ents[0]!, { type: 'PERSON' as const, start: 5, end: 9, score: 1 }, { type: 'PERSON' as const, start: -1, end: 999, score: 1 }];
    expect(mask(text, odd)).toContain('CPF ***.***.789-09, cartão **** **** **** 1111');
  });

  it('has a default for every type', () => {
    for (const t of ENTITY_TYPES) expect(DEFAULT_MASK_OPERATORS[t]).toBeDefined();
  });
});
