import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { isAlnum, isDigit, type ScanContext } from '../context.js';
import { H_PHONE_CLAIMED, H_PHONE_CUED, H_PHONE_GROUPS, H_PHONE_START, H_PHONE_STOP, LANG_EN, LANG_ES, LANG_PT } from '../text/token-pass.js';
import type { Candidate, Lang } from '../types.js';
import type { Recognizer } from './recognizer.js';

// The walk over digit groups and the numbering plans of the five home markets run compiled
// (assembly/phone.ts). A '+' / "00" number of another country comes back here, for
// libphonenumber-js.

const LANG_ID: Record<Lang, number> = { pt: LANG_PT, es: LANG_ES, en: LANG_EN };

// Country calling codes known to the metadata (1–3 digits).
const CODES: ReadonlySet<string> = new Set(getCountries().map((c) => getCountryCallingCode(c) as string));

let parses = 0;
// The digits of the number being settled (DIG[0 .. 24)).
const DIG = new Uint8Array(24);

/**
 * A '+' / "00" number of a country outside the home markets (assembly/phone.ts settles +55, +351,
 * +34, +44 and +1): text[s, e) holds its digits, also in DIG.
 */
function validInternational(text: string, s: number, e: number): boolean {
  // Shapes that belong to other things: a CPF layout, boleto fields (5-digit groups with dots).
  let dot = false;
  let dn = 0; // digits actually in the span (a token may hold combining marks)
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) dot = true;
    else if (c >= 48 && c <= 57) dn++;
  }
  const raw = text.slice(s, e);
  if (dot) {
    if (/^\d{3}\.\d{3}\.\d{3}-\d{2}$/.test(raw) || /\d{5}\.\d/.test(raw) || /\.\d{5}/.test(raw)) return false;
  }
  let d = '';
  for (let i = 0; i < dn; i++) d += String.fromCharCode(48 + DIG[i]!);
  const intl = raw.charCodeAt(0) === 43 ? d : d.slice(2);
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

/** Fills DIG with the digits of text[s, e) (at most DIG.length). */
function fillDigits(text: string, s: number, e: number): void {
  let n = 0;
  for (let i = s; i < e && n < DIG.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) DIG[n++] = c - 48;
  }
}

/**
 * Settles the '+' / "00" number of another country the compiled walk stopped at (uncued ones
 * after an order or protocol cue never stop), from its longest reading down; returns the walk's
 * claimedTo after it.
 */
function settleInternational(ctx: ScanContext, out: Candidate[], claimedTo: number): number {
  const { text, tokens } = ctx;
  const h = tokens.header;
  const s = h[H_PHONE_START]!;
  const cued = h[H_PHONE_CUED] !== 0;
  const groups = h[H_PHONE_GROUPS]!;
  const g16 = tokens.phoneGroups;
  parses = 0;
  fillDigits(text, s, g16[groups - 1]!);
  for (let g = groups - 1; g >= 0; g--) {
    if (g16[16 + g]! < 8) break;
    const e = g16[g]!;
    if (e < text.length) {
      const a = text.charCodeAt(e);
      if (isAlnum(a) || ((a === 46 || a === 45 || a === 47 || a === 44) && e + 1 < text.length && isDigit(text.charCodeAt(e + 1)))) continue;
    }
    if (!validInternational(text, s, e)) continue;
    out.push({ type: 'PHONE', start: s, end: e, score: cued ? 0.98 : 0.85, validated: true });
    return e;
  }
  return claimedTo;
}

export const phoneRecognizer: Recognizer = {
  name: 'phone',
  types: ['PHONE'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const tokens = ctx.tokens;
    const lang = LANG_ID[ctx.lang];
    const h = tokens.header;
    for (let q = 0, claimedTo = -1; ; ) {
      const n = tokens.phone(lang, q, claimedTo);
      const o = tokens.out;
      const score = tokens.outScore;
      for (let i = 0; i < n; i++) out.push({ type: 'PHONE', start: o[3 * i]!, end: o[3 * i + 1]!, score: score[i]!, validated: true });
      const stop = h[H_PHONE_STOP]!;
      if (stop < 0) return;
      claimedTo = settleInternational(ctx, out, h[H_PHONE_CLAIMED]!);
      q = stop + 1;
    }
  },
};
