/**
 * One review as the CLI and the library both run it (SPEC section 10): every design on every
 * variant of the varied platform knobs, review.md, review.json and junit.xml written into the
 * review directory, and each violating cell's trace.md, trace.svg and trace.json beside them.
 * Errors are values here; the CLI prints them, the public API (src/index.ts) turns them into rejections.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { InputError } from '../input/errors.ts';
import { formatReviewJunit, formatReviewMarkdown } from '../report/review.ts';
import { writeAtomic } from '../report/write.ts';
import { reviewDesigns, reviewJson, worstVerdict, type Review } from '../review/matrix.ts';
import { DEFAULT_VARY } from '../review/variants.ts';
import type { Verdict } from '../review/oracle.ts';
import { readDesigns, reviewSearch, reviewVariants, type SearchArgs } from './review-flags.ts';
import { saveReports } from './save-reports.ts';

/** The flags of `lendcheck review`, camelCase. */
export interface ReviewFlags extends SearchArgs {
  /** `--vary KNOB=V1,V2`, repeatable (default: hypervisor=none,pkvm,hafnium). */
  readonly vary?: readonly string[];
  /** The review directory (default reports/review). */
  readonly out?: string;
}

/** Default report directory of a review. */
export const REVIEW_DIR = join('reports', 'review');

export type ReviewRun =
  | {
      readonly ok: true;
      readonly review: Review;
      /** The review.json object. */
      readonly json: Record<string, unknown>;
      readonly out: string;
      readonly worst: Verdict['verdict'];
    }
  /** Options or files the review cannot run with, or a directory it cannot write: the message. */
  | { readonly ok: false; readonly kind: 'usage' | 'write'; readonly error: string }
  /** Designs that do not load: every located error. */
  | { readonly ok: false; readonly kind: 'design'; readonly errors: readonly InputError[] };

export async function runReview(designFiles: readonly string[], flags: ReviewFlags): Promise<ReviewRun> {
  const search = reviewSearch(flags);
  if (!search.ok) return { ok: false, kind: 'usage', error: search.error };
  const variants = reviewVariants(flags.vary ?? [], DEFAULT_VARY);
  if (!variants.ok) return { ok: false, kind: 'usage', error: variants.error };
  const designs = readDesigns(designFiles);
  if (!designs.ok) return { ok: false, kind: 'usage', error: designs.error };
  const out = flags.out ?? REVIEW_DIR;
  const outcome = await reviewDesigns(designs.value, variants.value, search.value, (dir) => `lendcheck replay ${join(out, dir, 'trace.json')}`);
  if (!outcome.ok) return { ok: false, kind: 'design', errors: outcome.errors };
  const review = outcome.value;
  const json = reviewJson(review);
  try {
    for (const row of review.rows) {
      for (const cell of row.cells) {
        if (cell.verdict !== 'violation') continue;
        const saved = saveReports(join(out, cell.dir), cell.run.program, cell.run.result, new Set(['md', 'svg', 'json'] as const));
        if (!saved.ok) return { ok: false, kind: 'write', error: saved.error };
      }
    }
    mkdirSync(out, { recursive: true });
    writeAtomic(join(out, 'review.md'), formatReviewMarkdown(review, search.value.mode));
    writeAtomic(join(out, 'review.json'), `${JSON.stringify(json, null, 2)}\n`);
    writeAtomic(join(out, 'junit.xml'), formatReviewJunit(review));
  } catch (e) {
    return { ok: false, kind: 'write', error: `cannot write the review to ${out}: ${(e as Error).message}` };
  }
  return { ok: true, review, json, out, worst: worstVerdict(review) };
}
