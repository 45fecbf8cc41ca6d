// PERSON over the name-start list: chains of capitalised words joined by single spaces and
// particles ("Maria da Silva", "José de la Cruz"), and lower-case gazetteer names after a cue,
// scored by the gazetteers and the context. Word and phrase sets (cue phrases, company and place
// names, header and label words) are one key table the JS side copies in (KeySets in
// src/text/lexicon.ts); what needs a regex (sign-off lines, dialogue answers) stays in JavaScript
// (src/recognizers/person.ts) and is called through the imports below, behind the same lexicon
// gates the JavaScript recognizer applied first. src/recognizers/person.test.ts holds it to the
// JavaScript recognizer it replaced (src/test-support/reference/person.ts).

import { END, H_COUNT, H_LEX_ANY, H_NAME, HASH, HDR, LEX, NAME_IDX, SHAPE, START, T_ALLUPPER, T_DIGIT, T_UPPER0, TEXT_LEN, ch, i32At } from './memory';
import { beginEmit, emit, emittedCount, isAlnum, unemit } from './numbers';

// Lexicon flags (LEX in src/text/lexicon.ts; token-pass.ts checks them against these at load).
export const LEX_FIRST_NAME: i32 = 1 << 0;
export const LEX_SURNAME: i32 = 1 << 1;
export const LEX_PARTICLE: i32 = 1 << 2;
export const LEX_NOT_NAME: i32 = 1 << 3;
export const LEX_AMBIGUOUS_NAME: i32 = 1 << 4;
export const LEX_TITLE: i32 = 1 << 5;
export const LEX_STREET_TYPE: i32 = 1 << 6;
export const LEX_PHRASE_START: i32 = 1 << 8;
export const LEX_FUNCTION_WORD: i32 = 1 << 12;
export const LEX_CUE_PERSON: i32 = 1 << 16;
export const LEX_SIGNOFF: i32 = 1 << 17;
export const LEX_MONTH: i32 = 1 << 18;
export const LEX_CUE_NAME_Q: i32 = 1 << 29;
export const WORD_FLAGS: i32 = (1 << 19) - 1;
const NAME = LEX_FIRST_NAME | LEX_SURNAME;
/** Bit n set: some announcing word ("falando", "speaking", "aqui"…) has n letters. */
export const AFTER_CUE_LENGTHS: i32 = (1 << 4) | (1 << 7) | (1 << 8);
const MAX_NAME_TOKENS = 6;

// Key set bits (PERSON_KEY in src/text/lexicon.ts; token-pass.ts checks them at load).
export const PK_CUE: i32 = 1 << 0;
export const PK_NOT_PERSON: i32 = 1 << 1;
export const PK_AFTER_CUE: i32 = 1 << 2;
export const PK_HEADER: i32 = 1 << 3;
export const PK_LABEL: i32 = 1 << 4;
export const PK_PLACE_HEAD: i32 = 1 << 5;

// The key table ([key, bits] i32 slots, bits 0 = empty) and the longest cue phrase, in words.
let KEYS: usize = 0;
let KMASK: u32 = 0;
let CUE_WORDS: i32 = 1;

export function setKeys(base: usize, mask: u32, cueWords: i32): void {
  KEYS = base;
  KMASK = mask;
  CUE_WORDS = cueWords;
}

// JavaScript look-ups (src/recognizers/person.ts), each about the tokens of the last scan().
/** Sign-off token k - 1 ("Att.", "Regards"): 1 / 0 when its line break settles the cue, 2 when it does not. */
// @ts-ignore: decorator
@external("person", "signoff") declare function signoff(k: i32): i32;
/** Token k answers a question for a name on the line before ("Cliente: com a gabriela moreira"). */
// @ts-ignore: decorator
@external("person", "dialogueAnswer") declare function dialogueAnswerJs(k: i32): bool;

@inline function S(k: i32): i32 {
  return i32At(START, k);
}

@inline function E(k: i32): i32 {
  return i32At(END, k);
}

@inline function SH(k: i32): i32 {
  return <i32>load<u8>(SHAPE + <usize>k);
}

@inline function LX(k: i32): i32 {
  return i32At(LEX, k);
}

/** wordKey of token k (src/text/fold.ts): its folded hash and length. */
@inline function wordKeyOf(k: i32): i32 {
  return i32At(HASH, k) ^ ((E(k) - S(k)) * <i32>0x9e3779b1);
}

