import AhoCorasick from 'modern-ahocorasick';
import { SENSITIVE_TERMS } from './lexicons/sensitive.js';
import { foldString, foldText } from './text/fold.js';
import { SENSITIVE_CATEGORIES, type SensitiveCategory, type SensitiveFlag } from './types.js';

interface Term {
  term: string;
  category: SensitiveCategory;
}

const TERMS: Term[] = [];
for (const category of SENSITIVE_CATEGORIES) {
  for (const raw of SENSITIVE_TERMS[category].split(',')) {
    const term = foldString(raw.trim().replace(/\s+/g, ' '));
    if (term) TERMS.push({ term, category });
  }
}

// One automaton for every language and category, built once over folded (lower-case,
// accent-free) terms; the text is folded the same way with offsets preserved.
const automaton = new AhoCorasick(TERMS.map((t) => ({ pattern: t.term, data: t })));

const isWordCode = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c < 0x250 && c !== 0xd7 && c !== 0xf7);

/**
 * Special-category flags (LGPD Art. 11, GDPR Art. 9/10): each hit names its category, the
 * triggering span in `text` and the lexicon term. A message is sensitive when the list is not empty.
 */
export function detectSensitive(text: string): SensitiveFlag[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const folded = foldText(text);
  const flags: SensitiveFlag[] = [];
  for (const m of automaton.iterate(folded, { strategy: 'leftmost-longest' })) {
    if (m.start > 0 && isWordCode(folded.charCodeAt(m.start - 1))) continue;
    if (m.end < folded.length && isWordCode(folded.charCodeAt(m.end))) continue;
    const t = m.data as Term;
    flags.push({ category: t.category, start: m.start, end: m.end, term: t.term });
  }
  return flags;
}

/** The distinct categories present, in canonical order. */
export function sensitiveCategories(flags: readonly SensitiveFlag[]): SensitiveCategory[] {
  const seen = new Set(flags.map((f) => f.category));
  return SENSITIVE_CATEGORIES.filter((c) => seen.has(c));
}
