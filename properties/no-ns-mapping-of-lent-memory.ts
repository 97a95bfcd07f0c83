import type { Invariant } from './invariant.ts';
import { givenAwayButReachable } from './given-away-mappings.ts';

/** No NS stage-1 or normal-device IOMMU mapping of memory `ns` has lent or given away. */
export const noNsMappingOfLentMemory: Invariant = {
  id: 'no-ns-mapping-of-lent-memory',
  holds:
    'no page that ns has lent (a live LEND) or given away (a DONATE, until the page is owned by ns again) has any NS stage-1 mapping (linear, live stale TLB entry, vmap alias, user) or an IOMMU mapping for a normal device, whatever stage-2 says',
  why: 'any valid normal-world mapping permits speculative and stray loads (prefetch, load_unaligned_zeropad, /proc/kcore), which end in a synchronous external abort and a panic once the secure side protects the page, or read its secrets where nothing does',
  check: (world) => givenAwayButReachable(world, 'no-ns-mapping-of-lent-memory', false),
};
