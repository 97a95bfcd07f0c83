/**
 * One test per error row of the research notes (sections 1.4-1.6, 2.3-2.6, 4.2), each in the order
 * Hafnium checks it, plus the success effects.
 */
import { describe, expect, it } from 'vitest';
import { ffaAccess, isOwnerEA, ownershipState } from '../../model/ffa/ownership.ts';
import type { Platform } from '../../model/platform.ts';
import { MAX_TRANSACTIONS } from '../../model/state.ts';
import type { Call } from './world.ts';
import { apply, donate, lend, reclaim, relinquish, retrieve, setup, share, world, write } from './world.ts';

/** The result of `last` after `calls` all succeeded. */
function resultAfter(platform: Partial<Platform>, calls: Call[], last: Call): string {
  return apply(setup(world(platform), ...calls), last).result;
}

describe('FFA_MEM_LEND/SHARE/DONATE', () => {
  const rows: [string, Partial<Platform>, Call[], Call, string][] = [
    ['no receivers', {}, [], lend([0], []), 'FFA_INVALID_PARAMETERS'],
    ['three receivers (MAX_MEM_SHARE_RECIPIENTS = 2)', {}, [], lend([0], ['v1', 'v2', 'v3']), 'FFA_INVALID_PARAMETERS'],
    ['three receivers under el3 (no Hafnium cap)', { spmc: 'el3' }, [], lend([0], ['v1', 'v2', 'v3']), 'ok'],
    ['share with clear', {}, [], share([0], ['v1'], { clear: true }), 'FFA_INVALID_PARAMETERS'],
    ['donate to two receivers', {}, [], { ...donate([0], 'v1'), receivers: [{ endpoint: 'v1' }, { endpoint: 'v2' }] } as Call, 'FFA_INVALID_PARAMETERS'],
    ['lend to self', {}, [], lend([0], ['ns']), 'FFA_INVALID_PARAMETERS'],
    ['unknown receiver', {}, [], lend([0], ['nobody']), 'FFA_INVALID_PARAMETERS'],
    ['repeated receiver', {}, [], lend([0], ['v1', 'v1']), 'FFA_INVALID_PARAMETERS'],
    ['lend with access unspecified', {}, [], { ...lend([0], ['v1']), receivers: [{ endpoint: 'v1' }] } as Call, 'FFA_INVALID_PARAMETERS'],
    ['donate with access', {}, [], { ...donate([0], 'v1'), receivers: [{ endpoint: 'v1', access: 'rw' }] } as Call, 'FFA_INVALID_PARAMETERS'],
    ['no pages', {}, [], lend([], ['v1']), 'FFA_INVALID_PARAMETERS'],
    ['overlapping constituents', {}, [], lend([1, 1], ['v1']), 'FFA_INVALID_PARAMETERS'],
    ['lend twice (hafnium)', {}, [lend([0], ['v1'])], lend([0], ['v2']), 'FFA_DENIED'],
    ['share twice (el3)', { spmc: 'el3' }, [share([0], ['v1'])], share([0], ['v1']), 'FFA_INVALID_PARAMETERS'],
    ['lend twice (trusting)', { spmc: 'trusting' }, [lend([0], ['v1'])], lend([0], ['v2']), 'ok'],
    ['lend twice (trusting behind a Hafnium hypervisor)', { spmc: 'trusting', hypervisor: 'hafnium' }, [lend([0], ['v1'])], lend([0], ['v2']), 'FFA_DENIED'],
    ['partial overlap', {}, [lend([0, 1], ['v1'])], lend([1, 2], ['v2']), 'FFA_DENIED'],
    ['lend RO with clear (lend_clear)', {}, [], lend([0], ['v1'], { clear: true, receivers: [{ endpoint: 'v1', access: 'ro' }] }), 'ok'],
    ['SP lends to ns (hafnium SPMC)', {}, [donate([0], 'v1'), retrieve(0, 'v1')], { ...lend([0], ['ns']), sender: 'v1' } as Call, 'FFA_DENIED'],
    ['borrower lends on', {}, [lend([0], ['v1']), retrieve(0, 'v1')], { ...lend([0], ['v2']), sender: 'v1' } as Call, 'FFA_DENIED'],
    ['pkvm: donate', { hypervisor: 'pkvm' }, [], donate([0], 'v1'), 'FFA_NOT_SUPPORTED'],
    ['pkvm: two borrowers', { hypervisor: 'pkvm' }, [], lend([0], ['v1', 'v2']), 'FFA_INVALID_PARAMETERS'],
    ['pkvm: double lend, before el3 answers', { hypervisor: 'pkvm', spmc: 'el3' }, [lend([0], ['v1'])], lend([0], ['v1']), 'FFA_DENIED'],
    ['pkvm: one page of two already lent, before el3 answers', { hypervisor: 'pkvm', spmc: 'el3' }, [lend([1], ['v1'])], lend([0, 1], ['v1']), 'FFA_DENIED'],
    ['pkvm: donate wins over a bad descriptor', { hypervisor: 'pkvm' }, [], donate([0], 'ns'), 'FFA_NOT_SUPPORTED'],
  ];
  for (const [name, platform, calls, last, want] of rows) {
    it(`${name} -> ${want}`, () => expect(resultAfter(platform, calls, last)).toBe(want));
  }

  it('NO_MEMORY once MAX_MEM_SHARES transactions are live', () => {
    let w = world({ spmc: 'trusting', pages: { system: 1 } });
    for (let i = 0; i < MAX_TRANSACTIONS; i++) w = setup(w, lend([0], ['v1']));
    expect(apply(w, lend([0], ['v1'])).result).toBe('FFA_NO_MEMORY');
    // Descriptor errors come first (api_ffa_mem_send runs before share_state_allocate).
    expect(apply(w, lend([0], ['ns'])).result).toBe('FFA_INVALID_PARAMETERS');
  });

  it('LEND makes the lender Owner-NA and protects the page', () => {
    const w = setup(world({ hypervisor: 'hafnium' }), lend([0], ['v1']));
    expect(ownershipState(w, 'ns', 0)).toBe('Owner-NA');
    expect(w.pages[0]).toMatchObject({ stage2: false, secureProtected: true });
    expect(w.pages[1]).toMatchObject({ stage2: true, secureProtected: false });
  });

  it('SHARE leaves the lender Owner-SA and unprotected', () => {
    const w = setup(world({ hypervisor: 'hafnium' }), share([0], ['v1']), retrieve(0, 'v1'));
    expect(ownershipState(w, 'ns', 0)).toBe('Owner-SA');
    expect(ownershipState(w, 'v1', 0)).toBe('!Owner-SA');
    expect(w.pages[0]).toMatchObject({ stage2: true, secureProtected: false });
  });

  it('pKVM never removes host stage-2', () => {
    const w = setup(world({ hypervisor: 'pkvm' }), lend([0], ['v1']));
    expect(w.pages[0]).toMatchObject({ stage2: true, secureProtected: true });
  });

  it('clear zeroes at send', () => {
    const w = setup(world({ secureProtectsOnLend: false }), write('ns', 0), lend([0], ['v1'], { clear: true }));
    expect(w.pages[0]?.content).toBe('zero');
  });
});

