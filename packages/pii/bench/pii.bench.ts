// Throughput and latency of @sigilo/pii against the npm peers, single thread, same text, same process.
//   npm run bench:pii            (from the repo root)
//   npm run bench:pii -- --seconds 3
// Corpus: packages/pii/corpus/messages.jsonl when present, else a deterministic generated mix.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redactor } from '@redactpii/node';
import { SyncRedactor } from 'redact-pii';
// Measure the shipped build (dist, made by `npm install` / `npm run build`); fall back to the sources.
const here0 = dirname(fileURLToPath(import.meta.url));
const engine = (await import(existsSync(resolve(here0, '../dist/index.js')) ? '../dist/index.js' : '../src/index.js')) as typeof import('../src/index.js');
const { analyze, detect, mask } = engine;

const here = dirname(fileURLToPath(import.meta.url));
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 2;

function loadCorpus(): string[] {
  const file = resolve(here, '../corpus/messages.jsonl');
  if (existsSync(file)) {
    const msgs = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text);
    if (msgs.length > 0) return msgs;
  }
  // Deterministic fallback: a fixed LCG over templates.
  let seed = 42;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const parts = ['Olá, meu pedido 48213 não chegou.', 'Meu CPF é 111.444.777-35', 'Hola, me llamo Lucía Fernández', 'mi DNI 12345678Z',
    'My card 4111 1111 1111 1111 was charged twice', 'email ana@exemplo.com', 'tel (11) 98765-4321', 'Rua das Flores, 123, apto 4',
    'Obrigado pela ajuda, o produto chegou quebrado e quero trocar.', 'The package arrived yesterday, thanks for the quick reply!'];
  return Array.from({ length: 2000 }, () => Array.from({ length: 1 + rnd(4) }, () => parts[rnd(parts.length)]).join(' '));
}

const corpus = loadCorpus();
const totalChars = corpus.reduce((a, t) => a + t.length, 0);
const totalBytes = corpus.reduce((a, t) => a + Buffer.byteLength(t), 0);

function throughput(name: string, fn: (t: string) => unknown): number {
  for (let r = 0; r < 3; r++) for (const t of corpus) fn(t); // warm-up: let the JIT reach its top tier
  let bytes = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < SECONDS * 1000) {
    for (const t of corpus) fn(t);
    bytes += totalBytes;
    elapsed = performance.now() - t0;
  }
  const mbs = bytes / 1e6 / (elapsed / 1000);
  return mbs;
}

function latency(fn: (t: string) => unknown): { p50: number; p99: number; n: number } {
  const small = corpus.filter((t) => Buffer.byteLength(t) <= 1024);
  const samples: number[] = [];
  for (let r = 0; r < 5; r++) {
    for (const t of small) {
      const t0 = performance.now();
      fn(t);
      samples.push(performance.now() - t0);
    }
  }
  samples.sort((a, b) => a - b);
  const q = (p: number): number => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { p50: q(0.5), p99: q(0.99), n: small.length };
}

const redactPii = new SyncRedactor();
const redactpiiNode = new Redactor();
const TRIVIAL = /[\w.+-]+@[\w-]+\.[\w.]+|\d{4,}/g;

const runs: Array<[string, (t: string) => unknown]> = [
  ['trivial one-regex pass (bound)', (t) => t.match(TRIVIAL)],
  ['@sigilo/pii detect()', (t) => detect(t)],
  ['@sigilo/pii detect()+mask()', (t) => mask(t, detect(t))],
  ['@sigilo/pii analyze() (+special categories)', (t) => analyze(t)],
  ['redact-pii SyncRedactor.redact()', (t) => redactPii.redact(t)],
  ['@redactpii/node Redactor.redact()', (t) => redactpiiNode.redact(t)],
];

console.log(`corpus: ${corpus.length} messages, ${(totalBytes / 1e6).toFixed(2)} MB UTF-8 (${totalChars} UTF-16 units); ${SECONDS}s per engine; node ${process.version}`);
const results = new Map<string, { mbs: number; p50: number; p99: number }>();
for (const [name, fn] of runs) {
  const mbs = throughput(name, fn);
  const lat = latency(fn);
  results.set(name, { mbs, p50: lat.p50, p99: lat.p99 });
  console.log(`${name.padEnd(46)} ${mbs.toFixed(1).padStart(8)} MB/s   p50 ${(lat.p50 * 1000).toFixed(1).padStart(7)} µs   p99 ${(lat.p99 * 1000).toFixed(1).padStart(7)} µs  (${lat.n} msgs ≤ 1 KB)`);
}
const ours = results.get('@sigilo/pii detect()')!;
const peer = Math.max(results.get('redact-pii SyncRedactor.redact()')!.mbs, results.get('@redactpii/node Redactor.redact()')!.mbs);
const bound = results.get('trivial one-regex pass (bound)')!.mbs;
console.log('');
console.log(`detect() vs fastest peer: ${(ours.mbs / peer).toFixed(2)}x   (target >= 2.5x)`);
console.log(`detect() vs trivial bound: ${(ours.mbs / bound).toFixed(2)}   (target >= 0.25)`);
console.log(`detect() throughput: ${ours.mbs.toFixed(1)} MB/s (target >= 50); p99 ${(ours.p99 * 1000).toFixed(1)} µs (target < 100 µs)`);
