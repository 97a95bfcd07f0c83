import type { Invariant } from './invariant.ts';
import { givenAwayButReachable } from './given-away-mappings.ts';

/** The effective-access view: a mapping counts only where host stage-2 lets it through. */
export const noNsAccessToLentMemory: Invariant = {
  id: 'no-ns-access-to-lent-memory',
  holds:
    'no page that ns has lent or given away has an NS mapping that host stage-2 lets through (a path that only the secure side\'s firewall blocks still counts: that access is an external abort)',
  why: 'a hypervisor that removes the lender from stage-2 makes a leftover stage-1 mapping harmless, but without one (no EL2, or pKVM, which treats LEND like SHARE) the access reaches the memory: an external abort behind a firewall, plaintext secrets without one',
  check: (world) => givenAwayButReachable(world, 'no-ns-access-to-lent-memory', true),
};
