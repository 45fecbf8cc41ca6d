import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanText } from '../detect.js';
import { REFERENCE_NUMBER_RECOGNIZERS } from '../test-support/reference/index.js';
import type { Candidate } from '../types.js';
import { cepRecognizer } from './cep.js';
import { cnhRecognizer } from './cnh.js';
import { cnpjRecognizer } from './cnpj.js';
import { cpfRecognizer } from './cpf.js';
import { creditCardRecognizer } from './credit-card.js';
import { esDniRecognizer } from './es-dni.js';
import { esNieRecognizer } from './es-nie.js';
import { pixKeyRecognizer } from './pix-key.js';
import { ptNifRecognizer } from './pt-nif.js';

// The number-shaped recognizers run compiled (assembly/numbers.ts). These candidates — type, span,
// score, validated — are what the JavaScript recognizers they replaced returned for the same
// texts (commit d6b6b78): formats, separators, cues that raise or drop a score, check digits,
// neighbours that make a number part of a longer one. The property below compares the two on
// generated texts (src/test-support/reference/ holds the JavaScript ones).
const EXPECTED: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, number, number, number, boolean]>]> = [
  ["CPF 111.444.777-35", [["BR_CPF", 4, 18, 0.99, true]]],
  ["cpf: 111 444 777 35 ok", [["BR_CPF", 5, 19, 0.99, true]]],
  ["11144477735", [["BR_CPF", 0, 11, 0.9, true]]],
  ["tel 11144477735", [["BR_CPF", 4, 15, 0.6, true]]],
  ["pedido 111.444.777-35", []],
  ["111.444.777-36", []],
  ["111.111.111-11", []],
  ["111.444.777-3512", []],
  ["x111.444.777-35", []],
  ["1.111.444.777-35", []],
  ["111.444 777-35", []],
  ["CNPJ 11.222.333/0001-81", [["BR_CNPJ", 5, 23, 0.99, true]]],
  ["11222333000181", [["BR_CNPJ", 0, 14, 0.9, true]]],
  ["11.222.333/0001-81.", [["BR_CNPJ", 0, 18, 0.96, true]]],
  ["novo CNPJ 12.ABC.345/01DE-35", [["BR_CNPJ", 10, 28, 0.99, true]]],
  ["12ABC34501DE35", [["BR_CNPJ", 0, 14, 0.9, true]]],
  ["ABCDEFGHIJKL35", []],
  ["11111111111111", []],
  ["protocolo 11222333000181", []],
  ["CNH 02650306461", [["BR_CNH", 4, 15, 0.995, true]]],
  ["02650306461", [["BR_CNH", 0, 11, 0.55, false]]],
  ["00000000000", []],
  ["CEP 01310-100", [["BR_CEP", 4, 13, 0.95, true]]],
  ["01310-100", [["BR_CEP", 0, 9, 0.7, false]]],
  ["01.310-100", [["BR_CEP", 0, 10, 0.7, false]]],
  ["meu cep é 01310100", [["BR_CEP", 10, 18, 0.95, true]]],
  ["01310100", []],
  ["Agente: Qual o CEP?\nCliente: 86000611", [["BR_CEP", 29, 37, 0.95, true]]],
  ["Agente: Qual o pedido?\nCliente: 86000611", []],
  ["pedido 01310-100", []],
  ["DNI 12345678Z", [["ES_DNI", 4, 13, 0.97, true]]],
  ["12345678-z", [["ES_DNI", 0, 10, 0.97, true]]],
  ["12345678 Z", [["ES_DNI", 0, 10, 0.97, true]]],
  ["12345678 z", []],
  ["12.345.678-Z", [["ES_DNI", 0, 12, 0.97, true]]],
  ["12345678A", []],
  ["12345678Zb", []],
  ["NIE X1234567L", [["ES_NIE", 4, 13, 0.97, true]]],
  ["X 1234567 l", []],
  ["X 1234567 L", [["ES_NIE", 0, 11, 0.97, true]]],
  ["X-1234567-l", [["ES_NIE", 0, 11, 0.97, true]]],
  ["x-1234567-l", []],
  ["Y 1234567 z", []],
  ["Z1234567R", [["ES_NIE", 0, 9, 0.97, true]]],
  ["X1234567A", []],
  ["NIF 123456789", [["PT_NIF", 4, 13, 0.98, true]]],
  ["123 456 789", [["PT_NIF", 0, 11, 0.7, false]]],
  ["nif 501964843", [["PT_NIF", 4, 13, 0.98, true]]],
  ["501964843", []],
  ["023456789", []],
  ["pix 123e4567-e89b-42d3-a456-426614174000", [["BR_PIX_KEY", 4, 40, 0.97, true]]],
  ["123e4567-e89b-42d3-a456-426614174000", [["BR_PIX_KEY", 0, 36, 0.97, true]]],
  ["123e4567-e89b-12d3-a456-426614174000", []],
  ["chave pix 123e4567-e89b-12d3-a456-426614174000", [["BR_PIX_KEY", 10, 46, 0.7, false]]],
  ["a-123e4567-e89b-42d3-a456-426614174000", []],
  ["cartão 4111 1111 1111 1111", [["CREDIT_CARD", 7, 26, 0.99, true]]],
  ["4111-1111-1111-1111", [["CREDIT_CARD", 0, 19, 0.95, true]]],
  ["4111 1111-1111 1111", []],
  ["5555555555554444", [["CREDIT_CARD", 0, 16, 0.95, true]]],
  ["378282246310005", [["CREDIT_CARD", 0, 15, 0.95, true]]],
  ["6362970000457013", [["CREDIT_CARD", 0, 16, 0.95, true]]],
  ["4111 1111 1111 1112", []],
  ["1 2 3 4111 1111 1111 1111", []],
  ["4111́1111 1111 1111", []],
  ["pedido 4111 1111 1111 1111", []],
  ["4111 1111 1111 1111 4111 1111 1111 1111", [["CREDIT_CARD", 0, 19, 0.95, true]]],
];

