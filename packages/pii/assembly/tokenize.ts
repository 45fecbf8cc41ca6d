// The token pass of src/text/tokenize.ts compiled to WebAssembly (AssemblyScript; built by
// `npm run build:wasm` into wasm/tokenize.wasm). Same rules, same outputs: the JS side reads the
// arrays through typed-array views on this module's memory (see memory.ts). Compiled, the
// per-character loop runs about twice as fast as under the JIT (no string-representation checks,
// no deoptimization guards), and the loop was a third of detect()'s time.

import {
  BITS, CHAR_LIMIT, CODE_IDX, COLON_POS, DIGIT_IDX, END, FOLD, FOLD_LIMIT, H_AT, H_BRACKET, H_CODE, H_COLON, H_COUNT,
  H_DASH, H_DIGIT, H_LANG_EN, H_LANG_ES, H_LANG_PT, H_LEX_ANY, H_NAME, H_NUM, H_SHAPE_ANY, H_WORD, HASH, HDR, LEX,
  NAME_IDX, NUM_CARD, NUM_CEP, NUM_CNH, NUM_CNPJ, NUM_CPF, NUM_DNI, NUM_IBAN, NUM_IDX, NUM_IP, NUM_NIE, NUM_NIF,
  NUM_PHONE, NUM_STRIDE, SHAPE, START, T_ALLUPPER, T_ALPHA, T_DIGIT, T_LOWER, T_UPPER0, T_UPPER_ANY, TABLE,
  TMASK, WORD_IDX, AT_POS, NOT_HEX, charAt, i32At, setI32, setTextLength,
} from './memory';

@inline function isRunSep(c: u32): bool {
  return c == 32 || c == 46 || c == 45 || c == 47;
}

/** Tokens k-2, k-1, k are digit-only and joined by the same short separator string. */
function sameGap(k: i32): bool {
  if ((<u32>load<u8>(SHAPE + <usize>(k - 1)) & (T_DIGIT | T_ALPHA)) != T_DIGIT) return false;
  if ((<u32>load<u8>(SHAPE + <usize>(k - 2)) & (T_DIGIT | T_ALPHA)) != T_DIGIT) return false;
  const g1s = i32At(END, k - 2);
  const g1 = i32At(START, k - 1) - g1s;
  const g2s = i32At(END, k - 1);
  const g2 = i32At(START, k) - g2s;
  if (g1 != g2 || g1 > 4) return false;
  for (let i = 0; i < g1; i++) {
    const c = charAt(g2s + i);
    if (!isRunSep(c) || c != charAt(g1s + i)) return false;
  }
  return true;
}

