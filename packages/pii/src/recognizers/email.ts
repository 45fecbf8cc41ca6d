import type { ScanContext } from '../context.js';
import type { Candidate } from '../types.js';
import type { Recognizer } from './recognizer.js';

const isLocal = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45 || c === 43 || c === 37;
const isDomain = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

export const emailRecognizer: Recognizer = {
  name: 'email',
  types: ['EMAIL'],
  recognize(ctx: ScanContext, out: Candidate[]): void {
    const text = ctx.text;
    const n = text.length;
    let claimedTo = -1;
    for (let q = 0, nq = ctx.tokens.nAt, idx = ctx.tokens.atPos; q < nq; q++) {
      const at = idx[q]!;
      if (at < claimedTo) continue;
      // Local part: at most 64 characters back, so 100k '@' stay linear.
      let s = at;
      while (s > 0 && at - s < 64 && isLocal(text.charCodeAt(s - 1))) s--;
      while (s < at && (text.charCodeAt(s) === 46 || text.charCodeAt(s) === 45)) s++;
      if (s === at) continue;
      let e = at + 1;
      while (e < n && e - at <= 253 && isDomain(text.charCodeAt(e))) e++;
      while (e > at + 1 && !isLetter(text.charCodeAt(e - 1)) && !(text.charCodeAt(e - 1) >= 48 && text.charCodeAt(e - 1) <= 57)) e--;
      let lastDot = e - 1;
      while (lastDot > at && text.charCodeAt(lastDot) !== 46) lastDot--;
      if (lastDot <= at + 1 || e - lastDot - 1 < 2) continue;
      let tldOk = true;
      for (let i = lastDot + 1; i < e; i++) if (!isLetter(text.charCodeAt(i))) tldOk = false;
      if (!tldOk || text.charCodeAt(at + 1) === 46 || text.charCodeAt(at - 1) === 46) continue;
      out.push({ type: 'EMAIL', start: s, end: e, score: 1, validated: true });
      claimedTo = e;
    }
  },
};
