/**
 * The state view people read in traces: hazards name their pages in the right number, and the
 * changes of a step list transactions by handle whatever order the states hold them in.
 */
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../../model/state.ts';
import { designSystem } from '../../src/system/design-system.ts';
import type { SystemState } from '../../src/system/state.ts';
import { diffStates, viewState } from '../../src/system/view.ts';
import { compile } from '../design/helpers.ts';

const program = compile(`design: view
title: "two pages"
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 2}, endpoints: [optee]}
procedures:
  p:
    - alloc: {buffer: b, region: cma, pages: 2}
    - free: b
actors: {t1: [p]}
environment: []
invariants: all
`);
const base = designSystem(program).initial();
const withWorld = (world: Partial<SystemState['world']>): SystemState => ({ ...base, world: { ...base.world, ...world } });
const lend = (handle: number, pages: number[]): Transaction => ({
  handle,
  op: 'lend',
  sender: 'ns',
  receivers: [{ endpoint: 'optee', access: 'rw', retrieved: false, mapped: 'rw', clearOnRelinquish: false }],
  pages,
  clear: false,
});

describe('viewState', () => {
  it('names a hazard on one page as "page", on several as "pages"', () => {
    const one = viewState(program, withWorld({ hazards: { ...base.world.hazards, kernelFault: { pages: [1], what: 'fault' } } }));
    const two = viewState(program, withWorld({ hazards: { ...base.world.hazards, kernelFault: { pages: [0, 1], what: 'fault' } } }));
    expect(one.hazards).toEqual({ kernelFault: 'fault (page 1)' });
    expect(two.hazards).toEqual({ kernelFault: 'fault (pages 0, 1)' });
  });
});

describe('diffStates', () => {
  it('lists changed transactions in handle order, a new lower handle first', () => {
    const before = viewState(program, withWorld({ transactions: [null, lend(1, [1])] }));
    const after = viewState(program, withWorld({ transactions: [lend(0, [0]), { ...lend(1, [1]), clear: true }] }));
    expect(diffStates(before, after).map((c) => c.path)).toEqual(['handle 0', 'handle 1']);
  });
});
