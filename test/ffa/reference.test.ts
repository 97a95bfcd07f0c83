/**
 * Differential test: the relayer the search uses agrees with the reference transcription of
 * Hafnium's transition function on every call of random well-formed call sequences: same ok/error,
 * same share states, same owners.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ffaReclaim, ffaRelinquish, ffaRetrieve, ffaSend } from '../../model/ffa/relayer.ts';
import type { World } from '../../model/state.ts';
import { refInitial, refReclaim, refRelinquish, refRetrieve, refSend, type Op, type RefState } from './reference-relayer.ts';
import { world } from './world.ts';

const PAGES = 4;
const ENDPOINTS = ['ns', 'v1', 'v2', 'v3'];
const SECURE = ['v1', 'v2', 'v3'];

/** Mostly the first two slots, where live transactions are; sometimes a dead one. */
const handle = fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 1 }) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 3 }) });

type RefCall =
  | { kind: 'send'; op: Op; sender: string; receivers: string[]; pages: number[] }
  | { kind: 'retrieve' | 'relinquish'; endpoint: string; handle: number }
  | { kind: 'reclaim'; caller: string; handle: number };

const callArb: fc.Arbitrary<RefCall> = fc.oneof(
  fc
    .record({
      op: fc.constantFrom<Op>('lend', 'share', 'donate'),
      sender: fc.oneof({ weight: 3, arbitrary: fc.constant('ns') }, { weight: 1, arbitrary: fc.constantFrom(...SECURE) }),
      receivers: fc.uniqueArray(fc.constantFrom(...SECURE), { minLength: 1, maxLength: 2 }),
      pages: fc.uniqueArray(fc.integer({ min: 0, max: PAGES - 1 }), { minLength: 1, maxLength: 2 }),
    })
    .filter((c) => !c.receivers.includes(c.sender))
    .map((c) => ({ kind: 'send' as const, ...c })),
  fc.record({ kind: fc.constantFrom<'retrieve' | 'relinquish'>('retrieve', 'relinquish'), endpoint: fc.constantFrom(...SECURE), handle }),
  fc.record({ kind: fc.constant<'reclaim'>('reclaim'), caller: fc.constantFrom(...ENDPOINTS), handle }),
);

function stepBoth(w: World, r: RefState, call: RefCall): { w: World; r: RefState; ok: [boolean, boolean]; handles: [number | undefined, number | undefined] } {
  switch (call.kind) {
    case 'send': {
      const real = ffaSend(w, { op: call.op, sender: call.sender, receivers: call.receivers.map((endpoint) => (call.op === 'donate' ? { endpoint } : { endpoint, access: 'rw' as const })), pages: call.pages, clear: false });
      const ref = refSend(r, call.op, call.sender, call.receivers, call.pages);
      return { w: real.world, r: ref.state, ok: [real.result === 'ok', ref.ok], handles: [real.handle, ref.handle] };
    }
    case 'retrieve': {
      const real = ffaRetrieve(w, { handle: call.handle, receiver: call.endpoint });
      const ref = refRetrieve(r, call.handle, call.endpoint);
      return { w: real.world, r: ref.state, ok: [real.result === 'ok', ref.ok], handles: [undefined, undefined] };
    }
    case 'relinquish': {
      const real = ffaRelinquish(w, { handle: call.handle, endpoint: call.endpoint });
      const ref = refRelinquish(r, call.handle, call.endpoint);
      return { w: real.world, r: ref.state, ok: [real.result === 'ok', ref.ok], handles: [undefined, undefined] };
    }
    case 'reclaim': {
      const real = ffaReclaim(w, { handle: call.handle, caller: call.caller });
      const ref = refReclaim(r, call.handle, call.caller);
      return { w: real.world, r: ref.state, ok: [real.result === 'ok', ref.ok], handles: [undefined, undefined] };
    }
  }
}

/** The relayer's world seen through the reference's eyes. */
function asReference(w: World): RefState {
  return {
    slots: w.transactions.map((tx) =>
      tx === null ? null : { op: tx.op, sender: tx.sender, receivers: tx.receivers.map((x) => ({ endpoint: x.endpoint, retrieved: x.retrieved })), pages: [...tx.pages] },
    ),
    owner: w.pages.map((p) => p.owner),
  };
}

/** Runs both implementations over `calls` from boot, handing every step to `visit`. */
function runBoth(calls: readonly RefCall[], visit: (call: RefCall, before: RefState, next: ReturnType<typeof stepBoth>) => void): void {
  let w = world({ pages: { system: PAGES }, endpoints: SECURE });
  let r = refInitial(PAGES);
  for (const call of calls) {
    const next = stepBoth(w, r, call);
    visit(call, r, next);
    w = next.w;
    r = next.r;
  }
}

describe('relayer against the reference transcription of Hafnium (spmc hafnium, no hypervisor)', () => {
  const calls = fc.array(callArb, { minLength: 10, maxLength: 40, size: 'max' });

  it('agrees on every result, share state and owner', () => {
    fc.assert(
      fc.property(calls, (sequence) =>
        runBoth(sequence, (call, _before, next) => {
          expect(next.ok[0], JSON.stringify(call)).toBe(next.ok[1]);
          expect(next.handles[0]).toBe(next.handles[1]);
          expect(asReference(next.w)).toEqual(next.r);
        }),
      ),
      { numRuns: 300, seed: 20261126 },
    );
  });

  it('reaches donates, multi-borrower lends and reclaims in those runs (the comparison is not vacuous)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(calls, (sequence) =>
        runBoth(sequence, (call, before, next) => {
          if (next.ok[0]) seen.add(call.kind === 'send' ? `${call.op}/${call.receivers.length}` : call.kind);
          else if (call.kind === 'reclaim' && before.slots[call.handle]?.sender === call.caller) seen.add('reclaim refused while held');
        }),
      ),
      { numRuns: 300, seed: 20261126 },
    );
    for (const kind of ['lend/1', 'lend/2', 'share/2', 'donate/1', 'retrieve', 'relinquish', 'reclaim', 'reclaim refused while held']) {
      expect(seen).toContain(kind);
    }
  });
});
