/** A BFS level packed by the system's codec (engine/frontier.ts): order, growth, huge states, bytes. */
import { describe, expect, it } from 'vitest';
import { newFrontier, SharedLevelReader } from '../../src/engine/frontier.ts';
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

describe('shared packed frontier (a level other threads read)', () => {
  it('shares its states in SharedArrayBuffers, read back in any order; an unshared level shares nothing', () => {
    const level = newFrontier(arrays, true);
    for (let i = 0; i < 20_000; i++) level.push(stateOf(i));
    const shared = level.share()!;
    expect(shared.count).toBe(20_000);
    expect(shared.chunks.every((chunk) => chunk instanceof SharedArrayBuffer)).toBe(true);
    expect(structuredClone(shared).chunks[0]).toBeInstanceOf(SharedArrayBuffer);
    const reader = new SharedLevelReader(structuredClone(shared), arrays);
    expect(reader.length).toBe(20_000);
    for (const i of [19_999, 0, 7_777, 1, 12_345]) expect(reader.state(i)).toEqual(stateOf(i));
    for (let i = 0; i < 20_000; i++) expect(reader.state(i)).toEqual(stateOf(i));
    expect(newFrontier(arrays).share()).toBeNull();
    expect(newFrontier<number[]>(undefined, true).share()).toBeNull();
    expect(newFrontier<number[]>(undefined, true).recycle()).toEqual([]);
    expect(newFrontier(arrays).recycle()).toEqual([]);
  });

  it('an empty shared level reads as no states', () => {
    const shared = newFrontier(arrays, true).share()!;
    expect(new SharedLevelReader(shared, arrays).length).toBe(0);
  });

  it('refuses to share a level whose chunks were released by reading it in order', () => {
    const level = newFrontier(arrays, true);
    for (let i = 0; i < 5_000; i++) level.push(stateOf(i));
    for (let i = 0; i < 5_000; i++) level.take(i);
    expect(() => level.share()).toThrow(/share\(\) after take\(\)/);
  });

  it('a new level writes over a recycled one\'s chunks before it allocates, and reads back its own states', () => {
    const old = newFrontier(arrays, true);
    for (let i = 0; i < 30_000; i++) old.push(stateOf(i));
    const chunks = old.recycle();
    expect(chunks.length).toBeGreaterThan(1);
    const buffers = new Set(chunks.map((chunk) => chunk.buffer));
    const level = newFrontier(arrays, true, chunks);
    for (let i = 0; i < 10_000; i++) level.push(stateOf(i + 1));
    const shared = level.share()!;
    for (const chunk of shared.chunks) expect(buffers.has(chunk)).toBe(true);
    const reader = new SharedLevelReader(shared, arrays);
    for (let i = 0; i < 10_000; i++) expect(reader.state(i)).toEqual(stateOf(i + 1));
    // What it did not need is recycled with it.
    expect(new Set(level.recycle().map((chunk) => chunk.buffer))).toEqual(buffers);
  });

  it('reuses a spare chunk only if it is at least the size asked for, one of exactly that size too', () => {
    const sharedWords = (n: number) => new Int32Array(new SharedArrayBuffer(4 * n));
    const tiny = sharedWords(8);
    const small = newFrontier(arrays, true, [tiny]);
    expect(small.bytes).toBe((1024 + 256) * 4); // a fresh first chunk: 8 words are too few
    small.push([1, 2, 3]);
    expect(small.share()!.chunks.includes(tiny.buffer as SharedArrayBuffer)).toBe(false);
    const exact = sharedWords(1024);
    const level = newFrontier(arrays, true, [tiny, exact]);
    level.push([4, 5]);
    expect(level.share()!.chunks[0]).toBe(exact.buffer);
    expect(new SharedLevelReader(level.share()!, arrays).state(0)).toEqual([4, 5]);
  });
});
