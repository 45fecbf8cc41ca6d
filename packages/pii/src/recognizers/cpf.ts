import { digitsIn, leftClear, rightClear, type ScanContext } from '../context.js';
import type { Candidate } from '../types.js';
import { CPF_CUES, NOT_PII_CUES, PHONE_CUES } from './cues.js';
import type { Recognizer } from './recognizer.js';

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
    for (const k of tokens.digitTokens) {
      const s = tokens.start[k]!;
      if (!leftClear(text, s)) continue;
      CPF_SHAPE.lastIndex = s;
      if (!CPF_SHAPE.test(text)) continue;
      const e = CPF_SHAPE.lastIndex;
      if (!rightClear(text, e) || !isValidCpf(digitsIn(text, s, e))) continue;
      const cued = ctx.cueBefore(s, CPF_CUES, 6);
      if (!cued && ctx.cueBefore(s, NOT_PII_CUES, 3)) continue;
      const formatted = e - s === 14;
      let score = cued ? 0.99 : formatted ? 0.96 : 0.9;
      if (!cued && !formatted && ctx.cueBefore(s, PHONE_CUES, 4)) score = 0.6;
      out.push({ type: 'BR_CPF', start: s, end: e, score, validated: true });
    }
  },
};
