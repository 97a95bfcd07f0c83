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
import { minimizeTrace, minimizeTraceAsync, type MinimizeOptions, type MinimizeReport, type MinimizeResult } from './minimize.ts';
import { ProgressReporter, type ProgressListener } from './progress.ts';
import { Slicer, stopReason } from './stop.ts';
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
  /** The time budget (or the caller's AbortSignal) that cut the search, shrinking or minimisation short, if any. */
  readonly stoppedBy: 'timeout' | 'shrink-timeout' | 'interrupted' | null;
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
 * Synchronous: nothing else runs until it returns (see `randomSearchAsync`).
 */
export function randomSearch<S, M, V>(system: TransitionSystem<S, M, V>, options: RandomOptions<V>): RandomOutcome<M, V> {
  const search = new RandomWalks(system, options);
  const details = fc.check(fc.property(search.arbitrary, search.predicate), search.parameters);
  const found = search.found(details);
  if (found.outcome !== undefined) return found.outcome;
  const minimized = options.minimize === false ? null : minimizeTrace(system, found.trace, found.violation, search.minimizeOptions());
  return search.violation(found, minimized);
}

/** Options of `randomSearchAsync`. */
export interface RandomAsyncOptions<V> extends RandomOptions<V> {
  /** Aborting ends the search as `incomplete` with the signal's reason (stop.ts). */
  readonly signal?: AbortSignal;
  /** Time between two turns of the event loop (default DEFAULT_SLICE_MS). */
  readonly sliceMs?: number;
}

/**
 * The same search (same seed, same outcome) in slices: between walks it yields to the event loop
 * every `sliceMs`, so signal handlers and timers run and `signal` is honoured within a walk.
 */
export async function randomSearchAsync<S, M, V>(system: TransitionSystem<S, M, V>, options: RandomAsyncOptions<V>): Promise<RandomOutcome<M, V>> {
  const slicer = new Slicer(options.sliceMs);
  const search = new RandomWalks(system, options);
  const predicate = search.predicate;
  const sliced = async (choices: number[]): Promise<boolean> => {
    // Stryker disable next-line ConditionalExpression: `true` only yields more often (slower, the same search); `false` never yields, which stop.test.ts's timer abort kills (npm run mutation:ignored)
    if (slicer.due()) await slicer.next();
    return predicate(choices);
  };
  const details = await fc.check(fc.asyncProperty(search.arbitrary, sliced), search.parameters);
  const found = search.found(details);
  if (found.outcome !== undefined) return found.outcome;
  const minimized =
    options.minimize === false
      ? null
      : await minimizeTraceAsync(system, found.trace, found.violation, {
          ...search.minimizeOptions(),
          // Stryker disable next-line ConditionalExpression: `false` passes `signal: undefined`, which the minimiser reads as no signal
          ...(options.signal === undefined ? {} : { signal: options.signal }),
          // Stryker disable next-line ConditionalExpression,EqualityOperator,ObjectLiteral: the slice length only sets how often the minimiser yields to the event loop
          ...(options.sliceMs === undefined ? {} : { sliceMs: options.sliceMs }),
        });
  return search.violation(found, minimized);
}

/** A failing run after shrinking, or the outcome when there is none (pass or incomplete). */
type Found<M, V> =
  | { readonly outcome: RandomOutcome<M, V>; readonly trace?: undefined }
  | {
      readonly outcome?: undefined;
      readonly trace: readonly M[];
      readonly violation: V;
      readonly choices: number[];
      readonly details: fc.RunDetails<[number[]]>;
      readonly shrunkLength: number;
      readonly foundLength: number;
    };

/** The state of one random search, shared by the synchronous and the sliced driver. */
class RandomWalks<S, M, V> {
  private readonly started = Date.now();
  private readonly deadline: number;
  private readonly progress: ProgressReporter;
  // Counters of the search phase (up to and including the first failing run).
  private runs = 0;
  private states = 0;
  private transitions = 0;
  private depth = 0;
  // Shrink phase.
  private first: { readonly violation: V; readonly length: number } | null = null;
  private shrinkRuns = 0;
  private shrinkDeadline = Infinity;
  private stoppedBy: RandomReport['stoppedBy'] = null;
  private modelError: { readonly error: unknown } | null = null;
  readonly arbitrary: fc.Arbitrary<number[]>;
  readonly parameters: fc.Parameters<[number[]]>;

  constructor(
    private readonly system: TransitionSystem<S, M, V>,
    private readonly options: RandomOptions<V> & { readonly signal?: AbortSignal },
  ) {
    this.progress = new ProgressReporter(options.onProgress, options.progressIntervalMs);
    this.deadline = options.timeoutMs === undefined ? Infinity : this.started + options.timeoutMs;
    const maxSteps = Math.max(0, Math.floor(options.maxSteps));
    const choiceMax = Math.max(1, Math.floor(options.choiceMax ?? DEFAULT_CHOICE_MAX));
    this.arbitrary = fc.limitShrink(
      choiceSequence({ length: maxSteps, choiceMax, fullLength: options.fullLength !== false }),
      options.maxShrinks ?? DEFAULT_MAX_SHRINKS,
    );
    this.parameters = {
      seed: options.seed,
      numRuns: Math.max(0, Math.floor(options.runs)),
      randomType: 'xorshift128plus',
      endOnFailure: false,
      unbiased: false,
      verbose: fc.VerbosityLevel.None,
      examples: [],
      path: '',
    };
  }

