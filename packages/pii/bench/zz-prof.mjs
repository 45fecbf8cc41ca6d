import { readFileSync } from 'node:fs';
const m = await import('/work/main/packages/pii/dist/index.js');
const corpus = readFileSync('/work/main/packages/pii/corpus/messages.jsonl','utf8').split('\n').filter(Boolean).map(l=>JSON.parse(l).text);
const total = corpus.reduce((a,t)=>a+Buffer.byteLength(t),0);
for(let k=0;k<20;k++) for(const t of corpus) m.detect(t);
const t0=performance.now(); let bytes=0; while(performance.now()-t0<6000){ for(const t of corpus) m.detect(t); bytes+=total;}
console.log('detect', (bytes/1e6/((performance.now()-t0)/1000)).toFixed(1),'MB/s');
