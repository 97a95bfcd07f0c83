/**
 * The exhaustive search past its first 65,536 states (the trace-pointer arrays grow, capped at the
 * state budget), its budgets (wording, when they are looked at, a signal seen mid-search), the
 * violations a target rejects, the report's counts, and a system whose moves() is not
 * deterministic.
 */
import { describe, expect, it } from 'vitest';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import type { TransitionSystem } from '../../src/engine/types.ts';
import { withFakeDate } from './examples/fake-date.ts';
import { line } from './examples/line.ts';
import { tree } from './examples/tree.ts';

describe('exhaustive search limits', () => {
  it('rebuilds a trace through more states than the first trace arrays hold', () => {
    const outcome = exhaustiveSearch(line({ bad: [70_000] }));
    expect(outcome.verdict === 'violation' && outcome.trace.length).toBe(70_000);
  });

  it('still reports the violating state met when the state budget is used up, with its whole trace', () => {
    // 100,000 states stored (0 .. 99,999); the 100,001st, 100,000, breaks the property.
    const outcome = exhaustiveSearch(line({ bad: [100_000] }), { maxStates: 100_000 });
    expect(outcome.verdict === 'violation' && outcome.trace.length).toBe(100_000);
  });

  it('words the state, memory and time budgets it stopped at', () => {
    const states = exhaustiveSearch(line(), { maxStates: 1000 });
    expect(states.verdict === 'incomplete' && states.reason).toBe('state budget of 1000 distinct states reached (1000 distinct states, depth 999 complete)');
    const memory = exhaustiveSearch(line(), { maxMemoryBytes: 1, maxStates: 1_000_000 });
    expect(memory.exhaustive.stoppedBy).toBe('memory');
    // The first look at the budgets comes after 512 transitions: level 511 is the last complete one.
    expect(memory.verdict === 'incomplete' && memory.reason).toMatch(/^memory budget of 0 MB reached \(\d+ MB in use\) \(513 distinct states, depth 511 complete\)$/);
    const time = exhaustiveSearch(line(), { timeoutMs: 0, maxStates: 1_000_000 });
    expect(time.exhaustive.stoppedBy).toBe('timeout');
    expect(time.verdict === 'incomplete' && time.reason).toMatch(/^time budget of 0 ms reached \(\d+ distinct states, depth \d+ complete\)$/);
  });

  it('says so when moves() is not deterministic and the trace cannot be rebuilt', () => {
    let calls = 0;
    const shifting: TransitionSystem<number, string, number> = {
      initial: () => 0,
      moves: (x) => (x === 0 ? (calls++ === 0 ? ['a', 'b'] : ['a']) : []),
      apply: (x, m) => (m === 'a' ? 1 : 2),
      check: (x) => (x === 2 ? x : null),
      fingerprint: (x) => String(x),
      moveKey: (m) => m,
    };
    expect(() => exhaustiveSearch(shifting)).toThrow('exhaustiveSearch: moves() is not deterministic; cannot rebuild the trace');
  });

  it('a violation the target rejects in the initial state is a dead end: not reported, not expanded', () => {
    const outcome = exhaustiveSearch(line({ bad: [0] }), { target: () => false });
    expect(outcome.verdict).toBe('pass');
    expect(outcome.stats.states).toBe(1);
    expect(outcome.stats.transitions).toBe(0);
  });

  it('at a depth bound, exhausted says whether the bounded level is empty (only a dead-end initial state leaves it so)', () => {
    const dead = exhaustiveSearch(line({ bad: [0] }), { target: () => false, depth: 0 });
    expect([dead.verdict, dead.exhaustive.exhausted]).toEqual(['pass', true]);
    const cut = exhaustiveSearch(line(), { depth: 0 });
    expect([cut.verdict, cut.exhaustive.exhausted]).toEqual(['pass', false]);
  });

  it('a violation the target rejects in a successor is a dead end too: the search goes on around it', () => {
    // 0 .. 5, broken at 3: rejected, 3 is neither counted nor expanded, so 4 and 5 are never reached.
    const outcome = exhaustiveSearch(line({ bad: [3], end: 5 }), { target: () => false });
    expect(outcome.verdict).toBe('pass');
    expect(outcome.stats.states).toBe(3);
    const accepted = exhaustiveSearch(line({ bad: [3], end: 5 }), { target: () => true });
    expect(accepted.verdict === 'violation' && accepted.trace.length).toBe(3);
  });

  it('sees a signal aborted during the synchronous search at its next look at the budgets', () => {
    const controller = new AbortController();
    let fingerprints = 0;
    const endless = line();
    const system: TransitionSystem<number, 'inc', number> = {
      ...endless,
      fingerprint: (x) => {
        if (++fingerprints === 1000) controller.abort(new Error('interrupted by SIGINT'));
        return endless.fingerprint(x);
      },
    };
    const outcome = exhaustiveSearch(system, { signal: controller.signal, maxStates: 1_000_000 });
    expect(outcome.verdict === 'incomplete' && outcome.reason).toMatch(/^interrupted by SIGINT \(\d+ distinct states, depth \d+ complete\)$/);
    expect(outcome.stats.states).toBeLessThan(1000 + 512 + 2);
  });

  it('reports its counts: generated, exhausted, complete and the queue, for a pass, a violation and a stop', () => {
    const pass = exhaustiveSearch(line({ end: 9 }));
    expect([pass.stats.states, pass.stats.transitions, pass.stats.complete]).toEqual([10, 9, true]);
    expect(pass.exhaustive).toMatchObject({ generated: 10, exhausted: true, stoppedBy: null, queue: 0 });
    const violation = exhaustiveSearch(line({ bad: [5] }));
    expect(violation.stats.complete).toBe(false);
    expect(violation.exhaustive).toMatchObject({ generated: 6, exhausted: false, stoppedBy: null });
    // The tree's 11th state is one too many: level 2 (4 states) is half expanded, level 3 holds 3.
    const stopped = exhaustiveSearch(tree(12), { maxStates: 10 });
    expect(stopped.stats).toMatchObject({ states: 10, transitions: 10, depth: 2, complete: false });
    expect(stopped.exhaustive).toMatchObject({ generated: 11, exhausted: false, stoppedBy: 'max-states', queue: 5 });
  });

  it('a time budget of 0 ms is used up at the first look, even when the clock has not moved', () =>
    withFakeDate(() => {
      const outcome = exhaustiveSearch(line(), { timeoutMs: 0, maxStates: 100_000 });
      expect(outcome.exhaustive.stoppedBy).toBe('timeout');
      expect(outcome.stats.states).toBe(513);
    }));
});
