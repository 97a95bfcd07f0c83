import { defineConfig } from 'vitest/config';
import { MUTATION_SETUP_FILES } from './vitest.mutation-quick.config.ts';

/**
 * The suite as StrykerJS runs it once per mutant (npm run mutation): everything but the CLI's
 * child-process tests and the 10,000-run soaks, which exercise the same model code far slower
 * (an instrumented 10,000-run search takes minutes, and it would run for nearly every mutant).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/cli/**', 'test/designs/fixed-ten-thousand-runs.test.ts'],
    testNamePattern: /^(?!.*10,000 random runs)/,
    testTimeout: 300_000,
    setupFiles: MUTATION_SETUP_FILES,
    hookTimeout: 60_000,
  },
});