describe('FFA_MEM_RETRIEVE_REQ', () => {
  const rows: [string, Partial<Platform>, Call[], Call, string][] = [
    ['unknown handle', {}, [], retrieve(0, 'v1'), 'FFA_INVALID_PARAMETERS'],
    ['not a receiver', {}, [lend([0], ['v1'])], retrieve(0, 'v2'), 'FFA_INVALID_PARAMETERS'],
    ['retrieve twice', {}, [lend([0], ['v1']), retrieve(0, 'v1')], retrieve(0, 'v1'), 'FFA_DENIED'],
    ['RO -> RW escalation', {}, [lend([0], ['v1'], { receivers: [{ endpoint: 'v1', access: 'ro' }] })], retrieve(0, 'v1', { access: 'rw' }), 'FFA_DENIED'],
    ['clear the sender did not set', {}, [lend([0], ['v1'])], retrieve(0, 'v1', { clear: true }), 'FFA_DENIED'],
    ['clear on a share', {}, [share([0], ['v1'])], retrieve(0, 'v1', { clear: true }), 'FFA_INVALID_PARAMETERS'],
    ['clear_relinquish on a share', {}, [share([0], ['v1'])], retrieve(0, 'v1', { clearRelinquish: true }), 'FFA_INVALID_PARAMETERS'],
    ['clear with RO', {}, [lend([0], ['v1'], { clear: true, receivers: [{ endpoint: 'v1', access: 'ro' }] })], retrieve(0, 'v1', { clear: true }), 'FFA_DENIED'],
    ['clear_relinquish when asking RO', {}, [lend([0], ['v1'])], retrieve(0, 'v1', { access: 'ro', clearRelinquish: true }), 'FFA_DENIED'],
    ['share + clear beats already-retrieved', {}, [share([0], ['v1']), retrieve(0, 'v1')], retrieve(0, 'v1', { clear: true }), 'FFA_INVALID_PARAMETERS'],
    ['retrieved donate is dead', {}, [donate([0], 'v1'), retrieve(0, 'v1')], retrieve(0, 'v1'), 'FFA_INVALID_PARAMETERS'],
    ['pkvm: host retrieve', { hypervisor: 'pkvm' }, [lend([0], ['v1'])], retrieve(0, 'ns'), 'FFA_NOT_SUPPORTED'],
  ];
  for (const [name, platform, calls, last, want] of rows) {
    it(`${name} -> ${want}`, () => expect(resultAfter(platform, calls, last)).toBe(want));
  }

  it('maps RO when RO is asked of an RW grant', () => {
    const w = setup(world(), lend([0], ['v1']), retrieve(0, 'v1', { access: 'ro' }));
    expect(ffaAccess(w, 'v1', 0)).toBe('ro');
  });

  it('a donate retrieve moves ownership and frees the slot', () => {
    const w = setup(world(), donate([0], 'v1'), retrieve(0, 'v1'));
    expect(w.pages[0]?.owner).toBe('v1');
    expect(w.transactions).toEqual([]);
    expect(ownershipState(w, 'v1', 0)).toBe('Owner-EA');
    expect(ownershipState(w, 'ns', 0)).toBe('!Owner-NA');
  });
});

