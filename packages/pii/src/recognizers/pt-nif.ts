import { NUM_NIF } from '../text/tokenize.js';
import { pushCandidates } from './push-candidates.js';
import type { Recognizer } from './recognizer.js';

// Portuguese NIF/NIPC: rules, cues and scores in assembly/numbers.ts, nif() (the README's type table sums them up).
export const ptNifRecognizer: Recognizer = {
  name: 'pt-nif',
  types: ['PT_NIF'],
  recognize(ctx, out) {
    pushCandidates(ctx, NUM_NIF, 'PT_NIF', out);
  },
};
