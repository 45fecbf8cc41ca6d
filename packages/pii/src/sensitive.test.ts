import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { detectSensitive } from './sensitive.js';

describe('detectSensitive', () => {
  it.each([
    ['Estou em tratamento de câncer e preciso remarcar', 'HEALTH', 'câncer'],
    ['soy DIABÉTICA y necesito la dieta', 'HEALTH', 'DIABÉTICA'],
    ['I am Muslim so no pork please', 'RELIGION', 'Muslim'],
    ['sou filiado ao sindicato dos bancários', 'UNION', 'filiado ao sindicato'],
    ['tenho antecedentes criminais', 'CRIMINAL', 'antecedentes criminais'],
    ['meu marido e eu somos gays? não: ele é bissexual', 'SEX_LIFE', 'bissexual'],
    ['o app pede biometria facial', 'BIOMETRIC_GENETIC', 'biometria facial'],
    ['sou indígena', 'ETHNICITY', 'indígena'],
    ['votei no partido X', 'POLITICS', 'votei no'],
  ])('%s', (text, category, span) => {
    const flags = detectSensitive(text);
    expect(flags.map((f) => [f.category, text.slice(f.start, f.end)])).toContainEqual([category, span]);
  });

  it('respects word boundaries and stays quiet on ordinary service talk', () => {
    expect(detectSensitive('desculpe o transtorno, o iPhone preto chegou')).toEqual([]);
    expect(detectSensitive('cancerigeno? no: procancer')).toEqual([]);
    expect(detectSensitive('')).toEqual([]);
  });

  it('analyze returns entities and categories together', () => {
    const a = analyze('CPF 111.444.777-35, estou grávida');
    expect(a.entities.map((e) => e.type)).toEqual(['BR_CPF']);
    expect(a.categories).toEqual(['HEALTH']);
  });
});
