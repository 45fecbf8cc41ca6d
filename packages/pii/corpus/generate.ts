// Deterministic generator for the labelled PII corpus (messages.jsonl).
//   npx tsx packages/pii/corpus/generate.ts            # writes messages.jsonl beside this file
//   npx tsx packages/pii/corpus/generate.ts --check    # regenerates in memory, fails if the file differs
// Spans are exact by construction: every message is assembled from segments, and a segment that
// came from an entity slot becomes a label. See README.md for the labelling conventions.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import * as F from './lib/fillers.js';
import { Rng, type Lang } from './lib/fillers.js';
import {
  cnhValid, cnpjValid, cpfValid, dniLetter, ibanValid, luhnValid, ptNifValid,
} from './lib/checksums.js';
import {
  COMPANIES, CORP_DOMAINS, EMAIL_DOMAINS, FIRST_F, FIRST_M, MONTHS, PARTICLE_SURNAMES, PRODUCTS, SURNAMES,
  STREETS_BR, STREETS_ES, STREETS_EN, CITIES_BR, CITIES_ES, CITIES_UK, CITIES_US, WEEKDAYS,
} from './lib/data.js';
import {
  ABBREV, CLOSE, EMAIL_PARTS, EMOJI, GREET, LAUGH, NEG, POS, ROLES, SENS, SENS_NEG, VOICE, type Sensitive,
} from './lib/templates.js';

export type EntityType = 'EMAIL' | 'PHONE' | 'CREDIT_CARD' | 'IBAN' | 'IP_ADDRESS' | 'BR_CPF' | 'BR_CNPJ' | 'BR_CEP'
  | 'BR_CNH' | 'BR_PIX_KEY' | 'ES_DNI' | 'ES_NIE' | 'PT_NIF' | 'DATE_OF_BIRTH' | 'PASSWORD' | 'PERSON' | 'ADDRESS';
type Channel = 'chat' | 'whatsapp' | 'email' | 'voice';

/** lit: template text (all noise applies); word: names/places (case and accents only); code: untouched. */
type Kind = 'lit' | 'word' | 'code';
interface Seg { text: string; kind: Kind; type?: EntityType }

export interface Message {
  id: string;
  lang: Lang;
  channel: Channel;
  text: string;
  entities: Array<{ type: EntityType; start: number; end: number }>;
  sensitive?: Sensitive[];
}

const SEED = 0x5161_10;
const COUNTS: Record<Lang, number> = { pt: 720, es: 630, en: 450 };

// ------------------------------------------------------------------ people

interface Person { first: string; full: string; emailLocal: [string, string] }

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '');

