// Case- and accent-folding for Latin text, one UTF-16 unit in, one out, so folded
// offsets equal original offsets (no NFD length changes to map back).

export const CHAR_OTHER = 0;
export const CHAR_DIGIT = 1;
export const CHAR_LOWER = 2;
export const CHAR_UPPER = 3;
export const CHAR_MARK = 4; // combining diacritic: part of the word, ignored by folding

const TABLE_SIZE = 0x250;
/** Character class per code unit below U+0250 (Basic Latin .. Latin Extended-B). */
export const CHAR_CLASS = new Uint8Array(TABLE_SIZE);
/** Folded code unit: lower-case, diacritics removed. */
export const FOLD = new Uint16Array(TABLE_SIZE);

for (let c = 0; c < TABLE_SIZE; c++) {
  const ch = String.fromCharCode(c);
  FOLD[c] = c;
  if (c >= 48 && c <= 57) {
    CHAR_CLASS[c] = CHAR_DIGIT;
    continue;
  }
  if (c < 0x41 || (c > 0x5a && c < 0x61) || (c > 0x7a && c < 0xc0) || c === 0xd7 || c === 0xf7) continue;
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  if (lower === upper && c !== 0xdf) continue; // not a cased letter
  CHAR_CLASS[c] = lower !== ch ? CHAR_UPPER : CHAR_LOWER;
  const base = lower.normalize('NFD').charCodeAt(0);
  FOLD[c] = lower.length === 1 ? base : c;
}

export function charClass(c: number): number {
  if (c < TABLE_SIZE) return CHAR_CLASS[c]!;
  if (c >= 0x300 && c <= 0x36f) return CHAR_MARK;
  return CHAR_OTHER;
}

export function foldCode(c: number): number {
  return c < TABLE_SIZE ? FOLD[c]! : c;
}

/** Lower-case and strip Latin diacritics, keeping length (combining marks are dropped). */
export function foldString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x300 && c <= 0x36f) continue;
    out += String.fromCharCode(foldCode(c));
  }
  return out;
}

const UTF16 = new TextDecoder('utf-16le');

/** Same-length fold for whole texts (marks are kept as-is so offsets line up). */
export function foldText(s: string): string {
  const n = s.length;
  const buf = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    buf[i] = c < TABLE_SIZE ? FOLD[c]! : c;
  }
  return UTF16.decode(buf);
}

/** Hash of a folded word, identical to the one the tokenizer computes incrementally. */
export function wordHash(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 0x300 && c <= 0x36f) continue;
    h = (Math.imul(h, 31) + foldCode(c)) | 0;
  }
  return h;
}

/** Key of one folded word: its hash mixed with its length (the tokenizer's token length). */
export function wordKey(hash: number, len: number): number {
  return (hash ^ Math.imul(len, 0x9e3779b1)) | 0;
}

/** Extends a phrase key by one more word to the LEFT (phrases are keyed from their last word back). */
export function phraseKeyLeft(key: number, word: number): number {
  return (Math.imul(key, 0x01000193) ^ word) | 0;
}

/** Key of a phrase (words split at non-letters, like the tokenizer does), as the look-back builds it. */
export function phraseKey(phrase: string): number {
  const parts = phrase.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  let key = 0;
  for (let i = parts.length - 1; i >= 0; i--) {
    const w = parts[i]!;
    const k = wordKey(wordHash(w), w.normalize('NFC').length);
    key = i === parts.length - 1 ? k : phraseKeyLeft(key, k);
  }
  return key;
}
