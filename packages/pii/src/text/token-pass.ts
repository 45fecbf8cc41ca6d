import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHAR_CLASS, FOLD } from './fold.js';
import { LEX, PERSON_KEY, WORD_FLAGS, type Lexicon } from './lexicon.js';

// Token shape flags.
export const T_DIGIT = 1; // has a digit
export const T_ALPHA = 2; // has a letter
export const T_UPPER0 = 4; // first char is an upper-case letter
export const T_ALLUPPER = 8; // has letters, none lower-case
export const T_LOWER = 16; // has a lower-case letter
const T_UPPER_ANY = 32; // internal: has an upper-case letter

// Per code unit below CHAR_LIMIT: the shape bits it contributes, plus 64 for "part of a token"
// (combining marks U+0300–U+036F: 64 only) and 128 for a letter that is not a hex digit (a token
// with one cannot be an IPv6 group). One table load per character.
const IN_TOKEN = 64;
const NOT_HEX = 128;
const CHAR_LIMIT = 0x370;
const FOLD_LIMIT = 0x250;
const CHAR_BITS = new Uint8Array(CHAR_LIMIT);
for (let c = 0; c < FOLD_LIMIT; c++) {
  const cls = CHAR_CLASS[c]!;
  const notHex = (cls === 2 || cls === 3) && !/[a-fA-F]/.test(String.fromCharCode(c)) ? NOT_HEX : 0;
  CHAR_BITS[c] = notHex | (cls === 1 ? IN_TOKEN | T_DIGIT : cls === 2 ? IN_TOKEN | T_ALPHA | T_LOWER : cls === 3 ? IN_TOKEN | T_ALPHA | T_UPPER_ANY : 0);
}
for (let c = 0x300; c < CHAR_LIMIT; c++) CHAR_BITS[c] = IN_TOKEN;

// Header slots the compiled scan() fills (same numbers as in assembly/memory.ts).
export const H_COUNT = 0;
export const H_AT = 1;
export const H_COLON = 2;
export const H_DIGIT = 3;
export const H_WORD = 4;
export const H_NAME = 5;
export const H_CODE = 6;
export const H_DASH = 7;
export const H_BRACKET = 8;
export const H_LEX_ANY = 9;
export const H_SHAPE_ANY = 10;
export const H_LANG_PT = 11;
export const H_LANG_ES = 12;
export const H_LANG_EN = 13;
// Start lists of the number-shaped recognizers (Tokens.numIdx[kind], Tokens.numCount[kind]);
// the same numbers in assembly/memory.ts.
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
/** numCount[kind] is header slot H_NUM + kind. */
const H_NUM = 16;

/** Room a pass starts with, in UTF-16 units (most messages are far shorter; it grows to fit). */
export const START_CAPACITY = 4_096;
/**
 * The shared pass grows up to this many units (about 57 MB of address space, of which a text
 * makes resident only what it touches, kept for the next texts: WebAssembly memory never
 * shrinks). A longer text gets a pass of its own, left to the garbage collector after the call.
 */
export const RESIDENT_MAX = 1024 * 1024;
/** The longest text the detector takes (a pass needs about 55 bytes per unit); longer ones get a RangeError. */
export const MAX_CAPACITY = 32 * 1024 * 1024;

// Built by `npm run build:wasm -w @sigilo/pii` (part of `npm install` and `npm run build`) from
// assembly/index.ts; the same path from src/text and dist/text.
const wasmFile = new URL('../../wasm/tokenize.wasm', import.meta.url);
let compiled: WebAssembly.Module | undefined;
function wasmModule(): WebAssembly.Module {
  if (compiled === undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(wasmFile);
    } catch (err) {
      throw new Error(`@sigilo/pii: ${fileURLToPath(wasmFile)} is missing; run \`npm run build -w @sigilo/pii\` (npm install does it)`, { cause: err });
    }
    compiled = new WebAssembly.Module(new Uint8Array(bytes));
  }
  return compiled;
}

