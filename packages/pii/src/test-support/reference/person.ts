// Frozen copy (commit 7529f24) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/person.test.ts. Not shipped.
import { isAlnum, type ScanContext } from '../../context.js';
import { NOT_PERSON_PHRASES, phraseSet } from '../../lexicons/index.js';
import { PERSON_CUE_PHRASES } from '../../lexicons/cues.js';
import { foldString, phraseKey, phraseKeyLeft } from '../../text/fold.js';
import { LEX, WORD_FLAGS } from '../../text/lexicon.js';
import { T_ALLUPPER, T_DIGIT, T_UPPER0 } from '../../text/tokenize.js';
import type { Candidate } from '../../types.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

// Word and phrase sets keyed by folded hash + length (ScanContext.key), so look-backs build no strings.
const keySet = (list: Iterable<string>): ReadonlySet<number> => new Set([...list].map(phraseKey));
const CUES = keySet(phraseSet(PERSON_CUE_PHRASES));
const MAX_CUE_WORDS = Math.max(...[...phraseSet(PERSON_CUE_PHRASES)].map((p) => p.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length));
const SPEAKER_ROLES = new Set(['cliente', 'client', 'customer', 'agente', 'agent', 'atendente', 'suporte', 'soporte', 'support', 'bot', 'sistema', 'system', 'loja', 'tienda', 'store', 'voce', 'usted', 'you', 'eu', 'yo', 'me']);
const AFTER_CUE_WORDS = ['falando', 'speaking', 'hablando', 'aqui', 'here'];
const AFTER_CUES = keySet(AFTER_CUE_WORDS);
// Bit n set: some announcing word has n letters (a length test spares most Set look-ups).
const AFTER_CUE_LENGTHS = AFTER_CUE_WORDS.reduce((m, w) => m | (1 << w.length), 0);

