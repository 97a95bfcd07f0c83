/** `lendcheck check`: load every design first (bad input stops everything), then check each. */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseShard } from '../system/scale.ts';
import { formatInputError, type InputError } from '../input/errors.ts';
import { loadDesignFile } from '../design/load.ts';
import type { Program } from '../design/program.ts';
import { checkProgram } from '../system/check.ts';
import { EXIT, type Io } from './io.ts';
import { DEFAULT_MAX_STEPS, DEFAULT_RUNS, invariantIds, positiveInteger, reportFormats, seedValue } from './options.ts';
import { progressLine } from './progress-line.ts';
import { printCheckReport, saveViolationReports } from './reports.ts';

export interface CheckArgs {
  readonly designs: readonly string[];
  readonly mode: 'random' | 'exhaustive';
  readonly seed: number | undefined;
  readonly runs: number;
  readonly maxSteps: number;
  readonly depth: number | undefined;
  readonly maxStates: number | undefined;
  readonly timeout: number | undefined;
  readonly invariants: readonly string[];
  readonly json: boolean;
  readonly out: string | undefined;
  readonly format: string;
  readonly workers?: number | undefined;
  readonly shard?: string | undefined;
}

/** Exit-code severity: bad input, then a violation, then an incomplete search, then a pass. */
const SEVERITY: readonly number[] = [EXIT.ok, EXIT.incomplete, EXIT.violation, EXIT.usage];

export async function checkCommand(args: CheckArgs, io: Io): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`lendcheck: ${message}\n`);
    return EXIT.usage;
  };
  const runs = positiveInteger('runs', args.runs);
  const maxSteps = positiveInteger('max-steps', args.maxSteps);
  const depth = positiveInteger('depth', args.depth, true);
  const maxStates = positiveInteger('max-states', args.maxStates);
  const seed = seedValue(args.seed);
  const invariants = invariantIds(args.invariants);
  const formats = reportFormats(args.format);
  if (!runs.ok) return usage(runs.error);
  if (!maxSteps.ok) return usage(maxSteps.error);
  if (!depth.ok) return usage(depth.error);
  if (!maxStates.ok) return usage(maxStates.error);
  if (!seed.ok) return usage(seed.error);
  if (!invariants.ok) return usage(invariants.error);
  if (!formats.ok) return usage(formats.error);
  const workers = positiveInteger('workers', args.workers);
  if (!workers.ok) return usage(workers.error);
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  if (shard !== undefined && !shard.ok) return usage(shard.error);
  if (args.timeout !== undefined && !(args.timeout > 0)) return usage(`--timeout expects a positive number of seconds, got ${args.timeout}`);
  const search = {
    mode: args.mode,
    seed: seed.value,
    runs: runs.value ?? DEFAULT_RUNS,
    maxSteps: maxSteps.value ?? DEFAULT_MAX_STEPS,
    ...(depth.value === undefined ? {} : { depth: depth.value }),
    ...(maxStates.value === undefined ? {} : { maxStates: maxStates.value }),
    ...(args.timeout === undefined ? {} : { timeoutMs: args.timeout * 1000 }),
    ...(invariants.value === undefined ? {} : { invariants: invariants.value }),
    workers: workers.value ?? availableParallelism(),
    ...(shard === undefined ? {} : { shard: shard.value }),
  };

  const programs: Program[] = [];
  const errors: InputError[] = [];
  for (const file of args.designs) {
    const loaded = loadDesignFile(file);
    if (loaded.ok) programs.push(loaded.value);
    else errors.push(...loaded.errors);
  }
  if (errors.length > 0) {
    io.stderr(errors.map((e) => `${formatInputError(e)}\n`).join(''));
    return EXIT.usage;
  }

  let exitCode: number = EXIT.ok;
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    for (const program of programs) {
      const outDir = args.out === undefined ? join('reports', program.design) : programs.length > 1 ? join(args.out, program.design) : args.out;
      const progress = progressLine(io, io.interactive && !args.json, program.design);
      const result = await checkProgram(program, {
        ...search,
        replayCommand: `lendcheck replay ${join(outDir, 'trace.json')}`,
        signal: controller.signal,
        ...(progress.listener === undefined ? {} : { onProgress: progress.listener }),
      });
      progress.clear();
      const code = result.report.verdict === 'violation' ? EXIT.violation : result.report.verdict === 'incomplete' ? EXIT.incomplete : EXIT.ok;
      let written: readonly string[] = [];
      if (result.report.verdict === 'violation') {
        const saved = saveViolationReports(outDir, program, result, formats.value);
        if (!saved.ok) {
          io.stderr(`lendcheck: ${saved.error}\n`);
          return EXIT.usage;
        }
        written = saved.value;
      }
      printCheckReport(result.report, written, args.json, io);
      if (SEVERITY.indexOf(code) > SEVERITY.indexOf(exitCode)) exitCode = code;
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
  return exitCode;
}
