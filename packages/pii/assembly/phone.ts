// PHONE over the NUM_PHONE start list: digit groups joined by short gaps, checked against the
// numbering plans of the five home markets (BR, PT, ES, GB, US), also after their calling codes.
// A '+' / "00" number of another country goes back to JavaScript (src/recognizers/phone.ts), which
// asks libphonenumber-js: phone() stops at it and leaves its groups in the header and SCRATCH, and
// JavaScript resumes the walk after it. src/recognizers/phone.test.ts holds the whole to the
// JavaScript recognizer it replaced (src/test-support/reference/phone.ts).

import { END, H_COUNT, H_NUM, HDR, NUM_IDX, NUM_PHONE, NUM_STRIDE, SCRATCH, SHAPE, START, T_ALPHA, T_DIGIT, TEXT_LEN, ch, i32At, setI32 } from './memory';
import { CUE_NOT_PII, CUE_PHONE, beginEmit, cueFlagBefore, emit, emittedCount, isAlnum, isDigit } from './numbers';

// Header slots of a stop at a '+' / "00" number (after the start-list counts, H_NUM + 11).
export const H_PHONE_STOP = 27; // its index in the start list, -1 when the walk ended
export const H_PHONE_CLAIMED = 28; // the walk's claimedTo at the stop
export const H_PHONE_START = 29; // where the number starts
export const H_PHONE_CUED = 30; // 1 when a phone cue stands before it
export const H_PHONE_GROUPS = 31; // how many digit groups it gathered
// SCRATCH byte offsets: the number's digits (u8[24]), the national part of a '+' / "00" number
// (u8[32]), then the groups' ends and running digit counts (i32[16] each; at most 15 digits, so
// at most 15 groups).
const DIG = 72;
const NAT = 96; // u8[32]: the national digits of a '+' / "00" number, zero-padded
export const PHONE_ENDS = 128;
export const PHONE_COUNTS = 192;

// Countries as bits; per language the ones tried without and with a phone cue.
const BR: u32 = 1;
const PT: u32 = 2;
const ES: u32 = 4;
const GB: u32 = 8;
const US: u32 = 16;
export const LANG_PT = 0;
export const LANG_ES = 1;
export const LANG_EN = 2;

@inline function countries(lang: i32, cued: bool): u32 {
  if (cued) return BR | PT | ES | GB | US;
  return lang == LANG_PT ? BR | PT : lang == LANG_ES ? ES : US | GB;
}

/** Bit n set: country `cc` takes n national digits (trunk prefix included). */
@inline function nationalDigits(cc: u32): u32 {
  return cc == BR ? (1 << 10) | (1 << 11) | (1 << 12) : cc == PT || cc == ES ? 1 << 9 : (1 << 10) | (1 << 11);
}

@inline function lengthsOf(set: u32): u32 {
  let m: u32 = 0;
  for (let cc: u32 = 1; cc <= US; cc <<= 1) if (set & cc) m |= nationalDigits(cc);
  return m;
}

// The digits a rule reads: DIG, or NAT for the national part of a '+' / "00" number.
let ruleDigits: usize = 0;

@inline function dig(i: i32): i32 {
  return <i32>load<u8>(ruleDigits + <usize>i);
}

function brDdd(v: i32): bool {
  // 11–19, 21, 22, 24, 27, 28, 31–35, 37, 38, 41–49, 51, 53–55, 61–69, 71, 73–75, 77, 79, 81–89, 91–99.
  // Bit v & 7 of byte v >> 3 (BR_DDD in src/test-support/reference/phone.ts; phone.test.ts walks all 100).
  const bits = memory.data<u8>([0b00000000, 0b11111000, 0b01101111, 0b10011001, 0b01101111, 0b11111110, 0b11101011, 0b11100000, 0b10111111, 0b10101110, 0b11111110, 0b11111011, 0b00001111]);
  return v >= 0 && v < 100 && ((<u32>load<u8>(bits + <usize>(v >> 3)) >> (<u32>v & 7)) & 1) != 0;
}

