// Frozen copy of the JavaScript token pass of commit d6b6b78, the reference the compiled pass
// (assembly/tokenize.ts) is tested against in src/text/tokenize.test.ts. Not shipped.
import { CHAR_CLASS as CLASS_TABLE, FOLD as FOLD_TABLE } from '../../text/fold.js';
import type { Lexicon } from '../../text/lexicon.js';

// Token shape flags.
export const T_DIGIT = 1; // has a digit
export const T_ALPHA = 2; // has a letter
export const T_UPPER0 = 4; // first char is an upper-case letter
export const T_ALLUPPER = 8; // has letters, none lower-case
export const T_LOWER = 16; // has a lower-case letter
const T_UPPER_ANY = 32; // internal: has an upper-case letter

// Per code unit below U+0250: the shape bits it contributes, plus 64 for "part of a token"
// (combining marks U+0300–U+036F are handled apart). One table load per character; the hash
// uses the fold table (digits fold to themselves, marks contribute nothing).
const IN_TOKEN = 64;
// Covers the combining marks too (U+0300–U+036F: IN_TOKEN only), so the lookup is one bounds test
// with a constant on the other side: a rare character (€, emoji) after a letter must not reach a
// comparison the optimizing compiler has no feedback for (that deoptimized scan() in some runs
// and left it in slower code for the rest of the process).
const CHAR_LIMIT = 0x370;
const CHAR_BITS = new Uint8Array(CHAR_LIMIT);
for (let c = 0; c < 0x250; c++) {
  const cls = CLASS_TABLE[c]!;
  CHAR_BITS[c] = cls === 1 ? IN_TOKEN | T_DIGIT : cls === 2 ? IN_TOKEN | T_ALPHA | T_LOWER : cls === 3 ? IN_TOKEN | T_ALPHA | T_UPPER_ANY : 0;
}
for (let c = 0x300; c < 0x370; c++) CHAR_BITS[c] = IN_TOKEN;
const FOLD = FOLD_TABLE;



// Start lists of the number-shaped recognizers (Tokens.numIdx[kind], Tokens.numCount[kind]).
export const NUM_CPF = 0;
export const NUM_CNPJ = 1;
export const NUM_CNH = 2;
export const NUM_CEP = 3;
export const NUM_DNI = 4;
export const NUM_NIE = 5;
export const NUM_NIF = 6;
export const NUM_IBAN = 7;
export const NUM_IP = 8;
export const NUM_CARD = 9;
export const NUM_PHONE = 10;
const NUM_KINDS = 11;

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isUpperCode = (c: number): boolean => c >= 65 && c <= 90;

/**
 * The one pass over the text. Tokens are maximal runs of Latin letters, digits and combining
 * marks; everything else separates. Recognizers work from these arrays instead of re-scanning
 * the text, which keeps detection linear in the input length.
 */
export class Tokens {
  count = 0;
  start = new Int32Array(256);
  end = new Int32Array(256);
  shape = new Uint8Array(256);
  lex = new Int32Array(256);
  /** Folded hash of each token (same as wordHash), for phrase look-ups without substrings. */
  hash = new Int32Array(256);
  // Index lists as typed arrays with counts (resetting a JS array's length is a runtime call).
  /** Positions of '@' (e-mail anchors): atPos[0 .. nAt). */
  atPos = new Int32Array(64);
  nAt = 0;
  /** Positions of ':' right after a letter or digit (IPv6 anchors): colonPos[0 .. nColon). */
  colonPos = new Int32Array(64);
  nColon = 0;
  /** Indices of tokens that contain a digit (run tails excluded): digitIdx[0 .. nDigit). */
  digitIdx = new Int32Array(256);
  nDigit = 0;
  /** Indices of tokens that carry any lexicon flag or start with a capital: wordIdx[0 .. nWord). */
  wordIdx = new Int32Array(256);
  nWord = 0;
  /** Indices of tokens PERSON can start at: no digit, and capitalised or a gazetteer first name: nameIdx[0 .. nName). */
  nameIdx = new Int32Array(256);
  nName = 0;
  /** Indices of letter-led code tokens: one x/y/z letter (ES NIE) or all-caps of length 2, 8, 12 or 14 (alphanumeric CNPJ): codeIdx[0 .. nCode). */
  codeIdx = new Int32Array(64);
  nCode = 0;
  /**
   * Digit tokens sorted, in one loop, into the start lists of the number-shaped recognizers by
   * exact necessary conditions of their shapes (length, the separator after the token, the first
   * characters): numIdx[kind][0 .. numCount[kind]). Each recognizer then walks only its own
   * candidates instead of every digit token (fewer loops, far fewer mispredicted branches).
   */
  numIdx: Int32Array[] = Array.from({ length: NUM_KINDS }, () => new Int32Array(64));
  numCount = new Int32Array(NUM_KINDS);
  /** Number of '-' outside tokens (a UUID needs four). */
  nDash = 0;
  /** A line starts with '[' (WhatsApp export stamp). */
  bracketLine = false;
  /** OR of every token's lexicon flags: recognizers whose cue word is absent skip the message. */
  lexAny = 0;
  /** OR of every token's shape. */
  shapeAny = 0;
  langPt = 0;
  langEs = 0;
  langEn = 0;

