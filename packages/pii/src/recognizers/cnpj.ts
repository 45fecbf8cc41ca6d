import { NUM_CNPJ } from '../text/tokenize.js';
import { pushCompiled } from './compiled.js';
import type { Recognizer } from './recognizer.js';

/**
 * CNPJ: numeric (11.222.333/0001-81) and alphanumeric (12 characters [0-9A-Z] and 2 numeric check
 * digits, from July 2026), mod 11 over (character code − 48) with weights 2..9 from the right. An
 * alphanumeric one needs a digit among its first 12 characters. Score 0.99 after a CNPJ cue, 0.96
 * formatted, 0.9 bare; dropped after a not-PII cue. Compiled: assembly/numbers.ts, cnpj().
 */
export const cnpjRecognizer: Recognizer = {
  name: 'cnpj',
  types: ['BR_CNPJ'],
  recognize(ctx, out) {
    pushCompiled(ctx, NUM_CNPJ, 'BR_CNPJ', out);
  },
};
