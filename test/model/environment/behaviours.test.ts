/**
 * Environment behaviours the mutation work on model/environment found unchecked by the unit tests
 * (bench/README.md, "Mutation testing"): each test names one, and fails on the mutant that changed it.
 */
import { describe, expect, it } from 'vitest';
import { applyEnvAction, enabledEnvActions } from '../../../model/environment/index.ts';
import type { CpuPath, EnvAction, EnvActor } from '../../../model/environment/actions.ts';
import { dmaContent } from '../../../model/environment/devices.ts';
import { saveablePage } from '../../../model/environment/hibernate.ts';
import { ffaSend } from '../../../model/ffa/relayer.ts';
import type { World } from '../../../model/state.ts';
import { editPage, updatePages } from '../../../model/state.ts';
import { alloc, boot, carefulLend, iommuMap, lend, on, reclaim, retrieve, runOk, share, write } from '../worlds.ts';

const CPU: ReadonlySet<EnvActor> = new Set(['cpu']);
const read = (page: number, path: CpuPath): EnvAction => ({ actor: 'cpu', kind: 'read', page, path });

describe('cpu reads: which paths are live, which reads change anything', () => {
  it('a lazily unmapped vmap or memremap alias (stale) is still a path to the page', () => {
    const world = runOk(boot(), alloc(0), on('vmap', 0), { step: 'memremap', buffer: 0, type: 'wc' }, on('vunmap', 0), { step: 'memunmap', buffer: 0 }, on('clean_cache', 0));
    expect(world.pages[0]).toMatchObject({ vmap: 'stale', remap: 'stale' });
    const lent = runOk(world, on('unmap_linear', 0), on('flush_tlb', 0));
    // flush_tlb dropped both stale aliases: rebuild them after the flush.
    const aliased = runOk(lent, on('vmap', 0), { step: 'memremap', buffer: 0, type: 'wb' }, on('vunmap', 0), { step: 'memunmap', buffer: 0 }, lend(0));
    expect(enabledEnvActions(aliased, CPU)).toEqual([read(0, 'vmap'), read(0, 'memremap')]);
    expect(applyEnvAction(aliased, read(0, 'memremap')).world.hazards.kernelFault?.what).toBe(
      'the CPU read page 0 through a memremap alias, but page 0 is protected by the secure side (external abort)',
    );
  });

  it('a page host stage-2 removed is read even when the firewall does not protect it', () => {
    const world = runOk(boot({ hypervisor: 'hafnium', secureProtectsOnLend: false }), alloc(0), on('clean_cache', 0), lend(0));
    expect(enabledEnvActions(world, CPU)).toEqual([read(0, 'linear')]);
  });

  it('a read through no live path, of no page, or of a page nothing protects changes nothing', () => {
    const lent = carefulLend(boot());
    expect(applyEnvAction(lent, read(0, 'vmap'))).toEqual({ world: lent, result: 'ok' });
    expect(applyEnvAction(lent, read(0, 'linear')).world).toBe(lent);
    expect(applyEnvAction(lent, read(9, 'linear')).world).toBe(lent);
    const open = runOk(boot(), alloc(0));
    const outcome = applyEnvAction(open, read(0, 'linear'));
    expect(outcome.result).toBe('ok');
    expect(outcome.world).toBe(open);
  });
});

describe('device DMA writes', () => {
  const dma = (device: string, page: number): EnvAction => ({ actor: 'devices', kind: 'dma', device, page });

  it('no page, or a device the platform does not declare, writes nothing', () => {
    const world = runOk(boot(), alloc(0), iommuMap(0, 'dsp'));
    expect(world.pages[0]!.iommu).toEqual(['dsp']);
    expect(dmaContent(world, 'dsp', 0)).toBeNull();
    expect(dmaContent(world, 'gpu', 9)).toBeNull();
    expect(applyEnvAction(world, dma('dsp', 0))).toEqual({ world, result: 'abort' });
    expect(applyEnvAction(world, dma('gpu', 9))).toEqual({ world, result: 'fault' });
  });

  it('a write of the content already there returns the world itself', () => {
    const written = applyEnvAction(runOk(boot(), alloc(0), iommuMap(0, 'gpu')), dma('gpu', 0)).world;
    const again = applyEnvAction(written, dma('gpu', 0));
    expect(again.result).toBe('ok');
    expect(again.world).toBe(written);
  });
});

