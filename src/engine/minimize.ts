/**
 * Counterexample minimisation after fast-check's shrink, so that a random-mode trace is as short
 * as the exhaustive one:
 *
 * 1. delta pass: drop a chunk of moves (halving the chunk size down to one move), re-execute the
 *    remaining move keys in order, keep the candidate if its first violation is the same property;
 *    repeat single-move deletion until no move can be dropped (a locally minimal trace);
 * 2. a bounded breadth-first search from the initial state to depth `length - 1` for a strictly
 *    shorter trace to the same property; within its state budget that either finds a shortest
 *    trace or proves the current one shortest.
 *
 * Iterative throughout: no recursion on the trace length.
 */
import { exhaustiveSlices } from './exhaustive.ts';
import { findMove } from './replay.ts';
import { Slicer, stopRequested } from './stop.ts';
import type { TransitionSystem } from './types.ts';

/** Default state budget of the breadth-first pass. */
export const DEFAULT_MINIMIZE_MAX_STATES = 200_000;

/** Options of `minimizeTrace`. */
export interface MinimizeOptions<V> {
  /** Whether two violations are of the same property. Default: any violation will do. */
  readonly sameViolation?: (a: V, b: V) => boolean;
  /** State budget of the breadth-first pass (default 200,000). */
  readonly maxStates?: number;
  /** Skip the breadth-first pass. */
  readonly skipSearch?: boolean;
  /** Wall-clock budget for both passes; the best trace so far is returned when it runs out. */
  readonly timeoutMs?: number;
  /** Aborting returns the best trace so far (seen between slices of `minimizeTraceAsync`). */
  readonly signal?: AbortSignal;
}

/** How the minimisation went. */
export interface MinimizeReport {
  /** Length of the trace given. */
  readonly from: number;
  /** Length after the delta pass. */
  readonly afterDelta: number;
  /** Length returned. */
  readonly to: number;
  /** Candidate traces the delta pass executed. */
  readonly executions: number;
  /**
   * The breadth-first pass: `shorter` found a shorter (and shortest) trace, `shortest` proved that
   * none exists, `budget` ran out of states or time first, `skipped` did not run.
   */
  readonly search: 'shorter' | 'shortest' | 'budget' | 'skipped';
  /** Distinct states the breadth-first pass visited. */
  readonly searchStates: number;
}

/** A minimised counterexample. */
export interface MinimizeResult<M, V> {
  readonly trace: readonly M[];
  readonly violation: V;
  readonly report: MinimizeReport;
}

/**
 * Minimises a counterexample `trace` whose first violation is `violation`. Returns the shortest
 * trace found whose first violation is the same property (by `sameViolation`).
 */
export function minimizeTrace<S, M, V>(
  system: TransitionSystem<S, M, V>,
  trace: readonly M[],
  violation: V,
  options: MinimizeOptions<V> = {},
): MinimizeResult<M, V> {
  const steps = minimizeSteps(system, trace, violation, options, Infinity);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** `minimizeTrace` in slices, yielding to the event loop in between (so a signal is seen). */
export async function minimizeTraceAsync<S, M, V>(
  system: TransitionSystem<S, M, V>,
  trace: readonly M[],
  violation: V,
  options: MinimizeOptions<V> & { readonly sliceMs?: number } = {},
): Promise<MinimizeResult<M, V>> {
  const slicer = new Slicer(options.sliceMs);
  const steps = minimizeSteps(system, trace, violation, options, options.sliceMs);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await slicer.pause();
  }
}

/** The minimisation; it yields after each candidate and each search slice. */
function* minimizeSteps<S, M, V>(
  system: TransitionSystem<S, M, V>,
  trace: readonly M[],
  violation: V,
  options: MinimizeOptions<V>,
  sliceMs: number | undefined,
): Generator<void, MinimizeResult<M, V>> {
  const stopped = () => stopRequested(options.signal);
  const same = options.sameViolation ?? (() => true);
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  const accept = (v: V): boolean => same(v, violation);
  let executions = 0;

  // Normalise the input: the trace as keys, cut at its first violation.
  let best: Candidate<M, V> = { keys: trace.map((m) => system.moveKey(m)), moves: trace, violation };
  const checked = execute(system, best.keys, accept);
  if (checked !== null) best = checked;

  // 1. Delta pass.
  let chunk = Math.max(1, best.keys.length >> 1);
  for (;;) {
    let changed = false;
    let at = 0;
    while (at < best.keys.length && Date.now() < deadline && !stopped()) {
      const keys = best.keys;
      const candidate = keys.slice(0, at).concat(keys.slice(at + chunk));
      executions++;
      // A candidate is shorter than `keys` and its result no longer than it: any result is progress.
      const result = execute(system, candidate, accept);
      if (result !== null) {
        best = result;
        changed = true;
      } else {
        at += chunk;
      }
      yield;
    }
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: a shortcut; past the budgets the inner loop above takes no candidate, so the chunks halve to 1 and stop
    if (Date.now() >= deadline || stopped()) break;
    if (chunk > 1) chunk >>= 1;
    else if (!changed) break;
  }
  const afterDelta = best.keys.length;

  // 2. Breadth-first search for a strictly shorter trace.
  let search: MinimizeReport['search'] = 'skipped';
  let searchStates = 0;
  const remaining = deadline - Date.now();
  if (options.skipSearch !== true && best.keys.length > 0 && remaining > 0 && !stopped()) {
    const outcome = yield* exhaustiveSlices(
      system,
      {
        depth: best.keys.length - 1,
        maxStates: options.maxStates ?? DEFAULT_MINIMIZE_MAX_STATES,
        ...(remaining === Infinity ? {} : { timeoutMs: remaining }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        target: accept,
      },
      sliceMs,
    );
    searchStates = outcome.stats.states;
    if (outcome.verdict === 'violation') {
      search = 'shorter';
      best = { keys: outcome.trace.map((m) => system.moveKey(m)), moves: outcome.trace, violation: outcome.violation };
    } else {
      search = outcome.verdict === 'pass' ? 'shortest' : 'budget';
    }
  }

  return {
    trace: best.moves,
    violation: best.violation,
    report: { from: trace.length, afterDelta, to: best.keys.length, executions, search, searchStates },
  };
}

interface Candidate<M, V> {
  readonly keys: readonly string[];
  readonly moves: readonly M[];
  readonly violation: V;
}

/**
 * Executes `keys` from the initial state. Returns the trace up to its first violation if that
 * violation is accepted; null when a key is not enabled, the first violation is another property,
 * or there is none.
 */
function execute<S, M, V>(
  system: TransitionSystem<S, M, V>,
  keys: readonly string[],
  accept: (violation: V) => boolean,
): Candidate<M, V> | null {
  let state = system.initial();
  let violation = system.check(state);
  if (violation !== null) return accept(violation) ? { keys: [], moves: [], violation } : null;
  const moves: M[] = [];
  for (let i = 0; i < keys.length; i++) {
    const move = findMove(system, state, keys[i]!);
    if (move === undefined) return null;
    moves.push(move);
    state = system.apply(state, move);
    violation = system.check(state);
    if (violation !== null) return accept(violation) ? { keys: keys.slice(0, i + 1), moves, violation } : null;
  }
  return null;
}
