import { describe, expect, it } from 'vitest';
import { detect, detectLang, RECOGNIZERS, scanText } from './detect.js';
import { resolveOverlaps } from './resolve.js';
import type { Candidate } from './types.js';
import { CASES } from './test-support/cases.js';

describe('detect', () => {
  it.each(CASES.map((c) => [c.text, c] as const))('%s', (_t, c) => {
    const found = detect(c.text, { lang: c.lang }).filter((e) => e.type === c.type).map((e) => c.text.slice(e.start, e.end));
    if (c.span) expect(found).toContain(c.span);
    else expect(found).toEqual([]);
  });

  it('returns sorted, non-overlapping spans', () => {
    const text = 'CPF 111.444.777-35, tel (11) 98765-4321, e-mail ana@exemplo.com, IBAN ES91 2100 0418 4502 0005 1332';
    const es = detect(text);
    expect(es.map((e) => e.type)).toEqual(['BR_CPF', 'PHONE', 'EMAIL', 'IBAN']);
    for (let i = 1; i < es.length; i++) expect(es[i]!.start).toBeGreaterThanOrEqual(es[i - 1]!.end);
  });

  it('filters by type', () => {
    expect(detect('CPF 111.444.777-35 ana@exemplo.com', { types: ['EMAIL'] }).map((e) => e.type)).toEqual(['EMAIL']);
  });

  it('reports a CPF that is also an e-mail local part as the e-mail (PIX key by e-mail)', () => {
    expect(detect('pix 11144477735@exemplo.com').map((e) => e.type)).toEqual(['EMAIL']);
  });

  it('runs the recognizers in RECOGNIZERS order (ties go to the earlier one)', () => {
    // A 9-digit number that is a valid PT NIF and a PT mobile, both cued: same span, same score,
    // both validated, so the resolver keeps the candidate pushed first (pt-nif comes before phone).
    const text = 'NIF e telemóvel: 912345675';
    const cands: Candidate[] = [];
    const ctx = scanText(text, 'pt');
    for (const r of RECOGNIZERS) r.recognize(ctx, cands);
    const viaList = resolveOverlaps(cands);
    expect(viaList.map((e) => e.type)).toEqual(['PT_NIF']);
    expect(detect(text, { lang: 'pt' })).toEqual(viaList);
    for (const c of CASES) {
      const all: Candidate[] = [];
      const cx = scanText(c.text, c.lang);
      for (const r of RECOGNIZERS) r.recognize(cx, all);
      expect(detect(c.text, { lang: c.lang }), c.text).toEqual(resolveOverlaps(all));
    }
  });

  it('guesses the language', () => {
    expect(detectLang('Olá, meu pedido não chegou ainda')).toBe('pt');
    expect(detectLang('Hola, mi pedido todavía no ha llegado')).toBe('es');
    expect(detectLang('Hi, my order has not arrived yet')).toBe('en');
  });

  it('never throws on odd input', () => {
    for (const t of ['', '\uD800', '\u0000', '😀', 'a'.repeat(10), null as unknown as string, 42 as unknown as string]) {
      expect(() => detect(t)).not.toThrow();
    }
  });
});
