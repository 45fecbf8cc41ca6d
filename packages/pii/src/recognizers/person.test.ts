import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanText } from '../detect.js';
import { LANG_MASK, lexicon } from '../lexicons/index.js';
import { CompiledPass } from '../text/token-pass.js';
import { referencePersonRecognizer } from '../test-support/reference/index.js';
import type { Candidate, Lang } from '../types.js';
import { personRecognizer } from './person.js';

// PERSON's walk over name chains and its scoring run compiled (assembly/person.ts), with its word
// and phrase sets as a key table, asking JavaScript only for the sign-off and dialogue-answer regexes. The candidates below are what the JavaScript recognizer it
// replaced returned (commit 7529f24); the property compares the two on generated texts
// (src/test-support/reference/person.ts holds the JavaScript one).
const EXPECTED: ReadonlyArray<readonly [string, ReadonlyArray<readonly [number, number, number]>]> = [
  ['Olá, meu nome é Maria da Silva.', [[16, 30, 0.95]]],
  ['falei com a atendente Maria Eduarda ontem', [[22, 35, 0.95]]],
  ['meu nome é bruna de jesus', [[11, 25, 0.8]]],
  ['raquel falando, em que posso ajudar?', [[0, 6, 0.8]]],
  ['larissa campos pediu o reembolso', [[0, 14, 0.7]]],
  ['moro em são josé dos campos', []],
  ['Hola, me llamo José de la Cruz', [[15, 30, 0.95]]],
  ['Barbara K. Adams signed', [[0, 16, 0.9]]],
  ['Jennifer D. van der Berg', [[0, 24, 0.9]]],
  ['Joshua A. Hughes', [[0, 16, 0.9]]],
  ['Sr. Silva ligou', [[4, 9, 0.95]]],
  ['Dra. Ana', [[5, 8, 0.95]]],
  ['Olá Maria', [[4, 9, 0.75]]],
  ['Hello John Smith', [[6, 16, 0.9]]],
  ['Rua Ana Néri, 12', []],
  ['Maria Banco do Brasil', [[0, 5, 0.75]]],
  ['Magazine Luiza', []],
  ['Sigilo Telecom Siobhan speaking', [[15, 22, 0.85]]],
  ['Atenciosamente,\nMarcos Albuquerque', [[16, 34, 0.95]]],
  ['Regards,\n--\nDpto Compras', []],
  ['de: Marcos Albuquerque <m@x.com>', [[4, 22, 0.95]]],
  ['Para: Equipe Financeira', []],
  ['Cliente: Maria Silva', [[9, 20, 0.9]]],
  ['nome: pedro alves', [[6, 17, 0.8]]],
  ['os dados do meu marido: pedro gomes', [[24, 35, 0.8]]],
  ['Agente: com quem eu falo?\nCliente: com a gabriela moreira', [[41, 57, 0.8]]],
  ['Agent: who am i speaking with?\nCustomer: james edwards', [[41, 54, 0.8]]],
  ['JOÃO SILVA', [[0, 10, 0.9]]],
  ['o MEI PT', []],
  ['user@Maria Silva', [[5, 16, 0.9]]],
  ['x1Maria Silva', []],
  ['Dr. Martens boots', []],
  ['meu nome é lucy a. young', [[11, 24, 0.8]]],
  ['Falei com Carlos. Depois com Ana Paula Souza', [[10, 16, 0.95], [29, 44, 0.9]]],
  ['El titular de la cuenta es Ramón Pérez', [[27, 38, 0.95]]], // a cue phrase of five words, the longest
  ['quem vai receber e a maria souza', [[21, 32, 0.8]]],
  ['atendente: pedro gomes', [[11, 22, 0.7]]], // a speaker label, not a cue
  ['[10:00] atendente: pedro gomes', [[19, 30, 0.7]]], // also after a WhatsApp stamp
  ['meu nome é ana maria clara souza lima pereira santos costa alves', [[11, 58, 0.8]]], // at most eight words
  ['Ontem Xandor Silva e Queiroz', [[6, 28, 0.7]]], // an unknown capitalised word before a known surname
  ['Ontem\tMaria Silva;Pedro Gomes', [[6, 17, 0.9], [18, 29, 0.9]]],
  ['Jose\u0301 da Silva ligou', []], // decomposed accents: the gazetteer holds composed words (NFC)
];

