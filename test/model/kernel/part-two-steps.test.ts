/**
 * SPEC section 9 kernel steps and platform knobs: the static carveout, memremap/memunmap, gen_pool
 * sub-allocations, bounce devices, firewall granules and the struct pages memunmap_pages removes.
 */
import { describe, expect, it } from 'vitest';
import { applyKernelStep } from '../../../model/kernel/index.ts';
import type { KernelCall } from '../../../model/kernel/calls.ts';
import { invariantById } from '../../../properties/index.ts';
import { alloc, boot, carefulLend, iommuMap, lend, on, reclaim, relinquish, retrieve, run, runOk, write } from '../worlds.ts';

const memremap = (buffer: number, type: 'wc' | 'wb' = 'wc'): KernelCall => ({ step: 'memremap', buffer, type });
const poolAlloc = (buffer: number, pool: number, pages = 1): KernelCall => ({ step: 'pool_alloc', buffer, pool, pages });

describe('static carveout (carveout_owner)', () => {
  const carveout = (overrides = {}) => boot({ pages: { carveout: 2 }, carveoutOwner: 'optee', ...overrides });

  it('boots owned by the endpoint, protected, without a linear entry; stage-2 removed under a Hafnium hypervisor', () => {
    for (const page of carveout().pages) expect([page.owner, page.secureProtected, page.linear, page.stage2]).toEqual(['optee', true, 'absent', true]);
    expect(carveout({ hypervisor: 'hafnium' }).pages[0]!.stage2).toBe(false);
    // Firewalled from boot whatever secure_protects_on_lend says; with carveout_owner ns, part one's carveout.
    expect(carveout({ secureProtectsOnLend: false }).pages[0]!.secureProtected).toBe(true);
    expect(boot({ pages: { carveout: 1 } }).pages[0]).toMatchObject({ owner: 'ns', secureProtected: false });
  });

  it('alloc is a gen_pool hand-out: no zeroing, no FF-A call; ns cannot lend the pages', () => {
    const world = runOk(carveout(), alloc(0, 2, 'carveout'));
    expect(world.pages.map((p) => [p.alloc, p.owner, p.cache, p.content])).toEqual([
      ['allocated', 'optee', 'clean', 'zero'],
      ['allocated', 'optee', 'clean', 'zero'],
    ]);
    expect(world.transactions.every((t) => t === null)).toBe(true);
    expect(applyKernelStep(world, lend(0)).result).toBe('FFA_DENIED');
  });

  it('a memremap alias breaks both NS-mapping invariants; freed pages back in the pool break nothing', () => {
    const aliased = runOk(carveout(), alloc(0, 2, 'carveout'), memremap(0));
    expect(invariantById('no-ns-mapping-of-lent-memory').check(aliased)?.message).toContain('static carveout memory optee owns from boot');
    expect(invariantById('no-ns-access-to-lent-memory').check(aliased)).not.toBeNull();
    const freed = runOk(carveout(), alloc(0, 2, 'carveout'), on('free', 0));
    expect(invariantById('no-free-while-lent').check(freed)).toBeNull();
    // A page a donate gave away is still counted when freed.
    const donated = runOk(boot(), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), { step: 'ffa_donate', buffer: 0, to: ['optee'] }, retrieve(0), on('free', 0));
    expect(invariantById('no-free-while-lent').check(donated)).not.toBeNull();
  });
});

describe('memremap / memunmap', () => {
  it('maps an alias, memunmap leaves it stale until flush_tlb; both types alike', () => {
    for (const type of ['wc', 'wb'] as const) {
      const mapped = runOk(boot(), alloc(0), memremap(0, type));
      expect(mapped.pages[0]!.remap).toBe('mapped');
      const unmapped = runOk(mapped, on('memunmap', 0));
      expect(unmapped.pages[0]!.remap).toBe('stale');
      expect(runOk(unmapped, on('flush_tlb', 0)).pages[0]!.remap).toBe('none');
    }
  });

  it('is an NS path: lent memory with a memremap alias breaks no-ns-mapping-of-lent-memory, and clean_cache reaches a page through it', () => {
    const world = runOk(carefulLend(boot()), memremap(0));
    expect(invariantById('no-ns-mapping-of-lent-memory').check(world)?.message).toContain('memremap alias');
    const cleaned = runOk(boot(), alloc(0), on('unmap_linear', 0), memremap(0), on('clean_cache', 0));
    expect(cleaned.pages[0]!.cache).toBe('clean');
    expect(applyKernelStep(boot(), memremap(0)).result).toBe('EINVAL');
  });
});

