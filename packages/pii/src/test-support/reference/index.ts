import { cepRecognizer } from './cep.js';
import { cnhRecognizer } from './cnh.js';
import { cnpjRecognizer } from './cnpj.js';
import { cpfRecognizer } from './cpf.js';
import { creditCardRecognizer } from './credit-card.js';
import { esDniRecognizer } from './es-dni.js';
import { esNieRecognizer } from './es-nie.js';
import { pixKeyRecognizer } from './pix-key.js';
import { ptNifRecognizer } from './pt-nif.js';

/** The replaced JavaScript number recognizers, in detect()'s order. */
export const REFERENCE_NUMBER_RECOGNIZERS = [
  creditCardRecognizer,
  cpfRecognizer,
  cnpjRecognizer,
  cnhRecognizer,
  cepRecognizer,
  esDniRecognizer,
  esNieRecognizer,
  ptNifRecognizer,
  pixKeyRecognizer,
];
export { Tokens as ReferenceTokens } from './tokenize.js';
/** The replaced JavaScript PHONE recognizer (commit b0fa759). */
export { phoneRecognizer as referencePhoneRecognizer } from './phone.js';
/** The replaced JavaScript PERSON recognizer (commit 7529f24). */
export { personRecognizer as referencePersonRecognizer } from './person.js';
