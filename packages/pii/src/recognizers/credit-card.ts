import { NUM_CARD } from '../text/tokenize.js';
import { pushCandidates } from './push-candidates.js';
import type { Recognizer } from './recognizer.js';

// Payment cards: rules, cues and scores in assembly/numbers.ts, card() (the README's type table sums them up).
export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  types: ['CREDIT_CARD'],
  recognize(ctx, out) {
    pushCandidates(ctx, NUM_CARD, 'CREDIT_CARD', out);
  },
};
