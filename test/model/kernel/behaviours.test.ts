/**
 * Kernel-step behaviours the mutation run over model/kernel found unchecked (bench/README.md,
 * "Mutation testing"): each test names one, and fails on the mutant that changed it.
 */
import { describe, expect, it } from 'vitest';
import { chunkCount } from '../../../model/kernel/ffa-calls.ts';
import { applyKernelStep } from '../../../model/kernel/index.ts';
import type { KernelCall } from '../../../model/kernel/calls.ts';
import type { World } from '../../../model/state.ts';
import { editPage, updatePages } from '../../../model/state.ts';
import { alloc, boot, iommuMap, on, reclaim, retrieve, runOk } from '../worlds.ts';

const chunkedLend = (buffer: number, chunk: number, to = ['optee']): KernelCall => ({ step: 'ffa_lend', buffer, to, access: 'rw', clear: false, chunk });

/** Two pages of buffer 0 that fault for different reasons: page 0 protected (valid linear entry), page 1 with an invalid linear entry. */
function twoReasons(overrides = {}): World {
  const world = runOk(boot({ pages: { cma: 2 }, ...overrides }), alloc(0, 2));
  return updatePages(world, [0, 1], (page, id) =>
    editPage(page, (p) => {
      if (id === 0) p.secureProtected = true;
      else p.linear = 'invalid';
    }),
  );
}

describe('a kernel fault names the reason of the first page that faulted', () => {
  it('bounce copy (iommu_map of a bounce device)', () => {
    const { world, result } = applyKernelStep(twoReasons({ bounceDevices: ['vdec'] }), iommuMap(0, 'vdec'));
    expect(result).toBe('EFAULT');
    expect(world.hazards.kernelFault).toEqual({
      pages: [0, 1],
      what: 'iommu_map for the bounce device vdec copied pages 0, 1 through the linear map into swiotlb, but page 0 is protected by the secure side (external abort)',
    });
  });
});

describe('alloc over pages the linear map cannot reach', () => {
  // Free pages left with content: page 0 reachable (data), page 1 protected (secret), page 2 with an invalid linear entry (secret).
  const world = updatePages(boot({ pages: { cma: 3 } }), [0, 1, 2], (page, id) =>
    editPage(page, (p) => {
      p.content = id === 0 ? 'data' : 'secret';
      if (id === 1) p.secureProtected = true;
      if (id === 2) p.linear = 'invalid';
    }),
  );

  it('faults on every such page with the first one\'s reason, zeroes only the reachable ones, and allocates all', () => {
    const { world: after, result } = applyKernelStep(world, alloc(0, 3));
    expect(result).toBe('EFAULT');
    expect(after.hazards.kernelFault).toEqual({
      pages: [1, 2],
      what: 'alloc zeroed pages 1, 2 through the linear map, but page 1 is protected by the secure side (external abort)',
    });
    expect(after.pages.map((p) => [p.alloc, p.content])).toEqual([
      ['allocated', 'zero'],
      ['allocated', 'secret'],
      ['allocated', 'secret'],
    ]);
  });
});

describe('bounce copy of readable pages', () => {
  it('records secretCopied for the secret pages only, and nothing when no page is secret', () => {
    const clean = runOk(boot({ bounceDevices: ['vdec'], pages: { cma: 2 } }), alloc(0, 2));
    const mapped = runOk(clean, iommuMap(0, 'vdec'));
    expect(mapped.hazards.secretCopied).toBeNull();
    const oneSecret = updatePages(clean, [1], (page) => editPage(page, (p) => { p.content = 'secret'; }));
    expect(runOk(oneSecret, iommuMap(0, 'vdec')).hazards.secretCopied?.pages).toEqual([1]);
  });
});

describe('alloc argument checks', () => {
  it('a negative buffer id, or the first id past the last buffer, is EINVAL and changes nothing', () => {
    const world = boot({}, 2);
    for (const buffer of [-1, 2]) {
      const outcome = applyKernelStep(world, alloc(buffer));
      expect(outcome.result, String(buffer)).toBe('EINVAL');
      expect(outcome.world).toBe(world);
    }
    expect(applyKernelStep(world, alloc(1)).result).toBe('ok');
  });
});

