/**
 * `system`, running `action` when its `walk`-th walk starts (its `walk`-th call of initial()):
 * a random search's runs counted, so a test can abort a signal or move a fake clock at a known run.
 */
import type { TransitionSystem } from '../../../src/engine/types.ts';

export function onWalk<S, M, V>(system: TransitionSystem<S, M, V>, walk: number, action: () => void): TransitionSystem<S, M, V> {
  let walks = 0;
  return {
    ...system,
    initial: () => {
      if (++walks === walk) action();
      return system.initial();
    },
  };
}
