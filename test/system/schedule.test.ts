/**
 * The schedule no-deadlock reads (src/system/schedule.ts), state by state: who waits for which
 * mutex and who spins on a retried step nothing can let through, and the cheap `mayBeStuck`
 * filter in front of it. The deadlock designs' verdicts test the violations; these test the
 * states around them, where a wrong schedule would be a false alarm or a missed one.
 */
import { describe, expect, it } from 'vitest';
import type { ActorSchedule } from '../../properties/schedule.ts';
import { designSystem, type DesignSystem } from '../../src/system/design-system.ts';
import { moveKeyer } from '../../src/system/move-keys.ts';
import { mayBeStuck, scheduleOf } from '../../src/system/schedule.ts';
import type { SystemState } from '../../src/system/state.ts';
import { compile } from '../design/helpers.ts';

const HEADER = `title: "schedule test"
platform: {hypervisor: none, spmc: hafnium, pages: {cma: 2, system: 1}, endpoints: [optee]}
`;

/** The system of `body` and a function taking the moves named by their keys from its initial state. */
function build(name: string, body: string): { system: DesignSystem; after: (...keys: string[]) => SystemState } {
  const program = compile(`design: ${name}\n${HEADER}${body}`);
  const system = designSystem(program);
  const key = moveKeyer(program);
  const after = (...keys: string[]): SystemState => {
    let state = system.initial();
    for (const k of keys) {
      const move = system.moves(state).find((m) => key(m) === k);
      if (move === undefined) throw new Error(`no move ${k} in ${system.moves(state).map(key).join(', ')}`);
      state = system.apply(state, move);
    }
    return state;
  };
  return { system, after };
}

const running = (name: string): ActorSchedule => ({ name, status: 'running', waitsFor: null, spinsOn: null });
const done = (name: string): ActorSchedule => ({ name, status: 'done', waitsFor: null, spinsOn: null });