describe('the hibernation snapshot', () => {
  const HIBERNATE: ReadonlySet<EnvActor> = new Set(['hibernate']);
  const SNAPSHOT: EnvAction = { actor: 'hibernate', kind: 'snapshot' };
  const secretAt = (world: World, ...ids: number[]): World => updatePages(world, ids, (page) => editPage(page, (p) => { p.content = 'secret'; }));

  it('saves allocated cma and system pages only: not free pages (unlike kdump)', () => {
    const world = runOk(boot({ pages: { cma: 2, system: 1 } }), alloc(0), alloc(1, 1, 'system'));
    expect(world.pages.map(saveablePage)).toEqual([true, false, true]);
  });

  it('does not read a page it does not save: a free page left protected (B1), a nosave page', () => {
    const freedWhileLent = runOk(carefulLend(boot()), on('free', 0));
    expect(freedWhileLent.pages[0]).toMatchObject({ alloc: 'free', secureProtected: true });
    expect(enabledEnvActions(freedWhileLent, HIBERNATE)).toEqual([]);
    expect(applyEnvAction(freedWhileLent, SNAPSHOT)).toEqual({ world: freedWhileLent, result: 'ok' });
    const nosave = runOk(boot(), alloc(0), on('mark_nosave', 0), on('clean_cache', 0), lend(0));
    expect(applyEnvAction(nosave, SNAPSHOT)).toEqual({ world: nosave, result: 'ok' });
  });

  it('a page host stage-2 removed faults the snapshot (fault, not abort)', () => {
    const world = carefulLend(boot({ hypervisor: 'hafnium', secureProtectsOnLend: false }));
    expect(enabledEnvActions(world, HIBERNATE)).toEqual([SNAPSHOT]);
    const outcome = applyEnvAction(world, SNAPSHOT);
    expect(outcome.result).toBe('fault');
    expect(outcome.world.hazards.kernelFault).toEqual({
      pages: [0],
      what: 'the hibernation snapshot read page 0, but page 0 is no longer mapped by host stage-2',
    });
    expect(outcome.world.hazards.secretCopied).toBeNull();
  });

  it('lists every faulting page and every readable secret page, plural when several', () => {
    const lent = carefulLend(boot({ pages: { cma: 4 } }, 2), 0, 2);
    const world = secretAt(runOk(lent, alloc(1, 2)), 3);
    expect(enabledEnvActions(world, HIBERNATE)).toEqual([SNAPSHOT]);
    const { world: after, result } = applyEnvAction(world, SNAPSHOT);
    expect(result).toBe('abort');
    expect(after.hazards.kernelFault).toEqual({
      pages: [0, 1],
      what: 'the hibernation snapshot read pages 0, 1, but page 0 is protected by the secure side (external abort)',
    });
    expect(after.hazards.secretCopied?.pages).toEqual([3]);
    const two = applyEnvAction(secretAt(runOk(boot({ pages: { cma: 2 } }), alloc(0, 2)), 0, 1), SNAPSHOT).world.hazards.secretCopied;
    expect(two).toEqual({ pages: [0, 1], what: 'the hibernation snapshot copied secret content of pages 0, 1 into the image' });
  });

  it('is not offered for a secret page once secretCopied is recorded', () => {
    const secret = secretAt(runOk(boot(), alloc(0)), 0);
    expect(enabledEnvActions(secret, HIBERNATE)).toEqual([SNAPSHOT]);
    expect(enabledEnvActions(applyEnvAction(secret, SNAPSHOT).world, HIBERNATE)).toEqual([]);
  });
});

