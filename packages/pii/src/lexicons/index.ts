import { foldString, phraseKey } from '../text/fold.js';
import { LEX, Lexicon, PERSON_KEY, words } from '../text/lexicon.js';
import * as cues from './cues.js';
import * as names from './names.js';
import * as stop from './stoplists.js';

const wordList = (s: string): string[] => words(s).filter((w) => !w.includes(' '));

/** Function words per language: language detection and "not a name at sentence start". */
const PT_WORDS = `não, nao, você, voce, meu, minha, obrigado, obrigada, está, estou, já, também, então, entao,
  pedido, ainda, quero, preciso, vocês, isso, não, uma, pra, com, mas, foi, tem, tenho, hoje, ontem, boa, bom,
  chegou, recebi, favor, olá, oi, seu, sua, dia, aqui, agora, porque, quando, onde, nao, ele, ela, eles, muito,
  nós, gostaria, atendimento, conta, compra, entrega, senha, endereço, cartão, também, até, após, só, são`;
const ES_WORDS = `el, los, las, usted, mi, gracias, está, estoy, ya, también, entonces, pedido, todavía, quiero,
  necesito, ustedes, eso, una, pero, fue, tiene, tengo, hoy, ayer, buenas, buenos, llegó, recibí, favor, hola,
  su, día, aquí, ahora, porque, cuando, donde, él, ella, ellos, muy, nosotros, quisiera, atención, cuenta,
  compra, entrega, contraseña, dirección, tarjeta, hasta, después, sólo, solo, del, y, que, por, con, sin, es`;
const EN_WORDS = `the, you, my, thanks, thank, is, am, are, already, also, then, order, still, want, need, that,
  this, but, was, has, have, today, yesterday, good, hello, hi, please, your, day, here, now, because, when,
  where, he, she, they, very, we, would, like, service, account, purchase, delivery, password, address, card,
  until, after, only, of, and, to, it, for, with, not, can, could, did, does, will, just, got, from, i, me`;

export const MONTHS = `janeiro, fevereiro, março, marco, abril, maio, junho, julho, agosto, setembro, outubro,
  novembro, dezembro, enero, febrero, marzo, mayo, junio, julio, septiembre, setiembre, octubre, noviembre,
  diciembre, january, february, march, april, may, june, july, august, september, october, november, december,
  jan, feb, fev, mar, apr, abr, jun, jul, aug, ago, sep, set, sept, oct, out, nov, dec, dez, dic, ene`;

/** Month name (folded, also 3-letter forms) -> 1..12. */
export const MONTH_NUMBER: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  const full = [
    ['janeiro', 'enero', 'january', 'jan', 'ene'], ['fevereiro', 'febrero', 'february', 'feb', 'fev'],
    ['marco', 'marzo', 'march', 'mar'], ['abril', 'april', 'apr', 'abr'], ['maio', 'mayo', 'may'],
    ['junho', 'junio', 'june', 'jun'], ['julho', 'julio', 'july', 'jul'], ['agosto', 'august', 'aug', 'ago'],
    ['setembro', 'septiembre', 'setiembre', 'september', 'sep', 'set', 'sept'], ['outubro', 'octubre', 'october', 'oct', 'out'],
    ['novembro', 'noviembre', 'november', 'nov'], ['dezembro', 'diciembre', 'december', 'dec', 'dez', 'dic'],
  ];
  full.forEach((names, i) => names.forEach((n) => m.set(n, i + 1)));
  return m;
})();

export const lexicon = new Lexicon()
  .add(wordList(names.FIRST_NAMES_PT), LEX.FIRST_NAME)
  .add(wordList(names.FIRST_NAMES_ES), LEX.FIRST_NAME)
  .add(wordList(names.FIRST_NAMES_EN), LEX.FIRST_NAME)
  .add(wordList(names.SURNAMES_PT), LEX.SURNAME)
  .add(wordList(names.SURNAMES_ES), LEX.SURNAME)
  .add(wordList(names.SURNAMES_EN), LEX.SURNAME)
  .add(wordList(names.AMBIGUOUS_FIRST_NAMES), LEX.AMBIGUOUS_NAME)
  .add(wordList(names.PARTICLES), LEX.PARTICLE)
  .add(wordList(names.TITLES), LEX.TITLE)
  .add(wordList(stop.GREETINGS_AND_COMMON), LEX.NOT_NAME | LEX.FUNCTION_WORD)
  .add(wordList(stop.PLACES), LEX.NOT_NAME)
  .add(wordList(stop.COMPANIES), LEX.NOT_NAME)
  .add(wordList(cues.STREET_TYPES), LEX.STREET_TYPE)
  .add(wordList(cues.STREET_SUFFIXES), LEX.STREET_SUFFIX)
  .add(wordList(cues.ADDRESS_COMPLEMENTS), LEX.COMPLEMENT)
  .add(wordList(PT_WORDS), LEX.LANG_PT)
  .add(wordList(ES_WORDS), LEX.LANG_ES)
  .add(wordList(EN_WORDS), LEX.LANG_EN)
  .add(wordList(cues.BIRTH_CUES), LEX.CUE_BIRTH)
  .add(wordList(cues.PASSWORD_CUES), LEX.CUE_PASSWORD)
  .add(words(cues.SIGNOFFS).map((p) => p.split(' ').at(-1)!), LEX.SIGNOFF)
  .add(words(cues.PERSON_CUE_PHRASES).map((p) => p.split(' ').at(-1)!), LEX.CUE_PERSON)
  .add(wordList(MONTHS), LEX.MONTH);

