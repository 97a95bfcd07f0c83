/**
 * Random mode: fast-check drives the schedule. A run is a "choice sequence" (an array of small
 * naturals); each choice picks `moves(state)[choice % moves.length]` among the moves enabled in
 * the current state, so no run is wasted on a disabled move. A walk ends when no move is enabled
 * or the choices run out; properties are checked on the initial state and after every step.
 *
 * On a violation fast-check shrinks the choice sequence (shorter arrays, smaller choices: towards
 * "the first enabled move"), capped by `maxShrinks` candidates and `shrinkTimeoutMs`; then
 * `minimizeTrace` makes the trace locally minimal and searches for a shorter one.
 *
 * Same seed and options, same outcome bit for bit, except `elapsedMs` and unless a time budget
 * (`timeoutMs`, `shrinkTimeoutMs`) cut the search short (`random.stoppedBy` says so).
 */
import fc from 'fast-check';
import { choiceSequence } from './choices.ts';
import { minimizeTrace, type MinimizeReport } from './minimize.ts';
import { ProgressReporter, type ProgressListener } from './progress.ts';
import type { SearchOutcome, SearchStats, TransitionSystem } from './types.ts';

/** Default cap on the shrink candidates fast-check tries. */
export const DEFAULT_MAX_SHRINKS = 10_000;
/** Default cap on shrinking time. */
export const DEFAULT_SHRINK_TIMEOUT_MS = 60_000;
/**
 * Default largest choice. Choices are taken modulo the number of enabled moves, so this must be
 * at least the largest branching factor minus one, and much larger for an even pick; fast-check
 * shrinks a choice towards 0 (the first enabled move) in about log2(CHOICE_MAX) steps.
 */
export const DEFAULT_CHOICE_MAX = 1023;

/** Options of `randomSearch`. */
export interface RandomOptions<V> {
  /** fast-check seed. */
  readonly seed: number;
  /** Random walks to run. */
  readonly runs: number;
  /** Longest walk, in moves. */
  readonly maxSteps: number;
  /** Wall-clock budget of the whole search, shrinking and minimisation included. */
  readonly timeoutMs?: number;
  /** Minimise the shrunk trace with `minimizeTrace` (default true). */
  readonly minimize?: boolean;
  readonly onProgress?: ProgressListener;
  readonly progressIntervalMs?: number;
  /** Cap on the shrink candidates fast-check tries (deterministic; default 10,000). */
  readonly maxShrinks?: number;
  /** Cap on shrinking time (default 60 s). */
  readonly shrinkTimeoutMs?: number;
  /**
   * Whether two violations are of the same property. Shrinking and minimisation keep only
   * candidates that break the property the search found first. Default: any violation will do.
   */
  readonly sameViolation?: (a: V, b: V) => boolean;
  /** State budget of the minimiser's breadth-first pass (default 200,000). */
  readonly minimizeMaxStates?: number;
  /** Largest choice value (default 1023). */
  readonly choiceMax?: number;
  /** Draw every choice sequence at `maxSteps` choices (default) rather than at a random length. */
  readonly fullLength?: boolean;
}

/** Random-mode facts beyond `SearchStats`. */
export interface RandomReport {
  readonly seed: number;
  /** The shrunk choice sequence (replay it with `walkChoices`), or null without a violation. */
  readonly choices: readonly number[] | null;
  /** fast-check's path to the shrunk counterexample (`fc.check`'s `path` option), or null. */
  readonly counterexamplePath: string | null;
  /** Length of the trace of the first failing run, before shrinking. */
  readonly foundLength: number | null;
  /** Length after fast-check's shrink, before minimisation. */
  readonly shrunkLength: number | null;
  /** Successful shrink steps fast-check took. */
  readonly shrinks: number;
  /** Shrink candidates executed. */
  readonly shrinkRuns: number;
  readonly minimized: MinimizeReport | null;
  /** The time budget that cut the search, shrinking or minimisation short, if any. */
  readonly stoppedBy: 'timeout' | 'shrink-timeout' | null;
}

/** A search outcome with the random-mode report. */
export type RandomOutcome<M, V> = SearchOutcome<M, V> & { readonly random: RandomReport };

/** One walk along a choice sequence. */
export interface Walk<M, V> {
  readonly trace: readonly M[];
  /** The first violation, at the end of `trace`, or null. */
  readonly violation: V | null;
}

/**
 * Random walks driven by fast-check; on a violation, a shrunk and minimised trace to it.
 */
