/**
 * Checks one compiled design: builds its transition system, runs the chosen engine, and turns the
 * outcome into a CheckReport plus the move keys a saved trace needs for replay.
 */
import type { InvariantId, InvariantViolation } from '../../properties/invariant.ts';
import type { Program } from '../design/program.ts';
import type { ExhaustiveOutcome } from '../engine/exhaustive.ts';
import type { ProgressListener } from '../engine/progress.ts';
import { randomSearchAsync, type RandomOutcome } from '../engine/random.ts';
import { Coverage } from './coverage.ts';
import { CutShortCounter } from './cut-short.ts';
import { designSystem, type DesignSystem } from './design-system.ts';
import { explainTrace } from './readable-trace.ts';
import type { Move } from './state.ts';
import type { CheckReport } from './trace.ts';
import { viewState } from './view.ts';
import { VERSION } from '../version.ts';
import { exhaustiveCheck, scaleDetails, shardedRandom, type ScaleOptions } from './scale.ts';

/** Re-exported for the modules that read it from here. */
export { VERSION };

export interface CheckOptions extends ScaleOptions {
  readonly mode: 'random' | 'exhaustive';
  readonly seed: number;
  /** Random walks (random mode). */
  readonly runs: number;
  /** Longest random walk. */
  readonly maxSteps: number;
  /** BFS depth bound (exhaustive mode); undefined = unbounded. */
  readonly depth?: number;
  readonly maxStates?: number;
  readonly timeoutMs?: number;
  /** Overrides the design's invariant list. */
  readonly invariants?: readonly InvariantId[];
  /** The replay command for the saved trace, shown in reports. */
  readonly replayCommand: string;
  readonly onProgress?: ProgressListener;
  /** Aborting stops the search as `incomplete`, its reason the signal's (e.g. "interrupted by SIGINT"). */
  readonly signal?: AbortSignal;
  /** Exhaustive mode: memory budget in MB (default: a share of V8's heap limit, engine/memory.ts). */
  readonly maxMemoryMb?: number;
  /**
   * Exhaustive mode: partial-order reduction (default true; src/system/partial-order.ts). It runs
   * on one thread and not in a shard (docs/SCALE.md).
   */
  readonly partialOrder?: boolean;
}

export interface CheckResult {
  readonly report: CheckReport;
  /** Move keys of the counterexample, for trace.json. Empty on pass. */
  readonly moves: readonly string[];
}

export async function checkProgram(program: Program, options: CheckOptions): Promise<CheckResult> {
  const invariants = options.invariants ?? program.invariants;
  const exhaustive = options.mode === 'exhaustive';
  // The one-thread reductions (partial-order, page and handle renaming) go together; a shard
  // searches without them (scale.ts).
  const reduce = exhaustive && (options.partialOrder ?? true) && options.shard === undefined;
  let run = await searchOnce(program, invariants, options, reduce);
  let renaming: 'applied' | 'abandoned' | null = run.system.renaming === null ? null : 'applied';
  if (run.system.renaming?.broken === true) {
    // A state where page or slot numbers matter (renaming.ts): the search again, without renaming.
    run = await searchOnce(program, invariants, options, reduce, false);
    renaming = 'abandoned';
  }
  const { system, coverage, cutShort, outcome } = run;
  const base: ReportBase = {
    ...reportBase(program, system, options.mode, options.seed, outcome.stats),
    search: { ...searchDetails(outcome), ...(renaming === null ? {} : { renaming }), ...scaleDetails(outcome, options.shard) },
    coverage: coverage.report(),
  };
  system.interpreter.coverage = null; // explaining the trace below re-runs it; that is not search
  const cut = cutShort.report();
  if (outcome.verdict === 'pass') return { report: { ...base, verdict: 'pass', ...(cut === null ? {} : { cutShort: cut }) }, moves: [] };
  if (outcome.verdict === 'incomplete') return { report: { ...base, verdict: 'incomplete', reason: outcome.reason }, moves: [] };
  return violationResult(system, base, outcome.trace, outcome.violation, options.replayCommand);
}

