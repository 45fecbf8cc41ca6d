// Generators for every slot value: valid identifiers (entities) and look-alikes that must not be
// flagged (hard negatives). Each returns plain text; the template engine records the span.

import {
  boletoMod10, cnhCheckDigits, cnhValid, cnpjCheckDigits, cnpjValid, cpfCheckDigits, cpfValid, dniLetter,
  ean13CheckDigit, esCccDigits, frRibKey, ibanFromBban, luhnCheckDigit, luhnValid, ptNibDigits, ptNifCheckDigit,
  ptNifValid, s10CheckDigit,
} from './checksums.js';
import {
  BAIRROS, CITIES_BR, CITIES_ES, CITIES_PT, CITIES_UK, CITIES_US, MONTHS, PASSWORD_WORDS, PISOS_ES, STREETS_BR,
  STREETS_EN, STREETS_ES, STREETS_PT,
} from './data.js';

export type Lang = 'pt' | 'es' | 'en';

/** mulberry32: small, fast, deterministic. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.next() * a.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((a, [, w]) => a + w, 0);
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![0];
  }
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

// ---------------------------------------------------------------- Brazil

export function cpf(r: Rng, style?: 'fmt' | 'raw' | 'spoken' | 'dash'): string {
  let base: string;
  do base = r.digits(9);
  while (/^(\d)\1+$/.test(base));
  const s = base + cpfCheckDigits(base);
  const st = style ?? r.weighted([['fmt', 6], ['raw', 3], ['dash', 1]] as const);
  if (st === 'raw') return s;
  if (st === 'dash') return `${s.slice(0, 9)}-${s.slice(9)}`;
  if (st === 'spoken') return `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6, 9)} ${s.slice(9)}`;
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
}

/** CPF-shaped numbers that fail: wrong check digits or all-same digits (valid mod 11, invalid by rule). */
export function cpfBad(r: Rng): string {
  let s: string;
  if (r.chance(0.25)) {
    const d = String(r.int(0, 9));
    s = d.repeat(11);
  } else {
    do s = r.digits(11);
    while (cpfValid(s));
  }
  return r.chance(0.7) ? `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}` : s;
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function cnpj(r: Rng, alnum = r.chance(0.3)): string {
  let base: string;
  if (alnum) {
    do {
      base = '';
      for (let i = 0; i < 12; i++) base += r.pick([...ALNUM]);
    } while (!/[A-Z]/.test(base));
  } else {
    base = r.digits(8) + (r.chance(0.8) ? '0001' : pad(r.int(2, 40), 4));
  }
  const s = base + cnpjCheckDigits(base);
  if (r.chance(0.25) && !alnum) return s;
  return `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`;
}

export function cnpjBad(r: Rng): string {
  let s: string;
  do s = r.digits(8) + '0001' + r.digits(2);
  while (cnpjValid(s));
  return `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`;
}

export function cnh(r: Rng): string {
  let base: string;
  do base = r.digits(9);
  while (/^(\d)\1+$/.test(base));
  const s = base + cnhCheckDigits(base);
  if (!cnhValid(s)) throw new Error('cnh');
  return s;
}

export function cep(r: Rng, city?: string): string {
  const c = CITIES_BR.find(([n]) => n === city) ?? r.pick(CITIES_BR);
  const [lo, hi] = c[2];
  const p = pad(r.int(lo, hi), 5);
  const suf = pad(r.weighted([[0, 2], [r.int(1, 999), 8]] as const), 3);
  return r.weighted([[`${p}-${suf}`, 7], [`${p}${suf}`, 2], [`${p.slice(0, 2)}.${p.slice(2)}-${suf}`, 1]] as const);
}

export function uuidV4(r: Rng): string {
  const h = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[r.int(0, 15)];
    return s;
  };
  const u = `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[r.int(0, 3)]}${h(3)}-${h(12)}`;
  return r.chance(0.12) ? u.toUpperCase() : u;
}

