/**
 * SPEC section 9's multi-move and nondeterministic kernel steps, driven move by move through the
 * interpreter: scatter-gather choices, alignment, chunked lends and reclaims, injected failures,
 * a kernel fault ending its actor without on_error, and kexec's shutdown and new kernel.
 */
import { describe, expect, it } from 'vitest';
import { compile, lines } from '../design/helpers.ts';
import { designSystem } from '../../src/system/design-system.ts';
import { DONE, DORMANT, type Move, type SystemState } from '../../src/system/state.ts';
import type { DesignSystem } from '../../src/system/design-system.ts';

function system(text: string, pageSymmetry = false): DesignSystem {
  return designSystem(compile(text), undefined, { pageSymmetry });
}

/** Applies the enabled move with this key; fails when it is not enabled. */
function take(sys: DesignSystem, state: SystemState, key: string): SystemState {
  const move = sys.moves(state).find((m) => sys.moveKey(m) === key);
  if (move === undefined) throw new Error(`${key} not enabled; enabled: ${sys.moves(state).map((m) => sys.moveKey(m)).join(' ')}`);
  return sys.apply(state, move);
}

const keys = (sys: DesignSystem, state: SystemState): string[] => sys.moves(state).map((m: Move) => sys.moveKey(m));

const head = (pages: string, extra = '') =>
  lines(`design: t`, `platform: {hypervisor: none, spmc: hafnium, pages: ${pages}, endpoints: [optee]}`, extra);

describe('alloc {contiguous: false}', () => {
  const text = head('{system: 4}') + lines('procedures:', '  p:', '    - alloc: {buffer: b, region: system, pages: 2, contiguous: false}', '    - free: b', 'actors: {t1: [p]}', 'environment: []');

  it('offers every 2-subset of the free pages as its own move', () => {
    const sys = system(text);
    expect(keys(sys, sys.initial())).toEqual(['t1[0,1]', 't1[0,2]', 't1[0,3]', 't1[1,2]', 't1[1,3]', 't1[2,3]']);
    const after = take(sys, sys.initial(), 't1[1,3]');
    expect(after.world.buffers[0]!.pages).toEqual([1, 3]);
    expect(after.world.pages[1]!.alloc).toBe('allocated');
    expect(after.world.pages[2]!.alloc).toBe('free');
  });

  it('with page symmetry, offers one choice per class of interchangeable pages', () => {
    const sys = system(text, true);
    expect(keys(sys, sys.initial())).toEqual(['t1[0,1]']); // four identical free pages: one class
  });

  it('with fewer free pages than asked, offers the one move that fails with ENOMEM', () => {
    const sys = system(head('{system: 1}') + lines('procedures:', '  p:', '    - alloc: {buffer: b, region: system, pages: 2, contiguous: false}', '      on_error: [continue]', 'actors: {t1: [p]}', 'environment: []'));
    expect(keys(sys, sys.initial())).toEqual(['t1']);
    const effect = sys.interpreter.execute(sys.initial(), sys.moves(sys.initial())[0]!);
    expect(effect.result).toBe('ENOMEM');
    expect(effect.state.world.pages[0]!.alloc).toBe('free');
  });
});

describe('alloc {align: N} and the default contiguous run', () => {
  it('takes the lowest free run starting at a multiple of align', () => {
    const text = head('{cma: 8}') + lines(
      'procedures:',
      '  a: [alloc: {buffer: x, region: cma, pages: 1}]',
      '  b: [alloc: {buffer: y, region: cma, pages: 2, align: 4}]',
      '  c: [alloc: {buffer: z, region: cma, pages: 2}]',
      'actors: {t1: [a, b, c]}',
      'environment: []',
    );
    const sys = system(text);
    let s = take(sys, sys.initial(), 't1');
    s = take(sys, s, 't1');
    expect(s.world.buffers.map((b) => b.pages)).toEqual([[0], [4, 5], []]);
    s = take(sys, s, 't1');
    expect(s.world.buffers[2]!.pages).toEqual([1, 2]);
  });
});