describe('FFA_MEM_RELINQUISH', () => {
  const rows: [string, Partial<Platform>, Call[], Call, string][] = [
    ['unknown handle', {}, [], relinquish(0, 'v1'), 'FFA_INVALID_PARAMETERS'],
    ['before retrieve', {}, [lend([0], ['v1'])], relinquish(0, 'v1'), 'FFA_INVALID_PARAMETERS'],
    ['twice', {}, [lend([0], ['v1']), retrieve(0, 'v1'), relinquish(0, 'v1')], relinquish(0, 'v1'), 'FFA_INVALID_PARAMETERS'],
    ['by the sender', {}, [lend([0], ['v1']), retrieve(0, 'v1')], relinquish(0, 'ns'), 'FFA_INVALID_PARAMETERS'],
    ['clear on a share', {}, [share([0], ['v1']), retrieve(0, 'v1')], relinquish(0, 'v1', true), 'FFA_INVALID_PARAMETERS'],
    ['clear on a share while another holds it (ignored)', {}, [share([0], ['v1', 'v2']), retrieve(0, 'v1'), retrieve(0, 'v2')], relinquish(0, 'v1', true), 'ok'],
    ['clear by an RO borrower', {}, [lend([0], ['v1'], { receivers: [{ endpoint: 'v1', access: 'ro' }] }), retrieve(0, 'v1')], relinquish(0, 'v1', true), 'FFA_DENIED'],
    ['pkvm: host relinquish', { hypervisor: 'pkvm' }, [lend([0], ['v1'])], relinquish(0, 'ns'), 'FFA_NOT_SUPPORTED'],
  ];
  for (const [name, platform, calls, last, want] of rows) {
    it(`${name} -> ${want}`, () => expect(resultAfter(platform, calls, last)).toBe(want));
  }

  it('zeroes on the last holder only', () => {
    const w1 = setup(world(), lend([0], ['v1', 'v2']), retrieve(0, 'v1'), retrieve(0, 'v2'), write('v1', 0), relinquish(0, 'v1', true));
    expect(w1.pages[0]?.content).toBe('secret');
    const w2 = setup(w1, relinquish(0, 'v2', true));
    expect(w2.pages[0]?.content).toBe('zero');
  });

  it('clear_relinquish at retrieve: ignored by Hafnium, honoured elsewhere', () => {
    const calls = [lend([0], ['v1']), retrieve(0, 'v1', { clearRelinquish: true }), write('v1', 0), relinquish(0, 'v1')];
    expect(setup(world(), ...calls).pages[0]?.content).toBe('secret');
    expect(setup(world({ spmc: 'el3' }), ...calls).pages[0]?.content).toBe('zero');
  });
});

