import type { ScanContext } from '../context.js';
import { CUE_FLAGS, LEX } from '../text/lexicon.js';
import { T_ALPHA, T_DIGIT, T_LOWER, T_UPPER0 } from '../text/tokenize.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

// Street-level addresses. pt/es: street type + name + house number ("Rua das Flores, 123",
// "C/ Mayor 12, 3º B"); en: number + name + suffix ("221B Baker Street"). A street named
// without a number ("a loja da Rua Augusta") is a place, not an address.

const MAX_NAME_TOKENS = 7;
const NUMBER_MARK = /(?:,\s*|\s+|\s*-\s*)(?:(?:n[º°o]?\.?º?|núm\.?|número|numero|no\.)\s*)?(\d{1,5}[A-Za-z]?|s\/n)(?![\p{L}\p{N}])/iuy;
const ORDINAL_FLOOR = /(?:,\s*|\s+)(?:\d{1,2}\s?[º°ª]|\d{1,2}\.º|\d-\d)(?:\s?(?:izq\w*|dcha?|dto|esq|frente|\d[ºª]|[A-Za-z])(?![\p{L}]))?/iuy;
const COMPLEMENT = /(?:,\s*|\s+-\s+|\s+)(?:apartamento|apartment|apto|apt|ap|bloco|bl|casa|sala|conj|cj|andar|lote|quadra|qd|piso|puerta|pta|escalera|esc|portal|unit|suite|ste|flat|floor|fl|#)\.?\s*(?:n[º°]\s*)?(?:\d{1,5}[A-Za-z]?(?:º|ª)?|[A-Za-z](?![\p{L}]))(?:,?\s*\d{1,2}\s?[º°ª]\s?\d?[A-Za-zºª]?(?![\p{L}]))?/iuy;
const WORD_COMPLEMENT = /(?:,\s*|\s+)(?:fundos|bajo(?: [A-Z])?|ático|atico|entresuelo|r\/c(?: (?:esq|dto))?)(?![\p{L}])/iuy;
// PT (1000-123) and ES/US (28013, 10001-1234) postcodes and UK postcodes belong to the address;
// a Brazilian CEP is its own entity (BR_CEP), so it is left out.
const POSTCODE = /(?:,\s*|\s+-\s+|\s+)(?:\d{4}-\d{3}|\d{5}(?:-\d{4})?(?!-)|[A-Za-z]{1,2}\d{1,2}[A-Za-z]? \d[A-Za-z]{2})(?![\p{L}\p{N}])/uy;
const UF = /(?:(?:\s*[-/,]\s*|\s+)[A-Z]{2}|\s*[-/]\s*[a-z]{2}(?=$|[\s.,;!?)])|,\s*[a-z]{2}(?=\s+\d{5}))(?:\s+\d{5}(?:-?\d{2,4})?)?(?![\p{L}\p{N}])/uy;
const CITY_AFTER_POSTCODE = / (?:(?:a|la|el|o|l') ?)?[\p{L}][\p{L}'’]+(?: (?:(?:de|del|da|do|la) )?\p{Lu}[\p{L}'’]+)?(?=\s*$|\s*[,.;!?\n)(])/uy;
// Words of a place are joined by single spaces (never a line break: the next line is another turn).
const PLACE = /(?:,\s*|\s+-\s+|\s+\(|\s+)(?:\p{Lu}\p{Ll}[\p{L}'’]*)(?: (?:(?:da|de|do|dos|das|del|la|y) )?\p{Lu}\p{Ll}[\p{L}'’]*){0,3}\)?/uy;
const LOWER_PLACE = /(?:,\s*|\s+-\s+|\s+\()(?:\p{L}[\p{L}'’]*)(?: (?:(?:da|de|do|dos|das|del|la|y) )?\p{L}[\p{L}'’]*){0,2}\)?(?=\s*[-/]\s*[a-z]{2}(?![\p{L}])|,\s*[a-z]{2}\s+\d{5}|\s+[a-z]{1,2}\d{1,2}[a-z]? \d[a-z]{2}|\s+\d|\s*\)|\s*$|\s*[,.;!?\n])/uy;
// One place word (or two after a place head: "san sebastián", "a coruña") whatever follows; the caller
// accepts it only before a function word ("…, Granada Mi pedido", "…, barcelona y el repartidor").
const LOOSE_PLACE = /(?:,\s*|\s+-\s+)(?:(?:a|la|el|o|l'|las|los|san|santa|sant|são|sao|vila|villa|rio|río|porto|puerto|nova|novo|boa|belo|bela) )?\p{L}[\p{L}'’]{2,}/uy;
const LOOSE_CITY = / (?:(?:a|la|el|o|l'|las|los|san|santa|sant|são|sao|vila|villa) )?\p{L}[\p{L}'’-]{2,}/uy;

export const addressRecognizer: Recognizer = {
  name: 'address',
  types: ['ADDRESS'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    if (!(tokens.lexAny & (LEX.STREET_TYPE | LEX.STREET_SUFFIX))) return;
    const { start, end, shape, lex } = tokens;
    let claimedTo = -1;
    for (let q = 0, nq = tokens.nWord, idx = tokens.wordIdx; q < nq; q++) {
      const k = idx[q]!;
      if (start[k]! < claimedTo) continue;
      const f = lex[k]!;
      if (f & LEX.STREET_TYPE) {
        const e = streetFirst(ctx, k);
        if (e > 0) {
          out.push({ type: 'ADDRESS', start: start[k]!, end: e, score: 0.85, validated: false });
          claimedTo = e;
        }
      } else if (f & LEX.STREET_SUFFIX) {
        // Walk back over name words ("Queen's", "maple") to a house number.
        let j = k - 1;
        let words = 0;
        while (j >= 0 && words < 4 && !(shape[j]! & T_DIGIT) && shape[j]! & T_ALPHA && !(lex[j]! & LEX.FUNCTION_WORD && !(shape[j]! & T_UPPER0))) {
          const gap = text.slice(end[j]!, start[j + 1]!);
          if (gap !== ' ' && gap !== "'" && gap !== '’') break;
          j--;
          words++;
        }
        if (words === 0 || j < 0 || !(shape[j]! & T_DIGIT) || start[j + 1]! - end[j]! !== 1) continue;
        if (end[j]! - start[j]! > 6) continue;
        let s = start[j]!;
        if (s < claimedTo) continue;
        // "Flat 3, 12 Baker Street"
        const pre = /(?:Flat|Apartment|Apt\.?|Unit)\s+\d{1,4}[A-Z]?,\s*$/i.exec(text.slice(Math.max(0, s - 20), s));
        if (pre) s -= pre[0].length;
        let e = end[k]!;
        if (text.charCodeAt(e) === 46 && (e + 1 >= text.length || text.charCodeAt(e + 1) !== 32)) e++;
        e = extendTail(ctx, e);
        out.push({ type: 'ADDRESS', start: s, end: e, score: 0.85, validated: false });
        claimedTo = e;
      }
    }
  },
};

/** text[a, b) is one or two of ' ', '.', "'", '’' (the gap between two words of a street name). */
function nameGap(text: string, a: number, b: number): boolean {
  if (b - a < 1 || b - a > 2) return false;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 46 && c !== 39 && c !== 0x2019) return false;
  }
  return true;
}

/** text[a, b) is 1..4 of i, v, x, l (either case): a Roman numeral in a street name ("XV de Novembro"). */
function isRoman(text: string, a: number, b: number): boolean {
  if (b - a < 1 || b - a > 4) return false;
  for (let i = a; i < b; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c !== 105 && c !== 118 && c !== 120 && c !== 108) return false;
  }
  return true;
}

// Every tail regex starts with separators from this set (',' '-' '/' '(' and JS \s), then needs a
// letter, a digit or '#': the first other character decides which of them can match at all.
function isJsSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** pt/es address starting at street-type token k; returns its end or -1. */
function streetFirst(ctx: ScanContext, k: number): number {
  const { text, tokens } = ctx;
  const { start, end, shape, lex } = tokens;
  let p = end[k]!;
  const len = p - start[k]!;
  // Abbreviations need their mark: "R." "Av." "C/"; single letters only with it.
  const mark = text.charCodeAt(p);
  if (mark === 46 || mark === 47) p++;
  else if (len === 1) return -1;
  if (text.charCodeAt(p) !== 32) {
    if (mark !== 47) return -1;
  } else p++;
  let j = ctx.tokenFrom(p);
  if (j >= tokens.count || start[j]! !== p) return -1;
  // Street name: capitalised words, particles, ordinals ("XV de Novembro", "7 de Setembro").
  let nameEnd = -1;
  let words = 0;
  for (; j < tokens.count && words < MAX_NAME_TOKENS; j++, words++) {
    const sh = shape[j]!;
    const gapOk = words === 0 || nameGap(text, end[j - 1]!, start[j]!);
    if (!gapOk) break;
    // Months name streets too ("sete de setembro", "15 de novembro").
    const lowerName = sh & T_ALPHA && !(sh & T_DIGIT) && (!(lex[j]! & (LEX.FUNCTION_WORD | LEX.PARTICLE)) || (words > 0 && lex[j]! & LEX.MONTH)) && end[j]! - start[j]! > 1;
    const roman = words > 0 && isRoman(text, start[j]!, end[j]!);
    if (sh & T_UPPER0 || lowerName || roman) {
      nameEnd = end[j]!;
      if (text.charCodeAt(nameEnd) === 46 && lex[j]! & LEX.TITLE) nameEnd++;
      continue;
    }
    if (lex[j]! & LEX.PARTICLE && sh & T_ALPHA && !(sh & T_DIGIT)) continue;
    const ej = end[j]!;
    if (sh & T_DIGIT && j + 2 < tokens.count && text.charCodeAt(ej) === 32 && text.charCodeAt(ej + 1) === 100 && text.charCodeAt(ej + 2) === 101 && text.charCodeAt(ej + 3) === 32) {
      nameEnd = end[j]!;
      continue;
    }
    break;
  }
  if (nameEnd < 0) return -1;
  const num = at(NUMBER_MARK, text, nameEnd);
  if (!num) return -1;
  return extendTail(ctx, nameEnd + num[0].length);
}

/**
 * The word ending at `pos` can end a place name: it is no function word, and what follows on the
 * same line is a function word ("…, Granada Mi pedido", "…, London which is", "córdoba y el") or
 * a break the regexes do not list (emoji, end of the line after spaces).
 */
function isPlaceWord(ctx: ScanContext, pos: number, capitalised = false): boolean {
  const { text, tokens } = ctx;
  const k = ctx.tokenFrom(pos) - 1;
  if (k < 0 || tokens.end[k] !== pos || tokens.lex[k]! & (LEX.FUNCTION_WORD | LEX.LANG_PT | LEX.LANG_ES | LEX.LANG_EN | LEX.STREET_TYPE)) return false;
  let i = pos;
  while (i < text.length && text.charCodeAt(i) === 32) i++;
  if (i >= text.length || text.charCodeAt(i) === 10) return true;
  const j = k + 1;
  if (j >= tokens.count || tokens.start[j] !== i) {
    // emoji and symbols, or a " - " separator
    const c = text.charCodeAt(i);
    return i > pos && (c > 0x2000 || (c === 45 && text.charCodeAt(i + 1) === 32));
  }
  if (i === pos) return false;
  const f = tokens.lex[j]!;
  if (f & (LEX.FIRST_NAME | LEX.SURNAME | LEX.STREET_TYPE)) return false;
  // After a capitalised place any lower-case word ends it ("London which is …").
  if (capitalised && tokens.shape[j]! & T_LOWER && !(tokens.shape[j]! & T_UPPER0)) return true;
  return (f & (LEX.FUNCTION_WORD | LEX.LANG_PT | LEX.LANG_ES | LEX.LANG_EN)) !== 0;
}

/** The word ending at `pos` is a cue word ("cep", "tel"): no place ends there. */
function cueWordAt(ctx: ScanContext, pos: number): boolean {
  const k = ctx.tokenFrom(pos) - 1;
  return k >= 0 && ctx.tokens.end[k] === pos && (ctx.tokens.lex[k]! & CUE_FLAGS) !== 0;
}

/** Sticky match at `pos` without slicing the text. */
function at(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

/** Complements, floor, postcode, district and city after the house number. */
function extendTail(ctx: ScanContext, e: number): number {
  const text = ctx.text;
  for (let guard = 0; guard < 8; guard++) {
    // Exact gate: skip the separators every tail regex starts with; the first other character says
    // which regexes can match (a digit: floor or postcode; a letter: the rest; anything else: none).
    let x = e;
    while (x < text.length && x - e < 64) {
      const c = text.charCodeAt(x);
      if (c === 44 || c === 45 || c === 47 || c === 40 || isJsSpace(c)) x++;
      else break;
    }
    if (x === e || x >= text.length) break;
    const xc = x - e < 64 ? text.charCodeAt(x) : -1; // -1: a long separator run, no gate
    const any = xc === -1;
    const isDig = any || (xc >= 48 && xc <= 57);
    const isLet = any || ((xc | 32) >= 97 && (xc | 32) <= 122);
    const hi = any || xc >= 128;
    if (!(isDig || isLet || hi || xc === 35)) break;
    const postcode = isDig || isLet ? at(POSTCODE, text, e) : null;
    const m =
      (isLet || hi || xc === 35 ? at(COMPLEMENT, text, e) : null) ??
      (isDig ? at(ORDINAL_FLOOR, text, e) : null) ??
      (isLet || hi ? at(WORD_COMPLEMENT, text, e) : null) ??
      postcode ??
      (isLet ? at(UF, text, e) : null);
    if (m && m[0].trim() !== '') {
      e += m[0].length;
      // "28013 Madrid", "1000-123 Lisboa": a city right after a postcode.
      if (m === postcode) {
        const city = at(CITY_AFTER_POSTCODE, text, e) ?? at(LOOSE_CITY, text, e);
        if (city && (city.index === CITY_AFTER_POSTCODE.lastIndex - city[0].length || isPlaceWord(ctx, e + city[0].length))) e += city[0].length;
      }
      continue;
    }
    const place = isLet || hi ? at(PLACE, text, e) ?? at(LOWER_PLACE, text, e) : null;
    const lead = text.charCodeAt(e);
    if (place && (lead === 44 || /^\s+[-(]/.test(text.slice(e, e + 4)))) {
      // A capitalised segment is a district/city only when it ends the address (comma, dash, end).
      const after = text.slice(e + place[0].length, e + place[0].length + 3);
      const capital = place[0].charCodeAt(place[0].length - 1) !== 41 && /\p{Lu}/u.test(place[0]);
      if (!cueWordAt(ctx, e + place[0].length) && (/^(?:$|[,.;!?\n)]|\s+-|\s*\/|\s+\d|\s+[A-Z]{2}\b|\s+[A-Za-z]{1,2}\d)/.test(after) || isPlaceWord(ctx, e + place[0].length, capital))) {
        e += place[0].length;
        continue;
      }
    }
    const loose = (lead === 44 || lead === 32) && (isLet || hi) ? at(LOOSE_PLACE, text, e) : null;
    if (loose && isPlaceWord(ctx, e + loose[0].length)) {
      e += loose[0].length;
      continue;
    }
    break;
  }
  return e;
}
