/**
 * How a Coverage records (src/system/coverage.ts): environment counts, a procedure two actors
 * share counted once with the union of their outcomes, a worker's snapshot absorbed, and reset.
 * The search-level tests (coverage.test.ts) see only the report of one whole search.
 */
import { describe, expect, it } from 'vitest';
import type { EnvAction } from '../../model/environment/actions.ts';
import { Coverage } from '../../src/system/coverage.ts';
import { compile } from '../design/helpers.ts';

const program = compile(`design: coverage-recording
title: two actors run one procedure whose lend may fail
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 2}, endpoints: [optee]}
procedures:
  p:
    - alloc: {buffer: buf, region: cma, pages: 1}
    - ffa_lend: {buffer: buf, to: [optee]}
      on_error: [free: buf]
actors:
  t1: [p]
  t2: [p]
environment: [secure, cpu]
invariants: all
`);

/** The pc of each actor's `ffa_lend` (one source step, compiled into both actors). */
const lendAt = program.actors.map((actor) => actor.code.findIndex((instr) => instr.op === 'step' && instr.call.step === 'ffa_lend'));
const retrieve: EnvAction = { actor: 'secure', kind: 'ffa_retrieve', endpoint: 'optee', handle: 0 };
const read: EnvAction = { actor: 'cpu', kind: 'read', page: 0, path: 'linear' };

describe('coverage recording', () => {
  it('counts each environment action', () => {
    const coverage = new Coverage(program);
    for (let i = 0; i < 3; i++) coverage.environmentAction(retrieve);
    coverage.environmentAction(read);
    expect(coverage.report().environment).toEqual({ 'cpu read': 1, 'secure ffa_retrieve': 3 });
  });

  it("counts a shared procedure's step once, with the union of the actors' outcomes", () => {
    expect(lendAt.every((pc) => pc >= 0)).toBe(true);
    const coverage = new Coverage(program);
    coverage.actor(0, lendAt[0]!, 'ok');
    expect(coverage.report().oneWay.map((l) => `${l.step}:${l.only}`)).toEqual(['ffa_lend:ok']);
    coverage.actor(1, lendAt[1]!, 'FFA_DENIED');
    const report = coverage.report();
    expect(report.oneWay).toEqual([]);
    // alloc, ffa_lend and free are three source steps, not six; only the lend was reached.
    expect(report.steps).toEqual({ reached: 1, total: 3 });
  });

  it("adds a worker's snapshot: outcomes joined, counts summed, new actions taken", () => {
    const main = new Coverage(program);
    main.actor(0, lendAt[0]!, 'ok');
    main.environmentAction(retrieve);
    const worker = new Coverage(program);
    worker.actor(0, lendAt[0]!, 'FFA_DENIED');
    worker.environmentAction(retrieve);
    worker.environmentAction(retrieve);
    worker.environmentAction(read);
    const snapshot = worker.snapshot();
    // The snapshot is a copy: what the worker records after it is not in it.
    worker.actor(1, 0, 'ok');
    main.absorb(snapshot);
    const report = main.report();
    expect(report.oneWay).toEqual([]);
    expect(report.environment).toEqual({ 'cpu read': 1, 'secure ffa_retrieve': 3 });
    expect(report.steps.reached).toBe(1);
  });

  it('lists steps in source order (line, then column), whatever order the actors run them in', () => {
    const reordered = compile(`design: coverage-order
title: the actor runs the later procedure first
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 2}, endpoints: [optee]}
procedures:
  first:
    - alloc: {buffer: a, region: cma, pages: 1}
    - ffa_lend: {buffer: a, to: [optee]}
      on_error: [map_linear: a, free: a]
  second:
    - alloc: {buffer: b, region: cma, pages: 1}
actors:
  t1: [second, first]
environment: [secure]
invariants: all
`);
    const report = new Coverage(reordered).report();
    expect(report.unreached.map((l) => `${l.line}:${l.column} ${l.procedure}:${l.step}`)).toEqual([
      '6:7 first:alloc',
      '7:7 first:ffa_lend',
      '8:18 first:map_linear',
      '8:33 first:free',
      '10:7 second:alloc',
    ]);
  });

  it('counts a step that fault injection can fail as a branch point', () => {
    const injected = compile(`design: coverage-failures
title: alloc may fail by injection, with no on_error
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 1}, endpoints: [optee]}
procedures:
  p:
    - alloc: {buffer: buf, region: cma, pages: 1}
actors:
  t1: [p]
failures: {alloc: ENOMEM}
environment: []
invariants: all
`);
    const coverage = new Coverage(injected);
    coverage.actor(0, 0, 'ok');
    expect(coverage.report().oneWay.map((l) => `${l.step}:${l.only}`)).toEqual(['alloc:ok']);
    coverage.actor(0, 0, 'ENOMEM');
    expect(coverage.report().oneWay).toEqual([]);
  });

  it('forgets everything on reset', () => {
    const coverage = new Coverage(program);
    coverage.actor(0, lendAt[0]!, 'ok');
    coverage.environmentAction(read);
    coverage.reset();
    const report = coverage.report();
    expect(report.steps).toEqual({ reached: 0, total: 3 });
    expect(report.environment).toEqual({});
  });
});
