/** The choice sequences random mode walks by (engine/choices.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choiceSequence } from '../../src/engine/choices.ts';

const sample = (arb: fc.Arbitrary<number[]>) => fc.sample(arb, { seed: 42, numRuns: 200 });

describe('choiceSequence', () => {
  it('draws every sequence at full length, each choice in [0, choiceMax]', () => {
    const drawn = sample(choiceSequence({ length: 6, choiceMax: 2 }));
    expect(drawn.every((s) => s.length === 6)).toBe(true);
    expect(new Set(drawn.flat())).toEqual(new Set([0, 1, 2]));
  });

  it('with fullLength false, at random lengths up to length', () => {
    const lengths = new Set(sample(choiceSequence({ length: 6, choiceMax: 2, fullLength: false })).map((s) => s.length));
    expect(lengths.has(0) || lengths.has(1)).toBe(true);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(6);
    expect(lengths.size).toBeGreaterThan(3);
  });

  it('shrinks a full-length sequence towards shorter ones and smaller choices', () => {
    const arb = choiceSequence({ length: 4, choiceMax: 3 });
    const shrunk = [...arb.shrink([3, 2, 1, 3], undefined).take(50)].map((v) => v.value);
    expect(shrunk.some((s) => s.length < 4)).toBe(true);
    expect(shrunk.some((s) => s.length === 4 && s.reduce((a, b) => a + b, 0) < 9)).toBe(true);
    expect(arb.canShrinkWithoutContext([1, 2])).toBe(true);
    expect(arb.canShrinkWithoutContext([9])).toBe(false);
  });
});
