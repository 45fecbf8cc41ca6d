import { rightClear, leftClear, type ScanContext } from '../context.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

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
    for (let q = 0, nq = tokens.nDigit, idx = tokens.digitIdx; q < nq; q++) {
      const k = idx[q]!;
      const s = tokens.start[k]!;
      const len = tokens.end[k]! - s;
      if ((len !== 8 && len !== 9 && len !== 2) || !leftClear(text, s)) continue;
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
