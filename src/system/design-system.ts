/**
 * A compiled design as the abstract transition system the engines explore: states, enabled moves,
 * apply, the design's invariants, canonical fingerprints and move names.
 */
import { invariantById } from '../../properties/index.ts';
import type { Invariant, InvariantId, InvariantViolation } from '../../properties/invariant.ts';
import type { Program } from '../design/program.ts';
import type { TransitionSystem } from '../engine/types.ts';
import { Fingerprinter } from './fingerprint.ts';
import { Interpreter } from './interpreter.ts';
import { moveKeyer } from './move-keys.ts';
import { SystemStateCodec } from './state-codec.ts';
import type { Move, SystemState } from './state.ts';

export interface DesignSystem extends TransitionSystem<SystemState, Move, InvariantViolation> {
  readonly interpreter: Interpreter;
  readonly fingerprinter: Fingerprinter;
  /** The invariants checked, in id order. */
  readonly invariants: readonly Invariant[];
}

/** Builds the system; `invariants` overrides the design's own list (the CLI's --invariant). */
export function designSystem(program: Program, invariants: readonly InvariantId[] = program.invariants): DesignSystem {
  const interpreter = new Interpreter(program);
  const fingerprinter = new Fingerprinter(program);
  const checks: readonly Invariant[] = invariants.map((id) => invariantById(id));
  return {
    interpreter,
    fingerprinter,
    invariants: checks,
    initial: () => interpreter.initial(),
    moves: (state) => interpreter.moves(state),
    apply: (state, move) => interpreter.apply(state, move),
    check: (state) => {
      for (const invariant of checks) {
        const violation = invariant.check(state.world);
        if (violation !== null) return violation;
      }
      return null;
    },
    fingerprint: (state) => fingerprinter.fingerprint(state),
    fingerprintInto: (state, out) => fingerprinter.fingerprintInto(state, out),
    moveKey: moveKeyer(program),
    codec: new SystemStateCodec(program, interpreter.initial()),
  };
}
