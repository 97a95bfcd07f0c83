/**
 * The exhaustive search's partial-order reduction at the engine level, on a system small enough to
 * know by hand: two independent processes, A counting a to 2 (invisible), B counting b to 2 (the
 * property breaks at b = 2). The ample set {A} is sound there (A commutes with B and no property
 * reads a), and it makes the reduced search's first violation longer than the shortest one: A runs
 * to its end before B moves, so the reduced trace is A A B B where the shortest is B B.
 */
import { describe, expect, it } from 'vitest';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import type { TransitionSystem } from '../../src/engine/types.ts';

type State = readonly [a: number, b: number];
type Move = 'A' | 'B';

const twoProcesses: TransitionSystem<State, Move, string> = {
  initial: () => [0, 0],
  moves: ([a, b]) => [...(a < 2 ? (['A'] as const) : []), ...(b < 2 ? (['B'] as const) : [])],
  apply: ([a, b], m) => (m === 'A' ? [a + 1, b] : [a, b + 1]),
  check: ([, b]) => (b === 2 ? 'b reached 2' : null),
  fingerprint: ([a, b]) => `${a},${b}`,
  moveKey: (m) => m,
  ample: (_state, moves) => (moves[0] === 'A' ? [[0]] : []),
};

describe('exhaustive search with partial-order reduction', () => {
  it('reports the shortest trace, by the unreduced search bounded at the reduced one\'s length', () => {
    const reduced = exhaustiveSearch(twoProcesses, { reduce: true });
    const unreduced = exhaustiveSearch(twoProcesses);
    expect(unreduced.verdict === 'violation' && unreduced.trace).toEqual(['B', 'B']);
    expect(reduced.verdict === 'violation' && reduced.trace).toEqual(['B', 'B']);
    expect(reduced.stats).toEqual({ ...unreduced.stats, elapsedMs: reduced.stats.elapsedMs });
    // What the reduced search did before the re-search: (0,0) (1,0) (2,0) (2,1) stored, (2,2) met; two expanded through {A} alone.
    expect(reduced.exhaustive.reduction).toEqual({ states: 4, transitions: 4, reducedStates: 2, rerun: true });
  });

  it('keeps the reduced trace when the re-search is stopped by its budget', () => {
    // 4 stored states suffice for the reduced search; the unreduced one needs a 5th before it meets (0,2).
    const reduced = exhaustiveSearch(twoProcesses, { reduce: true, maxStates: 4 });
    expect(reduced.verdict === 'violation' && reduced.trace).toEqual(['A', 'A', 'B', 'B']);
    expect(reduced.exhaustive.reduction?.rerun).toBe(false);
    expect(exhaustiveSearch(twoProcesses, { maxStates: 4 }).verdict).toBe('incomplete');
  });

  it('asked to reduce a system that offers no ample sets, searches it unreduced', () => {
    const { ample: _none, ...plain } = twoProcesses;
    const outcome = exhaustiveSearch(plain, { reduce: true });
    expect(outcome.verdict === 'violation' && outcome.trace).toEqual(['B', 'B']);
    expect(outcome.exhaustive.reduction).toBeUndefined();
  });

  it('expands a state with one move plainly: never counted as reduced, even when offered as an ample set', () => {
    // No property breaks; the only ample set offered is A alone, where A is the only move (b = 2).
    const oneMoveAmples: TransitionSystem<State, Move, string> = {
      ...twoProcesses,
      check: () => null,
      ample: (_state, moves) => (moves.length === 1 && moves[0] === 'A' ? [[0]] : []),
    };
    const outcome = exhaustiveSearch(oneMoveAmples, { reduce: true });
    expect(outcome.verdict).toBe('pass');
    expect(outcome.stats.states).toBe(9);
    expect(outcome.exhaustive.reduction?.reducedStates).toBe(0);
  });
});