/** UUID v1 / v7 style identifiers (request ids, trace ids): not a PIX random key. */
export function uuidOther(r: Rng): string {
  const h = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[r.int(0, 15)];
    return s;
  };
  const ver = r.pick(['1', '7']);
  return `${h(8)}-${h(4)}-${ver}${h(3)}-${'89ab'[r.int(0, 3)]}${h(3)}-${h(12)}`;
}

/** PIX end-to-end id: E + ISPB(8) + yyyyMMddHHmm + 11 alphanumerics. */
export function pixE2E(r: Rng): string {
  let tail = '';
  for (let i = 0; i < 11; i++) tail += r.pick([...'abcdefghijklmnopqrstuvwxyz0123456789']);
  return `E${r.pick(['00000000', '60701190', '18236120', '00360305'])}2024${pad(r.int(1, 12), 2)}${pad(r.int(1, 28), 2)}${pad(r.int(0, 23), 2)}${pad(r.int(0, 59), 2)}${tail}`;
}

const DDD = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45,
  46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85,
  86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99];

export function phoneBR(r: Rng, opts: { landline?: boolean; spoken?: boolean } = {}): string {
  const ddd = String(r.pick(DDD));
  if (opts.landline ?? r.chance(0.15)) {
    const n = `${r.int(2, 5)}${r.digits(3)}`;
    const m = r.digits(4);
    return r.weighted([[`(${ddd}) ${n}-${m}`, 5], [`${ddd} ${n}-${m}`, 2], [`+55 ${ddd} ${n}-${m}`, 2],
      [`${ddd}${n}${m}`, 1]] as const);
  }
  const a = `9${r.int(6, 9)}${r.digits(3)}`;
  const b = r.digits(4);
  if (opts.spoken) return r.pick([`${ddd} 9 ${a.slice(1)} ${b}`, `${ddd} ${a} ${b}`, `${ddd} ${a}-${b}`]);
  return r.weighted([
    [`(${ddd}) ${a}-${b}`, 6], [`(${ddd})${a}-${b}`, 2], [`${ddd} ${a}-${b}`, 3], [`${ddd}${a}${b}`, 3],
    [`+55 ${ddd} ${a}-${b}`, 4], [`+55 (${ddd}) ${a}-${b}`, 2], [`+55${ddd}${a}${b}`, 2], [`${ddd} ${a.slice(0, 1)} ${a.slice(1)}-${b}`, 1],
    [`0${ddd} ${a}-${b}`, 1],
  ] as const);
}

export function phoneES(r: Rng, opts: { landline?: boolean } = {}): string {
  let n: string;
  if (opts.landline ?? r.chance(0.15)) n = r.pick(['91', '93', '96', '95', '94', '98']) + r.digits(7);
  else n = r.pick(['6', '6', '6', '7']) + r.digits(8);
  if (n.startsWith('7')) n = '7' + r.int(1, 4) + n.slice(2);
  const g3 = `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
  const g2 = `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7)}`;
  const land = `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 7)} ${n.slice(7)}`;
  return r.weighted([[g3, 5], [n, 4], [g2, 2], [`+34 ${g3}`, 4], [`+34${n}`, 2], [`0034 ${n}`, 1],
    [`+34 ${g2}`, 1], [land, n.startsWith('9') ? 3 : 0], [`${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`, 1]] as const);
}

export function phonePT(r: Rng): string {
  const n = r.chance(0.8) ? r.pick(['91', '92', '93', '96']) + r.digits(7) : r.pick(['21', '22']) + r.digits(7);
  const g = `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
  return r.weighted([[g, 4], [`+351 ${g}`, 4], [n, 2], [`+351${n}`, 1], [`00351 ${n}`, 1]] as const);
}

export function phoneUS(r: Rng): string {
  const area = r.pick(['212', '415', '646', '305', '617', '312', '512', '206', '303', '718', '503', '347']);
  let ex = `${r.int(2, 9)}${r.int(0, 9)}${r.int(0, 9)}`;
  if (ex.endsWith('11')) ex = ex.slice(0, 2) + '2';
  const ln = r.digits(4);
  return r.weighted([[`(${area}) ${ex}-${ln}`, 4], [`${area}-${ex}-${ln}`, 4], [`+1 ${area} ${ex} ${ln}`, 2],
    [`+1 (${area}) ${ex}-${ln}`, 2], [`${area}.${ex}.${ln}`, 1], [`${area}${ex}${ln}`, 1]] as const);
}

