/**
 * `lendcheck repair` (SPEC section 10): the smallest set of catalogue edits (edits.ts) after which
 * a violating design passes, complete, in exhaustive mode on every variant.
 *
 * Search, after ARepair and BeAFix's edit-and-recheck loop but with the bounded check as the only
 * oracle: candidates are generated at the steps the counterexample touches, the step that broke
 * the invariant first, then the ones before it, then the rest of the design; sizes are tried
 * smallest first. Every size-1 edit is tried; larger sets extend the `beam` most promising partial
 * repairs (fewer failing variants, then a longer shortest counterexample), each with candidates
 * from its own new counterexample. A candidate is accepted only when an exhaustive check of the
 * edited text is complete and passes on every variant, so a repair can never be a fix that merely
 * silences a test: there is no test suite to overfit, only the whole bounded state space.
 */
import type { InputError } from '../input/errors.ts';
import { editable, sourceText, stepItems, type EditableSource, type StepItem } from './design-source.ts';
import { deleteStep, handlerOptions, INSERTABLE_STEPS, insertStep, replaceOnError, setClear, swapWithNext, type Edit } from './edits.ts';
import { checkVariant, passedCompletely, type OracleRun, type ReviewSearch } from './oracle.ts';
import type { Variant } from './variants.ts';

export interface RepairOptions {
  readonly maxEdits: number;
  /** Partial repairs extended at each size beyond 1. */
  readonly beam?: number;
  /** Candidates generated per partial repair beyond size 1. */
  readonly perNode?: number;
  /** Stop after this many candidates in all (a bound on the search, reported if reached). */
  readonly maxCandidates?: number;
}

export interface RepairEdit {
  readonly line: number;
  readonly edit: Edit['kind'];
  readonly text: string;
}

export interface Repair {
  readonly design: string;
  readonly file: string;
  readonly found: boolean;
  /** The design already passes on every variant: nothing to repair. */
  readonly alreadyPasses: boolean;
  readonly edits: readonly RepairEdit[];
  /** The repaired text (the original when nothing was found). */
  readonly text: string;
  readonly original: string;
  /** What the original breaks, on the first variant it fails. */
  readonly broken: { readonly variant: Variant; readonly invariant: string | null; readonly length: number | null } | null;
  readonly candidates: number;
  readonly checks: number;
  /** The search reached maxCandidates before trying every candidate of its sizes. */
  readonly truncated: boolean;
}

export type RepairOutcome = { ok: true; value: Repair } | { ok: false; errors: readonly InputError[] };

interface Node {
  readonly source: EditableSource;
  readonly edits: readonly Edit[];
  /** The failing variant's counterexample lines, last (the breaking step) first. */
  readonly touched: readonly number[];
  /** Index of the variant that failed, checked first for descendants. */
  readonly failing: number;
  readonly score: number;
}

export async function repairDesign(
  file: string,
  text: string,
  variants: readonly Variant[],
  search: ReviewSearch,
  options: RepairOptions,
): Promise<RepairOutcome> {
  const exhaustive: ReviewSearch = { ...search, mode: 'exhaustive' };
  const beam = options.beam ?? 4;
  const perNode = options.perNode ?? 60;
  const maxCandidates = options.maxCandidates ?? 4000;
  let checks = 0;
  let candidates = 0;
  let truncated = false;
  let designName = '';

  const original = editable(text);
  const workLines = new Set(stepItems(original).filter((it) => WORK_STEPS.includes(it.step)).map((it) => it.line));
  // Per variant, the design lines the original does its work on (see aliveLines), from a search
  // that judges nothing, so it sees every behaviour and not only those before the first violation.
  const originalAlive = new Map<number, Set<number>>();
  const aliveInOriginal = async (i: number): Promise<Set<number>> => {
    let alive = originalAlive.get(i);
    if (alive === undefined) {
      const outcome = await checkVariant(file, text, variants[i]!, { ...exhaustive, invariants: [] });
      checks++;
      alive = outcome.ok ? aliveLines(outcome.value, original) : new Set();
      originalAlive.set(i, alive);
    }
    return alive;
  };

  /**
   * Checks `source` on every variant, the last failing one first; stops at the first failure. A
   * pass that stops the design doing its work (a step of the original that ran and succeeded now
   * never does: `leak` before the lend, say) does not count: the design must still do its job.
   */
  const evaluate = async (source: EditableSource, first: number): Promise<{ ok: true; pass: boolean; run: OracleRun | null; failing: number; passed: number } | { ok: false; errors: readonly InputError[] }> => {
    const order = [first, ...variants.map((_, i) => i).filter((i) => i !== first)];
    let passed = 0;
    for (const i of order) {
      const outcome = await checkVariant(file, sourceText(source), variants[i]!, exhaustive);
      checks++;
      if (!outcome.ok) return outcome;
      if (designName === '') designName = outcome.value.program.design;
      if (!passedCompletely(outcome.value)) return { ok: true, pass: false, run: outcome.value, failing: i, passed };
      if (source !== original) {
        const before = await aliveInOriginal(i);
        const after = aliveLines(outcome.value, source);
        const kept = new Set(source.origin.filter((o): o is number => o !== null));
        const lost = [...before].some((line) => (kept.has(line) ? !after.has(line) : workLines.has(line)));
        if (lost) return { ok: true, pass: false, run: null, failing: i, passed };
      }
      passed++;
    }
    return { ok: true, pass: true, run: null, failing: first, passed };
  };

  const base = await evaluate(original, 0);
  if (!base.ok) return base;
  const design = designName;
  const result = (found: boolean, node: Node | null, alreadyPasses = false): Repair => ({
    design,
    file,
    found,
    alreadyPasses,
    edits: (node?.edits ?? []).map((e) => ({ line: e.line, edit: e.kind, text: e.text })),
    text: node === null ? text : sourceText(node.source),
    original: text,
    broken: base.ok && base.run !== null ? { variant: variants[base.failing]!, invariant: base.run.invariant, length: base.run.length } : null,
    candidates,
    checks,
    truncated,
  });
  if (base.pass) return { ok: true, value: result(true, { source: original, edits: [], touched: [], failing: 0, score: 0 }, true) };

  let frontier: Node[] = [{ source: original, edits: [], touched: touchedLines(base.run!), failing: base.failing, score: 0 }];
  const seen = new Set<string>([text]);
  for (let size = 1; size <= options.maxEdits; size++) {
    const next: Node[] = [];
    for (const node of frontier) {
      const edits = candidateEdits(node.source, node.touched);
      for (const edit of size === 1 ? edits : edits.slice(0, perNode)) {
        if (candidates >= maxCandidates) {
          truncated = true;
          break;
        }
        const edited = edit.apply(node.source);
        if (edited === null) continue;
        const editedText = sourceText(edited);
        if (seen.has(editedText)) continue;
        seen.add(editedText);
        candidates++;
        const evaluated = await evaluate(edited, node.failing);
        if (!evaluated.ok) continue; // the edit made the design invalid: not a candidate
        if (!evaluated.pass && evaluated.run === null) continue; // passes only by no longer doing its work
        const child: Node = {
          source: edited,
          edits: [...node.edits, edit],
          touched: evaluated.run === null ? [] : touchedLines(evaluated.run),
          failing: evaluated.failing,
          score: evaluated.passed * 1000 + (evaluated.run?.length ?? 0),
        };
        if (evaluated.pass) return { ok: true, value: result(true, child) };
        next.push(child);
      }
    }
    // Stable sort: among equal scores, the candidate generated first (nearest the break) leads.
    frontier = next.map((n, i) => ({ n, i })).sort((a, b) => b.n.score - a.n.score || a.i - b.i).slice(0, beam).map((x) => x.n);
    if (frontier.length === 0) break;
  }
  return { ok: true, value: result(false, null) };
}

