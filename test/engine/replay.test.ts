/**
 * replayTrace on a counter that only counts up: where the first violation is seen, what a replay
 * that keeps going after it reports, and that a complete replay names no disabled key.
 */
import { describe, expect, it } from 'vitest';
import { replayTrace } from '../../src/engine/replay.ts';
import { line } from './examples/line.ts';

/** x counts up from `start` to 5; the property breaks while x is one of `bad`. */
const counter = (bad: readonly number[], start = 0) => line({ bad, start, end: 5 });

describe('replayTrace', () => {
  it('a trace that breaks nothing: no violation, no step, no disabled key, complete', () => {
    const r = replayTrace(counter([]), ['inc', 'inc']);
    expect(r).toMatchObject({ violation: null, violationStep: null, disabled: null, complete: true });
    expect(r.states).toEqual([0, 1, 2]);
  });

  it('stops at the step whose state breaks a property, and says which step that was', () => {
    const r = replayTrace(counter([2]), ['inc', 'inc', 'inc']);
    expect(r).toMatchObject({ violation: 2, violationStep: 2, complete: false, disabled: null });
    expect(r.trace).toHaveLength(2);
  });

  it('a violation in the initial state is step 0', () => {
    expect(replayTrace(counter([0]), ['inc'])).toMatchObject({ violation: 0, violationStep: 0, complete: false });
  });

  it('continuing after a violation keeps the first one, even when later states break nothing or something else', () => {
    const r = replayTrace(counter([1, 3]), ['inc', 'inc', 'inc', 'inc'], { continueAfterViolation: true });
    expect(r).toMatchObject({ violation: 1, violationStep: 1, complete: true, disabled: null });
    expect(r.states).toEqual([0, 1, 2, 3, 4]);
  });

  it('a key not enabled where it is due stops the replay with the keys that were', () => {
    const r = replayTrace(counter([], 4), ['inc', 'inc', 'inc']);
    expect(r.disabled).toEqual({ step: 1, key: 'inc', enabled: [] });
    expect(r.complete).toBe(false);
    expect(r.trace).toHaveLength(1);
  });
});
