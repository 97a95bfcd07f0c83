/**
 * The FF-A helpers the relayer and the environment share, tested directly (the mutation run of
 * model/ffa found them reached only through searches): what a read or write does, which pages a
 * firewall granule holds, what protection a page gets, the handle slots, a borrower's ownership state.
 */
import { describe, expect, it } from 'vitest';
import { memoryAccess, writtenContent } from '../../model/ffa/access.ts';
import { granuleGivenAway, granuleOf, granulesOf } from '../../model/ffa/granules.ts';
import { liveTransactions, lowestFreeHandle } from '../../model/ffa/handles.ts';
import { refreshNsProtection } from '../../model/ffa/protection.ts';
import { editPage, updatePages } from '../../model/state.ts';
import { ownershipState } from '../../model/ffa/ownership.ts';
import { alloc, boot, carefulLend, lend, on, reclaim, retrieve, runOk, share } from '../model/worlds.ts';

describe('memoryAccess', () => {
  const held = runOk(boot(), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), on('flush_tlb', 0), lend(0), retrieve(0));

  it('a read changes nothing, even one that succeeds', () => {
    const open = runOk(boot(), alloc(0));
    expect(memoryAccess(open, 'ns', 0, 'read')).toEqual({ world: open, result: 'ok' });
    expect(memoryAccess(held, 'optee', 0, 'read')).toEqual({ world: held, result: 'ok' });
  });

  it('an NS write leaves data and a dirty cache line; a refused write leaves the world', () => {
    const open = runOk(boot(), alloc(0), on('clean_cache', 0));
    const written = memoryAccess(open, 'ns', 0, 'write');
    expect(written.result).toBe('ok');
    expect(written.world.pages[0]).toMatchObject({ content: 'data', cache: 'dirty' });
    const refused = memoryAccess(held, 'ns', 0, 'write');
    expect(refused).toEqual({ world: held, result: 'abort' });
    expect(memoryAccess(held, 'tee2', 0, 'write')).toEqual({ world: held, result: 'fault' });
  });

  it("a secure write leaves secret under a lend and data under a share, without touching the cache", () => {
    const written = memoryAccess(held, 'optee', 0, 'write').world.pages[0]!;
    expect(written).toMatchObject({ content: 'secret', cache: held.pages[0]!.cache });
    const shared = runOk(boot(), alloc(0), on('clean_cache', 0), share(0), retrieve(0));
    expect(writtenContent(shared, 'optee', 0)).toBe('data');
    expect(writtenContent(shared, 'ns', 0)).toBe('data');
    // A share to two borrowers that both retrieved: each writes data.
    const two = runOk(boot({ endpoints: ['optee', 'tee2'] }), alloc(0), on('clean_cache', 0), share(0, ['optee', 'tee2']), retrieve(0), retrieve(0, 'tee2'));
    expect(writtenContent(two, 'optee', 0)).toBe('data');
    // Before the retrieve the share is not the endpoint's: what it would write is its own secret.
    expect(writtenContent(runOk(boot(), alloc(0), on('clean_cache', 0), share(0)), 'optee', 0)).toBe('secret');
  });
});