/** Tokenizes TEXT[0 .. n); see Tokens.scan in src/text/tokenize.ts for what each output means. */
export function scan(n: i32, ptShift: u32, esShift: u32, enShift: u32): void {
  setTextLength(n);
  let count: i32 = 0;
  let nAt: i32 = 0;
  let nColon: i32 = 0;
  let nDigit: i32 = 0;
  let nWord: i32 = 0;
  let nName: i32 = 0;
  let nCode: i32 = 0;
  let nDash: i32 = 0;
  let bracketLine: i32 = 0;
  let hexGroupEnd: i32 = -1;
  let lexAny: i32 = 0;
  let shapeAny: u32 = 0;
  let langPt: i32 = 0;
  let langEs: i32 = 0;
  let langEn: i32 = 0;
  let i: i32 = 0;
  while (i < n) {
    let c = charAt(i);
    let bits: u32 = c < CHAR_LIMIT ? <u32>load<u8>(BITS + <usize>c) : 0;
    if (bits == 0) {
      // '@' only matters after a local-part character (keeps "@@@@…" cheap).
      if (c == 64) {
        if (i > 0 && charAt(i - 1) != 64) setI32(AT_POS, nAt++, i);
      } else if (c == 45) nDash++;
      else if (c == 58) {
        // An IPv6 group before it: the token just ended here, 1..4 units, no letter past 'f'.
        if (hexGroupEnd == i) setI32(COLON_POS, nColon++, i);
      } else if (c == 91 && (i == 0 || charAt(i - 1) == 10)) bracketLine = 1;
      i++;
      continue;
    }
    const s = i;
    let shape: u32 = bits & T_UPPER_ANY ? T_UPPER0 : 0;
    let h: i32 = 0;
    while (true) {
      shape |= bits;
      if (c < FOLD_LIMIT) h = h * 31 + <i32>load<u16>(FOLD + (<usize>c << 1));
      if (++i >= n) break;
      c = charAt(i);
      bits = c < CHAR_LIMIT ? <u32>load<u8>(BITS + <usize>c) : 0;
      if (bits == 0) break;
    }
    if (!(shape & NOT_HEX) && i - s <= 4) hexGroupEnd = i;
    shape &= 31;
    if ((shape & (T_ALPHA | T_LOWER)) == T_ALPHA) shape |= T_ALLUPPER;
    const k = count++;
    setI32(START, k, s);
    setI32(END, k, i);
    store<u8>(SHAPE + <usize>k, <u8>shape);
    setI32(HASH, k, h);
    shapeAny |= shape;
    let lex: i32 = 0;
    const len = i - s;
    if (shape & T_DIGIT) {
      // Third and later groups of a uniformly separated digit run never start an identifier.
      const tail = k >= 2 && !(shape & T_ALPHA) && sameGap(k);
      if (!tail) setI32(DIGIT_IDX, nDigit++, k);
    } else if (len <= 24) {
      let p: u32 = <u32>(h * <i32>0x9e3779b1) & TMASK;
      while (true) {
        const o = TABLE + (<usize>p << 4);
        const l = load<i32>(o, 4);
        if (l == 0) break;
        if (load<i32>(o) == h && l == len) {
          lex = load<i32>(o, 8);
          break;
        }
        p = (p + 1) & TMASK;
      }
    }
    setI32(LEX, k, lex);
    lexAny |= lex;
    langPt += (lex >>> ptShift) & 1;
    langEs += (lex >>> esShift) & 1;
    langEn += (lex >>> enShift) & 1;
    const listed: i32 = (lex != 0 ? 1 : 0) | <i32>((shape >>> 2) & 1); // flagged or capitalised
    setI32(WORD_IDX, nWord, k);
    nWord += listed;
    // PERSON starts: no digit, and capitalised or a first name (T_DIGIT = 1, LEX.FIRST_NAME = 1).
    setI32(NAME_IDX, nName, k);
    nName += (<i32>(shape >>> 2) | lex) & ~<i32>shape & 1;
    if (listed == 0) continue;
    // Letter-led code heads: one x/y/z letter (ES NIE prefix) or all-caps of length 2, 8, 12 or 14.
    let code = false;
    if (len == 1) {
      const f = charAt(s) | 32;
      code = f >= 120 && f <= 122;
    } else code = (shape & T_ALLUPPER) != 0 && (len == 2 || len == 8 || len == 12 || len == 14);
    if (code) setI32(CODE_IDX, nCode++, k);
  }
  setI32(HDR, H_COUNT, count);
  setI32(HDR, H_AT, nAt);
  setI32(HDR, H_COLON, nColon);
  setI32(HDR, H_DIGIT, nDigit);
  setI32(HDR, H_WORD, nWord);
  setI32(HDR, H_NAME, nName);
  setI32(HDR, H_CODE, nCode);
  setI32(HDR, H_DASH, nDash);
  setI32(HDR, H_BRACKET, bracketLine);
  setI32(HDR, H_LEX_ANY, lexAny);
  setI32(HDR, H_SHAPE_ANY, <i32>shapeAny);
  setI32(HDR, H_LANG_PT, langPt);
  setI32(HDR, H_LANG_ES, langEs);
  setI32(HDR, H_LANG_EN, langEn);
  classifyDigits(n, count, nDigit);
}

@inline function isDigitCode(c: u32): bool {
  return c >= 48 && c <= 57;
}

@inline function isUpperCode(c: u32): bool {
  return c >= 65 && c <= 90;
}

