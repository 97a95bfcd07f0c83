/**
 * lendcheck as a library (SPEC section 12): `loadDesign` gives a compiled design or rejects with a
 * DesignError carrying every located error; `check` gives the object `lendcheck check --json`
 * prints; `review` the object `lendcheck review --json` prints. Inside, errors are values; here
 * they become one rejection each.
 *
 *   import { check, loadDesign, review } from 'lendcheck';
 *   const report = await check(await loadDesign('designs/optee-protmem-merged.yaml'), { seed: 1 });
 *   report.verdict; // 'violation'
 *   const matrix = await review(['designs/optee-protmem-merged.yaml'], { vary: ['hypervisor=none,pkvm'] });
 *   matrix.rows[0].cells[1].verdict; // the pkvm column's
 */
import { checkDesign, planCheck, reportDir, type CheckFlags } from './api/check.ts';
import { runReview, type ReviewFlags } from './api/review.ts';
import { loadDesignFile, loadDesignText } from './design/load.ts';
import type { Program } from './design/program.ts';
import type { ProgressListener } from './engine/progress.ts';
import { formatInputError, type InputError } from './input/errors.ts';
import { toJsonReport, type JsonReport } from './report/json.ts';

export type { CheckFlags } from './api/check.ts';
export type { ReviewFlags } from './api/review.ts';
export type { InputError } from './input/errors.ts';
export type { JsonReport, JsonTraceStep, JsonViolation } from './report/json.ts';
export type { CheckStats, StepSummary } from './system/trace.ts';
export type { CoverageReport } from './system/coverage.ts';
export type { Platform } from '../model/platform.ts';
export { INVARIANT_IDS, type InvariantId } from '../properties/invariant.ts';
export { VERSION } from './version.ts';

/** A compiled design, as `loadDesign` returns it and `check` takes it. */
export type Design = Program;

/** What `check` returns: exactly the object `lendcheck check --json` prints for the design. */
export type CheckReport = JsonReport;

/** `check`'s options: the CLI's flags in camelCase, plus a signal to stop the search. */
export interface CheckOptions extends CheckFlags {
  /** Aborting stops an exhaustive search cleanly, with verdict `incomplete` (as Ctrl-C does). */
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}

/** A design that does not load: every error with its file, line and column. */
export class DesignError extends Error {
  override readonly name = 'DesignError';
  constructor(readonly errors: readonly InputError[]) {
    super(errors.map(formatInputError).join('\n'));
  }
}

/** Options `check` cannot run with (the message is the CLI's, e.g. `--runs expects a positive integer, got 0`). */
export class OptionsError extends Error {
  override readonly name = 'OptionsError';
}

/** A check that ran but could not write its report files. */
export class ReportWriteError extends Error {
  override readonly name = 'ReportWriteError';
}

/** Reads and compiles a design file (YAML or JSON). */
export async function loadDesign(path: string): Promise<Design> {
  const loaded = loadDesignFile(path);
  if (!loaded.ok) throw new DesignError(loaded.errors);
  return loaded.value;
}

/** Compiles design text; `file` names it in errors and reports. */
export async function parseDesign(text: string, file = 'design.yaml'): Promise<Design> {
  const loaded = loadDesignText(file, text);
  if (!loaded.ok) throw new DesignError(loaded.errors);
  return loaded.value;
}

/**
 * Checks a design (or the design file at a path) as `lendcheck check <design> --json` does, flags
 * as options: the same search, the same report files of a violation under `out` (default
 * `reports/<design>/`), and the same object.
 */
export async function check(design: Design | string, options: CheckOptions = {}): Promise<CheckReport> {
  const program = typeof design === 'string' ? await loadDesign(design) : design;
  const plan = planCheck(options);
  if (!plan.ok) throw new OptionsError(plan.error);
  const checked = await checkDesign(program, plan.value, reportDir(options.out, program, 1), {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  if (!checked.ok) throw new ReportWriteError(checked.error);
  // The printed object: a JSON round trip, so no field is there that --json would leave out.
  return JSON.parse(JSON.stringify(toJsonReport(checked.value.result.report))) as CheckReport;
}

/** What `review` returns: exactly the object `lendcheck review --json` prints (SPEC section 10). */
export interface ReviewReport {
  readonly variants: readonly Readonly<Record<string, string>>[];
  readonly rows: readonly {
    readonly design: string;
    readonly file: string;
    readonly cells: readonly {
      readonly verdict: 'pass' | 'violation' | 'incomplete';
      readonly invariant: string | null;
      readonly length: number | null;
      /** A violating cell's trace.md, relative to the review directory. */
      readonly trace?: string;
      readonly cutShort?: { readonly kernelFault: number; readonly actorEnded: number };
      readonly complete: boolean;
    }[];
  }[];
}

/**
 * Reviews design files as `lendcheck review <designs>... --json` does, flags as options: every
 * design on every variant of the varied knobs (`vary`, default hypervisor=none,pkvm,hafnium), the
 * same review.md, review.json and junit.xml under `out` (default reports/review/), and the same object.
 */
export async function review(designs: string | readonly string[], options: ReviewFlags = {}): Promise<ReviewReport> {
  const run = await runReview(typeof designs === 'string' ? [designs] : designs, options);
  if (run.ok) return JSON.parse(JSON.stringify(run.json)) as ReviewReport;
  if (run.kind === 'design') throw new DesignError(run.errors);
  throw run.kind === 'usage' ? new OptionsError(run.error) : new ReportWriteError(run.error);
}
