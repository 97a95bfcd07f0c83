/**
 * kexec (SPEC section 9): the running kernel is replaced by a new one. The design's `shutdown`
 * procedures run first (the system layer schedules them); then the new kernel boots and takes every
 * page that is not `leaked` and not owned by a secure endpoint as free, linear-mapped memory with no
 * other kernel mapping: it knows nothing of the old kernel's buffers, vmap and memremap aliases,
 * user mappings or IOMMU mappings. What the firmware holds stays as it was: live transactions stay
 * live at the SPMC, host stage-2 and the secure side's protection are unchanged, and so are the
 * pages' content and cache lines (kexec does not scrub memory).
 *
 * Two choices the contract leaves open: `leaked` pages stay leaked (the quarantine is handed over,
 * SPEC section 9's clarification), and a DT no-map `carveout` page the new kernel takes is still
 * no-map (the same device tree reserves it again): free, but with no linear entry.
 */
import { NS } from '../platform.ts';
import type { Page, PageFields, World } from '../state.ts';
import { editPage, updatePages, withBuffers } from '../state.ts';

/** Does the new kernel take this page? */
export function takenByNewKernel(page: Page): boolean {
  return page.alloc !== 'leaked' && page.owner === NS;
}

function reborn(page: Page): PageFields {
  if (!takenByNewKernel(page)) return page;
  return editPage(page, (p) => {
    p.alloc = 'free';
    p.linear = page.region === 'carveout' ? 'absent' : 'valid';
    p.tlbStale = false;
    p.vmap = 'none';
    p.user = false;
    p.iommu = [];
    p.nosave = false;
    p.remap = 'none';
    p.pooled = false;
  });
}

/** The world once the new kernel has booted: see the file comment. Buffers are all empty. */
export function kexecBoot(world: World): World {
  const ids = world.pages.map((_, id) => id);
  const next = updatePages(world, ids, (page) => reborn(page));
  return withBuffers(next, world.buffers.map(() => ({ pages: [], handle: null })));
}
