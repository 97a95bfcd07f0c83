/**
 * A StrykerJS reporter plugin ("checkpoint") that saves the results of a mutation run while it
 * runs. StrykerJS writes its report and its incremental file only when every mutant is tested; a
 * run stopped before (a session's end, Ctrl-C) otherwise names none of its survivors and the next
 * run starts again from nothing. Every CHECKPOINT_EVERY results or CHECKPOINT_MS, this writes what
 * is known so far in StrykerJS's own report format (schema 1.0, as its json reporter and incremental
 * file hold it: file sources, mutants with coveredBy/killedBy, the dry run's tests):
 *
 * - `<jsonReporter.fileName without .json>.partial.json`: for `node scripts/mutation-summary.mjs`;
 * - with `incremental` on, the incremental file itself: a stopped run resumes where it stopped
 *   (StrykerJS re-tests what changed since, as for any incremental file). At the end StrykerJS
 *   overwrites it with the full report.
 *
 * Plain JavaScript: StrykerJS imports plugins without a TypeScript loader.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const CHECKPOINT_EVERY = 25;
const CHECKPOINT_MS = 60_000;

/** StrykerJS's file keys: relative to the working directory, forward slashes. */
const reportName = (fileName) => (fileName ? relative(process.cwd(), fileName).split('\\').join('/') : '');

class CheckpointReporter {
  static inject = ['options'];
  results = [];
  tests = [];
  sources = new Map();
  lastWrite = Date.now();
  unsaved = 0;

  constructor(options) {
    this.options = options;
  }

  onDryRunCompleted(event) {
    this.tests = event.result.tests ?? [];
    for (const test of this.tests) this.readSource(test.fileName);
  }

  onMutationTestingPlanReady(event) {
    for (const plan of event.mutantPlans) this.readSource(plan.mutant.fileName);
  }

  onMutantTested(result) {
    this.results.push(result);
    this.unsaved++;
    if (this.unsaved >= CHECKPOINT_EVERY || Date.now() - this.lastWrite >= CHECKPOINT_MS) this.save();
  }

  /** StrykerJS writes the full report itself; the partial one is kept beside it. */
  onMutationTestReportReady() {
    if (this.unsaved > 0) this.save(false);
  }

  /** Sources as they were when the run started: a result's location refers to them. */
  readSource(fileName) {
    if (!fileName || this.sources.has(fileName)) return;
    try {
      this.sources.set(fileName, readFileSync(fileName, 'utf8'));
    } catch {
      this.sources.set(fileName, undefined);
    }
  }

  save(incrementalToo = true) {
    const report = this.report();
    const text = JSON.stringify(report);
    const partial = this.options.jsonReporter.fileName.replace(/\.json$/, '') + '.partial.json';
    writeAtomically(partial, text);
    if (incrementalToo && this.options.incremental) writeAtomically(this.options.incrementalFile, text);
    this.unsaved = 0;
    this.lastWrite = Date.now();
  }

  report() {
    const ids = new Map(this.tests.map((test, index) => [test.id, String(index)]));
    const remap = (list) => list?.map((id) => ids.get(id) ?? id);
    const files = {};
    for (const { fileName, location, killedBy, coveredBy, ...rest } of this.results) {
      const key = reportName(fileName);
      files[key] ??= { language: 'typescript', source: this.sources.get(fileName) ?? '', mutants: [] };
      files[key].mutants.push({ ...rest, location, killedBy: remap(killedBy), coveredBy: remap(coveredBy) });
    }
    const testFiles = {};
    for (const test of this.tests) {
      const key = reportName(test.fileName);
      testFiles[key] ??= { tests: [], ...(this.sources.get(test.fileName) === undefined ? {} : { source: this.sources.get(test.fileName) }) };
      testFiles[key].tests.push({
        id: ids.get(test.id),
        name: test.name,
        ...(test.startPosition ? { location: { start: { line: test.startPosition.line + 1, column: test.startPosition.column + 1 } } } : {}),
      });
    }
    return { files, schemaVersion: '1.0', thresholds: this.options.thresholds, testFiles, projectRoot: process.cwd() };
  }
}

/** Never leaves a half-written report behind (a kill during the write keeps the previous one). */
function writeAtomically(fileName, text) {
  const target = resolve(fileName);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.tmp`, text);
  renameSync(`${target}.tmp`, target);
}

export const strykerPlugins = [{ kind: 'Reporter', name: 'checkpoint', injectableClass: CheckpointReporter }];
