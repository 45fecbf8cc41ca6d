import { wordHash } from './fold.js';

// Bit flags a word can carry. One word may carry several ("Santos": surname and place).
export const LEX = {
  FIRST_NAME: 1 << 0,
  SURNAME: 1 << 1,
  PARTICLE: 1 << 2, // da, de, dos, del, y, van…
  NOT_NAME: 1 << 3, // capitalised word that is not a person (places, companies, greetings, months)
  AMBIGUOUS_NAME: 1 << 4, // a first name that is also a common word (Rosa, Luz, Will…)
  TITLE: 1 << 5, // Sr, Sra, Dona, Mr, Mrs, Dr…
  STREET_TYPE: 1 << 6, // Rua, Avenida, Calle, Street…
  STREET_SUFFIX: 1 << 7, // English: Street, Road, Ave after the name
  PHRASE_START: 1 << 8, // first word of a multi-word lexicon phrase
  LANG_PT: 1 << 9,
  LANG_ES: 1 << 10,
  LANG_EN: 1 << 11,
  FUNCTION_WORD: 1 << 12, // short closed-class words; a capitalised one at sentence start is not a name
  COMPLEMENT: 1 << 13, // apto, bloco, piso, Apt, Flat…
  CUE_BIRTH: 1 << 14, // nasci, nacimiento, born, DOB…
  CUE_PASSWORD: 1 << 15, // senha, contraseña, password…
  CUE_PERSON: 1 << 16, // last word of a cue that introduces a name
  SIGNOFF: 1 << 17, // Att., Saludos, Regards…
  MONTH: 1 << 18,
  // Single-word context cues, so a look-back tests a bit instead of building folded strings.
  CUE_PHONE: 1 << 19,
  CUE_CPF: 1 << 20,
  CUE_CNPJ: 1 << 21,
  CUE_CEP: 1 << 22,
  CUE_CNH: 1 << 23,
  CUE_NIF: 1 << 24,
  CUE_PIX: 1 << 25,
  CUE_CARD: 1 << 26,
  CUE_NOT_PII: 1 << 27,
  CUE_VERSION: 1 << 28,
  CUE_NAME_Q: 1 << 29, // a question that asks for a name ("com quem eu falo?", "who am I speaking with?")
  CUE_MAIL: 1 << 30, // spelled-out e-mail words: arroba, at, ponto, punto, dot
} as const;

/** Key sets of the PERSON recognizer (KeySets bits). */
export const PERSON_KEY = {
  CUE: 1 << 0, // a cue phrase before a name: "meu nome é", "me llamo", "falei com a atendente"
  NOT_PERSON: 1 << 1, // a company or place name: "banco do brasil", "são paulo"
  AFTER_CUE: 1 << 2, // a word after a name that announces it: "falando", "speaking"
  HEADER: 1 << 3, // an e-mail header word before ':': "de", "from", "para"
  LABEL: 1 << 4, // a form label before ':': "nome", "name", "titular"
  PLACE_HEAD: 1 << 5, // a word that opens a place name: "são", "san", "porto"
} as const;

/** Flags that describe the word itself (not a cue bit): a word with none of them is "unknown". */
export const WORD_FLAGS = (1 << 19) - 1;
/** Cue bits only. */
export const CUE_FLAGS = ~WORD_FLAGS;

interface Entry {
  len: number;
  flags: number;
}

/** Word -> flags, keyed by the folded hash the tokenizer computes, so lookups need no substring. */
export class Lexicon {
  private readonly byHash = new Map<number, Entry[]>();
  /** Word and phrase keys in the PERSON sets (PERSON_KEY). */
  readonly keys = new KeySets();

  add(words: Iterable<string>, flags: number): this {
    for (const raw of words) {
      const w = raw.trim();
      if (!w) continue;
      const h = wordHash(w);
      const len = w.normalize('NFC').length;
      const list = this.byHash.get(h);
      const hit = list?.find((e) => e.len === len);
      this.table = undefined;
      if (hit) hit.flags |= flags;
      else if (list) list.push({ len, flags });
      else this.byHash.set(h, [{ len, flags }]);
    }
    return this;
  }