describe('alloc placement: align and contiguous: false', () => {
  const allocWith = (buffer: number, pages: number, region: 'cma' | 'system', extra: Partial<Extract<KernelCall, { step: 'alloc' }>>): KernelCall => ({
    step: 'alloc',
    buffer,
    region,
    pages,
    ...extra,
  });

  it('align: the run starts at a multiple of align pages from the start of the region', () => {
    // Pages 0, 1 cma, 2..5 system; system page 2 taken: a 2-page run aligned to 2 starts at region offset 2 (page 4).
    const world = runOk(boot({ pages: { cma: 2, system: 4 } }, 3), alloc(0, 1, 'system'));
    const outcome = applyKernelStep(world, allocWith(1, 2, 'system', { align: 2 }));
    expect(outcome.result).toBe('ok');
    expect(outcome.world.buffers[1]!.pages).toEqual([4, 5]);
    // Unaligned, the lowest run is pages 3, 4.
    expect(applyKernelStep(world, allocWith(1, 2, 'system', {})).world.buffers[1]!.pages).toEqual([3, 4]);
    // The same in a region that starts at page 0.
    const cma = runOk(boot({ pages: { cma: 4 } }, 3), alloc(0, 1));
    expect(applyKernelStep(cma, allocWith(1, 2, 'cma', { align: 2 })).world.buffers[1]!.pages).toEqual([2, 3]);
  });

  it('align counts from the region\'s first page, also when that page number is odd or not a multiple of align', () => {
    // Page 0 cma, 1..6 system with page 1 taken: runs aligned to 3 start at system offsets 0 and 3 (pages 1 and 4).
    const world = runOk(boot({ pages: { cma: 1, system: 6 } }, 3), alloc(0, 1, 'system'));
    expect(applyKernelStep(world, allocWith(1, 2, 'system', { align: 3 })).world.buffers[1]!.pages).toEqual([4, 5]);
  });

  it('a contiguous run must be free pages of the region all along, and fit before the last page', () => {
    const world = runOk(boot({ pages: { cma: 3, system: 1 } }, 3), alloc(0, 1), alloc(1, 1), on('free', 0));
    // Free cma pages 0 and 2 are not consecutive; page 3 is system.
    expect(applyKernelStep(world, alloc(2, 2)).result).toBe('ENOMEM');
    expect(applyKernelStep(runOk(boot({ pages: { system: 2 } }, 2), alloc(0, 1, 'system')), alloc(1, 2, 'system')).result).toBe('ENOMEM');
  });

  it('contiguous: false takes the lowest free pages of the region, consecutive or not', () => {
    const world = runOk(boot({ pages: { cma: 4 } }, 3), alloc(0, 1), alloc(1, 1), on('free', 0));
    const outcome = applyKernelStep(world, allocWith(2, 2, 'cma', { contiguous: false }));
    expect(outcome.result).toBe('ok');
    expect(outcome.world.buffers[2]!.pages).toEqual([0, 2]);
    expect(applyKernelStep(world, allocWith(2, 4, 'cma', { contiguous: false })).result).toBe('ENOMEM');
    expect(applyKernelStep(world, allocWith(2, 3, 'cma', { contiguous: false })).world.buffers[2]!.pages).toEqual([0, 2, 3]);
  });

  it('contiguous: false counts only free pages of the asked region', () => {
    const full = runOk(boot({ pages: { cma: 2, system: 2 } }, 2), alloc(0, 2));
    expect(applyKernelStep(full, allocWith(1, 1, 'cma', { contiguous: false })).result).toBe('ENOMEM');
  });

  it('contiguous: false with a choice takes the chosen pages, sorted, only if they are all free pages of the region', () => {
    const world = runOk(boot({ pages: { cma: 4, system: 1 } }, 3), alloc(0, 1));
    const chosen = applyKernelStep(world, allocWith(1, 2, 'cma', { contiguous: false, choose: [3, 1] }));
    expect(chosen.result).toBe('ok');
    expect(chosen.world.buffers[1]!.pages).toEqual([1, 3]);
    for (const choose of [[1], [1, 2, 3], [0, 1], [1, 4], [1, 9]]) {
      const outcome = applyKernelStep(world, allocWith(1, 2, 'cma', { contiguous: false, choose }));
      expect(outcome.result, JSON.stringify(choose)).toBe('ENOMEM');
      expect(outcome.world).toBe(world);
    }
  });
});

describe('pool_alloc argument checks', () => {
  const poolAlloc = (buffer: number, pool: number, pages = 1): KernelCall => ({ step: 'pool_alloc', buffer, pool, pages });

  it('a count below one, a negative or an unknown buffer id is EINVAL and changes nothing', () => {
    const world = runOk(boot({}, 3), alloc(0, 2));
    for (const call of [poolAlloc(1, 0, 0), poolAlloc(-1, 0), poolAlloc(3, 0), poolAlloc(0, 0)]) {
      const outcome = applyKernelStep(world, call);
      expect(outcome.result, JSON.stringify(call)).toBe('EINVAL');
      expect(outcome.world).toBe(world);
    }
    expect(applyKernelStep(world, poolAlloc(2, 0)).result).toBe('ok');
    // Buffer 0 is a buffer like any other.
    expect(applyKernelStep(runOk(boot({}, 2), alloc(1, 2)), poolAlloc(0, 1)).result).toBe('ok');
  });
});

