import { defineConfig } from 'vitest/config';

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
  },
});