/** phraseKeyLeft (src/text/fold.ts): the key extended by one word to the left. */
@inline function phraseKeyLeft(key: i32, word: i32): i32 {
  return (key * 0x01000193) ^ word;
}

/** The key sets `key` is in. */
function keyBits(key: i32): i32 {
  let i = (<u32>key * 0x9e3779b1) & KMASK;
  while (true) {
    const o = KEYS + (<usize>i << 3);
    const bits = load<i32>(o, 4);
    if (bits == 0 || load<i32>(o) == key) return bits;
    i = (i + 1) & KMASK;
  }
  return 0;
}

/** The key sets `key` is in, for the JS side's load-time check of the hashing both sides share. */
export function keyBitsOf(key: i32): i32 {
  return keyBits(key);
}

@inline function wordIn(k: i32, set: i32): bool {
  return (keyBits(wordKeyOf(k)) & set) != 0;
}

/** Tokens first..last make a known company or place name ("Banco do Brasil", "São Paulo"). */
function notPerson(first: i32, last: i32): bool {
  let key = wordKeyOf(last);
  for (let k = last - 1; k >= first; k--) key = phraseKeyLeft(key, wordKeyOf(k));
  return (keyBits(key) & PK_NOT_PERSON) != 0;
}

@inline function tokenCount(): i32 {
  return i32At(HDR, H_COUNT);
}

// The chain being evaluated (token indices), at most MAX_NAME_TOKENS + 3 plus a particle run.
const CHAIN = memory.data(4 * 16);

@inline function chainAt(x: i32): i32 {
  return load<i32>(CHAIN + (<usize>x << 2));
}

@inline function setChain(x: i32, k: i32): void {
  store<i32>(CHAIN + (<usize>x << 2), k);
}

function isAfterCue(j: i32): bool {
  const len = E(j) - S(j);
  return len < 31 && ((AFTER_CUE_LENGTHS >> len) & 1) != 0 ? wordIn(j, PK_AFTER_CUE) : false;
}

function dialogueAnswer(k: i32): bool {
  if (!(i32At(HDR, H_LEX_ANY) & LEX_CUE_NAME_Q) || !(LX(k) & NAME)) return false;
  return dialogueAnswerJs(k);
}

/** "são josé dos campos", "san josé": a place word glued before the first name. */
function placeBefore(k0: i32): bool {
  const p = k0 - 1;
  return p >= 0 && S(k0) - E(p) == 1 && ch(E(p)) == 32 && wordIn(p, PK_PLACE_HEAD);
}

/** Token k0 + 1 (after particles) is a gazetteer surname, on the same line, joined by single spaces. */
function surnameFollows(k0: i32): bool {
  const count = tokenCount();
  let j = k0 + 1;
  for (let hops = 0; j < count && hops < 3; j++, hops++) {
    if (S(j) - E(j - 1) != 1 || ch(E(j - 1)) != 32) return false;
    const f = LX(j);
    if (f & LEX_SURNAME && !(f & (LEX_FUNCTION_WORD | LEX_NOT_NAME | LEX_MONTH))) return true;
    if (!(f & LEX_PARTICLE)) return false;
  }
  return false;
}

function lowerCaseName(k0: i32, strong: bool, score: f64): i32 {
  const count = tokenCount();
  let last = k0;
  let j = k0 + 1;
  while (j < count && j - k0 < MAX_NAME_TOKENS + 2) {
    const gap = S(j) - E(j - 1);
    // Middle initial: "lucy a. young".
    if (gap == 2 && E(j - 1) - S(j - 1) == 1 && j - 1 > k0 && ch(E(j - 1)) == 46 && ch(E(j - 1) + 1) == 32 && LX(j) & NAME) {
      last = j;
      j++;
      continue;
    }
    if (gap != 1) break;
    const sep = ch(E(j - 1));
    if (sep == 32 && E(j) - S(j) == 1 && ch(E(j)) == 46 && j + 1 < count && S(j + 1) == E(j) + 2 && LX(j + 1) & NAME) {
      j++;
      continue;
    }
    if ((sep != 32 && sep != 45) || SH(j) & T_DIGIT) break;
    // Surnames outside the gazetteer ("del pino etxeberria") count once a first name opened the chain.
    const unknown = strong && (LX(j) & WORD_FLAGS) == 0 && E(j) - S(j) >= 3 && !isAfterCue(j);
    if ((LX(j) & NAME && !(LX(j) & (LEX_FUNCTION_WORD | LEX_NOT_NAME))) || unknown) {
      last = j;
      j++;
      continue;
    }
    if (LX(j) & LEX_PARTICLE && sep == 32 && j + 1 < count && (LX(j + 1) & NAME || ((LX(j + 1) & WORD_FLAGS) == 0 && !(SH(j + 1) & T_DIGIT)) || (LX(j + 1) & LEX_PARTICLE && LX(j) & LEX_PARTICLE))) {
      j++;
      continue;
    }
    break;
  }
  if (last == k0 && score < 0.8) return k0 + 1;
  emit(S(k0), E(last), score, 0);
  return last + 1;
}

