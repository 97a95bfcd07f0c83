import { defineConfig } from 'vitest/config';
import { MUTATION_SETUP_FILES, ShortestFirst } from './vitest.mutation-quick.config.ts';

/**
 * The system glue's mutation run (npm run mutation:system): src/system/ (the interpreter, the
 * fingerprint and its symmetry, the state codec, partial-order reduction, coverage, traces)
 * against its own tests, the design verdicts and the report tests that render its traces, shortest
 * file first. Not here: the parallel search's tests (minutes each; parallel-system.ts, which the
 * workers run, is mutated by npm run mutation:workers), the browser test (it needs chromium) and
 * the 10,000-run soaks.
 */
export default defineConfig({
  test: {
    include: [
      'test/system/**/*.test.ts',
      'test/designs/verdicts.test.ts',
      'test/designs/coverage-smells.test.ts',
      'test/report/**/*.test.ts',
      'test/engine/shards.test.ts',
    ],
    exclude: ['test/report/html-browser.test.ts'],
    testNamePattern: /^(?!.*10,000 random runs)/,
    testTimeout: 300_000,
    setupFiles: MUTATION_SETUP_FILES,
    sequence: { sequencer: ShortestFirst },
  },
});
