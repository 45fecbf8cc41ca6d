// Accuracy evaluation of @sigilo/pii (issue 3).
//   npm run eval:pii                         # from the repo root (tsx scripts/eval.ts in packages/pii)
//   npm run eval:pii -- --errors 5           # first 5 false positives / negatives / boundary misses per type
//   npm run eval:pii -- --type PERSON        # one type only
//   npm run eval:pii -- --json               # machine-readable output on stdout
//   npm run eval:pii -- --no-lang            # let the engine detect the language
//   npm run eval:pii -- --check              # exit 1 when a target fails
//   npm run eval:pii -- --engine path.ts     # evaluate another module with the same API
// Sections: (1) the project corpus packages/pii/corpus/messages.jsonl, (2) Presidio's recognizer
// test cases from ../shared/eval (never copied into the repo), (3) sensitive-category flags.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

// ------------------------------------------------------------------ types and arguments

const STRUCTURED = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'IP_ADDRESS', 'BR_CPF', 'BR_CNPJ', 'BR_CEP', 'BR_CNH',
  'BR_PIX_KEY', 'ES_DNI', 'ES_NIE', 'PT_NIF', 'DATE_OF_BIRTH', 'PASSWORD'] as const;
const FREE_TEXT = ['PERSON', 'ADDRESS'] as const;
const ALL_TYPES: readonly string[] = [...STRUCTURED, ...FREE_TEXT];
const SENSITIVE = ['HEALTH', 'RELIGION', 'POLITICS', 'SEX_LIFE', 'ETHNICITY', 'BIOMETRIC_GENETIC', 'UNION', 'CRIMINAL'] as const;
const LANGS = ['pt', 'es', 'en'] as const;
type Lang = (typeof LANGS)[number];

const TARGET = { structuredF1: 0.98, freeTextF1: 0.92, negativesFlagged: 0.01, leak: 0.005 };
const IOU_MIN = 0.5;

interface Span { type: string; start: number; end: number }
interface Pred extends Span { score?: number }
interface CorpusMessage { id: string; lang: Lang; channel: string; text: string; entities: Span[]; sensitive?: string[] }

interface Args { json: boolean; errors: number; type?: string; engine?: string; noLang: boolean; check: boolean; corpus?: string }

function parseArgs(argv: string[]): Args {
  const a: Args = { json: false, errors: 0, noLang: false, check: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const val = (): string => {
      const v = argv[++i];
      if (v === undefined) fail(`${k} needs a value`);
      return v;
    };
    if (k === '--json') a.json = true;
    else if (k === '--errors') a.errors = Number(val());
    else if (k === '--type') a.type = val().toUpperCase();
    else if (k === '--engine') a.engine = val();
    else if (k === '--no-lang') a.noLang = true;
    else if (k === '--check') a.check = true;
    else if (k === '--corpus') a.corpus = val();
    else if (k === '--help' || k === '-h') {
      console.log('usage: tsx scripts/eval.ts [--json] [--errors N] [--type T] [--no-lang] [--check] [--engine FILE] [--corpus FILE]');
      process.exit(0);
    } else fail(`unknown argument ${k}`);
  }
  if (!Number.isInteger(a.errors) || a.errors < 0) fail('--errors takes a non-negative integer');
  if (a.type && !ALL_TYPES.includes(a.type)) fail(`unknown type ${a.type}; one of ${ALL_TYPES.join(', ')}`);
  return a;
}

function fail(msg: string): never {
  console.error(`eval: ${msg}`);
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2));
const here = dirname(fileURLToPath(import.meta.url));
const pkgRoot = resolve(here, '..');
const repoRoot = resolve(pkgRoot, '../..');

// ------------------------------------------------------------------ engine

type DetectFn = (text: string, opts?: { lang?: Lang; types?: string[] }) => Pred[];
type SensitiveFn = (text: string, opts?: { lang?: Lang }) => unknown;

const engineUrl = args.engine ? pathToFileURL(resolve(process.cwd(), args.engine)).href : new URL('../src/index.ts', import.meta.url).href;
let engine: Record<string, unknown>;
try {
  engine = (await import(engineUrl)) as Record<string, unknown>;
} catch (e) {
  fail(`cannot load the engine from ${engineUrl}: ${(e as Error).message}`);
}
if (typeof engine.detect !== 'function') fail(`${engineUrl} does not export detect()`);
const detect = engine.detect as DetectFn;
const sensitiveName = ['detectSensitive', 'detectSensitiveCategories', 'flagSensitive', 'sensitive']
  .find((n) => typeof engine[n] === 'function')
  ?? Object.keys(engine).find((n) => /sensitive/i.test(n) && typeof engine[n] === 'function');
