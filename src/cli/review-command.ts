/** `lendcheck review`: the design x platform matrix, written as review.md, review.json and junit.xml. */
import { join } from 'node:path';
import { runReview } from '../api/review.ts';
import type { SearchArgs } from '../api/review-flags.ts';
import { formatInputError } from '../input/errors.ts';
import { formatReviewTable } from '../report/review.ts';
import { EXIT, type Io } from './io.ts';

export { REVIEW_DIR } from '../api/review.ts';

export interface ReviewArgs extends SearchArgs {
  readonly designs: readonly string[];
  readonly vary: readonly string[];
  readonly out: string | undefined;
  readonly json: boolean;
}

export async function reviewCommand(args: ReviewArgs, io: Io): Promise<number> {
  const run = await runReview(args.designs, args);
  if (!run.ok) {
    io.stderr(run.kind === 'design' ? run.errors.map((e) => `${formatInputError(e)}\n`).join('') : `lendcheck: ${run.error}\n`);
    return EXIT.usage;
  }
  const { review, json, out } = run;
  if (args.json) io.stdout(`${JSON.stringify(json)}\n`);
  else io.stdout(`${formatReviewTable(review, `${out}/`)}\nreview: ${join(out, 'review.md')}, ${join(out, 'review.json')}, ${join(out, 'junit.xml')}\n`);
  return run.worst === 'violation' ? EXIT.violation : run.worst === 'incomplete' ? EXIT.incomplete : EXIT.ok;
}