describe('scheduleOf and mayBeStuck', () => {
  // t1 leaks the whole cma region; t2 retries a reclaim of a buffer it never lent (EINVAL), t3 an
  // allocation (ENOMEM); kexec is enabled throughout and its shutdown takes a mutex.
  const spinners = build(
    'two-spinners',
    `procedures:
  quarantine:
    - alloc: {buffer: q, region: cma, pages: 2}
    - leak: q
  reclaimer:
    - alloc: {buffer: r, region: system, pages: 1}
    - ffa_reclaim: {buffer: r}
      retry: true
  waiter:
    - alloc: {buffer: w, region: cma, pages: 1}
      retry: true
    - free: w
  teardown:
    - lock: m
    - unlock: m
actors:
  t1: [quarantine]
  t2: [reclaimer]
  t3: [waiter]
shutdown: [teardown]
environment: [kexec]
invariants: [no-deadlock]
`,
  );

  it('names each spinning actor with its own step and error; kexec does not let a retry through', () => {
    const state = spinners.after('t2', 't1', 't1');
    const schedule = scheduleOf(spinners.system.interpreter, state);
    expect(schedule.actors).toEqual([
      done('t1'),
      { ...running('t2'), spinsOn: 'ffa_reclaim r (EINVAL)' },
      { ...running('t3'), spinsOn: 'alloc w (ENOMEM)' },
      done('shutdown'), // dormant until kexec
    ]);
    expect(mayBeStuck(spinners.system.interpreter, state)).toBe(true);
  });

  it('does not judge a retry while another actor can still move (the region is not leaked yet)', () => {
    const state = spinners.after('t2', 't1');
    expect(scheduleOf(spinners.system.interpreter, state).actors).toEqual([running('t1'), running('t2'), running('t3'), done('shutdown')]);
  });

  it('says the actors kexec froze are stopped, and the shutdown procedure runs', () => {
    const state = spinners.after('t2', 't1', 't1', 'kexec');
    expect(scheduleOf(spinners.system.interpreter, state).actors).toEqual([
      done('t1'),
      { ...running('t2'), status: 'stopped' },
      { ...running('t3'), status: 'stopped' },
      running('shutdown'),
    ]);
  });

  it('does not call a retried step that succeeds a spin, with nothing else able to move', () => {
    const { system, after } = build(
      'retry-succeeds',
      `procedures:
  waiter:
    - alloc: {buffer: w, region: cma, pages: 1}
      retry: true
    - free: w
actors:
  t1: [waiter]
environment: []
invariants: [no-deadlock]
`,
    );
    const state = after();
    expect(system.moves(state)).toHaveLength(1);
    expect(mayBeStuck(system.interpreter, state)).toBe(true);
    expect(scheduleOf(system.interpreter, state).actors).toEqual([running('t1')]);
  });

  it('does not call a retry a spin while another actor can still take a branch (a move that changes only its pc)', () => {
    const { system, after } = build(
      'retry-beside-a-branch',
      `variables: {n: 0}
procedures:
  quarantine:
    - alloc: {buffer: q, region: cma, pages: 2}
    - leak: q
  waiter:
    - alloc: {buffer: w, region: cma, pages: 1}
      retry: true
  brancher:
    - if: {var: n, eq: 1, then: [inc: n]}
actors:
  t1: [quarantine]
  t2: [waiter]
  t3: [brancher]
environment: []
invariants: [no-deadlock]
`,
    );
    const state = after('t1', 't1');
    expect(scheduleOf(system.interpreter, state).actors).toEqual([done('t1'), running('t2'), running('t3')]);
    const branched = after('t1', 't1', 't3');
    expect(scheduleOf(system.interpreter, branched).actors[1]).toEqual({ ...running('t2'), spinsOn: 'alloc w (ENOMEM)' });
  });

  it('does not call a retried reclaim a spin while the secure side can still relinquish', () => {
    const { system, after } = build(
      'reclaim-waits-for-relinquish',
      `procedures:
  owner:
    - alloc: {buffer: b, region: cma, pages: 1}
    - unmap_linear: b
    - flush_tlb: b
    - ffa_lend: {buffer: b, to: [optee]}
    - ffa_reclaim: {buffer: b}
      retry: true
actors:
  t1: [owner]
environment: [secure]
invariants: [no-deadlock]
`,
    );
    const state = after('t1', 't1', 't1', 't1', 'secure:ffa_retrieve:optee:0');
    expect(system.interpreter.resultOf(state, system.moves(state)[0]!)).toBe('FFA_DENIED');
    expect(scheduleOf(system.interpreter, state).actors).toEqual([running('t1')]);
  });

  describe('mutexes', () => {
    const { system, after } = build(
      'one-mutex',
      `procedures:
  quick:
    - lock: m
    - unlock: m
  slow:
    - lock: m
    - alloc: {buffer: b, region: cma, pages: 1}
    - free: b
    - unlock: m
actors:
  t1: [quick]
  t2: [slow]
environment: []
invariants: [no-deadlock]
`,
    );

    it('nobody can be stuck at a free mutex: no waitsFor, and mayBeStuck says so', () => {
      const state = after();
      expect(mayBeStuck(system.interpreter, state)).toBe(false);
      expect(scheduleOf(system.interpreter, state).actors).toEqual([running('t1'), running('t2')]);
    });

    it('an actor at a mutex the second actor holds waits for it', () => {
      const state = after('t2');
      expect(mayBeStuck(system.interpreter, state)).toBe(true);
      expect(scheduleOf(system.interpreter, state).actors).toEqual([{ ...running('t1'), waitsFor: { lock: 'm', holder: 1 } }, running('t2')]);
    });

    it('nobody can be stuck where no actor is at a mutex or a retried step', () => {
      expect(mayBeStuck(system.interpreter, after('t1', 't1'))).toBe(false); // t1 done, t2 at lock m (free)
      expect(mayBeStuck(system.interpreter, after('t1', 't1', 't2'))).toBe(false); // t2 at its alloc
    });
  });
});