/** "raquel falando", "maria clara falando", "John speaking": the name announces itself. */
function cueAfterName(k0: i32): bool {
  const count = tokenCount();
  for (let j = k0 + 1; j < count && j <= k0 + 3; j++) {
    if (isAfterCue(j)) return true;
    if (!(LX(j) & NAME)) return false;
  }
  return false;
}

/** "… Siobhan speaking", "Bruno falando": an announcing word right after the name, same line. */
function cueAfterChain(last: i32): bool {
  const j = last + 1;
  if (j >= tokenCount() || S(j) - E(last) > 2) return false;
  for (let i = E(last); i < S(j); i++) if (ch(i) != 32 && ch(i) != 44) return false;
  return isAfterCue(j);
}

@inline function isCapital(k: i32): bool {
  return (SH(k) & T_UPPER0) != 0;
}

function hasNewline(from: i32, to: i32): bool {
  for (let i = from; i < to; i++) if (ch(i) == 10) return true;
  return false;
}

/** Token p opens its line, or follows a WhatsApp "[time] " stamp: it is a speaker label, not a cue. */
function labelPosition(p: i32): bool {
  let i = S(p) - 1;
  while (i >= 0 && (ch(i) == 32 || ch(i) == 9)) i--;
  return i < 0 || ch(i) == 10 || ch(i) == 93;
}

/** Cue words right before token k (up to four words, same line), or a title / sign-off. */
function cueBefore(k: i32): bool {
  if (k == 0) return false;
  const p = k - 1;
  const bs = E(p);
  const be = S(k);
  const lp = LX(p);
  if (lp & LEX_TITLE && (be == bs || (be - bs == 1 && (ch(bs) == 46 || ch(bs) == 32)) || (be - bs == 2 && ch(bs) == 46 && ch(bs + 1) == 32))) return true;
  if (lp & LEX_SIGNOFF) {
    const r = signoff(k);
    if (r != 2) return r != 0;
  }
  let colon = false;
  for (let i = bs; i < be; i++) {
    const c = ch(i);
    if (c == 10 || c == 46 || c == 33 || c == 63 || c == 59) return false;
    if (c == 58) colon = true;
  }
  // E-mail headers: "de: Marcos Albuquerque <…>", "From: …" at the start of a line.
  // Only a gazetteer name counts there ("Para: Equipe Financeira" is no person).
  if (colon && wordIn(p, PK_HEADER)) return (LX(k) & NAME) != 0 && (p == 0 || hasNewline(E(p - 1), S(p)));
  // "Cliente: …" is a speaker label (first word of its line); form labels ("nome:", "name:") and
  // cue words inside a sentence ("os dados do meu marido: pedro …") introduce a name after ':'.
  if (colon && !wordIn(p, PK_LABEL) && (!(lp & LEX_CUE_PERSON) || labelPosition(p))) return false;
  // Cheap gate: a cue phrase always ends with a word flagged CUE_PERSON in the lexicon.
  if (!(lp & LEX_CUE_PERSON)) return false;
  let key = 0;
  for (let q = p, n = 0; q >= 0 && n < CUE_WORDS; q--, n++) {
    if (q < p && hasNewline(E(q), S(q + 1))) break;
    key = n == 0 ? wordKeyOf(q) : phraseKeyLeft(key, wordKeyOf(q));
    if (keyBits(key) & PK_CUE) return true;
  }
  return false;
}

function atSentenceStart(k: i32): bool {
  let i = S(k) - 1;
  while (i >= 0 && (ch(i) == 32 || ch(i) == 9 || ch(i) == 34)) i--;
  if (i < 0) return true;
  const c = ch(i);
  return c == 10 || c == 46 || c == 33 || c == 63 || c == 58 || c == 0xbf || c == 0xa1 || c == 45;
}

