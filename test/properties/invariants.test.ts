/**
 * Each invariant against a world that breaks it and a close one that keeps it, built by applying
 * kernel steps and environment actions to initialWorld.
 */
import { describe, expect, it } from 'vitest';
import type { World } from '../../model/state.ts';
import { ALL_INVARIANTS, invariantById } from '../../properties/index.ts';
import { INVARIANT_IDS } from '../../properties/invariant.ts';
import type { InvariantId } from '../../properties/invariant.ts';
import { noDeadlock, stuckBecause } from '../../properties/no-deadlock.ts';
import type { ActorSchedule } from '../../properties/schedule.ts';
import {
  alloc,
  boot,
  carefulLend,
  donate,
  iommuMap,
  iommuUnmap,
  lend,
  on,
  reclaim,
  relinquish,
  retrieve,
  run,
  runOk,
  share,
  write,
} from '../model/worlds.ts';
import type { Move } from '../model/worlds.ts';
import { ffaRetrieve, ffaSend } from '../../model/ffa/relayer.ts';
import { Findings, type Phrase } from '../../properties/ns-paths.ts';

const check = (id: InvariantId, world: World) => invariantById(id).check(world);

describe('the invariant table', () => {
  it('lists every id once, in INVARIANT_IDS order, each with a statement and a reason', () => {
    expect(ALL_INVARIANTS.map((i) => i.id)).toEqual([...INVARIANT_IDS]);
    for (const invariant of ALL_INVARIANTS) {
      expect(invariantById(invariant.id)).toBe(invariant);
      expect(invariant.holds.length).toBeGreaterThan(20);
      expect(invariant.why.length).toBeGreaterThan(20);
    }
  });

  it('every invariant holds at boot', () => {
    const world = boot({ pages: { cma: 2, system: 1, carveout: 1, device: 1 } });
    for (const invariant of ALL_INVARIANTS) expect(invariant.check(world)).toBeNull();
  });
});

describe('no-ns-mapping-of-lent-memory', () => {
  const id = 'no-ns-mapping-of-lent-memory';

  it('breaks when ns lends memory the linear map still maps (B3)', () => {
    const world = runOk(boot(), alloc(0), on('clean_cache', 0), lend(0));
    expect(check(id, world)).toEqual({
      invariant: id,
      message: 'page 0 is lent to optee by handle 0 but the kernel linear map still maps it',
      pages: [0],
    });
  });

  it('holds with unmap_linear and flush_tlb before the lend', () => {
    expect(check(id, carefulLend(boot()))).toBeNull();
  });

  it('breaks on a stale TLB entry (unmap without flush, B6)', () => {
    const world = runOk(boot(), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), lend(0));
    expect(check(id, world)?.message).toBe('page 0 is lent to optee by handle 0 but a stale TLB entry still translates its linear address');
  });

  it('breaks when unmap_linear was a silent no-op (!can_set_direct_map, B5)', () => {
    expect(check(id, carefulLend(boot({ canSetDirectMap: false })))?.pages).toEqual([0]);
  });

  it('breaks on a lazily unmapped vmap alias, a user mapping, a normal-device IOMMU mapping', () => {
    // The linear entry is unmapped and flushed first, so the alias is the only NS path left.
    const base = runOk(boot(), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), on('flush_tlb', 0));
    expect(check(id, runOk(base, on('vmap', 0), on('vunmap', 0), on('flush_tlb', 0), lend(0)))).toBeNull();
    expect(check(id, runOk(base, on('vmap', 0), lend(0)))?.message).toBe('page 0 is lent to optee by handle 0 but a vmap alias still maps it');
    expect(check(id, runOk(base, on('vmap', 0), on('vunmap', 0), lend(0)))?.message).toBe(
      'page 0 is lent to optee by handle 0 but a lazily unmapped vmap alias still translates it',
    );
    expect(check(id, runOk(base, on('mmap_user', 0), lend(0)))?.message).toBe('page 0 is lent to optee by handle 0 but a user-space mapping still maps it');
    expect(check(id, runOk(base, iommuMap(0, 'gpu'), lend(0)))?.message).toBe(
      'page 0 is lent to optee by handle 0 but the IOMMU still maps it for the normal device gpu',
    );
  });

  it('a secure-device IOMMU mapping is allowed, and so is a share', () => {
    expect(check(id, runOk(carefulLend(boot()), iommuMap(0, 'vdec')))).toBeNull();
    expect(check(id, runOk(boot(), alloc(0), share(0)))).toBeNull();
  });

  it('counts every page once and names them all, one sentence per story', () => {
    const world = runOk(boot(), alloc(0, 2), on('clean_cache', 0), lend(0));
    const violation = check(id, world);
    expect(violation?.pages).toEqual([0, 1]);
    expect(violation?.message).toBe('pages 0, 1 are lent to optee by handle 0 but the kernel linear map still maps them');
    const mixed = runOk(boot({ spmc: 'trusting' }), alloc(0, 2), on('clean_cache', 0), lend(0), alloc(1), on('clean_cache', 1), on('unmap_linear', 1), lend(1));
    expect(check(id, mixed)?.message).toBe(
      'pages 0, 1 are lent to optee by handle 0 but the kernel linear map still maps them; page 2 is lent to optee by handle 1 but a stale TLB entry still translates its linear address',
    );
  });

  it('breaks after a donate is retrieved while the page stays mapped; holds once ns reclaims a lend and remaps', () => {
    const donated = runOk(boot(), alloc(0), on('clean_cache', 0), donate(0), retrieve(0));
    expect(check(id, donated)?.message).toBe('page 0 was donated to optee, which owns it now, but the kernel linear map still maps it');
    expect(check(id, runOk(carefulLend(boot()), reclaim(0), on('map_linear', 0)))).toBeNull();
  });

  it('breaks when the linear map is restored before the reclaim succeeds (B8)', () => {
    const world = run(carefulLend(boot()), retrieve(0), on('map_linear', 0), reclaim(0));
    expect(check(id, world)?.pages).toEqual([0]);
  });
});

