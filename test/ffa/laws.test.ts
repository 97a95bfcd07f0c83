/**
 * Relayer laws as fast-check properties over random call sequences on random platforms: whatever
 * happened before, these hold of the next call.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessOutcome } from '../../model/ffa/access.ts';
import { isOwnerEA, ownershipState } from '../../model/ffa/ownership.ts';
import type { Platform } from '../../model/platform.ts';
import { HYPERVISORS, SPMCS } from '../../model/platform.ts';
import type { World } from '../../model/state.ts';
import { transactionByHandle, transactionsCovering } from '../../model/state.ts';
import type { Call } from './world.ts';
import { apply, world } from './world.ts';

const PAGES = 4;
const ENDPOINTS = ['ns', 'v1', 'v2'];
const SECURE = ['v1', 'v2'];

const platformArb: fc.Arbitrary<Partial<Platform>> = fc.record({
  hypervisor: fc.constantFrom(...HYPERVISORS),
  spmc: fc.constantFrom(...SPMCS),
  secureProtectsOnLend: fc.boolean(),
  secureClearsOnRelinquish: fc.boolean(),
});
const access = fc.constantFrom<'rw' | 'ro' | undefined>('rw', 'ro', undefined);
const endpoint = fc.constantFrom(...ENDPOINTS);
/** Mostly live handles, sometimes a dead or never-allocated one. */
const handle = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 1 }) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 4 }) });
/** Flags are rare, so that retrieves mostly succeed. */
const rarely = fc.constantFrom(false, false, false, true);
const pagesArb = fc.uniqueArray(fc.integer({ min: 0, max: PAGES - 1 }), { minLength: 1, maxLength: 3 });

const sendArb: fc.Arbitrary<Call> = fc
  .record({
    op: fc.constantFrom('lend' as const, 'share' as const, 'donate' as const),
    sender: fc.constantFrom('ns', 'ns', 'ns', 'v1'),
    receivers: fc.uniqueArray(fc.constantFrom(...SECURE), { minLength: 1, maxLength: 2 }),
    access,
    pages: pagesArb,
    clear: rarely,
  })
  .map(({ op, sender, receivers, access: a, pages, clear }) => ({
    kind: 'send' as const,
    op,
    sender,
    // Mostly well-formed descriptors, so that sequences get somewhere.
    receivers: receivers.map((e) => ({ endpoint: e, access: op === 'donate' ? undefined : (a ?? 'rw') })),
    pages,
    clear: op === 'share' ? false : clear,
  }));
const callArb: fc.Arbitrary<Call> = fc.oneof(
  { weight: 3, arbitrary: sendArb },
  {
    weight: 5,
    arbitrary: fc
      .record({
        handle,
        receiver: fc.constantFrom('v1', 'v2', 'v1', 'v2', 'ns'),
        access: fc.constantFrom<'rw' | 'ro' | undefined>(undefined, undefined, 'rw', 'ro'),
        clear: rarely,
        clearRelinquish: rarely,
      })
      .map((r) => ({ kind: 'retrieve' as const, ...r })),
  },
  { weight: 1, arbitrary: fc.record({ handle, endpoint, clear: rarely }).map((r) => ({ kind: 'relinquish' as const, ...r })) },
  { weight: 1, arbitrary: fc.record({ handle, caller: fc.constantFrom('ns', 'ns', 'v1'), clear: fc.boolean() }).map((r) => ({ kind: 'reclaim' as const, ...r })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ endpoint, page: fc.integer({ min: 0, max: PAGES - 1 }), access: fc.constantFrom('read' as const, 'write' as const) })
      .map((r) => ({ kind: 'access' as const, ...r })),
  },
);

/**
 * A reachable world: a random platform and a random history (failed calls included). Histories
 * open with a few sends so that the calls after them find live handles to work on.
 */
const reachable: fc.Arbitrary<World> = fc
  .tuple(platformArb, fc.array(sendArb, { minLength: 1, maxLength: 3 }), fc.array(callArb, { maxLength: 14 }))
  .map(([platform, sends, calls]) =>
    [...sends, ...calls].reduce((w, call) => apply(w, call).world, world({ ...platform, pages: { system: PAGES } })),
  );

const RUNS = { numRuns: 300 };

/** Pages a call is allowed to change. */
function touched(w: World, call: Call): readonly number[] {
  switch (call.kind) {
    case 'send':
      return call.pages;
    case 'access':
      return [call.page];
    default:
      return transactionByHandle(w, call.handle)?.pages ?? [];
  }
}

