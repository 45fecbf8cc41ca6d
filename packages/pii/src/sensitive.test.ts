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

  // Sentences written for these tests (not taken from the eval corpus): membership and first-person
  // statements flag, the same words as news, a device feature or a surname do not.
  it.each([
    ['sou sindicalizada desde 2010 e quero descontar a mensalidade', 'UNION', 'sindicalizada'],
    ['mañana estoy en huelga, llamadme el jueves', 'UNION', 'estoy en huelga'],
    ["I'm on strike next week, please deliver on Monday", 'UNION', "I'm on strike"],
    ['sou vereadora na minha cidade e preciso da nota no meu nome', 'POLITICS', 'sou vereadora'],
    ['estoy afiliado al PSOE desde joven', 'POLITICS', 'afiliado al PSOE'],
    ['meu filho é cadeirante, a entrega precisa ser no térreo', 'HEALTH', 'cadeirante'],
    ['my wife uses a wheelchair so we need step-free access', 'HEALTH', 'wheelchair'],
    ['somos gays e queremos o plano casal', 'SEX_LIFE', 'gays'],
    ['sou uma pessoa negra e fui barrada na loja', 'ETHNICITY', 'pessoa negra'],
    ['frequento a igreja batista aos domingos', 'RELIGION', 'igreja batista'],
  ])('%s', (text, category, span) => {
    const flags = detectSensitive(text);
    expect(flags.map((f) => [f.category, text.slice(f.start, f.end)])).toContainEqual([category, span]);
  });

  it.each([
    'os motoristas estão em greve? meu pedido não chegou',
    'la huelga de metro retrasó el envío',
    'the rail strike delayed my parcel',
    'o sindicato dos lojistas decidiu o horário do shopping',
    'does the tablet have a fingerprint sensor?',
    'o leitor biométrico do celular parou de funcionar',
    'o titular é Carlos Batista, CPF em anexo',
  ])('no flag: %s', (text) => {
    expect(detectSensitive(text)).toEqual([]);
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