export function phoneUK(r: Rng): string {
  if (r.chance(0.75)) {
    const n = `7${r.int(4, 9)}${r.digits(2)}${r.digits(6)}`;
    return r.weighted([[`0${n.slice(0, 4)} ${n.slice(4)}`, 4], [`+44 ${n.slice(0, 4)} ${n.slice(4)}`, 4],
      [`+44 (0)${n.slice(0, 4)} ${n.slice(4)}`, 1], [`0${n}`, 2]] as const);
  }
  const n = `20${r.int(3, 8)}${r.digits(7)}`;
  return r.pick([`0${n.slice(0, 2)} ${n.slice(2, 6)} ${n.slice(6)}`, `+44 ${n.slice(0, 2)} ${n.slice(2, 6)} ${n.slice(6)}`]);
}

export function phoneBRTollFree(r: Rng): string {
  return `0800 ${r.int(100, 999)} ${r.digits(4)}`;
}

// ---------------------------------------------------------------- Spain / Portugal

export function dni(r: Rng): string {
  const n = r.int(100000, 99999999);
  const d = pad(n, 8);
  const l = dniLetter(n);
  return r.weighted([[`${d}${l}`, 6], [`${d}-${l}`, 2], [`${d} ${l}`, 1], [`${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5)}-${l}`, 1],
    [`${d}${l.toLowerCase()}`, 1]] as const);
}

export function dniBad(r: Rng): string {
  const n = r.int(10000000, 99999999);
  let l: string;
  do l = r.pick([...'TRWAGMYFPDXBNJZSQVHLCKE']);
  while (l === dniLetter(n));
  return `${n}${l}`;
}

export function nie(r: Rng): string {
  const p = r.weighted([['X', 3], ['Y', 5], ['Z', 2]] as const);
  const n = r.digits(7);
  const l = dniLetter(Number(String('XYZ'.indexOf(p)) + n));
  return r.weighted([[`${p}${n}${l}`, 6], [`${p}-${n}-${l}`, 2], [`${p}${n}-${l}`, 1], [`${p} ${n} ${l}`, 1]] as const);
}

export function nieBad(r: Rng): string {
  const p = r.pick(['X', 'Y', 'Z']);
  const n = r.digits(7);
  const good = dniLetter(Number(String('XYZ'.indexOf(p)) + n));
  let l: string;
  do l = r.pick([...'TRWAGMYFPDXBNJZSQVHLCKE']);
  while (l === good);
  return `${p}${n}${l}`;
}

export function ptNif(r: Rng): string {
  const base = String(r.weighted([[1, 3], [2, 5], [3, 1]] as const)) + r.digits(7);
  const s = base + String(ptNifCheckDigit(base));
  return r.chance(0.2) ? `${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}` : s;
}

export function ptNifBad(r: Rng): string {
  let s: string;
  do s = String(r.int(1, 2)) + r.digits(8);
  while (ptNifValid(s));
  return s;
}

// ---------------------------------------------------------------- cards, IBAN, IP

const CARD_BINS: Array<[string, number, number]> = [
  // prefix, length, weight
  ['4', 16, 6], ['453211', 16, 1], ['401178', 16, 1], ['491623', 16, 1],
  ['51', 16, 1], ['52', 16, 1], ['53', 16, 1], ['54', 16, 1], ['55', 16, 1], ['2221', 16, 1], ['2720', 16, 1], ['23', 16, 1],
  ['34', 15, 2], ['37', 15, 2],
  ['636368', 16, 1], ['438935', 16, 1], ['504175', 16, 1], ['451416', 16, 1], ['636297', 16, 1], ['509048', 16, 1], ['650031', 16, 1],
  ['606282', 16, 2], ['384100', 16, 1], ['384140', 19, 1],
];

