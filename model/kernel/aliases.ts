/**
 * Kernel and user aliases of a buffer: vmap / vunmap (vunmap clears the PTEs but flushes the TLB
 * lazily, so the alias stays `stale` until vm_unmap_aliases), and the dma-buf mmap / munmap of a
 * user-space mapping.
 */
import type { Page, World } from '../state.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { onBufferPages } from './buffer.ts';


const mapAlias = (page: Page): Page => (page.vmap === 'mapped' ? page : { ...page, vmap: 'mapped' });
const unmapAlias = (page: Page): Page => (page.vmap === 'mapped' ? { ...page, vmap: 'stale' } : page);
const mapUser = (page: Page): Page => (page.user ? page : { ...page, user: true });
const unmapUser = (page: Page): Page => (page.user ? { ...page, user: false } : page);

/** `vmap`: a live kernel alias. */
export function vmap(world: World, call: StepCall<'vmap'>): KernelOutcome {
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
