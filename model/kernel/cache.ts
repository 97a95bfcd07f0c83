/**
 * CPU stores and cache maintenance through kernel mappings: dcache_clean_inval_poc (clean and
 * invalidate to the point of coherency) needs some kernel mapping of the page; a memset goes through
 * the linear map. Touching a page the secure side protects, or one host stage-2 removed, is a
 * kernel fault (external abort / stage-2 fault), as is touching a page with no mapping at all.
 */
import type { Page, PageFields, World } from '../state.ts';
import { editPage } from '../state.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { bufferOf, changePages, kernelFault, linearAccessFault, protectionFault } from './buffer.ts';


/** Why cache maintenance on `page` faults: it needs a valid linear entry or a live vmap alias. */
function cleanFault(page: Page): string | null {
  if (page.linear !== 'valid' && page.vmap !== 'mapped' && page.remap !== 'mapped') return 'has no kernel mapping (no valid linear entry, no vmap or memremap alias)';
  return protectionFault(page);
}

const cleaned = (page: Page): PageFields =>
  cleanFault(page) !== null || page.cache === 'clean' ? page : editPage(page, (p) => { p.cache = 'clean'; });
const zeroed = (page: Page): PageFields =>
  linearAccessFault(page) !== null || (page.content === 'zero' && page.cache === 'dirty')
    ? page
    : editPage(page, (p) => {
        p.content = 'zero';
        p.cache = 'dirty';
      });

/** `clean_cache` (dcache_clean_inval_poc): the cache lines are clean; EFAULT on a page it cannot reach. */
export function dcacheCleanInvalPoc(world: World, call: StepCall<'clean_cache'>): KernelOutcome {
  return touch(world, call.buffer, cleanFault, cleaned, 'clean_cache cleaned PAGES to the point of coherency');
}

/** `zero` (memset through the linear map): content zero, cache dirty; EFAULT on a page it cannot reach. */
export function memsetZero(world: World, call: StepCall<'zero'>): KernelOutcome {
  return touch(world, call.buffer, linearAccessFault, zeroed, 'zero wrote PAGES through the linear map');
}

/** Applies `update` to every page the kernel can reach; any page it cannot is a kernel fault. */
function touch(
  world: World,
  id: number,
  fault: (page: Page) => string | null,
  update: (page: Page) => PageFields,
  doing: string,
): KernelOutcome {
  const { pages } = bufferOf(world, id);
  if (pages.length === 0) return { world, result: 'EINVAL' };
  let faulted: number[] | null = null;
  // Stryker disable next-line StringLiteral: read only once a page faulted, and the first faulting page sets it
  let reason = '';
  for (const pageId of pages) {
    const why = fault(world.pages[pageId]!);
    if (why === null) continue;
    if (faulted === null) {
      faulted = [];
      reason = why;
    }
    faulted.push(pageId);
  }
  const next = changePages(world, pages, update);
  if (faulted === null) return { world: next, result: 'ok' };
  return kernelFault(next, faulted, doing, reason);
}
