/**
 * Exhaustive mode on worker threads: the breadth-first search of exhaustive.ts, level-synchronous
 * over N workers that share one fingerprint table (SharedFingerprintSet, TLC-style lock-free
 * inserts into a SharedArrayBuffer).
 *
 * - Each worker runs the first levels privately (the same on every worker) up to the first level
 *   with at least PREFIX_PER_WORKER x N states, keeps every N-th state of it, and from then on
 *   expands its part; a state a worker stores first in the shared table goes into that worker's
 *   part of the next level. Packed levels are in shared memory: a worker done with its own part
 *   claims blocks of another's (work sharing within a level), so the level ends when every part is
 *   expanded, not when the longest part's owner is done; levels of object states stay with their worker.
 * - When the table is 3/4 full the workers pause at the next state and the coordinator copies it
 *   into one twice the size (no insert is in flight then).
 * - The same answer as one thread: the level-synchronous search finds the first violating level L
 *   (the shortest length); the coordinator then runs the one-thread search, which stops at its
 *   first violation, at level L too, and so reports exactly the violation, trace and counts the
 *   one-thread search does. A pass reports the same distinct-state and
 *   transition counts (each reachable state is stored once and expanded once).
 * - Small searches run on the calling thread: the one-thread search runs first with a budget of
 *   `sequentialBelow` distinct states (default 50,000: about a second), and only a search that
 *   outgrows it continues on workers (started beside it past 40% of the budget, so they are loaded
 *   by then; they recompute its first levels: cheap against what remains).
 *
 * - With `reduce`, the workers expand under partial-order reduction as the one-thread search does
 *   (proviso.ts): the shared table keeps each state's level, so the cycle proviso can tell a state
 *   first stored in this level's expansion from one of a finished level, and the workers choose
 *   the one-thread search's ample sets (the same states, transitions and states reduced).
 *
 * Requirements beyond exhaustive.ts's: a `SystemFactory` that rebuilds the system in a worker,
 * `fingerprintInto`, and fingerprints that agree across threads (`WorkerSystem.consistent`; when a
 * worker says they may not, the result is recomputed on one thread). `target` is not supported
 * (every violation counts), as the CLI never sets it.
 */
import { Worker } from 'node:worker_threads';
import { collisionProbability } from './fingerprints.ts';
import { ProgressReporter, type Progress } from './progress.ts';
import { stopReason } from './stop.ts';
import { exhaustiveSearchAsync, DEFAULT_MAX_STATES, type ExhaustiveOptions, type ExhaustiveOutcome } from './exhaustive.ts';
import { CONTROL_STOP, CONTROL_WORDS, type FromWorker, type LevelParts, type SystemFactory, type ToWorker, type WorkerInit } from './parallel-protocol.ts';
import { SharedFingerprintSet, tableSlots } from './shared-fingerprints.ts';
import type { SearchStats, TransitionSystem } from './types.ts';

/** States per worker in the level where the workers split the search. */
const PREFIX_PER_WORKER = 256;
const DEFAULT_SEQUENTIAL_BELOW = 50_000;
/** A one-thread search past this fraction of `sequentialBelow` starts the workers beside it. */
const WARM_WORKERS_AT = 0.4;

export interface ParallelOptions<V> extends Omit<ExhaustiveOptions<V>, 'target'> {
  readonly workers: number;
  /** Searches within this many distinct states run on the calling thread (default 50,000). */
  readonly sequentialBelow?: number;
  /** Slots of the shared table at the start (default: enough for the first levels; tests make it small to exercise growing). */
  readonly initialSlots?: number;
  /** States per worker in the level where the workers split (default 256; tests make it small, so that small spaces are searched by the workers' shared part too). */
  readonly splitPerWorker?: number;
  /** Called before each search on the calling thread starts (a caller resets what its system records). */
  readonly beforeOneThreadSearch?: () => void;
  /** Receives the workers' `WorkerSystem.summary` values after a pass on workers. */
  readonly absorbSummaries?: (summaries: readonly unknown[]) => void;
}

/** The parallel search's facts beyond the exhaustive report. */
export interface ParallelReport {
  /** Worker threads the search ran on (1: it finished within `sequentialBelow` on the calling thread). */
  readonly workers: number;
  /** Why the result came from the one-thread search although workers ran, if it did. */
  readonly rerun: 'violation' | 'inconsistent' | null;
  // 'inconsistent' also covers a state budget smaller than the levels the workers split at.
}

