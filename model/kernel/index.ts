/**
 * Kernel steps: `applyKernelStep` dispatches a design's step to the function named after the kernel
 * call it models. Every step is pure, shares the pages it does not change, and returns the same
 * world when it changes nothing.
 */
import type { World } from '../state.ts';
import type { KernelCall } from './calls.ts';
import type { KernelOutcome } from './buffer.ts';
import { dmaAllocPages, dmaFreePages, leakPages } from './allocator.ts';
import { dmaBufMmap, munmapUser, vmap, vunmap } from './aliases.ts';
import { dcacheCleanInvalPoc, memsetZero } from './cache.ts';
import { flushTlbKernelRange, setDirectMapDefaultNoflush, setDirectMapInvalidNoflush } from './direct-map.ts';
import { ffaMemDonate, ffaMemLend, ffaMemReclaim, ffaMemShare } from './ffa-calls.ts';
import { dmaMapSgtable, dmaUnmapSgtable } from './iommu.ts';
import { clearNosave, registerNosaveRegion } from './nosave.ts';
import { memremapPages, memunmapPages } from './zone-device.ts';
import { devmMemremap, memunmap } from './memremap.ts';
import { genPoolAlloc, genPoolFree } from './gen-pool.ts';

export type { KernelOutcome } from './buffer.ts';

/**
 * Applies one kernel step to the world. Never throws; errors are results. `chunkIndex` is the
 * chunk a chunked `ffa_lend`/`ffa_share` sends in this move (SPEC section 9).
 */
export function applyKernelStep(world: World, call: KernelCall, chunkIndex = 0): KernelOutcome {
  switch (call.step) {
    case 'alloc':
      return dmaAllocPages(world, call);
    case 'free':
      return dmaFreePages(world, call);
    case 'leak':
      return leakPages(world, call);
    case 'unmap_linear':
      return setDirectMapInvalidNoflush(world, call);
    case 'map_linear':
      return setDirectMapDefaultNoflush(world, call);
    case 'flush_tlb':
      return flushTlbKernelRange(world, call);
    case 'memunmap_pages':
      return memunmapPages(world, call);
    case 'memremap_pages':
      return memremapPages(world, call);
    case 'vmap':
      return vmap(world, call);
    case 'vunmap':
      return vunmap(world, call);
    case 'mmap_user':
      return dmaBufMmap(world, call);
    case 'munmap_user':
      return munmapUser(world, call);
    case 'iommu_map':
      return dmaMapSgtable(world, call);
    case 'iommu_unmap':
      return dmaUnmapSgtable(world, call);
    case 'clean_cache':
      return dcacheCleanInvalPoc(world, call);
    case 'zero':
      return memsetZero(world, call);
    case 'mark_nosave':
      return registerNosaveRegion(world, call);
    case 'clear_nosave':
      return clearNosave(world, call);
    case 'ffa_lend':
      return ffaMemLend(world, call, chunkIndex);
    case 'ffa_share':
      return ffaMemShare(world, call, chunkIndex);
    case 'ffa_donate':
      return ffaMemDonate(world, call);
    case 'memremap':
      return devmMemremap(world, call);
    case 'memunmap':
      return memunmap(world, call);
    case 'pool_alloc':
      return genPoolAlloc(world, call);
    case 'pool_free':
      return genPoolFree(world, call);
    case 'ffa_reclaim':
      return ffaMemReclaim(world, call);
  }
}
