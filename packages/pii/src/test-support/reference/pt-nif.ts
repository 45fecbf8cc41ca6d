// Frozen copy (commit d6b6b78) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/numbers.test.ts. Not shipped.
import { LEX } from '../../text/lexicon.js';
import type { ScanContext } from '../../context.js';
import { digitsIn, leftClear, rightClear, sepDigit } from './helpers.js';
import { NUM_NIF } from './tokenize.js';
import type { Candidate } from '../../types.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

const NIF_SHAPE = /\d{9}|\d{3} \d{3} \d{3}/y;

/** Portuguese NIF/NIPC: weights 9..2 over the first 8 digits, mod 11. */
export function isValidPtNif(d: readonly number[]): boolean {
  if (d.length !== 9) return false;
  if (d[0] === 0 || d[0] === 4) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += d[i]! * (9 - i);
  const r = sum % 11;
  return (r < 2 ? 0 : 11 - r) === d[8];
}

export const ptNifRecognizer: Recognizer = {
  name: 'pt-nif',
  types: ['PT_NIF'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    for (let q = 0, nq = tokens.numCount[NUM_NIF]!, idx = tokens.numIdx[NUM_NIF]!; q < nq; q++) {
      const k = idx[q]!;
      const s = tokens.start[k]!;
      const len = tokens.end[k]! - s;
      if ((len !== 9 && len !== 3) || (len === 3 && !sepDigit(text, s + 3, 32)) || !leftClear(text, s)) continue;
      NIF_SHAPE.lastIndex = s;
      if (!NIF_SHAPE.test(text)) continue;
      const e = NIF_SHAPE.lastIndex;
      if (!rightClear(text, e)) continue;
      const d = digitsIn(text, s, e);
      if (!isValidPtNif(d)) continue;
      const cued = ctx.cueFlagBefore(s, LEX.CUE_NIF, 5);
      if (!cued && ctx.cueFlagBefore(s, LEX.CUE_NOT_PII, 3)) continue;
      // Nine digits collide with Iberian phone numbers: without a cue only personal NIFs (1–3) count.
      if (!cued && d[0]! > 3) continue;
      out.push({ type: 'PT_NIF', start: s, end: e, score: cued ? 0.98 : 0.7, validated: cued });
    }
  },
};
