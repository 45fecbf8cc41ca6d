import { ScanContext } from './context.js';
import { LANG_MASK, lexicon } from './lexicons/index.js';
import { LEX } from './text/lexicon.js';
import { addressRecognizer } from './recognizers/address.js';
import { cepRecognizer } from './recognizers/cep.js';
import { cnhRecognizer } from './recognizers/cnh.js';
import { cnpjRecognizer } from './recognizers/cnpj.js';
import { cpfRecognizer } from './recognizers/cpf.js';
import { creditCardRecognizer } from './recognizers/credit-card.js';
import { dateOfBirthRecognizer } from './recognizers/date-of-birth.js';
import { emailRecognizer } from './recognizers/email.js';
import { esDniRecognizer } from './recognizers/es-dni.js';
import { esNieRecognizer } from './recognizers/es-nie.js';
import { ibanRecognizer } from './recognizers/iban.js';
import { ipAddressRecognizer } from './recognizers/ip-address.js';
import { passwordRecognizer } from './recognizers/password.js';
import { personRecognizer } from './recognizers/person.js';
import { phoneRecognizer } from './recognizers/phone.js';
import { pixKeyRecognizer } from './recognizers/pix-key.js';
import { ptNifRecognizer } from './recognizers/pt-nif.js';
import type { Recognizer } from './recognizers/recognizer.js';
import { resolveOverlaps } from './resolve.js';
import { NUM_CARD, NUM_CEP, NUM_CNH, NUM_CNPJ, NUM_CPF, NUM_DNI, NUM_IBAN, NUM_IP, NUM_NIE, NUM_NIF, NUM_PHONE, Tokens } from './text/tokenize.js';
import type { Candidate, DetectOptions, Entity, Lang } from './types.js';

export const RECOGNIZERS: readonly Recognizer[] = [
  emailRecognizer,
  ibanRecognizer,
  creditCardRecognizer,
  cpfRecognizer,
  cnpjRecognizer,
  cnhRecognizer,
  cepRecognizer,
  esDniRecognizer,
  esNieRecognizer,
  ptNifRecognizer,
  pixKeyRecognizer,
  ipAddressRecognizer,
  phoneRecognizer,
  dateOfBirthRecognizer,
  passwordRecognizer,
  addressRecognizer,
  personRecognizer,
];

// Reused between calls: detect() is synchronous, so one buffer set and one context are enough.
const shared = new Tokens(lexicon, LANG_MASK);
const sharedCtx = new ScanContext('', 'pt', shared);
const cands: Candidate[] = [];

/** Tokenizes once and returns the context recognizers share (valid until the next call). */
export function scanText(text: string, lang?: Lang): ScanContext {
  shared.scan(text);
  return sharedCtx.reset(text, lang ?? guessLang(shared));
}

function guessLang(t: Tokens): Lang {
  if (t.langEn > t.langPt && t.langEn > t.langEs) return 'en';
  if (t.langEs > t.langPt) return 'es';
  return 'pt';
}

/** Language of a text by function-word counts (pt when unsure: the main market). */
export function detectLang(text: string): Lang {
  return scanText(String(text ?? '')).lang;
}

/** Finds personal data in `text`. Spans are UTF-16 offsets, sorted and non-overlapping. */
export function detect(text: string, options?: DetectOptions): Entity[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  // No default `{}`: an object allocated per call for nothing.
  const ctx = scanText(text, options?.lang);
  const wanted = options?.types ? new Set(options.types) : undefined;
  // Setting an array's length is a runtime call: only when there is something to drop.
  if (cands.length !== 0) cands.length = 0;
  if (wanted) {
    for (const r of RECOGNIZERS) if (r.types.some((t) => wanted.has(t))) r.recognize(ctx, cands);
  } else {
    // Direct calls in RECOGNIZERS order (monomorphic call sites the JIT can inline; a loop over
    // the array is one megamorphic site). detect.test.ts checks the order matches RECOGNIZERS.
    // Each call is skipped when the tokenizer found none of the recognizer's triggers (its start
    // list is empty, its cue word absent): the same gates the recognizers apply first, tested
    // here so a message does not even touch their code.
    const t = ctx.tokens;
    const n = t.numCount;
    const lexAny = t.lexAny;
    if (t.nAt !== 0 || lexAny & LEX.CUE_MAIL) emailRecognizer.recognize(ctx, cands);
    if (n[NUM_IBAN] !== 0) ibanRecognizer.recognize(ctx, cands);
    if (n[NUM_CARD] !== 0) creditCardRecognizer.recognize(ctx, cands);
    if (n[NUM_CPF] !== 0) cpfRecognizer.recognize(ctx, cands);
    if (n[NUM_CNPJ] !== 0 || t.nCode !== 0) cnpjRecognizer.recognize(ctx, cands);
    if (n[NUM_CNH] !== 0) cnhRecognizer.recognize(ctx, cands);
    if (n[NUM_CEP] !== 0) cepRecognizer.recognize(ctx, cands);
    if (n[NUM_DNI] !== 0) esDniRecognizer.recognize(ctx, cands);
    if (n[NUM_NIE] !== 0 || t.nCode !== 0) esNieRecognizer.recognize(ctx, cands);
    if (n[NUM_NIF] !== 0) ptNifRecognizer.recognize(ctx, cands);
    if (t.nDash >= 4) pixKeyRecognizer.recognize(ctx, cands);
    if (n[NUM_IP] !== 0 || t.nColon !== 0) ipAddressRecognizer.recognize(ctx, cands);
    if (n[NUM_PHONE] !== 0) phoneRecognizer.recognize(ctx, cands);
    if (lexAny & LEX.CUE_BIRTH) dateOfBirthRecognizer.recognize(ctx, cands);
    if (lexAny & LEX.CUE_PASSWORD) passwordRecognizer.recognize(ctx, cands);
    if (lexAny & (LEX.STREET_TYPE | LEX.STREET_SUFFIX)) addressRecognizer.recognize(ctx, cands);
    if (t.nName !== 0 || t.bracketLine) personRecognizer.recognize(ctx, cands);
  }
  const picked = resolveOverlaps(cands);
  if (cands.length !== 0) cands.length = 0;
  return wanted ? picked.filter((e) => wanted.has(e.type)) : picked;
}
