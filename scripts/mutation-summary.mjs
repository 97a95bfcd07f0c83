/**
 * Summarises a StrykerJS report (the json reporter's, an incremental file, or the checkpoint
 * reporter's .partial.json): per file killed / timed out / survived / no coverage and the score
 * (detected = killed + timed out, of those plus survived and no coverage; type errors and ignored
 * mutants not counted, as StrykerJS counts them), then with --survivors every surviving mutant.
 *
 *   node scripts/mutation-summary.mjs reports/mutation/system.partial.json --survivors
 */
import { readReport } from './mutation-report.mjs';

const [file, ...flags] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: node scripts/mutation-summary.mjs REPORT.json [--survivors]');
  process.exit(2);
}
const report = readReport(file);
const showSurvivors = flags.includes('--survivors');
const COLUMNS = ['Killed', 'Timeout', 'Survived', 'NoCoverage', 'CompileError', 'Ignored'];
const count = () => Object.fromEntries(COLUMNS.map((c) => [c, 0]));
const score = (c) => {
  const detected = c.Killed + c.Timeout;
  const counted = detected + c.Survived + c.NoCoverage;
  return counted === 0 ? 'n/a' : `${((100 * detected) / counted).toFixed(2)}%`;
};
const line = (name, c) => `${name}: ${COLUMNS.map((k) => `${k} ${c[k]}`).join(', ')}; score ${score(c)}`;
const total = count();
for (const [path, entry] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const c = count();
  for (const m of entry.mutants) if (m.status in c) c[m.status]++;
  for (const k of COLUMNS) total[k] += c[k];
  console.log(line(path, c));
  if (!showSurvivors) continue;
  const open = entry.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage');
  open.sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
  for (const m of open) {
    const at = `${m.location.start.line}:${m.location.start.column}`;
    console.log(`  ${m.status} ${at} ${m.mutatorName}: ${JSON.stringify(m.replacement ?? '').slice(0, 160)}`);
  }
}
console.log(line('total', total));
