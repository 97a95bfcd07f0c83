import { describe, expect, it } from 'vitest';
import { applyKernelStep } from '../../../model/kernel/index.ts';
import { alloc, boot, carefulLend, lend, on, run, runOk } from '../worlds.ts';

describe('alloc (dma_alloc_pages / cma_alloc)', () => {
  it('takes the lowest free pages of the region and zeroes them through the linear map', () => {
    const world = boot({ pages: { cma: 4, system: 2 } }, 2);
    const first = runOk(world, alloc(0, 2));
    const { world: next, result } = applyKernelStep(first, alloc(1, 1, 'system'));
    expect(result).toBe('ok');
    expect(next.buffers[0]).toEqual({ pages: [0, 1], handle: null });
    expect(next.buffers[1]).toEqual({ pages: [4], handle: null });
    expect(next.pages[4]).toMatchObject({ alloc: 'allocated', content: 'zero', cache: 'dirty' });
    expect(next.pages[2]).toBe(world.pages[2]); // untouched pages are shared
    expect(next.pages[5]).toBe(world.pages[5]);
  });

  it('reuses the lowest page freed first', () => {
    const world = runOk(boot({ pages: { cma: 3 } }, 2), alloc(0, 2), alloc(1), on('free', 0), alloc(0));
    expect(world.buffers[0]!.pages).toEqual([0]);
  });

  it('is EBUSY when the buffer already holds pages', () => {
    const world = runOk(boot(), alloc(0));
    const outcome = applyKernelStep(world, alloc(0));
    expect(outcome.result).toBe('EBUSY');
    expect(outcome.world).toBe(world);
  });

  it('is ENOMEM when the region has too few free pages, and takes nothing', () => {
    const world = boot({ pages: { cma: 2 } });
    const outcome = applyKernelStep(world, alloc(0, 3));
    expect(outcome.result).toBe('ENOMEM');
    expect(outcome.world).toBe(world);
    expect(applyKernelStep(world, alloc(0, 1, 'system')).result).toBe('ENOMEM');
  });

  it('is EINVAL for a count below one or an unknown buffer', () => {
    const world = boot();
    expect(applyKernelStep(world, alloc(0, 0)).result).toBe('EINVAL');
    expect(applyKernelStep(world, alloc(7)).result).toBe('EINVAL');
  });

  it('does not zero carveout pages (no linear map): content and cache are kept', () => {
    const world = boot({ pages: { carveout: 2 } });
    const { world: next, result } = applyKernelStep(world, alloc(0, 2, 'carveout'));
    expect(result).toBe('ok');
    expect(next.pages[0]).toMatchObject({ alloc: 'allocated', linear: 'absent', content: 'zero', cache: 'clean' });
    expect(next.hazards.kernelFault).toBeNull();
  });

  it('faults zeroing a page freed without its linear entry (B7), but still takes the page', () => {
    const freedUnmapped = runOk(boot(), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), on('free', 0));
    const { world, result } = applyKernelStep(freedUnmapped, alloc(1));
    expect(result).toBe('EFAULT');
    expect(world.buffers[1]!.pages).toEqual([0]);
    expect(world.pages[0]!.alloc).toBe('allocated');
    expect(world.hazards.kernelFault).toEqual({
      pages: [0],
      what: 'alloc zeroed page 0 through the linear map, but page 0 has an invalid linear map entry',
    });
  });

  it('faults zeroing a page freed while still lent and protected (B1)', () => {
    const freedWhileLent = runOk(boot(), alloc(0), on('clean_cache', 0), lend(0), on('free', 0));
    const { world, result } = applyKernelStep(freedWhileLent, alloc(1));
    expect(result).toBe('EFAULT');
    expect(world.hazards.kernelFault?.what).toContain('protected by the secure side');
  });

  it('faults freeing device pages memunmap_pages removed (no struct pages), and frees nothing', () => {
    const removed = runOk(boot({ pages: { device: 1 } }), alloc(0, 1, 'device'), on('memunmap_pages', 0));
    const { world, result } = applyKernelStep(removed, on('free', 0));
    expect(result).toBe('EFAULT');
    expect(world.hazards.kernelFault?.what).toContain('has no struct page');
    expect(world.pages[0]!.alloc).toBe('allocated');
    expect(world.buffers[0]!.pages).toEqual([0]);
    // memremap_pages brings the struct pages back.
    expect(applyKernelStep(runOk(removed, on('memremap_pages', 0)), on('free', 0)).result).toBe('ok');
  });
});

describe('free (dma_free_pages) and leak', () => {
  it('free returns the pages to the allocator whatever their FF-A state, content kept', () => {
    const lent = carefulLend(boot());
    const { world, result } = applyKernelStep(lent, on('free', 0));
    expect(result).toBe('ok');
    expect(world.pages[0]!.alloc).toBe('free');
    expect(world.transactions[0]).not.toBeNull();
    expect(world.buffers[0]).toEqual({ pages: [], handle: null });
  });

  it('leak quarantines the pages: they are never handed out again', () => {
    const world = runOk(boot({ pages: { cma: 1 } }), alloc(0), on('leak', 0));
    expect(world.pages[0]!.alloc).toBe('leaked');
    expect(world.buffers[0]).toEqual({ pages: [], handle: null });
    expect(applyKernelStep(world, alloc(0)).result).toBe('ENOMEM');
  });

  it('free and leak of an empty buffer are EINVAL and change nothing', () => {
    const world = boot();
    for (const step of ['free', 'leak'] as const) {
      const outcome = applyKernelStep(world, on(step, 0));
      expect(outcome.result).toBe('EINVAL');
      expect(outcome.world).toBe(world);
    }
  });

  it('free then alloc again gives the same page back', () => {
    const world = run(boot({ pages: { cma: 1 } }), alloc(0), on('free', 0), alloc(1));
    expect(world.buffers[1]!.pages).toEqual([0]);
  });
});
