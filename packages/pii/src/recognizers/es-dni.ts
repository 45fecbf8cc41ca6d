import { NUM_DNI } from '../text/tokenize.js';
import { pushCandidates } from './push-candidates.js';
import type { Recognizer } from './recognizer.js';

// Spanish DNI: rules, cues and scores in assembly/numbers.ts, dni() (the README's type table sums them up).
export const esDniRecognizer: Recognizer = {
  name: 'es-dni',
  types: ['ES_DNI'],
  recognize(ctx, out) {
    pushCandidates(ctx, NUM_DNI, 'ES_DNI', out);
  },
};
