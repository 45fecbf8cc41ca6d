// Entry of the compiled pass (wasm/tokenize.wasm): what src/text/token-pass.ts calls, and the
// numbers both sides must agree on (token-pass.ts compares them when the module loads).
export {
  CHAR_LIMIT, FOLD_LIMIT, H_AT, H_BRACKET, H_CODE, H_COLON, H_COUNT, H_DASH, H_DIGIT, H_LANG_EN, H_LANG_ES, H_LANG_PT, H_LEX_ANY,
  H_NAME, H_NUM, H_SHAPE_ANY, H_WORD, NOT_HEX, NUM_CARD, NUM_CEP, NUM_CNH, NUM_CNPJ, NUM_CPF, NUM_DNI, NUM_IBAN,
  NUM_IP, NUM_NIE, NUM_NIF, NUM_PHONE, T_ALLUPPER, T_ALPHA, T_DIGIT, T_LOWER, T_UPPER0, layout, staticEnd,
} from './memory';
export { scan } from './tokenize';
export {
  CUE_CARD, CUE_CEP, CUE_CNH, CUE_CNPJ, CUE_CPF, CUE_NIF, CUE_NOT_PII, CUE_PHONE, CUE_PIX, NEEDS_QUESTION_CUE, R_PIX, recognize,
} from './numbers';
export {
  H_PHONE_CLAIMED, H_PHONE_CUED, H_PHONE_GROUPS, H_PHONE_START, H_PHONE_STOP, LANG_EN, LANG_ES, LANG_PT, PHONE_COUNTS, PHONE_ENDS, phone,
} from './phone';
export {
  AFTER_CUE_LENGTHS, LEX_AMBIGUOUS_NAME, LEX_CUE_NAME_Q, LEX_CUE_PERSON, LEX_FIRST_NAME, LEX_FUNCTION_WORD, LEX_MONTH, LEX_NOT_NAME,
  LEX_PARTICLE, LEX_PHRASE_START, LEX_SIGNOFF, LEX_STREET_TYPE, LEX_SURNAME, LEX_TITLE, PK_AFTER_CUE, PK_CUE, PK_HEADER, PK_LABEL,
  PK_NOT_PERSON, PK_PLACE_HEAD, WORD_FLAGS, keyBitsOf, person, setKeys,
} from './person';
