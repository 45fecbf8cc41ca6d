import { NUM_NIE } from '../text/tokenize.js';
import { pushCompiled } from './compiled.js';
import type { Recognizer } from './recognizer.js';

/**
 * Spanish NIE: X1234567L, X-1234567-L, X 1234567 L; the prefix X/Y/Z stands for 0/1/2 in the DNI
 * control-letter check. Compiled: assembly/numbers.ts, nie().
 */
export const esNieRecognizer: Recognizer = {
  name: 'es-nie',
  types: ['ES_NIE'],
  recognize(ctx, out) {
    pushCompiled(ctx, NUM_NIE, 'ES_NIE', out);
  },
};