/** The numbering-plan rule of country `cc` for the n digits at `digits` (DIG or NAT). */
function nationalRule(cc: u32, digits: usize, n: i32): bool {
  ruleDigits = digits;
  if (cc == BR) {
    // 0800 toll-free, 0300/0500/0900
    if ((n == 10 || n == 11) && dig(0) == 0 && (dig(1) == 3 || dig(1) == 5 || dig(1) == 8 || dig(1) == 9) && dig(2) == 0 && dig(3) == 0) return true;
    const o = n == 11 || n == 10 ? 0 : n == 12 && dig(0) == 0 ? 1 : -1;
    if (o < 0 || !brDdd(dig(o) * 10 + dig(o + 1))) return false;
    return n - o == 11 ? dig(o + 2) == 9 : dig(o + 2) >= 2 && dig(o + 2) <= 5;
  }
  if (cc == ES) return n == 9 && (dig(0) == 6 || (dig(0) == 7 && dig(1) >= 1 && dig(1) <= 4) || ((dig(0) == 8 || dig(0) == 9) && dig(1) != 0));
  if (cc == PT) return n == 9 && ((dig(0) == 9 && (dig(1) == 1 || dig(1) == 2 || dig(1) == 3 || dig(1) == 6)) || dig(0) == 2);
  if (cc == US) {
    const o = n == 11 && dig(0) == 1 ? 1 : 0;
    return n - o == 10 && dig(o) >= 2 && dig(o + 3) >= 2 && !(dig(o + 1) == 1 && dig(o + 2) == 1) && !(dig(o + 4) == 1 && dig(o + 5) == 1);
  }
  // GB
  return dig(0) == 0 && ((n == 11 && ((dig(1) == 7 && dig(2) != 0) || dig(1) == 1 || dig(1) == 2 || dig(1) == 3)) || (n == 10 && dig(1) == 1));
}

/** DIG[0 ..) = the digits of text[s, e) (at most 24). */
function fillDigits(s: i32, e: i32): void {
  let n = 0;
  for (let i = s; i < e && n < 24; i++) {
    const c = ch(i);
    if (isDigit(c)) {
      store<u8>(SCRATCH + DIG + <usize>n, <u8>(c - 48));
      n++;
    }
  }
}

@inline function digitsAt(p: i32, n: i32): bool {
  for (let i = 0; i < n; i++) if (!isDigit(ch(p + i))) return false;
  return true;
}

/** text[s, e) has the layout of a CPF (ddd.ddd.ddd-dd) or of a boleto field (5 digits and a dot, a dot and 5 digits). */
function otherDottedShape(s: i32, e: i32): bool {
  if (e - s == 14 && digitsAt(s, 3) && ch(s + 3) == 46 && digitsAt(s + 4, 3) && ch(s + 7) == 46 && digitsAt(s + 8, 3) && ch(s + 11) == 45 && digitsAt(s + 12, 2)) return true;
  let run = 0;
  for (let i = s; i < e; i++) {
    const c = ch(i);
    if (isDigit(c)) run++;
    else {
      if (c == 46) {
        if (run >= 5 && i + 1 < e && isDigit(ch(i + 1))) return true;
        if (i + 5 < e && digitsAt(i + 1, 5)) return true;
      }
      run = 0;
    }
  }
  return false;
}

/**
 * The digits actually in text[s, e) (a token may hold combining marks), or -1 when it has the
 * dotted layout of something else (a CPF, a boleto field).
 */
function phoneDigits(s: i32, e: i32): i32 {
  let dot = false;
  let dn = 0;
  for (let i = s; i < e; i++) {
    const c = ch(i);
    if (c == 46) dot = true;
    else if (isDigit(c)) dn++;
  }
  return dot && otherDottedShape(s, e) ? -1 : dn;
}

/** A national number: text[s, e) holds `digits` digits by the groups' count. */
function validNational(s: i32, e: i32, lang: i32, digits: i32, cued: bool): bool {
  const dn = phoneDigits(s, e);
  if (dn < 0) return false;
  const set = countries(lang, cued);
  for (let cc: u32 = 1; cc <= US; cc <<= 1) {
    if (!(set & cc) || !((nationalDigits(cc) >> <u32>digits) & 1)) continue;
    if (nationalRule(cc, SCRATCH + DIG, dn)) return true;
  }
  return false;
}

@inline function digAt(i: i32): i32 {
  return <i32>load<u8>(SCRATCH + DIG + <usize>i);
}

