import { isAlnum, type ScanContext } from '../context.js';
import { NOT_PERSON_PHRASES, phraseSet } from '../lexicons/index.js';
import { PERSON_CUE_PHRASES } from '../lexicons/cues.js';
import { LEX } from '../text/lexicon.js';
import { T_DIGIT, T_UPPER0 } from '../text/tokenize.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

const CUES = phraseSet(PERSON_CUE_PHRASES);
const MAX_NAME_TOKENS = 6;
const NAME = LEX.FIRST_NAME | LEX.SURNAME;

/**
 * Chains of capitalised words joined by single spaces and particles ("Maria da Silva",
 * "José de la Cruz"), accepted when the gazetteers or the context say person: a known
 * first name, a known surname after an unknown capitalised word, a title ("Sr.", "Dra.")
 * or a cue before it ("meu nome é", "me llamo", "falei com a atendente", a sign-off line).
 */
export const personRecognizer: Recognizer = {
  name: 'person',
  types: ['PERSON'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    const { start, end, shape, lex } = tokens;
    let next = 0;
    for (const k0 of tokens.wordTokens) {
      if (k0 < next || !(shape[k0]! & T_UPPER0) || shape[k0]! & T_DIGIT) continue;
      // Collect the chain [k0 .. kLast] of capitalised words, particles allowed inside.
      const chain: number[] = [k0];
      let j = k0;
      while (chain.length < MAX_NAME_TOKENS + 3 && j + 1 < tokens.count) {
        const gap = start[j + 1]! - end[j]!;
        if (gap !== 1) break;
        const sep = text.charCodeAt(end[j]!);
        if (sep !== 32 && sep !== 45 && sep !== 39) break;
        const t = j + 1;
        if (shape[t]! & T_UPPER0 && !(shape[t]! & T_DIGIT)) {
          chain.push(t);
          j = t;
          continue;
        }
        // Particles: "da", "de la", "dos" must be followed by a capitalised word.
        if (sep === 32 && lex[t]! & LEX.PARTICLE && !(shape[t]! & T_UPPER0)) {
          let u = t;
          if (u + 1 < tokens.count && lex[u + 1]! & LEX.PARTICLE && !(shape[u + 1]! & T_UPPER0) && start[u + 1]! - end[u]! === 1) u++;
          const v = u + 1;
          if (v < tokens.count && start[v]! - end[u]! === 1 && shape[v]! & T_UPPER0 && !(shape[v]! & T_DIGIT)) {
            for (let x = t; x <= v; x++) chain.push(x);
            j = v;
            continue;
          }
        }
        break;
      }
      next = j + 1;
      evaluate(ctx, chain, out);
    }
  },
};

function isCapital(ctx: ScanContext, k: number): boolean {
  return (ctx.tokens.shape[k]! & T_UPPER0) !== 0;
}

/** Cue words right before token k (up to four words, same line), or a title / sign-off. */
function cueBefore(ctx: ScanContext, k: number): boolean {
  const { text, tokens } = ctx;
  if (k === 0) return false;
  const p = k - 1;
  const between = text.slice(tokens.end[p]!, tokens.start[k]!);
  if (tokens.lex[p]! & LEX.TITLE && /^\.? ?$/.test(between)) return true;
  if (tokens.lex[p]! & LEX.SIGNOFF && /^[.,!]*\s*\n\s*(?:[-–—]\s*)?$/.test(between)) return true;
  if (between.includes('\n')) return false;
  // Cheap gate: a cue phrase always ends with a word flagged CUE_PERSON in the lexicon.
  if (!(tokens.lex[p]! & LEX.CUE_PERSON)) return false;
  let phrase = '';
  for (let q = p, n = 0; q >= 0 && n < 5; q--, n++) {
    if (q < p && text.slice(tokens.end[q]!, tokens.start[q + 1]!).includes('\n')) break;
    phrase = n === 0 ? ctx.word(q) : `${ctx.word(q)} ${phrase}`;
    if (CUES.has(phrase)) return true;
  }
  return false;
}

