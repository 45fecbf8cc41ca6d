import type { Lexicon } from './lexicon.js';
import {
  CompiledPass,
  H_AT,
  H_BRACKET,
  H_CODE,
  H_COLON,
  H_COUNT,
  H_DASH,
  H_DIGIT,
  H_LANG_EN,
  H_LANG_ES,
  H_LANG_PT,
  H_LEX_ANY,
  H_NAME,
  H_SHAPE_ANY,
  H_WORD,
  RESIDENT_MAX,
  START_CAPACITY,
} from './token-pass.js';

export {
  NUM_CARD,
  NUM_CEP,
  NUM_CNH,
  NUM_CNPJ,
  NUM_CPF,
  NUM_DNI,
  NUM_IBAN,
  NUM_IP,
  NUM_NIE,
  NUM_NIF,
  NUM_PHONE,
  T_ALLUPPER,
  T_ALPHA,
  T_DIGIT,
  T_LOWER,
  T_UPPER0,
} from './token-pass.js';

/**
 * The one pass over the text. Tokens are maximal runs of Latin letters, digits and combining
 * marks; everything else separates. Recognizers work from these arrays instead of re-scanning
 * the text, which keeps detection linear in the input length.
 *
 * The character loop runs compiled (assembly/tokenize.ts, built into wasm/tokenize.wasm): the
 * arrays below are views on that module's memory, valid until the next scan().
 */
export class Tokens {
  count = 0;
  start!: Int32Array;
  end!: Int32Array;
  shape!: Uint8Array;
  lex!: Int32Array;
  /** Folded hash of each token (same as wordHash), for phrase look-ups without substrings. */
  hash!: Int32Array;
  /** Positions of '@' (e-mail anchors): atPos[0 .. nAt). */
  atPos!: Int32Array;
  nAt = 0;
  /** IPv6 anchors: positions of ':' right after a token of 1..4 units with no letter past 'f': colonPos[0 .. nColon). */
  colonPos!: Int32Array;
  nColon = 0;
  /** Indices of tokens that contain a digit (run tails excluded): digitIdx[0 .. nDigit). */
  digitIdx!: Int32Array;
  nDigit = 0;
  /** Indices of tokens that carry any lexicon flag or start with a capital: wordIdx[0 .. nWord). */
  wordIdx!: Int32Array;
  nWord = 0;
  /** Indices of tokens PERSON can start at: no digit, and capitalised or a gazetteer first name: nameIdx[0 .. nName). */
  nameIdx!: Int32Array;
  nName = 0;
  /** Indices of letter-led code tokens: one x/y/z letter (ES NIE) or all-caps of length 2, 8, 12 or 14 (alphanumeric CNPJ): codeIdx[0 .. nCode). */
  codeIdx!: Int32Array;
  nCode = 0;
  /**
   * Digit tokens sorted, in one loop, into the start lists of the number-shaped recognizers by
   * exact necessary conditions of their shapes (length, the separator after the token, the first
   * characters): numIdx[kind][0 .. numCount[kind]). Each recognizer then walks only its own
   * candidates instead of every digit token (fewer loops, far fewer mispredicted branches).
   */
  numIdx!: Int32Array[];
  numCount!: Int32Array;
  /** The compiled pass's header (H_* slots; the PHONE walk's stop is there). */
  header!: Int32Array;
  /** Groups of the number the PHONE walk stopped at: ends [0, 16), running digit counts [16, 32). */
  phoneGroups!: Int32Array;
  /** Candidates of the last recognize() or phone(): [start, end, validated] triples, and their scores. */
  out!: Int32Array;
  outScore!: Float64Array;
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

  /** The pass shared by texts up to RESIDENT_MAX units, and the one the views point into now. */
  private readonly resident: CompiledPass;
  private pass: CompiledPass;

  constructor(
    private readonly lexicon: Lexicon,
    private readonly langMask: { pt: number; es: number; en: number },
  ) {
    this.resident = this.pass = new CompiledPass(START_CAPACITY, lexicon, langMask);
    this.bind(this.pass);
  }

  private bind(pass: CompiledPass): void {
    this.pass = pass;
    this.start = pass.start;
    this.end = pass.end;
    this.shape = pass.shape;
    this.lex = pass.lex;
    this.hash = pass.hash;
    this.atPos = pass.atPos;
    this.colonPos = pass.colonPos;
    this.digitIdx = pass.digitIdx;
    this.wordIdx = pass.wordIdx;
    this.nameIdx = pass.nameIdx;
    this.codeIdx = pass.codeIdx;
    this.numIdx = pass.numIdx;
    this.numCount = pass.numCount;
    this.out = pass.out;
    this.outScore = pass.outScore;
    this.header = pass.header;
    this.phoneGroups = pass.phoneGroups;
  }

  /**
   * Runs compiled recognizer `id` (a NUM_* list id, or R_PIX; assembly/numbers.ts) over the tokens
   * of the last scan(); its candidates are out[0 .. 3 × count) and outScore[0 .. count).
   */
  recognize(id: number): number {
    return this.pass.recognize(id);
  }

  /**
   * Runs the compiled PHONE walk (assembly/phone.ts) over the tokens of the last scan(), from entry
   * `q0` of its start list with `claimedTo`; candidates as for recognize(). It stops at a '+' /
   * "00" number of another country than BR, PT, ES, GB or US (header[H_PHONE_STOP] ≥ 0) for
   * src/recognizers/phone.ts to settle.
   */
  phone(lang: number, q0: number, claimedTo: number): number {
    return this.pass.phone(lang, q0, claimedTo);
  }

  /** Runs the compiled PERSON walk (assembly/person.ts) over the tokens of the last scan(); candidates as for recognize(). */
  person(): number {
    return this.pass.person();
  }

  scan(text: string): void {
    const n = text.length;
    let pass = this.resident;
    if (n > pass.capacity) {
      if (n <= RESIDENT_MAX) pass.grow(n);
      // A pass of its own for a very long text (released with the next call's rebinding).
      else pass = new CompiledPass(n, this.lexicon, this.langMask);
      this.bind(pass);
    } else if (pass !== this.pass) this.bind(pass);
    pass.run(text);
    const h = pass.header;
    this.count = h[H_COUNT]!;
    this.nAt = h[H_AT]!;
    this.nColon = h[H_COLON]!;
    this.nDigit = h[H_DIGIT]!;
    this.nWord = h[H_WORD]!;
    this.nName = h[H_NAME]!;
    this.nCode = h[H_CODE]!;
    this.nDash = h[H_DASH]!;
    this.bracketLine = h[H_BRACKET] !== 0;
    this.lexAny = h[H_LEX_ANY]!;
    this.shapeAny = h[H_SHAPE_ANY]!;
    this.langPt = h[H_LANG_PT]!;
    this.langEs = h[H_LANG_ES]!;
    this.langEn = h[H_LANG_EN]!;
  }
}
