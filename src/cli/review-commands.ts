/** Registers the design-review commands (SPEC section 10) on the CLI's yargs parser. */
import type { Argv } from 'yargs';
import type { Io } from './io.ts';
import { DEFAULT_MAX_STEPS, DEFAULT_RUNS, DEFAULT_SEED } from '../api/flags.ts';
import { explainCommand } from './explain-command.ts';
import { repairCommand } from './repair-command.ts';
import { reviewCommand } from './review-command.ts';

type Action = () => Promise<number> | number;

/** The exhaustive search's flags (all three commands; explain and repair search exhaustively only, SPEC section 10). */
function exhaustiveFlags<T>(y: Argv<T>) {
  return y
    .option('depth', { type: 'number', describe: 'exhaustive: BFS depth bound' })
    .option('max-states', { type: 'number', describe: 'exhaustive: distinct-state budget per check' })
    .option('timeout', { type: 'number', describe: 'seconds before each check stops' })
    .option('json', { type: 'boolean', default: false, describe: 'one JSON object on stdout' });
}

/** Review's search flags: the exhaustive ones, and random mode's. */
function searchFlags<T>(y: Argv<T>) {
  return exhaustiveFlags(y)
    .option('mode', { choices: ['random', 'exhaustive'] as const, default: 'exhaustive' as const })
    .option('seed', { type: 'number', default: DEFAULT_SEED, describe: 'random seed (random mode)' })
    .option('runs', { type: 'number', default: DEFAULT_RUNS, describe: 'random walks (random mode)' })
    .option('max-steps', { type: 'number', default: DEFAULT_MAX_STEPS, describe: 'longest random walk' });
}

export function registerReviewCommands<T>(parser: Argv<T>, io: Io, choose: (action: Action) => void): void {
  parser.command(
    'review <designs..>',
    'check every design on every platform variant: review.md, review.json, junit.xml',
    (y) =>
      searchFlags(y)
        .positional('designs', { type: 'string', array: true, demandOption: true, describe: 'design files (YAML or JSON)' })
        .option('vary', { type: 'string', array: true, describe: 'KNOB=V1,V2 (default hypervisor=none,pkvm,hafnium)' })
        .option('out', { type: 'string', describe: 'review directory (default reports/review/)' }),
    (args) => {
      choose(() =>
        reviewCommand(
          {
            designs: args.designs,
            vary: args.vary ?? [],
            mode: args.mode,
            seed: args.seed,
            runs: args.runs,
            maxSteps: args['max-steps'],
            depth: args.depth,
            maxStates: args['max-states'],
            timeout: args.timeout,
            out: args.out,
            json: args.json,
          },
          io,
        ),
      );
    },
  );
  parser.command(
    'explain <design>',
    'for a passing design: remove each kernel step and on_error branch in turn, re-check, say what breaks',
    (y) => exhaustiveFlags(y).positional('design', { type: 'string', demandOption: true, describe: 'design file (YAML or JSON)' }),
    (args) => {
      choose(() =>
        explainCommand(
          { design: args.design, mode: 'exhaustive', depth: args.depth, maxStates: args['max-states'], timeout: args.timeout, json: args.json },
          io,
        ),
      );
    },
  );
  parser.command(
    'repair <design>',
    'for a violating design: the smallest set of edits after which it passes, complete, on every variant',
    (y) =>
      exhaustiveFlags(y)
        .positional('design', { type: 'string', demandOption: true, describe: 'design file (YAML or JSON)' })
        .option('vary', { type: 'string', array: true, describe: 'KNOB=V1,V2: repair for every combination (default: the design as written)' })
        .option('max-edits', { type: 'number', default: 3, describe: 'largest edit set tried' })
        .option('out', { type: 'string', describe: 'where <design>.repaired.yaml goes (default reports/<design>/)' }),
    (args) => {
      choose(() =>
        repairCommand(
          {
            design: args.design,
            vary: args.vary ?? [],
            maxEdits: args['max-edits'],
            mode: 'exhaustive',
            depth: args.depth,
            maxStates: args['max-states'],
            timeout: args.timeout,
            out: args.out,
            json: args.json,
          },
          io,
        ),
      );
    },
  );
}
