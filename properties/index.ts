/**
 * Every invariant, in INVARIANT_IDS order (SPEC section 4).
 */
import { cleanBeforeLend } from './clean-before-lend.ts';
import { freedPagesMapped } from './freed-pages-mapped.ts';
import type { Invariant, InvariantId } from './invariant.ts';
import { INVARIANT_IDS } from './invariant.ts';
import { noDoubleLend } from './no-double-lend.ts';
import { noFreeWhileLent } from './no-free-while-lent.ts';
import { noKernelFault } from './no-kernel-fault.ts';
import { noNsAccessToLentMemory } from './no-ns-access-to-lent-memory.ts';
import { noNsMappingOfLentMemory } from './no-ns-mapping-of-lent-memory.ts';
import { noSecretToNs } from './no-secret-to-ns.ts';
import { noUseAfterFree } from './no-use-after-free.ts';
import { noCollateralProtection } from './no-collateral-protection.ts';
import { noDeadlock } from './no-deadlock.ts';

const BY_ID: Readonly<Record<InvariantId, Invariant>> = {
  'no-ns-mapping-of-lent-memory': noNsMappingOfLentMemory,
  'no-ns-access-to-lent-memory': noNsAccessToLentMemory,
  'no-double-lend': noDoubleLend,
  'no-free-while-lent': noFreeWhileLent,
  'freed-pages-mapped': freedPagesMapped,
  'no-secret-to-ns': noSecretToNs,
  'clean-before-lend': cleanBeforeLend,
  'no-kernel-fault': noKernelFault,
  'no-use-after-free': noUseAfterFree,
  'no-collateral-protection': noCollateralProtection,
  'no-deadlock': noDeadlock,
};

/** All invariants in INVARIANT_IDS order. */
export const ALL_INVARIANTS: readonly Invariant[] = INVARIANT_IDS.map((id) => BY_ID[id]);

/** The invariant with this id. */
export function invariantById(id: InvariantId): Invariant {
  return BY_ID[id];
}
