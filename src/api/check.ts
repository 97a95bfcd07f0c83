/**
 * One check as the CLI and the library both run it: the `check` flags (camelCase) validated into
 * search options, the search, and the report files of a violation. Errors are values here; the
 * CLI prints them, the public API (src/index.ts) turns them into rejections.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseShard } from '../system/scale.ts';
import type { Program } from '../design/program.ts';
import type { ProgressListener } from '../engine/progress.ts';
import { checkProgram, type CheckOptions, type CheckResult } from '../system/check.ts';
import { saveReports } from './save-reports.ts';
import { reportDir as designReportDir } from './out-dir.ts';
import {
  DEFAULT_MAX_STEPS,
  DEFAULT_RUNS,
  invariantIds,
  positiveInteger,
  reportFormats,
  seedValue,
  type Parsed,
  type ReportFormat,
} from './flags.ts';

/** The flags of `lendcheck check`, camelCase; every one optional, with the CLI's defaults. */
export interface CheckFlags {
  readonly mode?: 'random' | 'exhaustive';
  readonly seed?: number;
  readonly runs?: number;
  readonly maxSteps?: number;
  readonly depth?: number;
  readonly maxStates?: number;
  /** Seconds before the search stops. */
  readonly timeout?: number;
  /** Check only these invariant ids (`--invariant`, repeatable). */
  readonly invariant?: readonly string[];
  /** Exhaustive memory budget in MB (`--max-memory`; default a safe share of the heap limit). */
  readonly maxMemory?: number;
  /** Report directory of this design (default `reports/<design>/`). */
  readonly out?: string;
  /**
   * Report formats, a comma list or several (default `terminal,md,json,svg,html,itf,junit`): the
   * files a violation writes (`sarif` also on a pass), and what the CLI prints.
   */
  readonly format?: string | readonly string[];
  /** Exhaustive worker threads (default: the machine's cores; small searches stay on one). */
  readonly workers?: number;
  /** `I/N`: search only the I-th of N parts, for `lendcheck merge` (SPEC section 13). */
  readonly shard?: string;
  /** Exhaustive partial-order reduction (`--no-por` turns it off; default on). */
  readonly por?: boolean;
  /** `--json`: the JSON object replaces the terminal report (with `github` or `terminal`, an error). */
  readonly json?: boolean;
}

/** Validated flags: the search every design gets, and which report files a violation writes. */
export interface CheckPlan {
  readonly search: Omit<CheckOptions, 'replayCommand' | 'signal' | 'onProgress'>;
  readonly formats: ReadonlySet<ReportFormat>;
}

/** The flags checked in the CLI's order, with its messages (`--runs expects a positive integer, ...`). */
export function planCheck(flags: CheckFlags): Parsed<CheckPlan> {
  const runs = positiveInteger('runs', flags.runs);
  const maxSteps = positiveInteger('max-steps', flags.maxSteps);
  const depth = positiveInteger('depth', flags.depth, true);
  const maxStates = positiveInteger('max-states', flags.maxStates);
  const seed = seedValue(flags.seed);
  const invariants = invariantIds(flags.invariant ?? []);
  const formats = reportFormats(flags.format, flags.json ?? false);
  const maxMemory = positiveInteger('max-memory', flags.maxMemory);
  const workers = positiveInteger('workers', flags.workers);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (!runs.ok) return runs;
  if (!maxSteps.ok) return maxSteps;
  if (!depth.ok) return depth;
  if (!maxStates.ok) return maxStates;
  if (!seed.ok) return seed;
  if (!invariants.ok) return invariants;
  if (!formats.ok) return formats;
  if (!maxMemory.ok) return maxMemory;
  if (!workers.ok) return workers;
  if (shard !== undefined && !shard.ok) return shard;
  if (flags.mode !== undefined && flags.mode !== 'random' && flags.mode !== 'exhaustive') {
    return { ok: false, error: `--mode expects random or exhaustive, got ${String(flags.mode)}` };
  }
  if (flags.timeout !== undefined && !(flags.timeout > 0)) return { ok: false, error: `--timeout expects a positive number of seconds, got ${flags.timeout}` };
  const search = {
    mode: flags.mode ?? 'random',
    seed: seed.value,
    runs: runs.value ?? DEFAULT_RUNS,
    maxSteps: maxSteps.value ?? DEFAULT_MAX_STEPS,
    ...(depth.value === undefined ? {} : { depth: depth.value }),
    ...(maxStates.value === undefined ? {} : { maxStates: maxStates.value }),
    ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout * 1000 }),
    ...(invariants.value === undefined ? {} : { invariants: invariants.value }),
    ...(maxMemory.value === undefined ? {} : { maxMemoryMb: maxMemory.value }),
    workers: workers.value ?? availableParallelism(),
    ...(shard === undefined ? {} : { shard: shard.value }),
    ...(flags.por === undefined ? {} : { partialOrder: flags.por }),
  } as const;
  return { ok: true, value: { search, formats: formats.value } };
}

/** The report directory of `program` when `count` designs are checked with `--out out`. */
export function reportDir(out: string | undefined, program: Program, count: number): string {
  return designReportDir(out, program.design, count);
}

export interface DesignCheck {
  readonly result: CheckResult;
  /** Report files written (a violation's), in the order the terminal lists them. */
  readonly written: readonly string[];
}

/** Checks one design and writes a violation's reports into `outDir`. */
export async function checkDesign(
  program: Program,
  plan: CheckPlan,
  outDir: string,
  live: { readonly signal?: AbortSignal; readonly onProgress?: ProgressListener } = {},
): Promise<Parsed<DesignCheck>> {
  const result = await checkProgram(program, {
    ...plan.search,
    replayCommand: `lendcheck replay ${join(outDir, 'trace.json')}`,
    ...(live.signal === undefined ? {} : { signal: live.signal }),
    ...(live.onProgress === undefined ? {} : { onProgress: live.onProgress }),
  });
  const saved = saveReports(outDir, program, result, plan.formats);
  return saved.ok ? { ok: true, value: { result, written: saved.value } } : saved;
}
