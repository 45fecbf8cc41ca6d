import { NUM_DNI } from '../text/tokenize.js';
import { pushCompiled } from './compiled.js';
import type { Recognizer } from './recognizer.js';

/**
 * Spanish DNI: 12345678Z, 12345678-Z, 12345678 Z, 12.345.678-Z (any case), with the mod-23 control
 * letter ("TRWAGMYFPDXBNJZSQVHLCKE"); a spaced lower-case letter is a word, not a control letter.
 * Compiled: assembly/numbers.ts, dni().
 */
export const esDniRecognizer: Recognizer = {
  name: 'es-dni',
  types: ['ES_DNI'],
  recognize(ctx, out) {
    pushCompiled(ctx, NUM_DNI, 'ES_DNI', out);
  },
};
