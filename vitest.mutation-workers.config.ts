import { defineConfig } from 'vitest/config';
import { ShortestFirst } from './vitest.mutation-quick.config.ts';

/**
 * The worker threads' mutation run (npm run mutation:workers): src/engine/parallel-worker.ts, the
 * code only worker threads run, against the parallel search's tests. The setup file carries the
 * active mutant into the threads; Stryker cannot see which test reaches which mutant there (its
 * per-test coverage is recorded in the test's thread), so stryker.workers.json runs every test of
 * this config for every mutant ("coverageAnalysis": "all"), shortest file first.
 */
export default defineConfig({
  test: {
    include: ['test/engine/parallel*.test.ts'],
    testTimeout: 300_000,
    setupFiles: ['test/mutation/worker-threads-setup.ts'],
    sequence: { sequencer: ShortestFirst },
  },
});
