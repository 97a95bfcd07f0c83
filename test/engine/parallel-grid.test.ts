/**
 * The parallel search on an engine-only grid (test/engine/examples/worker-grid.ts): a worker that
 * fails ends the search with its error, whichever way it fails (while it builds the system, posted
 * as a message; during a level, an uncaught error in the thread; by ending its thread with an exit
 * code), and what the workers report at a depth bound and in their summaries. The calling thread's
 * own system never fails, so a search that swallowed a worker's failure would pass.
 */
import { describe, expect, it, vi } from 'vitest';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { parallelExhaustiveSearch } from '../../src/engine/parallel-exhaustive.ts';
import { withFakeDate } from './examples/fake-date.ts';
import { grid, workerGridFactory, type GridFailure } from './examples/worker-grid.ts';

const SIZE = 40; // 1,681 states; levels of up to 41 states, so the workers split at level 1
/** Two workers from the start, split at once. */
const ON_WORKERS = { workers: 2, sequentialBelow: 0, splitPerWorker: 1, maxStates: 100_000 } as const;

const search = (fail?: GridFailure) =>
  parallelExhaustiveSearch(grid(SIZE), workerGridFactory({ size: SIZE, ...(fail === undefined ? {} : { fail }) }), {
    ...ON_WORKERS,
    // A search that missed a failure would wait for the failed worker's answer until this budget
    // (an incomplete verdict, not the rejection asserted): 100x what the search takes when idle.
    timeoutMs: 60_000,
  });

describe('parallel search: a failing worker', () => {
  it('passes with the one-thread counts when no worker fails (the grid is sound)', async () => {
    const outcome = await search();
    expect(outcome.verdict).toBe('pass');
    expect(outcome.stats.states).toBe((SIZE + 1) * (SIZE + 1));
    expect(outcome.stats.transitions).toBe(2 * SIZE * (SIZE + 1));
    expect(outcome.parallel.workers).toBe(2);
    // The report's other counts are the one-thread search's too.
    const one = exhaustiveSearch(grid(SIZE));
    expect(outcome.exhaustive.generated).toBe(one.exhaustive.generated);
    expect(outcome.exhaustive.collisionProbability).toBe(one.exhaustive.collisionProbability);
    expect(outcome.exhaustive.reduction).toBeUndefined();
  });

  it('with reduce on a system without ample sets: no reduction to report, as on one thread', async () => {
    const outcome = await parallelExhaustiveSearch(grid(SIZE), workerGridFactory({ size: SIZE }), { ...ON_WORKERS, reduce: true });
    expect([outcome.verdict, outcome.parallel.workers]).toEqual(['pass', 2]);
    expect(outcome.exhaustive.reduction).toBe(exhaustiveSearch(grid(SIZE), { reduce: true }).exhaustive.reduction);
    expect(outcome.exhaustive.reduction).toBeUndefined();
  });

  it('stopped by the state budget on the workers: incomplete, saying which budget', async () => {
    const outcome = await parallelExhaustiveSearch(grid(SIZE), workerGridFactory({ size: SIZE }), { ...ON_WORKERS, maxStates: 500 });
    expect(outcome.verdict).toBe('incomplete');
    if (outcome.verdict === 'incomplete') expect(outcome.reason).toMatch(/^state budget of 500 distinct states reached \(\d+ distinct states, depth \d+ complete\)$/);
    expect(outcome.parallel.workers).toBe(2);
  });

  it('that cannot build its system: the search rejects with that worker\'s message alone', async () => {
    // Worker 0 fails to build; worker 1 builds and searches the first levels.
    const error = await search({ how: 'build', at: 0 }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^Error: grid: cannot build the system\n/);
    expect(error?.message.split('\n').filter((line) => line.trim() === '')).toEqual([]);
  });

  it('whose move throws during a level: the search rejects with that error', async () => {
    await expect(search({ how: 'throw', at: 20 })).rejects.toThrow(/grid: a move reached x = 20/);
  });

  it('whose thread exits: the search rejects, naming the worker and the exit code', async () => {
    await expect(search({ how: 'exit', at: 20 })).rejects.toThrow(/^search worker [01] exited with code 7$/);
  });
});

