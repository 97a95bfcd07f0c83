/**
 * swiotlb bouncing (SPEC section 9, B14): a device declared `bounce: true` (a 32-bit DMA mask, or
 * swiotlb=force) gets its dma_map_sgtable through swiotlb_tbl_map_single, which memcpy's every page
 * through the linear map into a bounce slot in normal-world memory. That copy is a kernel read of
 * each page: it faults where `zero` would (no valid linear entry, protected by the secure side or
 * stage-2), and it puts any `secret` content into normal-world memory (the secretCopied hazard).
 */
import type { World } from '../state.ts';
import { withHazard } from '../state.ts';
import type { KernelOutcome } from './buffer.ts';
import { kernelFault, linearAccessFault, pageList } from './buffer.ts';

/** Is iommu_map for this device a bounce through swiotlb? */
export function bounces(world: World, device: string): boolean {
  return world.platform.bounceDevices.includes(device);
}

/**
 * The bounce copy of `ids` for `device`: a kernel fault (and nothing else) if a page cannot be read
 * through the linear map, else the world with any secret copy recorded (null result: go on mapping).
 */
export function bounceCopy(world: World, ids: readonly number[], device: string): { fault: KernelOutcome } | { world: World } {
  let faulted: number[] | null = null;
  // Stryker disable next-line StringLiteral: read only once a page faulted, and the first faulting page sets it
  let reason = '';
  let secrets: number[] | null = null;
  for (const id of ids) {
    const page = world.pages[id];
    if (page === undefined) continue;
    const why = linearAccessFault(page);
    if (why !== null) {
      if (faulted === null) reason = why;
      (faulted ??= []).push(id);
    } else if (page.content === 'secret') (secrets ??= []).push(id);
  }
  if (faulted !== null) return { fault: kernelFault(world, faulted, `iommu_map for the bounce device ${device} copied PAGES through the linear map into swiotlb`, reason) };
  if (secrets === null) return { world };
  return {
    world: withHazard(world, 'secretCopied', {
      pages: secrets,
      what: `iommu_map for the bounce device ${device} copied the secret content of ${pageList(secrets)} into a swiotlb bounce buffer in normal-world memory`,
    }),
  };
}