  /** One run: the walk along `choices`; false when it breaks a property (the one found first). */
  readonly predicate = (choices: number[]): boolean => {
    const { system, options } = this;
    if (options.signal?.aborted === true) return this.interrupt('interrupted');
    if (Date.now() >= this.deadline) return this.interrupt('timeout');
    if (this.first === null) this.runs++;
    else {
      if (Date.now() >= this.shrinkDeadline) return this.interrupt('shrink-timeout');
      this.shrinkRuns++;
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
      if (this.first === null) {
        this.states += visited;
        this.transitions += length;
        // Stryker disable next-line EqualityOperator: `>=` stores the same maximum
        if (length > this.depth) this.depth = length;
        this.progress.tick('search', this.runs, this.states, this.transitions, this.depth, 0);
      } else {
        this.progress.tick('shrink', this.runs, this.states, this.transitions, this.depth, 0);
      }
    } catch (error) {
      // A bug in the system, not a counterexample: stop fast-check and rethrow below.
      this.modelError = { error };
      throw new fc.PreconditionFailure(true);
    }
    if (violation === null) return true;
    if (this.first === null) {
      this.first = { violation, length };
      this.shrinkDeadline = Date.now() + (options.shrinkTimeoutMs ?? DEFAULT_SHRINK_TIMEOUT_MS);
      return false;
    }
    const same = options.sameViolation;
    return same !== undefined && !same(violation, this.first.violation);
  };

  private interrupt(why: NonNullable<RandomReport['stoppedBy']>): never {
    this.stoppedBy ??= why;
    throw new fc.PreconditionFailure(true);
  }

  private stats(complete: boolean): SearchStats {
    return { runs: this.runs, states: this.states, transitions: this.transitions, depth: this.depth, complete, elapsedMs: Date.now() - this.started };
  }

  private report(overrides: Partial<RandomReport> = {}): RandomReport {
    return {
      seed: this.options.seed,
      choices: null,
      counterexamplePath: null,
      foundLength: null,
      shrunkLength: null,
      shrinks: 0,
      shrinkRuns: 0,
      minimized: null,
      stoppedBy: this.stoppedBy,
      ...overrides,
    };
  }

  /** What fast-check's run found: nothing (pass or incomplete), or the shrunk counterexample. */
  found(details: fc.RunDetails<[number[]]>): Found<M, V> {
    if (this.modelError !== null) throw this.modelError.error;
    const { runs, states, transitions, depth } = this;
    const counterexample = details.counterexample?.[0];
    const first = this.first;
    if (this.stoppedBy === 'interrupted') {
      // Stopped by the caller: whatever was found is not a finished answer.
      this.progress.flush('search', runs, states, transitions, depth, 0);
      const found = first === null ? '' : `; a violation of length ${first.length} was found and not yet shrunk`;
      const reason = `${stopReason(this.options.signal)} after ${runs} of ${this.options.runs} runs${found}`;
      return { outcome: { verdict: 'incomplete', reason, stats: this.stats(false), random: this.report() } };
    }
    if (first === null || counterexample === undefined) {
      this.progress.flush('search', runs, states, transitions, depth, 0);
      const random = this.report();
      if (this.stoppedBy !== null) {
        const reason = `time budget of ${this.options.timeoutMs} ms reached after ${runs} of ${this.options.runs} runs`;
        return { outcome: { verdict: 'incomplete', reason, stats: this.stats(false), random } };
      }
      return { outcome: { verdict: 'pass', stats: this.stats(false), random } };
    }
    const shrunk = walkChoices(this.system, counterexample);
    if (shrunk.violation === null) throw new Error('randomSearch: the shrunk counterexample does not reproduce (is the system pure?)');
    if (this.options.minimize !== false) this.progress.flush('minimize', runs, states, transitions, depth, 0);
    return {
      trace: shrunk.trace,
      violation: shrunk.violation,
      choices: counterexample,
      details,
      shrunkLength: shrunk.trace.length,
      foundLength: first.length,
    };
  }

  /** Options of the minimiser: the remaining time budget and the property to keep. */
  minimizeOptions(): MinimizeOptions<V> {
    const remaining = this.deadline - Date.now();
    const same = this.options.sameViolation;
    return {
      ...(same === undefined ? {} : { sameViolation: same }),
      ...(this.options.minimizeMaxStates === undefined ? {} : { maxStates: this.options.minimizeMaxStates }),
      ...(remaining === Infinity ? {} : { timeoutMs: Math.max(0, remaining) }),
    };
  }

  /** The violation outcome, after minimisation (null: not minimised). */
  violation(found: Exclude<Found<M, V>, { outcome: RandomOutcome<M, V> }>, minimized: MinimizeResult<M, V> | null): RandomOutcome<M, V> {
    if (this.options.signal?.aborted === true) {
      const reason = `${stopReason(this.options.signal)} while minimising a violation of length ${found.shrunkLength}`;
      this.stoppedBy = 'interrupted';
      return { verdict: 'incomplete', reason, stats: this.stats(false), random: this.report() };
    }
    if (minimized !== null && Date.now() >= this.deadline) this.stoppedBy ??= 'timeout';
    this.progress.flush('search', this.runs, this.states, this.transitions, this.depth, 0);
    return {
      verdict: 'violation',
      trace: minimized?.trace ?? found.trace,
      violation: minimized?.violation ?? found.violation,
      stats: this.stats(false),
      random: this.report({
        choices: found.choices,
        counterexamplePath: found.details.counterexamplePath,
        foundLength: found.foundLength,
        shrunkLength: found.shrunkLength,
        shrinks: found.details.numShrinks,
        shrinkRuns: this.shrinkRuns,
        minimized: minimized?.report ?? null,
      }),
    };
  }
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
