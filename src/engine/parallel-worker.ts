/**
 * One worker thread of the parallel exhaustive search (parallel-exhaustive.ts). It builds the
 * system, runs the search's first levels privately (every worker the same, so they agree on the
 * level they start from without sending states), keeps every N-th state of that level as its part,
 * then expands its part level by level on the coordinator's signal, storing fingerprints in the
 * shared table with its level; a new state goes into the part of the next level of the worker that
 * stored it, in shared memory, and any worker done with its own part expands blocks of another's.
 * With `reduce` every state is expanded under the cycle proviso (proviso.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FingerprintSet } from './fingerprints.ts';
import { newFrontier, SharedLevelReader, type Frontier } from './frontier.ts';
import { LevelClaims, ownLevel } from './level-claims.ts';
import {
  CONTROL_STOP,
  type FromWorker,
  type ToWorker,
  type WorkerInit,
  type WorkerSystem,
} from './parallel-protocol.ts';
import { expandUnderProviso, NEW, SEEN } from './proviso.ts';
import { SharedFingerprintSet, STORED } from './shared-fingerprints.ts';
import type { TransitionSystem } from './types.ts';

const init = workerData as WorkerInit;
/** What `take` returns when it ended the search (it has posted why). */
const STOP = Object.freeze({ stop: true });
type Taken = typeof NEW | typeof SEEN | typeof STOP;
const port = parentPort!;
const post = (message: FromWorker): void => port.postMessage(message);

try {
  const module = (await import(init.factory.module)) as Record<string, (args: unknown) => WorkerSystem<unknown, unknown, unknown>>;
  const made = await module[init.factory.exportName]!(init.factory.args);
  run(made);
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}

