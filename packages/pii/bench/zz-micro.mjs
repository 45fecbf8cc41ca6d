import { readFileSync } from 'node:fs';
const m = await import('/work/main/packages/pii/dist/index.js');
const d = await import('/work/main/packages/pii/dist/detect.js');
const { Redactor } = await import('@redactpii/node');
const corpus = readFileSync('/work/main/packages/pii/corpus/messages.jsonl','utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l).text);
const total = corpus.reduce((a,t)=>a+Buffer.byteLength(t),0);
const re=/[\w.+-]+@[\w-]+\.[\w.]+|\d{4,}/g;
const r = new Redactor();
const which = process.argv[2];
const fns = {regex:t=>t.match(re), scan:t=>d.scanText(t), detect:t=>m.detect(t), peer:t=>r.redact(t)};
for (const name of which.split(',')) { const fn=fns[name];
  for(let k=0;k<20;k++) for(const t of corpus) fn(t);
  const t0=performance.now(); let bytes=0; while(performance.now()-t0<1500){ for(const t of corpus) fn(t); bytes+=total;}
  console.log(name, (bytes/1e6/((performance.now()-t0)/1000)).toFixed(1),'MB/s');
}
