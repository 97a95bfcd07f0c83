/**
 * Merges StrykerJS reports (incremental files, or the checkpoint reporter's .partial.json) of runs
 * over different files into one incremental file, so that runs split by file, or stopped and
 * resumed over several sessions, feed one `npm run mutation:<part>`. Test ids are per run (the
 * index of the test in that run's dry run), so every report's ids are mapped through the test's
 * file and name to one numbering. A later report's result for a file replaces an earlier one's.
 *
 *   node scripts/mutation-merge.mjs OUT.json IN1.json IN2.json ...
 */
import { writeFileSync } from 'node:fs';
import { readReport } from './mutation-report.mjs';

const [out, ...inputs] = process.argv.slice(2);
if (out === undefined || inputs.length === 0) {
  console.error('usage: node scripts/mutation-merge.mjs OUT.json IN.json...');
  process.exit(2);
}
const merged = { files: {}, schemaVersion: '1.0', thresholds: undefined, testFiles: {}, projectRoot: process.cwd() };
/** One id per test, by its file and name. */
const ids = new Map();
for (const input of inputs) {
  const report = readReport(input);
  merged.thresholds ??= report.thresholds;
  const local = new Map();
  for (const [file, testFile] of Object.entries(report.testFiles ?? {})) {
    merged.testFiles[file] ??= { tests: [], ...(testFile.source === undefined ? {} : { source: testFile.source }) };
    for (const test of testFile.tests) {
      const key = `${file}\u0000${test.name}`;
      if (!ids.has(key)) {
        ids.set(key, String(ids.size));
        merged.testFiles[file].tests.push({ ...test, id: ids.get(key) });
      }
      local.set(test.id, ids.get(key));
    }
  }
  const remap = (list) => list?.map((id) => local.get(id) ?? id);
  for (const [file, entry] of Object.entries(report.files)) {
    merged.files[file] = { ...entry, mutants: entry.mutants.map((m) => ({ ...m, coveredBy: remap(m.coveredBy), killedBy: remap(m.killedBy) })) };
  }
}
writeFileSync(out, JSON.stringify(merged));
console.log(`${out}: ${Object.keys(merged.files).length} files, ${Object.values(merged.files).reduce((n, f) => n + f.mutants.length, 0)} mutants, ${ids.size} tests`);
