/**
 * The parallel search's workers share a level's parts (engine/level-claims.ts): a worker done with
 * its own part expands blocks of another's, when the system says its packed words read the same in
 * every thread (`levelsPortable`), and never otherwise. In the fan (examples/worker-fan.ts) each
 * worker's part of level 2 is exactly half of it, and worker 0 is held at its first level-2 state
 * until the other has expanded nearly all of level 2: only blocks of worker 0's part get it there.
 */
import { describe, expect, it } from 'vitest';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { parallelExhaustiveSearch } from '../../src/engine/parallel-exhaustive.ts';
import { CLAIM_BLOCK } from '../../src/engine/level-claims.ts';
import { fan, WIDTH, workerFanFactory } from './examples/worker-fan.ts';

async function searchFan(portable: boolean, gateMs: number) {
  const gate = new SharedArrayBuffer(4);
  const summaries: unknown[] = [];
  const outcome = await parallelExhaustiveSearch(fan(), workerFanFactory({ gate, gateMs, portable }), {
    workers: 2,
    sequentialBelow: 0,
    splitPerWorker: 1,
    absorbSummaries: (s) => summaries.push(...s),
  });
  return { outcome, level2: summaries as number[] };
}

describe('parallel search: sharing a level between workers', () => {
  const one = exhaustiveSearch(fan());

  it('portable words: a worker takes blocks of another\'s part, with the one-thread counts', async () => {
    // The time limit only ends a broken search; a search that shares does not wait for it.
    const { outcome, level2 } = await searchFan(true, 120_000);
    expect(level2[0]! + level2[1]!).toBe(WIDTH);
    expect(level2[1]).toBeGreaterThanOrEqual(WIDTH - CLAIM_BLOCK); // more than its own half
    expect([outcome.verdict, outcome.stats.states, outcome.stats.transitions]).toEqual(['pass', one.stats.states, one.stats.transitions]);
    expect(outcome.stats.states).toBe(1 + 2 * WIDTH);
  });

  it('words only their thread reads: each worker keeps to its own part', async () => {
    const { outcome, level2 } = await searchFan(false, 300);
    expect(level2).toEqual([WIDTH / 2, WIDTH / 2]);
    expect([outcome.verdict, outcome.stats.states, outcome.stats.transitions]).toEqual(['pass', one.stats.states, one.stats.transitions]);
  });
});
