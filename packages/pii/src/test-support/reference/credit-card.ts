// Frozen copy (commit d6b6b78) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/numbers.test.ts. Not shipped.
import { LEX } from '../../text/lexicon.js';
import type { ScanContext } from '../../context.js';
import { leftClear, rightClear } from './helpers.js';
import { NUM_CARD, T_ALPHA } from './tokenize.js';
import type { Candidate } from '../../types.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

export function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let v = digits.charCodeAt(i) - 48;
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

const ELO_RANGES: ReadonlyArray<readonly [number, number]> = [
  [401178, 401179], [431274, 431274], [438935, 438935], [451416, 451416], [457393, 457393], [457631, 457632],
  [504175, 504175], [506699, 506778], [509000, 509999], [627780, 627780], [636297, 636297], [636368, 636368],
  [650031, 650033], [650035, 650051], [650405, 650439], [650485, 650538], [650541, 650598], [650700, 650718],
  [650720, 650727], [650901, 650978], [651652, 651679], [655000, 655019], [655021, 655058],
];

/** Card brand by IIN prefix and length; undefined when no known scheme issues such a number. */
export function cardBrand(d: string): string | undefined {
  const len = d.length;
  const p6 = Number(d.slice(0, 6));
  const p4 = Math.floor(p6 / 100);
  const p2 = Math.floor(p6 / 10000);
  if (len === 16 && ELO_RANGES.some(([a, b]) => p6 >= a && p6 <= b)) return 'elo';
  if ((p6 === 606282 || p4 === 3841) && len >= 13 && len <= 19) return 'hipercard';
  if (d[0] === '4' && (len === 13 || len === 16 || len === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && len === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && len === 15) return 'amex';
  if (((p4 >= 3000 && p4 <= 3059) || p2 === 36 || p2 === 38 || p2 === 39) && len >= 14 && len <= 19) return 'diners';
  if ((p4 === 6011 || p2 === 65 || (p4 >= 6440 && p4 <= 6499)) && len >= 16 && len <= 19) return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && len >= 16 && len <= 19) return 'jcb';
  if (p2 === 62 && len >= 16 && len <= 19) return 'unionpay';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 69)) && len >= 12 && len <= 19) return 'maestro';
  return undefined;
}

export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  types: ['CREDIT_CARD'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    const { start, end, shape } = tokens;
    let claimedTo = -1;
    for (let q = 0, nq = tokens.numCount[NUM_CARD]!, idx = tokens.numIdx[NUM_CARD]!; q < nq; q++) {
      const k = idx[q]!;
      const s = start[k]!;
      const len = end[k]! - s;
      if (len < 13) {
        // Grouped cards continue with a space or dash and another digit group.
        const sep = text.charCodeAt(end[k]!);
        if ((sep !== 32 && sep !== 45) || k + 1 >= tokens.count || start[k + 1] !== end[k]! + 1 || !(shape[k + 1]! & 1)) continue;
      }
      if (s < claimedTo || shape[k]! & T_ALPHA || !leftClear(text, s)) continue;
      // Cards start at the head of a digit run, never in the middle of "1 2 3 4 …".
      if (k > 0 && end[k - 1] === s - 1 && !(shape[k - 1]! & T_ALPHA) && (text.charCodeAt(s - 1) === 32 || text.charCodeAt(s - 1) === 45)) continue;
      if (len > 19) continue;
      // Dry walk over the groups (same rules as below, no strings): most digit runs ("1234 5678",
      // a date) can never reach 13 digits.
      if (len < 13) {
        let reach = len;
        let tot = len;
        let sp = -1;
        for (let j = k + 1; j < tokens.count && tot < 19; j++) {
          if (start[j]! - end[j - 1]! !== 1 || shape[j]! & T_ALPHA) break;
          const c = text.charCodeAt(end[j - 1]!);
          if (c !== 32 && c !== 45) break;
          if (sp === -1) sp = c;
          else if (c !== sp) break;
          tot += end[j]! - start[j]!;
          if (tot > 19) break;
          reach = tot;
        }
        if (reach < 13) continue;
      }
      // Groups joined by one consistent separator (space or dash), 13..19 digits in all.
      let digits = text.slice(s, end[k]!);
      let best = -1;
      if (digits.length >= 13 && luhn(digits) && cardBrand(digits) && rightClear(text, end[k]!)) best = end[k]!;
      let sep = -1;
      for (let j = k + 1; j < tokens.count && digits.length < 19; j++) {
        const gap = start[j]! - end[j - 1]!;
        if (gap !== 1 || shape[j]! & T_ALPHA) break;
        const c = text.charCodeAt(end[j - 1]!);
        if (c !== 32 && c !== 45) break;
        if (sep === -1) sep = c;
        else if (c !== sep) break;
        digits += text.slice(start[j]!, end[j]!);
        if (digits.length > 19) break;
        if (digits.length >= 13 && luhn(digits) && cardBrand(digits) && rightClear(text, end[j]!)) best = end[j]!;
      }
      if (best < 0) continue;
      const cued = ctx.cueFlagBefore(s, LEX.CUE_CARD, 5);
      if (!cued && ctx.cueFlagBefore(s, LEX.CUE_NOT_PII, 3)) continue;
      out.push({ type: 'CREDIT_CARD', start: s, end: best, score: cued ? 0.99 : 0.95, validated: true });
      claimedTo = best;
    }
  },
};
