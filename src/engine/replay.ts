/**
 * Replay: re-execute a saved trace, given as move keys, from the initial state. A key that is not
 * enabled where it is due stops the replay and is reported with the keys that were enabled there.
 */
import type { TransitionSystem } from './types.ts';

/** A key that was not enabled at its point of the trace. */
export interface DisabledMove {
  /** Moves executed before it (0 = the first key). */
  readonly step: number;
  readonly key: string;
  /** Keys of the moves enabled there. */
  readonly enabled: readonly string[];
}

/** What a replay did. */
export interface ReplayResult<S, M, V> {
  /** The moves executed, in order. */
  readonly trace: readonly M[];
  /** The initial state, then the state after each executed move (`trace.length + 1` states). */
  readonly states: readonly S[];
  /** The first broken property seen, or null. */
  readonly violation: V | null;
  /** Moves executed when `violation` was seen (0 = in the initial state), or null. */
  readonly violationStep: number | null;
  /** The key that stopped the replay, or null. */
  readonly disabled: DisabledMove | null;
  /** True when every key was executed. */
  readonly complete: boolean;
}

/** Options of `replayTrace`. */
export interface ReplayOptions {
  /** Keep executing after the first violation (default: stop there, as the search did). */
  readonly continueAfterViolation?: boolean;
}

/**
 * Re-executes `keys` from the initial state: each key must name a move enabled (by `moveKey`) in
 * the state it is applied to. Properties are checked on every state.
 */
export function replayTrace<S, M, V>(
  system: TransitionSystem<S, M, V>,
  keys: readonly string[],
  options: ReplayOptions = {},
): ReplayResult<S, M, V> {
  const continueAfter = options.continueAfterViolation === true;
  let state = system.initial();
  const states: S[] = [state];
  const trace: M[] = [];
  let violation = system.check(state);
  let violationStep: number | null = violation === null ? null : 0;
  let disabled: DisabledMove | null = null;
  for (let step = 0; step < keys.length; step++) {
    if (violation !== null && !continueAfter) break;
    const key = keys[step]!;
    const move = findMove(system, state, key);
    if (move === undefined) {
      disabled = { step, key, enabled: system.moves(state).map((m) => system.moveKey(m)) };
      break;
    }
    state = system.apply(state, move);
    trace.push(move);
    states.push(state);
    if (violation === null) {
      violation = system.check(state);
      if (violation !== null) violationStep = step + 1;
    }
  }
  return { trace, states, violation, violationStep, disabled, complete: trace.length === keys.length };
}

/** The move enabled in `state` whose key is `key`, or undefined. */
export function findMove<S, M, V>(system: TransitionSystem<S, M, V>, state: S, key: string): M | undefined {
  const moves = system.moves(state);
  for (let i = 0; i < moves.length; i++) {
    const move = moves[i]!;
    if (system.moveKey(move) === key) return move;
  }
  return undefined;
}