interface Exports {
  memory: WebAssembly.Memory;
  staticEnd(): number;
  layout(...offsets: number[]): void;
  scan(n: number, ptShift: number, esShift: number, enShift: number): void;
  recognize(id: number): number;
  phone(lang: number, q0: number, claimedTo: number): number;
  person(): number;
  setKeys(base: number, mask: number, cueWords: number): void;
  keyBitsOf(key: number): number;
}

/**
 * What the compiled PERSON walk (assembly/person.ts) asks JavaScript about the tokens of the last
 * scan: the look-ups that need a regex. src/recognizers/person.ts provides them.
 */
export interface PersonLookups {
  /** 1 / 0 when the sign-off before token k settles the cue, 2 when it does not. */
  signoff(k: number): number;
  dialogueAnswer(k: number): boolean;
}
const unset = (): never => {
  throw new Error('@sigilo/pii: the PERSON look-ups are not registered (import src/recognizers/person.ts)');
};
let lookups: PersonLookups = { signoff: unset, dialogueAnswer: unset };
/** Registers the PERSON look-ups every pass calls (once, from src/recognizers/person.ts). */
export function registerPersonLookups(l: PersonLookups): void {
  lookups = l;
}
// Bound at instantiation: each calls whatever is registered when it runs.
const imports = {
  person: {
    signoff: (k: number) => lookups.signoff(k),
    dialogueAnswer: (k: number) => lookups.dialogueAnswer(k),
  },
};

/** Id of the PIX random-key recognizer for CompiledPass.recognize (the others use their NUM_* list id). */
export const R_PIX = 11;
/** Candidate `validated` value of a bare 8-digit CEP that only a cue in the question line before can confirm. */
export const NEEDS_QUESTION_CUE = 2;
// Where the compiled PHONE walk stops at a '+' / "00" number of another country for JavaScript (header
// slots, and the byte offsets of its groups' ends and digit counts in SCRATCH); assembly/phone.ts.
export const H_PHONE_STOP = 27;
export const H_PHONE_CLAIMED = 28;
export const H_PHONE_START = 29;
export const H_PHONE_CUED = 30;
export const H_PHONE_GROUPS = 31;
const PHONE_ENDS = 128;
const PHONE_COUNTS = 192;
/** Bit n set: some word that announces the name before it ("falando", "speaking") has n letters. */
export const AFTER_CUE_LENGTHS = (1 << 4) | (1 << 7) | (1 << 8);
/** Language ids of CompiledPass.phone(). */
export const LANG_PT = 0;
export const LANG_ES = 1;
export const LANG_EN = 2;

// Numbers both sides must agree on, checked against the module's exported globals when it loads
// (a wasm/ built from an older assembly/ fails there, not with wrong spans).
const SHARED: Record<string, number> = {
  T_DIGIT, T_ALPHA, T_UPPER0, T_ALLUPPER, T_LOWER, NOT_HEX, CHAR_LIMIT, FOLD_LIMIT, H_NUM, H_COUNT, H_AT, H_COLON, H_DIGIT, H_WORD,
  H_NAME, H_CODE, H_DASH, H_BRACKET, H_LEX_ANY, H_SHAPE_ANY, H_LANG_PT, H_LANG_ES, H_LANG_EN,
  NUM_CPF, NUM_CNPJ, NUM_CNH, NUM_CEP, NUM_DNI, NUM_NIE, NUM_NIF, NUM_IBAN, NUM_IP, NUM_CARD, NUM_PHONE, R_PIX, NEEDS_QUESTION_CUE,
  H_PHONE_STOP, H_PHONE_CLAIMED, H_PHONE_START, H_PHONE_CUED, H_PHONE_GROUPS, PHONE_ENDS, PHONE_COUNTS, LANG_PT, LANG_ES, LANG_EN,
  CUE_CARD: LEX.CUE_CARD, CUE_CEP: LEX.CUE_CEP, CUE_CNH: LEX.CUE_CNH, CUE_CNPJ: LEX.CUE_CNPJ, CUE_CPF: LEX.CUE_CPF,
  CUE_NIF: LEX.CUE_NIF, CUE_NOT_PII: LEX.CUE_NOT_PII, CUE_PHONE: LEX.CUE_PHONE, CUE_PIX: LEX.CUE_PIX,
  LEX_FIRST_NAME: LEX.FIRST_NAME, LEX_SURNAME: LEX.SURNAME, LEX_PARTICLE: LEX.PARTICLE, LEX_NOT_NAME: LEX.NOT_NAME,
  LEX_AMBIGUOUS_NAME: LEX.AMBIGUOUS_NAME, LEX_TITLE: LEX.TITLE, LEX_STREET_TYPE: LEX.STREET_TYPE, LEX_PHRASE_START: LEX.PHRASE_START,
  LEX_FUNCTION_WORD: LEX.FUNCTION_WORD, LEX_CUE_PERSON: LEX.CUE_PERSON, LEX_SIGNOFF: LEX.SIGNOFF, LEX_MONTH: LEX.MONTH,
  LEX_CUE_NAME_Q: LEX.CUE_NAME_Q, WORD_FLAGS, AFTER_CUE_LENGTHS,
  PK_CUE: PERSON_KEY.CUE, PK_NOT_PERSON: PERSON_KEY.NOT_PERSON, PK_AFTER_CUE: PERSON_KEY.AFTER_CUE, PK_HEADER: PERSON_KEY.HEADER,
  PK_LABEL: PERSON_KEY.LABEL, PK_PLACE_HEAD: PERSON_KEY.PLACE_HEAD,
};
const LAYOUT_PARAMS = 22;

