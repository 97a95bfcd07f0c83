/**
 * Throughput of exhaustiveSearch's loop (transitions/s) on two toy systems:
 * - `lattice`: three counters 0..127 with inc/dec moves, a state is one number (the loop's own cost);
 * - `counterRace`: 6 threads incrementing a shared counter under a mutex, object states and
 *   string fingerprints built per state (closer to a real model).
 * Run: node bin/run-ts.js bench/engine-throughput.ts  (or npx tsx bench/engine-throughput.ts)
 */
import { exhaustiveSearch } from '../src/engine/exhaustive.ts';
import type { TransitionSystem } from '../src/engine/types.ts';
import { counterRace } from '../test/engine/examples/counterRace.ts';

const SIDE = 128;
const MOVES: readonly number[] = [0, 1, 2, 3, 4, 5];
const STRIDE = [1, SIDE, SIDE * SIDE];

/** Three counters packed into one number; moves 2i and 2i+1 increment and decrement counter i. */
const lattice: TransitionSystem<number, number, string> = {
  initial: () => 0,
  moves: () => MOVES,
  apply(s, move) {
    const stride = STRIDE[move >> 1]!;
    const value = Math.floor(s / stride) % SIDE;
    if ((move & 1) === 0) return value === SIDE - 1 ? s : s + stride;
    return value === 0 ? s : s - stride;
  },
  check: () => null,
  fingerprint: (s) => String(s),
  moveKey: (m) => String(m),
};

function measure<S, M, V>(name: string, system: TransitionSystem<S, M, V>, maxStates: number): void {
  exhaustiveSearch(system, { maxStates: 10_000 }); // warm-up
  const runs: number[] = [];
  let last = exhaustiveSearch(system, { maxStates });
  for (let i = 0; i < 3; i++) {
    const started = process.hrtime.bigint();
    last = exhaustiveSearch(system, { maxStates });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    runs.push(last.stats.transitions / seconds);
  }
  runs.sort((a, b) => a - b);
  const median = runs[1]!;
  const s = last.stats;
  console.log(
    `${name.padEnd(12)} ${last.verdict.padEnd(10)} states=${s.states} transitions=${s.transitions} depth=${s.depth} ` +
      `complete=${s.complete}  ${(median / 1e6).toFixed(2)} M transitions/s (median of 3), ` +
      `${((median * s.states) / s.transitions / 1e6).toFixed(2)} M states/s`,
  );
}

measure('lattice', lattice, 3_000_000);
measure('counterRace', counterRace({ threads: 6, increments: 3, mutex: true }), 3_000_000);
