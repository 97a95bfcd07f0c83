/** A BFS level packed by the system's codec (engine/frontier.ts): order, growth, huge states, bytes. */
import { describe, expect, it } from 'vitest';
import { newFrontier } from '../../src/engine/frontier.ts';
import type { StateCodec } from '../../src/engine/types.ts';

/** number[] as its length, then its values. */
const arrays: StateCodec<number[]> = {
  encode(state, out, at) {
    if (at < out.length) out[at] = state.length;
    for (let i = 0; i < state.length; i++) if (at + 1 + i < out.length) out[at + 1 + i] = state[i]!;
    return at + 1 + state.length;
  },
  decode(words, at) {
    return Array.from(words.subarray(at + 1, at + 1 + words[at]!));
  },
};

const stateOf = (i: number) => Array.from({ length: i % 37 }, (_, k) => i * 31 + k);

describe('packed frontier', () => {
  it('gives back every state in order across its growing chunks', () => {
    const level = newFrontier(arrays);
    for (let i = 0; i < 20_000; i++) level.push(stateOf(i));
    expect(level.length).toBe(20_000);
    for (let i = 0; i < 20_000; i++) expect(level.take(i)).toEqual(stateOf(i));
  });

  it('gives a state bigger than a chunk (2^20 words) a chunk of its own', () => {
    const huge = Array.from({ length: 1_500_000 }, (_, k) => k);
    const level = newFrontier(arrays);
    level.push([1, 2]);
    level.push(huge);
    level.push([3]);
    expect(level.take(0)).toEqual([1, 2]);
    expect(level.take(1)).toEqual(huge);
    expect(level.take(2)).toEqual([3]);
  });

  it('counts its bytes: chunks and index, less each chunk read past', () => {
    const level = newFrontier(arrays);
    expect(level.bytes).toBe((1024 + 256) * 4); // the first chunk and the first index
    for (let i = 0; i < 2000; i++) level.push(stateOf(i));
    const full = level.bytes;
    expect(full).toBeGreaterThan((1024 + 256) * 4);
    for (let i = 0; i < 2000; i++) level.take(i);
    expect(level.bytes).toBeLessThan(full); // the chunks before the last one are released
    expect(newFrontier<number[]>(undefined).bytes).toBe(0);
  });

  it('grows by exact chunks: a state that fills a chunk stays in it, the next chunk is 4 times the last', () => {
    const words = (n: number) => Array.from({ length: n - 1 }, (_, k) => k); // n words with its length
    const level = newFrontier(arrays);
    const INDEX = 256 * 4;
    level.push(words(1024)); // fills the first chunk exactly
    expect(level.bytes).toBe(1024 * 4 + INDEX);
    level.push(words(4096)); // fills the second (4 x 1024) exactly
    expect(level.bytes).toBe((1024 + 4096) * 4 + INDEX);
    level.push([7]);
    expect(level.bytes).toBe((1024 + 4096 + 16_384) * 4 + INDEX);
    expect(level.take(0)).toEqual(words(1024));
    expect(level.take(1)).toEqual(words(4096));
    expect(level.take(2)).toEqual([7]);
  });
});
