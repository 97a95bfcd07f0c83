/**
 * expandUnderProviso (engine/proviso.ts) on its own: the ample sets tried in order, each move taken
 * at most once however many sets name it, and the answer (an ample set was enough, or every move
 * was taken).
 */
import { describe, expect, it } from 'vitest';
import { expandUnderProviso, NEW, SEEN } from '../../src/engine/proviso.ts';

/** A take() that answers SEEN for the moves in `seen`, NEW otherwise, and records each call. */
function recorder(seen: readonly number[]) {
  const calls: number[] = [];
  const take = (m: number) => {
    calls.push(m);
    return seen.includes(m) ? SEEN : NEW;
  };
  return { calls, take };
}

describe('expandUnderProviso', () => {
  it('an ample set whose successors are all new is enough: the other moves are not taken', () => {
    const { calls, take } = recorder([]);
    expect(expandUnderProviso(3, [[1]], take)).toBe(true);
    expect(calls).toEqual([1]);
  });

  it('tries the next ample set when one reaches a seen state, taking a shared move once', () => {
    const { calls, take } = recorder([0]);
    expect(expandUnderProviso(3, [[0, 1], [1, 2]], take)).toBe(true);
    expect(calls).toEqual([0, 1, 2]);
  });

  it('when no ample set is enough, takes every move not taken yet, once, and says so', () => {
    const { calls, take } = recorder([0]);
    expect(expandUnderProviso(3, [[0]], take)).toBe(false);
    expect(calls).toEqual([0, 1, 2]);
  });

  it('without ample sets takes every move', () => {
    const { calls, take } = recorder([]);
    expect(expandUnderProviso(2, [], take)).toBe(false);
    expect(calls).toEqual([0, 1]);
  });

  it('returns what take() returned to end the search, at once', () => {
    const end = { end: true };
    const calls: number[] = [];
    const take = (m: number) => {
      calls.push(m);
      return m === 1 ? end : NEW;
    };
    expect(expandUnderProviso(3, [], take)).toBe(end);
    expect(calls).toEqual([0, 1]);
    expect(expandUnderProviso(3, [[1]], take)).toBe(end);
  });
});
