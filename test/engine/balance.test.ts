/**
 * The parallel search's level balancing plan: applied, it leaves every worker its share (the
 * first ones one more for a remainder), moves only from parts over their share to parts under it,
 * and moves nothing when the parts are within the slack.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balancePlan } from '../../src/engine/balance.ts';

function applied(counts: readonly number[], plan: ReturnType<typeof balancePlan>): number[] {
  const after = [...counts];
  plan?.forEach((gifts, giver) =>
    gifts.forEach(({ worker, count }) => {
      after[giver]! -= count;
      after[worker]! += count;
    }),
  );
  return after;
}

describe('balancePlan', () => {
  it('exact: leaves every worker its share, moving only from parts over it to parts under it', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(100_000), { minLength: 1, maxLength: 8 }), (counts) => {
        const plan = balancePlan(counts, true);
        const total = counts.reduce((a, b) => a + b, 0);
        const shares = counts.map((_, i) => Math.floor(total / counts.length) + (i < total % counts.length ? 1 : 0));
        expect(applied(counts, plan)).toEqual(shares);
        if (plan === null) return;
        plan.forEach((gifts, giver) => {
          for (const { worker, count } of gifts) {
            expect(count).toBeGreaterThan(0);
            expect(counts[giver]).toBeGreaterThan(shares[giver]!);
            expect(counts[worker]).toBeLessThan(shares[worker]!);
          }
        });
      }),
    );
  });

  it('exact: null only when every part is its share already', () => {
    expect(balancePlan([5, 5, 4], true)).toBeNull();
    expect(balancePlan([4, 5, 5], true)).toEqual([[], [], [{ worker: 0, count: 1 }]]);
    expect(balancePlan([0, 0], true)).toBeNull();
  });

  it('by default moves nothing within the slack (64 states, or 1/32 of a share) and all of it past', () => {
    expect(balancePlan([1064, 1000])).toBeNull(); // 32 over a share of 1,032
    expect(balancePlan([1200, 1000])).toEqual([[{ worker: 1, count: 100 }], []]);
    expect(balancePlan([66_000, 64_000])).toBeNull(); // 1,000 over a share of 65,000: within 1/32
    expect(balancePlan([68_300, 64_000])).toEqual([[{ worker: 1, count: 2150 }], []]);
  });
});
