const L = await import('/work/main/packages/pii/dist/lexicons/index.js');
const lex = L.lexicon; const t = lex.probeTable(); console.log('slots', t.length/4, 'bytes', t.byteLength);
let n=0; for (let i=1;i<t.length;i+=4) if (t[i]) n++; console.log('entries', n);
