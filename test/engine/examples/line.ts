/**
 * The simplest transition system: x counts up from `start` by 'inc' (until `end`, or without end),
 * and the property breaks while x is one of `bad`. Long traces, budgets and replays are easy to
 * state by hand on it.
 */
import type { TransitionSystem } from '../../../src/engine/types.ts';

export interface LineOptions {
  readonly bad?: readonly number[];
  readonly start?: number;
  /** The last value: no move from it (default: none, the line never ends). */
  readonly end?: number;
}

export function line(options: LineOptions = {}): TransitionSystem<number, 'inc', number> {
  const { bad = [], start = 0, end = Infinity } = options;
  return {
    initial: () => start,
    moves: (x) => (x < end ? ['inc'] : []),
    apply: (x) => x + 1,
    check: (x) => (bad.includes(x) ? x : null),
    fingerprint: (x) => String(x),
    moveKey: (m) => m,
  };
}
