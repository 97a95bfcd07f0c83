import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Hang guards only, never budgets: tests assert counts, not seconds, and a loaded machine (five
    // suites in a row beside two CPU-bound processes) may take several times as long as an idle one.
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // Checker runs are CPU-bound; two forks match the 2-core CI machines.
    pool: 'forks',
    maxWorkers: 2,
  },
});
