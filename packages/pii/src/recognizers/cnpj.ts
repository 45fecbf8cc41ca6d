import { NUM_CNPJ } from '../text/tokenize.js';
import { pushCandidates } from './push-candidates.js';
import type { Recognizer } from './recognizer.js';

// CNPJ, numeric and alphanumeric: rules, cues and scores in assembly/numbers.ts, cnpj() (the README's type table sums them up).
export const cnpjRecognizer: Recognizer = {
  name: 'cnpj',
  types: ['BR_CNPJ'],
  recognize(ctx, out) {
    pushCandidates(ctx, NUM_CNPJ, 'BR_CNPJ', out);
  },
};
