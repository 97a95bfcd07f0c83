/**
 * `if` as the interpreter evaluates it: every comparison on a variable (eq, ne, gt, lt, on both
 * sides of its value) and on the last step's result, and what the result is before the actor's
 * first step (`ok`, docs/MODEL.md). Each case sets `taken` to 1 in the then branch, 2 in the else.
 */
import { describe, expect, it } from 'vitest';
import { designSystem } from '../../src/system/design-system.ts';
import { compile } from '../design/helpers.ts';

/** The value of `taken` when the one actor has run `body` (its instructions) to the end. */
function branchTaken(body: string): 'then' | 'else' {
  const program = compile(`design: conditions
title: "one if"
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 1}, endpoints: [optee]}
variables: {n: 2, taken: 0}
procedures:
  p:
${body}
actors:
  t1: [p]
environment: []
invariants: [no-deadlock]
`);
  const system = designSystem(program);
  let state = system.initial();
  for (let steps = 0; steps < 20 && system.moves(state).length > 0; steps++) state = system.apply(state, system.moves(state)[0]!);
  expect(system.moves(state)).toEqual([]);
  const taken = state.vars[program.variables.findIndex((v) => v.name === 'taken')]!;
  expect([1, 2]).toContain(taken);
  return taken === 1 ? 'then' : 'else';
}

const onVar = (cmp: string, value: number) =>
  `    - if: {var: n, ${cmp}: ${value}, then: [set: {var: taken, value: 1}], else: [set: {var: taken, value: 2}]}`;
const onResult = (cmp: string, result: string, before = '') =>
  `${before}    - if: {var: result, ${cmp}: ${result}, then: [set: {var: taken, value: 1}], else: [set: {var: taken, value: 2}]}`;

describe('if', () => {
  it.each([
    ['eq', 2, 'then'],
    ['eq', 3, 'else'],
    ['ne', 2, 'else'],
    ['ne', 1, 'then'],
    ['gt', 1, 'then'],
    ['gt', 2, 'else'],
    ['lt', 3, 'then'],
    ['lt', 2, 'else'],
  ] as const)('n = 2: %s %d takes the %s branch', (cmp, value, branch) => {
    expect(branchTaken(onVar(cmp, value))).toBe(branch);
  });

  const freeUnallocated = '    - free: buf\n      on_error: [continue]\n'; // EINVAL: the buffer holds no pages
  it.each([
    ['eq', 'EINVAL', 'then'],
    ['eq', 'ok', 'else'],
    ['ne', 'ok', 'then'],
    ['ne', 'EINVAL', 'else'],
  ] as const)('after a free of an empty buffer (EINVAL): result %s %s takes the %s branch', (cmp, result, branch) => {
    const body = `    - alloc: {buffer: buf, region: cma, pages: 1}\n    - free: buf\n${freeUnallocated}`;
    expect(branchTaken(onResult(cmp, result, body))).toBe(branch);
  });

  it('reads ok as the result before the actor has taken any step', () => {
    expect(branchTaken(onResult('eq', 'ok'))).toBe('then');
    expect(branchTaken(onResult('ne', 'ok'))).toBe('else');
  });

  it('an unlock by a non-holder leaves the mutex and the last result as they were, and shows EPERM', () => {
    const program = compile(`design: unlock-not-held
title: "t2 unlocks the mutex t1 holds"
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 1}, endpoints: [optee]}
variables: {taken: 0}
procedures:
  holder:
    - lock: m
    - unlock: m
  intruder:
    - unlock: m
    - if: {var: result, eq: ok, then: [set: {var: taken, value: 1}], else: [set: {var: taken, value: 2}]}
actors:
  t1: [holder]
  t2: [intruder]
environment: []
invariants: [no-deadlock]
`);
    const system = designSystem(program);
    const locked = system.apply(system.initial(), system.moves(system.initial())[0]!); // t1: lock m
    const effect = system.interpreter.execute(locked, system.moves(locked).find((m) => m.kind === 'actor' && m.actor === 1)!);
    expect(effect.result).toBe('EPERM');
    expect(effect.state.locks).toEqual([0]);
    expect(effect.state.last).toEqual(locked.last);
    expect(effect.state.pcs[1]).not.toBe(locked.pcs[1]);
    const next = system.interpreter.execute(effect.state, system.moves(effect.state).find((m) => m.kind === 'actor' && m.actor === 1)!);
    expect(next.result).toBe('then');
  });
});

describe('nextInstr', () => {
  it("is the actor's next instruction, and null once the actor is done", () => {
    const system = designSystem(
      compile(`design: one-step
title: "one lock and unlock"
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 1}, endpoints: [optee]}
procedures:
  p:
    - lock: m
    - unlock: m
actors: {t1: [p]}
environment: []
invariants: [no-deadlock]
`),
    );
    let state = system.initial();
    const seen: string[] = [];
    for (let instr = system.interpreter.nextInstr(state, 0); instr !== null; instr = system.interpreter.nextInstr(state, 0)) {
      seen.push(instr.op);
      state = system.apply(state, system.moves(state).find((m) => m.kind === 'actor' && m.actor === 0)!);
    }
    expect(seen).toEqual(['lock', 'unlock']);
    expect(system.moves(state).some((m) => m.kind === 'actor')).toBe(false);
  });
});
