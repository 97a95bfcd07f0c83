import { describe, expect, it } from 'vitest';
import { FingerprintSet, hashWords } from '../../src/engine/fingerprints.ts';

function hash(words: readonly number[]): [number, number] {
  const out = new Int32Array(2);
  hashWords(Int32Array.from(words), 0, words.length, out, 0);
  return [out[0]!, out[1]!];
}

describe('hashWords and FingerprintSet.addHash', () => {
  it('gives every short word sequence its own 64-bit hash', () => {
    const set = new FingerprintSet();
    let distinct = 0;
    // All sequences of length 0..3 over a few awkward words (0, -1, sign bit, large), and ranges.
    const alphabet = [0, 1, 2, -1, 0x7fffffff, -0x80000000, 12345, 1 << 16];
    const sequences: number[][] = [[]];
    for (let length = 1; length <= 3; length++) {
      for (const prefix of sequences.filter((s) => s.length === length - 1)) for (const w of alphabet) sequences.push([...prefix, w]);
    }
    for (let i = 2; i < 50_000; i++) sequences.push([i, i >> 3, -i]); // from 2: [0,0,0], [1,0,-1] are above
    for (const words of sequences) if (set.addHash(...hash(words))) distinct++;
    expect(distinct).toBe(sequences.length);
    for (const words of sequences) expect(set.addHash(...hash(words))).toBe(false);
  });

  it('hashes a sub-range like the same words on their own', () => {
    const words = Int32Array.from([9, 9, 1, 2, 3, 9]);
    const out = new Int32Array(4);
    hashWords(words, 2, 5, out, 2);
    expect([out[2], out[3]]).toEqual(hash([1, 2, 3]));
  });

  it('stores the hash (0, 0), which marks an empty slot, as a value of its own', () => {
    const set = new FingerprintSet();
    expect(set.addHash(0, 0)).toBe(true);
    expect(set.addHash(0, 0)).toBe(false);
    expect(set.size).toBe(1);
  });
});
