import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvReader } from './csv.js';
import { runScan, type ScanOptions } from './scan.js';

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let buf = '';
  stream.on('data', (c: Buffer) => (buf += c.toString()));
  return { stream, text: () => buf };
}

async function run(input: string, extra: Partial<ScanOptions> = {}) {
  const out = sink();
  const err = sink();
  const code = await runScan({
    files: [],
    jsonl: false,
    mask: false,
    stdin: Readable.from([input]),
    stdout: out.stream,
    stderr: err.stream,
    isTTY: false,
    ...extra,
  });
  return { code, out: out.text(), err: err.text() };
}

describe('runScan', () => {
  it('--jsonl prints only {"id","entities"} lines', async () => {
    const r = await run('{"id":"a","text":"CPF 111.444.777-35"}\n{"id":2,"text":"nada aqui","lang":"pt"}\n', { jsonl: true });
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: 'a', entities: [{ type: 'BR_CPF', start: 4, end: 18, score: expect.any(Number) }] },
      { id: 2, entities: [] },
    ]);
    expect(r.err).toBe('');
  });

  it('reports bad lines on stderr with their number and keeps going', async () => {
    const r = await run('{"id":"a","text":"x"}\nnot json\n{"text":"no id"}\n{"id":"b","text":"ana@exemplo.com","lang":"fr"}\n{"id":"c","text":"ana@exemplo.com"}\n', { jsonl: true });
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 2: not valid JSON');
    expect(r.err).toContain('line 3: missing "id"');
    expect(r.err).toContain('line 4: "lang" must be pt, es or en');
    expect(r.err).not.toContain('ana@exemplo.com');
    const ids = r.out.trim().split('\n').map((l) => JSON.parse(l).id);
    expect(ids).toEqual(['a', 'c']);
  });

  it('--mask prints masked text', async () => {
    const r = await run('cartão 4111 1111 1111 1111\nmail ana@exemplo.com\n', { mask: true });
    expect(r.out).toBe('cartão **** **** **** 1111\nmail [EMAIL]\n');
  });

  it('--csv --column writes a report and a summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-scan-'));
    const file = join(dir, 'in.csv');
    writeFileSync(file, 'id,mensagem\r\n1,"Olá, meu CPF é 111.444.777-35"\r\n2,"linha com ""aspas""\ne quebra, sem dados"\n3,ana@exemplo.com\n');
    const report = join(dir, 'report.csv');
    const r = await run('', { csv: file, column: 'mensagem', report });
    expect(r.code).toBe(0);
    const rows = readFileSync(report, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('row,line,type,start,end,score,masked');
    expect(rows[1]).toMatch(/^1,2,BR_CPF,15,29,[\d.]+,"Olá, meu CPF é \*\*\*\.\*\*\*\.777-35"$/);
    expect(rows[2]).toMatch(/^3,5,EMAIL,0,15,1,\[EMAIL\]$/);
    expect(r.err).toContain('3 rows, 2 with personal data');
  });

  it('fails clearly on a missing column or file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-scan-'));
    const file = join(dir, 'in.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    expect((await run('', { csv: file, column: 'zzz' })).err).toContain('column "zzz" not found');
    expect((await run('', { csv: join(dir, 'nope.csv'), column: 'a' })).code).toBe(2);
    expect((await run('', { csv: file })).code).toBe(2);
  });

  it('reads files given by name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pii-scan-'));
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, '{"id":"x","text":"IBAN ES91 2100 0418 4502 0005 1332"}\n{oops\n');
    const r = await run('', { files: [file], jsonl: true });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).entities[0].type).toBe('IBAN');
    expect(r.err).toContain(`${file}:2: not valid JSON`);
  });
});

describe('CsvReader', () => {
  it('handles quotes, escaped quotes, embedded newlines and CRLF across chunks', () => {
    const rows: string[][] = [];
    const r = new CsvReader((f) => rows.push(f));
    for (const chunk of ['a,"b ""q""', ' x"\r', '\n"multi\nline",', 'z\n\n', 'last']) r.write(chunk);
    r.end();
    expect(rows).toEqual([['a', 'b "q" x'], ['multi\nline', 'z'], ['last']]);
  });
});