describe('secure actions around reclaimed handles, shares and the static carveout', () => {
  const SECURE: ReadonlySet<EnvActor> = new Set(['secure']);
  /** Two lends (handles 0 and 1), the first reclaimed: the transaction list has a hole at 0. */
  const holed = (): World => runOk(carefulLend(carefulLend(boot({ pages: { cma: 2 } }), 0), 1), reclaim(0));

  it('a reclaimed handle is skipped, the live one after it offered', () => {
    const world = holed();
    expect(world.transactions[0]).toBeNull();
    expect(enabledEnvActions(world, SECURE)).toEqual([retrieve(1)]);
  });

  it('a write to a reclaimed handle is FFA_INVALID_PARAMETERS and changes nothing', () => {
    const world = holed();
    expect(applyEnvAction(world, write(0))).toEqual({ world, result: 'FFA_INVALID_PARAMETERS' });
  });

  it('after a share\'s borrower wrote its data, a second write is not offered', () => {
    const written = runOk(boot(), alloc(0), share(0), retrieve(0), write(0));
    expect(written.pages[0]!.content).toBe('data');
    expect(enabledEnvActions(written, SECURE)).toEqual([{ actor: 'secure', kind: 'ffa_relinquish', endpoint: 'optee', handle: 0 }]);
  });

  it('nothing writes a free page of the static carveout; an allocated one is written', () => {
    const carveout = boot({ pages: { carveout: 1 }, carveoutOwner: 'optee' });
    expect(enabledEnvActions(carveout, SECURE)).toEqual([]);
    expect(enabledEnvActions(runOk(carveout, alloc(0, 1, 'carveout')), SECURE)).toEqual([{ actor: 'secure', kind: 'write_owned', endpoint: 'optee', page: 0 }]);
  });

  it('offers no retrieve the relayer would refuse: the receiver owns the page (a trusting SPMC let ns lend it)', () => {
    const carveout = runOk(boot({ pages: { carveout: 1 }, carveoutOwner: 'optee', spmc: 'trusting' }), alloc(0, 1, 'carveout'), lend(0));
    expect(carveout.transactions[0]?.receivers[0]?.endpoint).toBe('optee');
    expect(enabledEnvActions(carveout, SECURE)).toEqual([{ actor: 'secure', kind: 'write_owned', endpoint: 'optee', page: 0 }]);
  });

  it('a forced write by an ro borrower faults and leaves the pages as they were', () => {
    const held = runOk(boot({ pages: { cma: 2 } }), alloc(0, 2), on('clean_cache', 0), lend(0, ['optee'], 'ro'), retrieve(0));
    const outcome = applyEnvAction(held, write(0));
    expect(outcome.result).toBe('fault');
    expect(outcome.world.pages).toBe(held.pages);
  });

  it('an owner that lent its page on (Owner-NA) is not offered a write to it', () => {
    const owned = runOk(boot({ endpoints: ['optee', 'tee2'] }), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), { step: 'ffa_donate', buffer: 0, to: ['optee'] }, retrieve(0));
    expect(enabledEnvActions(owned, SECURE)).toContainEqual({ actor: 'secure', kind: 'write_owned', endpoint: 'optee', page: 0 });
    const lentOn = ffaSend(owned, { op: 'lend', sender: 'optee', receivers: [{ endpoint: 'tee2', access: 'rw' }], pages: [0], clear: false });
    expect(lentOn.result).toBe('ok');
    expect(enabledEnvActions(lentOn.world, SECURE)).toEqual([retrieve(lentOn.handle!, 'tee2')]);
  });

  it('a free page the endpoint owns outside the carveout (a donate ns freed) is still written', () => {
    const freed = runOk(boot(), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), { step: 'ffa_donate', buffer: 0, to: ['optee'] }, retrieve(0), on('free', 0));
    expect(freed.pages[0]).toMatchObject({ alloc: 'free', owner: 'optee' });
    expect(enabledEnvActions(freed, SECURE)).toEqual([{ actor: 'secure', kind: 'write_owned', endpoint: 'optee', page: 0 }]);
  });
});
