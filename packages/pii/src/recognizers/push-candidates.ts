import type { ScanContext } from '../context.js';
import { NEEDS_QUESTION_CUE } from '../text/token-pass.js';
import type { Candidate, EntityType } from '../types.js';

/**
 * Pushes the candidates of compiled recognizer `id` (assembly/numbers.ts) over ctx's tokens, typed
 * `type`. A candidate the compiled code could not settle (NEEDS_QUESTION_CUE) is kept, validated,
 * only when `confirm` says so.
 */
export function pushCandidates(
  ctx: ScanContext,
  id: number,
  type: EntityType,
  out: Candidate[],
  confirm?: (ctx: ScanContext, start: number) => boolean,
): void {
  const tokens = ctx.tokens;
  const n = tokens.recognize(id);
  const o = tokens.out;
  const score = tokens.outScore;
  for (let i = 0; i < n; i++) {
    const start = o[3 * i]!;
    const validated = o[3 * i + 2]!;
    if (validated === NEEDS_QUESTION_CUE && !confirm?.(ctx, start)) continue;
    out.push({ type, start, end: o[3 * i + 1]!, score: score[i]!, validated: validated !== 0 });
  }
}
