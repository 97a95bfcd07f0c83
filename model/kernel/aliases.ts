/**
 * Kernel and user aliases of a buffer: vmap / vunmap (vunmap clears the PTEs but flushes the TLB
 * lazily, so the alias stays `stale` until vm_unmap_aliases), and the dma-buf mmap / munmap of a
 * user-space mapping.
 */
import type { Page, PageFields, World } from '../state.ts';
import { editPage } from '../state.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { bufferOf, onBufferPages } from './buffer.ts';
import { structPageFault } from './struct-pages.ts';


const mapAlias = (page: Page): PageFields => (page.vmap === 'mapped' ? page : editPage(page, (p) => { p.vmap = 'mapped'; }));
const unmapAlias = (page: Page): PageFields => (page.vmap === 'mapped' ? editPage(page, (p) => { p.vmap = 'stale'; }) : page);
const mapUser = (page: Page): PageFields => (page.user ? page : editPage(page, (p) => { p.user = true; }));
const unmapUser = (page: Page): PageFields => (page.user ? editPage(page, (p) => { p.user = false; }) : page);

/** `vmap`: a live kernel alias. */
export function vmap(world: World, call: StepCall<'vmap'>): KernelOutcome {
  const fault = structPageFault(world, bufferOf(world, call.buffer).pages, 'vmap mapped PAGES');
  if (fault !== null) return fault;
  return onBufferPages(world, call.buffer, mapAlias);
}

/** `vunmap`: the alias is gone but its TLB entry is flushed lazily (`stale`). */
export function vunmap(world: World, call: StepCall<'vunmap'>): KernelOutcome {
  return onBufferPages(world, call.buffer, unmapAlias);
}

/** `mmap_user` (dma_buf_mmap): a user-space mapping. */
export function dmaBufMmap(world: World, call: StepCall<'mmap_user'>): KernelOutcome {
  return onBufferPages(world, call.buffer, mapUser);
}

/** `munmap_user` (munmap): no user-space mapping. */
export function munmapUser(world: World, call: StepCall<'munmap_user'>): KernelOutcome {
  return onBufferPages(world, call.buffer, unmapUser);
}