describe('FFA_MEM_RECLAIM', () => {
  const rows: [string, Partial<Platform>, Call[], Call, string][] = [
    ['unknown handle', {}, [], reclaim(0), 'FFA_INVALID_PARAMETERS'],
    ['by a receiver', {}, [lend([0], ['v1'])], reclaim(0, 'v1'), 'FFA_INVALID_PARAMETERS'],
    ['while held', {}, [lend([0], ['v1']), retrieve(0, 'v1')], reclaim(0), 'FFA_DENIED'],
    ['while one of two holds', {}, [lend([0], ['v1', 'v2']), retrieve(0, 'v1'), retrieve(0, 'v2'), relinquish(0, 'v2')], reclaim(0), 'FFA_DENIED'],
    ['twice', {}, [lend([0], ['v1']), reclaim(0)], reclaim(0), 'FFA_INVALID_PARAMETERS'],
    ['retrieved donate', {}, [donate([0], 'v1'), retrieve(0, 'v1')], reclaim(0), 'FFA_INVALID_PARAMETERS'],
    ['unretrieved donate', {}, [donate([0], 'v1')], reclaim(0), 'ok'],
    ['pkvm: forwarded', { hypervisor: 'pkvm' }, [lend([0], ['v1']), retrieve(0, 'v1')], reclaim(0), 'FFA_DENIED'],
  ];
  for (const [name, platform, calls, last, want] of rows) {
    it(`${name} -> ${want}`, () => expect(resultAfter(platform, calls, last)).toBe(want));
  }

  it('restores Owner-EA and NS access, zeroing on clear', () => {
    const w = setup(world({ hypervisor: 'hafnium' }), lend([0], ['v1']), retrieve(0, 'v1'), write('v1', 0), relinquish(0, 'v1'), reclaim(0, 'ns', true));
    expect(isOwnerEA(w, 'ns', 0)).toBe(true);
    expect(w.pages[0]).toMatchObject({ stage2: true, secureProtected: false, content: 'zero' });
  });
});

describe('handles', () => {
  it('are the lowest free slot and reused', () => {
    let w = world();
    const handles: number[] = [];
    for (const page of [0, 1, 2]) {
      const out = apply(w, lend([page], ['v1']));
      handles.push(out.handle!);
      w = out.world;
    }
    expect(handles).toEqual([0, 1, 2]);
    w = setup(w, reclaim(1));
    expect(apply(w, lend([3], ['v2'])).handle).toBe(1);
  });

  it('trailing free slots are dropped (canonical states)', () => {
    const w = setup(world(), lend([0], ['v1']), lend([1], ['v1']), reclaim(1));
    expect(w.transactions.length).toBe(1);
    expect(setup(w, reclaim(0)).transactions).toEqual([]);
  });
});