const detectSensitive = sensitiveName ? (engine[sensitiveName] as SensitiveFn) : undefined;

// ------------------------------------------------------------------ matching

const iou = (a: Span, b: Span): number => {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = Math.max(a.end, b.end) - Math.min(a.start, b.start);
  return union > 0 ? inter / union : 0;
};

interface MatchResult { pairs: Array<[number, number]>; fp: number[]; fn: number[] }

/** One-to-one, same type, greedy by IoU (highest first); a pair needs IoU ≥ minIou. */
function match(gold: Span[], pred: Span[], minIou: number, sameType = true): MatchResult {
  const cands: Array<[number, number, number]> = [];
  gold.forEach((g, gi) => pred.forEach((p, pi) => {
    if (sameType && g.type !== p.type) return;
    const v = iou(g, p);
    if (v >= minIou && v > 0) cands.push([v, gi, pi]);
  }));
  cands.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  const gUsed = new Set<number>();
  const pUsed = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (const [, gi, pi] of cands) {
    if (gUsed.has(gi) || pUsed.has(pi)) continue;
    gUsed.add(gi);
    pUsed.add(pi);
    pairs.push([gi, pi]);
  }
  return { pairs, fp: pred.map((_, i) => i).filter((i) => !pUsed.has(i)), fn: gold.map((_, i) => i).filter((i) => !gUsed.has(i)) };
}

const exactMatch = (gold: Span[], pred: Span[]): MatchResult => {
  const used = new Set<number>();
  const pairs: Array<[number, number]> = [];
  gold.forEach((g, gi) => {
    const pi = pred.findIndex((p, i) => !used.has(i) && p.type === g.type && p.start === g.start && p.end === g.end);
    if (pi >= 0) {
      used.add(pi);
      pairs.push([gi, pi]);
    }
  });
  const gm = new Set(pairs.map(([g]) => g));
  return { pairs, fp: pred.map((_, i) => i).filter((i) => !used.has(i)), fn: gold.map((_, i) => i).filter((i) => !gm.has(i)) };
};

