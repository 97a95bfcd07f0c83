/**
 * Exhaustive mode: breadth-first search over state fingerprints, so the first counterexample it
 * finds is a shortest one (TLC's default search).
 *
 * Memory. Per distinct state the search keeps 8-16 bytes of fingerprint hash (FingerprintSet; from
 * the system's `fingerprintInto` when it has one, else from the `fingerprint` string) and
 * 8 bytes of trace pointer (parent index, index of the move in the parent's `moves()` list); whole
 * states are kept only for the frontier (the level being expanded and the next one), and each is
 * released as soon as it is expanded. A trace is rebuilt by replaying the move indices from the
 * initial state, which costs `depth` calls of `moves`+`apply` once per counterexample instead of
 * one stored state per visited state. The frontier is the part that grows with the model: with
 * states of a few KiB, a level of a million states is a few GiB, which is why the default
 * `maxStates` is 2 million (the frontier never holds more than `maxStates` states).
 *
 * Requirements on the system: `moves` lists moves in a deterministic order (traces are rebuilt
 * from move indices), and states with equal fingerprints have the same successors' fingerprints
 * and the same `check` result (the fingerprint is the symmetry reduction).
 */
import { collisionProbability, FingerprintSet, hashString } from './fingerprints.ts';
import { MemoryBudget } from './memory.ts';
import { newFrontier, type Frontier } from './frontier.ts';
import { ProgressReporter, type ProgressListener } from './progress.ts';
import { DEFAULT_SLICE_MS, stopReason, yieldToEventLoop } from './stop.ts';
import { expandUnderProviso, NEW, SEEN } from './proviso.ts';
import type { SearchOutcome, SearchStats, TransitionSystem } from './types.ts';

/** Default budget of distinct states: fits Node's default heap with states of a few KiB. */
export const DEFAULT_MAX_STATES = 2_000_000;

/** Options of `exhaustiveSearch`. */
export interface ExhaustiveOptions<V> {
  /** Longest trace explored (BFS levels below the initial state). Default: unbounded. */
  readonly depth?: number;
  /**
   * Budget of distinct states (default 2,000,000); needing one more ends the search as
   * `incomplete`. A violating state found at that point is still reported (it is a shortest one).
   */
  readonly maxStates?: number;
  /** Wall-clock budget; hitting it ends the search as `incomplete`. */
  readonly timeoutMs?: number;
  readonly onProgress?: ProgressListener;
  readonly progressIntervalMs?: number;
  /**
   * Aborting ends the search as `incomplete`, its reason the signal's (checked every few thousand
   * transitions; an async driver must yield for a signal handler to run, see stop.ts).
   */
  readonly signal?: AbortSignal;
  /**
   * Memory budget in bytes (memory.ts; default: a share of V8's heap limit); reaching it ends the
   * search as `incomplete`.
   */
  readonly maxMemoryBytes?: number;
  /**
   * Which violations count. A state whose violation this rejects is a dead end: not reported and
   * not expanded (a trace through it would be that other violation). Default: all of them.
   */
  readonly target?: (violation: V) => boolean;
  /**
   * Search only part `index` of `count` (a CI shard): the first level with at least
   * `count` x SPLIT_PER_PART states is split by fingerprint (hash mod count) and only this part's
   * states of it are expanded; the levels before it are searched whole, by every part. See split.ts.
   */
  readonly part?: { readonly index: number; readonly count: number; readonly perPart?: number };
  /**
   * Partial-order reduction: expand the system's ample sets (`TransitionSystem.ample`) under the
   * cycle proviso. A violation it finds is searched again without reduction, bounded at its length,
   * so the reported trace and counts are the unreduced search's (a shortest trace).
   */
  readonly reduce?: boolean;
}

/** States per part in the level a split search splits at. */
export const SPLIT_PER_PART = 64;

/** What stopped an incomplete search. */
export type StopReason = 'max-states' | 'timeout' | 'aborted' | 'memory';