export async function parallelExhaustiveSearch<S, M, V>(
  system: TransitionSystem<S, M, V>,
  factory: SystemFactory,
  options: ParallelOptions<V>,
): Promise<ExhaustiveOutcome<M, V> & { readonly parallel: ParallelReport }> {
  const started = Date.now();
  const maxStates = Math.max(1, options.maxStates ?? DEFAULT_MAX_STATES);
  const sequentialBelow = options.sequentialBelow ?? DEFAULT_SEQUENTIAL_BELOW;
  const oneThread = (rest: Partial<ExhaustiveOptions<V>> = {}) => {
    options.beforeOneThreadSearch?.();
    return exhaustiveSearchAsync(system, { ...options, ...rest });
  };
  if (options.workers <= 1 || sequentialBelow >= maxStates || system.fingerprintInto === undefined) return { ...(await oneThread()), parallel: { workers: 1, rerun: null } };
  const start = (): WorkerPool => startWorkers(factory, { ...options, maxStates });
  let pool: WorkerPool | null = null;
  try {
    /** Where the one-thread search stopped: what a stop before the workers report anything says. */
    let before = { states: 1, transitions: 0, level: 0 };
    if (sequentialBelow > 0) {
      // The workers load while this thread searches the rest of its budget: a search that outgrows
      // it finds them ready. Started only past WARM_WORKERS_AT of the budget, so that the many
      // checks that end sooner start no thread at all (loading them costs CPU the search shares).
      // Stryker disable next-line BlockStatement: when the workers start loading changes only how soon they are ready (a search that ends sooner closes them unused)
      const warm = (progress: Progress) => {
        // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator,AssignmentOperator: the same (above); `&&=` never warms, and the pool starts below
        if (progress.states >= sequentialBelow * WARM_WORKERS_AT) pool ??= start();
      };
      const small = await oneThread({ maxStates: sequentialBelow, onProgress: warm, progressIntervalMs: 25 });
      // A verdict, or a stop by a budget the whole search shares (a signal, the clock, memory): that is the answer.
      if (small.verdict !== 'incomplete' || small.exhaustive.stoppedBy !== 'max-states') return { ...small, parallel: { workers: 1, rerun: null } };
      before = { states: small.stats.states, transitions: small.stats.transitions, level: small.stats.depth };
    }
    const timeoutMs = options.timeoutMs === undefined ? undefined : Math.max(0, options.timeoutMs - (Date.now() - started));
    pool ??= start();
    // Stryker disable next-line ObjectLiteral,ConditionalExpression: `false` passes `timeoutMs: undefined` only when the caller set none (parallel-grid.test.ts's fake clock kills `true` and `{}`: npm run mutation:ignored)
    const result = await driveWorkers(pool, { ...options, maxStates, ...(timeoutMs === undefined ? {} : { timeoutMs }) }, before);
    return await report(result);
  } finally {
    await (pool as WorkerPool | null)?.close(); // driveWorkers closed it, unless the one-thread search answered first
  }

  async function report(result: WorkersResult): Promise<ExhaustiveOutcome<M, V> & { readonly parallel: ParallelReport }> {
    if (result.kind === 'violation' || result.kind === 'inconsistent') {
      // The one-thread search stops at its first violation, at the length the workers found: what it reports is the answer.
      const rerun = await oneThread();
      const exhaustive = { ...rerun.exhaustive, depthBound: options.depth ?? null };
      return { ...rerun, exhaustive, parallel: { workers: options.workers, rerun: result.kind } };
    }
    const stats: SearchStats = {
      runs: 1,
      states: result.states,
      transitions: result.transitions,
      depth: result.level,
      complete: result.kind === 'pass',
      elapsedMs: Date.now() - started,
    };
    const exhaustive = {
      generated: result.transitions + 1,
      collisionProbability: collisionProbability(result.states, result.transitions + 1),
      exhausted: result.kind === 'pass' && result.exhausted,
      depthBound: options.depth ?? null,
      stoppedBy: result.kind === 'incomplete' ? result.stoppedBy : null,
      queue: result.kind === 'incomplete' ? result.queue : 0,
      ...(options.reduce === true && system.ample !== undefined
        ? { reduction: { states: result.states, transitions: result.transitions, reducedStates: result.reducedStates, rerun: false } }
        : {}),
    };
    const parallel: ParallelReport = { workers: options.workers, rerun: null };
    if (result.kind === 'pass') return { verdict: 'pass', stats, exhaustive, parallel };
    const where = `${result.states} distinct states, depth ${result.level} complete`;
    const reason =
      result.stoppedBy === 'max-states'
        ? `state budget of ${maxStates} distinct states reached (${where})`
        : result.stoppedBy === 'timeout'
          ? `time budget of ${options.timeoutMs} ms reached (${where})`
          : `${stopReason(options.signal)} (${where})`;
    return { verdict: 'incomplete', reason, stats, exhaustive, parallel };
  }
}