interface Counts { tp: number; fp: number; fn: number }
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const add = (a: Counts, b: Counts): Counts => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });
function prf(c: Counts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp ? c.tp / (c.tp + c.fp) : c.fn ? 0 : 1;
  const recall = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

// ------------------------------------------------------------------ section 1: corpus

const corpusPath = args.corpus ? resolve(process.cwd(), args.corpus) : resolve(pkgRoot, 'corpus/messages.jsonl');
if (!existsSync(corpusPath)) fail(`corpus not found at ${corpusPath} (run npx tsx packages/pii/corpus/generate.ts)`);
const corpus: CorpusMessage[] = readFileSync(corpusPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CorpusMessage);

const typesInScope = args.type ? [args.type] : ALL_TYPES;
const inScope = (s: Span): boolean => typesInScope.includes(s.type);

interface ErrorItem { kind: 'FP' | 'FN' | 'BOUNDARY'; type: string; id: string; span: string; note?: string }
interface Bucket { iou: Counts; exact: Counts }
const newBucket = (): Bucket => ({ iou: zero(), exact: zero() });

const perType = new Map<string, Bucket>(ALL_TYPES.map((t) => [t, newBucket()]));
const perLangType = new Map<string, Bucket>();
const perLang = new Map<Lang, { all: Bucket; negatives: number; negFlagged: number; goldChars: number; leakedChars: number; messages: number }>(
  LANGS.map((l) => [l, { all: newBucket(), negatives: 0, negFlagged: 0, goldChars: 0, leakedChars: 0, messages: 0 }]));
const errors: ErrorItem[] = [];
const negFpByType = new Map<string, number>();
let detectMs = 0;
let chars = 0;
let goldChars = 0;
let leakedChars = 0;
let negatives = 0;
let negFlagged = 0;

const quote = (text: string, s: Span): string => JSON.stringify(text.slice(s.start, s.end));

for (const m of corpus) {
  const t0 = performance.now();
  const raw = detect(m.text, args.noLang ? undefined : { lang: m.lang });
  detectMs += performance.now() - t0;
  chars += m.text.length;
  if (!Array.isArray(raw)) fail(`detect() returned ${typeof raw} for ${m.id}`);
  const allPred = raw.filter((p) => ALL_TYPES.includes(p.type));
  const pred = allPred.filter(inScope);
  const gold = m.entities.filter(inScope);
  const L = perLang.get(m.lang)!;
  L.messages++;

  // leak: non-space gold characters (of the types in scope) that no predicted span of any type covers
  for (const g of gold) {
    for (let i = g.start; i < g.end; i++) {
      if (/\s/.test(m.text[i]!)) continue;
      goldChars++;
      L.goldChars++;
      if (!raw.some((p) => p.start <= i && i < p.end)) {
        leakedChars++;
        L.leakedChars++;
      }
    }
  }
  if (m.entities.length === 0) {
    negatives++;
    L.negatives++;
    if (pred.length) {
      negFlagged++;
      L.negFlagged++;
      for (const p of pred) negFpByType.set(p.type, (negFpByType.get(p.type) ?? 0) + 1);
    }
  }

  for (const type of typesInScope) {
    const g = gold.filter((s) => s.type === type);
    const p = pred.filter((s) => s.type === type);
    if (!g.length && !p.length) continue;
    const mi = match(g, p, IOU_MIN);
    const me = exactMatch(g, p);
    const ci: Counts = { tp: mi.pairs.length, fp: mi.fp.length, fn: mi.fn.length };
    const ce: Counts = { tp: me.pairs.length, fp: me.fp.length, fn: me.fn.length };
    const b = perType.get(type)!;
    b.iou = add(b.iou, ci);
    b.exact = add(b.exact, ce);
    const key = `${m.lang}:${type}`;
    const lb = perLangType.get(key) ?? newBucket();
    lb.iou = add(lb.iou, ci);
    lb.exact = add(lb.exact, ce);
    perLangType.set(key, lb);
    L.all.iou = add(L.all.iou, ci);
    L.all.exact = add(L.all.exact, ce);
    if (args.errors) {
      for (const i of mi.fp) {
        const over = m.entities.find((e) => e.type !== type && iou(e, p[i]!) > 0);
        errors.push({ kind: 'FP', type, id: m.id, span: quote(m.text, p[i]!), ...(over ? { note: `gold ${over.type} ${quote(m.text, over)}` } : {}) });
      }
      for (const i of mi.fn) {
        const over = allPred.find((q) => q.type !== type && iou(q, g[i]!) > 0);
        errors.push({ kind: 'FN', type, id: m.id, span: quote(m.text, g[i]!), ...(over ? { note: `predicted ${over.type} ${quote(m.text, over)}` } : {}) });
      }
      for (const [gi, pi] of mi.pairs) {
        const a = g[gi]!;
        const b2 = p[pi]!;
        if (a.start !== b2.start || a.end !== b2.end) errors.push({ kind: 'BOUNDARY', type, id: m.id, span: quote(m.text, a), note: `predicted ${quote(m.text, b2)}` });
      }
    }
  }
}

const overall = { iou: zero(), exact: zero() };
for (const b of perType.values()) {
  overall.iou = add(overall.iou, b.iou);
  overall.exact = add(overall.exact, b.exact);
}
const rate = (n: number, d: number): number => (d ? n / d : 0);

// ------------------------------------------------------------------ section 2: Presidio cases

const PRESIDIO_MAP: Record<string, string> = {
  CREDIT_CARD: 'CREDIT_CARD', EMAIL_ADDRESS: 'EMAIL', IBAN_CODE: 'IBAN', IP_ADDRESS: 'IP_ADDRESS',
  PHONE_NUMBER: 'PHONE', ES_NIF: 'ES_DNI', ES_NIE: 'ES_NIE',
};
const SHARED = new Set(Object.values(PRESIDIO_MAP));

interface PresidioCase { source: string; entity: string; kind: string; text: string; expected: Array<[number, number]> | null; expected_count?: number; language?: string }
interface PresidioResult {
  path: string | null;
  note?: string;
  rule: string;
  perEntity: Record<string, { ours: string; cases: number; passed: number; passedLenient: number }>;
  total: { cases: number; passed: number; passedLenient: number };
  skipped: { notShared: number; noSpans: number; inconsistent: number };
  failures: Array<{ source: string; entity: string; text: string; expected: Span[]; predicted: Span[] }>;
}

const PRESIDIO_RULE = 'a case passes when every expected span is found with the mapped type and IoU >= 0.5 (one-to-one) '
  + 'and no other span of a shared type (EMAIL, PHONE, CREDIT_CARD, IBAN, IP_ADDRESS, ES_DNI, ES_NIE) is predicted; '
  + '"lenient" ignores extra spans of types other than the case\'s own. Presidio ES_NIF maps to ES_DNI. '
  + 'Cases whose expected spans are missing (validator-only) or disagree with expected_count are skipped.';

function findShared(): string | null {
  const cands = [process.env.SIGILO_SHARED_EVAL, resolve(repoRoot, '../shared/eval'), resolve(repoRoot, '../../shared/eval')]
    .filter((x): x is string => !!x);
  for (const d of cands) if (existsSync(resolve(d, 'presidio-cases.jsonl'))) return resolve(d, 'presidio-cases.jsonl');
  return null;
}

function runPresidio(): PresidioResult {
  const path = findShared();
  const res: PresidioResult = {
    path, rule: PRESIDIO_RULE, perEntity: {}, total: { cases: 0, passed: 0, passedLenient: 0 },
    skipped: { notShared: 0, noSpans: 0, inconsistent: 0 }, failures: [],
  };
  if (!path) {
    res.note = 'presidio-cases.jsonl not found (looked in ../shared/eval next to the repo and $SIGILO_SHARED_EVAL); section skipped';
    return res;
  }
  const cases = readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as PresidioCase);
  for (const c of cases) {
    const ours = PRESIDIO_MAP[c.entity];
    if (!ours) { res.skipped.notShared++; continue; }
    if (args.type && ours !== args.type) continue;
    if (!Array.isArray(c.expected)) { res.skipped.noSpans++; continue; }
    if (c.expected_count !== undefined && c.expected_count !== c.expected.length) { res.skipped.inconsistent++; continue; }
    const lang = (LANGS as readonly string[]).includes(c.language ?? '') ? (c.language as Lang) : undefined;
    const pred = detect(c.text, lang && !args.noLang ? { lang } : undefined).filter((p) => SHARED.has(p.type));
    const gold: Span[] = c.expected.map(([start, end]) => ({ type: ours, start, end }));
    const m = match(gold, pred, IOU_MIN);
    const found = m.fn.length === 0;
    const strict = found && m.fp.length === 0;
    const lenient = found && m.fp.every((i) => pred[i]!.type !== ours);
    const e = (res.perEntity[c.entity] ??= { ours, cases: 0, passed: 0, passedLenient: 0 });
    e.cases++;
    res.total.cases++;
    if (strict) { e.passed++; res.total.passed++; }
    if (lenient) { e.passedLenient++; res.total.passedLenient++; }
    if (!strict) res.failures.push({ source: c.source, entity: c.entity, text: c.text, expected: gold, predicted: pred.map(({ type, start, end }) => ({ type, start, end })) });
  }
  return res;
}