describe('parallel search on the grid: what the workers report', () => {
  it('gives the workers what the one-thread search left of the time budget', () =>
    // Fake Date: the one-thread search "takes" an hour of a 90-minute budget, the workers' first
    // level 45 minutes more. Only with 30 minutes left do they run out (with the whole budget, or
    // more, they would pass).
    withFakeDate(async () => {
      const minutes = (n: number) => n * 60_000;
      const plain = grid(SIZE);
      let applied = 0;
      const slow = { ...plain, apply: (cell: readonly [number, number], m: 'x' | 'y') => {
        if (++applied === 50) vi.setSystemTime(Date.now() + minutes(60));
        return plain.apply(cell, m);
      } };
      let levels = 0;
      const outcome = await parallelExhaustiveSearch(slow, workerGridFactory({ size: SIZE }), {
        ...ON_WORKERS,
        sequentialBelow: 100,
        timeoutMs: minutes(90),
        progressIntervalMs: 0,
        // Only the workers' levels report progress here (the one-thread search reports to its own listener).
        onProgress: () => {
          if (++levels === 1) vi.setSystemTime(Date.now() + minutes(45));
        },
      });
      expect(outcome.verdict).toBe('incomplete');
      if (outcome.verdict === 'incomplete') expect(outcome.reason).toMatch(/^time budget of 5400000 ms reached \(/);
      expect([outcome.parallel.workers, outcome.stats.complete]).toEqual([2, false]);
      // The clock moved only when the test moved it.
      expect(outcome.stats.elapsedMs).toBe(minutes(105));
    }));

  it('at a depth bound: the one-thread counts and depth, not exhausted', async () => {
    const one = exhaustiveSearch(grid(SIZE), { depth: 10 });
    const many = await parallelExhaustiveSearch(grid(SIZE), workerGridFactory({ size: SIZE }), { ...ON_WORKERS, depth: 10 });
    expect(many.parallel.workers).toBe(2);
    expect(one.exhaustive.exhausted).toBe(false);
    expect([many.verdict, many.stats.states, many.stats.transitions, many.stats.depth, many.exhaustive.exhausted]).toEqual([
      'pass',
      one.stats.states,
      one.stats.transitions,
      one.stats.depth,
      false,
    ]);
  });

  it("hands every worker's summary to absorbSummaries: together, each transition once", async () => {
    const summaries: unknown[] = [];
    const outcome = await parallelExhaustiveSearch(grid(SIZE), workerGridFactory({ size: SIZE }), {
      ...ON_WORKERS,
      absorbSummaries: (s) => summaries.push(...s),
    });
    expect(summaries).toHaveLength(2);
    expect((summaries as number[]).reduce((a, b) => a + b, 0)).toBe(outcome.stats.transitions);
  });
});

describe('parallel search on the grid: when it stays on the calling thread', () => {
  // A factory whose first worker cannot build the system: a search that starts the workers rejects.
  const noWorkers = workerGridFactory({ size: SIZE, fail: { how: 'build', at: 0 } });
  const { fingerprintInto: _, ...withoutWords } = grid(SIZE);

  it('with one worker, with a one-thread budget as big as the state budget, or without fingerprintInto', async () => {
    const one = await parallelExhaustiveSearch(grid(SIZE), noWorkers, { workers: 1, sequentialBelow: 0, maxStates: 100_000 });
    expect([one.verdict, one.parallel.workers]).toEqual(['pass', 1]);
    const budget = await parallelExhaustiveSearch(grid(SIZE), noWorkers, { workers: 2, sequentialBelow: 100, maxStates: 100 });
    expect([budget.verdict, budget.parallel.workers]).toEqual(['incomplete', 1]);
    const words = await parallelExhaustiveSearch(withoutWords, noWorkers, { workers: 2, sequentialBelow: 0, maxStates: 100_000 });
    expect([words.verdict, words.parallel.workers]).toEqual(['pass', 1]);
  });

  it('when the one-thread search answers within sequentialBelow: a verdict, or a stop by a shared budget', async () => {
    // 1,681 states, under the one-thread budget and under the 40% at which workers start loading.
    const small = await parallelExhaustiveSearch(grid(SIZE), noWorkers, { workers: 2, sequentialBelow: 10_000, maxStates: 100_000 });
    expect([small.verdict, small.stats.states, small.parallel.workers]).toEqual(['pass', 1681, 1]);
    // Stopped by the signal (which the workers would share): that is the answer, not a reason to start them.
    const controller = new AbortController();
    controller.abort('stop');
    const aborted = await parallelExhaustiveSearch(grid(SIZE), noWorkers, { workers: 2, sequentialBelow: 10_000, maxStates: 100_000, signal: controller.signal });
    expect([aborted.verdict, aborted.parallel.workers]).toEqual(['incomplete', 1]);
  });

  it('with sequentialBelow 0, runs no one-thread search before the workers', async () => {
    let oneThreadSearches = 0;
    const outcome = await parallelExhaustiveSearch(grid(SIZE), workerGridFactory({ size: SIZE }), {
      ...ON_WORKERS,
      beforeOneThreadSearch: () => oneThreadSearches++,
    });
    expect([outcome.verdict, outcome.parallel.workers]).toEqual(['pass', 2]);
    expect(oneThreadSearches).toBe(0);
  });
});