  private grow(): void {
    const cap = this.start.length * 2;
    const s = new Int32Array(cap);
    s.set(this.start);
    this.start = s;
    const e = new Int32Array(cap);
    e.set(this.end);
    this.end = e;
    const sh = new Uint8Array(cap);
    sh.set(this.shape);
    this.shape = sh;
    const l = new Int32Array(cap);
    l.set(this.lex);
    this.lex = l;
    const hh = new Int32Array(cap);
    hh.set(this.hash);
    this.hash = hh;
    const d = new Int32Array(cap);
    d.set(this.digitIdx);
    this.digitIdx = d;
    const w = new Int32Array(cap);
    w.set(this.wordIdx);
    this.wordIdx = w;
    const nm = new Int32Array(cap);
    nm.set(this.nameIdx);
    this.nameIdx = nm;
  }

  private pushAt(i: number): void {
    if (this.nAt === this.atPos.length) {
      const a = new Int32Array(this.atPos.length * 2);
      a.set(this.atPos);
      this.atPos = a;
    }
    this.atPos[this.nAt++] = i;
  }

  private pushColon(i: number): void {
    if (this.nColon === this.colonPos.length) {
      const a = new Int32Array(this.colonPos.length * 2);
      a.set(this.colonPos);
      this.colonPos = a;
    }
    this.colonPos[this.nColon++] = i;
  }