function evaluate(chainLen: i32): void {
  // A street name ("Rua Ana Néri") belongs to the address recognizer.
  const before = chainAt(0) - 1;
  if (before >= 0 && LX(before) & LEX_STREET_TYPE && S(chainAt(0)) - E(before) <= 3) return;
  let a = 0;
  let titled = false;
  // Drop leading greetings, titles and common words ("Olá Maria", "Sr. Silva").
  while (a < chainLen && LX(chainAt(a)) & (LEX_NOT_NAME | LEX_TITLE | LEX_STREET_TYPE) && !(LX(chainAt(a)) & NAME)) {
    const fa = LX(chainAt(a));
    if (fa & LEX_TITLE) titled = true;
    if (fa & LEX_STREET_TYPE) return;
    // A company or place word heads a company/place name ("Magazine Luiza"), not a greeting —
    // unless the chain ends in a name that announces itself ("Sigilo Telecom Siobhan speaking").
    if (!(fa & (LEX_FUNCTION_WORD | LEX_TITLE))) {
      const lastK = chainAt(chainLen - 1);
      if (!cueAfterChain(lastK) || LX(lastK) & LEX_NOT_NAME) return;
      let s0 = chainLen - 1;
      if (s0 > 0 && isCapital(chainAt(s0 - 1)) && LX(chainAt(s0 - 1)) & LEX_FIRST_NAME && !(LX(chainAt(s0 - 1)) & LEX_NOT_NAME)) s0--;
      emit(S(chainAt(s0)), E(lastK), 0.85, 0);
      return;
    }
    a++;
  }
  let b = chainLen - 1;
  while (b >= a && (!isCapital(chainAt(b)) || (LX(chainAt(b)) & LEX_NOT_NAME && !(LX(chainAt(b)) & NAME)))) b--;
  // Cut at the first non-name capitalised word inside ("Maria Banco do Brasil").
  for (let x = a + 1; x <= b; x++) {
    const kx = chainAt(x);
    const f = LX(kx);
    const prevEnd = E(chainAt(x - 1));
    const glued =
      (S(kx) - prevEnd == 1 && ch(prevEnd) != 32) ||
      // "O'Brien", "D'Angelo"; a middle initial "A." in "Joshua A. Hughes"
      (x < b && E(kx) - S(kx) == 1 && (ch(E(kx)) == 39 || ch(E(kx)) == 0x2019 || ch(E(kx)) == 46));
    if (isCapital(kx) && f & LEX_NOT_NAME && !(f & NAME) && !glued) {
      b = x - 1;
      while (b >= a && !isCapital(chainAt(b))) b--;
      break;
    }
  }
  if (b < a) return;
  const first = chainAt(a);
  const last = chainAt(b);
  const s = S(first);
  const e = E(last);
  if (LX(first) & LEX_PHRASE_START && notPerson(first, last)) return;
  // "Dr. Martens", "St. Claus": a title word that opens a known brand or place name.
  if (first > 0 && LX(first - 1) & LEX_PHRASE_START && notPerson(first - 1, last)) return;
  // Capitalised name words in [a, b]: count, known surname after the first, any known, all shouted.
  let nNames = 0;
  let knownSurname = false;
  let knownAny = false;
  let shouted = true;
  for (let x = a; x <= b; x++) {
    const k = chainAt(x);
    if (!isCapital(k)) continue;
    const f = LX(k);
    if (nNames > 0 && f & LEX_SURNAME) knownSurname = true;
    if (f & NAME) knownAny = true;
    // Acronyms and shouted words ("PT", "MEI", "JAJA") are not names unless the gazetteer knows them.
    if (!(SH(k) & T_ALLUPPER) || E(k) - S(k) <= 1) shouted = false;
    nNames++;
  }
  const f0 = LX(first) & WORD_FLAGS;
  const cued = titled || cueBefore(chainAt(a)) || dialogueAnswer(chainAt(a)) || cueAfterChain(last);
  let score: f64 = 0;
  if (cued) score = knownAny ? 0.95 : shouted ? 0 : 0.8;
  else if (f0 & LEX_FIRST_NAME && !(f0 & LEX_AMBIGUOUS_NAME)) score = nNames > 1 ? 0.9 : 0.75;
  else if (f0 & LEX_FIRST_NAME && nNames > 1 && knownSurname) score = 0.85;
  else if (f0 == 0 && nNames > 1 && knownSurname && !atSentenceStart(first)) score = 0.7;
  else if (f0 == 0 && nNames > 2 && knownSurname) score = 0.65;
  if (score == 0) return;
  // Names glued to digits or '@' are handles, not people.
  if ((s > 0 && isAlnum(ch(s - 1))) || (e < TEXT_LEN && ch(e) == 64)) return;
  emit(s, e, score, 0);
}

