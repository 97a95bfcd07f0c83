/**
 * `lendcheck review` (SPEC section 10): every design on every platform variant, one cell each.
 * Loads every cell before checking any, so a bad design or a bad --vary value stops the review
 * with its location before a search runs.
 */
import type { InputError } from '../input/errors.ts';
import { loadDesignText } from '../design/load.ts';
import { checkVariant, type OracleRun, type ReviewSearch, type Verdict } from './oracle.ts';
import { applyVariant, variantLabel, variantSlug, type Variant } from './variants.ts';

export interface DesignText {
  readonly file: string;
  readonly text: string;
}

export interface ReviewCell extends Verdict {
  readonly variant: Variant;
  /** Directory of the cell's reports, relative to the review's directory: `<design>/<variant>`. */
  readonly dir: string;
  readonly run: OracleRun;
}

export interface ReviewRow {
  readonly design: string;
  readonly file: string;
  readonly title: string;
  readonly cells: readonly ReviewCell[];
}

export interface Review {
  readonly variants: readonly Variant[];
  readonly rows: readonly ReviewRow[];
}

export type ReviewOutcome = { ok: true; value: Review } | { ok: false; errors: readonly InputError[] };

/** Checks every design on every variant; `replayFor` names a cell's trace.json in its report. */
export async function reviewDesigns(
  designs: readonly DesignText[],
  variants: readonly Variant[],
  search: ReviewSearch,
  replayFor: (cellDir: string) => string = (dir) => `lendcheck replay ${dir}/trace.json`,
): Promise<ReviewOutcome> {
  const errors: InputError[] = [];
  const ids: string[] = [];
  for (const design of designs) {
    ids.push('');
    for (const variant of variants) {
      const varied = applyVariant(design.text, variant);
      const loaded = varied === null ? null : loadDesignText(design.file, varied);
      if (loaded === null) errors.push({ file: design.file, line: 0, column: 0, message: `cannot set ${variantLabel(variant)} in the platform block` });
      else if (!loaded.ok) errors.push(...loaded.errors.map((e) => ({ ...e, message: `${e.message} (with ${variantLabel(variant)})` })));
      else ids[ids.length - 1] = loaded.value.design;
    }
  }
  if (errors.length > 0) return { ok: false, errors: dedupe(errors) };

  const rows: ReviewRow[] = [];
  for (const [i, design] of designs.entries()) {
    const cells: ReviewCell[] = [];
    let title = '';
    for (const variant of variants) {
      const dir = `${ids[i]}/${variantSlug(variant)}`;
      const outcome = await checkVariant(design.file, design.text, variant, search, replayFor(dir));
      if (!outcome.ok) return outcome;
      const run = outcome.value;
      title = run.program.title;
      cells.push({ verdict: run.verdict, invariant: run.invariant, length: run.length, variant, dir, run });
    }
    rows.push({ design: ids[i]!, file: design.file, title, cells });
  }
  return { ok: true, value: { variants, rows } };
}

/** The severity order of cell verdicts: the review's exit code is its worst cell's. */
export const VERDICT_SEVERITY: readonly Verdict['verdict'][] = ['pass', 'incomplete', 'violation'];

export function worstVerdict(review: Review): Verdict['verdict'] {
  let worst: Verdict['verdict'] = 'pass';
  for (const row of review.rows) {
    for (const cell of row.cells) if (VERDICT_SEVERITY.indexOf(cell.verdict) > VERDICT_SEVERITY.indexOf(worst)) worst = cell.verdict;
  }
  return worst;
}

/** The `review.json` object of SPEC section 10 (extras after the contract's fields). */
export function reviewJson(review: Review): Record<string, unknown> {
  return {
    variants: review.variants,
    rows: review.rows.map((row) => ({
      design: row.design,
      cells: row.cells.map((c) => ({
        verdict: c.verdict,
        invariant: c.invariant,
        length: c.length,
        ...(c.verdict === 'violation' ? { trace: `${c.dir}/trace.md` } : {}),
        ...(c.run.result.report.cutShort !== undefined ? { cutShort: c.run.result.report.cutShort } : {}),
        complete: c.run.result.report.stats.complete,
      })),
      file: row.file,
    })),
  };
}

function dedupe(errors: readonly InputError[]): InputError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.file}:${e.line}:${e.column}:${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