const run = (recognizer: typeof personRecognizer, text: string, lang?: Lang): unknown[] => {
  const out: Candidate[] = [];
  recognizer.recognize(scanText(text, lang), out);
  return out.map((c) => [c.type, c.start, c.end, c.score, c.validated]);
};

const PIECES = [
  'Maria', 'Silva', 'Maria Eduarda', 'José', 'Cruz', 'John', 'Smith', 'Siobhan', 'Rosa', 'Luz', 'Will', 'bruna', 'jesus', 'larissa', 'campos',
  'gary', 'jackson', 'james', 'edwards', 'gabriela', 'moreira', 'pedro', 'etxeberria', 'pino', 'Barbara', 'Adams', 'Jennifer', 'Berg',
  'da', 'de', 'dos', 'del', 'la', 'van', 'der', 'y', 'e', 'K.', 'A.', 'a.', "O'Brien", 'D’Angelo', 'Sr.', 'Sra', 'Dra.', 'Dr.', 'Mr',
  'Olá', 'Hola', 'Hello', 'The', 'Obrigado', 'Janeiro', 'São', 'Paulo', 'Banco', 'Brasil', 'Magazine', 'Luiza', 'john lewis', 'Martens',
  'Rua', 'Avenida', 'Street', 'Sigilo', 'Telecom', 'PT', 'MEI', 'JAJA', 'JOÃO', 'SILVA', 'meu nome é', 'me llamo', 'my name is',
  'falei com a atendente', 'titular de la cuenta es', 'quem vai receber e a', 'falando', 'speaking', 'hablando', 'aqui', 'here', 'Att.', 'Atenciosamente', 'Regards', 'Saludos', '--',
  'Cliente:', 'Agente: com quem eu falo?', 'Agent: who am i speaking with?', 'Customer:', 'com a', 'nome:', 'name:', 'From:', 'de:',
  'Para:', 'Equipe', 'Financeira', '[21:10, 02/03/2024] pedro:', '[10:00] ', 'atendente:', 'marido:', 'são', 'san', 'porto', 'x1', '12', '@', 'Ana', 'Néri',
];
const SEPS = [' ', ' ', ' ', ' ', '\n', ', ', '. ', ': ', ' - ', "'", '.', '-', '  ', '! ', '? ', ' | ', '\n-- \n', '"', '¿', '@'];

describe('the compiled PERSON recognizer', () => {
  it('returns what the JavaScript recognizer returned, for any text built from names, particles, cues and gaps (property)', () => {
    const piece = fc.constantFrom(...PIECES);
    const sep = fc.constantFrom(...SEPS);
    const texts = fc.array(fc.tuple(sep, piece), { maxLength: 14 }).map((a) => a.map(([s, p]) => s + p).join(''));
    const langs = fc.constantFrom<Lang | undefined>(undefined, 'pt', 'es', 'en');
    fc.assert(
      fc.property(texts, langs, (text, lang) => {
        expect(run(personRecognizer, text, lang), JSON.stringify([text, lang])).toEqual(run(referencePersonRecognizer, text, lang));
      }),
      { numRuns: 4000 },
    );
  });

  it('finds every word and phrase of its sets in the compiled key table, and nothing else', () => {
    const pass = new CompiledPass(4096, lexicon, LANG_MASK);
    let n = 0;
    for (const [key, bits] of lexicon.keys.entries()) {
      expect(pass.keyBitsOf(key), String(key)).toBe(bits);
      n++;
    }
    expect(n).toBeGreaterThan(100);
    const known = new Map(lexicon.keys.entries());
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (key) => pass.keyBitsOf(key) === (known.get(key) ?? 0)), { numRuns: 20_000 });
  });

  it('agrees with it far into a long text, past the room the pass starts with', () => {
    for (const text of ['x '.repeat(3000) + 'Olá, meu nome é Maria da Silva. Falei com Carlos.', 'Ana Souza '.repeat(600) + 'e john lewis']) {
      expect(run(personRecognizer, text), text.slice(-40)).toEqual(run(referencePersonRecognizer, text));
      expect(run(personRecognizer, text).length).toBeGreaterThan(0);
    }
  });

  it.each(EXPECTED)('%j', (text, expected) => {
    expect(run(personRecognizer, text)).toEqual(expected.map(([s, e, score]) => ['PERSON', s, e, score, false]));
  });
});
