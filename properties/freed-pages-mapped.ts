import type { World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';
import { Findings } from './ns-paths.ts';

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
      const entry = page.linear === 'invalid' ? 'its linear map entry is invalid' : 'it has no linear map entry';
      (found ??= new Findings()).add(id, `page ${id} is free in the allocator but ${entry}`);
    }
    return found === null ? null : found.violation('freed-pages-mapped');
  },
};