describe('no-ns-access-to-lent-memory', () => {
  const id = 'no-ns-access-to-lent-memory';
  const mappedLend = (over: Parameters<typeof boot>[0]) => runOk(boot(over), alloc(0), on('clean_cache', 0), lend(0));

  it('breaks when stage-2 lets the mapping through (no hypervisor, or pKVM: LEND == SHARE, B10)', () => {
    expect(check(id, mappedLend({}))?.message).toBe(
      'page 0 is lent to optee by handle 0 but the kernel linear map still maps it and host stage-2 lets it through',
    );
    expect(check(id, mappedLend({ hypervisor: 'pkvm' }))?.pages).toEqual([0]);
  });

  it('holds when a Hafnium hypervisor removed the page from host stage-2', () => {
    expect(check(id, mappedLend({ hypervisor: 'hafnium' }))).toBeNull();
    expect(check('no-ns-mapping-of-lent-memory', mappedLend({ hypervisor: 'hafnium' }))).not.toBeNull();
  });

  it('holds with unmap_linear and flush_tlb', () => {
    expect(check(id, carefulLend(boot({ hypervisor: 'pkvm' })))).toBeNull();
  });
});

describe('no-double-lend', () => {
  const id = 'no-double-lend';

  it('breaks when ns re-sends lent pages, even though the relayer refuses', () => {
    const world = run(carefulLend(boot()), lend(0));
    expect(world.transactions.filter((t) => t !== null)).toHaveLength(1);
    expect(check(id, world)).toEqual({ invariant: id, message: 'ns sent page 0 by FFA_MEM_LEND, already covered by handle 0', pages: [0] });
  });

  it('breaks when two live transactions cover one page (trusting relayer)', () => {
    const world = run(carefulLend(boot({ spmc: 'trusting' })), lend(0));
    expect(check(id, world)?.message).toBe('page 0 is covered by two live transactions, handle 0 (lend) and handle 1 (lend)');
  });

  it('breaks when a page freed while lent is lent again (B1 -> B12)', () => {
    const world = run(carefulLend(boot({ pages: { cma: 1 } })), on('free', 0), alloc(1), lend(1));
    expect(check(id, world)?.pages).toEqual([0]);
  });

  it('holds for a lend, reclaim, lend again', () => {
    expect(check(id, runOk(carefulLend(boot()), reclaim(0), lend(0)))).toBeNull();
  });
});