/** The intl digits DIG[off ..) start with calling code `code` (of `len` digits; there are `avail`). */
function startsWithCode(off: i32, avail: i32, code: i32, len: i32): bool {
  if (avail < len) return false;
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 10 + digAt(off + i);
  return v == code;
}

// Settled here: 1 valid, 0 not; NEEDS_PARSER: a country outside the home markets, for
// JavaScript (src/recognizers/phone.ts) and libphonenumber-js.
const NEEDS_PARSER = 2;

/**
 * A '+' / "00" number text[s, e) whose digits are in DIG: a home market's calling code (+55, +351,
 * +34, +44, +1) followed by a national number its plan accepts ("+44 (0)7911 …" drops the
 * bracketed trunk zero).
 */
function validInternational(s: i32, e: i32): i32 {
  const dn = phoneDigits(s, e);
  if (dn < 0) return 0;
  const off = ch(s) == 43 ? 0 : 2; // "00" is not part of the number
  const len = dn > off ? dn - off : 0;
  // The calling code, in the JavaScript recognizer's order: 55, 351, 34, 44, 1.
  const codes = memory.data<i32>([55, 351, 34, 44, 1]);
  const codeLens = memory.data<u8>([2, 3, 2, 2, 1]);
  const codeCountries = memory.data<u8>([<u8>BR, <u8>PT, <u8>ES, <u8>GB, <u8>US]);
  let cc: u32 = 0;
  let codeLen = 0;
  for (let i = 0; i < 5; i++) {
    const l = <i32>load<u8>(codeLens + <usize>i);
    if (startsWithCode(off, len, load<i32>(codes + (<usize>i << 2)), l)) {
      cc = <u32>load<u8>(codeCountries + <usize>i);
      codeLen = l;
      break;
    }
  }
  // Elsewhere: 8..15 digits may be a number of another country; the parser decides.
  if (cc == 0) return len < 8 || len > 15 ? 0 : NEEDS_PARSER;
  let from = off + codeLen;
  let n = off + len - from;
  // A trunk zero before ten digits is dropped ("+55 0 11 …"), except in the UK, whose numbers keep it.
  if (n == 11 && digAt(from) == 0 && cc != GB) {
    from++;
    n--;
  }
  // The UK's national form starts with its trunk zero: "+44 7911 …" is read as 07911 ….
  const lead = cc == GB && !(n >= 1 && digAt(from) == 0) ? 1 : 0;
  if (lead) store<u8>(SCRATCH + NAT, 0);
  for (let i = 0; i < n; i++) store<u8>(SCRATCH + NAT + <usize>(lead + i), <u8>digAt(from + i));
  const w = lead + n;
  for (let i = 0; i < 6; i++) store<u8>(SCRATCH + NAT + <usize>(w + i), 0);
  return nationalRule(cc, SCRATCH + NAT, w) ? 1 : 0;
}

/** "98765-4321": a Brazilian mobile without its area code. */
function brMobile(s: i32, e: i32): bool {
  if (ch(s) != 57 || !digitsAt(s + 1, 4)) return false;
  const p = ch(s + 5) == 45 ? s + 6 : s + 5;
  return p + 4 == e && digitsAt(p, 4);
}

@inline function isGapChar(c: u32): bool {
  return c == 32 || c == 45 || c == 46 || c == 40 || c == 41 || c == 160;
}

@inline function shapeOf(k: i32): u32 {
  return <u32>load<u8>(SHAPE + <usize>k);
}

@inline function groupEnd(g: i32): i32 {
  return load<i32>(SCRATCH + PHONE_ENDS + (<usize>g << 2));
}

@inline function groupCount(g: i32): i32 {
  return load<i32>(SCRATCH + PHONE_COUNTS + (<usize>g << 2));
}

@inline function setGroup(g: i32, e: i32, n: i32): void {
  store<i32>(SCRATCH + PHONE_ENDS + (<usize>g << 2), e);
  store<i32>(SCRATCH + PHONE_COUNTS + (<usize>g << 2), n);
}

/**
 * Walks the NUM_PHONE list from entry q0 with `claimedTo` (-1 at first); returns the candidates
 * emitted. Stops at a '+' / "00" number of a country outside the home markets (H_PHONE_STOP ≥ 0)
 * for JavaScript to settle.
 */