/** Exhaustive-mode facts beyond `SearchStats`. */
export interface ExhaustiveReport {
  /** States generated (transitions + the initial state), TLC's "states generated". */
  readonly generated: number;
  /** TLC's optimistic estimate of the chance a fingerprint collision hid a state. */
  readonly collisionProbability: number;
  /** True when the search found no new state before the depth bound: the whole reachable space. */
  readonly exhausted: boolean;
  readonly depthBound: number | null;
  readonly stoppedBy: StopReason | null;
  /** States discovered but not yet expanded when the search ended. */
  readonly queue: number;
  /**
   * With `reduce`: what the reduced search did (`states`, `transitions`, `reducedStates` expanded
   * through an ample set only) and whether the outcome is the unreduced re-search's (`rerun`).
   */
  readonly reduction?: ReductionReport;
  /** A part search's part, and the level it split at (null: it ended before any level was big enough). */
  readonly part?: { readonly index: number; readonly count: number; readonly splitLevel: number | null };
}

/** What a reduced search did (ExhaustiveReport.reduction). */
export interface ReductionReport {
  readonly states: number;
  readonly transitions: number;
  readonly reducedStates: number;
  /** The outcome is the unreduced search bounded at the reduced violation's length. */
  readonly rerun: boolean;
}

/** A search outcome with the exhaustive-mode report. */
export type ExhaustiveOutcome<M, V> = SearchOutcome<M, V> & { readonly exhaustive: ExhaustiveReport };

/**
 * Transitions between two looks at the clock, the abort signal, the memory budget and the progress
 * listener: a few microseconds per look, and often enough that a slice ends on time (and a signal
 * is seen within a second) even when transitions are slow on a loaded machine.
 */
const CHECK_EVERY = 512;
/** What `expand` says of a transition that does not end the search. */
type Expanded<M, V> = typeof NEW | typeof SEEN | ExhaustiveOutcome<M, V>;
const INITIAL_CAPACITY = 1 << 16;

/**
 * Breadth-first search of `system` from its initial state. Every state reached is checked; the
 * first violation is reported with a shortest trace to it.
 */
export function exhaustiveSearch<S, M, V>(
  system: TransitionSystem<S, M, V>,
  options: ExhaustiveOptions<V> = {},
): ExhaustiveOutcome<M, V> {
  const slices = exhaustiveSlices(system, options, Infinity);
  for (;;) {
    const slice = slices.next();
    if (slice.done === true) return slice.value;
  }
}

/**
 * The same search in slices of `sliceMs`, yielding to the event loop in between so that timers,
 * signals (Ctrl-C) and an AbortSignal fired from elsewhere are seen.
 */
export async function exhaustiveSearchAsync<S, M, V>(
  system: TransitionSystem<S, M, V>,
  options: ExhaustiveOptions<V> & { readonly sliceMs?: number } = {},
): Promise<ExhaustiveOutcome<M, V>> {
  // Stryker disable next-line LogicalOperator: `&&` gives 0 for 0 and the default for any other length: only when the event loop gets its turn changes
  const slices = exhaustiveSlices(system, options, options.sliceMs ?? DEFAULT_SLICE_MS);
  for (;;) {
    const slice = slices.next();
    if (slice.done === true) return slice.value;
    await yieldToEventLoop();
  }
}

/** The search as a generator that yields after each slice of `sliceMs` (Infinity: one slice). */
export function* exhaustiveSlices<S, M, V>(
  system: TransitionSystem<S, M, V>,
  options: ExhaustiveOptions<V>,
  sliceMs: number = DEFAULT_SLICE_MS,
): Generator<void, ExhaustiveOutcome<M, V>> {
  const first = yield* searchSlices(new BreadthFirstSearch(system, options), sliceMs);
  const reduction = first.exhaustive.reduction;
  if (reduction === undefined || first.verdict !== 'violation') return first;
  // A reduced search finds a violation, not necessarily a shortest one: the unreduced search
  // bounded at its length finds the unreduced search's own first violation, at most that long.
  const again = yield* searchSlices(new BreadthFirstSearch(system, { ...options, reduce: false, depth: first.trace.length }), sliceMs);
  if (again.verdict !== 'violation') return first; // stopped by a budget: the reduced trace stands
  return { ...again, exhaustive: { ...again.exhaustive, reduction: { ...reduction, rerun: true } } };
}

