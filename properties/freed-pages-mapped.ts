import type { World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';
import { Findings, type Phrase } from './ns-paths.ts';

/*
 * Only `invalid` is reachable for a cma/system page: the one step that makes a linear entry
 * `absent`, memunmap_pages, is ENXIO outside the device region, and device pages are not checked.
 */
const INVALID: Phrase = ['is free in the allocator but its linear map entry is invalid', 'are free in the allocator but their linear map entries are invalid'];

/** A page handed back to the allocator is in the default (linear-mapped) state. */
export const freedPagesMapped: Invariant = {
  id: 'freed-pages-mapped',
  holds: 'every free cma/system page has a valid linear entry',
  why: 'the allocator and its next user touch a free page through the linear map (init_on_free poisoning, zeroing on allocation), so a page freed before set_direct_map_default_noflush restores its entry is a supervisor not-present page fault (the 2025 secretmem fault-handler race)',
  check(world: World): InvariantViolation | null {
    let found: Findings | null = null;
    const pages = world.pages;
    for (let id = 0; id < pages.length; id++) {
      const page = pages[id]!;
      if (page.alloc !== 'free' || page.linear === 'valid' || (page.region !== 'cma' && page.region !== 'system')) continue;
      (found ??= new Findings()).add(id, INVALID);
    }
    return found === null ? null : found.violation('freed-pages-mapped');
  },
};