describe('relayer behaviours the mutation run found unchecked', () => {
  const spLend = (to: string[], from = 'v1'): Call => ({ ...lend([0], to), sender: from }) as Call;
  const owned = (platform: Partial<Platform> = {}) => setup(world(platform), donate([0], 'v1'), retrieve(0, 'v1'));

  it('a send naming a page that does not exist is INVALID_PARAMETERS, even next to one that does', () => {
    expect(apply(world(), lend([99], ['v1'])).result).toBe('FFA_INVALID_PARAMETERS');
    expect(apply(world(), lend([0, 99], ['v1'])).result).toBe('FFA_INVALID_PARAMETERS');
  });

  it('only a Hafnium SPMC refuses an SP lending to ns, and it refuses ns among several receivers too', () => {
    expect(apply(owned({ spmc: 'el3' }), spLend(['ns'])).result).toBe('ok');
    expect(apply(owned(), spLend(['v2', 'ns'])).result).toBe('FFA_DENIED');
  });

  it('a Hafnium hypervisor stops only ns double-lending past a trusting SPMC, not an SP', () => {
    const lentOnce = setup(owned({ spmc: 'trusting', hypervisor: 'hafnium' }), spLend(['v2']));
    expect(apply(lentOnce, spLend(['v3'])).result).toBe('ok');
  });

  it('retrieving RW of an RW grant, asked explicitly, maps RW', () => {
    const w = setup(world(), lend([0], ['v1']), retrieve(0, 'v1', { access: 'rw' }));
    expect(ffaAccess(w, 'v1', 0)).toBe('rw');
  });

  it('a retriever already holding one of the pages is DENIED (trusting SPMC, overlapping lends)', () => {
    const w = setup(world({ spmc: 'trusting' }), lend([0], ['v1']), retrieve(0, 'v1'), lend([0, 1], ['v1']));
    expect(apply(w, retrieve(1, 'v1')).result).toBe('FFA_DENIED');
  });

  it('a retrieve without the clear flag keeps the content; a reclaim without one keeps it too', () => {
    const written = setup(world(), lend([0], ['v1']), retrieve(0, 'v1'), write('v1', 0), relinquish(0, 'v1'));
    expect(written.pages[0]?.content).toBe('secret');
    expect(setup(written, retrieve(0, 'v1')).pages[0]?.content).toBe('secret');
    expect(setup(written, { kind: 'reclaim', handle: 0, caller: 'ns' }).pages[0]?.content).toBe('secret');
  });

  it('shared memory is never cleared on relinquish, even where the secure side scrubs lent memory', () => {
    const w = setup(world({ secureClearsOnRelinquish: true }), share([0], ['v1']), retrieve(0, 'v1'), write('v1', 0), relinquish(0, 'v1'));
    expect(w.pages[0]?.content).not.toBe('zero');
    const lent = setup(world({ secureClearsOnRelinquish: true }), lend([0], ['v1']), retrieve(0, 'v1'), write('v1', 0), relinquish(0, 'v1'));
    expect(lent.pages[0]?.content).toBe('zero');
  });

  it('outside Hafnium, one borrower asking clear_relinquish at retrieve is enough to zero on the last relinquish', () => {
    const w = setup(
      world({ spmc: 'el3' }),
      lend([0], ['v1', 'v2']),
      retrieve(0, 'v1', { clearRelinquish: true }),
      retrieve(0, 'v2'),
      write('v1', 0),
      relinquish(0, 'v1'),
      relinquish(0, 'v2'),
    );
    expect(w.pages[0]?.content).toBe('zero');
  });
});