function run<S, M, V>(made: WorkerSystem<S, M, V>): void {
  const system: TransitionSystem<S, M, V> = made.system;
  let expand: ((message: Extract<ToWorker, { type: 'go' }>) => void) | null = null;
  port.on('message', (message: ToWorker) => {
    if (message.type === 'summary') post({ type: 'summary', summary: made.summary?.() ?? null });
    else expand?.(message);
  });
  const hash = new Int32Array(2);
  const into = system.fingerprintInto;
  if (into === undefined) throw new Error('the parallel search needs the system to have fingerprintInto');
  const fingerprint = (state: S): void => into.call(system, state, hash);

  // With `reduce`, a state's moves are expanded under the cycle proviso as on one thread
  // (proviso.ts): NEW or SEEN depends on the finished levels only, so every worker, and the workers
  // together, choose the ample sets the one-thread search chooses.
  const reduce = init.reduce && system.ample !== undefined;
  let reducedStates = 0;
  /** Expands `state`'s moves with `take`; false when `take` stopped the search. */
  const expandState = (state: S, take: (state: S, move: M) => Taken): boolean => {
    const moves = system.moves(state);
    if (reduce && moves.length > 1) {
      const outcome = expandUnderProviso(moves.length, system.ample!(state, moves), (m) => take(state, moves[m]!));
      if (outcome === STOP) return false;
      if (outcome) reducedStates++;
      return true;
    }
    for (const move of moves) if (take(state, move) === STOP) return false;
    return true;
  };

  // The private prefix: a BFS until a level is big enough to split.
  const seen = new FingerprintSet();
  let current: Frontier<S> = newFrontier(system.codec);
  let level = 0;
  let states = 1;
  let transitions = 0;
  const initial = system.initial();
  fingerprint(initial);
  seen.addHash(hash[0]!, hash[1]!);
  if (system.check(initial) !== null) {
    post({ type: 'violation', consistent: made.consistent() });
    return;
  }
  current.push(initial);
  for (;;) {
    if (current.length >= init.prefixStates) break;
    if (init.depth !== null && level >= init.depth) {
      post({ type: 'prefix', states, transitions, reducedStates, level, finished: { exhausted: false }, consistent: made.consistent() });
      return;
    }
    const next = newFrontier(system.codec);
    /** The states first stored in this level's expansion (for the proviso). */
    const nextLevel = reduce ? new FingerprintSet() : null;
    const take = (state: S, move: M): Taken => {
      const successor = system.apply(state, move);
      transitions++;
      fingerprint(successor);
      if (!seen.addHash(hash[0]!, hash[1]!)) return nextLevel?.hasHash(hash[0]!, hash[1]!) === true ? NEW : SEEN;
      nextLevel?.addHash(hash[0]!, hash[1]!);
      if (system.check(successor) !== null) {
        post({ type: 'violation', consistent: made.consistent() });
        return STOP;
      }
      if (states >= init.maxStates) {
        post({ type: 'max-states', consistent: made.consistent() });
        return STOP;
      }
      states++;
      next.push(successor);
      return NEW;
    };
    for (let i = 0; i < current.length; i++) if (!expandState(current.take(i), take)) return;
    if (next.length === 0) {
      post({ type: 'prefix', states, transitions, reducedStates, level, finished: { exhausted: true }, consistent: made.consistent() });
      return;
    }
    current = next;
    level++;
  }

  // This worker's part of the prefix's last level; worker 0 publishes the prefix's fingerprints.
  let table = new SharedFingerprintSet(init.table);
  const control = new Int32Array(init.control);
  if (init.id === 0) seen.forEachHash((h1, h2) => table.addHash(h1, h2));
  table.flush();
  const mine = newFrontier(system.codec);
  for (let i = 0; i < current.length; i++) {
    const state = current.take(i);
    if (i % init.workers === init.id) mine.push(state);
  }
  current = mine;
  if (init.id !== 0) made.resetSummary?.(); // worker 0 alone accounts for the shared first levels
  post({ type: 'prefix', states, transitions, reducedStates, level, finished: null, consistent: made.consistent() });
  reducedStates = 0; // from here, this worker's own

  // A level is expanded in blocks claimed from every worker's part (level-claims.ts), so no worker
  // idles while another has a long part left (left alone, the worker with more states finishes each
  // level alone and stores the next level's states uncontested: the imbalance feeds itself). The
  // first level, and every level whose words another thread cannot read, is each worker's own part.
  // Levels in shared memory only for a system that may share them (its other levels: plain arrays).
  const shareable = made.levelsPortable !== undefined;
  let next: Frontier<S> = newFrontier(system.codec, shareable);
  /** This worker's part of the level being expanded, if shared: its buffers are reused two levels on. */
  let reading: Frontier<S> | null = null;
  let claims = ownLevel(current);
  let own = 0; // transitions since the prefix
  // Every answer follows a flush: the coordinator reads the table's count, and grows it, then.
  const answer = (message: FromWorker): void => {
    table.flush();
    post(message);
  };
  const take = (state: S, move: M): Taken => {
    const successor = system.apply(state, move);
    own++;
    fingerprint(successor);
    if (!reduce) {
      if (!table.addHash(hash[0]!, hash[1]!)) return SEEN; // only the proviso asks for levels
    } else {
      const storedAt = table.addHashAt(hash[0]!, hash[1]!, level + 1);
      if (storedAt !== STORED) return storedAt === level + 1 ? NEW : SEEN;
    }
    if (system.check(successor) !== null) {
      Atomics.store(control, CONTROL_STOP, 1);
      answer({ type: 'violation', consistent: made.consistent() });
      return STOP;
    }
    // The table's count is every state stored (the first levels' too); other threads' newest
    // stores show in it a batch late, so a budget may be passed by a few states per worker.
    if (table.size > init.maxStates) {
      Atomics.store(control, CONTROL_STOP, 1);
      answer({ type: 'max-states', consistent: made.consistent() });
      return STOP;
    }
    next.push(successor);
    return NEW;
  };
  expand = (message) => {
    if (message.table !== null) table = new SharedFingerprintSet(message.table);
    if (message.advance) {
      // Every worker is done with the level just expanded: its buffers can be written over.
      const spare = reading?.recycle() ?? [];
      if (message.parts === null) {
        claims = ownLevel(next);
        reading = null;
      } else {
        const parts = message.parts.parts.map((part) => new SharedLevelReader(part, system.codec!));
        claims = new LevelClaims(parts, new Int32Array(message.parts.cursors), init.id);
        reading = next;
      }
      next = newFrontier(system.codec, shareable, spare);
      level++;
    }
    while (claims.more()) {
      if (Atomics.load(control, CONTROL_STOP) !== 0 || table.nearlyFull()) {
        answer({ type: 'round', done: false, next: next.length, level: null, transitions: own, reducedStates, consistent: made.consistent() });
        return;
      }
      if (!expandState(claims.take(), take)) return;
    }
    const shared = made.levelsPortable?.() === true ? next.share() : null;
    answer({ type: 'round', done: true, next: next.length, level: shared, transitions: own, reducedStates, consistent: made.consistent() });
  };
}
