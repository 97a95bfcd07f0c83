/**
 * Struct pages (SPEC section 9): memunmap_pages -> pageunmap_range -> arch_remove_memory removes the
 * linear map and the memmap of ZONE_DEVICE memory together, and memremap_pages brings both back.
 * The model derives "no struct page" from that pair rather than storing it: a `device` page whose
 * linear entry is `absent` is one memunmap_pages removed (device pages boot with a valid entry, and
 * only memunmap_pages makes it absent). Any kernel call that walks the pages of such an sg_table
 * (free, iommu_map, vmap, memremap) dereferences a struct page that is gone: a kernel fault.
 */
import type { Page, World } from '../state.ts';
import type { KernelOutcome } from './buffer.ts';
import { kernelFault } from './buffer.ts';

/** Does the kernel still have a struct page for this page? */
export function hasStructPage(page: Page): boolean {
  return page.region !== 'device' || page.linear !== 'absent';
}

/**
 * The kernel fault of `doing` (see `kernelFault`) on the pages among `ids` without a struct page,
 * with the world otherwise unchanged, or null when every page has one.
 */
export function structPageFault(world: World, ids: readonly number[], doing: string): KernelOutcome | null {
  let missing: number[] | null = null;
  for (const id of ids) {
    const page = world.pages[id];
    if (page !== undefined && !hasStructPage(page)) (missing ??= []).push(id);
  }
  return missing === null ? null : kernelFault(world, missing, doing, 'has no struct page (memunmap_pages removed it)');
}
