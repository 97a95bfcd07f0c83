/**
 * The committed example reports under examples/: every shipped design checked from a fixed seed,
 * its counterexample written as trace.json/md/svg/html/itf.json/sarif and junit.xml, and
 * examples/README.md indexing them. The search is the CLI's default one, so `lendcheck check
 * designs/<d>.yaml` writes the same files under reports/<d>/ (git ignores reports/; a check never
 * touches examples/), but for the timings, zeroed here so the examples change only with
 * behaviour, and the replay command.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { shippedDesignFiles } from '../src/cli/list-command.ts';
import { DEFAULT_MAX_STEPS, DEFAULT_RUNS, DEFAULT_SEED } from '../src/api/flags.ts';
import { loadDesignText } from '../src/design/load.ts';
import { formatReportsIndex } from '../src/report/index-file.ts';
import { saveTraceFile } from '../src/report/trace-file.ts';
import { DEFAULT_FORMATS, writeAtomic, writeReports } from '../src/report/write.ts';
import { checkProgram } from '../src/system/check.ts';
import type { CheckReport } from '../src/system/trace.ts';

/** The search every example report comes from: `lendcheck check <design>` with its defaults. */
export const EXAMPLE_SEARCH = { mode: 'random', seed: DEFAULT_SEED, runs: DEFAULT_RUNS, maxSteps: DEFAULT_MAX_STEPS } as const;

/** The folder of the committed examples, relative to the repository. */
export const EXAMPLES_DIR = 'examples';

/** Writes the reports of every violating shipped design under `root`; returns the files written. */
export async function writeExampleReports(root: string, repo: string): Promise<string[]> {
  const written: string[] = [];
  const reports: CheckReport[] = [];
  for (const path of shippedDesignFiles()) {
    // Named relative to the repository, whatever the working directory, as the reports show it.
    const file = relative(repo, path);
    const loaded = loadDesignText(file, readFileSync(path, 'utf8'));
    if (!loaded.ok) throw new Error(`${file} does not load: ${loaded.errors[0]?.message}`);
    const program = loaded.value;
    const dir = join(root, program.design);
    const result = await checkProgram(program, {
      ...EXAMPLE_SEARCH,
      replayCommand: `lendcheck replay ${EXAMPLES_DIR}/${program.design}/trace.json`,
    });
    if (result.report.verdict !== 'violation') continue;
    const report: CheckReport = { ...result.report, stats: { ...result.report.stats, elapsedMs: 0 } };
    reports.push(report);
    // The default files, plus trace.sarif so the examples show what code scanning receives.
    written.push(...writeReports(dir, report, saveTraceFile(report, program.source, result.moves), new Set([...DEFAULT_FORMATS, 'sarif'])));
  }
  const index = join(root, 'README.md');
  writeAtomic(index, formatReportsIndex(reports, { title: 'Example counterexamples of the shipped designs' }));
  written.push(index);
  return written;
}
