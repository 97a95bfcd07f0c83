/**
 * A compiled design as the abstract transition system the engines explore: states, enabled moves,
 * apply, the design's invariants, canonical fingerprints and move names.
 */
import { invariantById } from '../../properties/index.ts';
import type { Invariant, InvariantId, InvariantViolation } from '../../properties/invariant.ts';
import type { Program } from '../design/program.ts';
import type { TransitionSystem } from '../engine/types.ts';
import { Fingerprinter } from './fingerprint.ts';
import { Interpreter, type InterpreterOptions } from './interpreter.ts';
import { AmpleSets } from './partial-order.ts';
import { RenamingKeys, renamingApplies } from './renaming.ts';
import { mayBeStuck, scheduleOf } from './schedule.ts';
import { moveKeyer } from './move-keys.ts';
import { SystemStateCodec } from './state-codec.ts';
import type { Move, SystemState } from './state.ts';

export interface DesignSystem extends TransitionSystem<SystemState, Move, InvariantViolation> {
  readonly interpreter: Interpreter;
  readonly fingerprinter: Fingerprinter;
  readonly codec: SystemStateCodec;
  /** The invariants checked, in id order. */
  readonly invariants: readonly Invariant[];
  /** Page and handle renaming, when the options ask for it and the design allows it (renaming.ts). */
  readonly renaming: RenamingKeys | null;
  /** The options it was built with (a worker thread builds its own copy with the same). */
  readonly options: DesignSystemOptions;
  /** One invariant's verdict on a state (no-deadlock with the state's schedule). */
  checkOne(state: SystemState, invariant: Invariant): InvariantViolation | null;
}

/** Options of `designSystem`. */
export interface DesignSystemOptions extends InterpreterOptions {
  /** Merge states equal up to a permutation of interchangeable actors (default true). */
  readonly symmetry?: boolean;
  /**
   * Also merge states equal up to renaming pages and transaction slots, where the design allows it
   * (renaming.ts; default false: for the one-thread exhaustive search, whose caller re-runs the
   * search without it when `renaming.broken` says a state did not allow it).
   */
  readonly renaming?: boolean;
}

/**
 * Builds the system; `invariants` overrides the design's own list (the CLI's --invariant).
 * `options.pageSymmetry` is for the exhaustive search (alloc-choices.ts).
 */
export function designSystem(program: Program, invariants: readonly InvariantId[] = program.invariants, options: DesignSystemOptions = {}): DesignSystem {
  const interpreter = new Interpreter(program, options);
  const fingerprinter = new Fingerprinter(program, options.symmetry);
  const checks: readonly Invariant[] = invariants.map((id) => invariantById(id));
  const checkState = (state: SystemState, only?: (invariant: Invariant) => boolean): InvariantViolation | null => {
    for (const invariant of checks) {
      if (only !== undefined && !only(invariant)) continue;
      // no-deadlock reads the schedule, built only where an actor may be stuck at all.
      const violation =
        invariant.id === 'no-deadlock'
          ? mayBeStuck(interpreter, state)
            ? invariant.check(state.world, scheduleOf(interpreter, state))
            : null
          : invariant.check(state.world);
      if (violation !== null) return violation;
    }
    return null;
  };
  let amples: AmpleSets | null = null;
  const renaming = options.renaming === true && renamingApplies(program) ? new RenamingKeys(fingerprinter) : null;
  return {
    interpreter,
    fingerprinter,
    renaming,
    options,
    invariants: checks,
    checkOne: (state, invariant) => checkState(state, (i) => i === invariant),
    initial: () => interpreter.initial(),
    moves: (state) => interpreter.moves(state),
    apply: (state, move) => interpreter.apply(state, move),
    check: (state) => checkState(state),
    fingerprint: renaming === null ? (state) => fingerprinter.fingerprint(state) : (state) => renaming.key(state),
    fingerprintInto: renaming === null ? (state, out) => fingerprinter.fingerprintInto(state, out) : (state, out) => renaming.fingerprintInto(state, out),
    ample: (state, moves) => (amples ??= new AmpleSets(interpreter)).ample(state, moves),
    moveKey: moveKeyer(program),
    codec: new SystemStateCodec(program, interpreter.initial()),
  };
}