/** Token j is one of AFTER_CUES ("falando", "speaking", …). */
function isAfterCue(ctx: ScanContext, j: number): boolean {
  const len = ctx.tokens.end[j]! - ctx.tokens.start[j]!;
  return len < 31 && (AFTER_CUE_LENGTHS >>> len) & 1 ? AFTER_CUES.has(ctx.key(j)) : false;
}
const HEADER_CUES = keySet(['de', 'from', 'para', 'to', 'cc', 'remetente', 'remitente']);
const LABEL_CUES = keySet(['nome', 'nombre', 'name', 'titular', 'holder', 'completo']);
const NOT_PERSON = keySet(NOT_PERSON_PHRASES);
// WhatsApp export line: "[21:10, 02/03/2024] pedro: …" — the sender is a person.
const WHATSAPP_SENDER = /\[[^\]\n]{1,40}\] ([\p{L}][\p{L}'’. -]{0,40}?):/uy;
const MAX_NAME_TOKENS = 6;
// Reused chain buffer (detect() is synchronous): chain[0 .. chainLen), chainLen a local passed to
// evaluate() (a module-level `let` is a context slot, re-read and re-written at every step).
const chain = new Int32Array(16);
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
    // WhatsApp export lines start with '['.
    for (let p = tokens.bracketLine ? 0 : text.length; p < text.length; ) {
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
    for (let q = 0, nq = tokens.nName, idx = tokens.nameIdx; q < nq; q++) {
      const k0 = idx[q]!;
      if (k0 < next) continue;
      if (!(shape[k0]! & T_UPPER0)) {
        // Chat is often lower-case: "meu nome é bruna de jesus". Only gazetteer words, only after a cue.
        if (lex[k0]! & LEX.FIRST_NAME && !(lex[k0]! & (LEX.MONTH | LEX.NOT_NAME))) {
          if (cueBefore(ctx, k0) || dialogueAnswer(ctx, k0)) next = lowerCaseName(ctx, k0, out, true, 0.8);
          else if (cueAfterName(ctx, k0)) next = lowerCaseName(ctx, k0, out, false, 0.8);
          // No cue: an unambiguous first name followed by a known surname ("larissa campos", "gary jackson").
          else if (!(lex[k0]! & (LEX.AMBIGUOUS_NAME | LEX.FUNCTION_WORD)) && surnameFollows(ctx, k0) && !placeBefore(ctx, k0)) {
            const before = out.length;
            next = lowerCaseName(ctx, k0, out, false, 0.7);
            // "john lewis", "são josé dos campos": known company and place names are no person.
            const c = out[out.length - 1];
            if (out.length > before && c && lex[ctx.tokenFrom(c.start)]! & LEX.PHRASE_START && NOT_PERSON.has(phraseKeyOf(ctx, ctx.tokenFrom(c.start), ctx.tokenFrom(c.end) - 1))) out.length = before;
          }
        }
        continue;
      }
      // Fast exit: a capitalised common word ("Olá", "Hola", "The") that no capitalised word or
      // particle follows can only make a one-word chain, which evaluate() would drop.
      const f0 = lex[k0]!;
      if (f0 & (LEX.NOT_NAME | LEX.FUNCTION_WORD) && !(f0 & (NAME | LEX.TITLE | LEX.STREET_TYPE)) && (k0 + 1 >= tokens.count || !(shape[k0 + 1]! & T_UPPER0 || lex[k0 + 1]! & LEX.PARTICLE))) continue;
      // Collect the chain [k0 .. kLast] of capitalised words, particles allowed inside.
      chain[0] = k0;
      let chainLen = 1;
      let j = k0;
      while (chainLen < MAX_NAME_TOKENS + 3 && j + 1 < tokens.count) {
        const gap = start[j + 1]! - end[j]!;
        // Middle initial: "Barbara K. Adams".
        if (gap === 2 && end[j]! - start[j]! === 1 && text.charCodeAt(end[j]!) === 46 && text.charCodeAt(end[j]! + 1) === 32) {
          if (shape[j + 1]! & T_UPPER0) {
            chain[chainLen++] = j + 1;
            j++;
            continue;
          }
          // "Jennifer D. van der Berg"
          let u = j + 1;
          while (u < tokens.count && u <= j + 2 && lex[u]! & LEX.PARTICLE && !(shape[u]! & T_UPPER0) && start[u + 1]! - end[u]! === 1) u++;
          if (u > j + 1 && u < tokens.count && shape[u]! & T_UPPER0 && !(shape[u]! & T_DIGIT)) {
            for (let x = j + 1; x <= u; x++) chain[chainLen++] = x;
            j = u;
            continue;
          }
          break;
        }
        if (gap !== 1) break;
        const sep = text.charCodeAt(end[j]!);
        if (sep !== 32 && sep !== 45 && sep !== 39) break;
        const t = j + 1;
        if (shape[t]! & T_UPPER0 && !(shape[t]! & T_DIGIT)) {
          chain[chainLen++] = t;
          j = t;
          continue;
        }
        // Particles: "da", "de la", "dos" must be followed by a capitalised word.
        if (sep === 32 && lex[t]! & LEX.PARTICLE && !(shape[t]! & T_UPPER0)) {
          let u = t;
          if (u + 1 < tokens.count && lex[u + 1]! & LEX.PARTICLE && !(shape[u + 1]! & T_UPPER0) && start[u + 1]! - end[u]! === 1) u++;
          const v = u + 1;
          if (v < tokens.count && start[v]! - end[u]! === 1 && shape[v]! & T_UPPER0 && !(shape[v]! & T_DIGIT)) {
            for (let x = t; x <= v; x++) chain[chainLen++] = x;
            j = v;
            continue;
          }
        }
        break;
      }
      next = j + 1;
      evaluate(ctx, out, chainLen);
    }
  },
};

/** "são josé dos campos", "san josé": a place word glued before the first name. */
function placeBefore(ctx: ScanContext, k0: number): boolean {
  const { text, tokens } = ctx;
  const p = k0 - 1;
  return p >= 0 && tokens.start[k0]! - tokens.end[p]! === 1 && text.charCodeAt(tokens.end[p]!) === 32 && PLACE_HEADS.has(ctx.key(p));
}
const PLACE_HEADS = keySet(['sao', 'san', 'santa', 'santo', 'st', 'saint', 'porto', 'puerto', 'villa', 'vila', 'nova', 'novo']);

/** Token k0 + 1 (after particles) is a gazetteer surname, on the same line, joined by single spaces. */
function surnameFollows(ctx: ScanContext, k0: number): boolean {
  const { text, tokens } = ctx;
  const { start, end, lex } = tokens;
  let j = k0 + 1;
  for (let hops = 0; j < tokens.count && hops < 3; j++, hops++) {
    if (start[j]! - end[j - 1]! !== 1 || text.charCodeAt(end[j - 1]!) !== 32) return false;
    const f = lex[j]!;
    if (f & LEX.SURNAME && !(f & (LEX.FUNCTION_WORD | LEX.NOT_NAME | LEX.MONTH))) return true;
    if (!(f & LEX.PARTICLE)) return false;
  }
  return false;
}

function lowerCaseName(ctx: ScanContext, k0: number, out: Candidate[], strong: boolean, score: number): number {
  const { text, tokens } = ctx;
  const { start, end, lex, shape } = tokens;
  let last = k0;
  let j = k0 + 1;
  while (j < tokens.count && j - k0 < MAX_NAME_TOKENS + 2) {
    const gap = start[j]! - end[j - 1]!;
    // Middle initial: "lucy a. young".
    if (gap === 2 && end[j - 1]! - start[j - 1]! === 1 && j - 1 > k0 && text.charCodeAt(end[j - 1]!) === 46 && text.charCodeAt(end[j - 1]! + 1) === 32 && lex[j]! & NAME) {
      last = j;
      j++;
      continue;
    }
    if (gap !== 1) break;
    const sep = text.charCodeAt(end[j - 1]!);
    if (sep === 32 && end[j]! - start[j]! === 1 && text.charCodeAt(end[j]!) === 46 && j + 1 < tokens.count && start[j + 1] === end[j]! + 2 && lex[j + 1]! & NAME) {
      j++;
      continue;
    }
    if ((sep !== 32 && sep !== 45) || shape[j]! & T_DIGIT) break;
    // Surnames outside the gazetteer ("del pino etxeberria") count once a first name opened the chain.
    const unknown = strong && (lex[j]! & WORD_FLAGS) === 0 && end[j]! - start[j]! >= 3 && !isAfterCue(ctx, j);
    if ((lex[j]! & NAME && !(lex[j]! & (LEX.FUNCTION_WORD | LEX.NOT_NAME))) || unknown) {
      last = j;
      j++;
      continue;
    }
    if (lex[j]! & LEX.PARTICLE && sep === 32 && j + 1 < tokens.count && (lex[j + 1]! & NAME || ((lex[j + 1]! & WORD_FLAGS) === 0 && !(shape[j + 1]! & T_DIGIT)) || (lex[j + 1]! & LEX.PARTICLE && lex[j]! & LEX.PARTICLE))) {
      j++;
      continue;
    }
    break;
  }
  if (last === k0 && score < 0.8) return k0 + 1;
  out.push({ type: 'PERSON', start: start[k0]!, end: end[last]!, score, validated: false });
  return last + 1;
}

/** "raquel falando", "maria clara falando", "John speaking": the name announces itself. */
function cueAfterName(ctx: ScanContext, k0: number): boolean {
  const { tokens } = ctx;
  for (let j = k0 + 1; j < tokens.count && j <= k0 + 3; j++) {
    if (isAfterCue(ctx, j)) return true;
    if (!(tokens.lex[j]! & NAME)) return false;
  }
  return false;
}

/** "… Siobhan speaking", "Bruno falando": an announcing word right after the name, same line. */
function cueAfterChain(ctx: ScanContext, last: number): boolean {
  const { text, tokens } = ctx;
  const j = last + 1;
  if (j >= tokens.count || tokens.start[j]! - tokens.end[last]! > 2) return false;
  for (let i = tokens.end[last]!; i < tokens.start[j]!; i++) if (text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 44) return false;
  return isAfterCue(ctx, j);
}

function isCapital(ctx: ScanContext, k: number): boolean {
  return (ctx.tokens.shape[k]! & T_UPPER0) !== 0;
}

/** Cue words right before token k (up to four words, same line), or a title / sign-off. */
function cueBefore(ctx: ScanContext, k: number): boolean {
  const { text, tokens } = ctx;
  if (k === 0) return false;
  const p = k - 1;
  const bs = tokens.end[p]!;
  const be = tokens.start[k]!;
  const lp = tokens.lex[p]!;
  if (lp & LEX.TITLE && (be === bs || (be - bs === 1 && (text.charCodeAt(bs) === 46 || text.charCodeAt(bs) === 32)) || (be - bs === 2 && text.charCodeAt(bs) === 46 && text.charCodeAt(bs + 1) === 32))) return true;
  if (lp & LEX.SIGNOFF) {
    const m = SIGNOFF_GAP.exec(text.slice(bs, be));
    // After a "--" separator line a department often signs ("Dpto. Compras"): only a gazetteer name counts.
    if (m) return (m[1] === undefined || (tokens.lex[k]! & NAME) !== 0) && aloneOnLine(ctx, k);
  }
  let colon = false;
  for (let i = bs; i < be; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 46 || c === 33 || c === 63 || c === 59) return false;
    if (c === 58) colon = true;
  }
  // E-mail headers: "de: Marcos Albuquerque <…>", "From: …" at the start of a line.
  // Only a gazetteer name counts there ("Para: Equipe Financeira" is no person).
  if (colon && HEADER_CUES.has(ctx.key(p))) return (tokens.lex[k]! & NAME) !== 0 && (p === 0 || hasNewline(text, tokens.end[p - 1]!, tokens.start[p]!));
  // "Cliente: …" is a speaker label (first word of its line); form labels ("nome:", "name:") and
  // cue words inside a sentence ("os dados do meu marido: pedro …") introduce a name after ':'.
  if (colon && !LABEL_CUES.has(ctx.key(p)) && (!(lp & LEX.CUE_PERSON) || labelPosition(text, tokens, p))) return false;
  // Cheap gate: a cue phrase always ends with a word flagged CUE_PERSON in the lexicon.
  if (!(lp & LEX.CUE_PERSON)) return false;
  let key = 0;
  for (let q = p, n = 0; q >= 0 && n < MAX_CUE_WORDS; q--, n++) {
    if (q < p && hasNewline(text, tokens.end[q]!, tokens.start[q + 1]!)) break;
    key = n === 0 ? ctx.key(q) : phraseKeyLeft(key, ctx.key(q));
    if (CUES.has(key)) return true;
  }
  return false;
}