const PAGE = 65_536;
// Fixed area after the module's static data (its checksum tables, below HDR: checked at load).
const HDR = 4096;
const HDR_SLOTS = 32;
const BITS = HDR + 4 * HDR_SLOTS;
const FOLD_AT = BITS + CHAR_LIMIT; // 2-byte aligned
// The recognizers' working digits: 14 code values at +0 (CNPJ), 19 card code units (u16) at +32,
// 24 phone digits at +72, the national part of a '+' number (u8[32]) at +96, the phone groups'
// ends and counts (i32[16] each) at +128 and +192.
const SCRATCH = FOLD_AT + 2 * FOLD_LIMIT;
const SCRATCH_BYTES = PHONE_COUNTS + 4 * 16;
const TABLE = 8192;
if (SCRATCH + SCRATCH_BYTES > TABLE || H_NUM + NUM_KINDS > H_PHONE_STOP || H_PHONE_GROUPS >= HDR_SLOTS || SCRATCH % 4 !== 0 || PHONE_COUNTS !== PHONE_ENDS + 64) throw new Error('@sigilo/pii: the fixed area of the compiled pass overflows');
// Plain arithmetic, not `& ~15`: offsets pass 2^31 for the longest texts.
const align = (x: number): number => Math.ceil(x / 16) * 16;

/** Byte offsets of a pass's arrays for texts of `capacity` units, and where its memory must end. */
export function layoutFor(capacity: number, tableBytes: number) {
  // Tokens are separated by at least one unit: a text of n units holds at most (n >> 1) + 1.
  const tokens = Math.floor(capacity / 2) + 1;
  const text = align(TABLE + tableBytes);
  let at = align(text + 2 * capacity);
  const take = (bytes: number): number => {
    const o = at;
    at = align(at + bytes);
    return o;
  };
  const ints = 4 * tokens;
  const start = take(ints);
  const end = take(ints);
  const lex = take(ints);
  const hash = take(ints);
  const digitIdx = take(ints);
  const wordIdx = take(ints);
  const nameIdx = take(ints);
  const codeIdx = take(ints);
  const atPos = take(ints);
  const colonPos = take(ints);
  // At most one candidate per start-list entry, so one per token (numbers.ts, emit()).
  const out = take(12 * tokens);
  const outScore = take(8 * tokens);
  const numStride = align(ints);
  const numIdx = take(NUM_KINDS * numStride);
  const shape = take(tokens);
  return { tokens, text, start, end, lex, hash, digitIdx, wordIdx, nameIdx, codeIdx, atPos, colonPos, out, outScore, numStride, numIdx, shape, memoryEnd: at };
}