/** Appends token k to start list `kind` (its count lives in the header). */
@inline function pushNum(kind: i32, k: i32): void {
  const slot = HDR + ((<usize>(H_NUM + kind)) << 2);
  const m = load<i32>(slot);
  store<i32>(NUM_IDX + <usize>kind * NUM_STRIDE + (<usize>m << 2), k);
  store<i32>(slot, m + 1);
}

/**
 * Sorts the digit tokens into the start lists of the number-shaped recognizers by exact necessary
 * conditions of their shapes (length, the separator after the token, the first characters).
 */
function classifyDigits(tlen: i32, count: i32, nDigit: i32): void {
  for (let kind = 0; kind <= NUM_PHONE; kind++) setI32(HDR, H_NUM + kind, 0);
  for (let q = 0; q < nDigit; q++) {
    const k = i32At(DIGIT_IDX, q);
    const s = i32At(START, k);
    const e = i32At(END, k);
    const len = e - s;
    // Separator after the token and the character after it (0 past the end).
    const c: u32 = e < tlen ? charAt(e) : 0;
    const c1: u32 = e + 1 < tlen ? charAt(e + 1) : 0;
    const d1 = isDigitCode(c1);
    const c0 = charAt(s) | 32;
    if (c0 >= 120 && c0 <= 122) pushNum(NUM_NIE, k); // x, y, z
    if (len <= 3) {
      if (c == 46 && d1) pushNum(NUM_IP, k);
      if (len == 2) {
        if (c == 46 && d1) {
          pushNum(NUM_CNPJ, k);
          pushNum(NUM_CEP, k);
          pushNum(NUM_DNI, k);
        } else if (c == 46 && isUpperCode(c1)) pushNum(NUM_CNPJ, k);
      } else if (len == 3 && d1) {
        if (c == 46 || c == 32) pushNum(NUM_CPF, k);
        if (c == 32) pushNum(NUM_NIF, k);
      }
    } else {
      if (len == 5 && c == 45 && d1) pushNum(NUM_CEP, k);
      else if (len == 8) {
        pushNum(NUM_CEP, k);
        if (c == 47 && (d1 || isUpperCode(c1))) pushNum(NUM_CNPJ, k);
        if ((c == 45 || c == 32) && (c1 | 32) >= 97 && (c1 | 32) <= 122) pushNum(NUM_DNI, k);
      } else if (len == 9) {
        pushNum(NUM_NIF, k);
        if ((c == 46 || c == 32 || c == 45) && d1) pushNum(NUM_CPF, k);
        const l8 = charAt(s + 8) | 32; // in range: the token has 9 characters
        if (l8 >= 97 && l8 <= 122) pushNum(NUM_DNI, k);
      } else if (len == 11) {
        pushNum(NUM_CPF, k);
        pushNum(NUM_CNH, k);
      } else if (len == 12) {
        if (c == 45 && d1) pushNum(NUM_CNPJ, k);
      } else if (len == 14) pushNum(NUM_CNPJ, k);
      const a0 = charAt(s) & ~32;
      const a1 = charAt(s + 1) & ~32;
      if (isUpperCode(a0) && isUpperCode(a1) && isDigitCode(charAt(s + 2)) && isDigitCode(charAt(s + 3))) pushNum(NUM_IBAN, k);
    }
    const nextJoined = k + 1 < count && i32At(START, k + 1) == e + 1 && (<u32>load<u8>(SHAPE + <usize>(k + 1)) & T_DIGIT) != 0;
    if (len >= 13 || ((c == 32 || c == 45) && nextJoined)) pushNum(NUM_CARD, k);
    // A phone has 8..15 digits: a shorter group must go on with a gap character (space, dash, dot,
    // parenthesis, no-break space) and another digit group at most 3 characters on.
    if (!(<u32>load<u8>(SHAPE + <usize>k) & T_ALPHA) && len <= 15) {
      if (
        len >= 8 ||
        ((c == 32 || c == 45 || c == 46 || c == 40 || c == 41 || c == 160) &&
          k + 1 < count &&
          i32At(START, k + 1) - e <= 3 &&
          !(<u32>load<u8>(SHAPE + <usize>(k + 1)) & T_ALPHA))
      )
        pushNum(NUM_PHONE, k);
    }
  }
}