function atSentenceStart(ctx: ScanContext, k: number): boolean {
  const { text, tokens } = ctx;
  let i = tokens.start[k]! - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 34)) i--;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === 10 || c === 46 || c === 33 || c === 63 || c === 58 || c === 0xbf || c === 0xa1 || c === 45;
}

function evaluate(ctx: ScanContext, chain: number[], out: Candidate[]): void {
  const { tokens, text } = ctx;
  const { lex } = tokens;
  // A street name ("Rua Ana Néri") belongs to the address recognizer.
  const before = chain[0]! - 1;
  if (before >= 0 && lex[before]! & LEX.STREET_TYPE && tokens.start[chain[0]!]! - tokens.end[before]! <= 3) return;
  let a = 0;
  let titled = false;
  // Drop leading greetings, titles and common words ("Olá Maria", "Sr. Silva").
  while (a < chain.length && lex[chain[a]!]! & (LEX.NOT_NAME | LEX.TITLE | LEX.STREET_TYPE) && !(lex[chain[a]!]! & NAME)) {
    if (lex[chain[a]!]! & LEX.TITLE) titled = true;
    if (lex[chain[a]!]! & LEX.STREET_TYPE) return;
    // A company or place word heads a company/place name ("Magazine Luiza"), not a greeting.
    if (!(lex[chain[a]!]! & (LEX.FUNCTION_WORD | LEX.TITLE))) return;
    a++;
  }
  let b = chain.length - 1;
  while (b >= a && (!isCapital(ctx, chain[b]!) || (lex[chain[b]!]! & LEX.NOT_NAME && !(lex[chain[b]!]! & NAME)))) b--;
  // Cut at the first non-name capitalised word inside ("Maria Banco do Brasil").
  for (let x = a + 1; x <= b; x++) {
    const f = lex[chain[x]!]!;
    if (isCapital(ctx, chain[x]!) && f & LEX.NOT_NAME && !(f & NAME)) {
      b = x - 1;
      while (b >= a && !isCapital(ctx, chain[b]!)) b--;
      break;
    }
  }
  if (b < a) return;
  const first = chain[a]!;
  const last = chain[b]!;
  const s = tokens.start[first]!;
  const e = tokens.end[last]!;
  if (lex[first]! & LEX.PHRASE_START && NOT_PERSON_PHRASES.has(foldKeep(ctx, first, last))) return;
  const nameTokens = chain.slice(a, b + 1).filter((k) => isCapital(ctx, k));
  const f0 = lex[first]!;
  const knownSurname = nameTokens.slice(1).some((k) => lex[k]! & LEX.SURNAME);
  const knownAny = nameTokens.some((k) => lex[k]! & NAME);
  const cued = titled || cueBefore(ctx, chain[a]!);
  let score = 0;
  if (cued) score = knownAny ? 0.95 : 0.8;
  else if (f0 & LEX.FIRST_NAME && !(f0 & LEX.AMBIGUOUS_NAME)) score = nameTokens.length > 1 ? 0.9 : 0.75;
  else if (f0 & LEX.FIRST_NAME && nameTokens.length > 1 && knownSurname) score = 0.85;
  else if (f0 === 0 && nameTokens.length > 1 && knownSurname && !atSentenceStart(ctx, first)) score = 0.7;
  else if (f0 === 0 && nameTokens.length > 2 && knownSurname) score = 0.65;
  if (score === 0) return;
  // Names glued to digits or '@' are handles, not people.
  if ((s > 0 && isAlnum(text.charCodeAt(s - 1))) || (e < text.length && text.charCodeAt(e) === 64)) return;
  out.push({ type: 'PERSON', start: s, end: e, score, validated: false });
}

function foldKeep(ctx: ScanContext, first: number, last: number): string {
  const parts: string[] = [];
  for (let k = first; k <= last; k++) parts.push(ctx.word(k));
  return parts.join(' ');
}
