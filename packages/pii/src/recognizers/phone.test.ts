import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanText } from '../detect.js';
import { referencePhoneRecognizer } from '../test-support/reference/index.js';
import type { Candidate, Lang } from '../types.js';
import { phoneRecognizer } from './phone.js';

// PHONE's walk over digit groups and its national numbering plans run compiled
// (assembly/phone.ts); '+' and "00" numbers come back to JavaScript. The candidates below are
// what the JavaScript recognizer it replaced returned (commit b0fa759); the properties compare the
// two on generated texts (src/test-support/reference/phone.ts holds the JavaScript one).
const EXPECTED: ReadonlyArray<readonly [string, Lang | undefined, ReadonlyArray<readonly [number, number, number]>]> = [
  ['ligue (11) 98765-4321', 'pt', [[6, 21, 0.98]]], // "ligue" is a phone cue
  ['veja (11) 98765-4321', 'pt', [[5, 20, 0.85]]],
  ['meu telefone é (11) 98765-4321', 'pt', [[15, 30, 0.98]]],
  ['11 3456-7890', 'pt', [[0, 12, 0.85]]],
  ['(11) 6456-7890', 'pt', []], // a landline starts with 2–5
  ['(10) 3456-7890', 'pt', []], // no DDD 10
  ['(23) 3456-7890', 'pt', []], // nor 23
  ['0800 123 4567', 'pt', [[0, 13, 0.85]]],
  ['055 11 98765 4321', 'pt', []], // 14 digits: no home market's national length
  ['021 98765 4321', 'pt', [[0, 14, 0.85]]], // trunk zero, area code, mobile
  ['+55 11 98765-4321', 'pt', [[0, 17, 0.85]]],
  ['+5511987654321', 'en', [[0, 14, 0.85]]],
  ['98765-4321', 'pt', []],
  ['tel 98765-4321', 'pt', [[4, 14, 0.98]]],
  ['912 345 678', 'pt', [[0, 11, 0.85]]],
  ['612 345 678', 'es', [[0, 11, 0.85]]],
  ['612 345 678', 'pt', []], // a Spanish mobile in Portuguese text needs a cue
  ['móvil 612 345 678', 'pt', [[6, 17, 0.98]]],
  ['+34 612345678', 'pt', [[0, 13, 0.85]]],
  ['0034 612 345 678', 'pt', [[0, 16, 0.85]]],
  ['+351 912 345 678', 'es', [[0, 16, 0.85]]],
  ['(415) 555-2671', 'en', [[0, 14, 0.85]]],
  ['1-415-555-2671', 'en', [[0, 14, 0.85]]],
  ['(415) 155-2671', 'en', []], // exchange starts with 2–9
  ['07911 123456', 'en', [[0, 12, 0.85]]],
  ['020 7946 0958', 'en', [[0, 13, 0.85]]],
  ['+44 (0)7911 123456', 'en', [[0, 18, 0.85]]],
  ['+44 7911 123456', 'en', [[0, 15, 0.85]]], // the UK's trunk zero is put back
  ['+44 20 7946 0958', 'en', [[0, 16, 0.85]]],
  ['+44 0 20 7946 0958', 'en', [[0, 18, 0.85]]],
  ['+44 1632 96', 'en', []],
  ['+1 (415) 555-2671', 'en', [[0, 17, 0.85]]],
  ['+351 212 345 678', 'pt', [[0, 16, 0.85]]],
  ['+55 (11) 3456-7890', 'pt', [[0, 18, 0.85]]],
  ['0055 11 98765 4321', 'pt', [[0, 18, 0.85]]],
  ['+55 0 11 98765 4321', 'pt', [[0, 19, 0.85]]], // a trunk zero after the country code is dropped
  ['+34 91 123 45 67', 'es', [[0, 16, 0.85]]],
  ['+49 30 901820', 'en', [[0, 13, 0.85]]], // other countries: libphonenumber-js
  ['+49 123 4567 8901', 'en', [[0, 17, 0.85]]],
  ['+7 912 345 67 89', 'en', [[0, 16, 0.85]]],
  ['+33 6 12 34 56 78', 'en', [[0, 17, 0.85]]],
  ['+99 30 901820', 'en', []], // no country +99
  ['0049936517367', 'pt', [[0, 13, 0.85]]], // libphonenumber-js takes it for German
  ['00860961000176', 'pt', [[0, 14, 0.85]]],
  ['0099565237273', 'pt', []], // Georgian numbers have 9 digits
  ['111.444.777-35', 'pt', []], // a CPF's layout
  ['(11) 12345.67890', 'pt', []], // boleto fields
  ['pedido 11 3456-7890', 'pt', []],
  ['#11 3456-7890', 'pt', []],
  ['x11 3456-7890', 'pt', []],
  ['11 3456-7890x', 'pt', []],
  ['11 3456-7890-1', 'pt', []],
  ['PT50 0033 1234 5678', 'pt', []], // a group after a code with digits continues it
  ['1 11 3456-7890', 'pt', []], // never from inside a digit run
  ['11 3456-7890 11 3456-7890', 'pt', [[0, 12, 0.85]]], // the second is a tail of the first run
  ['11 3456-7890, 21 2345-6789', 'pt', [[0, 12, 0.85], [14, 26, 0.85]]],
  ['+55 11 98765-4321 e +1 415 555 2671', 'pt', [[0, 17, 0.85], [20, 35, 0.85]]],
  ['11 3456\u03017890', 'pt', [[0, 12, 0.85]]], // a combining mark inside a group
  ['+44 07911 123456', 'en', [[0, 16, 0.85]]], // the trunk zero written after the country code
  ['0055 0 11 98765 4321', 'pt', []], // 14 digits after "00"
  ['pedido +49 30 901820 e 11 3456-7890', 'pt', [[23, 35, 0.85]]], // an order cue rules out the first only
];

