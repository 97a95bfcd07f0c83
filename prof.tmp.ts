import { readFileSync } from 'node:fs';
import { repairDesign } from './src/review/repair.ts';
const S = { mode: 'exhaustive' as const, seed: 42, runs: 1, maxSteps: 100 };
const file = 'designs/optee-protmem-merged.yaml';
const c0 = process.cpuUsage(); const t0 = performance.now();
const e = await repairDesign(file, readFileSync(file, 'utf8'), [{}], S, { maxEdits: 3 });
const c = process.cpuUsage(c0);
console.log(e.ok && e.value.candidates, 'wall', (performance.now() - t0).toFixed(0), 'cpu', ((c.user + c.system) / 1000).toFixed(0));
