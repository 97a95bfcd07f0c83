import { describe, expect, it } from 'vitest';
import { applyKernelStep } from '../../../model/kernel/index.ts';
import { editPage, updatePages } from '../../../model/state.ts';
import { alloc, boot, carefulLend, donate, lend, on, reclaim, retrieve, run, runOk, share, write } from '../worlds.ts';

describe('ffa_lend / ffa_share / ffa_donate', () => {
  it('stores the handle the relayer allocated in the buffer', () => {
    const outcome = applyKernelStep(runOk(boot(), alloc(0), on('clean_cache', 0)), lend(0));
    expect(outcome.result).toBe('ok');
    expect(outcome.handle).toBe(0);
    expect(outcome.world.buffers[0]!.handle).toBe(0);
    expect(outcome.world.transactions[0]).toMatchObject({ op: 'lend', sender: 'ns', pages: [0] });
    expect(outcome.world.hazards).toEqual({ kernelFault: null, doubleSend: null, dirtyLend: null, secretCopied: null });
  });

  it('is EINVAL on an empty buffer', () => {
    for (const call of [lend(0), share(0), donate(0)]) {
      const world = boot();
      const outcome = applyKernelStep(world, call);
      expect(outcome.result).toBe('EINVAL');
      expect(outcome.world).toBe(world);
    }
  });

  it('records dirtyLend when a lend or donate goes out with the lines alloc dirtied (B4)', () => {
    for (const [call, verb] of [[lend(0), 'lent'], [donate(0), 'donated']] as const) {
      const world = runOk(boot(), alloc(0), call);
      expect(world.hazards.dirtyLend?.pages).toEqual([0]);
      expect(world.hazards.dirtyLend?.what).toBe(`ns ${verb} page 0 by handle 0 with dirty cache lines`);
    }
  });

  it('ffa_donate sends without the clear flag: the donated page keeps its content', () => {
    const written = updatePages(runOk(boot(), alloc(0)), [0], (page) => editPage(page, (p) => { p.content = 'data'; }));
    expect(runOk(written, donate(0)).pages[0]!.content).toBe('data');
  });

  it('a share of dirty lines is fine (ns keeps access)', () => {
    expect(runOk(boot(), alloc(0), share(0)).hazards.dirtyLend).toBeNull();
  });

  it('a failed send records no dirtyLend', () => {
    const world = run(boot(), alloc(0), lend(0, ['nobody']));
    expect(world.hazards.dirtyLend).toBeNull();
    expect(world.buffers[0]!.handle).toBeNull();
  });

  it('records doubleSend for a send of covered pages, whatever the relayer answers', () => {
    const lent = carefulLend(boot());
    const again = applyKernelStep(lent, lend(0));
    expect(again.result).toBe('FFA_DENIED');
    expect(again.world.hazards.doubleSend).toEqual({ pages: [0], what: 'ns sent page 0 by FFA_MEM_LEND, already covered by handle 0' });
    expect(again.world.transactions.filter((tx) => tx !== null)).toHaveLength(1);
    expect(applyKernelStep(lent, share(0)).world.hazards.doubleSend?.pages).toEqual([0]);
    // Every covered page is named, with the handle that covers the first.
    const two = carefulLend(boot({ pages: { cma: 2 } }), 0, 2);
    expect(applyKernelStep(two, lend(0)).world.hazards.doubleSend).toEqual({ pages: [0, 1], what: 'ns sent pages 0, 1 by FFA_MEM_LEND, already covered by handle 0' });
  });

  it('el3 refuses the double send with FFA_INVALID_PARAMETERS; a trusting SPMC accepts it', () => {
    const el3 = carefulLend(boot({ spmc: 'el3' }));
    expect(applyKernelStep(el3, lend(0)).result).toBe('FFA_INVALID_PARAMETERS');
    const trusting = carefulLend(boot({ spmc: 'trusting' }));
    const outcome = applyKernelStep(trusting, lend(0));
    expect(outcome.result).toBe('ok');
    expect(outcome.world.buffers[0]!.handle).toBe(1);
    expect(outcome.world.hazards.doubleSend).not.toBeNull();
  });

  it('passes relayer errors through: pKVM refuses donate', () => {
    const world = runOk(boot({ hypervisor: 'pkvm' }), alloc(0), on('clean_cache', 0));
    expect(applyKernelStep(world, donate(0)).result).toBe('FFA_NOT_SUPPORTED');
  });
});

describe('ffa_reclaim', () => {
  it('is EINVAL when the buffer holds no handle', () => {
    const world = runOk(boot(), alloc(0));
    expect(applyKernelStep(world, reclaim(0)).result).toBe('EINVAL');
    expect(applyKernelStep(boot(), reclaim(0)).result).toBe('EINVAL');
  });

  it('ends the transaction and drops the handle from the buffer', () => {
    const { world, result } = applyKernelStep(carefulLend(boot()), reclaim(0));
    expect(result).toBe('ok');
    expect(world.buffers[0]).toEqual({ pages: [0], handle: null });
    expect(world.transactions).toEqual([]);
    expect(world.pages[0]!.secureProtected).toBe(false);
  });

  it('is FFA_DENIED while a borrower holds the memory, and the handle stays', () => {
    const held = runOk(carefulLend(boot()), retrieve(0));
    const outcome = applyKernelStep(held, reclaim(0));
    expect(outcome.result).toBe('FFA_DENIED');
    expect(outcome.world.buffers[0]!.handle).toBe(0);
  });

  it('clear zeroes what the secure side wrote', () => {
    const written = runOk(carefulLend(boot()), retrieve(0), write(0), { actor: 'secure', kind: 'ffa_relinquish', endpoint: 'optee', handle: 0 });
    expect(written.pages[0]!.content).toBe('secret');
    expect(runOk(written, reclaim(0, true)).pages[0]!.content).toBe('zero');
    expect(runOk(written, reclaim(0, false)).pages[0]!.content).toBe('secret');
  });

  it('a stale handle of a retrieved donate is FFA_INVALID_PARAMETERS', () => {
    const donated = runOk(boot(), alloc(0), on('clean_cache', 0), donate(0), retrieve(0));
    expect(applyKernelStep(donated, reclaim(0)).result).toBe('FFA_INVALID_PARAMETERS');
  });
});
