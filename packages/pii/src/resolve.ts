import type { Candidate, Entity } from './types.js';

/**
 * Picks a non-overlapping subset: checksum/parser-validated beats unvalidated, then longer
 * beats shorter, then higher score, then earlier. Returned sorted by start.
 */
export function resolveOverlaps(cands: Candidate[]): Entity[] {
  if (cands.length === 0) return [];
  if (cands.length === 1) {
    const c = cands[0]!;
    return [{ type: c.type, start: c.start, end: c.end, score: c.score }];
  }
  const order = cands.slice().sort(
    (a, b) =>
      Number(b.validated) - Number(a.validated) ||
      b.end - b.start - (a.end - a.start) ||
      b.score - a.score ||
      a.start - b.start,
  );
  const kept: Entity[] = [];
  for (const c of order) {
    if (c.end <= c.start) continue;
    // kept is sorted by start; binary-search the neighbours.
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (kept[mid]!.start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = kept[lo - 1];
    const next = kept[lo];
    if ((prev && prev.end > c.start) || (next && next.start < c.end)) continue;
    kept.splice(lo, 0, { type: c.type, start: c.start, end: c.end, score: c.score });
  }
  return kept;
}
