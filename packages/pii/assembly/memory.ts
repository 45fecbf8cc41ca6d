// Memory map of the compiled pass (byte offsets), fixed by the JS side (src/text/token-pass.ts)
// through layout(): HDR i32[32] of counts; BITS u8 per code unit below CHAR_LIMIT; FOLD u16 per
// code unit below FOLD_LIMIT; SCRATCH a few bytes for the recognizers; TABLE the lexicon probe
// table (i32 slots [hash, length, flags, 0]), then PERSON's key table (i32 slots [key, set bits];
// person.ts, setKeys()); TEXT the message as UTF-16 code units; then one array per token field,
// each with room for every token a TEXT of `cap` units can hold.

export const CHAR_LIMIT: u32 = 0x370;
export const FOLD_LIMIT: u32 = 0x250;
export const T_DIGIT: u32 = 1;
export const T_ALPHA: u32 = 2;
export const T_UPPER0: u32 = 4;
export const T_ALLUPPER: u32 = 8;
export const T_LOWER: u32 = 16;
export const T_UPPER_ANY: u32 = 32;
/** Character bit (BITS only, never in a token's shape): a letter that is not a hex digit. */
export const NOT_HEX: u32 = 128;

// Header slots (i32 index into HDR); the JS side reads them by the same numbers.
export const H_COUNT = 0;
export const H_AT = 1;
export const H_COLON = 2;
export const H_DIGIT = 3;
export const H_WORD = 4;
export const H_NAME = 5;
export const H_CODE = 6;
export const H_DASH = 7;
export const H_BRACKET = 8;
export const H_LEX_ANY = 9;
export const H_SHAPE_ANY = 10;
export const H_LANG_PT = 11;
export const H_LANG_ES = 12;
export const H_LANG_EN = 13;
// Then one count per number-shaped recognizer's start list (NUM_* in src/text/tokenize.ts).
export const H_NUM = 16;
export const NUM_CPF = 0;
export const NUM_CNPJ = 1;
export const NUM_CNH = 2;
export const NUM_CEP = 3;
export const NUM_DNI = 4;
export const NUM_NIE = 5;
export const NUM_NIF = 6;
export const NUM_IBAN = 7;
export const NUM_IP = 8;
export const NUM_CARD = 9;
export const NUM_PHONE = 10;

export let HDR: usize = 0;
export let BITS: usize = 0;
export let FOLD: usize = 0;
export let TABLE: usize = 0;
export let TMASK: u32 = 0;
export let TEXT: usize = 0;
export let START: usize = 0;
export let END: usize = 0;
export let SHAPE: usize = 0;
export let LEX: usize = 0;
export let HASH: usize = 0;
export let DIGIT_IDX: usize = 0;
export let WORD_IDX: usize = 0;
export let NAME_IDX: usize = 0;
export let CODE_IDX: usize = 0;
export let AT_POS: usize = 0;
export let COLON_POS: usize = 0;
/** The start lists, one after the other, `numStride` bytes apart (NUM_CPF first). */
export let NUM_IDX: usize = 0;
export let NUM_STRIDE: usize = 0;
/** Candidates of the compiled recognizers: i32 [start, end, validated] triples, and f64 scores. */
export let OUT: usize = 0;
export let OUT_SCORE: usize = 0;
export let SCRATCH: usize = 0;
/** Length of the text the last scan() read (reads past it give 0, like a missing character). */
export let TEXT_LEN: i32 = 0;

export function layout(
  hdr: usize, bits: usize, fold: usize, table: usize, tmask: u32, text: usize, start: usize, end: usize, shape: usize,
  lex: usize, hash: usize, digitIdx: usize, wordIdx: usize, nameIdx: usize, codeIdx: usize, atPos: usize, colonPos: usize,
  numIdx: usize, numStride: usize, out: usize, outScore: usize, scratch: usize,
): void {
  HDR = hdr;
  BITS = bits;
  FOLD = fold;
  TABLE = table;
  TMASK = tmask;
  TEXT = text;
  START = start;
  END = end;
  SHAPE = shape;
  LEX = lex;
  HASH = hash;
  DIGIT_IDX = digitIdx;
  WORD_IDX = wordIdx;
  NAME_IDX = nameIdx;
  CODE_IDX = codeIdx;
  AT_POS = atPos;
  COLON_POS = colonPos;
  NUM_IDX = numIdx;
  NUM_STRIDE = numStride;
  OUT = out;
  OUT_SCORE = outScore;
  SCRATCH = scratch;
}

export function setTextLength(n: i32): void {
  TEXT_LEN = n;
}

/** Code unit i of the text, 0 outside it (the JS recognizers' NaN: equal to nothing, not a digit or letter). */
@inline export function ch(i: i32): u32 {
  return i >= 0 && i < TEXT_LEN ? <u32>load<u16>(TEXT + (<usize>i << 1)) : 0;
}

@inline export function charAt(i: i32): u32 {
  return <u32>load<u16>(TEXT + (<usize>i << 1));
}

@inline export function i32At(base: usize, k: i32): i32 {
  return load<i32>(base + (<usize>k << 2));
}

@inline export function setI32(base: usize, k: i32, v: i32): void {
  store<i32>(base + (<usize>k << 2), v);
}

/** End of this module's static data (the checksum tables): the JS side's fixed area must start after it. */
export function staticEnd(): usize {
  return __heap_base;
}
