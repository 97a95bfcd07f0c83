/**
 * kdump (/proc/vmcore) and kexec as environment actions (SPEC section 9): what the dump reads and
 * records, when it is offered, and what the new kernel of a kexec takes over.
 */
import { describe, expect, it } from 'vitest';
import { applyEnvAction, enabledEnvActions } from '../../../model/environment/index.ts';
import type { EnvAction, EnvActor } from '../../../model/environment/actions.ts';
import { ALL_ENV_ACTORS } from '../../../model/environment/actions.ts';
import { dumpedPage } from '../../../model/environment/kdump.ts';
import { takenByNewKernel } from '../../../model/environment/kexec.ts';
import type { World } from '../../../model/state.ts';
import { editPage, updatePages } from '../../../model/state.ts';
import { alloc, boot, carefulLend, donate, iommuMap, lend, on, retrieve, runOk } from '../worlds.ts';

const KDUMP: ReadonlySet<EnvActor> = new Set(['kdump']);
const VMCORE: EnvAction = { actor: 'kdump', kind: 'vmcore' };
const KEXEC: EnvAction = { actor: 'kexec', kind: 'kexec' };

/** `world` with page `id`'s content set to secret (what a borrower's write leaves). */
const secretAt = (world: World, ...ids: number[]): World => updatePages(world, ids, (page) => editPage(page, (p) => { p.content = 'secret'; }));

describe('kdump actor (/proc/vmcore)', () => {
  it('dumps cma and system pages, free or leaked too, but not nosave, carveout or device pages', () => {
    const world = boot({ pages: { cma: 1, system: 1, carveout: 1, device: 1 } });
    expect(world.pages.map(dumpedPage)).toEqual([true, true, false, false]);
    const nosave = runOk(world, alloc(0), on('mark_nosave', 0));
    expect(dumpedPage(nosave.pages[0]!)).toBe(false);
    expect(dumpedPage(runOk(boot(), alloc(0), on('leak', 0)).pages[0]!)).toBe(true);
  });

  it('is offered only when it would record something new, and only to the kdump actor', () => {
    expect(enabledEnvActions(runOk(boot(), alloc(0)), KDUMP)).toEqual([]);
    const lent = carefulLend(boot());
    expect(enabledEnvActions(lent, KDUMP)).toEqual([VMCORE]);
    expect(enabledEnvActions(lent, new Set<EnvActor>(['secure', 'cpu', 'devices', 'hibernate']))).not.toContainEqual(VMCORE);
    // Once the fault is recorded, a protected page has nothing new to give.
    expect(enabledEnvActions(applyEnvAction(lent, VMCORE).world, KDUMP)).toEqual([]);
    // A readable secret page is offered until the secret copy is recorded, whatever kernelFault holds.
    const secret = secretAt(runOk(boot(), alloc(0)), 0);
    expect(enabledEnvActions(secret, KDUMP)).toEqual([VMCORE]);
    const copied = applyEnvAction(secret, VMCORE).world;
    expect(enabledEnvActions(copied, KDUMP)).toEqual([]);
    const faultedFirst = applyEnvAction(carefulLend(boot({ pages: { cma: 2 } })), VMCORE).world;
    expect(enabledEnvActions(secretAt(faultedFirst, 1), KDUMP)).toEqual([VMCORE]);
    // A nosave secret page is not read.
    expect(enabledEnvActions(runOk(secret, on('mark_nosave', 0)), KDUMP)).toEqual([]);
    // One dump, however many pages it would record.
    expect(enabledEnvActions(carefulLend(boot({ pages: { cma: 2 } }), 0, 2), KDUMP)).toEqual([VMCORE]);
  });

  it('reads every protected page: abort behind the firewall, all faulting pages recorded, the first named', () => {
    const lent = runOk(boot({ pages: { cma: 3 } }), alloc(0, 2), on('clean_cache', 0), on('unmap_linear', 0), on('flush_tlb', 0), lend(0));
    const outcome = applyEnvAction(lent, VMCORE);
    expect(outcome.result).toBe('abort');
    expect(outcome.world.hazards.kernelFault).toEqual({
      pages: [0, 1],
      what: 'the kdump capture kernel read pages 0, 1 through /proc/vmcore, but page 0 is protected by the secure side (external abort)',
    });
    expect(outcome.world.pages).toBe(lent.pages);
    const one = applyEnvAction(carefulLend(boot()), VMCORE).world.hazards.kernelFault?.what;
    expect(one).toBe('the kdump capture kernel read page 0 through /proc/vmcore, but page 0 is protected by the secure side (external abort)');
  });

  it('a page host stage-2 removed is a fault', () => {
    const world = carefulLend(boot({ hypervisor: 'hafnium', secureProtectsOnLend: false }));
    expect(world.pages[0]).toMatchObject({ stage2: false, secureProtected: false });
    expect(enabledEnvActions(world, KDUMP)).toEqual([VMCORE]);
    const outcome = applyEnvAction(world, VMCORE);
    expect(outcome.result).toBe('fault');
    expect(outcome.world.hazards.kernelFault?.what).toContain('is no longer mapped by host stage-2');
  });

  it('copies readable secret pages into the dump, and records both hazards in one read', () => {
    const secret = secretAt(runOk(boot({ pages: { cma: 3 } }), alloc(0, 2)), 0, 1);
    const outcome = applyEnvAction(secret, VMCORE);
    expect(outcome.result).toBe('ok');
    expect(outcome.world.hazards.kernelFault).toBeNull();
    expect(outcome.world.hazards.secretCopied).toEqual({
      pages: [0, 1],
      what: 'the kdump capture kernel copied secret content of pages 0, 1 into the crash dump',
    });
    expect(applyEnvAction(secretAt(runOk(boot(), alloc(0)), 0), VMCORE).world.hazards.secretCopied?.what).toBe(
      'the kdump capture kernel copied secret content of page 0 into the crash dump',
    );
    const both = applyEnvAction(secretAt(carefulLend(boot({ pages: { cma: 2 } })), 1), VMCORE);
    expect(both.result).toBe('abort');
    expect(both.world.hazards.kernelFault?.pages).toEqual([0]);
    expect(both.world.hazards.secretCopied?.pages).toEqual([1]);
  });

  it('the dump does not read pages it skips: a nosave page behind the firewall, a secret static carveout page', () => {
    const nosave = runOk(boot(), alloc(0), on('mark_nosave', 0), on('clean_cache', 0), on('unmap_linear', 0), on('flush_tlb', 0), lend(0));
    expect(applyEnvAction(nosave, VMCORE)).toEqual({ world: nosave, result: 'ok' });
    const carveout = secretAt(runOk(boot({ pages: { carveout: 1 }, carveoutOwner: 'optee', secureProtectsOnLend: false }), alloc(0, 1, 'carveout')), 0);
    expect(applyEnvAction(carveout, VMCORE).world.hazards).toEqual(carveout.hazards);
  });

  it('a dump that finds nothing returns the world itself', () => {
    const world = runOk(boot(), alloc(0));
    expect(applyEnvAction(world, VMCORE)).toEqual({ world, result: 'ok' });
    expect(applyEnvAction(world, VMCORE).world).toBe(world);
  });
});

