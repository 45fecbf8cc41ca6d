import { isAlnum, type ScanContext } from '../context.js';
import { MONTH_NUMBER } from '../lexicons/index.js';
import { LEX } from '../text/lexicon.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

// Dates anchored at a token start; each alternative is bounded, so no backtracking blow-up.
const NUMERIC_DATE = /(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})|(\d{4})-(\d{2})-(\d{2})/y;
// "12 de março de 1985", "3 March 1985", "15 de marzo de 1990"
const DAY_MONTH_YEAR = /(\d{1,2})(?:º|°)?(?: de | )([A-Za-zÀ-ÿ]{3,10})\.?,?(?: de | )(\d{4})/y;
// "March 3, 1985", "Mar 3 1985"
const MONTH_DAY_YEAR = /([A-Za-zÀ-ÿ]{3,10})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})/y;

const MAX_TOKENS_AFTER_CUE = 10;

function plausible(d: number, m: number, y: number): boolean {
  return d >= 1 && d <= 31 && m >= 1 && m <= 12 && (y < 100 || (y >= 1900 && y <= 2030));
}

/** Span of a date that starts at `s`, or -1. */
export function dateAt(text: string, s: number): number {
  NUMERIC_DATE.lastIndex = s;
  let m = NUMERIC_DATE.exec(text);
  if (m) {
    const e = NUMERIC_DATE.lastIndex;
    if (m[5]) return plausible(Number(m[7]), Number(m[6]), Number(m[5])) ? e : -1;
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = Number(m[4]);
    return plausible(a, b, y) || plausible(b, a, y) ? e : -1;
  }
  DAY_MONTH_YEAR.lastIndex = s;
  m = DAY_MONTH_YEAR.exec(text);
  if (m && MONTH_NUMBER.has(fold(m[2]!)) && plausible(Number(m[1]), 1, Number(m[3]))) return DAY_MONTH_YEAR.lastIndex;
  MONTH_DAY_YEAR.lastIndex = s;
  m = MONTH_DAY_YEAR.exec(text);
  if (m && MONTH_NUMBER.has(fold(m[1]!)) && plausible(Number(m[2]), 1, Number(m[3]))) return MONTH_DAY_YEAR.lastIndex;
  return -1;
}

function questionThenAnswer(text: string, from: number, to: number): boolean {
  const nl = text.indexOf('\n', from);
  if (nl < 0 || nl >= to || text.indexOf('\n', nl + 1) !== -1 && text.indexOf('\n', nl + 1) < to) return false;
  // "Agente: e a data de nascimento\nCliente: 03/07/1944": a dialogue turn answers the previous one.
  return text.slice(from, nl).includes('?') || /^\s*[\p{L}][\p{L} ]{0,20}:/u.test(text.slice(nl + 1, nl + 40));
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}

const fold = (s: string): string => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');

export const dateOfBirthRecognizer: Recognizer = {
  name: 'date-of-birth',
  types: ['DATE_OF_BIRTH'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    if (!(tokens.lexAny & LEX.CUE_BIRTH)) return;
    const { start, end, lex } = tokens;
    let claimedTo = -1;
    for (let q = 0, nq = tokens.nWord, idx = tokens.wordIdx; q < nq; q++) {
      const k = idx[q]!;
      if (!(lex[k]! & LEX.CUE_BIRTH)) continue;
      // The first date within a few tokens after the cue, on the same line.
      for (let j = k + 1; j < tokens.count && j <= k + MAX_TOKENS_AFTER_CUE; j++) {
        const s = start[j]!;
        // A question on one line ("data de nascimento?") is answered on the next one.
        if (hasNewline(text, end[k]!, s) && !questionThenAnswer(text, end[k]!, s)) break;
        if (s < claimedTo) continue;
        const c = text.charCodeAt(s);
        const isNum = c >= 48 && c <= 57;
        if (!isNum && !(lex[j]! & LEX.MONTH)) continue;
        if (s > 0 && isAlnum(text.charCodeAt(s - 1))) continue;
        const e = dateAt(text, s);
        if (e < 0 || (e < text.length && isAlnum(text.charCodeAt(e)))) continue;
        out.push({ type: 'DATE_OF_BIRTH', start: s, end: e, score: 0.95, validated: true });
        claimedTo = e;
        break;
      }
    }
  },
};
