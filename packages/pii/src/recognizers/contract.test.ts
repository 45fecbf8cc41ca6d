import { describe, expect, it } from 'vitest';
import { scanText } from '../detect.js';
import { RECOGNIZERS } from '../detect.js';
import { CASES, NEGATIVE_MESSAGES } from '../test-support/cases.js';
import type { Candidate } from '../types.js';

// Every recognizer must honour the same contract: in-bounds spans of its own types, no throw on
// hostile input, and linear behaviour on adversarial strings.
const HOSTILE = ['', '\u0000\u0001', '\uD800', '\uDC00abc', '😀😀😀', '@@@@', '....----////', '1'.repeat(5000),
  'Á'.repeat(1000), '١٢٣٤٥٦٧٨٩', 'Ｆｕｌｌｗｉｄｔｈ １２３', 'x\u0301y\u0308', '+(((((((((1', '::::::::::'];

describe.each(RECOGNIZERS.map((r) => [r.name, r] as const))('recognizer %s', (_name, recognizer) => {
  it('returns only its own types, in bounds, never throws', () => {
    for (const text of [...HOSTILE, ...CASES.map((c) => c.text)]) {
      const out: Candidate[] = [];
      recognizer.recognize(scanText(text), out);
      for (const c of out) {
        expect(recognizer.types).toContain(c.type);
        expect(c.start).toBeGreaterThanOrEqual(0);
        expect(c.end).toBeLessThanOrEqual(text.length);
        expect(c.end).toBeGreaterThan(c.start);
        expect(c.score).toBeGreaterThan(0);
        expect(c.score).toBeLessThanOrEqual(1);
      }
    }
  });

  it('finds its positives from the shared table', () => {
    for (const c of CASES) {
      if (!c.span || !recognizer.types.includes(c.type)) continue;
      const out: Candidate[] = [];
      recognizer.recognize(scanText(c.text, c.lang), out);
      expect(out.map((o) => c.text.slice(o.start, o.end)), c.text).toContain(c.span);
    }
  });

  it('stays quiet on the hard negatives', () => {
    for (const text of NEGATIVE_MESSAGES) {
      const out: Candidate[] = [];
      recognizer.recognize(scanText(text), out);
      expect(out.map((o) => `${o.type}:${text.slice(o.start, o.end)}`), text).toEqual([]);
    }
  });
});
