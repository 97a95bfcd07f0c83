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