/** Steps that are the design's work: a repair may not delete one that ran and succeeded. */
const WORK_STEPS: readonly string[] = ['alloc', 'ffa_lend', 'ffa_share', 'ffa_donate', 'iommu_map', 'vmap', 'mmap_user', 'memremap', 'pool_alloc'];

/**
 * Original line numbers of the top-level kernel steps that the check saw run and succeed at least
 * once: the work the design does. A repair may not lose any of them.
 */
function aliveLines(run: OracleRun, source: EditableSource): Set<number> {
  const coverage = run.result.report.coverage;
  const alive = new Set<number>();
  if (coverage === undefined) return alive;
  for (const item of stepItems(source)) {
    if (item.inHandler) continue;
    const column = item.prefix.length + 1;
    const at = (c: { line: number; column: number }) => c.line === item.line && c.column === column;
    if (coverage.unreached.some(at)) continue;
    if (coverage.oneWay.some((c) => at(c) && (c.only === 'failed' || c.only === 'else'))) continue;
    const line = source.origin[item.line - 1];
    if (line !== null && line !== undefined) alive.add(line);
  }
  return alive;
}

/** Design lines of the counterexample's kernel steps, the last (where it broke) first, once each. */
function touchedLines(run: OracleRun): number[] {
  const trace = run.result.report.violation?.trace ?? [];
  const lines: number[] = [];
  for (let i = trace.length - 1; i >= 0; i--) {
    const line = trace[i]!.line;
    if (line !== undefined && !lines.includes(line)) lines.push(line);
  }
  return lines;
}

/** Every catalogue edit of `source`, at the touched steps first (in `touched` order), then the rest. */
export function candidateEdits(source: EditableSource, touched: readonly number[]): Edit[] {
  const items = stepItems(source);
  // The innermost item containing a line (an on_error step's line is its parent's on_error line).
  const itemAt = (line: number): StepItem | undefined =>
    items.filter((it) => it.line <= line && line <= it.endLine).sort((a, b) => b.path.length - a.path.length)[0];
  const ordered: StepItem[] = [];
  for (const line of touched) {
    const item = itemAt(line);
    if (item !== undefined && !ordered.includes(item)) ordered.push(item);
  }
  for (const item of items) if (!ordered.includes(item)) ordered.push(item);

  // The least invasive kinds first, each across the items in order: a handler or flag fixed in
  // place reads better than a new step, and a new step better than a deleted one.
  const kinds: Edit[][] = [[], [], [], [], []];
  const push = (kind: number, edit: Edit | null) => {
    if (edit !== null) kinds[kind]!.push(edit);
  };
  for (const item of ordered) {
    const next = items.find((it) => it.index === item.index + 1 && samePath(it.path, item.path));
    const previous = items.find((it) => it.index === item.index - 1 && samePath(it.path, item.path));
    if (item.onError !== null && item.buffer !== null) for (const list of handlerOptions(item.buffer)) push(0, replaceOnError(item, list, source));
    push(1, setClear(item, source));
    if (previous !== undefined) push(2, swapWithNext(previous, item, source));
    if (next !== undefined) push(2, swapWithNext(item, next, source));
    for (const step of INSERTABLE_STEPS) push(3, insertStep(item, 'before', step, source));
    for (const step of INSERTABLE_STEPS) push(3, insertStep(item, 'after', step, source));
    push(4, deleteStep(item, source));
  }
  const edits = kinds.flat();
  return edits;
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.slice(0, -1).every((p, i) => p === b[i]);
}
