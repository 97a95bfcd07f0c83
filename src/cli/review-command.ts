/** `lendcheck review`: the design x platform matrix, written as review.md, review.json and junit.xml. */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { formatInputError } from '../input/errors.ts';
import { formatReviewJunit, formatReviewMarkdown, formatReviewTable } from '../report/review.ts';
import { writeAtomic } from '../report/write.ts';
import { reviewDesigns, reviewJson, worstVerdict } from '../review/matrix.ts';
import { DEFAULT_VARY } from '../review/variants.ts';
import { EXIT, type Io } from './io.ts';
import { saveReports } from '../api/save-reports.ts';
import { readDesigns, reviewSearch, reviewVariants, type SearchArgs } from './review-options.ts';

export interface ReviewArgs extends SearchArgs {
  readonly designs: readonly string[];
  readonly vary: readonly string[];
  readonly out: string | undefined;
  readonly json: boolean;
}

/** Default report directory of a review. */
export const REVIEW_DIR = join('reports', 'review');

export async function reviewCommand(args: ReviewArgs, io: Io): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`lendcheck: ${message}\n`);
    return EXIT.usage;
  };
  const search = reviewSearch(args);
  if (!search.ok) return usage(search.error);
  const variants = reviewVariants(args.vary, DEFAULT_VARY);
  if (!variants.ok) return usage(variants.error);
  const designs = readDesigns(args.designs);
  if (!designs.ok) return usage(designs.error);
  const out = args.out ?? REVIEW_DIR;

  const outcome = await reviewDesigns(designs.value, variants.value, search.value, (dir) => `lendcheck replay ${join(out, dir, 'trace.json')}`);
  if (!outcome.ok) {
    io.stderr(outcome.errors.map((e) => `${formatInputError(e)}\n`).join(''));
    return EXIT.usage;
  }
  const review = outcome.value;
  const json = reviewJson(review);
  try {
    for (const row of review.rows) {
      for (const cell of row.cells) {
        if (cell.verdict !== 'violation') continue;
        const saved = saveReports(join(out, cell.dir), cell.run.program, cell.run.result, new Set(['md', 'svg', 'json'] as const));
        if (!saved.ok) return usage(saved.error);
      }
    }
    mkdirSync(out, { recursive: true });
    writeAtomic(join(out, 'review.md'), formatReviewMarkdown(review, search.value.mode));
    writeAtomic(join(out, 'review.json'), `${JSON.stringify(json, null, 2)}\n`);
    writeAtomic(join(out, 'junit.xml'), formatReviewJunit(review));
  } catch (e) {
    return usage(`cannot write the review to ${out}: ${(e as Error).message}`);
  }
  if (args.json) io.stdout(`${JSON.stringify(json)}\n`);
  else io.stdout(`${formatReviewTable(review, `${out}/`)}\nreview: ${join(out, 'review.md')}, ${join(out, 'review.json')}, ${join(out, 'junit.xml')}\n`);
  const worst = worstVerdict(review);
  return worst === 'violation' ? EXIT.violation : worst === 'incomplete' ? EXIT.incomplete : EXIT.ok;
}