export function cardDigits(r: Rng): string {
  const [p, len] = r.weighted(CARD_BINS.map((b) => [b, b[2]] as const));
  const body = p + r.digits(len - 1 - p.length);
  return body + String(luhnCheckDigit(body));
}

export function card(r: Rng, style?: 'spaced' | 'raw' | 'dash'): string {
  const s = cardDigits(r);
  if (!luhnValid(s)) throw new Error('luhn');
  const st = style ?? r.weighted([['spaced', 6], ['raw', 3], ['dash', 2]] as const);
  if (st === 'raw') return s;
  const sep = st === 'dash' ? '-' : ' ';
  if (s.length === 15) return [s.slice(0, 4), s.slice(4, 10), s.slice(10)].join(sep);
  const groups = s.match(/.{1,4}/g)!;
  return groups.join(sep);
}

/** Card-shaped numbers that fail Luhn (gift cards, vouchers, typos). */
export function cardBad(r: Rng): string {
  let s: string;
  do s = r.pick(['4', '5', '6']) + r.digits(15);
  while (luhnValid(s));
  return r.chance(0.6) ? s.match(/.{4}/g)!.join(' ') : s;
}

/** 15-digit IMEI: Luhn-valid but not a card (TAC prefix 35/86, 15 digits). */
export function imei(r: Rng): string {
  const body = r.pick(['35', '86', '35', '01']) + r.digits(12);
  return body + String(luhnCheckDigit(body));
}

const fmtIban = (s: string): string => s.match(/.{1,4}/g)!.join(' ');

export function iban(r: Rng, country: 'ES' | 'PT' | 'BR' | 'DE' | 'FR' | 'GB'): string {
  let bban: string;
  switch (country) {
    case 'ES': {
      const bank = r.pick(['2100', '0049', '0182', '0081', '2038', '0128', '1465']);
      const branch = r.digits(4);
      const acc = r.digits(10);
      bban = bank + branch + esCccDigits(bank, branch, acc) + acc;
      break;
    }
    case 'PT': {
      const f = r.pick(['0035', '0033', '0007', '0010', '0036']) + r.digits(4) + r.digits(11);
      bban = f + ptNibDigits(f);
      break;
    }
    case 'BR':
      bban = r.pick(['00000000', '00360305', '60701190', '60746948', '90400888', '18236120']) + r.digits(5) + r.digits(10)
        + r.pick(['C', 'P']) + r.pick(['1', '2']);
      break;
    case 'DE':
      bban = r.pick(['37040044', '50010517', '10010010', '20041133', '70150000']) + r.digits(10);
      break;
    case 'FR': {
      const bank = r.pick(['30004', '30003', '20041', '10278', '11315']);
      const branch = r.digits(5);
      const acc = r.digits(11);
      bban = bank + branch + acc + frRibKey(bank, branch, acc);
      break;
    }
    case 'GB':
      bban = r.pick(['NWBK', 'BARC', 'LOYD', 'HBUK', 'MIDL']) + r.digits(6) + r.digits(8);
      break;
  }
  const s = ibanFromBban(country, bban);
  const st = r.weighted([['print', 6], ['compact', 4], ['lower', 0.4]] as const);
  if (st === 'compact') return s;
  if (st === 'lower') return fmtIban(s).toLowerCase();
  return fmtIban(s);
}

export function ipv4(r: Rng): string {
  return r.weighted([
    [`${r.pick([177, 179, 186, 187, 189, 191, 200, 201, 83, 88, 90, 95, 81, 2, 31, 86, 73, 24, 68, 98, 109])}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`, 7],
    [`192.168.${r.int(0, 10)}.${r.int(1, 254)}`, 2],
    [`10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`, 1],
  ] as const);
}

export function ipv6(r: Rng): string {
  const g = (): string => r.int(0, 0xffff).toString(16);
  const pre = r.pick(['2804:14c', '2804:7f0', '2a02:9130', '2a0c:5a80', '2001:818', '2600:1700', '2a01:4b00']);
  if (r.chance(0.4)) return `${pre}:${g()}::${g()}:${g()}`;
  return `${pre}:${g()}:${g()}:${g()}:${g()}:${g()}:${g()}`;
}

