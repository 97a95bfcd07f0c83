import type { World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';

/** The kernel never faults on memory it gave away or unmapped. */
export const noKernelFault: Invariant = {
  id: 'no-kernel-fault',
  holds: 'the kernel never touches a page through a missing linear entry or a page the secure side protects',
  why: 'a kernel access through a missing entry is a not-present page fault (an oops), and one to a page the firewall protects or stage-2 removed is a synchronous external abort that panics the machine (do_sea)',
  check(world: World): InvariantViolation | null {
    const hazard = world.hazards.kernelFault;
    return hazard === null ? null : { invariant: 'no-kernel-fault', message: hazard.what, pages: hazard.pages };
  },
};