const SIGNOFF_GAP = /^[.,!]*\s*\n\s*(?:[-–—]\s*|(--)\s*)?$/;

/** Token p opens its line, or follows a WhatsApp "[time] " stamp: it is a speaker label, not a cue. */
function labelPosition(text: string, tokens: { start: Int32Array; end: Int32Array }, p: number): boolean {
  let i = tokens.start[p]! - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i--;
  return i < 0 || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 93;
}

function hasNewline(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}

/**
 * A dialogue turn that answers a question for a name: "Agente: com quem eu falo?\nCliente: com a
 * gabriela moreira", "Agent: who am i speaking with?\nCustomer: james edwards". Only for a
 * gazetteer name right after the speaker label (and "com/con/with", an article).
 */
function dialogueAnswer(ctx: ScanContext, k: number): boolean {
  const { text, tokens } = ctx;
  if (!(tokens.lexAny & LEX.CUE_NAME_Q) || !(tokens.lex[k]! & NAME)) return false;
  const pos = tokens.start[k]!;
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  if (lineStart === 0 || pos - lineStart > 40) return false;
  if (!ANSWER_PREFIX.test(text.slice(lineStart, pos))) return false;
  const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  if (lineStart - prevStart > 200) return false;
  for (let q = ctx.tokenFrom(prevStart); q < tokens.count && tokens.start[q]! < lineStart; q++) {
    if (tokens.lex[q]! & LEX.CUE_NAME_Q) return true;
  }
  return false;
}
const ANSWER_PREFIX = /^\s*\p{L}{2,20}:\s*(?:(?:com|con|with|é|es|is|it's|soy|sou)\s+)?(?:(?:o|a|el|la)\s+)?$/iu;

/** The capitalised chain starting at k fills its line (a signature line, not a sentence). */
function aloneOnLine(ctx: ScanContext, k: number): boolean {
  const { text, tokens } = ctx;
  const nl = text.indexOf('\n', tokens.start[k]!);
  const line = text.slice(tokens.start[k]!, nl === -1 ? Math.min(text.length, tokens.start[k]! + 80) : nl);
  // A signature line may go on with " | role | company".
  return /^\p{L}[\p{L}'’.-]*(?:\s+(?:(?:da|de|do|dos|das|del|la|y|e)\s+)?\p{L}[\p{L}'’.-]*){0,5}\s*(?:[.,]|\|.*)?\s*$/u.test(line);
}

function atSentenceStart(ctx: ScanContext, k: number): boolean {
  const { text, tokens } = ctx;
  let i = tokens.start[k]! - 1;
  while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 34)) i--;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === 10 || c === 46 || c === 33 || c === 63 || c === 58 || c === 0xbf || c === 0xa1 || c === 45;
}