type WorkersResult =
  | { readonly kind: 'violation' }
  | { readonly kind: 'inconsistent' }
  | { readonly kind: 'pass'; readonly exhausted: boolean; readonly states: number; readonly transitions: number; readonly reducedStates: number; readonly level: number }
  | {
      readonly kind: 'incomplete';
      readonly stoppedBy: 'max-states' | 'timeout' | 'aborted';
      readonly states: number;
      readonly transitions: number;
      readonly reducedStates: number;
      readonly level: number;
      readonly queue: number;
    };

/** Worker threads started for a search, with the table they share at the start. */
interface WorkerPool {
  readonly workers: readonly Worker[];
  readonly table: SharedFingerprintSet;
  /** One message from every worker (their answers to the same round). */
  collect(deadline: number, signal: AbortSignal | undefined): Promise<FromWorker[] | 'timeout' | 'aborted'>;
  /** Stops and terminates the workers (again: nothing). */
  close(): Promise<void>;
}

function startWorkers<V>(factory: SystemFactory, options: ParallelOptions<V> & { readonly maxStates: number }): WorkerPool {
  const n = options.workers;
  // Stryker disable next-line ArithmeticOperator: the first size only sets how soon the table grows (tableSlots gives at least 2^16 slots)
  const table = new SharedFingerprintSet(options.initialSlots ?? tableSlots(4 * PREFIX_PER_WORKER * n * 8));
  // Stryker disable next-line ArithmeticOperator: 4 / 1 is 4 * 1 while the control block is one word
  const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS));
  // Stryker disable next-line Regex: the file name occurs once in its URL, at the end
  const entry = import.meta.url.replace(/parallel-exhaustive\.(ts|js)$/, 'parallel-worker.$1');
  const workers: Worker[] = [];
  const inboxes: FromWorker[][] = [];
  const waiting: (() => void)[] = [];
  // Stryker disable next-line ArrowFunction: without the wake-up, collect still looks every 100 ms (slower, the same answers)
  const wakeAll = () => waiting.splice(0).forEach((wake) => wake());
  let failure: Error | null = null;
  let closed: Promise<void> | null = null;
  for (let id = 0; id < n; id++) {
    const init: WorkerInit = {
      entry,
      factory,
      id,
      workers: n,
      table: table.buffer,
      control: control.buffer as SharedArrayBuffer,
      depth: options.depth ?? null,
      maxStates: options.maxStates,
      prefixStates: (options.splitPerWorker ?? PREFIX_PER_WORKER) * n,
      reduce: options.reduce === true,
    };
    const worker = new Worker(workerEntry(entry), { workerData: init });
    inboxes.push([]);
    worker.on('message', (message: FromWorker) => {
      inboxes[id]!.push(message);
      wakeAll();
    });
    worker.on('error', (error) => {
      failure ??= error;
      wakeAll();
    });
    worker.on('exit', (code) => {
      if (code !== 0 && closed === null) failure ??= new Error(`search worker ${id} exited with code ${code}`);
      wakeAll();
    });
    workers.push(worker);
  }
  return {
    workers,
    table,
    async collect(deadline, signal) {
      for (;;) {
        if (failure !== null) throw failure;
        if (inboxes.every((inbox) => inbox.length > 0)) return inboxes.map((inbox) => inbox.shift()!);
        if (signal?.aborted === true) return 'aborted';
        if (Date.now() >= deadline) return 'timeout';
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 100).unref();
        });
      }
    },
    close() {
      if (closed === null) {
        Atomics.store(control, CONTROL_STOP, 1);
        closed = Promise.all(workers.map((worker) => worker.terminate())).then(() => undefined);
      }
      return closed;
    },
  };
}

