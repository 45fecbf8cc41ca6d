// The number-shaped recognizers (CPF, CNPJ, CNH, CEP, DNI, NIE, NIF, PIX random key, card) over
// the token arrays of the last scan(). Each was a JS module with a sticky regex per shape; the
// shapes are written out here (each is deterministic: an optional separator is never a digit or
// letter, so a regex could not backtrack into another match). The wrappers in src/recognizers/
// turn the candidates into objects. src/recognizers/numbers.test.ts holds them to the JavaScript
// recognizers they replaced (a frozen copy in src/test-support/reference/).

import {
  CODE_IDX, END, H_CODE, H_COUNT, H_DASH, H_LEX_ANY, H_NUM, HDR, LEX, NUM_CARD, NUM_CEP, NUM_CNH, NUM_CNPJ, NUM_CPF,
  NUM_DNI, NUM_IDX, NUM_NIE, NUM_NIF, NUM_STRIDE, OUT, OUT_SCORE, SCRATCH, SHAPE, START, T_ALLUPPER, T_ALPHA, T_DIGIT,
  TEXT_LEN, ch, i32At,
} from './memory';

// Recognizer ids for recognize(): the number lists' own ids, and one for the PIX key.
export const R_PIX = 11;

// Lexicon cue bits (LEX in src/text/lexicon.ts; token-pass.ts checks them against these at load).
export const CUE_PHONE: i32 = 1 << 19;
export const CUE_CPF: i32 = 1 << 20;
export const CUE_CNPJ: i32 = 1 << 21;
export const CUE_CEP: i32 = 1 << 22;
export const CUE_CNH: i32 = 1 << 23;
export const CUE_NIF: i32 = 1 << 24;
export const CUE_PIX: i32 = 1 << 25;
export const CUE_CARD: i32 = 1 << 26;
export const CUE_NOT_PII: i32 = 1 << 27;

/** validated = 2: a bare 8-digit CEP whose cue can only be in the question line before (JS checks). */
export const NEEDS_QUESTION_CUE = 2;

let emitted: i32 = 0;

/** Starts a recognizer's candidate list (emit() appends to it). */
export function beginEmit(): void {
  emitted = 0;
}

/** Drops the candidate emitted last. */
export function unemit(): void {
  if (emitted > 0) emitted--;
}

/** Candidates emitted since beginEmit(). */
export function emittedCount(): i32 {
  return emitted;
}

// Each recognizer emits at most one candidate per entry of the lists it walks (CNPJ walks two),
// which fits the room for one per token; the test only guards the memory past OUT and OUT_SCORE
// (the start lists follow them) against a bug.
export function emit(s: i32, e: i32, score: f64, validated: i32): void {
  if (<usize>emitted >= (OUT_SCORE - OUT) / 12 || <usize>emitted >= (NUM_IDX - OUT_SCORE) / 8) return;
  const o = OUT + <usize>emitted * 12;
  store<i32>(o, s);
  store<i32>(o, e, 4);
  store<i32>(o, validated, 8);
  store<f64>(OUT_SCORE + (<usize>emitted << 3), score);
  emitted++;
}

@inline export function isDigit(c: u32): bool {
  return c >= 48 && c <= 57;
}

@inline function isUpper(c: u32): bool {
  return c >= 65 && c <= 90;
}