export function randomSearch<S, M, V>(system: TransitionSystem<S, M, V>, options: RandomOptions<V>): RandomOutcome<M, V> {
  const progress = new ProgressReporter(options.onProgress, options.progressIntervalMs);
  const started = Date.now();
  const deadline = options.timeoutMs === undefined ? Infinity : started + options.timeoutMs;
  const maxSteps = Math.max(0, Math.floor(options.maxSteps));
  const choiceMax = Math.max(1, Math.floor(options.choiceMax ?? DEFAULT_CHOICE_MAX));
  const same = options.sameViolation;

  // Counters of the search phase (up to and including the first failing run).
  let runs = 0;
  let states = 0;
  let transitions = 0;
  let depth = 0;
  // Shrink phase.
  let first: { readonly violation: V; readonly length: number } | null = null;
  let shrinkRuns = 0;
  let shrinkDeadline = Infinity;
  let stoppedBy: RandomReport['stoppedBy'] = null;
  let modelError: { readonly error: unknown } | null = null;

  const predicate = (choices: number[]): boolean => {
    if (first === null) {
      if (Date.now() >= deadline) return interrupt('timeout');
      runs++;
    } else {
      if (Date.now() >= deadline) return interrupt('timeout');
      if (Date.now() >= shrinkDeadline) return interrupt('shrink-timeout');
      shrinkRuns++;
    }
    let violation: V | null;
    let length = 0;
    try {
      let state = system.initial();
      violation = system.check(state);
      let visited = 1;
      for (let i = 0; violation === null && i < choices.length; i++) {
        const moves = system.moves(state);
        if (moves.length === 0) break;
        state = system.apply(state, moves[choices[i]! % moves.length] as M);
        visited++;
        length++;
        violation = system.check(state);
      }
      if (first === null) {
        states += visited;
        transitions += length;
        if (length > depth) depth = length;
        progress.tick('search', runs, states, transitions, depth, 0);
      } else {
        progress.tick('shrink', runs, states, transitions, depth, 0);
      }
    } catch (error) {
      // A bug in the system, not a counterexample: stop fast-check and rethrow below.
      modelError = { error };
      throw new fc.PreconditionFailure(true);
    }
    if (violation === null) return true;
    if (first === null) {
      first = { violation, length };
      shrinkDeadline = Date.now() + (options.shrinkTimeoutMs ?? DEFAULT_SHRINK_TIMEOUT_MS);
      return false;
    }
    return same !== undefined && !same(violation, first.violation);
  };
  const interrupt = (why: NonNullable<RandomReport['stoppedBy']>): never => {
    stoppedBy ??= why;
    throw new fc.PreconditionFailure(true);
  };

  const choices = fc.limitShrink(
    choiceSequence({ length: maxSteps, choiceMax, fullLength: options.fullLength !== false }),
    options.maxShrinks ?? DEFAULT_MAX_SHRINKS,
  );
  const details = fc.check(fc.property(choices, predicate), {
    seed: options.seed,
    numRuns: Math.max(0, Math.floor(options.runs)),
    randomType: 'xorshift128plus',
    endOnFailure: false,
    unbiased: false,
    verbose: fc.VerbosityLevel.None,
    examples: [],
    path: '',
  });
  if (modelError !== null) throw (modelError as { readonly error: unknown }).error;

  const stats = (complete: boolean): SearchStats => ({
    runs,
    states,
    transitions,
    depth,
    complete,
    elapsedMs: Date.now() - started,
  });
  const counterexample = details.counterexample?.[0];
  const found = first as { readonly violation: V; readonly length: number } | null;
  if (found === null || counterexample === undefined) {
    progress.flush('search', runs, states, transitions, depth, 0);
    const report: RandomReport = {
      seed: options.seed,
      choices: null,
      counterexamplePath: null,
      foundLength: null,
      shrunkLength: null,
      shrinks: 0,
      shrinkRuns: 0,
      minimized: null,
      stoppedBy,
    };
    if (stoppedBy !== null) {
      const reason = `time budget of ${options.timeoutMs} ms reached after ${runs} of ${options.runs} runs`;
      return { verdict: 'incomplete', reason, stats: stats(false), random: report };
    }
    return { verdict: 'pass', stats: stats(false), random: report };
  }

  const shrunk = walkChoices(system, counterexample);
  if (shrunk.violation === null) throw new Error('randomSearch: the shrunk counterexample does not reproduce (is the system pure?)');
  let trace = shrunk.trace;
  let violation: V = shrunk.violation;
  let minimized: MinimizeReport | null = null;
  if (options.minimize !== false) {
    progress.flush('minimize', runs, states, transitions, depth, 0);
    const remaining = deadline - Date.now();
    const result = minimizeTrace(system, trace, violation, {
      ...(same === undefined ? {} : { sameViolation: same }),
      ...(options.minimizeMaxStates === undefined ? {} : { maxStates: options.minimizeMaxStates }),
      ...(remaining === Infinity ? {} : { timeoutMs: Math.max(0, remaining) }),
    });
    trace = result.trace;
    violation = result.violation;
    minimized = result.report;
    if (Date.now() >= deadline) stoppedBy ??= 'timeout';
  }
  progress.flush('search', runs, states, transitions, depth, 0);
  return {
    verdict: 'violation',
    trace,
    violation,
    stats: stats(false),
    random: {
      seed: options.seed,
      choices: counterexample,
      counterexamplePath: details.counterexamplePath,
      foundLength: found.length,
      shrunkLength: shrunk.trace.length,
      shrinks: details.numShrinks,
      shrinkRuns,
      minimized,
      stoppedBy,
    },
  };
}

/** The walk a choice sequence makes (as `randomSearch` runs it), up to its first violation. */
export function walkChoices<S, M, V>(system: TransitionSystem<S, M, V>, choices: readonly number[]): Walk<M, V> {
  let state = system.initial();
  let violation = system.check(state);
  const trace: M[] = [];
  for (let i = 0; violation === null && i < choices.length; i++) {
    const moves = system.moves(state);
    if (moves.length === 0) break;
    const move = moves[choices[i]! % moves.length] as M;
    trace.push(move);
    state = system.apply(state, move);
    violation = system.check(state);
  }
  return { trace, violation };
}
