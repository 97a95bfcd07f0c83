/**
 * Is a saved trace what its moves do? `replay` re-executes a trace.json's move keys and compares
 * every recorded step (actor, step, arguments, result, handle) with the step the re-execution
 * took, so an edited, shuffled or truncated trace is reported (exit 2) instead of being silently
 * replayed as something else. Line numbers and state changes are not compared: they are derived
 * from the design text and the state, which replay recomputes.
 */
import type { StepSummary } from '../system/trace.ts';

/** The first `limit` differences between the recorded steps and the replayed ones, as sentences. */
export function traceMismatches(recorded: readonly StepSummary[], replayed: readonly StepSummary[], limit = 5): string[] {
  const out: string[] = [];
  const n = Math.min(recorded.length, replayed.length);
  for (let i = 0; i < n && out.length < limit; i++) {
    const diff = stepMismatch(recorded[i]!, replayed[i]!);
    if (diff !== null) out.push(`step ${i + 1}: ${diff}`);
  }
  if (out.length < limit && recorded.length !== replayed.length) {
    out.push(`the trace records ${recorded.length} step${recorded.length === 1 ? '' : 's'}, the replay took ${replayed.length}`);
  }
  return out;
}

/** What differs between a recorded step and the replayed one, or null when they agree. */
export function stepMismatch(recorded: StepSummary, replayed: StepSummary): string | null {
  const parts: string[] = [];
  if (recorded.actor !== replayed.actor) parts.push(`recorded actor ${recorded.actor}, replayed ${replayed.actor}`);
  if (recorded.step !== replayed.step) parts.push(`recorded ${recorded.step}, replayed ${replayed.step}`);
  else if (canonical(recorded.args) !== canonical(replayed.args)) {
    parts.push(`recorded ${recorded.step} ${canonical(recorded.args)}, replayed ${canonical(replayed.args)}`);
  }
  if (recorded.result !== replayed.result) parts.push(`recorded result ${recorded.result}, replayed ${replayed.result}`);
  if (recorded.handle !== replayed.handle) parts.push(`recorded handle ${recorded.handle ?? 'none'}, replayed ${replayed.handle ?? 'none'}`);
  return parts.length === 0 ? null : parts.join('; ');
}

/** JSON with object keys sorted, so that key order does not count as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
