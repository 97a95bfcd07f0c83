import { NS } from '../model/platform.ts';
import type { World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';
import { Findings, type Phrase } from './ns-paths.ts';

const COLLATERAL: Phrase = [
  'is protected by the secure side although no live transaction covers it and ns owns it (collateral of its firewall granule)',
  'are protected by the secure side although no live transaction covers them and ns owns them (collateral of their firewall granule)',
];

/** The secure side protects exactly what was given to it (SPEC section 9, B19). */
export const noCollateralProtection: Invariant = {
  id: 'no-collateral-protection',
  holds: 'no page is protected by the secure side unless a live transaction covers it or a secure endpoint owns it',
  why: 'a firewall coarser than the lent range protects neighbouring pages Linux still owns and uses: the next kernel or DMA access to them is an external abort, and the allocator keeps handing them out',
  check(world: World): InvariantViolation | null {
    let found: Findings | null = null;
    const pages = world.pages;
    for (let id = 0; id < pages.length; id++) {
      const page = pages[id]!;
      if (!page.secureProtected || page.owner !== NS || covered(world, id)) continue;
      (found ??= new Findings()).add(id, COLLATERAL);
    }
    return found === null ? null : found.violation('no-collateral-protection');
  },
};

function covered(world: World, page: number): boolean {
  for (const tx of world.transactions) if (tx !== null && tx.pages.includes(page)) return true;
  return false;
}
