/**
 * A binary tree to depth `depth`: node n's children are 2n and 2n + 1, so no two states share a
 * descendant and level k holds 2^k states. With `withWords`, the system also has fingerprintInto.
 */
import type { TransitionSystem } from '../../../src/engine/types.ts';

export function tree(depth: number, withWords = false): TransitionSystem<number, 'l' | 'r', never> {
  return {
    initial: () => 1,
    moves: (n) => (n < 1 << depth ? ['l', 'r'] : []),
    apply: (n, m) => 2 * n + (m === 'r' ? 1 : 0),
    check: () => null,
    fingerprint: (n) => String(n),
    ...(withWords
      ? {
          fingerprintInto: (n: number, out: Int32Array) => {
            out[0] = Math.imul(n, 0x9e3779b1);
            out[1] = n;
          },
        }
      : {}),
    moveKey: (m) => m,
  };
}
