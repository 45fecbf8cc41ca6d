import { describe, expect, it } from 'vitest';
import { scanText } from '../detect.js';
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
// neighbours that make a number part of a longer one.
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

describe('the compiled number recognizers', () => {
  it.each(EXPECTED)('%j', (text, expected) => {
    const out: Candidate[] = [];
    const ctx = scanText(text);
    for (const r of NUMBER_RECOGNIZERS) r.recognize(ctx, out);
    expect(out.map((c) => [c.type, c.start, c.end, c.score, c.validated])).toEqual(expected);
  });
});
