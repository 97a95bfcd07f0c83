import { describe, expect, it } from 'vitest';
import { applyKernelStep } from '../../../model/kernel/index.ts';
import type { KernelCall } from '../../../model/kernel/calls.ts';
import { alloc, boot, iommuMap, iommuUnmap, on, runOk } from '../worlds.ts';

describe('set_direct_map_invalid_noflush / set_direct_map_default_noflush / flush_tlb', () => {
  it('unmap_linear invalidates the entry and leaves a live TLB entry', () => {
    const world = runOk(boot(), alloc(0), on('unmap_linear', 0));
    expect(world.pages[0]).toMatchObject({ linear: 'invalid', tlbStale: true });
  });

  it('flush_tlb drops the stale TLB entry', () => {
    const world = runOk(boot(), alloc(0), on('unmap_linear', 0), on('flush_tlb', 0));
    expect(world.pages[0]).toMatchObject({ linear: 'invalid', tlbStale: false });
  });

  it('map_linear restores the entry (no stale entry left)', () => {
    const world = runOk(boot(), alloc(0), on('unmap_linear', 0), on('map_linear', 0));
    expect(world.pages[0]).toMatchObject({ linear: 'valid', tlbStale: false });
  });

  it('is a silent no-op returning ok when !can_set_direct_map (B5)', () => {
    const allocated = runOk(boot({ canSetDirectMap: false }), alloc(0));
    for (const step of ['unmap_linear', 'map_linear'] as const) {
      const outcome = applyKernelStep(allocated, on(step, 0));
      expect(outcome.result).toBe('ok');
      expect(outcome.world).toBe(allocated);
    }
    expect(applyKernelStep(allocated, on('unmap_linear', 1)).result).toBe('EINVAL');
  });

  it('leaves an absent entry absent (carveout: nothing to restore)', () => {
    const carveout = runOk(boot({ pages: { carveout: 1 } }), alloc(0, 1, 'carveout'));
    for (const step of ['unmap_linear', 'map_linear'] as const) {
      const outcome = applyKernelStep(carveout, on(step, 0));
      expect(outcome.result).toBe('ok');
      expect(outcome.world.pages[0]!.linear).toBe('absent');
    }
  });

  it('every buffer step on an empty buffer is EINVAL', () => {
    const world = boot();
    const steps = ['unmap_linear', 'map_linear', 'flush_tlb', 'memunmap_pages', 'memremap_pages', 'vmap', 'vunmap', 'mmap_user', 'munmap_user', 'clean_cache', 'zero', 'mark_nosave', 'clear_nosave'] as const;
    for (const step of steps) {
      const outcome = applyKernelStep(world, on(step, 0));
      expect(outcome.result, step).toBe('EINVAL');
      expect(outcome.world).toBe(world);
    }
    expect(applyKernelStep(world, iommuMap(0, 'gpu')).result).toBe('EINVAL');
    expect(applyKernelStep(world, iommuUnmap(0)).result).toBe('EINVAL');
  });
});

describe('memunmap_pages / memremap_pages (ZONE_DEVICE)', () => {
  it('are ENXIO outside the device region', () => {
    const world = runOk(boot(), alloc(0));
    for (const step of ['memunmap_pages', 'memremap_pages'] as const) {
      const outcome = applyKernelStep(world, on(step, 0));
      expect(outcome.result).toBe('ENXIO');
      expect(outcome.world).toBe(world);
    }
  });

  it('memunmap_pages removes the linear entry and flushes it; memremap_pages brings it back', () => {
    const device = runOk(boot({ pages: { device: 2 } }), alloc(0, 2, 'device'), on('unmap_linear', 0));
    const removed = runOk(device, on('memunmap_pages', 0));
    expect(removed.pages[0]).toMatchObject({ linear: 'absent', tlbStale: false });
    const back = runOk(removed, on('memremap_pages', 0));
    expect(back.pages[1]).toMatchObject({ linear: 'valid' });
  });
});