/** Runs the level-synchronous search on the pool's workers; closes the pool. */
async function driveWorkers<V>(
  pool: WorkerPool,
  options: ParallelOptions<V> & { readonly maxStates: number },
  before: { readonly states: number; readonly transitions: number; readonly level: number },
): Promise<WorkersResult> {
  const { workers } = pool;
  let table = pool.table;
  const progress = new ProgressReporter(options.onProgress, options.progressIntervalMs);
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  const collect = () => pool.collect(deadline, options.signal);
  let prefixStates = 0;
  let prefixTransitions = 0;
  let level = 0;
  let next = 0;
  let lastTransitions: number[] = workers.map(() => 0);
  let prefixReduced = 0;
  let lastReduced: number[] = workers.map(() => 0);
  const reducedStates = () => prefixReduced + lastReduced.reduce((a, b) => a + b, 0);
  // Stopped before the workers said anything: the one-thread search's counts, further than nothing.
  const stopped = (stoppedBy: 'timeout' | 'aborted' | 'max-states'): WorkersResult =>
    prefixStates === 0
      ? { kind: 'incomplete', stoppedBy, ...before, reducedStates: 0, queue: 0 }
      : {
          kind: 'incomplete',
          stoppedBy,
          states: Math.min(table.size, options.maxStates) || prefixStates,
          transitions: prefixTransitions + lastTransitions.reduce((a, b) => a + b, 0),
          reducedStates: reducedStates(),
          level,
          queue: next,
        };
  try {
    const prefix = await collect();
    if (typeof prefix === 'string') return stopped(prefix);
    const first = prefix[0]!;
    const errors = prefix.flatMap((m) => (m.type === 'error' ? [m.message] : []));
    if (errors.length > 0) throw new Error(errors.join('\n'));
    if (prefix.some((m) => 'consistent' in m && !m.consistent)) return { kind: 'inconsistent' };
    if (first.type === 'violation') return { kind: 'violation' };
    if (first.type === 'max-states') return { kind: 'inconsistent' }; // a budget smaller than the first levels: one thread reports it
    // Stryker disable next-line StringLiteral: an internal error's wording; a worker's first answer is one of the four above or a prefix
    if (first.type !== 'prefix') throw new Error(`internal: unexpected ${first.type} from a search worker`);
    prefixStates = first.states;
    prefixTransitions = first.transitions;
    prefixReduced = first.reducedStates;
    level = first.level;
    if (first.finished !== null) {
      if (options.absorbSummaries !== undefined) {
        for (const worker of workers) worker.postMessage({ type: 'summary' } satisfies ToWorker);
        const summaries = await collect();
        if (typeof summaries === 'string') return stopped(summaries);
        options.absorbSummaries(summaries.slice(0, 1).map((m) => (m.type === 'summary' ? m.summary : null)));
      }
      return { kind: 'pass', exhausted: first.finished.exhausted, states: first.states, transitions: first.transitions, reducedStates: prefixReduced, level };
    }
    let message: ToWorker = { type: 'go', table: null, advance: false, parts: null };
    for (;;) {
      for (const worker of workers) worker.postMessage(message);
      const answers = await collect();
      if (typeof answers === 'string') return stopped(answers);
      if (answers.some((m) => 'consistent' in m && !m.consistent)) return { kind: 'inconsistent' };
      if (answers.some((m) => m.type === 'violation')) return { kind: 'violation' };
      if (answers.some((m) => m.type === 'max-states')) return stopped('max-states');
      lastTransitions = answers.map((m) => (m.type === 'round' ? m.transitions : 0));
      lastReduced = answers.map((m) => (m.type === 'round' ? m.reducedStates : 0));
      if (answers.some((m) => m.type === 'round' && !m.done)) {
        // Paused for room: every worker is idle now, so the table can be copied into a bigger one.
        table = table.grownCopy(table.slots * 2);
        message = { type: 'go', table: table.buffer, advance: false, parts: null };
        continue;
      }
      next = answers.reduce((sum, m) => sum + (m.type === 'round' ? m.next : 0), 0);
      const states = table.size;
      const transitions = prefixTransitions + lastTransitions.reduce((a, b) => a + b, 0);
      progress.tick('search', 1, states, transitions, level, next);
      const passed = next === 0 ? true : level + 1 === options.depth ? false : null;
      if (passed !== null) {
        if (options.absorbSummaries !== undefined) {
          for (const worker of workers) worker.postMessage({ type: 'summary' } satisfies ToWorker);
          const summaries = await collect();
          if (typeof summaries === 'string') return stopped(summaries);
          options.absorbSummaries(summaries.map((m) => (m.type === 'summary' ? m.summary : null)));
        }
        return { kind: 'pass', exhausted: passed, states, transitions, reducedStates: reducedStates(), level: passed ? level : level + 1 };
      }
      level++;
      message = { type: 'go', table: null, advance: true, parts: levelParts(answers) };
    }
  } finally {
    await pool.close();
  }
}

/** The next level as the workers' shared parts, when every part is shared (else each worker keeps its own). */
function levelParts(answers: readonly FromWorker[]): LevelParts | null {
  const parts = answers.map((m) => (m.type === 'round' ? m.level : null));
  if (!parts.every((part) => part !== null)) return null;
  return { parts, cursors: new SharedArrayBuffer(4 * parts.length) };
}

/**
 * The file a worker thread starts from. A build's worker is plain JavaScript and starts directly
 * (worker-bootstrap.mjs is not part of the build: tsc emits only .ts files). From the sources, the
 * bootstrap registers tsx in the worker first: a worker does not inherit the loader hooks the
 * main thread registered.
 */
function workerEntry(entry: string): URL {
  return entry.endsWith('.ts') ? new URL('./worker-bootstrap.mjs', import.meta.url) : new URL(entry);
}
