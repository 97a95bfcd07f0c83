import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadDesignFile } from '../../src/design/load.ts';
import { checkProgram } from '../../src/system/check.ts';

// Issue #2's bar for the properly fixed OP-TEE design: 10,000 random walks and no violation.
it('optee-protmem-fixed passes 10,000 random runs', async () => {
  const loaded = loadDesignFile(join(import.meta.dirname, '../../designs/optee-protmem-fixed.yaml'));
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  const { report } = await checkProgram(loaded.value, { mode: 'random', seed: 7, runs: 10_000, maxSteps: 100, replayCommand: '-' });
  expect(report.verdict).toBe('pass');
  expect(report.stats.runs).toBe(10_000);
  expect(report.stats.transitions).toBeGreaterThan(100_000); // the walks are long, not cut short
});