describe('pool_alloc / pool_free (gen_pool over a buffer)', () => {
  const pooled = () => runOk(boot({}, 3), alloc(0, 2));

  it('hands out the lowest pages not handed out, then ENOMEM; pool_free gives them back', () => {
    const first = runOk(pooled(), poolAlloc(1, 0));
    expect(first.buffers[1]!.pages).toEqual([0]);
    const second = runOk(first, poolAlloc(2, 0));
    expect(second.buffers[2]!.pages).toEqual([1]);
    expect(second.pages.map((p) => p.pooled)).toEqual([true, true, false, false]);
    const empty = runOk(boot({}, 3), alloc(0, 2), poolAlloc(1, 0, 2));
    expect(applyKernelStep(empty, poolAlloc(2, 0)).result).toBe('ENOMEM');
    const back = runOk(second, on('pool_free', 1));
    expect(back.pages[0]!.pooled).toBe(false);
    expect(back.buffers[1]!.pages).toEqual([]);
    expect(runOk(back, poolAlloc(1, 0)).buffers[1]!.pages).toEqual([0]);
  });

  it('errors change nothing: a pool of itself, a busy buffer, an empty pool, pool_free of pages not handed out', () => {
    const world = runOk(boot({}, 4), alloc(0, 2), alloc(1));
    expect(applyKernelStep(world, poolAlloc(0, 0))).toEqual({ world, result: 'EINVAL' });
    expect(applyKernelStep(world, poolAlloc(1, 0))).toEqual({ world, result: 'EBUSY' });
    expect(applyKernelStep(world, poolAlloc(2, 3))).toEqual({ world, result: 'ENOMEM' });
    expect(applyKernelStep(world, on('pool_free', 1))).toEqual({ world, result: 'EINVAL' });
  });

  it('freeing the pool under a sub-allocation breaks no-use-after-free; pool_free first keeps it', () => {
    const torn = runOk(pooled(), poolAlloc(1, 0), on('free', 0));
    expect(invariantById('no-use-after-free').check(torn)?.message).toBe('page 0 is free in the allocator but a pool sub-allocation still holds it');
    expect(invariantById('no-use-after-free').check(runOk(pooled(), poolAlloc(1, 0), on('pool_free', 1), on('free', 0)))).toBeNull();
  });
});

describe('bounce devices (swiotlb)', () => {
  const bouncing = (overrides = {}) => boot({ bounceDevices: ['vdec'], ...overrides });

  it('iommu_map of an unmapped (lent) page is a kernel fault and maps nothing', () => {
    const lent = carefulLend(bouncing());
    const { world, result } = applyKernelStep(lent, iommuMap(0, 'vdec'));
    expect(result).toBe('EFAULT');
    expect(world.hazards.kernelFault?.what).toContain('bounce device vdec');
    expect(world.pages[0]!.iommu).toEqual([]);
    // Not bouncing, the same map is fine.
    expect(applyKernelStep(carefulLend(boot()), iommuMap(0, 'vdec')).result).toBe('ok');
  });

  it('copies secret content into normal-world memory (no-secret-to-ns), then maps', () => {
    // pKVM without a firewall: the lent page stays readable, and the borrower wrote secrets into it.
    const secret = runOk(bouncing({ hypervisor: 'pkvm', secureProtectsOnLend: false }), alloc(0), on('clean_cache', 0), lend(0), retrieve(0), write(0));
    const world = runOk(secret, iommuMap(0, 'vdec'));
    expect(world.hazards.secretCopied?.what).toContain('swiotlb bounce buffer');
    expect(world.pages[0]!.iommu).toEqual(['vdec']);
    expect(invariantById('no-secret-to-ns').check(world)).not.toBeNull();
  });
});

describe('firewall granules', () => {
  const coarse = () => boot({ firewallGranule: 2, pages: { cma: 4 } });

  it('a lend of one page protects its granule-mate until the reclaim', () => {
    const lent = carefulLend(coarse());
    expect(lent.pages.map((p) => p.secureProtected)).toEqual([true, true, false, false]);
    expect(invariantById('no-collateral-protection').check(lent)?.pages).toEqual([1]);
    const back = runOk(lent, reclaim(0));
    expect(back.pages.map((p) => p.secureProtected)).toEqual([false, false, false, false]);
    expect(invariantById('no-collateral-protection').check(back)).toBeNull();
    // A whole granule lent: nothing collateral.
    expect(invariantById('no-collateral-protection').check(carefulLend(coarse(), 0, 2))).toBeNull();
  });

  it('the collateral page faults the kernel that zeroes it', () => {
    const lent = carefulLend(coarse());
    expect(applyKernelStep(lent, alloc(1)).result).toBe('EFAULT');
  });

  it('granules do not span regions', () => {
    const lent = carefulLend(boot({ firewallGranule: 2, pages: { cma: 1, system: 1 } }));
    expect(lent.pages.map((p) => p.secureProtected)).toEqual([true, false]);
  });

  it('with granule 1 a relinquish, reclaim cycle leaves nothing protected', () => {
    const world = runOk(carefulLend(boot()), retrieve(0), relinquish(0), reclaim(0));
    expect(world.pages.some((p) => p.secureProtected)).toBe(false);
  });
});

describe('memunmap_pages removes the struct pages', () => {
  const removed = () => runOk(boot({ pages: { device: 1 } }), alloc(0, 1, 'device'), on('memunmap_pages', 0));

  it('free, iommu_map, vmap and memremap are kernel faults that change nothing else', () => {
    for (const call of [on('free', 0), iommuMap(0, 'vdec'), on('vmap', 0), memremap(0)]) {
      const before = removed();
      const { world, result } = applyKernelStep(before, call);
      expect(result, call.step).toBe('EFAULT');
      expect(world.hazards.kernelFault?.what).toContain('has no struct page');
      expect(world.pages).toBe(before.pages);
      expect(world.buffers).toBe(before.buffers);
    }
  });

  it('memremap_pages brings them back; leak needs none', () => {
    expect(run(removed(), on('memremap_pages', 0), iommuMap(0, 'vdec')).hazards.kernelFault).toBeNull();
    expect(applyKernelStep(removed(), on('leak', 0)).result).toBe('ok');
  });
});