  // Open-addressing table built from byHash on first lookup: the tokenizer probes it once per
  // word, so it must cost a few nanoseconds (a Map of arrays costed ~100 ns per token). Each slot
  // is [hash, length, flags, 0] in one Int32Array, so a probe touches one cache line.
  private table: Int32Array | undefined;
  private mask = 0;

  private build(): void {
    let n = 0;
    for (const list of this.byHash.values()) n += list.length;
    let size = 1;
    while (size < n * 4) size <<= 1;
    const table = new Int32Array(size * 4); // length 0 = empty slot (every word has length >= 1)
    const mask = size - 1;
    for (const [h, list] of this.byHash) {
      for (const e of list) {
        let i = Math.imul(h, 0x9e3779b1) >>> 0 & mask;
        while (table[i * 4 + 1] !== 0) i = (i + 1) & mask;
        table[i * 4] = h;
        table[i * 4 + 1] = e.len;
        table[i * 4 + 2] = e.flags;
      }
    }
    this.table = table;
    this.mask = mask;
  }

  /** The probe table ([hash, length, flags, 0] per slot) for callers that inline the probe. */
  probeTable(): Int32Array {
    if (this.table === undefined) this.build();
    return this.table!;
  }

  probeMask(): number {
    if (this.table === undefined) this.build();
    return this.mask;
  }

  /** Flags of the token with this folded hash and UTF-16 length; 0 when unknown. */
  lookup(hash: number, len: number): number {
    if (this.table === undefined) this.build();
    const table = this.table!;
    const mask = this.mask;
    let i = Math.imul(hash, 0x9e3779b1) >>> 0 & mask;
    for (;;) {
      const o = i << 2;
      const l = table[o + 1]!;
      if (l === 0) return 0;
      if (table[o] === hash && l === len) return table[o + 2]!;
      i = (i + 1) & mask;
    }
  }
}

/**
 * Word and phrase keys (wordKey / phraseKey) in named sets, for the compiled PERSON walk: one
 * open-addressing table of [key, set bits] slots (bits 0 = empty), built on first use. Like the
 * lexicon, complete before the first pass is made.
 */
export class KeySets {
  private readonly bits = new Map<number, number>();
  private table: Int32Array | undefined;
  private mask = 0;
  /** Most words in a PERSON cue phrase (the look-back from a cue word walks at most this many tokens). */
  cueWords = 1;

  add(keys: Iterable<number>, bit: number): this {
    // Passes copy the table when they are made: a set that changed later would split them.
    if (this.table !== undefined) throw new Error('@sigilo/pii: the key sets are complete once a pass has copied them');
    for (const k of keys) this.bits.set(k, (this.bits.get(k) ?? 0) | bit);
    return this;
  }

  /** Every key and its set bits. */
  entries(): IterableIterator<[number, number]> {
    return this.bits.entries();
  }

  /** A few keys of each set and a missing one, with their bits (what a pass checks when it loads). */
  sample(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    const seen = new Map<number, number>();
    for (const [k, b] of this.bits) {
      if ((seen.get(b) ?? 0) >= 2) continue;
      seen.set(b, (seen.get(b) ?? 0) + 1);
      out.push([k, b]);
    }
    let missing = 0x5eed;
    while (this.bits.has(missing)) missing++;
    out.push([missing, 0]);
    return out;
  }


  private build(): void {
    let size = 1;
    while (size < this.bits.size * 2) size <<= 1;
    const table = new Int32Array(size * 2);
    const mask = size - 1;
    for (const [k, b] of this.bits) {
      let i = Math.imul(k, 0x9e3779b1) >>> 0 & mask;
      while (table[i * 2 + 1] !== 0) i = (i + 1) & mask;
      table[i * 2] = k;
      table[i * 2 + 1] = b;
    }
    this.table = table;
    this.mask = mask;
  }

  /** The table ([key, bits] per slot). */
  probeTable(): Int32Array {
    if (this.table === undefined) this.build();
    return this.table!;
  }

  probeMask(): number {
    if (this.table === undefined) this.build();
    return this.mask;
  }
}

/** Splits a whitespace/newline separated word list (the lexicon source format). */
export function words(list: string): string[] {
  return list.split(/[\n,]+/).map((w) => w.trim()).filter(Boolean);
}
