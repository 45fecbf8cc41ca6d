import { NUM_CNH } from '../text/tokenize.js';
import { pushCandidates } from './push-candidates.js';
import type { Recognizer } from './recognizer.js';

// CNH: rules, cues and scores in assembly/numbers.ts, cnh() (the README's type table sums them up).
export const cnhRecognizer: Recognizer = {
  name: 'cnh',
  types: ['BR_CNH'],
  recognize(ctx, out) {
    pushCandidates(ctx, NUM_CNH, 'BR_CNH', out);
  },
};
