import { NUM_NIF } from '../text/tokenize.js';
import { pushCompiled } from './compiled.js';
import type { Recognizer } from './recognizer.js';

/**
 * Portuguese NIF/NIPC: 9 digits (or 3 3 3), weights 9..2 over the first 8, mod 11; never starting
 * with 0 or 4. Nine digits collide with Iberian phone numbers, so without a NIF cue only personal
 * NIFs (first digit 1–3) count, at 0.7 (0.98 after a cue). Compiled: assembly/numbers.ts, nif().
 */
export const ptNifRecognizer: Recognizer = {
  name: 'pt-nif',
  types: ['PT_NIF'],
  recognize(ctx, out) {
    pushCompiled(ctx, NUM_NIF, 'PT_NIF', out);
  },
};
