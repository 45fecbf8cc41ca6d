import { foldString, wordKey } from './text/fold.js';
import type { Tokens } from './text/tokenize.js';
import type { Lang } from './types.js';

/** What every recognizer gets: the text, its language and the single tokenization pass. */
export class ScanContext {
  constructor(
    public text: string,
    public lang: Lang,
    readonly tokens: Tokens,
  ) {}

  /** Points the (reused) context at a new text; detect() is synchronous, so one context serves every call. */
  reset(text: string, lang: Lang): this {
    this.text = text;
    this.lang = lang;
    if (this.cached !== 0) {
      this.words.clear();
      this.cached = 0;
    }
    return this;
  }

  /** Key of token k for phrase/word sets built with phraseKey (no substring, no folding). */
  key(k: number): number {
    return wordKey(this.tokens.hash[k]!, this.tokens.end[k]! - this.tokens.start[k]!);
  }

  /** Index of the first token whose start is >= pos (tokens.count when none). */
  tokenFrom(pos: number): number {
    const { start, count } = this.tokens;
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (start[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private readonly words = new Map<number, string>();
  private cached = 0;

  /** Folded text of token k (cached: cue look-backs ask for the same words repeatedly). */
  word(k: number): string {
    let w = this.words.get(k);
    if (w === undefined) {
      w = foldString(this.text.slice(this.tokens.start[k]!, this.tokens.end[k]!));
      this.words.set(k, w);
      this.cached++;
    }
    return w;
  }

  /**
   * True when one of the `max` tokens before `pos` carries the lexicon cue bit `flag`. Same
   * stopping rules as cueBefore (line break, sentence end); no strings are built.
   */
  cueFlagBefore(pos: number, flag: number, max = 4): boolean {
    const tokens = this.tokens;
    if (!(tokens.lexAny & flag)) return false;
    const { start, end, lex } = tokens;
    const text = this.text;
    let k = this.tokenFrom(pos) - 1;
    let boundary = pos;
    for (let seen = 0; k >= 0 && seen < max; k--, seen++) {
      const e = end[k]!;
      for (let i = e; i < boundary; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 33 || c === 63 || (c === 46 && i + 1 < boundary && text.charCodeAt(i + 1) === 32 && i > e)) return false;
      }
      if (lex[k]! & flag) return true;
      boundary = start[k]!;
    }
    return false;
  }

  /**
   * True when one of the `max` tokens before `pos` is in `cues`. Stops at a line break
   * or a sentence end so a cue in one sentence does not colour the next.
   */
  cueBefore(pos: number, cues: ReadonlySet<string>, max = 4): boolean {
    const { start, end } = this.tokens;
    const text = this.text;
    let k = this.tokenFrom(pos) - 1;
    let boundary = pos;
    for (let seen = 0; k >= 0 && seen < max; k--, seen++) {
      const e = end[k]!;
      for (let i = e; i < boundary; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || c === 33 || c === 63 || (c === 46 && i + 1 < boundary && text.charCodeAt(i + 1) === 32 && i > e)) return false;
      }
      if (cues.has(this.word(k))) return true;
      boundary = start[k]!;
    }
    return false;
  }

  /**
   * In a dialogue ("Agente: Qual o CEP?\nCliente: 86000611") the answer's line starts with a speaker
   * label; true when the previous line holds one of `cues`.
   */
  cueInQuestion(pos: number, cues: ReadonlySet<string>): boolean {
    const text = this.text;
    const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
    if (lineStart === 0 || pos - lineStart > 40) return false;
    if (!/^\s*[\p{L}][\p{L} ]{0,20}:\s*(?:(?:é|e|es|is|it's|o|a)\s+)?$/u.test(text.slice(lineStart, pos))) return false;
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    if (lineStart - prevStart > 200) return false;
    for (let k = this.tokenFrom(prevStart); k < this.tokens.count && this.tokens.start[k]! < lineStart; k++) {
      if (cues.has(this.word(k))) return true;
    }
    return false;
  }

  /** True when one of the `max` tokens after `pos` (same line) is in `cues`. */
  cueAfter(pos: number, cues: ReadonlySet<string>, max = 3): boolean {
    const { start, count } = this.tokens;
    const text = this.text;
    let k = this.tokenFrom(pos);
    for (let seen = 0; k < count && seen < max; k++, seen++) {
      const nl = text.indexOf('\n', pos);
      if (nl !== -1 && nl < start[k]!) return false;
      if (cues.has(this.word(k))) return true;
    }
    return false;
  }
}

const isAlnum = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c < 0x250 && c !== 0xd7 && c !== 0xf7);

export { isAlnum };

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
