import type { ScanContext } from '../context.js';
import { foldString } from '../text/fold.js';
import { LEX, WORD_FLAGS } from '../text/lexicon.js';
import type { Candidate } from '../types.js';
import { PASSWORD_FILLERS, PASSWORD_NEGATIVES } from './cues.js';
import type { Recognizer } from './recognizer.js';

const MAX_FILLERS = 6;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
const OPEN = '"\'“”‘’«»`(';
const CLOSE_TRIM = '.,;:!?)"\'“”‘’»`';
const SEPARATORS = ':=-–—';

/**
 * "minha senha é X", "mi contraseña es X", "my password is X", "password: X" → X only.
 * The secret must look like one (digit, symbol or capital inside, or quoted) or follow an
 * explicit "é / es / is / :" and be no known word, so "my password is wrong" stays clean.
 */
export const passwordRecognizer: Recognizer = {
  name: 'password',
  types: ['PASSWORD'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    if (!(tokens.lexAny & LEX.CUE_PASSWORD)) return;
    const n = text.length;
    let claimedTo = -1;
    for (let q = 0, nq = tokens.nWord, idx = tokens.wordIdx; q < nq; q++) {
      const k = idx[q]!;
      if (!(tokens.lex[k]! & LEX.CUE_PASSWORD) || tokens.start[k]! < claimedTo) continue;
      let p = tokens.end[k]!;
      let fillers = 0;
      let explicit = false;
      for (;;) {
        while (p < n && (isSpace(text.charCodeAt(p)) || SEPARATORS.includes(text[p]!))) {
          if (SEPARATORS.includes(text[p]!) && text[p] !== '-') explicit = true;
          if (text.charCodeAt(p) === 10) break;
          p++;
        }
        if (p >= n || text.charCodeAt(p) === 10) break;
        let e = p;
        while (e < n && !isSpace(text.charCodeAt(e))) e++;
        let chunk = text.slice(p, e);
        let quoted = false;
        let s = p;
        while (chunk && OPEN.includes(chunk[0]!)) {
          chunk = chunk.slice(1);
          s++;
          quoted = true;
        }
        while (chunk && CLOSE_TRIM.includes(chunk[chunk.length - 1]!)) {
          chunk = chunk.slice(0, -1);
          e--;
        }
        if (e - s > 64) break;
        const folded = foldString(chunk);
        if (!quoted && PASSWORD_NEGATIVES.has(folded)) break;
        if (!quoted && fillers < MAX_FILLERS && PASSWORD_FILLERS.has(folded.replace(/:$/, ''))) {
          if (/^(e|eh|é|es|is|was|era|foi|fue|=|:|to|para|a)$/.test(folded) || chunk.endsWith(':')) explicit = true;
          fillers++;
          p = e;
          while (p < n && !isSpace(text.charCodeAt(p))) p++;
          continue;
        }
        if (chunk.length < 3) break;
        const strong = quoted || /[0-9]/.test(chunk) || /[^\p{L}\p{N}]/u.test(chunk) || /.\p{Lu}/u.test(chunk);
        if (!strong && !(explicit && isUnknownWord(ctx, s))) break;
        out.push({ type: 'PASSWORD', start: s, end: e, score: strong ? 0.9 : 0.7, validated: true });
        claimedTo = e;
        break;
      }
    }
  },
};

/** True when the word at `pos` carries no lexicon flag (not a function word, name, or cue). */
function isUnknownWord(ctx: ScanContext, pos: number): boolean {
  const k = ctx.tokenFrom(pos);
  return k < ctx.tokens.count && (ctx.tokens.lex[k]! & WORD_FLAGS) === 0;
}