const run = (recognizer: typeof phoneRecognizer, text: string, lang?: Lang): unknown[] => {
  const out: Candidate[] = [];
  recognizer.recognize(scanText(text, lang), out);
  return out.map((c) => [c.type, c.start, c.end, c.score, c.validated]);
};

describe('the compiled PHONE recognizer', () => {
  it('returns what the JavaScript recognizer returned, for any text built from numbers, cues and gaps (property)', () => {
    const pieces = fc.constantFrom(
      '+55 11 98765-4321', '(11) 3456-7890', '11 3456-7890', '0049 30 1234567', '+44 (0)7911 123456', '+1 415 555 2671', '612 345 678',
      '912 345 678', '07911 123456', '98765-4321', '987654321', '0800 123 4567', '+351 912 345 678', '00351912345678', '+34 612345678',
      '0034612345678', '+49 30 901820', '+33 6 12 34 56 78', '0033 6 12 34 56 78', '00860961000176', '(415) 555-2671', '1-415-555-2671',
      '020 7946 0958', '+5511987654321', '+44 7911 123456', '+44 20 7946 0958', '+55 0 11 98765 4321', '0055 11 3456 7890',
      '+351 212 345 678', '+1 (415) 555-2671', '+7 912 345 67 89', '+49 123 4567 8901', '111.444.777-35', '12345.67890', '2345.12345', '(012) 3456-7890', '055 11 98765 4321', '+', '(',
      ')', '00', '0', '9', '55', 'tel', 'telefone', 'móvil', 'call me', 'pedido', 'protocolo', ' ', '  ', '\u00a0', '\n', '.', '-', '/', ',',
      '#', '_', 'a', 'Z', 'é', '\u0301', ':', '?', '!',
    );
    const digits = fc.integer({ min: 0, max: 999_999_999 }).map(String);
    const texts = fc.array(fc.oneof({ weight: 4, arbitrary: pieces }, { weight: 1, arbitrary: digits }), { maxLength: 12 }).map((a) => a.join(''));
    const langs = fc.constantFrom<Lang | undefined>(undefined, 'pt', 'es', 'en');
    fc.assert(
      fc.property(texts, langs, (text, lang) => {
        expect(run(phoneRecognizer, text, lang), JSON.stringify([text, lang])).toEqual(run(referencePhoneRecognizer, text, lang));
      }),
      { numRuns: 4000 },
    );
  });

  it('agrees with it on every two-digit area code, mobile and landline, with and without the trunk zero', () => {
    for (let ddd = 0; ddd < 100; ddd++) {
      const dd = String(ddd).padStart(2, '0');
      for (const text of [`(${dd}) 3456-7890`, `${dd} 98765-4321`, `0${dd} 3456 7890`, `+55 ${dd} 98765 4321`]) {
        expect(run(phoneRecognizer, text, 'pt'), text).toEqual(run(referencePhoneRecognizer, text, 'pt'));
      }
    }
  });

  it('agrees with it far into a long text, past the room the pass starts with', () => {
    for (const text of ['x '.repeat(3000) + '+49 30 901820 e (11) 98765-4321', '(11) 3456-7890 '.repeat(400) + '+44 7911 123456']) {
      expect(run(phoneRecognizer, text, 'pt'), text.slice(-40)).toEqual(run(referencePhoneRecognizer, text, 'pt'));
      expect(run(phoneRecognizer, text, 'pt').length).toBeGreaterThan(0);
    }
  });

  it.each(EXPECTED)('%j (%s)', (text, lang, expected) => {
    expect(run(phoneRecognizer, text, lang)).toEqual(expected.map(([s, e, score]) => ['PHONE', s, e, score, true]));
  });
});
