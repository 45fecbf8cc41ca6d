import type { Candidate, Entity } from './types.js';

// Reused buffers: detect() is synchronous.
const buf: Candidate[] = [];
const win: Candidate[] = [];

function entity(c: Candidate): Entity {
  return { type: c.type, start: c.start, end: c.end, score: c.score };
}

/** before(a, b): a wins over b (validated, then longer, then higher score, then earlier). */
function before(a: Candidate, b: Candidate): boolean {
  if (a.validated !== b.validated) return a.validated;
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  if (a.score !== b.score) return a.score > b.score;
  return a.start < b.start;
}

/** Candidates in priority order: insertion sort for the usual handful (stable), Array#sort beyond. */
function sortByPriority(cands: Candidate[]): readonly Candidate[] {
  const n = cands.length;
  if (n > 32) {
    return cands.slice().sort(
      (a, b) =>
        Number(b.validated) - Number(a.validated) ||
        b.end - b.start - (a.end - a.start) ||
        b.score - a.score ||
        a.start - b.start,
    );
  }
  // buf may be longer than n (stale entries past n are never read; the length is not reset, a runtime call).
  for (let i = 0; i < n; i++) {
    const c = cands[i]!;
    let j = i - 1;
    while (j >= 0 && before(c, buf[j]!)) {
      buf[j + 1] = buf[j]!;
      j--;
    }
    buf[j + 1] = c;
  }
  return buf;
}

/**
 * Picks a non-overlapping subset: checksum/parser-validated beats unvalidated, then longer
 * beats shorter, then higher score, then earlier. Returned sorted by start.
 */
export function resolveOverlaps(cands: Candidate[]): Entity[] {
  if (cands.length === 0) return [];
  if (cands.length === 1) {
    const c = cands[0]!;
    return [entity(c)];
  }
  const n = cands.length;
  const order = sortByPriority(cands); // order[0 .. n)
  // Occupancy by interval: winners are few and short, so mark them in a sorted array and
  // check neighbours; the final list is sorted once at the end (no O(k²) splicing).
  if (n <= 24) {
    // Few candidates (the usual message): pairwise checks beat allocating an occupancy map, and
    // winners are inserted in start order (no final sort) into a reused buffer, then copied into
    // an array of exactly their number (a growing array would allocate room for 17).
    let w = 0;
    for (let i = 0; i < n; i++) {
      const c = order[i]!;
      if (c.end <= c.start || c.start < 0) continue;
      let at = w;
      let clash = false;
      for (let j = 0; j < w; j++) {
        const k = win[j]!;
        if (k.start < c.end && c.start < k.end) {
          clash = true;
          break;
        }
        if (at === w && k.start > c.start) at = j;
      }
      if (clash) continue;
      for (let j = w; j > at; j--) win[j] = win[j - 1]!;
      win[at] = c;
      w++;
    }
    switch (w) {
      case 0:
        return [];
      case 1:
        return [entity(win[0]!)];
      case 2:
        return [entity(win[0]!), entity(win[1]!)];
      case 3:
        return [entity(win[0]!), entity(win[1]!), entity(win[2]!)];
      case 4:
        return [entity(win[0]!), entity(win[1]!), entity(win[2]!), entity(win[3]!)];
      default: {
        const out: Entity[] = [];
        for (let j = 0; j < w; j++) out.push(entity(win[j]!));
        return out;
      }
    }
  }
  const kept: Entity[] = [];
  let maxEnd = 0;
  for (let i = 0; i < n; i++) if (order[i]!.end > maxEnd) maxEnd = order[i]!.end;
  const taken = new Uint8Array(maxEnd);
  for (let i = 0; i < n; i++) {
    const c = order[i]!;
    if (c.end <= c.start || c.start < 0) continue;
    let clash = false;
    for (let p = c.start; p < c.end; p++) {
      if (taken[p]) {
        clash = true;
        break;
      }
    }
    if (clash) continue;
    taken.fill(1, c.start, c.end);
    kept.push({ type: c.type, start: c.start, end: c.end, score: c.score });
  }
  return kept.sort((a, b) => a.start - b.start);
}
