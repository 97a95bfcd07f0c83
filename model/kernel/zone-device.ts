/**
 * HMM / ZONE_DEVICE, mm/memremap.c: memremap_pages refuses ranges that are System RAM (-ENXIO) and
 * creates the linear map; memunmap_pages -> pageunmap_range -> arch_remove_memory removes the
 * linear map (and flushes it). Only the `device` region is legal.
 */
import type { Page, PageFields, World } from '../state.ts';
import { editPage } from '../state.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { bufferOf, changePages, unchanged } from './buffer.ts';


const remove = (page: Page): PageFields =>
  page.linear === 'absent' && !page.tlbStale
    ? page
    : editPage(page, (p) => {
        p.linear = 'absent';
        p.tlbStale = false;
      });
const add = (page: Page): PageFields => (page.linear === 'valid' ? page : editPage(page, (p) => { p.linear = 'valid'; }));

/** `memunmap_pages`: ENXIO unless every page is `device`; linear entry absent, TLB flushed. */
export function memunmapPages(world: World, call: StepCall<'memunmap_pages'>): KernelOutcome {
  return onDevicePages(world, call.buffer, remove);
}

/** `memremap_pages`: ENXIO unless every page is `device`; linear entry valid. */
export function memremapPages(world: World, call: StepCall<'memremap_pages'>): KernelOutcome {
  return onDevicePages(world, call.buffer, add);
}

function onDevicePages(world: World, id: number, update: (page: Page) => PageFields): KernelOutcome {
  const { pages } = bufferOf(world, id);
  if (pages.length === 0) return unchanged(world, 'EINVAL');
  for (const page of pages) if (world.pages[page]?.region !== 'device') return unchanged(world, 'ENXIO');
  return { world: changePages(world, pages, update), result: 'ok' };
}
