import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { detect } from '../detect.js';
import { mask } from '../mask.js';
import type { Entity, Lang } from '../types.js';
import { CsvReader, csvField } from './csv.js';

export interface ScanOptions {
  /** Input files; stdin when empty. */
  files: string[];
  /** Lines are {"id","text","lang"?}; output lines {"id","entities"}. */
  jsonl: boolean;
  /** Print masked text (with --jsonl: {"id","masked"}). */
  mask: boolean;
  /** Scan one column of this CSV file and write a report. */
  csv?: string;
  column?: string;
  /** Where the CSV report goes (stdout when absent). */
  report?: string;
  lang?: Lang;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** stderr is a terminal: draw a progress bar for files. */
  isTTY: boolean;
}

const LANGS = new Set(['pt', 'es', 'en']);

/** Exit codes: 0 all good, 1 some input lines were rejected, 2 usage or I/O error. */
export async function runScan(opts: ScanOptions): Promise<number> {
  const err = (msg: string): void => {
    opts.stderr.write(`sigilo scan: ${msg}\n`);
  };
  try {
    if (opts.csv !== undefined) {
      if (!opts.column) {
        err('--csv needs --column NAME');
        return 2;
      }
      return await scanCsv(opts, err);
    }
    if (opts.column) {
      err('--column is only meaningful with --csv FILE');
      return 2;
    }
    let bad = 0;
    const sources: Array<{ name: string; stream: NodeJS.ReadableStream; size: number }> = [];
    if (opts.files.length === 0) sources.push({ name: '<stdin>', stream: opts.stdin, size: 0 });
    for (const f of opts.files) {
      let size: number;
      try {
        size = statSync(f).size;
      } catch {
        err(`cannot read ${f}`);
        return 2;
      }
      sources.push({ name: f, stream: createReadStream(f, { encoding: 'utf8' }), size });
    }
    const progress = opts.isTTY && opts.files.length > 0 ? await progressBar(opts, sources.reduce((a, s) => a + s.size, 0)) : undefined;
    for (const src of sources) {
      bad += await scanLines(src.name, src.stream, opts, err, (bytes) => progress?.increment(bytes));
    }
    progress?.stop();
    return bad > 0 ? 1 : 0;
  } catch (e) {
    err(`failed: ${(e as Error).message}`);
    return 2;
  }
}

async function scanLines(
  name: string,
  stream: NodeJS.ReadableStream,
  opts: ScanOptions,
  err: (m: string) => void,
  onBytes: (n: number) => void,
): Promise<number> {
  const rl = createInterface({ input: stream as Readable, crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  for await (const line of rl) {
    lineNo++;
    onBytes(Buffer.byteLength(line) + 1);
    if (!opts.jsonl) {
      const entities = detect(line, { lang: opts.lang });
      if (opts.mask) await write(opts.stdout, mask(line, entities) + '\n');
      else await write(opts.stdout, JSON.stringify({ line: lineNo, entities: plain(entities) }) + '\n');
      continue;
    }
    if (line.trim() === '') continue;
    const where = opts.files.length > 0 ? `${name}:${lineNo}` : `line ${lineNo}`;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      err(`${where}: not valid JSON, skipped`);
      bad++;
      continue;
    }
    const problem = checkRecord(rec);
    if (problem) {
      err(`${where}: ${problem}, skipped`);
      bad++;
      continue;
    }
    const { id, text, lang } = rec as { id: unknown; text: string; lang?: Lang };
    const entities = detect(text, { lang: lang ?? opts.lang });
    const out = opts.mask ? { id, masked: mask(text, entities) } : { id, entities: plain(entities) };
    await write(opts.stdout, JSON.stringify(out) + '\n');
  }
  return bad;
}

function checkRecord(rec: unknown): string | undefined {
  if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) return 'expected an object {"id","text","lang"?}';
  const r = rec as Record<string, unknown>;
  if (!('id' in r) || (typeof r.id !== 'string' && typeof r.id !== 'number')) return 'missing "id" (string or number)';
  if (typeof r.text !== 'string') return '"text" must be a string';
  if (r.lang !== undefined && !LANGS.has(r.lang as string)) return '"lang" must be pt, es or en';
  return undefined;
}

const plain = (es: Entity[]): Entity[] => es.map(({ type, start, end, score }) => ({ type, start, end, score }));

async function scanCsv(opts: ScanOptions, err: (m: string) => void): Promise<number> {
  const file = opts.csv!;
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    err(`cannot read ${file}`);
    return 2;
  }
  const out: NodeJS.WritableStream = opts.report ? createWriteStream(opts.report) : opts.stdout;
  const counts = new Map<string, number>();
  let col = -1;
  let rows = 0;
  let rowsWithPii = 0;
  let bad = 0;
  let usage: string | undefined;
  const pending: string[] = [];
  const reader = new CsvReader((fields, line) => {
    if (col === -1) {
      col = fields.findIndex((f) => f.trim() === opts.column);
      if (col === -1) usage = `column "${opts.column}" not found in ${file} (columns: ${fields.join(', ')})`;
      else pending.push('row,line,type,start,end,score,masked\n');
      return;
    }
    if (usage) return;
    rows++;
    const cell = fields[col];
    if (cell === undefined) {
      err(`${file}:${line}: row has ${fields.length} fields, no "${opts.column}" value, skipped`);
      bad++;
      return;
    }
    const entities = detect(cell, { lang: opts.lang });
    if (entities.length > 0) rowsWithPii++;
    const masked = mask(cell, entities);
    for (const e of entities) {
      counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
      pending.push([rows, line, e.type, e.start, e.end, e.score, csvField(masked)].join(',') + '\n');
    }
  });
  const progress = opts.isTTY ? await progressBar(opts, size) : undefined;
  const stream = createReadStream(file, { encoding: 'utf8' });
  for await (const chunk of stream) {
    reader.write(chunk as string);
    progress?.increment(Buffer.byteLength(chunk as string));
    if (usage) break;
    if (pending.length) await write(out, pending.splice(0).join(''));
  }
  reader.end();
  progress?.stop();
  if (usage || col === -1) {
    err(usage ?? `${file} is empty`);
    return 2;
  }
  if (pending.length) await write(out, pending.splice(0).join(''));
  if (opts.report) await new Promise<void>((resolve) => (out as NodeJS.WritableStream).end(resolve));
  const summary = [...counts].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t}=${n}`).join(' ');
  opts.stderr.write(`sigilo scan: ${rows} rows, ${rowsWithPii} with personal data${summary ? ` (${summary})` : ''}\n`);
  return bad > 0 ? 1 : 0;
}

function write(stream: NodeJS.WritableStream, s: string): Promise<void> {
  return new Promise((resolve) => {
    if ((stream as Writable).write(s)) resolve();
    else (stream as Writable).once('drain', resolve);
  });
}

interface Progress {
  increment(n: number): void;
  stop(): void;
}

/** cli-progress when installed (the repo root has it); a no-op otherwise. */
async function progressBar(opts: ScanOptions, total: number): Promise<Progress | undefined> {
  try {
    const mod = (await import('cli-progress')) as unknown as { default?: typeof import('cli-progress') } & typeof import('cli-progress');
    const cp = mod.default ?? mod;
    const bar = new cp.SingleBar(
      { stream: opts.stderr as NodeJS.WriteStream, format: 'scan [{bar}] {percentage}% | {value}/{total} bytes', hideCursor: true },
      cp.Presets.shades_classic,
    );
    bar.start(Math.max(total, 1), 0);
    return { increment: (n) => bar.increment(n), stop: () => bar.stop() };
  } catch {
    return undefined;
  }
}
