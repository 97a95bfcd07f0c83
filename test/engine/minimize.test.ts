import { describe, expect, it } from 'vitest';
import { minimizeTrace } from '../../src/engine/minimize.ts';
import { replayTrace } from '../../src/engine/replay.ts';
import { counterRace } from './examples/counterRace.ts';
import { dieHard, type JugMove } from './examples/dieHard.ts';
import { jumpAnHour, withFakeDate } from './examples/fake-date.ts';
import { sideSteps } from './examples/side-steps.ts';

const SOLUTION: JugMove[] = ['fillBig', 'bigToSmall', 'emptySmall', 'bigToSmall', 'fillBig', 'bigToSmall'];

describe('dieHard: minimisation', () => {
  it('drops a long detour without recursion (delta pass alone)', () => {
    const detour: JugMove[] = [];
    for (let i = 0; i < 5000; i++) detour.push(i % 2 === 0 ? 'fillSmall' : 'emptySmall');
    const trace = [...detour, ...SOLUTION];
    const result = minimizeTrace(dieHard, trace, 'big == 4', { skipSearch: true });
    expect(result.trace).toEqual(SOLUTION);
    expect(result.report).toMatchObject({ from: 5006, afterDelta: 6, to: 6, search: 'skipped' });
  });

  it('the delta result is locally minimal: dropping any one move breaks it', () => {
    const trace: JugMove[] = ['fillSmall', 'smallToBig', 'fillSmall', 'smallToBig', 'emptyBig', 'smallToBig', 'fillSmall', 'smallToBig'];
    expect(replayTrace(dieHard, trace).violation).toBe('big == 4');
    const result = minimizeTrace(dieHard, trace, 'big == 4', { skipSearch: true });
    const keys = result.trace.map(dieHard.moveKey);
    for (let i = 0; i < keys.length; i++) {
      const without = keys.slice(0, i).concat(keys.slice(i + 1));
      const replay = replayTrace(dieHard, without);
      expect(replay.violation !== null && replay.complete).toBe(false);
    }
    // The 8-step trace is locally minimal; only the search finds the 6-step one.
    expect(result.trace).toHaveLength(8);
    const searched = minimizeTrace(dieHard, trace, 'big == 4');
    expect(searched.trace).toHaveLength(6);
    expect(searched.report.search).toBe('shorter');
  });

  it('reports a budget-limited search', () => {
    const trace = [...SOLUTION];
    const result = minimizeTrace(dieHard, trace, 'big == 4', { maxStates: 2 });
    expect(result.report.search).toBe('budget');
    expect(result.trace).toHaveLength(6);
  });
});

describe('counterRace: minimisation keeps the same property', () => {
  it('rejects candidates whose first violation is another property', () => {
    const system = counterRace({ threads: 2, increments: 1, mutex: false });
    const trace = replayTrace(system, ['t0.read', 't1.read', 't0.write', 't1.write']).trace;
    const violation = { property: 'counter' as const, expected: 2, actual: 1 };
    const never = minimizeTrace(system, trace, violation, { sameViolation: () => false });
    // No candidate (not even the input) is accepted: the input comes back unchanged.
    expect(never.trace).toEqual(trace);
    expect(never.report.search).toBe('shortest');
  });
});

describe('minimisation: the delta pass keeps the budgets it was given', () => {
  const detour: JugMove[] = [];
  for (let i = 0; i < 200; i++) detour.push(i % 2 === 0 ? 'fillSmall' : 'emptySmall');
  const trace = [...detour, ...SOLUTION];

  it('counts the candidates it executes', () => {
    const result = minimizeTrace(dieHard, trace, 'big == 4', { skipSearch: true });
    expect(result.report.afterDelta).toBe(6);
    expect(result.report.executions).toBeGreaterThan(6);
    expect(result.report.executions).toBeLessThan(2 * trace.length);
  });

  it('a budget already used up takes no candidate (the clock frozen at the deadline)', () =>
    withFakeDate(() => {
      const result = minimizeTrace(dieHard, trace, 'big == 4', { timeoutMs: 0 });
      expect(result.report).toMatchObject({ from: 206, afterDelta: 206, executions: 0, search: 'skipped' });
    }));

  it('an aborted signal takes no candidate', () => {
    const controller = new AbortController();
    controller.abort();
    const result = minimizeTrace(dieHard, trace, 'big == 4', { signal: controller.signal });
    expect(result.report).toMatchObject({ afterDelta: 206, executions: 0, search: 'skipped' });
  });
});

describe('minimisation: the search keeps the budgets it was given', () => {
  const N = 200; // about 20,000 states searched to the end
  const trace = Array.from({ length: N }, () => 'inc' as const);

  it('an abort during the search stops it (the signal reaches the search, not only the delta pass)', () => {
    const controller = new AbortController();
    const system = sideSteps(N, (count) => {
      if (count === 1000) controller.abort();
    });
    const result = minimizeTrace(system, trace, 'x == n', { signal: controller.signal, maxStates: 1_000_000 });
    expect(result.report.search).toBe('budget');
    expect(result.report.searchStates).toBeLessThan(5000);
    expect(result.trace).toHaveLength(N);
  });

  it('the time left after the delta pass bounds the search (the clock jumps an hour once it runs)', () =>
    withFakeDate(() => {
      const system = sideSteps(N, (count) => {
        if (count === 1000) jumpAnHour();
      });
      const result = minimizeTrace(system, trace, 'x == n', { timeoutMs: 60_000, maxStates: 1_000_000 });
      expect(result.report.search).toBe('budget');
      expect(result.report.searchStates).toBeLessThan(5000);
    }));

  it('without a budget the same search runs to the end and proves the trace shortest', () => {
    const result = minimizeTrace(sideSteps(N), trace, 'x == n', { maxStates: 1_000_000 });
    expect(result.report.search).toBe('shortest');
    expect(result.report.searchStates).toBeGreaterThan(19_000);
  });
});