const presidio = runPresidio();

// ------------------------------------------------------------------ section 3: sensitive categories

interface SensResult { available: boolean; fn?: string; perCategory: Record<string, Counts>; overall: Counts; flaggedWithoutGold: number; messagesWithoutGold: number }

function categoriesOf(out: unknown): Set<string> {
  const s = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') s.add(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.category === 'string') s.add(o.category);
      else if (typeof o.type === 'string') s.add(o.type);
      else for (const k of ['categories', 'flags', 'sensitive']) if (k in o) visit(o[k]);
    }
  };
  visit(out);
  return new Set([...s].filter((x) => (SENSITIVE as readonly string[]).includes(x)));
}

function runSensitive(): SensResult {
  const res: SensResult = { available: false, perCategory: {}, overall: zero(), flaggedWithoutGold: 0, messagesWithoutGold: 0 };
  if (!detectSensitive) return res;
  res.available = true;
  res.fn = sensitiveName;
  for (const c of SENSITIVE) res.perCategory[c] = zero();
  for (const m of corpus) {
    const gold = new Set(m.sensitive ?? []);
    const got = categoriesOf(detectSensitive(m.text, args.noLang ? undefined : { lang: m.lang }));
    if (!gold.size) {
      res.messagesWithoutGold++;
      if (got.size) res.flaggedWithoutGold++;
    }
    for (const c of SENSITIVE) {
      const k = res.perCategory[c]!;
      if (gold.has(c) && got.has(c)) k.tp++;
      else if (got.has(c)) k.fp++;
      else if (gold.has(c)) k.fn++;
    }
  }
  for (const c of SENSITIVE) res.overall = add(res.overall, res.perCategory[c]!);
  return res;
}

