import { R_PIX } from '../text/token-pass.js';
import { pushCompiled } from './compiled.js';
import type { Recognizer } from './recognizer.js';

/**
 * PIX random keys (chave aleatória, EVP) are UUID v4 (0.97); other UUID versions are request or
 * trace ids and count only after a PIX cue (0.7). Compiled: assembly/numbers.ts, pix().
 */
export const pixKeyRecognizer: Recognizer = {
  name: 'pix-key',
  types: ['BR_PIX_KEY'],
  recognize(ctx, out) {
    pushCompiled(ctx, R_PIX, 'BR_PIX_KEY', out);
  },
};
