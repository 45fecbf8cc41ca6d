import type { ScanContext } from '../context.js';
import type { Candidate, EntityType } from '../types.js';

/** Pushes the candidates of compiled recognizer `id` (assembly/numbers.ts) over ctx's tokens, typed `type`. */
export function pushCandidates(ctx: ScanContext, id: number, type: EntityType, out: Candidate[]): void {
  const tokens = ctx.tokens;
  const n = tokens.recognize(id);
  const o = tokens.out;
  const score = tokens.outScore;
  for (let i = 0; i < n; i++) out.push({ type, start: o[3 * i]!, end: o[3 * i + 1]!, score: score[i]!, validated: o[3 * i + 2] === 1 });
}
