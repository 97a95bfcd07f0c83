/** A shipped design checked as `lendcheck check` does by default, for reporter tests on real traces. */
import { join } from 'node:path';
import { DEFAULT_MAX_STEPS, DEFAULT_RUNS, DEFAULT_SEED } from '../../src/api/flags.ts';
import { loadDesignFile } from '../../src/design/load.ts';
import { checkProgram } from '../../src/system/check.ts';
import type { CheckReport } from '../../src/system/trace.ts';

export const REPO = join(import.meta.dirname, '../..');

/** The report of `lendcheck check designs/<name>.yaml` (default search, seed 42), timings zeroed. */
export async function checkShipped(name: string, seed = DEFAULT_SEED): Promise<CheckReport> {
  const loaded = loadDesignFile(join(REPO, 'designs', `${name}.yaml`));
  if (!loaded.ok) throw new Error(`designs/${name}.yaml does not load: ${loaded.errors[0]?.message}`);
  const result = await checkProgram(loaded.value, {
    mode: 'random',
    seed,
    runs: DEFAULT_RUNS,
    maxSteps: DEFAULT_MAX_STEPS,
    replayCommand: `lendcheck replay reports/${name}/trace.json`,
  });
  return { ...result.report, file: `designs/${name}.yaml`, stats: { ...result.report.stats, elapsedMs: 0 } };
}
