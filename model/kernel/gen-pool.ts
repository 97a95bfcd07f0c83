/**
 * gen_pool_alloc / gen_pool_free over the pages of a buffer (SPEC section 9): the protmem shape, one
 * lend of the whole pool at init and sub-buffers handed to users. A sub-allocation marks its pages
 * `pooled` until gen_pool_free; nothing is zeroed and nothing is touched through a mapping (the
 * pool only hands out addresses). Freeing or tearing down the pool's buffer while sub-allocations
 * are out leaves free pages that a sub-buffer still uses (no-use-after-free).
 */
import type { Page, PageFields, World } from '../state.ts';
import { editPage } from '../state.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { bufferOf, changePages, unchanged, withBuffer } from './buffer.ts';

const handOut = (page: Page): PageFields => editPage(page, (p) => { p.pooled = true; });
const giveBack = (page: Page): PageFields => editPage(page, (p) => { p.pooled = false; });

/**
 * `pool_alloc {pool, pages}`: the lowest pages of buffer `pool` not handed out go to the buffer.
 * EINVAL for a pool that is the buffer itself, EBUSY if the buffer already holds pages, ENOMEM if
 * the pool (possibly empty, torn down) has too few pages left.
 */
export function genPoolAlloc(world: World, call: StepCall<'pool_alloc'>): KernelOutcome {
  if (call.pool === call.buffer || call.pages < 1 || call.buffer < 0 || call.buffer >= world.buffers.length) return unchanged(world, 'EINVAL');
  if (bufferOf(world, call.buffer).pages.length > 0) return unchanged(world, 'EBUSY');
  const taken: number[] = [];
  for (const id of [...bufferOf(world, call.pool).pages].sort((a, b) => a - b)) {
    if (taken.length === call.pages) break;
    if (world.pages[id]?.pooled === false) taken.push(id);
  }
  if (taken.length < call.pages) return unchanged(world, 'ENOMEM');
  const next = changePages(world, taken, handOut);
  return { world: withBuffer(next, call.buffer, { pages: taken, handle: null }), result: 'ok' };
}

/** `pool_free`: the buffer's pages go back to their pool; EINVAL if it holds none or one not handed out. */
export function genPoolFree(world: World, call: StepCall<'pool_free'>): KernelOutcome {
  const { pages } = bufferOf(world, call.buffer);
  if (pages.length === 0 || pages.some((id) => world.pages[id]?.pooled !== true)) return unchanged(world, 'EINVAL');
  const next = changePages(world, pages, giveBack);
  return { world: withBuffer(next, call.buffer, { pages: [], handle: null }), result: 'ok' };
}