describe('firewall granules', () => {
  // Pages 0-2 cma, 3-4 system: granules of 2 are [0,1] [2] [3,4], aligned within each region.
  const world = boot({ pages: { cma: 3, system: 2 }, firewallGranule: 2 });

  it('are aligned runs within a region and never span two', () => {
    expect([0, 1, 2, 3, 4].map((p) => granuleOf(world, p))).toEqual([
      { start: 0, end: 2 },
      { start: 0, end: 2 },
      { start: 2, end: 3 },
      { start: 3, end: 5 },
      { start: 3, end: 5 },
    ]);
    expect(granulesOf(world, [4, 1])).toEqual([0, 1, 3, 4]);
    expect(granulesOf(boot({ pages: { cma: 3 } }), [2, 0])).toEqual([0, 2]);
  });

  it('a page stays protected while another page of its granule is lent, or is the static carveout', () => {
    const lent = runOk(world, alloc(0), on('clean_cache', 0), lend(0));
    expect(granuleGivenAway(lent, 1)).toBe(true);
    expect(lent.pages[1]!.secureProtected).toBe(true);
    expect(granuleGivenAway(lent, 0)).toBe(false);
    expect(granuleGivenAway(lent, 2)).toBe(false);
    const carveout = boot({ pages: { carveout: 2 }, carveoutOwner: 'optee', firewallGranule: 2 });
    expect(granuleGivenAway(carveout, 0)).toBe(true);
    expect(granuleGivenAway(boot({ pages: { carveout: 2 }, firewallGranule: 2 }), 0)).toBe(false);
  });

  it('with granules of one page, or without a firewall, no collateral protection', () => {
    const single = runOk(boot({ pages: { cma: 2 } }), alloc(0), on('clean_cache', 0), lend(0));
    expect(single.pages.map((p) => p.secureProtected)).toEqual([true, false]);
    const noFirewall = runOk(boot({ pages: { cma: 2 }, firewallGranule: 2, secureProtectsOnLend: false }), alloc(0), on('clean_cache', 0), lend(0));
    expect(noFirewall.pages.map((p) => p.secureProtected)).toEqual([false, false]);
    // Still none when the granule's other page is refreshed (shared), while the first stays lent.
    const sharedBeside = runOk(noFirewall, alloc(1), on('clean_cache', 1), share(1));
    expect(sharedBeside.pages.map((p) => p.secureProtected)).toEqual([false, false]);
  });

  it('a refresh gives the static carveout its boot protection back: firewalled, and out of stage-2 under a Hafnium hypervisor', () => {
    for (const [hypervisor, stage2] of [['none', true], ['pkvm', true], ['hafnium', false]] as const) {
      const carveout = boot({ pages: { cma: 1, carveout: 1 }, carveoutOwner: 'optee', hypervisor });
      const cleared = updatePages(carveout, [0, 1], (p) => editPage(p, (d) => {
        d.secureProtected = !d.secureProtected;
        d.stage2 = !d.stage2;
      }));
      const refreshed = refreshNsProtection(cleared, [0, 1]);
      expect(refreshed.pages[1], hypervisor).toMatchObject({ secureProtected: true, stage2 });
      expect(refreshed.pages[0], hypervisor).toMatchObject({ secureProtected: false, stage2: true });
      expect(refreshNsProtection(carveout, [0, 1]), hypervisor).toBe(carveout);
    }
    // Firewalled from boot even where lends are not (secure_protects_on_lend: false).
    const unfirewalled = boot({ pages: { carveout: 1 }, carveoutOwner: 'optee', secureProtectsOnLend: false });
    const off = updatePages(unfirewalled, [0], (p) => editPage(p, (d) => { d.secureProtected = false; }));
    expect(refreshNsProtection(off, [0]).pages[0]).toMatchObject({ secureProtected: true });
    // A carveout ns owns (no carveout_owner) has no boot protection.
    const ns = boot({ pages: { carveout: 1 } });
    expect(refreshNsProtection(ns, [0]).pages[0]).toMatchObject({ secureProtected: false, stage2: true });
  });
});

describe('handle slots and ownership states', () => {
  it('a reclaimed slot is not live and is the next handle; trailing free slots are dropped', () => {
    const two = carefulLend(carefulLend(boot({ pages: { cma: 2 } }), 0), 1);
    expect(liveTransactions(two)).toBe(2);
    const holed = runOk(two, reclaim(0));
    expect(holed.transactions).toHaveLength(2);
    expect(liveTransactions(holed)).toBe(1);
    expect(lowestFreeHandle(holed)).toBe(0);
    expect(runOk(holed, reclaim(1)).transactions).toEqual([]);
  });

  it('a lend to one borrower is !Owner-EA for it; to two, or a share, !Owner-SA', () => {
    const one = runOk(carefulLend(boot()), retrieve(0));
    expect(ownershipState(one, 'optee', 0)).toBe('!Owner-EA');
    const platform = { endpoints: ['optee', 'tee2'] };
    const two = runOk(boot(platform), alloc(0), on('clean_cache', 0), lend(0, ['optee', 'tee2']), retrieve(0));
    expect(ownershipState(two, 'optee', 0)).toBe('!Owner-SA');
    const shared = runOk(boot(), alloc(0), on('clean_cache', 0), share(0), retrieve(0));
    expect(ownershipState(shared, 'optee', 0)).toBe('!Owner-SA');
  });
});
