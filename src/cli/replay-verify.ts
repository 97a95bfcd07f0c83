/**
 * Before `replay` judges a saved violation, the saved trace must be what its moves do: every move
 * key enabled where it is due, and every recorded step (actor, step, arguments, result, handle)
 * the one the re-execution takes. Otherwise the file was edited or cut short, and replaying it
 * would answer about some other trace.
 */
import type { ReplayResult } from '../engine/replay.ts';
import type { InvariantViolation } from '../../properties/invariant.ts';
import { traceMismatches } from '../report/trace-compare.ts';
import type { SavedTrace } from '../report/trace-file.ts';
import type { DesignSystem } from '../system/design-system.ts';
import { explainTrace } from '../system/readable-trace.ts';
import type { Move, SystemState } from '../system/state.ts';
import { summarizeStep } from '../system/trace.ts';

/** What does not match, as sentences (`step 3: recorded no_such_step, replayed unmap_linear`); empty when all does. */
export function savedTraceMismatches(
  system: DesignSystem,
  saved: SavedTrace,
  replay: ReplayResult<SystemState, Move, InvariantViolation>,
): string[] {
  const replayed = explainTrace(system.interpreter, replay.trace).steps.map(summarizeStep);
  if (replay.disabled !== null) {
    const { step, key, enabled } = replay.disabled;
    const recorded = saved.trace[step];
    const what = recorded === undefined ? `move ${key}` : `${recorded.actor} ${recorded.step} (move ${key})`;
    return [
      ...traceMismatches(saved.trace.slice(0, step), replayed),
      `step ${step + 1}: recorded ${what}, which is not possible there; possible moves: ${enabled.join(', ') || 'none'}`,
    ];
  }
  return traceMismatches(saved.trace, replayed);
}
