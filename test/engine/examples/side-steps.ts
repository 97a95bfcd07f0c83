/**
 * x counts up to `n` by 'inc', y to the side by 'side'; the property breaks at x = n. The trace of n
 * incs is locally minimal and shortest, so a minimiser's search for a shorter one visits every
 * (x, y) with x + y < n (about n^2 / 2 states) unless a budget stops it. `onFingerprint` runs at
 * each fingerprint, with how many there have been: the searches fingerprint, a random walk and the
 * delta pass's replays do not, so it counts search work.
 */
import type { TransitionSystem } from '../../../src/engine/types.ts';

export function sideSteps(n: number, onFingerprint: (count: number) => void = () => {}): TransitionSystem<readonly [number, number], 'inc' | 'side', 'x == n'> {
  let count = 0;
  return {
    initial: () => [0, 0],
    moves: ([x]) => (x < n ? ['inc', 'side'] : []),
    apply: ([x, y], m) => (m === 'inc' ? [x + 1, y] : [x, y + 1]),
    check: ([x]) => (x === n ? 'x == n' : null),
    fingerprint: ([x, y]) => {
      onFingerprint(++count);
      return `${x},${y}`;
    },
    moveKey: (m) => m,
  };
}
