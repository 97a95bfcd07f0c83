/**
 * Stopping a search from outside (stop.ts): the sliced engines give the event loop a turn, see an
 * aborted AbortSignal within one walk or one batch of transitions, and end as `incomplete` with
 * the signal's reason. Counts, never seconds: the signal is fired after a fixed number of walks.
 */
import { describe, expect, it } from 'vitest';
import { exhaustiveSearch, exhaustiveSearchAsync } from '../../src/engine/exhaustive.ts';
import { MemoryBudget, defaultMaxMemoryMb, oldGenerationLimit } from '../../src/engine/memory.ts';
import { minimizeTrace, minimizeTraceAsync } from '../../src/engine/minimize.ts';
import { randomSearch, randomSearchAsync } from '../../src/engine/random.ts';
import { Slicer, stopReason } from '../../src/engine/stop.ts';
import type { TransitionSystem } from '../../src/engine/types.ts';
import { counterRace } from './examples/counterRace.ts';
import { dieHard } from './examples/dieHard.ts';
import { line } from './examples/line.ts';
import { onWalk } from './examples/on-walk.ts';
import { sideSteps } from './examples/side-steps.ts';

function withoutTime<T extends { stats: { elapsedMs: number } }>(outcome: T): T {
  return { ...outcome, stats: { ...outcome.stats, elapsedMs: 0 } };
}

/** `system`, aborting `controller` when the `after`-th walk starts. */
function abortingAt<S, M, V>(system: TransitionSystem<S, M, V>, after: number, controller: AbortController): TransitionSystem<S, M, V> {
  return onWalk(system, after, () => controller.abort(new Error('interrupted by SIGTERM')));
}

const passing = counterRace({ threads: 3, increments: 2, mutex: true });

describe('random search in slices', () => {
  it('is the same search as the synchronous one, violation and shrinking included', async () => {
    for (const sliceMs of [0, 50]) {
      const options = { seed: 3, runs: 300, maxSteps: 30 };
      expect(withoutTime(await randomSearchAsync(dieHard, { ...options, sliceMs }))).toEqual(withoutTime(randomSearch(dieHard, options)));
      expect(withoutTime(await randomSearchAsync(passing, { ...options, sliceMs }))).toEqual(withoutTime(randomSearch(passing, options)));
    }
  });

  it('without minimisation too: the shrunk trace, as the synchronous search reports it', async () => {
    const options = { seed: 3, runs: 300, maxSteps: 30, minimize: false };
    const outcome = await randomSearchAsync(dieHard, options);
    expect(outcome.verdict === 'violation' && outcome.random.minimized).toBeNull();
    expect(withoutTime(outcome)).toEqual(withoutTime(randomSearch(dieHard, options)));
  });

  it('yields to the event loop between walks, so that a timer can abort the search', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted by SIGINT')), 0);
    // 10,000 passing walks, every one of them a slice (sliceMs 0): the timer fires in the first turns.
    const outcome = await randomSearchAsync(passing, { seed: 1, runs: 10_000, maxSteps: 30, sliceMs: 0, signal: controller.signal });
    expect(outcome.verdict).toBe('incomplete');
    if (outcome.verdict === 'incomplete') expect(outcome.reason).toMatch(/^interrupted by SIGINT after \d+ of 10000 runs$/);
  });

  it('a time budget that is not reached changes nothing, minimisation included', () => {
    const options = { seed: 3, runs: 300, maxSteps: 30 };
    const unbounded = randomSearch(dieHard, options);
    expect(unbounded.verdict).toBe('violation');
    expect(withoutTime(randomSearch(dieHard, { ...options, timeoutMs: 600_000 }))).toEqual(withoutTime(unbounded));
  });

  it('stops at the walk during which the signal was aborted: incomplete, with the reason', async () => {
    const controller = new AbortController();
    const system = abortingAt(passing, 40, controller);
    const outcome = await randomSearchAsync(system, { seed: 1, runs: 10_000, maxSteps: 30, signal: controller.signal });
    expect(outcome.verdict).toBe('incomplete');
    if (outcome.verdict !== 'incomplete') return;
    // Walk 40 ran to its end; walk 41 saw the signal.
    expect(outcome.stats.runs).toBe(40);
    expect(outcome.reason).toBe('interrupted by SIGTERM after 40 of 10000 runs');
    expect(outcome.random.stoppedBy).toBe('interrupted');
  });

  it('a signal during shrinking gives incomplete, not a half-shrunk violation', async () => {
    const controller = new AbortController();
    const first = await randomSearchAsync(dieHard, { seed: 3, runs: 300, maxSteps: 30 });
    expect(first.verdict).toBe('violation');
    // One walk past the first failing one: fast-check is shrinking.
    const system = abortingAt(dieHard, first.stats.runs + 1, controller);
    const outcome = await randomSearchAsync(system, { seed: 3, runs: 300, maxSteps: 30, signal: controller.signal });
    expect(outcome.verdict).toBe('incomplete');
    if (outcome.verdict === 'incomplete') expect(outcome.reason).toMatch(/^interrupted by SIGTERM after \d+ of 300 runs; a violation of length \d+ was found/);
  });
});

