/**
 * CutShortCounter on hand-made transitions: exactly which transitions (exhaustive) or runs
 * (random) count as cut short by a kernel fault or an actor's early end.
 */
import { describe, expect, it } from 'vitest';
import { CutShortCounter } from '../../src/system/cut-short.ts';
import type { InvariantId } from '../../properties/invariant.ts';
import { designSystem } from '../../src/system/design-system.ts';
import { DONE, type Move, type SystemState } from '../../src/system/state.ts';
import { compile } from '../design/helpers.ts';

const program = compile(`design: too-big
title: "an alloc that fails with no on_error"
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 1}, endpoints: [optee]}
procedures:
  p:
    - alloc: {buffer: buf, region: cma, pages: 2}
    - free: buf
actors: {t1: [p]}
environment: []
invariants: all
`);
const real = designSystem(program);
const s0 = real.initial();
const faulted: SystemState = { ...s0, world: { ...s0.world, hazards: { ...s0.world.hazards, kernelFault: { pages: [0], what: 'fault' } } } };
const endedWith = (result: string, from: SystemState = s0): SystemState => ({ ...from, pcs: [DONE], last: [result] });
const step: Move = real.moves(s0)[0]!;

/** A counter over a system whose `apply` returns the given successor. */
function counting(invariants: readonly InvariantId[], perRun: boolean) {
  const counter = new CutShortCounter(program, invariants, perRun);
  let successor: SystemState = s0;
  const system = counter.wrap({ ...real, apply: () => successor });
  const apply = (from: SystemState, to: SystemState) => {
    successor = to;
    return system.apply(from, step);
  };
  return { counter, system, apply };
}

describe('CutShortCounter', () => {
  it('exhaustive: counts each transition into a kernel fault, not one that was faulted already', () => {
    const { counter, apply } = counting(['no-double-lend'], false);
    apply(s0, faulted);
    apply(faulted, faulted);
    apply(s0, faulted);
    expect(counter.report()).toEqual({ kernelFault: 2, actorEnded: 0 });
  });

  it('counts no fault while no-kernel-fault is checked (the fault is a violation then)', () => {
    const { counter, apply } = counting(['no-kernel-fault'], false);
    apply(s0, faulted);
    expect(counter.report()).toBeNull();
  });

  it('exhaustive: counts an actor ended by an unhandled error, not one that ended ok or by the fault', () => {
    const { counter, apply } = counting(['no-double-lend'], false);
    apply(s0, endedWith('ENOMEM'));
    apply(s0, endedWith('ok'));
    apply(s0, endedWith('ENOMEM', faulted)); // the same transition faulted: counted as the fault
    expect(counter.report()).toEqual({ kernelFault: 1, actorEnded: 1 });
  });

  it('random: counts runs, once per run however often it happens, each kind apart', () => {
    const { counter, system, apply } = counting(['no-double-lend'], true);
    system.initial();
    apply(s0, faulted);
    apply(s0, faulted);
    apply(s0, endedWith('ENOMEM'));
    system.initial(); // a second run: nothing happens
    apply(s0, s0);
    system.initial(); // a third: one early end
    apply(s0, endedWith('ENOMEM'));
    expect(counter.counts()).toEqual({ kernelFault: 1, actorEnded: 2 });
    expect(counter.report()).toEqual({ kernelFault: 1, actorEnded: 2 }); // ending the run again adds nothing
  });

  it("absorbs another thread's counts, and forgets all on reset", () => {
    const { counter, apply } = counting(['no-double-lend'], false);
    apply(s0, faulted);
    counter.absorb({ kernelFault: 2, actorEnded: 3 });
    expect(counter.report()).toEqual({ kernelFault: 3, actorEnded: 3 });
    counter.reset();
    expect(counter.report()).toBeNull();
    const perRun = counting(['no-double-lend'], true);
    perRun.apply(s0, faulted);
    perRun.counter.reset(); // a run in progress is forgotten too
    expect(perRun.counter.report()).toBeNull();
  });
});
