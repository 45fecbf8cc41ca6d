import { NEEDS_QUESTION_CUE } from '../text/token-pass.js';
import { NUM_CEP } from '../text/tokenize.js';
import { CEP_CUES } from './cues.js';
import type { Recognizer } from './recognizer.js';

/**
 * CEP has no check digit, so the shape must be explicit (01310-100, 01.310-100; 0.95 after a CEP
 * cue, else 0.7) or a "CEP" cue must stand right before a bare 8-digit run, or in the question a
 * dialogue line answers ("Agente: Qual o CEP?\nCliente: 86000611"). Compiled: assembly/numbers.ts,
 * cep(); the question line is looked at here.
 */
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