describe('no-free-while-lent', () => {
  const id = 'no-free-while-lent';

  it('breaks when pages are freed after a failed reclaim (B1)', () => {
    const world = run(carefulLend(boot()), retrieve(0), reclaim(0), on('free', 0));
    expect(check(id, world)).toEqual({ invariant: id, message: 'page 0 is free in the allocator but handle 0 still lends it to optee', pages: [0] });
  });

  it('breaks when a donated page is freed', () => {
    const world = run(boot(), alloc(0), on('clean_cache', 0), donate(0), retrieve(0), on('free', 0));
    expect(check(id, world)?.message).toBe('page 0 is free in the allocator but optee owns it');
  });

  it('holds when a failed reclaim leaks the pages instead', () => {
    expect(check(id, run(carefulLend(boot()), retrieve(0), reclaim(0), on('leak', 0)))).toBeNull();
  });
});

describe('freed-pages-mapped', () => {
  const id = 'freed-pages-mapped';

  it('breaks when pages are freed before the linear map is restored (B7)', () => {
    const world = runOk(carefulLend(boot()), reclaim(0), on('free', 0));
    expect(check(id, world)).toEqual({ invariant: id, message: 'page 0 is free in the allocator but its linear map entry is invalid', pages: [0] });
  });

  it('holds when map_linear comes first', () => {
    expect(check(id, runOk(carefulLend(boot()), reclaim(0), on('map_linear', 0), on('free', 0)))).toBeNull();
  });

  it('does not apply to carveout or device pages', () => {
    // (A device page memunmap_pages removed cannot be freed at all: its struct pages are gone.)
    const world = runOk(boot({ pages: { carveout: 1, device: 1 } }), alloc(0, 1, 'device'), on('unmap_linear', 0), on('free', 0), alloc(1, 1, 'carveout'), on('free', 1));
    expect(world.pages.map((p) => [p.alloc, p.linear])).toEqual([['free', 'absent'], ['free', 'invalid']]);
    expect(check(id, world)).toBeNull();
  });
});

describe('no-secret-to-ns', () => {
  const id = 'no-secret-to-ns';
  const writtenAndReturned = (clear: boolean) =>
    runOk(carefulLend(boot()), retrieve(0), write(0), relinquish(0), reclaim(0, clear), on('map_linear', 0));

  it('breaks when secret data comes back to a mapped NS page (reclaim without clear, B17)', () => {
    expect(check(id, writtenAndReturned(false))).toEqual({
      invariant: id,
      message: 'page 0 still holds secret data after its transaction ended, and the kernel linear map still maps it',
      pages: [0],
    });
  });

  it('holds when the reclaim clears the memory', () => {
    expect(check(id, writtenAndReturned(true))).toBeNull();
  });

  it('breaks when a page with secret data is freed, even unmapped', () => {
    const world = runOk(carefulLend(boot()), retrieve(0), write(0), relinquish(0), reclaim(0), on('free', 0));
    expect(check(id, world)?.message).toBe('page 0 still holds secret data after its transaction ended, and it is free in the allocator');
  });

  it('holds while a live transaction covers the secret page', () => {
    expect(check(id, runOk(boot(), alloc(0), on('clean_cache', 0), lend(0), retrieve(0), write(0)))).toBeNull();
  });

  it('holds when the secure side clears on relinquish', () => {
    const world = runOk(carefulLend(boot({ secureClearsOnRelinquish: true })), retrieve(0), write(0), relinquish(0), reclaim(0), on('map_linear', 0));
    expect(check(id, world)).toBeNull();
  });

  it('breaks once hibernation copied secret content into the image', () => {
    const world = runOk(
      boot({ secureProtectsOnLend: false }),
      alloc(0),
      on('clean_cache', 0),
      on('unmap_linear', 0),
      on('flush_tlb', 0),
      lend(0),
      retrieve(0),
      write(0),
      relinquish(0),
      reclaim(0),
    );
    expect(check(id, world)).toBeNull();
    const snapshot = runOk(world, { actor: 'hibernate', kind: 'snapshot' });
    expect(check(id, snapshot)?.message).toBe('the hibernation snapshot copied secret content of page 0 into the image');
  });
});

