/**
 * Model laws, checked over random runs of kernel steps and environment actions on random platforms.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEnvAction, enabledEnvActions } from '../../model/environment/index.ts';
import { ENV_ACTORS } from '../../model/environment/actions.ts';
import { accessOutcome, writtenContent } from '../../model/ffa/access.ts';
import { granulesOf } from '../../model/ffa/granules.ts';
import { applyKernelStep } from '../../model/kernel/index.ts';
import { STEP_RESULTS } from '../../model/results.ts';
import type { Hazards, World } from '../../model/state.ts';
import { BUFFERS, KERNEL_CALLS, replay, runArb } from './arbitraries.ts';

const RUNS = { numRuns: 150, seed: 20240611 };
const ALL_ACTORS = new Set(ENV_ACTORS);

/** Pages whose value changed between two worlds. */
function changedPages(before: World, after: World): number[] {
  const changed: number[] = [];
  for (let i = 0; i < before.pages.length; i++) if (!isDeepStrictEqual(before.pages[i], after.pages[i])) changed.push(i);
  return changed;
}

describe('kernel step laws', () => {
  it('a step never throws and always answers a known result', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const world = replay(run);
        for (const call of KERNEL_CALLS) expect(STEP_RESULTS).toContain(applyKernelStep(world, call).result);
      }),
      RUNS,
    );
  });

  it('no kernel step changes a page outside its buffer (or the transaction its handle names)', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        replay(run, (before, move, after) => {
          if (!('step' in move)) return;
          const allowed = new Set([...before.buffers[move.buffer]!.pages, ...after.buffers[move.buffer]!.pages]);
          const handle = before.buffers[move.buffer]!.handle;
          if (handle !== null) for (const p of before.transactions[handle]?.pages ?? []) allowed.add(p);
          // A firewall that protects whole granules also protects (and releases) the rest of each granule.
          if (before.platform.firewallGranule > 1) for (const p of granulesOf(before, [...allowed])) allowed.add(p);
          for (const page of changedPages(before, after)) expect(allowed.has(page), `${move.step} changed page ${page}`).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it('a failed step other than a kernel fault or a refused send changes nothing', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        replay(run, (before, move, after, result) => {
          if (!('step' in move) || result === 'ok' || result === 'EFAULT') return;
          // A refused send still records that ns tried to send covered pages.
          const expected = after.hazards.doubleSend !== before.hazards.doubleSend ? { ...before, hazards: after.hazards } : before;
          expect(after).toEqual(expected);
        });
      }),
      RUNS,
    );
  });

  it('unchanged pages are shared, not copied', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        replay(run, (before, move, after) => {
          if (!('step' in move)) return;
          for (let i = 0; i < before.pages.length; i++) {
            if (isDeepStrictEqual(before.pages[i], after.pages[i])) expect(after.pages[i]).toBe(before.pages[i]);
          }
        });
      }),
      RUNS,
    );
  });

  it('alloc then free gives every page its allocator state back', () => {
    fc.assert(
      fc.property(runArb, fc.integer({ min: 0, max: BUFFERS - 1 }), fc.constantFrom('cma', 'system', 'carveout', 'device' as const), (run, b, region) => {
        const world = replay(run);
        if (world.buffers[b]!.pages.length > 0) return;
        const allocated = applyKernelStep(world, { step: 'alloc', buffer: b, region, pages: 1 });
        if (allocated.result === 'ENOMEM') return;
        const freed = applyKernelStep(allocated.world, { step: 'free', buffer: b });
        expect(freed.result).toBe('ok');
        expect(freed.world.pages.map((p) => p.alloc)).toEqual(world.pages.map((p) => p.alloc));
        expect(freed.world.buffers).toEqual(world.buffers);
      }),
      RUNS,
    );
  });

  it('hazards are sticky: once recorded, never replaced or cleared', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        replay(run, (before, _move, after) => {
          for (const kind of Object.keys(before.hazards) as (keyof Hazards)[]) {
            if (before.hazards[kind] !== null) expect(after.hazards[kind]).toBe(before.hazards[kind]);
          }
        });
      }),
      RUNS,
    );
  });

  it('IOMMU device lists stay sorted and duplicate-free; buffers share only pool pages', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const world = replay(run);
        for (const page of world.pages) expect(page.iommu).toEqual([...new Set(page.iommu)].sort());
        const held = world.buffers.flatMap((b) => b.pages);
        // A page two buffers hold is a pool's page handed out to a sub-buffer (pool_alloc); a
        // sub-buffer may keep pages its pool's buffer has freed or leaked meanwhile.
        const twice = held.filter((p, i) => held.indexOf(p) !== i);
        for (const p of twice) expect(world.pages[p]!.pooled).toBe(true);
        for (const p of held) if (!world.pages[p]!.pooled) expect(world.pages[p]!.alloc).toBe('allocated');
      }),
      RUNS,
    );
  });
});

describe('environment laws', () => {
  it('every enabled action changes the state, and applying one never throws', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const world = replay(run);
        for (const action of enabledEnvActions(world, ALL_ACTORS)) {
          const after = applyEnvAction(world, action).world;
          expect(isDeepStrictEqual(after, world), JSON.stringify(action)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('enabled actions come in a deterministic order without duplicates, filtered by actor', () => {
    fc.assert(
      fc.property(runArb, fc.subarray([...ENV_ACTORS]), (run, actors) => {
        const world = replay(run);
        const all = enabledEnvActions(world, ALL_ACTORS);
        expect(enabledEnvActions(world, ALL_ACTORS)).toEqual(all);
        expect(new Set(all.map((a) => JSON.stringify(a))).size).toBe(all.length);
        const some = enabledEnvActions(world, new Set(actors));
        expect(some).toEqual(all.filter((a) => actors.includes(a.actor)));
      }),
      RUNS,
    );
  });
  it('an endpoint holds at most one live transaction covering a page, none covering a page it owns, and writes every page of one it holds rw', () => {
    // The secure actor's fast paths (model/environment/secure.ts) rest on this: a page of a
    // transaction the endpoint holds with rw is written (ok), and holds `data` after a share's
    // write, `secret` after a lend's or a donate's, whatever else covers the page.
    let heldRw = 0;
    fc.assert(
      fc.property(runArb, (run) => {
        replay(run, (_before, _move, world) => {
          for (const endpoint of world.platform.endpoints) {
            for (let page = 0; page < world.pages.length; page++) {
              const held = world.transactions.filter((tx) => tx !== null && tx.pages.includes(page) && tx.receivers.some((r) => r.endpoint === endpoint && r.retrieved));
              expect(held.length).toBeLessThanOrEqual(world.pages[page]!.owner === endpoint ? 0 : 1);
              const tx = held[0];
              if (tx === undefined || tx === null || !tx.receivers.some((r) => r.endpoint === endpoint && r.mapped === 'rw')) continue;
              heldRw++;
              expect(accessOutcome(world, endpoint, page, 'write')).toBe('ok');
              expect(writtenContent(world, endpoint, page)).toBe(tx.op === 'share' ? 'data' : 'secret');
            }
          }
        });
      }),
      RUNS,
    );
    expect(heldRw).toBeGreaterThan(100);
  });
});