const sensitive = runSensitive();

// ------------------------------------------------------------------ targets

interface Check { name: string; value: number; target: string; pass: boolean }
const checks: Check[] = [];
for (const t of typesInScope) {
  const b = perType.get(t)!;
  if (b.iou.tp + b.iou.fn === 0) continue;
  const f1 = prf(b.iou).f1;
  const goal = (FREE_TEXT as readonly string[]).includes(t) ? TARGET.freeTextF1 : TARGET.structuredF1;
  checks.push({ name: `F1 ${t}`, value: f1, target: `>= ${goal}`, pass: f1 >= goal });
}
const negRate = rate(negFlagged, negatives);
const leakRate = rate(leakedChars, goldChars);
checks.push({ name: 'negative messages flagged', value: negRate, target: `< ${TARGET.negativesFlagged * 100}%`, pass: negRate < TARGET.negativesFlagged });
checks.push({ name: 'leak rate', value: leakRate, target: `< ${TARGET.leak * 100}%`, pass: leakRate < TARGET.leak });
const allPass = checks.every((c) => c.pass);

// ------------------------------------------------------------------ output

const pct = (x: number, d = 1): string => `${(x * 100).toFixed(d)}%`;
const f3 = (x: number): string => x.toFixed(3);
const pad = (s: string | number, n: number): string => String(s).padEnd(n);
const lpad = (s: string | number, n: number): string => String(s).padStart(n);

