// Frozen copy (commit d6b6b78) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/numbers.test.ts. Not shipped.
import { LEX } from '../../text/lexicon.js';
import type { ScanContext } from '../../context.js';
import { digitsIn, isDigit, leftClear, rightClear } from './helpers.js';
import { NUM_CPF } from './tokenize.js';
import type { Candidate } from '../../types.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

// 111.444.777-35, 11144477735 or 111 444 777 35; the back-reference keeps separators consistent.
const CPF_SHAPE = /\d{3}([. ]?)\d{3}\1\d{3}[-. ]?\d{2}/y;

/** Receita Federal mod-11 check digits. */
export function isValidCpf(d: readonly number[]): boolean {
  if (d.length !== 11) return false;
  let same = true;
  for (let i = 1; i < 11; i++) if (d[i] !== d[0]) same = false;
  if (same) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += d[i]! * (10 - i);
  let r = (sum * 10) % 11;
  if (r === 10) r = 0;
  if (r !== d[9]) return false;
  sum = 0;
  for (let i = 0; i < 10; i++) sum += d[i]! * (11 - i);
  r = (sum * 10) % 11;
  if (r === 10) r = 0;
  return r === d[10];
}

export const cpfRecognizer: Recognizer = {
  name: 'cpf',
  types: ['BR_CPF'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    for (let q = 0, nq = tokens.numCount[NUM_CPF]!, idx = tokens.numIdx[NUM_CPF]!; q < nq; q++) {
      const k = idx[q]!;
      const s = tokens.start[k]!;
      // The shape starts with a 3-, 9- or 11-digit group: skip the regex for every other token.
      const len = tokens.end[k]! - s;
      if (len !== 3 && len !== 9 && len !== 11) continue;
      // Exact pre-checks of the shape (a token is a maximal alphanumeric run, so a 3- or 9-digit head
      // must go on with a separator and a digit): most numbers never reach the regex.
      if (len !== 11) {
        const c = text.charCodeAt(s + len);
        if (!(c === 46 || c === 32 || (len === 9 && c === 45)) || !isDigit(text.charCodeAt(s + len + 1))) continue;
      }
      if (!isDigit(text.charCodeAt(s)) || !leftClear(text, s)) continue;
      CPF_SHAPE.lastIndex = s;
      if (!CPF_SHAPE.test(text)) continue;
      const e = CPF_SHAPE.lastIndex;
      if (!rightClear(text, e) || !isValidCpf(digitsIn(text, s, e))) continue;
      const cued = ctx.cueFlagBefore(s, LEX.CUE_CPF, 6);
      if (!cued && ctx.cueFlagBefore(s, LEX.CUE_NOT_PII, 3)) continue;
      const formatted = e - s === 14;
      let score = cued ? 0.99 : formatted ? 0.96 : 0.9;
      if (!cued && !formatted && ctx.cueFlagBefore(s, LEX.CUE_PHONE, 4)) score = 0.6;
      out.push({ type: 'BR_CPF', start: s, end: e, score, validated: true });
    }
  },
};