/** One search of a check, with the system, coverage and cut-short counts it filled. */
async function searchOnce(program: Program, invariants: readonly InvariantId[], options: CheckOptions, reduce: boolean, renaming = reduce) {
  const exhaustive = options.mode === 'exhaustive';
  const system = designSystem(program, invariants, { pageSymmetry: exhaustive, renaming });
  let signal = options.signal;
  if (system.renaming !== null) {
    // A state that breaks renaming's condition ends this search at once: it is run again without.
    const broken = new AbortController();
    system.renaming.onBroken = () => broken.abort();
    signal = signal === undefined ? broken.signal : AbortSignal.any([signal, broken.signal]);
  }
  const coverage = new Coverage(program);
  system.interpreter.coverage = coverage;
  const cutShort = new CutShortCounter(program, invariants, !exhaustive);
  const searched = cutShort.wrap(system);
  const optional = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(signal === undefined ? {} : { signal }),
  };
  const outcome: RandomOutcome<Move, InvariantViolation> | ExhaustiveOutcome<Move, InvariantViolation> = !exhaustive
    ? await randomSearchAsync(searched, { ...shardedRandom(options.seed, options.runs, options.shard), maxSteps: options.maxSteps, ...optional })
    : await exhaustiveCheck(program, searched, { coverage, cutShort }, {
        ...(options.workers === undefined ? {} : { workers: options.workers }),
        ...(options.shard === undefined ? {} : { shard: options.shard }),
        ...(options.sequentialBelow === undefined ? {} : { sequentialBelow: options.sequentialBelow }),
        ...(options.depth === undefined ? {} : { depth: options.depth }),
        ...(options.maxStates === undefined ? {} : { maxStates: options.maxStates }),
        ...(options.maxMemoryMb === undefined ? {} : { maxMemoryBytes: options.maxMemoryMb * 2 ** 20 }),
        reduce,
        ...optional,
      });
  return { system, coverage, cutShort, outcome };
}

/** The report fields every verdict shares. */
export type ReportBase = Omit<CheckReport, 'verdict' | 'violation' | 'reason'>;

/** What every report of `program` says about itself: tool, design, search settings, initial state. */
export function reportBase(program: Program, system: DesignSystem, mode: CheckReport['mode'], seed: number, stats: CheckReport['stats']): ReportBase {
  return {
    tool: 'lendcheck',
    version: VERSION,
    design: program.design,
    title: program.title,
    file: program.file,
    mode,
    seed,
    invariants: system.invariants.map((i) => i.id),
    platform: program.platform,
    initial: viewState(program, system.initial()),
    stats,
  };
}

/** A violation's report: the trace explained step by step, and the move keys to save. */
export function violationResult(
  system: DesignSystem,
  base: ReportBase,
  trace: readonly Move[],
  violation: InvariantViolation,
  replayCommand: string,
): CheckResult {
  const explained = explainTrace(system.interpreter, trace);
  const alsoBroken = system.invariants
    .filter((inv) => inv.id !== violation.invariant && system.checkOne(explained.final, inv) !== null)
    .map((inv) => inv.id);
  return {
    report: {
      ...base,
      verdict: 'violation',
      violation: {
        invariant: violation.invariant,
        message: violation.message,
        pages: violation.pages,
        step: explained.steps.length,
        trace: explained.steps,
        replay: replayCommand,
        ...(alsoBroken.length > 0 ? { alsoBroken } : {}),
      },
    },
    moves: trace.map((m) => system.moveKey(m)),
  };
}

function searchDetails(outcome: RandomOutcome<Move, InvariantViolation> | ExhaustiveOutcome<Move, InvariantViolation>): Record<string, unknown> {
  if ('random' in outcome) {
    const r = outcome.random;
    return {
      foundLength: r.foundLength,
      shrunkLength: r.shrunkLength,
      shrinks: r.shrinks,
      minimizedLength: outcome.verdict === 'violation' ? outcome.trace.length : null,
      stoppedBy: r.stoppedBy,
    };
  }
  const e = outcome.exhaustive;
  return {
    generated: e.generated,
    collisionProbability: e.collisionProbability,
    exhausted: e.exhausted,
    depthBound: e.depthBound,
    stoppedBy: e.stoppedBy,
    queue: e.queue,
    ...(e.reduction === undefined ? {} : { partialOrder: e.reduction }),
  };
}
