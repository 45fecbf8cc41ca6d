import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from '../detect.js';
import { LANG_MASK, lexicon } from '../lexicons/index.js';
import { CHAR_DIGIT, CHAR_LOWER, CHAR_MARK, CHAR_OTHER, CHAR_UPPER, charClass, wordHash } from './fold.js';
import { MAX_CAPACITY, START_CAPACITY } from './token-pass.js';
import { T_ALLUPPER, T_ALPHA, T_DIGIT, T_LOWER, T_UPPER0, Tokens } from './tokenize.js';

interface RefToken {
  start: number;
  end: number;
  shape: number;
  hash: number;
  lex: number;
}

// The token rules written plainly from the JS definitions (charClass, wordHash, Lexicon.lookup),
// to hold the compiled pass to them.
function reference(text: string): { tokens: RefToken[]; at: number[]; colon: number[]; dashes: number } {
  const tokens: RefToken[] = [];
  const at: number[] = [];
  const colon: number[] = [];
  let dashes = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (charClass(c) === CHAR_OTHER) {
      if (c === 64 && i > 0 && text.charCodeAt(i - 1) !== 64) at.push(i);
      if (c === 45) dashes++;
      if (c === 58 && tokens.length > 0 && tokens[tokens.length - 1]!.end === i) colon.push(i);
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && charClass(text.charCodeAt(i)) !== CHAR_OTHER) i++;
    const word = text.slice(start, i);
    const classes = Array.from(word, (_, j) => charClass(word.charCodeAt(j)));
    let shape = 0;
    if (classes.includes(CHAR_DIGIT)) shape |= T_DIGIT;
    if (classes.includes(CHAR_LOWER) || classes.includes(CHAR_UPPER)) shape |= T_ALPHA;
    if (classes[0] === CHAR_UPPER) shape |= T_UPPER0;
    if (classes.includes(CHAR_LOWER)) shape |= T_LOWER;
    else if (shape & T_ALPHA) shape |= T_ALLUPPER;
    const hash = wordHash(word);
    const lex = shape & T_DIGIT || word.length > 24 ? 0 : lexicon.lookup(hash, word.length);
    tokens.push({ start, end: i, shape, hash, lex });
  }
  return { tokens, at, colon, dashes };
}

function actual(t: Tokens): RefToken[] {
  return Array.from({ length: t.count }, (_, k) => ({ start: t.start[k]!, end: t.end[k]!, shape: t.shape[k]!, hash: t.hash[k]!, lex: t.lex[k]! }));
}

function expectSameAsReference(t: Tokens, text: string): void {
  t.scan(text);
  const ref = reference(text);
  expect(actual(t)).toEqual(ref.tokens);
  expect(Array.from(t.atPos.subarray(0, t.nAt))).toEqual(ref.at);
  expect(Array.from(t.colonPos.subarray(0, t.nColon))).toEqual(ref.colon);
  expect(t.nDash).toBe(ref.dashes);
  expect(t.lexAny).toBe(ref.tokens.reduce((a, k) => a | k.lex, 0));
}

describe('the compiled token pass', () => {
  const tokens = new Tokens(lexicon, LANG_MASK);

  it('splits, hashes, shapes and looks up words as the JS definitions say (property)', () => {
    const pieces = fc.constantFrom(
      'Olá', 'JOÃO', 'e\u0301', 'São Paulo', 'senha', 'Rua', 'nasci', '111.444.777-35', 'x1234567l', 'AB', '@', '::', ':',
      'fe80::1', '-', ' ', '\n', '[', '😀', '\uD800', 'ǅ', 'ß', 'İ', '\u00a0', 'a'.repeat(30), 'Ͱ', '\u036f',
    );
    const texts = fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.array(pieces, { maxLength: 40 }).map((a) => a.join('')));
    fc.assert(
      fc.property(texts, (text) => {
        expectSameAsReference(tokens, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('counts function words per language and marks person starts and listed words', () => {
    tokens.scan('Olá, meu nome é Ana e eu não recebi o pedido. The order');
    expect(tokens.langPt).toBeGreaterThan(tokens.langEs);
    expect(tokens.langPt).toBeGreaterThan(tokens.langEn);
    const words = (list: Int32Array, n: number): string[] =>
      Array.from(list.subarray(0, n), (k) => 'Olá, meu nome é Ana e eu não recebi o pedido. The order'.slice(tokens.start[k]!, tokens.end[k]!));
    expect(words(tokens.nameIdx, tokens.nName)).toEqual(expect.arrayContaining(['Olá', 'Ana', 'The']));
    expect(words(tokens.wordIdx, tokens.nWord)).toEqual(expect.arrayContaining(['Olá', 'meu', 'nome', 'Ana', 'The']));
  });

  it('makes room for long texts, and refuses one longer than its limit with a RangeError', () => {
    const cpf = 'CPF 111.444.777-35';
    const filler = (units: number): string => 'obrigado pela ajuda '.repeat(Math.ceil(units / 20)).slice(0, units);
    for (const units of [START_CAPACITY + 1, 70_000, 10, 300_000, 5]) {
      const text = filler(units) + cpf;
      expectSameAsReference(tokens, text);
      const found = detect(text).find((e) => e.type === 'BR_CPF');
      expect(found, `${text.length} units`).toEqual(expect.objectContaining({ start: text.length - 14, end: text.length }));
    }
    expectSameAsReference(tokens, 'Ana, senha 1234');
    expect(() => detect('a'.repeat(MAX_CAPACITY + 1))).toThrow(RangeError);
    expect(detect(cpf)).toEqual([expect.objectContaining({ type: 'BR_CPF', start: 4, end: 18 })]);
  });

  it('treats combining marks as part of a word and leaves them out of its hash', () => {
    tokens.scan('Jose\u0301 José');
    expect(tokens.count).toBe(2);
    expect(tokens.hash[0]).toBe(tokens.hash[1]);
    expect(charClass(0x301)).toBe(CHAR_MARK);
  });
});
