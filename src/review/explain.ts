/**
 * `lendcheck explain` (SPEC section 10): which steps carry a passing design's proof. As Alloy's
 * unsat core in its minimal strategy drops one constraint and re-checks, each kernel step and each
 * `on_error` branch is removed in turn and the design re-checked exhaustively with the same
 * bounds: the invariant that breaks without it and its shortest trace, or "not needed".
 */
import { kernelStepSpec } from '../../model/steps.ts';
import type { InputError } from '../input/errors.ts';
import type { CutShort } from '../system/cut-short.ts';
import { editable, sourceText, stepItems } from './design-source.ts';
import { deleteStep, removeOnError, type Edit } from './edits.ts';
import { checkVariant, type OracleRun, type ReviewSearch } from './oracle.ts';
import type { Variant } from './variants.ts';

export interface StepNecessity {
  /** Design file line of the step (of the `on_error` key for a branch). */
  readonly line: number;
  readonly procedure: string;
  /** The kernel step, or `on_error` for a branch. */
  readonly step: string;
  /** For an `on_error` branch: the step it belongs to. */
  readonly of?: string;
  /** true: something breaks without it; false: the design still passes, complete; null: unknown. */
  readonly needed: boolean | null;
  /** The invariant that breaks without it. */
  readonly breaks: string | null;
  /** Length of the shortest trace that breaks it. */
  readonly length: number | null;
  /** Why `needed` is null (the search stopped on a budget, or the design does not load without it). */
  readonly note?: string;
  /** A step not needed whose removal lets runs end early (an actor stopped on an unhandled error). */
  readonly cutShort?: CutShort;
}

export interface Explanation {
  readonly design: string;
  readonly file: string;
  /** The design's own verdict; steps are explained only for a complete pass. */
  readonly verdict: OracleRun['verdict'];
  readonly complete: boolean;
  readonly invariant: string | null;
  readonly steps: readonly StepNecessity[];
  /** Exhaustive checks run (the design itself included). */
  readonly checks: number;
}

export type ExplainOutcome = { ok: true; value: Explanation } | { ok: false; errors: readonly InputError[] };

export async function explainDesign(file: string, text: string, search: ReviewSearch, variant: Variant = {}): Promise<ExplainOutcome> {
  const exhaustive: ReviewSearch = { ...search, mode: 'exhaustive' };
  const base = await checkVariant(file, text, variant, exhaustive);
  if (!base.ok) return base;
  const run = base.value;
  const header = {
    design: run.program.design,
    file,
    verdict: run.verdict,
    complete: run.result.report.stats.complete,
    invariant: run.invariant,
  };
  if (run.verdict !== 'pass' || !header.complete) return { ok: true, value: { ...header, steps: [], checks: 1 } };

  const source = editable(text);
  const removals: { edit: Edit; entry: Omit<StepNecessity, 'needed' | 'breaks' | 'length'> }[] = [];
  for (const item of stepItems(source)) {
    if (kernelStepSpec(item.step) !== undefined) {
      removals.push({ edit: deleteStep(item, source), entry: { line: item.line, procedure: item.procedure, step: item.step } });
    }
    const branch = removeOnError(item, source);
    if (branch !== null && item.onError !== null) {
      removals.push({ edit: branch, entry: { line: item.onError.line, procedure: item.procedure, step: 'on_error', of: item.step } });
    }
  }
  removals.sort((a, b) => a.entry.line - b.entry.line);

  const steps: StepNecessity[] = [];
  let checks = 1;
  for (const { edit, entry } of removals) {
    const edited = edit.apply(source);
    if (edited === null) {
      steps.push({ ...entry, needed: null, breaks: null, length: null, note: 'cannot be removed without emptying its list or reflowing the file' });
      continue;
    }
    const outcome = await checkVariant(file, sourceText(edited), variant, exhaustive);
    checks++;
    if (!outcome.ok) {
      steps.push({ ...entry, needed: null, breaks: null, length: null, note: `the design does not load without it: ${outcome.errors[0]?.message ?? 'invalid'}` });
      continue;
    }
    const r = outcome.value;
    if (r.verdict === 'violation') steps.push({ ...entry, needed: true, breaks: r.invariant, length: r.length });
    else if (r.verdict === 'pass' && r.result.report.stats.complete) {
      const cut = r.result.report.cutShort;
      steps.push({ ...entry, needed: false, breaks: null, length: null, ...(cut === undefined ? {} : { cutShort: cut }) });
    }
    else steps.push({ ...entry, needed: null, breaks: null, length: null, note: `search without it stopped before its bound: ${r.result.report.reason ?? 'incomplete'}` });
  }
  return { ok: true, value: { ...header, steps, checks } };
}
