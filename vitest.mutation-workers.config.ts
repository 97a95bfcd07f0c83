import { defineConfig } from 'vitest/config';
import { MUTATION_SETUP_FILES, ShortestFirst } from './vitest.mutation-quick.config.ts';

/**
 * The worker threads' mutation run (npm run mutation:workers): what only worker threads run
 * (src/engine/parallel-worker.ts, src/system/parallel-system.ts) against the parallel search's tests. The setup file carries the
 * active mutant into the threads; Stryker cannot see which test reaches which mutant there (its
 * per-test coverage is recorded in the test's thread), so stryker.workers.json runs every test of
 * this config for every mutant ("coverageAnalysis": "all"), shortest file first.
 */
export default defineConfig({
  test: {
    include: ['test/engine/parallel*.test.ts', 'test/engine/level-sharing.test.ts'],
    testTimeout: 300_000,
    setupFiles: MUTATION_SETUP_FILES,
    sequence: { sequencer: ShortestFirst },
  },
});