describe('chunked ffa_lend / ffa_reclaim', () => {
  const text = head('{system: 3}', 'failures: {ffa_lend: FFA_NO_MEMORY, ffa_reclaim: FFA_DENIED}') + lines(
    'procedures:',
    '  p:',
    '    - alloc: {buffer: b, region: system, pages: 3}',
    '    - ffa_lend: {buffer: b, to: [optee], chunk: 2}',
    '    - ffa_reclaim: b',
    'actors: {t1: [p]}',
    'environment: []',
    'invariants: [no-double-lend]',
  );

  it('lends one chunk per move, each with its own handle, kept by the buffer', () => {
    const sys = system(text);
    let s = take(sys, sys.initial(), 't1');
    s = take(sys, s, 't1');
    expect(s.pcs[0]).toBe(1); // still at the lend: one chunk to go
    expect(s.world.buffers[0]!.handles).toEqual([0]);
    expect(s.world.transactions[0]!.pages).toEqual([0, 1]);
    s = take(sys, s, 't1');
    expect(s.pcs[0]).toBe(2);
    expect(s.world.buffers[0]!.handles).toEqual([0, 1]);
    expect(s.world.transactions[1]!.pages).toEqual([2]);
    // One reclaim move per handle; an injected failure stops there with the rest kept.
    const failed = take(sys, take(sys, s, 't1'), 't1!FFA_DENIED');
    expect(failed.pcs[0]).toBe(DONE);
    expect(failed.world.buffers[0]!.handles).toEqual([1]);
    expect(failed.world.transactions[1]).not.toBeNull();
    const done = take(sys, take(sys, s, 't1'), 't1');
    expect(done.pcs[0]).toBe(DONE);
    expect(done.world.buffers[0]!.handles).toBeUndefined();
    expect(done.world.transactions.every((tx) => tx === null)).toBe(true);
  });

  it('a failed chunk leaves the earlier chunks lent and returns the error', () => {
    const sys = system(text);
    let s = take(sys, take(sys, sys.initial(), 't1'), 't1');
    s = take(sys, s, 't1!FFA_NO_MEMORY');
    expect(s.pcs[0]).toBe(DONE);
    expect(s.last[0]).toBe('FFA_NO_MEMORY');
    expect(s.world.buffers[0]!.handles).toEqual([0]);
    expect(s.world.transactions[0]!.pages).toEqual([0, 1]);
  });
});

describe('failures (fault injection)', () => {
  it('offers the failure beside the step and leaves the state unchanged but for the result', () => {
    const text = head('{cma: 2}', 'failures: {alloc: ENOMEM}') + lines(
      'procedures:',
      '  p:',
      '    - alloc: {buffer: b, region: cma, pages: 1}',
      '      on_error: [set: {x: 1}]',
      'actors: {t1: [p]}',
      'environment: []',
    );
    const sys = system(text);
    expect(keys(sys, sys.initial())).toEqual(['t1', 't1!ENOMEM']);
    const initial = sys.initial();
    const failed = take(sys, initial, 't1!ENOMEM');
    expect(failed.world).toBe(initial.world);
    expect(failed.world.pages.every((p) => p.alloc === 'free')).toBe(true);
    expect(failed.vars).toEqual([0]); // at the handler's first step
    expect(take(sys, failed, 't1').vars).toEqual([1]);
  });

  it('reads an FF-A code without its FFA_ prefix', () => {
    const text = head('{cma: 2}', 'failures: {ffa_lend: NO_MEMORY}') + lines('procedures:', '  p: [alloc: {buffer: b, region: cma}]', 'actors: {t1: [p]}');
    expect(compile(text).failures).toEqual({ ffa_lend: 'FFA_NO_MEMORY' });
  });

  it('rejects a step the contract does not allow and an unknown error', () => {
    const bad = head('{cma: 2}', 'failures: {free: ENOMEM, alloc: ENOPE}') + lines('procedures:', '  p: [alloc: {buffer: b, region: cma}]', 'actors: {t1: [p]}');
    expect(() => compile(bad)).toThrow(/failures: 'free' cannot be made to fail[\s\S]*failures.alloc: expected the error/);
  });
});

describe('a kernel fault ends the faulting actor without its on_error', () => {
  it('does not run on_error after EFAULT', () => {
    const text = head('{cma: 1}') + lines(
      'procedures:',
      '  p:',
      '    - alloc: {buffer: b, region: cma, pages: 1}',
      '    - unmap_linear: b',
      '    - zero: b',
      '      on_error: [set: {x: 1}]',
      'actors: {t1: [p]}',
      'environment: []',
    );
    const sys = system(text);
    let s = take(sys, take(sys, sys.initial(), 't1'), 't1');
    s = take(sys, s, 't1');
    expect(s.last[0]).toBe('EFAULT');
    expect(s.pcs[0]).toBe(DONE);
    expect(s.vars).toEqual([0]);
    expect(s.world.hazards.kernelFault).not.toBeNull();
  });
});

