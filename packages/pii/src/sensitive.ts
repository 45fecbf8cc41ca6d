import { NOT_SENSITIVE, SENSITIVE_TERMS } from './lexicons/sensitive.js';
import { FOLD, foldString } from './text/fold.js';
import { SENSITIVE_CATEGORIES, type SensitiveCategory, type SensitiveFlag } from './types.js';

interface Term {
  term: string;
  /** null: a stop phrase (NOT_SENSITIVE) that wins by length and yields no flag. */
  category: SensitiveCategory | null;
}

const TERMS: Term[] = [];
for (const category of SENSITIVE_CATEGORIES) {
  for (const raw of SENSITIVE_TERMS[category].split(',')) {
    const term = foldString(raw.trim().replace(/\s+/g, ' '));
    if (term) TERMS.push({ term, category });
  }
}
for (const raw of NOT_SENSITIVE.split(',')) {
  const term = foldString(raw.trim().replace(/\s+/g, ' '));
  if (term) TERMS.push({ term, category: null });
}

// One trie over every language and category, built once from folded (lower-case, accent-free)
// terms. A match must start and end on a word boundary, so the walk starts only at word starts and
// folds the text on the fly (no folded copy, no grapheme segmentation): linear in the text with a
// constant bounded by the longest term. Combining marks (NFD text) are skipped inside a word.
const SYM = new Int8Array(0x250).fill(-1);
for (let c = 97; c <= 122; c++) SYM[c] = c - 97;
SYM[32] = 26;
SYM[45] = 27;
SYM[39] = 28;
const WIDTH = 32;
let next = new Int32Array(WIDTH * 64);
let termOf = new Int32Array(64).fill(-1);
let nodes = 1;
for (let t = 0; t < TERMS.length; t++) {
  const term = TERMS[t]!.term;
  let node = 0;
  let ok = true;
  for (let i = 0; i < term.length && ok; i++) {
    const c = term.charCodeAt(i);
    const sym = c < 0x250 ? SYM[c]! : -1;
    if (sym < 0) {
      ok = false;
      break;
    }
    let to = next[node * WIDTH + sym]!;
    if (to === 0) {
      if (nodes === termOf.length) {
        const n2 = new Int32Array(next.length * 2);
        n2.set(next);
        next = n2;
        const t2 = new Int32Array(termOf.length * 2).fill(-1);
        t2.set(termOf);
        termOf = t2;
      }
      to = nodes++;
      next[node * WIDTH + sym] = to;
    }
    node = to;
  }
  if (ok && termOf[node] === -1) termOf[node] = t;
}
const NEXT = next;
const TERM_OF = termOf;

const isWordCode = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c < 0x250 && c !== 0xd7 && c !== 0xf7);
const isMark = (c: number): boolean => c >= 0x300 && c <= 0x36f;

/**
 * Special-category flags (LGPD Art. 11, GDPR Art. 9/10): each hit names its category, the
 * triggering span in `text` and the lexicon term. A message is sensitive when the list is not empty.
 * Leftmost-longest, non-overlapping, whole words only.
 */
export function detectSensitive(text: string): SensitiveFlag[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const flags: SensitiveFlag[] = [];
  const n = text.length;
  let prevWord = false;
  for (let i = 0; i < n; ) {
    const c0 = text.charCodeAt(i);
    const word = isWordCode(c0);
    if (!word || prevWord) {
      prevWord = word || (prevWord && isMark(c0));
      i++;
      continue;
    }
    // Word start: walk the trie.
    let node = 0;
    let bestEnd = -1;
    let bestTerm = -1;
    for (let j = i; j < n; j++) {
      const c = text.charCodeAt(j);
      if (isMark(c) && j > i) continue;
      const f = c < 0x250 ? FOLD[c]! : c;
      const sym = f < 0x250 ? SYM[f]! : -1;
      if (sym < 0) break;
      node = NEXT[node * WIDTH + sym]!;
      if (node === 0) break;
      const t = TERM_OF[node]!;
      if (t >= 0) {
        let e = j + 1;
        while (e < n && isMark(text.charCodeAt(e))) e++;
        if (e >= n || !isWordCode(FOLD_AT(text.charCodeAt(e)))) {
          bestEnd = e;
          bestTerm = t;
        }
      }
    }
    if (bestTerm >= 0) {
      const t = TERMS[bestTerm]!;
      if (t.category !== null) flags.push({ category: t.category, start: i, end: bestEnd, term: t.term });
      i = bestEnd;
      prevWord = false;
      continue;
    }
    prevWord = true;
    i++;
  }
  return flags;
}

const FOLD_AT = (c: number): number => (c < 0x250 ? FOLD[c]! : c);

/** The distinct categories present, in canonical order. */
export function sensitiveCategories(flags: readonly SensitiveFlag[]): SensitiveCategory[] {
  const seen = new Set(flags.map((f) => f.category));
  return SENSITIVE_CATEGORIES.filter((c) => seen.has(c));
}