describe('exhaustive search and minimisation', () => {
  it('an already aborted signal stops the exhaustive search with its reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('interrupted by SIGINT'));
    const outcome = await exhaustiveSearchAsync(counterRace({ threads: 5, increments: 2, mutex: true }), { signal: controller.signal });
    expect(outcome.verdict).toBe('incomplete');
    if (outcome.verdict === 'incomplete') expect(outcome.reason).toMatch(/^interrupted by SIGINT \(1 distinct states, depth 0 complete\)$/);
  });

  it('gives the event loop a turn between slices, so a timer that aborts the signal is seen', async () => {
    const endless = line(); // only the signal (or a budget far past the first slices) ends it
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('interrupted by a timer')), 0);
    const outcome = await exhaustiveSearchAsync(endless, { signal: controller.signal, sliceMs: 1, maxStates: 1_000_000 });
    expect(outcome.exhaustive.stoppedBy).toBe('aborted');
    expect(outcome.verdict === 'incomplete' && outcome.reason).toMatch(/^interrupted by a timer \(/);
  });

  it('a time budget that is not reached changes nothing', () => {
    const larger = counterRace({ threads: 4, increments: 2, mutex: true }); // past the 512 transitions between looks at the clock
    const unbounded = exhaustiveSearch(larger);
    expect(unbounded.stats.transitions).toBeGreaterThan(512);
    expect(withoutTime(exhaustiveSearch(larger, { timeoutMs: 600_000 }))).toEqual(withoutTime(unbounded));
  });

  it('minimisation in slices equals the synchronous one, and an abort returns the trace given', async () => {
    const found = exhaustiveSearch(dieHard);
    if (found.verdict !== 'violation') throw new Error('dieHard has a violation');
    const long = [...found.trace.slice(0, 2), 'fillSmall', 'emptySmall', ...found.trace.slice(2)] as typeof found.trace;
    const sync = minimizeTrace(dieHard, long, found.violation);
    expect(await minimizeTraceAsync(dieHard, long, found.violation, { sliceMs: 0 })).toEqual(sync);
    expect(minimizeTrace(dieHard, long, found.violation, { timeoutMs: 600_000 })).toEqual(sync); // a time budget not reached
    const controller = new AbortController();
    controller.abort();
    const stopped = await minimizeTraceAsync(dieHard, long, found.violation, { signal: controller.signal });
    expect(stopped.trace).toEqual(long);
    expect(stopped.report.search).toBe('skipped');
  });
});

