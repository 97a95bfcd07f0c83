/**
 * The shared check behind no-ns-mapping-of-lent-memory and no-ns-access-to-lent-memory: pages `ns`
 * has lent (a live LEND) or given away (a live DONATE, or a page another endpoint owns) that an NS
 * path still reaches. A page another endpoint owns includes the static carveout its
 * `carveout_owner` owns from boot (SPEC section 9).
 */
import { NS, bootOwnedRegion } from '../model/platform.ts';
import type { World } from '../model/state.ts';
import type { InvariantId, InvariantViolation } from './invariant.ts';
import { Findings, givenAwayBy, howGivenAway, nsPathTo, type Phrase } from './ns-paths.ts';

const THROUGH_STAGE2: Phrase = [' and host stage-2 lets it through', ' and host stage-2 lets them through'];
const NO_TAIL: Phrase = ['', ''];

/**
 * The violation of `invariant`, or null. With `throughStage2`, a page whose host stage-2 mapping is
 * removed does not count (no NS access gets through); the firewall alone does not excuse it.
 */
export function givenAwayButReachable(world: World, invariant: InvariantId, throughStage2: boolean): InvariantViolation | null {
  let found: Findings | null = null;
  const [tailOne, tailMany] = throughStage2 ? THROUGH_STAGE2 : NO_TAIL;
  for (const tx of world.transactions) {
    if (!givenAwayBy(tx)) continue;
    for (const id of tx.pages) {
      const page = world.pages[id];
      if (page === undefined || (throughStage2 && !page.stage2)) continue;
      const path = nsPathTo(world, page);
      if (path === null) continue;
      const how = howGivenAway(tx);
      (found ??= new Findings()).add(id, [`is ${how} but ${path[0]}${tailOne}`, `are ${how} but ${path[1]}${tailMany}`]);
    }
  }
  const pages = world.pages;
  for (let id = 0; id < pages.length; id++) {
    const page = pages[id]!;
    if (page.owner === NS || (throughStage2 && !page.stage2)) continue;
    const path = nsPathTo(world, page);
    if (path === null) continue;
    (found ??= new Findings()).add(
      id,
      bootOwnedRegion(world.platform, page.region) && page.owner === world.platform.carveoutOwner
        ? [`is static carveout memory ${page.owner} owns from boot, but ${path[0]}${tailOne}`, `are static carveout memory ${page.owner} owns from boot, but ${path[1]}${tailMany}`]
        : [`was donated to ${page.owner}, which owns it now, but ${path[0]}${tailOne}`, `were donated to ${page.owner}, which owns them now, but ${path[1]}${tailMany}`],
    );
  }
  return found === null ? null : found.violation(invariant);
}