describe('chunked ffa_lend (one transaction per chunk) and its reclaim', () => {
  const three = () => runOk(boot({ pages: { cma: 3 } }), alloc(0, 3), on('clean_cache', 0), on('unmap_linear', 0), on('flush_tlb', 0));

  it('chunkCount is the number of K-page chunks, rounded up, at least one', () => {
    const world = three();
    expect(chunkCount(world, 0, 2)).toBe(2);
    expect(chunkCount(world, 0, 3)).toBe(1);
    expect(chunkCount(world, 0, 1)).toBe(3);
    expect(chunkCount(world, 1, 2)).toBe(1);
  });

  it('chunk i sends pages [iK, (i+1)K) and appends its handle; the single handle stays null', () => {
    const first = applyKernelStep(three(), chunkedLend(0, 2), 0);
    expect(first.result).toBe('ok');
    expect(first.handle).toBe(0);
    expect(first.world.transactions[0]?.pages).toEqual([0, 1]);
    expect(first.world.buffers[0]).toEqual({ pages: [0, 1, 2], handle: null, handles: [0] });
    const second = applyKernelStep(first.world, chunkedLend(0, 2), 1);
    expect(second.result).toBe('ok');
    expect(second.handle).toBe(1);
    expect(second.world.transactions[1]?.pages).toEqual([2]);
    expect(second.world.buffers[0]).toEqual({ pages: [0, 1, 2], handle: null, handles: [0, 1] });
    // Past the last chunk there is nothing to send.
    const past = applyKernelStep(second.world, chunkedLend(0, 2), 2);
    expect(past.result).toBe('EINVAL');
    expect(past.world).toBe(second.world);
  });

  it('chunk 0 starts the handle list afresh (a retry from the first chunk)', () => {
    // A trusting SPMC accepts the second send of the same pages, so the retry gets a new handle.
    const trusting = runOk(boot({ pages: { cma: 3 }, spmc: 'trusting' }), alloc(0, 3), on('clean_cache', 0));
    const first = applyKernelStep(trusting, chunkedLend(0, 2), 0).world;
    const retried = applyKernelStep(first, chunkedLend(0, 2), 0);
    expect(retried.result).toBe('ok');
    expect(retried.handle).toBe(1);
    expect(retried.world.buffers[0]!.handles).toEqual([1]);
  });

  it('a failing chunk keeps the handles of the chunks sent before', () => {
    const first = applyKernelStep(three(), chunkedLend(0, 2), 0).world;
    const failed = applyKernelStep(first, chunkedLend(0, 2, ['nobody']), 1);
    expect(failed.result).not.toBe('ok');
    expect(failed.world.buffers[0]!.handles).toEqual([0]);
  });

  it('reclaim takes the first chunk handle per move; the last one leaves the buffer without handles', () => {
    const sent = applyKernelStep(applyKernelStep(three(), chunkedLend(0, 2), 0).world, chunkedLend(0, 2), 1).world;
    const one = applyKernelStep(sent, reclaim(0));
    expect(one.result).toBe('ok');
    expect(one.world.transactions[0]).toBeNull();
    expect(one.world.transactions[1]).not.toBeNull();
    expect(one.world.buffers[0]).toEqual({ pages: [0, 1, 2], handle: null, handles: [1] });
    const two = applyKernelStep(one.world, reclaim(0));
    expect(two.result).toBe('ok');
    expect(two.world.buffers[0]).toStrictEqual({ pages: [0, 1, 2], handle: null });
    expect(applyKernelStep(two.world, reclaim(0)).result).toBe('EINVAL');
  });

  it('a refused chunk reclaim keeps every handle, the refused one first', () => {
    const sent = applyKernelStep(applyKernelStep(three(), chunkedLend(0, 2), 0).world, chunkedLend(0, 2), 1).world;
    const held = runOk(sent, retrieve(0));
    const refused = applyKernelStep(held, reclaim(0));
    expect(refused.result).toBe('FFA_DENIED');
    expect(refused.world.buffers[0]!.handles).toEqual([0, 1]);
  });
});

describe('a step that walks struct pages memunmap_pages removed says which step faulted', () => {
  it('free, vmap, iommu_map and memremap each name themselves', () => {
    const removed = runOk(boot({ pages: { device: 1 } }), alloc(0, 1, 'device'), on('memunmap_pages', 0));
    const why = 'but page 0 has no struct page (memunmap_pages removed it)';
    const cases: [KernelCall, string][] = [
      [on('free', 0), `free returned page 0 to the allocator, ${why}`],
      [on('vmap', 0), `vmap mapped page 0, ${why}`],
      [iommuMap(0, 'gpu'), `iommu_map for gpu mapped page 0, ${why}`],
      [{ step: 'memremap', buffer: 0, type: 'wb' }, `memremap (wb) mapped page 0, ${why}`],
    ];
    for (const [call, what] of cases) expect(applyKernelStep(removed, call).world.hazards.kernelFault).toEqual({ pages: [0], what });
  });
});

