/**
 * Invariant laws over random runs: checks are pure and deterministic, and a violation is well-formed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_INVARIANTS } from '../../properties/index.ts';
import { replay, runArb } from '../model/arbitraries.ts';

const RUNS = { numRuns: 200, seed: 1612 };

describe('invariant laws', () => {
  it('a check is deterministic and does not depend on object identity', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const world = replay(run);
        const copy = structuredClone(world);
        for (const invariant of ALL_INVARIANTS) {
          const first = invariant.check(world);
          expect(invariant.check(world)).toEqual(first);
          expect(invariant.check(copy)).toEqual(first);
        }
        expect(copy).toEqual(world);
      }),
      RUNS,
    );
  });

  it('a violation names its invariant, existing pages in order, and a sentence', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const world = replay(run);
        for (const invariant of ALL_INVARIANTS) {
          const violation = invariant.check(world);
          if (violation === null) continue;
          expect(violation.invariant).toBe(invariant.id);
          expect(violation.pages.length).toBeGreaterThan(0);
          for (const p of violation.pages) expect(world.pages[p]).toBeDefined();
          expect(violation.message).toMatch(/page/);
        }
      }),
      RUNS,
    );
  });

  it('no-ns-access-to-lent-memory never breaks where no-ns-mapping-of-lent-memory holds', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const world = replay(run);
        const [mapping, access] = ALL_INVARIANTS;
        if (mapping!.check(world) === null) expect(access!.check(world)).toBeNull();
      }),
      RUNS,
    );
  });
});
