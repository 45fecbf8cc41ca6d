import { NUM_CPF } from '../text/tokenize.js';
import { pushCompiled } from './compiled.js';
import type { Recognizer } from './recognizer.js';

/**
 * CPF: 111.444.777-35, 11144477735 or 111 444 777 35 (one separator used throughout), with the
 * Receita Federal mod-11 check digits. Score 0.99 after a CPF cue, 0.96 formatted, 0.9 bare (0.6
 * bare after a phone cue); dropped after a not-PII cue ("pedido", "protocolo"). Compiled:
 * assembly/numbers.ts, cpf().
 */
export const cpfRecognizer: Recognizer = {
  name: 'cpf',
  types: ['BR_CPF'],
  recognize(ctx, out) {
    pushCompiled(ctx, NUM_CPF, 'BR_CPF', out);
  },
};
