/**
 * Where in the design file a trace step points, for code scanning (SARIF) and workflow annotations.
 * A kernel step carries the line of its design step; an environment step (the secure world, the
 * CPU, a device, hibernation) has no line of its own, so it points at the last kernel step before
 * it, which is where the driver was when the environment moved; before any kernel step, line 1.
 */
import { createHash } from 'node:crypto';
import type { TraceStep, ViolationReport } from '../system/trace.ts';
import { formatArgs } from './format.ts';

/** The design line of step `index` (0-based) of `trace`. */
export function stepLine(trace: readonly TraceStep[], index: number): number {
  for (let i = index; i >= 0; i--) {
    const line = trace[i]?.line;
    if (line !== undefined) return line;
  }
  return 1;
}

/** The kernel step a violation is reported on: the breaking step, or the last kernel step before it. */
export function primaryStep(v: ViolationReport): TraceStep | null {
  for (let i = v.step - 1; i >= 0; i--) {
    const step = v.trace[i]!;
    if (step.line !== undefined) return step;
  }
  return null;
}

/** The design line a violation is reported on. */
export function primaryLine(v: ViolationReport): number {
  return stepLine(v.trace, v.step - 1);
}

/**
 * A fingerprint of a violation that survives re-runs and edits elsewhere in the file: a hash of the
 * design id, the invariant and the text of the step it is reported on (step name and arguments, not
 * the actor, the line, the seed or any timing), in GitHub's `hash:occurrence` shape.
 */
export function violationFingerprint(design: string, v: ViolationReport): string {
  const step = primaryStep(v);
  const text = step === null ? '(start)' : `${step.step} ${formatArgs(step.args)}`;
  const hash = createHash('sha256').update(`${design}\u0000${v.invariant}\u0000${text}`).digest('hex').slice(0, 16);
  return `${hash}:1`;
}

/** A design path as a SARIF/annotation file reference: forward slashes, relative when given so. */
export function fileUri(file: string): string {
  const posix = file.replace(/\\/g, '/');
  const path = posix.startsWith('./') ? posix.slice(2) : posix;
  return path.startsWith('/') ? `file://${encodeURI(path)}` : encodeURI(path);
}
