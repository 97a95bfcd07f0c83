/**
 * The lendcheck command line (SPEC section 6). Exit codes: 0 no violation, 1 violation,
 * 2 bad input or usage, 3 search stopped by a budget before its bound was covered.
 */
import yargs from 'yargs';
import { registerReviewCommands } from './review-commands.ts';
import { EXIT, type Io, processIo } from './io.ts';
import { DEFAULT_MAX_STEPS, DEFAULT_RUNS, DEFAULT_SEED } from '../api/flags.ts';
import { VERSION } from '../version.ts';

// Each command's module loads only when that command runs, so `--help` and `--version` stay quick.
type CheckModule = typeof import('./check-command.ts');
type ListModule = typeof import('./list-command.ts');
type ReplayModule = typeof import('./replay-command.ts');
type RunModule = typeof import('./run-command.ts');
const checkCommand = async (...a: Parameters<CheckModule['checkCommand']>) => (await import('./check-command.ts')).checkCommand(...a);
const listCommand = async (...a: Parameters<ListModule['listCommand']>) => (await import('./list-command.ts')).listCommand(...a);
const replayCommand = async (...a: Parameters<ReplayModule['replayCommand']>) => (await import('./replay-command.ts')).replayCommand(...a);
const runCommand = async (...a: Parameters<RunModule['runCommand']>) => (await import('./run-command.ts')).runCommand(...a);
type MergeModule = typeof import('./merge-command.ts');
const mergeCommand = async (...a: Parameters<MergeModule['mergeCommand']>) => (await import('./merge-command.ts')).mergeCommand(...a);
type ExtractModule = typeof import('./extract-command.ts');
const extractCommand = async (...a: Parameters<ExtractModule['extractCommand']>) => (await import('./extract-command.ts')).extractCommand(...a);

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  // Handlers only choose the action: yargs reports strict-mode errors (unknown flags, bad choices)
  // after it has called them, and nothing may run on a command line that is wrong.
  let action: (() => Promise<number> | number) | null = null;
  let usageError: string | null = null;
  const parser = yargs([...argv])
    .scriptName('lendcheck')
    .usage('$0 <command> [options]\n\nA model checker for memory-ownership designs in Linux and Arm FF-A.')
    .command(
      'check <designs..>',
      'explore a design and report the shortest counterexample found, or evidence that none exists up to a bound',
      (y) =>
        y
          .positional('designs', { type: 'string', array: true, demandOption: true, describe: 'design files (YAML or JSON)' })
          .option('mode', { choices: ['random', 'exhaustive'] as const, default: 'random' as const })
          .option('seed', { type: 'number', default: DEFAULT_SEED, describe: 'random seed' })
          .option('runs', { type: 'number', default: DEFAULT_RUNS, describe: 'random walks' })
          .option('max-steps', { type: 'number', default: DEFAULT_MAX_STEPS, describe: 'longest random walk' })
          .option('depth', { type: 'number', describe: 'exhaustive: BFS depth bound' })
          .option('max-states', { type: 'number', describe: 'exhaustive: distinct-state budget' })
          .option('timeout', { type: 'number', describe: 'seconds before the search stops' })
          .option('max-memory', { type: 'number', describe: 'exhaustive: MB before the search stops (default: 70% of the heap limit)' })
          .option('invariant', { type: 'string', array: true, describe: 'check only these invariant ids' })
          .option('json', { type: 'boolean', default: false, describe: 'one JSON object per design on stdout' })
          .option('out', { type: 'string', describe: 'report directory (default reports/<design>/)' })
          .option('format', {
            type: 'string',
            describe: 'comma list (repeatable) of md, json, svg, html, itf, junit, sarif (files) and terminal, github (stdout); default terminal,md,json,svg,html,itf,junit',
          })
          .option('actor', { type: 'string', array: true, describe: 'with C files: NAME=fn1,fn2 (extract, then check)' })
          .option('platform', { type: 'string', describe: 'with C files: the platform block (file or inline JSON)' })
          .option('map', { type: 'string', describe: 'with C files: YAML of wrapper functions' })
          .option('pages', { type: 'number', describe: 'with C files: pages of a non-constant allocation' })
          .option('workers', { type: 'number', describe: 'exhaustive: worker threads (default: the cores; small searches use one)' })
          .option('shard', { type: 'string', describe: 'search part I of N (I/N), for `lendcheck merge`' })
          .option('por', { type: 'boolean', describe: 'exhaustive: partial-order reduction (default on; --no-por turns it off)' }),
      (args) => {
        action = () =>
          checkCommand(
          {
            designs: args.designs,
            mode: args.mode,
            seed: args.seed,
            runs: args.runs,
            maxSteps: args['max-steps'],
            depth: args.depth,
            maxStates: args['max-states'],
            timeout: args.timeout,
            maxMemory: args['max-memory'],
            invariants: args.invariant ?? [],
            json: args.json,
            out: args.out,
            format: args.format,
            extract: { actors: args.actor ?? [], platform: args.platform, map: args.map, pages: args.pages },
            workers: args.workers,
            shard: args.shard,
            por: args.por,
          },
          io,
        );
      },
    )
    .command(
      'extract <files..>',
      'write a design from a driver\'s C source (SPEC section 11)',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, demandOption: true, describe: 'C files' })
          .option('actor', { type: 'string', array: true, demandOption: true, describe: 'NAME=fn1,fn2: an actor running these C functions in order' })
          .option('platform', { type: 'string', describe: 'platform block: a YAML/JSON file or inline JSON' })
          .option('map', { type: 'string', describe: 'YAML of the project\'s own wrappers: function: step' })
          .option('pages', { type: 'number', describe: 'pages of an allocation whose size is not a constant (default 1)' })
          .option('o', { type: 'string', describe: 'write the design here (default stdout)' }),
      (args) => {
        action = () =>
          extractCommand({ files: args.files, actors: args.actor, platform: args.platform, map: args.map, pages: args.pages, output: args.o }, io);
      },
    )
    .command(
      'replay <trace>',
      're-execute a saved trace.json; exits 1 if the violation reproduces',
      (y) => y.positional('trace', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false }),
      (args) => {
        action = () => replayCommand(args.trace, args.json, io);
      },
    )
    .command(
      'run <scenario>',
      'execute a scripted FF-A scenario and compare every result with its expectation',
      (y) => y.positional('scenario', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false }),
      (args) => {
        action = () => runCommand(args.scenario, args.json, io);
      },
    )
    .command(
      'merge <results..>',
      'combine the --json results of `check --shard I/N` runs into one verdict per design',
      (y) => y.positional('results', { type: 'string', array: true, demandOption: true }).option('json', { type: 'boolean', default: false }),
      (args) => {
        action = () => mergeCommand(args.results, args.json, io);
      },
    )
    .command(
      'list <what>',
      'print the vocabulary: steps, invariants or shipped designs',
      (y) => y.positional('what', { choices: ['steps', 'invariants', 'designs'] as const, demandOption: true }),
      (args) => {
        action = () => listCommand(args.what, io);
      },
    );
  registerReviewCommands(parser, io, (a) => (action = a));
  parser
    .demandCommand(1, 'name a command: check, extract, replay, run, merge, list, review, explain or repair')
    .strictCommands()
    .strictOptions()
    .version(VERSION)
    .help()
    .wrap(Math.min(100, io.columns))
    .exitProcess(false)
    .fail((message, error) => {
      // yargs reports usage problems here; a thrown error from a handler is a bug, not a usage error.
      if (error && !message) throw error;
      usageError = message ?? String(error);
    });
  try {
    await parser.parseAsync();
  } catch (error) {
    if (usageError === null) {
      io.stderr(`lendcheck: internal error: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
  }
  if (usageError !== null) {
    io.stderr(`lendcheck: ${usageError}\nRun 'lendcheck --help' for usage.\n`);
    return EXIT.usage;
  }
  const chosen = action as (() => Promise<number> | number) | null;
  return chosen === null ? EXIT.ok : await chosen();
}
