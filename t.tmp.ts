import { parseDocument, LineCounter, isMap, isSeq } from 'yaml';
import { readFileSync } from 'node:fs';
const text = readFileSync('designs/bug-b08-remap-before-reclaim.yaml','utf8');
const lc = new LineCounter();
const doc = parseDocument(text, { lineCounter: lc });
const procs = doc.get('procedures', true) as any;
for (const pair of procs.items) {
  console.log('proc', pair.key.value, pair.value.range);
  for (const item of pair.value.items) {
    console.log(JSON.stringify(text.slice(item.range[0], item.range[1])), JSON.stringify(text.slice(item.range[1], item.range[2])), item.range, lc.linePos(item.range[0]), isMap(item) && item.flow);
    for (const p of item.items) console.log('   ', p.key.value, p.key.range, p.value?.range, p.value?.flow);
  }
}
const plat = doc.get('platform', true) as any;
console.log(plat.flow, plat.range, plat.items.map((p:any)=>[p.key.value, p.value.range]));
