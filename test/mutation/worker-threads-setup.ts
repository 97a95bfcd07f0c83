/**
 * Setup of the mutation configs (vitest.mutation*.config.ts), never of `npm test`.
 *
 * StrykerJS activates a mutant in the test process through a global its setup file sets; a worker
 * thread of the parallel search has its own globals and would run the unmutated code, so a mutant
 * of code the workers run (parallel-worker.ts, and the fingerprint sets, frontier and proviso they
 * share with the calling thread) would be tested half-applied. The instrumented code also reads
 * the active mutant from `process.env.__STRYKER_ACTIVE_MUTANT__` when its global has none, and a
 * worker thread starts with a copy of the parent's environment: so before each test the active
 * mutant is copied there, and every thread the test starts runs the same mutant.
 */
import { beforeEach } from 'vitest';

const ENV = '__STRYKER_ACTIVE_MUTANT__';

beforeEach(() => {
  const namespace = (globalThis as { __stryker__?: { activeMutant?: unknown } }).__stryker__;
  const active = namespace?.activeMutant;
  if (active === undefined || active === null) delete process.env[ENV];
  else process.env[ENV] = String(active);
});
