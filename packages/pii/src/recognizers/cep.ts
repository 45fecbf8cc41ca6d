import { NEEDS_QUESTION_CUE } from '../text/token-pass.js';
import { NUM_CEP } from '../text/tokenize.js';
import { CEP_CUES } from './cues.js';
import type { Recognizer } from './recognizer.js';

// CEP: rules in assembly/numbers.ts, cep(). A bare 8-digit run can also be a CEP when the dialogue
// line before asks for one ("Agente: Qual o CEP?\nCliente: 86000611"): that look is made here,
// with the cue phrases the JavaScript side already has.
export const cepRecognizer: Recognizer = {
  name: 'cep',
  types: ['BR_CEP'],
  recognize(ctx, out) {
    const tokens = ctx.tokens;
    const n = tokens.recognize(NUM_CEP);
    const o = tokens.out;
    const score = tokens.outScore;
    for (let i = 0; i < n; i++) {
      const start = o[3 * i]!;
      const validated = o[3 * i + 2]!;
      if (validated === NEEDS_QUESTION_CUE && !ctx.cueInQuestion(start, CEP_CUES)) continue;
      out.push({ type: 'BR_CEP', start, end: o[3 * i + 1]!, score: score[i]!, validated: validated !== 0 });
    }
  },
};
