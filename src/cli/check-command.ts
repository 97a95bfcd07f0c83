/** `lendcheck check`: load every design first (bad input stops everything), then check each. */
import { formatInputError } from '../input/errors.ts';
import { loadCheckInputs, type CheckExtractArgs } from '../extract/check-input.ts';
import type { Program } from '../design/program.ts';
import { checkDesign, planCheck, reportDir } from '../api/check.ts';
import { EXIT, type Io } from './io.ts';
import { progressLine } from './progress-line.ts';
import { interruptOnSignals } from './signals.ts';
import { checkReportDirs } from '../api/out-dir.ts';
import { printCheckReport } from './reports.ts';

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
  /** `--format` as given: a comma list, several when repeated, undefined for the default. */
  readonly format: string | readonly string[] | undefined;
  /** Exhaustive memory budget in MB (SPEC section 13). */
  readonly maxMemory?: number | undefined;
  /** C sources among `designs` are extracted with these (SPEC section 11). */
  readonly extract?: CheckExtractArgs;
  /** Exhaustive worker threads (default: the machine's cores). */
  readonly workers?: number | undefined;
  /** `I/N`: search the I-th of N parts (SPEC section 13). */
  readonly shard?: string | undefined;
  /** Exhaustive partial-order reduction (`--no-por`: off). */
  readonly por?: boolean | undefined;
}

/** Exit-code severity: bad input, then a violation, then an incomplete search, then a pass. */
const SEVERITY: readonly number[] = [EXIT.ok, EXIT.incomplete, EXIT.violation, EXIT.usage];

export async function checkCommand(args: CheckArgs, io: Io): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`lendcheck: ${message}\n`);
    return EXIT.usage;
  };
  const plan = planCheck({
    mode: args.mode,
    ...(args.seed === undefined ? {} : { seed: args.seed }),
    runs: args.runs,
    maxSteps: args.maxSteps,
    ...(args.depth === undefined ? {} : { depth: args.depth }),
    ...(args.maxStates === undefined ? {} : { maxStates: args.maxStates }),
    ...(args.timeout === undefined ? {} : { timeout: args.timeout }),
    ...(args.maxMemory === undefined ? {} : { maxMemory: args.maxMemory }),
    invariant: args.invariants,
    ...(args.format === undefined ? {} : { format: args.format }),
    json: args.json,
    ...(args.workers === undefined ? {} : { workers: args.workers }),
    ...(args.shard === undefined ? {} : { shard: args.shard }),
    ...(args.por === undefined ? {} : { por: args.por }),
  });
  if (!plan.ok) return usage(plan.error);

  const inputs = await loadCheckInputs(args.designs, args.extract ?? { actors: [] });
  if (!inputs.ok) {
    io.stderr(inputs.errors.map((e) => `${formatInputError(e)}\n`).join(''));
    return EXIT.usage;
  }
  const programs: readonly Program[] = inputs.value;

  const dirs = checkReportDirs(args.out, programs);
  if (!dirs.ok) return usage(dirs.error);

  let exitCode: number = EXIT.ok;
  const interruption = interruptOnSignals();
  try {
    for (const program of programs) {
      const outDir = reportDir(args.out, program, programs.length);
      const progress = progressLine(io, io.interactive && !args.json, program.design);
      const checked = await checkDesign(program, plan.value, outDir, {
        signal: interruption.signal,
        ...(progress.listener === undefined ? {} : { onProgress: progress.listener }),
      });
      progress.clear();
      if (!checked.ok) return usage(checked.error);
      const { result, written } = checked.value;
      const code = result.report.verdict === 'violation' ? EXIT.violation : result.report.verdict === 'incomplete' ? EXIT.incomplete : EXIT.ok;
      printCheckReport(result.report, written, args.json, io, plan.value.formats);
      if (SEVERITY.indexOf(code) > SEVERITY.indexOf(exitCode)) exitCode = code;
    }
  } finally {
    interruption.dispose();
  }
  return exitCode;
}
