/**
 * One worker thread of the parallel exhaustive search (parallel-exhaustive.ts). It builds the
 * system, runs the search's first levels privately (every worker the same, so they agree on the
 * level they start from without sending states), keeps every N-th state of that level as its part,
 * then expands its part level by level on the coordinator's signal, storing fingerprints in the
 * shared table; a new state stays with the worker that stored it. States never cross threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FingerprintSet } from './fingerprints.ts';
import { newFrontier, type Frontier } from './frontier.ts';
import {
  CONTROL_STOP,
  type FromWorker,
  type ToWorker,
  type WorkerInit,
  type WorkerSystem,
} from './parallel-protocol.ts';
import { SharedFingerprintSet } from './shared-fingerprints.ts';
import type { TransitionSystem } from './types.ts';

const init = workerData as WorkerInit;
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


  // The private prefix: a plain BFS until a level is big enough to split.
  const seen = new FingerprintSet();
  let current: Frontier<S> = newFrontier(system.codec);
  let level = 0;
  let states = 1;
  let transitions = 0;
  const initial = system.initial();
  fingerprint(initial);
  seen.addHash(hash[0]!, hash[1]!);
  if (system.check(initial) !== null) {
    post({ type: 'violation', length: 0, consistent: made.consistent() });
    return;
  }
  current.push(initial);
  for (;;) {
    if (current.length >= init.prefixStates) break;
    if (init.depth !== null && level >= init.depth) {
      post({ type: 'prefix', states, transitions, level, finished: { exhausted: false }, consistent: made.consistent() });
      return;
    }
    const next = newFrontier(system.codec);
    for (let i = 0; i < current.length; i++) {
      const state = current.take(i);
      for (const move of system.moves(state)) {
        const successor = system.apply(state, move);
        transitions++;
        fingerprint(successor);
        if (!seen.addHash(hash[0]!, hash[1]!)) continue;
        if (system.check(successor) !== null) {
          post({ type: 'violation', length: level + 1, consistent: made.consistent() });
          return;
        }
        if (states >= init.maxStates) {
          post({ type: 'max-states', consistent: made.consistent() });
          return;
        }
        states++;
        next.push(successor);
      }
    }
    if (next.length === 0) {
      post({ type: 'prefix', states, transitions, level, finished: { exhausted: true }, consistent: made.consistent() });
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
  post({ type: 'prefix', states, transitions, level, finished: null, consistent: made.consistent() });

  let next: Frontier<S> = newFrontier(system.codec);
  let position = 0;
  let own = 0; // transitions since the prefix
  expand = (message) => {
    if (message.table !== null) table = new SharedFingerprintSet(message.table);
    if (message.advance) {
      current = next;
      next = newFrontier(system.codec);
      position = 0;
      level++;
    }
    const length = current.length;
    // Every answer follows a flush: the coordinator reads the table's count, and grows it, then.
    const answer = (message: FromWorker): void => {
      table.flush();
      post(message);
    };
    while (position < length) {
      if (Atomics.load(control, CONTROL_STOP) !== 0 || table.nearlyFull()) {
        answer({ type: 'round', done: false, next: next.length, transitions: own, consistent: made.consistent() });
        return;
      }
      const state = current.take(position++);
      for (const move of system.moves(state)) {
        const successor = system.apply(state, move);
        own++;
        fingerprint(successor);
        if (!table.addHash(hash[0]!, hash[1]!)) continue;
        if (system.check(successor) !== null) {
          Atomics.store(control, CONTROL_STOP, 1);
          answer({ type: 'violation', length: level + 1, consistent: made.consistent() });
          return;
        }
        // The table's count is every state stored (the first levels' too); other threads' newest
        // stores show in it a batch late, so a budget may be passed by a few states per worker.
        if (table.size > init.maxStates) {
          Atomics.store(control, CONTROL_STOP, 1);
          answer({ type: 'max-states', consistent: made.consistent() });
          return;
        }
        next.push(successor);
      }
    }
    answer({ type: 'round', done: true, next: next.length, transitions: own, consistent: made.consistent() });
  };
}