describe('vmap / vunmap / mmap_user / munmap_user', () => {
  it('vunmap leaves a lazily flushed alias until flush_tlb', () => {
    const mapped = runOk(boot(), alloc(0), on('vmap', 0));
    expect(mapped.pages[0]!.vmap).toBe('mapped');
    const unmapped = runOk(mapped, on('vunmap', 0));
    expect(unmapped.pages[0]!.vmap).toBe('stale');
    expect(runOk(unmapped, on('flush_tlb', 0)).pages[0]!.vmap).toBe('none');
  });

  it('vunmap without a vmap changes nothing', () => {
    const world = runOk(boot(), alloc(0));
    expect(applyKernelStep(world, on('vunmap', 0)).world).toBe(world);
  });

  it('mmap_user and munmap_user set and clear the user mapping', () => {
    const mapped = runOk(boot(), alloc(0), on('mmap_user', 0));
    expect(mapped.pages[0]!.user).toBe(true);
    expect(runOk(mapped, on('munmap_user', 0)).pages[0]!.user).toBe(false);
  });
});

describe('iommu_map / iommu_unmap (dma_map_sgtable)', () => {
  it('keeps the device list sorted and without duplicates', () => {
    const world = runOk(boot(), alloc(0), iommuMap(0, 'vdec'), iommuMap(0, 'gpu'), iommuMap(0, 'vdec'));
    expect(world.pages[0]!.iommu).toEqual(['gpu', 'vdec']);
  });

  it('unmaps one device, or every device when none is named', () => {
    const world = runOk(boot(), alloc(0), iommuMap(0, 'vdec'), iommuMap(0, 'gpu'));
    expect(runOk(world, iommuUnmap(0, 'gpu')).pages[0]!.iommu).toEqual(['vdec']);
    expect(runOk(world, iommuUnmap(0)).pages[0]!.iommu).toEqual([]);
  });
});

describe('mark_nosave / clear_nosave', () => {
  it('set and clear the hibernation opt-out', () => {
    const marked = runOk(boot(), alloc(0), on('mark_nosave', 0));
    expect(marked.pages[0]!.nosave).toBe(true);
    expect(runOk(marked, on('clear_nosave', 0)).pages[0]!.nosave).toBe(false);
  });
});

describe('clean_cache (dcache_clean_inval_poc) and zero (memset)', () => {
  const call = (step: 'clean_cache' | 'zero'): KernelCall => on(step, 0);

  it('clean_cache cleans the lines alloc dirtied', () => {
    const world = runOk(boot(), alloc(0), call('clean_cache'));
    expect(world.pages[0]!.cache).toBe('clean');
  });

  it('clean_cache faults without any kernel mapping, works through a vmap alias', () => {
    const unmapped = runOk(boot(), alloc(0), on('unmap_linear', 0));
    const outcome = applyKernelStep(unmapped, call('clean_cache'));
    expect(outcome.result).toBe('EFAULT');
    expect(outcome.world.hazards.kernelFault?.pages).toEqual([0]);
    expect(outcome.world.pages[0]!.cache).toBe('dirty');
    expect(applyKernelStep(runOk(unmapped, on('vmap', 0)), call('clean_cache')).result).toBe('ok');
  });

  it('zero writes through the linear map: content zero, cache dirty', () => {
    const world = runOk(boot(), alloc(0), call('clean_cache'), call('zero'));
    expect(world.pages[0]).toMatchObject({ content: 'zero', cache: 'dirty' });
  });

  it('zero faults on an unmapped page even with a vmap alias', () => {
    const world = runOk(boot(), alloc(0), on('vmap', 0), on('unmap_linear', 0));
    expect(applyKernelStep(world, call('zero')).result).toBe('EFAULT');
  });

  it('a later fault does not replace the first one recorded', () => {
    const first = applyKernelStep(runOk(boot(), alloc(0), on('unmap_linear', 0)), call('zero')).world;
    const second = applyKernelStep(first, call('clean_cache')).world;
    expect(second.hazards.kernelFault).toBe(first.hazards.kernelFault);
  });
});
