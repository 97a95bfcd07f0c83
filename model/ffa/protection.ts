/**
 * What stops the normal world at the hardware level, as a function of FF-A state: host stage-2
 * (removed only by a Hafnium hypervisor) and the secure side's firewall/PAS change
 * (`secureProtectsOnLend`, Hafnium's `arch_memory_protect`). Recomputed for the pages a relayer
 * transition touches, so protection always follows ownership (restored on reclaim, re-applied while
 * another lend still covers the page).
 */
import { NS, bootOwnedRegion } from '../platform.ts';
import { granuleGivenAway, granulesOf } from './granules.ts';
import type { World } from '../state.ts';
import { editPage, updatePages } from '../state.ts';
import { ffaAccess } from './ownership.ts';

/** Sets `stage2`/`secureProtected` of `pages` from whether `ns` has FF-A access to them. */
export function refreshNsProtection(world: World, pages: readonly number[]): World {
  const unmaps = world.platform.hypervisor === 'hafnium';
  const firewall = world.platform.secureProtectsOnLend;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; granules of one page are the pages themselves
  const granules = world.platform.firewallGranule > 1;
  // The firewall protects whole granules: every page of a touched granule may change.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a shortcut; without a firewall the extra pages' protection is recomputed unchanged
  if (firewall && granules) pages = granulesOf(world, pages);
  // Usually nothing changes (a retrieve or relinquish of a lend leaves NS where it was): find the
  // changed pages first, allocating nothing unless there is one.
  let changed: number[] | null = null;
  for (const id of pages) {
    const page = world.pages[id];
    if (page === undefined) continue;
    const want = nsProtectionOf(world, id, unmaps, firewall, granules);
    if (page.stage2 !== want.stage2 || page.secureProtected !== want.secureProtected) (changed ??= []).push(id);
  }
  if (changed === null) return world;
  return updatePages(world, changed, (page, id) =>
    editPage(page, (p) => {
      const want = nsProtectionOf(world, id, unmaps, firewall, granules);
      p.stage2 = want.stage2;
      p.secureProtected = want.secureProtected;
    }),
  );
}

interface NsProtection {
  readonly stage2: boolean;
  readonly secureProtected: boolean;
}

/** The four answers of `nsProtectionOf`, built once (it runs for every page of every relayer call). */
const PROTECTION: readonly NsProtection[] = [false, true].flatMap((stage2) =>
  [false, true].map((secureProtected) => ({ stage2, secureProtected })),
);
const protection = (stage2: boolean, secureProtected: boolean): NsProtection => PROTECTION[(stage2 ? 2 : 0) + (secureProtected ? 1 : 0)]!;

function nsProtectionOf(world: World, page: number, hypervisorUnmaps: boolean, firewall: boolean, granules: boolean): NsProtection {
  // The static carveout (`carveout_owner`): firewalled from boot, whatever secure_protects_on_lend says.
  const p = world.pages[page];
  if (p !== undefined && bootOwnedRegion(world.platform, p.region) && p.owner === world.platform.carveoutOwner) {
    return protection(!hypervisorUnmaps, true);
  }
  // NS holds the page (Owner-EA/SA, or a borrower): nothing stops it, but a firewall that protects
  // whole granules protects it with any page of its granule that NS gave away (collateral).
  if (ffaAccess(world, NS, page) !== null) return protection(true, firewall && granules && granuleGivenAway(world, page));
  // Lent or donated away from NS: Hafnium-as-hypervisor unmaps the lender at stage-2
  // (`ffa_memory_send_complete`); pKVM never does (it treats LEND like SHARE, research §4.2).
  return protection(!hypervisorUnmaps, firewall);
}
