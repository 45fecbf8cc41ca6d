// Frozen copy (commit b0fa759) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/phone.test.ts. Not shipped.
import { LEX } from '../../text/lexicon.js';
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { isAlnum, isDigit, type ScanContext } from '../../context.js';
import { NUM_PHONE, T_ALPHA, T_DIGIT } from '../../text/tokenize.js';
import type { Candidate, Lang } from '../../types.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

const COUNTRIES: Record<Lang, readonly CountryCode[]> = {
  pt: ['BR', 'PT'],
  es: ['ES'],
  en: ['US', 'GB'],
};

// With a phone cue ("tel", "móvil", "call me") foreign national formats are worth trying too.
const ALL_COUNTRIES: Record<Lang, readonly CountryCode[]> = {
  pt: ['BR', 'PT', 'ES', 'GB', 'US'],
  es: ['ES', 'PT', 'BR', 'GB', 'US'],
  en: ['US', 'GB', 'BR', 'ES', 'PT'],
};

// National significant lengths (with trunk prefix) worth a parse per country; skips hopeless parses.
const NATIONAL_DIGITS: Record<string, readonly number[]> = {
  BR: [10, 11, 12],

  PT: [9],
  ES: [9],
  GB: [10, 11],
  US: [10, 11],
};

/** Bit n set: some country tried for this language (and cue) takes n national digits. */
function lengthMask(ccs: readonly CountryCode[]): number {
  let m = 0;
  for (const cc of ccs) for (const d of NATIONAL_DIGITS[cc]!) m |= 1 << d;
  return m;
}
const LENGTHS: Record<Lang, number> = { pt: lengthMask(COUNTRIES.pt), es: lengthMask(COUNTRIES.es), en: lengthMask(COUNTRIES.en) };
const LENGTHS_CUED: Record<Lang, number> = { pt: lengthMask(ALL_COUNTRIES.pt), es: lengthMask(ALL_COUNTRIES.es), en: lengthMask(ALL_COUNTRIES.en) };

const isGapChar = (c: number): boolean => c === 32 || c === 45 || c === 46 || c === 40 || c === 41 || c === 160;

const BR_DDD = new Set([11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42,
  43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83,
  84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99]);

// Numbering-plan rules for the five home markets, so the common case needs no parser call;
// libphonenumber-js validates everything else (other countries, unusual prefixes). They read the
// digits from an array (D[0 .. n)), so the hot path builds no digit strings.
const DIG = new Uint8Array(24);

function nationalRule(cc: CountryCode, D: Uint8Array, n: number): boolean {
  switch (cc) {
    case 'BR': {
      // 0800 toll-free, 0300/0500/0900
      if ((n === 10 || n === 11) && D[0] === 0 && (D[1] === 3 || D[1] === 5 || D[1] === 8 || D[1] === 9) && D[2] === 0 && D[3] === 0) return true;
      const o = n === 11 || n === 10 ? 0 : n === 12 && D[0] === 0 ? 1 : -1;
      if (o < 0 || !BR_DDD.has(D[o]! * 10 + D[o + 1]!)) return false;
      return n - o === 11 ? D[o + 2] === 9 : D[o + 2]! >= 2 && D[o + 2]! <= 5;
    }
    case 'ES':
      return n === 9 && (D[0] === 6 || (D[0] === 7 && D[1]! >= 1 && D[1]! <= 4) || ((D[0] === 8 || D[0] === 9) && D[1] !== 0));
    case 'PT':
      return n === 9 && ((D[0] === 9 && (D[1] === 1 || D[1] === 2 || D[1] === 3 || D[1] === 6)) || D[0] === 2);
    case 'US': {
      const o = n === 11 && D[0] === 1 ? 1 : 0;
      return n - o === 10 && D[o]! >= 2 && D[o + 3]! >= 2 && !(D[o + 1] === 1 && D[o + 2] === 1) && !(D[o + 4] === 1 && D[o + 5] === 1);
    }
    case 'GB':
      return D[0] === 0 && ((n === 11 && ((D[1] === 7 && D[2] !== 0) || D[1] === 1 || D[1] === 2 || D[1] === 3)) || (n === 10 && D[1] === 1));
    default:
      return false;
  }
}

