/**
 * Die Hard's water jugs (as in TLA+'s DieHard and XState's dieHard.test.ts): a 3-gallon and a
 * 5-gallon jug, and the "property" that the big jug never holds 4 gallons. Its shortest
 * counterexample has 6 steps.
 */
import type { TransitionSystem } from '../../../src/engine/types.ts';

export interface Jugs {
  readonly small: number;
  readonly big: number;
}

export type JugMove = 'fillSmall' | 'fillBig' | 'emptySmall' | 'emptyBig' | 'smallToBig' | 'bigToSmall';

const ALL: readonly JugMove[] = ['fillSmall', 'fillBig', 'emptySmall', 'emptyBig', 'smallToBig', 'bigToSmall'];

export const dieHard: TransitionSystem<Jugs, JugMove, string> = {
  initial: () => ({ small: 0, big: 0 }),
  moves: () => ALL,
  apply(s, move) {
    switch (move) {
      case 'fillSmall':
        return { small: 3, big: s.big };
      case 'fillBig':
        return { small: s.small, big: 5 };
      case 'emptySmall':
        return { small: 0, big: s.big };
      case 'emptyBig':
        return { small: s.small, big: 0 };
      case 'smallToBig': {
        const poured = Math.min(s.small, 5 - s.big);
        return { small: s.small - poured, big: s.big + poured };
      }
      case 'bigToSmall': {
        const poured = Math.min(s.big, 3 - s.small);
        return { small: s.small + poured, big: s.big - poured };
      }
    }
  },
  check: (s) => (s.big === 4 ? 'big == 4' : null),
  fingerprint: (s) => `${s.small},${s.big}`,
  moveKey: (m) => m,
};

/** The reachable states of the jugs: (small, big) pairs with one jug empty or full. */
export const DIE_HARD_REACHABLE = 16;