  scan(text: string, lexicon: Lexicon, langMask: { pt: number; es: number; en: number }): void {
    this.nAt = 0;
    this.nColon = 0;
    let nCode = 0;
    let codeIdx = this.codeIdx;
    let bracketLine = false;
    let count = 0;
    let nDigit = 0;
    let nWord = 0;
    let nName = 0;
    let nDash = 0;
    let langPt = 0;
    let langEs = 0;
    let langEn = 0;
    let lexAny = 0;
    let shapeAny = 0;
    const ptShift = 31 - Math.clz32(langMask.pt);
    const esShift = 31 - Math.clz32(langMask.es);
    const enShift = 31 - Math.clz32(langMask.en);
    const bitsTable = CHAR_BITS;
    const fold = FOLD;
    // Lexicon probe inlined (one table, slots of [hash, length, flags, 0]).
    const table = lexicon.probeTable();
    const tmask = lexicon.probeMask();
    // Local views of the token arrays; refreshed after grow().
    let start = this.start;
    let end = this.end;
    let shapes = this.shape;
    let lexes = this.lex;
    let hashes = this.hash;
    let digitIdx = this.digitIdx;
    let wordIdx = this.wordIdx;
    let nameIdx = this.nameIdx;
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      let bits = c < CHAR_LIMIT ? bitsTable[c]! : 0;
      if (bits === 0) {
        // '@' only matters after a local-part character (keeps "@@@@…" cheap).
        if (c === 64) {
          if (i > 0 && text.charCodeAt(i - 1) !== 64) this.pushAt(i);
        } else if (c === 45) nDash++;
        else if (c === 58 && count > 0 && i === end[count - 1]) this.pushColon(i);
        else if (c === 91 && (i === 0 || text.charCodeAt(i - 1) === 10)) bracketLine = true;
        i++;
        continue;
      }
      const s = i;
      let shape = bits & T_UPPER_ANY ? T_UPPER0 : 0;
      let h = 0;
      for (;;) {
        shape |= bits;
        if (c < 0x250) h = (Math.imul(h, 31) + fold[c]!) | 0;
        if (++i >= n) break;
        c = text.charCodeAt(i);
        bits = c < CHAR_LIMIT ? bitsTable[c]! : 0;
        if (bits === 0) break;
      }
      shape &= 31;
      if ((shape & (T_ALPHA | T_LOWER)) === T_ALPHA) shape |= T_ALLUPPER;
      if (count === start.length) {
        this.count = count;
        this.grow();
        start = this.start;
        end = this.end;
        shapes = this.shape;
        lexes = this.lex;
        hashes = this.hash;
        digitIdx = this.digitIdx;
        wordIdx = this.wordIdx;
        nameIdx = this.nameIdx;
      }
      const k = count++;
      start[k] = s;
      end[k] = i;
      shapes[k] = shape;
      hashes[k] = h;
      shapeAny |= shape;
      let lex = 0;
      if (shape & T_DIGIT) {
        // Third and later groups of a uniformly separated digit run ("1 2 3 …", "1.1.1.1…") never
        // start an identifier: recognizers start at the run head and extend by index.
        const tail = k >= 2 && !(shape & T_ALPHA) && sameGap(text, start, end, shapes, k);
        if (!tail) digitIdx[nDigit++] = k;
      } else if (i - s <= 24) {
        const len = i - s;
        let p = Math.imul(h, 0x9e3779b1) >>> 0 & tmask;
        for (;;) {
          const o = p << 2;
          const l = table[o + 1]!;
          if (l === 0) break;
          if (table[o] === h && l === len) {
            lex = table[o + 2]!;
            break;
          }
          p = (p + 1) & tmask;
        }
      }
      lexes[k] = lex;
      // Branch-free bookkeeping (these tests are data-dependent and mispredict often): the index
      // is always written and the count advances by 0 or 1.
      lexAny |= lex;
      langPt += (lex >>> ptShift) & 1;
      langEs += (lex >>> esShift) & 1;
      langEn += (lex >>> enShift) & 1;
      const listed = (lex !== 0 ? 1 : 0) | ((shape >>> 2) & 1); // flagged or capitalised (T_UPPER0 = 4)
      wordIdx[nWord] = k;
      nWord += listed;
      // PERSON starts: no digit, and capitalised or a first name (T_DIGIT = 1, LEX.FIRST_NAME = 1).
      nameIdx[nName] = k;
      nName += ((shape >>> 2) | lex) & ~shape & 1;
      if (listed === 0) continue;
      // Letter-led code heads (a subset of wordIdx): one x/y/z letter (ES NIE prefix) or all-caps
      // of length 2, 8, 12 or 14 (alphanumeric CNPJ).
      const len = i - s;
      if (len === 1 ? ((text.charCodeAt(s) | 32) >= 120 && (text.charCodeAt(s) | 32) <= 122) : shape & T_ALLUPPER && (len === 2 || len === 8 || len === 12 || len === 14)) {
        if (nCode === codeIdx.length) {
          const a = new Int32Array(nCode * 2);
          a.set(codeIdx);
          this.codeIdx = codeIdx = a;
        }
        codeIdx[nCode++] = k;
      }
    }
    this.nCode = nCode;
    this.bracketLine = bracketLine;
    this.nName = nName;
    this.count = count;
    this.nDigit = nDigit;
    this.nDash = nDash;
    this.nWord = nWord;
    this.langPt = langPt;
    this.langEs = langEs;
    this.langEn = langEn;
    this.lexAny = lexAny;
    this.shapeAny = shapeAny;
    this.classifyDigits(text);
  }

  private classifyDigits(text: string): void {
    const nd = this.nDigit;
    const lists = this.numIdx;
    if (lists[0]!.length < nd) {
      let cap = lists[0]!.length;
      while (cap < nd) cap *= 2;
      for (let r = 0; r < NUM_KINDS; r++) lists[r] = new Int32Array(cap);
    }
    const cpf = lists[NUM_CPF]!;
    const cnpj = lists[NUM_CNPJ]!;
    const cnh = lists[NUM_CNH]!;
    const cep = lists[NUM_CEP]!;
    const dni = lists[NUM_DNI]!;
    const nie = lists[NUM_NIE]!;
    const nif = lists[NUM_NIF]!;
    const iban = lists[NUM_IBAN]!;
    const ip = lists[NUM_IP]!;
    const card = lists[NUM_CARD]!;
    const phone = lists[NUM_PHONE]!;
    let nPhone = 0;
    let nCpf = 0;
    let nCnpj = 0;
    let nCnh = 0;
    let nCep = 0;
    let nDni = 0;
    let nNie = 0;
    let nNif = 0;
    let nIban = 0;
    let nIp = 0;
    let nCard = 0;
    const { start, end, shape, digitIdx } = this;
    const count = this.count;
    const tlen = text.length;
    for (let q = 0; q < nd; q++) {
      const k = digitIdx[q]!;
      const s = start[k]!;
      const e = end[k]!;
      const len = e - s;
      // Separator after the token and the character after it (0 past the end: no out-of-range reads).
      const c = e < tlen ? text.charCodeAt(e) : 0;
      const c1 = e + 1 < tlen ? text.charCodeAt(e + 1) : 0;
      const d1 = isDigitCode(c1);
      const c0 = text.charCodeAt(s) | 32;
      if (c0 >= 120 && c0 <= 122) nie[nNie++] = k; // x, y, z
      if (len <= 3) {
        if (c === 46 && d1) ip[nIp++] = k;
        if (len === 2) {
          if (c === 46 && d1) {
            cnpj[nCnpj++] = k;
            cep[nCep++] = k;
            dni[nDni++] = k;
          } else if (c === 46 && isUpperCode(c1)) cnpj[nCnpj++] = k;
        } else if (len === 3 && d1) {
          if (c === 46 || c === 32) cpf[nCpf++] = k;
          if (c === 32) nif[nNif++] = k;
        }
      } else {
        if (len === 5 && c === 45 && d1) cep[nCep++] = k;
        else if (len === 8) {
          cep[nCep++] = k;
          if (c === 47 && (d1 || isUpperCode(c1))) cnpj[nCnpj++] = k;
          if ((c === 45 || c === 32) && ((c1 | 32) >= 97 && (c1 | 32) <= 122)) dni[nDni++] = k;
        } else if (len === 9) {
          nif[nNif++] = k;
          if ((c === 46 || c === 32 || c === 45) && d1) cpf[nCpf++] = k;
          const l8 = text.charCodeAt(s + 8) | 32; // in range: the token has 9 characters
          if (l8 >= 97 && l8 <= 122) dni[nDni++] = k;
        } else if (len === 11) {
          cpf[nCpf++] = k;
          cnh[nCnh++] = k;
        } else if (len === 12) {
          if (c === 45 && d1) cnpj[nCnpj++] = k;
        } else if (len === 14) cnpj[nCnpj++] = k;
        const a0 = text.charCodeAt(s) & ~32;
        const a1 = text.charCodeAt(s + 1) & ~32;
        if (isUpperCode(a0) && isUpperCode(a1) && isDigitCode(text.charCodeAt(s + 2)) && isDigitCode(text.charCodeAt(s + 3))) iban[nIban++] = k;
      }
      if (len >= 13 || ((c === 32 || c === 45) && k + 1 < count && start[k + 1] === e + 1 && shape[k + 1]! & T_DIGIT)) card[nCard++] = k;
      // A phone has 8..15 digits: a shorter group must go on with a gap character (space, dash, dot,
      // parenthesis, no-break space) and another digit group at most 3 characters on.
      if (!(shape[k]! & T_ALPHA) && len <= 15) {
        if (len >= 8 || ((c === 32 || c === 45 || c === 46 || c === 40 || c === 41 || c === 160) && k + 1 < count && start[k + 1]! - e <= 3 && !(shape[k + 1]! & T_ALPHA))) phone[nPhone++] = k;
      }
    }
    const n = this.numCount;
    n[NUM_CPF] = nCpf;
    n[NUM_CNPJ] = nCnpj;
    n[NUM_CNH] = nCnh;
    n[NUM_CEP] = nCep;
    n[NUM_DNI] = nDni;
    n[NUM_NIE] = nNie;
    n[NUM_NIF] = nNif;
    n[NUM_IBAN] = nIban;
    n[NUM_IP] = nIp;
    n[NUM_CARD] = nCard;
    n[NUM_PHONE] = nPhone;
  }
}

const isRunSep = (c: number): boolean => c === 32 || c === 46 || c === 45 || c === 47;

/** Tokens k-2, k-1, k are digit-only and joined by the same short separator string. */
function sameGap(text: string, start: Int32Array, end: Int32Array, shape: Uint8Array, k: number): boolean {
  if ((shape[k - 1]! & (T_DIGIT | T_ALPHA)) !== T_DIGIT || (shape[k - 2]! & (T_DIGIT | T_ALPHA)) !== T_DIGIT) return false;
  const g1s = end[k - 2]!;
  const g1 = start[k - 1]! - g1s;
  const g2s = end[k - 1]!;
  const g2 = start[k]! - g2s;
  if (g1 !== g2 || g1 > 4) return false;
  for (let i = 0; i < g1; i++) {
    const c = text.charCodeAt(g2s + i);
    if (!isRunSep(c) || c !== text.charCodeAt(g1s + i)) return false;
  }
  return true;
}