@inline function isLetter(c: u32): bool {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

@inline function isHex(c: u32): bool {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

@inline export function isAlnum(c: u32): bool {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c < 0x250 && c != 0xd7 && c != 0xf7);
}

@inline function numSep(c: u32): bool {
  return c == 46 || c == 45 || c == 47 || c == 44;
}

/** No letter/digit touches the span on the left, and it is not the tail of a longer dotted/dashed number. */
function leftClear(s: i32): bool {
  if (s == 0) return true;
  const c = ch(s - 1);
  if (isAlnum(c)) return false;
  if (numSep(c) && s >= 2 && isDigit(ch(s - 2))) return false;
  return true;
}

/** Same on the right. */
function rightClear(e: i32): bool {
  if (e >= TEXT_LEN) return true;
  const c = ch(e);
  if (isAlnum(c)) return false;
  if (numSep(c) && e + 1 < TEXT_LEN && isDigit(ch(e + 1))) return false;
  return true;
}

@inline function sepDigit(i: i32, sep: u32): bool {
  return ch(i) == sep && isDigit(ch(i + 1));
}

/** `n` digits from text[p]. */
function digitsAt(p: i32, n: i32): bool {
  for (let i = 0; i < n; i++) if (!isDigit(ch(p + i))) return false;
  return true;
}

function tokenFrom(pos: i32): i32 {
  let lo = 0;
  let hi = i32At(HDR, H_COUNT);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (i32At(START, mid) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** ScanContext.cueFlagBefore: one of the `max` tokens before `pos` carries `flag`, within the sentence. */
export function cueFlagBefore(pos: i32, flag: i32, max: i32): bool {
  if (!(i32At(HDR, H_LEX_ANY) & flag)) return false;
  let k = tokenFrom(pos) - 1;
  let boundary = pos;
  for (let seen = 0; k >= 0 && seen < max; k--, seen++) {
    const e = i32At(END, k);
    for (let i = e; i < boundary; i++) {
      const c = ch(i);
      if (c == 10 || c == 33 || c == 63 || (c == 46 && i + 1 < boundary && ch(i + 1) == 32 && i > e)) return false;
    }
    if (i32At(LEX, k) & flag) return true;
    boundary = i32At(START, k);
  }
  return false;
}

/** The digits (or, for CNPJ, code characters) of text[s, e) into SCRATCH as values c - 48; returns how many. */
function collect(s: i32, e: i32, codes: bool): i32 {
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = ch(i);
    if (isDigit(c) || (codes && isUpper(c))) {
      store<u8>(SCRATCH + <usize>n, <u8>(c - 48));
      n++;
    }
  }
  return n;
}

@inline function d(i: i32): i32 {
  return <i32>load<u8>(SCRATCH + <usize>i);
}

function allSame(n: i32): bool {
  for (let i = 1; i < n; i++) if (d(i) != d(0)) return false;
  return true;
}

// ---- CPF: 111.444.777-35, 11144477735 or 111 444 777 35 (Receita Federal mod-11 check digits).

function cpfEnd(s: i32): i32 {
  let p = s;
  if (!digitsAt(p, 3)) return -1;
  p += 3;
  const sep = ch(p);
  const hasSep = sep == 46 || sep == 32;
  if (hasSep) p++;
  if (!digitsAt(p, 3)) return -1;
  p += 3;
  if (hasSep) {
    if (ch(p) != sep) return -1;
    p++;
  }
  if (!digitsAt(p, 3)) return -1;
  p += 3;
  const sep2 = ch(p);
  if (sep2 == 45 || sep2 == 46 || sep2 == 32) p++;
  return digitsAt(p, 2) ? p + 2 : -1;
}

function validCpf(): bool {
  if (allSame(11)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += d(i) * (10 - i);
  let r = (sum * 10) % 11;
  if (r == 10) r = 0;
  if (r != d(9)) return false;
  sum = 0;
  for (let i = 0; i < 10; i++) sum += d(i) * (11 - i);
  r = (sum * 10) % 11;
  if (r == 10) r = 0;
  return r == d(10);
}

function cpf(): void {
  const list = NUM_IDX + <usize>NUM_CPF * NUM_STRIDE;
  for (let q = 0, nq = i32At(HDR, H_NUM + NUM_CPF); q < nq; q++) {
    const k = i32At(list, q);
    const s = i32At(START, k);
    const len = i32At(END, k) - s;
    if (len != 3 && len != 9 && len != 11) continue;
    if (len != 11) {
      const c = ch(s + len);
      if (!(c == 46 || c == 32 || (len == 9 && c == 45)) || !isDigit(ch(s + len + 1))) continue;
    }
    if (!isDigit(ch(s)) || !leftClear(s)) continue;
    const e = cpfEnd(s);
    if (e < 0 || !rightClear(e)) continue;
    if (collect(s, e, false) != 11 || !validCpf()) continue;
    const cued = cueFlagBefore(s, CUE_CPF, 6);
    if (!cued && cueFlagBefore(s, CUE_NOT_PII, 3)) continue;
    const formatted = e - s == 14;
    let score = cued ? 0.99 : formatted ? 0.96 : 0.9;
    if (!cued && !formatted && cueFlagBefore(s, CUE_PHONE, 4)) score = 0.6;
    emit(s, e, score, 1);
  }
}

// ---- CNPJ: numeric (11.222.333/0001-81) and alphanumeric (12 characters [0-9A-Z] + 2 numeric check digits).

@inline function isCode(c: u32): bool {
  return isDigit(c) || isUpper(c);
}

function codesAt(p: i32, n: i32): bool {
  for (let i = 0; i < n; i++) if (!isCode(ch(p + i))) return false;
  return true;
}

function cnpjEnd(s: i32): i32 {
  let p = s;
  if (!codesAt(p, 2)) return -1;
  p += 2;
  const dot = ch(p) == 46;
  if (dot) p++;
  if (!codesAt(p, 3)) return -1;
  p += 3;
  if (dot) {
    if (ch(p) != 46) return -1;
    p++;
  }
  if (!codesAt(p, 3)) return -1;
  p += 3;
  if (ch(p) == 47) p++;
  if (!codesAt(p, 4)) return -1;
  p += 4;
  if (ch(p) == 45) p++;
  return digitsAt(p, 2) ? p + 2 : -1;
}

function cnpjDv(len: i32): i32 {
  let sum = 0;
  let w = 2;
  for (let i = len - 1; i >= 0; i--) {
    sum += d(i) * w;
    w = w == 9 ? 2 : w + 1;
  }
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

function tryCnpj(s: i32, len: i32): void {
  if (len != 14) {
    const c = ch(s + len);
    const n = ch(s + len + 1);
    if (c != (len == 2 ? 46 : len == 8 ? 47 : 45) || !(isDigit(n) || (len != 12 && isUpper(n)))) return;
  }
  if (!leftClear(s)) return;
  const e = cnpjEnd(s);
  if (e < 0 || !rightClear(e)) return;
  collect(s, e, true); // 14 code characters by the shape
  let digitsOnly = true;
  let digitIn12 = false;
  for (let i = 0; i < 14; i++) {
    const v = d(i);
    if (v > 9) digitsOnly = false;
    else if (i < 12) digitIn12 = true;
  }
  if (digitsOnly && allSame(14)) return;
  if (cnpjDv(12) != d(12) || cnpjDv(13) != d(13)) return;
  const cued = cueFlagBefore(s, CUE_CNPJ, 6);
  if (!cued && cueFlagBefore(s, CUE_NOT_PII, 3)) return;
  // A plain alphanumeric code needs at least a digit and a letter to look like the new CNPJ.
  if (!digitsOnly && !digitIn12) return;
  const formatted = e - s == 18;
  emit(s, e, cued ? 0.99 : formatted ? 0.96 : 0.9, 1);
}

function cnpj(): void {
  const list = NUM_IDX + <usize>NUM_CNPJ * NUM_STRIDE;
  for (let q = 0, nq = i32At(HDR, H_NUM + NUM_CNPJ); q < nq; q++) {
    const k = i32At(list, q);
    const len = i32At(END, k) - i32At(START, k);
    if (len == 2 || len == 8 || len == 12 || len == 14) tryCnpj(i32At(START, k), len);
  }
  // Alphanumeric CNPJ can start with letters: "AB.CDE.123/0001-..".
  for (let q = 0, nq = i32At(HDR, H_CODE); q < nq; q++) {
    const k = i32At(CODE_IDX, q);
    const len = i32At(END, k) - i32At(START, k);
    if (<u32>load<u8>(SHAPE + <usize>k) & T_ALLUPPER && (len == 2 || len == 8 || len == 12 || len == 14)) tryCnpj(i32At(START, k), len);
  }
}

// ---- CNH: 11 digits with the DENATRAN check digits.

function validCnh(): bool {
  if (allSame(11)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += d(i) * (9 - i);
  let d1 = sum % 11;
  let dec = 0;
  if (d1 >= 10) {
    d1 = 0;
    dec = 2;
  }
  sum = 0;
  for (let i = 0; i < 9; i++) sum += d(i) * (i + 1);
  let d2 = (sum % 11 - dec + 11) % 11;
  if (d2 >= 10) d2 = 0;
  return d1 == d(9) && d2 == d(10);
}

function cnh(): void {
  const list = NUM_IDX + <usize>NUM_CNH * NUM_STRIDE;
  for (let q = 0, nq = i32At(HDR, H_NUM + NUM_CNH); q < nq; q++) {
    const k = i32At(list, q);
    const s = i32At(START, k);
    if (i32At(END, k) - s != 11 || !leftClear(s)) continue;
    if (!digitsAt(s, 11) || !rightClear(s + 11)) continue;
    collect(s, s + 11, false);
    if (!validCnh()) continue;
    const cued = cueFlagBefore(s, CUE_CNH, 6);
    if (!cued && cueFlagBefore(s, CUE_NOT_PII, 3)) continue;
    // Without a cue an 11-digit number that passes the CNH check is weaker than a CPF or a phone.
    emit(s, s + 11, cued ? 0.995 : 0.55, cued ? 1 : 0);
  }
}

// ---- CEP: 01310-100 or 01.310-100; a bare 8-digit run only with a "CEP" cue before it.

function cep(): void {
  const list = NUM_IDX + <usize>NUM_CEP * NUM_STRIDE;
  for (let q = 0, nq = i32At(HDR, H_NUM + NUM_CEP); q < nq; q++) {
    const k = i32At(list, q);
    const s = i32At(START, k);
    const len = i32At(END, k) - s;
    if (len != 5 && len != 2 && len != 8) continue;
    if (len != 8 && !sepDigit(s + len, len == 5 ? 45 : 46)) continue;
    if (!leftClear(s)) continue;
    let e = -1;
    let cued = false;
    if (len != 8) {
      if (digitsAt(s, 5) && ch(s + 5) == 45 && digitsAt(s + 6, 3)) e = s + 9;
      else if (digitsAt(s, 2) && ch(s + 2) == 46 && digitsAt(s + 3, 3) && ch(s + 6) == 45 && digitsAt(s + 7, 3)) e = s + 10;
    } else if (digitsAt(s, 8)) {
      e = s + 8;
      cued = cueFlagBefore(s, CUE_CEP, 3);
      if (!cued) {
        // Only a cue in the question line before can make it a CEP: the JS side looks.
        if (rightClear(e)) emit(s, e, 0.95, NEEDS_QUESTION_CUE);
        continue;
      }
    }
    if (e < 0 || !rightClear(e)) continue;
    cued = cued || cueFlagBefore(s, CUE_CEP, 3);
    if (!cued && cueFlagBefore(s, CUE_NOT_PII, 3)) continue;
    emit(s, e, cued ? 0.95 : 0.7, cued ? 1 : 0);
  }
}

// ---- ES DNI (12345678Z, 12345678-Z, 12345678 Z, 12.345.678-Z) and NIE (X1234567L): mod-23 letter.

function dniLetterOk(num: i32, letter: u32): bool {
  // "TRWAGMYFPDXBNJZSQVHLCKE"
  const letters = memory.data<u8>([84, 82, 87, 65, 71, 77, 89, 70, 80, 68, 88, 66, 78, 74, 90, 83, 81, 86, 72, 76, 67, 75, 69]);
  const upper = letter >= 97 ? letter - 32 : letter;
  return <u32>load<u8>(letters + <usize>(num % 23)) == upper;
}

function dni(): void {
  const list = NUM_IDX + <usize>NUM_DNI * NUM_STRIDE;
  for (let q = 0, nq = i32At(HDR, H_NUM + NUM_DNI); q < nq; q++) {
    const k = i32At(list, q);
    const s = i32At(START, k);
    const len = i32At(END, k) - s;
    if (len != 8 && len != 9 && len != 2) continue;
    if (len == 2) {
      if (!sepDigit(s + 2, 46)) continue;
    } else {
      const c = ch(len == 9 ? s + 8 : s + 9) | 32;
      if (c < 97 || c > 122 || (len == 8 && ch(s + 8) != 45 && ch(s + 8) != 32)) continue;
    }
    if (!leftClear(s)) continue;
    let p = -1;
    if (digitsAt(s, 8)) p = s + 8;
    else if (digitsAt(s, 2) && ch(s + 2) == 46 && digitsAt(s + 3, 3) && ch(s + 6) == 46 && digitsAt(s + 7, 3)) p = s + 10;
    if (p < 0) continue;
    const sep = ch(p);
    const spaced = sep == 32;
    if (sep == 45 || sep == 32) p++;
    const letter = ch(p);
    if (!isLetter(letter)) continue;
    const e = p + 1;
    if (!rightClear(e)) continue;
    // "12345678 y …": a spaced lower-case letter is a word, not a control letter.
    if (spaced && letter >= 97) continue;
    collect(s, p, false);
    let num = 0;
    for (let i = 0; i < 8; i++) num = num * 10 + d(i);
    if (!dniLetterOk(num, letter)) continue;
    emit(s, e, 0.97, 1);
  }
}

function tryNie(s: i32): void {
  if (!leftClear(s)) return;
  const x = ch(s) | 32;
  if (x < 120 || x > 122) return;
  let p = s + 1;
  const sep1 = ch(p);
  if (sep1 == 45 || sep1 == 32) p++;
  if (!digitsAt(p, 7)) return;
  let num = <i32>(x - 120); // X, Y, Z stand for 0, 1, 2
  for (let i = 0; i < 7; i++) num = num * 10 + <i32>(ch(p + i) - 48);
  p += 7;
  const sep2 = ch(p);
  if (sep2 == 45 || sep2 == 32) p++;
  const letter = ch(p);
  if (!isLetter(letter)) return;
  const e = p + 1;
  if (!rightClear(e)) return;
  if (!dniLetterOk(num, letter)) return;
  if (sep2 == 32 && letter >= 97) return;
  emit(s, e, 0.97, 1);
}

function nie(): void {
  const list = NUM_IDX + <usize>NUM_NIE * NUM_STRIDE;
  for (let q = 0, nq = i32At(HDR, H_NUM + NUM_NIE); q < nq; q++) {
    const s = i32At(START, i32At(list, q));
    const c = ch(s) | 32;
    if (c >= 120 && c <= 122) tryNie(s);
  }
  for (let q = 0, nq = i32At(HDR, H_CODE); q < nq; q++) {
    const k = i32At(CODE_IDX, q);
    if (i32At(END, k) - i32At(START, k) != 1) continue;
    const s = i32At(START, k);
    const c = ch(s) | 32;
    if (c >= 120 && c <= 122) tryNie(s);
  }
}

// ---- PT NIF/NIPC: 9 digits (or 3 3 3), weights 9..2 mod 11.

function nif(): void {
  const list = NUM_IDX + <usize>NUM_NIF * NUM_STRIDE;
  for (let q = 0, nq = i32At(HDR, H_NUM + NUM_NIF); q < nq; q++) {
    const k = i32At(list, q);
    const s = i32At(START, k);
    const len = i32At(END, k) - s;
    if ((len != 9 && len != 3) || (len == 3 && !sepDigit(s + 3, 32)) || !leftClear(s)) continue;
    let e = -1;
    if (digitsAt(s, 9)) e = s + 9;
    else if (digitsAt(s, 3) && ch(s + 3) == 32 && digitsAt(s + 4, 3) && ch(s + 7) == 32 && digitsAt(s + 8, 3)) e = s + 11;
    if (e < 0 || !rightClear(e)) continue;
    collect(s, e, false);
    if (d(0) == 0 || d(0) == 4) continue;
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += d(i) * (9 - i);
    const r = sum % 11;
    if ((r < 2 ? 0 : 11 - r) != d(8)) continue;
    const cued = cueFlagBefore(s, CUE_NIF, 5);
    if (!cued && cueFlagBefore(s, CUE_NOT_PII, 3)) continue;
    // Nine digits collide with Iberian phone numbers: without a cue only personal NIFs (1–3) count.
    if (!cued && d(0) > 3) continue;
    emit(s, e, cued ? 0.98 : 0.7, cued ? 1 : 0);
  }
}

// ---- PIX random key: a UUID (v4 on its own, any version with a PIX cue).

function hexAt(p: i32, n: i32): bool {
  for (let i = 0; i < n; i++) if (!isHex(ch(p + i))) return false;
  return true;
}

function pix(): void {
  if (i32At(HDR, H_DASH) < 4) return;
  for (let k = 0, count = i32At(HDR, H_COUNT); k < count; k++) {
    const s = i32At(START, k);
    if (i32At(END, k) - s != 8 || ch(s + 8) != 45) continue;
    if (s > 0 && (isAlnum(ch(s - 1)) || ch(s - 1) == 45)) continue;
    if (!hexAt(s, 8) || !hexAt(s + 9, 4) || ch(s + 13) != 45 || !hexAt(s + 14, 4) || ch(s + 18) != 45 || !hexAt(s + 19, 4) || ch(s + 23) != 45 || !hexAt(s + 24, 12)) continue;
    const e = s + 36;
    if (e < TEXT_LEN && (isAlnum(ch(e)) || ch(e) == 45)) continue;
    const variant = ch(s + 19) | 32;
    const v4 = ch(s + 14) == 52 && (variant == 56 || variant == 57 || variant == 97 || variant == 98);
    if (!v4 && !cueFlagBefore(s, CUE_PIX, 5)) continue;
    emit(s, e, v4 ? 0.97 : 0.7, v4 ? 1 : 0);
  }
}

// ---- Payment cards: 13..19 digits, one consistent separator, Luhn and a known issuer range.

// Card digits gathered so far (code units: a token may hold a combining mark, as in JS).
let cardLen: i32 = 0;

@inline function cardAt(i: i32): i32 {
  return <i32>load<u16>(SCRATCH + 32 + (<usize>i << 1));
}

function cardAppend(s: i32, e: i32): void {
  for (let i = s; i < e; i++) {
    store<u16>(SCRATCH + 32 + (<usize>cardLen << 1), <u16>ch(i));
    cardLen++;
  }
}

function luhn(): bool {
  let sum = 0;
  let dbl = false;
  for (let i = cardLen - 1; i >= 0; i--) {
    let v = cardAt(i) - 48;
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

function inElo(p6: i32): bool {
  // [from, to] pairs of Elo's IIN ranges.
  const r = memory.data<i32>([
    401178, 401179, 431274, 431274, 438935, 438935, 451416, 451416, 457393, 457393, 457631, 457632,
    504175, 504175, 506699, 506778, 509000, 509999, 627780, 627780, 636297, 636297, 636368, 636368,
    650031, 650033, 650035, 650051, 650405, 650439, 650485, 650538, 650541, 650598, 650700, 650718,
    650720, 650727, 650901, 650978, 651652, 651679, 655000, 655019, 655021, 655058,
  ]);
  for (let i = 0; i < 23; i++) {
    if (p6 >= load<i32>(r + (<usize>i << 3)) && p6 <= load<i32>(r + (<usize>i << 3), 4)) return true;
  }
  return false;
}

/** A known scheme issues numbers of this prefix and length. */
function knownBrand(): bool {
  const len = cardLen;
  let p6 = 0;
  for (let i = 0; i < 6; i++) {
    const v = cardAt(i) - 48;
    // Number() of a prefix with a non-digit is NaN in JS, and NaN compares false: only the
    // first-digit test (Visa) can pass.
    if (v < 0 || v > 9) return cardAt(0) == 52 && (len == 13 || len == 16 || len == 19);
    p6 = p6 * 10 + v;
  }
  const p4 = p6 / 100;
  const p2 = p6 / 10000;
  if (len == 16 && inElo(p6)) return true; // Elo
  if ((p6 == 606282 || p4 == 3841) && len >= 13 && len <= 19) return true; // Hipercard
  if (cardAt(0) == 52 && (len == 13 || len == 16 || len == 19)) return true; // Visa
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && len == 16) return true; // Mastercard
  if ((p2 == 34 || p2 == 37) && len == 15) return true; // Amex
  if (((p4 >= 3000 && p4 <= 3059) || p2 == 36 || p2 == 38 || p2 == 39) && len >= 14 && len <= 19) return true; // Diners
  if ((p4 == 6011 || p2 == 65 || (p4 >= 6440 && p4 <= 6499)) && len >= 16 && len <= 19) return true; // Discover
  if (p4 >= 3528 && p4 <= 3589 && len >= 16 && len <= 19) return true; // JCB
  if (p2 == 62 && len >= 16 && len <= 19) return true; // UnionPay
  if ((p2 == 50 || (p2 >= 56 && p2 <= 69)) && len >= 12 && len <= 19) return true; // Maestro
  return false;
}

@inline function shapeOf(k: i32): u32 {
  return <u32>load<u8>(SHAPE + <usize>k);
}

function card(): void {
  const list = NUM_IDX + <usize>NUM_CARD * NUM_STRIDE;
  const count = i32At(HDR, H_COUNT);
  let claimedTo = -1;
  for (let q = 0, nq = i32At(HDR, H_NUM + NUM_CARD); q < nq; q++) {
    const k = i32At(list, q);
    const s = i32At(START, k);
    const ek = i32At(END, k);
    const len = ek - s;
    if (len < 13) {
      // Grouped cards continue with a space or dash and another digit group.
      const sep = ch(ek);
      if ((sep != 32 && sep != 45) || k + 1 >= count || i32At(START, k + 1) != ek + 1 || !(shapeOf(k + 1) & T_DIGIT)) continue;
    }
    if (s < claimedTo || shapeOf(k) & T_ALPHA || !leftClear(s)) continue;
    // Cards start at the head of a digit run, never in the middle of "1 2 3 4 …".
    if (k > 0 && i32At(END, k - 1) == s - 1 && !(shapeOf(k - 1) & T_ALPHA) && (ch(s - 1) == 32 || ch(s - 1) == 45)) continue;
    if (len > 19) continue;
    // Dry walk over the groups: most digit runs can never reach 13 digits.
    if (len < 13) {
      let reach = len;
      let tot = len;
      let sp: i32 = -1;
      for (let j = k + 1; j < count && tot < 19; j++) {
        if (i32At(START, j) - i32At(END, j - 1) != 1 || shapeOf(j) & T_ALPHA) break;
        const c = <i32>ch(i32At(END, j - 1));
        if (c != 32 && c != 45) break;
        if (sp == -1) sp = c;
        else if (c != sp) break;
        tot += i32At(END, j) - i32At(START, j);
        if (tot > 19) break;
        reach = tot;
      }
      if (reach < 13) continue;
    }
    cardLen = 0;
    cardAppend(s, ek);
    let best = -1;
    if (cardLen >= 13 && luhn() && knownBrand() && rightClear(ek)) best = ek;
    let sep: i32 = -1;
    for (let j = k + 1; j < count && cardLen < 19; j++) {
      if (i32At(START, j) - i32At(END, j - 1) != 1 || shapeOf(j) & T_ALPHA) break;
      const c = <i32>ch(i32At(END, j - 1));
      if (c != 32 && c != 45) break;
      if (sep == -1) sep = c;
      else if (c != sep) break;
      const ej = i32At(END, j);
      if (cardLen + ej - i32At(START, j) > 19) break;
      cardAppend(i32At(START, j), ej);
      if (cardLen >= 13 && luhn() && knownBrand() && rightClear(ej)) best = ej;
    }
    if (best < 0) continue;
    const cued = cueFlagBefore(s, CUE_CARD, 5);
    if (!cued && cueFlagBefore(s, CUE_NOT_PII, 3)) continue;
    emit(s, best, cued ? 0.99 : 0.95, 1);
    claimedTo = best;
  }
}

/** Runs recognizer `id` (a NUM_* list id, or R_PIX) over the last scan; returns how many candidates it wrote. */
export function recognize(id: i32): i32 {
  beginEmit();
  if (id == NUM_CPF) cpf();
  else if (id == NUM_CNPJ) cnpj();
  else if (id == NUM_CNH) cnh();
  else if (id == NUM_CEP) cep();
  else if (id == NUM_DNI) dni();
  else if (id == NUM_NIE) nie();
  else if (id == NUM_NIF) nif();
  else if (id == NUM_CARD) card();
  else if (id == R_PIX) pix();
  return emitted;
}
