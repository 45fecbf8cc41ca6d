import { R_PIX } from '../text/token-pass.js';
import { pushCandidates } from './push-candidates.js';
import type { Recognizer } from './recognizer.js';

// PIX random key: rules, cues and scores in assembly/numbers.ts, pix() (the README's type table sums them up).
export const pixKeyRecognizer: Recognizer = {
  name: 'pix-key',
  types: ['BR_PIX_KEY'],
  recognize(ctx, out) {
    pushCandidates(ctx, R_PIX, 'BR_PIX_KEY', out);
  },
};