describe('clean-before-lend', () => {
  const id = 'clean-before-lend';

  it('breaks when alloc dirtied the lines and nothing cleaned them (B4)', () => {
    expect(check(id, runOk(boot(), alloc(0), lend(0)))).toEqual({
      invariant: id,
      message: 'ns lent page 0 by handle 0 with dirty cache lines',
      pages: [0],
    });
  });

  it('holds after clean_cache', () => {
    expect(check(id, carefulLend(boot()))).toBeNull();
  });
});

describe('no-kernel-fault', () => {
  const id = 'no-kernel-fault';

  it('breaks when clean_cache runs after the linear map is gone (alloc, unmap, clean)', () => {
    const world = run(boot(), alloc(0), on('unmap_linear', 0), on('clean_cache', 0));
    expect(check(id, world)).toEqual({
      invariant: id,
      message: 'clean_cache cleaned page 0 to the point of coherency, but page 0 has no kernel mapping (no valid linear entry, no vmap or memremap alias)',
      pages: [0],
    });
  });

  it('holds when clean_cache runs first', () => {
    expect(check(id, carefulLend(boot()))).toBeNull();
  });

  it('breaks when a speculative read hits lent memory still in the linear map', () => {
    const world = run(boot(), alloc(0), on('clean_cache', 0), lend(0), { actor: 'cpu', kind: 'read', page: 0, path: 'linear' });
    expect(check(id, world)?.pages).toEqual([0]);
  });
});

describe('no-deadlock', () => {
  type Actor = ActorSchedule;
  const actor = (name: string, over: Partial<Actor> = {}): Actor => ({ name, status: 'running', waitsFor: null, spinsOn: null, ...over });
  const waits = (lock: string, holder: number) => ({ waitsFor: { lock, holder } });
  const deadlock = (...actors: Actor[]) => noDeadlock.check(boot(), { actors });

  it('holds on a bare world (no schedule) and while every actor can move', () => {
    expect(noDeadlock.check(boot())).toBeNull();
    expect(deadlock(actor('open'), actor('close'))).toBeNull();
    expect(deadlock()).toBeNull();
  });

  it('breaks on an actor that retries a step nothing can let through, naming the step', () => {
    expect(deadlock(actor('open'), actor('close', { spinsOn: 'ffa_reclaim buf (FFA_DENIED)' }))).toEqual({
      invariant: 'no-deadlock',
      message: 'close retries ffa_reclaim buf (FFA_DENIED) forever: nothing else in the system can change: close can never move again',
      pages: [],
    });
  });

  it('a done or stopped actor is not stuck, whatever it last waited on', () => {
    expect(deadlock(actor('a', { status: 'done', spinsOn: 'x (FFA_DENIED)' }))).toBeNull();
    expect(deadlock(actor('a', { status: 'stopped', ...waits('m', 0) }))).toBeNull();
    expect(stuckBecause({ actors: [actor('a', { status: 'stopped', spinsOn: 'x (FFA_DENIED)' })] }, 0)).toBeNull();
    expect(stuckBecause({ actors: [] }, 0)).toBeNull();
  });

  it('breaks on an actor waiting for a mutex it holds itself', () => {
    expect(deadlock(actor('a', waits('lock', 0)))?.message).toBe('a waits for lock held by itself: a can never move again');
  });

  it('breaks on an ABBA cycle, following the chain round', () => {
    expect(deadlock(actor('a', waits('m', 1)), actor('b', waits('n', 0)))?.message).toBe(
      'a waits for m held by b, which waits for n held by a: a can never move again',
    );
    // A three-link chain whose cycle does not come back to the first actor.
    expect(stuckBecause({ actors: [actor('a', waits('m', 1)), actor('b', waits('n', 2)), actor('c', waits('o', 1))] }, 0)).toBe(
      'a waits for m held by b, which waits for n held by c, which waits for o held by b',
    );
  });

  it('breaks on a mutex whose holder finished without unlocking it, or was stopped by kexec', () => {
    expect(deadlock(actor('a', waits('m', 1)), actor('b', { status: 'done' }))?.message).toBe(
      'a waits for m held by b, which has finished without unlocking it: a can never move again',
    );
    expect(deadlock(actor('a', waits('m', 1)), actor('b', { status: 'stopped' }))?.message).toBe(
      'a waits for m held by b, which kexec stopped: a can never move again',
    );
  });

  it('breaks on a wait whose holder spins for ever; holds when the holder can still move', () => {
    expect(stuckBecause({ actors: [actor('a', waits('m', 1)), actor('b', { spinsOn: 'ffa_reclaim buf (FFA_DENIED)' })] }, 0)).toBe(
      'a waits for m held by b, which retries ffa_reclaim buf (FFA_DENIED) forever',
    );
    expect(deadlock(actor('a', waits('m', 1)), actor('b'))).toBeNull();
    expect(deadlock(actor('a', waits('m', 1)), actor('b', waits('n', 2)), actor('c'))).toBeNull();
    // A holder index that names no actor is not a deadlock (nothing is known to hold the mutex).
    expect(deadlock(actor('a', waits('m', 5)))).toBeNull();
  });

  it('reports the first stuck actor in schedule order', () => {
    const violation = deadlock(actor('free'), actor('x', waits('m', 1)), actor('y', waits('n', 1)));
    expect(violation?.message).toBe('x waits for m held by itself: x can never move again');
  });
});