function* searchSlices<S, M, V>(search: BreadthFirstSearch<S, M, V>, sliceMs: number): Generator<void, ExhaustiveOutcome<M, V>> {
  for (;;) {
    // One slice: Date.now() + Infinity is Infinity.
    // Stryker disable next-line ArithmeticOperator: a deadline already past still runs a batch of transitions per slice (the same search, only slower)
    const outcome = search.run(Date.now() + sliceMs);
    if (outcome !== undefined) return outcome;
    yield;
  }
}

/** The search's state between slices. */
class BreadthFirstSearch<S, M, V> {
  private readonly maxStates: number;
  private readonly depthBound: number | null;
  private readonly deadline: number;
  private readonly progress: ProgressReporter;
  private readonly memory: MemoryBudget;
  private memoryReason: string | null = null;
  private readonly seen = new FingerprintSet();
  /** Scratch for `fingerprintInto`. */
  private readonly hash = new Int32Array(2);
  /** Per state, in discovery order (index 0 = the initial state): its parent's index. */
  private parent = new Int32Array(INITIAL_CAPACITY);
  /** Per state: the index of the move that reached it in its parent's `moves()` list. */
  private via = new Int32Array(INITIAL_CAPACITY);
  private count = 0;
  private transitions = 0;
  /** The level being expanded (its states are released as they are expanded; packed with the system's codec). */
  private current: Frontier<S>;
  /** Index of `current[0]` in discovery order. */
  private currentStart = 0;
  /** Position in `current`. */
  private position = 0;
  private next: Frontier<S>;
  /** Level of the states in `current`. */
  private level = 0;
  private started = false;
  /** The level whose states are filtered by part (-1: not chosen yet, or no part). */
  private splitLevel = -1;
  /** Partial-order reduction is on (the option, and the system offers ample sets). */
  private readonly reduce: boolean;
  /** States expanded through an ample set only. */
  private reducedStates = 0;
  /**
   * With `reduce`: the states of the next level. The cycle proviso accepts an ample successor that
   * is new or in the next level: ample moves then always lead one level down, so no cycle is made
   * of ample moves alone (a fully expanded state on every cycle, as SPIN's BFS reduction needs).
   */
  private nextLevel: FingerprintSet | null = null;

  constructor(
    private readonly system: TransitionSystem<S, M, V>,
    private readonly options: ExhaustiveOptions<V>,
  ) {
    this.maxStates = Math.max(1, options.maxStates ?? DEFAULT_MAX_STATES);
    this.depthBound = options.depth === undefined ? null : Math.max(0, options.depth);
    this.deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    this.progress = new ProgressReporter(options.onProgress, options.progressIntervalMs);
    this.memory = new MemoryBudget(options.maxMemoryBytes);
    this.current = newFrontier(system.codec);
    this.next = newFrontier(system.codec);
    this.reduce = options.reduce === true && system.ample !== undefined;
    // Stryker disable next-line ConditionalExpression: only the proviso tells NEW from SEEN; the unreduced search treats them alike
    if (this.reduce) this.nextLevel = new FingerprintSet();
  }