export function ip(r: Rng): string {
  return r.chance(0.8) ? ipv4(r) : ipv6(r);
}

/** Four-part version strings that parse as IPv4 (hard negative) or not. */
export function ipLikeVersion(r: Rng): string {
  return r.weighted([
    [`${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 30)}.${r.int(0, 200)}`, 6],
    [`${r.int(1, 12)}.0.${r.int(10000, 22631)}.${r.int(1, 4000)}`, 2],
  ] as const);
}

export function version(r: Rng): string {
  return r.weighted([[`${r.int(1, 9)}.${r.int(0, 40)}.${r.int(0, 12)}`, 5], [`v${r.int(1, 6)}.${r.int(0, 99)}.${r.int(0, 9)}`, 3],
    [`${r.int(2, 5)}.${r.int(0, 9)}`, 2], [`${r.int(1, 3)}.${r.int(0, 9)}.${r.int(0, 9)}-beta.${r.int(1, 9)}`, 1]] as const);
}

// ---------------------------------------------------------------- dates

export function dateParts(r: Rng, yLo: number, yHi: number): [number, number, number] {
  const y = r.int(yLo, yHi);
  const m = r.int(1, 12);
  const d = r.int(1, m === 2 ? 28 : [4, 6, 9, 11].includes(m) ? 30 : 31);
  return [d, m, y];
}

export function dateText(r: Rng, lang: Lang, [d, m, y]: [number, number, number], birth: boolean): string {
  const mn = MONTHS[lang][m - 1]!;
  const yy = pad(y % 100, 2);
  if (lang === 'en') {
    const us = r.chance(0.5);
    return r.weighted([
      [us ? `${pad(m, 2)}/${pad(d, 2)}/${y}` : `${pad(d, 2)}/${pad(m, 2)}/${y}`, 4], [`${mn} ${d}, ${y}`, 3], [`${d} ${mn} ${y}`, 3],
      [`${y}-${pad(m, 2)}-${pad(d, 2)}`, 2], [`${m}/${d}/${yy}`, birth ? 1 : 0], [`${mn.slice(0, 3)} ${d} ${y}`, 1],
    ] as const);
  }
  const de = lang === 'pt' ? 'de' : 'de';
  return r.weighted([
    [`${pad(d, 2)}/${pad(m, 2)}/${y}`, 6], [`${d}/${m}/${y}`, 2], [`${pad(d, 2)}/${pad(m, 2)}/${yy}`, birth ? 2 : 1],
    [`${pad(d, 2)}-${pad(m, 2)}-${y}`, 2], [`${pad(d, 2)}.${pad(m, 2)}.${y}`, 1], [`${d} ${de} ${mn} ${de} ${y}`, 3],
    [`${y}-${pad(m, 2)}-${pad(d, 2)}`, 1],
  ] as const);
}

export function dob(r: Rng, lang: Lang): string {
  return dateText(r, lang, dateParts(r, 1940, 2007), true);
}

/** A non-birth date (deliveries, invoices): same formats. */
export function eventDate(r: Rng, lang: Lang): string {
  if (r.chance(0.3)) {
    const [d, m] = dateParts(r, 2024, 2025);
    if (lang === 'en') return r.pick([`${MONTHS.en[m - 1]} ${d}`, `${m}/${d}`]);
    return r.pick([`${pad(d, 2)}/${pad(m, 2)}`, `${d} de ${MONTHS[lang][m - 1]}`]);
  }
  return dateText(r, lang, dateParts(r, 2023, 2025), false);
}

export function time(r: Rng, lang: Lang): string {
  const h = r.int(7, 21);
  const mm = r.pick([0, 0, 15, 30, 45, 10, 20]);
  if (lang === 'en') return r.pick([`${h}:${pad(mm, 2)}`, `${h > 12 ? h - 12 : h}${mm ? ':' + pad(mm, 2) : ''}${h >= 12 ? 'pm' : 'am'}`]);
  if (lang === 'pt') return r.pick([`${h}h`, `${h}h${mm ? pad(mm, 2) : ''}`, `${pad(h, 2)}:${pad(mm, 2)}`]);
  return r.pick([`${h}:${pad(mm, 2)}`, `${pad(h, 2)}:${pad(mm, 2)}h`, `${h}h`]);
}