describe('kexec: the new kernel takes the pages', () => {
  it('takes every page ns owns that is not leaked', () => {
    const donated = runOk(boot({ pages: { cma: 3 } }, 3), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), donate(0), retrieve(0), alloc(1), on('leak', 1), alloc(2));
    expect(donated.pages.map(takenByNewKernel)).toEqual([false, false, true]);
  });

  it('a taken page is free and linear-mapped, with no other mapping; content, cache and firmware state stay', () => {
    const busy = runOk(
      boot({ pages: { cma: 2 } }, 2),
      alloc(0, 2),
      on('vmap', 0),
      on('mmap_user', 0),
      iommuMap(0, 'gpu'),
      on('mark_nosave', 0),
      { step: 'memremap', buffer: 0, type: 'wc' },
      on('unmap_linear', 0),
      { step: 'pool_alloc', buffer: 1, pool: 0, pages: 1 },
    );
    const outcome = applyEnvAction(busy, KEXEC);
    expect(outcome.result).toBe('ok');
    const [page] = outcome.world.pages;
    expect(page).toMatchObject({
      alloc: 'free',
      linear: 'valid',
      tlbStale: false,
      vmap: 'none',
      user: false,
      iommu: [],
      nosave: false,
      remap: 'none',
      pooled: false,
      content: 'zero',
      cache: 'dirty',
    });
    expect(outcome.world.buffers).toEqual([
      { pages: [], handle: null },
      { pages: [], handle: null },
    ]);
  });

  it('keeps live transactions, protection and secret content; leaves leaked and secure-owned pages alone', () => {
    const lent = secretAt(carefulLend(boot({ pages: { cma: 2 } }, 2)), 0);
    const leaked = runOk(lent, alloc(1), on('leak', 1));
    const after = applyEnvAction(leaked, KEXEC).world;
    expect(after.transactions).toBe(leaked.transactions);
    expect(after.pages[0]).toMatchObject({ alloc: 'free', secureProtected: true, content: 'secret', owner: 'ns' });
    expect(after.pages[1]).toBe(leaked.pages[1]);
    const donated = runOk(boot(), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), donate(0), retrieve(0));
    expect(applyEnvAction(donated, KEXEC).world.pages[0]).toBe(donated.pages[0]);
  });

  it('a no-map carveout page the new kernel takes is free but still has no linear entry', () => {
    const world = runOk(boot({ pages: { carveout: 1 } }), alloc(0, 1, 'carveout'), { step: 'memremap', buffer: 0, type: 'wb' });
    expect(applyEnvAction(world, KEXEC).world.pages[0]).toMatchObject({ alloc: 'free', linear: 'absent', remap: 'none' });
  });

  it('kexec is never offered as an environment action (the system layer schedules it)', () => {
    expect(enabledEnvActions(carefulLend(boot()), new Set(ALL_ENV_ACTORS)).filter((a) => a.actor === 'kexec')).toEqual([]);
  });
});