export function phone(lang: i32, q0: i32, claimed: i32): i32 {
  beginEmit();
  setI32(HDR, H_PHONE_STOP, -1);
  const list = NUM_IDX + <usize>NUM_PHONE * NUM_STRIDE;
  const count = i32At(HDR, H_COUNT);
  let claimedTo = claimed;
  for (let q = q0, nq = i32At(HDR, H_NUM + NUM_PHONE); q < nq; q++) {
    const k = i32At(list, q);
    let s = i32At(START, k);
    if (s < claimedTo || shapeOf(k) & T_ALPHA) continue;
    if (s > 0 && ch(s - 1) == 40) s--; // "(11) …"
    if (s > 0 && ch(s - 1) == 43) s--; // "+55 …"
    if (s > 0) {
      const b = ch(s - 1);
      if (isAlnum(b) || b == 35 || ((b == 46 || b == 45 || b == 47 || b == 44 || b == 95) && s >= 2 && isAlnum(ch(s - 2)))) continue;
      // Start only at the head of a digit run: never inside a boleto line or a long code.
      // A group right after a code with digits ("PT50 0033 …", an IBAN) continues that code.
      if (b == 32 && k > 0 && i32At(END, k - 1) == s - 1 && (!(shapeOf(k - 1) & T_ALPHA) || shapeOf(k - 1) & T_DIGIT)) continue;
    }
    const international = ch(s) == 43;
    // Gather digit groups joined by short gaps of space, dash, dot or parentheses.
    let groups = 0;
    let digits = i32At(END, k) - i32At(START, k);
    if (digits > 15) continue;
    setGroup(groups++, i32At(END, k), digits);
    for (let j = k + 1; j < count; j++) {
      const gs = i32At(END, j - 1);
      const ge = i32At(START, j);
      if (ge - gs > 3 || shapeOf(j) & T_ALPHA) break;
      let ok = true;
      for (let i = gs; i < ge; i++) if (!isGapChar(ch(i))) ok = false;
      if (!ok) break;
      digits += ge == gs ? 0 : i32At(END, j) - ge;
      if (digits > 15) break;
      setGroup(groups++, i32At(END, j), digits);
    }
    // A '+' number that fails as a whole is not retried from its inner groups.
    if (international) claimedTo = groupEnd(groups - 1);
    if (groupCount(groups - 1) < 8) continue;
    const cued = cueFlagBefore(s, CUE_PHONE, 6);
    // An order or protocol cue ("pedido", "código de barras") drops an uncued number whichever
    // reading is valid (the JavaScript recognizer checked it after validating): skip the validation.
    if (!cued && cueFlagBefore(s, CUE_NOT_PII, 3)) continue;
    const intl = international || (ch(s) == 48 && ch(s + 1) == 48);
    fillDigits(s, groupEnd(groups - 1));
    // A national number of a length no tried country uses fails whatever its digits.
    const lengths = lengthsOf(countries(lang, cued));
    for (let g = groups - 1; g >= 0; g--) {
      const n = groupCount(g);
      if (n < 8) break;
      const e = groupEnd(g);
      if (e < TEXT_LEN) {
        const a = ch(e);
        if (isAlnum(a) || ((a == 46 || a == 45 || a == 47 || a == 44) && e + 1 < TEXT_LEN && isDigit(ch(e + 1)))) continue;
      }
      let ok = false;
      if (intl) {
        const v = validInternational(s, e);
        if (v == NEEDS_PARSER) {
          // Nothing is emitted for this number yet: JavaScript settles it from its longest reading.
          setI32(HDR, H_PHONE_STOP, q);
          setI32(HDR, H_PHONE_CLAIMED, claimedTo);
          setI32(HDR, H_PHONE_START, s);
          setI32(HDR, H_PHONE_CUED, cued ? 1 : 0);
          setI32(HDR, H_PHONE_GROUPS, groups);
          return emittedCount();
        }
        ok = v == 1;
      } else if (n < 31 && ((lengths >> <u32>n) & 1) != 0) ok = validNational(s, e, lang, n, cued);
      // Brazilian mobile written without area code ("98765-4321"), only when the context says phone.
      if (!ok && cued && n == 9 && brMobile(s, e)) ok = true;
      if (!ok) continue;
      emit(s, e, cued ? 0.98 : 0.85, 1);
      claimedTo = e;
      break;
    }
  }
  return emittedCount();
}