// ---------------------------------------------------------------- money, codes

const thousands = (n: number, sep: string): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

export function priceBR(r: Rng): string {
  const v = r.weighted([[r.int(5, 99), 4], [r.int(100, 999), 4], [r.int(1000, 15000), 2]] as const);
  const c = pad(r.pick([0, 90, 99, 50, r.int(0, 99)]), 2);
  return r.weighted([[`R$ ${thousands(v, '.')},${c}`, 6], [`R$${thousands(v, '.')},${c}`, 2], [`R$ ${v},${c}`, 1],
    [`${v},${c} reais`, 1], [`R$ ${v}`, 1]] as const);
}

export function priceEU(r: Rng): string {
  const v = r.weighted([[r.int(3, 99), 4], [r.int(100, 999), 4], [r.int(1000, 9000), 2]] as const);
  const c = pad(r.pick([0, 90, 95, 99, r.int(0, 99)]), 2);
  return r.weighted([[`${thousands(v, '.')},${c} €`, 5], [`${v},${c}€`, 3], [`€${v}.${c}`, 1], [`${v} euros`, 1], [`${thousands(v, '.')},${c} EUR`, 1]] as const);
}

export function priceEN(r: Rng): string {
  const v = r.weighted([[r.int(3, 99), 4], [r.int(100, 999), 4], [r.int(1000, 5000), 2]] as const);
  const c = pad(r.pick([0, 99, 49, 95, r.int(0, 99)]), 2);
  return r.weighted([[`$${thousands(v, ',')}.${c}`, 5], [`£${thousands(v, ',')}.${c}`, 4], [`USD ${v}.${c}`, 1], [`${v} dollars`, 1]] as const);
}

/** A digit run that passes none of the checksums a detector might try for its length. */
export function safeDigits(r: Rng, n: number): string {
  for (;;) {
    const s = String(r.int(1, 9)) + r.digits(n - 1);
    if (n === 11 && (cpfValid(s) || cnhValid(s))) continue;
    if (n === 14 && cnpjValid(s)) continue;
    if (n >= 12 && n <= 19 && luhnValid(s)) continue;
    if (n === 9 && ptNifValid(s)) continue;
    return s;
  }
}

export function orderNo(r: Rng, lang: Lang): string {
  return r.weighted([
    [`#${safeDigits(r, 7)}`, 3], [safeDigits(r, r.pick([6, 8, 9, 10, 12])), 4], [`${lang.toUpperCase()}-2024-${r.digits(6)}`, 1],
    [`${r.pick(['MLB', 'PED', 'ORD', 'W', 'AMZ'])}${safeDigits(r, 10)}`, 2], [safeDigits(r, 16), 1],
    [`${r.digits(3)}-${r.digits(7)}-${r.digits(7)}`, lang === 'en' ? 2 : 0.5], [`${safeDigits(r, 10)}-01`, 1],
  ] as const);
}

export function protocolNo(r: Rng): string {
  let dated: string;
  do dated = `2024${r.digits(12)}`;
  while (luhnValid(dated));
  return r.weighted([[dated, 2], [safeDigits(r, 14), 2], [`${r.digits(4)}.${r.digits(3)}.${r.digits(4)}`, 1],
    [`INC${r.digits(7)}`, 1], [`#${r.int(10000, 999999)}`, 2], [safeDigits(r, 11), 1]] as const);
}

export function trackingS10(r: Rng, country = 'BR'): string {
  const e = r.digits(8);
  const pre = r.pick(['AA', 'LB', 'NX', 'OU', 'QB', 'PW', 'RR', 'LX', 'OS', 'QD']);
  return `${pre}${e}${s10CheckDigit(e)}${country}`;
}