describe('kexec', () => {
  const text = head('{cma: 3}', 'shared: [a, b]') + lines(
    'procedures:',
    '  p:',
    '    - alloc: {buffer: a, region: cma, pages: 1}',
    '    - alloc: {buffer: b, region: cma, pages: 1}',
    '    - unmap_linear: a',
    '    - leak: a',
    '    - ffa_lend: {buffer: b, to: [optee]}',
    '    - set: {x: 1}',
    '  stop: [set: {x: 2}]',
    'actors: {t1: [p]}',
    'shutdown: [stop]',
    'environment: [kexec]',
  );

  it('runs shutdown alone, then the new kernel takes every page not leaked and not secure-owned', () => {
    const sys = system(text);
    let s = sys.initial();
    expect(s.pcs[1]).toBe(DORMANT);
    for (let i = 0; i < 5; i++) s = take(sys, s, 't1');
    s = take(sys, s, 'kexec');
    expect(keys(sys, s)).toEqual(['shutdown']); // t1 is frozen while shutdown runs
    s = take(sys, s, 'shutdown');
    expect(s.vars).toEqual([2]);
    expect(s.pcs).toEqual([DONE, DONE]);
    expect(keys(sys, s)).toEqual([]);
    const [leaked, lent, free] = s.world.pages;
    expect(leaked!.alloc).toBe('leaked');
    expect(leaked!.linear).toBe('invalid');
    expect(lent!.alloc).toBe('free'); // the new kernel took it although the lend is live
    expect(lent!.linear).toBe('valid');
    expect(s.world.transactions[0]).not.toBeNull();
    expect(free!.alloc).toBe('free');
    expect(s.world.buffers.every((b) => b.pages.length === 0)).toBe(true);
    expect(sys.check(s)?.invariant).toBe('no-ns-mapping-of-lent-memory');
  });
});

describe('kexec shutdown over actor-local buffers', () => {
  const text = head('{cma: 2}') + lines(
    'procedures:',
    '  setup:',
    '    - alloc: {buffer: buf, region: cma, pages: 1}',
    '    - unmap_linear: buf',
    '    - ffa_lend: {buffer: buf, to: [optee]}',
    '  release:',
    '    - ffa_reclaim: buf',
    '      on_error: [leak: buf]',
    '    - map_linear: buf',
    '    - free: buf',
    'actors: {t1: [setup], t2: [setup]}',
    'shutdown: [release]',
    'environment: [kexec]',
  );

  it('runs the shutdown procedures once per design actor, on its buffers, one after the other', () => {
    const sys = system(text);
    const program = sys.interpreter.program;
    expect(program.actors.map((a) => a.name)).toEqual(['t1', 't2', 'shutdown.t1', 'shutdown.t2']);
    let s = sys.initial();
    for (let i = 0; i < 3; i++) s = take(sys, s, 't1'); // t1 has lent its page; t2 has nothing yet
    s = take(sys, s, 'kexec');
    expect(keys(sys, s)).toEqual(['shutdown.t1']);
    for (let i = 0; i < 3; i++) s = take(sys, s, 'shutdown.t1'); // reclaim, map_linear, free
    expect(keys(sys, s)).toEqual(['shutdown.t2']);
    s = take(sys, s, 'shutdown.t2'); // reclaim: EINVAL (nothing allocated), then leak: EINVAL ends it
    s = take(sys, s, 'shutdown.t2');
    expect(s.pcs.every((pc) => pc === DONE)).toBe(true);
    expect(s.world.transactions.every((tx) => tx === null)).toBe(true);
    expect(s.world.pages.map((p) => `${p.alloc} ${p.linear}`)).toEqual(['free valid', 'free valid']);
  });

  it('never runs the shutdown procedures without kexec in the environment', () => {
    const sys = system(text.replace('environment: [kexec]', 'environment: [secure]'));
    let s = sys.initial();
    for (let i = 0; i < 3; i++) {
      expect(keys(sys, s)).toEqual(['t1', 't2']);
      s = take(sys, s, 't1');
    }
    // t1 has lent its page: the secure side may retrieve it, and nothing else is offered.
    expect(keys(sys, s)).toEqual(['t2', 'secure:ffa_retrieve:optee:0']);
  });
});
