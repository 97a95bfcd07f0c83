import { describe, expect, it } from 'vitest';
import { exhaustiveSearch, exhaustiveSearchAsync } from '../../src/engine/exhaustive.ts';
import { randomSearch } from '../../src/engine/random.ts';
import { replayTrace } from '../../src/engine/replay.ts';
import { DIE_HARD_REACHABLE, dieHard, type Jugs } from './examples/dieHard.ts';

function withoutTime<T extends { stats: { elapsedMs: number } }>(outcome: T): T {
  return { ...outcome, stats: { ...outcome.stats, elapsedMs: 0 } };
}

function finalState(trace: readonly string[]): Jugs {
  let state = dieHard.initial();
  for (const move of trace) state = dieHard.apply(state, move as never);
  return state;
}

describe('dieHard: exhaustive', () => {
  it('finds a shortest trace to big == 4: 6 steps', () => {
    const outcome = exhaustiveSearch(dieHard);
    expect(outcome.verdict).toBe('violation');
    if (outcome.verdict !== 'violation') return;
    expect(outcome.trace).toHaveLength(6);
    expect(outcome.violation).toBe('big == 4');
    expect(finalState(outcome.trace).big).toBe(4);
    expect(outcome.stats.complete).toBe(false);
    expect(outcome.stats.depth).toBe(6); // SPEC section 6: the trace length (levels 0..5 were complete)
    expect(outcome.exhaustive.collisionProbability).toBeGreaterThan(0);
    expect(outcome.exhaustive.collisionProbability).toBeLessThan(1e-12);
  });

  it('passes, complete, below the depth of the bug', () => {
    const outcome = exhaustiveSearch(dieHard, { depth: 5 });
    expect(outcome.verdict).toBe('pass');
    expect(outcome.stats.complete).toBe(true);
    expect(outcome.stats.depth).toBe(5);
    expect(outcome.exhaustive.exhausted).toBe(false);
    expect(outcome.stats.states).toBeLessThan(DIE_HARD_REACHABLE);
  });

  it('stops as incomplete on a tiny state budget', () => {
    const outcome = exhaustiveSearch(dieHard, { maxStates: 3 });
    expect(outcome.verdict).toBe('incomplete');
    if (outcome.verdict !== 'incomplete') return;
    expect(outcome.exhaustive.stoppedBy).toBe('max-states');
    expect(outcome.stats.complete).toBe(false);
    expect(outcome.stats.states).toBe(3);
    expect(outcome.reason).toMatch(/3 distinct states/);
  });

  it('runs the same search in slices (async)', async () => {
    const sync = exhaustiveSearch(dieHard);
    const sliced = await exhaustiveSearchAsync(dieHard, { sliceMs: 0 });
    expect(withoutTime(sliced)).toEqual(withoutTime(sync));
  });
});