  /** Runs until the search ends (returns the outcome) or the clock passes `sliceEnd`. */
  run(sliceEnd: number): ExhaustiveOutcome<M, V> | undefined {
    const system = this.system;
    if (!this.started) {
      this.started = true;
      const initial = system.initial();
      this.addSeen(initial);
      this.count = 1;
      const violation = system.check(initial);
      if (violation !== null && this.accepts(violation)) return this.violation(violation, 0, -1);
      if (violation === null) this.current.push(initial);
    }
    if (this.options.signal?.aborted === true) return this.incomplete('aborted');
    const target = this.options.target;
    let nextCheck = this.transitions + CHECK_EVERY;
    for (;;) {
      // Expand the current level, one state at a time.
      const current = this.current;
      const next = this.next;
      const length = current.length;
      if (this.depthBound === null || this.level < this.depthBound) {
        while (this.position < length) {
          const parentIndex = this.currentStart + this.position;
          const state = current.take(this.position);
          this.position++;
          if (this.level === this.splitLevel && !this.inPart(state)) continue;
          const moves = system.moves(state);
          const moveCount = moves.length;
          if (this.reduce && moveCount > 1) {
            const amples = system.ample!(state, moves);
            const outcome = expandUnderProviso(moveCount, amples, (m) => this.expand(state, moves[m] as M, parentIndex, m, next, target));
            if (typeof outcome === 'object') return outcome;
            if (outcome) this.reducedStates++;
          } else {
            for (let m = 0; m < moveCount; m++) {
              const outcome = this.expand(state, moves[m] as M, parentIndex, m, next, target);
              if (outcome !== NEW && outcome !== SEEN) return outcome;
            }
          }
          if (this.transitions >= nextCheck) {
            nextCheck = this.transitions + CHECK_EVERY;
            const stop = this.checkBudgets();
            if (stop !== null) return this.incomplete(stop);
            this.progress.tick('search', 1, this.count, this.transitions, this.level, this.queue());
            // Stryker disable next-line ConditionalExpression,EqualityOperator: ending the slice at every look, or a millisecond later, only changes when the event loop gets a turn
            if (Date.now() >= sliceEnd) return undefined;
          }
        }
      } else {
        // The depth bound: the current level is checked and not expanded.
        return this.pass(length === 0);
      }
      // The level is done: the next one is completely discovered and checked.
      if (next.length === 0) return this.pass(true);
      this.currentStart += length;
      this.current = next;
      this.next = newFrontier(system.codec);
      if (this.nextLevel !== null) this.nextLevel = new FingerprintSet();
      this.position = 0;
      this.level++;
      const part = this.options.part;
      if (part !== undefined && part.count > 1 && this.splitLevel === -1 && next.length >= part.count * (part.perPart ?? SPLIT_PER_PART)) this.splitLevel = this.level;
    }
  }

  /**
   * One transition: the successor is checked and queued when new. NEW or SEEN (a state met
   * before, or a dead end), or the outcome that ends the search.
   */
  private expand(state: S, move: M, parentIndex: number, m: number, next: Frontier<S>, target: ((violation: V) => boolean) | undefined): Expanded<M, V> {
    const system = this.system;
    const successor = system.apply(state, move);
    this.transitions++;
    if (!this.addSeen(successor)) {
      // For the proviso, a state first found in this level's expansion is as good as a new one.
      return this.nextLevel !== null && this.nextLevel.hasHash(this.hash[0]!, this.hash[1]!) ? NEW : SEEN;
    }
    this.nextLevel?.addHash(this.hash[0]!, this.hash[1]!);
    const violation = system.check(successor);
    if (violation !== null) {
      if (target === undefined || target(violation)) return this.violation(violation, parentIndex, m);
      return NEW; // a dead end: another property's violation (new, so the proviso is not triggered)
    }
    if (this.count >= this.maxStates) return this.incomplete('max-states');
    this.record(parentIndex, m);
    next.push(successor);
    return NEW;
  }

  /**
   * Records the state's fingerprint; true when it is new. Prefers the system's numeric hash; the
   * hash is left in `this.hash`.
   */
  private addSeen(state: S): boolean {
    const into = this.system.fingerprintInto;
    const hash = this.hash;
    if (into === undefined) hashString(this.system.fingerprint(state), hash);
    else into.call(this.system, state, hash);
    return this.seen.addHash(hash[0]!, hash[1]!);
  }

  /** Whether a state of the split level is this part's: its fingerprint hash mod the part count. */
  private inPart(state: S): boolean {
    const part = this.options.part!;
    const into = this.system.fingerprintInto;
    let h: number;
    if (into === undefined) {
      const key = this.system.fingerprint(state);
      h = 0;
      // Stryker disable next-line ArithmeticOperator: `- charCode` is another string hash, as good a split (the parts' union is the same space)
      for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
    } else {
      into.call(this.system, state, this.hash);
      h = this.hash[0]! ^ this.hash[1]!;
    }
    return (h >>> 0) % part.count === part.index;
  }

  /** The level split between parts, or null (no part, or the search ended before one was big enough). */
  get splitAt(): number | null {
    return this.splitLevel === -1 ? null : this.splitLevel;
  }