export function trackingOther(r: Rng, lang: Lang): string {
  if (lang === 'en') return r.pick([`1Z${r.pick(['999AA1', '8A7W93', '4E1234'])}${r.digits(10)}`, `${r.digits(12)}`.replace(/^0/, '7'),
    trackingS10(r, 'GB'), `JD${r.digits(16)}`]);
  return r.pick([trackingS10(r, 'ES'), `PQ${r.pick(['4F6', '7B2', '9K1'])}P${r.digits(16)}`, trackingS10(r, 'ES')]);
}

export function boleto(r: Rng): string {
  const bank = r.pick(['001', '237', '341', '104', '033', '260']);
  const c1 = bank + '9' + r.digits(5);
  const c2 = r.digits(10);
  const c3 = r.digits(10);
  const f1 = c1 + boletoMod10(c1);
  const f2 = c2 + boletoMod10(c2);
  const f3 = c3 + boletoMod10(c3);
  const f5 = String(r.int(9500, 9999)) + pad(r.int(1500, 250000), 10);
  const s = `${f1.slice(0, 5)}.${f1.slice(5)} ${f2.slice(0, 5)}.${f2.slice(5)} ${f3.slice(0, 5)}.${f3.slice(5)} ${r.int(1, 9)} ${f5}`;
  return r.chance(0.25) ? s.replace(/[ .]/g, '') : s;
}

export function ean(r: Rng): string {
  for (;;) {
    const body = r.pick(['789', '790', '84', '560', '50', '00', '03']) ;
    const twelve = (body + r.digits(12)).slice(0, 12);
    const s = twelve + String(ean13CheckDigit(twelve));
    if (!luhnValid(s)) return s;
  }
}

export function nfeKey(r: Rng): string {
  const s = r.digits(44);
  return r.chance(0.6) ? s.match(/.{4}/g)!.join(' ') : s;
}

export function sku(r: Rng): string {
  return r.pick([`MLB-${r.digits(10)}`, `SKU ${r.digits(6)}-${r.int(10, 99)}`, `ref. ${r.digits(4)}/${r.digits(3)}/${r.digits(3)}`,
    `modelo A${r.int(1000, 3100)}`, `${r.pick(['HX', 'KT', 'BR'])}${r.digits(5)}${r.pick(['A', 'B', 'Z'])}`]);
}

export function errorCode(r: Rng): string {
  return r.pick([`0x8007${r.int(1000, 9999)}`, `E-${r.int(100, 999)}`, `ERR_${r.pick(['TIMEOUT', 'AUTH_401', 'PAYMENT_DECLINED'])}`,
    String(r.int(400, 599)), `SSL_${r.int(100, 999)}`]);
}

export function cif(r: Rng): string {
  return `${r.pick(['B', 'A'])}${r.digits(8)}`;
}

// ---------------------------------------------------------------- passwords

export function password(r: Rng): string {
  const w = r.pick(PASSWORD_WORDS);
  const cap = r.chance(0.5) ? w[0]!.toUpperCase() + w.slice(1) : w;
  const leet = r.chance(0.3) ? cap.replace(/a/g, '@').replace(/o/g, '0').replace(/e/g, '3') : cap;
  return r.weighted([
    [`${cap}${r.int(1, 2025)}`, 4], [`${leet}${r.pick(['!', '#', '@', '$', '*', '_'])}${r.int(10, 99)}`, 3],
    [`${cap}@${r.int(2018, 2025)}`, 2], [random(r, r.int(8, 12)), 3], [`${leet}${r.digits(3)}`, 2], [r.digits(6), 1],
    [`${cap}.${r.pick(['Sol', 'Mar', 'Luz'])}${r.int(1, 99)}`, 1],
  ] as const);
}

function random(r: Rng, n: number): string {
  const cs = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789#$%&*@!';
  let s = '';
  for (let i = 0; i < n; i++) s += cs[r.int(0, cs.length - 1)];
  return s.replace(/[!.]$/, 'x');
}

// ---------------------------------------------------------------- addresses

export interface Place {
  text: string;
  city: string;
}