function evaluate(ctx: ScanContext, out: Candidate[], chainLen: number): void {
  const { tokens, text } = ctx;
  const { lex } = tokens;
  // A street name ("Rua Ana Néri") belongs to the address recognizer.
  const before = chain[0]! - 1;
  if (before >= 0 && lex[before]! & LEX.STREET_TYPE && tokens.start[chain[0]!]! - tokens.end[before]! <= 3) return;
  let a = 0;
  let titled = false;
  // Drop leading greetings, titles and common words ("Olá Maria", "Sr. Silva").
  while (a < chainLen && lex[chain[a]!]! & (LEX.NOT_NAME | LEX.TITLE | LEX.STREET_TYPE) && !(lex[chain[a]!]! & NAME)) {
    if (lex[chain[a]!]! & LEX.TITLE) titled = true;
    if (lex[chain[a]!]! & LEX.STREET_TYPE) return;
    // A company or place word heads a company/place name ("Magazine Luiza"), not a greeting —
    // unless the chain ends in a name that announces itself ("Sigilo Telecom Siobhan speaking").
    if (!(lex[chain[a]!]! & (LEX.FUNCTION_WORD | LEX.TITLE))) {
      const lastK = chain[chainLen - 1]!;
      if (!cueAfterChain(ctx, lastK) || lex[lastK]! & LEX.NOT_NAME) return;
      let s0 = chainLen - 1;
      if (s0 > 0 && isCapital(ctx, chain[s0 - 1]!) && lex[chain[s0 - 1]!]! & LEX.FIRST_NAME && !(lex[chain[s0 - 1]!]! & LEX.NOT_NAME)) s0--;
      out.push({ type: 'PERSON', start: tokens.start[chain[s0]!]!, end: tokens.end[lastK]!, score: 0.85, validated: false });
      return;
    }
    a++;
  }
  let b = chainLen - 1;
  while (b >= a && (!isCapital(ctx, chain[b]!) || (lex[chain[b]!]! & LEX.NOT_NAME && !(lex[chain[b]!]! & NAME)))) b--;
  // Cut at the first non-name capitalised word inside ("Maria Banco do Brasil").
  for (let x = a + 1; x <= b; x++) {
    const f = lex[chain[x]!]!;
    const kx = chain[x]!;
    const glued =
      (tokens.start[kx]! - tokens.end[chain[x - 1]!]! === 1 && text.charCodeAt(tokens.end[chain[x - 1]!]!) !== 32) ||
      // "O'Brien", "D'Angelo"; a middle initial "A." in "Joshua A. Hughes"
      (x < b && tokens.end[kx]! - tokens.start[kx]! === 1 && (text.charCodeAt(tokens.end[kx]!) === 39 || text.charCodeAt(tokens.end[kx]!) === 0x2019 || text.charCodeAt(tokens.end[kx]!) === 46));
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
  if (lex[first]! & LEX.PHRASE_START && NOT_PERSON.has(phraseKeyOf(ctx, first, last))) return;
  // "Dr. Martens", "St. Claus": a title word that opens a known brand or place name.
  if (first > 0 && lex[first - 1]! & LEX.PHRASE_START && NOT_PERSON.has(phraseKeyOf(ctx, first - 1, last))) return;
  // Capitalised name words in [a, b]: count, known surname after the first, any known, all shouted.
  let nNames = 0;
  let knownSurname = false;
  let knownAny = false;
  let shouted = true;
  for (let x = a; x <= b; x++) {
    const k = chain[x]!;
    if (!isCapital(ctx, k)) continue;
    const f = lex[k]!;
    if (nNames > 0 && f & LEX.SURNAME) knownSurname = true;
    if (f & NAME) knownAny = true;
    // Acronyms and shouted words ("PT", "MEI", "JAJA") are not names unless the gazetteer knows them.
    if (!(tokens.shape[k]! & T_ALLUPPER) || tokens.end[k]! - tokens.start[k]! <= 1) shouted = false;
    nNames++;
  }
  const f0 = lex[first]! & WORD_FLAGS;
  const cued = titled || cueBefore(ctx, chain[a]!) || dialogueAnswer(ctx, chain[a]!) || cueAfterChain(ctx, last);
  let score = 0;
  if (cued) score = knownAny ? 0.95 : shouted ? 0 : 0.8;
  else if (f0 & LEX.FIRST_NAME && !(f0 & LEX.AMBIGUOUS_NAME)) score = nNames > 1 ? 0.9 : 0.75;
  else if (f0 & LEX.FIRST_NAME && nNames > 1 && knownSurname) score = 0.85;
  else if (f0 === 0 && nNames > 1 && knownSurname && !atSentenceStart(ctx, first)) score = 0.7;
  else if (f0 === 0 && nNames > 2 && knownSurname) score = 0.65;
  if (score === 0) return;
  // Names glued to digits or '@' are handles, not people.
  if ((s > 0 && isAlnum(text.charCodeAt(s - 1))) || (e < text.length && text.charCodeAt(e) === 64)) return;
  out.push({ type: 'PERSON', start: s, end: e, score, validated: false });
}

function phraseKeyOf(ctx: ScanContext, first: number, last: number): number {
  let key = ctx.key(last);
  for (let k = last - 1; k >= first; k--) key = phraseKeyLeft(key, ctx.key(k));
  return key;
}
