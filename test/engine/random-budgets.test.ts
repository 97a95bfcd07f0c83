/**
 * Random mode's budgets: the time budget cuts the walks short (with the runs done in the reason),
 * at 0 ms before the first, is passed on to the minimiser, and a minimisation it cut short says
 * so; the shrinking budget stops fast-check's shrinking; the minimiser's state budget is passed
 * on. The clock is vitest's fake Date, jumped an hour at a counted event, so no test depends on
 * how fast the machine is.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { randomSearch, randomSearchAsync } from '../../src/engine/random.ts';
import { counterRace } from './examples/counterRace.ts';
import { dieHard } from './examples/dieHard.ts';
import { jumpAnHour } from './examples/fake-date.ts';
import { onWalk } from './examples/on-walk.ts';
import { sideSteps } from './examples/side-steps.ts';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('random mode: the time budget', () => {
  const passing = counterRace({ threads: 2, increments: 2, mutex: true });

  it('cuts the walks short: incomplete, with the runs done in the reason', () => {
    const outcome = randomSearch(onWalk(passing, 6, jumpAnHour), { seed: 1, runs: 100, maxSteps: 20, timeoutMs: 60_000 });
    expect(outcome.verdict).toBe('incomplete');
    if (outcome.verdict !== 'incomplete') return;
    expect(outcome.reason).toBe('time budget of 60000 ms reached after 6 of 100 runs'); // the 6th walk ran to its end; the 7th saw the clock
    expect(outcome.random.stoppedBy).toBe('timeout');
    expect(outcome.stats.runs).toBe(6);
  });

  it('of 0 ms, on a clock that stands still: no run at all', () => {
    const outcome = randomSearch(passing, { seed: 1, runs: 100, maxSteps: 20, timeoutMs: 0 });
    expect(outcome.verdict).toBe('incomplete');
    expect([outcome.stats.runs, outcome.stats.elapsedMs]).toEqual([0, 0]);
  });

  it("the shrinking budget: 0 ms on a clock that stands still stops fast-check's shrinking at once", () => {
    const options = { seed: 3, runs: 300, maxSteps: 30, minimize: false };
    const unbounded = randomSearch(dieHard, options);
    expect(unbounded.random.stoppedBy).toBeNull();
    expect(unbounded.random.shrinkRuns).toBeGreaterThan(0);
    const capped = randomSearch(dieHard, { ...options, shrinkTimeoutMs: 0 });
    expect(capped.verdict).toBe('violation');
    expect(capped.random.stoppedBy).toBe('shrink-timeout');
    expect(capped.random.shrinkRuns).toBeLessThan(unbounded.random.shrinkRuns);
  });

  it('unreached, changes nothing: every run, a pass', () => {
    const outcome = randomSearch(passing, { seed: 1, runs: 100, maxSteps: 20, timeoutMs: 60_000 });
    expect(outcome.verdict).toBe('pass');
    expect(outcome.stats.runs).toBe(100);
    expect(outcome.random.stoppedBy).toBeNull();
  });

  it('runs out while minimising: the violation, the minimiser\'s search cut short, stoppedBy timeout', async () => {
    let minimising = false;
    let fingerprints = 0;
    const system = sideSteps(200, () => {
      if (minimising && ++fingerprints === 1000) jumpAnHour();
    });
    const onProgress = (p: { readonly phase: string }) => {
      if (p.phase === 'minimize') minimising = true;
    };
    const options = { seed: 1, runs: 10, maxSteps: 500, timeoutMs: 60_000, minimizeMaxStates: 1_000_000, onProgress };
    const outcome = await randomSearchAsync(system, options);
    expect(outcome.verdict).toBe('violation');
    expect(outcome.random.minimized?.search).toBe('budget');
    expect(outcome.random.stoppedBy).toBe('timeout');
    expect(fingerprints).toBeLessThan(3000); // the search stopped within a batch of the jump
  });
});

describe('random mode: the minimiser\'s state budget', () => {
  it('is passed on: 2 states are too few to prove the trace shortest', () => {
    const options = { seed: 3, runs: 300, maxSteps: 30 };
    const free = randomSearch(dieHard, options);
    const capped = randomSearch(dieHard, { ...options, minimizeMaxStates: 2 });
    expect(free.verdict === 'violation' && free.random.minimized?.search).toMatch(/^(shorter|shortest)$/);
    expect(capped.verdict === 'violation' && capped.random.minimized).toMatchObject({ search: 'budget', searchStates: 2 });
    expect(capped.random.stoppedBy).toBeNull();
  });
});
