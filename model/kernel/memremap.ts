/**
 * devm_memremap / memunmap (SPEC section 9): a kernel alias of a buffer's pages, MEMREMAP_WC
 * (Normal non-cacheable) or MEMREMAP_WB (cacheable). Either is a normal-world mapping the CPU may
 * read speculatively (B18: a WC alias of a no-map carveout is still speculatable), so both types
 * behave alike here; memunmap clears the PTEs and leaves the TLB entry to a lazy flush, like vunmap.
 */
import type { Page, PageFields, World } from '../state.ts';
import { editPage } from '../state.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { bufferOf, onBufferPages } from './buffer.ts';
import { structPageFault } from './struct-pages.ts';

const mapAlias = (page: Page): PageFields => (page.remap === 'mapped' ? page : editPage(page, (p) => { p.remap = 'mapped'; }));
const unmapAlias = (page: Page): PageFields => (page.remap === 'mapped' ? editPage(page, (p) => { p.remap = 'stale'; }) : page);

/** `memremap {type}`: a live kernel alias; a kernel fault on pages memunmap_pages removed. */
export function devmMemremap(world: World, call: StepCall<'memremap'>): KernelOutcome {
  const { pages } = bufferOf(world, call.buffer);
  const fault = structPageFault(world, pages, `memremap (${call.type}) mapped PAGES`);
  if (fault !== null) return fault;
  return onBufferPages(world, call.buffer, mapAlias);
}

/** `memunmap`: the alias is gone but its TLB entry is flushed lazily (`stale` until flush_tlb). */
export function memunmap(world: World, call: StepCall<'memunmap'>): KernelOutcome {
  return onBufferPages(world, call.buffer, unmapAlias);
}
