import { NS } from '../model/platform.ts';
import type { World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';
import { Findings } from './ns-paths.ts';

const VERB = { lend: 'lends', share: 'shares', donate: 'donates' } as const;

/** The allocator never holds a page the secure side may still use. */
export const noFreeWhileLent: Invariant = {
  id: 'no-free-while-lent',
  holds: "no page in the allocator's free state is covered by a live transaction or owned by another endpoint",
  why: 'the allocator hands the page to the next user, whose first access (init_on_alloc zeroing, memset) is an external abort while the secure side protects it, or whose data the secure side then reads and overwrites',
  check(world: World): InvariantViolation | null {
    let found: Findings | null = null;
    for (const tx of world.transactions) {
      if (tx === null) continue;
      for (const id of tx.pages) {
        if (world.pages[id]?.alloc !== 'free') continue;
        const to = tx.receivers.map((r) => r.endpoint).join(' and ');
        (found ??= new Findings()).add(id, `page ${id} is free in the allocator but handle ${tx.handle} still ${VERB[tx.op]} it to ${to}`);
      }
    }
    const pages = world.pages;
    for (let id = 0; id < pages.length; id++) {
      const page = pages[id]!;
      if (page.alloc === 'free' && page.owner !== NS) (found ??= new Findings()).add(id, `page ${id} is free in the allocator but ${page.owner} owns it`);
    }
    return found === null ? null : found.violation('no-free-while-lent');
  },
};
