/**
 * IOMMU mappings: dma_map_sgtable / dma_unmap_sgtable give or take a device's DMA path to the pages.
 * `Page.iommu` stays sorted by device name so equal states compare equal.
 */
import type { Page, PageFields, World } from '../state.ts';
import { editPage } from '../state.ts';
import type { KernelOutcome, StepCall } from './buffer.ts';
import { bufferOf, onBufferPages } from './buffer.ts';
import { bounceCopy, bounces } from './bounce.ts';
import { structPageFault } from './struct-pages.ts';


const NO_DEVICES: readonly string[] = [];

/** `iommu_map {device}` (dma_map_sgtable): the device can DMA to the pages. */
export function dmaMapSgtable(world: World, call: StepCall<'iommu_map'>): KernelOutcome {
  const device = call.device;
  const { pages } = bufferOf(world, call.buffer);
  // dma_map_sgtable walks the sg_table's struct pages (sg_page): gone after memunmap_pages.
  const fault = structPageFault(world, pages, `iommu_map for ${device} mapped PAGES`);
  if (fault !== null) return fault;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a bounce copy of no pages copies nothing and faults on nothing
  if (pages.length > 0 && bounces(world, device)) {
    const copy = bounceCopy(world, pages, device);
    if ('fault' in copy) return copy.fault;
    world = copy.world;
  }
  return onBufferPages(world, call.buffer, (page) => {
    if (page.iommu.includes(device)) return page;
    const iommu = [...page.iommu, device].sort();
    return editPage(page, (p) => {
      p.iommu = iommu;
    });
  });
}

/** `iommu_unmap {device?}` (dma_unmap_sgtable): the device's mapping goes; every device's if none is named. */
export function dmaUnmapSgtable(world: World, call: StepCall<'iommu_unmap'>): KernelOutcome {
  const device = call.device;
  return onBufferPages(world, call.buffer, (page): PageFields => {
    if (page.iommu.length === 0) return page;
    if (device === null) {
      return editPage(page, (p) => {
        p.iommu = NO_DEVICES;
      });
    }
    if (!page.iommu.includes(device)) return page;
    const iommu = page.iommu.filter((d) => d !== device);
    return editPage(page, (p) => {
      // Stryker disable next-line ConditionalExpression: an empty list equals NO_DEVICES; the shared constant only saves an array per page
      p.iommu = iommu.length === 0 ? NO_DEVICES : iommu;
    });
  });
}