describe('messages name the right story, for one page and for several', () => {
  const memremap = (buffer: number): Move => ({ step: 'memremap', buffer, type: 'wc' });
  const unmapped = (pages = 2) => runOk(boot(), alloc(0, pages), on('clean_cache', 0), on('unmap_linear', 0), on('flush_tlb', 0));

  it('no-ns-mapping-of-lent-memory: every NS path has its own plural', () => {
    const id = 'no-ns-mapping-of-lent-memory';
    const lent = (...moves: Move[]) => check(id, runOk(unmapped(), ...moves, lend(0)))?.message;
    expect(check(id, runOk(boot(), alloc(0, 2), on('clean_cache', 0), on('unmap_linear', 0), lend(0)))?.message).toBe(
      'pages 0, 1 are lent to optee by handle 0 but stale TLB entries still translate their linear addresses',
    );
    expect(lent(on('vmap', 0))).toBe('pages 0, 1 are lent to optee by handle 0 but a vmap alias still maps them');
    expect(lent(on('vmap', 0), on('vunmap', 0))).toBe('pages 0, 1 are lent to optee by handle 0 but a lazily unmapped vmap alias still translates them');
    expect(lent(memremap(0))).toBe('pages 0, 1 are lent to optee by handle 0 but a memremap alias still maps them');
    expect(lent(on('mmap_user', 0))).toBe('pages 0, 1 are lent to optee by handle 0 but a user-space mapping still maps them');
    expect(lent(iommuMap(0, 'gpu'))).toBe('pages 0, 1 are lent to optee by handle 0 but the IOMMU still maps them for the normal device gpu');
  });

  it('no-ns-mapping-of-lent-memory: a lent page mapped only through a lazily unmapped memremap alias breaks it', () => {
    const id = 'no-ns-mapping-of-lent-memory';
    expect(check(id, runOk(unmapped(1), memremap(0), on('memunmap', 0), lend(0)))?.message).toBe(
      'page 0 is lent to optee by handle 0 but a lazily unmapped memremap alias still translates it',
    );
    expect(check(id, runOk(unmapped(), memremap(0), on('memunmap', 0), lend(0)))?.message).toBe(
      'pages 0, 1 are lent to optee by handle 0 but a lazily unmapped memremap alias still translates them',
    );
    expect(check(id, runOk(unmapped(1), memremap(0), on('memunmap', 0), on('flush_tlb', 0), lend(0)))).toBeNull();
  });

  it('no-ns-mapping-of-lent-memory: a donate not yet retrieved is "being donated", and every receiver is named', () => {
    const id = 'no-ns-mapping-of-lent-memory';
    expect(check(id, runOk(boot(), alloc(0), on('clean_cache', 0), donate(0)))?.message).toBe(
      'page 0 is being donated to optee by handle 0 but the kernel linear map still maps it',
    );
    const two = boot({ endpoints: ['optee', 'sp2'] });
    expect(check(id, runOk(two, alloc(0), on('clean_cache', 0), lend(0, ['optee', 'sp2'])))?.message).toBe(
      'page 0 is lent to optee and sp2 by handle 0 but the kernel linear map still maps it',
    );
  });

  it('no-ns-access-to-lent-memory: the stage-2 tail has a plural', () => {
    expect(check('no-ns-access-to-lent-memory', runOk(boot(), alloc(0, 2), on('clean_cache', 0), lend(0)))?.message).toBe(
      'pages 0, 1 are lent to optee by handle 0 but the kernel linear map still maps them and host stage-2 lets them through',
    );
  });

  it('no-ns-mapping-of-lent-memory: pages donated and retrieved have a plural', () => {
    expect(check('no-ns-mapping-of-lent-memory', runOk(boot(), alloc(0, 2), on('clean_cache', 0), donate(0), retrieve(0)))?.message).toBe(
      'pages 0, 1 were donated to optee, which owns them now, but the kernel linear map still maps them',
    );
  });

  it('no-double-lend: pages covered twice have a plural, and a page covered three times is named once', () => {
    const id = 'no-double-lend';
    const trusting = (pages: number) => runOk(boot({ spmc: 'trusting' }), alloc(0, pages), on('clean_cache', 0), on('unmap_linear', 0), on('flush_tlb', 0), lend(0));
    expect(check(id, run(trusting(2), lend(0)))?.message).toBe('pages 0, 1 are covered by two live transactions, handle 0 (lend) and handle 1 (lend)');
    const thrice = run(trusting(1), lend(0), lend(0));
    expect(thrice.transactions.filter((t) => t !== null)).toHaveLength(3);
    expect(check(id, thrice)).toEqual({
      invariant: id,
      message: 'page 0 is covered by two live transactions, handle 0 (lend) and handle 1 (lend)',
      pages: [0],
    });
  });

  it('no-free-while-lent: pages freed while lent or donated have a plural', () => {
    const id = 'no-free-while-lent';
    expect(check(id, run(carefulLend(boot(), 0, 2), retrieve(0), reclaim(0), on('free', 0)))?.message).toBe(
      'pages 0, 1 are free in the allocator but handle 0 still lends them to optee',
    );
    expect(check(id, run(boot(), alloc(0, 2), on('clean_cache', 0), donate(0), retrieve(0), on('free', 0)))?.message).toBe(
      'pages 0, 1 are free in the allocator but optee owns them',
    );
  });

  it('freed-pages-mapped: pages freed unmapped have a plural', () => {
    expect(check('freed-pages-mapped', runOk(carefulLend(boot(), 0, 2), reclaim(0), on('free', 0)))?.message).toBe(
      'pages 0, 1 are free in the allocator but their linear map entries are invalid',
    );
  });

  it('no-secret-to-ns: secret pages mapped or freed have a plural', () => {
    const id = 'no-secret-to-ns';
    const returned = runOk(carefulLend(boot(), 0, 2), retrieve(0), write(0), relinquish(0), reclaim(0));
    expect(check(id, runOk(returned, on('map_linear', 0)))?.message).toBe(
      'pages 0, 1 still hold secret data after their transaction ended, and the kernel linear map still maps them',
    );
    expect(check(id, runOk(returned, on('free', 0)))?.message).toBe(
      'pages 0, 1 still hold secret data after their transaction ended, and they are free in the allocator',
    );
  });

  it('no-secret-to-ns: a secret page back in ns hands breaks it while another transaction is live (an ended slot is skipped)', () => {
    const world = runOk(carefulLend(carefulLend(boot(), 0), 1), retrieve(0), write(0), relinquish(0), reclaim(0), on('map_linear', 0));
    expect(world.transactions[0]).toBeNull();
    expect(world.transactions[1]).not.toBeNull();
    expect(check('no-secret-to-ns', world)?.pages).toEqual([0]);
  });

  it('no-collateral-protection: the collateral pages of a coarse firewall granule, one and several', () => {
    const id = 'no-collateral-protection';
    expect(check(id, carefulLend(boot({ firewallGranule: 2 })))).toEqual({
      invariant: id,
      message:
        'page 1 is protected by the secure side although no live transaction covers it and ns owns it (collateral of its firewall granule)',
      pages: [1],
    });
    expect(check(id, carefulLend(boot({ firewallGranule: 4 })))?.message).toBe(
      'pages 1, 2, 3 are protected by the secure side although no live transaction covers them and ns owns them (collateral of their firewall granule)',
    );
  });
});

