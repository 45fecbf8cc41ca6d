import type { ScanContext } from '../context.js';
import { NUM_CEP } from '../text/tokenize.js';
import { CEP_CUES } from './cues.js';
import { pushCandidates } from './push-candidates.js';
import type { Recognizer } from './recognizer.js';

// CEP: rules in assembly/numbers.ts, cep(). A bare 8-digit run can also be a CEP when the dialogue
// line before asks for one ("Agente: Qual o CEP?\nCliente: 86000611"): that look is made here,
// with the cue phrases the JavaScript side already has.
export const cepRecognizer: Recognizer = {
  name: 'cep',
  types: ['BR_CEP'],
  recognize(ctx, out) {
    pushCandidates(ctx, NUM_CEP, 'BR_CEP', out, askedInQuestion);
  },
};

function askedInQuestion(ctx: ScanContext, start: number): boolean {
  return ctx.cueInQuestion(start, CEP_CUES);
}
