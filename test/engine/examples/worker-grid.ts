/**
 * A grid for the parallel search's own tests, built in each worker by a `SystemFactory`: x and y
 * count up to `size`, so every level of the breadth-first search is a diagonal. `fail` makes the
 * workers' copies (not the calling thread's) break when a move reaches x = `at`: by throwing or by
 * ending the worker thread with an exit code; or worker number `at` fails while it builds the
 * system (the others build theirs).
 */
import { workerData } from 'node:worker_threads';
import type { SystemFactory, WorkerInit, WorkerSystem } from '../../../src/engine/parallel-protocol.ts';
import type { TransitionSystem } from '../../../src/engine/types.ts';

export interface GridFailure {
  readonly how: 'throw' | 'exit' | 'build';
  readonly at: number;
}

export interface WorkerGridArgs {
  readonly size: number;
  readonly fail?: GridFailure;
}

type Cell = readonly [number, number];

export function grid(size: number, fail?: GridFailure): TransitionSystem<Cell, 'x' | 'y', never> {
  const apply = ([x, y]: Cell, m: 'x' | 'y'): Cell => {
    const next: Cell = m === 'x' ? [x + 1, y] : [x, y + 1];
    if (fail !== undefined && fail.how !== 'build' && next[0] === fail.at) {
      if (fail.how === 'exit') process.exit(7);
      throw new Error(`grid: a move reached x = ${fail.at}`);
    }
    return next;
  };
  return {
    initial: () => [0, 0],
    moves: ([x, y]) => [...(x < size ? (['x'] as const) : []), ...(y < size ? (['y'] as const) : [])],
    apply,
    check: () => null,
    fingerprint: ([x, y]) => `${x},${y}`,
    // Never (0, 0): the shared table's empty slot.
    fingerprintInto: ([x, y], out) => {
      out[0] = x * 4096 + y + 1;
      out[1] = 0x5bd1e995;
    },
    moveKey: (m) => m,
  };
}

/** Built in a worker; its summary is the transitions it made (the first levels only on worker 0, after the reset). */
export function createWorkerGrid(args: WorkerGridArgs): WorkerSystem<Cell, 'x' | 'y', never> {
  if (args.fail?.how === 'build' && (workerData as WorkerInit).id === args.fail.at) throw new Error('grid: cannot build the system');
  const plain = grid(args.size, args.fail);
  let applied = 0;
  const system: TransitionSystem<Cell, 'x' | 'y', never> = {
    ...plain,
    apply: (cell, m) => {
      applied++;
      return plain.apply(cell, m);
    },
  };
  return {
    system,
    consistent: () => true,
    summary: () => applied,
    resetSummary: () => {
      applied = 0;
    },
  };
}

export function workerGridFactory(args: WorkerGridArgs): SystemFactory {
  return { module: import.meta.url, exportName: 'createWorkerGrid', args };
}
