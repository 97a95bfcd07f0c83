/** `lendcheck explain <design>`: which steps carry a passing design's proof. */
import { formatInputError } from '../input/errors.ts';
import { explanationJson, formatExplanationTerminal } from '../report/necessity.ts';
import { explainDesign } from '../review/explain.ts';
import { EXIT, type Io } from './io.ts';
import { readDesigns, reviewSearch, type SearchArgs } from '../api/review-flags.ts';

export interface ExplainArgs extends SearchArgs {
  readonly design: string;
  readonly json: boolean;
}

export async function explainCommand(args: ExplainArgs, io: Io): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`lendcheck: ${message}\n`);
    return EXIT.usage;
  };
  const search = reviewSearch(args);
  if (!search.ok) return usage(search.error);
  const designs = readDesigns([args.design]);
  if (!designs.ok) return usage(designs.error);
  const design = designs.value[0]!;
  const outcome = await explainDesign(design.file, design.text, search.value);
  if (!outcome.ok) {
    io.stderr(outcome.errors.map((e) => `${formatInputError(e)}\n`).join(''));
    return EXIT.usage;
  }
  const e = outcome.value;
  io.stdout(args.json ? `${JSON.stringify(explanationJson(e))}\n` : formatExplanationTerminal(e));
  if (e.verdict === 'violation') return EXIT.violation;
  return e.verdict === 'pass' && e.complete ? EXIT.ok : EXIT.incomplete;
}
