import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from '../detect.js';
import { LANG_MASK, lexicon } from '../lexicons/index.js';
import { CHAR_DIGIT, CHAR_LOWER, CHAR_MARK, CHAR_OTHER, CHAR_UPPER, charClass, wordHash } from './fold.js';
import { ReferenceTokens } from '../test-support/reference/index.js';
import { MAX_CAPACITY, RESIDENT_MAX, START_CAPACITY, layoutFor } from './token-pass.js';
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
      const last = tokens[tokens.length - 1];
      if (c === 58 && last && last.end === i && last.end - last.start <= 4 && !/[g-zG-Z\u00c0-\u024f]/.test(text.slice(last.start, last.end))) colon.push(i);
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

const SCALARS = ['count', 'nAt', 'nDigit', 'nWord', 'nName', 'nCode', 'nDash', 'bracketLine', 'lexAny', 'shapeAny', 'langPt', 'langEs', 'langEn'] as const;
const LISTS = [['atPos', 'nAt'], ['digitIdx', 'nDigit'], ['wordIdx', 'nWord'], ['nameIdx', 'nName'], ['codeIdx', 'nCode'], ['start', 'count'], ['end', 'count'], ['shape', 'count'], ['lex', 'count'], ['hash', 'count']] as const;

/** Every output of the compiled pass equals the JavaScript pass it replaced (colon anchors: see the reference test). */
function expectSameAsJavaScriptPass(t: Tokens, ref: ReferenceTokens, text: string): void {
  t.scan(text);
  ref.scan(text, lexicon, LANG_MASK);
  const label = JSON.stringify(text.slice(0, 60));
  for (const k of SCALARS) expect(t[k], `${k} of ${label}`).toBe(ref[k]);
  for (const [list, n] of LISTS) expect(firstDifference(t[list], ref[list], ref[n]), `${list} of ${label}`).toBe(-1);
  for (let kind = 0; kind < ref.numCount.length; kind++) {
    expect(t.numCount[kind], `numCount[${kind}] of ${label}`).toBe(ref.numCount[kind]);
    expect(firstDifference(t.numIdx[kind]!, ref.numIdx[kind]!, ref.numCount[kind]!), `numIdx[${kind}] of ${label}`).toBe(-1);
  }
}

/** Index of the first of the first n entries where a and b differ, -1 when none does (fast on long lists). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return -1;
}

describe('the compiled token pass', () => {
  const tokens = new Tokens(lexicon, LANG_MASK);
  const ref = new ReferenceTokens();
  const pieces = fc.constantFrom(
    'Olá', 'JOÃO', 'e\u0301', 'São Paulo', 'senha', 'Rua', 'nasci', '111.444.777-35', 'x1234567l', 'X', 'AB', 'ABCDEFGH', '@', '::', ':',
    'fe80::1', '-', ' ', '\n', '[', '😀', '\uD800', 'ǅ', 'ß', 'İ', '\u00a0', 'a'.repeat(30), 'Ͱ', '\u036f', '1 2 3', '1.1.1.1', '12.345.678-Z',
    '01310-100', '4111 1111', '11222333/0001', 'ES91 2100', '+55 (11)', '123456789012', '00', '/', ',', '192.168.',
  );

  it('gives the tokens, lists and counts of the JavaScript pass it replaced, for any text (property)', () => {
    const texts = fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.array(pieces, { maxLength: 40 }).map((a) => a.join('')));
    fc.assert(
      fc.property(texts, (text) => {
        expectSameAsJavaScriptPass(tokens, ref, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps doing so after growing, for dense texts at its capacity and for a shorter text after a longer one', () => {
    const dense = (unit: string, n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    for (const unit of ['a ', '1 ', '1.', 'a@', 'a:', '12.345.678-Z ', '1'.repeat(13) + ' ']) {
      for (const n of [START_CAPACITY - 1, START_CAPACITY, 2 * START_CAPACITY + 1]) expectSameAsJavaScriptPass(tokens, ref, dense(unit, n));
    }
    // The shared pass at its largest, then a pass of its own for a longer text.
    for (const n of [RESIDENT_MAX, RESIDENT_MAX + 1]) expectSameAsJavaScriptPass(tokens, ref, dense('1 a:', n));
    // The text region keeps the longer text's units past the end of the shorter one.
    expectSameAsJavaScriptPass(tokens, ref, '111.444.777-35 '.repeat(40));
    expectSameAsJavaScriptPass(tokens, ref, '111.444.777-3');
    expect(detect('111.444.777-3')).toEqual([]);
  });

  it('splits, hashes, shapes and looks up words as the JS definitions say (property)', () => {
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
    for (const units of [START_CAPACITY + 1, 70_000, 10, RESIDENT_MAX + 5, 5]) {
      const text = filler(units) + cpf;
      expectSameAsReference(tokens, text);
      const found = detect(text).find((e) => e.type === 'BR_CPF');
      expect(found, `${text.length} units`).toEqual(expect.objectContaining({ start: text.length - 14, end: text.length }));
    }
    expectSameAsReference(tokens, 'Ana, senha 1234');
    expect(() => detect('a'.repeat(MAX_CAPACITY + 1))).toThrow(RangeError);
    expect(detect(cpf)).toEqual([expect.objectContaining({ type: 'BR_CPF', start: 4, end: 18 })]);
  });

  it('lays out the longest pass inside 4 GiB, every array aligned and after the previous one', () => {
    const l = layoutFor(MAX_CAPACITY, lexicon.probeTable().byteLength);
    const offsets = [l.text, l.start, l.end, l.lex, l.hash, l.digitIdx, l.wordIdx, l.nameIdx, l.codeIdx, l.atPos, l.colonPos, l.out, l.outScore, l.numIdx, l.shape, l.memoryEnd];
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]).toBeGreaterThan(offsets[i - 1]!);
    for (const o of offsets) expect(o % 16).toBe(0);
    expect(l.memoryEnd).toBeLessThanOrEqual(2 ** 32);
    expect(l.start - l.text).toBeGreaterThanOrEqual(2 * MAX_CAPACITY);
    expect(l.numStride * 11).toBeLessThanOrEqual(l.shape - l.numIdx);
  });

  it('treats combining marks as part of a word and leaves them out of its hash', () => {
    tokens.scan('Jose\u0301 José');
    expect(tokens.count).toBe(2);
    expect(tokens.hash[0]).toBe(tokens.hash[1]);
    expect(charClass(0x301)).toBe(CHAR_MARK);
  });
});
