/**
 * What stops the normal world at the hardware level, as a function of FF-A state: host stage-2
 * (removed only by a Hafnium hypervisor) and the secure side's firewall/PAS change
 * (`secureProtectsOnLend`, Hafnium's `arch_memory_protect`). Recomputed for the pages a relayer
 * transition touches, so protection always follows ownership (restored on reclaim, re-applied while
 * another lend still covers the page).
 */
import { NS } from '../platform.ts';
import type { World } from '../state.ts';
import { updatePages } from '../state.ts';
import { ffaAccess } from './ownership.ts';

/** Sets `stage2`/`secureProtected` of `pages` from whether `ns` has FF-A access to them. */
export function refreshNsProtection(world: World, pages: readonly number[]): World {
  const { hypervisor, secureProtectsOnLend } = world.platform;
  const changed = pages.filter((id) => {
    const page = world.pages[id];
    if (page === undefined) return false;
    const want = nsProtectionOf(world, id, hypervisor === 'hafnium', secureProtectsOnLend);
    return page.stage2 !== want.stage2 || page.secureProtected !== want.secureProtected;
  });
  return updatePages(world, changed, (page, id) => ({
    ...page,
    ...nsProtectionOf(world, id, hypervisor === 'hafnium', secureProtectsOnLend),
  }));
}

function nsProtectionOf(world: World, page: number, hypervisorUnmaps: boolean, firewall: boolean) {
  // NS holds the page (Owner-EA/SA, or a borrower): nothing stops it.
  if (ffaAccess(world, NS, page) !== null) return { stage2: true, secureProtected: false };
  // Lent or donated away from NS: Hafnium-as-hypervisor unmaps the lender at stage-2
  // (`ffa_memory_send_complete`); pKVM never does (it treats LEND like SHARE, research §4.2).
  return { stage2: !hypervisorUnmaps, secureProtected: firewall };
}