  private accepts(violation: V): boolean {
    return this.options.target === undefined || this.options.target(violation);
  }

  private record(parentIndex: number, move: number): void {
    const index = this.count;
    if (index >= this.parent.length) {
      // Stryker disable next-line MethodExpression: Math.max grows the arrays to the state budget at once: the same search, its memory taken up front
      const size = Math.min(this.parent.length * 2, this.maxStates + 1);
      const parent = new Int32Array(size);
      parent.set(this.parent);
      this.parent = parent;
      const via = new Int32Array(size);
      via.set(this.via);
      this.via = via;
    }
    this.parent[index] = parentIndex;
    this.via[index] = move;
    this.count = index + 1;
  }

  private checkBudgets(): StopReason | null {
    if (this.options.signal?.aborted === true) return 'aborted';
    if (Date.now() >= this.deadline) return 'timeout';
    this.memoryReason = this.memory.exceeded();
    if (this.memoryReason !== null) return 'memory';
    return null;
  }

  private queue(): number {
    return this.current.length - this.position + this.next.length;
  }

  /** Rebuilds the moves to state `index`, then `lastMove` from it (-1: none), by replay. */
  private trace(index: number, lastMove: number): M[] {
    const path: number[] = [];
    if (lastMove >= 0) path.push(lastMove);
    for (let i = index; i > 0; i = this.parent[i]!) path.push(this.via[i]!);
    path.reverse();
    const trace: M[] = [];
    let state = this.system.initial();
    for (const moveIndex of path) {
      const move = this.system.moves(state)[moveIndex];
      if (move === undefined) throw new Error('exhaustiveSearch: moves() is not deterministic; cannot rebuild the trace');
      trace.push(move);
      state = this.system.apply(state, move);
    }
    return trace;
  }

  private stats(complete: boolean, depth: number): SearchStats {
    return {
      runs: 1,
      states: this.count,
      transitions: this.transitions,
      depth,
      complete,
      elapsedMs: this.progress.elapsedMs(),
    };
  }

  private report(exhausted: boolean, stoppedBy: StopReason | null): ExhaustiveReport {
    const generated = this.transitions + 1;
    return {
      generated,
      collisionProbability: collisionProbability(this.count, generated),
      exhausted,
      depthBound: this.depthBound,
      stoppedBy,
      queue: this.queue(),
      ...(this.reduce ? { reduction: { states: this.count, transitions: this.transitions, reducedStates: this.reducedStates, rerun: false } } : {}),
      ...(this.options.part === undefined ? {} : { part: { index: this.options.part.index, count: this.options.part.count, splitLevel: this.splitAt } }),
    };
  }

  private finish(): void {
    this.progress.flush('search', 1, this.count, this.transitions, this.level, this.queue());
  }

  private violation(violation: V, parentIndex: number, move: number): ExhaustiveOutcome<M, V> {
    this.finish();
    const trace = this.trace(parentIndex, move);
    return {
      verdict: 'violation',
      trace,
      violation,
      // SPEC section 6: a violation's depth is its trace length (the level being expanded is one less).
      stats: this.stats(false, trace.length),
      exhaustive: this.report(false, null),
    };
  }

  private pass(exhausted: boolean): ExhaustiveOutcome<M, V> {
    this.finish();
    return { verdict: 'pass', stats: this.stats(true, this.level), exhaustive: this.report(exhausted, null) };
  }

  private incomplete(stoppedBy: StopReason): ExhaustiveOutcome<M, V> {
    this.finish();
    const where = `${this.count} distinct states, depth ${this.level} complete`;
    const reason =
      stoppedBy === 'max-states'
        ? `state budget of ${this.maxStates} distinct states reached (${where})`
        : stoppedBy === 'timeout'
          ? `time budget of ${this.options.timeoutMs} ms reached (${where})`
          : stoppedBy === 'memory'
            ? `${this.memoryReason} (${where})`
            : `${stopReason(this.options.signal)} (${where})`;
    return { verdict: 'incomplete', reason, stats: this.stats(false, this.level), exhaustive: this.report(false, stoppedBy) };
  }
}
