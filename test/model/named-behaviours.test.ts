/**
 * Behaviours that hand-made mutations of the model once changed without any test noticing (issue
 * 14's list), each pinned by a test that names it. Grouped by the part of the model that owns it.
 */
import { describe, expect, it } from 'vitest';
import { applyEnvAction, enabledEnvActions } from '../../model/environment/index.ts';
import type { EnvAction, EnvActor } from '../../model/environment/actions.ts';
import { applyKernelStep } from '../../model/kernel/index.ts';
import type { World } from '../../model/state.ts';
import { invariantById } from '../../properties/index.ts';
import type { InvariantId } from '../../properties/invariant.ts';
import { apply as applyFfa, lend as ffaLend, relinquish as ffaRelinquish, retrieve as ffaRetrieve, setup, world as ffaWorld, write as ffaWrite } from '../ffa/world.ts';
import { alloc, boot, carefulLend, donate, lend, on, retrieve, runOk } from './worlds.ts';

const check = (id: InvariantId, world: World) => invariantById(id).check(world);
const only = (actor: EnvActor): ReadonlySet<EnvActor> => new Set([actor]);

describe('cpu: speculative reads', () => {
  it('read through a lazily unmapped vmap alias of lent memory, and abort', () => {
    // The linear entry is unmapped and flushed; only the vunmap'ed alias's lazy TLB entry is left.
    const base = runOk(boot(), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), on('flush_tlb', 0), on('vmap', 0), on('vunmap', 0), lend(0));
    expect(base.pages[0]).toMatchObject({ linear: 'invalid', tlbStale: false, vmap: 'stale' });
    const read: EnvAction = { actor: 'cpu', kind: 'read', page: 0, path: 'vmap' };
    expect(enabledEnvActions(base, only('cpu'))).toEqual([read]);
    const outcome = applyEnvAction(base, read);
    expect(outcome.result).toBe('abort');
    expect(outcome.world.hazards.kernelFault?.what).toBe('the CPU read page 0 through a vmap alias, but page 0 is protected by the secure side (external abort)');
  });
});

describe('clean_cache', () => {
  it('faults on a page the secure side protects, even through a valid linear entry', () => {
    const lentMapped = runOk(boot(), alloc(0), on('clean_cache', 0), lend(0));
    expect(lentMapped.pages[0]).toMatchObject({ linear: 'valid', secureProtected: true });
    const outcome = applyKernelStep(lentMapped, on('clean_cache', 0));
    expect(outcome.result).not.toBe('ok');
    expect(outcome.world.hazards.kernelFault?.pages).toEqual([0]);
  });

  it('cleans an unprotected page without a fault', () => {
    const outcome = applyKernelStep(runOk(boot(), alloc(0)), on('clean_cache', 0));
    expect(outcome.result).toBe('ok');
    expect(outcome.world.pages[0]!.cache).toBe('clean');
    expect(outcome.world.hazards.kernelFault).toBeNull();
  });
});

describe('system-heap pages are checked like cma pages', () => {
  it('freed-pages-mapped: a system page freed with its linear entry invalid', () => {
    const world = runOk(boot({ pages: { system: 1 } }), alloc(0, 1, 'system'), on('unmap_linear', 0), on('free', 0));
    expect(check('freed-pages-mapped', world)).toEqual({
      invariant: 'freed-pages-mapped',
      message: 'page 0 is free in the allocator but its linear map entry is invalid',
      pages: [0],
    });
  });

  it('hibernation: the snapshot reads a lent system page and faults', () => {
    const world = runOk(boot({ pages: { system: 1 } }), alloc(0, 1, 'system'), on('clean_cache', 0), on('unmap_linear', 0), on('flush_tlb', 0), lend(0));
    expect(enabledEnvActions(world, only('hibernate'))).toEqual([{ actor: 'hibernate', kind: 'snapshot' }]);
    const outcome = applyEnvAction(world, { actor: 'hibernate', kind: 'snapshot' });
    expect(outcome.result).toBe('abort');
    expect(outcome.world.hazards.kernelFault?.pages).toEqual([0]);
  });
});

describe('relinquish with secure_clears_on_relinquish', () => {
  it('leaves the memory alone while another borrower still holds it; the last one out zeroes it', () => {
    let w = setup(ffaWorld({ secureClearsOnRelinquish: true }), ffaLend([0], ['v1', 'v2']), ffaRetrieve(0, 'v1'), ffaRetrieve(0, 'v2'), ffaWrite('v1', 0));
    expect(w.pages[0]!.content).toBe('secret');
    w = applyFfa(w, ffaRelinquish(0, 'v1')).world;
    expect(w.pages[0]!.content).toBe('secret');
    w = applyFfa(w, ffaRelinquish(0, 'v2')).world;
    expect(w.pages[0]!.content).toBe('zero');
  });
});

describe('donated pages, owned by the secure endpoint after retrieve', () => {
  const writeOwned: EnvAction = { actor: 'secure', kind: 'write_owned', endpoint: 'optee', page: 0 };
  const donatedMapped = (over: Parameters<typeof boot>[0] = {}) => runOk(boot(over), alloc(0), on('clean_cache', 0), donate(0), retrieve(0), writeOwned);

  it('hold secret data without breaking no-secret-to-ns: the secure side owns them', () => {
    const world = donatedMapped();
    expect(world.pages[0]).toMatchObject({ owner: 'optee', content: 'secret', linear: 'valid' });
    expect(world.transactions.every((tx) => tx === null)).toBe(true);
    expect(check('no-secret-to-ns', world)).toBeNull();
  });

  it('break no-ns-access-to-lent-memory through a mapping stage-2 lets through, not one it removed', () => {
    expect(check('no-ns-access-to-lent-memory', donatedMapped({ secureProtectsOnLend: false }))?.message).toBe(
      'page 0 was donated to optee, which owns it now, but the kernel linear map still maps it and host stage-2 lets it through',
    );
    const hafnium = donatedMapped({ hypervisor: 'hafnium' });
    expect(hafnium.pages[0]!.stage2).toBe(false);
    expect(check('no-ns-access-to-lent-memory', hafnium)).toBeNull();
    expect(check('no-ns-mapping-of-lent-memory', hafnium)?.pages).toEqual([0]);
  });
});

it('carefulLend is the careful lend of SPEC section 3 (a sanity check of the helper)', () => {
  expect(carefulLend(boot()).pages[0]).toMatchObject({ linear: 'invalid', tlbStale: false, cache: 'clean' });
});
