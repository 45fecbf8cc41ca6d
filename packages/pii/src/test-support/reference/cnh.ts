// Frozen copy (commit d6b6b78) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/numbers.test.ts. Not shipped.
import { LEX } from '../../text/lexicon.js';
import type { ScanContext } from '../../context.js';
import { digitsIn, leftClear, rightClear } from './helpers.js';
import { NUM_CNH } from './tokenize.js';
import type { Candidate } from '../../types.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

const CNH_SHAPE = /\d{11}/y;

/** DENATRAN check digits for the 11-digit CNH registration number. */
export function isValidCnh(d: readonly number[]): boolean {
  if (d.length !== 11) return false;
  let same = true;
  for (let i = 1; i < 11; i++) if (d[i] !== d[0]) same = false;
  if (same) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += d[i]! * (9 - i);
  let d1 = sum % 11;
  let dec = 0;
  if (d1 >= 10) {
    d1 = 0;
    dec = 2;
  }
  sum = 0;
  for (let i = 0; i < 9; i++) sum += d[i]! * (i + 1);
  let d2 = (((sum % 11) - dec) + 11) % 11;
  if (d2 >= 10) d2 = 0;
  return d1 === d[9] && d2 === d[10];
}

export const cnhRecognizer: Recognizer = {
  name: 'cnh',
  types: ['BR_CNH'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    for (let q = 0, nq = tokens.numCount[NUM_CNH]!, idx = tokens.numIdx[NUM_CNH]!; q < nq; q++) {
      const k = idx[q]!;
      const s = tokens.start[k]!;
      if (tokens.end[k]! - s !== 11 || !leftClear(text, s)) continue;
      CNH_SHAPE.lastIndex = s;
      if (!CNH_SHAPE.test(text) || !rightClear(text, s + 11)) continue;
      if (!isValidCnh(digitsIn(text, s, s + 11))) continue;
      const cued = ctx.cueFlagBefore(s, LEX.CUE_CNH, 6);
      if (!cued && ctx.cueFlagBefore(s, LEX.CUE_NOT_PII, 3)) continue;
      // Without a cue an 11-digit number that passes the CNH check is weaker than a CPF or a phone.
      out.push({ type: 'BR_CNH', start: s, end: s + 11, score: cued ? 0.995 : 0.55, validated: cued });
    }
  },
};
