import { getCountrySpecifications, isValidIBAN } from 'ibantools';
import { isAlnum, type ScanContext } from '../context.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

const SPEC = getCountrySpecifications();
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

/** Expected IBAN length for a country code, or 0 when the country has no IBAN. */
function ibanLength(country: string): number {
  return SPEC[country]?.chars ?? 0;
}

export const ibanRecognizer: Recognizer = {
  name: 'iban',
  types: ['IBAN'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    const { start, end } = tokens;
    for (let q = 0, nq = tokens.nDigit, idx = tokens.digitIdx; q < nq; q++) {
      const k = idx[q]!;
      const s = start[k]!;
      if (end[k]! - s < 4) continue;
      const c0 = text.charCodeAt(s) & ~32;
      const c1 = text.charCodeAt(s + 1) & ~32;
      if (!isUpper(c0) || !isUpper(c1) || !isDigitCode(text.charCodeAt(s + 2)) || !isDigitCode(text.charCodeAt(s + 3))) continue;
      if (s > 0 && isAlnum(text.charCodeAt(s - 1))) continue;
      const country = String.fromCharCode(c0, c1);
      const want = ibanLength(country);
      if (want === 0) continue;
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
      if (compact.length !== want || !isValidIBAN(compact)) continue;
      if (e < text.length && isAlnum(text.charCodeAt(e))) continue;
      out.push({ type: 'IBAN', start: s, end: e, score: 1, validated: true });
    }
  },
};
