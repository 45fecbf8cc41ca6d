import { readFileSync } from 'node:fs';
import { CHAR_CLASS, FOLD } from './fold.js';
import { LEX, type Lexicon } from './lexicon.js';

// Token shape flags.
export const T_DIGIT = 1; // has a digit
export const T_ALPHA = 2; // has a letter
export const T_UPPER0 = 4; // first char is an upper-case letter
export const T_ALLUPPER = 8; // has letters, none lower-case
export const T_LOWER = 16; // has a lower-case letter
const T_UPPER_ANY = 32; // internal: has an upper-case letter

// Per code unit below CHAR_LIMIT: the shape bits it contributes, plus 64 for "part of a token"
// (combining marks U+0300–U+036F: 64 only). One table load per character.
const IN_TOKEN = 64;
const CHAR_LIMIT = 0x370;
const FOLD_LIMIT = 0x250;
const CHAR_BITS = new Uint8Array(CHAR_LIMIT);
for (let c = 0; c < FOLD_LIMIT; c++) {
  const cls = CHAR_CLASS[c]!;
  CHAR_BITS[c] = cls === 1 ? IN_TOKEN | T_DIGIT : cls === 2 ? IN_TOKEN | T_ALPHA | T_LOWER : cls === 3 ? IN_TOKEN | T_ALPHA | T_UPPER_ANY : 0;
}
for (let c = 0x300; c < CHAR_LIMIT; c++) CHAR_BITS[c] = IN_TOKEN;

// Header slots the compiled scan() fills (same numbers as in assembly/tokenize.ts).
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
// the same numbers in assembly/tokenize.ts. numCount[kind] is header slot H_NUM + kind.
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
const H_NUM = 16;

/** Room a pass starts with, in UTF-16 units (most messages are far shorter; it grows to fit). */
export const START_CAPACITY = 4_096;
/**
 * The longest text a pass takes: its arrays need about 55 bytes per unit, and a WebAssembly
 * memory holds at most 4 GiB. Longer texts are refused with a RangeError.
 */
export const MAX_CAPACITY = 64 * 1024 * 1024;

