/**
 * Runs the mutants a StrykerJS report lists as Ignored (the `// Stryker disable` marks) against
 * the tests, one at a time, and says which the tests kill. A mark names mutators, not variants:
 * `ConditionalExpression` ignores a condition's `true` and its `false` both, and usually only one
 * of them is equivalent. This run finds the hidden sibling the tests kill, so a mark can only ever
 * hide an equivalent mutant unnoticed, never a tested behaviour.
 *
 *   node scripts/mutation-ignored.mjs REPORT.json --config vitest.mutation-engine.config.ts \
 *     [--file src/engine/exhaustive.ts] [--tests test/engine/a.test.ts,test/engine/b.test.ts] \
 *     [--timeout 300] [--out reports/mutation/ignored.json]
 *
 * Each mutant is written into its source file, the tests run (vitest, stopping at the first
 * failure), and the file is put back, also on Ctrl-C; a copy waits in tmp/mutation-ignored/ until
 * then, and a leftover copy (the run was killed) stops the next run until it is restored. A report
 * whose source differs from the file on disk is refused: its locations would point elsewhere.
 * Unlike StrykerJS this runs no type checker: a mutant TypeScript would reject counts as killed if
 * it fails at run time (a mark's reason says when a mutant is a type error).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyMutant, readReport } from './mutation-report.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : args[at + 1];
};
const reportFile = args[0];
const config = option('config');
if (reportFile === undefined || reportFile.startsWith('--') || config === undefined) {
  console.error('usage: node scripts/mutation-ignored.mjs REPORT.json --config VITEST_CONFIG [--file SRC] [--tests T1,T2] [--timeout S] [--out OUT.json]');
  process.exit(2);
}
const onlyFile = option('file');
const tests = (option('tests') ?? '').split(',').filter((t) => t !== '');
const timeoutMs = 1000 * Number(option('timeout', '300'));
const out = option('out', 'reports/mutation/ignored.json');
const BACKUPS = 'tmp/mutation-ignored';
/** Where a file's copy waits while its mutants run: its path under BACKUPS (two files may share a name). */
const backupOf = (path) => join(BACKUPS, path);

const report = readReport(reportFile);
const files = Object.entries(report.files).filter(([path, entry]) => (onlyFile === undefined || path === onlyFile) && entry.mutants.some((m) => m.status === 'Ignored'));
for (const [path, entry] of files) {
  if (existsSync(backupOf(path))) fail(`${backupOf(path)}: a copy of ${path} left by a killed run; put it back (cp) or delete it first`);
  if (readFileSync(path, 'utf8') !== entry.source) fail(`${path} differs from the source in ${reportFile}: run Stryker again first`);
}

let restore = () => {};
/** The test run in flight: its own process group, which a Ctrl-C at the terminal does not reach. */
let running = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (running !== null) process.kill(-running.pid, 'SIGKILL');
    restore();
    process.exit(130);
  });
}

/**
 * The tests against the file as it is now: Survived (they pass), Killed, or Timeout. The run is its
 * own process group, so that a timeout ends vitest's workers too (they would run on against the
 * next mutant).
 */
function runTests() {
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', '--config', config, '--bail', '1', ...tests], { stdio: 'ignore', detached: true });
    running = child;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      running = null;
      resolve(timedOut ? 'Timeout' : code === 0 ? 'Survived' : 'Killed');
    });
  });
}

const results = [];
for (const [path, entry] of files) {
  const backup = backupOf(path);
  mkdirSync(dirname(backup), { recursive: true });
  copyFileSync(path, backup);
  restore = () => {
    writeFileSync(path, entry.source);
    rmSync(backup, { force: true });
  };
  try {
    const ignored = entry.mutants.filter((m) => m.status === 'Ignored').sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column);
    for (const m of ignored) {
      const at = `${path}:${m.location.start.line}:${m.location.start.column}`;
      let mutated;
      try {
        mutated = applyMutant(entry.source, m.location, m.replacement);
      } catch (error) {
        // StrykerJS's incremental mode can carry a reused mutant's old columns over to new source.
        results.push({ at, mutatorName: m.mutatorName, replacement: m.replacement, status: 'Skipped', reason: error.message });
        console.log(`Skipped ${at} ${m.mutatorName}: ${error.message}`);
        continue;
      }
      writeFileSync(path, mutated);
      const status = await runTests();
      results.push({ at, mutatorName: m.mutatorName, replacement: m.replacement, status, reason: m.statusReason ?? '' });
      console.log(`${status} ${at} ${m.mutatorName}: ${JSON.stringify(m.replacement).slice(0, 100)}`);
    }
  } finally {
    restore();
  }
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ report: reportFile, config, tests, results }, null, 2) + '\n');
const count = (s) => results.filter((r) => r.status === s).length;
console.log(`ignored ${results.length}: killed ${count('Killed')}, timed out ${count('Timeout')} (hidden by their marks), survived ${count('Survived')} (the marks' equivalences), skipped ${count('Skipped')}; ${out}`);

function fail(message) {
  console.error(message);
  process.exit(2);
}
