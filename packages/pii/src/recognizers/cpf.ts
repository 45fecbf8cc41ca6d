import { NUM_CPF } from '../text/tokenize.js';
import { pushCandidates } from './push-candidates.js';
import type { Recognizer } from './recognizer.js';

// CPF: rules, cues and scores in assembly/numbers.ts, cpf() (the README's type table sums them up).
export const cpfRecognizer: Recognizer = {
  name: 'cpf',
  types: ['BR_CPF'],
  recognize(ctx, out) {
    pushCandidates(ctx, NUM_CPF, 'BR_CPF', out);
  },
};
