import { isAlnum, type ScanContext } from '../context.js';
import { NOT_PERSON_PHRASES, phraseSet } from '../lexicons/index.js';
import { PERSON_CUE_PHRASES } from '../lexicons/cues.js';
import { foldString } from '../text/fold.js';
import { LEX } from '../text/lexicon.js';
import { T_ALLUPPER, T_DIGIT, T_UPPER0 } from '../text/tokenize.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

const CUES = phraseSet(PERSON_CUE_PHRASES);
const SPEAKER_ROLES = new Set(['cliente', 'client', 'customer', 'agente', 'agent', 'atendente', 'suporte', 'soporte', 'support', 'bot', 'sistema', 'system', 'loja', 'tienda', 'store', 'voce', 'usted', 'you', 'eu', 'yo', 'me']);
const AFTER_CUES = new Set(['falando', 'speaking', 'hablando', 'aqui', 'here']);
const HEADER_CUES = new Set(['de', 'from', 'para', 'to', 'cc', 'remetente', 'remitente']);
const LABEL_CUES = new Set(['nome', 'nombre', 'name', 'titular', 'holder', 'completo']);
// WhatsApp export line: "[21:10, 02/03/2024] pedro: …" — the sender is a person.
const WHATSAPP_SENDER = /\[[^\]\n]{1,40}\] ([\p{L}][\p{L}'’. -]{0,40}?):/uy;
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
    for (let p = 0; p < text.length; ) {
      if (text.charCodeAt(p) === 91) {
        WHATSAPP_SENDER.lastIndex = p;
        const m = WHATSAPP_SENDER.exec(text);
        if (m && !SPEAKER_ROLES.has(foldString(m[1]!.trim()))) {
          const s = WHATSAPP_SENDER.lastIndex - 1 - m[1]!.length;
          out.push({ type: 'PERSON', start: s, end: s + m[1]!.trimEnd().length, score: 0.9, validated: true });
        }
      }
      const nl = text.indexOf('\n', p);
      if (nl === -1) break;
      p = nl + 1;
    }
    for (const k0 of tokens.wordTokens) {
      if (k0 < next || shape[k0]! & T_DIGIT) continue;
      if (!(shape[k0]! & T_UPPER0)) {
        // Chat is often lower-case: "meu nome é bruna de jesus". Only gazetteer words, only after a cue.
        if (lex[k0]! & LEX.FIRST_NAME && !(lex[k0]! & (LEX.MONTH | LEX.NOT_NAME))) {
          if (cueBefore(ctx, k0)) next = lowerCaseName(ctx, k0, out, true);
          else if (cueAfterName(ctx, k0)) next = lowerCaseName(ctx, k0, out, false);
        }
        continue;
      }
      // Collect the chain [k0 .. kLast] of capitalised words, particles allowed inside.
      const chain: number[] = [k0];
      let j = k0;
      while (chain.length < MAX_NAME_TOKENS + 3 && j + 1 < tokens.count) {
        const gap = start[j + 1]! - end[j]!;
        // Middle initial: "Barbara K. Adams".
        if (gap === 2 && end[j]! - start[j]! === 1 && text.charCodeAt(end[j]!) === 46 && text.charCodeAt(end[j]! + 1) === 32 && shape[j + 1]! & T_UPPER0) {
          chain.push(j + 1);
          j++;
          continue;
        }
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

function lowerCaseName(ctx: ScanContext, k0: number, out: Candidate[], strong: boolean): number {
  const { text, tokens } = ctx;
  const { start, end, lex, shape } = tokens;
  let last = k0;
  let j = k0 + 1;
  while (j < tokens.count && j - k0 < MAX_NAME_TOKENS + 2 && start[j]! - end[j - 1]! === 1) {
    const sep = text.charCodeAt(end[j - 1]!);
    if ((sep !== 32 && sep !== 45) || shape[j]! & T_DIGIT) break;
    // Surnames outside the gazetteer ("del pino etxeberria") count once a first name opened the chain.
    const unknown = strong && lex[j]! === 0 && end[j]! - start[j]! >= 3 && !AFTER_CUES.has(ctx.word(j));
    if ((lex[j]! & NAME && !(lex[j]! & (LEX.FUNCTION_WORD | LEX.NOT_NAME))) || unknown) {
      last = j;
      j++;
      continue;
    }
    if (lex[j]! & LEX.PARTICLE && sep === 32 && j + 1 < tokens.count && (lex[j + 1]! & NAME || (lex[j + 1]! === 0 && !(shape[j + 1]! & T_DIGIT)) || (lex[j + 1]! & LEX.PARTICLE && lex[j]! & LEX.PARTICLE))) {
      j++;
      continue;
    }
    break;
  }
  out.push({ type: 'PERSON', start: start[k0]!, end: end[last]!, score: 0.8, validated: false });
  return last + 1;
}

/** "raquel falando", "maria clara falando", "John speaking": the name announces itself. */
function cueAfterName(ctx: ScanContext, k0: number): boolean {
  const { tokens } = ctx;
  for (let j = k0 + 1; j < tokens.count && j <= k0 + 3; j++) {
    if (AFTER_CUES.has(ctx.word(j))) return true;
    if (!(tokens.lex[j]! & NAME)) return false;
  }
  return false;
}

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
  if (tokens.lex[p]! & LEX.SIGNOFF && /^[.,!]*\s*\n\s*(?:[-–—]\s*)?$/.test(between)) return aloneOnLine(ctx, k);
  if (between.includes('\n') || /[.!?;]/.test(between)) return false;
  // "Cliente: …" is a speaker label; only form labels ("nome:", "name:") introduce a name after ':'.
  if (between.includes(':') && !LABEL_CUES.has(ctx.word(p))) return false;
  // E-mail headers: "de: Marcos Albuquerque <…>", "From: …" at the start of a line.
  if (HEADER_CUES.has(ctx.word(p))) return between.includes(':') && (p === 0 || text.slice(tokens.end[p - 1]!, tokens.start[p]!).includes('\n'));
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

/** The capitalised chain starting at k fills its line (a signature line, not a sentence). */
function aloneOnLine(ctx: ScanContext, k: number): boolean {
  const { text, tokens } = ctx;
  const nl = text.indexOf('\n', tokens.start[k]!);
  const line = text.slice(tokens.start[k]!, nl === -1 ? Math.min(text.length, tokens.start[k]! + 80) : nl);
  return /^\p{L}[\p{L}'’.-]*(?:\s+(?:(?:da|de|do|dos|das|del|la|y|e)\s+)?\p{L}[\p{L}'’.-]*){0,5}\s*[.,]?\s*$/u.test(line);
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
    const glued = tokens.start[chain[x]!]! - tokens.end[chain[x - 1]!]! === 1 && text.charCodeAt(tokens.end[chain[x - 1]!]!) !== 32;
    if (isCapital(ctx, chain[x]!) && f & LEX.NOT_NAME && !(f & NAME) && !glued) {
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
  // Acronyms and shouted words ("PT", "MEI", "JAJA") are not names unless the gazetteer knows them.
  const shouted = nameTokens.every((k) => (tokens.shape[k]! & T_ALLUPPER) !== 0 && tokens.end[k]! - tokens.start[k]! > 1);
  if (cued) score = knownAny ? 0.95 : shouted ? 0 : 0.8;
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
