import { describe, expect, it } from 'vitest';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import type { Progress } from '../../src/engine/progress.ts';
import { randomSearch } from '../../src/engine/random.ts';
import { replayTrace } from '../../src/engine/replay.ts';
import { counterRace, type LostUpdate } from './examples/counterRace.ts';

const sameProperty = (a: LostUpdate, b: LostUpdate): boolean => a.property === b.property;

describe('counterRace: two threads, non-atomic increment', () => {
  const system = counterRace({ threads: 2, increments: 1, mutex: false });

  it('exhaustive: the lost update in 4 steps', () => {
    const outcome = exhaustiveSearch(system);
    expect(outcome.verdict).toBe('violation');
    if (outcome.verdict !== 'violation') return;
    expect(outcome.trace.map(system.moveKey)).toEqual(['t0.read', 't1.read', 't0.write', 't1.write']);
    expect(outcome.violation).toEqual({ property: 'counter', expected: 2, actual: 1 });
  });

  it('random: finds it and minimises to the same length', () => {
    const outcome = randomSearch(system, { seed: 7, runs: 500, maxSteps: 20, sameViolation: sameProperty });
    expect(outcome.verdict).toBe('violation');
    if (outcome.verdict !== 'violation') return;
    expect(outcome.trace).toHaveLength(4);
    const replay = replayTrace(system, outcome.trace.map(system.moveKey));
    expect(replay.violation).toEqual(outcome.violation);
    expect(replay.violationStep).toBe(4);
  });

  it('random: deterministic for a seed, over several seeds', () => {
    for (const seed of [1, 2, 3]) {
      const a = randomSearch(system, { seed, runs: 200, maxSteps: 10 });
      const b = randomSearch(system, { seed, runs: 200, maxSteps: 10 });
      expect({ ...b, stats: { ...b.stats, elapsedMs: 0 } }).toEqual({ ...a, stats: { ...a.stats, elapsedMs: 0 } });
    }
  });
});

describe('counterRace: three threads under a mutex', () => {
  const system = counterRace({ threads: 3, increments: 2, mutex: true });

  it('exhaustive: pass, the whole reachable space covered', () => {
    const outcome = exhaustiveSearch(system);
    expect(outcome.verdict).toBe('pass');
    expect(outcome.stats.complete).toBe(true);
    expect(outcome.exhaustive.exhausted).toBe(true);
    expect(outcome.exhaustive.queue).toBe(0);
    expect(outcome.stats.depth).toBe(24); // 3 threads x 2 increments x 4 steps
  });

  it('random: pass, never complete, counts every run', () => {
    const outcome = randomSearch(system, { seed: 1, runs: 100, maxSteps: 30 });
    expect(outcome.verdict).toBe('pass');
    expect(outcome.stats).toMatchObject({ runs: 100, complete: false, depth: 24 });
    expect(outcome.stats.states).toBe(outcome.stats.transitions + 100);
  });

  it('exhaustive: an aborted signal ends the search as incomplete', () => {
    const big = counterRace({ threads: 6, increments: 2, mutex: true });
    const controller = new AbortController();
    controller.abort();
    const outcome = exhaustiveSearch(big, { signal: controller.signal });
    expect(outcome.verdict).toBe('incomplete');
    expect(outcome.exhaustive.stoppedBy).toBe('aborted');
    expect(outcome.exhaustive.queue).toBeGreaterThan(0);
  });

  it('exhaustive: reports progress through the listener', () => {
    const seen: Progress[] = [];
    const big = counterRace({ threads: 6, increments: 2, mutex: true });
    const outcome = exhaustiveSearch(big, { onProgress: (p) => seen.push(p), progressIntervalMs: 0 });
    expect(outcome.verdict).toBe('pass');
    expect(seen.length).toBeGreaterThan(1);
    const last = seen[seen.length - 1]!;
    expect(last).toMatchObject({ phase: 'search', states: outcome.stats.states, transitions: outcome.stats.transitions });
  });
});

describe('counterRace: a system that throws', () => {
  it('random: rethrows the error instead of reporting a violation', () => {
    const system = counterRace({ threads: 2, increments: 1, mutex: false });
    const broken = {
      ...system,
      apply: (s: Parameters<typeof system.apply>[0], m: Parameters<typeof system.apply>[1]) => {
        if (m.op === 'write') throw new Error('model bug');
        return system.apply(s, m);
      },
    };
    expect(() => randomSearch(broken, { seed: 1, runs: 10, maxSteps: 10 })).toThrow('model bug');
  });
});
