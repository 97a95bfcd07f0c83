import { describe, expect, it } from 'vitest';
import { collisionProbability, FingerprintSet } from '../../src/engine/fingerprints.ts';

describe('FingerprintSet', () => {
  it('knows which hashes it holds, (0, 0) as (0, 1), and visits each once', () => {
    const set = new FingerprintSet();
    for (let i = 1; i <= 100; i++) set.addHash(i, -i);
    set.addHash(0, 5);
    set.addHash(0, 0);
    expect(set.hasHash(7, -7)).toBe(true);
    expect(set.hasHash(7, 7)).toBe(false);
    expect(set.hasHash(0, 5)).toBe(true);
    expect(set.hasHash(0, 0)).toBe(true);
    expect(set.hasHash(0, 1)).toBe(true); // the same slot as (0, 0)
    expect(set.hasHash(0, 6)).toBe(false);
    const seen: string[] = [];
    set.forEachHash((h1, h2) => seen.push(`${h1},${h2}`));
    expect(seen).toHaveLength(102);
    expect(new Set(seen)).toEqual(new Set([...Array.from({ length: 100 }, (_, i) => `${i + 1},${-(i + 1)}`), '0,5', '0,1']));
  });

  it('takes a half that is 0 as it is: (5, 0) is stored, found and visited as (5, 0)', () => {
    const set = new FingerprintSet();
    expect(set.addHash(5, 0)).toBe(true);
    expect(set.hasHash(5, 0)).toBe(true);
    expect(set.hasHash(5, 1)).toBe(false);
    const seen: string[] = [];
    set.forEachHash((h1, h2) => seen.push(`${h1},${h2}`));
    expect(seen).toEqual(['5,0']);
  });

  it('matches both halves along a probe chain: the same second half under another first half is not a hit', () => {
    const set = new FingerprintSet();
    set.addHash(1, 9);
    // (65537, 9) starts probing at slot (65537 ^ 0) & 65535 = 1, where (1, 9) is.
    expect(set.hasHash(65_537, 9)).toBe(false);
    expect(set.addHash(65_537, 9)).toBe(true);
    expect(set.hasHash(65_537, 9)).toBe(true);
  });

  it('probes past a slot whose second half is 0: two hashes starting at one slot are both kept', () => {
    const set = new FingerprintSet();
    set.addHash(5, 0);
    expect(set.addHash(65_541, 0)).toBe(true); // (65541 ^ 0) & 65535 = 5: the slot of (5, 0)
    expect(set.hasHash(5, 0)).toBe(true);
    expect(set.hasHash(65_541, 0)).toBe(true);
    expect(set.size).toBe(2);
  });

  it('keeps hashes with a zero half when it grows', () => {
    const set = new FingerprintSet();
    set.addHash(5, 0);
    set.addHash(0, 5);
    for (let i = 1; i <= 40_000; i++) set.addHash(i, 7);
    expect(set.bytes).toBe(131_072 * 8);
    expect(set.hasHash(5, 0) && set.hasHash(0, 5)).toBe(true);
  });

  it('grows when more than half full, not at half', () => {
    const set = new FingerprintSet();
    for (let i = 1; i <= 32_768; i++) set.addHash(i, 1);
    expect(set.bytes).toBe(65_536 * 8);
    set.addHash(32_769, 1);
    expect(set.bytes).toBe(131_072 * 8);
    expect(set.hasHash(1, 1) && set.hasHash(32_769, 1)).toBe(true);
  });

  it('sizes its table to at least twice the hashes expected, a power of two', () => {
    const table = (expected: number) => new FingerprintSet(expected).bytes / 8; // slots of two words
    expect(table(0)).toBe(65_536);
    expect(table(32_768)).toBe(65_536); // exactly twice: big enough
    expect(table(32_769)).toBe(131_072);
    expect(table(100_000)).toBe(262_144);
  });

  it('sized up front for more hashes than its default table holds', () => {
    const set = new FingerprintSet(200_000);
    for (let i = 0; i < 1000; i++) set.add(`state-${i}`);
    expect(set.size).toBe(1000);
    expect(set.add('state-1')).toBe(false);
  });

  it('adds each distinct string once, across table growth', () => {
    const set = new FingerprintSet();
    let added = 0;
    for (let i = 0; i < 200_000; i++) if (set.add(`state-${i}`)) added++;
    expect(added).toBe(200_000);
    expect(set.size).toBe(200_000);
    let again = 0;
    for (let i = 0; i < 200_000; i++) if (set.add(`state-${i}`)) again++;
    expect(again).toBe(0);
    expect(set.add('')).toBe(true);
    expect(set.add('')).toBe(false);
    expect(set.size).toBe(200_001);
    expect(set.bytes).toBeLessThanOrEqual(200_001 * 4 * 8);
  });

  it('tells apart strings that differ in one character or by a permutation', () => {
    const set = new FingerprintSet();
    const base = 'page0:free,page1:lent,page2:free';
    expect(set.add(base)).toBe(true);
    expect(set.add('page0:free,page1:lent,page2:frez')).toBe(true);
    expect(set.add('page0:lent,page1:free,page2:free')).toBe(true);
    expect(set.add(base)).toBe(false);
  });

  it('estimates collisions as TLC does: d * (g - d) / 2^64', () => {
    expect(collisionProbability(1000, 5000)).toBeCloseTo((1000 * 4000) / 2 ** 64, 30);
    expect(collisionProbability(10, 10)).toBe(0);
  });
});
