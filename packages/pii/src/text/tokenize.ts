import { CHAR_CLASS as CLASS_TABLE, FOLD as FOLD_TABLE } from './fold.js';
import type { Lexicon } from './lexicon.js';

// Token shape flags.
// Local copies: module-namespace imports can compile to getters in some loaders (tsx), which
// would sit in the hottest loop of the engine.
const CHAR_CLASS = CLASS_TABLE;
const FOLD = FOLD_TABLE;
const CHAR_DIGIT = 1;
const CHAR_LOWER = 2;
const CHAR_UPPER = 3;

export const T_DIGIT = 1; // has a digit
export const T_ALPHA = 2; // has a letter
export const T_UPPER0 = 4; // first char is an upper-case letter
export const T_ALLUPPER = 8; // has letters, none lower-case
export const T_LOWER = 16; // has a lower-case letter

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
  /** Positions of '@' (e-mail anchors). */
  at: number[] = [];
  /** Positions of ':' right after a letter or digit (IPv6 anchors). */
  colons: number[] = [];
  /** Indices of tokens that contain a digit. */
  digitTokens: number[] = [];
  /** Indices of tokens that carry any lexicon flag or start with a capital. */
  wordTokens: number[] = [];
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
  }

  scan(text: string, lexicon: Lexicon, langMask: { pt: number; es: number; en: number }): void {
    this.count = 0;
    this.at.length = 0;
    this.colons.length = 0;
    this.digitTokens.length = 0;
    this.wordTokens.length = 0;
    this.langPt = this.langEs = this.langEn = 0;
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      let cls = c < 0x250 ? CHAR_CLASS[c]! : c >= 0x300 && c <= 0x36f ? 4 : 0;
      if (cls === 0) {
        // '@' only matters after a local-part character (keeps "@@@@…" cheap).
        if (c === 64 && i > 0 && text.charCodeAt(i - 1) !== 64) this.at.push(i);
        else if (c === 58 && this.count > 0 && i === this.end[this.count - 1]) this.colons.push(i);
        i++;
        continue;
      }
      const s = i;
      let shape = cls === CHAR_UPPER ? T_UPPER0 | T_ALPHA : cls === CHAR_DIGIT ? T_DIGIT : cls === CHAR_LOWER ? T_ALPHA | T_LOWER : 0;
      let h = 0;
      for (;;) {
        if (cls === CHAR_DIGIT) {
          shape |= T_DIGIT;
          h = (Math.imul(h, 31) + c) | 0;
        } else if (cls === CHAR_LOWER) {
          shape |= T_ALPHA | T_LOWER;
          h = (Math.imul(h, 31) + FOLD[c]!) | 0;
        } else if (cls === CHAR_UPPER) {
          shape |= T_ALPHA;
          h = (Math.imul(h, 31) + FOLD[c]!) | 0;
        }
        i++;
        if (i >= n) break;
        c = text.charCodeAt(i);
        cls = c < 0x250 ? CHAR_CLASS[c]! : c >= 0x300 && c <= 0x36f ? 4 : 0;
        if (cls === 0) break;
      }
      if ((shape & (T_ALPHA | T_LOWER)) === T_ALPHA) shape |= T_ALLUPPER;
      if (this.count === this.start.length) this.grow();
      const k = this.count++;
      this.start[k] = s;
      this.end[k] = i;
      this.shape[k] = shape;
      let lex = 0;
      if (shape & T_DIGIT) {
        // Third and later groups of a uniformly separated digit run ("1 2 3 …", "1.1.1.1…") never
        // start an identifier: recognizers start at the run head and extend by index.
        const tail = k >= 2 && !(shape & T_ALPHA) && sameGap(text, this, k);
        if (!tail) this.digitTokens.push(k);
      }
      else if (i - s <= 24) lex = lexicon.lookup(h, i - s);
      this.lex[k] = lex;
      if (lex !== 0) {
        if (lex & langMask.pt) this.langPt++;
        if (lex & langMask.es) this.langEs++;
        if (lex & langMask.en) this.langEn++;
      }
      if (lex !== 0 || shape & T_UPPER0) this.wordTokens.push(k);
    }
  }
}

const isRunSep = (c: number): boolean => c === 32 || c === 46 || c === 45 || c === 47;

/** Tokens k-2, k-1, k are digit-only and joined by the same short separator string. */
function sameGap(text: string, t: Tokens, k: number): boolean {
  const { start, end, shape } = t;
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