describe('no-use-after-free', () => {
  const id = 'no-use-after-free';
  const memremap = (buffer: number): Move => ({ step: 'memremap', buffer, type: 'wc' });
  const freedWith = (pages: number, ...moves: Move[]) => check(id, runOk(boot(), alloc(0, pages), ...moves, on('free', 0)))?.message;

  it('breaks on a page freed under a user mapping, a vmap or memremap alias, or an IOMMU mapping, each in its words', () => {
    const cases: [Move, string, string][] = [
      [on('mmap_user', 0), 'a user-space mapping still maps it', 'a user-space mapping still maps them'],
      [on('vmap', 0), 'a vmap alias still maps it', 'a vmap alias still maps them'],
      [memremap(0), 'a memremap alias still maps it', 'a memremap alias still maps them'],
      [iommuMap(0, 'gpu'), 'the IOMMU still maps it for gpu', 'the IOMMU still maps them for gpu'],
    ];
    for (const [move, one, many] of cases) {
      expect(freedWith(1, move)).toBe(`page 0 is free in the allocator but ${one}`);
      expect(freedWith(2, move)).toBe(`pages 0, 1 are free in the allocator but ${many}`);
    }
  });

  it('breaks on pages freed under a pool sub-allocation, one and several', () => {
    const poolAlloc = (pages: number): Move => ({ step: 'pool_alloc', buffer: 1, pool: 0, pages });
    const torn = (pages: number) => check(id, runOk(boot({}, 3), alloc(0, 2), poolAlloc(pages), on('free', 0)))?.message;
    expect(torn(1)).toBe('page 0 is free in the allocator but a pool sub-allocation still holds it');
    expect(torn(2)).toBe('pages 0, 1 are free in the allocator but a pool sub-allocation still holds them');
  });

  it('names every device that still maps a freed page', () => {
    expect(freedWith(1, iommuMap(0, 'gpu'), iommuMap(0, 'vdec'))).toBe('page 0 is free in the allocator but the IOMMU still maps it for gpu and vdec');
  });

  it('holds once the alias, the user mapping or the IOMMU mapping is gone before the free', () => {
    expect(freedWith(1, on('vmap', 0), on('vunmap', 0))).toBeUndefined();
    expect(freedWith(1, memremap(0), on('memunmap', 0))).toBeUndefined();
    expect(freedWith(1, iommuMap(0, 'gpu'), iommuUnmap(0, 'gpu'))).toBeUndefined();
  });
});

