import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Checker runs are CPU-bound; two forks match the 2-core CI machines.
    pool: 'forks',
    maxWorkers: 2,
  },
});
