// N passes of detect() over the corpus, for instruction counts that survive a loaded machine:
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node packages/pii/bench/detect-passes.mjs 2
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node packages/pii/bench/detect-passes.mjs 12
// (12 passes minus 2 passes) / 10 = instructions per pass; callgrind counts every thread, JIT and GC included.
// A third argument limits the types detected: `EMAIL,PHONE` keeps those, `-PHONE` drops that one.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { detect } = await import(resolve(here, '../dist/index.js'));
const corpus = readFileSync(resolve(here, '../corpus/messages.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l).text);
const passes = Number(process.argv[2] ?? 2);
const { ENTITY_TYPES } = await import(resolve(here, '../dist/index.js'));
const filter = process.argv[3];
const options = !filter
  ? undefined
  : filter.startsWith('-')
    ? { types: ENTITY_TYPES.filter((t) => !filter.slice(1).split(',').includes(t)) }
    : { types: filter.split(',') };
for (let r = 0; r < passes; r++) for (const t of corpus) detect(t, options);