/**
 * One instance of the compiled token pass with room for texts of `capacity` UTF-16 units, and
 * typed-array views on its arrays. grow() makes room in place (the views change). The lexicon's
 * tables (its probe table and PERSON's key sets) are copied in once: the lexicon must be complete
 * before the first pass is made.
 */
export class CompiledPass {
  capacity = 0;
  header!: Int32Array;
  start!: Int32Array;
  end!: Int32Array;
  shape!: Uint8Array;
  lex!: Int32Array;
  hash!: Int32Array;
  atPos!: Int32Array;
  colonPos!: Int32Array;
  digitIdx!: Int32Array;
  wordIdx!: Int32Array;
  nameIdx!: Int32Array;
  codeIdx!: Int32Array;
  /** Candidates of the last recognize(): [start, end, validated] triples, and their scores. */
  out!: Int32Array;
  outScore!: Float64Array;
  numIdx!: Int32Array[];
  numCount!: Int32Array;
  /** Groups of the number the last phone() stopped at: ends [0, 16), running digit counts [16, 32). */
  phoneGroups!: Int32Array;
  private bytes!: Buffer;
  private textAt = 0;
  private readonly exports: Exports;
  private readonly tableBytes: number;
  private readonly tableMask: number;
  private readonly ptShift: number;
  private readonly esShift: number;
  private readonly enShift: number;

  constructor(capacity: number, lexicon: Lexicon, langMask: { pt: number; es: number; en: number }) {
    const exports = new WebAssembly.Instance(wasmModule(), imports).exports as unknown as Exports & Record<string, WebAssembly.Global>;
    if (exports.staticEnd() > HDR) throw new Error('@sigilo/pii: the compiled pass\'s static data overlaps its arrays');
    if (exports.layout.length !== LAYOUT_PARAMS) throw new Error('@sigilo/pii: wasm/tokenize.wasm is out of date; run `npm run build -w @sigilo/pii`');
    for (const [name, value] of Object.entries(SHARED)) {
      if (exports[name]?.value !== value) throw new Error(`@sigilo/pii: wasm/tokenize.wasm disagrees on ${name}; run \`npm run build -w @sigilo/pii\``);
    }
    this.exports = exports;
    // The lexicon's probe table, then PERSON's key table, from TABLE on.
    const table = lexicon.probeTable();
    const keys = lexicon.keys.probeTable();
    this.tableBytes = table.byteLength + keys.byteLength;
    this.tableMask = lexicon.probeMask();
    this.ptShift = 31 - Math.clz32(langMask.pt);
    this.esShift = 31 - Math.clz32(langMask.es);
    this.enShift = 31 - Math.clz32(langMask.en);
    this.grow(capacity);
    const buffer = exports.memory.buffer;
    new Uint8Array(buffer, BITS, CHAR_LIMIT).set(CHAR_BITS);
    new Uint16Array(buffer, FOLD_AT, FOLD_LIMIT).set(FOLD.subarray(0, FOLD_LIMIT));
    new Int32Array(buffer, TABLE, table.length).set(table);
    new Int32Array(buffer, TABLE + table.byteLength, keys.length).set(keys);
    exports.setKeys(TABLE + table.byteLength, lexicon.keys.probeMask(), lexicon.keys.cueWords);
    // Both sides must hash words, phrases and probe slots alike (src/text/fold.ts, lexicon.ts): a
    // key the JS side put in must be found by the module.
    for (const [key, bits] of lexicon.keys.sample()) {
      if (exports.keyBitsOf(key) !== bits) throw new Error('@sigilo/pii: wasm/tokenize.wasm disagrees on the key table; run `npm run build -w @sigilo/pii`');
    }
  }

  /** The key sets `key` is in, as the compiled PERSON walk finds them. */
  keyBitsOf(key: number): number {
    return this.exports.keyBitsOf(key);
  }