describe('pages ns did not give away, and pages another endpoint owns', () => {
  const memremap = (buffer: number): Move => ({ step: 'memremap', buffer, type: 'wc' });

  it('no-ns-mapping-of-lent-memory: a lend by a secure endpoint is not ns giving memory away; the page counts as the endpoint\'s', () => {
    const donated = runOk(boot({ endpoints: ['optee', 'sp2'] }), alloc(0), on('clean_cache', 0), donate(0), retrieve(0));
    const lent = ffaSend(donated, { op: 'lend', sender: 'optee', receivers: [{ endpoint: 'sp2', access: 'rw' }], pages: [0], clear: false });
    expect(lent.result).toBe('ok');
    expect(lent.world.transactions[0]?.sender).toBe('optee');
    expect(check('no-ns-mapping-of-lent-memory', lent.world)?.message).toBe(
      'page 0 was donated to optee, which owns it now, but the kernel linear map still maps it',
    );
  });

  it('static carveout pages an alias still maps have a plural', () => {
    const carveout = runOk(boot({ pages: { carveout: 2 }, carveoutOwner: 'optee' }), alloc(0, 2, 'carveout'), memremap(0));
    expect(check('no-ns-mapping-of-lent-memory', carveout)?.message).toBe(
      'pages 0, 1 are static carveout memory optee owns from boot, but a memremap alias still maps them',
    );
  });

  it('a carveout page its boot owner donated on is described as donated to the new owner, and counts when freed', () => {
    const carveout = runOk(boot({ pages: { carveout: 1 }, carveoutOwner: 'optee', endpoints: ['optee', 'sp2'] }), alloc(0, 1, 'carveout'), memremap(0));
    expect(check('no-ns-mapping-of-lent-memory', carveout)?.message).toBe(
      'page 0 is static carveout memory optee owns from boot, but a memremap alias still maps it',
    );
    const sent = ffaSend(carveout, { op: 'donate', sender: 'optee', receivers: [{ endpoint: 'sp2' }], pages: [0], clear: false });
    const moved = ffaRetrieve(sent.world, { handle: sent.handle!, receiver: 'sp2' });
    expect([sent.result, moved.result, moved.world.pages[0]!.owner]).toEqual(['ok', 'ok', 'sp2']);
    expect(check('no-ns-mapping-of-lent-memory', moved.world)?.message).toBe('page 0 was donated to sp2, which owns it now, but a memremap alias still maps it');
    expect(check('no-free-while-lent', run(moved.world, on('free', 0)))?.message).toBe('page 0 is free in the allocator but sp2 owns it');
  });

  it('a cma page donated to the carveout owner is not carveout memory: it is donated, and freeing it breaks no-free-while-lent', () => {
    const world = runOk(boot({ pages: { cma: 1, carveout: 1 }, carveoutOwner: 'optee' }), alloc(0), on('clean_cache', 0), donate(0), retrieve(0));
    expect(check('no-ns-mapping-of-lent-memory', world)?.message).toBe('page 0 was donated to optee, which owns it now, but the kernel linear map still maps it');
    expect(check('no-free-while-lent', run(world, on('free', 0)))?.message).toBe('page 0 is free in the allocator but optee owns it');
  });

  it('pages are listed in page order whatever order the check found them in', () => {
    // Page 1 is found through its live lend, page 0 afterwards as a page optee owns.
    const world = runOk(boot(), alloc(0), on('clean_cache', 0), donate(0), retrieve(0), alloc(1), on('clean_cache', 1), lend(1));
    expect(check('no-ns-mapping-of-lent-memory', world)).toEqual({
      invariant: 'no-ns-mapping-of-lent-memory',
      message:
        'page 1 is lent to optee by handle 0 but the kernel linear map still maps it; page 0 was donated to optee, which owns it now, but the kernel linear map still maps it',
      pages: [0, 1],
    });
  });
});

describe('Findings', () => {
  const P: Phrase = ['is p', 'are p'];
  const Q: Phrase = ['is q', 'are q'];

  it('groups pages by story in the order found, notes a page once, and lists pages sorted; asking twice gives the same answer', () => {
    const found = new Findings();
    found.add(3, P);
    found.add(1, Q);
    found.add(3, Q);
    found.add(2, P);
    const expected = { invariant: 'no-double-lend', message: 'pages 3, 2 are p; page 1 is q', pages: [1, 2, 3] };
    expect(found.violation('no-double-lend')).toEqual(expected);
    expect(found.violation('no-double-lend')).toEqual(expected);
  });
});
