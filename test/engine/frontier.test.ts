/**
 * The packed frontier's parcels (cutTail / adopt), which the parallel search uses to balance its
 * workers' levels: states moved between frontiers (and codecs) come out unchanged and in order, across chunk
 * boundaries (chunks start at 1,024 words and grow, so states of a few hundred words cross them).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedFrontier } from '../../src/engine/frontier.ts';
import type { StateCodec } from '../../src/engine/types.ts';

/**
 * A state is a list of numbers, packed as its length and then each number's index in this codec's
 * own numbering (first sight), as the system's codec numbers its names: words are meaningful
 * only to the codec that wrote them, and a parcel carries that codec's tables.
 */
function numberingCodec(): StateCodec<readonly number[]> {
  const values: number[] = [];
  const index = new Map<number, number>();
  const read = (table: readonly number[]) => (words: Int32Array, at: number) =>
    Array.from(words.subarray(at + 1, at + 1 + words[at]!), (i) => table[i]!);
  return {
    encode(state, out, at) {
      out[at] = state.length;
      state.forEach((v, i) => {
        if (!index.has(v)) index.set(v, values.push(v) - 1);
        out[at + 1 + i] = index.get(v)!;
      });
      return at + 1 + state.length;
    },
    decode: read(values),
    tables: () => [...values],
    foreignDecoder: (tables) => read(tables as number[]),
  };
}

const state = fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 300 });
const states = fc.array(state, { maxLength: 60 });

function filled(items: readonly (readonly number[])[]): PackedFrontier<readonly number[]> {
  const frontier = new PackedFrontier(numberingCodec());
  for (const item of items) frontier.push(item);
  return frontier;
}

function drain(frontier: PackedFrontier<readonly number[]>): (readonly number[])[] {
  return Array.from({ length: frontier.length }, (_, i) => frontier.take(i));
}

describe('PackedFrontier parcels', () => {
  it('moves the last k states to another frontier, after its own, unchanged and in order', () => {
    fc.assert(
      fc.property(states, states, fc.nat(), (giverItems, receiverItems, k) => {
        const count = giverItems.length === 0 ? 0 : k % (giverItems.length + 1);
        const giver = filled(giverItems);
        const receiver = filled(receiverItems);
        receiver.adopt(structuredClone(giver.cutTail(count))); // as posted to another thread
        const kept = giverItems.length - count;
        expect(giver.length).toBe(kept);
        expect(receiver.length).toBe(receiverItems.length + count);
        expect(drain(giver)).toEqual(giverItems.slice(0, kept));
        expect(drain(receiver)).toEqual([...receiverItems, ...giverItems.slice(kept)]);
      }),
    );
  });

  it('keeps both frontiers usable: pushes after a cut and after an adoption follow in order', () => {
    fc.assert(
      fc.property(states, states, states, fc.nat(), (giverItems, laterItems, receiverItems, k) => {
        const count = giverItems.length === 0 ? 0 : k % (giverItems.length + 1);
        const giver = filled(giverItems);
        const receiver = filled(receiverItems);
        receiver.adopt(giver.cutTail(count));
        for (const item of laterItems) {
          giver.push(item);
          receiver.push(item);
        }
        const kept = giverItems.length - count;
        expect(drain(giver)).toEqual([...giverItems.slice(0, kept), ...laterItems]);
        expect(drain(receiver)).toEqual([...receiverItems, ...giverItems.slice(kept), ...laterItems]);
      }),
    );
  });

  it('gives parcels whose arrays own their buffers (transferable) and frees what it cut', () => {
    const giver = filled(Array.from({ length: 40 }, (_, i) => Array.from({ length: 200 }, () => i)));
    const before = giver.bytes;
    const parcel = giver.cutTail(30);
    expect(parcel.chunks.length).toBeGreaterThan(1); // 30 states of 201 words span chunks
    for (const { words, starts } of parcel.chunks) {
      expect(words.byteOffset).toBe(0);
      expect(words.buffer.byteLength).toBe(words.byteLength);
      expect(starts.buffer.byteLength).toBe(starts.byteLength);
    }
    expect(parcel.chunks.reduce((sum, c) => sum + c.starts.length, 0)).toBe(30);
    expect(giver.bytes).toBeLessThan(before);
    expect(giver.cutTail(0).chunks).toEqual([]);
  });

  it('refuses to cut states it adopted (their words are another codec\'s)', () => {
    const receiver = filled([[1]]);
    receiver.adopt(filled([[2], [3]]).cutTail(1));
    expect(() => receiver.cutTail(1)).toThrow(/adopted/);
  });
});