/** nationalRule over a digit string (the international path, which is rare). */
function nationalRuleOf(cc: CountryCode, d: string): boolean {
  const n = Math.min(d.length, DIG.length);
  const D = new Uint8Array(n + 6);
  for (let i = 0; i < n; i++) D[i] = d.charCodeAt(i) - 48;
  return nationalRule(cc, D, d.length);
}

// Country calling codes known to the metadata (1–3 digits).
const CODES: ReadonlySet<string> = new Set(getCountries().map((c) => getCountryCallingCode(c) as string));

const CALLING_CODES: ReadonlyArray<readonly [string, CountryCode, (d: string) => string]> = [
  ['55', 'BR', (d) => d],
  ['351', 'PT', (d) => d],
  ['34', 'ES', (d) => d],
  ['44', 'GB', (d) => '0' + (d[0] === '0' ? d.slice(1) : d)],
  ['1', 'US', (d) => d],
];

let parses = 0;

/**
 * text[s, e) holds `digits` digits, also in DIG[0 .. digits). `international`: it starts with '+'
 * or "00".
 */
function validPhone(text: string, s: number, e: number, lang: Lang, digits: number, cued: boolean, international: boolean): boolean {
  // Shapes that belong to other things: a CPF layout, boleto fields (5-digit groups with dots).
  let dot = false;
  let dn = 0; // digits actually in the span (a token may hold combining marks)
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) dot = true;
    else if (c >= 48 && c <= 57) dn++;
  }
  if (dot) {
    const raw = text.slice(s, e);
    if (/^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(raw) || /\d{5}\.\d/.test(raw) || /\.\d{5}/.test(raw)) return false;
  }
  if (international) {
    const raw = text.slice(s, e);
    let d = '';
    for (let i = 0; i < dn; i++) d += String.fromCharCode(48 + DIG[i]!);
    const intl = raw.charCodeAt(0) === 43 ? d : d.slice(2);
    for (const [code, cc, national] of CALLING_CODES) {
      // "+44 (0)7911 …": the bracketed trunk zero is dropped by `national`.
      if (intl.startsWith(code)) return nationalRuleOf(cc, national(intl.slice(code.length).replace(/^0(?=\d{10}$)/, cc === 'GB' ? '0' : '')));
    }
    // E.164: a known country calling code written as its own group ("+49 30 …", "0033 6 …") or a
    // number in one piece, and 8..15 digits; anything else never reaches the parser (~1 µs a call).
    if (intl.length < 8 || intl.length > 15) return false;
    let first = 0;
    for (let i = raw.charCodeAt(0) === 43 ? 1 : 2; i < raw.length && raw.charCodeAt(i) >= 48 && raw.charCodeAt(i) <= 57; i++) first++;
    const code = first <= 3 ? intl.slice(0, first) : CODES.has(intl.slice(0, 1)) ? intl.slice(0, 1) : CODES.has(intl.slice(0, 2)) ? intl.slice(0, 2) : intl.slice(0, 3);
    if (!CODES.has(code) || (first !== code.length && first < 8)) return false;
    // The parser runs for the two longest readings of a candidate only (each call costs ~1 µs).
    if (parses >= 2) return false;
    parses++;
    return parsePhoneNumberFromString('+' + intl)?.isValid() === true;
  }
  const ccs = (cued ? ALL_COUNTRIES : COUNTRIES)[lang];
  for (let i = 0; i < ccs.length; i++) {
    const cc = ccs[i]!;
    if (!NATIONAL_DIGITS[cc]!.includes(digits)) continue;
    if (nationalRule(cc, DIG, dn)) return true;
  }
  return false;
}

/** Fills DIG with the digits of text[s, e) (at most DIG.length). */
function fillDigits(text: string, s: number, e: number): void {
  let n = 0;
  for (let i = s; i < e && n < DIG.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) DIG[n++] = c - 48;
  }
}