describe('a step that changes nothing returns the world itself', () => {
  it('flush_tlb with no stale TLB entry and no lazily unmapped alias', () => {
    const world = runOk(boot(), alloc(0), on('vmap', 0));
    const outcome = applyKernelStep(world, on('flush_tlb', 0));
    expect(outcome.result).toBe('ok');
    expect(outcome.world).toBe(world);
  });
});

describe('flush_tlb drops only what is stale', () => {
  it('a live vmap or memremap alias survives the flush of a stale linear TLB entry', () => {
    const world = runOk(boot(), alloc(0), on('vmap', 0), { step: 'memremap', buffer: 0, type: 'wc' }, on('unmap_linear', 0), on('flush_tlb', 0));
    expect(world.pages[0]).toMatchObject({ tlbStale: false, vmap: 'mapped', remap: 'mapped' });
  });
});

describe('zero (memset through the linear map)', () => {
  it('zeroes the pages it reaches, dirty or not, and leaves a page it faults on as it was', () => {
    const world = runOk(boot({ pages: { cma: 2 } }), alloc(0, 2));
    const prepared = updatePages(world, [0, 1], (page, id) =>
      editPage(page, (p) => {
        p.content = id === 0 ? 'data' : 'secret';
        if (id === 1) p.secureProtected = true;
      }),
    );
    expect(prepared.pages[0]!.cache).toBe('dirty');
    const outcome = applyKernelStep(prepared, on('zero', 0));
    expect(outcome.result).toBe('EFAULT');
    expect(outcome.world.pages[0]).toMatchObject({ content: 'zero', cache: 'dirty' });
    expect(outcome.world.pages[1]).toBe(prepared.pages[1]);
  });
});

describe('pool_free of a buffer without pages', () => {
  it('is EINVAL and changes nothing', () => {
    const world = boot();
    expect(applyKernelStep(world, on('pool_free', 0))).toEqual({ world, result: 'EINVAL' });
  });
});

describe('pool_alloc hands out the lowest pages of the pool', () => {
  it('whatever order the pool buffer lists them in', () => {
    const world = runOk(boot({ pages: { cma: 3 } }, 2), alloc(0, 3));
    const unsorted = { ...world, buffers: [{ pages: [2, 0, 1], handle: null }, world.buffers[1]!] };
    const outcome = applyKernelStep(unsorted, { step: 'pool_alloc', buffer: 1, pool: 0, pages: 2 });
    expect(outcome.result).toBe('ok');
    expect(outcome.world.buffers[1]!.pages).toEqual([0, 1]);
  });
});

describe('clean_cache fault message', () => {
  it('says clean_cache cleaned the pages to the point of coherency', () => {
    const world = runOk(boot(), alloc(0), on('unmap_linear', 0));
    expect(applyKernelStep(world, on('clean_cache', 0)).world.hazards.kernelFault).toEqual({
      pages: [0],
      what: 'clean_cache cleaned page 0 to the point of coherency, but page 0 has no kernel mapping (no valid linear entry, no vmap or memremap alias)',
    });
  });
});

describe('map_linear without can_set_direct_map (B5)', () => {
  it('returns ok and changes nothing, even on an invalid entry', () => {
    const allocated = runOk(boot({ canSetDirectMap: false }), alloc(0));
    const invalid = updatePages(allocated, [0], (page) => editPage(page, (p) => { p.linear = 'invalid'; }));
    const outcome = applyKernelStep(invalid, on('map_linear', 0));
    expect(outcome.result).toBe('ok');
    expect(outcome.world).toBe(invalid);
  });
});

describe('a kernel fault lists every page the step could not reach', () => {
  it('clean_cache and zero over two unreachable pages', () => {
    const world = runOk(boot({ pages: { cma: 2 } }), alloc(0, 2), on('unmap_linear', 0));
    expect(applyKernelStep(world, on('clean_cache', 0)).world.hazards.kernelFault?.pages).toEqual([0, 1]);
    expect(applyKernelStep(world, on('zero', 0)).world.hazards.kernelFault?.pages).toEqual([0, 1]);
  });
});

describe('zero of a page without a linear entry', () => {
  it('says the page has no linear map entry (a carveout page)', () => {
    const world = runOk(boot({ pages: { carveout: 1 } }), alloc(0, 1, 'carveout'));
    expect(applyKernelStep(world, on('zero', 0)).world.hazards.kernelFault).toEqual({
      pages: [0],
      what: 'zero wrote page 0 through the linear map, but page 0 has no linear map entry',
    });
  });
});