const NUMBER_RECOGNIZERS = [creditCardRecognizer, cpfRecognizer, cnpjRecognizer, cnhRecognizer, cepRecognizer, esDniRecognizer, esNieRecognizer, ptNifRecognizer, pixKeyRecognizer];

const candidates = (recognizers: readonly { recognize: (ctx: ReturnType<typeof scanText>, out: Candidate[]) => void }[], text: string): unknown[] => {
  const out: Candidate[] = [];
  const ctx = scanText(text);
  for (const r of recognizers) r.recognize(ctx, out);
  return out.map((c) => [c.type, c.start, c.end, c.score, c.validated]);
};

describe('the compiled number recognizers', () => {
  it('return what the JavaScript recognizers returned, for any text built from numbers, cues and separators (property)', () => {
    const pieces = fc.constantFrom(
      '111.444.777-35', '11144477735', '111 444 777 35', '111444777-35', '111.444.777-3', '11.222.333/0001-81', '11222333000181',
      '11222333/0001-81', '112223330001-81', '12.ABC.345/01DE-35', 'AB.CDE.123/0001-00', '12ABC34501DE35', 'ABCDEFGHIJKL35', 'ABCDEFGHIJKL80', 'AB.CDE.FGH/IJKL-80',
      '02650306461', '10000000106', '01310-100', '01.310-100', '86000611', '12345678Z', '12345678-z', '12345678 Z', '12.345.678-Z',
      'X1234567L', 'x-1234567-l', 'X 1234567 l', 'Y 1234567 z', '501964843', '123 456 789', '023456789',
      '123e4567-e89b-42d3-a456-426614174000', '123e4567-e89b-12d3-a456-426614174000', '4111 1111 1111 1111', '4111-1111-1111-1111',
      '5555555555554444', '378282246310005', '6362970000457013', '6011111111111117', '3530111333300000', '30569309025904',
      '6200000000000005', '6759649826438453', '6062825624254001', '4111\u03011111 1111 1111', 'CPF', 'cnpj', 'CEP', 'cnh', 'nif',
      'pix', 'chave', 'cartão', 'card', 'pedido', 'protocolo', 'tel', 'versão', 'Agente: Qual o CEP?\nCliente: ', ' ', '  ', '\n',
      '.', '-', '/', ',', '?', 'é', 'a', 'Z', '\u0301', '0', '1', '12', '345', '6789',
    );
    const digits = fc.integer({ min: 0, max: 99_999_999 }).map(String);
    const texts = fc.array(fc.oneof({ weight: 4, arbitrary: pieces }, { weight: 1, arbitrary: digits }), { maxLength: 14 }).map((a) => a.join(''));
    fc.assert(
      fc.property(texts, (text) => {
        expect(candidates(NUMBER_RECOGNIZERS, text), JSON.stringify(text)).toEqual(candidates(REFERENCE_NUMBER_RECOGNIZERS, text));
      }),
      { numRuns: 4000 },
    );
  });

  it.each(EXPECTED)('%j', (text, expected) => {
    expect(candidates(NUMBER_RECOGNIZERS, text)).toEqual(expected);
  });
});
