/**
 * The page allocator: dma_alloc_pages / cma_alloc / alloc_pages (and a carveout pool) hand out the
 * lowest free pages of a region and zero them; dma_free_pages / cma_release give them back whatever
 * their FF-A state; a leak quarantines them forever.
 */
import type { Page, PageFields, World } from '../state.ts';
import { editPage } from '../state.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { bufferOf, changePages, kernelFault, linearAccessFault, unchanged, withBuffer } from './buffer.ts';
import { structPageFault } from './struct-pages.ts';

/** A carveout page handed out: no linear map to zero it through. */
const allocated = (page: Page): PageFields => editPage(page, (p) => { p.alloc = 'allocated'; });
/** The allocator's memset through the linear map: zero content, dirty lines in the cache. */
const allocatedZeroed = (page: Page): PageFields =>
  editPage(page, (p) => {
    p.alloc = 'allocated';
    p.content = 'zero';
    p.cache = 'dirty';
  });

/**
 * dma_alloc_pages / cma_alloc / alloc_pages: EBUSY if the buffer already holds pages, ENOMEM if the
 * region has too few free pages. cma/system/device pages are zeroed through the linear map, which
 * is a kernel fault (EFAULT, pages still taken) for a page without a valid linear entry or one the
 * secure side or stage-2 protects; carveout pages (DT no-map) are not zeroed.
 */
export function dmaAllocPages(world: World, call: StepCall<'alloc'>): KernelOutcome {
  const buffer = bufferOf(world, call.buffer);
  if (call.buffer < 0 || call.buffer >= world.buffers.length || call.pages < 1) return unchanged(world, 'EINVAL');
  if (buffer.pages.length > 0) return unchanged(world, 'EBUSY');
  const pages = world.pages;
  const taken = call.contiguous === false ? chosenPages(world, call) : lowestFreeRun(world, call.region, call.pages, call.align ?? 1);
  if (taken === null) return unchanged(world, 'ENOMEM');

  let next = withBuffer(world, call.buffer, { pages: taken, handle: null });
  if (call.region === 'carveout') return { world: changePages(next, taken, allocated), result: 'ok' };

  let faulted: number[] | null = null;
  // Stryker disable next-line StringLiteral: read only once a page faulted, and the first faulting page sets it
  let reason = '';
  for (const id of taken) {
    const why = linearAccessFault(pages[id]!);
    if (why === null) continue;
    if (faulted === null) {
      faulted = [];
      reason = why;
    }
    faulted.push(id);
  }
  if (faulted === null) return { world: changePages(next, taken, allocatedZeroed), result: 'ok' };
  const faults = faulted;
  next = changePages(next, taken, (page) => (linearAccessFault(page) === null ? allocatedZeroed(page) : allocated(page)));
  return kernelFault(next, faults, 'alloc zeroed PAGES through the linear map', reason);
}

/**
 * The lowest run of `count` consecutive free pages of `region` whose first page's offset in the
 * region is a multiple of `align` (dma_alloc_pages / cma_alloc hand out physically contiguous
 * memory), or null.
 */
export function lowestFreeRun(world: World, region: string, count: number, align: number): number[] | null {
  const pages = world.pages;
  let base = -1;
  for (let id = 0; id < pages.length; id++) {
    if (pages[id]!.region !== region) continue;
    if (base < 0) base = id;
    if ((id - base) % align !== 0) continue;
    let end = id;
    while (end < id + count && end < pages.length && pages[end]!.region === region && pages[end]!.alloc === 'free') end++;
    if (end === id + count) {
      const run: number[] = [];
      for (let p = id; p < end; p++) run.push(p);
      return run;
    }
  }
  return null;
}

/** Free pages of `region`, in page order. */
export function freePagesOf(world: World, region: string): number[] {
  const free: number[] = [];
  const pages = world.pages;
  for (let id = 0; id < pages.length; id++) if (pages[id]!.region === region && pages[id]!.alloc === 'free') free.push(id);
  return free;
}

/**
 * `contiguous: false` (alloc_pages order 0 per page, an sg_table): the pages the move chose, when
 * they are all free pages of the region; without a choice (a direct call), the lowest free pages.
 */
function chosenPages(world: World, call: StepCall<'alloc'>): number[] | null {
  if (call.choose === undefined) {
    const free = freePagesOf(world, call.region);
    return free.length < call.pages ? null : free.slice(0, call.pages);
  }
  const chosen = [...call.choose].sort((a, b) => a - b);
  if (chosen.length !== call.pages) return null;
  for (const id of chosen) {
    const page = world.pages[id];
    if (page === undefined || page.region !== call.region || page.alloc !== 'free') return null;
  }
  return chosen;
}

/** dma_free_pages / cma_release: the pages go back to the allocator whatever their FF-A state. */
export function dmaFreePages(world: World, call: StepCall<'free'>): KernelOutcome {
  return release(world, call.buffer, 'free');
}

/** A deliberate leak (quarantine): the pages are never handed out again. */
export function leakPages(world: World, call: StepCall<'leak'>): KernelOutcome {
  return release(world, call.buffer, 'leaked');
}

// A page may already be free or leaked: a pool sub-buffer keeps pages its freed pool gave up.
const toFree = (page: Page): PageFields => (page.alloc === 'free' ? page : editPage(page, (p) => { p.alloc = 'free'; }));
// Stryker disable next-line ConditionalExpression: re-leaking a leaked page gives an equal page; the shortcut only keeps the object
const toLeaked = (page: Page): PageFields => (page.alloc === 'leaked' ? page : editPage(page, (p) => { p.alloc = 'leaked'; }));

function release(world: World, id: number, to: 'free' | 'leaked'): KernelOutcome {
  const buffer = bufferOf(world, id);
  if (buffer.pages.length === 0) return unchanged(world, 'EINVAL');
  // Freeing walks the struct pages (page_ref, zone): gone after memunmap_pages (SPEC section 9).
  const fault = to === 'free' ? structPageFault(world, buffer.pages, 'free returned PAGES to the allocator') : null;
  if (fault !== null) return fault;
  const next = changePages(world, buffer.pages, to === 'free' ? toFree : toLeaked);
  return { world: withBuffer(next, id, { pages: [], handle: null }), result: 'ok' };
}
