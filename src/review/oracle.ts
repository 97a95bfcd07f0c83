/**
 * The check every review orchestration asks: one design text, one platform variant, through the
 * ordinary loader and checkProgram, so review, explain and repair judge exactly as `check` does.
 */
import type { InputError } from '../input/errors.ts';
import { loadDesignText } from '../design/load.ts';
import type { Program } from '../design/program.ts';
import { checkProgram, type CheckOptions, type CheckResult } from '../system/check.ts';
import { applyVariant, variantLabel, type Variant } from './variants.ts';

/**
 * Search settings for a review check: the check's own options (the CLI's flags; exhaustive unless
 * asked otherwise), less what a review sets per cell (reports, progress, workers, shards).
 * `invariants: []` explores every behaviour without judging it.
 */
export type ReviewSearch = Pick<CheckOptions, 'mode' | 'seed' | 'runs' | 'maxSteps' | 'depth' | 'maxStates' | 'timeoutMs' | 'signal' | 'invariants'>;

/** What a review cell reports. */
export interface Verdict {
  readonly verdict: 'violation' | 'pass' | 'incomplete';
  /** The broken invariant, or null. */
  readonly invariant: string | null;
  /** Trace length of the counterexample, or null. */
  readonly length: number | null;
}

export interface OracleRun extends Verdict {
  readonly program: Program;
  readonly text: string;
  readonly result: CheckResult;
}

export type OracleOutcome = { ok: true; value: OracleRun } | { ok: false; errors: readonly InputError[] };

/** Loads `text` with `variant` applied and checks it. `replayCommand` names the cell's trace.json. */
export async function checkVariant(
  file: string,
  text: string,
  variant: Variant,
  search: ReviewSearch,
  replayCommand = 'lendcheck replay trace.json',
): Promise<OracleOutcome> {
  const varied = applyVariant(text, variant);
  if (varied === null) {
    return { ok: false, errors: [{ file, line: 0, column: 0, message: `cannot set ${variantLabel(variant)} in the platform block (write platform as a map)` }] };
  }
  const loaded = loadDesignText(file, varied);
  if (!loaded.ok) return { ok: false, errors: loaded.errors };
  const options: CheckOptions = {
    mode: search.mode,
    seed: search.seed,
    runs: search.runs,
    maxSteps: search.maxSteps,
    replayCommand,
    ...(search.depth === undefined ? {} : { depth: search.depth }),
    ...(search.maxStates === undefined ? {} : { maxStates: search.maxStates }),
    ...(search.timeoutMs === undefined ? {} : { timeoutMs: search.timeoutMs }),
    ...(search.signal === undefined ? {} : { signal: search.signal }),
    ...(search.invariants === undefined ? {} : { invariants: search.invariants }),
  };
  const result = await checkProgram(loaded.value, options);
  const v = result.report.violation;
  return {
    ok: true,
    value: {
      verdict: result.report.verdict,
      invariant: v?.invariant ?? null,
      length: v?.trace.length ?? null,
      program: loaded.value,
      text: varied,
      result,
    },
  };
}

/** A pass that counts for repair and explain: exhaustive and complete. */
export function passedCompletely(run: OracleRun): boolean {
  return run.verdict === 'pass' && run.result.report.mode === 'exhaustive' && run.result.report.stats.complete;
}
