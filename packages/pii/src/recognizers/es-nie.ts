import { NUM_NIE } from '../text/tokenize.js';
import { pushCandidates } from './push-candidates.js';
import type { Recognizer } from './recognizer.js';

// Spanish NIE: rules, cues and scores in assembly/numbers.ts, nie() (the README's type table sums them up).
export const esNieRecognizer: Recognizer = {
  name: 'es-nie',
  types: ['ES_NIE'],
  recognize(ctx, out) {
    pushCandidates(ctx, NUM_NIE, 'ES_NIE', out);
  },
};
