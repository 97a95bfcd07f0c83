import { defineConfig } from 'vitest/config';
import { MUTATION_SETUP_FILES, ShortestFirst } from './vitest.mutation-quick.config.ts';

/**
 * The engines' mutation run (npm run mutation:engine): src/engine/ against its own tests only
 * (test/engine/: the FF-A-free examples, the fingerprint sets, minimisation, shards, workers), shortest
 * file first. The engines never know about FF-A, so their tests must catch their mutants without the
 * design verdicts; a mutant only a design test would catch counts as survived here.
 */
export default defineConfig({
  test: {
    include: ['test/engine/**/*.test.ts'],
    testTimeout: 300_000,
    setupFiles: MUTATION_SETUP_FILES,
    sequence: { sequencer: ShortestFirst },
  },
});