export function addressBR(r: Rng): Place {
  const [city, uf] = r.pick(CITIES_BR);
  const st = r.pick(STREETS_BR);
  const num = String(r.weighted([[r.int(1, 99), 3], [r.int(100, 999), 4], [r.int(1000, 4999), 2]] as const));
  const numPart = r.weighted([[`, ${num}`, 6], [` ${num}`, 3], [`, nº ${num}`, 2], [`, n. ${num}`, 1]] as const);
  const compl = r.weighted([['', 5], [`, apto ${r.int(11, 1804)}`, 2], [` - apto ${r.int(11, 304)}`, 1], [`, casa ${r.int(1, 4)}`, 1],
    [`, bloco ${r.pick(['A', 'B', 'C'])}, ap. ${r.int(11, 404)}`, 1], [` fundos`, 0.5]] as const);
  const bairro = r.weighted([['', 4], [` - ${r.pick(BAIRROS)}`, 2], [`, ${r.pick(BAIRROS)}`, 2]] as const);
  const cityPart = r.weighted([['', 4], [`, ${city}`, 2], [`, ${city} - ${uf}`, 2], [` - ${city}/${uf}`, 1]] as const);
  return { text: st + numPart + compl + bairro + cityPart, city };
}

export function addressPT(r: Rng): Place {
  const [city, cp] = r.pick(CITIES_PT);
  const cp4 = (cp + r.digits(4)).slice(0, 4);
  const st = r.pick(STREETS_PT);
  const num = r.int(1, 350);
  const andar = r.weighted([['', 3], [`, ${r.int(1, 8)}.º ${r.pick(['Esq', 'Dto', 'Frente'])}`, 3], [`, r/c ${r.pick(['esq', 'dto'])}`, 1]] as const);
  const tail = r.weighted([[`, ${cp4}-${r.digits(3)} ${city}`, 5], [`, ${city}`, 2], ['', 1]] as const);
  return { text: `${st}, ${num}${andar}${tail}`, city };
}

export function addressES(r: Rng): Place {
  const [city, cp] = r.pick(CITIES_ES);
  const st = r.pick(STREETS_ES);
  const num = r.weighted([[r.int(1, 60), 5], [r.int(61, 250), 3]] as const);
  const numPart = r.weighted([[`, ${num}`, 5], [` ${num}`, 3], [`, nº ${num}`, 2], [` n.º ${num}`, 1]] as const);
  const piso = r.weighted([['', 3], [`, ${r.pick(PISOS_ES)}`, 4], [` ${r.pick(PISOS_ES)}`, 1]] as const);
  const tail = r.weighted([['', 3], [`, ${cp}${r.digits(3)} ${city}`, 4], [`, ${city}`, 2], [` (${city})`, 1]] as const);
  return { text: st + numPart + piso + tail, city };
}

export function addressEN(r: Rng): Place {
  if (r.chance(0.5)) {
    const [city, st, zip] = r.pick(CITIES_US);
    const s = `${r.int(10, 9800)} ${r.pick(STREETS_EN)}`;
    const apt = r.weighted([['', 3], [`, Apt ${r.int(1, 20)}${r.pick(['A', 'B', 'C', ''])}`, 2], [` #${r.int(100, 999)}`, 1], [`, Unit ${r.int(1, 40)}`, 1]] as const);
    const tail = r.weighted([[`, ${city}, ${st} ${zip}${r.digits(2)}`, 4], [`, ${city} ${st}`, 1], ['', 2]] as const);
    return { text: s + apt + tail, city };
  }
  const [city, pc] = r.pick(CITIES_UK);
  const flat = r.weighted([['', 3], [`Flat ${r.int(1, 12)}, `, 2], [`Apartment ${r.int(1, 30)}, `, 1]] as const);
  const s = `${r.int(1, 240)}${r.chance(0.08) ? 'B' : ''} ${r.pick(STREETS_EN)}`;
  const post = `${pc}${r.int(1, 20)} ${r.int(1, 9)}${r.pick([...'ABDEFGHJLNPQRSTUWXYZ'])}${r.pick([...'ABDEFGHJLNPQRSTUWXYZ'])}`;
  const tail = r.weighted([[`, ${city} ${post}`, 4], [`, ${city}`, 2], ['', 1]] as const);
  return { text: flat + s + tail, city };
}