function makePerson(r: Rng, lang: Lang, gender: 'F' | 'M' = r.chance(0.5) ? 'F' : 'M'): Person {
  const first = r.pick((gender === 'F' ? FIRST_F : FIRST_M)[lang]);
  const sur = SURNAMES[lang];
  let last: string;
  if (lang === 'es') {
    const a = r.chance(0.1) ? r.pick(PARTICLE_SURNAMES.es) : r.pick(sur);
    last = r.chance(0.85) ? `${a} ${r.pick(sur)}` : a;
  } else if (lang === 'pt') {
    const parts = [r.chance(0.25) ? r.pick(PARTICLE_SURNAMES.pt) : r.pick(sur)];
    if (r.chance(0.5)) parts.push(r.pick(sur));
    last = parts.join(' ');
  } else {
    last = r.chance(0.04) ? r.pick(PARTICLE_SURNAMES.en) : r.pick(sur);
    if (r.chance(0.05)) last = `${last}-${r.pick(sur)}`;
    if (r.chance(0.08)) last = `${r.pick([...'ABCDEJKLMPRST'])}. ${last}`;
  }
  const tokens = last.split(/[\s-]+/).filter((t) => /^[A-ZÁÉÍÓÚÂÊÔÃÕÇÑÜ']/u.test(t) && !t.endsWith('.'));
  const lastTok = tokens[tokens.length - 1] ?? last;
  const clean = (s: string): string => fold(s).toLowerCase().replace(/[^a-z]/g, '');
  return { first, full: `${first} ${last}`, emailLocal: [clean(first.split(' ')[0]!), clean(lastTok)] };
}

function emailFor(r: Rng, lang: Lang, p: Person, corp = r.chance(0.15)): string {
  const [f, l] = p.emailLocal;
  const dom = corp ? r.pick(CORP_DOMAINS[lang]) : r.pick(EMAIL_DOMAINS[lang]);
  const local = r.weighted([
    [`${f}.${l}`, 5], [`${f}${l}${r.int(1, 99)}`, 3], [`${f[0]}${l}`, 2], [`${f}_${l}`, 1], [`${l}.${f}`, 1],
    [`${f}${r.int(1970, 2005)}`, 2], [`${f}.${l}+compras`, 0.5], [`${f}.${l}${r.int(1, 9)}`, 1], [`${f}-${l}`, 0.5],
  ] as const);
  return `${local}@${dom}`;
}

function spokenEmail(lang: Lang, email: string): string {
  const [local, dom] = email.split('@') as [string, string];
  const words = { pt: ['ponto', 'arroba', 'underline'], es: ['punto', 'arroba', 'guion bajo'], en: ['dot', 'at', 'underscore'] }[lang];
  const sp = (s: string): string => s.replace(/\./g, ` ${words[0]} `).replace(/_/g, ` ${words[2]} `);
  return `${sp(local)} ${words[1]} ${sp(dom)}`;
}

// ------------------------------------------------------------------ slot registry

interface Ctx {
  r: Rng;
  lang: Lang;
  channel: Channel;
  persona: Person;
  email: string;
  others: Person[];
  cityBR?: string;
}

type Filler = (c: Ctx) => string;
interface SlotDef { type?: EntityType; kind: Kind; fill: Filler }

const validPhone = (text: string, region: CountryCode): boolean => {
  const p = parsePhoneNumberFromString(text, region);
  return !!p && p.isValid();
};
const phoneOf = (gen: (r: Rng) => string, region: CountryCode): Filler => (c) => {
  for (let i = 0; i < 50; i++) {
    const s = gen(c.r);
    if (validPhone(s, region)) return s;
  }
  throw new Error(`no valid ${region} phone`);
};
const phoneBR = phoneOf((r) => F.phoneBR(r, { landline: false }), 'BR');
const phoneBRAny = phoneOf((r) => F.phoneBR(r), 'BR');
const phoneBRLand = phoneOf((r) => F.phoneBR(r, { landline: true }), 'BR');
const phoneBRSpoken = phoneOf((r) => F.phoneBR(r, { landline: false, spoken: true }), 'BR');
const phoneES = phoneOf((r) => F.phoneES(r, { landline: false }), 'ES');
const phoneESAny = phoneOf((r) => F.phoneES(r), 'ES');
const phoneESLand = phoneOf((r) => F.phoneES(r, { landline: true }), 'ES');
const phonePT = phoneOf(F.phonePT, 'PT');
const phoneUS = phoneOf(F.phoneUS, 'US');
const phoneUK = phoneOf(F.phoneUK, 'GB');

const defaultPhone: Filler = (c) => {
  // Foreign numbers appear only through explicit slots ({phonePT} …), where the text says so.
  if (c.lang === 'pt') return phoneBRAny(c);
  if (c.lang === 'es') return phoneESAny(c);
  return c.r.chance(0.5) ? phoneUS(c) : phoneUK(c);
};

const defaultIban: Filler = (c) => {
  const cc = c.lang === 'pt' ? c.r.weighted([['BR', 4], ['PT', 6]] as const)
    : c.lang === 'es' ? c.r.weighted([['ES', 85], ['PT', 5], ['DE', 5], ['FR', 5]] as const)
      : c.r.weighted([['GB', 50], ['DE', 15], ['FR', 15], ['ES', 10], ['PT', 10]] as const);
  return F.iban(c.r, cc);
};

const addrBR: Filler = (c) => {
  const p = F.addressBR(c.r);
  c.cityBR = p.city;
  return p.text;
};
const defaultAddr: Filler = (c) => {
  if (c.lang === 'pt') return c.r.chance(0.9) ? addrBR(c) : F.addressPT(c.r).text;
  if (c.lang === 'es') return F.addressES(c.r).text;
  return F.addressEN(c.r).text;
};

const nameOf = (c: Ctx, p: Person): string => p.full;
const newOther = (c: Ctx, g?: 'F' | 'M'): Person => {
  const p = makePerson(c.r, c.lang, g);
  c.others.push(p);
  return p;
};

const S: Record<string, SlotDef> = {
  // ---- entities
  name: { type: 'PERSON', kind: 'word', fill: (c) => nameOf(c, c.persona) },
  first: { type: 'PERSON', kind: 'word', fill: (c) => c.persona.first },
  other: { type: 'PERSON', kind: 'word', fill: (c) => newOther(c).full },
  otherFirst: { type: 'PERSON', kind: 'word', fill: (c) => newOther(c, 'F').first },
  otherF: { type: 'PERSON', kind: 'word', fill: (c) => newOther(c, 'F').full },
  otherM: { type: 'PERSON', kind: 'word', fill: (c) => newOther(c, 'M').full },
  agentF: { type: 'PERSON', kind: 'word', fill: (c) => c.r.pick(FIRST_F[c.lang]) },
  agentM: { type: 'PERSON', kind: 'word', fill: (c) => c.r.pick(FIRST_M[c.lang]) },
  email: { type: 'EMAIL', kind: 'code', fill: (c) => c.email },
  email2: { type: 'EMAIL', kind: 'code', fill: (c) => emailFor(c.r, c.lang, c.persona, false) },
  emailCorp: { type: 'EMAIL', kind: 'code', fill: (c) => `${c.r.pick({ pt: ['sac', 'atendimento', 'contato', 'financeiro'], es: ['atencion.cliente', 'soporte', 'info', 'facturacion'], en: ['support', 'help', 'billing', 'care'] }[c.lang])}@${c.r.pick(['sigilotelecom.com', 'lojaexemplo.com.br', 'exemplo.es', 'example-shop.co.uk'])}` },
  emailSpoken: { type: 'EMAIL', kind: 'code', fill: (c) => (c.r.chance(0.2) ? spokenEmail(c.lang, c.email) : c.email) },
  phone: { type: 'PHONE', kind: 'code', fill: defaultPhone },
  phoneBR: { type: 'PHONE', kind: 'code', fill: phoneBR },
  phoneES: { type: 'PHONE', kind: 'code', fill: phoneES },
  phonePT: { type: 'PHONE', kind: 'code', fill: phonePT },
  phoneUS: { type: 'PHONE', kind: 'code', fill: phoneUS },
  phoneUK: { type: 'PHONE', kind: 'code', fill: phoneUK },
  phoneLand: { type: 'PHONE', kind: 'code', fill: (c) => (c.lang === 'pt' ? phoneBRLand(c) : c.lang === 'es' ? phoneESLand(c) : phoneUK(c)) },
  tollfree: { type: 'PHONE', kind: 'code', fill: phoneOf(F.phoneBRTollFree, 'BR') },
  phoneSpoken: { type: 'PHONE', kind: 'code', fill: (c) => (c.lang === 'pt' ? phoneBRSpoken(c) : defaultPhone(c)) },
  card: { type: 'CREDIT_CARD', kind: 'code', fill: (c) => F.card(c.r) },
  cardSpoken: { type: 'CREDIT_CARD', kind: 'code', fill: (c) => F.card(c.r, 'spaced') },
  iban: { type: 'IBAN', kind: 'code', fill: defaultIban },
  ibanGB: { type: 'IBAN', kind: 'code', fill: (c) => F.iban(c.r, 'GB') },
  ibanDE: { type: 'IBAN', kind: 'code', fill: (c) => F.iban(c.r, 'DE') },
  ip: { type: 'IP_ADDRESS', kind: 'code', fill: (c) => F.ip(c.r) },
  ip4: { type: 'IP_ADDRESS', kind: 'code', fill: (c) => F.ipv4(c.r) },
  ip6: { type: 'IP_ADDRESS', kind: 'code', fill: (c) => F.ipv6(c.r) },
  cpf: { type: 'BR_CPF', kind: 'code', fill: (c) => F.cpf(c.r) },
  cpfSpoken: { type: 'BR_CPF', kind: 'code', fill: (c) => F.cpf(c.r, c.r.chance(0.6) ? 'spoken' : 'fmt') },
  cnpj: { type: 'BR_CNPJ', kind: 'code', fill: (c) => F.cnpj(c.r) },
  cnpjA: { type: 'BR_CNPJ', kind: 'code', fill: (c) => F.cnpj(c.r, true) },
  cep: { type: 'BR_CEP', kind: 'code', fill: (c) => F.cep(c.r, c.cityBR) },
  cnh: { type: 'BR_CNH', kind: 'code', fill: (c) => F.cnh(c.r) },
  pix: { type: 'BR_PIX_KEY', kind: 'code', fill: (c) => F.uuidV4(c.r) },
  dni: { type: 'ES_DNI', kind: 'code', fill: (c) => F.dni(c.r) },
  dniSpoken: { type: 'ES_DNI', kind: 'code', fill: (c) => { const d = F.dni(c.r).replace(/[^0-9A-Za-z]/g, ''); return c.r.chance(0.5) ? `${d.slice(0, 2)} ${d.slice(2, 5)} ${d.slice(5, 8)} ${d.slice(8)}` : d; } },
  nie: { type: 'ES_NIE', kind: 'code', fill: (c) => F.nie(c.r) },
  nif: { type: 'PT_NIF', kind: 'code', fill: (c) => F.ptNif(c.r) },
  dob: { type: 'DATE_OF_BIRTH', kind: 'code', fill: (c) => F.dob(c.r, c.lang) },
  pwd: { type: 'PASSWORD', kind: 'code', fill: (c) => F.password(c.r) },
  addr: { type: 'ADDRESS', kind: 'word', fill: defaultAddr },
  addrPT: { type: 'ADDRESS', kind: 'word', fill: (c) => F.addressPT(c.r).text },
  // ---- hard negatives (never labelled)
  order: { kind: 'code', fill: (c) => F.orderNo(c.r, c.lang) },
  protocol: { kind: 'code', fill: (c) => F.protocolNo(c.r) },
  track: { kind: 'code', fill: (c) => (c.lang === 'pt' ? F.trackingS10(c.r) : F.trackingOther(c.r, c.lang)) },
  boleto: { kind: 'code', fill: (c) => F.boleto(c.r) },
  ean: { kind: 'code', fill: (c) => F.ean(c.r) },
  price: { kind: 'code', fill: (c) => (c.lang === 'pt' ? F.priceBR(c.r) : c.lang === 'es' ? F.priceEU(c.r) : F.priceEN(c.r)) },
  price2: { kind: 'code', fill: (c) => (c.lang === 'pt' ? F.priceBR(c.r) : c.lang === 'es' ? F.priceEU(c.r) : F.priceEN(c.r)) },
  date: { kind: 'code', fill: (c) => F.eventDate(c.r, c.lang) },
  date2: { kind: 'code', fill: (c) => F.eventDate(c.r, c.lang) },
  time: { kind: 'code', fill: (c) => F.time(c.r, c.lang) },
  time2: { kind: 'code', fill: (c) => F.time(c.r, c.lang) },
  version: { kind: 'code', fill: (c) => F.version(c.r) },
  ipver: { kind: 'code', fill: (c) => F.ipLikeVersion(c.r) },
  cpfBad: { kind: 'code', fill: (c) => F.cpfBad(c.r) },
  cnpjBad: { kind: 'code', fill: (c) => F.cnpjBad(c.r) },
  cardBad: { kind: 'code', fill: (c) => F.cardBad(c.r) },
  dniBad: { kind: 'code', fill: (c) => F.dniBad(c.r) },
  nieBad: { kind: 'code', fill: (c) => F.nieBad(c.r) },
  nifBad: { kind: 'code', fill: (c) => F.ptNifBad(c.r) },
  imei: { kind: 'code', fill: (c) => F.imei(c.r) },
  e2e: { kind: 'code', fill: (c) => F.pixE2E(c.r) },
  nfe: { kind: 'code', fill: (c) => F.nfeKey(c.r) },
  nf: { kind: 'code', fill: (c) => { const s = F.safeDigits(c.r, 9); return c.r.chance(0.5) ? `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6)}` : s; } },
  sku: { kind: 'code', fill: (c) => F.sku(c.r) },
  err: { kind: 'code', fill: (c) => F.errorCode(c.r) },
  uuidOther: { kind: 'code', fill: (c) => F.uuidOther(c.r) },
  cif: { kind: 'code', fill: (c) => F.cif(c.r) },
  last4: { kind: 'code', fill: (c) => c.r.digits(4) },
  expiry: { kind: 'code', fill: (c) => `${String(c.r.int(1, 12)).padStart(2, '0')}/${c.r.int(25, 32)}` },
  expiryDate: { kind: 'code', fill: (c) => `${String(c.r.int(1, 28)).padStart(2, '0')}/${String(c.r.int(1, 12)).padStart(2, '0')}/${c.r.int(2026, 2034)}` },
  invoice: { kind: 'code', fill: (c) => (c.lang === 'es' ? c.r.pick([`F2024-${c.r.digits(5)}`, `A-2024/${c.r.digits(4)}`, `FV${c.r.digits(8)}`]) : `INV-2024-${c.r.digits(5)}`) },
  txid: { kind: 'code', fill: (c) => { let s = ''; for (let i = 0; i < 17; i++) s += c.r.pick([...'ABCDEFGHJKLMNPRSTUVWXYZ0123456789']); return s; } },
  month: { kind: 'word', fill: (c) => c.r.pick(MONTHS[c.lang]) },
  weekday: { kind: 'word', fill: (c) => c.r.pick(WEEKDAYS[c.lang]) },
  city: { kind: 'word', fill: (c) => (c.lang === 'pt' ? c.r.pick(CITIES_BR)[0] : c.lang === 'es' ? c.r.pick(CITIES_ES)[0] : c.r.pick([...CITIES_UK.map((x) => x[0]), ...CITIES_US.map((x) => x[0])])) },
  street: { kind: 'word', fill: (c) => c.r.pick(c.lang === 'pt' ? STREETS_BR : c.lang === 'es' ? STREETS_ES : STREETS_EN) },
  company: { kind: 'word', fill: (c) => c.r.pick(COMPANIES[c.lang]) },
  product: { kind: 'word', fill: (c) => c.r.pick(PRODUCTS[c.lang]) },
  role: { kind: 'word', fill: (c) => c.r.pick(ROLES[c.lang]) },
};

const SLOT_RE = /\{(\w+)\}/g;

function slotTypes(tpl: string): Set<EntityType> {
  const out = new Set<EntityType>();
  for (const m of tpl.matchAll(SLOT_RE)) {
    const d = S[m[1]!];
    if (!d) throw new Error(`unknown slot {${m[1]}} in: ${tpl}`);
    if (d.type) out.add(d.type);
  }
  return out;
}

/** Expand [a|b] choices, then split into literal and slot segments. */
function render(tpl: string, c: Ctx): Seg[] {
  const chosen = tpl.replace(/\[([^\[\]]*)\]/g, (_, opts: string) => c.r.pick(opts.split('|')));
  const segs: Seg[] = [];
  let last = 0;
  for (const m of chosen.matchAll(SLOT_RE)) {
    if (m.index! > last) segs.push({ text: chosen.slice(last, m.index), kind: 'lit' });
    const d = S[m[1]!]!;
    const seg: Seg = { text: d.fill(c), kind: d.kind };
    if (d.type) seg.type = d.type;
    segs.push(seg);
    last = m.index! + m[0].length;
  }
  if (last < chosen.length) segs.push({ text: chosen.slice(last), kind: 'lit' });
  return segs;
}

const lit = (text: string): Seg => ({ text, kind: 'lit' });

// ------------------------------------------------------------------ noise

interface Noise { lower: boolean; upper: boolean; noAccents: boolean; typo: number; abbrev: boolean; noPunct: boolean }

function typoWord(r: Rng, w: string): string {
  const i = r.int(1, w.length - 2);
  switch (r.int(0, 2)) {
    case 0: return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
    case 1: return w.slice(0, i) + w.slice(i + 1);
    default: return w.slice(0, i) + w[i] + w.slice(i);
  }
}

function applyNoise(segs: Seg[], n: Noise, c: Ctx): Seg[] {
  return segs.map((s) => {
    if (s.kind === 'code') return s;
    let t = s.text;
    if (s.kind === 'lit') {
      if (n.abbrev) {
        for (const [re, alts, p] of ABBREV[c.lang]) t = t.replace(re, (m) => (c.r.chance(p) ? c.r.pick(alts) : m));
      }
      if (n.typo > 0) t = t.replace(/\p{L}{4,}/gu, (w) => (c.r.chance(n.typo) ? typoWord(c.r, w) : w));
      if (n.noPunct) t = t.replace(/[.,!?¿¡;]/g, '');
    }
    if (n.lower) t = t.toLowerCase();
    if (n.upper) t = t.toUpperCase();
    if (n.noAccents) t = fold(t);
    return { ...s, text: t };
  });
}

function noiseFor(r: Rng, ch: Channel): Noise {
  switch (ch) {
    case 'chat': return { lower: r.chance(0.15), upper: r.chance(0.02), noAccents: r.chance(0.2), typo: r.chance(0.5) ? 0.03 : 0, abbrev: r.chance(0.25), noPunct: false };
    case 'whatsapp': return { lower: r.chance(0.55), upper: r.chance(0.02), noAccents: r.chance(0.4), typo: r.chance(0.6) ? 0.04 : 0, abbrev: r.chance(0.7), noPunct: r.chance(0.2) };
    case 'email': return { lower: r.chance(0.03), upper: false, noAccents: r.chance(0.1), typo: r.chance(0.3) ? 0.01 : 0, abbrev: false, noPunct: false };
    case 'voice': return { lower: r.chance(0.5), upper: false, noAccents: false, typo: 0, abbrev: false, noPunct: r.chance(0.3) };
  }
}

// ------------------------------------------------------------------ composition

type Kind3 = 'pos' | 'neg' | 'sens';

const TYPE_WEIGHTS: Record<Lang, Array<[EntityType, number]>> = {
  pt: [['PERSON', 12], ['EMAIL', 7], ['PHONE', 9], ['BR_CPF', 10], ['BR_CNPJ', 9], ['BR_CEP', 9], ['ADDRESS', 9],
    ['CREDIT_CARD', 6], ['BR_PIX_KEY', 7], ['BR_CNH', 10], ['DATE_OF_BIRTH', 6], ['PASSWORD', 6], ['IP_ADDRESS', 5],
    ['IBAN', 4], ['PT_NIF', 7]],
  es: [['PERSON', 12], ['EMAIL', 8], ['PHONE', 10], ['ES_DNI', 11], ['ES_NIE', 9], ['ADDRESS', 10], ['IBAN', 9],
    ['CREDIT_CARD', 7], ['DATE_OF_BIRTH', 7], ['PASSWORD', 7], ['IP_ADDRESS', 6], ['PT_NIF', 2]],
  en: [['PERSON', 12], ['EMAIL', 10], ['PHONE', 10], ['ADDRESS', 10], ['CREDIT_CARD', 9], ['IBAN', 7],
    ['DATE_OF_BIRTH', 7], ['PASSWORD', 7], ['IP_ADDRESS', 7], ['ES_NIE', 3], ['ES_DNI', 2], ['PT_NIF', 3], ['BR_CPF', 2],
    ['BR_CNPJ', 2], ['BR_PIX_KEY', 3]],
};

function pickPosTemplate(r: Rng, lang: Lang): string {
  const t = r.weighted(TYPE_WEIGHTS[lang]);
  const cands = POS[lang].filter((tpl) => slotTypes(tpl).has(t));
  if (!cands.length) throw new Error(`no ${lang} template for ${t}`);
  return r.pick(cands);
}

function bodySentences(r: Rng, lang: Lang, kind: Kind3): { tpls: string[]; sens: Sensitive[] } {
  if (kind === 'neg') {
    const n = r.weighted([[1, 5], [2, 4], [3, 1]] as const);
    const tpls: string[] = [];
    for (let i = 0; i < n; i++) tpls.push(r.chance(0.1) ? r.pick(SENS_NEG[lang]) : r.pick(NEG[lang]));
    return { tpls, sens: [] };
  }
  if (kind === 'sens') {
    const [tpl, sens] = r.pick(SENS[lang]);
    const tpls = [tpl];
    if (r.chance(0.35)) tpls.push(pickPosTemplate(r, lang));
    else if (r.chance(0.4)) tpls.push(r.pick(NEG[lang]));
    if (r.chance(0.3)) tpls.reverse();
    return { tpls, sens };
  }
  const tpls = [pickPosTemplate(r, lang)];
  const extra = r.weighted([[0, 45], [1, 40], [2, 15]] as const);
  for (let i = 0; i < extra; i++) {
    const t = r.chance(0.35) ? pickPosTemplate(r, lang) : r.pick(NEG[lang]);
    if (r.chance(0.4)) tpls.unshift(t);
    else tpls.push(t);
  }
  return { tpls, sens: [] };
}

const hasEntitySlot = (tpls: string[]): boolean => tpls.some((t) => slotTypes(t).size > 0);

function join(parts: Seg[][], sep: string): Seg[] {
  const out: Seg[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(lit(sep));
    out.push(...p);
  });
  return out;
}

function buildChat(c: Ctx, tpls: string[], pii: boolean): Seg[] {
  const { r, lang } = c;
  const body = join(tpls.map((t) => render(t, c)), r.chance(0.7) ? ' ' : '\n');
  const out: Seg[] = [];
  if (pii && r.chance(0.1)) {
    const lab = { pt: ['Nome', 'E-mail', 'Mensagem'], es: ['Nombre', 'Correo', 'Mensaje'], en: ['Name', 'Email', 'Message'] }[lang];
    out.push(...render(`${lab[0]}: {name}\n${lab[1]}: {email}\n${lab[2]}: `, c));
  } else if (r.chance(0.35)) {
    out.push(lit(r.pick(GREET[lang]) + r.pick([', ', '! ', '\n', ' '])));
  }
  out.push(...body);
  if (r.chance(0.3)) out.push(lit(' ' + r.pick(CLOSE[lang])));
  return out;
}

function buildWhatsApp(c: Ctx, tpls: string[], pii: boolean): Seg[] {
  const { r, lang } = c;
  const lines = tpls.map((t) => render(t, c));
  if (r.chance(0.3)) lines.unshift([lit(r.pick(GREET[lang]).toLowerCase())]);
  if (r.chance(0.25)) lines[lines.length - 1]!.push(lit(' ' + r.pick(EMOJI)));
  if (r.chance(0.1)) lines[lines.length - 1]!.push(lit(' ' + r.pick(LAUGH[lang])));
  if (r.chance(0.15)) {
    // exported-chat format: "[14:05, 03/09/2024] Ana: ..."
    const d = `${String(r.int(1, 28)).padStart(2, '0')}/${String(r.int(1, 12)).padStart(2, '0')}/2024`;
    let h = r.int(8, 21);
    let m = r.int(0, 50);
    const out: Seg[] = [];
    lines.forEach((ln, i) => {
      if (i > 0) out.push(lit('\n'));
      m += r.int(0, 3);
      if (m > 59) { m -= 60; h += 1; }
      out.push(lit(`[${h}:${String(m).padStart(2, '0')}, ${d}] `));
      if (pii) out.push({ text: c.persona.first, kind: 'word', type: 'PERSON' }, lit(': '));
      else out.push(lit(`${lang === 'en' ? 'Customer' : 'Cliente'}: `));
      out.push(...ln);
    });
    return out;
  }
  return join(lines, '\n');
}

function buildEmail(c: Ctx, tpls: string[], pii: boolean): Seg[] {
  const { r, lang } = c;
  const E = EMAIL_PARTS[lang];
  const out: Seg[] = [];
  if (pii && r.chance(0.3)) out.push(...render(`${lang === 'pt' ? 'De' : lang === 'es' ? 'De' : 'From'}: {name} <{email}>\n`, c));
  if (r.chance(0.6)) out.push(lit(`${lang === 'pt' ? 'Assunto' : lang === 'es' ? 'Asunto' : 'Subject'}: `), ...render(r.pick(E.subject), c), lit('\n\n'));
  out.push(lit(r.pick(E.greet) + '\n\n'));
  out.push(...join(tpls.map((t) => render(t, c)), r.chance(0.5) ? ' ' : '\n\n'));
  out.push(lit('\n\n' + r.pick(E.signoff) + '\n'));
  out.push(...render(pii && r.chance(0.8) ? r.pick(E.sigPos) : r.pick(E.sigNeg), c));
  if (r.chance(0.15)) out.push(lit('\n\n' + E.disclaimer));
  if (r.chance(0.2)) out.push(lit('\n\n'), ...render(pii && r.chance(0.5) ? r.pick(E.quotePos) : r.pick(E.quoteNeg), c));
  return out;
}

function buildVoice(c: Ctx, tpls: string[], pii: boolean): Seg[] {
  const { r } = c;
  const V = VOICE[c.lang];
  const turns: Array<[string, Seg[]]> = [];
  turns.push([V.agent, render(pii && r.chance(0.6) ? r.pick(V.open) : r.pick(V.openAnon), c)]);
  turns.push([V.customer, join(tpls.map((t) => render(t, c)), ' ')]);
  const pairs: Array<[string, string]> = [];
  if (pii) for (let i = r.int(0, 2); i > 0; i--) pairs.push(r.pick(V.pairsPos));
  for (let i = r.int(0, 2); i > 0; i--) pairs.push(r.pick(V.pairsNeg));
  if (r.chance(0.5)) pairs.reverse();
  for (const [q, a] of pairs) {
    turns.push([V.agent, render(q, c)]);
    turns.push([V.customer, render(a, c)]);
  }
  const [cq, ca] = r.pick(V.close);
  turns.push([V.agent, render(cq, c)], [V.customer, render(ca, c)]);
  const out: Seg[] = [];
  turns.forEach(([who, segs], i) => {
    // speaker labels come from the transcription system: never lower-cased or altered
    out.push({ text: `${i > 0 ? '\n' : ''}${who}: `, kind: 'code' });
    out.push(...segs);
  });
  return out;
}

// ------------------------------------------------------------------ checks

const SEP = /[\s.\-\/]/g;

function checkEntity(type: EntityType, s: string, lang: Lang): void {
  const bad = (why: string): never => { throw new Error(`${type} ${JSON.stringify(s)}: ${why}`); };
  if (s !== s.trim() || !s) bad('untrimmed');
  if (/^[,.;:!?)"'<>]/.test(s) || (type !== 'PHONE' && s.startsWith('(')) || /[,;:!?("'<>]$/.test(s)) bad('punctuation at edge');
  const d = s.replace(SEP, '');
  switch (type) {
    case 'BR_CPF': if (!cpfValid(d)) bad('cpf'); break;
    case 'BR_CNPJ': if (!cnpjValid(d)) bad('cnpj'); break;
    case 'BR_CNH': if (!cnhValid(d)) bad('cnh'); break;
    case 'PT_NIF': if (!ptNifValid(d)) bad('nif'); break;
    case 'CREDIT_CARD': if (!luhnValid(d)) bad('luhn'); break;
    case 'IBAN': if (!ibanValid(d)) bad('iban'); break;
    case 'ES_DNI': { const m = /^(\d{8})([A-Za-z])$/.exec(d); if (!m || dniLetter(Number(m[1])) !== m[2]!.toUpperCase()) bad('dni'); break; }
    case 'ES_NIE': { const m = /^([XYZ])(\d{7})([A-Z])$/.exec(d); if (!m || dniLetter(Number('XYZ'.indexOf(m[1]!) + m[2]!)) !== m[3]) bad('nie'); break; }
    case 'BR_CEP': if (!/^\d{8}$/.test(d)) bad('cep'); break;
    case 'BR_PIX_KEY': if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(s)) bad('uuid'); break;
    case 'EMAIL': if (!/^[a-z0-9._+-]+@[a-z0-9.-]+\.[a-z]{2,}$/.test(s) && !/ (arroba|at) /.test(s)) bad('email'); break;
    case 'PHONE': {
      const region = ({ pt: 'BR', es: 'ES', en: 'US' } as const)[lang];
      const ok = ['BR', 'ES', 'PT', 'US', 'GB'].some((rg) => validPhone(s, rg as CountryCode)) || validPhone(s, region);
      if (!ok) bad('phone');
      break;
    }
    default: break;
  }
}

// ------------------------------------------------------------------ main

export function generate(): Message[] {
  const r = new Rng(SEED);
  const out: Message[] = [];
  const seen = new Set<string>();
  for (const lang of ['pt', 'es', 'en'] as const) {
    const chW: Array<[Channel, number]> = lang === 'en'
      ? [['chat', 40], ['whatsapp', 15], ['email', 27], ['voice', 18]]
      : [['chat', 28], ['whatsapp', 32], ['email', 20], ['voice', 20]];
    for (let i = 1; i <= COUNTS[lang]; i++) {
      const kind: Kind3 = r.weighted([['sens', 6], ['neg', 41], ['pos', 53]] as const);
      for (let attempt = 0; ; attempt++) {
        if (attempt > 50) throw new Error('could not make a unique message');
        const channel = r.weighted(chW);
        const persona = makePerson(r, lang);
        const c: Ctx = { r, lang, channel, persona, email: emailFor(r, lang, persona), others: [] };
        const { tpls, sens } = bodySentences(r, lang, kind);
        const pii = kind === 'pos' || hasEntitySlot(tpls);
        const segs = { chat: buildChat, whatsapp: buildWhatsApp, email: buildEmail, voice: buildVoice }[channel](c, tpls, pii);
        const noisy = applyNoise(segs, noiseFor(r, channel), c);
        let text = '';
        const entities: Message['entities'] = [];
        for (const s of noisy) {
          if (s.type) entities.push({ type: s.type, start: text.length, end: text.length + s.text.length });
          text += s.text;
        }
        if (seen.has(text)) continue;
        if (kind === 'neg' && entities.length) throw new Error(`negative message got entities: ${text}`);
        if (kind === 'pos' && !entities.length) throw new Error(`positive message without entities: ${text}`);
        for (const e of entities) checkEntity(e.type, text.slice(e.start, e.end), lang);
        seen.add(text);
        const msg: Message = { id: `${lang}-${String(i).padStart(4, '0')}`, lang, channel, text, entities };
        if (sens.length) msg.sensitive = [...sens];
        out.push(msg);
        break;
      }
    }
  }
  return out;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const target = `${here}messages.jsonl`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const msgs = generate();
  const jsonl = msgs.map((m) => JSON.stringify(m)).join('\n') + '\n';
  if (process.argv.includes('--check')) {
    const cur = readFileSync(target, 'utf8');
    if (cur !== jsonl) {
      console.error('messages.jsonl is out of date: run npx tsx packages/pii/corpus/generate.ts');
      process.exit(1);
    }
    console.error('messages.jsonl is up to date');
  } else {
    writeFileSync(target, jsonl);
    const byType = new Map<string, number>();
    for (const m of msgs) for (const e of m.entities) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    const neg = msgs.filter((m) => !m.entities.length && !m.sensitive).length;
    const sens = msgs.filter((m) => m.sensitive).length;
    const byLang = (l: string): number => msgs.filter((m) => m.lang === l).length;
    console.error(`wrote ${msgs.length} messages (pt ${byLang('pt')}, es ${byLang('es')}, en ${byLang('en')}); negatives ${neg} (${(100 * neg / msgs.length).toFixed(1)}%); sensitive ${sens}`);
    console.error([...byType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', '));
  }
}
