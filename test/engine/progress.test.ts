/**
 * The progress throttle (progress.ts), on an injected clock: at most one snapshot per interval,
 * `flush` reports at once and restarts the interval, rates are averages since the start.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRESS_INTERVAL_MS, ProgressReporter, type Progress } from '../../src/engine/progress.ts';

function reporterAt(intervalMs: number): { reporter: ProgressReporter; seen: Progress[]; clock: { t: number } } {
  const clock = { t: 1_000 };
  const seen: Progress[] = [];
  const reporter = new ProgressReporter((p) => seen.push(p), intervalMs, () => clock.t);
  return { reporter, seen, clock };
}

describe('ProgressReporter', () => {
  it('reports a tick only once the interval has passed, then waits a whole interval again', () => {
    const { reporter, seen, clock } = reporterAt(500);
    clock.t = 1_499;
    reporter.tick('search', 1, 10, 20, 1, 5);
    expect(seen).toEqual([]);
    clock.t = 1_500;
    reporter.tick('search', 1, 30, 60, 2, 7);
    expect(seen).toEqual([
      { phase: 'search', runs: 1, states: 30, transitions: 60, depth: 2, queue: 7, elapsedMs: 500, statesPerSecond: 60, transitionsPerSecond: 120 },
    ]);
    clock.t = 1_999;
    reporter.tick('search', 1, 40, 80, 2, 7);
    expect(seen).toHaveLength(1);
    clock.t = 2_000;
    reporter.tick('shrink', 3, 40, 80, 2, 0);
    expect(seen.at(-1)).toMatchObject({ phase: 'shrink', runs: 3, elapsedMs: 1_000, statesPerSecond: 40 });
  });

  it('flush reports at once, whatever the interval, and the next tick waits a whole interval from it', () => {
    const { reporter, seen, clock } = reporterAt(500);
    clock.t = 1_300;
    reporter.flush('minimize', 2, 9, 3, 4, 0);
    expect(seen).toEqual([
      { phase: 'minimize', runs: 2, states: 9, transitions: 3, depth: 4, queue: 0, elapsedMs: 300, statesPerSecond: 30, transitionsPerSecond: 10 },
    ]);
    clock.t = 1_799;
    reporter.tick('search', 2, 9, 3, 4, 0);
    expect(seen).toHaveLength(1);
    clock.t = 1_800;
    reporter.tick('search', 2, 9, 3, 4, 0);
    expect(seen).toHaveLength(2);
  });

  it('a snapshot at the start divides by one millisecond, not zero; rates are rounded', () => {
    const { reporter, seen } = reporterAt(500);
    reporter.flush('search', 1, 3, 7, 0, 1);
    expect(seen[0]).toMatchObject({ elapsedMs: 0, statesPerSecond: 3_000, transitionsPerSecond: 7_000 });
    const { reporter: later, seen: seenLater, clock } = reporterAt(500);
    clock.t = 1_003;
    later.flush('search', 1, 1, 2, 0, 1);
    expect(seenLater[0]).toMatchObject({ statesPerSecond: 333, transitionsPerSecond: 667 });
  });

  it('elapsedMs counts from construction; without a listener nothing reads the clock after it', () => {
    const { reporter, clock } = reporterAt(500);
    clock.t = 1_250;
    expect(reporter.elapsedMs()).toBe(250);
    let reads = 0;
    const silent = new ProgressReporter(undefined, 0, () => ++reads);
    silent.tick('search', 1, 1, 1, 1, 1);
    silent.flush('search', 1, 1, 1, 1, 1);
    expect(reads).toBe(1);
  });

  it('the default interval is half a second', () => {
    expect(DEFAULT_PROGRESS_INTERVAL_MS).toBe(500);
    const clock = { t: 0 };
    const seen: Progress[] = [];
    const reporter = new ProgressReporter((p) => seen.push(p), undefined, () => clock.t);
    clock.t = 499;
    reporter.tick('search', 1, 1, 1, 1, 1);
    clock.t = 500;
    reporter.tick('search', 1, 1, 1, 1, 1);
    expect(seen.map((p) => p.elapsedMs)).toEqual([500]);
  });
});
