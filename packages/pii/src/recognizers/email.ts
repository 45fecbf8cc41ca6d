import type { ScanContext } from '../context.js';
import { phraseKey } from '../text/fold.js';
import { LEX, WORD_FLAGS } from '../text/lexicon.js';
import { T_DIGIT } from '../text/tokenize.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

const isLocal = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45 || c === 43 || c === 37;
const isDomain = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

export const emailRecognizer: Recognizer = {
  name: 'email',
  types: ['EMAIL'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const text = ctx.text;
    const n = text.length;
    let claimedTo = -1;
    for (let q = 0, nq = ctx.tokens.nAt, idx = ctx.tokens.atPos; q < nq; q++) {
      const at = idx[q]!;
      if (at < claimedTo) continue;
      // Local part: at most 64 characters back, so 100k '@' stay linear.
      let s = at;
      while (s > 0 && at - s < 64 && isLocal(text.charCodeAt(s - 1))) s--;
      while (s < at && (text.charCodeAt(s) === 46 || text.charCodeAt(s) === 45)) s++;
      if (s === at) continue;
      let e = at + 1;
      while (e < n && e - at <= 253 && isDomain(text.charCodeAt(e))) e++;
      while (e > at + 1 && !isLetter(text.charCodeAt(e - 1)) && !(text.charCodeAt(e - 1) >= 48 && text.charCodeAt(e - 1) <= 57)) e--;
      let lastDot = e - 1;
      while (lastDot > at && text.charCodeAt(lastDot) !== 46) lastDot--;
      if (lastDot <= at + 1 || e - lastDot - 1 < 2) continue;
      let tldOk = true;
      for (let i = lastDot + 1; i < e; i++) if (!isLetter(text.charCodeAt(i))) tldOk = false;
      if (!tldOk || text.charCodeAt(at + 1) === 46 || text.charCodeAt(at - 1) === 46) continue;
      out.push({ type: 'EMAIL', start: s, end: e, score: 1, validated: true });
      claimedTo = e;
    }
    if (ctx.tokens.lexAny & LEX.CUE_MAIL) spelledOut(ctx, out);
  },
};

// Addresses spelled out in speech and transcripts: "ana ponto silva arroba gmail ponto com",
// "pablo1973 arroba outlook punto es", "swalker at btinternet dot com".
const AT_WORDS = new Set(['arroba', 'at'].map(phraseKey));
const AT_STRICT = phraseKey('arroba');
const DOT_WORDS = new Set(['ponto', 'punto', 'dot'].map(phraseKey));
const MAX_SEGMENTS = 6;

/** First token of the glued run ending at token k ("brown+compras", "ana.silva", "x-y"). */
function segmentStart(ctx: ScanContext, k: number): number {
  const { text, tokens } = ctx;
  let j = k;
  while (j > 0 && k - j < 4 && tokens.start[j]! - tokens.end[j - 1]! === 1) {
    const c = text.charCodeAt(tokens.end[j - 1]!);
    if (c !== 46 && c !== 95 && c !== 45 && c !== 43) break;
    j--;
  }
  return j;
}

/** Last token of the glued run starting at token k (domain labels: "clinica-vida", "mail.uol"). */
function segmentEnd(ctx: ScanContext, k: number): number {
  const { text, tokens } = ctx;
  let j = k;
  while (j + 1 < tokens.count && j - k < 4 && tokens.start[j + 1]! - tokens.end[j]! === 1) {
    const c = text.charCodeAt(tokens.end[j]!);
    if (c !== 46 && c !== 45) break;
    j++;
  }
  return j;
}

/** Tokens a and b (a < b) are separated by exactly one space. */
function spaced(ctx: ScanContext, a: number, b: number): boolean {
  const { text, tokens } = ctx;
  return b === a + 1 && tokens.start[b]! - tokens.end[a]! === 1 && text.charCodeAt(tokens.end[a]!) === 32;
}

function spelledOut(ctx: ScanContext, out: Candidate[]): void {
  const { text, tokens } = ctx;
  const { lex, start, end, shape } = tokens;
  let claimedTo = -1;
  for (let q = 0, nq = tokens.nWord, idx = tokens.wordIdx; q < nq; q++) {
    const kA = idx[q]!;
    if (!(lex[kA]! & LEX.CUE_MAIL) || start[kA]! < claimedTo) continue;
    const keyA = ctx.key(kA);
    if (!AT_WORDS.has(keyA) || kA === 0 || !spaced(ctx, kA - 1, kA)) continue;
    // Domain: label (dot-word label)+, the last label alphabetic, 2..6 letters.
    if (kA + 1 >= tokens.count || !spaced(ctx, kA, kA + 1)) continue;
    let d = segmentEnd(ctx, kA + 1);
    let dots = 0;
    for (let seg = 0; seg < MAX_SEGMENTS && d + 2 < tokens.count && spaced(ctx, d, d + 1) && DOT_WORDS.has(ctx.key(d + 1)) && spaced(ctx, d + 1, d + 2); seg++) {
      d = segmentEnd(ctx, d + 2);
      dots++;
    }
    const tldLen = end[d]! - start[d]!;
    if (dots === 0 || shape[d]! & T_DIGIT || tldLen < 2 || tldLen > 6) continue;
    // Local part: segment (dot-word segment)*, going back from the word before "arroba"/"at".
    let l = segmentStart(ctx, kA - 1);
    for (let seg = 0; seg < MAX_SEGMENTS && l >= 2 && spaced(ctx, l - 1, l) && DOT_WORDS.has(ctx.key(l - 1)) && spaced(ctx, l - 2, l - 1); seg++) {
      l = segmentStart(ctx, l - 2);
    }
    // English "at" is a preposition too: the word before it must look like a handle or a name.
    if (keyA !== AT_STRICT) {
      const f = lex[kA - 1]!;
      const handle = (shape[kA - 1]! & T_DIGIT) !== 0 || l < segmentStart(ctx, kA - 1) || segmentStart(ctx, kA - 1) < kA - 1;
      if (!handle && (f & WORD_FLAGS) !== 0 && !(f & (LEX.FIRST_NAME | LEX.SURNAME))) continue;
      // "look at the dot com bubble": a domain label is no function word.
      if (lex[kA + 1]! & (LEX.FUNCTION_WORD | LEX.LANG_PT | LEX.LANG_ES | LEX.LANG_EN)) continue;
    }
    out.push({ type: 'EMAIL', start: start[l]!, end: end[d]!, score: 0.9, validated: true });
    claimedTo = end[d]!;
  }
}
