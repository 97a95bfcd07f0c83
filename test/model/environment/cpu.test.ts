import { describe, expect, it } from 'vitest';
import { applyEnvAction, enabledEnvActions } from '../../../model/environment/index.ts';
import type { EnvAction, EnvActor } from '../../../model/environment/actions.ts';
import { alloc, boot, lend, on, runOk } from '../worlds.ts';

const CPU: ReadonlySet<EnvActor> = new Set(['cpu']);
const read = (page: number, path: 'linear' | 'tlb' | 'vmap' | 'user'): EnvAction => ({ actor: 'cpu', kind: 'read', page, path });

describe('cpu actor', () => {
  it('offers no read of memory nothing protects (a stutter step)', () => {
    expect(enabledEnvActions(runOk(boot(), alloc(0), on('vmap', 0)), CPU)).toEqual([]);
  });

  it('offers a read through each live kernel path of a protected page, by page then path', () => {
    const world = runOk(boot(), alloc(0, 2), on('vmap', 0), on('clean_cache', 0), on('unmap_linear', 0), lend(0));
    expect(enabledEnvActions(world, CPU)).toEqual([read(0, 'tlb'), read(0, 'vmap'), read(1, 'tlb'), read(1, 'vmap')]);
  });

  it('a speculative read through the linear map of lent memory aborts and records a kernel fault (B3)', () => {
    const world = runOk(boot(), alloc(0), on('clean_cache', 0), lend(0));
    expect(enabledEnvActions(world, CPU)).toEqual([read(0, 'linear')]);
    const outcome = applyEnvAction(world, read(0, 'linear'));
    expect(outcome.result).toBe('abort');
    expect(outcome.world.hazards.kernelFault).toEqual({
      pages: [0],
      what: 'the CPU read page 0 through the linear map, but page 0 is protected by the secure side (external abort)',
    });
  });

  it('a read through a user mapping of a protected page aborts without a kernel fault (the process gets SIGBUS)', () => {
    const world = runOk(boot(), alloc(0), on('mmap_user', 0), on('clean_cache', 0), lend(0));
    const outcome = applyEnvAction(world, read(0, 'user'));
    expect(outcome.result).toBe('abort');
    expect(outcome.world.hazards.kernelFault).toBeNull();
  });

  it('a read through a stale TLB entry names it in the fault', () => {
    const world = runOk(boot(), alloc(0), on('clean_cache', 0), on('unmap_linear', 0), lend(0));
    expect(applyEnvAction(world, read(0, 'tlb')).world.hazards.kernelFault?.what).toBe(
      'the CPU read page 0 through a stale TLB entry of the linear map, but page 0 is protected by the secure side (external abort)',
    );
  });

  it('nothing more is offered once a kernel fault is recorded', () => {
    const world = runOk(boot(), alloc(0), on('clean_cache', 0), lend(0));
    expect(enabledEnvActions(applyEnvAction(world, read(0, 'linear')).world, CPU)).toEqual([]);
  });

  it('a read of a page host stage-2 removed is a fault (Hafnium as hypervisor, no firewall)', () => {
    const world = runOk(boot({ hypervisor: 'hafnium', secureProtectsOnLend: false }), alloc(0), on('clean_cache', 0), lend(0));
    expect(world.pages[0]).toMatchObject({ stage2: false, secureProtected: false });
    expect(applyEnvAction(world, read(0, 'linear')).result).toBe('fault');
  });

  it('under pKVM without a firewall the read succeeds: nothing to record, nothing offered', () => {
    const world = runOk(boot({ hypervisor: 'pkvm', secureProtectsOnLend: false }), alloc(0), on('clean_cache', 0), lend(0));
    expect(enabledEnvActions(world, CPU)).toEqual([]);
  });

  it('never offers a user-path read (a SIGBUS, not a kernel fault)', () => {
    const world = runOk(boot(), alloc(0), on('mmap_user', 0), on('clean_cache', 0), on('unmap_linear', 0), on('flush_tlb', 0), lend(0));
    expect(enabledEnvActions(world, CPU)).toEqual([]);
    const outcome = applyEnvAction(world, read(0, 'user'));
    expect(outcome.result).toBe('abort');
    expect(outcome.world).toBe(world);
  });
});
