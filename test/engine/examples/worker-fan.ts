/**
 * A fan for the parallel search's level sharing (test/engine/level-sharing.test.ts): the initial
 * state has WIDTH successors (level 1, where the workers split), each has one successor (level 2,
 * the first level whose parts are shared), and those have none. States are numbers, packed as one
 * word, the same in every thread.
 *
 * Each worker's part of level 2 is exactly WIDTH / 2 states (level 1 is split state by state, and
 * each level-1 state has a successor of its own), so a worker that expands more of level 2 took
 * states of the other's part: the levels were shared. To make that happen whatever the timing,
 * worker 0 stops at the first level-2 state it expands until the workers together have expanded
 * all of level 2 but one claim block (CLAIM_BLOCK states), or `gateMs` pass. The summary is how
 * many level-2 states the worker expanded.
 */
import { workerData } from 'node:worker_threads';
import { CLAIM_BLOCK } from '../../../src/engine/level-claims.ts';
import type { SystemFactory, WorkerInit, WorkerSystem } from '../../../src/engine/parallel-protocol.ts';
import type { TransitionSystem } from '../../../src/engine/types.ts';

export const WIDTH = 1_000;

export interface WorkerFanArgs {
  /** Int32 words: [level-2 states expanded so far]. */
  readonly gate: SharedArrayBuffer;
  readonly gateMs: number;
  /** What `levelsPortable` answers. */
  readonly portable: boolean;
}


const level = (s: number): number => (s === 0 ? 0 : s <= WIDTH ? 1 : 2);

export function fan(): TransitionSystem<number, number, never> {
  return {
    initial: () => 0,
    moves: (s) => (s === 0 ? Array.from({ length: WIDTH }, (_, i) => i) : level(s) === 1 ? [0] : []),
    apply: (s, m) => (s === 0 ? 1 + m : s + WIDTH),
    check: () => null,
    fingerprint: (s) => String(s),
    fingerprintInto: (s, out) => {
      out[0] = s + 1; // never (0, 0): the shared table's empty slot
      out[1] = 0x2545f491;
    },
    moveKey: String,
    codec: {
      encode(s, out, at) {
        if (at < out.length) out[at] = s;
        return at + 1;
      },
      decode: (words, at) => words[at]!,
    },
  };
}

export function createWorkerFan(args: WorkerFanArgs): WorkerSystem<number, number, never> {
  const plain = fan();
  const expanded = new Int32Array(args.gate);
  const id = (workerData as WorkerInit).id;
  let mine = 0;
  let shut = id === 0;
  const system: TransitionSystem<number, number, never> = {
    ...plain,
    moves: (s) => {
      if (level(s) === 2) {
        if (shut) {
          shut = false;
          const until = Date.now() + args.gateMs;
          // Stops while the others may take the rest of this worker's part (all of it but its block).
          for (let seen = Atomics.load(expanded, 0); seen < WIDTH - CLAIM_BLOCK; seen = Atomics.load(expanded, 0)) {
            const left = until - Date.now();
            if (left <= 0) break;
            Atomics.wait(expanded, 0, seen, left);
          }
        }
        mine++;
        Atomics.add(expanded, 0, 1);
        Atomics.notify(expanded, 0);
      }
      return plain.moves(s);
    },
  };
  return { system, consistent: () => true, levelsPortable: () => args.portable, summary: () => mine };
}

export function workerFanFactory(args: WorkerFanArgs): SystemFactory {
  return { module: import.meta.url, exportName: 'createWorkerFan', args };
}