for (const phrase of words(stop.NOT_PERSON_PHRASES)) {
  const first = phrase.split(' ')[0]!;
  lexicon.add([first], LEX.PHRASE_START);
}

/** Folded multi-word names that are not people ("sao paulo", "banco do brasil"). */
export const NOT_PERSON_PHRASES: ReadonlySet<string> = new Set(words(stop.NOT_PERSON_PHRASES).map(foldString));

export const LANG_MASK = { pt: LEX.LANG_PT, es: LEX.LANG_ES, en: LEX.LANG_EN };

/** Words after a name that announce it ("raquel falando", "John speaking"). */
export const AFTER_CUE_WORDS = ['falando', 'speaking', 'hablando', 'aqui', 'here'];

const STOP_IN_CUES = new Set(['de', 'da', 'do', 'of', 'the', 'a', 'o', 'el', 'la']);

/** A set of folded single words taken from a cue list (phrases contribute their content words). */
export function cueSet(list: string): ReadonlySet<string> {
  const out = new Set<string>();
  for (const entry of words(list)) {
    for (const w of foldString(entry).split(/\s+/)) if (w && !STOP_IN_CUES.has(w)) out.add(w);
  }
  return out;
}

/** A set of whole folded phrases. */
export function phraseSet(list: string): ReadonlySet<string> {
  return new Set(words(list).map(foldString));
}

// Single-word cue sets as lexicon bits: ScanContext.cueBefore tests `lex & flag` per token.
lexicon
  .add(cueSet(cues.PHONE_CUES), LEX.CUE_PHONE)
  .add(cueSet(cues.CPF_CUES), LEX.CUE_CPF)
  .add(cueSet(cues.CNPJ_CUES), LEX.CUE_CNPJ)
  .add(cueSet(cues.CEP_CUES), LEX.CUE_CEP)
  .add(cueSet(cues.CNH_CUES), LEX.CUE_CNH)
  .add(cueSet(cues.NIF_CUES), LEX.CUE_NIF)
  .add(cueSet(cues.PIX_CUES), LEX.CUE_PIX)
  .add(cueSet(cues.CARD_CUES), LEX.CUE_CARD)
  .add(cueSet(cues.NOT_PII_NUMBER_CUES), LEX.CUE_NOT_PII)
  .add(['versao', 'version', 'v', 'ver', 'release', 'build', 'firmware', 'app'], LEX.CUE_VERSION)
  .add(cueSet(cues.NAME_QUESTION_CUES), LEX.CUE_NAME_Q)
  .add(words(cues.SPELLED_EMAIL_WORDS), LEX.CUE_MAIL);

// PERSON's word and phrase sets, keyed like its look-backs build them (folded hash + length).
const personCues = phraseSet(cues.PERSON_CUE_PHRASES);
lexicon.keys
  .add([...personCues].map(phraseKey), PERSON_KEY.CUE)
  .add([...NOT_PERSON_PHRASES].map(phraseKey), PERSON_KEY.NOT_PERSON)
  .add(AFTER_CUE_WORDS.map(phraseKey), PERSON_KEY.AFTER_CUE)
  .add(['de', 'from', 'para', 'to', 'cc', 'remetente', 'remitente'].map(phraseKey), PERSON_KEY.HEADER)
  .add(['nome', 'nombre', 'name', 'titular', 'holder', 'completo'].map(phraseKey), PERSON_KEY.LABEL)
  .add(['sao', 'san', 'santa', 'santo', 'st', 'saint', 'porto', 'puerto', 'villa', 'vila', 'nova', 'novo'].map(phraseKey), PERSON_KEY.PLACE_HEAD);
lexicon.keys.cueWords = Math.max(...[...personCues].map((p) => p.split(/[^\p{L}\p{N}]+/u).filter(Boolean).length));
