/**
 * The parallel search's workers share a level's parts (engine/level-claims.ts): a worker done with
 * its own part expands blocks of another's, when the system says its packed words read the same in
 * every thread (`levelsPortable`), and never otherwise. The fan's gate (examples/worker-fan.ts)
 * holds worker 0 at its first level-2 state until the others have expanded nearly all of level 2:
 * only blocks taken from worker 0's part get the count there.
 */
import { describe, expect, it } from 'vitest';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { parallelExhaustiveSearch } from '../../src/engine/parallel-exhaustive.ts';
import { fan, WIDTH, workerFanFactory, type GateSummary } from './examples/worker-fan.ts';

async function searchFan(portable: boolean, gateMs: number) {
  const gate = new SharedArrayBuffer(4);
  const summaries: unknown[] = [];
  const outcome = await parallelExhaustiveSearch(fan(), workerFanFactory({ gate, gateMs, portable }), {
    workers: 2,
    sequentialBelow: 0,
    splitPerWorker: 1,
    absorbSummaries: (s) => summaries.push(...s),
  });
  return { outcome, gates: summaries as GateSummary[] };
}

describe('parallel search: sharing a level between workers', () => {
  const one = exhaustiveSearch(fan());

  it('portable words: a worker takes blocks of another\'s part (the gate opens by the count), with the one-thread counts', async () => {
    // The time limit only ends a broken search; an open gate does not wait for it.
    const { outcome, gates } = await searchFan(true, 120_000);
    expect(gates).toEqual(['count', 'none']);
    expect([outcome.verdict, outcome.stats.states, outcome.stats.transitions]).toEqual(['pass', one.stats.states, one.stats.transitions]);
    expect(outcome.stats.states).toBe(1 + 2 * WIDTH);
  });

  it('words only their thread reads: each worker keeps to its own part (the gate opens by the time alone)', async () => {
    const { outcome, gates } = await searchFan(false, 300);
    expect(gates).toEqual(['time', 'none']);
    expect([outcome.verdict, outcome.stats.states, outcome.stats.transitions]).toEqual(['pass', one.stats.states, one.stats.transitions]);
  });
});
