// Frozen copy (commit d6b6b78) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/numbers.test.ts. Not shipped.
import type { ScanContext } from '../../context.js';
import { leftClear, rightClear } from './helpers.js';
import { NUM_NIE } from './tokenize.js';
import type { Candidate } from '../../types.js';
import { dniLetterOk } from './es-dni.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

// X1234567L, X-1234567-L, X 1234567 L: prefix X/Y/Z stands for 0/1/2 in the DNI letter check.
const NIE_SHAPE = /([XYZxyz])([- ]?)(\d{7})([- ]?)([A-Za-z])/y;

export const esNieRecognizer: Recognizer = {
  name: 'es-nie',
  types: ['ES_NIE'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    for (let q = 0, nq = tokens.numCount[NUM_NIE]!, idx = tokens.numIdx[NUM_NIE]!; q < nq; q++) {
      const k = idx[q]!;
      const c = text.charCodeAt(tokens.start[k]!) | 32;
      if (c >= 120 && c <= 122) tryNie(ctx, out, tokens.start[k]!); // x, y, z
    }
    for (let q = 0, nq = tokens.nCode, idx = tokens.codeIdx; q < nq; q++) {
      const k = idx[q]!;
      if (tokens.end[k]! - tokens.start[k]! !== 1) continue;
      const c = text.charCodeAt(tokens.start[k]!) | 32;
      if (c >= 120 && c <= 122) tryNie(ctx, out, tokens.start[k]!);
    }
  },
};

/** Tries the shape at `s` (a module function: no closure allocated per call). */
function tryNie(ctx: ScanContext, out: Candidate[], s: number): void {
  const text = ctx.text;
  if (!leftClear(text, s)) return;
  NIE_SHAPE.lastIndex = s;
  const m = NIE_SHAPE.exec(text);
  if (!m) return;
  const e = NIE_SHAPE.lastIndex;
  if (!rightClear(text, e)) return;
  const prefix = 'XYZ'.indexOf(m[1]!.toUpperCase());
  if (!dniLetterOk(Number(prefix + m[3]!), m[5]!)) return;
  if (m[4] === ' ' && m[5] !== m[5]!.toUpperCase()) return;
  out.push({ type: 'ES_NIE', start: s, end: e, score: 0.97, validated: true });
}
