/**
 * fast-check arbitraries for model laws: random platforms, and random runs built from the current
 * world (a list of indices into the moves available at each point, so every move is legal input).
 */
import fc from 'fast-check';
import { enabledEnvActions } from '../../model/environment/index.ts';
import { ENV_ACTORS } from '../../model/environment/actions.ts';
import type { KernelCall } from '../../model/kernel/calls.ts';
import type { Platform } from '../../model/platform.ts';
import { HYPERVISORS, SPMCS } from '../../model/platform.ts';
import type { World } from '../../model/state.ts';
import { initialWorld } from '../../model/state.ts';
import type { Move } from './worlds.ts';
import { apply } from './worlds.ts';

export const BUFFERS = 3;
const ENV_WEIGHT = 12;
const ALL_ACTORS = new Set(ENV_ACTORS);

export const platformArb: fc.Arbitrary<Platform> = fc.record({
  hypervisor: fc.constantFrom(...HYPERVISORS),
  spmc: fc.constantFrom(...SPMCS),
  secureProtectsOnLend: fc.boolean(),
  secureClearsOnRelinquish: fc.boolean(),
  canSetDirectMap: fc.boolean(),
  pages: fc.record({
    cma: fc.integer({ min: 1, max: 3 }),
    system: fc.integer({ min: 0, max: 1 }),
    carveout: fc.integer({ min: 0, max: 1 }),
    device: fc.integer({ min: 0, max: 1 }),
  }),
  endpoints: fc.constantFrom(['optee'], ['optee', 'sp2']),
  devices: fc.constant({ vdec: 'secure', gpu: 'normal' } as const),
  carveoutOwner: fc.constantFrom('ns', 'optee'),
  firewallGranule: fc.constantFrom(1, 2),
  bounceDevices: fc.constantFrom([], ['gpu']),
});

/** Every kernel call a design could make on buffer `b` (one choice per argument shape). */
export function kernelCallsFor(b: number): KernelCall[] {
  const simple = [
    'free', 'leak', 'unmap_linear', 'map_linear', 'flush_tlb', 'memunmap_pages', 'memremap_pages', 'vmap', 'vunmap',
    'mmap_user', 'munmap_user', 'clean_cache', 'zero', 'mark_nosave', 'clear_nosave',
  ] as const;
  return [
    { step: 'alloc', buffer: b, region: 'cma', pages: 1 },
    { step: 'alloc', buffer: b, region: 'cma', pages: 2 },
    { step: 'alloc', buffer: b, region: 'system', pages: 1 },
    { step: 'alloc', buffer: b, region: 'carveout', pages: 1 },
    { step: 'alloc', buffer: b, region: 'device', pages: 1 },
    ...simple.map((step) => ({ step, buffer: b }) as KernelCall),
    { step: 'iommu_map', buffer: b, device: 'vdec' },
    { step: 'iommu_map', buffer: b, device: 'gpu' },
    { step: 'iommu_unmap', buffer: b, device: 'gpu' },
    { step: 'iommu_unmap', buffer: b, device: null },
    { step: 'ffa_lend', buffer: b, to: ['optee'], access: 'rw', clear: false },
    { step: 'ffa_lend', buffer: b, to: ['optee'], access: 'ro', clear: true },
    { step: 'ffa_lend', buffer: b, to: ['optee', 'sp2'], access: 'rw', clear: false },
    { step: 'ffa_share', buffer: b, to: ['optee'], access: 'rw', clear: false },
    { step: 'ffa_donate', buffer: b, to: ['optee'] },
    { step: 'ffa_reclaim', buffer: b, clear: false },
    { step: 'ffa_reclaim', buffer: b, clear: true },
    { step: 'memremap', buffer: b, type: 'wc' },
    { step: 'memunmap', buffer: b },
    { step: 'pool_alloc', buffer: b, pool: (b + 1) % BUFFERS, pages: 1 },
    { step: 'pool_free', buffer: b },
  ];
}

export const KERNEL_CALLS: readonly KernelCall[] = Array.from({ length: BUFFERS }, (_, b) => kernelCallsFor(b)).flat();

const CALLS_BY_BUFFER = Array.from({ length: BUFFERS }, (_, b) => kernelCallsFor(b));

/**
 * The moves on offer in `world`, weighted towards the interesting ones: an empty buffer offers its
 * allocs and one call that must fail with EINVAL; a buffer holding pages offers every other call and
 * one alloc (EBUSY); every enabled environment action is offered ENV_WEIGHT times.
 */
export function movesIn(world: World): Move[] {
  const moves: Move[] = [];
  for (let b = 0; b < BUFFERS; b++) {
    const calls = CALLS_BY_BUFFER[b]!;
    const empty = world.buffers[b]!.pages.length === 0;
    for (const call of calls) {
      const allocates = call.step === 'alloc' || call.step === 'pool_alloc';
      if (allocates === empty || call === calls[0] || (empty && call.step === 'ffa_lend' && call.access === 'ro')) moves.push(call);
    }
  }
  const env = enabledEnvActions(world, ALL_ACTORS);
  for (let i = 0; i < ENV_WEIGHT; i++) moves.push(...env);
  return moves;
}

/** A random run: a platform and choice indices, replayed against the moves on offer at each point. */
export const runArb = fc.record({
  platform: platformArb,
  choices: fc.array(fc.nat({ max: 1 << 20 }), { minLength: 5, maxLength: 60, size: 'max' }),
});

/** Replays a run, calling `visit` with each world, the move taken and its outcome. */
export function replay(
  run: { platform: Platform; choices: readonly number[] },
  visit?: (before: World, move: Move, after: World, result: string) => void,
): World {
  let world = initialWorld(run.platform, BUFFERS);
  for (const choice of run.choices) {
    const moves = movesIn(world);
    const move = moves[choice % moves.length]!;
    const outcome = apply(world, move);
    visit?.(world, move, outcome.world, outcome.result);
    world = outcome.world;
  }
  return world;
}
