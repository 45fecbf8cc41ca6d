// Frozen copy (commit d6b6b78) of the JavaScript recognizer the compiled one replaced: the
// reference for src/recognizers/numbers.test.ts. Not shipped.
import { LEX } from '../../text/lexicon.js';
import type { ScanContext } from '../../context.js';
import { isAlnum } from './helpers.js';
import type { Candidate } from '../../types.js';
import type { Recognizer } from '../../recognizers/recognizer.js';

// PIX random keys (chave aleatória, EVP) are UUID v4; other UUID versions are request/trace ids.
const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-([0-9a-fA-F])[0-9a-fA-F]{3}-([0-9a-fA-F])[0-9a-fA-F]{3}-[0-9a-fA-F]{12}/y;

export const pixKeyRecognizer: Recognizer = {
  name: 'pix-key',
  types: ['BR_PIX_KEY'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const { text, tokens } = ctx;
    if (tokens.nDash < 4) return;
    for (let k = 0; k < tokens.count; k++) {
      const s = tokens.start[k]!;
      if (tokens.end[k]! - s !== 8 || text.charCodeAt(s + 8) !== 45) continue;
      if (s > 0 && (isAlnum(text.charCodeAt(s - 1)) || text.charCodeAt(s - 1) === 45)) continue;
      UUID.lastIndex = s;
      const m = UUID.exec(text);
      if (!m) continue;
      const e = UUID.lastIndex;
      if (e < text.length && (isAlnum(text.charCodeAt(e)) || text.charCodeAt(e) === 45)) continue;
      const v4 = m[1] === '4' && '89abAB'.includes(m[2]!);
      const cued = ctx.cueFlagBefore(s, LEX.CUE_PIX, 5);
      if (!v4 && !cued) continue;
      out.push({ type: 'BR_PIX_KEY', start: s, end: e, score: v4 ? 0.97 : 0.7, validated: v4 });
    }
  },
};
