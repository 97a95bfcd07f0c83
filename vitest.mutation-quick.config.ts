import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Shortest test files first. Vitest's default order runs the longest files first (by the cached
 * durations), which puts the exhaustive design verdicts ahead of the unit tests; under Stryker
 * (bail after the first failure) a mutant a unit test kills then still waits for the verdicts. The
 * order changes no test and no outcome, only when a killed mutant stops.
 */
export class ShortestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return (await super.sort(files)).reverse();
  }
}

/**
 * Setup of every mutation config: worker threads run Stryker's active mutant too
 * (test/mutation/worker-threads-setup.ts says how).
 */
export const MUTATION_SETUP_FILES = ['test/mutation/worker-threads-setup.ts'];

/**
 * The quick mutation run (npm run mutation:properties): the invariants mutated against the unit
 * tests of the model, the invariants, the relayer and the design verdicts (exhaustive), without the
 * random-search rows, so that a run over properties/ takes minutes rather than hours.
 */
export default defineConfig({
  test: {
    include: ['test/properties/**/*.test.ts', 'test/model/**/*.test.ts', 'test/ffa/**/*.test.ts', 'test/designs/verdicts.test.ts'],
    testNamePattern: /^(?!.*10,000 random runs)(?!.*random search)/,
    testTimeout: 300_000,
    setupFiles: MUTATION_SETUP_FILES,
    sequence: { sequencer: ShortestFirst },
  },
});
