/** The fingerprint table the exhaustive search's worker threads share (engine/shared-fingerprints.ts). */
import { describe, expect, it } from 'vitest';
import { SharedFingerprintSet, STORED, tableSlots } from '../../src/engine/shared-fingerprints.ts';

describe('SharedFingerprintSet', () => {
  it('stores each hash once, whichever view of the buffer adds it', () => {
    const a = new SharedFingerprintSet(1 << 16);
    const b = new SharedFingerprintSet(a.buffer);
    expect(a.addHash(1, 2)).toBe(true);
    expect(b.addHash(1, 2)).toBe(false);
    expect(b.addHash(1, 3)).toBe(true); // the same first half, another second half
    expect(a.addHash(0, 0)).toBe(true); // stored as (1, 1): zero marks an empty slot
    expect(b.addHash(1, 1)).toBe(false);
  });

  it('counts a thread\'s own stores at once and another thread\'s once it flushes them', () => {
    const a = new SharedFingerprintSet(1 << 16);
    const b = new SharedFingerprintSet(a.buffer);
    for (let i = 1; i <= 10; i++) a.addHash(i, i);
    expect(a.size).toBe(10);
    expect(b.size).toBe(0);
    a.flush();
    expect(b.size).toBe(10);
    for (let i = 11; i <= 200; i++) b.addHash(i, i);
    expect(b.size).toBe(200);
    expect(a.size).toBe(10 + 128); // b flushed at its 64th and 128th store
    b.flush();
    expect(a.size).toBe(200);
  });

  it('says the level a hash was stored at to every later adder (the reduced search\'s proviso)', () => {
    const a = new SharedFingerprintSet(1 << 16);
    const b = new SharedFingerprintSet(a.buffer);
    expect(a.addHashAt(5, 6, 3)).toBe(STORED);
    expect(b.addHashAt(5, 6, 4)).toBe(3);
    expect(a.addHashAt(5, 7, 4)).toBe(STORED);
    expect(b.addHashAt(5, 7, 9)).toBe(4);
    expect(b.addHash(8, 8)).toBe(true);
    expect(a.addHashAt(8, 8, 2)).toBe(0); // addHash stores at level 0
  });

  it('a grown copy holds the same hashes, their levels, and counts them', () => {
    const a = new SharedFingerprintSet(1 << 16);
    for (let i = 1; i <= 5000; i++) a.addHashAt(i * 7919, i, i % 7);
    a.flush();
    const grown = a.grownCopy(1 << 17);
    expect(grown.slots).toBe(1 << 17);
    expect(new SharedFingerprintSet(grown.buffer).size).toBe(5000);
    for (let i = 1; i <= 5000; i++) expect(grown.addHashAt(i * 7919, i, 99)).toBe(i % 7);
    expect(grown.addHash(1, 1)).toBe(true);
  });

  it('a hash found at level 1 is not mistaken for a store', () => {
    const a = new SharedFingerprintSet(1 << 16);
    expect(a.addHashAt(3, 4, 1)).toBe(STORED);
    const again = a.addHashAt(3, 4, 2);
    expect(again).toBe(1);
    expect(again).not.toBe(STORED);
  });

  it('probes every slot of a table before it says full, and then says so', () => {
    // Two slots; (2, 1) and (4, 1) both start at slot 0 ((h1 ^ (h2 >>> 7)) & 1), so the second
    // is stored only by probing on to slot 1, and a third hash finds no slot at all.
    const tiny = new SharedFingerprintSet(2);
    expect(tiny.addHash(2, 1)).toBe(true);
    expect(tiny.addHash(4, 1)).toBe(true);
    expect(tiny.addHash(4, 1)).toBe(false);
    expect(() => tiny.addHash(6, 1)).toThrow('internal: shared fingerprint table full');
  });

  it('is nearly full past 3/4 of its slots, not at 3/4', () => {
    const set = new SharedFingerprintSet(8);
    for (let i = 1; i <= 6; i++) set.addHash(i, i);
    expect(set.size).toBe(6);
    expect(set.nearlyFull()).toBe(false);
    set.addHash(7, 7);
    expect(set.nearlyFull()).toBe(true);
  });
});

describe('tableSlots', () => {
  it('is the smallest power of two at least n, and at least 2^16', () => {
    expect(tableSlots(1)).toBe(1 << 16);
    expect(tableSlots(1 << 16)).toBe(1 << 16);
    expect(tableSlots((1 << 16) + 1)).toBe(1 << 17);
    expect(tableSlots(3_000_000)).toBe(1 << 22);
  });
});
