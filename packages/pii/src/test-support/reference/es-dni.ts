// Frozen copy (commit d6b6b78) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/numbers.test.ts. Not shipped.
import type { ScanContext } from '../../context.js';
import { rightClear, leftClear, sepDigit } from './helpers.js';
import { NUM_DNI } from './tokenize.js';
import type { Candidate } from '../../types.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

export const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';
// 12345678Z, 12345678-Z, 12345678 Z, 12.345.678-Z, 12345678z
const DNI_SHAPE = /(?:\d{8}|\d{2}\.\d{3}\.\d{3})([- ]?)([A-Za-z])/y;

export function dniLetterOk(num: number, letter: string): boolean {
  return DNI_LETTERS[num % 23] === letter.toUpperCase();
}

export const esDniRecognizer: Recognizer = {
  name: 'es-dni',
  types: ['ES_DNI'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    for (let q = 0, nq = tokens.numCount[NUM_DNI]!, idx = tokens.numIdx[NUM_DNI]!; q < nq; q++) {
      const k = idx[q]!;
      const s = tokens.start[k]!;
      const len = tokens.end[k]! - s;
      if (len !== 8 && len !== 9 && len !== 2) continue;
      // Exact pre-checks: "12.345.678-Z" goes on with '.', "12345678 Z" with '-'/' ' and a letter,
      // "12345678Z" ends in its letter.
      if (len === 2) {
        if (!sepDigit(text, s + 2, 46)) continue;
      } else {
        const c = text.charCodeAt(len === 9 ? s + 8 : s + 9) | 32;
        if (c < 97 || c > 122 || (len === 8 && text.charCodeAt(s + 8) !== 45 && text.charCodeAt(s + 8) !== 32)) continue;
      }
      if (!leftClear(text, s)) continue;
      DNI_SHAPE.lastIndex = s;
      const m = DNI_SHAPE.exec(text);
      if (!m) continue;
      const e = DNI_SHAPE.lastIndex;
      if (!rightClear(text, e)) continue;
      const letter = m[2]!;
      // "12345678 y …": a spaced lower-case letter is a word, not a control letter.
      if (m[1] === ' ' && letter !== letter.toUpperCase()) continue;
      const num = Number(text.slice(s, e - 1 - m[1]!.length).replace(/\./g, ''));
      if (!dniLetterOk(num, letter)) continue;
      out.push({ type: 'ES_DNI', start: s, end: e, score: 0.97, validated: true });
    }
  },
};
