// Integrity of the labelled corpus. The validators below are written again from the published
// algorithms on purpose: they must not share code with the generator or with the engine.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from './generate.js';

interface Msg {
  id: string;
  lang: string;
  channel: string;
  text: string;
  entities: Array<{ type: string; start: number; end: number }>;
  sensitive?: string[];
}

const TYPES = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'BR_CPF', 'BR_CNPJ', 'BR_CEP', 'BR_CNH', 'BR_PIX_KEY',
  'ES_DNI', 'ES_NIE', 'PT_NIF', 'DATE_OF_BIRTH', 'PASSWORD', 'PERSON', 'ADDRESS'];
const SENSITIVE = ['HEALTH', 'RELIGION', 'POLITICS', 'SEX_LIFE', 'ETHNICITY', 'BIOMETRIC_GENETIC', 'UNION', 'CRIMINAL'];

const file = fileURLToPath(new URL('./messages.jsonl', import.meta.url));
const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.length > 0);
const msgs: Msg[] = lines.map((l) => JSON.parse(l) as Msg);

// ---------------------------------------------------------------- independent validators

const num = (c: string): number => c.charCodeAt(0) - 48;

function validCpf(s: string): boolean {
  if (!/^\d{11}$/.test(s) || /^(\d)\1*$/.test(s)) return false;
  for (const n of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += num(s[i]!) * (n + 1 - i);
    const dv = ((sum * 10) % 11) % 10;
    if (dv !== num(s[n]!)) return false;
  }
  return true;
}

function validCnpj(s: string): boolean {
  if (!/^[0-9A-Z]{12}[0-9]{2}$/.test(s) || /^(\d)\1*$/.test(s)) return false;
  const dv = (body: string): number => {
    const weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2].slice(13 - body.length);
    const sum = [...body].reduce((a, c, i) => a + num(c) * weights[i]!, 0);
    return sum % 11 < 2 ? 0 : 11 - (sum % 11);
  };
  return dv(s.slice(0, 12)) === num(s[12]!) && dv(s.slice(0, 13)) === num(s[13]!);
}

function validCnh(s: string): boolean {
  if (!/^\d{11}$/.test(s) || /^(\d)\1*$/.test(s)) return false;
  const d = [...s].map(num);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < 9; i++) {
    s1 += d[i]! * (9 - i);
    s2 += d[i]! * (i + 1);
  }
  const r1 = s1 % 11;
  const dv1 = r1 >= 10 ? 0 : r1;
  const r2 = ((s2 % 11) - (r1 >= 10 ? 2 : 0) + 11) % 11;
  const dv2 = r2 >= 10 ? 0 : r2;
  return dv1 === d[9] && dv2 === d[10];
}

function luhn(s: string): boolean {
  if (!/^\d{12,19}$/.test(s)) return false;
  let sum = 0;
  [...s].reverse().forEach((c, i) => {
    let v = num(c);
    if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  });
  return sum % 10 === 0;
}

const IBAN_LEN: Record<string, number> = { ES: 24, PT: 25, BR: 29, DE: 22, FR: 27, GB: 22 };
function validIban(s: string): boolean {
  const u = s.toUpperCase();
  const cc = u.slice(0, 2);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(u) || IBAN_LEN[cc] !== u.length) return false;
  const rearranged = u.slice(4) + u.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rem = (rem * 10 + num(digit)) % 97;
  }
  return rem === 1;
}

const DNI_TABLE = 'TRWAGMYFPDXBNJZSQVHLCKE';
const validDni = (s: string): boolean => /^\d{8}[A-Z]$/i.test(s) && DNI_TABLE[Number(s.slice(0, 8)) % 23] === s[8]!.toUpperCase();
const validNie = (s: string): boolean =>
  /^[XYZ]\d{7}[A-Z]$/i.test(s) && DNI_TABLE[Number('XYZ'.indexOf(s[0]!.toUpperCase()) + s.slice(1, 8)) % 23] === s[8]!.toUpperCase();

