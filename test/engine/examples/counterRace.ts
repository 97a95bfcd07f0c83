/**
 * Threads that each increment a shared counter `increments` times with a non-atomic
 * read-then-write (optionally under a mutex). The property: once every thread is done, the counter
 * holds threads * increments. Without the mutex, two threads lose an update after 4 steps
 * (t0.read, t1.read, t0.write, t1.write); with it, the property holds.
 *
 * Threads are interchangeable: with `symmetry` the fingerprint sorts the threads' local states, so
 * states that differ only by a permutation of threads count once.
 */
import type { TransitionSystem } from '../../../src/engine/types.ts';

/** pc: 0 = before acquire (or read), 1 = read done, 2 = write done (holding the lock), 3 = released. */
export interface Thread {
  readonly pc: number;
  readonly tmp: number;
  readonly done: number;
}

export interface Counter {
  readonly x: number;
  readonly lock: number; // holder, or -1
  readonly threads: readonly Thread[];
}

export interface CounterMove {
  readonly thread: number;
  readonly op: 'acquire' | 'read' | 'write' | 'release';
}

export interface CounterOptions {
  readonly threads: number;
  readonly increments: number;
  readonly mutex: boolean;
  readonly symmetry?: boolean;
}

export interface LostUpdate {
  readonly property: 'counter';
  readonly expected: number;
  readonly actual: number;
}

export function counterRace(options: CounterOptions): TransitionSystem<Counter, CounterMove, LostUpdate> {
  const { threads, increments, mutex } = options;
  // Moves are shared objects: a move is the same value whichever state enables it.
  const moveTable: CounterMove[][] = [];
  for (let t = 0; t < threads; t++) {
    moveTable.push((['acquire', 'read', 'write', 'release'] as const).map((op) => ({ thread: t, op })));
  }
  const opOf = (pc: number): number => (mutex ? pc : pc + 1); // without a mutex: read, write only
  return {
    initial: () => ({ x: 0, lock: -1, threads: Array.from({ length: threads }, () => ({ pc: 0, tmp: 0, done: 0 })) }),
    moves(s) {
      const out: CounterMove[] = [];
      for (let t = 0; t < threads; t++) {
        const th = s.threads[t]!;
        if (th.done === increments) continue;
        const op = opOf(th.pc);
        if (op === 0 && s.lock !== -1) continue; // acquire blocks
        out.push(moveTable[t]![op]!);
      }
      return out;
    },
    apply(s, move) {
      const t = move.thread;
      const th = s.threads[t]!;
      let { x, lock } = s;
      let next: Thread;
      switch (move.op) {
        case 'acquire':
          lock = t;
          next = { pc: 1, tmp: th.tmp, done: th.done };
          break;
        case 'read':
          next = { pc: th.pc + 1, tmp: x, done: th.done };
          break;
        case 'write':
          x = th.tmp + 1;
          next = mutex ? { pc: 3, tmp: 0, done: th.done } : { pc: 0, tmp: 0, done: th.done + 1 };
          break;
        case 'release':
          lock = -1;
          next = { pc: 0, tmp: 0, done: th.done + 1 };
          break;
      }
      const ts = s.threads.slice();
      ts[t] = next;
      return { x, lock, threads: ts };
    },
    check(s) {
      for (const th of s.threads) if (th.done !== increments) return null;
      const expected = threads * increments;
      return s.x === expected ? null : { property: 'counter', expected, actual: s.x };
    },
    fingerprint(s) {
      const locals = s.threads.map((th, i) => `${th.pc}.${th.tmp}.${th.done}${s.lock === i ? 'L' : ''}`);
      if (options.symmetry === true) locals.sort();
      return `${s.x}|${s.lock === -1 ? 'free' : 'held'}|${locals.join(',')}`;
    },
    moveKey: (m) => `t${m.thread}.${m.op}`,
  };
}
