/**
 * Test worlds built the way the checker builds them: a platform, initialWorld, then kernel steps and
 * environment actions applied in order. Call builders fill in the defaults the design compiler would.
 */
import { applyEnvAction } from '../../model/environment/index.ts';
import type { EnvAction } from '../../model/environment/actions.ts';
import type { KernelCall } from '../../model/kernel/calls.ts';
import { applyKernelStep } from '../../model/kernel/index.ts';
import type { Platform, Region } from '../../model/platform.ts';
import { DEFAULT_PLATFORM } from '../../model/platform.ts';
import type { Access, World } from '../../model/state.ts';
import { initialWorld } from '../../model/state.ts';

export function platform(overrides: Partial<Platform> = {}): Platform {
  return { ...DEFAULT_PLATFORM, devices: { vdec: 'secure', gpu: 'normal' }, ...overrides };
}

/** initialWorld for `platform(overrides)` with `buffers` buffers (ids 0..buffers-1). */
export function boot(overrides: Partial<Platform> = {}, buffers = 2): World {
  return initialWorld(platform(overrides), buffers);
}

export type Move = KernelCall | EnvAction;

/** Applies moves in order, whatever they return. */
export function run(world: World, ...moves: Move[]): World {
  let w = world;
  for (const move of moves) w = apply(w, move).world;
  return w;
}

/** One move, kernel step or environment action. */
export function apply(world: World, move: Move): { world: World; result: string; handle?: number } {
  return 'step' in move ? applyKernelStep(world, move) : applyEnvAction(world, move);
}

/** Applies moves and asserts each one returns `ok`. */
export function runOk(world: World, ...moves: Move[]): World {
  let w = world;
  for (const move of moves) {
    const outcome = apply(w, move);
    if (outcome.result !== 'ok') throw new Error(`${JSON.stringify(move)} returned ${outcome.result}`);
    w = outcome.world;
  }
  return w;
}

export const alloc = (buffer: number, pages = 1, region: Region = 'cma'): KernelCall => ({ step: 'alloc', buffer, region, pages });
type BufferStep = Exclude<KernelCall['step'], 'alloc' | 'iommu_map' | 'iommu_unmap' | 'ffa_lend' | 'ffa_share' | 'ffa_donate' | 'ffa_reclaim'>;
export const on = (step: BufferStep, buffer: number): KernelCall => ({ step, buffer }) as KernelCall;
export const lend = (buffer: number, to: string[] = ['optee'], access: Access = 'rw', clear = false): KernelCall => ({
  step: 'ffa_lend',
  buffer,
  to,
  access,
  clear,
});
export const share = (buffer: number, to: string[] = ['optee'], access: Access = 'rw'): KernelCall => ({
  step: 'ffa_share',
  buffer,
  to,
  access,
  clear: false,
});
export const donate = (buffer: number, to: string[] = ['optee']): KernelCall => ({ step: 'ffa_donate', buffer, to });
export const reclaim = (buffer: number, clear = false): KernelCall => ({ step: 'ffa_reclaim', buffer, clear });
export const iommuMap = (buffer: number, device: string): KernelCall => ({ step: 'iommu_map', buffer, device });
export const iommuUnmap = (buffer: number, device: string | null = null): KernelCall => ({ step: 'iommu_unmap', buffer, device });

export const retrieve = (handle: number, endpoint = 'optee'): EnvAction => ({ actor: 'secure', kind: 'ffa_retrieve', endpoint, handle });
export const write = (handle: number, endpoint = 'optee'): EnvAction => ({ actor: 'secure', kind: 'write', endpoint, handle });
export const relinquish = (handle: number, endpoint = 'optee'): EnvAction => ({ actor: 'secure', kind: 'ffa_relinquish', endpoint, handle });

/** alloc, clean_cache, unmap_linear, flush_tlb, ffa_lend: the careful lend of SPEC section 3. */
export function carefulLend(world: World, buffer = 0, pages = 1): World {
  return runOk(world, alloc(buffer, pages), on('clean_cache', buffer), on('unmap_linear', buffer), on('flush_tlb', buffer), lend(buffer));
}
