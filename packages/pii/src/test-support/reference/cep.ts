// Frozen copy (commit d6b6b78) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/numbers.test.ts. Not shipped.
import { LEX } from '../../text/lexicon.js';
import type { ScanContext } from '../../context.js';
import { leftClear, rightClear, sepDigit } from './helpers.js';
import { NUM_CEP } from './tokenize.js';
import type { Candidate } from '../../types.js';
import { CEP_CUES } from '../../recognizers/cues.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

// CEP has no check digit, so the shape must be explicit (01310-100, 01.310-100) or a "CEP" cue
// must stand right before a bare 8-digit run: a bare 8-digit number alone is not a CEP.
const CEP_DASHED = /\d{5}-\d{3}|\d{2}\.\d{3}-\d{3}/y;
const CEP_BARE = /\d{8}/y;

export const cepRecognizer: Recognizer = {
  name: 'cep',
  types: ['BR_CEP'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    for (let q = 0, nq = tokens.numCount[NUM_CEP]!, idx = tokens.numIdx[NUM_CEP]!; q < nq; q++) {
      const k = idx[q]!;
      const s = tokens.start[k]!;
      const len = tokens.end[k]! - s;
      if (len !== 5 && len !== 2 && len !== 8) continue;
      // Exact pre-check: "01310-100" and "01.310-100" go on with '-' or '.' and a digit after the head.
      if (len !== 8 && !sepDigit(text, s + len, len === 5 ? 45 : 46)) continue;
      if (!leftClear(text, s)) continue;
      let e = -1;
      let cued = false;
      if (len !== 8) {
        CEP_DASHED.lastIndex = s;
        if (CEP_DASHED.test(text)) e = CEP_DASHED.lastIndex;
      } else {
        CEP_BARE.lastIndex = s;
        if (CEP_BARE.test(text)) e = CEP_BARE.lastIndex;
        if (e > 0 && !(cued = ctx.cueFlagBefore(s, LEX.CUE_CEP, 3) || ctx.cueInQuestion(s, CEP_CUES))) e = -1;
      }
      if (e < 0 || !rightClear(text, e)) continue;
      cued ||= ctx.cueFlagBefore(s, LEX.CUE_CEP, 3);
      if (!cued && ctx.cueFlagBefore(s, LEX.CUE_NOT_PII, 3)) continue;
      out.push({ type: 'BR_CEP', start: s, end: e, score: cued ? 0.95 : 0.7, validated: cued });
    }
  },
};
