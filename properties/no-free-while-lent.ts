import { NS, bootOwnedRegion } from '../model/platform.ts';
import type { World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';
import { Findings, receiversOf } from './ns-paths.ts';

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
        const how = `handle ${tx.handle} still ${VERB[tx.op]}`;
        const to = receiversOf(tx);
        (found ??= new Findings()).add(id, [`is free in the allocator but ${how} it to ${to}`, `are free in the allocator but ${how} them to ${to}`]);
      }
    }
    const pages = world.pages;
    for (let id = 0; id < pages.length; id++) {
      const page = pages[id]!;
      if (page.alloc !== 'free' || page.owner === NS) continue;
      // A free page of the static carveout sits in the driver's gen_pool, not the page allocator.
      if (bootOwnedRegion(world.platform, page.region) && page.owner === world.platform.carveoutOwner) continue;
      (found ??= new Findings()).add(id, [`is free in the allocator but ${page.owner} owns it`, `are free in the allocator but ${page.owner} owns them`]);
    }
    return found === null ? null : found.violation('no-free-while-lent');
  },
};
