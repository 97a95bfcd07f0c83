/**
 * The arm64 linear (direct) map, arch/arm64/mm/pageattr.c: set_direct_map_invalid_noflush and
 * set_direct_map_default_noflush return 0 and change nothing when !can_set_direct_map(); the
 * *_noflush variants leave the TLB to the caller's flush_tlb_kernel_range.
 */
import type { Page, PageFields, World } from '../state.ts';
import { editPage } from '../state.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { bufferOf, onBufferPages, unchanged } from './buffer.ts';


const invalidate = (page: Page): PageFields =>
  page.linear === 'valid'
    ? editPage(page, (p) => {
        p.linear = 'invalid';
        p.tlbStale = true;
      })
    : page;
const restore = (page: Page): PageFields =>
  page.linear === 'invalid'
    ? editPage(page, (p) => {
        p.linear = 'valid';
        p.tlbStale = false;
      })
    : page;
const flush = (page: Page): PageFields =>
  page.tlbStale || page.vmap === 'stale' || page.remap === 'stale'
    ? editPage(page, (p) => {
        p.tlbStale = false;
        if (p.vmap === 'stale') p.vmap = 'none';
        if (p.remap === 'stale') p.remap = 'none';
      })
    : page;

/** `unmap_linear`: a valid linear entry becomes invalid; its TLB entry may stay live until a flush. */
export function setDirectMapInvalidNoflush(world: World, call: StepCall<'unmap_linear'>): KernelOutcome {
  if (!world.platform.canSetDirectMap) return noopUnlessEmpty(world, call.buffer);
  return onBufferPages(world, call.buffer, invalidate);
}

/** `map_linear`: an invalid linear entry is valid again; an absent one has nothing to restore. */
export function setDirectMapDefaultNoflush(world: World, call: StepCall<'map_linear'>): KernelOutcome {
  if (!world.platform.canSetDirectMap) return noopUnlessEmpty(world, call.buffer);
  return onBufferPages(world, call.buffer, restore);
}

/** `flush_tlb` (flush_tlb_kernel_range + vm_unmap_aliases): no stale TLB entry, no lazily unmapped alias. */
export function flushTlbKernelRange(world: World, call: StepCall<'flush_tlb'>): KernelOutcome {
  return onBufferPages(world, call.buffer, flush);
}

/** !can_set_direct_map(): `return 0;` without touching the page tables (an empty buffer is still EINVAL). */
function noopUnlessEmpty(world: World, buffer: number): KernelOutcome {
  return unchanged(world, bufferOf(world, buffer).pages.length === 0 ? 'EINVAL' : 'ok');
}
