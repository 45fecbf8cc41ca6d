import { NUM_CNH } from '../text/tokenize.js';
import { pushCompiled } from './compiled.js';
import type { Recognizer } from './recognizer.js';

/**
 * CNH: 11 digits with the DENATRAN check digits. Without a CNH cue an 11-digit number that passes
 * is weaker than a CPF or a phone (0.55, not validated); 0.995 after a cue. Compiled:
 * assembly/numbers.ts, cnh().
 */
export const cnhRecognizer: Recognizer = {
  name: 'cnh',
  types: ['BR_CNH'],
  recognize(ctx, out) {
    pushCompiled(ctx, NUM_CNH, 'BR_CNH', out);
  },
};