  /**
   * Makes room for `units` UTF-16 units (doubling) and lays the arrays out again: views made before
   * are stale. Nothing changes when the memory cannot grow (a RangeError).
   */
  grow(units: number): void {
    if (units > MAX_CAPACITY) throw new RangeError(`@sigilo/pii: a text of ${units} UTF-16 units is longer than the ${MAX_CAPACITY} the detector takes`);
    // A new pass takes the room asked for; a pass that grows doubles (fewer re-layouts).
    let cap = this.capacity === 0 ? units : this.capacity;
    while (cap < units) cap *= 2;
    cap = Math.min(cap, MAX_CAPACITY);
    const l = layoutFor(cap, this.tableBytes);
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < l.memoryEnd) {
      try {
        memory.grow(Math.ceil((l.memoryEnd - memory.buffer.byteLength) / PAGE));
      } catch (err) {
        throw new RangeError(`@sigilo/pii: no memory for a text of ${units} UTF-16 units`, { cause: err });
      }
    }
    const buffer = memory.buffer;
    const e = this.exports;
    e.layout(HDR, BITS, FOLD_AT, TABLE, this.tableMask, l.text, l.start, l.end, l.shape, l.lex, l.hash, l.digitIdx, l.wordIdx, l.nameIdx, l.codeIdx, l.atPos, l.colonPos, l.numIdx, l.numStride, l.out, l.outScore, SCRATCH);
    const tokens = l.tokens;
    this.textAt = l.text;
    this.bytes = Buffer.from(buffer);
    this.header = new Int32Array(buffer, HDR, HDR_SLOTS);
    this.phoneGroups = new Int32Array(buffer, SCRATCH + PHONE_ENDS, 32);
    this.numCount = new Int32Array(buffer, HDR + 4 * H_NUM, NUM_KINDS);
    this.numIdx = Array.from({ length: NUM_KINDS }, (_, kind) => new Int32Array(buffer, l.numIdx + kind * l.numStride, tokens));
    this.start = new Int32Array(buffer, l.start, tokens);
    this.end = new Int32Array(buffer, l.end, tokens);
    this.shape = new Uint8Array(buffer, l.shape, tokens);
    this.lex = new Int32Array(buffer, l.lex, tokens);
    this.hash = new Int32Array(buffer, l.hash, tokens);
    this.atPos = new Int32Array(buffer, l.atPos, tokens);
    this.colonPos = new Int32Array(buffer, l.colonPos, tokens);
    this.digitIdx = new Int32Array(buffer, l.digitIdx, tokens);
    this.wordIdx = new Int32Array(buffer, l.wordIdx, tokens);
    this.nameIdx = new Int32Array(buffer, l.nameIdx, tokens);
    this.codeIdx = new Int32Array(buffer, l.codeIdx, tokens);
    this.out = new Int32Array(buffer, l.out, 3 * tokens);
    this.outScore = new Float64Array(buffer, l.outScore, tokens);
    this.capacity = cap;
  }

  /** Runs compiled recognizer `id` over the last run()'s tokens; its candidates are out[0 .. 3 × count). */
  recognize(id: number): number {
    return this.exports.recognize(id);
  }

  /**
   * Runs the compiled PHONE walk (assembly/phone.ts) from start-list entry `q0`; its candidates are
   * out[0 .. 3 × count). When header[H_PHONE_STOP] ≥ 0 it stopped at a '+' / "00" number of a country outside
   * the home markets.
   */
  phone(lang: number, q0: number, claimedTo: number): number {
    return this.exports.phone(lang, q0, claimedTo);
  }

  /** Runs the compiled PERSON walk (assembly/person.ts); its candidates are out[0 .. 3 × count). */
  person(): number {
    return this.exports.person();
  }

  /** Tokenizes `text` (at most `capacity` units: grow() first); the results are in the views and header until the next run(). */
  run(text: string): void {
    if (text.length > this.capacity) throw new RangeError(`@sigilo/pii: a text of ${text.length} units in a pass for ${this.capacity}`);
    this.bytes.write(text, this.textAt, 'utf16le');
    this.exports.scan(text.length, this.ptShift, this.esShift, this.enShift);
  }
}