/** Walks the name-start list of the last scan(); returns the candidates emitted (validated = 0). */
export function person(): i32 {
  beginEmit();
  const count = tokenCount();
  let next = 0;
  for (let q = 0, nq = i32At(HDR, H_NAME); q < nq; q++) {
    const k0 = i32At(NAME_IDX, q);
    if (k0 < next) continue;
    const l0 = LX(k0);
    if (!(SH(k0) & T_UPPER0)) {
      // Chat is often lower-case: "meu nome é bruna de jesus". Only gazetteer words, only after a cue.
      if (l0 & LEX_FIRST_NAME && !(l0 & (LEX_MONTH | LEX_NOT_NAME))) {
        if (cueBefore(k0) || dialogueAnswer(k0)) next = lowerCaseName(k0, true, 0.8);
        else if (cueAfterName(k0)) next = lowerCaseName(k0, false, 0.8);
        // No cue: an unambiguous first name followed by a known surname ("larissa campos", "gary jackson").
        else if (!(l0 & (LEX_AMBIGUOUS_NAME | LEX_FUNCTION_WORD)) && surnameFollows(k0) && !placeBefore(k0)) {
          const before = emittedCount();
          next = lowerCaseName(k0, false, 0.7);
          // "john lewis", "são josé dos campos": known company and place names are no person.
          if (emittedCount() > before && l0 & LEX_PHRASE_START && notPerson(k0, next - 1)) unemit();
        }
      }
      continue;
    }
    // Fast exit: a capitalised common word ("Olá", "Hola", "The") that no capitalised word or
    // particle follows can only make a one-word chain, which evaluate() would drop.
    if (l0 & (LEX_NOT_NAME | LEX_FUNCTION_WORD) && !(l0 & (NAME | LEX_TITLE | LEX_STREET_TYPE)) && (k0 + 1 >= count || !(SH(k0 + 1) & T_UPPER0 || LX(k0 + 1) & LEX_PARTICLE))) continue;
    // Collect the chain [k0 .. kLast] of capitalised words, particles allowed inside.
    setChain(0, k0);
    let chainLen = 1;
    let j = k0;
    while (chainLen < MAX_NAME_TOKENS + 3 && j + 1 < count) {
      const gap = S(j + 1) - E(j);
      // Middle initial: "Barbara K. Adams".
      if (gap == 2 && E(j) - S(j) == 1 && ch(E(j)) == 46 && ch(E(j) + 1) == 32) {
        if (SH(j + 1) & T_UPPER0) {
          setChain(chainLen++, j + 1);
          j++;
          continue;
        }
        // "Jennifer D. van der Berg"
        let u = j + 1;
        while (u < count && u <= j + 2 && LX(u) & LEX_PARTICLE && !(SH(u) & T_UPPER0) && S(u + 1) - E(u) == 1) u++;
        if (u > j + 1 && u < count && SH(u) & T_UPPER0 && !(SH(u) & T_DIGIT)) {
          for (let x = j + 1; x <= u; x++) setChain(chainLen++, x);
          j = u;
          continue;
        }
        break;
      }
      if (gap != 1) break;
      const sep = ch(E(j));
      if (sep != 32 && sep != 45 && sep != 39) break;
      const t = j + 1;
      if (SH(t) & T_UPPER0 && !(SH(t) & T_DIGIT)) {
        setChain(chainLen++, t);
        j = t;
        continue;
      }
      // Particles: "da", "de la", "dos" must be followed by a capitalised word.
      if (sep == 32 && LX(t) & LEX_PARTICLE && !(SH(t) & T_UPPER0)) {
        let u = t;
        if (u + 1 < count && LX(u + 1) & LEX_PARTICLE && !(SH(u + 1) & T_UPPER0) && S(u + 1) - E(u) == 1) u++;
        const v = u + 1;
        if (v < count && S(v) - E(u) == 1 && SH(v) & T_UPPER0 && !(SH(v) & T_DIGIT)) {
          for (let x = t; x <= v; x++) setChain(chainLen++, x);
          j = v;
          continue;
        }
      }
      break;
    }
    next = j + 1;
    evaluate(chainLen);
  }
  return emittedCount();
}
