import { countrySpecs, getCountrySpecifications } from 'ibantools';
import { isAlnum, type ScanContext } from '../context.js';
import { NUM_IBAN } from '../text/tokenize.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

const SPEC = getCountrySpecifications();
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

// Expected IBAN length per country code (two upper-case letters, index (c0 - 65) * 26 + (c1 - 65)),
// 0 when the country has no IBAN: no string is built for the many "AA123456789BR"-like codes.
const IBAN_LENGTH = new Uint8Array(26 * 26);
for (const [country, spec] of Object.entries(SPEC)) {
  if (/^[A-Z]{2}$/.test(country) && spec.chars) IBAN_LENGTH[(country.charCodeAt(0) - 65) * 26 + country.charCodeAt(1) - 65] = spec.chars;
}

const BBAN_FORMAT = new Map<string, RegExp>();

/** ibantools' isValidBBAN (format regex, then the national check where one exists), with the regex compiled once. */
function validBban(country: string, bban: string): boolean {
  const spec = countrySpecs[country];
  if (!spec?.bban_regexp || spec.chars === undefined || spec.chars - 4 !== bban.length) return false;
  let re = BBAN_FORMAT.get(country);
  if (!re) BBAN_FORMAT.set(country, (re = new RegExp(spec.bban_regexp, '')));
  if (!re.test(bban)) return false;
  return spec.bban_validation_func ? spec.bban_validation_func(bban) : true;
}

/** ISO 13616 check: move the first four characters to the end, letters → 10..35, remainder mod 97 is 1. */
function mod97(s: string): boolean {
  let r = 0;
  const n = s.length;
  for (let q = 0; q < n; q++) {
    const c = s.charCodeAt((q + 4) % n);
    if (c >= 48 && c <= 57) r = (r * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) r = (r * 100 + (c - 55)) % 97;
    else return false;
  }
  return r === 1;
}

export const ibanRecognizer: Recognizer = {
  name: 'iban',
  types: ['IBAN'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    const { start, end } = tokens;
    for (let q = 0, nq = tokens.numCount[NUM_IBAN]!, idx = tokens.numIdx[NUM_IBAN]!; q < nq; q++) {
      const k = idx[q]!;
      const s = start[k]!;
      if (end[k]! - s < 4) continue;
      const c0 = text.charCodeAt(s) & ~32;
      const c1 = text.charCodeAt(s + 1) & ~32;
      if (!isUpper(c0) || !isUpper(c1) || !isDigitCode(text.charCodeAt(s + 2)) || !isDigitCode(text.charCodeAt(s + 3))) continue;
      if (s > 0 && isAlnum(text.charCodeAt(s - 1))) continue;
      const want = IBAN_LENGTH[(c0 - 65) * 26 + c1 - 65]!;
      if (want === 0) continue;
      const country = String.fromCharCode(c0, c1);
      // Electronic form in one token, or the print form in groups separated by one space or dash.
      let compact = text.slice(s, end[k]!).toUpperCase();
      let e = end[k]!;
      for (let j = k + 1; j < tokens.count && compact.length < want; j++) {
        if (start[j]! - end[j - 1]! !== 1) break;
        const sep = text.charCodeAt(end[j - 1]!);
        if (sep !== 32 && sep !== 45) break;
        const len = end[j]! - start[j]!;
        if (len > 4 && compact.length + len !== want) break;
        compact += text.slice(start[j]!, end[j]!).toUpperCase();
        e = end[j]!;
      }
      // Same checks as ibantools' isValidIBAN (length, numeric check digits, mod 97, BBAN format and
      // national check), with mod 97 done on char codes first: it rejects almost every non-IBAN
      // cheaply, and ibantools' string-chunk checksum costs ~2 µs per call.
      if (compact.length !== want || !isDigitCode(compact.charCodeAt(2)) || !isDigitCode(compact.charCodeAt(3))) continue;
      if (!mod97(compact) || !validBban(country, compact.slice(4))) continue;
      if (e < text.length && isAlnum(text.charCodeAt(e))) continue;
      out.push({ type: 'IBAN', start: s, end: e, score: 1, validated: true });
    }
  },
};