if (args.json) {
  const typeOut = Object.fromEntries([...perType].filter(([t]) => typesInScope.includes(t)).map(([t, b]) => [t, {
    gold: b.iou.tp + b.iou.fn, ...b.iou, ...prf(b.iou), exact: { ...b.exact, ...prf(b.exact) },
  }]));
  const langOut = Object.fromEntries([...perLang].map(([l, v]) => [l, {
    messages: v.messages, ...v.all.iou, ...prf(v.all.iou), exactF1: prf(v.all.exact).f1,
    negatives: v.negatives, negativesFlagged: v.negFlagged, negativesFlaggedRate: rate(v.negFlagged, v.negatives),
    leakRate: rate(v.leakedChars, v.goldChars),
    perType: Object.fromEntries(typesInScope.flatMap((t) => { const b = perLangType.get(`${l}:${t}`); return b ? [[t, { ...b.iou, f1: prf(b.iou).f1, exactF1: prf(b.exact).f1 }]] : []; })),
  }]));
  console.log(JSON.stringify({
    engine: engineUrl, corpus: { path: corpusPath, messages: corpus.length, typeFilter: args.type ?? null, langGiven: !args.noLang },
    perType: typeOut, overall: { ...overall.iou, ...prf(overall.iou), exact: { ...overall.exact, ...prf(overall.exact) } },
    negatives: { messages: negatives, flagged: negFlagged, rate: negRate, predictionsByType: Object.fromEntries(negFpByType) },
    leak: { goldChars, leakedChars, rate: leakRate }, perLang: langOut,
    throughput: { chars, ms: detectMs, mbPerSec: chars / 1e6 / (detectMs / 1000) },
    targets: checks, allTargetsPass: allPass,
    presidio: { ...presidio, failures: args.errors ? presidio.failures.slice(0, args.errors) : undefined },
    sensitive: sensitive.available ? {
      function: sensitive.fn,
      perCategory: Object.fromEntries(Object.entries(sensitive.perCategory).map(([k, v]) => [k, { ...v, ...prf(v) }])),
      overall: { ...sensitive.overall, ...prf(sensitive.overall) },
      flaggedWithoutGold: sensitive.flaggedWithoutGold, messagesWithoutGold: sensitive.messagesWithoutGold,
    } : { available: false },
    errors: args.errors ? errors.filter((e, i, all) => all.slice(0, i).filter((x) => x.kind === e.kind && x.type === e.type).length < args.errors) : undefined,
  }, null, 2));
} else {
  const out: string[] = [];
  const p = (s = ''): void => { out.push(s); };
  p(`@sigilo/pii evaluation — engine ${engineUrl.replace(pathToFileURL(repoRoot).href + '/', '')}`);
  p(`corpus ${corpusPath.replace(repoRoot + '/', '')}: ${corpus.length} messages (${LANGS.map((l) => `${l} ${perLang.get(l)!.messages}`).join(', ')}), `
    + `${negatives} with no gold entity; language ${args.noLang ? 'detected by the engine' : 'given'}${args.type ? `; type filter ${args.type}` : ''}`);
  p(`match: same type and IoU >= ${IOU_MIN} (one-to-one); "exact" = same type and identical span`);
  p();
  p(`${pad('type', 14)}${lpad('gold', 6)}${lpad('TP', 6)}${lpad('FP', 6)}${lpad('FN', 6)}${lpad('prec', 8)}${lpad('recall', 8)}${lpad('F1', 8)}${lpad('exactF1', 9)}  target`);
  for (const t of typesInScope) {
    const b = perType.get(t)!;
    const r = prf(b.iou);
    const gold = b.iou.tp + b.iou.fn;
    const goal = (FREE_TEXT as readonly string[]).includes(t) ? TARGET.freeTextF1 : TARGET.structuredF1;
    const mark = gold ? (r.f1 >= goal ? 'PASS' : 'FAIL') : '—';
    p(`${pad(t, 14)}${lpad(gold, 6)}${lpad(b.iou.tp, 6)}${lpad(b.iou.fp, 6)}${lpad(b.iou.fn, 6)}${lpad(f3(r.precision), 8)}${lpad(f3(r.recall), 8)}${lpad(f3(r.f1), 8)}${lpad(f3(prf(b.exact).f1), 9)}  ${mark} (>= ${goal})`);
  }
  const ro = prf(overall.iou);
  p(`${pad('overall', 14)}${lpad(overall.iou.tp + overall.iou.fn, 6)}${lpad(overall.iou.tp, 6)}${lpad(overall.iou.fp, 6)}${lpad(overall.iou.fn, 6)}${lpad(f3(ro.precision), 8)}${lpad(f3(ro.recall), 8)}${lpad(f3(ro.f1), 8)}${lpad(f3(prf(overall.exact).f1), 9)}  (micro)`);
  p();
  const negTypes = [...negFpByType].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${n}`).join(', ');
  p(`negative messages flagged: ${negFlagged}/${negatives} = ${pct(negRate, 2)}  ${negRate < TARGET.negativesFlagged ? 'PASS' : 'FAIL'} (< 1%)${negTypes ? `   spans by type: ${negTypes}` : ''}`);
  p(`leak rate: ${leakedChars}/${goldChars} gold PII characters (non-space) not covered by any predicted span = ${pct(leakRate, 2)}  ${leakRate < TARGET.leak ? 'PASS' : 'FAIL'} (< 0.5%)`);
  p(`throughput (incidental, not a benchmark): ${(chars / 1e6 / (detectMs / 1000)).toFixed(1)} MB/s over ${chars} chars`);
  p();
  p('per language');
  p(`${pad('lang', 6)}${lpad('msgs', 6)}${lpad('TP', 6)}${lpad('FP', 6)}${lpad('FN', 6)}${lpad('prec', 8)}${lpad('recall', 8)}${lpad('F1', 8)}${lpad('exactF1', 9)}${lpad('negFlag', 9)}${lpad('leak', 8)}`);
  for (const [l, v] of perLang) {
    const r = prf(v.all.iou);
    p(`${pad(l, 6)}${lpad(v.messages, 6)}${lpad(v.all.iou.tp, 6)}${lpad(v.all.iou.fp, 6)}${lpad(v.all.iou.fn, 6)}${lpad(f3(r.precision), 8)}${lpad(f3(r.recall), 8)}${lpad(f3(r.f1), 8)}${lpad(f3(prf(v.all.exact).f1), 9)}${lpad(pct(rate(v.negFlagged, v.negatives), 2), 9)}${lpad(pct(rate(v.leakedChars, v.goldChars), 2), 8)}`);
  }
  p(`F1 by type and language (gold count in brackets):`);
  for (const t of typesInScope) {
    const cells = LANGS.map((l) => {
      const b = perLangType.get(`${l}:${t}`);
      if (!b) return pad('—', 16);
      return pad(`${f3(prf(b.iou).f1)} [${b.iou.tp + b.iou.fn}]`, 16);
    });
    p(`  ${pad(t, 14)}${LANGS.map((l, i) => `${l} ${cells[i]}`).join('')}`);
  }
  p();
  p(`Presidio recognizer cases (${presidio.path ? presidio.path : 'not found'})`);
  if (presidio.note) p(`  note: ${presidio.note}`);
  else {
    p(`  rule: ${presidio.rule}`);
    for (const [ent, v] of Object.entries(presidio.perEntity).sort()) {
      p(`  ${pad(ent, 14)}-> ${pad(v.ours, 12)}${lpad(`${v.passed}/${v.cases}`, 9)} ${lpad(pct(rate(v.passed, v.cases)), 7)}   lenient ${lpad(pct(rate(v.passedLenient, v.cases)), 7)}`);
    }
    p(`  ${pad('all shared', 14)}   ${pad('', 12)}${lpad(`${presidio.total.passed}/${presidio.total.cases}`, 9)} ${lpad(pct(rate(presidio.total.passed, presidio.total.cases)), 7)}   lenient ${lpad(pct(rate(presidio.total.passedLenient, presidio.total.cases)), 7)}`);
    p(`  skipped: ${presidio.skipped.notShared} cases of types we do not share, ${presidio.skipped.noSpans} without expected spans, ${presidio.skipped.inconsistent} whose spans disagree with expected_count`);
    if (args.errors) {
      for (const f of presidio.failures.slice(0, args.errors)) {
        p(`    FAIL ${f.source.replace(/^.*tests\//, '')} ${f.entity} ${JSON.stringify(f.text.length > 90 ? f.text.slice(0, 90) + '…' : f.text)}`);
        p(`         expected ${f.expected.map((s) => `${s.type}[${s.start},${s.end})`).join(' ') || 'nothing'}; predicted ${f.predicted.map((s) => `${s.type}[${s.start},${s.end})`).join(' ') || 'nothing'}`);
      }
    }
  }
  p();
  p('Sensitive categories (message-level flags)');
  if (!sensitive.available) p('  not available: the engine exports no sensitive-category function (looked for detectSensitive & co.)');
  else {
    p(`  function ${sensitive.fn}(); a category counts once per message`);
    p(`  ${pad('category', 18)}${lpad('TP', 5)}${lpad('FP', 5)}${lpad('FN', 5)}${lpad('prec', 8)}${lpad('recall', 8)}${lpad('F1', 8)}`);
    for (const c of SENSITIVE) {
      const k = sensitive.perCategory[c]!;
      const r = prf(k);
      p(`  ${pad(c, 18)}${lpad(k.tp, 5)}${lpad(k.fp, 5)}${lpad(k.fn, 5)}${lpad(f3(r.precision), 8)}${lpad(f3(r.recall), 8)}${lpad(f3(r.f1), 8)}`);
    }
    const r = prf(sensitive.overall);
    p(`  ${pad('overall', 18)}${lpad(sensitive.overall.tp, 5)}${lpad(sensitive.overall.fp, 5)}${lpad(sensitive.overall.fn, 5)}${lpad(f3(r.precision), 8)}${lpad(f3(r.recall), 8)}${lpad(f3(r.f1), 8)}`);
    p(`  messages without a sensitive label that got a flag: ${sensitive.flaggedWithoutGold}/${sensitive.messagesWithoutGold} = ${pct(rate(sensitive.flaggedWithoutGold, sensitive.messagesWithoutGold), 2)}`);
  }
  if (args.errors) {
    p();
    p(`errors (first ${args.errors} per kind and type; synthetic data, safe to print)`);
    for (const t of typesInScope) {
      for (const kind of ['FP', 'FN', 'BOUNDARY'] as const) {
        const list = errors.filter((e) => e.type === t && e.kind === kind);
        if (!list.length) continue;
        p(`  ${t} ${kind} (${list.length})`);
        for (const e of list.slice(0, args.errors)) p(`    ${pad(e.id, 9)} ${e.span}${e.note ? `   [${e.note}]` : ''}`);
      }
    }
  }
  p();
  p(`targets: ${checks.filter((c) => c.pass).length}/${checks.length} PASS${allPass ? '' : ` — FAIL: ${checks.filter((c) => !c.pass).map((c) => c.name).join(', ')}`}`);
  console.log(out.join('\n'));
}

if (args.check && !allPass) process.exit(1);