// Built by `npm run build:wasm -w @sigilo/pii` (part of `npm install` and `npm run build`) from
// assembly/tokenize.ts; the same path from src/text and dist/text.
const wasmFile = new URL('../../wasm/tokenize.wasm', import.meta.url);
let compiled: WebAssembly.Module | undefined;
function wasmModule(): WebAssembly.Module {
  if (compiled === undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(wasmFile);
    } catch (err) {
      throw new Error(`@sigilo/pii: ${wasmFile.pathname} is missing; run \`npm run build -w @sigilo/pii\` (npm install does it)`, { cause: err });
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
}

// The compiled recognizers test lexicon cue bits by number: they must be LEX's.
const CUES = ['CUE_CARD', 'CUE_CEP', 'CUE_CNH', 'CUE_CNPJ', 'CUE_CPF', 'CUE_NIF', 'CUE_NOT_PII', 'CUE_PHONE', 'CUE_PIX'] as const;

/** Id of the PIX random-key recognizer for CompiledPass.recognize (the others use their NUM_* list id). */
export const R_PIX = 11;
/** Candidate `validated` value of a bare 8-digit CEP that only a cue in the question line before can confirm. */
export const NEEDS_QUESTION_CUE = 2;

const PAGE = 65_536;
// Fixed area after the module's static data (its checksum tables, below HDR: checked at start).
const HDR = 4096;
const BITS = HDR + 4 * 32; // header: 32 i32 slots
const FOLD_AT = BITS + CHAR_LIMIT; // 880 bytes of BITS, then 2-byte aligned
const SCRATCH = FOLD_AT + 2 * FOLD_LIMIT; // 128 bytes for the recognizers' digits
const TABLE = 8192;
const align = (x: number): number => (x + 15) & ~15;

/**
 * One instance of the compiled token pass with room for texts of `capacity` UTF-16 units, and
 * typed-array views on its arrays. grow() makes room in place (the views change).
 */
export class CompiledPass {
  capacity: number;
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
  private bytes!: Buffer;
  private text = 0;
  private readonly exports: Exports;
  private readonly ptShift: number;
  private readonly esShift: number;
  private readonly enShift: number;

  constructor(
    capacity: number,
    private readonly lexicon: Lexicon,
    langMask: { pt: number; es: number; en: number },
  ) {
    this.capacity = capacity;
    this.exports = new WebAssembly.Instance(wasmModule(), {}).exports as unknown as Exports;
    if (this.exports.staticEnd() > HDR) throw new Error('@sigilo/pii: the compiled pass\'s static data overlaps its arrays');
    for (const cue of CUES) {
      if ((this.exports as unknown as Record<string, WebAssembly.Global>)[cue]!.value !== LEX[cue]) throw new Error(`@sigilo/pii: the compiled pass's ${cue} is not LEX.${cue}`);
    }
    this.ptShift = 31 - Math.clz32(langMask.pt);
    this.esShift = 31 - Math.clz32(langMask.es);
    this.enShift = 31 - Math.clz32(langMask.en);
    this.layout();
  }

  /** Makes room for `units` UTF-16 units (doubling) and lays the arrays out again: views made before are stale. */
  grow(units: number): void {
    if (units > MAX_CAPACITY) throw new RangeError(`@sigilo/pii: a text of ${units} UTF-16 units is longer than the ${MAX_CAPACITY} the detector takes`);
    let cap = this.capacity;
    while (cap < units) cap *= 2;
    this.capacity = Math.min(cap, MAX_CAPACITY);
    this.layout();
  }

  /** Runs compiled recognizer `id` over the last run()'s tokens; its candidates are out[0 .. 3 × count). */
  recognize(id: number): number {
    return this.exports.recognize(id);
  }

  /** Tokenizes `text`; the results are in the views and header until the next run(). */
  run(text: string): void {
    this.bytes.write(text, this.text, 'utf16le');
    this.exports.scan(text.length, this.ptShift, this.esShift, this.enShift);
  }

  private layout(): void {
    const table = this.lexicon.probeTable();
    const cap = this.capacity;
    // Tokens are separated by at least one unit: a text of n units holds at most (n >> 1) + 1.
    const tokens = (cap >> 1) + 1;
    const text = align(TABLE + table.byteLength);
    let at = align(text + 2 * cap);
    const i32 = (): number => {
      const o = at;
      at = align(at + 4 * tokens);
      return o;
    };
    const start = i32();
    const end = i32();
    const lex = i32();
    const hash = i32();
    const digitIdx = i32();
    const wordIdx = i32();
    const nameIdx = i32();
    const codeIdx = i32();
    const atPos = i32();
    const colonPos = i32();
    const out = at;
    at = align(at + 12 * tokens);
    const outScore = at;
    at = align(at + 8 * tokens);
    const numIdx = at;
    const numStride = align(4 * tokens);
    at += NUM_KINDS * numStride;
    const shape = at;
    at = align(at + tokens);
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < at) memory.grow(Math.ceil((at - memory.buffer.byteLength) / PAGE));
    const buffer = memory.buffer;
    if (this.text === 0) {
      new Uint8Array(buffer, BITS, CHAR_LIMIT).set(CHAR_BITS);
      new Uint16Array(buffer, FOLD_AT, FOLD_LIMIT).set(FOLD.subarray(0, FOLD_LIMIT));
      new Int32Array(buffer, TABLE, table.length).set(table);
    }
    this.text = text;
    this.exports.layout(HDR, BITS, FOLD_AT, TABLE, this.lexicon.probeMask(), text, start, end, shape, lex, hash, digitIdx, wordIdx, nameIdx, codeIdx, atPos, colonPos, numIdx, numStride, out, outScore, SCRATCH);
    this.bytes = Buffer.from(buffer);
    this.header = new Int32Array(buffer, HDR, H_NUM + NUM_KINDS);
    this.numCount = new Int32Array(buffer, HDR + 4 * H_NUM, NUM_KINDS);
    this.numIdx = Array.from({ length: NUM_KINDS }, (_, kind) => new Int32Array(buffer, numIdx + kind * numStride, tokens));
    this.start = new Int32Array(buffer, start, tokens);
    this.end = new Int32Array(buffer, end, tokens);
    this.shape = new Uint8Array(buffer, shape, tokens);
    this.lex = new Int32Array(buffer, lex, tokens);
    this.hash = new Int32Array(buffer, hash, tokens);
    this.atPos = new Int32Array(buffer, atPos, tokens);
    this.colonPos = new Int32Array(buffer, colonPos, tokens);
    this.digitIdx = new Int32Array(buffer, digitIdx, tokens);
    this.wordIdx = new Int32Array(buffer, wordIdx, tokens);
    this.nameIdx = new Int32Array(buffer, nameIdx, tokens);
    this.codeIdx = new Int32Array(buffer, codeIdx, tokens);
    this.out = new Int32Array(buffer, out, 3 * tokens);
    this.outScore = new Float64Array(buffer, outScore, tokens);
  }
}
