import type { World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';

/** A page changes hands with no dirty normal-world cache lines. */
export const cleanBeforeLend: Invariant = {
  id: 'clean-before-lend',
  holds: 'no page is lent or donated with dirty cache lines',
  why: 'dirty NS-tagged lines evicted after the firewall flips the page to secure are writes the firewall rejects (an asynchronous SError), or they overwrite what the secure side wrote',
  check(world: World): InvariantViolation | null {
    const hazard = world.hazards.dirtyLend;
    return hazard === null ? null : { invariant: 'clean-before-lend', message: hazard.what, pages: hazard.pages };
  },
};
