import { describe, expect, it } from 'vitest';
import { applyEnvAction, enabledEnvActions } from '../../../model/environment/index.ts';
import type { EnvActor } from '../../../model/environment/actions.ts';
import { alloc, boot, carefulLend, lend, on, relinquish, retrieve, run, runOk, share, write } from '../worlds.ts';

const SECURE: ReadonlySet<EnvActor> = new Set(['secure']);

describe('secure actor', () => {
  it('offers nothing without a live transaction', () => {
    expect(enabledEnvActions(runOk(boot(), alloc(0)), SECURE)).toEqual([]);
  });

  it('offers only ffa_retrieve to a receiver that does not hold the memory', () => {
    expect(enabledEnvActions(carefulLend(boot()), SECURE)).toEqual([retrieve(0)]);
  });

  it('after retrieve: write (rw) and ffa_relinquish', () => {
    const held = runOk(carefulLend(boot()), retrieve(0));
    expect(held.transactions[0]!.receivers[0]!.retrieved).toBe(true);
    expect(enabledEnvActions(held, SECURE)).toEqual([write(0), relinquish(0)]);
  });

  it('a write under a lend leaves secret content; a second write is not offered (no change)', () => {
    const written = runOk(carefulLend(boot()), retrieve(0), write(0));
    expect(written.pages[0]!.content).toBe('secret');
    expect(enabledEnvActions(written, SECURE)).toEqual([relinquish(0)]);
  });

  it('a write under a share leaves data (ns still sees it)', () => {
    const written = runOk(boot(), alloc(0), share(0), retrieve(0), write(0));
    expect(written.pages[0]!.content).toBe('data');
  });

  it('an ro borrower is never offered a write', () => {
    const held = runOk(boot(), alloc(0), on('clean_cache', 0), lend(0, ['optee'], 'ro'), retrieve(0));
    expect(enabledEnvActions(held, SECURE)).toEqual([relinquish(0)]);
  });

  it('relinquish gives the memory back to the relayer: retrieve is offered again', () => {
    const back = runOk(carefulLend(boot()), retrieve(0), relinquish(0));
    expect(back.transactions[0]!.receivers[0]!.retrieved).toBe(false);
    expect(enabledEnvActions(back, SECURE)).toEqual([retrieve(0)]);
  });

  it('orders by endpoint (platform order), then by handle', () => {
    const world = runOk(
      boot({ endpoints: ['optee', 'sp2'] }),
      alloc(0),
      alloc(1),
      on('clean_cache', 0),
      on('clean_cache', 1),
      lend(0, ['sp2']),
      lend(1, ['optee', 'sp2']),
    );
    expect(enabledEnvActions(world, SECURE)).toEqual([retrieve(1, 'optee'), retrieve(0, 'sp2'), retrieve(1, 'sp2')]);
  });

  it('offers no retrieve the relayer would refuse: the endpoint holds the page through another handle', () => {
    const world = run(carefulLend(boot({ spmc: 'trusting' })), retrieve(0), lend(0));
    expect(world.transactions).toHaveLength(2);
    expect(applyEnvAction(world, retrieve(1)).result).toBe('FFA_DENIED');
    expect(enabledEnvActions(world, SECURE)).toEqual([write(0), relinquish(0)]);
    const released = runOk(world, relinquish(0));
    expect(enabledEnvActions(released, SECURE)).toEqual([retrieve(0), retrieve(1)]);
  });

  it('a write to a dead handle changes nothing', () => {
    const world = runOk(boot(), alloc(0));
    const outcome = applyEnvAction(world, write(3));
    expect(outcome.world).toBe(world);
    expect(outcome.result).toBe('FFA_INVALID_PARAMETERS');
  });

  it('under pKVM the secure side still retrieves (only ns retrieves are proxied)', () => {
    const world = runOk(boot({ hypervisor: 'pkvm' }), alloc(0), on('clean_cache', 0), lend(0));
    expect(applyEnvAction(world, retrieve(0)).result).toBe('ok');
  });
});