function validPtNif(s: string): boolean {
  if (!/^[1-9]\d{8}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += num(s[i]!) * (9 - i);
  const dv = sum % 11 < 2 ? 0 : 11 - (sum % 11);
  return dv === num(s[8]!);
}

function validIpv4(s: string): boolean {
  const p = s.split('.');
  return p.length === 4 && p.every((x) => /^\d{1,3}$/.test(x) && Number(x) <= 255 && (x === '0' || !x.startsWith('0')));
}
function validIpv6(s: string): boolean {
  if (!/^[0-9a-f:]+$/i.test(s) || (s.match(/::/g) ?? []).length > 1) return false;
  const groups = s.split(':').filter((g) => g.length > 0);
  if (!groups.every((g) => g.length <= 4)) return false;
  return s.includes('::') ? groups.length < 8 : groups.length === 8;
}

const compact = (s: string): string => s.replace(/[\s.\-\/]/g, '');

/** Returns an error message or null. */
function checkValue(type: string, v: string): string | null {
  switch (type) {
    case 'BR_CPF': return validCpf(compact(v)) ? null : 'CPF check digits';
    case 'BR_CNPJ': return validCnpj(compact(v).toUpperCase()) ? null : 'CNPJ check digits';
    case 'BR_CNH': return validCnh(compact(v)) ? null : 'CNH check digits';
    case 'BR_CEP': return /^\d{5}-?\d{3}$|^\d{2}\.\d{3}-\d{3}$/.test(v) ? null : 'CEP format';
    case 'BR_PIX_KEY': return /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(v) ? null : 'UUID v4';
    case 'CREDIT_CARD': return luhn(compact(v)) ? null : 'Luhn';
    case 'IBAN': return validIban(v.replace(/\s/g, '')) ? null : 'IBAN mod 97';
    case 'ES_DNI': return validDni(compact(v)) ? null : 'DNI letter';
    case 'ES_NIE': return validNie(compact(v)) ? null : 'NIE letter';
    case 'PT_NIF': return validPtNif(compact(v)) ? null : 'NIF check digit';
    case 'IP_ADDRESS': return validIpv4(v) || validIpv6(v) ? null : 'IP syntax';
    case 'EMAIL': return /^[a-z0-9._+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(v) || / (arroba|at) /.test(v) ? null : 'e-mail syntax';
    case 'PHONE': return /^(\+|00|\()?\d[\d\s().-]{6,}\d$/.test(v) && compact(v).replace(/[()+]/g, '').length >= 8 ? null : 'phone shape';
    case 'DATE_OF_BIRTH': return /\d/.test(v) ? null : 'date without digits';
    default: return null;
  }
}

// ---------------------------------------------------------------- tests

describe('PII corpus (corpus/messages.jsonl)', () => {
  it('has at least 1,500 messages with unique ids and the documented shape', () => {
    expect(msgs.length).toBeGreaterThanOrEqual(1500);
    expect(new Set(msgs.map((m) => m.id)).size).toBe(msgs.length);
    for (const m of msgs) {
      expect(['pt', 'es', 'en']).toContain(m.lang);
      expect(['chat', 'whatsapp', 'email', 'voice']).toContain(m.channel);
      expect(typeof m.text).toBe('string');
      expect(m.text.length).toBeGreaterThan(0);
      expect(Array.isArray(m.entities)).toBe(true);
      for (const s of m.sensitive ?? []) expect(SENSITIVE).toContain(s);
    }
    expect(new Set(msgs.map((m) => m.text)).size).toBe(msgs.length);
  });

  it('is exactly what generate.ts produces (regenerate after editing templates)', () => {
    const fresh = generate().map((m) => JSON.stringify(m)).join('\n') + '\n';
    expect(fresh === readFileSync(file, 'utf8'), 'run: npx tsx packages/pii/corpus/generate.ts').toBe(true);
  });

  it('keeps the language mix near 40% pt / 35% es / 25% en and uses every channel', () => {
    const share = (l: string): number => msgs.filter((m) => m.lang === l).length / msgs.length;
    expect(share('pt')).toBeGreaterThan(0.35);
    expect(share('pt')).toBeLessThan(0.45);
    expect(share('es')).toBeGreaterThan(0.3);
    expect(share('es')).toBeLessThan(0.4);
    expect(share('en')).toBeGreaterThan(0.2);
    expect(share('en')).toBeLessThan(0.3);
    for (const ch of ['chat', 'whatsapp', 'email', 'voice']) {
      expect(msgs.filter((m) => m.channel === ch).length).toBeGreaterThan(msgs.length * 0.1);
    }
  });

  it('has at least 35% hard negatives (no entity and no sensitive flag)', () => {
    const neg = msgs.filter((m) => m.entities.length === 0 && !(m.sensitive?.length));
    expect(neg.length / msgs.length).toBeGreaterThanOrEqual(0.35);
  });

  it('covers every entity type and every sensitive category with enough examples', () => {
    const count = new Map<string, number>();
    for (const m of msgs) for (const e of m.entities) count.set(e.type, (count.get(e.type) ?? 0) + 1);
    for (const t of TYPES) expect(count.get(t) ?? 0, t).toBeGreaterThanOrEqual(30);
    for (const t of count.keys()) expect(TYPES).toContain(t);
    const sens = msgs.filter((m) => m.sensitive?.length);
    expect(sens.length).toBeGreaterThanOrEqual(90);
    for (const c of SENSITIVE) expect(sens.filter((m) => m.sensitive!.includes(c)).length, c).toBeGreaterThanOrEqual(5);
  });

  it('has spans in bounds, sorted, non-overlapping and trimmed of spaces and punctuation', () => {
    for (const m of msgs) {
      let prevEnd = 0;
      for (const e of m.entities) {
        const where = `${m.id} ${e.type} [${e.start},${e.end})`;
        expect(Number.isInteger(e.start) && Number.isInteger(e.end), where).toBe(true);
        expect(e.start, where).toBeGreaterThanOrEqual(prevEnd);
        expect(e.end, where).toBeGreaterThan(e.start);
        expect(e.end, where).toBeLessThanOrEqual(m.text.length);
        const v = m.text.slice(e.start, e.end);
        expect(v.trim(), where).toBe(v);
        expect(/^[,.;:!?)"'<>]/.test(v) || /[,;:!?("'<>]$/.test(v), `${where} ${v}`).toBe(false);
        prevEnd = e.end;
      }
    }
  });

  it('has every structured entity valid by its own checksum or syntax', () => {
    const bad: string[] = [];
    for (const m of msgs) {
      for (const e of m.entities) {
        const v = m.text.slice(e.start, e.end);
        const err = checkValue(e.type, v);
        if (err) bad.push(`${m.id} ${e.type} ${JSON.stringify(v)}: ${err}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('contains the promised hard negatives, none of them labelled', () => {
    const negText = msgs.filter((m) => m.entities.length === 0).map((m) => m.text).join('\n');
    expect(negText).toMatch(/\b[A-Z]{2}\d{9}BR\b/); // Correios tracking code
    expect(negText).toMatch(/\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}/); // boleto
    expect(negText).toMatch(/R\$ ?\d{1,3}(\.\d{3})*,\d{2}/);
    expect(negText).toMatch(/\d,\d{2} ?€/);
    expect(negText).toMatch(/[$£]\d+\.\d{2}/);
    // look-alikes that fail their checksum appear in negatives and are never labelled
    const lookalikes = negText.match(/\b\d{3}\.\d{3}\.\d{3}-\d{2}\b/g) ?? [];
    expect(lookalikes.length).toBeGreaterThan(5);
    for (const s of lookalikes) expect(validCpf(compact(s)), s).toBe(false);
    const cards = negText.match(/(?<!\d[ -]?)\d{4} \d{4} \d{4} \d{4}(?![ -]?\d)/g) ?? [];
    expect(cards.length).toBeGreaterThan(5);
    for (const s of cards) expect(luhn(compact(s)), s).toBe(false);
  });

  it('never leaves a checksum-valid CPF, CNPJ, card, IBAN, DNI or NIE outside a label', () => {
    const leaks: string[] = [];
    for (const m of msgs) {
      const covered = (s: number, e: number): boolean => m.entities.some((x) => x.start <= s && e <= x.end);
      const scan = (re: RegExp, ok: (v: string) => boolean, name: string): void => {
        for (const hit of m.text.matchAll(re)) {
          const s = hit.index!;
          const e = s + hit[0].length;
          if (ok(hit[0]) && !covered(s, e)) leaks.push(`${m.id} ${name} ${hit[0]}`);
        }
      };
      scan(/(?<!\d[.\- ]?)\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?![.\-]?\d)/g, (v) => validCpf(compact(v)), 'CPF');
      scan(/(?<![\w.])[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}\/?[0-9A-Z]{4}-?\d{2}(?![\w])/g, (v) => validCnpj(compact(v)) && !validCpf(compact(v)), 'CNPJ');
      scan(/(?<!\d[ -]?)(?:\d{4}[ -]?){3}\d{4}(?![ -]?\d)/g, (v) => luhn(compact(v)) && /^[2-6]/.test(v), 'card');
      scan(/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){4,6}(?: ?[A-Z0-9]{1,4})?\b/g, (v) => validIban(v.replace(/\s/g, '')), 'IBAN');
      scan(/\b\d{8}-?[A-Z]\b/g, (v) => validDni(compact(v)), 'DNI');
      scan(/\b[XYZ]-?\d{7}-?[A-Z]\b/g, (v) => validNie(compact(v)), 'NIE');
    }
    expect(leaks).toEqual([]);
  });
});
