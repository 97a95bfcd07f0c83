import { NS } from '../model/platform.ts';
import type { World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';
import { Findings, nsPathTo, type Phrase } from './ns-paths.ts';

const FREE: Phrase = ['it is free in the allocator', 'they are free in the allocator'];

/** Secure data never ends up where the normal world can read it. */
export const noSecretToNs: Invariant = {
  id: 'no-secret-to-ns',
  holds: 'no page holding secret data is NS-accessible or free once no live transaction covers it',
  why: 'a reclaim without clearing hands decrypted frames or keys back to Linux, where the next allocation, a user mapping or a hibernation image exposes them in plaintext',
  check(world: World): InvariantViolation | null {
    let found: Findings | null = null;
    const pages = world.pages;
    for (let id = 0; id < pages.length; id++) {
      const page = pages[id]!;
      // A page a secure endpoint owns after a donate is the secure side's to hold.
      if (page.content !== 'secret' || page.owner !== NS || covered(world, id)) continue;
      const where = page.alloc === 'free' ? FREE : page.stage2 ? nsPathTo(world, page) : null;
      if (where === null) continue;
      (found ??= new Findings()).add(id, [
        `still holds secret data after its transaction ended, and ${where[0]}`,
        `still hold secret data after their transaction ended, and ${where[1]}`,
      ]);
    }
    if (found !== null) return found.violation('no-secret-to-ns');
    const hazard = world.hazards.secretCopied;
    return hazard === null ? null : { invariant: 'no-secret-to-ns', message: hazard.what, pages: hazard.pages };
  },
};

function covered(world: World, page: number): boolean {
  for (const tx of world.transactions) if (tx !== null && tx.pages.includes(page)) return true;
  return false;
}
