import { describe, expect, it } from 'vitest';
import { exhaustiveSearch } from '../../src/engine/exhaustive.ts';
import { counterRace } from './examples/counterRace.ts';

describe('symmetricThreads: interchangeable threads', () => {
  it('a symmetry-reduced fingerprint visits fewer states, same verdict and depth', () => {
    const plain = exhaustiveSearch(counterRace({ threads: 4, increments: 1, mutex: true }));
    const reduced = exhaustiveSearch(counterRace({ threads: 4, increments: 1, mutex: true, symmetry: true }));
    expect(plain.verdict).toBe('pass');
    expect(reduced.verdict).toBe('pass');
    expect(reduced.stats.complete).toBe(true);
    expect(reduced.stats.depth).toBe(plain.stats.depth);
    expect(reduced.stats.states * 4).toBeLessThan(plain.stats.states);
  });

  it('the reduced search still finds a shortest lost update', () => {
    const plain = exhaustiveSearch(counterRace({ threads: 3, increments: 1, mutex: false }));
    const reduced = exhaustiveSearch(counterRace({ threads: 3, increments: 1, mutex: false, symmetry: true }));
    if (plain.verdict !== 'violation' || reduced.verdict !== 'violation') throw new Error('expected violations');
    expect(reduced.trace).toHaveLength(plain.trace.length);
    expect(reduced.stats.states).toBeLessThan(plain.stats.states);
  });
});