describe('relayer laws', () => {
  it('a failed call returns the world unchanged', () => {
    fc.assert(
      fc.property(reachable, callArb, (w, call) => {
        const out = apply(w, call);
        if (out.result !== 'ok') expect(out.world).toBe(w);
      }),
      RUNS,
    );
  });

  it('no transition changes a page it was not given', () => {
    fc.assert(
      fc.property(reachable, callArb, (w, call) => {
        const out = apply(w, call);
        const allowed = new Set(touched(w, call));
        out.world.pages.forEach((page, id) => {
          if (!allowed.has(id)) expect(page).toBe(w.pages[id]);
        });
      }),
      RUNS,
    );
  });

  it('a successful send takes the lowest free handle', () => {
    fc.assert(
      fc.property(reachable, sendArb, (w, call) => {
        const out = apply(w, call);
        if (out.result !== 'ok') return;
        const free = w.transactions.indexOf(null);
        expect(out.handle).toBe(free === -1 ? w.transactions.length : free);
        expect(transactionByHandle(out.world, out.handle!)?.pages).toEqual(call.kind === 'send' ? call.pages : []);
      }),
      RUNS,
    );
  });

  it('a reclaim right after a successful send succeeds and restores the world (Owner-EA)', () => {
    fc.assert(
      fc.property(reachable, sendArb, (w, call) => {
        const sent = apply(w, call);
        if (sent.result !== 'ok' || call.kind !== 'send') return;
        const back = apply(sent.world, { kind: 'reclaim', handle: sent.handle!, caller: call.sender, clear: false });
        expect(back.result).toBe('ok');
        expect(back.world.transactions).toEqual(w.transactions);
        for (const id of call.pages) {
          // `code` packs every field, content included: compare it only through the fields.
          const { content, code: _code, ...rest } = back.world.pages[id]!;
          const { content: before, code: _codeBefore, ...restBefore } = w.pages[id]!;
          expect(rest).toEqual(restBefore);
          if (!call.clear) expect(content).toBe(before);
          if (w.platform.spmc !== 'trusting') expect(isOwnerEA(back.world, call.sender, id)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('a send of a page a live transaction covers never succeeds under spmc hafnium or el3', () => {
    fc.assert(
      fc.property(reachable, sendArb, (w, call) => {
        if (w.platform.spmc === 'trusting' || call.kind !== 'send') return;
        if (!call.pages.some((p) => transactionsCovering(w, p).length > 0)) return;
        expect(apply(w, call).result).not.toBe('ok');
      }),
      RUNS,
    );
  });

  it('outside a trusting SPMC no page is ever covered by two live transactions', () => {
    fc.assert(
      fc.property(reachable, (w) => {
        // Under a trusting SPMC a secure sender is checked by nobody, whatever the hypervisor.
        if (w.platform.spmc === 'trusting') return;
        for (let p = 0; p < PAGES; p++) expect(transactionsCovering(w, p).length).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it('ownership states form a valid Table 5.4 combination', () => {
    fc.assert(
      fc.property(reachable, (w) => {
        if (w.platform.spmc === 'trusting') return;
        for (let p = 0; p < PAGES; p++) {
          const states = ENDPOINTS.map((e) => ownershipState(w, e, p));
          expect(states.filter((s) => s.startsWith('Owner')).length).toBe(1);
          const exclusive = states.filter((s) => s.endsWith('-EA')).length;
          const withAccess = states.filter((s) => !s.endsWith('-NA')).length;
          // An exclusive accessor is the only accessor.
          if (exclusive > 0) expect(withAccess).toBe(1);
        }
      }),
      RUNS,
    );
  });

  it('NS access: stage-2 follows Hafnium-hypervisor lends only, pKVM never faults', () => {
    fc.assert(
      fc.property(reachable, fc.integer({ min: 0, max: PAGES - 1 }), (w, p) => {
        const outcome = accessOutcome(w, 'ns', p, 'write');
        const nsHasAccess = ownershipState(w, 'ns', p) !== 'Owner-NA' && ownershipState(w, 'ns', p) !== '!Owner-NA';
        if (nsHasAccess) expect(outcome).toBe('ok');
        else if (w.platform.hypervisor === 'hafnium') expect(outcome).toBe('fault');
        else expect(outcome).toBe(w.platform.secureProtectsOnLend ? 'abort' : 'ok');
      }),
      RUNS,
    );
  });

  it('a secure endpoint can read exactly when FF-A gives it access', () => {
    fc.assert(
      fc.property(reachable, fc.constantFrom(...SECURE), fc.integer({ min: 0, max: PAGES - 1 }), (w, e, p) => {
        const state = ownershipState(w, e, p);
        const out = apply(w, { kind: 'access', endpoint: e, page: p, access: 'read' });
        expect(out.result === 'ok').toBe(!state.endsWith('-NA'));
      }),
      RUNS,
    );
  });
});

describe('the generator', () => {
  it('reaches held lends, donated pages and live transactions often enough for the laws to bite', () => {
    const worlds = fc.sample(reachable, { numRuns: 400, seed: 7 });
    const share = (pred: (w: World) => boolean) => worlds.filter(pred).length / worlds.length;
    expect(share((w) => w.transactions.some((tx) => tx !== null))).toBeGreaterThan(0.3);
    expect(share((w) => w.transactions.some((tx) => tx?.receivers.some((r) => r.retrieved)))).toBeGreaterThan(0.05);
    expect(share((w) => w.pages.some((p) => p.owner !== 'ns'))).toBeGreaterThan(0.02);
  });
});