describe('stop.ts', () => {
  it('words the reason of an aborted signal', () => {
    const c = new AbortController();
    expect(stopReason(c.signal)).toBe('search aborted');
    c.abort(new Error('interrupted by SIGTERM'));
    expect(stopReason(c.signal)).toBe('interrupted by SIGTERM');
    const abortedWith = (reason: unknown) => {
      const controller = new AbortController();
      controller.abort(reason);
      return stopReason(controller.signal);
    };
    expect(abortedWith('stopped by the editor')).toBe('stopped by the editor');
    // A reason without words is no reason: the generic one.
    for (const wordless of [new Error(''), '', 42]) expect(abortedWith(wordless)).toBe('search aborted');
  });

  it('a Slicer is due when its clock passes the slice end', async () => {
    let t = 0;
    const slicer = new Slicer(10, () => t);
    expect(slicer.due()).toBe(false);
    t = 10;
    expect(slicer.due()).toBe(true);
    await slicer.next();
    expect(slicer.due()).toBe(false);
  });

  it('pause() starts a new slice only when the current one is over', async () => {
    let t = 0;
    const slicer = new Slicer(10, () => t);
    t = 5;
    await slicer.pause(); // not due: the slice still ends at 10
    t = 10;
    expect(slicer.due()).toBe(true);
    await slicer.pause(); // due: the next slice ends at 20
    expect(slicer.due()).toBe(false);
    t = 20;
    expect(slicer.due()).toBe(true);
  });
});

describe('memory budget', () => {
  const MB = 2 ** 20;
  const reading = (heap: number, external = 0, heapLimit = 1048 * MB) => () => ({ heap: heap * MB, external: external * MB, heapLimit });

  it('defaults to 70% of the old generation (heap limit minus the young generation)', () => {
    expect(oldGenerationLimit(1048 * MB)).toBe(1000 * MB);
    expect(defaultMaxMemoryMb(reading(0))).toBe(700);
    expect(new MemoryBudget(undefined, reading(699)).exceeded()).toBe(null);
    expect(new MemoryBudget(undefined, reading(700)).exceeded()).toBe('memory budget of 700 MB reached (700 MB in use)');
  });

  it('counts typed arrays outside the heap against --max-memory', () => {
    expect(new MemoryBudget(100 * MB, reading(60, 39)).exceeded()).toBe(null);
    expect(new MemoryBudget(100 * MB, reading(60, 40)).exceeded()).toBe('memory budget of 100 MB reached (100 MB in use)');
  });

  it('keeps the heap under its ceiling even when --max-memory is larger', () => {
    expect(new MemoryBudget(5000 * MB, reading(710)).exceeded()).toMatch(/^memory budget reached: the heap holds 710 MB of the 1000 MB node allows/);
    // The ceiling itself (70% of 1000 MB) is reached, one MB under it is not.
    expect(new MemoryBudget(5000 * MB, reading(700)).exceeded()).toMatch(/^memory budget reached: the heap holds 700 MB/);
    expect(new MemoryBudget(5000 * MB, reading(699)).exceeded()).toBeNull();
  });
});

describe('random search: a signal while minimising', () => {
  it('reaches the minimiser\'s breadth-first search, which stops within a batch of states', async () => {
    // x counts up to 200 by 'inc', y to the side: a random walk finds x == 200, the delta pass cuts it
    // to 200 incs, and the search for a shorter trace would visit ~20,000 states (x + y < 200).
    let minimising = false;
    let searched = 0;
    let searchedAtAbort = -1;
    const controller = new AbortController();
    const grid = sideSteps(200, () => {
      if (minimising && ++searched === 1000) {
        searchedAtAbort = searched;
        controller.abort(new Error('interrupted by SIGINT'));
      }
    });
    const onProgress = (p: { readonly phase: string }) => {
      if (p.phase === 'minimize') minimising = true;
    };
    const outcome = await randomSearchAsync(grid, { seed: 1, runs: 10, maxSteps: 500, signal: controller.signal, onProgress, minimizeMaxStates: 1_000_000 });
    expect(outcome.verdict === 'incomplete' && outcome.reason).toMatch(/^interrupted by SIGINT .*while minimising a violation of length/);
    expect(searchedAtAbort).toBe(1000);
    // Without the signal the minimiser would search on: ~20,000 states, ~39,000 fingerprints.
    expect(searched - searchedAtAbort).toBeLessThan(2000);
  });
});
