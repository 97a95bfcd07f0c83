import type { Page, World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';
import { Findings, type Phrase } from './ns-paths.ts';

const POOLED: Phrase = ['is free in the allocator but a pool sub-allocation still holds it', 'are free in the allocator but a pool sub-allocation still holds them'];
const VMAP: Phrase = ['is free in the allocator but a vmap alias still maps it', 'are free in the allocator but a vmap alias still maps them'];
const REMAP: Phrase = ['is free in the allocator but a memremap alias still maps it', 'are free in the allocator but a memremap alias still maps them'];
const USER: Phrase = ['is free in the allocator but a user-space mapping still maps it', 'are free in the allocator but a user-space mapping still maps them'];

/** What still uses a free page, in words, or null. */
function stillUsed(page: Page): Phrase | null {
  if (page.iommu.length > 0) {
    const devices = page.iommu.join(' and ');
    return [`is free in the allocator but the IOMMU still maps it for ${devices}`, `are free in the allocator but the IOMMU still maps them for ${devices}`];
  }
  if (page.user) return USER;
  if (page.vmap === 'mapped') return VMAP;
  if (page.remap === 'mapped') return REMAP;
  if (page.pooled) return POOLED;
  return null;
}

/** Nothing keeps using a page once it is back in the allocator (SPEC section 9). */
export const noUseAfterFree: Invariant = {
  id: 'no-use-after-free',
  holds: 'no free page has a live device (IOMMU) mapping, user mapping, vmap/memremap alias, or pool sub-allocation',
  why: 'the allocator hands a free page to its next user while a device still DMAs into it, a process still maps it, a kernel alias still reaches it, or a dma-buf carved from a torn-down pool still points at it: the next owner\'s data is overwritten or read (and protected data lands in ordinary memory)',
  check(world: World): InvariantViolation | null {
    let found: Findings | null = null;
    const pages = world.pages;
    for (let id = 0; id < pages.length; id++) {
      const page = pages[id]!;
      if (page.alloc !== 'free') continue;
      const use = stillUsed(page);
      if (use !== null) (found ??= new Findings()).add(id, use);
    }
    return found === null ? null : found.violation('no-use-after-free');
  },
};
