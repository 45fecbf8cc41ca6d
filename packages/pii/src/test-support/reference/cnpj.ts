// Frozen copy (commit d6b6b78) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/numbers.test.ts. Not shipped.
import { LEX } from '../../text/lexicon.js';
import type { ScanContext } from '../../context.js';
import { leftClear, rightClear } from './helpers.js';
import { NUM_CNPJ, T_ALLUPPER } from './tokenize.js';
import type { Candidate } from '../../types.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

// Numeric (11.222.333/0001-81) and alphanumeric CNPJ (12 chars [0-9A-Z] + 2 numeric DVs, from July 2026).
const CNPJ_SHAPE = /[0-9A-Z]{2}(\.?)[0-9A-Z]{3}\1[0-9A-Z]{3}\/?[0-9A-Z]{4}-?\d{2}/y;

/** Mod-11 over (char code − 48), weights 2..9 from the right; valid for numeric and alphanumeric CNPJ. */
export function isValidCnpj(chars: string): boolean {
  if (chars.length !== 14) return false;
  if (/^(\d)\1{13}$/.test(chars)) return false;
  const dv = (len: number): number => {
    let sum = 0;
    let w = 2;
    for (let i = len - 1; i >= 0; i--) {
      sum += (chars.charCodeAt(i) - 48) * w;
      w = w === 9 ? 2 : w + 1;
    }
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  return dv(12) === chars.charCodeAt(12) - 48 && dv(13) === chars.charCodeAt(13) - 48;
}

export const cnpjRecognizer: Recognizer = {
  name: 'cnpj',
  types: ['BR_CNPJ'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    for (let q = 0, nq = tokens.numCount[NUM_CNPJ]!, idx = tokens.numIdx[NUM_CNPJ]!; q < nq; q++) {
      const k = idx[q]!;
      // First group of the shape: 2 (dotted), 8 (no dots), 12 (no slash) or 14 characters.
      const len = tokens.end[k]! - tokens.start[k]!;
      if (len === 2 || len === 8 || len === 12 || len === 14) tryCnpj(ctx, out, tokens.start[k]!, len);
    }
    // Alphanumeric CNPJ can start with letters: "AB.CDE.123/0001-..".
    for (let q = 0, nq = tokens.nCode, idx = tokens.codeIdx; q < nq; q++) {
      const k = idx[q]!;
      const len = tokens.end[k]! - tokens.start[k]!;
      if (tokens.shape[k]! & T_ALLUPPER && (len === 2 || len === 8 || len === 12 || len === 14)) tryCnpj(ctx, out, tokens.start[k]!, len);
    }
  },
};

/** Tries the shape at `s` (a module function: no closure allocated per call). */
function tryCnpj(ctx: ScanContext, out: Candidate[], s: number, len: number): void {
  const text = ctx.text;
  // Exact pre-check: a head of 2, 8 or 12 characters ends its token, so the shape goes on with
  // '.', '/' or '-' and then a code character.
  if (len !== 14) {
    const c = text.charCodeAt(s + len);
    const d = text.charCodeAt(s + len + 1);
    if (c !== (len === 2 ? 46 : len === 8 ? 47 : 45) || !((d >= 48 && d <= 57) || (len !== 12 && d >= 65 && d <= 90))) return;
  }
  if (!leftClear(text, s)) return;
  CNPJ_SHAPE.lastIndex = s;
  if (!CNPJ_SHAPE.test(text)) return;
  const e = CNPJ_SHAPE.lastIndex;
  if (!rightClear(text, e)) return;
  const raw = text.slice(s, e).replace(/[./-]/g, '');
  if (!isValidCnpj(raw)) return;
  const numeric = /^\d+$/.test(raw);
  const cued = ctx.cueFlagBefore(s, LEX.CUE_CNPJ, 6);
  if (!cued && ctx.cueFlagBefore(s, LEX.CUE_NOT_PII, 3)) return;
  // A plain alphanumeric code needs at least a digit and a letter to look like the new CNPJ.
  if (!numeric && !/\d/.test(raw.slice(0, 12))) return;
  const formatted = e - s === 18;
  out.push({ type: 'BR_CNPJ', start: s, end: e, score: cued ? 0.99 : formatted ? 0.96 : 0.9, validated: true });
}