// Group ends and running digit counts of the candidate being gathered (≤ 15 digits, so ≤ 15 groups).
const ends = new Int32Array(16);
const counts = new Int32Array(16);

export const phoneRecognizer: Recognizer = {
  name: 'phone',
  types: ['PHONE'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens, lang } = ctx;
    const { start, end, shape } = tokens;
    let claimedTo = -1;
    for (let q = 0, nq = tokens.numCount[NUM_PHONE]!, idx = tokens.numIdx[NUM_PHONE]!; q < nq; q++) {
      const k = idx[q]!;
      let s = start[k]!;
      if (s < claimedTo || shape[k]! & T_ALPHA) continue;
      if (s > 0 && text.charCodeAt(s - 1) === 40) s--; // "(11) …"
      if (s > 0 && text.charCodeAt(s - 1) === 43) s--; // "+55 …"
      if (s > 0) {
        const b = text.charCodeAt(s - 1);
        if (isAlnum(b) || b === 35 || ((b === 46 || b === 45 || b === 47 || b === 44 || b === 95) && s >= 2 && isAlnum(text.charCodeAt(s - 2)))) continue;
        // Start only at the head of a digit run: never inside a boleto line or a long code.
        // A group right after a code with digits ("PT50 0033 …", an IBAN) continues that code.
        if (b === 32 && k > 0 && end[k - 1] === s - 1 && (!(shape[k - 1]! & T_ALPHA) || shape[k - 1]! & T_DIGIT)) continue;
      }
      const international = text.charCodeAt(s) === 43;
      // Gather digit groups joined by short gaps of space, dash, dot or parentheses.
      let groups = 0;
      let digits = end[k]! - start[k]!;
      if (digits > 15) continue;
      ends[groups] = end[k]!;
      counts[groups++] = digits;
      for (let j = k + 1; j < tokens.count; j++) {
        const gs = end[j - 1]!;
        const ge = start[j]!;
        if (ge - gs > 3 || shape[j]! & T_ALPHA) break;
        let ok = true;
        for (let i = gs; i < ge; i++) if (!isGapChar(text.charCodeAt(i))) ok = false;
        if (!ok) break;
        digits += ge === gs ? 0 : end[j]! - ge;
        if (digits > 15) break;
        ends[groups] = end[j]!;
        counts[groups++] = digits;
      }
      // A '+' number that fails as a whole is not retried from its inner groups.
      if (international) claimedTo = ends[groups - 1]!;
      if (counts[groups - 1]! < 8) continue;
      const cued = ctx.cueFlagBefore(s, LEX.CUE_PHONE, 6);
      parses = 0;
      fillDigits(text, s, ends[groups - 1]!);
      const intl = international || (text.charCodeAt(s) === 48 && text.charCodeAt(s + 1) === 48);
      // A national number of a length no tried country uses fails validPhone whatever its digits.
      const lengths = (cued ? LENGTHS_CUED : LENGTHS)[lang];
      for (let g = groups - 1; g >= 0; g--) {
        const n = counts[g]!;
        if (n < 8) break;
        let e = ends[g]!;
        if (e < text.length) {
          const a = text.charCodeAt(e);
          if (isAlnum(a) || ((a === 46 || a === 45 || a === 47 || a === 44) && e + 1 < text.length && isDigit(text.charCodeAt(e + 1)))) continue;
        }
        let ok = intl || (lengths >>> n) & 1 ? validPhone(text, s, e, lang, n, cued, intl) : false;
        // Brazilian mobile written without area code ("98765-4321"), only when the context says phone.
        if (!ok && cued && n === 9 && /^9\d{4}-?\d{4}$/.test(text.slice(s, e))) ok = true;
        if (!ok) continue;
        if (!cued && ctx.cueFlagBefore(s, LEX.CUE_NOT_PII, 3)) break;
        out.push({ type: 'PHONE', start: s, end: e, score: cued ? 0.98 : 0.85, validated: true });
        claimedTo = e;
        break;
      }
    }
  },
};