describe('dieHard: random', () => {
  const options = { seed: 42, runs: 2000, maxSteps: 50 };

  it('finds the violation and minimises it to the exhaustive length', () => {
    const shortest = exhaustiveSearch(dieHard);
    const outcome = randomSearch(dieHard, options);
    expect(outcome.verdict).toBe('violation');
    if (outcome.verdict !== 'violation' || shortest.verdict !== 'violation') return;
    expect(outcome.trace).toHaveLength(shortest.trace.length);
    expect(finalState(outcome.trace).big).toBe(4);
    expect(outcome.random.minimized?.search).toBe('shortest');
    expect(outcome.stats.runs).toBeGreaterThan(0);
    expect(outcome.stats.transitions).toBeGreaterThanOrEqual(outcome.random.foundLength ?? 0);
  });

  it('is deterministic: same seed, same outcome (but elapsedMs)', () => {
    const a = randomSearch(dieHard, options);
    const b = randomSearch(dieHard, options);
    expect(withoutTime(b)).toEqual(withoutTime(a));
    expect(JSON.stringify(withoutTime(b))).toBe(JSON.stringify(withoutTime(a)));
  });

  it('without minimisation, still reports a reproducible shrunk trace', () => {
    const outcome = randomSearch(dieHard, { ...options, minimize: false });
    expect(outcome.verdict).toBe('violation');
    if (outcome.verdict !== 'violation') return;
    expect(outcome.random.minimized).toBeNull();
    expect(outcome.trace.length).toBe(outcome.random.shrunkLength);
    expect(finalState(outcome.trace).big).toBe(4);
  });

  it('says so when the counterexample does not reproduce (a system that is not pure)', () => {
    let checks = 0;
    // big == 4 is reported once, the first time: never again, on shrinking or on the replay.
    const impure = { ...dieHard, check: (s: Jugs) => (dieHard.check(s) !== null && checks++ === 0 ? dieHard.check(s) : null) };
    expect(() => randomSearch(impure, options)).toThrow('randomSearch: the shrunk counterexample does not reproduce (is the system pure?)');
  });

  it("counts the search's walks, not fast-check's shrinking walks, and reports shrinking as progress", () => {
    const phases = new Set<string>();
    const shrunk = randomSearch(dieHard, { ...options, minimize: false, progressIntervalMs: 0, onProgress: (p) => phases.add(p.phase) });
    const unshrunk = randomSearch(dieHard, { ...options, minimize: false, maxShrinks: 0 });
    expect(shrunk.random.shrinkRuns).toBeGreaterThan(0);
    expect([shrunk.stats.states, shrunk.stats.transitions, shrunk.stats.depth]).toEqual([unshrunk.stats.states, unshrunk.stats.transitions, unshrunk.stats.depth]);
    // The walks before the failing one never end early (the jugs always have a move): the depth is theirs, not the failing walk's.
    expect(shrunk.stats.depth).toBe(options.maxSteps);
    expect(phases).toContain('shrink');
  });

  it('shrinks only to the same violation when sameViolation says which are the same', () => {
    const shrunk = randomSearch(dieHard, { ...options, minimize: false });
    // Nothing is the same as the first violation: no shrink step is taken.
    const kept = randomSearch(dieHard, { ...options, minimize: false, sameViolation: () => false });
    const unshrunk = randomSearch(dieHard, { ...options, minimize: false, maxShrinks: 0 });
    expect(kept.random.shrunkLength).toBe(unshrunk.random.shrunkLength);
    expect(kept.random.shrunkLength).toBeGreaterThan(shrunk.random.shrunkLength!);
  });

  it('caps fast-check shrinking deterministically with maxShrinks', () => {
    const capped = randomSearch(dieHard, { ...options, maxShrinks: 5, minimize: false });
    expect(capped.verdict).toBe('violation');
    expect(capped.random.shrinkRuns).toBeLessThanOrEqual(5);
    const full = randomSearch(dieHard, { ...options, minimize: false });
    expect(full.random.shrinkRuns).toBeGreaterThan(5);
    expect(withoutTime(randomSearch(dieHard, { ...options, maxShrinks: 5, minimize: false }))).toEqual(withoutTime(capped));
  });

  it('walks maxSteps steps on every run by default, fewer with random-length sequences', () => {
    // A system that never ends: only the choice sequence's length stops a walk.
    const endless = { initial: () => 0, moves: () => ['a', 'b'] as const, apply: (n: number) => n + 1, check: () => null, fingerprint: String, moveKey: String };
    const full = randomSearch(endless, { seed: 1, runs: 10, maxSteps: 7 });
    expect([full.verdict, full.stats.transitions]).toEqual(['pass', 70]);
    const random = randomSearch(endless, { seed: 1, runs: 10, maxSteps: 7, fullLength: false });
    expect(random.stats.transitions).toBeLessThan(70);
  });

  it('also runs with random-length choice sequences (plain fc.array)', () => {
    const outcome = randomSearch(dieHard, { ...options, fullLength: false });
    expect(outcome.verdict).toBe('violation');
    if (outcome.verdict === 'violation') expect(outcome.trace).toHaveLength(6);
  });

  it('reports incomplete when the time budget is already spent', () => {
    const outcome = randomSearch(dieHard, { ...options, timeoutMs: 0 });
    expect(outcome.verdict).toBe('incomplete');
    expect(outcome.random.stoppedBy).toBe('timeout');
    expect(outcome.stats.runs).toBe(0);
  });
});

describe('dieHard: replay', () => {
  it('reproduces the exhaustive counterexample from its keys', () => {
    const outcome = exhaustiveSearch(dieHard);
    if (outcome.verdict !== 'violation') throw new Error('expected a violation');
    const replay = replayTrace(dieHard, outcome.trace.map(dieHard.moveKey));
    expect(replay.complete).toBe(true);
    expect(replay.disabled).toBeNull();
    expect(replay.violation).toBe('big == 4');
    expect(replay.violationStep).toBe(6);
    expect(replay.states).toHaveLength(7);
  });

  it('reports a key that is not enabled', () => {
    const replay = replayTrace(dieHard, ['fillBig', 'pourAway']);
    expect(replay.complete).toBe(false);
    expect(replay.disabled).toEqual({ step: 1, key: 'pourAway', enabled: [...dieHard.moves(dieHard.initial())] });
    expect(replay.violation).toBeNull();
    expect(replay.trace).toEqual(['fillBig']);
  });

  it('stops at the first violation unless told to go on', () => {
    const keys = ['fillBig', 'bigToSmall', 'emptySmall', 'bigToSmall', 'fillBig', 'bigToSmall', 'emptyBig'];
    expect(replayTrace(dieHard, keys).trace).toHaveLength(6);
    const on = replayTrace(dieHard, keys, { continueAfterViolation: true });
    expect(on.trace).toHaveLength(7);
    expect(on.violationStep).toBe(6);
  });
});
